"""User-facing sentences for the sync area."""

MESSAGES: dict[str, dict[str, str]] = {}
