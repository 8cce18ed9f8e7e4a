"""Estimates (补偿测算): one household under a policy, the three options side by side; setting
the household's 补偿金额 from a chosen option; and the estimated total of every project.

The arithmetic is domain.compensation; this module gathers the household's inputs:
- area: 实测面积, else 登记面积 (the sheet says which);
- use: 住宅 / 非住宅 from 批准用途 (else 实际用途, else the project's kind);
- assessed price, assessed value and decoration grade: the household's valuation fields;
- the flat: the resettlement flat allocated to the household (its area and delivery date);
- the signing date the date tiers look at: signed_on when signed, else the day the estimate
  supposes (`sign_on`, default today).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import sqlite_utils

from domain import compensation as comp
from domain.compensation import Estimate, Inputs, OptionEstimate
from domain.errors import UserError, text
from services import policies
from services.policies import PolicyRow
from services.workspace import Workspace

MODE_TO_OPTION = {"money": "money", "ticket": "ticket", "swap": "exchange"}
OPTION_TO_MODE = {v: k for k, v in MODE_TO_OPTION.items()}


@dataclass(frozen=True)
class HouseholdEstimate:
    household_id: str
    head_name: str
    address: str
    project_id: str
    project_name: str
    state: str | None
    policy_id: str
    policy_name: str
    policy_version: int
    as_of: dt.date
    inputs: Inputs
    area_source: str  # "measured" | "registered" | ""
    flat_label: str
    estimate: Estimate
    compensation_amount: Decimal | None  # what the household carries now (typed or applied)
    chosen_option: str | None  # from the household's 补偿方式
    signed: bool = False  # the date tiers look at the household's own signing date

    @property
    def options(self) -> dict[str, OptionEstimate]:
        return self.estimate.options

    def missing_sentences(self, language: str | None = None) -> list[str]:
        return [text(m.code, language, **m.params()) for m in self.estimate.missing]


def option_code(value: str) -> str:
    code = (value or "").strip().lower()
    aliases = {"swap": "exchange", "货币补偿": "money", "房票": "ticket", "产权调换": "exchange"}
    code = aliases.get(code, code)
    if code not in comp.OPTIONS:
        raise UserError("policy_bad_option", option=value)
    return code


def _decimal(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    return Decimal(str(value))


def _flat_of(db: sqlite_utils.Database, household_id: str) -> dict[str, Any] | None:
    rows = list(
        db.query(
            "SELECT * FROM flats WHERE household_id = ? AND _deleted = 0"
            " AND (state IS NULL OR state != 'temporary') ORDER BY _created_hlc DESC LIMIT 1",
            [household_id],
        )
    )
    return rows[0] if rows else None


def inputs_of(
    household: dict[str, Any],
    project: dict[str, Any] | None,
    flat: dict[str, Any] | None,
    *,
    sign_on: dt.date,
) -> tuple[Inputs, str]:
    """The estimate inputs of a household row; also which area was used."""
    measured, registered = household.get("measured_area"), household.get("registered_area")
    if measured not in (None, ""):
        area, source, label = _decimal(measured), "measured", "实测面积"
    elif registered not in (None, ""):
        area, source, label = _decimal(registered), "registered", "登记面积"
    else:
        area, source, label = None, "", "建筑面积"
    use = comp.use_of(
        household.get("approved_use") or household.get("actual_use"),
        (project or {}).get("kind"),
    )
    signed = household.get("signed_on")
    day = dt.date.fromisoformat(signed) if signed else sign_on
    delivery = (flat or {}).get("delivery_date")
    inputs = Inputs(
        area_m2=area,
        use=use,
        sign_on=day,
        assessed_price=_decimal(household.get("assessed_price")),
        assessed_value=_decimal(household.get("assessed_value")),
        grade=household.get("decoration_grade") or None,
        flat_area=_decimal((flat or {}).get("area")),
        flat_delivery=dt.date.fromisoformat(delivery) if delivery else None,
        area_label=label,
    )
    return inputs, source


def _flat_label(flat: dict[str, Any] | None) -> str:
    if not flat:
        return ""
    from services.flats import flat_label

    return flat_label(flat)


def estimate_household(
    ws: Workspace,
    household_id: str,
    *,
    policy_id: str | None = None,
    sign_on: dt.date | None = None,
    options: Iterable[str] = comp.OPTIONS,
    version: int | None = None,
    language: str = "zh",
) -> HouseholdEstimate:
    """The household's estimate under `policy_id` (default: its project's policy in force), at
    its current version or at an earlier `version` (to reproduce what was printed then)."""
    household = ws.get("household", household_id)
    policy = (
        policies.get_policy(ws, policy_id)
        if policy_id
        else policies.policy_for_project(ws, household["project_id"])
    )
    if version is not None and version != policy.version:
        policy = policies.policy_at_version(ws, policy.id, version)
    day = sign_on or dt.date.today()

    def read(db: sqlite_utils.Database) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        rows = list(db.query("SELECT * FROM projects WHERE id = ?", [household["project_id"]]))
        return (rows[0] if rows else None), _flat_of(db, household_id)

    project, flat = ws.read(read)
    return estimate_rows(household, project, flat, policy, day, options, language=language)


def estimate_rows(
    household: dict[str, Any],
    project: dict[str, Any] | None,
    flat: dict[str, Any] | None,
    policy: PolicyRow,
    day: dt.date,
    options: Iterable[str] = comp.OPTIONS,
    *,
    formulas: bool = True,
    language: str = "zh",
) -> HouseholdEstimate:
    """The estimate of a household from rows already read (a project's households at once)."""
    inputs, source = inputs_of(household, project, flat, sign_on=day)
    return HouseholdEstimate(
        household_id=household["id"],
        head_name=household.get("enterprise_name") or household.get("head_name") or "",
        address=household.get("address") or "",
        project_id=household["project_id"],
        project_name=(project or {}).get("name") or "",
        state=household.get("state"),
        policy_id=policy.id,
        policy_name=policy.name,
        policy_version=policy.version,
        as_of=day,
        inputs=inputs,
        area_source=source,
        flat_label=_flat_label(flat),
        estimate=comp.estimate(
            policy.policy, inputs, options, formulas=formulas, language=language
        ),
        compensation_amount=_decimal(household.get("compensation_amount")),
        chosen_option=MODE_TO_OPTION.get(household.get("compensation_mode") or ""),
        signed=bool(household.get("signed_on")),
    )


def apply_option(
    ws: Workspace,
    household_id: str,
    option: str,
    *,
    policy_id: str | None = None,
    sign_on: dt.date | None = None,
) -> Decimal:
    """Set the household's 补偿金额 to the option's total: an ordinary edit (in its history),
    plus an audit event naming the policy, its version and the option."""
    code = option_code(option)
    found = estimate_household(ws, household_id, policy_id=policy_id, sign_on=sign_on)
    total = found.options[code].total_fen
    if total is None:
        raise UserError("est_incomplete")
    amount = Decimal(total) / 100
    ws.update("household", household_id, {"compensation_amount": str(amount)})
    ws.record_event(
        "estimate_applied",
        "household",
        household_id,
        policy=found.policy_id,
        policy_name=found.policy_name,
        version=found.policy_version,
        option=code,
        total_fen=total,
        sign_on=found.inputs.sign_on.isoformat(),
    )
    return amount


def to_json(found: HouseholdEstimate, options: Iterable[str] | None = None) -> dict[str, Any]:
    """The estimate for --json: fen as integers, yuan as exact strings, formulas as shown."""
    chosen = list(options or found.options)
    out: dict[str, Any] = {
        "household": found.household_id,
        "head_name": found.head_name,
        "address": found.address,
        "project": found.project_name,
        "policy": {
            "id": found.policy_id,
            "name": found.policy_name,
            "version": found.policy_version,
        },
        "sign_on": found.inputs.sign_on.isoformat(),
        "area_m2": None if found.inputs.area_m2 is None else str(found.inputs.area_m2),
        "area_source": found.area_source,
        "use": found.inputs.use,
        "missing": found.missing_sentences(),
        "rounding": comp.ROUNDING_NOTE_ZH,
        "options": {},
    }
    for code in chosen:
        opt = found.options[code]
        entry: dict[str, Any] = {
            "name": comp.OPTION_NAMES[code][0],
            "lines": [
                {
                    "key": line.key,
                    "name": line.name,
                    "fen": line.fen,
                    "yuan": f"{Decimal(line.fen) / 100:.2f}",
                    "formula": line.formula.replace(comp.NBSP, " "),
                }
                for line in opt.lines
            ],
            "total_fen": opt.total_fen,
            "total_yuan": None if opt.total_fen is None else f"{Decimal(opt.total_fen) / 100:.2f}",
        }
        if opt.flat_value_fen is not None:
            entry["flat_value_fen"] = opt.flat_value_fen
            entry["difference_fen"] = opt.difference_fen
        out["options"][code] = entry
    return out


# ---------------------------------------------------------------------------------------------
# Every household of a project (comparison, funding)


def project_households(
    ws: Workspace, project_id: str
) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """The project row, its households (address order) and their allocated flats, in one read."""

    def read(
        db: sqlite_utils.Database,
    ) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, dict[str, Any]]]:
        project = list(db.query("SELECT * FROM projects WHERE id = ?", [project_id]))
        rows = list(
            db.query(
                "SELECT * FROM households WHERE project_id = ? AND _deleted = 0"
                " ORDER BY address, id",
                [project_id],
            )
        )
        flats: dict[str, dict[str, Any]] = {}
        for flat in db.query(
            "SELECT f.* FROM flats f JOIN households h ON h.id = f.household_id"
            " WHERE h.project_id = ? AND f._deleted = 0"
            " AND (f.state IS NULL OR f.state != 'temporary') ORDER BY f._created_hlc",
            [project_id],
        ):
            flats[flat["household_id"]] = flat  # the latest allocation wins
        if not project:
            raise UserError("record_not_found", record_id=project_id)
        return project[0], rows, flats

    return ws.read(read)


def household_option(household: dict[str, Any], option: str | None) -> str:
    """The option a household is estimated under: the one asked for, else its chosen 补偿方式,
    else money (mixed and unchosen households are counted as money)."""
    if option:
        return option_code(option)
    return MODE_TO_OPTION.get(household.get("compensation_mode") or "", "money")


@dataclass(frozen=True)
class ProjectEstimate:
    project_id: str
    policy_id: str
    policy_label: str
    total_fen: int  # households with a complete estimate
    estimated: int
    incomplete: int
    per_household: dict[str, int | None] = field(default_factory=dict)
    typed_fen: int = 0  # 补偿金额 typed for households whose estimate lacks an input
    typed: int = 0  # how many such households
    uncovered: int = 0  # households with neither an estimate nor a typed amount

    @property
    def funding_fen(self) -> int:
        """The funding the project needs by estimate: each household's estimate, or its typed
        补偿金额 when the estimate lacks an input (households with neither are not counted)."""
        return self.total_fen + self.typed_fen


def project_estimate(
    ws: Workspace,
    project_id: str,
    *,
    policy_id: str | None = None,
    option: str | None = None,
    sign_on: dt.date | None = None,
) -> ProjectEstimate:
    policy = (
        policies.get_policy(ws, policy_id)
        if policy_id
        else policies.policy_for_project(ws, project_id)
    )
    project, rows, flats = project_households(ws, project_id)
    return _project_estimate(project, rows, flats, policy, option, sign_on or dt.date.today())


def _project_estimate(
    project: dict[str, Any],
    rows: list[dict[str, Any]],
    flats: dict[str, dict[str, Any]],
    policy: PolicyRow,
    option: str | None,
    day: dt.date,
) -> ProjectEstimate:
    per: dict[str, int | None] = {}
    typed_fen = typed = 0
    for household in rows:
        code = household_option(household, option)
        found = estimate_rows(
            household, project, flats.get(household["id"]), policy, day, (code,), formulas=False
        )
        per[household["id"]] = total = found.options[code].total_fen
        if total is None and found.compensation_amount is not None:
            typed_fen += comp.round_fen(found.compensation_amount)
            typed += 1
    complete = [v for v in per.values() if v is not None]
    return ProjectEstimate(
        project_id=project["id"],
        policy_id=policy.id,
        policy_label=policy.label,
        total_fen=sum(complete),
        estimated=len(complete),
        incomplete=len(per) - len(complete),
        per_household=per,
        typed_fen=typed_fen,
        typed=typed,
        uncovered=len(per) - len(complete) - typed,
    )


def estimated_funding(ws: Workspace, *, sign_on: dt.date | None = None) -> dict[str, Decimal]:
    """Project id → the funding it needs by estimate, in yuan (for the project ranking)."""
    return {
        pid: Decimal(found.funding_fen) / 100
        for pid, found in estimated_totals(ws, sign_on=sign_on).items()
        if found.estimated or found.typed
    }


def estimated_totals(
    ws: Workspace, *, sign_on: dt.date | None = None
) -> dict[str, ProjectEstimate]:
    """Every project that has a policy in force: the estimated total compensation of its
    households (each under its chosen option), for the funding figures of the dashboard and
    the project ranking. Projects without a policy are absent."""
    day = sign_on or dt.date.today()
    # Remembered until the op log grows (ops are only ever added, so its last rowid moves with
    # every change, local or from a bundle): the ranking and the dashboard ask on every reload.
    version = ws.read(lambda db: db.conn.execute("SELECT max(rowid) FROM ops").fetchone()[0])
    key = (str(ws.store.path), version or 0, day)
    cached = _TOTALS.get(key[0])
    if cached is not None and cached[0] == key:
        return dict(cached[1])
    found: dict[str, ProjectEstimate] = {}
    all_policies = policies.list_policies(ws)
    in_force: dict[str, PolicyRow] = {}
    for row in all_policies:
        if row.project_id and row.status == "in_force":
            in_force[row.project_id] = row  # listed in creation order: the last one wins
    for project_id, policy in in_force.items():
        try:
            project, rows, flats = project_households(ws, project_id)
        except UserError:
            continue
        if project.get("_deleted"):
            continue
        found[project_id] = _project_estimate(project, rows, flats, policy, None, day)
    _TOTALS[key[0]] = (key, dict(found))
    return found


_TOTALS: dict[str, tuple[tuple[str, int, dt.date], dict[str, ProjectEstimate]]] = {}


@dataclass(frozen=True)
class FundingEstimate:
    """The dashboard's funding figure for a scope, labelled as an estimate."""

    needed_fen: int  # Σ project funding_fen over projects with a policy in force
    secured_fen: int  # 到位资金 of those projects
    projects: int  # projects with a policy in force in the scope
    projects_without: int  # projects in the scope with none (not in the figure)
    typed: int  # households counted by their typed 补偿金额 (estimate lacked an input)
    uncovered: int  # households with neither

    @property
    def gap_fen(self) -> int:
        return self.needed_fen - self.secured_fen


def funding_for_scope(
    ws: Workspace,
    kind: str = "all",
    value: str | None = None,
    district: str | None = None,
    *,
    sign_on: dt.date | None = None,
) -> FundingEstimate:
    """The estimated funding need against 到位资金 for the projects of a dashboard scope
    (services.figures.Scope: all | district | sub_district | project)."""
    found = estimated_totals(ws, sign_on=sign_on)

    def read(db: sqlite_utils.Database) -> list[dict[str, Any]]:
        return list(db.query("SELECT * FROM projects WHERE _deleted = 0"))

    def in_scope(project: dict[str, Any]) -> bool:
        if kind == "project":
            return bool(project["id"] == value)
        if kind == "district":
            return bool(project.get("district") == value)
        if kind == "sub_district":
            return project.get("sub_district") == value and (
                district is None or project.get("district") == district
            )
        return True

    chosen = [p for p in ws.read(read) if in_scope(p)]
    covered = [p for p in chosen if p["id"] in found]
    return FundingEstimate(
        needed_fen=sum(found[p["id"]].funding_fen for p in covered),
        secured_fen=sum(
            comp.round_fen(Decimal(str(p.get("funding_secured") or 0))) for p in covered
        ),
        projects=len(covered),
        projects_without=len(chosen) - len(covered),
        typed=sum(found[p["id"]].typed for p in covered),
        uncovered=sum(found[p["id"]].uncovered for p in covered),
    )


def capital(fen: int) -> str:
    """A total in capital numerals (大写金额), for the screens and the command line."""
    from reports.numbers import capital_yuan

    return capital_yuan(Decimal(fen) / 100)
