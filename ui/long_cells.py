"""Table cells that may hold the longest values a field allows (4 000 characters, unbroken text,
punctuation, emoji), for the household page's read-only record tables (Requests, History).

A cell shows a wrapped preview a few lines high (never one line running sideways past the pane);
its tooltip holds a longer wrapped excerpt and a double-click on the row opens the whole of every
value in a detail window. The columns share the table's width: short ones (dates, names) keep
their contents' width up to a bound, the long ones stretch over the rest.
"""

from __future__ import annotations

import html
from collections.abc import Collection

from PySide6.QtCore import QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)
from shiboken6 import isValid

from ui.formatting import breakable, clipped

PREVIEW_CHARS = 200  # what a cell shows of a value; the rest is in the tooltip and the detail
TOOLTIP_CHARS = 1000  # a tooltip of ~15 wrapped lines still fits a 768-px screen
SHORT_COLUMN_MAX = 180  # px: a date, a name, a field's label
ROW_LINES = 4  # the highest a row grows; a longer preview ends in "…"
FULL_TEXT = Qt.ItemDataRole.UserRole + 7


def long_item(text: str) -> QTableWidgetItem:
    """A cell for `text`, however long: a breakable preview, the whole value kept for the detail."""
    item = QTableWidgetItem(breakable(clipped(text, PREVIEW_CHARS)))
    item.setData(FULL_TEXT, text)
    if text:
        # Rich text so Qt wraps the tooltip; zero-width spaces let unbroken text wrap too.
        excerpt = html.escape(breakable(clipped(text, TOOLTIP_CHARS)))
        item.setToolTip(f"<qt>{excerpt}</qt>")
    return item


def full_text(item: QTableWidgetItem | None) -> str:
    if item is None:
        return ""
    value = item.data(FULL_TEXT)
    return str(value) if value is not None else item.text()


class LongTextColumns(QObject):
    """Fits a read-only table with `long_columns` into its pane: wrapped cells, rows at most
    ROW_LINES high, the long columns stretched over the width the short ones leave, and the
    row's detail on double-click. Call `fit()` after filling; resizing refits the rows."""

    def __init__(self, table: QTableWidget, long_columns: Collection[int]) -> None:
        super().__init__(table)
        self.table = table
        self.long_columns = set(long_columns)
        table.setWordWrap(True)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = table.horizontalHeader()
        for column in range(table.columnCount()):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if column in self.long_columns
                else QHeaderView.ResizeMode.Interactive
            )
            header.setSectionResizeMode(column, mode)
        self._rows_later = QTimer(self)
        self._rows_later.setSingleShot(True)
        self._rows_later.setInterval(0)
        self._rows_later.timeout.connect(self.fit_rows)
        header.sectionResized.connect(lambda *_: self._rows_later.start())
        table.doubleClicked.connect(self.show_detail)

    def fit(self) -> None:
        table = self.table
        for column in range(table.columnCount()):
            if column not in self.long_columns:
                want = max(table.sizeHintForColumn(column), 0)
                table.setColumnWidth(column, min(want, SHORT_COLUMN_MAX))
        self.fit_rows()

    def fit_rows(self) -> None:
        table = self.table
        if not isValid(table):
            return
        most = table.fontMetrics().lineSpacing() * ROW_LINES + 10
        table.resizeRowsToContents()
        for row in range(table.rowCount()):
            if table.rowHeight(row) > most:
                table.setRowHeight(row, most)

    def show_detail(self, index: QModelIndex) -> RowDetail | None:
        if not index.isValid():
            return None
        dialog = RowDetail(self.table, index.row())
        dialog.open()
        return dialog


class RowDetail(QDialog):
    """Every column of one row, each value whole and wrapped anywhere (unbroken text too)."""

    def __init__(self, table: QTableWidget, row: int) -> None:
        super().__init__(table)
        self.setObjectName("rowDetail")
        self.setWindowTitle(self.tr("Details"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        parts = []
        for column in range(table.columnCount()):
            title = table.horizontalHeaderItem(column)
            value = full_text(table.item(row, column))
            if value:
                parts.append(f"{title.text() if title else ''}\n{value}")
        text = QPlainTextEdit(self)
        text.setReadOnly(True)
        text.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        text.setPlainText("\n\n".join(parts))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(text, 1)
        layout.addWidget(buttons)
        self.resize(640, 480)  # inside 1366×768 with room to spare
