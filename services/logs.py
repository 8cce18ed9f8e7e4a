"""What may go into a log file: where a bug happened, never the data it happened on.

An exception's message often carries the value that caused it (an ID number that failed to
parse, a name in a KeyError), so a logged traceback keeps the frames (file, line, function,
source line: code, not data) and the exception's type, and drops every message, chained ones
included. The person still sees the full text on screen (the details box) if they need it.
"""

from __future__ import annotations

import traceback


def safe_traceback(exc: BaseException) -> str:
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = traceback.format_list(traceback.extract_tb(current.__traceback__))
        parts.insert(0, "".join(frames) + f"{type(current).__module__}.{type(current).__qualname__}"
                     " (message not logged: it may hold personal data)\n")  # fmt: skip
        current = current.__cause__ or current.__context__
    return "Traceback (most recent call last):\n" + "\n".join(parts)
