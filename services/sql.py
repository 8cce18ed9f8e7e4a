"""SQL the services build from a caller's filters: one `AND column = ?` per filter given."""

from __future__ import annotations

from typing import Any


def equal_filters(*conditions: tuple[str, Any]) -> tuple[str, list[Any]]:
    """`" AND column = ?"` for each (column, value) whose value is given (not None or empty),
    and those values in order; filters left out match everything."""
    given = [(column, value) for column, value in conditions if value]
    return "".join(f" AND {column} = ?" for column, _ in given), [value for _, value in given]
