"""Small shared widget helpers: remembering splitter and column layouts, filter combos, the
read-only list tables, keeping a page current when records change."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable

from PySide6.QtCore import QAbstractItemModel, QByteArray, QObject, QSettings
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QSplitter,
    QTableView,
    QTableWidget,
    QWidget,
)

from ui.context import Bus


def save_layout(state: QSettings, key: str, widget: QSplitter | QHeaderView) -> None:
    state.setValue(key, widget.saveState())


def restore_layout(state: QSettings, key: str, widget: QSplitter | QHeaderView) -> bool:
    value = state.value(key)
    if isinstance(value, QByteArray | bytes) and value:
        return bool(widget.restoreState(QByteArray(value)))
    return False


def filter_combo(
    everything: str, items: Iterable[tuple[str, str]], parent: QWidget | None = None
) -> QComboBox:
    """A combo whose first entry (data None) means 'no filter'."""
    combo = QComboBox(parent)
    combo.addItem(everything, None)
    for code, text in items:
        combo.addItem(text, code)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return combo


def fill_combo(combo: QComboBox, everything: str, items: Iterable[tuple[str, str]]) -> None:
    """Replace the entries, keeping the chosen one when it is still there."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(everything, None)
    for code, text in items:
        combo.addItem(text, code)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    combo.blockSignals(False)


def list_table(
    model: QAbstractItemModel, parent: QWidget, name: str, *, alternating: bool = True
) -> QTableView:
    """The pages' read-only list: one whole row selected at a time, no editing, no wrapping, no
    row numbers, the last column taking the spare width."""
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(alternating)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    return table


def record_table(parent: QWidget, name: str, headers: list[str]) -> QTableWidget:
    """A read-only QTableWidget of a household's records (members, requests, history, tickets…):
    whole rows selected, alternating rows, no row numbers, no wrapping, rows a line high."""
    table = QTableWidget(0, len(headers), parent)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    table.setWordWrap(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    return table


class ReloadOnChange(QObject):
    """A page's answer to bus.changed: `reload` at once while the page is on screen; otherwise
    the page is only marked stale and reloads when `activated()` next shows it, so a hidden page
    does no work. `entities` limits this to changes of those records (any change when None).
    Parented to the page, so it stops listening when the page is gone."""

    def __init__(
        self,
        page: QWidget,
        bus: Bus,
        reload: Callable[[], object],
        entities: Collection[str] | None = None,
    ) -> None:
        super().__init__(page)
        self._page = page
        self._reload = reload
        self._entities = entities
        self.stale = False
        bus.changed.connect(self._changed)

    def activated(self) -> None:
        if self.stale:
            self.stale = False
            self._reload()

    def _changed(self, entity: str, _id: str) -> None:
        if self._entities is not None and entity not in self._entities:
            return
        if self._page.isVisible():
            self._reload()
        else:
            self.stale = True
