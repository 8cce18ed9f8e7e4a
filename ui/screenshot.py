"""`--screenshot FILE`: start as usual, save a picture of the first window shown, then quit.

What a district IT office runs once after installing ("does the window start on this laptop?"),
what the package smoke test runs offscreen, and a way to take documentation screenshots. Whatever
window comes first (password, first-run setup or the main window) is the one saved.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

log = logging.getLogger(__name__)
POLL_MS = 100
SETTLE_MS = 500  # let the first paint and the first background reads finish


def arm(app: QApplication, path: Path) -> None:
    """Watch for the first visible top-level window; save it to `path` and close everything."""

    def first_window() -> QWidget | None:
        shown = [w for w in app.topLevelWidgets() if w.isVisible() and w.isWindow()]
        return shown[-1] if shown else None

    def save() -> None:
        window = first_window()
        if window is None:
            return
        if not window.grab().save(str(path)):
            log.error("could not save the screenshot to %s", path)
        app.closeAllWindows()
        app.quit()

    def poll() -> None:
        if first_window() is None:
            QTimer.singleShot(POLL_MS, poll)
        else:
            QTimer.singleShot(SETTLE_MS, save)

    QTimer.singleShot(POLL_MS, poll)
