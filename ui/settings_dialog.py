"""Settings: the interface language, applied at once (the main window is built again in it)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ui import config, i18n
from ui.context import AppContext


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
        note = QLabel(self.tr("A new language takes effect at once."), self)
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(i18n.pick(config.LANGUAGE.zh, config.LANGUAGE.en), self.language)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def accept(self) -> None:
        chosen = self.language.currentData()
        changed = chosen != self.ctx.config.get(config.LANGUAGE)
        self.ctx.config.set(config.LANGUAGE, chosen)
        super().accept()
        if changed:
            self.language_chosen.emit(chosen)
