"""Visits (走访): recording one (today and me by default; an empty visit is refused), correcting
one (ordinary field edits through the op log, so the history keeps every old value), voiding one
(作废: a tombstone plus an audit event with the reason, so it stays in the history but leaves the
counts, the last-visit date and the next-visit due date, which the list index recomputes), and
listing them."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlite_utils

from domain.errors import Label, UserError
from services.workspace import Workspace
from storage import opstore
from storage.oplog import Draft

# A visit says something when at least one of these holds a value.
CONTENT_FIELDS = ("explained", "concerns", "attitude", "next_step")
VOID_EVENT = "void"
VOID = Label("作废", "voiding the visit")


def _has_content(values: dict[str, Any]) -> bool:
    return any(str(values.get(name) or "").strip() for name in CONTENT_FIELDS)


def add_visit(ws: Workspace, household_id: str, values: dict[str, Any]) -> str:
    """Record a visit; an attitude observed becomes the household's attitude in the same commit."""
    household = ws.get("household", household_id)
    if not _has_content(values):
        raise UserError("visit_empty")
    values = dict(values, household_id=household_id)
    if not values.get("visited_on"):
        values["visited_on"] = dt.date.today().isoformat()
    if not values.get("caseworkers"):
        values["caseworkers"] = ws.author()
    visit_id, drafts = ws.create_drafts("visit", values)
    attitude = drafts[0].value.get("attitude")
    if attitude and attitude != household.get("attitude"):
        drafts += ws.update_drafts("household", household_id, {"attitude": attitude})
    ws.commit(drafts)
    return visit_id


def household_heading(ws: Workspace, household_id: str) -> dict[str, str]:
    """What the visit form names its household by: head, address, last 4 characters of the ID
    number (enough to tell two 张伟 apart at the door, too little to identify anyone)."""
    row = ws.get("household", household_id)
    id_number = str(row.get("head_id_number") or "")
    return {
        "head_name": str(row.get("head_name") or ""),
        "address": str(row.get("address") or ""),
        "id_last4": id_number[-4:] if len(id_number) >= 4 else "",
    }


def update_visit(ws: Workspace, visit_id: str, values: dict[str, Any]) -> int:
    """Correct a visit: each changed field is a `set` op (the history keeps the old value). The
    household's list index (last visit, next due) is refreshed in the same transaction. Returns
    how many fields changed."""
    current = ws.get("visit", visit_id, include_deleted=True)
    if current["_deleted"]:
        raise UserError("visit_voided")
    values = {k: v for k, v in values.items() if k != "household_id"}
    drafts = ws.update_drafts("visit", visit_id, values)
    after = dict(current)
    for draft in drafts:
        after[draft.field or ""] = draft.value
    if not _has_content(after):
        raise UserError("visit_empty")
    if drafts:
        ws.commit(drafts)
    return len(drafts)


def void_visit(ws: Workspace, visit_id: str, reason: str) -> None:
    """作废: the visit stays in the op log and the household's history, with who, when and why."""
    reason = (reason or "").strip()
    if not reason:
        raise UserError("reason_required", action=VOID)
    if len(reason) > 4000:
        raise UserError("too_long", field=Label("原因", "reason"), limit=4000)
    visit = ws.get("visit", visit_id, include_deleted=True)
    if visit["_deleted"]:
        raise UserError("visit_voided")
    ws.commit(
        [
            Draft("event", "visit", visit_id, VOID_EVENT, {"reason": reason}),
            Draft("delete", "visit", visit_id, "_deleted", True),
        ]
    )


def list_visits(ws: Workspace, household_id: str) -> list[dict[str, Any]]:
    """Every visit of a household, newest first, voided ones included with `void_reason`."""
    ws.get("household", household_id, include_deleted=True)

    def read(db: sqlite_utils.Database) -> list[dict[str, Any]]:
        rows = list(
            db.query(
                "SELECT * FROM visits WHERE household_id = ?"
                " ORDER BY visited_on DESC, _created_hlc DESC",
                [household_id],
            )
        )
        reasons = void_reasons(db, [row["id"] for row in rows if row["_deleted"]])
        for row in rows:
            row["void_reason"] = reasons.get(row["id"]) if row["_deleted"] else None
        return rows

    return ws.read(read)


def void_reasons(db: sqlite_utils.Database, visit_ids: list[str]) -> dict[str, str]:
    """The latest void reason of each of these visits."""
    found: dict[str, str] = {}
    for start in range(0, len(visit_ids), 500):
        chunk = visit_ids[start : start + 500]
        marks = opstore.key_marks(len(chunk))
        for entity_id, value in db.conn.execute(
            f"SELECT entity_id, value_json FROM ops WHERE {opstore.EVENTS} AND field = ?"
            f" AND entity_key IN ({marks}) ORDER BY hlc",
            [VOID_EVENT, *chunk],
        ):
            found[entity_id] = str(json.loads(value).get("reason") or "")
    return found


VISIT_SORTS = {  # visits page column -> SQL order (a tie-break on the clock keeps pages stable)
    "visited_on": "v.visited_on",
    "caseworkers": "v.caseworkers",
    "people_met": "v.people_met",
    "attitude": "v.attitude",
    "next_visit_due": "v.next_visit_due",
    "head_name": "h.head_name",
    "address": "h.address",
}


def _between_where(
    start: dt.date | None, end: dt.date | None, project_id: str | None
) -> tuple[str, list[Any]]:
    sql = " WHERE v._deleted = 0 AND h._deleted = 0"
    args: list[Any] = []
    if start:
        sql += " AND v.visited_on >= ?"
        args.append(start.isoformat())
    if end:
        sql += " AND v.visited_on <= ?"
        args.append(end.isoformat())
    if project_id:
        sql += " AND h.project_id = ?"
        args.append(project_id)
    return sql, args


def count_between(
    ws: Workspace,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    project_id: str | None = None,
) -> int:
    """How many visits the visits page lists for this period (the number beside the list)."""
    where, args = _between_where(start, end, project_id)
    sql = "SELECT count(*) FROM visits v JOIN households h ON h.id = v.household_id" + where
    return ws.read(lambda db: int(db.conn.execute(sql, args).fetchone()[0]))


def page_between(
    ws: Workspace,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    project_id: str | None = None,
    sort: str = "visited_on",
    descending: bool = True,
    offset: int = 0,
    limit: int = 500,
) -> list[dict[str, Any]]:
    """One page of the visits in a period, in the order asked for: the visits page fetches
    pages as it scrolls, so every visit of the period can be reached."""
    where, args = _between_where(start, end, project_id)
    column = VISIT_SORTS.get(sort, "v.visited_on")
    direction = "DESC" if descending else "ASC"
    sql = (
        "SELECT v.*, h.address, h.head_name, h.project_id FROM visits v"
        " JOIN households h ON h.id = v.household_id"
        f"{where} ORDER BY {column} {direction}, v._created_hlc {direction}, v.id {direction}"
        " LIMIT ? OFFSET ?"
    )
    return ws.read(lambda db: list(db.query(sql, [*args, limit, offset])))


def visits_between(
    ws: Workspace,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    project_id: str | None = None,
    limit: int = 1000,
) -> list[dict[str, Any]]:
    """The visits of a period, newest first: the first page the visits page shows."""
    return page_between(ws, start, end, project_id=project_id, limit=limit)
