"""Resettlement flats (安置房源): the stock, allocating a flat to a household and releasing it,
double allocations made offline, and the resettlement cycle.

One flat cannot be allocated twice. On one computer `allocate` refuses a flat that is not free
or reserved, or that already has a household. Two laptops can still both allocate the same free
flat while apart; when their bundles meet, the flat's `household_id` has two heads — a conflict
(shared/design/sync.md). Every copy shows the same displayed value (the later clock wins the
display only), `double_allocations()` lists such flats for review, and
`resolve_double_allocation` settles who gets the flat with one resolve op per conflicting field.

Resettlement cycle of a household = days from signed_on to housed_on (安置到位); the average per
project counts households with both dates, housed on or after signing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from domain.choices import FLAT_STATES
from domain.errors import Label, UserError
from services import figures, pool_holders
from services.sql import equal_filters
from services.workspace import Workspace
from storage import scoping
from storage.oplog import Draft

ALLOCATABLE = ("free", "reserved")


def flat_label(row: dict[str, Any]) -> str:
    """How people name a flat, e.g. 新华家园 3栋2单元1201."""
    unit = f"{row['unit']}单元" if row.get("unit") else ""
    return f"{row.get('estate') or ''} {row.get('building') or ''}栋{unit}{row.get('number') or ''}"


def _state_label(code: str | None) -> Label:
    choice = FLAT_STATES.get(code or "free")
    return Label(choice.zh, choice.en)


def _household_label(ws: Workspace, household_id: str) -> str:
    def read(db: sqlite_utils.Database) -> str:
        row = db.conn.execute(
            "SELECT head_name, address FROM households WHERE id = ?", (household_id,)
        ).fetchone()
        return household_id if row is None else f"{row[0]}（{row[1]}）"

    return ws.read(read)


def add_flat(ws: Workspace, values: dict[str, Any]) -> str:
    """A flat of the stock; free unless a state is given, district defaulting to this laptop's."""
    return add_flats(ws, [values])[0]


def add_flats(ws: Workspace, rows: Iterable[dict[str, Any]]) -> list[str]:
    """Several flats in one commit (a building's worth from the district's list)."""
    profile = ws.profile()
    ids: list[str] = []
    drafts: list[Draft] = []
    for values in rows:
        values = dict(values)
        values.setdefault("state", "free")
        if profile is not None:
            values.setdefault("district", profile.district)
        if values.get("household_id"):
            raise UserError("field_read_only", field=Label("安置住户", "allocated household"))
        flat_id, more = ws.create_drafts("flat", values)
        ids.append(flat_id)
        drafts += more
    if drafts:
        ws.commit(drafts)
    return ids


def allocate(ws: Workspace, flat_id: str, household_id: str, *, temporary: bool = False) -> None:
    """Give a free flat, or one reserved (for nobody or for this household), to a household:
    state 已选, or 临时周转 for temporary housing. Refused when another household holds it, when
    it is locked, chosen or in temporary use, or while a double allocation awaits review."""
    flat = ws.get("flat", ws.resolve_id("flat", flat_id))
    household = ws.get("household", ws.resolve_id("household", household_id))
    label = flat_label(flat)
    if ws.has_conflict(flat["id"], "household_id"):
        raise UserError("flat_allocation_in_conflict", flat=label)
    holder = flat.get("household_id")
    reserved_for_them = holder == household["id"] and flat.get("state") == "reserved"
    if holder and not reserved_for_them:
        raise UserError(
            "flat_already_allocated", flat=label, household=_household_label(ws, holder)
        )
    if (flat.get("state") or "free") not in ALLOCATABLE:
        raise UserError("flat_not_available", flat=label, state=_state_label(flat.get("state")))
    state = "temporary" if temporary else "chosen"
    ws.commit(
        ws.update_drafts("flat", flat["id"], {"household_id": household["id"], "state": state})
    )


def release(ws: Workspace, flat_id: str, *, state: str = "free") -> None:
    """Take a flat back from its household (a swap cancelled, temporary housing ended)."""
    flat = ws.get("flat", ws.resolve_id("flat", flat_id))
    if not flat.get("household_id") and not ws.has_conflict(flat["id"], "household_id"):
        raise UserError("flat_not_allocated", flat=flat_label(flat))
    pool_holders.refuse_if_outside_scope(ws, "flat", flat["id"], flat_label(flat))
    changes: dict[str, Any] = {"household_id": None, "state": state}
    drafts = [
        Draft(
            "resolve" if ws.has_conflict(flat["id"], name) else "set",
            "flat",
            flat["id"],
            name,
            value,
        )
        for name, value in ws.validate("flat", changes, partial=True).items()
    ]
    ws.commit(drafts)


def set_state(ws: Workspace, flat_id: str, state: str) -> None:
    """Reserve, lock or free a flat that no household holds."""
    flat = ws.get("flat", ws.resolve_id("flat", flat_id))
    if flat.get("household_id") and state in ALLOCATABLE:
        raise UserError(
            "flat_already_allocated",
            flat=flat_label(flat),
            household=_household_label(ws, flat["household_id"]),
        )
    ws.update("flat", flat["id"], {"state": state})


def mark_housed(ws: Workspace, household_id: str, on: dt.date | None = None) -> None:
    """The household has moved into its resettlement home (安置到位): ends its cycle."""
    household = ws.get("household", ws.resolve_id("household", household_id))
    day = on or dt.date.today()
    signed = figures.as_date(household.get("signed_on"))
    if signed is not None and day < signed:
        raise UserError(
            "housed_before_signed", housed_on=day.isoformat(), signed_on=signed.isoformat()
        )
    ws.update("household", household["id"], {"housed_on": day.isoformat()})


# listing -------------------------------------------------------------------------------------
def list_flats(
    ws: Workspace,
    *,
    district: str | None = None,
    state: str | None = None,
    available_only: bool = False,
    household_id: str | None = None,
) -> list[dict[str, Any]]:
    """Flats with the allocated household's name, ordered by estate, building, unit, number;
    `held_outside_scope` marks a flat whose household this laptop's scope does not hold."""

    def read(db: sqlite_utils.Database) -> list[dict[str, Any]]:
        sql = (
            "SELECT f.*, h.head_name, h.address AS household_address FROM flats f"
            " LEFT JOIN households h ON h.id = f.household_id WHERE f._deleted = 0"
        )
        where, args = equal_filters(
            ("f.district", district), ("f.state", state), ("f.household_id", household_id)
        )
        sql += where
        if available_only:
            sql += " AND coalesce(f.state, 'free') = 'free' AND f.household_id IS NULL"
        sql += " ORDER BY f.estate, f.building, f.unit, f.floor, f.number"
        rows = list(db.query(sql, args))
        # Taken by a household outside this laptop's scope: not free, only not ours to name.
        hidden = scoping.hidden_holders(db.conn)
        for row in rows:
            row["label"] = flat_label(row)
            row["held_outside_scope"] = row["id"] in hidden
        return rows

    return ws.read(read)


# offline double allocation -----------------------------------------------------------------------
@dataclass(frozen=True)
class Claim:
    household_id: str | None
    head_name: str
    address: str
    author: str  # who allocated it
    device: str
    op_id: str
    displayed: bool  # the value every copy shows until someone decides
    # Withheld here: a household outside this laptop's scope (head_name says so in a sentence).
    outside_scope: bool = False


@dataclass(frozen=True)
class DoubleAllocation:
    flat_id: str
    label: str
    district: str | None
    claims: list[Claim]  # displayed claim last
    # A claim lies outside this laptop's scope: only the hub can decide (services.pool_holders).
    decided_at_hub: bool = False


def double_allocations(ws: Workspace) -> list[DoubleAllocation]:
    """Flats allocated to different households on different laptops, waiting for a person."""
    found = []
    for conflict in ws.conflicts():
        if conflict.entity != "flat" or conflict.field != "household_id":
            continue
        flat = ws.get("flat", conflict.entity_id, include_deleted=True)
        names = _household_names(ws, [v.value for v in conflict.values if v.value])
        outside = pool_holders.outside_scope_claims(ws, "flat", flat["id"])
        claims = []
        for index, value in enumerate(conflict.values):
            name, address = names.get(value.value, ("", "")) if value.value else ("", "")
            if value.op_id in outside:
                name, address = pool_holders.outside_household(), ""
            claims.append(
                Claim(
                    household_id=value.value,
                    head_name=name,
                    address=address,
                    author=value.author,
                    device=value.device,
                    op_id=value.op_id,
                    displayed=index == len(conflict.values) - 1,
                    outside_scope=value.op_id in outside,
                )
            )
        found.append(
            DoubleAllocation(
                flat["id"], flat_label(flat), flat.get("district"), claims, bool(outside)
            )
        )
    return found


def _household_names(ws: Workspace, ids: list[str]) -> dict[str, tuple[str, str]]:
    def read(db: sqlite_utils.Database) -> dict[str, tuple[str, str]]:
        if not ids:
            return {}
        rows = db.conn.execute(
            f"SELECT id, head_name, address FROM households WHERE id IN ({','.join('?' * len(ids))})",
            ids,
        )
        return {row[0]: (row[1] or "", row[2] or "") for row in rows}

    return ws.read(read)


def resolve_double_allocation(
    ws: Workspace, flat_id: str, household_id: str | None, *, state: str | None = None
) -> None:
    """Decide who gets a doubly allocated flat (None: nobody, the flat is free again).

    Resolves household_id and, when it is in conflict too, the state — in one commit."""
    flat = ws.get("flat", ws.resolve_id("flat", flat_id))
    if not ws.has_conflict(flat["id"], "household_id"):
        raise UserError("nothing_to_resolve", field=Label("安置住户", "allocated household"))
    pool_holders.refuse_if_outside_scope(ws, "flat", flat["id"], flat_label(flat))
    if household_id:
        household_id = ws.get("household", ws.resolve_id("household", household_id))["id"]
    new_state = state or ("chosen" if household_id else "free")
    if household_id and state is None and flat.get("state") == "temporary":
        new_state = "temporary"
    values = ws.validate("flat", {"household_id": household_id, "state": new_state}, partial=True)
    drafts = [Draft("resolve", "flat", flat["id"], "household_id", values["household_id"])]
    if ws.has_conflict(flat["id"], "state"):
        drafts.append(Draft("resolve", "flat", flat["id"], "state", values["state"]))
    elif values["state"] != flat.get("state"):
        drafts.append(Draft("set", "flat", flat["id"], "state", values["state"]))
    ws.commit(drafts)


# resettlement cycle ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Cycle:
    household_id: str
    project_id: str
    head_name: str
    address: str
    signed_on: dt.date
    housed_on: dt.date | None
    days: int | None  # None while not yet housed
    days_so_far: int  # days since signing (to housed_on, or to `today` while waiting)


def resettlement_cycles(
    ws: Workspace, *, project_id: str | None = None, today: dt.date | None = None
) -> list[Cycle]:
    """Every signed household's cycle, longest first. A household counts as housed when its
    housed_on is on or before `today` and not before signing (as in services.figures)."""
    as_of = today or dt.date.today()

    def read(db: sqlite_utils.Database) -> list[dict[str, Any]]:
        sql = (
            "SELECT id, project_id, head_name, address, signed_on, housed_on FROM households"
            " WHERE _deleted = 0 AND signed_on IS NOT NULL"
        )
        args: list[Any] = []
        if project_id:
            sql += " AND project_id = ?"
            args.append(project_id)
        return list(db.query(sql, args))

    cycles = []
    for row in ws.read(read):
        signed = figures.as_date(row["signed_on"])
        if signed is None:
            continue
        housed = figures.as_date(row.get("housed_on"))
        done = housed is not None and signed <= housed <= as_of
        cycles.append(
            Cycle(
                household_id=row["id"],
                project_id=row["project_id"],
                head_name=row["head_name"] or "",
                address=row["address"] or "",
                signed_on=signed,
                housed_on=housed,
                days=(housed - signed).days if done and housed else None,
                days_so_far=((housed if done and housed else as_of) - signed).days,
            )
        )
    cycles.sort(key=lambda c: (-c.days_so_far, c.address))
    return cycles


def average_cycle(
    ws: Workspace, project_id: str | None = None, *, today: dt.date | None = None
) -> float | None:
    """Mean days from signing to housed over households housed (None when none are)."""
    done = [
        c.days
        for c in resettlement_cycles(ws, project_id=project_id, today=today)
        if c.days is not None
    ]
    return sum(done) / len(done) if done else None


def average_cycle_by_project(
    ws: Workspace, *, today: dt.date | None = None
) -> dict[str, float | None]:
    """Project id → mean cycle in days (None for a project with no household housed yet)."""
    totals: dict[str, list[int]] = {}
    for cycle in resettlement_cycles(ws, today=today):
        bucket = totals.setdefault(cycle.project_id, [])
        if cycle.days is not None:
            bucket.append(cycle.days)
    return {pid: (sum(days) / len(days) if days else None) for pid, days in totals.items()}
