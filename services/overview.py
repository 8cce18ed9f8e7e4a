"""Read-only overviews for the command line: a project found by its code, and the figures of
`stats` (how many of each record, households by state, requests by status and overdue)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlite_utils

from domain.records import ENTITIES
from services.workspace import Workspace
from storage import oplog


def project_ids_by_code(ws: Workspace, code: str) -> list[str]:
    def read(db: sqlite_utils.Database) -> list[str]:
        rows = db.conn.execute(
            "SELECT id FROM projects WHERE code = ? AND _deleted = 0 ORDER BY id LIMIT 2", (code,)
        )
        return [str(row[0]) for row in rows]

    return ws.read(read)


def stats(ws: Workspace, *, today: dt.date | None = None) -> dict[str, Any]:
    """Counts of every kind of record, households by state, requests by status and overdue,
    open conflicts, and the size of the op log."""
    day = (today or dt.date.today()).isoformat()

    def read(db: sqlite_utils.Database) -> dict[str, Any]:
        conn = db.conn

        def scalar(sql: str, *args: Any) -> int:
            return int(conn.execute(sql, args).fetchone()[0] or 0)

        records = {
            name: scalar(f"SELECT count(*) FROM {spec.table} WHERE _deleted = 0")
            for name, spec in ENTITIES.items()
            if name != "setting"
        }
        by_state = {
            str(state): int(n)
            for state, n in conn.execute(
                "SELECT state, count(*) FROM households WHERE _deleted = 0"
                " GROUP BY state ORDER BY state"
            )
        }
        by_status = {
            str(status): int(n)
            for status, n in conn.execute(
                "SELECT coalesce(status, 'open'), count(*) FROM requests WHERE _deleted = 0"
                " GROUP BY 1 ORDER BY 1"
            )
        }
        return {
            "records": records,
            "households_by_state": by_state,
            "requests_by_status": by_status,
            "requests_overdue": scalar(
                "SELECT count(*) FROM requests WHERE _deleted = 0"
                " AND coalesce(status, 'open') != 'closed' AND deadline < ?",
                day,
            ),
            "visits_due": scalar(
                "SELECT count(*) FROM household_summary s JOIN households h"
                " ON h.id = s.household_id AND h._deleted = 0 WHERE s.next_visit_due < ?",
                day,
            ),
            "conflicts": scalar("SELECT count(*) FROM conflicts"),
            "ops": oplog.op_count(db.conn),
            "devices": oplog.device_count(db.conn),
        }

    return ws.read(read)
