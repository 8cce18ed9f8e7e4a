"""The demo data set: deterministic for a seed and a day, valid by the same rules as typed input,
realistic in the ways the design asks for, and loaded batch by batch through the op log."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest

from domain import tickets as rules
from domain.errors import UserError
from domain.records import ENTITIES
from domain.states import HOUSEHOLD_STATES
from domain.validation import validate_resident_id, validate_uscc
from services import demo, figures, flats, households, tickets
from services.workspace import Workspace

TODAY = dt.date(2026, 11, 26)


def _generate(n: int, seed: int, **kwargs: Any) -> list[demo.DemoRecord]:
    generator = demo.DemoGenerator(n, seed=seed, today=TODAY, **kwargs)
    records = generator.projects()
    for group in generator.households():
        records += group
    return records + generator.flat_stock()


def _canonical(records: list[demo.DemoRecord]) -> list[tuple[str, dict[str, Any]]]:
    """The records with ids replaced by their position: what determinism promises."""
    position = {record.record_id: i for i, record in enumerate(records)}
    out = []
    for record in records:
        values = {
            k: position.get(v, v) if isinstance(v, str) else v for k, v in record.values.items()
        }
        out.append((record.entity, values))
    return out


def test_same_seed_same_data_other_seed_other_data() -> None:
    first = _canonical(_generate(60, seed=11))
    assert first == _canonical(_generate(60, seed=11))
    assert first != _canonical(_generate(60, seed=12))


def test_every_value_is_already_what_validation_stores(ws: Workspace) -> None:
    """Generated values pass coerce unchanged: the demo never relies on lenient parsing."""
    for record in _generate(80, seed=5):
        spec = ENTITIES[record.entity]
        refs = {f.name for f in spec.fields if f.kind == "ref"}
        plain = {k: v for k, v in record.values.items() if k not in refs}
        checked = ws.validate(record.entity, plain, partial=True)
        assert checked == plain, record.entity
        for f in spec.fields:
            if f.required:
                assert record.values.get(f.name) not in (None, ""), (record.entity, f.name)


def test_projects_stay_valid_at_benchmark_sizes(ws: Workspace) -> None:
    for size in (0, 1, 100_000, 1_000_000):
        for record in demo.DemoGenerator(size, seed=1, today=TODAY).projects():
            assert ws.validate("project", record.values, partial=False) == record.values


def test_the_setting_is_realistic() -> None:
    records = _generate(400, seed=2026)
    by_entity: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        by_entity.setdefault(record.entity, []).append(record.values)
    projects = by_entity["project"]
    assert {(p["district"], p["sub_district"]) for p in projects} == {
        ("新吴区", "旺庄街道"), ("新吴区", "硕放街道"), ("新吴区", "梅村街道"),
        ("经开区", "华庄街道"), ("经开区", "太湖街道"),
    }  # fmt: skip
    assert len(projects) == 6
    assert {p["kind"] for p in projects} == {"residential", "non_residential", "industrial_plot"}
    assert {p["origin"] for p in projects} == {"stock", "new"}
    plot = next(p for p in projects if p["kind"] == "industrial_plot")
    assert plot["area_mu"] == 500.0 and plot["area_m2"] == pytest.approx(500 * 666.67)
    signing = next(p for p in projects if p["stage"] == "signing")
    assert signing["comment_end"] > signing["comment_start"]
    assert signing["decision_on"] < signing["signing_start"] <= TODAY.isoformat()

    homes = by_entity["household"]
    surnames = {h["head_name"][0] for h in homes}
    assert {"单", "曾", "解", "区", "仇", "查", "覃"} <= surnames
    assert any(len(h["head_name"]) == 2 for h in homes)
    assert "章金伟" in {h["head_name"] for h in homes}
    flats = [h for h in homes if h.get("building")]
    assert flats and all("栋" in h["address"] and "单元" in h["address"] for h in flats)
    states = Counter(h["state"] for h in homes)
    main_line = {"surveying", "surveyed", "negotiating", "signed", "vacated", "handed_over"}
    assert main_line <= set(states)
    assert {"no_agreement", "temporary_housing"} & set(states)
    assert max(states.values()) < len(homes) / 2
    enterprises = [h for h in homes if h.get("uscc")]
    assert enterprises and all(validate_uscc(h["uscc"]) == h["uscc"] for h in enterprises)
    assert any(h["uscc"].startswith("N") for h in enterprises) or len(enterprises) < 30

    members = by_entity["member"]
    ids = [m["id_number"] for m in members]
    assert all(validate_resident_id(i, today=TODAY) == i for i in ids)
    elderly_xinwu = [i for i in ids if i.startswith("320214") and int(i[6:10]) < 1956]
    assert elderly_xinwu, "elderly residents of 新吴区 carry its 2015 area code"
    assert any(m.get("special_groups") for m in members)
    assert {m["ownership_role"] for m in members} >= {"owner", "none"}

    requests = by_entity["request"]
    assert {r["status"] for r in requests} == {"open", "in_progress", "escalated", "closed"}
    today = TODAY.isoformat()
    assert any(r["status"] != "closed" and r["deadline"] < today for r in requests)
    assert all(r["level"] == "district" for r in requests if r["status"] == "escalated")
    assert all(r.get("reply") and r.get("closed_on") for r in requests if r["status"] == "closed")
    assert by_entity["request_progress"]
    visits = by_entity["visit"]
    months = {v["visited_on"][:7] for v in visits}
    assert len(months) >= 6, "visits spread over months"


# The dates that may lie after `today`: what is planned, not what happened.
PLANNED_DATES = {
    ("visit", "next_visit_due"),
    ("request", "deadline"),
    ("house_ticket", "valid_until"),
    ("flat", "delivery_date"),
    ("project", "comment_end"),
    ("project", "signing_end"),
    ("project", "moving_deadline"),
}


@pytest.mark.parametrize(("seed", "size"), [(2026, 300), (1, 300), (7, 500), (3, 40)])
def test_nothing_has_happened_after_today(seed: int, size: int) -> None:
    """No visit, request, progress entry, closing, signing, ticket use... dated after `today`
    (with today = 2026-11-26 about a dozen records once fell on the 27th)."""
    late = Counter(
        (record.entity, f.name)
        for record in _generate(size, seed=seed)
        for f in ENTITIES[record.entity].fields
        if f.kind == "date"
        and (record.entity, f.name) not in PLANNED_DATES
        and (record.values.get(f.name) or "") > TODAY.isoformat()
    )
    assert late == Counter()


def test_load_writes_through_the_op_log(ws: Workspace) -> None:
    seen: list[tuple[int, int]] = []
    summary = demo.load_demo(
        ws, 40, seed=3, today=TODAY, batch_ops=100, progress=lambda d, t: seen.append((d, t))
    )
    assert not summary.cancelled
    assert summary.households == 40 and summary.projects == 6
    assert seen[0] == (0, 40) and seen[-1] == (40, 40) and len(seen) > 3
    ops = ws.read(lambda db: db.conn.execute("SELECT count(*) FROM ops").fetchone()[0])
    total = (
        summary.projects + summary.households + summary.members + summary.visits
        + summary.requests + summary.progress_entries + summary.tickets + summary.ticket_uses
        + summary.flats + summary.policies
    )  # fmt: skip
    assert ops == total == summary.records
    assert summary.policies == 8  # two examples as templates, and a copy in each project
    found = households.find(ws, "zjw")
    assert found and found[0]["head_name"] == "章金伟"
    row = found[0]
    assert row["visit_count"] >= 1 and row["last_visit_on"]
    assert HOUSEHOLD_STATES.lookup(row["state"]) == row["state"]


def test_cancel_between_batches_keeps_whole_households(ws: Workspace) -> None:
    calls = 0

    def progress(done: int, total: int) -> bool:
        nonlocal calls
        calls += 1
        return calls < 2  # stop after the first batch

    summary = demo.load_demo(ws, 50, seed=3, today=TODAY, batch_ops=60, progress=progress)
    assert summary.cancelled
    assert 0 < summary.households < 50

    def counts(db: Any) -> tuple[int, int, int]:
        conn = db.conn
        homes = conn.execute("SELECT count(*) FROM households").fetchone()[0]
        orphans = conn.execute(
            "SELECT count(*) FROM visits WHERE household_id NOT IN (SELECT id FROM households)"
        ).fetchone()[0]
        unvisited = conn.execute(
            "SELECT count(*) FROM households WHERE id NOT IN (SELECT household_id FROM visits)"
        ).fetchone()[0]
        return homes, orphans, unvisited

    assert ws.read(counts) == (summary.households, 0, 0)


def test_refuses_a_database_with_households(ws: Workspace) -> None:
    demo.load_demo(ws, 3, seed=1, today=TODAY)
    with pytest.raises(UserError) as refused:
        demo.load_demo(ws, 3, seed=1, today=TODAY)
    assert refused.value.code == "demo_not_empty"


def test_same_seed_loads_the_same_households(tmp_path: Any) -> None:
    from tests.conftest import PROFILE

    def content(name: str) -> list[tuple[Any, ...]]:
        with Workspace.open(tmp_path / name) as ws:
            ws.init_profile(PROFILE)
            demo.load_demo(ws, 25, seed=9, today=TODAY)
            return ws.read(
                lambda db: db.conn.execute(
                    "SELECT head_name, address, head_id_number, phone, state, attitude,"
                    " compensation_amount FROM households ORDER BY head_id_number"
                ).fetchall()
            )

    assert content("a.db") == content("b.db")


def test_tickets_and_flats_as_the_services_keep_them(ws: Workspace) -> None:
    """Tickets for households that chose tickets, with uses whose bonus is the one services.tickets
    computes; flats per district in every state; the dispatch figures for them are not zero."""
    summary = demo.load_demo(ws, 300, seed=2026, today=TODAY)
    assert summary.tickets > 10 and summary.ticket_uses > 5
    assert summary.flats > summary.flats_allocated > 5

    def rows(sql: str) -> list[tuple[Any, ...]]:
        return ws.read(lambda db: db.conn.execute(sql).fetchall())

    modes = rows(
        "SELECT DISTINCT h.compensation_mode FROM house_tickets t"
        " JOIN households h ON h.id = t.household_id"
    )
    assert {m for (m,) in modes} <= {"ticket", "mixed"}
    unticketed = rows(
        "SELECT count(*) FROM households WHERE compensation_mode IN ('ticket', 'mixed')"
        " AND uscc IS NULL AND id NOT IN (SELECT household_id FROM house_tickets)"
    )
    assert unticketed == [(0,)]
    summaries = tickets.list_tickets(ws, today=TODAY)
    assert len(summaries) == summary.tickets
    states = Counter(t.state for t in summaries)
    assert states["active"] and states["used_up"] and (states["bought_back"] or states["refunded"])
    for ticket in summaries:
        assert ticket.balance >= 0 and ticket.overdrawn == 0, ticket.number
        for use in ticket.uses:
            assert ticket.issued_on <= use.used_on <= min(TODAY, ticket.valid_until)
            if use.kind == "redemption":  # the bonus of that month, as the service would give
                pct = rules.bonus_pct_on(ticket.tiers, ticket.issued_on, use.used_on)
                assert use.bonus_pct == pct
                assert use.bonus_amount == rules.fen_to_yuan(
                    rules.bonus_fen(rules.to_fen(use.amount), pct)
                )
        stored = ticket.stored_state
        assert stored == (ticket.state if ticket.state != "expired" else "active")
    expiring = tickets.expiring_within(ws, 30, today=TODAY)
    assert len(expiring) == demo.EXPIRING_TICKETS

    stock = rows("SELECT district, state, household_id IS NOT NULL, ready FROM flats")
    assert {d for d, *_ in stock} == set(demo.RESETTLEMENT_ESTATES)
    assert {s for _, s, *_ in stock} >= {"free", "reserved", "locked", "chosen", "temporary"}
    assert all(held for _, s, held, _r in stock if s in ("chosen", "temporary"))
    assert not any(held for _, s, held, _r in stock if s in ("free", "locked"))
    wrong_district = rows(
        "SELECT count(*) FROM flats f JOIN households h ON h.id = f.household_id"
        " WHERE f.district != h.district OR h.signed_on IS NULL"
    )
    assert wrong_district == [(0,)]
    assert flats.average_cycle(ws, today=TODAY)
    assert not flats.double_allocations(ws)

    week = figures.week_of(TODAY)
    found = figures.dispatch_figures(ws, figures.Scope("all"), week, today=TODAY).totals
    assert found.tickets_issued == summary.tickets
    assert found.tickets_used > 0 and found.tickets_expiring_30d == demo.EXPIRING_TICKETS
    assert found.tickets_redeemed_amount > 0 and found.tickets_bonus_amount > 0
    assert found.flats_available > 0 and found.flats_allocated > 0 and found.flats_temporary > 0
    assert found.average_cycle_days and found.average_cycle_days > 0


def test_tickets_and_flats_are_deterministic_too() -> None:
    first = [r for r in _canonical(_generate(120, seed=4)) if r[0] in ("house_ticket", "flat")]
    assert first and first == [
        r for r in _canonical(_generate(120, seed=4)) if r[0] in ("house_ticket", "flat")
    ]
