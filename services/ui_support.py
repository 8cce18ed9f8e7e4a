"""Small read-only queries the GUI needs and no other service offers yet: the project list with
household counts, names for devices in change history, and a household's whole change history
(its own record and its members')."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlite_utils

from domain.errors import UserError
from services.workspace import HistoryEntry, Workspace


def list_projects(ws: Workspace) -> list[dict[str, Any]]:
    """Live projects with their household, signed and open-request counts, newest plan first."""

    def read(db: sqlite_utils.Database) -> list[dict[str, Any]]:
        return list(
            db.query(
                "SELECT p.*,"
                " (SELECT count(*) FROM households h WHERE h.project_id = p.id"
                "  AND h._deleted = 0) AS household_count,"
                " (SELECT count(*) FROM households h WHERE h.project_id = p.id"
                "  AND h._deleted = 0 AND h.signed_on IS NOT NULL) AS signed_count,"
                " (SELECT count(*) FROM requests r WHERE r.project_id = p.id"
                "  AND r._deleted = 0 AND r.status != 'closed') AS open_requests"
                " FROM projects p WHERE p._deleted = 0"
                " ORDER BY p.plan_year DESC, p.code"
            )
        )

    return ws.read(read)


def device_names(ws: Workspace) -> dict[str, str]:
    """Device id → a name a person recognises: this laptop's profile name; others by short id
    until sync records their names."""
    profile = ws.profile()
    own = ws.device_id()
    return {own: profile.device_name if profile else own[-8:]}


def household_history(ws: Workspace, household_id: str) -> list[tuple[str, HistoryEntry]]:
    """Every change of a household and of its members, oldest first, as (entity, entry)."""

    def member_ids(db: sqlite_utils.Database) -> list[str]:
        return [
            row["id"]
            for row in db.query("SELECT id FROM members WHERE household_id = ?", [household_id])
        ]

    entries = [("household", entry) for entry in ws.history(household_id)]
    for member_id in ws.read(member_ids):
        entries += [("member", entry) for entry in ws.history(member_id)]
    entries.sort(key=lambda pair: (pair[1].hlc, pair[1].op_id))
    return entries


def escalate_request(ws: Workspace, request_id: str) -> None:
    """Hand a request up to the district (status 已上报, level 区)."""
    request = ws.get("request", request_id)
    if request["status"] == "closed":
        raise UserError("request_already_closed")
    ws.update("request", request_id, {"status": "escalated", "level": "district"})


def request_progress(ws: Workspace, request_id: str) -> list[dict[str, Any]]:
    return ws.read(
        lambda db: list(
            db.query(
                "SELECT * FROM request_progress WHERE request_id = ? AND _deleted = 0"
                " ORDER BY noted_on, _created_hlc",
                [request_id],
            )
        )
    )


def overdue_request_count(ws: Workspace, today: dt.date | None = None) -> int:
    """Requests still open past their deadline: the register's red rows, counted in SQL."""
    day = (today or dt.date.today()).isoformat()
    return ws.read(
        lambda db: int(
            db.conn.execute(
                "SELECT count(*) FROM requests r WHERE r._deleted = 0 AND r.status != 'closed'"
                " AND r.deadline IS NOT NULL AND r.deadline < ? AND (r.household_id IS NULL"
                " OR EXISTS (SELECT 1 FROM households h WHERE h.id = r.household_id"
                " AND h._deleted = 0))",
                (day,),
            ).fetchone()[0]
        )
    )
