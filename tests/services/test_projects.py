"""Projects as one list: the ranking across districts with hand-computed scores, district-set
weights that travel as a shared setting, and statutory warnings with counted households."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from domain.errors import UserError
from domain.priority import Weights
from services import households, projects
from services.workspace import Profile, Workspace
from tests.exchange_kit import send

D = dt.date
TODAY = D(2026, 11, 26)


def make(ws: Workspace, code: str, district: str, sub: str, **values: object) -> str:
    return projects.create_project(
        ws,
        {"code": code, "name": f"{code} 地块", "district": district, "sub_district": sub} | values,
    )


def three_projects(ws: Workspace) -> tuple[str, str, str]:
    # score = 100 × (.35 urgency + .25 funding + .25 benefit + .10 households + .05 area)
    # A: u5 → 1, funding 80/100 → .8, b4 → .75, 500 hh → 1, 86.4 mu → .1728
    #    = 35 + 20 + 18.75 + 10 + 0.864 = 84.614 → 84.6
    a = make(
        ws,
        "XW-A",
        "新吴区",
        "旺庄街道",
        urgency=5,
        benefit=4,
        funding_needed=100,
        funding_secured=80,
        households_planned=500,
        area_mu=86.4,
    )
    # B: u3 → .5, funding 420/420 → 1, b5 → 1, 100 hh → .2, 500 mu → 1
    #    = 17.5 + 25 + 25 + 2 + 5 = 74.5
    b = make(
        ws,
        "JK-B",
        "经开区",
        "华庄街道",
        urgency=3,
        benefit=5,
        funding_needed=420,
        funding_secured=420,
        households_planned=100,
        area_mu=500,
    )
    # C: u1 → 0, no funding figures, b1 → 0, no households planned (2 recorded → .004)
    #    = 0.04 → 0.0
    c = make(ws, "XW-C", "新吴区", "梅村街道", urgency=1, benefit=1)
    for room in ("1", "2"):
        households.create_household(ws, {"project_id": c, "address": room, "head_name": "某"})
    return a, b, c


def test_ranked_across_districts(ws: Workspace) -> None:
    a, b, c = three_projects(ws)
    ranked = projects.ranked_projects(ws, today=TODAY)
    assert [(p.rank, p.code, p.score) for p in ranked] == [
        (1, "XW-A", 84.6),
        (2, "JK-B", 74.5),
        (3, "XW-C", 0.0),
    ]
    assert ranked[2].households == 2 and ranked[2].households_recorded == 2
    assert ranked[2].priority.missing == ("funding", "area")
    assert [p.code for p in projects.ranked_projects(ws, district="新吴区", today=TODAY)] == [
        "XW-A",
        "XW-C",
    ]
    ws.update("project", a, {"archived_on": "2026-10-01"})
    assert [p.id for p in projects.ranked_projects(ws, today=TODAY)] == [b, c]
    assert len(projects.ranked_projects(ws, include_archived=True, today=TODAY)) == 3


def test_district_weights_change_the_ranking_and_the_formula(ws: Workspace) -> None:
    three_projects(ws)
    formula = projects.priority_formula(ws)
    assert formula.text == (
        "优先级 = 100 × (0.35×紧迫 + 0.25×资金匹配 + 0.25×效益 + 0.1×户数 + 0.05×面积)"
    )
    projects.set_priority_weights(
        ws, Weights(urgency=0.4, funding=0.3, benefit=0.3, households=0, area=0)
    )
    assert (
        projects.priority_formula(ws).text == "优先级 = 100 × (0.4×紧迫 + 0.3×资金匹配 + 0.3×效益)"
    )
    assert projects.priority_formula(ws, "en").text.startswith("priority = 100 × (0.4×urgency")
    # A: 40 + 24 + 22.5 = 86.5; B: 20 + 30 + 30 = 80
    assert [(p.code, p.score) for p in projects.ranked_projects(ws, today=TODAY)][:2] == [
        ("XW-A", 86.5),
        ("JK-B", 80.0),
    ]
    projects.set_priority_weights(
        ws, Weights(urgency=0, funding=1, benefit=1, households=0, area=0)
    )
    # A: 50 × .8 + 50 × .75 = 77.5; B: 100
    assert [(p.code, p.score) for p in projects.ranked_projects(ws, today=TODAY)][:2] == [
        ("JK-B", 100.0),
        ("XW-A", 77.5),
    ]


def test_weights_travel_to_other_laptops(tmp_path: Path) -> None:
    hub, laptop = Workspace.open(tmp_path / "hub.db"), Workspace.open(tmp_path / "l.db")
    try:
        hub.init_profile(Profile("区征收办", "新吴区", "区征收办", "hub", role="hub"))
        laptop.init_profile(Profile("李明", "新吴区", "旺庄街道", "旺庄-笔记本1"))
        weights = Weights(urgency=1, funding=0, benefit=0, households=0, area=0)
        projects.set_priority_weights(hub, weights)
        send(hub, laptop)
        assert projects.priority_weights(laptop) == weights
        assert projects.priority_formula(laptop).text == "优先级 = 100 × (1×紧迫)"
    finally:
        hub.close()
        laptop.close()


def test_statutory_warnings_count_unsigned_households(ws: Workspace) -> None:
    pid = make(
        ws,
        "XW-S",
        "新吴区",
        "旺庄街道",
        comment_start="2026-03-01",
        comment_end="2026-03-20",  # 19 days
        risk_assessed_on="2026-04-01",
        decision_on="2026-04-10",
        signing_start="2026-05-01",
        signing_end="2026-12-20",
        permits_suspended_on="2025-12-01",  # decided within the year: no permit warning
    )
    states = ["negotiating", "signed", "vacated", "surveying", "temporary_housing", "no_agreement"]
    for i, state in enumerate(states):
        households.create_household(
            ws, {"project_id": pid, "address": str(i), "head_name": "某", "state": state}
        )
    # unsigned: negotiating, surveying, no_agreement = 3
    found = projects.statutory_warnings(ws, pid, today=TODAY)
    assert [w.code for w in found] == ["comment_short", "signing_ending"]
    assert found[1].params == {"end": "2026-12-20", "days": 24, "unsigned": 3}
    ranked = projects.ranked_projects(ws, today=TODAY)
    assert ranked[0].unsigned == 3
    assert [w.code for w in ranked[0].warnings] == ["comment_short", "signing_ending"]


def test_shared_setting_roundtrip(ws: Workspace) -> None:
    assert projects.shared_setting(ws, "x") is None
    first = projects.set_shared_setting(ws, "x", {"a": 1})
    assert projects.set_shared_setting(ws, "x", [1, 2]) == first
    assert projects.shared_setting(ws, "x") == [1, 2]


def test_bad_weights_are_refused_when_set_and_ignored_when_read(ws: Workspace) -> None:
    with pytest.raises(UserError):
        projects.set_priority_weights(ws, Weights.from_dict({"urgency": -1}))
    for bad in ({"urgency": -1}, {"urgency": "x"}, [1, 2]):
        projects.set_shared_setting(ws, projects.PRIORITY_WEIGHTS, bad)
        assert projects.priority_weights(ws) == Weights()
