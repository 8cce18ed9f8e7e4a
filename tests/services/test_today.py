"""The "today" list per caseworker and per sub-district, against a hand-built fixture."""

from __future__ import annotations

import datetime as dt

import pytest

from services import households, requests, tickets, today, visits
from services.projects import create_project
from services.workspace import Workspace

D = dt.date
TODAY = D(2026, 11, 26)


def days(n: int) -> str:
    return (TODAY + dt.timedelta(days=n)).isoformat()


@pytest.fixture
def fx(ws: Workspace) -> dict[str, str]:
    ids: dict[str, str] = {}
    ids["p1"] = create_project(
        ws,
        {
            "code": "XW-1",
            "name": "新华村地块",
            "signing_start": "2026-06-01",
            "signing_end": days(24),
        },
    )
    ids["p2"] = create_project(
        ws,
        {
            "code": "XW-2",
            "name": "梅村地块",
            "sub_district": "梅村街道",
            "comment_start": "2026-11-01",
            "comment_end": "2026-11-20",  # 19 days: too short
        },
    )

    def home(key: str, project: str, caseworker: str, **values: str) -> None:
        ids[key] = households.create_household(
            ws,
            {
                "project_id": ids[project],
                "address": f"{key}号",
                "head_name": f"户{key}",
                "caseworker": caseworker,
                **values,
            },
        )

    home("a", "p1", "李明")
    home("b", "p1", "张华")
    home("c", "p1", "李明")
    home("d", "p1", "李明", state="completed")
    home("e", "p2", "张华")
    visits.add_visit(
        ws, ids["a"], {"explained": "走访", "visited_on": days(-10), "next_visit_due": days(-3)}
    )
    visits.add_visit(
        ws, ids["b"], {"explained": "走访", "visited_on": days(-7), "next_visit_due": days(0)}
    )
    visits.add_visit(
        ws, ids["c"], {"explained": "走访", "visited_on": days(-7), "next_visit_due": days(1)}
    )
    visits.add_visit(
        ws, ids["d"], {"explained": "走访", "visited_on": days(-30), "next_visit_due": days(-20)}
    )

    def ask(key: str, household: str | None, deadline: str, **values: str) -> None:
        base = {
            "received_on": days(-10),
            "category": "amount",
            "summary": f"诉求{key}",
            "deadline": deadline,
            "project_id": ids["p1"],
        }
        if household:
            base["household_id"] = ids[household]
        ids[key] = requests.add_request(ws, base | values)

    ask("r1", "a", days(2))
    ask("r2", "c", days(-1))
    ask("r3", "a", days(5))  # beyond 3 days
    ask("r4", "a", days(-5), status="closed", closed_on=days(-1), reply="已答复")
    ask("r5", None, days(0), responsible="张华")
    ask(
        "r6",
        "b",
        days(-2),
        responsible="张华",
        summary="要求按评估时点重新评估并补足差价，另外希望增加过渡费",
    )

    ids["t1"] = tickets.issue_ticket(
        ws,
        ids["a"],
        number="FP-1",
        face_amount=300_000,
        issued_on=D(2025, 6, 1),
        valid_until=D(2026, 12, 6),
    )
    tickets.issue_ticket(
        ws,
        ids["b"],
        number="FP-2",
        face_amount=300_000,
        issued_on=D(2025, 6, 1),
        valid_until=D(2027, 3, 1),
    )
    return ids


def test_caseworker_list(ws: Workspace, fx: dict[str, str]) -> None:
    found = today.today_list(ws, today=TODAY, caseworker="李明")
    assert [(i.kind, i.record_id, i.days) for i in found.items] == [
        ("visit", fx["a"], -3),
        ("request", fx["r2"], -1),
        ("request", fx["r1"], 2),
        ("ticket", fx["t1"], 10),
        ("statutory", fx["p1"], 24),
    ]
    assert found.counts == {
        "visit": 1,
        "request": 2,
        "ticket": 1,
        "statutory": 1,
        "overdue": 2,
        "total": 5,
    }
    messages = [i.message("zh") for i in found.items]
    assert messages == [
        "户a（a号）：应于 2026-11-23 回访，已逾期 3 天。",
        "诉求“诉求r2”已于 2026-11-25 到期，超期 1 天未办结。",
        "诉求“诉求r1”将于 2026-11-28 到期（还有 2 天）。",
        "房票 FP-1（户a（a号））将于 2026-12-06 到期（还有 10 天），余额 300,000.00 元。",
        "签约期将于 2026-12-20 结束（还有 24 天），仍有 3 户未签约。",
    ]
    assert found.items[0].message("en") == "户a（a号）: a visit was due on 2026-11-23, 3 days ago."


def test_sub_district_list(ws: Workspace, fx: dict[str, str]) -> None:
    found = today.today_list(ws, today=TODAY, sub_district="旺庄街道")
    assert found.counts == {
        "visit": 2,
        "request": 4,
        "ticket": 1,
        "statutory": 1,
        "overdue": 3,
        "total": 8,
    }
    due_today = [i for i in found.items if i.days == 0]
    assert {(i.kind, i.record_id) for i in due_today} == {("visit", fx["b"]), ("request", fx["r5"])}
    assert (
        next(i for i in due_today if i.kind == "visit").message("zh") == "户b（b号）：今天应回访。"
    )
    long = next(i for i in found.items if i.record_id == fx["r6"])
    assert long.message("zh").startswith(
        "诉求“要求按评估时点重新评估并补足差价，另外希望增加…”已于"
    )


def test_whole_list_and_other_caseworker(ws: Workspace, fx: dict[str, str]) -> None:
    everything = today.today_list(ws, today=TODAY)
    statutory = everything.of_kind("statutory")
    assert [(i.record_id, i.code, i.severity) for i in statutory] == [
        (fx["p2"], "stat_comment_short", "error"),
        (fx["p1"], "stat_signing_ending", "warning"),
    ]
    zhang = today.today_list(ws, today=TODAY, caseworker="张华")
    assert {(i.kind, i.record_id) for i in zhang.items} == {
        ("visit", fx["b"]),
        ("request", fx["r5"]),
        ("request", fx["r6"]),
        ("statutory", fx["p1"]),
        ("statutory", fx["p2"]),
    }
    assert today.today_counts(ws, today=TODAY, caseworker="张华")["total"] == 5
    assert today.today_list(ws, today=TODAY, project_id=fx["p2"]).counts["total"] == 1
