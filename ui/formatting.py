"""Turning stored values into the text, colours and icons the GUI shows."""

from __future__ import annotations

import datetime as dt
from typing import Any

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
