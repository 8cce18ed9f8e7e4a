"""Esc in a search box with text in it clears the search (the whole list comes back), as in
every search field a caseworker knows; only an empty search passes Esc on (a dialog then
closes). Esc used to do nothing in the households search, and in a dialog's household search it
closed the whole dialog. In Chinese and English."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from services.workspace import Workspace
from tests.ui.conftest import laptop_window, settle, type_text
from ui.context import AppContext
from ui.dialogs.tickets import IssueTicketDialog


@pytest.fixture
def two(ws: Workspace, project: str) -> None:
    for address, name in (("3栋2单元501室", "章金伟"), ("5栋1单元101室", "欧阳娜")):
        ws.create("household", {"project_id": project, "address": address, "head_name": name})


def test_esc_clears_the_households_search(
    ctx: AppContext, qtbot: Any, two: None, language: str
) -> None:
    window = laptop_window(ctx, qtbot)
    page: Any = window.show_page("households")
    settle(ctx)
    page.search.setFocus()
    type_text(page.search, "章金伟")
    page._search_now()
    settle(ctx)
    assert page.model.rowCount() == 1
    QTest.keyClick(page.search, Qt.Key.Key_Escape)
    settle(ctx)
    QTest.qWait(400)  # the search's debounce
    settle(ctx)
    assert page.search.text() == ""
    assert page.model.rowCount() == 2
    window.close()
    settle(ctx)


def test_esc_in_a_dialogs_household_search_clears_it_first(
    ctx: AppContext, qtbot: Any, two: None, language: str
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    dialog: Any = IssueTicketDialog(ctx, parent)
    dialog.show()
    settle(ctx)
    search = dialog.picker.search
    type_text(search, "欧阳")
    QTest.keyClick(search, Qt.Key.Key_Escape)
    assert dialog.isVisible() and search.text() == ""
    QTest.keyClick(search, Qt.Key.Key_Escape)  # nothing typed any more: the dialog closes
    assert not dialog.isVisible()
    settle(ctx)
