"""The resettlement and dispatch commands end to end through cli.main.main(): `stats` scoped to a
project, sub-district or district gives exactly services.figures; house tickets (issue, redeem
with the bonus of the day, refusals in one sentence, expiring list); flats (allocate once,
refuse a second household, release); `today`; `projects rank`. Data: the hand-counted fixture of
tests/services/test_figures.py (week 2026-W48, today 2026-11-26)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from cli.base import dumps
from services import projects
from services import today as today_service
from services.figures import Scope, dispatch_figures
from services.workspace import Workspace
from tests.cli.conftest import Runner
from tests.services.test_figures import TODAY, WEEK, Fixture, build

DAY = TODAY.isoformat()


@pytest.fixture
def fx(run: Runner) -> Fixture:
    with Workspace.open(run.db) as ws:
        return build(ws)


def expected(db: Path, scope: Scope) -> object:
    with Workspace.open(db) as ws:
        found = dispatch_figures(ws, scope, WEEK, today=TODAY)
    return json.loads(dumps(found.as_dict()))


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def test_stats_json_for_a_project_is_the_dispatch_figures(run: Runner, fx: Fixture) -> None:
    data = run.json("stats", "--project", "XW-1", "--week", WEEK, "--today", DAY)
    assert data == expected(run.db, Scope.project(fx.p1))
    totals = data["totals"]  # hand-counted in tests/services/test_figures.py
    assert (totals["households_total"], totals["signed"], totals["vacated"]) == (10, 5, 4)
    assert (totals["signing_rate"], totals["closure_rate"]) == (0.5, 0.5)
    assert (totals["tickets_issued"], totals["tickets_expiring_30d"]) == (3, 1)
    assert (totals["flats_available"], totals["flats_allocated"]) == (2, 1)
    assert totals["average_cycle_days"] == 61.0
    assert data["scope_label"] == "新华村地块" and data["as_of"] == DAY
    assert len(data["trend"]) == 8 and data["trend"][-1]["week"] == WEEK


def test_stats_for_sub_district_district_and_all(run: Runner, fx: Fixture) -> None:
    sub = run.json("stats", "--sub-district", "华庄街道", "--district", "经开区", "--today", DAY)
    assert sub == expected(run.db, Scope.sub_district("华庄街道", "经开区"))
    assert sub["totals"]["households_total"] == 3
    district = run.json("stats", "--district", "新吴区", "--week", WEEK, "--today", DAY)
    assert district == expected(run.db, Scope.of_district("新吴区"))
    everything = run.json("stats", "--all-projects", "--week", WEEK, "--today", DAY)
    assert everything == expected(run.db, Scope.all())
    assert everything["totals"]["households_total"] == 13

    text = run("stats", "--project", "XW-1", "--week", WEEK, "--today", DAY)
    assert text.code == 0, text.err
    assert "新华村地块" in text.out and "50.0%" in text.out

    plain = run.json("stats")  # without a scope: what the database holds, as before
    assert plain["records"]["household"] == 13


def test_stats_refusals_are_one_sentence(run: Runner, fx: Fixture) -> None:
    bad_week = run("stats", "--project", "XW-1", "--week", "2026-48")
    assert bad_week.code == 2 and "2026-48" in one_line(bad_week.err)
    unknown = run("stats", "--project", "NO-SUCH")
    assert unknown.code == 2 and "NO-SUCH" in one_line(unknown.err)


def test_ticket_issue_redeem_and_refusals(run: Runner, fx: Fixture) -> None:
    household = fx.h["h4"]
    issued = run.json(
        "ticket", "issue", "--household", household, "--number", "FP-9", "--amount", "1,000,000",
        "--issued-on", "2026-06-01", "--tiers", "3:20,6:16,18:12",
    )  # fmt: skip
    assert (issued["face_amount"], issued["valid_until"]) == (1_000_000.0, "2027-11-30")
    assert issued["tiers_text"] == "3个月内+20%；4–6个月+16%；7–18个月+12%"

    # month 5 of use: +16 %
    used = run.json("ticket", "redeem", "FP-9", "250000", "--on", "2026-10-20",
                    "--development", "太湖云庐", "--contract", "WX-1")  # fmt: skip
    use = next(u for u in used["uses"] if u["id"] == used["use_id"])
    assert (use["amount"], use["bonus_pct"], use["bonus_amount"]) == (250_000.0, 16.0, 40_000.0)
    assert used["balance"] == 750_000.0

    over = run("ticket", "redeem", "FP-9", "800000", "--on", "2026-11-20")
    assert over.code == 2
    assert one_line(over.err) == "本次使用 800,000.00 元超过房票余额 750,000.00 元。"
    late = run("ticket", "redeem", "FP-9", "1000", "--on", "2027-12-01")
    assert late.code == 2 and "已过期" in one_line(late.err)
    english = run("--lang", "en", "ticket", "redeem", "FP-9", "800000", "--on", "2026-11-20")
    assert "more than the ticket's balance" in one_line(english.err)

    text = run("ticket", "refund", "FP-9", "--on", "2026-11-25")
    assert text.code == 0 and "750,000.00" in text.out
    shown = run.json("ticket", "show", "FP-9", "--date", DAY)
    assert (shown["state"], shown["balance"], shown["refunded"]) == ("refunded", 0.0, 750_000.0)

    expiring = run.json("ticket", "expiring", "--date", DAY)
    assert [t["number"] for t in expiring["tickets"]] == ["T1"]  # T4 is used up
    listed = run.json("ticket", "list", "--project", "XW-1", "--date", DAY)
    assert {t["number"] for t in listed["tickets"]} == {"T1", "T2", "T3", "T5", "FP-9"}


def test_flat_allocate_once_release_and_list(run: Runner, fx: Fixture) -> None:
    flat = run.json("flat", "add", "--estate", "新华家园", "--building", "3", "--unit", "2",
                    "--number", "1201", "--floor", "12", "--area", "89.5", "--layout", "两室一厅")  # fmt: skip
    assert flat["label"] == "新华家园 3栋2单元1201" and flat["district"] == "新吴区"
    allocated = run.json("flat", "allocate", flat["short_id"], fx.h["h5"])
    assert allocated["state"] == "chosen" and allocated["household"].startswith("户h5")
    again = run("flat", "allocate", flat["short_id"], fx.h["h7"])
    assert again.code == 2
    assert one_line(again.err) == (
        "房源“新华家园 3栋2单元1201”已分配给“户h5（h5号）”，同一套房源不能分配两次。"
    )
    free = run.json("flat", "list", "--free")
    assert flat["id"] not in {f["id"] for f in free["flats"]}
    assert run.json("flat", "release", flat["short_id"])["state"] == "free"
    free = run.json("flat", "list", "--state", "空闲")
    assert flat["id"] in {f["id"] for f in free["flats"]}
    assert run.json("flat", "doubles") == {"double_allocations": []}


def test_today_and_projects_rank_match_the_services(run: Runner, fx: Fixture) -> None:
    data = run.json("today", "--date", DAY)  # a laptop: this laptop's caseworker by default
    with Workspace.open(run.db) as ws:
        mine = today_service.today_list(ws, today=TODAY, caseworker="李明")
        everybody = today_service.today_list(ws, today=TODAY)
        ranked = projects.ranked_projects(ws, today=TODAY)
    assert data["caseworker"] == "李明"
    assert data["counts"] == mine.counts
    assert [i["record_id"] for i in data["items"]] == [i.record_id for i in mine.items]
    assert run.json("today", "--all", "--date", DAY)["counts"] == everybody.counts
    # hand count: requests still open with a deadline by 11-29 — r3 (11-20) and r7 (11-25);
    # r8 was due 11-16 but is recorded closed (on the 28th)
    assert data["counts"]["request"] == 2
    assert data["counts"]["ticket"] == 1  # T1 expires 12-20

    rank = run.json("projects", "rank", "--date", DAY)
    assert [p["code"] for p in rank["projects"]] == [p.code for p in ranked]
    assert [p["priority"] for p in rank["projects"]] == [p.score for p in ranked]
    assert rank["formula"].startswith("优先级 = 100 × (")
    text = run("projects", "rank", "--date", DAY)
    assert text.code == 0 and "新华村地块" in text.out


def test_dates_in_the_future_are_not_a_crash(run: Runner, fx: Fixture) -> None:
    later = (dt.date(2026, 11, 26) + dt.timedelta(days=400)).isoformat()
    result = run("today", "--all", "--date", later)
    assert result.code == 0, result.err
