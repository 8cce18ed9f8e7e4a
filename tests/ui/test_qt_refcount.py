"""PySide6 6.12.0 under Python 3.11 dropped a reference to None on every void call and aborted
the process after a few thousand calls; pyproject pins 6.11. This fails if that comes back."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_void_calls_keep_none_alive(qtbot) -> None:  # type: ignore[no-untyped-def]
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(1000):
        label.setText("入户通")
        label.update()
    assert abs(sys.getrefcount(None) - before) < 50
