"""Choosing a household by keyboard in a dialog (issuing a house ticket, allocating a flat): a
name typed and Enter pressed at once — before the search answered — chooses the household
found, and never presses the dialog's own button. Enter used to fall through to 签发/Issue: with
no household chosen yet it was refused, and with one chosen before, the ticket went to that
earlier household, not to the one just typed. Down moves from the search into the results. In
Chinese and English."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from services import tickets
from services.workspace import Workspace
from tests.ui.conftest import settle, type_text
from ui.context import AppContext
from ui.dialogs.tickets import IssueTicketDialog

CHOSEN = {"zh": "已选：", "en": "Chosen: "}


@pytest.fixture
def two(ws: Workspace, project: str) -> tuple[str, str]:
    first = ws.create(
        "household", {"project_id": project, "address": "3栋2单元501室", "head_name": "章金伟"}
    )
    second = ws.create(
        "household", {"project_id": project, "address": "5栋1单元101室", "head_name": "欧阳娜"}
    )
    return first, second


@pytest.fixture
def dialog(ctx: AppContext, qtbot: Any) -> Iterator[Any]:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    dialog = IssueTicketDialog(ctx, parent)
    dialog.show()
    settle(ctx)
    yield dialog
    dialog._unsaved_discarding = True
    dialog.reject()
    settle(ctx)


def test_enter_right_after_typing_chooses_the_household_found(
    ctx: AppContext, ws: Workspace, dialog: Any, two: tuple[str, str], language: str
) -> None:
    first, second = two
    search = dialog.picker.search
    search.setFocus()
    type_text(search, "章金伟")
    QTest.keyClick(search, Qt.Key.Key_Return)  # before the search has answered
    settle(ctx)
    assert dialog.isVisible()
    assert dialog.error.text() == ""
    assert dialog.picker.household_id == first
    assert dialog.picker.selected.text().startswith(CHOSEN[language] + "章金伟")

    # A second name, Enter: the new household is chosen; nothing is issued to the first one.
    type_text(dialog.number, "FP-1")
    type_text(dialog.face, "1000000")
    search.selectAll()
    type_text(search, "欧阳娜")
    QTest.keyClick(search, Qt.Key.Key_Enter)
    settle(ctx)
    assert dialog.isVisible()
    assert dialog.picker.household_id == second
    assert tickets.list_tickets(ws) == []


def test_down_moves_from_the_search_into_the_results(
    ctx: AppContext, dialog: Any, two: tuple[str, str], language: str
) -> None:
    first, _second = two
    search = dialog.picker.search
    search.setFocus()
    type_text(search, "3栋")
    settle(ctx)
    QTest.keyClick(search, Qt.Key.Key_Down)
    settle(ctx)
    assert dialog.focusWidget() is dialog.picker.results
    assert dialog.picker.household_id == first
    assert dialog.picker.selected.text().startswith(CHOSEN[language] + "章金伟")
