"""The dispatch figures against a fixture counted by hand (the comments carry the counting).

Week 2026-W48 runs Monday 23 to Sunday 29 November 2026; "today" is Thursday 26 November, so
the figures are as of the 26th and "this week" is 23–26 November.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal

import pytest

from domain.errors import UserError
from services import figures, flats, households, requests, tickets
from services.figures import Scope, dispatch_figures, records_behind, week_bounds
from services.projects import create_project
from services.workspace import Workspace

D = dt.date
WEEK = "2026-W48"
TODAY = D(2026, 11, 26)


@dataclass
class Fixture:
    p1: str
    p2: str
    h: dict[str, str]
    r: dict[str, str]


def build(ws: Workspace) -> Fixture:
    p1 = create_project(
        ws,
        {
            "code": "XW-1",
            "name": "新华村地块",
            "district": "新吴区",
            "sub_district": "旺庄街道",
            "households_planned": 12,
            "funding_needed": 10_000_000,
            "funding_secured": 8_000_000,
        },
    )
    p2 = create_project(
        ws,
        {
            "code": "JK-2",
            "name": "太湖新城B3",
            "district": "经开区",
            "sub_district": "华庄街道",
            "households_planned": 5,
            "funding_needed": 5_000_000,
            "funding_secured": 5_000_000,
        },
    )
    h: dict[str, str] = {}

    def add(key: str, project: str, state: str, **values: object) -> None:
        h[key] = households.create_household(
            ws,
            {
                "project_id": project,
                "address": f"{key}号",
                "head_name": f"户{key}",
                "state": state,
                **values,
            },
        )

    add("h1", p1, "surveying")
    add("h2", p1, "surveyed")
    add("h3", p1, "valued", valued_on="2026-10-01")
    add("h4", p1, "negotiating", valued_on="2026-10-01")
    add(
        "h5",
        p1,
        "signed",
        valued_on="2026-10-01",
        signed_on="2026-11-24",
        compensation_amount=1_000_000,
    )
    add("h6", p1, "signed", signed_on="2026-11-27")  # dated after as_of: not yet signed
    add(
        "h7",
        p1,
        "vacated",
        signed_on="2026-09-01",
        vacated_on="2026-11-23",
        compensation_amount=800_000,
        compensation_paid=800_000,
    )
    add(
        "h8",
        p1,
        "handed_over",
        signed_on="2026-08-01",
        vacated_on="2026-09-01",
        handed_over_on="2026-11-26",
        housed_on="2026-11-01",
        compensation_paid=900_000,
    )
    add(
        "h9",
        p1,
        "completed",
        signed_on="2026-06-01",
        vacated_on="2026-07-01",
        handed_over_on="2026-08-01",
        demolished_on="2026-09-01",
        measured_area=100.5,
        registered_area=90,
        housed_on="2026-07-01",
        compensation_paid=1_200_000.50,
    )
    add(
        "h10",
        p1,
        "temporary_housing",
        signed_on="2026-10-01",
        vacated_on="2026-11-10",
        compensation_paid=500_000,
    )
    add("k1", p2, "no_agreement")
    add(
        "k2",
        p2,
        "handed_over",
        signed_on="2026-05-01",
        vacated_on="2026-06-01",
        handed_over_on="2026-11-20",
        demolished_on="2026-11-25",
        registered_area=200,
    )
    add("k3", p2, "signed")  # imported without a signing date

    r: dict[str, str] = {}

    def ask(
        key: str,
        household: str | None,
        received: str,
        category: str,
        deadline: str,
        **values: object,
    ) -> None:
        base: dict[str, object] = {
            "received_on": received,
            "category": category,
            "deadline": deadline,
            "summary": f"诉求{key}",
            "project_id": p2 if household == "k1" else p1,
        }
        if household:
            base["household_id"] = h[household]
        r[key] = requests.add_request(ws, base | values)

    ask("r1", "h1", "2026-11-02", "amount", "2026-11-17", status="closed", closed_on="2026-11-10")
    ask("r2", "h2", "2026-11-03", "area", "2026-11-18", status="closed", closed_on="2026-11-20")
    ask("r3", "h3", "2026-11-05", "amount", "2026-11-20")
    ask("r4", "h4", "2026-11-24", "flat", "2026-12-09")
    ask(
        "r5", None, "2026-11-25", "procedure", "2026-11-26", status="closed", closed_on="2026-11-25"
    )
    ask("r6", "h5", "2026-11-27", "amount", "2026-12-12")  # after as_of
    ask("r7", "k1", "2026-11-10", "transition", "2026-11-25", status="in_progress")
    ask("r8", "h6", "2026-11-01", "other", "2026-11-16", status="closed", closed_on="2026-11-28")

    t1 = tickets.issue_ticket(
        ws,
        h["h5"],
        number="T1",
        face_amount=1_000_000,
        issued_on=D(2026, 6, 1),
        valid_until=D(2026, 12, 20),
    )
    tickets.redeem(ws, t1, 400_000, used_on=D(2026, 7, 1))  # month 2: +20 % = 80 000
    tickets.issue_ticket(ws, h["h7"], number="T2", face_amount=500_000, issued_on=D(2026, 11, 24))
    t3 = tickets.issue_ticket(
        ws,
        h["h9"],
        number="T3",
        face_amount=300_000,
        issued_on=D(2025, 1, 1),
        valid_until=D(2026, 6, 30),
    )
    tickets.refund(ws, t3, on=D(2026, 7, 15))
    t4 = tickets.issue_ticket(
        ws,
        h["k2"],
        number="T4",
        face_amount=200_000,
        issued_on=D(2026, 1, 1),
        valid_until=D(2026, 12, 1),
    )
    tickets.redeem(ws, t4, 200_000, used_on=D(2026, 3, 1))  # month 3: +20 % = 40 000
    tickets.issue_ticket(ws, h["h10"], number="T5", face_amount=100_000, issued_on=D(2026, 11, 27))

    def flat(number: str, district: str, state: str = "free") -> str:
        return flats.add_flat(
            ws,
            {
                "estate": "安置小区",
                "building": "1",
                "number": number,
                "district": district,
                "state": state,
            },
        )

    flat("101", "新吴区")
    flat("102", "新吴区")
    flats.allocate(ws, flat("103", "新吴区"), h["h8"])
    flat("104", "新吴区", "locked")
    flat("201", "经开区")
    flats.allocate(ws, flat("202", "经开区"), h["k2"], temporary=True)
    flats.allocate(ws, flat("105", "新吴区"), h["h10"], temporary=True)
    return Fixture(p1, p2, h, r)


@pytest.fixture
def fx(ws: Workspace) -> Fixture:
    return build(ws)


def test_week_bounds() -> None:
    assert week_bounds("2026-W48") == (D(2026, 11, 23), D(2026, 11, 29))
    assert week_bounds("2026w48") == week_bounds(" 2026-W48 ")
    assert week_bounds("2026-W53") == (D(2026, 12, 28), D(2027, 1, 3))  # 2026 has 53 weeks
    for bad in ("2025-W53", "2026-48", "W48", "2026-W0", "26-W48"):
        with pytest.raises(UserError) as err:
            week_bounds(bad)
        assert err.value.code == "bad_week"
    assert figures.weeks_back("2026-W02", 3) == ["2025-W52", "2026-W01", "2026-W02"]
    assert figures.week_of(D(2027, 1, 3)) == "2026-W53"


def test_project_figures(ws: Workspace, fx: Fixture) -> None:
    result = dispatch_figures(ws, Scope.project(fx.p1), WEEK, today=TODAY)
    assert (result.week_start, result.week_end, result.as_of) == (
        D(2026, 11, 23),
        D(2026, 11, 29),
        TODAY,
    )
    f = result.totals
    assert f.label == "新华村地块"
    # households: h1..h10
    assert f.households_total == 10
    assert f.households_planned == 12
    assert f.surveyed == 9  # all but h1
    assert f.valued == 8  # h3..h10 (h6 has no valued_on and counts)
    assert f.signed == 5  # h5 h7 h8 h9 h10; h6 signs on the 27th
    assert f.signed_this_week == 1  # h5
    assert f.vacated == 4  # h7 h8 h9, and h10 in temporary housing with vacated_on
    assert f.vacated_this_week == 1  # h7 on Monday
    assert (f.handed_over_total, f.handed_over_this_week, f.handed_over_today) == (2, 1, 1)
    assert f.handed_over_remaining == 8
    assert (f.demolished, f.demolished_area_m2) == (1, Decimal("100.5"))  # measured area wins
    assert f.signing_rate == 0.5 and f.vacating_rate == 0.4 and f.valuation_rate == 0.8
    assert f.handover_rate == 0.2 and f.survey_rate == 0.9
    # money
    assert f.compensation_paid == Decimal("3400000.50")
    assert f.compensation_agreed == Decimal("1800000")
    assert (f.funding_needed, f.funding_secured) == (Decimal(10_000_000), Decimal(8_000_000))
    assert f.secured_rate == 0.8
    assert f.paid_rate == pytest.approx(3_400_000.50 / 8_000_000)
    # resettlement cycle: h8 signed 08-01 housed 11-01 = 92 days; h9 06-01 → 07-01 = 30 days
    assert (f.resettled, f.resettlement_days_total, f.average_cycle_days) == (2, 122, 61.0)
    # tickets: T1 T2 T3 issued by the 26th (T5 on the 27th)
    assert (f.tickets_issued, f.tickets_issued_this_week) == (3, 1)
    assert f.tickets_face_total == Decimal(1_800_000)
    assert f.tickets_used == 1
    assert (f.tickets_redeemed_amount, f.tickets_bonus_amount) == (
        Decimal(400_000),
        Decimal(80_000),
    )
    assert f.tickets_settled == 1  # T3 refunded
    assert f.tickets_balance == Decimal(1_100_000)  # T1 600 000 + T2 500 000
    assert f.tickets_expiring_30d == 1  # T1 on 12-20
    # flats of the 新吴区 stock: 101 102 free; 103 chosen by h8; 105 temporary for h10
    assert (f.flats_available, f.flats_allocated, f.flats_temporary) == (2, 1, 1)
    # requests as of the 26th: r1 r2 r3 r4 r5 r8 (r6 comes on the 27th, r7 is JK-2's)
    assert f.requests_received == 6
    assert f.requests_received_this_week == 2  # r4 r5
    assert f.requests_closed == 3  # r1 r2 r5; r8 closes on the 28th
    assert f.requests_closed_this_week == 1  # r5
    assert f.requests_closed_on_time == 2  # r1 r5; r2 closed two days late
    assert f.requests_open == 3  # r3 r4 r8
    assert f.requests_overdue == 2  # r3 (due 11-20) r8 (due 11-16)
    assert f.closure_rate == 0.5
    assert f.on_time_rate == pytest.approx(2 / 3)


def test_all_scope_with_rollups(ws: Workspace, fx: Fixture) -> None:
    result = dispatch_figures(ws, Scope.all(), WEEK, today=TODAY)
    t = result.totals
    assert result.scope_label == "全部项目"
    assert (t.projects, t.households_total, t.surveyed, t.valued) == (2, 13, 12, 11)
    assert (t.signed, t.signed_this_week, t.vacated, t.vacated_this_week) == (7, 1, 5, 1)
    assert (t.handed_over_total, t.handed_over_this_week, t.handed_over_remaining) == (3, 1, 10)
    assert (t.demolished, t.demolished_area_m2) == (2, Decimal("300.5"))  # k2: registered 200
    assert (t.funding_needed, t.funding_secured) == (Decimal(15_000_000), Decimal(13_000_000))
    assert (t.tickets_issued, t.tickets_used, t.tickets_expiring_30d) == (4, 2, 1)  # T4 used up
    assert t.tickets_bonus_amount == Decimal(120_000)
    assert (t.flats_available, t.flats_allocated, t.flats_temporary) == (3, 1, 2)
    assert (t.requests_received, t.requests_closed, t.requests_overdue) == (7, 3, 3)
    assert t.closure_rate == pytest.approx(3 / 7)

    # rows ordered by district, sub-district, code (code-point order: 新 U+65B0 < 经 U+7ECF)
    assert [(f.project_code, f.households_total, f.signed) for f in result.by_project] == [
        ("XW-1", 10, 5),
        ("JK-2", 3, 2),
    ]
    jk = result.by_project[1]
    assert (jk.handed_over_total, jk.handed_over_this_week, jk.demolished) == (1, 0, 1)
    assert (jk.flats_available, jk.flats_temporary, jk.requests_overdue) == (1, 1, 1)
    assert [(f.label, f.households_total) for f in result.by_sub_district] == [
        ("新吴区 旺庄街道", 10),
        ("经开区 华庄街道", 3),
    ]
    assert [(f.key, f.signed, f.funding_needed) for f in result.by_district] == [
        ("新吴区", 5, Decimal(10_000_000)),
        ("经开区", 2, Decimal(5_000_000)),
    ]
    # the project rows and the district rows add up to the totals (flats_available aside)
    for name in ("households_total", "signed", "vacated", "requests_received", "tickets_issued"):
        assert sum(getattr(f, name) for f in result.by_project) == getattr(t, name)

    categories = {c.category: c for c in result.requests_by_category}
    assert list(categories)[:3] == ["amount", "area", "valuation"]  # catalogue order, zeros kept
    assert (
        categories["amount"].received,
        categories["amount"].closed,
        categories["amount"].overdue,
    ) == (2, 1, 1)
    assert categories["amount"].label == "补偿金额"
    assert (categories["flat"].received, categories["flat"].received_this_week) == (1, 1)
    assert (categories["other"].received, categories["other"].overdue) == (1, 1)
    assert categories["valuation"].received == 0
    assert result.requests_by_status == {"open": 2, "in_progress": 2, "escalated": 0, "closed": 3}


def test_sub_district_and_district_scopes(ws: Workspace, fx: Fixture) -> None:
    sub = dispatch_figures(ws, Scope.sub_district("旺庄街道"), WEEK, today=TODAY).totals
    project = dispatch_figures(ws, Scope.project(fx.p1), WEEK, today=TODAY).totals
    assert sub.as_dict() | {
        "level": "",
        "key": "",
        "label": "",
        "project_code": "",
        "district": "",
        "sub_district": "",
    } == project.as_dict() | {
        "level": "",
        "key": "",
        "label": "",
        "project_code": "",
        "district": "",
        "sub_district": "",
    }
    district = dispatch_figures(ws, Scope.of_district("经开区"), WEEK, today=TODAY)
    assert district.scope_label == "经开区"
    assert (district.totals.households_total, district.totals.signed) == (3, 2)
    assert district.totals.requests_received == 1
    assert [f.project_code for f in district.by_project] == ["JK-2"]


def test_trend_of_the_last_eight_weeks(ws: Workspace, fx: Fixture) -> None:
    trend = dispatch_figures(ws, Scope.all(), WEEK, today=TODAY).trend
    assert [p.week for p in trend] == [f"2026-W{n}" for n in range(41, 49)]
    by_week = {p.week: p for p in trend}
    w48, w47, w46 = by_week["2026-W48"], by_week["2026-W47"], by_week["2026-W46"]
    assert (w48.signed, w48.vacated, w48.handed_over) == (1, 1, 1)  # h5, h7, h8
    assert (w47.signed, w47.vacated, w47.handed_over) == (0, 0, 1)  # k2 handed over 11-20
    assert (w46.vacated, w46.handed_over) == (1, 0)  # h10 on 11-10
    # cumulative at each week's end; k3 (signed, no date) counts in every week
    assert (w48.signed_total, w47.signed_total) == (7, 6)
    assert (w46.handed_over_total, w47.handed_over_total, w48.handed_over_total) == (1, 2, 3)
    assert (w48.requests_received, w48.requests_closed) == (2, 1)  # r4 r5 / r5
    assert (w47.requests_received, w47.requests_closed) == (0, 1)  # r2 closed 11-20
    assert (w46.requests_received, w46.requests_closed) == (1, 1)  # r7 / r1


def test_numbers_click_through_to_their_records(ws: Workspace, fx: Fixture) -> None:
    scope = Scope.project(fx.p1)
    signed = records_behind(ws, scope, WEEK, "signed", today=TODAY)
    assert sorted(signed) == sorted(fx.h[k] for k in ("h5", "h7", "h8", "h9", "h10"))
    assert records_behind(ws, scope, WEEK, "handed_over_today", today=TODAY) == [fx.h["h8"]]
    overdue = records_behind(ws, Scope.all(), WEEK, "requests_overdue", today=TODAY)
    assert sorted(overdue) == sorted(fx.r[k] for k in ("r3", "r7", "r8"))
    amount = records_behind(
        ws, Scope.all(), WEEK, "requests_received", today=TODAY, category="amount"
    )
    assert sorted(amount) == sorted(fx.r[k] for k in ("r1", "r3"))
    f = dispatch_figures(ws, scope, WEEK, today=TODAY).totals
    for measure in figures.HOUSEHOLD_COUNTED:
        assert len(records_behind(ws, scope, WEEK, measure, today=TODAY)) == getattr(f, measure)
    for measure in figures.REQUEST_MEASURES:
        assert len(records_behind(ws, scope, WEEK, measure, today=TODAY)) == getattr(f, measure)


def test_a_past_week_is_as_of_its_sunday(ws: Workspace, fx: Fixture) -> None:
    f = dispatch_figures(ws, Scope.project(fx.p1), "2026-W47", today=TODAY).totals
    # as of Sunday 22 November: h5 not yet signed, h7 not yet vacated, h8 not yet handed over
    assert (f.signed, f.vacated, f.handed_over_total) == (4, 3, 1)
    assert f.requests_received == 4  # r1 r2 r3 r8
    assert f.requests_overdue == 2  # r3 (11-20), r8 (11-16)
    assert f.tickets_issued == 2  # T1 T3


def test_json_and_project_codes(ws: Workspace, fx: Fixture) -> None:
    result = dispatch_figures(ws, figures.resolve_scope(ws, "project", "XW-1"), WEEK, today=TODAY)
    data = json.loads(json.dumps(result.as_dict(), ensure_ascii=False))
    assert data["totals"]["signed"] == 5
    assert data["totals"]["signing_rate"] == 0.5
    assert data["totals"]["compensation_paid"] == 3400000.5
    assert data["totals"]["handed_over_remaining"] == 8
    assert data["week"] == WEEK and data["as_of"] == "2026-11-26"
    assert len(data["trend"]) == 8
    with pytest.raises(UserError):
        figures.resolve_scope(ws, "project", "NOPE")
    with pytest.raises(UserError):
        Scope("street", "x")


def test_empty_scope_has_no_rates(ws: Workspace) -> None:
    f = dispatch_figures(ws, Scope.of_district("无此区"), WEEK, today=TODAY).totals
    assert f.households_total == 0
    assert f.signing_rate is None and f.closure_rate is None and f.average_cycle_days is None
