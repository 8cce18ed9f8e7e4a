"""The "today" list (今日待办) of a caseworker or a sub-district: what is due or overdue.

Four kinds, each one sentence from the catalogue:
- visit: a household's next visit is due (next_visit_due ≤ today; households whose
  compensation is completed are left out);
- request: an open request whose deadline is within `request_days` (3) or already past;
- ticket: an active house ticket with a balance expiring within `ticket_days` (30);
- statutory: a project's statutory warning (domain.statutory) — rules broken, about to be
  broken, or steps falling due — for projects not archived.

Filters: `caseworker` (the household's caseworker; for requests also the responsible person;
for statutory items the projects where the caseworker has households), `sub_district` (the
household's; for statutory items the project's or where its households are), `project_id`.
Items are ordered most overdue first.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from domain import i18n as domain_i18n
from domain.errors import text
from services import figures, projects, tickets
from services.sql import equal_filters
from services.workspace import Workspace
from storage import project_keys

KINDS = ("visit", "request", "ticket", "statutory")
SUMMARY_CHARS = 24


@dataclass(frozen=True)
class TodayItem:
    kind: str  # visit | request | ticket | statutory
    code: str  # message code
    severity: str  # overdue | due | soon — statutory: error | warning | due
    due: dt.date | None
    days: int  # due − today: negative when past
    record_entity: str  # household | request | house_ticket | project
    record_id: str
    title: str  # the household ("张三（3栋201室）") or the project's name
    household_id: str | None = None
    project_id: str | None = None
    caseworker: str | None = None
    sub_district: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    responsible: str | None = None  # a request's responsible person (may differ from caseworker)
    # The household's head and address when the item names one in `title` (a screen too narrow
    # for the whole title shortens the address, ui.short_address).
    head_name: str = ""
    address: str = ""

    def message(self, language: str | None = None) -> str:
        return text(self.code, language, **self.params)

    @property
    def overdue(self) -> bool:
        return self.severity in ("overdue", "error")


@dataclass(frozen=True)
class TodayList:
    today: dt.date
    items: list[TodayItem]

    @property
    def counts(self) -> dict[str, int]:
        """Per kind, plus "overdue" and "total" — the numbers in the navigation."""
        return _counts(self.items)

    def of_kind(self, kind: str) -> list[TodayItem]:
        return [item for item in self.items if item.kind == kind]


def _counts(items: list[TodayItem]) -> dict[str, int]:
    found = dict.fromkeys(KINDS, 0) | dict(Counter(item.kind for item in items))
    found["overdue"] = sum(1 for item in items if item.overdue)
    found["total"] = len(items)
    return found


def _household_title(head: str | None, address: str | None) -> str:
    return domain_i18n.bracketed(head or "", address or "")


def _visits(
    db: sqlite_utils.Database,
    today: dt.date,
    caseworker: str | None,
    sub_district: str | None,
    project_id: str | None,
) -> list[TodayItem]:
    # The list index (one row per live household) by next-visit date, caseworker and state
    # (storage/due_index.py) picks the households; only theirs are read.
    sql = (
        "SELECT h.id, h.project_id, h.head_name, h.address, h.caseworker, h.sub_district,"
        " s.next_visit_due FROM household_summary s CROSS JOIN households h ON h.id = s.household_id"
        " WHERE s.next_visit_due IS NOT NULL AND s.next_visit_due <= ?"
        " AND coalesce(s.state, '') != 'completed' AND h._deleted = 0"
    )
    where, args = equal_filters(("s.caseworker", caseworker), ("s.sub_district", sub_district))
    if project_id:  # the list index holds the project's key (storage/project_keys.py)
        where += f" AND s.project_key = {project_keys.KEY_OF}"
        args.append(project_id)
    items = []
    for row in db.query(sql + where, [today.isoformat(), *args]):
        due = figures.as_date(row["next_visit_due"])
        if due is None:
            continue
        days = (due - today).days
        title = _household_title(row["head_name"], row["address"])
        items.append(
            TodayItem(
                kind="visit",
                code="today_visit_due" if days == 0 else "today_visit_overdue",
                severity="due" if days == 0 else "overdue",
                due=due,
                days=days,
                record_entity="household",
                record_id=row["id"],
                title=title,
                household_id=row["id"],
                project_id=row["project_id"],
                caseworker=row["caseworker"],
                sub_district=row["sub_district"],
                params={"household": title, "due": due.isoformat(), "days": -days},
                head_name=row["head_name"] or "",
                address=row["address"] or "",
            )
        )
    return items


def _requests(
    db: sqlite_utils.Database,
    today: dt.date,
    ahead: int,
    caseworker: str | None,
    sub_district: str | None,
    project_id: str | None,
) -> list[TodayItem]:
    horizon = today + dt.timedelta(days=ahead)
    # The open requests due by the horizon are one range of a partial index
    # (storage/due_index.py), whatever the filter; by caseworker, the list index tells whose
    # household each one is before the household's own row is read.
    sql = (
        "SELECT r.id, r.project_id, r.household_id, r.summary, r.deadline, r.responsible,"
        " h.head_name, h.address, h.caseworker, p.name AS project_name,"
        " coalesce(h.sub_district, p.sub_district) AS sub_district"
        f" {_DUE_REQUESTS_FROM}"
        " LEFT JOIN households h ON h.id = r.household_id"
        " LEFT JOIN projects p ON p.id = r.project_id"
        f" {_DUE_REQUESTS_WHERE}"
    )
    args: list[Any] = [horizon.isoformat()]
    if caseworker:
        sql += " AND (s.caseworker = ? OR r.responsible = ?)"
        args += [caseworker, caseworker]
    where, more = equal_filters(
        ("coalesce(h.sub_district, p.sub_district)", sub_district), ("r.project_id", project_id)
    )
    sql += where
    args += more
    items = []
    for row in db.query(sql, args):
        due = figures.as_date(row["deadline"])
        if due is None:
            continue
        days = (due - today).days
        if days < 0:
            code, severity, shown = "today_request_overdue", "overdue", -days
        elif days == 0:
            code, severity, shown = "today_request_due_today", "due", 0
        else:
            code, severity, shown = "today_request_due", "soon", days
        summary = " ".join(str(row["summary"] or "").split())
        if len(summary) > SUMMARY_CHARS:
            summary = summary[: SUMMARY_CHARS - 1] + "…"
        title = (
            _household_title(row["head_name"], row["address"])
            if row["household_id"]
            else row["project_name"] or ""
        )
        items.append(
            TodayItem(
                kind="request",
                code=code,
                severity=severity,
                due=due,
                days=days,
                record_entity="request",
                record_id=row["id"],
                title=title,
                household_id=row["household_id"],
                project_id=row["project_id"],
                caseworker=row["caseworker"] or row["responsible"],
                sub_district=row["sub_district"],
                params={"summary": summary, "deadline": due.isoformat(), "days": shown},
                responsible=row["responsible"],
                head_name=(row["head_name"] or "") if row["household_id"] else "",
                address=(row["address"] or "") if row["household_id"] else "",
            )
        )
    return items


def _tickets(
    ws: Workspace,
    today: dt.date,
    ahead: int,
    caseworker: str | None,
    sub_district: str | None,
    project_id: str | None,
) -> list[TodayItem]:
    items = []
    for ticket in tickets.expiring_within(
        ws,
        ahead,
        today=today,
        project_id=project_id,
        sub_district=sub_district,
        caseworker=caseworker,
    ):
        title = _household_title(ticket.head_name, ticket.address)
        items.append(
            TodayItem(
                kind="ticket",
                code="today_ticket_expiring",
                severity="due" if ticket.days_left <= 7 else "soon",
                due=ticket.valid_until,
                days=ticket.days_left,
                record_entity="house_ticket",
                record_id=ticket.id,
                title=title,
                household_id=ticket.household_id,
                project_id=ticket.project_id,
                caseworker=ticket.caseworker,
                sub_district=ticket.sub_district,
                params={
                    "number": ticket.number,
                    "household": title,
                    "valid_until": ticket.valid_until.isoformat(),
                    "days": ticket.days_left,
                    "balance": f"{ticket.balance:,.2f}",
                },
                head_name=ticket.head_name or "",
                address=ticket.address or "",
            )
        )
    return items


def _statutory(
    ws: Workspace,
    today: dt.date,
    ahead: int,
    caseworker: str | None,
    sub_district: str | None,
    project_id: str | None,
) -> list[TodayItem]:
    def read(db: sqlite_utils.Database) -> list[str] | None:
        if not (caseworker or sub_district):
            return None
        where, args = equal_filters(("caseworker", caseworker), ("sub_district", sub_district))
        # the list index (one row per live household), read from its covering due-date index
        sql = (
            "SELECT DISTINCT project_key FROM household_summary"
            " INDEXED BY household_summary_due_by WHERE household_id IS NOT NULL"
        )
        sql += where
        keys = f"SELECT k.project_id FROM ({sql}) s JOIN project_keys k ON k.key = s.project_key"
        return [row[0] for row in db.conn.execute(keys, args)]

    involved = ws.read(read)
    items = []
    for project in projects.ranked_projects(ws, today=today):
        if project_id and project.id != project_id:
            continue
        if (
            involved is not None
            and project.id not in involved
            and not (sub_district and not caseworker and project.sub_district == sub_district)
        ):
            continue
        for warning in project.warnings:
            if warning.severity == "due" and warning.due and (warning.due - today).days > ahead:
                continue
            due = warning.due
            items.append(
                TodayItem(
                    kind="statutory",
                    code="stat_" + warning.code,
                    severity=warning.severity,
                    due=due,
                    days=(due - today).days if due else 0,
                    record_entity="project",
                    record_id=project.id,
                    title=project.name,
                    project_id=project.id,
                    sub_district=project.sub_district,
                    params=dict(warning.params),
                )
            )
    return items


def today_list(
    ws: Workspace,
    *,
    today: dt.date | None = None,
    caseworker: str | None = None,
    sub_district: str | None = None,
    project_id: str | None = None,
    request_days: int = 3,
    ticket_days: int = 30,
    statutory_days: int = 30,
) -> TodayList:
    """Everything due for the caseworker / sub-district on `today`, most overdue first."""
    day = today or dt.date.today()
    items = ws.read(lambda db: _visits(db, day, caseworker, sub_district, project_id))
    items += ws.read(
        lambda db: _requests(db, day, request_days, caseworker, sub_district, project_id)
    )
    items += _tickets(ws, day, ticket_days, caseworker, sub_district, project_id)
    items += _statutory(ws, day, statutory_days, caseworker, sub_district, project_id)
    rank = {"error": 0, "overdue": 0, "warning": 1, "due": 1, "soon": 2}
    items.sort(key=lambda i: (i.days, rank.get(i.severity, 3), KINDS.index(i.kind), i.title))
    return TodayList(day, items)


def today_counts(ws: Workspace, **filters: Any) -> dict[str, int]:
    """Counts for the navigation (same filters as `today_list`)."""
    return today_list(ws, **filters).counts


GROUPS = ("caseworker", "sub_district")


def today_counts_by(
    ws: Workspace,
    group: str = "caseworker",
    *,
    today: dt.date | None = None,
    request_days: int = 3,
    ticket_days: int = 30,
    statutory_days: int = 30,
) -> dict[str, dict[str, int]]:
    """`today_counts` for every caseworker (or sub-district) with something due, in one pass:
    name → the counts `today_counts(ws, caseworker=name)` (or `sub_district=name`) gives.

    One item can count for several names, exactly as the filters select it: a request for its
    household's caseworker and for its responsible person; a statutory step for every caseworker
    with households in the project (by sub-district: every sub-district with households there,
    and the project's own).

    Visits and requests — tens of thousands at 100 000 households — are counted in SQL, per name
    and per due date (a few hundred rows); each date is then read once, as `today_list` reads
    it. House tickets and statutory steps are few and come from `today_list`'s own code."""
    if group not in GROUPS:
        raise ValueError(f"group must be one of {GROUPS}, not {group!r}")
    day = today or dt.date.today()
    grouped: dict[str, dict[str, int]] = {}

    def add(name: str, kind: str, count: int, overdue: bool) -> None:
        counts = grouped.get(name)
        if counts is None:
            counts = grouped[name] = _counts([])
        counts[kind] += count
        counts["total"] += count
        if overdue:
            counts["overdue"] += count

    def read(db: sqlite_utils.Database) -> None:
        for name, due, count in _due_visits_by(db, day, group):
            add(name, "visit", count, due != day)
        for name, due, count in _due_requests_by(db, day, request_days, group):
            add(name, "request", count, due < day)

    ws.read(read)
    few = _tickets(ws, day, ticket_days, None, None, None)
    few += _statutory(ws, day, statutory_days, None, None, None)
    by_project = ws.read(lambda db: _project_members(db, group))
    for item in few:
        for name in _names_of(item, group, by_project):
            add(name, item.kind, 1, item.overdue)
    return {name: grouped[name] for name in sorted(grouped)}


Dated = tuple[str, dt.date, int]  # name, due date, how many


def _dated(rows: Any) -> list[Dated]:
    """(name, stored date, count) rows with the dates read as `today_list` reads them: a
    stored value that is no date is left out there, so here too."""
    found = []
    dates: dict[Any, dt.date | None] = {}
    for name, stored, count in rows:
        if stored not in dates:
            dates[stored] = figures.as_date(stored)
        due = dates[stored]
        if due is not None and name:
            found.append((name, due, count))
    return found


def _due_visits_by(db: sqlite_utils.Database, today: dt.date, group: str) -> list[Dated]:
    """`_visits`' households (next visit due by today, not completed) counted per caseworker or
    sub-district from the list index alone, which holds one row per live household."""
    column = "caseworker" if group == "caseworker" else "sub_district"
    sql = (
        f"SELECT {column}, next_visit_due, count(*) FROM household_summary"
        " WHERE next_visit_due IS NOT NULL AND next_visit_due <= ?"
        f" AND coalesce(state, '') != 'completed' AND {column} IS NOT NULL AND {column} != ''"
        f" GROUP BY {column}, next_visit_due"
    )
    return _dated(db.conn.execute(sql, [today.isoformat()]))


# `_requests`' rows: open requests with a deadline by the horizon (the partial index's terms
# as storage/due_index.py writes them), of a live household — one the list index holds — or
# of none
_DUE_REQUESTS_FROM = (
    "FROM requests r LEFT JOIN household_summary s ON s.household_id = r.household_id"
)
_DUE_REQUESTS_WHERE = (
    "WHERE r._deleted = 0 AND coalesce(r.status, 'open') != 'closed'"
    " AND (r.household_id IS NULL OR s.household_id IS NOT NULL)"
    " AND r.deadline IS NOT NULL AND r.deadline <= ?"
)


def _due_requests_by(
    db: sqlite_utils.Database, today: dt.date, ahead: int, group: str
) -> list[Dated]:
    """`_requests`' items counted per name: by caseworker, once for the household's caseworker
    and once for the responsible person (once when they are the same person); by sub-district,
    the household's or else the project's. Grouped by (caseworker, responsible, deadline), the
    rows come from the partial index alone (no request's own row is read)."""
    horizon = (today + dt.timedelta(days=ahead)).isoformat()
    if group == "sub_district":
        sql = (
            "SELECT coalesce(s.sub_district, p.sub_district), r.deadline, count(*)"
            f" {_DUE_REQUESTS_FROM} LEFT JOIN projects p ON p.id = r.project_id"
            f" {_DUE_REQUESTS_WHERE} GROUP BY 1, 2"
        )
        return _dated(db.conn.execute(sql, [horizon]))
    sql = (
        f"SELECT s.caseworker, r.responsible, r.deadline, count(*) {_DUE_REQUESTS_FROM}"
        f" {_DUE_REQUESTS_WHERE} GROUP BY 1, 2, 3"
    )
    by_name: list[tuple[str, str, int]] = []
    for caseworker, responsible, deadline, count in db.conn.execute(sql, [horizon]):
        for name in {caseworker, responsible}:
            by_name.append((name, deadline, count))
    return _dated(by_name)


def _project_members(db: sqlite_utils.Database, group: str) -> dict[str, set[str]]:
    """Project id → the caseworkers (or sub-districts) of its live households (the list index
    holds one narrow row per live household)."""
    column = "caseworker" if group == "caseworker" else "sub_district"
    found: dict[str, set[str]] = {}
    sql = (
        f"SELECT k.project_id, s.{column} FROM (SELECT DISTINCT project_key, {column}"
        " FROM household_summary INDEXED BY household_summary_due_by) s"  # covering: no row read
        " JOIN project_keys k ON k.key = s.project_key"
    )
    for project_id, name in db.conn.execute(sql):
        if name:
            found.setdefault(project_id, set()).add(name)
    return found


def _names_of(item: TodayItem, group: str, by_project: dict[str, set[str]]) -> set[str]:
    if item.kind == "statutory":
        names = set(by_project.get(item.project_id or "", ()))
        if group == "sub_district" and item.sub_district:
            names.add(item.sub_district)
        return names
    if group == "sub_district":
        return {item.sub_district} if item.sub_district else set()
    both = (item.caseworker, item.responsible) if item.kind == "request" else (item.caseworker,)
    return {name for name in both if name}
