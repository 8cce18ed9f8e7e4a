"""The inputs of the printed documents (reports.model), built from the database.

One function per document; each reads through the workspace and returns a frozen object that
reports/ turns into a PDF without touching the database:

    household_file(ws, household_id)                      一户一档
    visit_sheet(ws, visit_id) / blank_visit_sheet(ws)     入户走访记录表
    request_register(ws, RegisterFilter)                  诉求台账
    weekly_report(ws, scope, week, texts)                 调度周报 (figures from services.figures)
    public_notice(ws, project_id)                         公示 (no ID or phone numbers by type)

Choice values stay codes (the builders print their labels); dates become `date` objects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

import sqlite_utils

from domain.choices import REQUEST_CATEGORIES, REQUEST_STATUSES
from domain.errors import UserError, text
from domain.hlc import wall_ms
from domain.natural import natural_key
from reports import model as m
from services import households as hh
from services import requests
from services.figures import Scope, dispatch_figures
from services.requests import RequestFilter
from services.workspace import HistoryEntry, Workspace


def zh(code: str, **params: Any) -> str:
    """Documents are Chinese forms whatever the interface language."""
    return text(code, "zh", **params)


# ---------------------------------------------------------------------------------------------
# Records as the documents see them


def project_info(row: Mapping[str, Any]) -> m.ProjectInfo:
    return m.from_row(m.ProjectInfo, row, code=row.get("code") or "", name=row.get("name") or "")


def household_info(row: Mapping[str, Any]) -> m.HouseholdInfo:
    text = {
        name: row.get(name) or ""
        for name in (
            "address",
            "head_name",
            "district",
            "sub_district",
            "building",
            "unit",
            "room",
            "enterprise_name",
            "uscc",
            "approved_use",
            "actual_use",
            "caseworker",
            "risk_flags",
            "notes",
        )
    }
    return m.from_row(m.HouseholdInfo, row, **text)


def household_label(row: Mapping[str, Any]) -> str:
    """How a register or a notice names a household: "章金伟 12栋2单元301室"."""
    return " ".join(str(part) for part in (row.get("head_name"), row.get("address")) if part)


def _member(row: Mapping[str, Any]) -> m.Member:
    member = m.from_row(m.Member, row, relation=row.get("relation") or "")
    return member if member.special_groups is not None else replace(member, special_groups=())


def _visit(row: Mapping[str, Any], attachments: int = 0) -> m.Visit:
    text = {
        name: row.get(name) or ""
        for name in ("caseworkers", "people_met", "explained", "concerns", "next_step")
    }
    return m.from_row(m.Visit, row, attachment_count=attachments, **text)


def _request(row: Mapping[str, Any], progress: Iterable[Mapping[str, Any]] = ()) -> m.Request:
    return m.from_row(
        m.Request,
        row,
        id=row.get("id") or "",
        project_id=row.get("project_id") or "",
        household_id=row.get("household_id") or "",
        household_label=household_label(row),
        summary=row.get("summary") or "",
        responsible=row.get("responsible") or "",
        reply=row.get("reply") or "",
        status=row.get("status") or "open",
        progress=tuple(
            m.ProgressEntry(dt.date.fromisoformat(str(p["noted_on"])[:10]), p.get("text") or "")
            for p in progress
            if p.get("noted_on")
        ),
    )


def _ticket(row: Mapping[str, Any]) -> m.HouseTicket:
    uses = tuple(
        m.from_row(
            m.TicketUse,
            use,
            development=use.get("development") or "",
            contract_number=use.get("contract_number") or "",
        )
        for use in row.get("uses") or ()
    )
    return m.from_row(m.HouseTicket, row, uses=uses)


def _flat(row: Mapping[str, Any]) -> m.Flat:
    text = {name: row.get(name) or "" for name in ("unit", "layout", "district")}
    return m.from_row(m.Flat, row, **text)


def _attachment(row: Mapping[str, Any]) -> m.Attachment:
    return m.from_row(
        m.Attachment, row, mime=row.get("mime") or "", record_entity=row.get("record_entity") or ""
    )


def moment(hlc: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(wall_ms(hlc) / 1000)


def state_changes(
    entries: Iterable[HistoryEntry], language: str = "zh"
) -> tuple[m.StateChange, ...]:
    """The household's state history from its op log entries: its first state, then each move."""
    changes: list[m.StateChange] = []
    current: str | None = None
    for entry in entries:
        if entry.kind == "create" and isinstance(entry.new, dict):
            state = entry.new.get("state")
        elif entry.field == "state" and entry.kind in ("set", "resolve"):
            state = entry.new
        else:
            continue
        if not isinstance(state, str) or state == current:
            continue
        note = text("doc_state_created", language) if entry.kind == "create" else ""
        changes.append(m.StateChange(moment(entry.hlc), entry.author, current, state, note))
        current = state
    return tuple(changes)


# ---------------------------------------------------------------------------------------------
# 一户一档


def household_file(
    ws: Workspace, household_id: str, *, today: dt.date | None = None, language: str = "zh"
) -> m.HouseholdFile:
    """Everything about one household for its archive file (its own words in `language`)."""
    found = hh.detail(ws, household_id)
    household = found["household"]
    project = found["project"] or {"code": "", "name": ""}
    visit_ids = [v["id"] for v in found["visits"]]
    counts = _attachment_counts(ws, visit_ids)
    attachments = list(found["attachments"]) + _attachments_of(
        ws, [*visit_ids, *(r["id"] for r in found["requests"])]
    )
    return m.HouseholdFile(
        project=project_info(project),
        household=household_info(household),
        generated_on=today or dt.date.today(),
        members=tuple(_member(row) for row in found["members"]),
        state_history=state_changes(found["state_history"], language),
        # Oldest first: an archive reads as a story.
        visits=tuple(_visit(v, counts.get(v["id"], 0)) for v in reversed(found["visits"])),
        requests=tuple(
            _request(
                dict(r, head_name=household["head_name"], address=household["address"]),
                r.get("progress") or (),
            )
            for r in reversed(found["requests"])
        ),
        tickets=tuple(_ticket(t) for t in found["tickets"]),
        flats=tuple(_flat(f) for f in found["flats"]),
        attachments=tuple(_attachment(a) for a in attachments),
        generated_by=ws.author(),
    )


def _attachment_counts(ws: Workspace, record_ids: list[str]) -> dict[str, int]:
    if not record_ids:
        return {}

    def read(db: sqlite_utils.Database) -> dict[str, int]:
        found: dict[str, int] = {}
        for chunk in _chunks(record_ids):
            marks = ",".join("?" * len(chunk))
            for record_id, n in db.conn.execute(
                f"SELECT record_id, count(*) FROM attachments WHERE _deleted = 0"
                f" AND record_id IN ({marks}) GROUP BY record_id",
                chunk,
            ):
                found[str(record_id)] = int(n)
        return found

    return ws.read(read)


def _attachments_of(ws: Workspace, record_ids: list[str]) -> list[dict[str, Any]]:
    if not record_ids:
        return []

    def read(db: sqlite_utils.Database) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for chunk in _chunks(record_ids):
            marks = ",".join("?" * len(chunk))
            rows += db.query(
                f"SELECT * FROM attachments WHERE _deleted = 0 AND record_id IN ({marks})"
                " ORDER BY _created_hlc",
                chunk,
            )
        return rows

    return ws.read(read)


def _chunks(items: list[str], size: int = 500) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def project_household_ids(ws: Workspace, project_id: str) -> list[str]:
    """The live households of a project in address order (for filing a whole project)."""
    ws.get("project", project_id)
    return ws.read(
        lambda db: [
            str(row[0])
            for row in db.conn.execute(
                "SELECT id FROM households WHERE project_id = ? AND _deleted = 0"
                " ORDER BY address, id",
                (project_id,),
            )
        ]
    )


# ---------------------------------------------------------------------------------------------
# 入户走访记录表


def visit_sheet(ws: Workspace, visit_id: str, *, today: dt.date | None = None) -> m.VisitSheet:
    """One recorded visit laid out for signatures."""
    visit = ws.get("visit", visit_id)
    household = ws.get("household", visit["household_id"])
    project = ws.get("project", household["project_id"])
    counts = _attachment_counts(ws, [visit_id])
    return m.VisitSheet(
        generated_on=today or dt.date.today(),
        project=project_info(project),
        household=household_info(household),
        visit=_visit(visit, counts.get(visit_id, 0)),
    )


def household_visits(ws: Workspace, household_id: str) -> list[dict[str, Any]]:
    """A household's visits, newest first (for choosing which one to print)."""
    return ws.read(
        lambda db: list(
            db.query(
                "SELECT id, visited_on, caseworkers, people_met, attitude FROM visits"
                " WHERE household_id = ? AND _deleted = 0"
                " ORDER BY visited_on DESC, _created_hlc DESC",
                [household_id],
            )
        )
    )


def blank_visit_sheet(
    ws: Workspace,
    *,
    household_id: str | None = None,
    project_id: str | None = None,
    today: dt.date | None = None,
) -> m.VisitSheet:
    """A sheet for a visit done on paper: empty, or with the household (and project) filled in."""
    day = today or dt.date.today()
    if household_id:
        household = ws.get("household", household_id)
        project = ws.get("project", household["project_id"])
        return m.VisitSheet(
            generated_on=day, project=project_info(project), household=household_info(household)
        )
    if project_id:
        return m.VisitSheet.blank(day, project_info(ws.get("project", project_id)))
    return m.VisitSheet.blank(day)


# ---------------------------------------------------------------------------------------------
# 诉求台账


@dataclass(frozen=True)
class RegisterFilter:
    """What the register lists: all filters optional; dates are the received date's range."""

    project_id: str | None = None
    sub_district: str | None = None
    status: str | None = None  # domain.choices.REQUEST_STATUSES code
    category: str | None = None
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    overdue_only: bool = False

    def request_filter(self, today: dt.date) -> RequestFilter:
        return RequestFilter(
            project_id=self.project_id,
            sub_district=self.sub_district,
            status=self.status,
            category=self.category,
            received_from=self.received_from,
            received_to=self.received_to,
            overdue_only=self.overdue_only,
            today=today,
        )


def request_register(
    ws: Workspace, flt: RegisterFilter | None = None, *, today: dt.date | None = None
) -> m.RequestRegister:
    """The filtered register; its closure figures are properties of the result."""
    flt = flt or RegisterFilter()
    day = today or dt.date.today()
    if flt.received_from and flt.received_to and flt.received_from > flt.received_to:
        raise UserError(
            "doc_dates_reversed",
            start=flt.received_from.isoformat(),
            end=flt.received_to.isoformat(),
        )
    project = ws.get("project", flt.project_id) if flt.project_id else None
    rows = _register_rows(ws, flt, day)
    return m.RequestRegister(
        scope_label=register_scope_label(ws, flt, project),
        as_of=day,
        rows=rows,
        filters=register_filters_text(flt, day),
        project=project_info(project) if project else None,
    )


def _register_rows(ws: Workspace, flt: RegisterFilter, day: dt.date) -> tuple[m.Request, ...]:
    rows = requests.register(ws, flt.request_filter(day), limit=10_000_000)
    if flt.overdue_only:
        # services.requests also counts a request closed late as overdue; the register's
        # overdue is "still open past its deadline", so keep the two consistent here.
        rows = [r for r in rows if r.get("status") != "closed"]
    # The register prints no progress entries, so they are not read.
    return tuple(_request(row) for row in rows)


def register_scope_label(
    ws: Workspace, flt: RegisterFilter, project: Mapping[str, Any] | None = None
) -> str:
    if project is not None:
        return str(project_info(project).label)
    if flt.sub_district:
        district = _district_of_sub(ws, flt.sub_district)
        return f"{district} {flt.sub_district}".strip()
    return zh("doc_scope_all")


def _district_of_sub(ws: Workspace, sub_district: str) -> str:
    found = ws.read(
        lambda db: db.conn.execute(
            "SELECT district FROM projects WHERE _deleted = 0 AND sub_district = ? LIMIT 1",
            (sub_district,),
        ).fetchone()
    )
    return str(found[0]) if found and found[0] else ""


def register_filters_text(flt: RegisterFilter, today: dt.date) -> str:
    """The filters in words, printed under the register's title."""
    everything = zh("doc_filter_all")
    status = REQUEST_STATUSES.label(flt.status) if flt.status else everything
    category = REQUEST_CATEGORIES.label(flt.category) if flt.category else everything
    if flt.received_from or flt.received_to:
        start = flt.received_from.isoformat() if flt.received_from else zh("doc_filter_earliest")
        end = flt.received_to.isoformat() if flt.received_to else today.isoformat()
        dates = zh("doc_filter_range", start=start, end=end)
    else:
        dates = everything
    parts = [
        zh("doc_filter_status", value=status),
        zh("doc_filter_category", value=category),
        zh("doc_filter_received", value=dates),
    ]
    if flt.overdue_only:
        parts.append(zh("doc_filter_overdue_only"))
    return "；".join(parts)


# ---------------------------------------------------------------------------------------------
# 调度周报


@dataclass(frozen=True)
class WeeklyTexts:
    """The three sections a person writes: 本周完成 / 下周计划 / 困难和需协调事项."""

    done: str = ""
    plan: str = ""
    difficulties: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"done": self.done, "plan": self.plan, "difficulties": self.difficulties}

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> WeeklyTexts:
        return cls(
            done=str(data.get("done") or ""),
            plan=str(data.get("plan") or ""),
            difficulties=str(data.get("difficulties") or ""),
        )

    @property
    def empty(self) -> bool:
        return not (self.done.strip() or self.plan.strip() or self.difficulties.strip())


def weekly_report(
    ws: Workspace,
    scope: Scope,
    week: str,
    texts: WeeklyTexts | None = None,
    *,
    today: dt.date | None = None,
    reviewed_by: str = "",
) -> m.WeeklyReport:
    """The week's figures for a project, a sub-district, a district or everything."""
    figures = dispatch_figures(ws, scope, week, today=today, language="zh")
    texts = texts or WeeklyTexts()
    year, number, _ = figures.week_start.isocalendar()

    def row(f: Any) -> m.ProjectFigures:
        return m.ProjectFigures.from_mapping(f.as_dict())

    return m.WeeklyReport(
        scope_label=scope_label_for_paper(ws, figures.scope_label),
        iso_year=year,
        iso_week=number,
        generated_on=today or dt.date.today(),
        rows=tuple(row(f) for f in figures.by_project),
        categories=tuple(
            m.CategoryCount(c.category, c.received, c.closed, c.overdue)
            for c in figures.requests_by_category
            if c.received
        ),
        sub_district_rows=tuple(row(f) for f in figures.by_sub_district),
        district_rows=tuple(row(f) for f in figures.by_district),
        total=replace(row(figures.totals), project_name=zh("report_grand_total")),
        done_this_week=texts.done.strip(),
        plan_next_week=texts.plan.strip(),
        difficulties=texts.difficulties.strip(),
        compiled_by=ws.author(),
        reviewed_by=reviewed_by,
        reporting_unit=reporting_unit(ws),
    )


def reporting_unit(ws: Workspace) -> str:
    """填报单位: the office this copy belongs to (the profile's district and sub-district),
    not the scope the figures cover."""
    profile = ws.profile()
    if profile is None:
        return ""
    parts = [profile.district, profile.sub_district]
    return " ".join(dict.fromkeys(p.strip() for p in parts if p and p.strip()))


def scope_label_for_paper(ws: Workspace, label: str) -> str:
    return label or zh("doc_scope_all")


# ---------------------------------------------------------------------------------------------
# 公示


def public_notice(
    ws: Workspace,
    project_id: str,
    *,
    today: dt.date | None = None,
    issuer: str | None = None,
    period_days: int = 15,
    signed_only: bool = False,
) -> m.PublicNotice:
    """The per-household compensation results of a project; the rows carry no personal numbers
    (NoticeRow has no such field)."""
    day = today or dt.date.today()
    project = ws.get("project", project_id)

    def read(db: sqlite_utils.Database) -> tuple[list[dict[str, Any]], dict[str, str]]:
        homes = list(
            db.query(
                "SELECT * FROM households WHERE project_id = ? AND _deleted = 0"
                " ORDER BY address, id",
                [project_id],
            )
        )
        resettlement: dict[str, str] = {}
        for flat in db.query(
            "SELECT f.* FROM flats f JOIN households h ON h.id = f.household_id"
            " WHERE h.project_id = ? AND f._deleted = 0 ORDER BY f.estate, f.building, f.number",
            [project_id],
        ):
            resettlement.setdefault(flat["household_id"], _flat(flat).label)
        for ticket in db.query(
            "SELECT t.household_id, t.number FROM house_tickets t JOIN households h"
            " ON h.id = t.household_id WHERE h.project_id = ? AND t._deleted = 0"
            " ORDER BY t.issued_on",
            [project_id],
        ):
            resettlement.setdefault(
                ticket["household_id"], zh("doc_notice_ticket", number=ticket["number"])
            )
        return homes, resettlement

    homes, resettlement = ws.read(read)
    # Numbers in addresses as numbers (1栋 < 3栋 < 16栋, 二号 < 十号), as people read them.
    homes.sort(key=lambda h: (natural_key(h.get("address")), h["id"]))
    rows = tuple(
        m.NoticeRow.from_household(household_info(h), resettlement=resettlement.get(h["id"], ""))
        for h in homes
        if not signed_only or h.get("signed_on")
    )
    return m.PublicNotice(
        project=project_info(project),
        issuer=issuer or zh("doc_notice_issuer", district=project.get("district") or ""),
        issued_on=day,
        rows=rows,
        period_start=day,
        period_end=day + dt.timedelta(days=period_days - 1),
        supervision=zh("doc_notice_supervision", district=project.get("district") or ""),
    )
