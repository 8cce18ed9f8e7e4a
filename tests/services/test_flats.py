"""Resettlement flats through the real store: allocation rules, the offline double allocation
through two stores and the op log, and the resettlement cycle."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.errors import UserError
from services import figures, flats, households
from services.projects import create_project
from services.workspace import Profile, Workspace
from tests.exchange_kit import send

D = dt.date


def project(ws: Workspace, code: str = "XW-2026-01") -> str:
    return create_project(ws, {"code": code, "name": f"{code} 地块"})


def household(ws: Workspace, project_id: str, name: str, room: str, **extra: str) -> str:
    values = {"project_id": project_id, "address": f"旺庄路18号{room}室", "head_name": name}
    return households.create_household(ws, values | extra)


def flat(ws: Workspace, number: str = "1201", **extra: object) -> str:
    values: dict[str, object] = {
        "estate": "新华家园",
        "building": "3",
        "unit": "2",
        "floor": 12,
        "number": number,
        "area": 89.5,
        "layout": "两室一厅",
    }
    return flats.add_flat(ws, values | extra)


def test_allocate_and_release(ws: Workspace) -> None:
    pid = project(ws)
    zhang, wang = household(ws, pid, "章金伟", "501"), household(ws, pid, "王秀英", "502")
    fid = flat(ws)
    assert ws.get("flat", fid)["state"] == "free"
    assert ws.get("flat", fid)["district"] == "新吴区"
    flats.allocate(ws, fid, zhang)
    row = ws.get("flat", fid)
    assert (row["household_id"], row["state"]) == (zhang, "chosen")
    with pytest.raises(UserError) as err:
        flats.allocate(ws, fid, wang)
    assert err.value.code == "flat_already_allocated"
    assert err.value.message("zh") == (
        "房源“新华家园 3栋2单元1201”已分配给“章金伟（旺庄路18号501室）”，同一套房源不能分配两次。"
    )
    flats.release(ws, fid)
    row = ws.get("flat", fid)
    assert (row["household_id"], row["state"]) == (None, "free")
    with pytest.raises(UserError) as err:
        flats.release(ws, fid)
    assert err.value.code == "flat_not_allocated"
    flats.allocate(ws, fid, wang, temporary=True)
    assert ws.get("flat", fid)["state"] == "temporary"


def test_only_free_or_reserved_flats_are_allocated(ws: Workspace) -> None:
    pid = project(ws)
    zhang = household(ws, pid, "章金伟", "501")
    locked = flat(ws, "101", state="locked")
    with pytest.raises(UserError) as err:
        flats.allocate(ws, locked, zhang)
    assert err.value.message("zh") == "房源“新华家园 3栋2单元101”目前为“锁定”状态，不能分配。"
    reserved = flat(ws, "102", state="reserved")
    flats.allocate(ws, reserved, zhang)
    assert ws.get("flat", reserved)["state"] == "chosen"
    with pytest.raises(UserError):
        flats.add_flat(ws, {"estate": "E", "building": "1", "number": "1", "household_id": zhang})
    listed = flats.list_flats(ws, available_only=True)
    assert listed == []
    assert [f["label"] for f in flats.list_flats(ws)] == [
        "新华家园 3栋2单元101",
        "新华家园 3栋2单元102",
    ]


@pytest.fixture
def laptops(tmp_path: Path) -> Iterator[tuple[Workspace, Workspace]]:
    a = Workspace.open(tmp_path / "a.db")
    b = Workspace.open(tmp_path / "b.db")
    a.init_profile(Profile("李明", "新吴区", "旺庄街道", "旺庄-笔记本1"))
    b.init_profile(Profile("张华", "新吴区", "旺庄街道", "旺庄-笔记本2"))
    yield a, b
    a.close()
    b.close()


def test_offline_double_allocation_surfaces_on_both_laptops(
    laptops: tuple[Workspace, Workspace],
) -> None:
    a, b = laptops
    pid = project(a)
    zhang, wang = household(a, pid, "章金伟", "501"), household(a, pid, "王秀英", "502")
    fid = flat(a)
    send(a, b)

    flats.allocate(a, fid, zhang)  # each laptop sees a free flat and allocates it
    flats.allocate(b, fid, wang)
    assert send(a, b) > 0
    assert send(b, a) > 0

    shown = {ws.get("flat", fid)["household_id"] for ws in (a, b)}
    assert len(shown) == 1 and shown <= {zhang, wang}  # the same displayed value everywhere
    for ws in (a, b):
        conflict = next(c for c in ws.conflicts(fid) if c.field == "household_id")
        assert {v.value for v in conflict.values} == {zhang, wang}
        assert conflict.values[-1].value in shown
        found = flats.double_allocations(ws)
        assert [d.flat_id for d in found] == [fid]
        claims = found[0].claims
        assert {(c.head_name, c.author) for c in claims} == {("章金伟", "李明"), ("王秀英", "张华")}
        assert [c.displayed for c in claims] == [False, True]
        assert claims[-1].household_id in shown
        with pytest.raises(UserError) as err:  # no third allocation while under review
            flats.allocate(ws, fid, zhang)
        assert err.value.code == "flat_allocation_in_conflict"

        totals = figures.dispatch_figures(ws, figures.Scope.all(), "2026-W48").totals
        assert (totals.flats_allocated, totals.flats_double_allocated) == (1, 1)

    # a person decides on one laptop with the generic resolve; the other learns it by bundle
    a.resolve("flat", fid, "household_id", wang)
    if a.has_conflict(fid, "state"):
        a.resolve("flat", fid, "state", "chosen")
    send(a, b)
    for ws in (a, b):
        assert ws.conflicts(fid) == []
        assert flats.double_allocations(ws) == []
        assert ws.get("flat", fid)["household_id"] == wang


def test_resolve_double_allocation_settles_both_fields(
    laptops: tuple[Workspace, Workspace],
) -> None:
    a, b = laptops
    pid = project(a)
    zhang, wang = household(a, pid, "章金伟", "501"), household(a, pid, "王秀英", "502")
    fid = flat(a)
    send(a, b)
    flats.allocate(a, fid, zhang)
    flats.allocate(b, fid, wang, temporary=True)
    send(a, b)
    send(b, a)
    assert {c.field for c in b.conflicts(fid)} == {"household_id", "state"}
    flats.resolve_double_allocation(b, fid, zhang, state="chosen")
    send(b, a)
    for ws in (a, b):
        row = ws.get("flat", fid)
        assert (row["household_id"], row["state"], row["_conflicts"]) == (zhang, "chosen", 0)
    with pytest.raises(UserError):
        flats.resolve_double_allocation(a, fid, wang)


def test_resettlement_cycle_per_household_and_project(ws: Workspace) -> None:
    first, second = project(ws, "P-1"), project(ws, "P-2")
    # P-1: cycles of 30 and 90 days, one household still waiting, one never signed
    household(ws, first, "甲", "1", signed_on="2026-01-01", housed_on="2026-01-31")
    household(ws, first, "乙", "2", signed_on="2026-02-01", housed_on="2026-05-02")
    waiting = household(ws, first, "丙", "3", signed_on="2026-03-01")
    household(ws, first, "丁", "4")
    # P-2: one cycle of 200 days
    household(ws, second, "戊", "5", signed_on="2026-01-01", housed_on="2026-07-20")
    today = D(2026, 8, 1)
    cycles = flats.resettlement_cycles(ws, project_id=first, today=today)
    assert [(c.head_name, c.days, c.days_so_far) for c in cycles] == [
        ("丙", None, 153),
        ("乙", 90, 90),
        ("甲", 30, 30),
    ]
    assert flats.average_cycle(ws, second, today=D(2026, 7, 19)) is None  # not housed yet
    assert flats.average_cycle(ws, first, today=today) == 60.0
    assert flats.average_cycle(ws, second, today=today) == 200.0
    assert flats.average_cycle(ws, today=today) == pytest.approx((30 + 90 + 200) / 3)
    assert flats.average_cycle_by_project(ws, today=today) == {first: 60.0, second: 200.0}
    with pytest.raises(UserError) as err:
        flats.mark_housed(ws, waiting, D(2026, 2, 1))
    assert err.value.code == "housed_before_signed"
    flats.mark_housed(ws, waiting, D(2026, 4, 30))
    assert flats.average_cycle(ws, first, today=today) == pytest.approx((30 + 90 + 60) / 3)
