"""今日待办: what is due or overdue today — follow-up visits, requests near or past their deadline,
house tickets about to expire, statutory steps of the projects — for one caseworker, one
sub-district or everybody, with the count per caseworker (or sub-district) beside it. The list
and every count come from services.today, computed off the GUI thread; the navigation badge is
the same count as the page's default view (this laptop's caseworker; everybody at the hub)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from services import today as today_service
from services.today import TodayItem, TodayList
from services.workspace import Workspace
from ui import formatting, i18n
from ui.context import AppContext
from ui.formatting import ESCALATED_BG, OVERDUE_FG, date_text
from ui.registry import PageSpec, register_page
from ui.rows_model import ROW_ROLE, Col, HouseholdParts, RowsModel, bracketed_parts
from ui.widgets import ReloadOnChange, WholeHeaders, fill_combo, list_table

KIND_FILTERS = ("all", "visit", "request", "ticket", "statutory", "overdue")


def kind_label(kind: str) -> str:
    return {
        "all": QCoreApplication.translate("TodayPage", "All"),
        "visit": QCoreApplication.translate("TodayPage", "Visits"),
        "request": QCoreApplication.translate("TodayPage", "Requests"),
        "ticket": QCoreApplication.translate("TodayPage", "House tickets"),
        "statutory": QCoreApplication.translate("TodayPage", "Statutory steps"),
        "overdue": QCoreApplication.translate("TodayPage", "Overdue"),
        "total": QCoreApplication.translate("TodayPage", "Total"),
    }[kind]


def days_text(item: TodayItem) -> str:
    if item.due is None:
        return ""
    # one day is "1 day" in English (Chinese has one form: 逾期 1 天)
    if item.days == -1:
        return QCoreApplication.translate("TodayPage", "1 day overdue")
    if item.days < 0:
        return QCoreApplication.translate("TodayPage", "%1 days overdue").replace(
            "%1", str(-item.days)
        )
    if item.days == 0:
        return QCoreApplication.translate("TodayPage", "today")
    if item.days == 1:
        return QCoreApplication.translate("TodayPage", "in 1 day")
    return QCoreApplication.translate("TodayPage", "in %1 days").replace("%1", str(item.days))


def item_text(item: TodayItem) -> str:
    """The sentence, led by the household or project when the sentence does not name it."""
    if item.kind in ("request", "statutory") and item.title:
        return i18n.labelled(item.title, item.message())
    return item.message()


def item_household(item: TodayItem) -> HouseholdParts | None:
    """The item's text around the household it names (ui.rows_model.HOUSEHOLD_ROLE), so a
    narrow column can shorten the address and keep the name, the estate and the room."""
    if not item.household_id or not item.head_name or not item.address:
        return None
    marker = "\x00"
    params = {k: marker if k == "household" else v for k, v in item.params.items()}
    text = item_text(replace(item, title=marker, params=params))
    if text.count(marker) != 1:
        return None
    lead, tail = text.split(marker)
    return bracketed_parts(item.head_name, item.address, lead, tail)


def default_caseworker(ws: Workspace) -> str | None:
    """Whose list the page and the badge show first: this laptop's caseworker; all at the hub."""
    profile = ws.profile()
    if profile is None or profile.role == "hub":
        return None
    return profile.caseworker


def today_badge(ws: Workspace) -> int:
    counts = today_service.today_counts(
        ws, today=formatting.today(), caseworker=default_caseworker(ws)
    )
    return counts["total"]


@dataclass(frozen=True)
class SummaryRow:
    name: str  # caseworker or "district sub-district"
    value: str  # the filter value
    counts: dict[str, int]


def summary(ws: Workspace, by: str) -> list[SummaryRow]:
    """One row per caseworker (or sub-district) with something due: services.today counts them
    all in one pass (one call per name took seconds at 20 000 households)."""
    counts = today_service.today_counts_by(ws, by, today=formatting.today())
    rows = [SummaryRow(name, name, found) for name, found in counts.items()]
    rows.sort(key=lambda r: (-r.counts["overdue"], -r.counts["total"], r.name))
    return rows


def _item_foreground(item: TodayItem) -> QColor | None:
    return OVERDUE_FG if item.overdue else None


def _item_background(item: TodayItem) -> QColor | None:
    return ESCALATED_BG if item.severity in ("due", "warning") and not item.overdue else None


def _item_icon(item: TodayItem) -> QIcon | None:
    style = QApplication.style()
    if item.overdue:
        return style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
    if item.severity in ("due", "warning"):
        return style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
    return None


ITEM_COLUMNS = (
    # the summary's short words ("Statutory", not "Statutory steps"): the item's text needs
    # the width more
    Col(lambda: QCoreApplication.translate("TodayPage", "Kind"), lambda i: count_heading(i.kind)),
    Col(
        lambda: QCoreApplication.translate("TodayPage", "When"),
        days_text,
        key=lambda i: (i.due is None, i.days),
    ),
    Col(
        lambda: QCoreApplication.translate("TodayPage", "Due"),
        lambda i: date_text(i.due.isoformat() if i.due else None),
    ),
    Col(
        lambda: QCoreApplication.translate("TodayPage", "What"),
        item_text,
        household=item_household,
    ),
    Col(
        lambda: QCoreApplication.translate("TodayPage", "Caseworker"), lambda i: i.caseworker or ""
    ),
    Col(
        lambda: QCoreApplication.translate("TodayPage", "Sub-district"),
        lambda i: i.sub_district or "",
    ),
)


CASEWORKER_COLUMN, SUB_DISTRICT_COLUMN = 4, 5


def count_heading(kind: str) -> str:
    """A summary column's heading: short, since the summary beside the list is narrow (in
    English "House tickets" and "Statutory steps" pushed Overdue off its right edge)."""
    if kind == "ticket":
        return QCoreApplication.translate("TodayPage", "Tickets", "summary column: house tickets")
    if kind == "statutory":
        return QCoreApplication.translate("TodayPage", "Statutory", "summary column: steps")
    return kind_label(kind)


def _count_col(kind: str) -> Col:
    return Col(
        lambda: count_heading(kind),
        lambda r: str(r.counts.get(kind, 0)),
        numeric=True,
        key=lambda r: r.counts.get(kind, 0),
    )


SUMMARY_COLUMNS = (
    Col(lambda: QCoreApplication.translate("TodayPage", "Name"), lambda r: r.name),
    _count_col("overdue"),  # what a team leader acts on, first: never scrolled out of sight
    _count_col("visit"),
    _count_col("request"),
    _count_col("ticket"),
    _count_col("statutory"),
    _count_col("total"),
)
SUMMARY_OVERDUE = 1


class TodayPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("todayPage")
        self.ctx = ctx
        self.current: TodayList | None = None
        self.kind = "all"

        self.caseworker = QComboBox(self)
        self.caseworker.setObjectName("caseworkerFilter")
        self.caseworker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.sub_district = QComboBox(self)
        self.sub_district.setObjectName("subDistrictFilter")
        self.sub_district.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.caseworker.addItem(self.tr("All caseworkers"), None)
        self.sub_district.addItem(self.tr("All sub-districts"), None)
        profile = ctx.profile  # as default_caseworker decides, without a read on this thread
        mine = profile.caseworker if profile is not None and profile.role != "hub" else None
        if mine:
            self.caseworker.addItem(mine, mine)
            self.caseworker.setCurrentIndex(1)
        self.caseworker.currentIndexChanged.connect(self.reload)
        self.sub_district.currentIndexChanged.connect(self.reload)
        self.date_label = QLabel(self)
        self.date_label.setStyleSheet("color: #5f6368;")

        self.kind_buttons: dict[str, QPushButton] = {}
        group = QButtonGroup(self)
        group.setExclusive(True)
        kinds = QHBoxLayout()
        for kind in KIND_FILTERS:
            button = QPushButton(kind_label(kind), self)
            button.setObjectName(f"kind_{kind}")
            button.setCheckable(True)
            button.setChecked(kind == "all")
            button.clicked.connect(lambda _c=False, k=kind: self.show_kind(k))
            group.addButton(button)
            kinds.addWidget(button)
            self.kind_buttons[kind] = button
        kinds.addStretch(1)
        self.kind_buttons["overdue"].setStyleSheet(f"color: {OVERDUE_FG.name()};")

        self.model = RowsModel(
            ITEM_COLUMNS,
            self,
            foreground=_item_foreground,
            background=_item_background,
            icon=_item_icon,
        )
        self.table = list_table(self.model, self, "todayTable", alternating=False)
        self.table.setSortingEnabled(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        # "318 days overdue" whole in English too; the item's text takes what is left
        metrics = self.fontMetrics()
        when = metrics.horizontalAdvance(self.tr("%1 days overdue").replace("%1", "999"))
        # every kind whole beside its icon ("Statutory steps" was cut in English)
        widest_kind = max(metrics.horizontalAdvance(count_heading(k)) for k in KIND_FILTERS[1:-1])
        icon = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        due = metrics.horizontalAdvance(date_text("2026-12-31")) + 16
        widths = (widest_kind + icon + 24, max(100, when + 16), due, 520, 80, 90)
        for column, width in enumerate(widths):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._open)  # double-click or Enter
        self.empty = QLabel(self.tr("Nothing is due. Well done."), self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #188038; font-size: 13pt;")
        self.empty.hide()

        self.group_by = QComboBox(self)
        self.group_by.setObjectName("groupBy")
        self.group_by.addItem(self.tr("By caseworker"), "caseworker")
        self.group_by.addItem(self.tr("By sub-district"), "sub_district")
        self.group_by.currentIndexChanged.connect(self.reload_summary)
        self.summary_model = RowsModel(SUMMARY_COLUMNS, self)
        self.summary_table = QTableView(self)
        self.summary_table.setObjectName("todaySummary")
        self.summary_table.setModel(self.summary_model)
        self.summary_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.summary_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.summary_table.verticalHeader().hide()
        self.summary_table.setSortingEnabled(True)
        self.summary_table.sortByColumn(SUMMARY_OVERDUE, Qt.SortOrder.DescendingOrder)
        self.summary_headers = WholeHeaders(self.summary_table.horizontalHeader())
        summary_header = self.summary_table.horizontalHeader()
        summary_header.setStretchLastSection(False)
        # the names take what the counts leave (elided, whole in the tooltip)
        summary_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        summary_header.sortIndicatorChanged.connect(self._size_summary)
        self.summary_table.activated.connect(self._summary_open)  # double-click or Enter
        summary_hint = QLabel(self.tr("Double-click a row or press Enter to see that list."), self)
        summary_hint.setStyleSheet("color: #5f6368;")

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Whose list"), self))
        top.addWidget(self.caseworker)
        top.addWidget(self.sub_district)
        top.addStretch(1)
        top.addWidget(self.date_label)
        left = QWidget(self)
        box = QVBoxLayout(left)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(top)
        box.addLayout(kinds)
        box.addWidget(self.table, 1)
        box.addWidget(self.empty)
        right = QWidget(self)
        side = QVBoxLayout(right)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.group_by)
        side.addWidget(self.summary_table, 1)
        side.addWidget(summary_hint)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("todaySplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.summary_pane = right
        self._size_summary()
        self.splitter.setSizes([940, 470])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        self.reloader = ReloadOnChange(self, ctx.bus, self._reload_all)
        self._reload_all()

    def _size_summary(self, *_sort: object) -> None:
        """Each count as wide as its heading (the sort arrow's room only where it is drawn) or
        its numbers, and the pane beside the list at least wide enough to show them all with a
        few characters of the name: in English the counts scrolled out of view."""
        header = self.summary_table.horizontalHeader()
        digits = self.summary_table.fontMetrics().horizontalAdvance("9999") + 8
        counts = 0
        for column in range(1, len(SUMMARY_COLUMNS)):
            width = max(self.summary_headers.need(column), digits)
            header.resizeSection(column, width)
            counts += width
        name = self.summary_table.fontMetrics().horizontalAdvance("名字名") + 10
        scroll = self.summary_table.verticalScrollBar().sizeHint().width()
        frame = 2 * self.summary_table.frameWidth()
        self.summary_pane.setMinimumWidth(counts + name + scroll + frame)

    # page protocol --------------------------------------------------------------------------
    def activated(self) -> None:
        if self.current is not None and self.current.today != formatting.today():
            self.reloader.stale = True  # shown again on another day
        self.reloader.activated()

    def _reload_all(self) -> None:
        self.reload()
        self.reload_summary()

    # loading --------------------------------------------------------------------------------
    def filters(self) -> dict[str, Any]:
        return {
            "caseworker": self.caseworker.currentData(),
            "sub_district": self.sub_district.currentData(),
        }

    def reload(self) -> None:
        ws, day, flt = self.ctx.ws, formatting.today(), self.filters()
        # A column that would repeat the list's one caseworker or sub-district on every row
        # gives its width to the item's text (in English the estate was cut to "长江…").
        self.table.setColumnHidden(CASEWORKER_COLUMN, flt["caseworker"] is not None)
        self.table.setColumnHidden(SUB_DISTRICT_COLUMN, flt["sub_district"] is not None)
        self.ctx.tasks.run(
            lambda: today_service.today_list(ws, today=day, **flt),
            self.show_list,
            key="today-list",
            busy=self.table,
        )

    def reload_summary(self) -> None:
        ws, by = self.ctx.ws, self.group_by.currentData()
        self.ctx.tasks.run(
            lambda: summary(ws, by),
            self._show_summary,
            key="today-summary",
            busy=self.summary_table,
        )

    def show_list(self, found: TodayList) -> None:
        self.current = found
        self.date_label.setText(self.tr("Today: %1").replace("%1", found.today.isoformat()))
        counts = found.counts
        for kind, button in self.kind_buttons.items():
            n = counts["total"] if kind == "all" else counts.get(kind, 0)
            button.setText(f"{kind_label(kind)} {n}")
        self._fill()

    def _fill(self) -> None:
        if self.current is None:
            return
        items = self.current.items
        if self.kind == "overdue":
            items = [i for i in items if i.overdue]
        elif self.kind != "all":
            items = self.current.of_kind(self.kind)
        self.model.set_rows(items)
        self.empty.setVisible(not items)

    def show_kind(self, kind: str) -> None:
        self.kind = kind
        self.kind_buttons[kind].setChecked(True)
        self._fill()

    def _show_summary(self, rows: list[SummaryRow]) -> None:
        self.summary_model.set_rows(rows)
        self._mark_summary()
        by = self.group_by.currentData()
        combo = self.caseworker if by == "caseworker" else self.sub_district
        current = combo.currentData()
        names = sorted({r.value for r in rows} | ({current} if current else set()))
        fill_combo(combo, combo.itemText(0), [(name, name) for name in names])

    def _mark_summary(self) -> None:
        """Select the summary row of the list being shown, if it is one."""
        by = self.group_by.currentData()
        value = (self.caseworker if by == "caseworker" else self.sub_district).currentData()
        self.summary_table.clearSelection()
        for i, row in enumerate(self.summary_model.rows):
            if row.value == value:
                self.summary_table.selectRow(i)

    def set_filter(self, caseworker: str | None = None, sub_district: str | None = None) -> None:
        for combo, value in ((self.caseworker, caseworker), (self.sub_district, sub_district)):
            combo.blockSignals(True)
            if value and combo.findData(value) < 0:
                combo.addItem(value, value)
            combo.setCurrentIndex(max(combo.findData(value), 0))
            combo.blockSignals(False)
        self._mark_summary()
        self.reload()

    # actions --------------------------------------------------------------------------------
    def _summary_open(self, index: QModelIndex) -> None:
        row = self.summary_model.row(index.row())
        if row is None:
            return
        if self.group_by.currentData() == "caseworker":
            self.set_filter(caseworker=row.value)
        else:
            self.set_filter(sub_district=row.value)

    def _open(self, index: QModelIndex) -> None:
        item: TodayItem | None = index.data(ROW_ROLE)
        if item is None:
            return
        if item.household_id:
            self.ctx.bus.open_household.emit(item.household_id)
        elif item.project_id:
            self.ctx.bus.show_project.emit(item.project_id)


register_page(
    PageSpec(
        key="today",
        title=lambda: QCoreApplication.translate("ResettlementPages", "Today"),
        icon=QStyle.StandardPixmap.SP_FileDialogDetailedView,
        factory=TodayPage,
        order=5,
        badge=today_badge,
        shortcut="Ctrl+6",
    )
)
