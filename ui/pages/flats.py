"""安置房源: the resettlement housing stock with its state and allocated household; adding flats,
allocating one to a household, releasing, reserving or locking it; the flats allocated to two
households on two laptops while apart, listed for a person to decide; and the average
resettlement cycle (signing → housed) per project. All through services.flats, off the GUI
thread."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from domain import i18n as domain_i18n
from domain.choices import FLAT_STATES
from services import flats, pool_holders, ui_support
from services.flats import Claim, DoubleAllocation
from services.workspace import Workspace
from ui import formatting, i18n
from ui.context import AppContext
from ui.dialogs.flats import AllocateFlatDialog
from ui.formatting import ESCALATED_BG, MUTED_FG, OVERDUE_FG, date_text
from ui.forms import RecordDialog, error_label, set_error, show_refusal
from ui.registry import PageSpec, register_page
from ui.rows_model import Col, RowsModel, bracketed_parts
from ui.widgets import ReloadOnChange, fill_combo, filter_combo, fit_columns, list_table

FLAT_FIELDS = (
    "estate",
    "building",
    "unit",
    "floor",
    "number",
    "area",
    "layout",
    "ready",
    "delivery_date",
    "district",
)


@dataclass(frozen=True)
class FlatsData:
    flats: list[dict[str, Any]]
    doubles: list[DoubleAllocation]
    average: float | None
    by_project: list[tuple[str, float | None]]  # project name, average days
    districts: list[str]


def load_flats(ws: Workspace, district: str | None, state: str | None) -> FlatsData:
    day = formatting.today()
    rows = flats.list_flats(ws, district=district, state=state)
    names = {p["id"]: str(p["name"]) for p in ui_support.list_projects(ws)}
    per_project = flats.average_cycle_by_project(ws, today=day)
    return FlatsData(
        flats=rows,
        doubles=flats.double_allocations(ws),
        average=flats.average_cycle(ws, today=day),
        by_project=sorted(
            ((names.get(pid, pid), days) for pid, days in per_project.items()),
            key=lambda item: (item[1] is None, -(item[1] or 0)),
        ),
        districts=sorted({str(r["district"]) for r in flats.list_flats(ws) if r.get("district")}),
    )


def double_count(ws: Workspace) -> int:
    return len(flats.double_allocations(ws))


def _yes(value: Any) -> str:
    return "✓" if value else ""


COLUMNS = (
    Col(lambda: i18n.field_label("flat", "district"), lambda f: f.get("district") or ""),
    Col(lambda: i18n.field_label("flat", "estate"), lambda f: f.get("estate") or ""),
    Col(lambda: i18n.field_label("flat", "building"), lambda f: f.get("building") or ""),
    Col(lambda: i18n.field_label("flat", "unit"), lambda f: f.get("unit") or ""),
    Col(
        lambda: i18n.field_label("flat", "floor"),
        lambda f: "" if f.get("floor") is None else str(f["floor"]),
        True,
        lambda f: f.get("floor"),
    ),
    Col(lambda: i18n.field_label("flat", "number"), lambda f: f.get("number") or ""),
    Col(
        lambda: i18n.field_label("flat", "area"),
        lambda f: "" if f.get("area") is None else f"{f['area']:g}",
        True,
        lambda f: f.get("area"),
    ),
    Col(lambda: i18n.field_label("flat", "layout"), lambda f: f.get("layout") or ""),
    Col(lambda: i18n.field_label("flat", "ready"), lambda f: _yes(f.get("ready"))),
    Col(
        lambda: i18n.field_label("flat", "delivery_date"),
        lambda f: date_text(f.get("delivery_date")),
    ),
    Col(
        lambda: i18n.field_label("flat", "state"),
        lambda f: i18n.choice(FLAT_STATES, f.get("state") or "free"),
    ),
    Col(
        lambda: i18n.field_label("flat", "household_id"),
        lambda f: (
            domain_i18n.bracketed(f.get("head_name") or "", f.get("household_address") or "")
            if f.get("household_id")
            else pool_holders.outside_household()
            if f.get("held_outside_scope")
            else ""
        ),
        household=lambda f: (
            bracketed_parts(f.get("head_name") or "", f.get("household_address") or "")
            if f.get("household_id")
            else None
        ),
    ),
)


def _foreground(f: dict[str, Any]) -> QColor | None:
    if f.get("_conflicts"):
        return OVERDUE_FG
    return MUTED_FG if (f.get("state") or "free") in ("locked",) else None


def _background(f: dict[str, Any]) -> QColor | None:
    return ESCALATED_BG if (f.get("state") or "free") == "reserved" else None


def _icon(f: dict[str, Any]) -> QIcon | None:
    if f.get("_conflicts"):
        return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
    return None


class FlatsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("flatsPage")
        self.ctx = ctx
        self.data: FlatsData | None = None

        self.district_filter = filter_combo(self.tr("All districts"), [], self)
        self.district_filter.setObjectName("flatDistrictFilter")
        self.state_filter = filter_combo(
            self.tr("All states"), i18n.choice_items(FLAT_STATES), self
        )
        self.state_filter.setObjectName("flatStateFilter")
        self.free_only = QCheckBox(self.tr("Free only"), self)
        self.free_only.setObjectName("freeOnly")
        self.district_filter.currentIndexChanged.connect(self.reload)
        self.state_filter.currentIndexChanged.connect(self.reload)
        self.free_only.toggled.connect(self._free_only)
        self.count = QLabel(self)
        self.count.setObjectName("flatCount")
        add = QPushButton(self.tr("Add flat…"), self)
        add.setObjectName("addFlat")
        add.clicked.connect(self.add_flat)
        filters = QHBoxLayout()
        filters.addWidget(self.district_filter)
        filters.addWidget(self.state_filter)
        filters.addWidget(self.free_only)
        filters.addStretch(1)
        filters.addWidget(self.count)
        filters.addWidget(add)

        self.model = RowsModel(
            COLUMNS, self, foreground=_foreground, background=_background, icon=_icon
        )
        self.table = list_table(self.model, self, "flatTable")
        self.table.setSortingEnabled(False)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.table.activated.connect(self._open_household)  # double-click or Enter

        self.allocate_button = QPushButton(self.tr("Allocate to a household…"), self)
        self.allocate_button.setObjectName("allocateFlat")
        self.allocate_button.clicked.connect(self.allocate)
        self.release_button = QPushButton(self.tr("Release"), self)
        self.release_button.setObjectName("releaseFlat")
        self.release_button.clicked.connect(self.release)
        self.state_buttons: dict[str, QPushButton] = {}
        actions = QHBoxLayout()
        actions.addWidget(self.allocate_button)
        actions.addWidget(self.release_button)
        for state, text in (
            ("reserved", self.tr("Reserve")),
            ("locked", self.tr("Lock")),
            ("free", self.tr("Set free")),
        ):
            button = QPushButton(text, self)
            button.setObjectName(f"setState_{state}")
            button.clicked.connect(lambda _c=False, s=state: self.set_state(s))
            actions.addWidget(button)
            self.state_buttons[state] = button
        actions.addStretch(1)
        self.cycle = QLabel(self)
        self.cycle.setObjectName("cycleText")
        self.cycle.setWordWrap(True)
        self.error = error_label(self)

        self.doubles_box = QGroupBox(self)
        self.doubles_box.setObjectName("doubleAllocations")
        self.doubles = QTableWidget(0, 2, self)
        self.doubles.setObjectName("doubleTable")
        self.doubles.setHorizontalHeaderLabels([self.tr("Flat"), self.tr("Allocated to")])
        self.doubles.verticalHeader().hide()
        self.doubles.horizontalHeader().setStretchLastSection(True)
        self.doubles.setColumnWidth(0, 220)
        self.doubles.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.doubles.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.doubles.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.doubles.itemSelectionChanged.connect(self._double_selected)
        self.winner = QComboBox(self)
        self.winner.setObjectName("doubleWinner")
        self.resolve_button = QPushButton(self.tr("Decide"), self)
        self.resolve_button.setObjectName("resolveDouble")
        self.resolve_button.clicked.connect(self.resolve)
        # A claim outside this laptop's scope: the district office decides at the hub.
        self.hub_note = QLabel(
            self.tr(
                "This flat was also allocated to a household outside this laptop's scope, "
                "which this laptop cannot see. The district office decides at the hub; the "
                "result arrives with the next bundle."
            ),
            self,
        )
        self.hub_note.setObjectName("doubleHubNote")
        self.hub_note.setWordWrap(True)
        self.hub_note.hide()
        self.decide_row = QWidget(self)
        decide = QHBoxLayout(self.decide_row)
        decide.setContentsMargins(0, 0, 0, 0)
        decide.addWidget(QLabel(self.tr("Give the flat to"), self))
        decide.addWidget(self.winner, 1)
        decide.addWidget(self.resolve_button)
        self.doubles_body = QWidget(self.doubles_box)
        dl = QVBoxLayout(self.doubles_body)
        dl.setContentsMargins(0, 0, 0, 0)
        outer = QVBoxLayout(self.doubles_box)
        outer.addWidget(self.doubles_body)
        explain = QLabel(
            self.tr(
                "These flats were allocated to different households on two computers while "
                "they were apart. Decide who gets each flat; nothing else can be done with it "
                "until then."
            ),
            self,
        )
        explain.setWordWrap(True)
        dl.addWidget(explain)
        dl.addWidget(self.doubles, 1)
        dl.addWidget(self.hub_note)
        dl.addWidget(self.decide_row)

        top = QWidget(self)
        box = QVBoxLayout(top)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(filters)
        box.addWidget(self.table, 1)
        box.addLayout(actions)
        box.addWidget(self.error)
        box.addWidget(self.cycle)
        layout = QVBoxLayout(self)
        layout.addWidget(top, 3)
        layout.addWidget(self.doubles_box, 1)
        self.reloader = ReloadOnChange(self, ctx.bus, self.reload, ("flat", "household", "project"))
        self._enable()
        self.reload()

    # page protocol --------------------------------------------------------------------------
    def activated(self) -> None:
        self.reloader.activated()

    # loading --------------------------------------------------------------------------------
    def _free_only(self, on: bool) -> None:
        self.state_filter.setCurrentIndex(max(self.state_filter.findData("free"), 0) if on else 0)

    def reload(self) -> None:
        ws = self.ctx.ws
        district, state = self.district_filter.currentData(), self.state_filter.currentData()
        self.ctx.tasks.run(lambda: load_flats(ws, district, state), self._show, key="flats-page")

    def _show(self, data: FlatsData) -> None:
        self.data = data
        selected = self.current()
        keep = selected["id"] if selected else None
        rows = data.flats
        if self.free_only.isChecked():
            rows = [
                f for f in rows if not f.get("household_id") and not f.get("held_outside_scope")
            ]
        self.model.set_rows(rows)
        counts = {code: 0 for code in FLAT_STATES.codes()}
        for f in data.flats:
            counts[f.get("state") or "free"] = counts.get(f.get("state") or "free", 0) + 1
        text = self.tr("%1 flats").replace("%1", str(len(rows)))
        text += " · " + self.tr(", ", "between the counts of flats").join(
            f"{i18n.choice_words(FLAT_STATES, code)} {n}" for code, n in counts.items() if n
        )
        self.count.setText(text)
        fill_combo(self.district_filter, self.tr("All districts"), [(d, d) for d in data.districts])
        self._show_cycle(data)
        self._show_doubles(data.doubles)
        for i, f in enumerate(self.model.rows):
            if f["id"] == keep:
                self.table.selectRow(i)
                break
        fit_columns(self.table)
        self._enable()

    def _show_cycle(self, data: FlatsData) -> None:
        if data.average is None:
            text = self.tr("Average resettlement cycle: no household housed yet.")
        else:
            text = self.tr("Average resettlement cycle (signing to housed): %1 days.").replace(
                "%1", f"{data.average:.0f}"
            )
        each = self.tr("%1 %2 days")
        parts = [
            each.replace("%1", name).replace("%2", f"{days:.0f}")
            for name, days in data.by_project
            if days is not None
        ]
        if parts:
            text += " " + self.tr("By project: %1").replace("%1", "；".join(parts))
        self.cycle.setText(text)

    def _show_doubles(self, doubles: list[DoubleAllocation]) -> None:
        self.doubles_box.setTitle(
            self.tr("Double allocations to review (%1)").replace("%1", str(len(doubles)))
        )
        self.doubles_box.setStyleSheet(
            f"QGroupBox {{ color: {OVERDUE_FG.name()}; font-weight: bold; }}" if doubles else ""
        )
        self.doubles_body.setVisible(bool(doubles))
        layout = self.layout()
        if isinstance(layout, QVBoxLayout):
            layout.setStretchFactor(self.doubles_box, 1 if doubles else 0)
        self.doubles.setRowCount(len(doubles))
        for row, double in enumerate(doubles):
            label = QTableWidgetItem(double.label)
            label.setData(Qt.ItemDataRole.UserRole, double.flat_id)
            self.doubles.setItem(row, 0, label)
            claims = self.tr("; ", "between claims").join(
                self._by(self._claimant(c), c.author) for c in double.claims
            )
            self.doubles.setItem(row, 1, QTableWidgetItem(claims))
        self.resolve_button.setEnabled(bool(doubles))
        if doubles:
            self.doubles.selectRow(0)
            self._double_selected()  # (selecting the row already selected emits nothing)
        else:
            self.winner.clear()
            self.hub_note.hide()

    def _double_selected(self) -> None:
        rows = self.doubles.selectionModel().selectedRows()
        self.winner.clear()
        if not rows or self.data is None:
            return
        double = self.data.doubles[rows[0].row()]
        decidable = not double.decided_at_hub
        self.hub_note.setVisible(not decidable)
        self.decide_row.setVisible(decidable)
        self.winner.setEnabled(decidable)
        self.resolve_button.setEnabled(decidable)
        if not decidable:
            return
        for claim in double.claims:
            if claim.household_id:
                text = self._by(self._claimant(claim), f"{claim.author}@{claim.device[-8:]}")
                self.winner.addItem(text, claim.household_id)
        self.winner.addItem(self.tr("Nobody: the flat is free again"), "")

    def _by(self, claimant: str, who: str) -> str:
        return (
            self.tr("%1 — %2", "a claim and who made it").replace("%1", claimant).replace("%2", who)
        )

    def _claimant(self, claim: Claim) -> str:
        """Head and address; a claim outside the scope is one sentence (no empty brackets)."""
        return domain_i18n.bracketed(claim.head_name, claim.address)

    # actions --------------------------------------------------------------------------------
    def current(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def select_flat(self, flat_id: str) -> None:
        for i, f in enumerate(self.model.rows):
            if f["id"] == flat_id:
                self.table.selectRow(i)
                return

    def _enable(self) -> None:
        f = self.current()
        held = f is not None and bool(f.get("household_id"))
        self.allocate_button.setEnabled(f is not None and not held)
        self.release_button.setEnabled(held)
        for button in self.state_buttons.values():
            button.setEnabled(f is not None and not held)

    def _run(self, fn: Any, flat_id: str) -> None:
        set_error(self.error, "")

        self.ctx.tasks.run(
            fn,
            lambda _r: self.ctx.notify("flat", flat_id),
            lambda exc: show_refusal(self.error, exc),
            parent=self,
        )

    def add_flat(self) -> RecordDialog:
        ws = self.ctx.ws

        def save(values: dict[str, Any]) -> str:
            return flats.add_flat(ws, {k: v for k, v in values.items() if v not in ("", None)})

        dialog = RecordDialog(
            self.ctx,
            self.tr("Add a resettlement flat"),
            "flat",
            FLAT_FIELDS,
            save,
            lambda flat_id: self.ctx.notify("flat", str(flat_id)),
            self,
        )
        if self.ctx.profile is not None:
            dialog.form.set_values({"district": self.ctx.profile.district})
        dialog.open()
        return dialog

    def allocate(self) -> AllocateFlatDialog | None:
        f = self.current()
        if f is None:
            return None
        dialog = AllocateFlatDialog(self.ctx, f, self)
        dialog.open()
        return dialog

    def release(self) -> None:
        f = self.current()
        if f is not None:
            ws, flat_id = self.ctx.ws, str(f["id"])
            self._run(lambda: flats.release(ws, flat_id), flat_id)

    def set_state(self, state: str) -> None:
        f = self.current()
        if f is not None:
            ws, flat_id = self.ctx.ws, str(f["id"])
            self._run(lambda: flats.set_state(ws, flat_id, state), flat_id)

    def resolve(self) -> None:
        rows = self.doubles.selectionModel().selectedRows()
        if not rows or self.data is None:
            return
        double = self.data.doubles[rows[0].row()]
        if double.decided_at_hub:  # the hub's decision (services.pool_holders refuses it too)
            return
        winner = self.winner.currentData() or None
        ws = self.ctx.ws
        self._run(
            lambda: flats.resolve_double_allocation(ws, double.flat_id, winner), double.flat_id
        )

    def _open_household(self, index: QModelIndex) -> None:
        f = self.model.row(index.row())
        if f is not None and f.get("household_id"):
            self.ctx.bus.open_household.emit(str(f["household_id"]))


register_page(
    PageSpec(
        key="flats",
        title=lambda: QCoreApplication.translate("ResettlementPages", "Resettlement flats"),
        icon=QStyle.StandardPixmap.SP_DirLinkIcon,
        factory=FlatsPage,
        order=46,
        badge=double_count,
    )
)
