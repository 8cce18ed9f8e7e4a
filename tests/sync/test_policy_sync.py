"""Compensation policies travel in bundles like every record: a policy made at the hub reaches
the laptops, and two laptops saving different versions offline keep both, as a conflict shown to
a person, with every copy showing the same displayed version."""

from __future__ import annotations

import datetime as dt

from domain import compensation as comp
from services import estimates, policies
from tests.domain.test_compensation import WORKED_POLICY
from tests.sync.sync_kit import District, sync_all


def test_policies_and_their_versions_travel_and_conflict_visibly(district: District) -> None:
    hub = district.hub
    project = hub.ws.create(
        "project",
        {"code": "XW-9", "name": "测试项目", "district": "新吴区", "sub_district": "旺庄街道"},
    )
    policy = policies.create_policy(hub.ws, comp.parse_policy(WORKED_POLICY), project_id=project)
    household = hub.ws.create(
        "household",
        {"project_id": project, "address": "1号", "head_name": "钱永芳", "measured_area": 87.03,
         "assessed_price": 12500, "decoration_grade": "medium", "approved_use": "住宅"},
    )  # fmt: skip
    sync_all(district)
    day = dt.date(2026, 12, 20)
    for laptop in district.laptops:
        found = estimates.estimate_household(laptop.ws, household, sign_on=day)
        assert found.policy_id == policy and found.options["money"].total_fen == 117_618_088

    first, second = district.laptops
    for site, amount in ((first, "6000"), (second, "7000")):
        raw = comp.policy_to_json(policies.get_policy(site.ws, policy).policy)
        raw["items"][4]["amount"] = amount
        assert policies.save_policy(site.ws, policy, comp.parse_policy(raw)) == 2
    sync_all(district)
    sync_all(district)
    states = {site.state() for site in district.all()}
    assert len(states) == 1
    shown = {
        policies.get_policy(site.ws, policy).policy.item("hardship").amount
        for site in district.all()
    }
    assert len(shown) == 1  # the same displayed version everywhere
    conflicts = {c.field for c in hub.ws.conflicts(policy)}
    assert "body" in conflicts  # both versions kept for a person to choose
