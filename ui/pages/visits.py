"""走访: the visits of a period across all households, newest first. The list is a lazily fetched
model (ui.models.PagedModel): the count beside it is the period's count, every visit can be
scrolled to, and a header click sorts in SQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from domain.choices import ATTITUDES
from services import visits
from ui import i18n
from ui.context import AppContext
from ui.formatting import OVERDUE_FG, date_text, is_past
from ui.models import Column, PagedModel
from ui.registry import PageSpec, register_page
from ui.widgets import (
    AddressDelegate,
    ReloadOnChange,
    SharedRoom,
    list_table,
    restore_layout,
    save_columns,
)

# Widths a person dragged (visits/header kept every width, the program's too, and a list
# restored them on a narrower screen and scrolled sideways; the old key is left unread).
COLUMNS_KEY = "visits/columns"


def visit_columns() -> tuple[Column, ...]:
    def text(name: str) -> Callable[[dict[str, Any]], str]:
        def get(row: dict[str, Any]) -> str:
            value = row.get(name)
            if name == "attitude":
                return i18n.choice(ATTITUDES, value)
            if name in ("visited_on", "next_visit_due"):
                return date_text(value)
            return str(value or "").replace("\n", " ")

        return get

    def label(name: str) -> Callable[[], str]:
        return lambda: i18n.field_label("visit", name)

    columns = [
        Column(
            "address",
            lambda: QCoreApplication.translate("VisitsPage", "Address"),
            "address",
            text("address"),
        ),
        Column(
            "head_name",
            lambda: QCoreApplication.translate("VisitsPage", "Head of household"),
            "head_name",
            text("head_name"),
        ),
    ]
    for name in FIELDS:
        sortable = name if name in visits.VISIT_SORTS else None
        columns.append(Column(name, label(name), sortable, text(name)))
    return tuple(columns)


def _overdue_due(row: dict[str, Any], column: Column) -> Any:
    if column.key == "next_visit_due" and is_past(row.get("next_visit_due")):
        return OVERDUE_FG
    return None


FIELDS = (
    "visited_on",
    "caseworkers",
    "people_met",
    "attitude",
    "concerns",
    "next_step",
    "next_visit_due",
)


class VisitsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("visitsPage")
        self.ctx = ctx
        self.period = QComboBox(self)
        self.period.setObjectName("visitPeriod")
        for days, text in (
            (7, self.tr("Last 7 days")),
            (30, self.tr("Last 30 days")),
            (90, self.tr("Last 90 days")),
            (365, self.tr("Last year")),
        ):
            self.period.addItem(text, days)
        self.period.setCurrentIndex(1)
        self.period.currentIndexChanged.connect(self.reload)
        self.record = QPushButton(self.tr("Record visit for this household (Ctrl+N)"), self)
        self.record.setObjectName("recordVisitFromList")
        self.record.clicked.connect(self._record)
        self.open = QPushButton(self.tr("Open household"), self)
        self.open.clicked.connect(self._open)
        self.count = QLabel(self)
        self.model = PagedModel(visit_columns(), ctx.tasks, self)
        self.model.foreground = _overdue_due
        self.model.sort_key, self.model.descending = "visited_on", True
        self.model.total_changed.connect(self._show_count)
        self.table = list_table(self.model, self, "visitTable")
        self.model.busy_widget = self.table
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(2, Qt.SortOrder.DescendingOrder)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        # both dates whole; long texts (address, concerns, next step) give way to the others
        self.columns_room = SharedRoom(self.table, whole=(2, 8), extra=8)
        # an address that gives way keeps its estate and its number ("华庄…211号"): cut at
        # its end every row read "华庄街道南湖家园2…"
        self.table.setItemDelegateForColumn(0, AddressDelegate(self.table))
        self.table.activated.connect(lambda _i: self._open())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selected())
        top = QHBoxLayout()
        top.addWidget(self.period)
        top.addWidget(self.count, 1)
        top.addWidget(self.open)
        top.addWidget(self.record)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self._restored = restore_layout(ctx.state, COLUMNS_KEY, self.table.horizontalHeader())
        self.reloader = ReloadOnChange(self, ctx.bus, self.reload, ("visit",))
        self.reload()

    def activated(self) -> None:
        self.reloader.activated()

    def save_state(self) -> None:
        save_columns(self.ctx.state, COLUMNS_KEY, self.columns_room)

    def reload(self) -> None:
        ws = self.ctx.ws
        start = dt.date.today() - dt.timedelta(days=int(self.period.currentData()))
        self.model.count = lambda: visits.count_between(ws, start)
        self.model.page = lambda offset, limit, sort, desc: visits.page_between(
            ws, start, sort=sort, descending=desc, offset=offset, limit=limit
        )
        self.model.reload()

    def _show_count(self, total: int) -> None:
        self.count.setText(self.tr("%1 visits").replace("%1", f"{total:,}"))
        if not self._restored:
            self._restored = True
            self.columns_room.fit()
        self._selected()

    def _current(self) -> tuple[str, str] | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        row = self.model.rows[rows[0].row()]
        title = f"{row.get('head_name') or ''} {row.get('address') or ''}".strip()
        return str(row["household_id"]), title

    def _selected(self) -> None:
        current = self._current()
        self.record.setEnabled(current is not None)
        self.open.setEnabled(current is not None)
        if current is not None:
            self.ctx.select_household(*current)

    def _record(self) -> None:
        current = self._current()
        if current is not None:
            self.ctx.bus.record_visit.emit(*current)

    def _open(self) -> None:
        current = self._current()
        if current is not None:
            self.ctx.bus.open_household.emit(current[0])


register_page(
    PageSpec(
        key="visits",
        title=lambda: QCoreApplication.translate("Pages", "Visits"),
        icon=QStyle.StandardPixmap.SP_FileDialogDetailedView,
        factory=VisitsPage,
        order=30,
        shortcut="Ctrl+3",
    )
)
