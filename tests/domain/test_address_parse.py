"""The building-grid address parser: fields first, the text for the rest, Chinese numerals, and
never an exception whatever was typed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.address_parse import (
    Placement,
    chinese_number,
    estate_name,
    floor_of,
    normalise,
    number_key,
    parse_placement,
)

_DIGITS = "零一二三四五六七八九"


def to_chinese(n: int) -> str:
    """The written form (1 → 一, 12 → 十二, 105 → 一百零五, 2010 → 二千零一十), 1 ≤ n ≤ 9999."""
    out, zero = "", False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // unit % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        if not (unit == 10 and digit == 1 and not out):  # 十二, not 一十二
            out += _DIGITS[digit]
        out += name
    return out


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23), ("一百零五", 105),
        ("一百一十", 110), ("两千", 2000), ("五零一", 501), ("一〇二", 102), ("十二", 12),
        ("二三十", None), ("十百", None), ("百百", None), ("", None), ("3", None), ("十a", None),
    ],
)  # fmt: skip
def test_chinese_numbers(text: str, value: int | None) -> None:
    assert chinese_number(text) == value


@given(st.integers(1, 9999))
def test_every_written_chinese_number_reads_back(n: int) -> None:
    assert chinese_number(to_chinese(n)) == n


@given(st.integers(0, 99999))
def test_digit_by_digit_chinese_reads_as_the_digits(n: int) -> None:
    assert chinese_number("".join(_DIGITS[int(d)] for d in str(n))) == n


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            ("", "", "", "旺庄街道春潮新村3栋2单元501室"),
            Placement("flat", "春潮新村", "3", "栋", "2", "501", 5),
        ),
        (
            ("3", "2", "501", "旺庄街道春潮新村3栋2单元501室"),
            Placement("flat", "春潮新村", "3", "栋", "2", "501", 5),
        ),
        (
            ("", "", "", "新吴区华庄街道葛埭社区十二幢二单元五零一室"),
            Placement("flat", "葛埭社区", "12", "幢", "2", "501", 5),
        ),
        (("", "", "", "长江一村3-2-1203"), Placement("flat", "长江一村", "3", "", "2", "1203", 12)),
        (("", "", "", "３栋２单元５０１室"), Placement("flat", "", "3", "栋", "2", "501", 5)),
        (("", "", "", "南湖家园3号楼2单元501"), Placement("flat", "南湖家园", "3", "号楼", "2", "501", 5)),
        (("", "", "", "华清苑A座1203室"), Placement("flat", "华清苑", "A", "座", "", "1203", 12)),
        (("", "", "", "华清苑3#2单元101室"), Placement("flat", "华清苑", "3", "栋", "2", "101", 1)),
        (("", "", "", "华清苑7栋3单元5层2室"), Placement("flat", "华清苑", "7", "栋", "3", "2", 5)),
        (("", "", "", "泰伯路45号501室"), Placement("flat", "泰伯路", "45", "号", "", "501", 5)),
        (("", "", "", "泰伯路45号2单元301"), Placement("flat", "泰伯路", "45", "号", "2", "301", 3)),
        (("", "", "", "许巷村3栋"), Placement("flat", "许巷村", "3", "栋")),
        (("", "", "", "梅村街道梅村老街12-1号"), Placement("street", "梅村老街", number="12-1")),
        (("", "", "", "泰伯路一百零五号"), Placement("street", "泰伯路", number="105")),
        (("", "", "", "新市路12号"), Placement("street", "新市路", number="12")),
        (("", "", "", "梅村老街12号后院"), Placement("street", "梅村老街", number="12")),
        (("", "", "501", "泰伯路12号"), Placement("flat", "泰伯路", "12", "号", "", "501", 5)),
        (("A座", "", "1203", "南湖家园"), Placement("flat", "南湖家园", "A", "座", "", "1203", 12)),
        (("3#", "二单元", "五零一室", ""), Placement("flat", "", "3", "栋", "2", "501", 5)),
        (("第3栋", "第2单元", "0501", ""), Placement("flat", "", "3", "栋", "2", "501", 5)),
        (("", "", "", "硕放南路"), Placement("unplaced", "硕放南路")),
        (("", "", "", "不详"), Placement("unplaced", "不详")),
        (("", "", "", ""), Placement("unplaced")),
        ((None, None, None, None), Placement("unplaced")),
    ],
)  # fmt: skip
def test_placements(fields: tuple[str, str, str, str], expected: Placement) -> None:
    assert parse_placement(*fields) == expected


def test_a_field_wins_over_the_text() -> None:
    placed = parse_placement("5", "1", "302", "春潮新村3栋2单元501室")
    assert (placed.estate, placed.building, placed.unit, placed.room, placed.floor) == (
        "春潮新村", "5", "1", "302", 3,
    )  # fmt: skip
    only_room = parse_placement("", "", "1101", "春潮新村3栋2单元501室")
    assert (only_room.building, only_room.unit, only_room.floor) == ("3", "2", 11)


def test_labels_and_positions() -> None:
    placed = parse_placement("", "", "", "春潮新村12号楼2单元1203室")
    assert placed.building_label == "12号楼" and placed.position == "03"
    assert parse_placement("3", "", "", "").building_label == "3栋"
    assert parse_placement("3", "", "7", "").position == "7"


def test_estates_drop_administrative_names_only() -> None:
    assert estate_name("新吴区旺庄街道春潮新村") == "春潮新村"
    assert estate_name("锡山区东港镇许巷村") == "许巷村"
    assert estate_name("葛埭社区") == "葛埭社区"
    assert estate_name("新市路") == "新市路"
    assert estate_name("新吴区") == "新吴区"  # never stripped to nothing


def test_floors_and_number_order() -> None:
    assert [floor_of(r) for r in ("501", "1203", "B101", "12", "0", "甲1", "001")] == [
        5, 12, 1, None, None, None, None,
    ]  # fmt: skip
    labels = ["10", "2", "A", "12-1", "12", "1"]
    assert sorted(labels, key=number_key) == ["1", "2", "10", "12", "12-1", "A"]


# --- properties ----------------------------------------------------------------------------

# Estate names made of characters that are neither numbers nor markers, so they stay whole.
_ESTATE_CHARS = "春潮新村旺庄苑长江华清南湖家园梅泰伯锡许巷观山金茂晨光花"
estates = st.text(alphabet=_ESTATE_CHARS, min_size=2, max_size=8)
admin = st.sampled_from(["", "新吴区", "旺庄街道", "新吴区旺庄街道", "无锡市新吴区硕放街道"])


@st.composite
def flats(draw: st.DrawFn) -> tuple[str, int, int, int, int, bool]:
    return (
        draw(estates),
        draw(st.integers(1, 120)),
        draw(st.integers(1, 12)),
        draw(st.integers(1, 60)),
        draw(st.integers(1, 20)),
        draw(st.booleans()),
    )


def _written(
    estate: str, building: int, unit: int, floor: int, pos: int, chinese: bool, style: int
) -> str:
    b = to_chinese(building) if chinese else str(building)
    u = to_chinese(unit) if chinese else str(unit)
    room = f"{floor}{pos:02d}"
    return [
        f"{estate}{b}栋{u}单元{room}室",
        f"{estate}{b}幢{u}单元{room}",
        f"{estate}{b}号楼第{u}单元{room}室",
        f"{estate}{building}-{unit}-{room}",
        f"{estate}{b}#{u}单元{room}号",
        f"{estate}{building}号{u}单元{room}室",
    ][style]


@given(flats(), admin, st.integers(0, 5))
@settings(max_examples=300)
def test_every_written_flat_address_reads_back(
    flat: tuple[str, int, int, int, int, bool], prefix: str, style: int
) -> None:
    estate, building, unit, floor, pos, chinese = flat
    text = prefix + _written(estate, building, unit, floor, pos, chinese, style)
    placed = parse_placement("", "", "", text)
    assert placed.kind == "flat", text
    assert (placed.estate, placed.building, placed.unit) == (estate, str(building), str(unit))
    assert (placed.room, placed.floor, placed.position) == (
        f"{floor}{pos:02d}",
        floor,
        f"{pos:02d}",
    )


@given(flats(), st.integers(0, 5), st.integers(1, 120), st.integers(1, 12), st.integers(1, 3000))
def test_fields_win_over_any_text(
    flat: tuple[str, int, int, int, int, bool], style: int, building: int, unit: int, room: int
) -> None:
    text = _written(*flat, style)
    placed = parse_placement(str(building), f"{unit}单元", f"{room}室", text)
    assert (placed.building, placed.unit, placed.room) == (str(building), str(unit), str(room))
    assert placed.estate == flat[0]
    assert placed.floor == (room // 100 or None if room >= 100 else None)


@given(estates, admin, st.integers(1, 9999), st.one_of(st.none(), st.integers(1, 9)))
def test_every_street_number_reads_back(
    street: str, prefix: str, number: int, sub: int | None
) -> None:
    suffix = "" if sub is None else f"-{sub}"
    placed = parse_placement("", "", "", f"{prefix}{street}路{number}{suffix}号")
    assert placed == Placement("street", f"{street}路", number=f"{number}{suffix}")


@given(st.text(max_size=60), st.text(max_size=12), st.text(max_size=12), st.text(max_size=12))
@settings(max_examples=400)
def test_parsing_never_raises_and_stays_within_what_was_typed(
    address: str, building: str, unit: str, room: str
) -> None:
    placed = parse_placement(building, unit, room, address)
    assert placed.kind in ("flat", "street", "unplaced")
    assert (placed.kind == "flat") == bool(placed.building)
    assert placed.floor is None or placed.floor > 0
    typed = sum(len(normalise(part)) for part in (address, building, unit, room))
    for part in (placed.estate, placed.building, placed.unit, placed.room, placed.number):
        assert len(part) <= max(typed, 4)


@given(st.text(alphabet="０１２３４５６７８９栋单元室号－", max_size=20))
def test_full_width_reads_as_ascii(text: str) -> None:
    ascii_text = text.translate({0xFF10 + i: ord("0") + i for i in range(10)} | {0xFF0D: ord("-")})
    assert parse_placement("", "", "", text) == parse_placement("", "", "", ascii_text)


@pytest.mark.parametrize(
    "text",
    ["1" * 4000, "一" * 4000, "十" * 4000, "1号" * 2000, "号1" * 2000, "1单元" * 1000 + "栋"],
)
def test_the_longest_inputs_parse(text: str) -> None:
    """Long runs of digits or numerals once made the lazy estate try every start (seconds per
    address); each number now starts where the one before it ended."""
    placed = parse_placement(text[:40], text[:20], text[:20], text)
    assert placed.kind in ("flat", "street", "unplaced")
