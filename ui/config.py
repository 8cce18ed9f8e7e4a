"""Per-laptop preferences of the GUI, each declared once with its type, default and label.

They live in `settings.json` in the data directory (not QSettings: that holds only window
geometry and other UI state, architecture.md convention 4).
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

log = logging.getLogger(__name__)
SETTINGS_FILE = "settings.json"
UI_STATE_FILE = "ui-state.ini"


@dataclass(frozen=True)
class Option:
    key: str
    default: Any
    zh: str
    en: str
    choices: tuple[tuple[Any, str], ...] = ()


LANGUAGE = Option("language", "zh", "界面语言", "Language", (("zh", "简体中文"), ("en", "English")))
# Minutes without input before the lock screen covers the window; 0 = never.
IDLE_LOCK_MINUTES = Option(
    "idle_lock_minutes",
    10,
    "无操作多久后锁定",
    "Lock when idle for",
    ((0, "0"), (5, "5"), (10, "10"), (15, "15"), (30, "30"), (60, "60")),
)
OPTIONS = {option.key: option for option in (LANGUAGE, IDLE_LOCK_MINUTES)}


class Config:
    """The preferences file: read once, written whole (temp file + rename)."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / SETTINGS_FILE
        self._values: dict[str, Any] = {}
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(loaded, dict):
                self._values = loaded
        except FileNotFoundError:
            pass
        except (OSError, ValueError):
            log.warning("unreadable %s; using defaults", self.path, exc_info=True)

    def get(self, option: Option) -> Any:
        value = self._values.get(option.key, option.default)
        if option.choices and value not in [code for code, _ in option.choices]:
            return option.default
        return value

    def set(self, option: Option, value: Any) -> None:
        self._values[option.key] = value
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temp = self.path.with_suffix(".tmp")
        temp.write_text(json.dumps(self._values, ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(temp, self.path)


def ui_state(data_dir: Path) -> QSettings:
    """Window geometry, splitters, column widths: an ini file beside the database."""
    return QSettings(str(data_dir / UI_STATE_FILE), QSettings.Format.IniFormat)
