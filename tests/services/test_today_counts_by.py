"""today_counts_by: every caseworker's (or sub-district's) counts in one pass, equal to what
today_counts gives for that one name — on the hand-built fixture of test_today and on the demo
data set (with its house tickets and flats)."""

from __future__ import annotations

from typing import Any

import pytest

from services import demo, requests, today
from services.workspace import Workspace
from tests.services.test_today import TODAY, days
from tests.services.test_today import fx as fx

ZERO = dict.fromkeys((*today.KINDS, "overdue", "total"), 0)


def names(ws: Workspace, group: str) -> set[str]:
    """Everybody (or every sub-district) a filter could name: household caseworkers and
    responsible persons, or households' and projects' sub-districts."""

    def read(db: Any) -> set[str]:
        if group == "caseworker":
            sql = (
                "SELECT caseworker FROM households UNION SELECT responsible FROM requests"
                " UNION SELECT '没有这个人'"
            )
        else:
            sql = (
                "SELECT sub_district FROM households UNION SELECT sub_district FROM projects"
                " UNION SELECT '没有这个街道'"
            )
        return {row[0] for row in db.conn.execute(sql) if row[0]}

    return ws.read(read)


def assert_same_as_one_by_one(ws: Workspace, group: str) -> dict[str, dict[str, int]]:
    grouped = today.today_counts_by(ws, group, today=TODAY)
    everyone = names(ws, group)
    assert set(grouped) <= everyone
    for name in everyone:
        one = today.today_counts(ws, today=TODAY, **{group: name})
        assert grouped.get(name, ZERO) == one, name
        assert (name in grouped) == (one["total"] > 0), name
    return grouped


def test_hand_built_fixture_per_caseworker(ws: Workspace, fx: dict[str, str]) -> None:
    # a request of 李明's household answered by 王静 counts for both of them
    requests.add_request(
        ws,
        {
            "household_id": fx["a"],
            "project_id": fx["p1"],
            "received_on": days(-4),
            "category": "area",
            "summary": "面积复核",
            "deadline": days(-2),
            "responsible": "王静",
        },
    )
    grouped = assert_same_as_one_by_one(ws, "caseworker")
    assert grouped["李明"] == {
        "visit": 1,
        "request": 3,
        "ticket": 1,
        "statutory": 1,
        "overdue": 3,
        "total": 6,
    }
    assert grouped["王静"] == ZERO | {"request": 1, "overdue": 1, "total": 1}
    assert list(grouped) == sorted(grouped)


def test_hand_built_fixture_per_sub_district(ws: Workspace, fx: dict[str, str]) -> None:
    grouped = assert_same_as_one_by_one(ws, "sub_district")
    # 梅村街道 has a household of 梅村地块 and the project itself: its short comment period
    assert grouped["梅村街道"]["statutory"] == 1


def test_demo_data_per_caseworker_and_sub_district(ws: Workspace) -> None:
    demo.load_demo(ws, 60, seed=7, today=TODAY)
    by_caseworker = assert_same_as_one_by_one(ws, "caseworker")
    by_sub = assert_same_as_one_by_one(ws, "sub_district")
    assert sum(c["ticket"] for c in by_caseworker.values()) > 0
    assert len(by_sub) >= 3
    # every item of the whole list is counted at least once by sub-district
    everything = today.today_list(ws, today=TODAY)
    assert sum(c["total"] for c in by_sub.values()) >= everything.counts["total"]


def test_an_unknown_group_is_a_bug(ws: Workspace) -> None:
    with pytest.raises(ValueError):
        today.today_counts_by(ws, "project", today=TODAY)
