"""The households list at 1366×768 in both languages: neighbours' addresses share a long start
(街道, estate, building) and differ at the end (unit, room). Cut at the end, every row read
"华庄街道华庄新…" and a caseworker could not tell 201室 from 202室 without hovering. The column
leaves out the sub-district (the same on every row: "华庄街道") and cuts at the start, so the
building, unit and room show; the whole address is in the tooltip."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from services.workspace import Workspace
from tests.ui.conftest import laptop_window, settle
from ui.context import AppContext
from ui.widgets import SUB_DISTRICT_PREFIX

ADDRESSES = (
    "华庄街道华庄新村1栋1单元201室",
    "华庄街道华庄新村1栋1单元202室",
    "华庄街道华庄新村1栋2单元201室",
    "华庄街道华庄新村2栋1单元201室",
)


def shown_text(table: Any, row: int, column: int) -> str:
    """The text as the table paints it: the cell's text elided to the cell's width."""
    index = table.model().index(row, column)
    option = QStyleOptionViewItem()
    table.initViewItemOption(option)
    option.rect = table.visualRect(index)
    table.itemDelegateForIndex(index).initStyleOption(option, index)
    style = table.style()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1
    width = option.rect.width() - 2 * margin
    return option.fontMetrics.elidedText(option.text, option.textElideMode, width)


def test_neighbours_addresses_read_differently_in_the_list(
    ctx: AppContext, ws: Workspace, project: str, qtbot: Any, language: str
) -> None:
    for address in ADDRESSES:
        ws.create("household", {"project_id": project, "address": address, "head_name": "王芳"})
    window = laptop_window(ctx, qtbot)
    page: Any = window.show_page("households")
    settle(ctx)
    column = [c.key for c in page.model.columns].index("address")
    shown = [shown_text(page.table, row, column) for row in range(len(ADDRESSES))]
    texts = [page.model.index(row, column).data() for row in range(len(ADDRESSES))]
    assert sorted(texts) == sorted(ADDRESSES)
    assert len(set(shown)) == len(ADDRESSES), shown
    for text, seen in zip(texts, shown, strict=True):
        assert seen.startswith("…") and text.endswith(seen[1:]), (text, seen)  # its end whole
        assert "栋" in seen, (text, seen)  # building, unit and room
        tip = page.model.index(texts.index(text), column).data(Qt.ItemDataRole.ToolTipRole)
        assert tip == text
    window.close()
    settle(ctx)


@given(st.text(min_size=1, max_size=60))
def test_leaving_out_the_sub_district_keeps_a_non_empty_end_of_the_address(address: str) -> None:
    shown = SUB_DISTRICT_PREFIX.sub("", address)
    assert shown and address.endswith(shown)
    if "街道" not in address:
        assert shown == address


def test_the_sub_district_left_out() -> None:
    assert SUB_DISTRICT_PREFIX.sub("", "华庄街道华庄新村1栋1单元201室") == "华庄新村1栋1单元201室"
    assert SUB_DISTRICT_PREFIX.sub("", "新吴区旺庄街道长江一村3栋") == "长江一村3栋"
    assert SUB_DISTRICT_PREFIX.sub("", "旺庄街道") == "旺庄街道"  # nothing would be left
    assert SUB_DISTRICT_PREFIX.sub("", "长江路3号") == "长江路3号"
