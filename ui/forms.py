"""Forms built from the field declarations in domain/records.py, and a dialog that saves one
through a service call off the GUI thread, showing a refusal inline without losing the input."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from domain.errors import UserError
from domain.records import ENTITIES, FieldSpec
from ui import i18n
from ui.context import AppContext
from ui.formatting import OVERDUE_FG
from ui.save_once import save_once
from ui.unsaved import UnsavedChanges

TITLE_BAR_ROOM = 140  # the window's icon and its close/maximise buttons


def fit_title(dialog: QDialog) -> None:
    """Wide enough that the title bar shows the whole title (small dialogs cut theirs)."""
    need = dialog.fontMetrics().horizontalAdvance(dialog.windowTitle()) + TITLE_BAR_ROOM
    screen = dialog.screen()
    if screen is not None:  # a 200-character address must not make it wider than the screen
        need = min(need, screen.availableGeometry().width() * 3 // 4)
    dialog.setMinimumWidth(max(dialog.minimumWidth(), need))


def error_label(parent: QWidget | None = None) -> QLabel:
    """The inline place for a refusal sentence: red text with a warning sign, hidden when empty."""
    label = QLabel(parent)
    label.setObjectName("inlineError")
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {OVERDUE_FG.name()}; font-weight: bold;")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def set_error(label: QLabel, text: str) -> None:
    label.setText(f"⚠ {text}" if text else "")
    label.setVisible(bool(text))


def show_refusal(label: QLabel, exc: BaseException) -> None:
    """The on_error rule of a form or page action: a UserError's sentence goes in `label` (what
    was typed stays); anything else is a bug and is raised again, for the error box."""
    if isinstance(exc, UserError):
        set_error(label, str(exc))
        return
    raise exc


class DateField(QDateEdit):
    """A date with a calendar popup; ISO text in and out."""

    def __init__(self, value: dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.set_iso((value or dt.date.today()).isoformat())

    def iso(self) -> str:
        return str(self.date().toString("yyyy-MM-dd"))

    def set_iso(self, text: str) -> None:
        parsed = QDate.fromString(text[:10], "yyyy-MM-dd")
        if parsed.isValid():
            self.setDate(parsed)


def make_editor(spec: FieldSpec, parent: QWidget | None = None) -> QWidget:
    if spec.kind == "longtext":
        edit = QPlainTextEdit(parent)
        edit.setTabChangesFocus(True)
        edit.setMinimumHeight(60)
        return edit
    if spec.kind == "choice" and spec.options is not None:
        combo = QComboBox(parent)
        combo.addItem("", None)
        for code, label in i18n.choice_items(spec.options):
            combo.addItem(label, code)
        return combo
    if spec.kind == "bool":
        return QCheckBox(parent)
    if spec.kind == "date":
        return DateLine(parent)
    line = QLineEdit(parent)
    line.setMaxLength(max(spec.max_len, 20))
    return line


class DateLine(QLineEdit):
    """A date that may be left empty: typed as yyyy-mm-dd or picked from a calendar (the
    button at the end, or Alt+Down)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaxLength(20)
        self.setPlaceholderText(self.tr("yyyy-mm-dd"))
        self.calendar_action = self.addAction(
            self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView),
            QLineEdit.ActionPosition.TrailingPosition,
        )
        self.calendar_action.setToolTip(self.tr("Pick a date (Alt+Down)"))
        self.calendar_action.triggered.connect(self.pick)
        QShortcut(
            QKeySequence("Alt+Down"), self, self.pick, context=Qt.ShortcutContext.WidgetShortcut
        )
        self.popup: QCalendarWidget | None = None

    def pick(self) -> QCalendarWidget:
        calendar = QCalendarWidget(self)
        calendar.setObjectName("datePopup")
        calendar.setWindowFlags(Qt.WindowType.Popup)
        typed = QDate.fromString(self.text().strip()[:10], "yyyy-MM-dd")
        calendar.setSelectedDate(typed if typed.isValid() else QDate.currentDate())

        def chosen(day: QDate) -> None:
            self.setText(day.toString("yyyy-MM-dd"))
            calendar.close()

        calendar.clicked.connect(chosen)
        calendar.activated.connect(chosen)
        calendar.move(self.mapToGlobal(self.rect().bottomLeft()))
        calendar.show()
        calendar.setFocus()
        self.popup = calendar
        return calendar


def editor_value(widget: QWidget) -> Any:
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentData()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, DateField):
        return widget.iso()
    if isinstance(widget, QLineEdit):
        return widget.text()
    raise TypeError(type(widget))


def set_editor_value(widget: QWidget, value: Any) -> None:
    if isinstance(widget, QPlainTextEdit):
        widget.setPlainText("" if value is None else str(value))
    elif isinstance(widget, QComboBox):
        index = widget.findData(value)
        widget.setCurrentIndex(max(index, 0))
    elif isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, DateField):
        if value:
            widget.set_iso(str(value))
    elif isinstance(widget, QLineEdit):
        widget.setText("" if value is None else str(value))


class FieldForm(QWidget):
    """Label + editor rows for the named fields of an entity, in the given order."""

    def __init__(
        self,
        entity: str,
        names: Sequence[str],
        parent: QWidget | None = None,
        choices: dict[str, list[tuple[str, str]]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.entity = entity
        self.layout_ = QFormLayout(self)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}  # each field's refusal, right under it
        spec = ENTITIES[entity]
        for name in names:
            field = spec.field(name)
            if choices and name in choices:
                combo = QComboBox(self)
                for code, text in choices[name]:
                    combo.addItem(text, code)
                editor: QWidget = combo
            else:
                editor = make_editor(field, self)
            editor.setObjectName(f"field_{name}")
            title = i18n.pick(field.zh, i18n.heading(field.en)) + (" *" if field.required else "")
            self.layout_.addRow(title, editor)
            self.editors[name] = editor
            error = error_label(self)
            error.setObjectName(f"error_{name}")
            self.layout_.addRow("", error)
            self.errors[name] = error

    def show_errors(self, errors: dict[str, str]) -> None:
        """Every refusal under its field at once; the first such field gets the focus."""
        for name, label in self.errors.items():
            set_error(label, errors.get(name, ""))
        first = next((self.editors[n] for n in self.editors if n in errors), None)
        if first is not None:
            first.setFocus()

    def values(self) -> dict[str, Any]:
        return {name: editor_value(editor) for name, editor in self.editors.items()}

    def set_values(self, values: dict[str, Any]) -> None:
        for name, value in values.items():
            if name in self.editors:
                set_editor_value(self.editors[name], value)


class RecordDialog(UnsavedChanges, QDialog):
    """A form whose Save runs `save(values)` off the GUI thread; a UserError is shown inline and
    the dialog stays open with everything typed; success calls `saved(result)` and closes. Esc or
    closing with changes asks 保存 / 放弃 / 继续编辑 (ui.unsaved)."""

    def __init__(
        self,
        ctx: AppContext,
        title: str,
        entity: str,
        names: Sequence[str],
        save: Callable[[dict[str, Any]], Any],
        saved: Callable[[Any], None] | None = None,
        parent: QWidget | None = None,
        choices: dict[str, list[tuple[str, str]]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setObjectName(f"{entity}Dialog")
        self._save = save
        self._saved = saved
        self.form = FieldForm(entity, names, self, choices)
        self.error = error_label(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        for keys in ("Ctrl+S", "Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.submit)
        self.setMinimumWidth(460)
        fit_title(self)

    def unsaved_snapshot(self) -> Any:
        return self.form.values()

    def submit(self) -> None:
        values = self.form.values()
        set_error(self.error, "")
        self.form.show_errors({})
        ws, entity, save = self.ctx.ws, self.form.entity, self._save

        def checked_save() -> Any:
            # Every filled-in field by its own rules first, so all refusals show at once.
            errors: dict[str, str] = {}
            for name, value in values.items():
                if value in ("", None, False):
                    continue
                try:
                    ws.validate(entity, {name: value}, partial=True)
                except UserError as exc:
                    if exc.code not in ("record_not_found", "record_deleted"):
                        errors[name] = str(exc)
            if errors:
                raise FieldRefusals(errors)
            return save(values)

        save_once(
            self.buttons,
            self.ctx.tasks,
            checked_save,
            self._done,
            self._failed,
            parent=self,
            label=self.windowTitle(),
        )

    def _done(self, result: Any) -> None:
        if self._saved is not None:
            self._saved(result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, FieldRefusals):
            self.form.show_errors(exc.errors)
            return
        if isinstance(exc, UserError):
            name = _field_named(self.form.entity, exc)
            if name in self.form.errors:
                self.form.show_errors({name: str(exc)})
                return
        show_refusal(self.error, exc)


class FieldRefusals(Exception):
    """Refusals by field name, found before anything was saved."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def _field_named(entity: str, exc: UserError) -> str:
    """The field a refusal names by its label, if it is one of the entity's."""
    label = exc.params.get("field")
    for spec in ENTITIES[entity].fields:
        if getattr(label, "zh", None) == spec.zh:
            return spec.name
    return ""
