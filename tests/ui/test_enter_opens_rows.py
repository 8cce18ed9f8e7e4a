"""Keyboard only: Enter on a row opens what a double-click opens — the household of a Today
item, a request, a house ticket or a flat, the project of a ranking row, a household of a
dashboard figure's list (which stays open for the next one). Only the mouse could open them:
Enter did nothing, or closed the figure's list. In Chinese and English."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog

from services import demo
from services.workspace import Workspace
from tests.ui.conftest import double_click, laptop_window, settle
from ui.context import AppContext
from ui.main_window import MainWindow


@pytest.fixture
def window(ctx: AppContext, ws: Workspace, qtbot: Any, language: str) -> Iterator[MainWindow]:
    demo.load_demo(ws, 60)
    window = laptop_window(ctx, qtbot)
    yield window
    for dialog in window.findChildren(QDialog):
        dialog.close()
    window.close()
    settle(ctx)


def press_enter_on_a_row(table: Any, row: int) -> None:
    table.setFocus()
    table.selectRow(row)
    table.setCurrentIndex(table.model().index(row, 0))
    QTest.keyClick(table, Qt.Key.Key_Return)


@pytest.mark.parametrize(
    "key,table,signal",
    [
        ("today", "table", "open_household"),
        ("requests", "table", "open_household"),
        ("tickets", "table", "open_household"),
        ("flats", "table", "open_household"),
        ("ranking", "table", "show_project"),
    ],
)
def test_enter_on_a_pages_row(
    window: MainWindow, ctx: AppContext, key: str, table: str, signal: str
) -> None:
    page: Any = window.show_page(key)
    settle(ctx)
    view = getattr(page, table)
    model = view.model()
    if key == "flats":  # a flat allocated to a household
        row = next(r for r in range(model.rowCount()) if page.model.row(r).get("household_id"))
    else:
        row = 0
    assert model.rowCount() > row
    opened: list[str] = []
    getattr(ctx.bus, signal).connect(opened.append)
    press_enter_on_a_row(view, row)
    assert len(opened) == 1
    window.show_page(key)
    settle(ctx)
    double_click(view, model.index(row, 0))  # the mouse still opens it, once
    assert len(opened) == 2


def test_enter_in_a_figures_list_opens_the_household_and_keeps_the_list(
    window: MainWindow, ctx: AppContext
) -> None:
    page: Any = window.show_page("dashboard")
    settle(ctx)
    page.tiles["households_total"].click()
    settle(ctx)
    dialog: Any = page.last_dialog
    assert dialog is not None and dialog.model.rowCount() > 1
    opened: list[str] = []
    ctx.bus.open_household.connect(opened.append)
    press_enter_on_a_row(dialog.table, 1)
    assert opened == [dialog.shown_ids()[1]]
    assert dialog.isVisible()
