"""User-facing sentences for the resettlement area."""

MESSAGES: dict[str, dict[str, str]] = {}
