"""A read-only table model over a list of service results (dataclasses or dicts), with columns
declared once, sorting in memory, and optional colour and icon rules. The lists it serves are
small (a screenful to a few thousand rows: tickets, flats, today's items, records behind a
number); the household list, which can be 100 000 rows, has its own lazy model (ui.models)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import QWidget

from domain.i18n import bracketed

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 7
# (before, address, close, tail) of a cell whose text is before + address + close + tail and
# names a household ("王芳（" + address + "）" + "：应于…回访"): a list table's delegate shortens
# the address when the cell is too narrow, keeping `before` and `close` whole and cutting the
# tail (ui.widgets.HouseholdDelegate).
HOUSEHOLD_ROLE = Qt.ItemDataRole.UserRole + 8
HouseholdParts = tuple[str, str, str, str]


def bracketed_parts(head: str, address: str, lead: str = "", tail: str = "") -> HouseholdParts:
    """The parts of lead + "head（address）" + tail (English brackets on English screens)."""
    opening, closing = bracketed(head, "\x00").split("\x00")
    return lead + opening, address, closing, tail


@dataclass(frozen=True)
class Col:
    title: Callable[[], str]
    text: Callable[[Any], str]
    numeric: bool = False
    key: Callable[[Any], Any] | None = None  # sort key; the text when None
    tooltip: Callable[[Any], str] | None = None
    household: Callable[[Any], HouseholdParts | None] | None = None  # see HOUSEHOLD_ROLE


def two_lines(title: str) -> str:
    """A heading of several words broken at the space (or hyphen) nearest its middle ("Funding needed,
    10k yuan" over two lines): a list of many columns keeps every title whole in half the
    width. A heading of one word (every Chinese one) stays as it is."""
    breaks = [i for i, ch in enumerate(title) if ch in " -" and 0 < i < len(title) - 1]
    if not breaks:
        return title
    middle = len(title) / 2
    cut = min(breaks, key=lambda i: abs(i - middle))
    if title[cut] == "-":  # "Sub-" over "district": the hyphen stays
        return title[: cut + 1] + "\n" + title[cut + 1 :]
    return title[:cut] + "\n" + title[cut + 1 :]


def money_text(value: Any) -> str:
    return "" if value is None else f"{float(value):,.2f}"


def pct_text(rate: float | None, digits: int = 1) -> str:
    return "—" if rate is None else f"{rate * 100:.{digits}f}%"


class ColumnsModel(QAbstractTableModel):
    """What every table model here shares: `rows` shown through `columns`, each column with a
    `title()` for the header. Subclasses set both and answer data()."""

    rows: Sequence[Any]
    columns: Sequence[Any]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title()
        return None


class RowsModel(ColumnsModel):
    def __init__(
        self,
        columns: Sequence[Col],
        parent: QWidget | None = None,
        *,
        foreground: Callable[[Any], QColor | None] | None = None,
        background: Callable[[Any], QColor | None] | None = None,
        icon: Callable[[Any], QIcon | None] | None = None,
        two_line_headings: bool = False,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.two_line_headings = two_line_headings
        self.rows: list[Any] = []
        self._foreground = foreground
        self._background = background
        self._icon = icon
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # Qt model API ---------------------------------------------------------------------------
    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and self.two_line_headings:
            title = self.columns[section].title()
            if role == Qt.ItemDataRole.DisplayRole:
                return two_lines(title)
            if role == Qt.ItemDataRole.ToolTipRole:
                return title  # on one line, as the rest of the app names it
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == ROW_ROLE:
            return row
        if role == HOUSEHOLD_ROLE:
            return column.household(row) if column.household else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(row) if column.tooltip else (column.text(row) or None)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and self._foreground:
            return self._foreground(row)
        if role == Qt.ItemDataRole.BackgroundRole and self._background:
            return self._background(row)
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0 and self._icon:
            return self._icon(row)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        self._sort_rows()
        self.layoutChanged.emit()

    # our API --------------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._sort_rows()
        self.endResetModel()

    def texts(self) -> list[dict[str, str]]:
        """The rows as shown, keyed by column title (tests, copying)."""
        return [{c.title(): c.text(row) for c in self.columns} for row in self.rows]

    def row(self, index: int) -> Any:
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def _sort_rows(self) -> None:
        if self._sort is None:
            return
        column, order = self._sort
        spec = self.columns[column]
        key = spec.key or spec.text

        def sort_key(row: Any) -> tuple[bool, Any]:
            value = key(row)
            return (value is None or value == "", value if value is not None else "")

        self.rows.sort(key=sort_key, reverse=order == Qt.SortOrder.DescendingOrder)
