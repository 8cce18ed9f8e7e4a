"""A pool record's value that names a household outside a laptop's scope reaches the laptop with
the holder withheld (docs/sync.md, "Scoped sync"). When that household later enters the scope —
it moves into one of the scope's projects, or the scope grows — the laptop must be able to name
it wherever the withheld value still shows: a losing claim of a double allocation, or an earlier
allocation in the flat's history. The household's own records come whole; so must every pool
value naming it, even when the pool record's current holder is somebody else."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from domain.scope import Scope
from services import flats, households
from storage import scoping
from tests.sync.scope_kit import SHUOFANG, WANGZHUANG, pool_values_differ, restricted_state
from tests.sync.sync_kit import PASSWORD, District, Site, make_district, sync_all


def _household(site: Site, project: str, name: str) -> str:
    return households.create_household(
        site.ws, {"project_id": project, "address": f"{name}家", "head_name": name}
    )


def _project(site: Site, code: str, sub: str) -> str:
    return site.ws.create(
        "project", {"code": code, "name": sub, "district": "新吴区", "sub_district": sub}
    )


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[District, dict[str, str]]]:
    district = make_district(tmp_path)
    hub = district.hub
    ids = {
        "wz": _project(hub, "WZ-1", "旺庄街道"),
        "sf": _project(hub, "SF-1", "硕放街道"),
    }
    ids["wang"] = _household(hub, ids["wz"], "王大")
    ids["shuo"] = _household(hub, ids["sf"], "硕一")
    ids["flat"] = flats.add_flat(hub.ws, {"estate": "安置小区", "building": "1", "number": "101"})
    hub.sync.set_scope(PASSWORD, district.laptops[0].name, WANGZHUANG)
    hub.sync.set_scope(PASSWORD, district.laptops[1].name, SHUOFANG)
    sync_all(district)
    yield district, ids
    district.close()


def _move_household_in(district: District, ids: dict[str, str]) -> None:
    district.hub.ws.update("household", ids["shuo"], {"project_id": ids["wz"]})


def _widen_scope(district: District, ids: dict[str, str]) -> None:
    district.hub.sync.set_scope(PASSWORD, district.laptops[0].name, Scope.area("新吴区"))


ENTERS: dict[str, Callable[[District, dict[str, str]], None]] = {
    "moved-in": _move_household_in,
    "scope-widened": _widen_scope,
}


def _redacted(site: Site) -> set[str]:
    return site.ws.read(lambda db: scoping.redacted_ids(db.conn))


@pytest.mark.parametrize("enters", sorted(ENTERS))
def test_a_losing_claim_names_the_household_once_it_enters_the_scope(
    world: tuple[District, dict[str, str]], enters: str
) -> None:
    district, ids = world
    hub, (one, two) = district.hub, district.laptops
    # Laptop two gives the flat to 硕一 first, laptop one to 王大 later: 王大's claim is shown
    # (the greater clock), 硕一's loses — and reaches laptop one withheld.
    flats.allocate(two.ws, ids["flat"], ids["shuo"])
    flats.allocate(one.ws, ids["flat"], ids["wang"])
    sync_all(district)
    sync_all(district)
    (before,) = flats.double_allocations(one.ws)
    assert before.decided_at_hub
    assert [c.household_id for c in before.claims] == [None, ids["wang"]]

    ENTERS[enters](district, ids)
    sync_all(district)
    sync_all(district)

    assert one.ws.get("household", ids["shuo"])["head_name"] == "硕一"
    (after,) = flats.double_allocations(one.ws)
    assert not after.decided_at_hub  # both households are here now: the laptop may decide
    assert [(c.household_id, c.head_name) for c in after.claims] == [
        (ids["shuo"], "硕一"),
        (ids["wang"], "王大"),
    ]
    assert not any(c.outside_scope for c in after.claims)
    assert not _redacted(one)
    # exactly as the hub shows it
    (at_hub,) = flats.double_allocations(hub.ws)
    assert [(c.household_id, c.head_name) for c in at_hub.claims] == [
        (c.household_id, c.head_name) for c in after.claims
    ]
    scope = Scope.area("新吴区") if enters == "scope-widened" else WANGZHUANG
    assert one.state() == restricted_state(hub, scope)
    assert not pool_values_differ(one, hub, scope)
    # and laptop one can now settle it itself
    flats.resolve_double_allocation(one.ws, ids["flat"], ids["shuo"])
    sync_all(district)
    assert hub.ws.get("flat", ids["flat"])["household_id"] == ids["shuo"]
    assert flats.double_allocations(hub.ws) == []


@pytest.mark.parametrize("enters", sorted(ENTERS))
def test_an_earlier_holder_in_the_history_is_named_once_it_enters_the_scope(
    world: tuple[District, dict[str, str]], enters: str
) -> None:
    """Not a conflict: the hub gave the flat to 硕一, took it back and gave it to 王大. Laptop
    one got 硕一's allocation withheld; once 硕一 is in its scope the op holds 硕一 again."""
    district, ids = world
    hub, one = district.hub, district.laptops[0]
    flats.allocate(hub.ws, ids["flat"], ids["shuo"])
    flats.release(hub.ws, ids["flat"])
    flats.allocate(hub.ws, ids["flat"], ids["wang"])
    sync_all(district)
    assert _redacted(one)

    ENTERS[enters](district, ids)
    sync_all(district)

    assert not _redacted(one)
    named = {
        op.value
        for op in one.ops()
        if op.entity_id == ids["flat"] and op.field == "household_id" and op.value
    }
    assert named == {ids["shuo"], ids["wang"]}
    assert one.ws.get("flat", ids["flat"])["household_id"] == ids["wang"]
    scope = Scope.area("新吴区") if enters == "scope-widened" else WANGZHUANG
    assert not pool_values_differ(one, hub, scope)
