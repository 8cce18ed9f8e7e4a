"""Projects as one list across districts (一盘棋): priority ranking with district-set weights,
the statutory warnings of each project, and the shared settings both rest on.

Shared settings are `setting` records whose value is {"key": ..., "value": ...}: they travel
in bundles like every record, so every laptop ranks projects and prices ticket bonuses the same
way. When two laptops created the same key independently, the record created last (greatest
creation clock, then id) is the setting; edits of that record conflict and are reviewed like any
other field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import sqlite_utils

from domain import i18n, priority, statutory
from domain.errors import UserError
from domain.priority import PriorityInputs, Weights
from domain.statutory import StageDates, StatutoryWarning
from services import figures
from services.workspace import Workspace

PRIORITY_WEIGHTS = "priority_weights"


# shared settings ---------------------------------------------------------------------------
def setting_row(db: sqlite_utils.Database, key: str) -> dict[str, Any] | None:
    """The shared-setting record holding `key`: the newest by creation clock, then id."""
    rows = list(
        db.query(
            "SELECT * FROM settings WHERE _deleted = 0 AND json_valid(value)"
            " AND json_extract(value, '$.key') = ? ORDER BY _created_hlc DESC, id DESC LIMIT 1",
            [key],
        )
    )
    return rows[0] if rows else None


def shared_setting(ws: Workspace, key: str) -> Any:
    """The value of a shared setting, or None when nobody has set it."""
    row = ws.read(lambda db: setting_row(db, key))
    if row is None:
        return None
    found = figures.json_value(row["value"])
    return found.get("value") if isinstance(found, dict) else None


def set_shared_setting(ws: Workspace, key: str, value: Any) -> str:
    """Create or change a shared setting; returns its record id."""
    row = ws.read(lambda db: setting_row(db, key))
    payload = {"key": key, "value": value}
    if row is None:
        return ws.create("setting", {"value": payload})
    ws.update("setting", row["id"], {"value": payload})
    return str(row["id"])


# priority ------------------------------------------------------------------------------------
def priority_weights(ws: Workspace) -> Weights:
    """The district's weights; the defaults when none are set or the stored ones are unusable
    (set_priority_weights refuses bad weights, so those can only come from a damaged record)."""
    stored = shared_setting(ws, PRIORITY_WEIGHTS)
    try:
        return Weights.from_dict(stored if isinstance(stored, dict) else None)
    except UserError:
        return Weights()


def set_priority_weights(ws: Workspace, weights: Weights) -> None:
    set_shared_setting(ws, PRIORITY_WEIGHTS, weights.as_dict())


@dataclass(frozen=True)
class Formula:
    text: str  # "优先级 = 100 × (0.35×紧迫 + …)"
    definitions: list[str]  # one line per term
    weights: Weights


def priority_formula(ws: Workspace, language: str | None = None) -> Formula:
    weights = priority_weights(ws)
    lang = language or i18n.language()
    return Formula(
        priority.formula_text(weights, lang), priority.definitions_text(weights, lang), weights
    )


@dataclass(frozen=True)
class RankedProject:
    rank: int  # 1 = highest priority
    id: str
    code: str
    name: str
    district: str
    sub_district: str
    kind: str | None
    origin: str | None  # stock | new
    stage: str | None
    plan_year: int | None
    archived: bool
    households: int  # planned households, or the households recorded when none are planned
    households_recorded: int
    unsigned: int
    inputs: PriorityInputs
    priority: priority.Priority
    warnings: list[StatutoryWarning] = field(default_factory=list)
    # The funding need by estimate (services.estimates), when the project has a policy in force:
    # it replaces the typed 所需资金 in the funding match, and is shown labelled as an estimate.
    funding_estimated: Decimal | None = None

    @property
    def score(self) -> float:
        return self.priority.score


@dataclass(frozen=True)
class _Counts:
    total: int = 0
    unsigned: int = 0
    not_vacated: int = 0


def _household_counts(db: sqlite_utils.Database) -> dict[str, _Counts]:
    found: dict[str, list[int]] = {}
    rows = db.conn.execute(
        "SELECT project_id, state, vacated_on IS NOT NULL, count(*) FROM households"
        " WHERE _deleted = 0 GROUP BY project_id, state, vacated_on IS NOT NULL"
    )
    for project_id, state, has_vacated, n in rows:
        counts = found.setdefault(project_id, [0, 0, 0])
        row = {"state": state, "vacated_on": "x" if has_vacated else None}
        counts[0] += n
        if not figures.reached_milestone(row, "signed"):
            counts[1] += n
        if not figures.reached_milestone(row, "vacated"):
            counts[2] += n
    return {pid: _Counts(*values) for pid, values in found.items()}


def _inputs(row: dict[str, Any], households: int) -> PriorityInputs:
    return PriorityInputs(
        urgency=row.get("urgency"),
        benefit=row.get("benefit"),
        funding_needed=row.get("funding_needed"),
        funding_secured=row.get("funding_secured"),
        households=households,
        area_mu=row.get("area_mu") if row.get("area_mu") is not None else _mu(row.get("area_m2")),
    )


def _mu(area_m2: float | None) -> float | None:
    return None if area_m2 is None else area_m2 / 666.67


def project_warnings(
    row: dict[str, Any],
    *,
    today: dt.date,
    unsigned: int,
    not_vacated: int,
    signing_days: int = 30,
) -> list[StatutoryWarning]:
    return statutory.check(
        StageDates.from_row(row),
        today=today,
        unsigned=unsigned,
        not_vacated=not_vacated,
        signing_days=signing_days,
    )


def statutory_warnings(
    ws: Workspace, project_id: str, *, today: dt.date | None = None, signing_days: int = 30
) -> list[StatutoryWarning]:
    """The statutory warnings of one project on `today` (errors first)."""
    row = ws.get("project", project_id)
    counts = ws.read(_household_counts).get(row["id"], _Counts())
    return project_warnings(
        row,
        today=today or dt.date.today(),
        unsigned=counts.unsigned,
        not_vacated=counts.not_vacated,
        signing_days=signing_days,
    )


def ranked_projects(
    ws: Workspace,
    *,
    district: str | None = None,
    sub_district: str | None = None,
    plan_year: int | None = None,
    origin: str | None = None,
    include_archived: bool = False,
    today: dt.date | None = None,
    estimated: Mapping[str, Decimal] | None = None,
) -> list[RankedProject]:
    """Every project (of both districts unless one is chosen), highest priority first; ties by
    code. Archived projects (archived_on set) are left out unless asked for.

    `estimated` (project id → yuan, from services.estimates.estimated_totals) replaces a
    project's typed 所需资金 in the funding match."""
    weights = priority_weights(ws)
    day = today or dt.date.today()

    def read(db: sqlite_utils.Database) -> tuple[list[dict[str, Any]], dict[str, _Counts]]:
        sql = "SELECT * FROM projects WHERE _deleted = 0"
        args: list[Any] = []
        for column, value in (
            ("district", district),
            ("sub_district", sub_district),
            ("plan_year", plan_year),
            ("origin", origin),
        ):
            if value is not None:
                sql += f" AND {column} = ?"
                args.append(value)
        if not include_archived:
            sql += " AND archived_on IS NULL"
        return list(db.query(sql, args)), _household_counts(db)

    rows, counts = ws.read(read)
    scored = []
    for row in rows:
        count = counts.get(row["id"], _Counts())
        households = row["households_planned"] if row.get("households_planned") else count.total
        if estimated and row["id"] in estimated:
            row = row | {"funding_needed": float(estimated[row["id"]])}
        inputs = _inputs(row, households)
        scored.append((row, count, households, inputs, priority.score(inputs, weights)))
    scored.sort(key=lambda item: (-item[4].score, item[0]["code"] or "", item[0]["id"]))
    return [
        RankedProject(
            rank=index + 1,
            id=row["id"],
            code=row["code"],
            name=row["name"],
            district=row["district"],
            sub_district=row["sub_district"],
            kind=row.get("kind"),
            origin=row.get("origin"),
            stage=row.get("stage"),
            plan_year=row.get("plan_year"),
            archived=row.get("archived_on") is not None,
            households=households,
            households_recorded=count.total,
            unsigned=count.unsigned,
            inputs=inputs,
            priority=result,
            warnings=project_warnings(
                row, today=day, unsigned=count.unsigned, not_vacated=count.not_vacated
            ),
            funding_estimated=(estimated or {}).get(row["id"]),
        )
        for index, (row, count, households, inputs, result) in enumerate(scored)
    ]


def create_project(ws: Workspace, values: dict[str, Any]) -> str:
    """A project; its sub-district and district default to this laptop's profile."""
    values = dict(values)
    profile = ws.profile()
    if profile is not None:
        values.setdefault("district", profile.district)
        values.setdefault("sub_district", profile.sub_district)
    if values.get("area_mu") is not None and values.get("area_m2") is None:
        values["area_m2"] = round(float(values["area_mu"]) * 666.67, 2)
    return ws.create("project", values)
