"""住户: the household list (lazily fetched, searchable, filterable, sortable) beside the page
of the chosen household.

The detail pane is the one truth about "the current household": Enter, Ctrl+N, 登记诉求 and every
action act on it, and it only ever shows a row of the results now on screen — when new results
arrive without it, the pane is cleared. A key pressed while a search is still running waits for
that search (`when_settled`) instead of acting on the old rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from itertools import pairwise
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QItemSelection,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from domain.choices import ATTITUDES
from domain.states import HOUSEHOLD_STATES
from services import households, ui_support
from services.households import HouseholdFilter
from ui import i18n
from ui.context import AppContext
from ui.forms import RecordDialog, editor_value
from ui.household_view import HouseholdView
from ui.models import COUNT_CAP, HouseholdModel
from ui.registry import PageSpec, register_page
from ui.widgets import (
    AddressDelegate,
    fill_combo,
    filter_combo,
    list_table,
    restore_layout,
    save_layout,
)

SEARCH_DEBOUNCE_MS = 250
HEADER_STATE = "households/header-v2"  # the columns were reordered: old saved widths misfit


class HouseholdsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("householdsPage")
        self.ctx = ctx
        self._dirty = False
        self.projects: list[dict[str, Any]] = []
        self._after_reload: list[Callable[[], None]] = []
        # a household opened from another page (today list, a link) that the list may not show
        self._opened_elsewhere = ""
        # the next rows answer a new search or filter (not a data change or a deeper page)
        self._results_changed = False

        self.search = QLineEdit(self)
        self.search.setObjectName("householdSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            self.tr("Find: name, pinyin initials (zjw), address, last 4 digits of ID or phone")
        )
        self.search.addAction(
            self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogContentsView),
            QLineEdit.ActionPosition.LeadingPosition,
        )
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self._run_search)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self._search_now)
        self.search.installEventFilter(self)  # Esc clears the search

        self.project_filter = filter_combo(self.tr("All projects"), [], self)
        self.project_filter.setObjectName("projectFilter")

        self.state_filter = filter_combo(
            self.tr("All states"), i18n.choice_items(HOUSEHOLD_STATES), self
        )
        self.state_filter.setObjectName("stateFilter")
        self.attitude_filter = filter_combo(
            self.tr("All attitudes"), i18n.choice_items(ATTITUDES), self
        )
        self.attitude_filter.setObjectName("attitudeFilter")
        # Project and state names are long (in English especially): a closed filter need only
        # be as wide as its "All …" entry; the open list shows every name whole.
        for combo, everything in (
            (self.project_filter, self.tr("All projects")),
            (self.state_filter, self.tr("All states")),
            (self.attitude_filter, self.tr("All attitudes")),
        ):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(len(everything))
        self.overdue_filter = QCheckBox(self.tr("Follow-up overdue"), self)
        self.overdue_filter.setObjectName("overdueFilter")
        for combo in (self.project_filter, self.state_filter, self.attitude_filter):
            combo.currentIndexChanged.connect(self._filters_changed)
        self.overdue_filter.toggled.connect(self._filters_changed)
        self.new_button = QPushButton(self.tr("New household…"), self)
        self.new_button.setObjectName("newHousehold")
        self.new_button.clicked.connect(self.new_household)

        self.model = HouseholdModel(ctx.ws, ctx.tasks, self)
        self.table = list_table(self.model, self, "householdTable")
        address = [c.key for c in self.model.columns].index("address")
        self.table.setItemDelegateForColumn(address, AddressDelegate(self.table))
        self.model.busy_widget = self.table
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.horizontalHeader().setSectionsMovable(True)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.activated.connect(self._activated)
        self.model.total_changed.connect(self._show_total)
        self.model.loading_changed.connect(self._show_loading)
        self.model.reloaded.connect(self._reloaded)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("householdCount")

        filters = QHBoxLayout()
        filters.addWidget(self.project_filter)
        filters.addWidget(self.state_filter)
        filters.addWidget(self.attitude_filter)
        filters.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.overdue_filter)
        top.addWidget(self.new_button)

        left = QWidget(self)
        box = QVBoxLayout(left)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(top)
        box.addLayout(filters)
        box.addWidget(self.table, 1)
        box.addWidget(self.count_label)

        self.view = HouseholdView(ctx, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("householdsSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.view)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        # Tab as the controls stand on screen: the search's row, the filter row, the list, the
        # pane (the order they were made in jumped between the two rows).
        chain = (
            self.search,
            self.overdue_filter,
            self.new_button,
            self.project_filter,
            self.state_filter,
            self.attitude_filter,
            self.table,
            self.view,
        )
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

        if not restore_layout(ctx.state, "households/splitter", self.splitter):
            self.splitter.setSizes([490, 650])  # the pane's tabs whole, in English too
        if not restore_layout(ctx.state, HEADER_STATE, self.table.horizontalHeader()):
            date = self.fontMetrics().horizontalAdvance("2026-12-31")
            # the next-visit date with its overdue sign whole; addresses and projects elide
            widths = (112, 64, date + 44, 48, 96, 80, 56, date + 20)
            for column, width in enumerate(widths):
                self.table.setColumnWidth(column, width)
        header = self.table.horizontalHeader()
        self.model.sort_key = self.model.columns[header.sortIndicatorSection()].sort or "address"
        self.model.descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder

        ctx.bus.changed.connect(self._data_changed)
        self._load_projects()
        self.model.reload()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and self.search.text()
        ):
            self.search.clear()  # the whole list again, as in any search box
            return True
        return super().eventFilter(watched, event)

    # page protocol --------------------------------------------------------------------------
    def activated(self) -> None:
        if self._dirty:
            self._dirty = False
            self.model.reload()
            self._load_projects()

    def save_state(self) -> None:
        save_layout(self.ctx.state, "households/splitter", self.splitter)
        save_layout(self.ctx.state, HEADER_STATE, self.table.horizontalHeader())

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def show_project(self, project_id: str) -> None:
        self.project_filter.setCurrentIndex(max(self.project_filter.findData(project_id), 0))

    def show_household(self, household_id: str) -> None:
        row = self.model.row_of(household_id)
        if row >= 0:
            self._opened_elsewhere = ""
            self.table.selectRow(row)
        else:
            self.table.clearSelection()
            self._opened_elsewhere = household_id
            self._show_in_pane(household_id)

    def current_household(self) -> str:
        return self.view.household_id

    def when_settled(self, action: Callable[[], None]) -> None:
        """Run `action` once the list shows the results of what was typed: at once when no
        search is pending or running, else when the new rows are in."""
        if self._debounce.isActive():
            self._debounce.stop()
            self._run_search()
        if self.model.reloading:
            self._after_reload.append(action)
        else:
            action()

    def _show_in_pane(self, household_id: str, title: str = "") -> None:
        self.view.show_household(household_id)
        self.ctx.select_household(household_id, title)

    # loading --------------------------------------------------------------------------------
    def _load_projects(self) -> None:
        ws = self.ctx.ws
        self.ctx.tasks.run(lambda: ui_support.list_projects(ws), self._projects_loaded)

    def _projects_loaded(self, projects: list[dict[str, Any]]) -> None:
        self.projects = projects
        fill_combo(
            self.project_filter,
            self.tr("All projects"),
            [(p["id"], p["name"]) for p in projects],
        )

    def _filter(self) -> HouseholdFilter:
        return HouseholdFilter(
            project_id=self.project_filter.currentData(),
            state=self.state_filter.currentData(),
            attitude=self.attitude_filter.currentData(),
            overdue_follow_up=self.overdue_filter.isChecked(),
            today=dt.date.today(),
        )

    def _filters_changed(self) -> None:
        self._opened_elsewhere = ""
        self._results_changed = True
        self.model.filter = self._filter()
        self.model.reload()

    def _run_search(self) -> None:
        query = self.search.text().strip()
        if query != self.model.query:
            self._opened_elsewhere = ""  # a new search: the pane follows the list again
            self._results_changed = True
            self.model.query = query
            self.model.reload()

    def _search_now(self) -> None:
        self.when_settled(self._open_first_result)

    def _open_first_result(self) -> None:
        self.table.setFocus()
        if self.model.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)

    def _data_changed(self, entity: str, record_id: str) -> None:
        if self.isVisible():
            self.model.reload()
            if entity == "project":
                self._load_projects()
        else:
            self._dirty = True

    def _show_total(self, total: int) -> None:
        shown = len(self.model.rows)
        if self.model.query and total > shown:
            # a capped list says so: the best few hundred are shown, the count is of all
            more = total > COUNT_CAP
            text = (
                self.tr("Showing the first %1 of more than %2 households found")
                if more
                else self.tr("Showing the first %1 of %2 households found")
            )
            text = text.replace("%1", f"{shown:,}").replace("%2", f"{min(total, COUNT_CAP):,}")
        elif self.model.query:
            text = (
                self.tr("1 household found")
                if total == 1
                else self.tr("%1 households found").replace("%1", str(total))
            )
        else:
            text = (
                self.tr("1 household")
                if total == 1
                else self.tr("%1 households").replace("%1", f"{total:,}")
            )
        self.count_label.setText(text)

    def _show_loading(self, loading: bool) -> None:
        if loading:
            self.count_label.setText(self.tr("Loading…"))
        elif self.model.total is not None:
            self._show_total(self.model.total)

    # selection ------------------------------------------------------------------------------
    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        household_id = self.model.household_id(rows[0].row())
        if household_id and household_id != self.view.household_id:
            self._opened_elsewhere = ""
            row = self.model.rows[rows[0].row()]
            title = f"{row.get('head_name') or ''} {row.get('address') or ''}".strip()
            self._show_in_pane(household_id, title)

    def _reloaded(self) -> None:
        """New rows: keep the pane's household selected if it is among them, else clear the
        pane; then run the keys that waited for these rows."""
        current = self.view.household_id
        row = self.model.row_of(current) if current else -1
        if row >= 0:
            self.table.selectionModel().blockSignals(True)
            self.table.selectRow(row)
            self.table.selectionModel().blockSignals(False)
        elif current and self._results_changed and current != self._opened_elsewhere:
            self._show_in_pane("")
        self._results_changed = False
        waiting, self._after_reload = self._after_reload, []
        for action in waiting:
            action()

    def _activated(self, index: QModelIndex) -> None:
        household_id = self.model.household_id(index.row())
        if household_id:
            self.view.tabs.setFocus()

    # actions --------------------------------------------------------------------------------
    def new_household(self) -> None:
        """Fetch the current projects, then open the form."""
        ws = self.ctx.ws
        self.ctx.tasks.run(lambda: ui_support.list_projects(ws), self._new_household, parent=self)

    def _new_household(self, found: list[dict[str, Any]]) -> None:
        self._projects_loaded(found)
        ws = self.ctx.ws
        projects = [(p["id"], i18n.bracketed(p["name"], p["code"])) for p in found]

        def save(values: dict[str, Any]) -> str:
            return households.create_household(
                ws, {k: v for k, v in values.items() if v not in ("", None)}
            )

        def saved(household_id: Any) -> None:
            self.ctx.notify("household", str(household_id))
            self.search.clear()
            QTimer.singleShot(0, self, lambda: self.show_household(str(household_id)))

        dialog = RecordDialog(
            self.ctx,
            self.tr("New household"),
            "household",
            (
                "project_id",
                "building",
                "unit",
                "room",
                "address",
                "head_name",
                "head_id_number",
                "phone",
                "registered_area",
                "attitude",
            ),
            save,
            saved,
            self,
            choices={"project_id": projects},
        )
        # The project in the filter, else the first of this caseworker's own sub-district.
        current = self.project_filter.currentData()
        mine = self.ctx.profile.sub_district if self.ctx.profile else ""
        own = [p["id"] for p in found if p.get("sub_district") == mine]
        if current or own:
            dialog.form.set_values({"project_id": current or own[0]})
        address = dialog.form.editors["address"]
        address.setToolTip(self.tr("Left empty, it is made from building, unit and room."))

        def show_composed() -> None:
            values = {k: editor_value(dialog.form.editors[k]) for k in ("building", "unit", "room")}
            composed = households.compose_address(values)
            if isinstance(address, QLineEdit):
                address.setPlaceholderText(composed)

        for name in ("building", "unit", "room"):
            editor = dialog.form.editors[name]
            if isinstance(editor, QLineEdit):
                editor.textChanged.connect(lambda _t: show_composed())
        dialog.open()


register_page(
    PageSpec(
        key="households",
        title=lambda: QCoreApplication.translate("Pages", "Households"),
        icon=QStyle.StandardPixmap.SP_DirHomeIcon,
        factory=HouseholdsPage,
        order=20,
        shortcut="Ctrl+2",
    )
)
