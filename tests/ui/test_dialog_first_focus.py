"""Keyboard only: a form opens with the cursor in its first field, so a caseworker can type at
once. Edit household and Add/Change household member opened with the focus on Save: the first
keys typed went nowhere (and Enter "saved" nothing). In Chinese and English."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog

from services.workspace import Workspace
from tests.ui.conftest import laptop_window, settle, type_text
from tests.ui.test_households_ui import open_household
from ui.context import AppContext


@pytest.fixture
def page(ctx: AppContext, ws: Workspace, project: str, qtbot: Any, language: str) -> Iterator[Any]:
    household = ws.create(
        "household", {"project_id": project, "address": "3栋2单元501室", "head_name": "章金伟"}
    )
    window = laptop_window(ctx, qtbot)
    page = open_household(window, ctx, household)
    yield page
    for dialog in window.findChildren(QDialog):
        dialog._unsaved_discarding = True  # type: ignore[attr-defined]
        dialog.close()
    window.close()
    settle(ctx)


def test_edit_household_opens_in_its_first_field(page: Any, ctx: AppContext) -> None:
    page.view.edit_household()
    settle(ctx)
    dialog = page.window().findChild(QDialog, "householdEditDialog")
    assert dialog.focusWidget() is dialog.form.editors["project_id"].focus_widget


def test_a_new_member_is_typed_at_once(page: Any, ctx: AppContext) -> None:
    page.view.add_member()
    settle(ctx)
    dialog = page.window().findChild(QDialog, "memberDialog")
    name = dialog.form.editors["name"].focus_widget
    assert dialog.focusWidget() is name
    type_text(dialog.focusWidget(), "章小伟")
    assert name.text() == "章小伟"
