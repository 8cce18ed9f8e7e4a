"""A save pressed twice before the first one answered (Ctrl+S Ctrl+S on a slow laptop, or Save
and then Esc → 保存 while it was still saving) saves once: a new household's form created two
households, a redemption could be recorded twice."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QWidget

from services import households, tickets
from services.households import HouseholdFilter
from services.workspace import Workspace
from tests.ui.conftest import settle, type_text
from ui.context import AppContext
from ui.dialogs.tickets import RedeemDialog
from ui.main_window import MainWindow


def test_a_new_household_saved_twice_at_once_is_made_once(
    ctx: AppContext, ws: Workspace, project: str, qtbot: Any
) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    settle(ctx)
    page: Any = window.show_page("households")
    page.new_household()
    settle(ctx)
    dialog: Any = page.findChild(QDialog, "householdDialog")
    type_text(dialog.form.editors["address"], "3栋2单元501室")
    type_text(dialog.form.editors["head_name"], "章金伟")
    dialog.submit()
    dialog.submit()  # the second key, before the first save answered
    settle(ctx)
    assert households.count(ws, HouseholdFilter()) == 1
    window.close()
    settle(ctx)


def test_a_redemption_confirmed_twice_at_once_is_recorded_once(
    ctx: AppContext, ws: Workspace, project: str, qtbot: Any
) -> None:
    household = ws.create(
        "household", {"project_id": project, "address": "3栋2单元501室", "head_name": "章金伟"}
    )
    ticket_id = tickets.issue_ticket(ws, household, number="FP-9", face_amount="1000000")
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    dialog: Any = RedeemDialog(ctx, tickets.ticket_summary(ws, ticket_id), parent)
    dialog.show()
    type_text(dialog.amount, "300000")
    settle(ctx)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=5000)
    dialog.submit()
    dialog.submit()
    settle(ctx)
    assert len(tickets.ticket_summary(ws, ticket_id).uses) == 1


def test_a_progress_entry_added_twice_at_once_is_added_once(
    ctx: AppContext, ws: Workspace, project: str, qtbot: Any
) -> None:
    """A double-click on 添加办理进展 wrote the same entry twice."""
    from services import requests, ui_support

    household = ws.create(
        "household", {"project_id": project, "address": "3栋2单元501室", "head_name": "章金伟"}
    )
    request_id = requests.add_request(
        ws, {"household_id": household, "category": "area", "summary": "阁楼面积未计入"}
    )
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    settle(ctx)
    page: Any = window.show_page("requests")
    settle(ctx)
    page.table.selectRow(0)
    settle(ctx)
    assert page.current is not None and page.current["id"] == request_id
    type_text(page.progress_text, "已联系测绘单位复核。")
    page.add_progress.click()
    page.add_progress.click()
    settle(ctx)
    assert len(ui_support.request_progress(ws, request_id)) == 1
    window.close()
    settle(ctx)


def test_a_password_change_confirmed_twice_at_once_changes_it_once(
    ctx: AppContext, qtbot: Any, language: str
) -> None:
    """OK pressed twice on the password dialog ran the change twice: the second, with the old
    password no longer valid, put "wrong password" under a change that had succeeded."""
    from storage import keyring
    from tests.conftest import TEST_PASSWORD
    from ui.password_dialog import ChangePasswordDialog

    dialog = ChangePasswordDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.old.setText(TEST_PASSWORD)
    dialog.new.setText("新的密码 2027 年")
    dialog.again.setText("新的密码 2027 年")
    dialog.submit()
    dialog.submit()  # the second key, before the first change answered
    settle(ctx)
    assert dialog.changed
    assert dialog.error.text() == ""
    keyring.forget_all()
    keyring.unlock(ctx.db_path, "新的密码 2027 年")


def test_the_first_run_confirmed_twice_at_once_loads_the_demo_once(
    tmp_path: Any, qtbot: Any
) -> None:
    """OK pressed twice on the first run made the profile twice and started two demo loads
    into one database; the second was refused after the first had begun."""
    from ui.first_run import FirstRunDialog
    from ui.tasks import tasks

    ws = Workspace.open(tmp_path / "new.db")
    try:
        dialog = FirstRunDialog(ws, tasks())
        qtbot.addWidget(dialog)
        dialog.show()
        type_text(dialog.caseworker, "王芳")
        type_text(dialog.district, "新吴区")
        type_text(dialog.sub_district, "旺庄街道")
        type_text(dialog.device_name, "旺庄-笔记本2")
        dialog.demo.setChecked(True)
        dialog.demo_count.setValue(12)
        dialog.submit()
        qtbot.waitUntil(lambda: ws.profile() is not None, timeout=5000)
        dialog.submit()  # while the demo loads
        qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=20000)
        tasks().wait()
        assert dialog.error.text() == ""
        assert households.count(ws, HouseholdFilter()) == 12
    finally:
        tasks().wait()
        ws.close()
