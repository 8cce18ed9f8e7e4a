"""The building grid (楼盘表) of a project, for the GUI page, the printed grid and the weekly
report: reads the project's households, decides each one's colour group and overdue-visit mark,
and hands them to domain.building_grid to arrange.

- Colour group: 已交房 / 已腾空 / 已签约 by services.figures.reached_milestone (the same rule as
  the dispatch figures, so a building's "签约 x / y" adds up to the dashboard's signed count);
  everything before signing, and no agreement with what follows it, is 未签约.
- Overdue visit: the latest visit's next-visit date is before today and compensation is not
  complete (the rule of the today list, services.today).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

import sqlite_utils

from domain.address_parse import parse_placement
from domain.building_grid import GridHousehold, ProjectGrid, arrange
from domain.errors import UserError
from services.figures import reached_milestone
from services.workspace import Workspace

_COLUMNS = (
    "h.id, h.head_name, h.enterprise_name, h.address, h.building, h.unit, h.room, h.state,"
    " h.attitude, h.caseworker, h.signed_on, h.vacated_on, h.handed_over_on, s.next_visit_due"
)


def group_of(row: dict[str, Any]) -> str:
    """The colour group of a household row (state and milestone dates)."""
    dated = tuple(bool(row.get(name)) for name in _DATES)
    return _group(row.get("state"), dated)


_DATES = ("signed_on", "vacated_on", "handed_over_on")


@lru_cache(maxsize=512)
def _group(state: str | None, dated: tuple[bool, ...]) -> str:
    """By state and which milestone dates are recorded: all reached_milestone looks at when no
    as-of date is given (stored dates are ISO dates, so "recorded" is "present")."""
    row: dict[str, Any] = {"state": state}
    for name, on in zip(_DATES, dated, strict=True):
        row[name] = "2000-01-01" if on else None
    for milestone in ("handed_over", "vacated", "signed"):
        if reached_milestone(row, milestone):
            return milestone
    return "unsigned"


def is_overdue(row: dict[str, Any], today: dt.date) -> bool:
    due = row.get("next_visit_due")
    return bool(due) and str(due)[:10] < today.isoformat() and row.get("state") != "completed"


def household_of(row: dict[str, Any], today: dt.date) -> GridHousehold:
    return GridHousehold(
        id=row["id"],
        name=row.get("enterprise_name") or row.get("head_name") or "",
        address=row.get("address") or "",
        group=group_of(row),
        state=row.get("state"),
        attitude=row.get("attitude"),
        overdue=is_overdue(row, today),
        next_visit_due=row.get("next_visit_due"),
        caseworker=row.get("caseworker"),
        placement=parse_placement(row["building"], row["unit"], row["room"], row["address"]),
    )


def project_grid(ws: Workspace, project_id: str, *, today: dt.date | None = None) -> ProjectGrid:
    """The grid of one project (its live households); refuses a project that does not exist."""
    day = today or dt.date.today()

    def read(db: sqlite_utils.Database) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
        project = next(
            iter(
                db.query(
                    "SELECT id, code, name FROM projects WHERE id = ? AND _deleted = 0",
                    [project_id],
                )
            ),
            None,
        )
        cursor = db.conn.execute(
            f"SELECT {_COLUMNS} FROM households h"
            " LEFT JOIN household_summary s ON s.household_id = h.id"
            " WHERE h.project_id = ? AND h._deleted = 0",
            [project_id],
        )
        names = [d[0] for d in cursor.description]
        return project, [dict(zip(names, values, strict=True)) for values in cursor]

    project, rows = ws.read(read)
    if project is None:
        raise UserError("project_not_found", project=project_id)
    return arrange(
        project["id"],
        project["code"] or "",
        project["name"] or "",
        (household_of(row, day) for row in rows),
        day,
    )


def grid_projects(ws: Workspace) -> list[dict[str, Any]]:
    """The projects to choose from: id, code, name and live household count, by code."""
    return ws.read(
        lambda db: list(
            db.query(
                "SELECT p.id, p.code, p.name, p.district, p.sub_district,"
                " (SELECT count(*) FROM households h WHERE h.project_id = p.id"
                "  AND h._deleted = 0) AS households"
                " FROM projects p WHERE p._deleted = 0 ORDER BY p.code, p.id"
            )
        )
    )


def grids_of(
    ws: Workspace, project_codes: list[str], *, today: dt.date | None = None
) -> list[ProjectGrid]:
    """The grids of these projects (by code, in that order; unknown codes left out)."""
    by_code = {p["code"]: p["id"] for p in grid_projects(ws)}
    return [
        project_grid(ws, by_code[code], today=today) for code in project_codes if code in by_code
    ]
