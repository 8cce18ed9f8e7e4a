"""Keys pressed before the screen caught up: page shortcuts, a search, Enter, Down, Ctrl+N and the
workspace closing, all before any page's background read has answered. Nothing breaks: no error
box, no bug in the log, and Ctrl+N still acts on the household the search found."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMessageBox

from services.workspace import Workspace
from tests.ui.conftest import settle, type_text
from ui.context import AppContext
from ui.main_window import MainWindow


def error_boxes(before: frozenset[int] = frozenset()) -> list[str]:
    """The error boxes on screen, other than those (by id) that were there `before`."""
    return [
        w.text()
        for w in QApplication.allWidgets()
        if isinstance(w, QMessageBox)
        and w.objectName() == "errorBox"
        and w.isVisible()
        and id(w) not in before
    ]


def boxes_now() -> frozenset[int]:
    return frozenset(
        id(w)
        for w in QApplication.allWidgets()
        if isinstance(w, QMessageBox) and w.objectName() == "errorBox"
    )


def bugs(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage()[:200] for r in caplog.records if r.getMessage().startswith("bug:")]


@pytest.fixture
def hostile_households(ws: Workspace, project: str) -> dict[str, str]:
    names = {"punctuation": "！？……——", "emoji": "🏠🏡", "plain": "章金伟"}
    return {
        key: ws.create(
            "household",
            {"project_id": project, "address": f"{name}家园1号", "head_name": name},
        )
        for key, name in names.items()
    }


def test_shortcuts_typed_ahead_of_every_page_do_no_harm(
    window: MainWindow,
    ctx: AppContext,
    hostile_households: dict[str, str],
    qtbot: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.ERROR)
    before = boxes_now()
    for action in window.page_actions:  # Ctrl+1 … Ctrl+0, one after another without waiting
        action.trigger()
    page: Any = window.show_page("households")
    page.focus_search()
    type_text(page.search, "🏠🏡")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    record_visit = window.findChild(QAction, "actionRecordVisit")
    assert record_visit is not None
    record_visit.trigger()  # Ctrl+N before the search answered
    settle(ctx)
    assert error_boxes(before) == []
    assert bugs(caplog) == []
    assert list(window.visit_forms) == [hostile_households["emoji"]]


def test_closing_the_workspace_while_pages_are_still_loading(
    window: MainWindow,
    ctx: AppContext,
    hostile_households: dict[str, str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.ERROR)
    before = boxes_now()
    for action in window.page_actions:
        action.trigger()
    window.close_workspace()  # no settle: reads queued and running
    settle(ctx)
    assert ctx.ws.store.closed
    assert error_boxes(before) == []
    assert bugs(caplog) == []
