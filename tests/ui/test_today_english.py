"""The Today list read in English at 1366×768: a statutory step's kind is not cut to
"Statutory s…", and one day is "1 day", not "1 days" (found on the screenshots)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyleOptionViewItem

from services.today import TodayItem
from tests.ui.conftest import settle
from ui.context import AppContext
from ui.pages.today import TodayPage, days_text


def item(kind: str, days: int) -> TodayItem:
    due = dt.date(2026, 12, 6) + dt.timedelta(days=days)
    severity = "error" if kind == "statutory" else "overdue"
    return TodayItem(
        kind,
        "today_visit_due",
        severity,
        due,
        days,
        "project",
        "p1",
        "旺庄路项目",
        params={"household": "张三（3栋201室）"},
    )


def test_one_day_is_singular_in_english(language: str) -> None:
    one_late, two_late = item("visit", -1), item("visit", -2)
    one_ahead, two_ahead = item("visit", 1), item("visit", 2)
    if language == "en":
        assert days_text(one_late) == "1 day overdue"
        assert days_text(two_late) == "2 days overdue"
        assert days_text(one_ahead) == "in 1 day"
        assert days_text(two_ahead) == "in 2 days"
    else:
        assert days_text(one_late) == "逾期 1 天"
        assert days_text(two_ahead) == "还有 2 天"


def test_every_kind_is_whole_in_its_column(ctx: AppContext, qtbot: Any, language: str) -> None:
    page = TodayPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    settle(ctx)
    kinds = ["visit", "request", "ticket", "statutory"]
    page.model.set_rows([item(kind, -318) for kind in kinds])
    table = page.table
    for row in range(len(kinds)):
        for column in (0, 1):
            index = page.model.index(row, column)
            option = QStyleOptionViewItem()
            table.initViewItemOption(option)
            option.rect = table.visualRect(index)
            need = table.itemDelegateForIndex(index).sizeHint(option, index).width()
            assert need <= table.columnWidth(column), (page.model.data(index), need)


def test_the_overdue_count_per_caseworker_is_on_screen_at_1366(
    ctx: AppContext, qtbot: Any, language: str
) -> None:
    """The count a team leader acts on: in English the long headings (House tickets, Statutory
    steps) pushed Overdue and Total off the right edge of the summary beside the list."""
    from ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    page: Any = window.show_page("today")
    settle(ctx)
    table = page.summary_table
    header = table.horizontalHeader()
    overdue = next(
        c
        for c in range(page.summary_model.columnCount())
        if page.summary_model.headerData(c, Qt.Orientation.Horizontal, 0) == page.tr("Overdue")
    )
    right = header.sectionViewportPosition(overdue) + header.sectionSize(overdue)
    assert header.sectionViewportPosition(overdue) >= 0 and right <= table.viewport().width()
    window.close()
    settle(ctx)
