"""How the GUI shows failures (architecture.md convention 2).

A UserError is one sentence in the UI's language, shown inline or in a message box. Anything else
is a bug: logged with its traceback to the log file in the data directory and shown in a box
whose details hold the traceback. Message boxes are opened non-blocking (`open()`), so a failure
never stops an event loop that is saving the user's work.
"""

from __future__ import annotations

import logging
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from domain.errors import UserError
from services.logs import safe_traceback

log = logging.getLogger("doorstep")
_log_file: Path | None = None


def setup_logging(log_dir: Path) -> Path:
    """Log warnings and bugs to doorstep.log (rotated at 1 MB, 3 kept)."""
    global _log_file
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / "doorstep.log"
    root = logging.getLogger()
    if not any(getattr(h, "baseFilename", None) == str(path) for h in root.handlers):
        handler = RotatingFileHandler(path, maxBytes=1 << 20, backupCount=3, encoding="utf-8")
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s")
        )
        root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    _log_file = path
    return path


def log_file() -> Path | None:
    return _log_file


def format_exception(exc: BaseException) -> str:
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))


def message_for(exc: BaseException) -> str:
    """The one sentence a person reads for a UserError; a generic sentence for a bug."""
    if isinstance(exc, UserError):
        return str(exc)
    return QCoreApplication.translate(
        "Errors", "Something went wrong inside Doorstep. Nothing you typed was thrown away."
    )


def report_bug(exc: BaseException) -> None:
    # No exception message in the log file: it may hold personal data (services/logs.py).
    log.error("bug: %s\n%s", type(exc).__name__, safe_traceback(exc))


# Boxes without a parent widget: Qt owns nothing of them, so they are kept here until closed
# (otherwise Python collects the box at once and the person never sees the sentence).
_unowned_boxes: set[QMessageBox] = set()


def show_error(parent: QWidget | None, exc: BaseException) -> QMessageBox:
    """Show `exc` in a message box, logging it first when it is a bug. A refusal already on
    screen in a box is not shown again (many pages refused at once say it once)."""
    if isinstance(exc, UserError):
        text = message_for(exc)
        for shown in _visible_error_boxes():
            if shown.text() == text:
                return shown
    box = QMessageBox(parent or QApplication.activeWindow())
    if box.parent() is None:
        _unowned_boxes.add(box)
        box.finished.connect(lambda _result: _unowned_boxes.discard(box))
    box.setWindowTitle(QCoreApplication.translate("Errors", "Doorstep"))
    box.setText(message_for(exc))
    if isinstance(exc, UserError):
        box.setIcon(QMessageBox.Icon.Warning)
    else:
        report_bug(exc)
        box.setIcon(QMessageBox.Icon.Critical)
        where = str(_log_file) if _log_file else "-"
        box.setInformativeText(
            QCoreApplication.translate("Errors", "The details were written to %1.").replace(
                "%1", where
            )
        )
        box.setDetailedText(format_exception(exc))
    box.setObjectName("errorBox")
    box.open()
    return box


def _visible_error_boxes() -> list[QMessageBox]:
    return [
        widget
        for widget in QApplication.allWidgets()
        if isinstance(widget, QMessageBox)
        and widget.objectName() == "errorBox"
        and widget.isVisible()
    ]


def install_excepthook() -> None:
    """Exceptions escaping a Qt slot would otherwise only reach stderr."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        exc.__traceback__ = tb
        parent = QApplication.activeWindow()
        show_error(parent, exc)

    sys.excepthook = hook
