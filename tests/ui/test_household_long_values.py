"""Long values in the household page's Requests and History tabs at 1366×768, in both languages:
the longest a field allows (4 000 characters, unbroken, Chinese, punctuation, emoji) wraps inside
the tab instead of running sideways on one line; a row stays a few lines high, and the whole
value is one hover (tooltip) or one double-click (the row's detail) away."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QPlainTextEdit, QTableWidget

from services.requests import add_request
from services.workspace import Workspace
from tests.ui.conftest import double_click, settle
from tests.ui.test_hostile_text import LONG_CHINESE, PUNCTUATION, UNBROKEN
from tests.ui.test_households_ui import open_household
from ui import i18n
from ui.context import AppContext
from ui.long_cells import full_text
from ui.main_window import MainWindow

EMOJI = ("👨‍👩‍👧‍👦🏢🚪😀！？" * 500)[:4000]
ZWSP = "\u200b"


@pytest.fixture(params=["zh", "en"])
def household_view(
    request: pytest.FixtureRequest,
    qapp: QApplication,
    ctx: AppContext,
    ws: Workspace,
    project: str,
    qtbot: Any,
) -> Iterator[Any]:
    household = ws.create(
        "household", {"project_id": project, "address": PUNCTUATION, "head_name": "！？……——"}
    )
    for summary in (UNBROKEN, LONG_CHINESE, EMOJI):
        add_request(ws, {"household_id": household, "category": "area", "summary": summary})
    for notes in (UNBROKEN, EMOJI, LONG_CHINESE):
        ws.update("household", household, {"notes": notes})
    i18n.install(qapp, request.param)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 728)  # 1366×768 less a task bar
    window.show()
    settle(ctx)
    page = open_household(window, ctx, household)
    yield page.view
    for dialog in page.view.findChildren(QDialog):
        dialog.close()
    window.close()  # before its store closes (no timer of it may fire in the next test)
    settle(ctx)
    i18n.install(qapp, "zh")


def _check_fits(table: QTableWidget, long_values: list[str]) -> None:
    table.window().repaint()
    QApplication.processEvents()
    viewport = table.viewport().width()
    widths = [table.columnWidth(c) for c in range(table.columnCount())]
    assert sum(widths) <= viewport + 1, (widths, viewport)
    assert table.horizontalScrollBar().maximum() == 0
    assert min(widths) >= 24, widths  # no column squeezed to nothing
    for row in range(table.rowCount()):
        assert table.rowHeight(row) <= table.fontMetrics().lineSpacing() * 6, row
    found = 0
    for row in range(table.rowCount()):
        for column in range(table.columnCount()):
            item = table.item(row, column)
            if item is None:
                continue
            value = next((v for v in long_values if v[:20] in item.text().replace(ZWSP, "")), None)
            if value is None:
                continue
            found += 1
            shown = item.text().replace(ZWSP, "")
            assert len(shown) < 400 and shown.endswith("…")  # a preview, wrapped
            assert value.startswith(shown[:-1]) or shown[:-1] in value
            assert value[:100] in item.toolTip().replace(ZWSP, "").replace("&amp;", "&")
    assert found >= len(long_values), found


def _detail_text(view: Any, table: QTableWidget, row: int) -> str:
    table.selectRow(row)
    double_click(table, table.model().index(row, 0))
    QApplication.processEvents()
    dialogs = [d for d in view.findChildren(QDialog, "rowDetail") if d.isVisible()]
    assert len(dialogs) == 1
    text = dialogs[0].findChild(QPlainTextEdit).toPlainText()
    dialogs[0].close()
    return text


def test_requests_tab_wraps_the_longest_summaries(household_view: Any) -> None:
    view = household_view
    view.tabs.setCurrentWidget(view.requests_table)
    settle(view.ctx)
    table = view.requests_table
    assert table.rowCount() == 3
    _check_fits(table, [UNBROKEN, LONG_CHINESE, EMOJI])
    details = {_detail_text(view, table, row) for row in range(3)}
    for value in (UNBROKEN, LONG_CHINESE, EMOJI):
        assert any(value in d for d in details)


def test_history_tab_wraps_the_longest_old_and_new_values(household_view: Any) -> None:
    view = household_view
    view.tabs.setCurrentWidget(view.history_table)
    settle(view.ctx)
    table = view.history_table
    _check_fits(table, [UNBROKEN, EMOJI, LONG_CHINESE])
    summary_column = [table.item(r, 5).text() for r in range(table.rowCount())]
    row = next(r for r, t in enumerate(summary_column) if t.startswith(LONG_CHINESE[:10]))
    detail = _detail_text(view, table, row)
    assert LONG_CHINESE in detail and EMOJI in detail  # new value and the one it replaced
    assert table.item(row, 0).text() in detail  # when, who, computer too


def test_history_created_row_uses_the_languages_punctuation(household_view: Any) -> None:
    view = household_view
    table = view.history_table
    created = [full_text(table.item(r, 5)) for r in range(table.rowCount())]
    (row,) = [t for t in created if PUNCTUATION[:4] in t and "！？……——" in t]
    if i18n.lang() == "en":
        assert ": " in row and "; " in row and "：" not in row.replace(PUNCTUATION, "")
    else:
        assert "：" in row and "；" in row
