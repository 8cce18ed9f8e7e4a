"""The building grid service: colour groups by state, the overdue-visit mark, fields before the
address text, and counts that agree with the dispatch figures."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.building_grid import Block, arrange
from domain.errors import UserError
from services import building_grid, demo, households, visits
from services.figures import Scope, dispatch_figures, week_of
from services.projects import create_project
from services.workspace import Workspace

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def project(ws: Workspace) -> str:
    pid = create_project(ws, {"code": "XW-9", "name": "春潮新村地块"})

    def home(name: str, address: str, **values: str) -> str:
        return households.create_household(
            ws, {"project_id": pid, "address": address, "head_name": name, **values}
        )

    home("甲", "旺庄街道春潮新村3栋1单元101室")
    home("乙", "旺庄街道春潮新村3栋1单元102室", state="signed", signed_on="2026-10-01")
    home("丙", "旺庄街道春潮新村3栋1单元201室", state="vacated", vacated_on="2026-11-01")
    home("丁", "旺庄街道春潮新村3栋1单元202室", state="completed", handed_over_on="2026-11-02")
    home("戊", "旺庄街道春潮新村3栋2单元101室", state="no_agreement")
    home("己", "旺庄街道春潮新村3栋2单元102室", state="temporary_housing", signed_on="2026-09-01")
    # The fields say building 5, unit 1, room 301; the text is out of date.
    home("庚", "旺庄街道春潮新村3栋", building="5", unit="1", room="301")
    overdue = home("辛", "梅村老街12号", attitude="oppose")
    visits.add_visit(
        ws,
        overdue,
        {"visited_on": "2026-11-01", "next_visit_due": "2026-11-20", "explained": "补偿方案"},
    )
    done = home("壬", "梅村老街3号", state="completed")
    visits.add_visit(
        ws,
        done,
        {"visited_on": "2026-11-01", "next_visit_due": "2026-11-20", "explained": "补偿方案"},
    )
    gone = home("癸", "梅村老街5号")
    ws.delete("household", gone)
    return pid


def _cells(grid: object) -> dict[str, object]:
    return {h.name: h for b in grid.blocks for h in b.all_households()}  # type: ignore[attr-defined]


def test_groups_marks_and_blocks(ws: Workspace, project: str) -> None:
    grid = building_grid.project_grid(ws, project, today=TODAY)
    cells = _cells(grid)
    groups = {name: h.group for name, h in cells.items()}  # type: ignore[attr-defined]
    assert groups == {
        "甲": "unsigned", "乙": "signed", "丙": "vacated", "丁": "handed_over",
        "戊": "unsigned", "己": "signed", "庚": "unsigned", "辛": "unsigned", "壬": "handed_over",
    }  # fmt: skip
    assert [n for n, h in cells.items() if h.overdue] == ["辛"]  # type: ignore[attr-defined]
    assert cells["辛"].attitude == "oppose"  # type: ignore[attr-defined]
    titles = [(b.kind, b.title, b.tally.signed, b.tally.total) for b in grid.blocks]
    assert titles == [
        ("building", "春潮新村 3栋", 4, 6),
        ("building", "春潮新村 5栋", 0, 1),
        ("street", "梅村老街", 1, 2),
    ]
    assert (grid.tally.signed, grid.tally.total) == (5, 9)
    assert grid.title == "XW-9 春潮新村地块"


def test_an_unknown_project_is_one_sentence(ws: Workspace) -> None:
    with pytest.raises(UserError) as caught:
        building_grid.project_grid(ws, "nope")
    assert caught.value.code == "project_not_found"


def test_signed_counts_agree_with_the_dispatch_figures(ws: Workspace) -> None:
    demo.load_demo(ws, households=160, seed=7, today=TODAY)
    week = week_of(TODAY)
    for project in building_grid.grid_projects(ws):
        grid = building_grid.project_grid(ws, project["id"], today=TODAY)
        figures = dispatch_figures(ws, Scope.project(project["id"]), week, today=TODAY).totals
        assert grid.tally.total == figures.households_total == project["households"]
        assert grid.tally.signed == figures.signed
        assert grid.tally.count("vacated") + grid.tally.count("handed_over") == figures.vacated
        assert grid.tally.count("handed_over") == figures.handed_over_total


def test_demo_flats_fill_their_buildings_like_a_real_grid() -> None:
    generator = demo.DemoGenerator(900, seed=2026, today=TODAY)
    projects = {r.record_id: r.values["code"] for r in generator.projects()}
    homes = [
        r.values
        for group in generator.households()
        for r in group
        if r.entity == "household" and projects[r.values["project_id"]] == "XW-2024-003"
    ]
    found = [
        building_grid.household_of(dict(h, id=str(i), next_visit_due=None), TODAY)
        for i, h in enumerate(homes)
    ]
    grid = arrange("p", "XW-2024-003", "旺庄路南侧", found, TODAY)
    rooms = [
        (h.placement.estate, h.placement.building, h.placement.unit, h.placement.room)
        for h in found
    ]
    assert len(rooms) == len(set(rooms)), "one household a flat"
    buildings = [b for b in grid.blocks if b.kind == "building"]
    assert {b.estate for b in buildings} == {"春潮新村", "旺庄苑", "长江一村"}
    for block in buildings:
        assert 1 <= len(block.units) <= 3
        assert all(r.floor is not None and r.floor <= 7 for u in block.units for r in u.rows)
    by_estate: dict[str, list[Block]] = {}
    for block in buildings:
        by_estate.setdefault(block.estate, []).append(block)
    for blocks in by_estate.values():
        for block in blocks[:-1]:  # all but the last building of an estate are nearly full
            cells = [c for u in block.units for r in u.rows for c in r.cells]
            assert sum(c is not None for c in cells) >= 0.75 * len(cells)


def test_flats_in_order_walk_building_by_building() -> None:
    assert [demo.flat_in_order(i) for i in (0, 1, 2, 23, 24)] == [
        (1, 1, 1, 1), (1, 1, 1, 2), (1, 1, 2, 1), (1, 2, 6, 2), (2, 1, 1, 1),
    ]  # fmt: skip
    seen = [demo.flat_in_order(i) for i in range(3000)]
    assert len(set(seen)) == 3000
    assert demo.flat_in_order(10**6)[0] > 1000  # whole cycles skipped, no slow walk
