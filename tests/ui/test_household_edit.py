"""The household page's 编辑 dialog, members, and the 安置 tab (tickets and flats)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from domain.errors import UserError
from services import flats, households, tickets
from services.workspace import Workspace
from tests.ui.conftest import settle, type_text
from tests.ui.test_households_ui import ID_NUMBER, make_household, open_household
from ui import formatting
from ui.context import AppContext
from ui.dialogs.tickets import IssueTicketDialog
from ui.household_edit import (
    HOUSEHOLD_SECTIONS,
    ChooseFlatDialog,
    HouseholdEditDialog,
    MemberDialog,
    editable_household_fields,
)
from ui.main_window import MainWindow

BAD_ID = ID_NUMBER[:-1] + "1"  # the check character of ID_NUMBER is X


def save(dialog: Any, ctx: AppContext) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    settle(ctx)


def retype(line: Any, text: str) -> None:
    line.clear()
    type_text(line, text)


def edit_dialog(view: Any, ctx: AppContext) -> HouseholdEditDialog:
    view.edit_button.click()
    settle(ctx)
    dialog = view.last_dialog
    assert isinstance(dialog, HouseholdEditDialog) and dialog.isVisible()
    return dialog


def shown_errors(dialog: Any) -> dict[str, str]:
    return {
        name: label.text() for name, label in dialog.form.errors.items() if not label.isHidden()
    }


def test_the_dialog_offers_every_field_that_is_not_managed() -> None:
    names = [name for _key, fields in HOUSEHOLD_SECTIONS for name in fields]
    assert len(names) == len(set(names))
    assert sorted(names) == sorted(editable_household_fields())
    assert "state" not in names  # changed only through the state rules


def test_edit_fields_and_see_them_on_the_page(
    window: MainWindow, ctx: AppContext, ws: Workspace, project: str, qtbot: Any
) -> None:
    hid = make_household(ws, project)
    page = open_household(window, ctx, hid)
    view = page.view
    dialog = edit_dialog(view, ctx)
    editors: Any = dialog.form.editors
    head_id = editors["head_id_number"]
    assert head_id.line.isReadOnly() and head_id.line.text() == "110105********002X"
    assert editors["head_name"].line.text() == "章金伟"
    assert editors["project_id"].combo.currentData() == project

    qtbot.keyClicks(editors["measured_area"].line, "86.5")
    editors["attitude"].combo.setCurrentIndex(editors["attitude"].combo.findData("undecided"))
    type_text(editors["actual_use"].line, "住宅兼商业")
    qtbot.keyClicks(editors["signed_on"].line, "2026-03-01")
    editors["area_dispute"].box.setChecked(True)
    save(dialog, ctx)

    assert not dialog.isVisible()
    row = ws.get("household", hid)
    assert (row["measured_area"], row["attitude"], row["actual_use"]) == (
        86.5,
        "undecided",
        "住宅兼商业",
    )
    assert (row["signed_on"], row["area_dispute"]) == ("2026-03-01", 1)
    assert row["head_id_number"] == ID_NUMBER  # untouched, never revealed
    assert ws.events("reveal", hid) == []
    assert view.info_labels["measured_area"].text() == "86.5"
    assert view.info_labels["attitude"].text() == "观望"


def test_a_bad_id_shows_its_sentence_and_keeps_everything_typed(
    window: MainWindow, ctx: AppContext, ws: Workspace, project: str, qtbot: Any
) -> None:
    hid = make_household(ws, project)
    page = open_household(window, ctx, hid)
    dialog = edit_dialog(page.view, ctx)
    editors: Any = dialog.form.editors

    editors["head_id_number"].button.click()  # 修改: the full number is revealed and logged
    settle(ctx)
    assert [e.value["field"] for e in ws.events("reveal", hid)] == ["head_id_number"]
    line = editors["head_id_number"].line
    assert not line.isReadOnly() and line.text() == ID_NUMBER

    line.setText(BAD_ID)
    retype(editors["head_name"].line, "章金华")
    qtbot.keyClicks(editors["measured_area"].line, "90")
    qtbot.keyClicks(editors["valued_on"].line, "2026-02-30")
    save(dialog, ctx)

    with pytest.raises(UserError) as bad_id:
        ws.validate("household", {"head_id_number": BAD_ID}, partial=True)
    with pytest.raises(UserError) as bad_date:
        ws.validate("household", {"valued_on": "2026-02-30"}, partial=True)
    assert dialog.isVisible()
    assert shown_errors(dialog) == {
        "head_id_number": f"⚠ {bad_id.value}",
        "valued_on": f"⚠ {bad_date.value}",
    }
    assert "校验" in str(bad_id.value)  # the check digit, in one sentence
    assert not dialog.error.isHidden()
    # nothing typed is lost, and nothing was saved
    assert editors["head_name"].line.text() == "章金华"
    assert editors["measured_area"].line.text() == "90"
    assert line.text() == BAD_ID
    assert ws.get("household", hid)["head_name"] == "章金伟"

    line.setText(ID_NUMBER[:-1] + "x")  # the right check character, typed in lower case
    editors["valued_on"].line.setText("2026-02-28")
    save(dialog, ctx)
    assert not dialog.isVisible()
    row = ws.get("household", hid)
    assert (row["head_name"], row["measured_area"], row["head_id_number"]) == (
        "章金华",
        90.0,
        ID_NUMBER,
    )
    assert row["valued_on"] == "2026-02-28"


def test_a_required_field_left_empty_is_refused_under_it(
    window: MainWindow, ctx: AppContext, ws: Workspace, project: str
) -> None:
    hid = make_household(ws, project)
    dialog = edit_dialog(open_household(window, ctx, hid).view, ctx)
    editors: Any = dialog.form.editors
    editors["head_name"].line.clear()
    save(dialog, ctx)
    assert shown_errors(dialog) == {"head_name": "⚠ 请填写“户主姓名”。"}
    assert ws.get("household", hid)["head_name"] == "章金伟"


def test_add_change_and_remove_a_member(
    window: MainWindow, ctx: AppContext, ws: Workspace, project: str, qtbot: Any
) -> None:
    hid = make_household(ws, project)
    view = open_household(window, ctx, hid).view
    view.add_member_button.click()
    dialog = view.last_dialog
    assert isinstance(dialog, MemberDialog) and dialog.isVisible()
    editors: Any = dialog.form.editors
    assert not editors["id_number"].line.isReadOnly()  # a new member: nothing to reveal
    type_text(editors["name"].line, "章小明")
    type_text(editors["relation"].line, "子")
    role = editors["ownership_role"].combo
    role.setCurrentIndex(role.findData("owner"))
    qtbot.keyClicks(editors["share_pct"].line, "150")
    editors["special_groups"].boxes["disability"].setChecked(True)
    save(dialog, ctx)
    assert dialog.isVisible()
    assert list(shown_errors(dialog)) == ["share_pct"]
    assert "100" in shown_errors(dialog)["share_pct"]
    assert editors["name"].line.text() == "章小明"

    editors["share_pct"].line.setText("50")
    save(dialog, ctx)
    assert not dialog.isVisible()
    members = households.detail(ws, hid)["members"]
    assert [(m["name"], m["relation"], m["ownership_role"], m["share_pct"]) for m in members] == [
        ("章小明", "子", "owner", 50.0)
    ]
    assert members[0]["special_groups"] == '["disability"]'
    assert view.members_table.rowCount() == 1
    assert view.share_note.text() == "⚠ 产权份额合计为 50 %，不是 100 %。"

    view.members_table.selectRow(0)
    view.edit_member_button.click()
    dialog = view.last_dialog
    assert isinstance(dialog, MemberDialog)
    editors = dialog.form.editors
    editors["share_pct"].line.setText("100")
    save(dialog, ctx)
    assert households.detail(ws, hid)["members"][0]["share_pct"] == 100.0
    assert view.share_note.isHidden()

    view.members_table.selectRow(0)
    view.remove_member_button.click()
    box = view.last_box
    assert box is not None and box.isVisible()
    box.button(QMessageBox.StandardButton.Yes).click()
    settle(ctx)
    assert households.detail(ws, hid)["members"] == []
    assert view.members_table.rowCount() == 0


def test_the_resettlement_tab_shows_tickets_and_flats(
    window: MainWindow, ctx: AppContext, ws: Workspace, project: str
) -> None:
    today = formatting.today()
    hid = make_household(ws, project)
    signed = today - dt.timedelta(days=40)
    ws.update("household", hid, {"signed_on": signed.isoformat(), "compensation_mode": "mixed"})
    ticket = tickets.issue_ticket(
        ws,
        hid,
        number="XWFP-T-0001",
        face_amount="500000",
        issued_on=today - dt.timedelta(days=20),
        valid_until=today + dt.timedelta(days=10),
    )
    tickets.redeem(
        ws, ticket, "100000", used_on=today - dt.timedelta(days=2), development="太湖云庐"
    )
    flat_values = {"district": "新吴区", "estate": "旺庄安置苑", "unit": "1", "area": 78.5}
    mine = flats.add_flat(ws, flat_values | {"building": "3", "number": "502", "ready": True})
    flats.allocate(ws, mine, hid)
    spare = flats.add_flat(ws, flat_values | {"building": "4", "number": "201", "ready": True})

    view = open_household(window, ctx, hid).view
    panel = view.resettlement
    index = view.tabs.indexOf(panel)
    assert view.tabs.tabText(index) == "安置 (2)"
    table = panel.tickets_table

    def row(t: Any, r: int = 0) -> list[str]:
        return [t.item(r, c).text() for c in range(t.columnCount())]

    until = (today + dt.timedelta(days=10)).isoformat()
    assert row(table) == ["XWFP-T-0001", "500,000.00", "400,000.00", until, "有效", "+20%"]
    assert table.item(0, 3).toolTip() == "10 天后到期"  # and a warning icon
    assert not table.item(0, 3).icon().isNull()
    uses = row(panel.uses_table)
    assert uses[:4] == [
        "XWFP-T-0001",
        "购房使用",
        (today - dt.timedelta(days=2)).isoformat(),
        "100,000.00",
    ]
    assert uses[-1] == "太湖云庐"
    assert row(panel.flats_table)[:4] == ["旺庄安置苑 3栋1单元502", "78.5", "", "已选"]
    assert panel.cycle_label.text() == f"{signed.isoformat()} 签约，尚未安置到位：已过 40 天。"

    # 出具房票 opens the issuing dialog for this household
    panel.issue_button.click()
    settle(ctx)
    issue = panel.last_dialog
    assert isinstance(issue, IssueTicketDialog) and issue.isVisible()
    assert issue.picker.household_id == hid
    issue.reject()

    # 分配房源 lists the district's free flats and allocates the chosen one
    panel.allocate_button.click()
    settle(ctx)
    choose = panel.last_dialog
    assert isinstance(choose, ChooseFlatDialog) and choose.isVisible()
    assert [f["id"] for f in choose.flats] == [spare]
    choose.temporary.setChecked(True)
    choose.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    settle(ctx)
    assert not choose.isVisible()
    assert ws.get("flat", spare)["household_id"] == hid
    assert ws.get("flat", spare)["state"] == "temporary"
    assert panel.flats_table.rowCount() == 2
    assert view.tabs.tabText(index) == "安置 (3)"


def test_a_refused_allocation_is_one_sentence_in_the_dialog(
    window: MainWindow, ctx: AppContext, ws: Workspace, project: str
) -> None:
    hid = make_household(ws, project)
    other = make_household(ws, project, "王小二")
    flat = flats.add_flat(
        ws, {"district": "新吴区", "estate": "旺庄安置苑", "building": "3", "number": "502"}
    )
    view = open_household(window, ctx, hid).view
    view.resettlement.allocate_button.click()
    settle(ctx)
    choose = view.resettlement.last_dialog
    assert isinstance(choose, ChooseFlatDialog)
    flats.allocate(ws, flat, other)  # meanwhile, a colleague gave it away
    choose.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    settle(ctx)
    assert choose.isVisible()
    assert choose.error.text().startswith("⚠ ") and "王小二" in choose.error.text()
    assert ws.get("flat", flat)["household_id"] == other
