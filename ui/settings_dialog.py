"""Settings: the interface language, applied at once (the main window is built again in it)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui import config, i18n
from ui.context import AppContext
from ui.password_dialog import ChangePasswordDialog


class SettingsDialog(QDialog):
    # a different language was chosen and saved: the main window switches to it
    language_chosen = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.ctx = ctx
        self.setWindowTitle(self.tr("Settings"))
        self.language = QComboBox(self)
        self.language.setObjectName("languageCombo")
        for code, text in config.LANGUAGE.choices:
            self.language.addItem(text, code)
        self.language.setCurrentIndex(
            max(self.language.findData(ctx.config.get(config.LANGUAGE)), 0)
        )
        self.idle_lock = QComboBox(self)
        self.idle_lock.setObjectName("idleLockCombo")
        for minutes, _text in config.IDLE_LOCK_MINUTES.choices:
            label = (
                self.tr("Never")
                if minutes == 0
                else self.tr("%1 minutes").replace("%1", str(minutes))
            )
            self.idle_lock.addItem(label, minutes)
        self.idle_lock.setCurrentIndex(
            max(self.idle_lock.findData(ctx.config.get(config.IDLE_LOCK_MINUTES)), 0)
        )
        self.password_button = QPushButton(self.tr("Change password…"), self)
        self.password_button.setObjectName("changePasswordButton")
        self.password_button.clicked.connect(self.change_password)
        note = QLabel(self.tr("A new language takes effect at once."), self)
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(i18n.pick(config.LANGUAGE.zh, config.LANGUAGE.en), self.language)
        form.addRow(
            i18n.pick(config.IDLE_LOCK_MINUTES.zh, config.IDLE_LOCK_MINUTES.en), self.idle_lock
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.password_button)
        layout.addWidget(buttons)

    def change_password(self) -> ChangePasswordDialog:
        dialog = ChangePasswordDialog(self.ctx, self)
        dialog.open()
        return dialog

    def accept(self) -> None:
        chosen = self.language.currentData()
        changed = chosen != self.ctx.config.get(config.LANGUAGE)
        self.ctx.config.set(config.LANGUAGE, chosen)
        minutes = int(self.idle_lock.currentData())
        self.ctx.config.set(config.IDLE_LOCK_MINUTES, minutes)
        lock = getattr(self.parent(), "idle_lock", None)
        if lock is not None:
            lock.set_minutes(minutes)  # at once, not at the next start
        super().accept()
        if changed:
            self.language_chosen.emit(chosen)
