"""The household list and page: create, find, reveal, attach, history, state rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDropEvent, QImage
from PySide6.QtWidgets import QComboBox, QLineEdit

from services import households
from services.workspace import Workspace
from tests.ui.conftest import settle, type_text
from ui.context import AppContext
from ui.main_window import MainWindow

ID_NUMBER = "11010519491231002X"


def make_household(ws: Workspace, project: str, name: str = "章金伟") -> str:
    return households.create_household(
        ws,
        {
            "project_id": project,
            "building": "3",
            "unit": "1",
            "room": "301",
            "head_name": name,
            "head_id_number": ID_NUMBER,
            "phone": "13812345678",
        },
    )


def open_household(window: MainWindow, ctx: AppContext, household_id: str) -> Any:
    page: Any = window.show_page("households")
    settle(ctx)
    page.show_household(household_id)
    settle(ctx)
    assert page.view.household_id == household_id
    return page


def search(page: Any, ctx: AppContext, qtbot: Any, text: str, *, chinese: bool = False) -> None:
    page.search.clear()
    if chinese:
        type_text(page.search, text)
    else:
        qtbot.keyClicks(page.search, text)
    qtbot.waitUntil(lambda: page.model.query == text, timeout=3000)
    settle(ctx)


def test_create_household_then_find_it_by_initials_and_two_characters(
    window: MainWindow, ctx: AppContext, ws: Workspace, project: str, qtbot: Any
) -> None:
    page: Any = window.show_page("households")
    settle(ctx)
    page.new_button.click()
    settle(ctx)
    dialog = page.findChild(object, "householdDialog")
    assert dialog is not None and dialog.isVisible()
    editors = dialog.form.editors
    assert isinstance(editors["project_id"], QComboBox)
    assert editors["project_id"].currentData() == project
    qtbot.keyClicks(editors["building"], "3")
    qtbot.keyClicks(editors["unit"], "1")
    qtbot.keyClicks(editors["room"], "301")
    type_text(editors["head_name"], "章金伟")
    qtbot.keyClicks(editors["head_id_number"], ID_NUMBER)
    dialog.buttons.accepted.emit()
    settle(ctx)
    assert not dialog.isVisible()
    rows = households.list_page(ws, households.HouseholdFilter())
    assert [(r["head_name"], r["address"]) for r in rows] == [("章金伟", "3栋1单元301室")]
    make_household(ws, project, "王小二")
    ctx.notify("household")
    settle(ctx)
    assert page.model.rowCount() == 2

    search(page, ctx, qtbot, "zjw")
    assert [r["head_name"] for r in page.model.rows] == ["章金伟"]
    assert page.count_label.text() == "找到 1 户"

    search(page, ctx, qtbot, "金伟", chinese=True)
    assert [r["head_name"] for r in page.model.rows] == ["章金伟"]

    page.search.clear()
    qtbot.waitUntil(lambda: page.model.query == "", timeout=3000)
    settle(ctx)
    assert page.model.rowCount() == 2


def test_ctrl_f_focuses_search(window: MainWindow, ctx: AppContext, qtbot: Any) -> None:
    window.show_page("projects")
    window.activateWindow()
    window.find_household()
    page: Any = window.widgets["households"]
    assert window.current_key() == "households"
    qtbot.waitUntil(lambda: page.search.hasFocus(), timeout=2000)


def test_the_state_combo_offers_only_allowed_moves(
    window: MainWindow, ctx: AppContext, ws: Workspace, project: str
) -> None:
    household = make_household(ws, project)
    page = open_household(window, ctx, household)
    combo = page.view.state_combo
    offered = [combo.itemData(i) for i in range(combo.count())]
    assert offered == ["surveyed"]  # 调查中 cannot jump to 已签约: it is not even offered
    assert combo.findData("signed") == -1


def test_state_change_appears_in_history(
    window: MainWindow, ctx: AppContext, ws: Workspace, project: str
) -> None:
    household = make_household(ws, project)
    page = open_household(window, ctx, household)
    view = page.view
    view.state_combo.setCurrentIndex(view.state_combo.findData("surveyed"))
    view.state_button.click()
    settle(ctx)
    assert not view.state_error.isVisible()
    assert ws.get("household", household)["state"] == "surveyed"
    table = view.history_table
    rows = [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]
    state_rows = [row for row in rows if row[3] == "状态" and row[5] == "已调查"]
    assert state_rows, rows
    _when, who, computer, _what, old, new = state_rows[0]
    assert (who, computer, old, new) == ("李明", "旺庄-笔记本1", "调查中", "已调查")
    # masked in history too: the ID number never shows in full without a reveal
    assert not any(ID_NUMBER in cell for row in rows for cell in row)


def test_reveal_an_id_number_records_an_audit_event(
    window: MainWindow, ctx: AppContext, ws: Workspace, project: str
) -> None:
    household = make_household(ws, project)
    households.add_member(ws, household, {"name": "章小明", "id_number": ID_NUMBER})
    page = open_household(window, ctx, household)
    view = page.view
    assert view.head_id.label.text() == "110105********002X"
    assert view.members_table.item(0, 2).text() == "110105********002X"
    assert ws.events("reveal") == []
    view.head_id.button.click()
    settle(ctx)
    assert view.head_id.label.text() == ID_NUMBER
    events = ws.events("reveal", household)
    assert len(events) == 1 and events[0].author == "李明"

    view.members_table.selectRow(0)
    view.reveal_member_id.click()
    settle(ctx)
    assert view.members_table.item(0, 2).text() == ID_NUMBER
    assert len(ws.events("reveal")) == 2


def test_drop_a_photo_to_attach_it(
    window: MainWindow, ctx: AppContext, ws: Workspace, project: str, tmp_path: Path
) -> None:
    household = make_household(ws, project)
    page = open_household(window, ctx, household)
    photo = tmp_path / "房屋正面.png"
    image = QImage(400, 300, QImage.Format.Format_RGB32)
    image.fill(QColor("#3a7bd5"))
    assert image.save(str(photo))
    target = page.view.attachment_list
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    target.dropEvent(event)
    settle(ctx)
    settle(ctx)
    attached = ws.attachments(household)
    assert [a["name"] for a in attached] == ["房屋正面.png"]
    assert target.count() == 1
    icon = target.item(0).icon().pixmap(96, 96).toImage()
    assert icon.pixelColor(48, 48) == QColor("#3a7bd5")  # the thumbnail, not a file icon
    assert page.view.tabs.tabText(3) == "附件 (1)"


def test_search_box_is_a_line_edit_with_a_hint(window: MainWindow, ctx: AppContext) -> None:
    page: Any = window.show_page("households")
    assert isinstance(page.search, QLineEdit)
    assert "拼音首字母" in page.search.placeholderText()
