"""Issue 9: a caseworker's day without surprises — the right household after a fast Enter, the
visit form naming its household, visits corrected and voided, households deleted, nothing typed
lost on Esc, and a state combo that offers only the allowed moves."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox

from services import households
from services.workspace import Workspace
from tests.ui.conftest import settle, type_text
from ui.context import AppContext
from ui.main_window import MainWindow

ZJW_ID = "11010519491231002X"


def add(ws: Workspace, project: str, name: str, building: str, id_number: str = "") -> str:
    values = {"project_id": project, "building": building, "unit": "1", "room": "301"}
    values["head_name"] = name
    if id_number:
        values["head_id_number"] = id_number
    return households.create_household(ws, values)


@pytest.fixture
def three(ws: Workspace, project: str) -> dict[str, str]:
    return {
        "wang": add(ws, project, "王小二", "1"),
        "li": add(ws, project, "李四", "2"),
        "zjw": add(ws, project, "章金伟", "9", ZJW_ID),
    }


def slow_search(monkeypatch: pytest.MonkeyPatch, seconds: float = 0.4) -> None:
    real = households.find

    def find(*args: Any, **kwargs: Any) -> Any:
        time.sleep(seconds)  # the search of a big database, on purpose
        return real(*args, **kwargs)

    monkeypatch.setattr(households, "find", find)


def test_fast_enter_then_ctrl_n_records_the_visit_for_the_household_found(
    three: dict[str, str],
    window: MainWindow,
    ctx: AppContext,
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page: Any = window.show_page("households")
    settle(ctx)
    page.table.selectRow(0)  # a caseworker was looking at 王小二
    settle(ctx)
    assert page.view.household_id == three["wang"]
    slow_search(monkeypatch)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)

    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(page.search.hasFocus, timeout=2000)
    qtbot.keyClicks(page.search, "zjw")
    QTest.keyClick(page.search, Qt.Key.Key_Return)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(window.visit_forms), timeout=5000)
    settle(ctx)

    assert list(window.visit_forms) == [three["zjw"]]
    form = window.visit_forms[three["zjw"]]
    qtbot.waitUntil(lambda: "章金伟" in form.windowTitle(), timeout=3000)
    heading = form.heading.text()
    assert "章金伟" in heading and "9栋1单元301室" in heading and "002X" in heading
    assert ZJW_ID not in heading and ZJW_ID not in form.windowTitle()
    assert form.heading.font().pointSizeF() > QApplication.font().pointSizeF() * 1.2
    assert page.view.household_id == three["zjw"] == ctx.current_household
    rows = page.table.selectionModel().selectedRows()
    assert [page.model.household_id(r.row()) for r in rows] == [three["zjw"]]


def test_the_detail_pane_only_shows_a_row_on_screen(
    three: dict[str, str],
    window: MainWindow,
    ctx: AppContext,
    qtbot: Any,
) -> None:
    page: Any = window.show_page("households")
    settle(ctx)
    page.table.selectRow(0)
    settle(ctx)
    assert page.view.household_id == three["wang"]
    qtbot.keyClicks(page.search, "zjw")
    qtbot.waitUntil(lambda: page.model.query == "zjw", timeout=3000)
    settle(ctx)
    shown = [page.model.household_id(r) for r in range(page.model.rowCount())]
    assert shown == [three["zjw"]]
    assert page.view.household_id in ("", *shown)
    assert ctx.current_household == page.view.household_id
    window.record_visit()
    settle(ctx)
    assert three["wang"] not in window.visit_forms


def test_ctrl_n_ctrl_s_refuses_an_empty_visit_under_the_field(
    three: dict[str, str], window: MainWindow, ctx: AppContext, ws: Workspace, qtbot: Any
) -> None:
    page: Any = window.show_page("households")
    settle(ctx)
    page.show_household(three["li"])
    settle(ctx)
    window.record_visit()
    settle(ctx)
    form = window.visit_forms[three["li"]]
    QTest.keyClick(form.people_met, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    settle(ctx)
    assert form.isVisible()
    assert form.content_error.isVisible() and "走访记录是空的" in form.content_error.text()
    assert (
        households.list_page(ws, households.HouseholdFilter(ids=[three["li"]]))[0]["last_visit_on"]
        is None
    )


def answer_unsaved(dialog: Any, qtbot: Any, button: str) -> None:
    boxes = [b for b in dialog.findChildren(QMessageBox, "unsavedBox") if b.isVisible()]
    assert len(boxes) == 1
    box = boxes[0]
    for b in box.buttons():
        if b.objectName() == button:
            b.click()
            return
    raise AssertionError(button)


def test_esc_on_a_new_household_asks_before_throwing_work_away(
    window: MainWindow, ctx: AppContext, ws: Workspace, project: str, qtbot: Any
) -> None:
    page: Any = window.show_page("households")
    settle(ctx)
    page.new_button.click()
    settle(ctx)
    dialog = page.findChild(QDialog, "householdDialog")
    QTest.keyClick(dialog, Qt.Key.Key_Escape)  # nothing typed: closes at once
    assert not dialog.isVisible()
    page.new_button.click()
    settle(ctx)
    dialog = next(d for d in page.findChildren(QDialog, "householdDialog") if d.isVisible())
    qtbot.keyClicks(dialog.form.editors["building"], "7")
    type_text(dialog.form.editors["head_name"], "钱多多")
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    answer_unsaved(dialog, qtbot, "unsavedKeep")
    assert dialog.isVisible() and dialog.form.editors["head_name"].text() == "钱多多"
    dialog.close()  # the window's close button asks too
    assert dialog.isVisible()
    answer_unsaved(dialog, qtbot, "unsavedSave")
    settle(ctx)
    assert not dialog.isVisible()
    assert [r["head_name"] for r in households.list_page(ws, households.HouseholdFilter())] == [
        "钱多多"
    ]


def test_esc_on_edit_household_offers_discard(
    three: dict[str, str], window: MainWindow, ctx: AppContext, ws: Workspace, qtbot: Any
) -> None:
    page: Any = window.show_page("households")
    settle(ctx)
    page.show_household(three["li"])
    settle(ctx)
    page.view.edit_household()
    settle(ctx)
    dialog = page.view.last_dialog
    editor = dialog.form.editors["notes"].focus_widget
    type_text(editor, "改了一半")
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    answer_unsaved(dialog, qtbot, "unsavedDiscard")
    assert not dialog.isVisible()
    assert ws.get("household", three["li"])["notes"] is None


def test_discarding_a_visit_draft_asks_once(
    three: dict[str, str], window: MainWindow, ctx: AppContext, qtbot: Any
) -> None:
    form = window.open_visit_form(three["li"])
    type_text(form.concerns, "草稿内容")
    form.save_draft()
    form.discard_button.click()
    box = form.findChild(QMessageBox, "discardDraftBox")
    assert box is not None and box.isVisible()
    assert form.concerns.toPlainText() == "草稿内容"
    box.button(QMessageBox.StandardButton.No).click()
    assert form.concerns.toPlainText() == "草稿内容"
    form.discard_button.click()
    box = next(b for b in form.findChildren(QMessageBox, "discardDraftBox") if b.isVisible())
    box.button(QMessageBox.StandardButton.Yes).click()
    assert form.concerns.toPlainText() == ""
    assert not (ctx.drafts_dir / f"visit-{three['li']}.draft").exists()


def test_a_step_back_is_called_back_and_asks_why(
    three: dict[str, str], window: MainWindow, ctx: AppContext, ws: Workspace, qtbot: Any
) -> None:
    households.change_state(ws, three["li"], "surveyed")
    households.change_state(ws, three["li"], "confirming")
    page: Any = window.show_page("households")
    settle(ctx)
    page.show_household(three["li"])
    settle(ctx)
    view = page.view
    combo = view.state_combo
    items = [(combo.itemData(i), combo.itemText(i)) for i in range(combo.count())]
    assert items == [("confirmed", "→ 已确权"), ("surveyed", "退回到 已调查")]
    assert view.state_button.text() == "变更状态"
    combo.setCurrentIndex(1)
    assert view.state_button.text() == "退回…"
    view.state_button.click()
    dialog = view.last_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()  # no reason yet
    assert dialog.isVisible() and dialog.error.isVisible()
    type_text(dialog.text, "确权材料有误，需重新调查")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    settle(ctx)
    assert ws.get("household", three["li"])["state"] == "surveyed"
    (event,) = ws.events(households.STATE_BACK_EVENT, three["li"])
    assert event.value["reason"] == "确权材料有误，需重新调查"
    table = view.history_table
    cells = [table.item(r, 3).text() for r in range(table.rowCount())]
    assert any("确权材料有误" in c for c in cells)


def test_correct_and_void_a_visit_from_the_household_page(
    three: dict[str, str], window: MainWindow, ctx: AppContext, ws: Workspace, qtbot: Any
) -> None:
    from PySide6.QtCore import QUrl

    from services import visits

    first = visits.add_visit(
        ws,
        three["li"],
        {"visited_on": "2026-11-01", "explained": "讲解房票", "next_visit_due": "2026-11-15"},
    )
    wrong = visits.add_visit(
        ws,
        three["li"],
        {"visited_on": "2026-11-20", "explained": "记错户", "next_visit_due": "2026-12-04"},
    )
    page: Any = window.show_page("households")
    settle(ctx)
    page.show_household(three["li"])
    settle(ctx)
    view = page.view
    assert "走访 (2)" in view.tabs.tabText(1)
    view.timeline.anchorClicked.emit(QUrl(f"edit:{first}"))
    dialog = view.last_dialog
    assert dialog.objectName() == "visitDialog" and dialog.isVisible()
    editor = dialog.form.editors["explained"]
    editor.setPlainText("讲解房票和货币补偿")
    dialog.buttons.accepted.emit()
    settle(ctx)
    assert ws.get("visit", first)["explained"] == "讲解房票和货币补偿"

    view.timeline.anchorClicked.emit(QUrl(f"void:{wrong}"))
    reason = view.last_dialog
    type_text(reason.text, "记到了隔壁户")
    reason.buttons.button(reason.buttons.StandardButton.Ok).click()
    settle(ctx)
    assert "走访 (1)" in view.tabs.tabText(1)
    assert "已作废：记到了隔壁户" in view.timeline.toPlainText()
    row = page.model.rows[page.model.row_of(three["li"])]
    assert (row["last_visit_on"], row["next_visit_due"]) == ("2026-11-01", "2026-11-15")


def test_delete_a_household_from_its_page(
    three: dict[str, str], window: MainWindow, ctx: AppContext, ws: Workspace, qtbot: Any
) -> None:
    page: Any = window.show_page("households")
    settle(ctx)
    page.table.selectRow(page.model.row_of(three["li"]))
    settle(ctx)
    page.view.delete_button.click()
    dialog = page.view.last_dialog
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.isVisible()  # a reason is required
    type_text(dialog.text, "重复登记")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    settle(ctx)
    assert page.model.row_of(three["li"]) == -1 and page.model.rowCount() == 2
    assert "2" in page.count_label.text()
    assert page.view.household_id == "" == ctx.current_household
    assert ws.get("household", three["li"], include_deleted=True)["_deleted"] == 1


def test_a_capped_search_says_so_and_3_dong_comes_before_13_dong(
    ws: Workspace, project: str, window: MainWindow, ctx: AppContext, qtbot: Any
) -> None:
    for building in ("13", "23", "3", "33", "3"):
        add(ws, project, "王五", building)
    ctx.notify("household")
    page: Any = window.show_page("households")
    settle(ctx)
    type_text(page.search, "3栋")
    qtbot.waitUntil(lambda: page.model.query == "3栋", timeout=3000)
    settle(ctx)
    addresses = [page.model.rows[r]["address"] for r in range(page.model.rowCount())]
    assert addresses[:2] == ["3栋1单元301室", "3栋1单元301室"]
    assert addresses[2:] == ["13栋1单元301室", "23栋1单元301室", "33栋1单元301室"]
    assert page.count_label.text() == "找到 5 户"

    page.model.SEARCH_LIMIT = 2
    page.search.clear()
    qtbot.keyClicks(page.search, "wangwu")
    qtbot.waitUntil(lambda: page.model.query == "wangwu", timeout=3000)
    settle(ctx)
    assert page.model.rowCount() == 2
    assert page.count_label.text() == "显示前 2 户，共找到 5 户"


def test_the_visits_page_reaches_every_visit_and_counts_them_all(
    three: dict[str, str], window: MainWindow, ctx: AppContext, ws: Workspace, qtbot: Any
) -> None:
    import datetime as dt

    drafts = []
    today = dt.date.today()
    for i in range(2100):
        values = {
            "household_id": three["wang"],
            "visited_on": (today - dt.timedelta(days=i % 25)).isoformat(),
            "caseworkers": "李明",
            "explained": f"第 {i} 次",
        }
        drafts += ws.create_drafts("visit", values)[1]
    ws.commit(drafts)
    page: Any = window.show_page("visits")
    page.reload()
    settle(ctx)
    assert page.count.text() == "共 2,100 次走访"
    while page.model.canFetchMore():
        page.model.fetchMore()
        settle(ctx)
    assert page.model.rowCount() == 2100
    seen = {row["explained"] for row in page.model.rows}
    assert len(seen) == 2100
    dates = [row["visited_on"] for row in page.model.rows]
    assert dates == sorted(dates, reverse=True)


def test_overdue_filter_and_footer_agree_and_late_closures_are_marked(
    three: dict[str, str], window: MainWindow, ctx: AppContext, ws: Workspace
) -> None:
    import datetime as dt

    from services import requests

    old = (dt.date.today() - dt.timedelta(days=40)).isoformat()

    def ask(summary: str, received_on: str) -> str:
        values = {"household_id": three["li"], "category": "amount", "summary": summary}
        return requests.add_request(ws, values | {"received_on": received_on})

    open_late = ask("补偿太低", old)
    closed_late = ask("面积有误", old)
    requests.close_request(ws, closed_late, "已复测")  # closed today, weeks past its deadline
    ask("想要低楼层", dt.date.today().isoformat())
    page: Any = window.show_page("requests")
    settle(ctx)
    assert "逾期 1 件" in page.count.text() and "超期办结 1 件" in page.count.text()
    by_id = {row["id"]: i for i, row in enumerate(page.model.rows)}
    status = page.model.data(page.model.index(by_id[closed_late], 4))
    assert "超期办结" in status
    page.overdue_filter.setChecked(True)
    settle(ctx)
    assert [r["id"] for r in page.model.rows] == [open_late]
    assert "逾期 1 件" in page.count.text()


def test_a_visit_by_keyboard_takes_at_most_12_keystrokes(
    three: dict[str, str], window: MainWindow, ctx: AppContext, ws: Workspace, qtbot: Any
) -> None:
    """From anywhere: find the household, open the form, note the attitude, save."""
    window.show_page("projects")
    settle(ctx)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    strokes = 0

    def key(k: Qt.Key, mod: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        nonlocal strokes
        strokes += 1
        QTest.keyClick(QApplication.focusWidget() or window, k, mod)

    ctrl = Qt.KeyboardModifier.ControlModifier
    key(Qt.Key.Key_F, ctrl)
    page: Any = window.widgets["households"]
    qtbot.waitUntil(page.search.hasFocus, timeout=2000)
    for letter in (Qt.Key.Key_Z, Qt.Key.Key_J, Qt.Key.Key_W):
        key(letter)
    key(Qt.Key.Key_Return)
    key(Qt.Key.Key_N, ctrl)
    qtbot.waitUntil(lambda: three["zjw"] in window.visit_forms, timeout=5000)
    form = window.visit_forms[three["zjw"]]
    qtbot.waitUntil(form.people_met.hasFocus, timeout=2000)
    for _ in range(3):  # people met → explained → concerns → attitude
        key(Qt.Key.Key_Tab)
    key(Qt.Key.Key_Down)  # (not noted) → the first attitude
    key(Qt.Key.Key_S, ctrl)
    settle(ctx)
    qtbot.waitUntil(lambda: three["zjw"] not in window.visit_forms, timeout=3000)
    (visit,) = [v for v in visits_of(ws, three["zjw"])]
    assert visit["attitude"] == "agree"
    assert strokes <= 12, strokes


def visits_of(ws: Workspace, household: str) -> list[dict[str, Any]]:
    from services import visits

    return visits.list_visits(ws, household)


def test_a_slow_pane_or_page_says_it_is_loading(
    three: dict[str, str],
    window: MainWindow,
    ctx: AppContext,
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from services import today as today_service

    page: Any = window.show_page("households")
    settle(ctx)
    real_detail, real_today = households.detail, today_service.today_list
    # Each read is held until its pane has shown that it is loading (no race with load).
    detail_release, today_release = threading.Event(), threading.Event()

    def slow_detail(*args: Any, **kwargs: Any) -> Any:
        detail_release.wait(10)
        return real_detail(*args, **kwargs)

    def slow_today(*args: Any, **kwargs: Any) -> Any:
        today_release.wait(10)
        return real_today(*args, **kwargs)

    monkeypatch.setattr(households, "detail", slow_detail)
    monkeypatch.setattr(today_service, "today_list", slow_today)

    def overlays(widget: Any) -> list[Any]:
        return [w for w in widget.findChildren(QLabel, "busyOverlay") if w.isVisible()]

    page.show_household(three["zjw"])
    qtbot.waitUntil(lambda: bool(overlays(page.view)), timeout=5_000)
    assert "正在加载" in overlays(page.view)[0].text()
    detail_release.set()
    settle(ctx)
    assert overlays(page.view) == []
    today: Any = window.show_page("today")
    today.reload()
    qtbot.waitUntil(lambda: bool(overlays(today)), timeout=5_000)
    today_release.set()
    settle(ctx)
    assert overlays(today) == []


def test_the_documents_page_starts_with_the_household_that_is_open(
    three: dict[str, str], window: MainWindow, ctx: AppContext
) -> None:
    page: Any = window.show_page("households")
    settle(ctx)
    page.show_household(three["zjw"])
    settle(ctx)
    reports: Any = window.show_page("reports")
    settle(ctx)
    assert reports.household_picker.household_id == three["zjw"]
    assert "章金伟" in reports.household_picker.selected.text()


def test_new_household_defaults_to_my_sub_district_and_shows_the_address(
    ws: Workspace, window: MainWindow, ctx: AppContext, qtbot: Any
) -> None:
    ws.create(
        "project",
        {"code": "A-OTHER", "name": "阿梅村地块", "district": "新吴区", "sub_district": "梅村街道"},
    )
    mine = ws.create(
        "project",
        {"code": "Z-MINE", "name": "旺庄新村", "district": "新吴区", "sub_district": "旺庄街道"},
    )
    page: Any = window.show_page("households")
    settle(ctx)
    page.new_button.click()
    settle(ctx)
    dialog = next(d for d in page.findChildren(QDialog, "householdDialog") if d.isVisible())
    assert dialog.form.editors["project_id"].currentData() == mine
    qtbot.keyClicks(dialog.form.editors["building"], "7")
    qtbot.keyClicks(dialog.form.editors["unit"], "2")
    qtbot.keyClicks(dialog.form.editors["room"], "301")
    assert dialog.form.editors["address"].placeholderText() == "7栋2单元301室"
    dialog.form.editors["building"].clear()
    dialog.form.editors["unit"].clear()
    dialog.form.editors["room"].clear()
    QTest.keyClick(dialog, Qt.Key.Key_Escape)


def test_request_dates_are_picked_from_a_calendar(
    three: dict[str, str], window: MainWindow, ctx: AppContext, ws: Workspace
) -> None:
    from PySide6.QtCore import QDate

    from ui.forms import DateLine

    page: Any = window.show_page("households")
    settle(ctx)
    page.show_household(three["li"])
    settle(ctx)
    dialog: Any = None
    page.view.request_button.click()
    dialog = next(d for d in page.view.findChildren(QDialog, "requestDialog") if d.isVisible())
    deadline = dialog.form.editors["deadline"]
    assert isinstance(deadline, DateLine)
    assert "2026" not in deadline.placeholderText()  # a format, not a made-up example
    calendar = deadline.pick()
    calendar.clicked.emit(QDate(2027, 1, 15))
    assert deadline.text() == "2027-01-15"
    dialog.form.editors["summary"].setPlainText("要求复测面积")
    dialog.form.editors["category"].setCurrentIndex(1)
    dialog.buttons.accepted.emit()
    settle(ctx)
    from services import requests

    rows = requests.register(ws, requests.RequestFilter(household_id=three["li"]))
    assert [r["deadline"] for r in rows] == ["2027-01-15"]


def test_every_refusal_shows_under_its_field_at_once(
    ws: Workspace, project: str, window: MainWindow, ctx: AppContext, qtbot: Any
) -> None:
    page: Any = window.show_page("households")
    settle(ctx)
    page.new_button.click()
    settle(ctx)
    dialog = next(d for d in page.findChildren(QDialog, "householdDialog") if d.isVisible())
    qtbot.keyClicks(dialog.form.editors["head_id_number"], "110105194912310021")  # bad check
    qtbot.keyClicks(dialog.form.editors["phone"], "12")
    qtbot.keyClicks(dialog.form.editors["registered_area"], "-5")
    dialog.buttons.accepted.emit()
    settle(ctx)
    shown = {name for name, label in dialog.form.errors.items() if label.isVisible()}
    assert shown == {"head_id_number", "phone", "registered_area"}
    assert households.count(ws, households.HouseholdFilter()) == 0
    for name in shown:
        dialog.form.editors[name].clear()
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
