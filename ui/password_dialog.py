"""Changing this computer's password: the old one, the new one twice. The database key and the
device keys are rewrapped together off the GUI thread; the database is not rewritten."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from domain.errors import UserError
from services import security
from ui.context import AppContext
from ui.forms import error_label, set_error
from ui.save_once import save_once


class ChangePasswordDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changePasswordDialog")
        self.ctx = ctx
        self.changed = False
        self.setWindowTitle(self.tr("Change password"))
        self.old, self.new, self.again = QLineEdit(self), QLineEdit(self), QLineEdit(self)
        for name, edit in (("oldPassword", self.old), ("newPassword", self.new),
                           ("newPasswordAgain", self.again)):  # fmt: skip
            edit.setObjectName(name)
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("Current password:"), self.old)
        form.addRow(self.tr("New password:"), self.new)
        form.addRow(self.tr("Type it again:"), self.again)
        self.error = error_label(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        old, new = self.old.text(), self.new.text()
        try:
            security.check_new_password(new)
            if self.again.text() != new:
                raise UserError("db_password_mismatch")
        except UserError as exc:
            self._say(str(exc))
            return
        self._say("")
        db_path = self.ctx.db_path
        save_once(
            self.buttons,
            self.ctx.tasks,
            lambda: security.change_password(db_path, old, new),
            self._done,
            self._refused,
            parent=self,
            label=self.tr("Changing the password…"),
        )

    def _done(self, _result: object) -> None:
        self.changed = True
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        if not isinstance(exc, UserError):
            raise exc
        self._say(str(exc))

    def _say(self, text: str) -> None:
        """A sentence under the fields; the dialog grows to show it whole."""
        set_error(self.error, text)
        self.adjustSize()
