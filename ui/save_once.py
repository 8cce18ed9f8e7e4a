"""One save at a time from a dialog. A save runs off the GUI thread, so a second Enter, Ctrl+S or
click (or Esc → 保存) could start the same save again before the first answered: two households,
a redemption recorded twice, a password changed twice. While a dialog's save runs its buttons
are disabled, and a save asked for then starts nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from ui.tasks import Tasks


def save_once(
    buttons: QWidget,
    tasks: Tasks,
    work: Callable[[], Any],
    done: Callable[[Any], object],
    failed: Callable[[BaseException], object],
    *,
    parent: QWidget,
    label: str | None = None,
) -> bool:
    """Run `work` unless a save from `buttons` is already running (then nothing: False). The
    buttons are disabled while it runs and enabled again before `done` or `failed` is called."""
    if not buttons.isEnabled():
        return False
    buttons.setEnabled(False)

    def finish() -> None:
        if isValid(buttons):
            buttons.setEnabled(True)

    def succeeded(result: Any) -> None:
        finish()
        done(result)

    def refused(exc: BaseException) -> None:
        finish()
        failed(exc)

    tasks.run(work, succeeded, refused, parent=parent, label=label)
    return True
