"""The dispatch figures (调度周报, shared/design/domain.md) — computed here and nowhere else.

The dashboard, the weekly PDF report, `stats --json` and the Excel export all call
`dispatch_figures(ws, scope, week)` and read the plain dataclasses it returns.

Scope: a project, a sub-district, a district or everything (`Scope`). Week: an ISO week
("2026-W48", Monday to Sunday). Figures are "as of" the week's last day, or today when the week
is still running (`as_of = min(week end, today)`); "this week" counts fall between the week's
Monday and `as_of`.

How a household is counted (`reached_milestone`):
- A household has reached 已签约 / 已评估 / 已腾空 / 已交房 when its state is that step or later on
  the main line (domain.states.reached), and the date the step stamps (signed_on, valued_on,
  vacated_on, handed_over_on) is on or before `as_of`. A household that reached the step with no
  date recorded counts in the cumulative figure but never in "this week".
- Temporary housing (临时周转中) and waiting for a swap flat (产权调换安置中) follow signing: such a
  household counts as signed, and as vacated / handed over when it carries that date.
- Surveyed (已调查) has no date: the current state decides.
- Demolished: demolished_on on or before as_of; its area is the measured area (the registered
  area when not measured).

Rates (None when the denominator is 0), all over households in scope unless said:
- 调查率 survey_rate      = surveyed ÷ households_total
- 评估率 valuation_rate   = valued ÷ households_total
- 签约率 signing_rate     = signed ÷ households_total
- 腾空率 vacating_rate    = vacated ÷ households_total
- 交房率 handover_rate    = handed_over_total ÷ households_total
- 资金到位率 secured_rate  = funding_secured ÷ funding_needed (projects in scope)
- 支付率 paid_rate        = compensation_paid ÷ funding_secured
- 办结率 closure_rate     = requests_closed ÷ requests_received (both cumulative to as_of)
- 按期办结率 on_time_rate  = requests_closed_on_time ÷ requests_closed
- 平均安置周期 average_cycle_days = resettlement_days_total ÷ resettled, where a household is
  resettled when it has signed_on and housed_on ≤ as_of, and its cycle is housed_on − signed_on
  in days.
households_total is the households recorded in scope (not deleted); households_planned (the
projects' planned counts) is carried beside it.

Requests (scope by the request's household, or its project when it has none):
- received: received_on ≤ as_of; received_this_week: received_on within the week.
- closed: status 办结 with closed_on ≤ as_of (or no date); closed_this_week: closed_on in week.
- closed_on_time: closed, and closed_on ≤ deadline (or no deadline).
- open: received and not closed as of as_of; overdue (超期未办结): open with deadline < as_of.

House tickets (scope by the ticket's household): issued = issued_on ≤ as_of; used = tickets with
at least one redemption on or before as_of; expiring_30d = tickets active on as_of with a
balance and valid_until within 30 days (as_of ≤ valid_until ≤ as_of + 30).

Flats: allocated = flats whose household is in scope (state other than 临时周转); temporary =
those in 临时周转; available = flats 空闲 with no household in the scope's district — the district
office holds the stock, so a project or sub-district sees its district's free flats, and adding
project or sub-district rows double-counts them (take them from the district or total row).
Flats with no district count only in the "all" scope. double_allocated = flats whose
household_id is in conflict (two laptops allocated it offline), counted where the displayed
household is.

Requests of a project scope (and of the per-project rows) are those with that project_id; of a
sub-district or district, those whose household (or, project-wide, project) lies there.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, fields
from decimal import Decimal
from functools import lru_cache
from typing import Any

import sqlite_utils

from domain import i18n
from domain.choices import REQUEST_CATEGORIES, REQUEST_STATUSES
from domain.errors import UserError
from domain.messages import MESSAGES
from domain.states import MAIN_LINE, reached
from domain.tickets import (
    TicketTerms,
    Use,
    ledger,
    parse_tiers,
    to_fen,
)
from services.workspace import Workspace

SCOPE_KINDS = ("project", "sub_district", "district", "all")
TREND_WEEKS = 8
EXPIRY_DAYS = 30

MILESTONE_DATES = {
    "valued": "valued_on",
    "signed": "signed_on",
    "vacated": "vacated_on",
    "handed_over": "handed_over_on",
}
AFTER_SIGNING = ("temporary_housing", "awaiting_swap_flat")
_MAIN = [choice.code for choice in MAIN_LINE]


# small helpers shared by the sibling modules ------------------------------------------------
def as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def json_value(text: Any) -> Any:
    if text is None or isinstance(text, dict | list):
        return text
    try:
        return json.loads(text)
    except ValueError:
        return None


def money(value: Any) -> Decimal:
    """A stored yuan amount as an exact Decimal (0 when missing)."""
    if value in (None, ""):
        return Decimal(0)
    return Decimal(to_fen(value)) / 100


def reached_milestone(row: dict[str, Any], milestone: str, as_of: dt.date | None = None) -> bool:
    """Whether a household row has reached a main-line step by `as_of` (see the module doc)."""
    on = as_date(row.get(MILESTONE_DATES[milestone])) if milestone in MILESTONE_DATES else None
    if not _state_reaches(row.get("state"), milestone, on is not None):
        return False
    return as_of is None or on is None or on <= as_of


def _state_reaches(state: str | None, milestone: str, dated: bool) -> bool:
    """The state half of reached_milestone: the step or later, or after signing with a date."""
    if _reached(state, milestone):
        return True
    return dated and state in AFTER_SIGNING and milestone in ("vacated", "handed_over")


@lru_cache(maxsize=256)
def _reached(state: str | None, milestone: str) -> bool:
    return reached(state, milestone)


def milestone_between(row: dict[str, Any], milestone: str, start: dt.date, end: dt.date) -> bool:
    on = as_date(row.get(MILESTONE_DATES[milestone]))
    return on is not None and start <= on <= end and reached_milestone(row, milestone, end)


# weeks ---------------------------------------------------------------------------------------
def week_bounds(week: str) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of an ISO week: "2026-W48" → (Monday 2026-11-23, Sunday 2026-11-29); "2026W48" and "2026-w48" too."""
    text = week.strip().upper().replace(" ", "")
    year_text, sep, week_text = text.partition("W")
    year_text = year_text.rstrip("-")
    if not sep or not year_text.isdigit() or not week_text.isdigit() or len(year_text) != 4:
        raise UserError("bad_week", week=week)
    try:
        monday = dt.date.fromisocalendar(int(year_text), int(week_text), 1)
        return monday, monday + dt.timedelta(days=6)
    except (ValueError, OverflowError):  # 9999-W52 ends after the last date there is
        raise UserError("bad_week", week=week) from None


def week_of(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def weeks_back(week: str, count: int) -> list[str]:
    """The `count` weeks ending with `week`, oldest first."""
    monday, _ = week_bounds(week)
    try:
        return [week_of(monday - dt.timedelta(weeks=i)) for i in range(count - 1, -1, -1)]
    except OverflowError:  # 0001-W02: the weeks before it are before the first date there is
        raise UserError("bad_week", week=week) from None


# scope ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Scope:
    kind: str  # project | sub_district | district | all
    value: str | None = None  # project id, sub-district name or district name
    district: str | None = None  # narrows a sub-district name to one district

    def __post_init__(self) -> None:
        if self.kind not in SCOPE_KINDS:
            raise UserError("scope_unknown", kind=self.kind)
        if self.kind != "all" and not self.value:
            raise UserError("scope_unknown", kind=self.kind)

    @classmethod
    def all(cls) -> Scope:
        return cls("all")

    @classmethod
    def project(cls, project_id: str) -> Scope:
        return cls("project", project_id)

    @classmethod
    def sub_district(cls, name: str, district: str | None = None) -> Scope:
        return cls("sub_district", name, district)

    @classmethod
    def of_district(cls, name: str) -> Scope:
        return cls("district", name)


def resolve_scope(ws: Workspace, kind: str, value: str | None = None) -> Scope:
    """A scope from what a person typed: a project by id, short id or code."""
    if kind != "project":
        return Scope(kind, value)
    text = (value or "").strip()

    def by_code(db: sqlite_utils.Database) -> list[str]:
        return [
            row[0]
            for row in db.conn.execute(
                "SELECT id FROM projects WHERE _deleted = 0 AND code = ?", (text,)
            )
        ]

    found = ws.read(by_code)
    if len(found) == 1:
        return Scope.project(found[0])
    try:
        return Scope.project(ws.resolve_id("project", text))
    except UserError:
        raise UserError("project_not_found", project=text) from None


# the figures ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Figures:
    """One block of dispatch figures: for a project, a sub-district, a district or a scope total.

    Counts are cumulative to `as_of` unless the name says this_week / today. Sums rather than
    averages are carried so that rollups stay exact."""

    level: str  # project | sub_district | district | all
    key: str  # project id, sub-district or district name, "all"
    label: str  # project name, "新吴区 旺庄街道", …
    project_code: str = ""
    district: str = ""
    sub_district: str = ""
    projects: int = 0
    households_planned: int = 0
    households_total: int = 0
    surveyed: int = 0
    valued: int = 0
    signed: int = 0
    signed_this_week: int = 0
    vacated: int = 0
    vacated_this_week: int = 0
    handed_over_today: int = 0
    handed_over_this_week: int = 0
    handed_over_total: int = 0
    demolished: int = 0
    demolished_area_m2: Decimal = Decimal(0)
    compensation_agreed: Decimal = Decimal(0)
    compensation_paid: Decimal = Decimal(0)
    funding_needed: Decimal = Decimal(0)
    funding_secured: Decimal = Decimal(0)
    tickets_issued: int = 0
    tickets_issued_this_week: int = 0
    tickets_face_total: Decimal = Decimal(0)
    tickets_used: int = 0
    tickets_redeemed_amount: Decimal = Decimal(0)  # principal
    tickets_bonus_amount: Decimal = Decimal(0)
    tickets_settled: int = 0  # bought back or refunded
    tickets_balance: Decimal = Decimal(0)  # unused principal of tickets not settled
    tickets_expiring_30d: int = 0
    flats_available: int = 0
    flats_allocated: int = 0
    flats_temporary: int = 0
    flats_double_allocated: int = 0
    resettled: int = 0
    resettlement_days_total: int = 0
    requests_received: int = 0
    requests_received_this_week: int = 0
    requests_closed: int = 0
    requests_closed_this_week: int = 0
    requests_closed_on_time: int = 0
    requests_open: int = 0
    requests_overdue: int = 0

    @property
    def handed_over_remaining(self) -> int:
        return max(0, self.households_total - self.handed_over_total)

    @property
    def survey_rate(self) -> float | None:
        return _rate(self.surveyed, self.households_total)

    @property
    def valuation_rate(self) -> float | None:
        return _rate(self.valued, self.households_total)

    @property
    def signing_rate(self) -> float | None:
        return _rate(self.signed, self.households_total)

    @property
    def vacating_rate(self) -> float | None:
        return _rate(self.vacated, self.households_total)

    @property
    def handover_rate(self) -> float | None:
        return _rate(self.handed_over_total, self.households_total)

    @property
    def secured_rate(self) -> float | None:
        return _rate(self.funding_secured, self.funding_needed)

    @property
    def paid_rate(self) -> float | None:
        return _rate(self.compensation_paid, self.funding_secured)

    @property
    def closure_rate(self) -> float | None:
        return _rate(self.requests_closed, self.requests_received)

    @property
    def on_time_rate(self) -> float | None:
        return _rate(self.requests_closed_on_time, self.requests_closed)

    @property
    def average_cycle_days(self) -> float | None:
        return _rate(self.resettlement_days_total, self.resettled)

    def as_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {f.name: _plain(getattr(self, f.name)) for f in fields(self)}
        for name in RATE_NAMES:
            value = getattr(self, name)
            found[name] = None if value is None else round(value, 4)
        found["handed_over_remaining"] = self.handed_over_remaining
        return found


RATE_NAMES = (
    "survey_rate",
    "valuation_rate",
    "signing_rate",
    "vacating_rate",
    "handover_rate",
    "secured_rate",
    "paid_rate",
    "closure_rate",
    "on_time_rate",
    "average_cycle_days",
)


def _rate(numerator: float | Decimal, denominator: float | Decimal) -> float | None:
    return float(numerator) / float(denominator) if denominator else None


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class CategoryCount:
    category: str  # domain.choices.REQUEST_CATEGORIES code
    label: str
    received: int = 0
    received_this_week: int = 0
    closed: int = 0
    overdue: int = 0


@dataclass(frozen=True)
class WeekPoint:
    week: str
    start: dt.date
    end: dt.date
    signed: int = 0  # reached the step during the week
    vacated: int = 0
    handed_over: int = 0
    signed_total: int = 0  # cumulative at the week's end
    vacated_total: int = 0
    handed_over_total: int = 0
    requests_received: int = 0
    requests_closed: int = 0


@dataclass(frozen=True)
class DispatchFigures:
    scope: Scope
    scope_label: str
    week: str
    week_start: dt.date
    week_end: dt.date
    as_of: dt.date
    totals: Figures
    by_project: list[Figures] = field(default_factory=list)
    by_sub_district: list[Figures] = field(default_factory=list)
    by_district: list[Figures] = field(default_factory=list)
    requests_by_category: list[CategoryCount] = field(default_factory=list)
    requests_by_status: dict[str, int] = field(default_factory=dict)
    trend: list[WeekPoint] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready (money as float yuan, dates as ISO text, rates as 0–1 fractions)."""
        return {
            "scope": asdict(self.scope),
            "scope_label": self.scope_label,
            "week": self.week,
            "week_start": self.week_start.isoformat(),
            "week_end": self.week_end.isoformat(),
            "as_of": self.as_of.isoformat(),
            "totals": self.totals.as_dict(),
            "by_project": [f.as_dict() for f in self.by_project],
            "by_sub_district": [f.as_dict() for f in self.by_sub_district],
            "by_district": [f.as_dict() for f in self.by_district],
            "requests_by_category": [asdict(c) for c in self.requests_by_category],
            "requests_by_status": dict(self.requests_by_status),
            "trend": [{k: _plain(v) for k, v in asdict(point).items()} for point in self.trend],
        }


# loading ----------------------------------------------------------------------------------------
@dataclass
class _Data:
    projects: dict[str, dict[str, Any]]
    households: list[dict[str, Any]]
    requests: list[dict[str, Any]]
    tickets: list[dict[str, Any]]
    uses: dict[str, list[dict[str, Any]]]
    flats: list[dict[str, Any]]
    flat_conflicts: set[str]
    # each row's share of the figures for one window, computed once and summed per group
    household_memo: dict[str, dict[str, Any]] = field(default_factory=dict)
    request_memo: dict[str, dict[str, int]] = field(default_factory=dict)


_HOUSEHOLD_COLUMNS = (
    "h.id, h.project_id, h.district, h.sub_district, h.state, h.valued_on, h.signed_on,"
    " h.vacated_on, h.handed_over_on, h.demolished_on, h.housed_on, h.measured_area,"
    " h.registered_area, h.compensation_amount, h.compensation_paid, h.caseworker"
)


def _scope_clause(
    scope: Scope, district_col: str, sub_col: str, project_col: str
) -> tuple[str, list[Any]]:
    if scope.kind == "project":
        return f" AND {project_col} = ?", [scope.value]
    if scope.kind == "sub_district":
        if scope.district:
            return f" AND {sub_col} = ? AND {district_col} = ?", [scope.value, scope.district]
        return f" AND {sub_col} = ?", [scope.value]
    if scope.kind == "district":
        return f" AND {district_col} = ?", [scope.value]
    return "", []


def _load(db: sqlite_utils.Database, scope: Scope) -> _Data:
    where, args = _scope_clause(scope, "h.district", "h.sub_district", "h.project_id")
    households = list(
        db.query(f"SELECT {_HOUSEHOLD_COLUMNS} FROM households h WHERE h._deleted = 0{where}", args)
    )
    where, args = _scope_clause(scope, "p.district", "p.sub_district", "p.id")
    projects = {
        row["id"]: row
        for row in db.query(f"SELECT * FROM projects p WHERE p._deleted = 0{where}", args)
    }
    referenced = {h["project_id"] for h in households} - set(projects)
    for chunk in _chunks(sorted(referenced)):
        marks = ",".join("?" * len(chunk))
        for row in db.query(f"SELECT * FROM projects WHERE id IN ({marks})", chunk):
            projects[row["id"]] = row
    where, args = _scope_clause(
        scope,
        "coalesce(h.district, p.district)",
        "coalesce(h.sub_district, p.sub_district)",
        "r.project_id",
    )
    requests = list(
        db.query(
            "SELECT r.id, r.project_id, r.household_id, r.received_on, r.category, r.status,"
            " r.deadline, r.closed_on, coalesce(h.district, p.district) AS district,"
            " coalesce(h.sub_district, p.sub_district) AS sub_district"
            " FROM requests r LEFT JOIN households h ON h.id = r.household_id"
            " LEFT JOIN projects p ON p.id = r.project_id"
            f" WHERE r._deleted = 0 AND (r.household_id IS NULL OR h._deleted = 0){where}",
            args,
        )
    )
    for row in requests:
        if row["project_id"] not in projects:
            found = list(db.query("SELECT * FROM projects WHERE id = ?", [row["project_id"]]))
            if found:
                projects[found[0]["id"]] = found[0]
    household_ids = {h["id"] for h in households}
    tickets = [
        row
        for row in db.query("SELECT * FROM house_tickets WHERE _deleted = 0")
        if row["household_id"] in household_ids
    ]
    uses: dict[str, list[dict[str, Any]]] = defaultdict(list)
    ticket_ids = {t["id"] for t in tickets}
    for row in db.query("SELECT * FROM ticket_uses WHERE _deleted = 0"):
        if row["ticket_id"] in ticket_ids:
            uses[row["ticket_id"]].append(row)
    flats = list(db.query("SELECT * FROM flats WHERE _deleted = 0"))
    flat_conflicts = {
        row[0]
        for row in db.conn.execute(
            "SELECT entity_id FROM conflicts WHERE entity = 'flat' AND field = 'household_id'"
        )
    }
    _parse_dates(households, _HOUSEHOLD_DATES)
    _parse_dates(requests, _REQUEST_DATES)
    return _Data(projects, households, requests, tickets, uses, flats, flat_conflicts)


_HOUSEHOLD_DATES = (
    "valued_on",
    "signed_on",
    "vacated_on",
    "handed_over_on",
    "demolished_on",
    "housed_on",
)
_REQUEST_DATES = ("received_on", "deadline", "closed_on")


def _parse_dates(rows: list[dict[str, Any]], names: tuple[str, ...]) -> None:
    """ISO text to dates once, rather than in every test of every figure."""
    for row in rows:
        for name in names:
            row[name] = as_date(row.get(name))


def _chunks(items: list[str], size: int = 500) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# computing ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Window:
    start: dt.date  # the week's Monday
    as_of: dt.date  # min(week end, today)


def _area(row: dict[str, Any]) -> Decimal:
    value = row.get("measured_area")
    if value is None:
        value = row.get("registered_area")
    return money(value)


def _household_facts(row: dict[str, Any], w: _Window) -> dict[str, Any]:
    """One household's share of every household figure, with the same tests `records_behind`
    uses, so that a number and the list behind it agree."""
    tests = _household_tests(w)
    facts: dict[str, Any] = {name: int(tests[name](row)) for name in HOUSEHOLD_COUNTED}
    facts["demolished_area_m2"] = _area(row) if facts["demolished"] else Decimal(0)
    facts["resettlement_days_total"] = _cycle_days(row) if facts["resettled"] else 0
    facts["compensation_agreed"] = money(row.get("compensation_amount"))
    facts["compensation_paid"] = money(row.get("compensation_paid"))
    return facts


def _household_counts(
    rows: list[dict[str, Any]], memo: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    out: dict[str, Any] = dict.fromkeys(HOUSEHOLD_COUNTED, 0) | {
        "demolished_area_m2": Decimal(0),
        "resettlement_days_total": 0,
        "compensation_agreed": Decimal(0),
        "compensation_paid": Decimal(0),
    }
    for row in rows:
        for name, value in memo[row["id"]].items():
            out[name] += value
    return out


def _cycle_days(row: dict[str, Any]) -> int:
    signed, housed = as_date(row.get("signed_on")), as_date(row.get("housed_on"))
    assert signed is not None and housed is not None
    return (housed - signed).days


def request_closed(row: dict[str, Any], as_of: dt.date) -> bool:
    if row.get("status") != "closed":
        return False
    closed = as_date(row.get("closed_on"))
    return closed is None or closed <= as_of


def request_overdue(row: dict[str, Any], as_of: dt.date) -> bool:
    """Open on `as_of` and past its deadline (超期未办结)."""
    deadline = as_date(row.get("deadline"))
    return deadline is not None and deadline < as_of and not request_closed(row, as_of)


def _received(row: dict[str, Any], as_of: dt.date) -> bool:
    received = as_date(row.get("received_on"))
    return received is not None and received <= as_of


def _request_facts(row: dict[str, Any], w: _Window) -> dict[str, int]:
    if not _received(row, w.as_of):
        return {}
    tests = _request_tests(w)
    return {name: int(tests[name](row)) for name in REQUEST_MEASURES}


def _request_counts(rows: list[dict[str, Any]], memo: dict[str, dict[str, int]]) -> dict[str, int]:
    out = dict.fromkeys(REQUEST_MEASURES, 0)
    for row in rows:
        for name, value in memo[row["id"]].items():
            out[name] += value
    return out


def ticket_terms(row: dict[str, Any]) -> TicketTerms:
    issued = as_date(row.get("issued_on")) or dt.date.min
    return TicketTerms(
        face_fen=to_fen(row.get("face_amount") or 0),
        issued_on=issued,
        valid_until=as_date(row.get("valid_until")) or issued,
        tiers=parse_tiers(json_value(row.get("bonus_tiers"))),
    )


def ticket_uses(rows: Iterable[dict[str, Any]], as_of: dt.date | None = None) -> list[Use]:
    found = []
    for row in rows:
        used = as_date(row.get("used_on"))
        if used is None or (as_of is not None and used > as_of):
            continue
        found.append(
            Use(
                kind=row["kind"],
                principal_fen=to_fen(row.get("amount") or 0),
                used_on=used,
                bonus_pct=Decimal(str(row.get("bonus_pct") or 0)),
                bonus_fen=to_fen(row.get("bonus_amount") or 0),
            )
        )
    return found


def _safe_terms(row: dict[str, Any]) -> TicketTerms:
    try:
        return ticket_terms(row)
    except UserError:  # bad tiers text from elsewhere: the ledger does not need the tiers
        return TicketTerms(
            to_fen(row.get("face_amount") or 0),
            as_date(row.get("issued_on")) or dt.date.min,
            as_date(row.get("valid_until")) or dt.date.min,
            (),
        )


def _ticket_counts(
    tickets: list[dict[str, Any]], uses: dict[str, list[dict[str, Any]]], w: _Window
) -> dict[str, Any]:
    out: dict[str, Any] = Counter()
    face = redeemed = bonus = balance = 0
    horizon = w.as_of + dt.timedelta(days=EXPIRY_DAYS)
    for row in tickets:
        issued = as_date(row.get("issued_on"))
        if issued is None or issued > w.as_of:
            continue
        out["tickets_issued"] += 1
        if issued >= w.start:
            out["tickets_issued_this_week"] += 1
        terms = _safe_terms(row)
        book = ledger(terms, ticket_uses(uses.get(row["id"], []), w.as_of), w.as_of)
        face += terms.face_fen
        redeemed += book.redeemed_fen
        bonus += book.bonus_fen
        if book.redemptions:
            out["tickets_used"] += 1
        if book.state in ("bought_back", "refunded"):
            out["tickets_settled"] += 1
        else:
            balance += book.balance_fen
        if book.state == "active" and book.balance_fen > 0 and terms.valid_until <= horizon:
            out["tickets_expiring_30d"] += 1
    result = dict(out)
    result["tickets_face_total"] = Decimal(face) / 100
    result["tickets_redeemed_amount"] = Decimal(redeemed) / 100
    result["tickets_bonus_amount"] = Decimal(bonus) / 100
    result["tickets_balance"] = Decimal(balance) / 100
    return result


def _flat_counts(
    flats: list[dict[str, Any]],
    household_ids: set[str],
    districts: set[str] | None,
    conflicts: set[str],
) -> dict[str, int]:
    """`districts` None means every flat of the stock is in scope (the "all" scope)."""
    out: Counter[str] = Counter()
    for flat in flats:
        holder = flat.get("household_id")
        if holder:
            if holder in household_ids:
                if flat.get("state") == "temporary":
                    out["flats_temporary"] += 1
                else:
                    out["flats_allocated"] += 1
                if flat["id"] in conflicts:
                    out["flats_double_allocated"] += 1
        elif flat.get("state") in (None, "free") and (
            districts is None or flat.get("district") in districts
        ):
            out["flats_available"] += 1
    return dict(out)


def _funds(projects: Iterable[dict[str, Any]]) -> dict[str, Any]:
    rows = list(projects)
    return {
        "projects": len(rows),
        "households_planned": sum(int(p.get("households_planned") or 0) for p in rows),
        "funding_needed": sum((money(p.get("funding_needed")) for p in rows), Decimal(0)),
        "funding_secured": sum((money(p.get("funding_secured")) for p in rows), Decimal(0)),
    }


def _figures(
    level: str,
    key: str,
    label: str,
    data: _Data,
    w: _Window,
    keep: Callable[[dict[str, Any]], bool],
    project_keep: Callable[[dict[str, Any]], bool],
    districts: set[str] | None,
    **labels: str,
) -> Figures:
    households = [h for h in data.households if keep(h)]
    ids = {h["id"] for h in households}
    requests = [r for r in data.requests if keep(r)]
    tickets = [t for t in data.tickets if t["household_id"] in ids]
    if not data.household_memo:
        data.household_memo.update((h["id"], _household_facts(h, w)) for h in data.households)
        data.request_memo.update((r["id"], _request_facts(r, w)) for r in data.requests)
    values: dict[str, Any] = dict(labels)
    values |= _household_counts(households, data.household_memo)
    values |= _request_counts(requests, data.request_memo)
    values |= _ticket_counts(tickets, data.uses, w)
    values |= _flat_counts(data.flats, ids, districts, data.flat_conflicts)
    values |= _funds(p for p in data.projects.values() if project_keep(p))
    return Figures(level=level, key=key, label=label, **values)


def _sub_label(district: str | None, sub_district: str | None) -> str:
    return " ".join(part for part in (district, sub_district) if part)


def _category_counts(rows: list[dict[str, Any]], w: _Window, language: str) -> list[CategoryCount]:
    counts: dict[str, Counter[str]] = {code: Counter() for code in REQUEST_CATEGORIES.codes()}
    for row in rows:
        if not _received(row, w.as_of):
            continue
        bucket = counts.setdefault(row.get("category") or "other", Counter())
        bucket["received"] += 1
        received = as_date(row["received_on"])
        if received is not None and received >= w.start:
            bucket["received_this_week"] += 1
        if request_closed(row, w.as_of):
            bucket["closed"] += 1
        elif request_overdue(row, w.as_of):
            bucket["overdue"] += 1
    return [
        CategoryCount(code, REQUEST_CATEGORIES.label(code, language), **dict(counter))
        for code, counter in counts.items()
    ]


def _status_counts(rows: list[dict[str, Any]], as_of: dt.date) -> dict[str, int]:
    """Requests received by as_of by their current status (closed means closed by as_of)."""
    counts = dict.fromkeys(REQUEST_STATUSES.codes(), 0)
    for row in rows:
        if not _received(row, as_of):
            continue
        if request_closed(row, as_of):
            status = "closed"
        else:
            status = row.get("status") or "open"
            if status == "closed":  # closed after as_of: it was still being handled then
                status = "in_progress"
        counts[status] = counts.get(status, 0) + 1
    return counts


def _trend(data: _Data, week: str, today: dt.date) -> list[WeekPoint]:
    """Per week: steps reached during it and cumulative at its end (as of today for a week still
    running) — the same rules as the figures, bucketed in one pass over the rows."""
    weeks = []
    for label in weeks_back(week, TREND_WEEKS):
        start, end = week_bounds(label)
        weeks.append((label, start, end, min(end, today)))
    points: list[Counter[str]] = [Counter() for _ in weeks]
    for row in data.households:
        for milestone in ("signed", "vacated", "handed_over"):
            on = as_date(row.get(MILESTONE_DATES[milestone]))
            if not _state_reaches(row.get("state"), milestone, on is not None):
                continue
            for point, (_, start, _, as_of) in zip(points, weeks, strict=True):
                if on is None or on <= as_of:
                    point[milestone + "_total"] += 1
                    if on is not None and on >= start:
                        point[milestone] += 1
    for row in data.requests:
        received, closed = as_date(row.get("received_on")), as_date(row.get("closed_on"))
        for point, (_, start, _, as_of) in zip(points, weeks, strict=True):
            if received is not None and start <= received <= as_of:
                point["requests_received"] += 1
            if row.get("status") == "closed" and closed is not None and start <= closed <= as_of:
                point["requests_closed"] += 1
    return [
        WeekPoint(label, start, end, **dict(point))
        for point, (label, start, end, _) in zip(points, weeks, strict=True)
    ]


def dispatch_figures(
    ws: Workspace,
    scope: Scope,
    week: str,
    *,
    today: dt.date | None = None,
    language: str | None = None,
) -> DispatchFigures:
    """Every dispatch figure for `scope` and ISO `week` (definitions in the module doc)."""
    start, end = week_bounds(week)
    day = today or dt.date.today()
    window = _Window(start, min(end, day))
    lang = language or i18n.language()
    data = ws.read(lambda db: _load(db, scope))
    scope_label = _scope_label(scope, data, lang)

    if scope.kind == "all":
        scope_districts: set[str] | None = None
    elif scope.kind == "district":
        scope_districts = {str(scope.value)}
    else:
        scope_districts = {str(h["district"]) for h in data.households if h.get("district")}
        scope_districts |= {str(p["district"]) for p in data.projects.values() if p["district"]}

    in_scope_projects = _project_filter(scope)
    totals = _figures(
        scope.kind,
        scope.value or "all",
        scope_label,
        data,
        window,
        lambda _row: True,
        in_scope_projects,
        scope_districts,
        district=scope.district or (scope.value if scope.kind == "district" else "") or "",
        sub_district=scope.value if scope.kind == "sub_district" and scope.value else "",
    )

    by_project = []
    project_ids = sorted(
        {h["project_id"] for h in data.households}
        | {r["project_id"] for r in data.requests}
        | {pid for pid, p in data.projects.items() if in_scope_projects(p)}
    )
    for pid in project_ids:
        project = data.projects.get(pid)
        if project is None:
            continue
        by_project.append(
            _figures(
                "project",
                pid,
                project["name"],
                data,
                window,
                _row_in_project(pid),
                _is_project(pid),
                {project["district"]},
                project_code=project["code"] or "",
                district=project["district"] or "",
                sub_district=project["sub_district"] or "",
            )
        )
    by_project.sort(key=lambda f: (f.district, f.sub_district, f.project_code, f.key))

    subs = sorted(
        {_place(h) for h in data.households}
        | {_place(r) for r in data.requests}
        | {_place(p) for p in data.projects.values() if in_scope_projects(p)}
    )
    by_sub = [
        _figures(
            "sub_district",
            sub,
            _sub_label(district, sub),
            data,
            window,
            _row_at(district, sub),
            _both(in_scope_projects, _row_at(district, sub)),
            {district},
            district=district,
            sub_district=sub,
        )
        for district, sub in subs
    ]
    districts = sorted({d for d, _ in subs})
    by_district = [
        _figures(
            "district",
            district,
            district,
            data,
            window,
            _row_at(district),
            _both(in_scope_projects, _row_at(district)),
            {district},
            district=district,
        )
        for district in districts
    ]
    return DispatchFigures(
        scope=scope,
        scope_label=scope_label,
        week=week_of(start),
        week_start=start,
        week_end=end,
        as_of=window.as_of,
        totals=totals,
        by_project=by_project,
        by_sub_district=by_sub,
        by_district=by_district,
        requests_by_category=_category_counts(data.requests, window, lang),
        requests_by_status=_status_counts(data.requests, window.as_of),
        trend=_trend(data, week_of(start), day),
    )


Test = Callable[[dict[str, Any]], bool]


def _place(row: dict[str, Any]) -> tuple[str, str]:
    return (row.get("district") or "", row.get("sub_district") or "")


def _row_in_project(project_id: str) -> Test:
    return lambda row: bool(row["project_id"] == project_id)


def _is_project(project_id: str) -> Test:
    return lambda project: bool(project["id"] == project_id)


def _row_at(district: str, sub_district: str | None = None) -> Test:
    if sub_district is None:
        return lambda row: _place(row)[0] == district
    return lambda row: _place(row) == (district, sub_district)


def _both(first: Test, second: Test) -> Test:
    return lambda row: first(row) and second(row)


def _project_filter(scope: Scope) -> Callable[[dict[str, Any]], bool]:
    """Which projects' funds and plans belong to the scope (households may sit in others)."""
    if scope.kind == "project":
        return lambda p: p["id"] == scope.value
    if scope.kind == "sub_district":
        return lambda p: (
            p["sub_district"] == scope.value
            and (scope.district is None or p["district"] == scope.district)
        )
    if scope.kind == "district":
        return lambda p: p["district"] == scope.value
    return lambda _p: True


def _scope_label(scope: Scope, data: _Data, language: str) -> str:
    if scope.kind == "project":
        project = data.projects.get(str(scope.value))
        return str(project["name"]) if project else str(scope.value)
    if scope.kind == "sub_district":
        district = scope.district or next(
            (h["district"] for h in data.households if h.get("district")), None
        )
        return _sub_label(district, scope.value)
    if scope.kind == "district":
        return str(scope.value)
    return MESSAGES["scope_all"][language]


# click-through: the records behind a number -----------------------------------------------------
HOUSEHOLD_COUNTED = (
    "households_total",
    "surveyed",
    "valued",
    "signed",
    "signed_this_week",
    "vacated",
    "vacated_this_week",
    "handed_over_total",
    "handed_over_this_week",
    "handed_over_today",
    "demolished",
    "resettled",
)
HOUSEHOLD_MEASURES = (*HOUSEHOLD_COUNTED, "unsigned", "handed_over_remaining")
REQUEST_MEASURES = (
    "requests_received",
    "requests_received_this_week",
    "requests_closed",
    "requests_closed_this_week",
    "requests_closed_on_time",
    "requests_open",
    "requests_overdue",
)


def records_behind(
    ws: Workspace,
    scope: Scope,
    week: str,
    measure: str,
    *,
    today: dt.date | None = None,
    category: str | None = None,
) -> list[str]:
    """Ids of the households (or requests, for a requests_* measure) counted in one figure, so a
    dashboard number can open the list behind it. Same definitions as `dispatch_figures`."""
    start, end = week_bounds(week)
    w = _Window(start, min(end, today or dt.date.today()))
    data = ws.read(lambda db: _load(db, scope))
    if measure in HOUSEHOLD_MEASURES:
        test = _household_test(measure, w)
        return [h["id"] for h in data.households if test(h)]
    if measure in REQUEST_MEASURES:
        rows = [r for r in data.requests if category is None or r.get("category") == category]
        test = _request_test(measure, w)
        return [r["id"] for r in rows if _received(r, w.as_of) and test(r)]
    raise KeyError(measure)


def _household_test(measure: str, w: _Window) -> Test:
    return _household_tests(w)[measure]


@lru_cache(maxsize=16)
def _household_tests(w: _Window) -> dict[str, Test]:
    def demolished(h: dict[str, Any]) -> bool:
        on = as_date(h.get("demolished_on"))
        return on is not None and on <= w.as_of

    def resettled(h: dict[str, Any]) -> bool:
        """Housed by as_of, with a signing date on or before it (a reversed pair is a typo)."""
        signed, housed = as_date(h.get("signed_on")), as_date(h.get("housed_on"))
        return bool(signed and housed and signed <= housed <= w.as_of)

    tests: dict[str, Callable[[dict[str, Any]], bool]] = {
        "households_total": lambda h: True,
        "surveyed": lambda h: _reached(h["state"], "surveyed"),
        "valued": lambda h: reached_milestone(h, "valued", w.as_of),
        "signed": lambda h: reached_milestone(h, "signed", w.as_of),
        "unsigned": lambda h: not reached_milestone(h, "signed", w.as_of),
        "signed_this_week": lambda h: milestone_between(h, "signed", w.start, w.as_of),
        "vacated": lambda h: reached_milestone(h, "vacated", w.as_of),
        "vacated_this_week": lambda h: milestone_between(h, "vacated", w.start, w.as_of),
        "handed_over_total": lambda h: reached_milestone(h, "handed_over", w.as_of),
        "handed_over_this_week": lambda h: milestone_between(h, "handed_over", w.start, w.as_of),
        "handed_over_today": lambda h: milestone_between(h, "handed_over", w.as_of, w.as_of),
        "handed_over_remaining": lambda h: not reached_milestone(h, "handed_over", w.as_of),
        "demolished": demolished,
        "resettled": resettled,
    }
    return tests


def _request_test(measure: str, w: _Window) -> Test:
    return _request_tests(w)[measure]


@lru_cache(maxsize=16)
def _request_tests(w: _Window) -> dict[str, Test]:
    def received_week(r: dict[str, Any]) -> bool:
        on = as_date(r.get("received_on"))
        return on is not None and on >= w.start

    def closed_week(r: dict[str, Any]) -> bool:
        on = as_date(r.get("closed_on"))
        return request_closed(r, w.as_of) and on is not None and on >= w.start

    def on_time(r: dict[str, Any]) -> bool:
        closed, deadline = as_date(r.get("closed_on")), as_date(r.get("deadline"))
        return request_closed(r, w.as_of) and (
            deadline is None or (closed is not None and closed <= deadline)
        )

    tests: dict[str, Callable[[dict[str, Any]], bool]] = {
        "requests_received": lambda r: True,
        "requests_received_this_week": received_week,
        "requests_closed": lambda r: request_closed(r, w.as_of),
        "requests_closed_this_week": closed_week,
        "requests_closed_on_time": on_time,
        "requests_open": lambda r: not request_closed(r, w.as_of),
        "requests_overdue": lambda r: request_overdue(r, w.as_of),
    }
    return tests
