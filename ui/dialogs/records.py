"""The records behind a number: the households (or requests) a dashboard figure counted, listed
so a supervisor can see who they are and open one. The ids come from services.figures
.records_behind (same definitions as the figure), computed off the GUI thread with the rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from domain.choices import REQUEST_CATEGORIES, REQUEST_STATUSES
from domain.states import HOUSEHOLD_STATES
from services import households, requests
from services.households import HouseholdFilter
from services.requests import RequestFilter
from services.workspace import Workspace
from ui import i18n
from ui.context import AppContext
from ui.formatting import date_text
from ui.rows_model import Col, RowsModel

CHUNK = 900  # ids per query: under SQLite's bound-variable limit on every build


def household_rows(ws: Workspace, ids: list[str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        rows += households.list_page(ws, HouseholdFilter(ids=chunk), limit=len(chunk))
    rows.sort(key=lambda r: (r.get("project_name") or "", r.get("address") or ""))
    return rows


def request_rows(ws: Workspace, ids: list[str]) -> list[dict[str, Any]]:
    wanted = set(ids)
    found = [
        r for r in requests.register(ws, RequestFilter(), limit=10_000_000) if r["id"] in wanted
    ]
    found.sort(key=lambda r: (str(r.get("received_on") or ""), r["id"]), reverse=True)
    return found


def _household_columns() -> list[Col]:
    return [
        Col(lambda: i18n.field_label("household", "address"), lambda r: r.get("address") or ""),
        Col(lambda: i18n.field_label("household", "head_name"), lambda r: r.get("head_name") or ""),
        Col(
            lambda: i18n.field_label("household", "state"),
            lambda r: i18n.choice(HOUSEHOLD_STATES, r.get("state")),
        ),
        Col(
            lambda: i18n.field_label("household", "project_id"),
            lambda r: r.get("project_name") or "",
        ),
        Col(
            lambda: i18n.field_label("household", "sub_district"),
            lambda r: r.get("sub_district") or "",
        ),
        Col(
            lambda: i18n.field_label("household", "caseworker"),
            lambda r: r.get("caseworker") or "",
        ),
    ]


def _request_columns() -> list[Col]:
    return [
        Col(
            lambda: i18n.field_label("request", "received_on"),
            lambda r: date_text(r.get("received_on")),
        ),
        Col(
            lambda: i18n.entity_label("household"),
            lambda r: (
                f"{r.get('head_name') or ''} {r.get('address') or ''}".strip()
                or (r.get("project_name") or "")
            ),
        ),
        Col(
            lambda: i18n.field_label("request", "category"),
            lambda r: i18n.choice(REQUEST_CATEGORIES, r.get("category")),
        ),
        Col(
            lambda: i18n.field_label("request", "status"),
            lambda r: i18n.choice(REQUEST_STATUSES, r.get("status")),
        ),
        Col(
            lambda: i18n.field_label("request", "deadline"),
            lambda r: date_text(r.get("deadline")),
        ),
        Col(
            lambda: i18n.field_label("request", "summary"),
            lambda r: str(r.get("summary") or "").replace("\n", " "),
        ),
    ]


class RecordsDialog(QDialog):
    """Lists the records whose ids `load()` returns; `kind` is "household" or "request"."""

    def __init__(
        self,
        ctx: AppContext,
        title: str,
        kind: str,
        load: Callable[[], list[str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recordsDialog")
        self.setWindowTitle(title)
        self.ctx = ctx
        self.kind = kind
        self.ids: list[str] | None = None  # set when loaded
        self.heading = QLabel(self.tr("Loading…"), self)
        self.heading.setObjectName("recordsHeading")
        self.heading.setStyleSheet("font-size: 13pt; font-weight: bold;")
        columns = _household_columns() if kind == "household" else _request_columns()
        self.model = RowsModel(columns, self)
        self.table = QTableView(self)
        self.table.setObjectName("recordsTable")
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.activated.connect(self._open)  # double-click or Enter
        hint = QLabel(self.tr("Double-click a row or press Enter to open the household."), self)
        hint.setStyleSheet("color: #5f6368;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        # Enter opens the row's household and keeps the list for the next one; Esc closes it.
        buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.resize(860, 520)
        ws = ctx.ws

        def fetch() -> tuple[list[str], list[dict[str, Any]]]:
            ids = load()
            rows = household_rows(ws, ids) if kind == "household" else request_rows(ws, ids)
            return ids, rows

        ctx.tasks.run(fetch, self._loaded, parent=self)

    def _loaded(self, result: tuple[list[str], list[dict[str, Any]]]) -> None:
        ids, rows = result
        self.ids = ids
        self.model.set_rows(rows)
        if self.kind == "household":
            text = self.tr("%1 households").replace("%1", f"{len(rows):,}")
        else:
            text = self.tr("%1 requests").replace("%1", f"{len(rows):,}")
        self.heading.setText(f"{self.windowTitle()} · {text}")
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount() - 1):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column) + 12, 260))

    def shown_ids(self) -> list[str]:
        return [row["id"] for row in self.model.rows]

    def _open(self, index: QModelIndex) -> None:
        row = self.model.row(index.row())
        if row is None:
            return
        household_id = row["id"] if self.kind == "household" else row.get("household_id")
        if household_id:
            self.ctx.bus.open_household.emit(str(household_id))
        elif row.get("project_id"):
            self.ctx.bus.show_project.emit(str(row["project_id"]))


def open_records(
    ctx: AppContext, title: str, kind: str, load: Callable[[], list[str]], parent: QWidget
) -> RecordsDialog:
    dialog = RecordsDialog(ctx, title, kind, load, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
