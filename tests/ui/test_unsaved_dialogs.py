"""Esc (or Cancel, or the window's close button) on a dialog holding typed work asks 保存 /
放弃 / 继续编辑 instead of throwing the work away: issuing a house ticket, redeeming one, and
giving a reason (作废, 注销, 退回) closed at once and silently lost a ticket number, an amount
or a paragraph of reasons — one habitual Esc to clear a search box was enough. Untouched, they
still close at once. In Chinese and English."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from services import tickets
from services.workspace import Workspace
from tests.ui.conftest import settle, type_text
from ui.context import AppContext
from ui.dialogs.tickets import IssueTicketDialog, RedeemDialog
from ui.reason_dialog import ReasonDialog

KEEP = {"zh": "继续编辑", "en": "Keep editing"}


@pytest.fixture
def household(ws: Workspace, project: str) -> str:
    return ws.create(
        "household", {"project_id": project, "address": "3栋2单元501室", "head_name": "章金伟"}
    )


def unsaved_box(dialog: QDialog) -> QMessageBox | None:
    boxes = [b for b in dialog.findChildren(QMessageBox, "unsavedBox") if b.isVisible()]
    assert len(boxes) <= 1
    return boxes[0] if boxes else None


def escape_asks_then_keeps(dialog: QDialog, field: QWidget, language: str) -> None:
    QTest.keyClick(field, Qt.Key.Key_Escape)
    box = unsaved_box(dialog)
    assert dialog.isVisible() and box is not None
    keep = box.findChild(QWidget, "unsavedKeep")
    assert keep is not None and keep.text() == KEEP[language]  # type: ignore[attr-defined]
    keep.click()  # type: ignore[attr-defined]
    assert dialog.isVisible()


@pytest.fixture
def parent(qtbot: Any) -> QWidget:
    """The window a dialog opens over, as in the app (the page or the household pane)."""
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def opened(dialog: QDialog, ctx: AppContext) -> QDialog:
    dialog.show()
    settle(ctx)
    return dialog


def test_issuing_a_ticket(ctx: AppContext, parent: QWidget, language: str, household: str) -> None:
    untouched = opened(IssueTicketDialog(ctx, parent), ctx)
    QTest.keyClick(untouched.number, Qt.Key.Key_Escape)  # type: ignore[attr-defined]
    assert not untouched.isVisible() and unsaved_box(untouched) is None

    dialog: Any = opened(IssueTicketDialog(ctx, parent), ctx)
    dialog.number.setFocus()
    type_text(dialog.number, "FP-2026-0001")
    type_text(dialog.face, "1200000")
    escape_asks_then_keeps(dialog, dialog.number, language)
    assert (dialog.number.text(), dialog.face.text()) == ("FP-2026-0001", "1200000")


def test_redeeming_a_ticket(
    ctx: AppContext, ws: Workspace, parent: QWidget, language: str, household: str
) -> None:
    ticket_id = tickets.issue_ticket(ws, household, number="FP-9", face_amount="1000000")
    summary = tickets.ticket_summary(ws, ticket_id)
    untouched = opened(RedeemDialog(ctx, summary, parent), ctx)
    QTest.keyClick(untouched.amount, Qt.Key.Key_Escape)  # type: ignore[attr-defined]
    assert not untouched.isVisible()

    dialog: Any = opened(RedeemDialog(ctx, summary, parent), ctx)
    type_text(dialog.amount, "300000")
    type_text(dialog.development, "华庄佳苑")
    escape_asks_then_keeps(dialog, dialog.amount, language)
    assert (dialog.amount.text(), dialog.development.text()) == ("300000", "华庄佳苑")


def test_giving_a_reason(ctx: AppContext, parent: QWidget, language: str) -> None:
    untouched = opened(ReasonDialog("作废", "为什么？", "作废", parent), ctx)
    QTest.keyClick(untouched.text, Qt.Key.Key_Escape)  # type: ignore[attr-defined]
    assert not untouched.isVisible()

    dialog: Any = opened(ReasonDialog("作废", "为什么？", "作废", parent), ctx)
    given: list[str] = []
    dialog.given.connect(given.append)
    type_text(dialog.text, "记到了隔壁户，户主说明了情况。")
    escape_asks_then_keeps(dialog, dialog.text, language)
    assert dialog.text.toPlainText() == "记到了隔壁户，户主说明了情况。"
    QTest.keyClick(dialog.text, Qt.Key.Key_Escape)
    box = unsaved_box(dialog)
    assert box is not None
    box.findChild(QWidget, "unsavedSave").click()  # type: ignore[union-attr]
    assert given == ["记到了隔壁户，户主说明了情况。"] and not dialog.isVisible()
