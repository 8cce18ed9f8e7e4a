"""User-facing sentences for the reports area."""

MESSAGES: dict[str, dict[str, str]] = {}
