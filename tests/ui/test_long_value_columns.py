"""One long value must not push a list's other columns off a 1366×768 screen. Lists sized to
their contents grew a column as wide as its longest value: one flat of a 40-character estate
name pushed State and Allocated household past the right edge of the flats list, and one
member's 40-character name did the same to the members' table. A column sized to its contents
stops at a bound; the cell elides and its tooltip holds the whole value. Chinese and English."""

from __future__ import annotations

from typing import Any

from services import flats, households
from services.workspace import Workspace
from tests.ui.conftest import laptop_window, settle
from tests.ui.test_households_ui import open_household
from tests.ui.test_lists_share_room import assert_in_view
from ui import i18n
from ui.context import AppContext
from ui.widgets import CONTENT_COLUMN_MAX

LONG_ESTATE = "安置" * 20  # 40 characters, the most the field allows
LONG_NAME = "！？" * 20


def visible_columns(table: Any) -> list[int]:
    """The columns wholly inside the table's viewport without scrolling (the last, which takes
    the spare width, with at least 60 px of it)."""
    header = table.horizontalHeader()
    room = table.viewport().width()
    last = header.count() - 1
    return [
        c
        for c in range(header.count())
        if header.sectionViewportPosition(c) + (60 if c == last else header.sectionSize(c)) <= room
    ]


def test_a_long_estate_leaves_the_flats_columns_on_screen(
    ctx: AppContext, ws: Workspace, project: str, qtbot: Any, language: str
) -> None:
    household = households.create_household(
        ws, {"project_id": project, "address": "3栋2单元501室", "head_name": "章金伟"}
    )
    for number, estate in (("101", "安置小区"), ("102", LONG_ESTATE)):
        flat = flats.add_flat(
            ws, {"estate": estate, "building": "1", "number": number, "district": "新吴区"}
        )
    flats.allocate(ws, flat, household)
    window = laptop_window(ctx, qtbot)
    page: Any = window.show_page("flats")
    settle(ctx)
    table = page.table
    assert visible_columns(table) == list(range(page.model.columnCount()))
    titles = [c.title() for c in page.model.columns]
    estate = titles.index(i18n.field_label("flat", "estate"))
    assert table.columnWidth(estate) <= CONTENT_COLUMN_MAX
    row = next(
        r for r in range(page.model.rowCount()) if page.model.row(r)["estate"] == LONG_ESTATE
    )
    assert table.model().index(row, estate).data(0x03) == LONG_ESTATE  # the tooltip, whole
    window.close()
    settle(ctx)


def test_a_long_member_name_leaves_the_members_columns_on_screen(
    ctx: AppContext, ws: Workspace, project: str, qtbot: Any, language: str
) -> None:
    household = households.create_household(
        ws, {"project_id": project, "address": "3栋2单元501室", "head_name": "章金伟"}
    )
    ws.create("member", {"household_id": household, "name": LONG_NAME, "relation": "子"})
    window = laptop_window(ctx, qtbot)
    page = open_household(window, ctx, household)
    table = page.view.members_table
    # every column in view: the long name takes the spare width and no more (ui.widgets
    # SharedRoom; it was capped at CONTENT_COLUMN_MAX, which cut names with room spare)
    assert_in_view(table, (2, 3))  # the ID and phone whole beside it
    assert table.item(0, 0).toolTip() == LONG_NAME
    window.close()
    settle(ctx)
