"""Editing one household: its details (every field of domain.records.HOUSEHOLD that is not
managed by a dedicated service), its members, and its resettlement — house tickets and flats.

Each field gets the widget of its kind (text, number, date with a calendar, choice, yes/no,
several choices); ID and phone numbers stay masked until the person chooses to change one, and
revealing it records the audit event (Workspace.reveal). Only the fields a person changed are
saved, so an old value that today's rules would refuse never blocks an unrelated correction.

Saving runs off the GUI thread: every changed field is checked by the domain rules first and each
refusal is shown as its one sentence under its own field; nothing is written unless all pass, and
the dialog keeps everything typed. The 安置 panel lists the household's tickets (balance,
expiry), their uses and its flats, with 出具房票 (ui.dialogs.tickets.IssueTicketDialog) and
分配房源 (ChooseFlatDialog: a free or reserved flat of the household's district)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from domain import privacy
from domain.choices import FLAT_STATES, TICKET_STATES, TICKET_USE_KINDS
from domain.errors import Label, UserError
from domain.records import ENTITIES, FieldSpec
from domain.tickets import tiers_text
from services import flats, households
from services.tickets import TicketSummary
from services.workspace import Workspace
from ui import formatting, i18n
from ui.context import AppContext
from ui.dialogs.flats import AllocationDialog
from ui.formatting import ESCALATED_BG, MUTED_FG, date_text, value_text
from ui.forms import error_label, fit_title, set_error, show_refusal
from ui.save_once import save_once
from ui.unsaved import UnsavedChanges
from ui.widgets import drawn_heading_width, fit_columns, record_table, shared_widths

# The household's editable fields in sections (the left column, then the right one).
HOUSEHOLD_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "basic",
        (
            "project_id",
            "district",
            "sub_district",
            "building",
            "unit",
            "room",
            "address",
            "head_name",
            "head_id_number",
            "phone",
            "caseworker",
            "attitude",
            "risk_flags",
        ),
    ),
    (
        "house",
        (
            "registered_area",
            "measured_area",
            "approved_use",
            "actual_use",
            "ownership_dispute",
            "area_dispute",
            "enterprise_name",
            "uscc",
        ),
    ),
    (
        "compensation",
        (
            "compensation_mode",
            "compensation_amount",
            "compensation_paid",
            "assessed_price",  # valuation inputs of an estimate (ui/estimate_tab.py)
            "assessed_value",
            "decoration_grade",
            "valued_on",
            "signed_on",
            "vacated_on",
            "handed_over_on",
            "demolished_on",
            "housed_on",
        ),
    ),
    ("notes", ("notes",)),
)
MEMBER_FIELDS = (
    "name",
    "relation",
    "id_number",
    "phone",
    "ownership_role",
    "share_pct",
    "special_groups",
)
EXPIRY_WARNING_DAYS = 30


def editable_household_fields() -> list[str]:
    """Every household field a person may set here: all but the managed ones (the state)."""
    return [f.name for f in ENTITIES["household"].fields if not f.managed]


def section_title(key: str) -> str:
    return {
        "basic": QCoreApplication.translate("HouseholdEdit", "Basic information"),
        "house": QCoreApplication.translate("HouseholdEdit", "House and enterprise"),
        "compensation": QCoreApplication.translate("HouseholdEdit", "Compensation and progress"),
        "notes": QCoreApplication.translate("HouseholdEdit", "Notes"),
        "member": QCoreApplication.translate("HouseholdEdit", "Household member"),
    }[key]


# checking and saving (these run on a pool thread) ----------------------------------------------
class FieldErrors(Exception):
    """Refusals by field: field name → the one sentence to show under it."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def check_fields(ws: Workspace, entity: str, raw: dict[str, Any]) -> dict[str, str]:
    """Each value by the domain rules on its own, so every refusal is found at once."""
    spec = ENTITIES[entity]
    errors: dict[str, str] = {}
    for name, value in raw.items():
        field = spec.field(name)
        try:
            checked = ws.validate(entity, {name: value}, partial=True)
        except UserError as exc:
            errors[name] = str(exc)
            continue
        if field.required and checked.get(name) in (None, ""):
            errors[name] = str(UserError("required", field=Label(field.zh, field.en)))
    return errors


def field_of(entity: str, exc: UserError) -> str | None:
    """The field a refusal names (its `field` parameter), if it is one of the entity's."""
    label = exc.params.get("field")
    if isinstance(label, Label):
        for spec in ENTITIES[entity].fields:
            if spec.zh == label.zh:
                return spec.name
    return None


def _refused_by_field(entity: str, fn: Callable[[], Any]) -> Any:
    try:
        return fn()
    except UserError as exc:
        name = field_of(entity, exc)
        if name is None:
            raise
        raise FieldErrors({name: str(exc)}) from exc


def save_changes(ws: Workspace, entity: str, record_id: str, raw: dict[str, Any]) -> int:
    """Set the changed fields of a record if every one passes; returns how many changed."""
    errors = check_fields(ws, entity, raw)
    if errors:
        raise FieldErrors(errors)
    return int(_refused_by_field(entity, lambda: ws.update(entity, record_id, raw)))


def add_member(ws: Workspace, household_id: str, raw: dict[str, Any]) -> str:
    """A new member of the household if every field passes."""
    errors = check_fields(ws, "member", raw)
    if "name" not in raw and "name" not in errors:
        field = ENTITIES["member"].field("name")
        errors["name"] = str(UserError("required", field=Label(field.zh, field.en)))
    if errors:
        raise FieldErrors(errors)
    return str(_refused_by_field("member", lambda: households.add_member(ws, household_id, raw)))


# editors ----------------------------------------------------------------------------------------
class FieldEditor:
    """One field's widget: `raw()` is what goes to validation, `set()` fills it, `changed()`
    says whether the person altered it since then."""

    UNCHANGED: Any = object()

    def __init__(self, spec: FieldSpec, widget: QWidget, focus: QWidget | None = None) -> None:
        self.spec = spec
        self.widget = widget
        self.focus_widget = focus or widget
        self.initial: Any = None

    def raw(self) -> Any:
        raise NotImplementedError

    def show(self, value: Any) -> None:
        raise NotImplementedError

    def set(self, value: Any) -> None:
        self.show(value)
        self.initial = self.raw()

    def changed(self) -> bool:
        current = self.raw()
        return current is not self.UNCHANGED and current != self.initial


class LineEditor(FieldEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget) -> None:
        line = QLineEdit(parent)
        line.setMaxLength(max(spec.max_len, 40))
        if spec.kind in ("int", "float", "money", "area"):
            line.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            line.setMaximumWidth(220)
        super().__init__(spec, line)
        self.line = line

    def raw(self) -> Any:
        return self.line.text().strip()

    def show(self, value: Any) -> None:
        if value is None or value == "":
            text = ""
        elif self.spec.kind == "money" and isinstance(value, int | float):
            text = f"{value:,.2f}"
        else:
            text = value_text(value)
        self.line.setText(text)


class TextEditor(FieldEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget) -> None:
        edit = QPlainTextEdit(parent)
        edit.setTabChangesFocus(True)
        edit.setMinimumHeight(56)
        edit.setMaximumHeight(90)
        super().__init__(spec, edit)
        self.edit = edit

    def raw(self) -> Any:
        return self.edit.toPlainText()

    def show(self, value: Any) -> None:
        self.edit.setPlainText("" if value is None else str(value))


class ComboEditor(FieldEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget, items: list[tuple[str, str]]) -> None:
        combo = QComboBox(parent)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        if not spec.required:
            combo.addItem("", None)
        for code, text in items:
            combo.addItem(text, code)
        super().__init__(spec, combo)
        self.combo = combo

    def raw(self) -> Any:
        return self.combo.currentData()

    def show(self, value: Any) -> None:
        index = self.combo.findData(value)
        if index < 0 and value:
            self.combo.addItem(str(value), value)  # a code this list does not know: keep it
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(max(index, 0))


class BoolEditor(FieldEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget) -> None:
        box = QCheckBox(QCoreApplication.translate("HouseholdEdit", "Yes"), parent)
        super().__init__(spec, box)
        self.box = box

    def raw(self) -> Any:
        return self.box.isChecked()

    def show(self, value: Any) -> None:
        self.box.setChecked(bool(value))


class ChoicesEditor(FieldEditor):
    """Several codes of a closed list (special groups) as check boxes."""

    def __init__(self, spec: FieldSpec, parent: QWidget) -> None:
        holder = QWidget(parent)
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        assert spec.options is not None
        for code, text in i18n.choice_items(spec.options):
            box = QCheckBox(text, holder)
            box.setObjectName(f"choice_{code}")
            self.boxes[code] = box
            row.addWidget(box)
        row.addStretch(1)
        super().__init__(spec, holder, next(iter(self.boxes.values()), holder))

    def raw(self) -> Any:
        return sorted(code for code, box in self.boxes.items() if box.isChecked())

    def show(self, value: Any) -> None:
        codes = value
        if isinstance(value, str):
            try:
                codes = json.loads(value) if value.startswith("[") else [value]
            except ValueError:
                codes = []
        chosen = set(codes or [])
        for code, box in self.boxes.items():
            box.setChecked(code in chosen)


class DateEditor(FieldEditor):
    """A date typed as text (empty allowed) or picked from a calendar."""

    def __init__(self, spec: FieldSpec, parent: QWidget) -> None:
        holder = QWidget(parent)
        self.line = QLineEdit(holder)
        self.line.setPlaceholderText(QCoreApplication.translate("HouseholdEdit", "yyyy-mm-dd"))
        self.line.setMaximumWidth(150)
        self.button = QToolButton(holder)
        self.button.setObjectName("calendarButton")
        self.button.setArrowType(Qt.ArrowType.DownArrow)
        self.button.setToolTip(QCoreApplication.translate("HouseholdEdit", "Choose from calendar"))
        self.button.clicked.connect(self._pop_calendar)
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.line)
        row.addWidget(self.button)
        row.addStretch(1)
        super().__init__(spec, holder, self.line)

    def raw(self) -> Any:
        return self.line.text().strip()

    def show(self, value: Any) -> None:
        self.line.setText(date_text(value))

    def _pop_calendar(self) -> None:
        menu = QMenu(self.widget)
        calendar = QCalendarWidget(menu)
        calendar.setGridVisible(True)
        shown = QDate.fromString(self.raw()[:10], "yyyy-MM-dd")
        if not shown.isValid():
            today = formatting.today()
            shown = QDate(today.year, today.month, today.day)
        calendar.setSelectedDate(shown)
        action = QWidgetAction(menu)
        action.setDefaultWidget(calendar)
        menu.addAction(action)

        def picked(day: QDate) -> None:
            self.line.setText(day.toString("yyyy-MM-dd"))
            menu.close()

        calendar.clicked.connect(picked)
        calendar.activated.connect(picked)
        menu.popup(self.button.mapToGlobal(self.button.rect().bottomLeft()))
        calendar.setFocus()


class SensitiveEditor(FieldEditor):
    """An ID or phone number: masked and read-only until the person chooses to change it; then
    the full number is fetched through Workspace.reveal (the showing is logged) and can be
    edited. An empty field is editable straight away: there is nothing to reveal."""

    def __init__(self, spec: FieldSpec, parent: QWidget, ctx: AppContext) -> None:
        holder = QWidget(parent)
        self.ctx = ctx
        self.entity = ""
        self.record_id = ""
        self.line = QLineEdit(holder)
        self.line.setMaxLength(40)
        self.button = QToolButton(holder)
        self.button.setObjectName("changeSensitive")
        self.button.setText(QCoreApplication.translate("HouseholdEdit", "Change"))
        self.button.setToolTip(
            QCoreApplication.translate(
                "HouseholdEdit", "Show the full number to change it (this is recorded)"
            )
        )
        self.button.clicked.connect(self.reveal)
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.line, 1)
        row.addWidget(self.button)
        self.revealed = True
        super().__init__(spec, holder, self.line)

    def bind(self, entity: str, record_id: str) -> None:
        self.entity, self.record_id = entity, record_id

    def raw(self) -> Any:
        return self.line.text().strip() if self.revealed else self.UNCHANGED

    def show(self, value: Any) -> None:
        hidden = bool(value) and bool(self.record_id)
        self.revealed = not hidden
        self.line.setReadOnly(hidden)
        self.line.setText(str(privacy.mask(self.spec, value) or "") if hidden else value or "")
        self.button.setVisible(hidden)
        self.button.setEnabled(True)

    def reveal(self) -> None:
        ws, entity, record_id, name = self.ctx.ws, self.entity, self.record_id, self.spec.name
        self.button.setEnabled(False)
        self.ctx.tasks.run(
            lambda: ws.reveal(entity, record_id, name),
            self._shown,
            self._failed,
            parent=self.widget,
        )

    def _shown(self, value: Any) -> None:
        text = "" if value is None else str(value)
        self.revealed = True
        self.initial = text
        self.line.setReadOnly(False)
        self.line.setText(text)
        self.button.hide()
        self.line.setFocus()
        self.line.selectAll()

    def _failed(self, exc: BaseException) -> None:
        self.button.setEnabled(True)
        raise exc


def make_field_editor(
    ctx: AppContext,
    spec: FieldSpec,
    parent: QWidget,
    choices: dict[str, list[tuple[str, str]]] | None = None,
) -> FieldEditor:
    if choices and spec.name in choices:
        return ComboEditor(spec, parent, choices[spec.name])
    if privacy.is_masked(spec):
        return SensitiveEditor(spec, parent, ctx)
    if spec.kind == "longtext":
        return TextEditor(spec, parent)
    if spec.kind == "choice" and spec.options is not None:
        return ComboEditor(spec, parent, i18n.choice_items(spec.options))
    if spec.kind == "choices" and spec.options is not None:
        return ChoicesEditor(spec, parent)
    if spec.kind == "bool":
        return BoolEditor(spec, parent)
    if spec.kind == "date":
        return DateEditor(spec, parent)
    return LineEditor(spec, parent)


class FieldsForm(QWidget):
    """Sections of labelled editors, each with the place for its refusal right under it."""

    def __init__(
        self,
        ctx: AppContext,
        entity: str,
        sections: Sequence[tuple[str, Sequence[str]]],
        parent: QWidget | None = None,
        *,
        columns: int = 2,
        choices: dict[str, list[tuple[str, str]]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.entity = entity
        self.editors: dict[str, FieldEditor] = {}
        self.errors: dict[str, QLabel] = {}
        spec = ENTITIES[entity]
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        side_by_side = QHBoxLayout()
        outer.addLayout(side_by_side)
        stacks = [QVBoxLayout() for _ in range(columns)]
        for stack in stacks:
            side_by_side.addLayout(stack, 1)
        filled = [0] * columns  # fields placed in each column, to balance them
        wide: list[QGroupBox] = []
        for key, names in sections:
            box = QGroupBox(section_title(key), self)
            box.setObjectName(f"section_{key}")
            form = QFormLayout(box)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for name in names:
                field = spec.field(name)
                editor = make_field_editor(ctx, field, box, choices)
                editor.widget.setObjectName(f"field_{name}")
                error = error_label(box)
                error.setObjectName(f"error_{name}")
                cell = QWidget(box)
                stack = QVBoxLayout(cell)
                stack.setContentsMargins(0, 0, 0, 0)
                stack.setSpacing(2)
                stack.addWidget(editor.widget)
                stack.addWidget(error)
                title = i18n.pick(field.zh, i18n.heading(field.en)) + (
                    " *" if field.required else ""
                )
                if len(names) == 1 and field.kind == "longtext":
                    form.addRow(cell)  # the section's title names it already
                else:
                    label = QLabel(title, box)
                    label.setBuddy(editor.focus_widget)
                    form.addRow(label, cell)
                self.editors[name] = editor
                self.errors[name] = error
            if columns > 1 and all(spec.field(n).kind == "longtext" for n in names):
                wide.append(box)  # notes: the full width, below the columns
            else:
                column = filled.index(min(filled))
                stacks[column].addWidget(box)
                filled[column] += len(names)
        for stack in stacks:
            stack.addStretch(1)
        for box in wide:
            outer.addWidget(box)
        outer.addStretch(1)

    def bind(self, record_id: str) -> None:
        for editor in self.editors.values():
            if isinstance(editor, SensitiveEditor):
                editor.bind(self.entity, record_id)

    def set_values(self, values: dict[str, Any]) -> None:
        for name, editor in self.editors.items():
            editor.set(values.get(name))

    def changes(self) -> dict[str, Any]:
        return {name: editor.raw() for name, editor in self.editors.items() if editor.changed()}

    def values(self) -> dict[str, Any]:
        """What is filled in (for a new record)."""
        found = {}
        for name, editor in self.editors.items():
            value = editor.raw()
            if value is not FieldEditor.UNCHANGED and value not in ("", None, []):
                found[name] = value
        return found

    def clear_errors(self) -> None:
        for label in self.errors.values():
            set_error(label, "")

    def show_errors(self, errors: dict[str, str]) -> QWidget | None:
        """Show each sentence under its field; returns the first field's widget (focused)."""
        self.clear_errors()
        first: QWidget | None = None
        for name, editor in self.editors.items():
            if name in errors:
                set_error(self.errors[name], errors[name])
                if first is None:
                    first = editor.focus_widget
        if first is not None:
            first.setFocus()
        return first


class _SaveDialog(UnsavedChanges, QDialog):
    """A FieldsForm in a scroll area with Save / Cancel; Save runs `_save` off the GUI thread.
    Esc or closing with changes asks 保存 / 放弃 / 继续编辑 (ui.unsaved)."""

    saved = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.form: FieldsForm
        self.error = error_label(self)
        self.error.setObjectName("dialogError")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+S", "Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.submit)

    def _finish_layout(self, scroll: bool) -> None:
        layout = QVBoxLayout(self)
        if scroll:
            area = QScrollArea(self)
            area.setWidgetResizable(True)
            area.setFrameShape(QScrollArea.Shape.NoFrame)
            area.setWidget(self.form)
            self.scroll_area: QScrollArea | None = area
            layout.addWidget(area, 1)
        else:
            self.scroll_area = None
            layout.addWidget(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        # The cursor in the first field, so typing starts at once (not on Save).
        first = next(iter(self.form.editors.values()), None)
        if first is not None:
            first.focus_widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _work(self) -> Callable[[], Any] | None:
        raise NotImplementedError

    def unsaved_snapshot(self) -> Any:
        return self.form.values()

    def submit(self) -> None:
        set_error(self.error, "")
        self.form.clear_errors()
        work = self._work()
        if work is None:  # nothing changed
            self.accept()
            return
        save_once(
            self.buttons,
            self.ctx.tasks,
            work,
            self._done,
            self._failed,
            parent=self,
            label=self.windowTitle(),
        )

    def _done(self, result: Any) -> None:
        self.saved.emit(result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, FieldErrors):
            first = self.form.show_errors(exc.errors)
            if first is not None and self.scroll_area is not None:
                self.scroll_area.ensureWidgetVisible(first, 40, 60)
            set_error(
                self.error,
                QCoreApplication.translate(
                    "HouseholdEdit", "Nothing was saved: correct the marked fields."
                ),
            )
            return
        show_refusal(self.error, exc)


class HouseholdEditDialog(_SaveDialog):
    """编辑: every editable detail of one household."""

    def __init__(
        self,
        ctx: AppContext,
        household: dict[str, Any],
        projects: list[dict[str, Any]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("householdEditDialog")
        self.household_id = str(household["id"])
        title = i18n.bracketed(household.get("head_name") or "", household.get("address") or "")
        self.setWindowTitle(self.tr("Edit household %1").replace("%1", title))
        fit_title(self)
        project_items = [(str(p["id"]), i18n.bracketed(p["name"], p["code"])) for p in projects]
        self.form = FieldsForm(
            ctx, "household", HOUSEHOLD_SECTIONS, self, choices={"project_id": project_items}
        )
        self.form.bind(self.household_id)
        self.form.set_values(household)
        self._finish_layout(scroll=True)
        self._fit_to_screen()

    def _fit_to_screen(self) -> None:
        hint = self.form.sizeHint()
        screen = self.screen().availableGeometry() if self.screen() else None
        width = hint.width() + 60
        height = hint.height() + 130
        if screen is not None:
            width = min(width, int(screen.width() * 0.95))
            height = min(height, int(screen.height() * 0.9))
        self.resize(max(width, 760), height)

    def _work(self) -> Callable[[], Any] | None:
        changes = self.form.changes()
        if not changes:
            return None
        ws, household_id = self.ctx.ws, self.household_id
        return lambda: save_changes(ws, "household", household_id, changes)

    def _done(self, result: Any) -> None:
        self.ctx.notify("household", self.household_id)
        super()._done(result)


class MemberDialog(_SaveDialog):
    """Add a member to a household, or change one (member=None adds)."""

    def __init__(
        self,
        ctx: AppContext,
        household_id: str,
        member: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("memberDialog")
        self.household_id = household_id
        self.member_id = str(member["id"]) if member else ""
        if member:
            self.setWindowTitle(
                self.tr("Change household member %1").replace("%1", member.get("name") or "")
            )
        else:
            self.setWindowTitle(self.tr("Add household member"))
        self.form = FieldsForm(ctx, "member", (("member", MEMBER_FIELDS),), self, columns=1)
        self.form.bind(self.member_id)
        self.form.set_values(member or {})
        self._finish_layout(scroll=False)
        self.setMinimumWidth(560)
        fit_title(self)

    def _work(self) -> Callable[[], Any] | None:
        ws, household_id, member_id = self.ctx.ws, self.household_id, self.member_id
        if member_id:
            changes = self.form.changes()
            if not changes:
                return None
            return lambda: save_changes(ws, "member", member_id, changes)
        values = self.form.values()
        return lambda: add_member(ws, household_id, values)

    def _done(self, result: Any) -> None:
        self.ctx.notify("member", self.household_id)
        super()._done(result)


def share_total_text(members: list[dict[str, Any]]) -> str:
    """A note when the owners' shares are filled in and do not add up to 100 %."""
    shares = [float(m["share_pct"]) for m in members if m.get("share_pct") not in (None, "")]
    if not shares:
        return ""
    total = sum(shares)
    if abs(total - 100.0) < 0.05:
        return ""
    return QCoreApplication.translate(
        "HouseholdEdit", "The ownership shares add up to %1 %, not 100 %."
    ).replace("%1", value_text(round(total, 2)))


# resettlement -----------------------------------------------------------------------------------
def _item(text: str, align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if text:
        item.setToolTip(text)  # whole, where a long number or estate is cut
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _money(value: Any) -> str:
    return "" if value in (None, "") else f"{float(value):,.2f}"


def _table(parent: QWidget, name: str, headers: list[str]) -> QTableWidget:
    table = record_table(parent, name, headers)
    table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return table


def _fit_columns(table: QTableWidget, room: int = 0) -> None:
    """Columns as wide as their text up to CONTENT_COLUMN_MAX, and the table never narrower
    than them: a narrow page scrolls the whole panel sideways instead of hiding columns inside
    the table. Where the columns need more than `room` (the panel's width), the first column
    (a ticket number, a flat's name: cut, whole in its tooltip) gives way down to its title's
    width first: a 40-character ticket number pushed the validity and state out of view."""
    widths = fit_columns(table)
    header = table.horizontalHeader()
    frame = 2 * table.frameWidth() + 2
    if room > 0 and len(widths) > 1:
        floors = [drawn_heading_width(header, 0), *widths[1:]]  # only the first gives way
        widths = shared_widths(widths, floors, room - frame)
        header.resizeSection(0, widths[0])
    table.setMinimumWidth(sum(widths) + frame)


def _fit_rows(table: QTableWidget, minimum: int = 1) -> None:
    """As tall as its rows (so the panel reads top to bottom without nested scrolling)."""
    rows = max(table.rowCount(), minimum)
    height = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
    height += rows * table.verticalHeader().defaultSectionSize()
    table.setFixedHeight(height)


class ResettlementPanel(QWidget):
    """安置: the household's house tickets (balance, expiry) with their uses, its flats, and the
    resettlement cycle; 出具房票 and 分配房源."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resettlementPanel")
        self.ctx = ctx
        self.household: dict[str, Any] = {}
        self.last_dialog: QDialog | None = None
        self.issue_button = QPushButton(self.tr("Issue house ticket"), self)
        self.issue_button.setObjectName("issueTicket")
        self.issue_button.clicked.connect(self.issue_ticket)
        self.allocate_button = QPushButton(self.tr("Allocate flat"), self)
        self.allocate_button.setObjectName("allocateFlat")
        self.allocate_button.clicked.connect(self.allocate_flat)
        self.mode_label = QLabel(self)
        self.mode_label.setObjectName("compensationMode")
        buttons = QHBoxLayout()
        buttons.addWidget(self.mode_label)
        buttons.addStretch(1)
        buttons.addWidget(self.issue_button)
        buttons.addWidget(self.allocate_button)

        def field(entity: str, name: str) -> str:
            return i18n.field_label(entity, name)

        self.tickets_table = _table(
            self,
            "ticketsTable",
            [
                field("house_ticket", "number"),
                field("house_ticket", "face_amount"),
                self.tr("Balance (yuan)"),
                field("house_ticket", "valid_until"),
                field("house_ticket", "state"),
                self.tr("Bonus today"),
            ],
        )
        self.no_tickets = self._empty_label(self.tr("No house ticket issued."))
        self.uses_table = _table(
            self,
            "ticketUsesTable",
            [
                field("house_ticket", "number"),
                field("ticket_use", "kind"),
                field("ticket_use", "used_on"),
                field("ticket_use", "amount"),
                field("ticket_use", "bonus_amount"),
                field("ticket_use", "development"),
            ],
        )
        self.uses_title = self._title(self.tr("Uses of the tickets"))
        self.flats_table = _table(
            self,
            "householdFlatsTable",
            [
                i18n.entity_label("flat"),
                field("flat", "area"),
                field("flat", "layout"),
                field("flat", "state"),
                field("flat", "delivery_date"),
            ],
        )
        self.no_flats = self._empty_label(self.tr("No resettlement flat allocated."))
        self.cycle_label = QLabel(self)
        self.cycle_label.setObjectName("resettlementCycle")
        self.cycle_label.setWordWrap(True)

        inner = QWidget(self)
        box = QVBoxLayout(inner)
        box.addLayout(buttons)
        box.addWidget(self._title(i18n.entity_label("house_ticket")))
        box.addWidget(self.tickets_table)
        box.addWidget(self.no_tickets)
        box.addWidget(self.uses_title)
        box.addWidget(self.uses_table)
        box.addSpacing(8)
        box.addWidget(self._title(i18n.entity_label("flat")))
        box.addWidget(self.flats_table)
        box.addWidget(self.no_flats)
        box.addWidget(self.cycle_label)
        box.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        self.panel_scroll = scroll  # not self.scroll: that is QWidget.scroll()
        # the tables refit when the room they share changes: the viewport's own resize, which
        # comes after the panel's (read in the panel's, the room was the hidden tab's 68 px)
        scroll.viewport().installEventFilter(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def _title(self, text: str) -> QLabel:
        label = QLabel(f"<b>{text}</b>", self)
        return label

    def _room(self) -> int:
        """The width the tables may take before the panel scrolls sideways."""
        inner = self.panel_scroll.widget()
        layout = inner.layout() if inner is not None else None
        margins = layout.contentsMargins() if layout is not None else None
        sides = margins.left() + margins.right() if margins is not None else 0
        return self.panel_scroll.viewport().width() - sides

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.panel_scroll.viewport() and event.type() == QEvent.Type.Resize:
            room = self._room()
            for table in (self.tickets_table, self.uses_table, self.flats_table):
                _fit_columns(table, room)
        return False

    def _empty_label(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setStyleSheet(f"color: {MUTED_FG.name()};")
        return label

    def count(self) -> int:
        return self.tickets_table.rowCount() + self.flats_table.rowCount()

    def set_data(
        self,
        household: dict[str, Any],
        tickets: list[TicketSummary],
        flat_rows: list[dict[str, Any]],
    ) -> None:
        from domain.choices import COMPENSATION_MODES

        self.household = household
        mode = household.get("compensation_mode")
        self.mode_label.setText(
            i18n.labelled(
                i18n.field_label("household", "compensation_mode"),
                i18n.choice(COMPENSATION_MODES, mode) if mode else "—",
            )
        )
        self._fill_tickets(tickets)
        self._fill_flats(flat_rows)
        self._fill_cycle(household)

    def _fill_tickets(self, tickets: list[TicketSummary]) -> None:
        table = self.tickets_table
        table.setRowCount(len(tickets))
        warn = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        uses: list[tuple[str, Any]] = []
        for row, ticket in enumerate(tickets):
            bonus = (
                f"+{ticket.bonus_pct_today.normalize():f}%"
                if ticket.state == "active" and ticket.balance > 0
                else ""
            )
            cells = [
                _item(ticket.number),
                _item(_money(ticket.face_amount), True),
                _item(_money(ticket.balance), True),
                _item(ticket.valid_until.isoformat()),
                _item(i18n.choice(TICKET_STATES, ticket.state)),
                _item(bonus),
            ]
            cells[0].setToolTip(
                f"{ticket.number}\n"  # whole, where a long number is cut
                + i18n.labelled(
                    i18n.field_label("house_ticket", "issued_on"), ticket.issued_on.isoformat()
                )
                + f"\n{tiers_text(ticket.tiers, i18n.lang())}"
            )
            expiring = (
                ticket.state == "active"
                and ticket.balance > 0
                and 0 <= ticket.days_left <= EXPIRY_WARNING_DAYS
            )
            for column, item in enumerate(cells):
                item.setData(Qt.ItemDataRole.UserRole, ticket.id)
                if expiring:
                    item.setBackground(ESCALATED_BG)
                elif ticket.state != "active":
                    item.setForeground(MUTED_FG)
                table.setItem(row, column, item)
            if expiring:
                tip = self.tr("Expires in %1 days").replace("%1", str(ticket.days_left))
                first = table.item(row, 3)
                if first is not None:
                    first.setIcon(warn)
                    first.setToolTip(tip)
            uses += [(ticket.number, use) for use in ticket.uses]
        _fit_columns(table, self._room())
        _fit_rows(table)
        table.setVisible(bool(tickets))
        self.no_tickets.setVisible(not tickets)

        table = self.uses_table
        table.setRowCount(len(uses))
        for row, (number, use) in enumerate(uses):
            cells = [
                _item(number),
                _item(i18n.choice(TICKET_USE_KINDS, use.kind)),
                _item(use.used_on.isoformat()),
                _item(_money(use.amount), True),
                _item(_money(use.bonus_amount) if use.bonus_amount else "", True),
                _item(use.development or ""),
            ]
            if use.contract_number:
                contract = i18n.field_label("ticket_use", "contract_number")
                cells[-1].setToolTip(i18n.labelled(contract, use.contract_number))
            for column, item in enumerate(cells):
                table.setItem(row, column, item)
        _fit_columns(table, self._room())
        _fit_rows(table)
        table.setVisible(bool(uses))
        self.uses_title.setVisible(bool(uses))

    def _fill_flats(self, rows: list[dict[str, Any]]) -> None:
        table = self.flats_table
        table.setRowCount(len(rows))
        for row, flat in enumerate(rows):
            if flat.get("ready"):
                delivery = self.tr("Ready")
            else:
                due = date_text(flat.get("delivery_date"))
                delivery = self.tr("Due %1").replace("%1", due) if due else ""
            area = flat.get("area")
            cells = [
                _item(flats.flat_label(flat)),
                _item(value_text(area) if area is not None else "", True),
                _item(str(flat.get("layout") or "")),
                _item(i18n.choice(FLAT_STATES, flat.get("state"))),
                _item(delivery),
            ]
            for column, item in enumerate(cells):
                item.setData(Qt.ItemDataRole.UserRole, flat["id"])
                table.setItem(row, column, item)
        _fit_columns(table, self._room())
        _fit_rows(table)
        table.setVisible(bool(rows))
        self.no_flats.setVisible(not rows)

    def _fill_cycle(self, household: dict[str, Any]) -> None:
        signed = _as_date(household.get("signed_on"))
        housed = _as_date(household.get("housed_on"))
        if signed is None:
            text = self.tr("Not signed yet: the resettlement cycle starts at signing.")
        elif housed is not None and housed >= signed:
            text = (
                self.tr("Signed on %1, housed on %2: resettlement cycle %3 days.")
                .replace("%1", signed.isoformat())
                .replace("%2", housed.isoformat())
                .replace("%3", str((housed - signed).days))
            )
        else:
            waited = (formatting.today() - signed).days
            text = (
                self.tr("Signed on %1, not housed yet: %2 days so far.")
                .replace("%1", signed.isoformat())
                .replace("%2", str(max(waited, 0)))
            )
        self.cycle_label.setText(text)

    # actions --------------------------------------------------------------------------------
    def issue_ticket(self) -> QDialog | None:
        from ui.dialogs.tickets import IssueTicketDialog

        if not self.household:
            return None
        dialog = IssueTicketDialog(self.ctx, self, household=self.household)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def allocate_flat(self) -> QDialog | None:
        if not self.household:
            return None
        dialog = ChooseFlatDialog(self.ctx, self.household, self)
        self.last_dialog = dialog
        dialog.open()
        return dialog


def _as_date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


class ChooseFlatDialog(AllocationDialog):
    """分配房源 for one household: the free flats of its district (and any reserved for it or
    for nobody); services.flats.allocate decides, and a refusal is shown here in one sentence."""

    def __init__(
        self, ctx: AppContext, household: dict[str, Any], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("chooseFlatDialog")
        self.ctx = ctx
        self.household = household
        title = i18n.bracketed(household.get("head_name") or "", household.get("address") or "")
        self.setWindowTitle(self.tr("Allocate a flat to %1").replace("%1", title))
        self.flats: list[dict[str, Any]] = []
        district = str(household.get("district") or "")
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setText(
            self.tr("Free and reserved flats of %1.").replace("%1", district)
            if district
            else self.tr("Free and reserved flats.")
        )
        self.table = _table(
            self,
            "availableFlats",
            [
                i18n.entity_label("flat"),
                i18n.field_label("flat", "floor"),
                i18n.field_label("flat", "area"),
                i18n.field_label("flat", "layout"),
                i18n.field_label("flat", "state"),
                i18n.field_label("flat", "delivery_date"),
            ],
        )
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.doubleClicked.connect(lambda _i: self.submit())
        self.temporary = QCheckBox(self.tr("Temporary housing (临时周转)"), self)
        self.temporary.setObjectName("temporaryHousing")
        self.error = error_label(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Allocate"))
        ok.setObjectName("allocateButton")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.temporary)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(720, 460)
        ws, household_id = ctx.ws, str(household["id"])
        ctx.tasks.run(
            lambda: available_flats(ws, district or None, household_id), self._show, parent=self
        )

    def _show(self, rows: list[dict[str, Any]]) -> None:
        self.flats = rows
        table = self.table
        table.setRowCount(len(rows))
        for row, flat in enumerate(rows):
            delivery = (
                self.tr("Ready") if flat.get("ready") else date_text(flat.get("delivery_date"))
            )
            cells = [
                _item(flats.flat_label(flat)),
                _item(value_text(flat.get("floor")), True),
                _item(value_text(flat.get("area")), True),
                _item(str(flat.get("layout") or "")),
                _item(i18n.choice(FLAT_STATES, flat.get("state"))),
                _item(delivery),
            ]
            for column, item in enumerate(cells):
                item.setData(Qt.ItemDataRole.UserRole, flat["id"])
                table.setItem(row, column, item)
        fit_columns(table)
        if rows:
            table.selectRow(0)
        else:
            set_error(self.error, self.tr("There is no free flat in this district."))

    def chosen(self) -> str | None:
        items = self.table.selectedItems()
        return str(items[0].data(Qt.ItemDataRole.UserRole)) if items else None

    def submit(self) -> None:
        set_error(self.error, "")
        flat_id = self.chosen()
        if not flat_id:
            set_error(self.error, self.tr("Choose a flat first."))
            return
        self.allocate(flat_id, str(self.household["id"]))


def available_flats(ws: Workspace, district: str | None, household_id: str) -> list[dict[str, Any]]:
    """Flats this household could be given: free or reserved, held by nobody or reserved for
    it (services.flats.allocate has the final word)."""
    return [
        flat
        for flat in flats.list_flats(ws, district=district)
        if (flat.get("state") or "free") in flats.ALLOCATABLE
        and flat.get("household_id") in (None, "", household_id)
    ]
