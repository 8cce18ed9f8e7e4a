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


HINT_PAGES = ("today", "projects", "ranking", "policy_comparison")


def hints(root: Any) -> list[str]:
    """The grey hints that tell how to open a row."""
    from PySide6.QtWidgets import QLabel

    return [
        label.text()
        for label in root.findChildren(QLabel)
        if "Double-click" in label.text() or "双击" in label.text()
    ]


def test_every_hint_says_enter_opens_a_row_too(
    window: MainWindow, ctx: AppContext, language: str
) -> None:
    """The hints said only "Double-click a row…" though Enter opens it too (a caseworker on
    the keyboard never learnt it). Each hint names both, and Enter does what it says."""
    enter = "Enter" if language == "en" else "回车"
    found = []
    for key in HINT_PAGES:
        page: Any = window.show_page(key)
        settle(ctx)
        found += hints(page)
    dashboard: Any = window.show_page("dashboard")
    settle(ctx)
    dashboard.tiles["households_total"].click()
    settle(ctx)
    found += hints(dashboard.last_dialog)
    assert len(found) == len(HINT_PAGES) + 1, found
    for hint in found:
        assert enter in hint, hint

    # the two hinted tables not opened by Enter above: a project lists its households, a
    # caseworker's summary row shows that caseworker's list
    projects: Any = window.show_page("projects")
    settle(ctx)
    shown: list[str] = []
    ctx.bus.show_project.connect(shown.append)
    press_enter_on_a_row(projects.table, 0)
    assert len(shown) == 1
    today: Any = window.show_page("today")
    settle(ctx)
    row = today.summary_model.rows[0]
    press_enter_on_a_row(today.summary_table, 0)
    settle(ctx)
    chosen = today.caseworker if today.group_by.currentData() == "caseworker" else None
    assert chosen is not None and chosen.currentData() == row.value
