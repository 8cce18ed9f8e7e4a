"""Logs hold no personal data: a bug's log entry keeps where it happened and its type, never the
exception's message (which often carries the value that caused it)."""

from __future__ import annotations

import logging
from pathlib import Path

from ui import errors

PHONE, NAME = "13812345678", "章金伟"


def test_a_logged_bug_keeps_the_place_not_the_data(tmp_path: Path) -> None:
    path = errors.setup_logging(tmp_path / "logs")
    try:
        try:
            try:
                int(f"{NAME} {PHONE}")
            except ValueError as inner:
                raise KeyError(NAME) from inner
        except KeyError as exc:
            errors.report_bug(exc)
        for handler in logging.getLogger().handlers:
            handler.flush()
        text = path.read_text(encoding="utf-8")
        assert "KeyError" in text and "ValueError" in text
        assert "test_a_logged_bug_keeps_the_place_not_the_data" in text
        assert PHONE not in text and NAME not in text
    finally:
        root = logging.getLogger()
        for handler in list(root.handlers):
            if getattr(handler, "baseFilename", "") == str(path):
                root.removeHandler(handler)
                handler.close()
