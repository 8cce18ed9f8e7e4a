"""A flat given to two households of different sub-districts while apart (laptop one: 旺庄街道,
laptop two: 硕放街道), both bundles met at the hub and came back to the laptops."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.scope import Scope
from services import flats, households
from sync.device import FAST_KDF_ENV
from tests.sync.sync_kit import PASSWORD, District, Site, make_district, sync_all


def _household(site: Site, project: str, name: str) -> str:
    return households.create_household(
        site.ws, {"project_id": project, "address": f"{name}家", "head_name": name}
    )


@pytest.fixture
def crossed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[District, str, str, str]]:
    """Laptop one (旺庄街道) gave flat 101 to 王大, laptop two (硕放街道) to 硕一, while apart;
    both bundles met at the hub and came back."""
    monkeypatch.setenv(FAST_KDF_ENV, "1")
    district = make_district(tmp_path)
    hub, (one, two) = district.hub, district.laptops
    projects = {
        sub: hub.ws.create(
            "project", {"code": code, "name": sub, "district": "新吴区", "sub_district": sub}
        )
        for code, sub in (("WZ-1", "旺庄街道"), ("SF-1", "硕放街道"))
    }
    wang = _household(hub, projects["旺庄街道"], "王大")
    shuo = _household(hub, projects["硕放街道"], "硕一")
    flat = flats.add_flat(hub.ws, {"estate": "安置小区", "building": "1", "number": "101"})
    hub.sync.set_scope(PASSWORD, one.name, Scope.area("新吴区", "旺庄街道"))
    hub.sync.set_scope(PASSWORD, two.name, Scope.area("新吴区", "硕放街道"))
    sync_all(district)
    flats.allocate(one.ws, flat, wang)
    flats.allocate(two.ws, flat, shuo)
    sync_all(district)
    sync_all(district)
    yield district, flat, wang, shuo
    district.close()
