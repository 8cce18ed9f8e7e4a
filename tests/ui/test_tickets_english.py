"""The house-ticket list at 1366×768 in Chinese and English: the balance and the state are what a
caseworker acts on (can it still be used, for how much); in English the long money headings
pushed both off the right edge behind the scrollbar."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from services import demo
from services.workspace import Workspace
from tests.ui.conftest import settle
from tests.ui.test_fit_1366 import AVAILABLE_H, SCREEN_W
from ui import i18n
from ui.context import AppContext
from ui.main_window import MainWindow


def test_balance_and_state_are_on_screen(
    ws: Workspace, ctx: AppContext, qtbot: Any, language: str
) -> None:
    demo.load_demo(ws, 60, seed=3)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(SCREEN_W, AVAILABLE_H)
    window.show()
    page: Any = window.show_page("tickets")
    settle(ctx)
    assert page.model.rowCount() > 0
    wanted = {
        i18n.field_label("house_ticket", "state"),
        page.tr("Balance (yuan)"),
        page.tr("Days left"),
    }
    table = page.table
    for column in range(page.model.columnCount()):
        title = page.model.headerData(column, Qt.Orientation.Horizontal, 0)
        if title in wanted:
            wanted.discard(title)
            right = table.columnViewportPosition(column) + table.columnWidth(column)
            assert right <= table.viewport().width(), (title, right, table.viewport().width())
    assert wanted == set()
    window.close()
    settle(ctx)
