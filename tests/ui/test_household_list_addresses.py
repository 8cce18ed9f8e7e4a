"""The households list at 1366×768 in both languages: neighbours' addresses share a long start
(街道, estate, building) and differ at the end (unit, room). Cut at the end, every row read
"华庄街道华庄新…" and a caseworker could not tell 201室 from 202室 without hovering; cut at the
start, "…1栋1单元201室" stood for the 201室 of every estate of the project. The column leaves out
the sub-district, writes building, unit and room as numbers and cuts the estate's name at its end
(ui.short_address), so both the estate and the room show; the whole address is in the tooltip."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt

from services.workspace import Workspace
from tests.ui.conftest import laptop_window, settle, shown_text
from ui.context import AppContext
from ui.short_address import SUB_DISTRICT_PREFIX, fitted_address, numbered

ADDRESSES = (
    "华庄街道华庄新村1栋1单元201室",
    "华庄街道华庄新村1栋1单元202室",
    "华庄街道华庄新村1栋2单元201室",
    "华庄街道华庄新村2栋1单元201室",
)


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
        assert seen.endswith(numbered(text)[-7:]), (text, seen)  # building, unit, room whole
        assert seen.startswith("华"), (text, seen)  # and the estate
        tip = page.model.index(texts.index(text), column).data(Qt.ItemDataRole.ToolTipRole)
        assert tip == text
    window.close()
    settle(ctx)


SAME_ROOMS = (
    "华庄街道华庄新村1栋1单元201室",
    "华庄街道春潮花园1栋1单元201室",
    "华庄街道长江一村1栋1单元201室",
    "华庄街道长江二村1栋1单元201室",
    "华庄街道华庄新村1栋1单元202室",
)


def test_the_same_room_in_different_estates_reads_differently_in_the_list(
    ctx: AppContext, ws: Workspace, project: str, qtbot: Any, language: str
) -> None:
    """One project's estates share their building, unit and room numbers: the 112 px column
    showed "…1栋1单元201室" for each. Now each row shows its estate and its room."""
    for address in SAME_ROOMS:
        ws.create("household", {"project_id": project, "address": address, "head_name": "王芳"})
    window = laptop_window(ctx, qtbot)
    page: Any = window.show_page("households")
    settle(ctx)
    column = [c.key for c in page.model.columns].index("address")
    assert page.table.columnWidth(column) == 112
    rows = range(len(SAME_ROOMS))
    texts = [page.model.index(row, column).data() for row in rows]
    shown = {
        text: shown_text(page.table, row, column) for row, text in zip(rows, texts, strict=True)
    }
    assert len(set(shown.values())) == len(SAME_ROOMS), shown
    for text, seen in shown.items():
        estate = text[len("华庄街道") :][:2]
        room = text[-4:-1]
        assert seen.startswith(estate) and seen.endswith(room), (text, seen)
    window.close()
    settle(ctx)


def test_the_steps_of_shortening_an_address() -> None:
    def chars(text: str) -> int:
        return len(text)

    address = "华庄街道长江一村1栋2单元301室"
    assert fitted_address(address, 99, chars) == address
    assert fitted_address(address, 14, chars) == "长江一村1栋2单元301室"
    assert fitted_address(address, 11, chars) == "长江一村1-2-301"
    assert fitted_address(address, 10, chars) == "长江…1-2-301"
    assert fitted_address(address, 9, chars) == "长…1-2-301"
    assert fitted_address(address, 8, chars) == "…1-2-301"
    assert fitted_address(address, 5, chars) == "…-301"
    assert numbered("旺庄苑5号楼1201室") == "旺庄苑5-1201"
    assert numbered("长江路3号") == "长江路3号"


@given(st.text(min_size=1, max_size=60), st.integers(min_value=0, max_value=80))
def test_a_shortened_address_fits_or_is_as_short_as_it_can_be(address: str, room: int) -> None:
    fitted = fitted_address(address, room, len)
    assert fitted
    if len(fitted) > room:  # nothing fitted: the shortest form, an ellipsis and one character
        assert len(fitted) <= 2
    # what tells rooms apart, the last character, is always kept
    assert fitted[-1] == numbered(SUB_DISTRICT_PREFIX.sub("", address))[-1] or fitted == address


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
