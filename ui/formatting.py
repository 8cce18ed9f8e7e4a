"""Turning stored values into the text, colours and icons the GUI shows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QTextBoundaryFinder
from PySide6.QtGui import QColor

from domain.hlc import wall_ms

OVERDUE_FG = QColor("#b3261e")  # dark red: readable on white, not the only cue (an icon too)
OVERDUE_BG = QColor("#fde8e6")
ESCALATED_BG = QColor("#fff4d6")
MUTED_FG = QColor("#5f6368")


def today() -> dt.date:
    return dt.date.today()


def date_text(value: Any) -> str:
    return "" if value in (None, "") else str(value)[:10]


def is_past(value: Any, on: dt.date | None = None) -> bool:
    return bool(value) and str(value)[:10] < (on or today()).isoformat()


def hlc_text(hlc: int) -> str:
    when = dt.datetime.fromtimestamp(wall_ms(hlc) / 1000)
    return when.strftime("%Y-%m-%d %H:%M")


def value_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | dict):
        import json

        return json.dumps(value, ensure_ascii=False)
    return str(value)


ZERO_WIDTH_SPACE = "\u200b"
LONGEST_UNBROKEN = 12  # characters a shown line may run without a place to break (~100 px)


def breakable(text: str, longest: int = LONGEST_UNBROKEN) -> str:
    """`text` with a zero-width space every `longest` characters inside runs where no line break
    is allowed (4 000 letters without a space, a pasted hash): a word-wrapped label then wraps
    instead of pushing its pane past the window's edge. Ordinary text is returned unchanged;
    breaks go between whole characters (an emoji sequence is never split)."""
    if len(text) <= longest:
        return text
    lines = _boundaries(QTextBoundaryFinder.BoundaryType.Line, text)
    graphemes = _boundaries(QTextBoundaryFinder.BoundaryType.Grapheme, text)
    breaks: list[int] = []
    start = 0
    for end in lines:
        if end - start > longest:
            last = start
            for position in graphemes:
                if start < position < end and position - last >= longest:
                    breaks.append(position)
                    last = position
        start = end
    if not breaks:
        return text
    pieces, last = [], 0
    for position in breaks:
        pieces.append(text[last:position])
        last = position
    pieces.append(text[last:])
    return ZERO_WIDTH_SPACE.join(pieces)


def clipped(text: str, most: int) -> str:
    """`text` cut to about `most` characters with "…", between whole characters."""
    if len(text) <= most:
        return text
    cut = max(
        (p for p in _boundaries(QTextBoundaryFinder.BoundaryType.Grapheme, text) if p <= most - 1),
        default=0,
    )
    return text[:cut] + "…"


def _boundaries(kind: QTextBoundaryFinder.BoundaryType, text: str) -> list[int]:
    """Boundary positions of `kind` as indexes into `text` (Qt counts UTF-16 units)."""
    index_of: dict[int, int] = {}
    unit = 0
    for index, char in enumerate(text):
        index_of[unit] = index
        unit += 2 if ord(char) > 0xFFFF else 1
    index_of[unit] = len(text)
    finder = QTextBoundaryFinder(kind, text)
    found: list[int] = []
    position = finder.toNextBoundary()
    while position != -1:
        if position in index_of:
            found.append(index_of[position])
        position = finder.toNextBoundary()
    if not found or found[-1] != len(text):
        found.append(len(text))
    return found
