"""Visits (走访): recording one, with today and me as defaults, and listing them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlite_utils

from services.workspace import Workspace


def add_visit(ws: Workspace, household_id: str, values: dict[str, Any]) -> str:
    """Record a visit; an attitude observed becomes the household's attitude in the same commit."""
    household = ws.get("household", household_id)
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


def visits_between(
    ws: Workspace,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    project_id: str | None = None,
    limit: int = 1000,
) -> list[dict[str, Any]]:
    def read(db: sqlite_utils.Database) -> list[dict[str, Any]]:
        sql = (
            "SELECT v.*, h.address, h.head_name, h.project_id FROM visits v"
            " JOIN households h ON h.id = v.household_id WHERE v._deleted = 0"
        )
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
        sql += " ORDER BY v.visited_on DESC, v._created_hlc DESC LIMIT ?"
        return list(db.query(sql, [*args, limit]))

    return ws.read(read)
