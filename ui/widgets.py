"""Small shared widget helpers: remembering splitter and column layouts, filter combos."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QComboBox, QHeaderView, QSplitter, QWidget


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
