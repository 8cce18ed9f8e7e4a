"""Nothing typed is lost without asking: a dialog holding changes answers Esc or its close button
with 保存 / 放弃 / 继续编辑 instead of closing.

A dialog opts in with `UnsavedChanges`: it says what it held when shown (`unsaved_snapshot`) and
how to save (`submit`); the mixin's `reject` (Esc, Cancel, the window's close button — QDialog
routes closeEvent through reject) asks when the snapshot changed. The question box is opened
window-modal and answered through signals, so nothing blocks the event loop.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QMessageBox
from shiboken6 import isValid


class UnsavedChanges:
    """Mixin for a QDialog (put it first in the bases)."""

    unsaved_box: QMessageBox | None = None
    _unsaved_initial: Any = None
    _unsaved_discarding = False

    def unsaved_snapshot(self) -> Any:
        raise NotImplementedError

    def submit(self) -> None:
        raise NotImplementedError

    def has_unsaved_changes(self) -> bool:
        return (
            self._unsaved_initial is not None and self.unsaved_snapshot() != self._unsaved_initial
        )

    def showEvent(self, event: QShowEvent) -> None:
        if self._unsaved_initial is None:
            self._unsaved_initial = self.unsaved_snapshot()
        super().showEvent(event)  # type: ignore[misc]

    def reject(self) -> None:
        if self._unsaved_discarding or not self.has_unsaved_changes():
            super().reject()  # type: ignore[misc]
            return
        box = self.unsaved_box
        if box is not None and isValid(box) and box.isVisible():
            return
        self.unsaved_box = ask_unsaved(self, self._unsaved_answer)  # type: ignore[arg-type]

    def _unsaved_answer(self, choice: str) -> None:
        if choice == "save":
            self.submit()
        elif choice == "discard":
            self._unsaved_discarding = True
            self.reject()


def ask_unsaved(dialog: QDialog, answer: Any) -> QMessageBox:
    """Open the 保存 / 放弃 / 继续编辑 question over `dialog`; `answer("save"|"discard"|"keep")`."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        QCoreApplication.translate("Unsaved", "Unsaved changes"),
        QCoreApplication.translate("Unsaved", "You have changed this form. Save the changes?"),
        QMessageBox.StandardButton.NoButton,
        dialog,
    )
    box.setObjectName("unsavedBox")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    save = box.addButton(
        QCoreApplication.translate("Unsaved", "Save"), QMessageBox.ButtonRole.AcceptRole
    )
    save.setObjectName("unsavedSave")
    discard = box.addButton(
        QCoreApplication.translate("Unsaved", "Discard"), QMessageBox.ButtonRole.DestructiveRole
    )
    discard.setObjectName("unsavedDiscard")
    keep = box.addButton(
        QCoreApplication.translate("Unsaved", "Keep editing"), QMessageBox.ButtonRole.RejectRole
    )
    keep.setObjectName("unsavedKeep")
    box.setDefaultButton(save)
    box.setEscapeButton(keep)

    def finished(_result: int) -> None:
        clicked = box.clickedButton()
        answer("save" if clicked is save else "discard" if clicked is discard else "keep")

    box.finished.connect(finished)
    box.open()
    return box
