"""How ui.short_address and domain.address_parse read building, unit and room on the same
addresses. The list's short form ("华庄新村1-1-201") and the building grid's placement must
agree on what the numbers of an address are, so both readings are pinned side by side here.

ui.short_address read them with two regular expressions of its own (Arabic digits, 栋/幢/号楼
only): Chinese numerals, 座, #, 号 buildings, floors and dashes stayed long, and full-width
digits and spaces were copied as written. It now takes domain.address_parse's reading."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.address_parse import flat_end, parse_placement
from ui.short_address import numbered

# address, its short form in a narrow column, and (building, unit, room) as the grid reads it
READINGS = (
    ("华庄新村1栋1单元201室", "华庄新村1-1-201", ("1", "1", "201")),
    ("3幢2单元502", "3-2-502", ("3", "2", "502")),
    ("旺庄苑5号楼1201室", "旺庄苑5-1201", ("5", "", "1201")),
    ("华庄新村1栋1单元201", "华庄新村1-1-201", ("1", "1", "201")),
    ("旺庄街道华庄新村1栋1单元201室", "旺庄街道华庄新村1-1-201", ("1", "1", "201")),
    ("华庄新村1栋1单元0201室", "华庄新村1-1-201", ("1", "1", "201")),
    ("华庄新村１栋１单元２０１室", "华庄新村1-1-201", ("1", "1", "201")),
    ("华庄新村 1 栋 1 单元 201 室", "华庄新村1-1-201", ("1", "1", "201")),
    ("春潮新村三栋二单元五零一室", "春潮新村3-2-501", ("3", "2", "501")),
    ("长江一村A座1203室", "长江一村A-1203", ("A", "", "1203")),
    ("长江一村3#2单元501室", "长江一村3-2-501", ("3", "2", "501")),
    ("长江一村3-2-501", "长江一村3-2-501", ("3", "2", "501")),
    ("华庄新村12号1单元501室", "华庄新村12-1-501", ("12", "1", "501")),
    ("华庄新村1栋5层501室", "华庄新村1-501", ("1", "", "501")),
    ("华庄新村1栋", "华庄新村1栋", ("1", "", "")),
    ("长江路3号", "长江路3号", ("", "", "")),
    ("梅村老街12-1号", "梅村老街12-1号", ("", "", "")),
    ("安置小区", "安置小区", ("", "", "")),
)


@pytest.mark.parametrize(("address", "short", "placement"), READINGS)
def test_both_readings_of_an_address(
    address: str, short: str, placement: tuple[str, str, str]
) -> None:
    assert numbered(address) == short
    found = parse_placement(None, None, None, address)
    assert (found.building, found.unit, found.room) == placement


def flat_numbers(address: str) -> str:
    """Building, unit and room as domain.address_parse reads them, written as numbers."""
    found = parse_placement(None, None, None, address)
    if not (found.building and found.room):
        return ""
    return "-".join(part for part in (found.building, found.unit, found.room) if part)


NUMERALS = st.one_of(
    st.integers(1, 30).map(str),
    st.sampled_from(["一", "三", "十二", "二十", "１２", "０３"]),
)
ROOMS = st.one_of(
    st.integers(101, 3204).map(str), st.sampled_from(["五零一", "0501", "２０１", "一百零五"])
)


@st.composite
def flat_addresses(draw: st.DrawFn) -> str:
    estate = draw(st.sampled_from(["", "旺庄街道", "新吴区旺庄街道"]))
    estate += draw(st.sampled_from(["华庄新村", "春潮花园", "长江一村", "A区", "安置小区 "]))
    building = draw(st.one_of(NUMERALS, st.sampled_from(["A", "B2"])))
    mark = draw(st.sampled_from(["栋", "幢", "座", "号楼", "#", "号"]))
    unit = draw(st.one_of(st.just(""), NUMERALS.map(lambda n: n + "单元")))
    if mark == "号" and not unit:
        unit = "1单元"  # 号 then a room alone is a street number
    ends = ["室", "", "户"] if mark == "号" else ["室", "", "号", "户"]  # not 1号1单元101号
    room = draw(ROOMS) + draw(st.sampled_from(ends))
    spaces = draw(st.sampled_from(["", " "]))
    return estate + spaces.join([building + mark, unit, room])


@given(flat_addresses())
def test_the_short_form_writes_the_numbers_address_parse_reads(address: str) -> None:
    numbers = flat_numbers(address)
    assert numbers, address
    short = numbered(address)
    assert short.endswith(numbers), (address, short, numbers)
    place = short[: len(short) - len(numbers)]
    assert address.startswith(place) and not place.endswith(" "), (address, short)


@given(st.text(max_size=40))
def test_an_address_is_shortened_only_where_address_parse_reads_a_room(address: str) -> None:
    short = numbered(address)
    numbers = flat_numbers(address)
    if short != address:
        assert numbers and short.endswith(numbers), (address, short, numbers)
        assert address.startswith(short[: len(short) - len(numbers)])


@given(flat_addresses())
def test_the_numbers_begin_where_the_building_is_written(address: str) -> None:
    found = flat_end(address)
    assert found is not None
    alone = flat_end(address[found.start :])  # the numbers' part read on its own
    assert alone is not None and alone.start == 0 and alone.numbers == found.numbers
    assert not address[: found.start].rstrip()[-1:].isdigit()
