"""Qt models over service results.

PagedModel holds only the rows fetched so far of a list too long to hold and asks for the next
page when the view scrolls near the end (canFetchMore/fetchMore), so 100 000 rows cost one page
of memory and one query per screenful (Anki's browser table). HouseholdModel is the household
list built on it (pages under a filter, or a search's best matches); the visits page uses it
as it is. ListModel is the in-memory table for lists that fit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QApplication, QStyle

from domain.choices import ATTITUDES
from domain.states import HOUSEHOLD_STATES
from services import households
from services.households import HouseholdFilter
from ui import i18n
from ui.formatting import OVERDUE_FG, date_text, is_past
from ui.rows_model import ColumnsModel
from ui.tasks import Tasks

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Column:
    key: str
    title: Callable[[], str]
    sort: str | None
    text: Callable[[dict[str, Any]], str]
    numeric: bool = False


def _short(text: str) -> Callable[[], str]:
    return lambda: QCoreApplication.translate("HouseholdModel", text)


# Listed for lupdate (it cannot see through _short): the household list's short titles.
_SHORT_TITLES = (
    QT_TRANSLATE_NOOP("HouseholdModel", "Address"),
    QT_TRANSLATE_NOOP("HouseholdModel", "Head"),
    QT_TRANSLATE_NOOP("HouseholdModel", "Next visit"),
    QT_TRANSLATE_NOOP("HouseholdModel", "Open"),
    QT_TRANSLATE_NOOP("HouseholdModel", "Project"),
    QT_TRANSLATE_NOOP("HouseholdModel", "State"),
    QT_TRANSLATE_NOOP("HouseholdModel", "Attitude"),
    QT_TRANSLATE_NOOP("HouseholdModel", "Last visit"),
)


# The columns a caseworker acts on first (who, where, when the next visit is due — with the
# overdue mark — and what is still open), so they stay on screen beside the household's pane
# on a 1366-pixel laptop; short titles, the full field name in the header's tooltip.
HOUSEHOLD_COLUMNS: tuple[Column, ...] = (
    Column("address", _short("Address"), "address", lambda r: r.get("address") or ""),
    Column("head_name", _short("Head"), "head_name", lambda r: r.get("head_name") or ""),
    Column(
        "next_visit_due",
        _short("Next visit"),
        "next_visit_due",
        lambda r: date_text(r.get("next_visit_due")),
    ),
    Column(
        "open_requests",
        _short("Open"),
        "open_requests",
        lambda r: str(r.get("open_requests") or 0),
        numeric=True,
    ),
    Column(
        "project_name",
        _short("Project"),
        "project",
        lambda r: r.get("project_name") or "",
    ),
    Column(
        "state",
        _short("State"),
        "state",
        lambda r: i18n.choice(HOUSEHOLD_STATES, r.get("state")),
    ),
    Column(
        "attitude",
        _short("Attitude"),
        "attitude",
        lambda r: i18n.choice(ATTITUDES, r.get("attitude")),
    ),
    Column(
        "last_visit_on",
        _short("Last visit"),
        "last_visit_on",
        lambda r: date_text(r.get("last_visit_on")),
    ),
)
HOUSEHOLD_COLUMN_TIPS = {
    "address": lambda: i18n.field_label("household", "address"),
    "head_name": lambda: i18n.field_label("household", "head_name"),
    "next_visit_due": lambda: QCoreApplication.translate("HouseholdModel", "Next visit due"),
    "open_requests": lambda: QCoreApplication.translate("HouseholdModel", "Open requests"),
    "project_name": lambda: i18n.field_label("household", "project_id"),
    "state": lambda: i18n.field_label("household", "state"),
    "attitude": lambda: i18n.field_label("household", "attitude"),
    "last_visit_on": lambda: QCoreApplication.translate("HouseholdModel", "Last visit"),
}


class PagedModel(ColumnsModel):
    """A read-only table over a list too long to hold (100 000 households, a year of visits):
    `count()` and `page(offset, limit, sort, descending)` run off the GUI thread; pages arrive
    as the view scrolls (canFetchMore/fetchMore) and a header click re-sorts in SQL, so every
    row can be reached and the count beside the list is the count of the rows it can show.

    Every query runs through ui.tasks under one key: a newer reload, sort or filter makes older
    answers stale and they are dropped. `reloading` is True from reload() until its rows are in
    (`reloaded` then fires, also after a failure), so a key pressed meanwhile can wait for the
    rows it means instead of acting on the old ones."""

    PAGE = 500
    MAX_PAGE = 5000
    total_changed = Signal(int)
    loading_changed = Signal(bool)
    reloaded = Signal()

    def __init__(self, columns: tuple[Column, ...], tasks: Tasks, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.tasks = tasks
        self.rows: list[dict[str, Any]] = []
        self.total: int | None = None
        self.sort_key = ""
        self.descending = True
        self.foreground: Callable[[dict[str, Any], Column], Any] | None = None
        self.count: Callable[[], int] = lambda: 0
        self.page: Callable[[int, int, str, bool], list[dict[str, Any]]] = lambda *_: []
        self.reloading = False
        self.busy_widget: Any = None  # the view that says "正在加载…" when a reload is slow
        self._fetching = False
        self._key = f"paged-{id(self)}"

    # Qt model API ---------------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.text(row) or None
        if role == ID_ROLE:
            return row.get("id")
        if role == Qt.ItemDataRole.ForegroundRole and self.foreground is not None:
            return self.foreground(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() or self._fetching or self.total is None:
            return False
        return len(self.rows) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._set_fetching(True)
        offset = len(self.rows)
        # A deep OFFSET costs a scan up to it: pages grow with depth, so reaching row n takes
        # O(log n) queries instead of n / PAGE.
        limit = min(max(self.PAGE, offset // 2), self.MAX_PAGE)
        self.tasks.run(
            self._page_job(offset, limit),
            lambda rows: self._append(offset, rows),
            self._failed,
            key=self._key,
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        spec = self.columns[column]
        if spec.sort is None:
            return
        self.sort_key = spec.sort
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    # our API --------------------------------------------------------------------------------
    def reload(self) -> None:
        """Count and fetch the first page in one background task."""
        self.reloading = True
        self._set_fetching(True)
        self.tasks.run(
            self._reload_job(),
            self._replace,
            self._failed,
            key=self._key,
            busy=self.busy_widget,
        )

    def row_id(self, row: int) -> str | None:
        return self.rows[row].get("id") if 0 <= row < len(self.rows) else None

    def row_of(self, record_id: str) -> int:
        for i, row in enumerate(self.rows):
            if row.get("id") == record_id:
                return i
        return -1

    # the queries, built on the GUI thread from the state of now, run on a worker ------------
    def _reload_job(self) -> Callable[[], tuple[int, list[dict[str, Any]]]]:
        count, page, sort, desc, limit = (
            self.count,
            self.page,
            self.sort_key,
            self.descending,
            self.PAGE,
        )
        return lambda: (count(), page(0, limit, sort, desc))

    def _page_job(self, offset: int, limit: int) -> Callable[[], list[dict[str, Any]]]:
        page, sort, desc = self.page, self.sort_key, self.descending
        return lambda: page(offset, limit, sort, desc)

    # results --------------------------------------------------------------------------------
    def _replace(self, result: tuple[int, list[dict[str, Any]]]) -> None:
        total, rows = result
        self.beginResetModel()
        self.rows, self.total = list(rows), total
        self.endResetModel()
        self.reloading = False
        self._set_fetching(False)
        self.total_changed.emit(total)
        self.reloaded.emit()

    def _append(self, offset: int, rows: list[dict[str, Any]]) -> None:
        self._set_fetching(False)
        if offset != len(self.rows) or not rows:
            if not rows:
                self.total = len(self.rows)  # the list shrank meanwhile; stop asking
            return
        self.beginInsertRows(QModelIndex(), offset, offset + len(rows) - 1)
        self.rows.extend(rows)
        self.endInsertRows()

    def _failed(self, exc: BaseException) -> None:
        self.reloading = False
        self._set_fetching(False)
        self.reloaded.emit()  # whoever waits for the rows must not wait forever
        raise exc

    def _set_fetching(self, value: bool) -> None:
        if value != self._fetching:
            self._fetching = value
            self.loading_changed.emit(value)


COUNT_CAP = 10_000  # a search counts its matches up to here ("more than 10 000")


class HouseholdModel(PagedModel):
    """The household list: pages of services.households.list_page under a filter, or — while a
    search is typed — the best SEARCH_LIMIT matches of services.households.find, sorted in
    memory (a search has no further pages)."""

    PAGE = 200
    SEARCH_LIMIT = 500

    def __init__(self, ws: Any, tasks: Tasks, parent: Any = None) -> None:
        super().__init__(HOUSEHOLD_COLUMNS, tasks, parent)
        self.ws = ws
        self.filter = HouseholdFilter()
        self.query = ""
        self.sort_key = "address"
        self.descending = False
        self._key = f"households-{id(self)}"

    # Qt model API ---------------------------------------------------------------------------
    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            tip = HOUSEHOLD_COLUMN_TIPS.get(self.columns[section].key)
            return tip() if tip else None
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.row() < len(self.rows) and role in OVERDUE_ROLES:
            column = self.columns[index.column()]
            if column.key == "next_visit_due" and is_past(
                self.rows[index.row()].get("next_visit_due")
            ):
                return _overdue_mark(role)
        return super().data(index, role)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not self.query and super().canFetchMore(parent)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        spec = self.columns[column]
        if spec.sort is None or not self.query:
            super().sort(column, order)
            return
        # search results are all here: sort them where they are
        self.sort_key = spec.sort
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.layoutAboutToBeChanged.emit()
        self.rows.sort(key=lambda r: _sort_value(r, spec.key), reverse=self.descending)
        self.layoutChanged.emit()

    # our API --------------------------------------------------------------------------------
    def household_id(self, row: int) -> str | None:
        return self.row_id(row)

    def set_filter(self, flt: HouseholdFilter) -> None:
        self.filter = flt
        self.reload()

    def set_query(self, query: str) -> None:
        self.query = query.strip()
        self.reload()

    def _reload_job(self) -> Callable[[], tuple[int, list[dict[str, Any]]]]:
        """Count and fetch the first page, or run the search."""
        ws, flt, query = self.ws, replace(self.filter), self.query
        sort, desc, page, limit = self.sort_key, self.descending, self.PAGE, self.SEARCH_LIMIT

        def load() -> tuple[int, list[dict[str, Any]]]:
            if query:
                rows = households.find(ws, query, limit=limit, flt=flt)
                if len(rows) < limit and not flt.overdue_follow_up:
                    return len(rows), rows
                # capped (or thinned by a filter the search cannot see): count them all
                return households.count_found(ws, query, flt=flt, cap=COUNT_CAP), rows
            total = households.count(ws, flt)
            return total, households.list_page(ws, flt, sort=sort, descending=desc, limit=page)

        return load

    def _page_job(self, offset: int, limit: int) -> Callable[[], list[dict[str, Any]]]:
        ws, flt, sort, desc = self.ws, self.filter, self.sort_key, self.descending
        return lambda: households.list_page(
            ws, flt, sort=sort, descending=desc, offset=offset, limit=limit
        )


OVERDUE_ROLES = (
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.DecorationRole,
    Qt.ItemDataRole.ToolTipRole,
)


def _overdue_mark(role: int) -> Any:
    """How a follow-up visit past its date shows: red, a warning sign, and why in the tooltip."""
    if role == Qt.ItemDataRole.ForegroundRole:
        return OVERDUE_FG
    if role == Qt.ItemDataRole.DecorationRole:
        return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
    return QCoreApplication.translate("HouseholdModel", "Follow-up visit overdue")


def _sort_value(row: dict[str, Any], key: str) -> tuple[bool, Any]:
    value = row.get(key)
    return (value is None, value if value is not None else "")


class ListModel(ColumnsModel):
    """A read-only table over a list of dicts that fits in memory (a few thousand rows), with
    in-memory sorting: building QTableWidgetItems for that many rows would stall the GUI."""

    def __init__(self, columns: tuple[Column, ...], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.rows: list[dict[str, Any]] = []
        self.foreground: Callable[[dict[str, Any], Column], Any] | None = None

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.text(row)
        if role == Qt.ItemDataRole.ForegroundRole and self.foreground is not None:
            return self.foreground(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        spec = self.columns[column]
        self.layoutAboutToBeChanged.emit()
        self.rows.sort(key=spec.text, reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()
