"""Recording a visit by keyboard alone, and drafts that survive closing the window."""

from __future__ import annotations

import shutil
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from services import visits
from services.workspace import Workspace
from tests.ui.conftest import settle, type_text
from tests.ui.test_households_ui import make_household, open_household
from ui.context import AppContext
from ui.drafts import Drafts
from ui.main_window import MainWindow
from ui.visit_form import VisitForm


def focused() -> Any:
    return QApplication.focusWidget()


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(focused(), key, modifier)


def test_record_a_visit_by_keyboard_alone(
    window: MainWindow, ctx: AppContext, ws: Workspace, project: str, qtbot: Any
) -> None:
    household = make_household(ws, project)
    page = open_household(window, ctx, household)
    page.table.setFocus()
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=2000)

    QTest.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: household in window.visit_forms, timeout=2000)
    form = window.visit_forms[household]
    qtbot.waitUntil(lambda: form.isActiveWindow(), timeout=2000)
    assert form.visited_on.iso() == __import__("datetime").date.today().isoformat()
    assert form.caseworkers.text() == "李明"
    # Focus starts where the typing starts; Tab walks the form in reading order.
    assert focused() is form.people_met
    type_text(focused(), "户主及其妻子")
    press(Qt.Key.Key_Tab)
    assert focused() is form.explained
    type_text(focused(), "讲解了货币补偿和房票两种方式。")
    press(Qt.Key.Key_Tab)
    assert focused() is form.concerns
    type_text(focused(), "担心老人过渡期间就医不便。")
    press(Qt.Key.Key_Tab)
    assert focused() is form.attitude
    press(Qt.Key.Key_Down)  # (not noted) -> 同意
    press(Qt.Key.Key_Tab)
    assert focused() is form.next_step
    assert isinstance(focused(), QPlainTextEdit)
    type_text(focused(), "下周带评估报告再来。")
    press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    settle(ctx)

    qtbot.waitUntil(lambda: household not in window.visit_forms, timeout=3000)
    saved = visits.visits_between(ws)
    assert len(saved) == 1
    visit = saved[0]
    assert visit["people_met"] == "户主及其妻子"
    assert visit["concerns"] == "担心老人过渡期间就医不便。"
    assert visit["attitude"] == "agree"
    assert visit["caseworkers"] == "李明"
    assert visit["next_visit_due"]
    assert ws.get("household", household)["attitude"] == "agree"
    assert not list(ctx.drafts_dir.glob("*.draft"))  # saved: no draft left behind
    settle(ctx)
    assert "走访 (1)" in page.view.tabs.tabText(1)


def test_ctrl_enter_also_saves(
    window: MainWindow, ctx: AppContext, ws: Workspace, project: str, qtbot: Any
) -> None:
    household = make_household(ws, project)
    form = window.open_visit_form(household, "章金伟")
    qtbot.waitUntil(lambda: form.isActiveWindow(), timeout=2000)
    type_text(form.people_met, "户主")
    type_text(form.explained, "讲解房票政策")
    QTest.keyClick(form.people_met, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle(ctx)
    assert len(visits.visits_between(ws)) == 1


def test_draft_is_restored_after_closing_the_window(
    window: MainWindow, ctx: AppContext, ws: Workspace, project: str, qtbot: Any
) -> None:
    household = make_household(ws, project)
    form = window.open_visit_form(household, "章金伟 3栋1单元301室")
    type_text(form.people_met, "户主")
    type_text(form.concerns, "希望安置房靠近原址。")
    # autosave: the draft reaches the disk without closing anything (a crash loses nothing)
    draft_file = ctx.drafts_dir / f"visit-{household}.draft"
    qtbot.waitUntil(draft_file.exists, timeout=3000)
    assert "希望安置房靠近原址".encode() not in draft_file.read_bytes()  # sealed on disk
    draft = Drafts(ctx.drafts_dir).load("visit", household)
    assert draft is not None and draft.values["concerns"] == "希望安置房靠近原址。"

    window.close()
    settle(ctx)
    assert draft_file.exists()

    reopened = MainWindow(ctx)
    qtbot.addWidget(reopened)
    reopened.show()
    settle(ctx)
    assert reopened.drafts_bar.isVisible()
    assert "章金伟" in reopened.drafts_text.text()
    reopened.continue_draft()
    form2: VisitForm = reopened.visit_forms[household]
    assert form2.concerns.toPlainText() == "希望安置房靠近原址。"
    assert form2.people_met.text() == "户主"
    assert form2.banner.isVisible()
    assert "草稿" in form2.banner_text.text()

    form2.submit()
    settle(ctx)
    assert not draft_file.exists()
    assert visits.visits_between(ws)[0]["concerns"] == "希望安置房靠近原址。"
    reopened.close()


def test_a_refused_visit_keeps_what_was_typed(
    window: MainWindow, ctx: AppContext, ws: Workspace, project: str
) -> None:
    household = make_household(ws, project)
    form = window.open_visit_form(household, "")
    type_text(form.people_met, "户主" * 60)  # longer than the field allows
    type_text(form.concerns, "担心补偿标准。")
    form.submit()
    settle(ctx)
    assert form.isVisible()
    assert form.error.isVisible() and "接待人" in form.error.text()
    assert form.concerns.toPlainText() == "担心补偿标准。"
    assert visits.visits_between(ws) == []


def test_discarding_a_draft_is_explicit(
    window: MainWindow, ctx: AppContext, ws: Workspace, project: str
) -> None:
    household = make_household(ws, project)
    form = window.open_visit_form(household, "")
    type_text(form.concerns, "草稿内容")
    form.close()
    settle(ctx)
    draft_file = ctx.drafts_dir / f"visit-{household}.draft"
    assert draft_file.exists()
    form = window.open_visit_form(household, "")
    assert form.concerns.toPlainText() == "草稿内容"
    form.discard_draft()  # what 丢弃草稿 does once confirmed (test_caseworker_day asks)
    assert not draft_file.exists()
    assert form.concerns.toPlainText() == ""
    form.close()
    settle(ctx)
    assert not draft_file.exists()  # blank form: nothing to keep


def test_visits_page_lists_visits_and_opens_the_household(
    window: MainWindow, ctx: AppContext, ws: Workspace, project: str
) -> None:
    household = make_household(ws, project)
    visits.add_visit(
        ws, household, {"people_met": "户主", "explained": "讲解", "next_visit_due": "2020-01-01"}
    )
    page: Any = window.show_page("visits")
    page.reload()
    settle(ctx)
    assert page.model.rowCount() == 1
    assert page.model.data(page.model.index(0, 0)) == "3栋1单元301室"
    page.table.selectRow(0)
    assert ctx.current_household == household
    page.open.click()
    settle(ctx)
    assert window.current_key() == "households"
    assert window.widgets["households"].view.household_id == household  # type: ignore[attr-defined]


def test_a_draft_that_cannot_be_written_is_said_in_the_status_line(
    window: MainWindow, ctx: AppContext, ws: Workspace, project: str, language: str
) -> None:
    """The autosave runs after every edit: a full or unwritable data disk is said once, beside
    the form, instead of a bug box after each keystroke; what was typed stays in the form."""
    household = make_household(ws, project)
    form = window.open_visit_form(household, "")
    shutil.rmtree(ctx.drafts_dir, ignore_errors=True)
    ctx.drafts_dir.write_bytes(b"")  # a file where the drafts folder should be: mkdir fails
    type_text(form.concerns, "草稿内容")
    form.save_draft()
    assert ("草稿" if language == "zh" else "draft") in form.status.text()
    assert form.concerns.toPlainText() == "草稿内容"
    ctx.drafts_dir.unlink()
    form.save_draft()  # room again: the next autosave writes it and says so
    assert Drafts(ctx.drafts_dir).load("visit", household) is not None
    form.close()
    settle(ctx)
