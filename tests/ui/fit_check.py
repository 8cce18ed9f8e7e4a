"""What a person at a 1366×768 screen would see cut off: texts elided or clipped, tab titles cut,
table headers squeezed, widgets wider than the space they are given, the navigation scrolling
sideways. Used by test_fit_1366 on every page in both languages."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QComboBox,
    QHeaderView,
    QLabel,
    QStyle,
    QStyleOptionComboBox,
    QStyleOptionViewItem,
    QTabBar,
    QTableView,
    QWidget,
)

from ui.widgets import drawn_heading_width

SLACK = 2  # pixels of rounding


def _shown(widget: QWidget, top: QWidget) -> bool:
    if not widget.isVisibleTo(top) or widget.width() <= 0:
        return False
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, QAbstractScrollArea) and not isinstance(parent, QTableView):
            return False  # inside a scroll area the content may scroll on purpose
        parent = parent.parentWidget()
    return True


def cut_texts(top: QWidget) -> list[str]:
    """Every visible widget whose text does not fit in the room it was given."""
    problems: list[str] = []
    for label in top.findChildren(QLabel):
        if not _shown(label, top) or label.wordWrap() or not label.text():
            continue
        if label.textFormat() == Qt.TextFormat.RichText or label.text().startswith("<"):
            continue
        need = label.sizeHint().width()
        if need > label.width() + SLACK:
            problems.append(
                f"label {label.objectName() or label.text()!r}: {need} > {label.width()}"
            )
    for button in top.findChildren(QAbstractButton):
        if not _shown(button, top) or not button.text():
            continue
        if button.parentWidget() is not None and isinstance(button.parentWidget(), QTabBar):
            continue
        need = button.sizeHint().width()
        if need > button.width() + SLACK:
            problems.append(f"button {button.text()!r}: {need} > {button.width()}")
    for combo in top.findChildren(QComboBox):
        if not _shown(combo, top) or combo.currentIndex() < 0:
            continue
        option = QStyleOptionComboBox()
        combo.initStyleOption(option)
        field = combo.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox,
            option,
            QStyle.SubControl.SC_ComboBoxEditField,
            combo,
        )
        room = field.width()
        if not combo.itemIcon(combo.currentIndex()).isNull():
            room -= combo.iconSize().width() + 4
        need = combo.fontMetrics().horizontalAdvance(combo.currentText())
        if need > room + SLACK:
            problems.append(f"combo {combo.currentText()!r}: {need} > {room}")
    for bar in top.findChildren(QTabBar):
        if not _shown(bar, top):
            continue
        for i in range(bar.count()):
            if bar.isTabVisible(i) and bar.tabRect(i).width() + SLACK < bar.tabSizeHint(i).width():
                problems.append(f"tab {bar.tabText(i)!r} cut")
            if bar.tabRect(i).right() > bar.width() + SLACK:
                problems.append(f"tab {bar.tabText(i)!r} beyond the edge")
    for header in top.findChildren(QHeaderView):
        if not _shown(header, top) or header.orientation() != Qt.Orientation.Horizontal:
            continue
        model = header.model()
        if model is None:
            continue
        for section in range(header.count()):
            if header.isSectionHidden(section):
                continue
            need = drawn_heading_width(header, section)
            if need > header.sectionSize(section) + SLACK:
                text = model.headerData(section, Qt.Orientation.Horizontal)
                problems.append(f"header {text!r}: {need} > {header.sectionSize(section)}")
    for area in top.findChildren(QAbstractScrollArea):
        if isinstance(area, QAbstractItemView) or not area.isVisibleTo(top):
            continue
        if area.horizontalScrollBar().isVisible():  # a form that scrolls sideways hides fields
            problems.append(f"{area.objectName() or type(area).__name__} scrolls sideways")
    return problems


DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def cut_dates(top: QWidget) -> list[str]:
    """Table cells showing a date cut short ("2026-12…" hides the day a deadline falls on):
    a column of dates is at least as wide as its widest date."""
    problems: list[str] = []
    for table in top.findChildren(QTableView):
        model = table.model()
        if not _shown(table, top) or model is None:
            continue
        for column in range(model.columnCount()):
            if table.isColumnHidden(column):
                continue
            for row in range(min(model.rowCount(), 30)):
                index = model.index(row, column)
                text = str(model.data(index) or "")
                if not DATE.search(text) or len(text) > 24:
                    continue  # a date, perhaps with a short note ("2026-12-03 · 超期")
                rect = table.visualRect(index)
                option = QStyleOptionViewItem()
                table.initViewItemOption(option)
                option.rect = rect
                need = table.itemDelegateForIndex(index).sizeHint(option, index).width()
                if need > table.columnWidth(column) + SLACK:
                    header = model.headerData(column, Qt.Orientation.Horizontal)
                    problems.append(
                        f"{table.objectName()} column {header!r}: {text!r} needs {need}"
                        f" > {table.columnWidth(column)}"
                    )
                    break
    return problems


def too_wide(top: QWidget, room: int) -> list[str]:
    """Widgets whose minimum width is more than `room`."""
    found = []
    hint = top.minimumSizeHint().width()
    layout = top.layout()
    if layout is not None:  # explicit minimum widths count too
        hint = max(hint, layout.totalMinimumSize().width())
    if hint > room:
        found.append(f"{top.objectName() or type(top).__name__} minimumSizeHint {hint} > {room}")
    return found
