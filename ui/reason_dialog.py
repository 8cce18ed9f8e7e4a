"""Asking why: voiding a visit (作废), deleting a household (注销), moving a state back (退回).
The reason is required; an empty one is refused under the box and the dialog stays open."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ui.forms import error_label, fit_title, set_error
from ui.unsaved import UnsavedChanges


class ReasonDialog(UnsavedChanges, QDialog):
    """`given(reason)` is emitted on OK with a non-empty reason; the dialog then closes. Esc with
    a reason typed asks 保存 / 放弃 / 继续编辑 (ui.unsaved): a paragraph is not lost to one key."""

    given = Signal(str)
    MAX_LEN = 4000

    def __init__(self, title: str, prompt: str, action: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reasonDialog")
        self.setWindowTitle(title)
        self.prompt = QLabel(prompt, self)
        self.prompt.setWordWrap(True)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("reasonText")
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(80)
        self.error = error_label(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(action)
        ok.setObjectName("reasonOk")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.submit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        fit_title(self)
        self.text.setFocus()

    def unsaved_snapshot(self) -> str:
        return self.text.toPlainText()

    def reason(self) -> str:
        return self.text.toPlainText().strip()

    def submit(self) -> None:
        reason = self.reason()
        if not reason:
            set_error(self.error, self.tr("Please give a reason."))
            self.text.setFocus()
            return
        if len(reason) > self.MAX_LEN:
            set_error(
                self.error,
                self.tr("The reason must be at most %1 characters.").replace(
                    "%1", str(self.MAX_LEN)
                ),
            )
            return
        self.given.emit(reason)
        self.accept()
