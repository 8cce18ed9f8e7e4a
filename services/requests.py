"""Requests (诉求): logging, progress entries, escalation and closing, and the register."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from domain.errors import Label, UserError
from services.sql import equal_filters
from services.workspace import Workspace
from storage.oplog import Draft

DEFAULT_DAYS_TO_DEADLINE = 15


@dataclass
class RequestFilter:
    project_id: str | None = None
    household_id: str | None = None
    sub_district: str | None = None
    status: str | None = None
    category: str | None = None
    overdue_only: bool = False
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    today: dt.date | None = None


def add_request(ws: Workspace, values: dict[str, Any]) -> str:
    values = dict(values)
    if values.get("household_id"):
        household = ws.get("household", ws.resolve_id("household", str(values["household_id"])))
        values["household_id"] = household["id"]
        values.setdefault("project_id", household["project_id"])
    received = values.get("received_on") or dt.date.today().isoformat()
    values["received_on"] = received
    values.setdefault("status", "open")
    values.setdefault("reasonable", "pending")
    values.setdefault("level", "sub_district")
    if not values.get("responsible"):
        values["responsible"] = ws.author()
    request_id, drafts = ws.create_drafts("request", values)
    if "deadline" not in drafts[0].value:
        start = dt.date.fromisoformat(drafts[0].value["received_on"])
        deadline = (start + dt.timedelta(days=DEFAULT_DAYS_TO_DEADLINE)).isoformat()
        drafts = [
            Draft("create", "request", request_id, None, drafts[0].value | {"deadline": deadline})
        ]
    ws.commit(drafts)
    return request_id


def add_progress(ws: Workspace, request_id: str, text: str, *, on: dt.date | None = None) -> str:
    request = ws.get("request", request_id)
    if request["status"] == "closed":
        raise UserError("request_already_closed")
    progress_id, drafts = ws.create_drafts(
        "request_progress",
        {"request_id": request_id, "noted_on": (on or dt.date.today()).isoformat(), "text": text},
    )
    if request["status"] == "open":
        drafts += ws.update_drafts("request", request_id, {"status": "in_progress"})
    ws.commit(drafts)
    return progress_id


def close_request(
    ws: Workspace,
    request_id: str,
    reply: str,
    *,
    on: dt.date | None = None,
    satisfaction: str | None = None,
) -> None:
    request = ws.get("request", request_id)
    if request["status"] == "closed":
        raise UserError("request_already_closed")
    if not reply.strip():
        raise UserError("required", field=Label("答复意见", "reply"))
    changes: dict[str, Any] = {
        "status": "closed",
        "reply": reply,
        "closed_on": (on or dt.date.today()).isoformat(),
    }
    if satisfaction:
        changes["satisfaction"] = satisfaction
    ws.commit(ws.update_drafts("request", request_id, changes))


def is_overdue(row: dict[str, Any], today: dt.date) -> bool:
    """Still open past its deadline. A request closed after its deadline is not overdue: it is
    closed late (超期办结, `closed_late`), shown as such and counted apart."""
    deadline = row.get("deadline")
    if not deadline or row.get("status") == "closed":
        return False
    return str(deadline) < today.isoformat()


def closed_late(row: dict[str, Any]) -> bool:
    """超期办结: closed, but after its deadline."""
    deadline, closed_on = row.get("deadline"), row.get("closed_on")
    return (
        row.get("status") == "closed"
        and bool(deadline)
        and bool(closed_on)
        and str(closed_on) > str(deadline)
    )


def register(ws: Workspace, flt: RequestFilter, *, limit: int = 100_000) -> list[dict[str, Any]]:
    """The request register (诉求台账): rows with household and project, and an overdue flag."""
    today = flt.today or dt.date.today()

    def read(db: sqlite_utils.Database) -> list[dict[str, Any]]:
        sql = (
            "SELECT r.*, h.address, h.head_name, p.name AS project_name, p.sub_district"
            " AS project_sub_district, p.district AS project_district"
            " FROM requests r LEFT JOIN households h ON h.id = r.household_id"
            " LEFT JOIN projects p ON p.id = r.project_id WHERE r._deleted = 0"
            # a deleted (注销) household's requests leave the register with it
            " AND (r.household_id IS NULL OR h._deleted = 0)"
        )
        where, args = equal_filters(
            ("r.project_id", flt.project_id),
            ("r.household_id", flt.household_id),
            ("p.sub_district", flt.sub_district),
            ("r.status", flt.status),
            ("r.category", flt.category),
        )
        sql += where
        if flt.received_from:
            sql += " AND r.received_on >= ?"
            args.append(flt.received_from.isoformat())
        if flt.received_to:
            sql += " AND r.received_on <= ?"
            args.append(flt.received_to.isoformat())
        sql += " ORDER BY r.received_on DESC, r._created_hlc DESC LIMIT ?"
        rows = list(db.query(sql, [*args, limit]))
        for row in rows:
            row["overdue"] = is_overdue(row, today)
            row["closed_late"] = closed_late(row)
        return [row for row in rows if row["overdue"]] if flt.overdue_only else rows

    return ws.read(read)
