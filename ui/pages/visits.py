"""走访: recent visits across all households, newest first."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from domain.choices import ATTITUDES
from services import visits
from ui import i18n
from ui.context import AppContext
from ui.formatting import OVERDUE_FG, date_text, is_past
from ui.registry import PageSpec, register_page
from ui.widgets import restore_layout, save_layout

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
        self._dirty = False
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
        headers = [self.tr("Address"), self.tr("Head of household")]
        headers += [i18n.field_label("visit", f) for f in FIELDS]
        self.table = QTableWidget(0, len(headers), self)
        self.table.setObjectName("visitTable")
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemActivated.connect(lambda _i: self._open())
        self.table.itemSelectionChanged.connect(self._selected)
        top = QHBoxLayout()
        top.addWidget(self.period)
        top.addWidget(self.count, 1)
        top.addWidget(self.open)
        top.addWidget(self.record)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self._restored = restore_layout(ctx.state, "visits/header", self.table.horizontalHeader())
        ctx.bus.changed.connect(self._changed)
        self.reload()

    def activated(self) -> None:
        if self._dirty:
            self._dirty = False
            self.reload()

    def save_state(self) -> None:
        save_layout(self.ctx.state, "visits/header", self.table.horizontalHeader())

    def _changed(self, entity: str, _id: str) -> None:
        if entity != "visit":
            return
        if self.isVisible():
            self.reload()
        else:
            self._dirty = True

    def reload(self) -> None:
        ws = self.ctx.ws
        start = dt.date.today() - dt.timedelta(days=int(self.period.currentData()))
        self.ctx.tasks.run(
            lambda: visits.visits_between(ws, start, limit=2000), self._show, key="visits-page"
        )

    def _show(self, rows: list[dict[str, Any]]) -> None:
        table = self.table
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            cells = [row.get("address") or "", row.get("head_name") or ""]
            for name in FIELDS:
                value = row.get(name)
                if name == "attitude":
                    cells.append(i18n.choice(ATTITUDES, value))
                elif name in ("visited_on", "next_visit_due"):
                    cells.append(date_text(value))
                else:
                    cells.append(str(value or "").replace("\n", " "))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                item.setData(Qt.ItemDataRole.UserRole, row["household_id"])
                item.setData(Qt.ItemDataRole.UserRole + 1, cells[1] + " " + cells[0])
                table.setItem(r, c, item)
            due = table.item(r, len(cells) - 1)
            if due is not None and is_past(row.get("next_visit_due")):
                due.setForeground(OVERDUE_FG)
        self.count.setText(self.tr("%1 visits").replace("%1", str(len(rows))))
        if not self._restored:
            table.resizeColumnsToContents()
            for c in range(table.columnCount()):
                table.setColumnWidth(c, min(table.columnWidth(c), 260))
        self._selected()

    def _current(self) -> tuple[str, str] | None:
        items = self.table.selectedItems()
        if not items:
            return None
        item = items[0]
        return str(item.data(Qt.ItemDataRole.UserRole)), str(
            item.data(Qt.ItemDataRole.UserRole + 1)
        )

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
