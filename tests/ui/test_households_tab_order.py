"""The households page by keyboard, in Chinese and in English at 1366×768: Tab goes through the
controls as they stand on screen — the search, then the rest of its row (Follow-up overdue, New
household…), then the filter row below, the list, and the household's pane — and Shift+Tab goes
back the same way. Tab followed the order the widgets were made in: from the search it jumped
down to the filter row, then back up to the checkbox and the button, then down to the list."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from services.workspace import Workspace
from tests.ui.conftest import laptop_window, settle
from tests.ui.test_households_ui import open_household
from ui.context import AppContext

ON_SCREEN = [
    "householdSearch",
    "overdueFilter",
    "newHousehold",
    "projectFilter",
    "stateFilter",
    "attitudeFilter",
    "householdTable",
]


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def test_tab_follows_the_controls_as_they_stand_on_screen(
    ctx: AppContext, ws: Workspace, project: str, qtbot: Any, language: str
) -> None:
    household = ws.create(
        "household", {"project_id": project, "address": "3栋2单元501室", "head_name": "章金伟"}
    )
    window = laptop_window(ctx, qtbot)
    window.activateWindow()
    page = open_household(window, ctx, household)
    page.focus_search()
    assert focused() is page.search

    # each control stands right of the one before on its row, or on a lower row
    places = [page.findChild(QWidget, name) for name in ON_SCREEN]
    for before, after in pairwise(places):
        a = before.mapTo(page, before.rect().topLeft())
        b = after.mapTo(page, after.rect().topLeft())
        assert b.y() > a.y() + before.height() // 2 or b.x() > a.x(), (before, after)

    seen = [focused().objectName()]
    for _ in ON_SCREEN[1:]:
        QTest.keyClick(focused(), Qt.Key.Key_Tab)
        seen.append(focused().objectName())
    assert seen == ON_SCREEN
    QTest.keyClick(focused(), Qt.Key.Key_Tab)  # on into the household's pane
    assert page.view.isAncestorOf(focused()), focused()

    back = [focused().objectName()]
    QTest.keyClick(focused(), Qt.Key.Key_Backtab)
    for _ in ON_SCREEN[1:]:
        back.append(focused().objectName())
        QTest.keyClick(focused(), Qt.Key.Key_Backtab)
    back.append(focused().objectName())
    assert back[1:] == ON_SCREEN[::-1]
    window.close()
    settle(ctx)
