"""Arranging a project's households into the building grid: every household exactly once, floors
top down, rectangular units, and counts that add up."""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.address_parse import Placement, parse_placement
from domain.building_grid import GROUPS, GridHousehold, ProjectGrid, arrange

DAY = dt.date(2026, 11, 26)


def _h(hid: str, address: str, group: str = "unsigned", **fields: str) -> GridHousehold:
    placement = parse_placement(
        fields.get("building"), fields.get("unit"), fields.get("room"), address
    )
    return GridHousehold(hid, f"户{hid}", address, group, placement=placement)


def _grid(*households: GridHousehold) -> ProjectGrid:
    return arrange("p", "XW-01", "旺庄路北侧地块", households, DAY)


def test_a_building_is_units_of_floors_of_rooms() -> None:
    grid = _grid(
        _h("a", "春潮新村3栋1单元301室", "signed"),
        _h("b", "春潮新村3栋1单元102室"),
        _h("c", "春潮新村3栋2单元201室", "handed_over"),
        _h("d", "春潮新村10栋1单元101室", "vacated"),
        _h("e", "春潮新村3栋1单元101室"),
    )
    three, ten = grid.blocks
    assert (three.title, ten.title) == ("春潮新村 3栋", "春潮新村 10栋")  # 3 before 10
    unit1, unit2 = three.units
    assert unit1.columns == ("01", "02")
    assert [r.floor for r in unit1.rows] == [3, 2, 1]  # top floor first, the empty 2nd shown
    ids = [[c.id if c else None for c in r.cells] for r in unit1.rows]
    assert ids == [["a", None], [None, None], ["e", "b"]]
    assert [[c.id if c else None for c in r.cells] for r in unit2.rows] == [["c"], [None]]
    assert (three.tally.signed, three.tally.total) == (2, 4)
    assert (grid.tally.signed, grid.tally.total) == (3, 5)
    assert grid.tally.count("vacated") == 1


def test_two_households_in_one_room_get_a_column_each() -> None:
    grid = _grid(_h("a", "3栋1单元501"), _h("b", "3栋1单元501"), _h("c", "3栋1单元402"))
    unit = grid.blocks[0].units[0]
    assert unit.columns == ("01", "01", "02")
    assert {len(r.cells) for r in unit.rows} == {3}


def test_streets_are_lists_in_number_order_and_the_rest_comes_last() -> None:
    grid = _grid(
        _h("a", "梅村老街12号"),
        _h("b", "梅村老街2号"),
        _h("c", "梅村老街12-1号"),
        _h("d", "泰伯路7号"),
        _h("e", "村东头老宅"),
        _h("f", "春潮新村3栋1单元101室"),
    )
    kinds = [(b.kind, b.name) for b in grid.blocks]
    assert kinds == [
        ("building", "3栋"), ("street", "梅村老街"), ("street", "泰伯路"), ("unplaced", ""),
    ]  # fmt: skip
    assert [h.id for h in grid.blocks[1].households] == ["b", "a", "c"]
    assert [h.room_label for h in grid.blocks[1].households] == ["2号", "12号", "12-1号"]


def test_a_tower_shows_only_occupied_floors_and_loose_rooms_wrap() -> None:
    grid = _grid(
        _h("a", "A座9901室"), _h("b", "A座101室"), *(_h(f"x{i}", f"B座{i}") for i in range(8))
    )
    tower, loose = grid.blocks
    assert [r.floor for r in tower.units[0].rows] == [99, 1]
    rows = loose.units[0].rows
    assert [r.floor for r in rows] == [None, None] and [len(r.cells) for r in rows] == [6, 6]
    assert sum(c is not None for r in rows for c in r.cells) == 8


# --- properties ----------------------------------------------------------------------------
addresses = st.one_of(
    st.builds(
        "{}{}栋{}单元{}{:02d}室".format,
        st.sampled_from(["春潮新村", "旺庄苑", ""]),
        st.integers(1, 12),
        st.integers(1, 3),
        st.integers(1, 45),
        st.integers(1, 4),
    ),
    st.builds("{}{}号".format, st.sampled_from(["梅村老街", "泰伯路"]), st.integers(1, 300)),
    st.builds("{}栋{}".format, st.integers(1, 5), st.integers(1, 60)),
    st.text(max_size=12),
)


@st.composite
def households(draw: st.DrawFn) -> list[GridHousehold]:
    rows = draw(
        st.lists(st.tuples(addresses, st.sampled_from(GROUPS.codes()), st.booleans()), max_size=80)
    )
    return [
        GridHousehold(
            str(i),
            f"户{i}",
            text,
            group,
            overdue=overdue,
            placement=parse_placement("", "", "", text),
        )
        for i, (text, group, overdue) in enumerate(rows)
    ]


@given(households())
@settings(max_examples=150)
def test_every_household_exactly_once_and_counts_add_up(found: list[GridHousehold]) -> None:
    grid = _grid(*found)
    placed = [h.id for b in grid.blocks for h in b.all_households()]
    assert sorted(placed) == sorted(h.id for h in found)
    assert grid.tally.total == len(found)
    assert grid.tally.signed == sum(h.group != "unsigned" for h in found)
    for code in GROUPS.codes():
        assert grid.tally.count(code) == sum(b.tally.count(code) for b in grid.blocks)
    for block in grid.blocks:
        assert block.tally.total == len(block.all_households())
        for unit in block.units:
            floors = [r.floor for r in unit.rows if r.floor is not None]
            assert floors == sorted(set(floors), reverse=True)
            assert all(r.floor is not None for r in unit.rows[: len(floors)])
            assert {len(r.cells) for r in unit.rows} <= {unit.width}
            for row in unit.rows:
                for cell in row.cells:
                    if cell is not None:
                        assert cell.placement.floor == row.floor
                        assert cell.placement.unit == unit.name


def test_placement_default_is_unplaced() -> None:
    assert GridHousehold("x", "n", "", "unsigned").placement == Placement("unplaced")


@given(households(), st.randoms(use_true_random=False))
@settings(max_examples=80)
def test_the_grid_does_not_depend_on_the_order_rows_come_in(
    found: list[GridHousehold], rng: random.Random
) -> None:
    shuffled = list(found)
    rng.shuffle(shuffled)
    assert _grid(*found) == _grid(*shuffled)
