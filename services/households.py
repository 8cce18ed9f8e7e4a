"""Households: creating them with their members, moving them through the legal states, finding
and listing them, and one household's whole file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import sqlite_utils

from domain.errors import Label, UserError
from domain.ids import uuid7
from domain.states import HOUSEHOLD_STATES, INITIAL_STATE, can_move, is_step_back, next_states
from services.workspace import Workspace
from storage import derived, project_keys, search
from storage.oplog import Draft

# The date field a state stamps when a household reaches it (if not already set).
STATE_DATES = {
    "valued": "valued_on",
    "signed": "signed_on",
    "vacated": "vacated_on",
    "handed_over": "handed_over_on",
}


def state_from_dates(values: Mapping[str, Any]) -> str:
    """The state a household's dates say it has reached when no state is given (an imported
    list): the furthest state whose date change_state stamps is set, else the initial state."""
    found = INITIAL_STATE
    for state, stamp in STATE_DATES.items():  # in main-line order
        if values.get(stamp):
            found = state
    return found


SORTABLE = {  # list column -> household_summary column (each has an index)
    "address": "address_key",
    "head_name": "head_name",
    "state": "state",
    "attitude": "attitude",
    "last_visit_on": "last_visit_on",
    "next_visit_due": "next_visit_due",
    "open_requests": "open_requests",
    "project": "project_name",
    "created": "created_hlc",
}


@dataclass
class HouseholdFilter:
    project_id: str | None = None
    state: str | None = None
    attitude: str | None = None
    sub_district: str | None = None
    caseworker: str | None = None
    overdue_follow_up: bool = False
    today: dt.date | None = None
    ids: list[str] | None = field(default=None)  # restrict to these (search results)
    # Or to these list_keys: a search's winners, read by their rows' own key (storage/search.py)
    keys: list[int] | None = field(default=None)


def create_household(
    ws: Workspace, values: dict[str, Any], members: list[dict[str, Any]] | None = None
) -> str:
    values = dict(values)
    project = ws.get("project", ws.resolve_id("project", str(values.get("project_id", ""))))
    values["project_id"] = project["id"]
    values.setdefault("district", project["district"])
    values.setdefault("sub_district", project["sub_district"])
    values.setdefault("state", INITIAL_STATE)
    profile = ws.profile()
    if profile is not None:
        values.setdefault("caseworker", profile.caseworker)
    if not values.get("address"):
        values["address"] = compose_address(values)
    household_id, drafts = ws.create_drafts("household", values)
    for member in members or []:
        drafts += _member_drafts(ws, household_id, member)
    ws.commit(drafts)
    return household_id


def _member_drafts(ws: Workspace, household_id: str, values: dict[str, Any]) -> list[Draft]:
    """A member created with its household: validated without the (not yet committed) ref."""
    checked = ws.validate(
        "member", {k: v for k, v in values.items() if k != "household_id"}, partial=True
    )
    if not checked.get("name"):
        raise UserError("required", field=Label("姓名", "name"))
    checked["household_id"] = household_id
    values_set = {k: v for k, v in checked.items() if v is not None}
    return [Draft("create", "member", uuid7(), None, values_set)]


def compose_address(values: dict[str, Any]) -> str:
    parts = []
    if values.get("building"):
        parts.append(f"{values['building']}栋")
    if values.get("unit"):
        parts.append(f"{values['unit']}单元")
    if values.get("room"):
        parts.append(f"{values['room']}室")
    return "".join(parts)


def add_member(ws: Workspace, household_id: str, values: dict[str, Any]) -> str:
    ws.get("household", household_id)
    return ws.create("member", dict(values, household_id=household_id))


STATE_BACK_EVENT = "state_back"
STATE_BACK = Label("退回状态", "moving the state back")


def change_state(
    ws: Workspace,
    household_id: str,
    new_state: str,
    *,
    on: dt.date | None = None,
    reason: str | None = None,
) -> None:
    """Move a household along the legal states. A step back (退回) needs a reason, kept as an
    audit event in the same commit."""
    household = ws.get("household", household_id)
    code = HOUSEHOLD_STATES.lookup(new_state)
    if code is None:
        raise UserError("not_a_choice", field=Label("状态", "state"), value=new_state)
    old = household["state"] or INITIAL_STATE
    if code == old:
        raise UserError("state_unchanged", state=_state_label(old))
    if not can_move(old, code):
        steps = [HOUSEHOLD_STATES.get(s) for s in next_states(old)]
        allowed = Label("、".join(c.zh for c in steps), ", ".join(c.en for c in steps))
        raise UserError(
            "state_jump_refused", old=_state_label(old), new=_state_label(code), allowed=allowed
        )
    drafts: list[Draft] = []
    if is_step_back(old, code):
        reason = (reason or "").strip()
        if not reason:
            raise UserError("reason_required", action=STATE_BACK)
        if len(reason) > 4000:
            raise UserError("too_long", field=Label("原因", "reason"), limit=4000)
        details = {"from": old, "to": code, "reason": reason}
        drafts.append(Draft("event", "household", household_id, STATE_BACK_EVENT, details))
    changes: dict[str, Any] = {"state": code}
    stamp = STATE_DATES.get(code)
    if stamp and not household.get(stamp):
        changes[stamp] = (on or dt.date.today()).isoformat()
    drafts += ws.update_drafts("household", household_id, changes, allow_managed=True)
    ws.commit(drafts)


DELETE_EVENT = "delete_reason"
DELETE = Label("注销住户", "deleting the household")


def delete_household(ws: Workspace, household_id: str, reason: str) -> None:
    """注销: a tombstone on the household (it leaves every list and count) and an audit event
    with the reason, in one commit. The op log keeps the record and its history; if another
    computer edited it meanwhile, sync keeps it flagged for a person to decide (sync.md)."""
    reason = (reason or "").strip()
    if not reason:
        raise UserError("reason_required", action=DELETE)
    if len(reason) > 4000:
        raise UserError("too_long", field=Label("原因", "reason"), limit=4000)
    ws.get("household", household_id)
    ws.commit(
        [
            Draft("event", "household", household_id, DELETE_EVENT, {"reason": reason}),
            Draft("delete", "household", household_id, "_deleted", True),
        ]
    )


def _state_label(code: str) -> Any:
    choice = HOUSEHOLD_STATES.get(code)
    return Label(choice.zh, choice.en)


def find(
    ws: Workspace,
    query: str,
    *,
    limit: int = 50,
    project_id: str | None = None,
    flt: HouseholdFilter | None = None,
) -> list[dict[str, Any]]:
    """Households matching what a caseworker typed, best first, as list rows. The filter is
    applied inside the search, so a filter never hides a match that a looser search would find."""
    flt = flt or HouseholdFilter(project_id=project_id)

    def read(db: sqlite_utils.Database) -> list[dict[str, Any]]:
        hits = search.find_keys(
            db.conn,
            query,
            limit=limit,
            project_id=flt.project_id or project_id,
            sub_district=flt.sub_district,
            state=flt.state,
            attitude=flt.attitude,
            caseworker=flt.caseworker,
        )
        if not hits:
            return []
        # Each hit's key is its household's list_key: its list row is read by that key, and
        # the households row by the rowid the list row names (checked against the id: a VACUUM
        # may renumber rowids), so no id index is read (on a freshly opened database each
        # would be one more page to decrypt per winner).
        keys = [hit.key for hit in hits]
        rows = _rows_by_key(db, flt, keys, "h.rowid = s.household_row AND h.id = s.household_id")
        moved = [key for key in keys if key not in rows]
        if moved:
            rows.update(_rows_by_key(db, flt, moved, "h.id = s.household_id"))

        # The search's own order (best first; a head before a member with the same match);
        # among address matches, addresses in natural order (3栋 before 13栋).
        def rank(hit: search.KeyHit) -> tuple[int, str]:
            if hit.score > search.MATCH_SCORES["address"]:
                return (-hit.score, "")
            address = rows[hit.key].get("address") or ""
            return (-hit.score, derived.natural_key(address) or "")

        ranked = sorted((hit for hit in hits if hit.key in rows), key=rank)
        return [rows[hit.key] for hit in ranked]

    return ws.read(read)


def _rows_by_key(
    db: sqlite_utils.Database, flt: HouseholdFilter, keys: list[int], join: str
) -> dict[int, dict[str, Any]]:
    """The list rows of these list_keys that pass the filter, by key."""
    where, args = _where(replace(flt, keys=keys, project_id=None))
    rows: dict[int, dict[str, Any]] = {}
    for row in db.query(
        f"SELECT s.list_key AS found_key, {LIST_COLUMNS} FROM household_summary s"
        f" JOIN households h ON {join} WHERE {where}",
        args,
    ):
        rows[row.pop("found_key")] = row
    return rows


def count_found(
    ws: Workspace, query: str, *, flt: HouseholdFilter | None = None, cap: int = 10_000
) -> int:
    """How many households a search matches, counted up to `cap` + 1 (more is "over cap"):
    the list shows the best few hundred and says how many there are in all."""
    flt = flt or HouseholdFilter()

    def read(db: sqlite_utils.Database) -> int:
        hits = search.find_keys(
            db.conn,
            query,
            limit=cap + 1,
            project_id=flt.project_id,
            sub_district=flt.sub_district,
            state=flt.state,
            attitude=flt.attitude,
            caseworker=flt.caseworker,
        )
        keys = [hit.key for hit in hits]
        found = 0
        for start in range(0, len(keys), 500):
            where, args = _where(replace(flt, keys=keys[start : start + 500]))
            sql = f"SELECT count(*) FROM household_summary s WHERE {where}"
            found += int(db.conn.execute(sql, args).fetchone()[0])
        return found

    return ws.read(read)


def _where(flt: HouseholdFilter) -> tuple[str, list[Any]]:
    """Conditions on the list index (household_summary, which holds only live households)."""
    clauses = ["1"]
    args: list[Any] = []
    if flt.project_id:
        # the list index holds the project's key (storage/project_keys.py): an index search
        clauses.append(f"s.project_key = {project_keys.KEY_OF}")
        args.append(flt.project_id)
    for column, value in (
        ("s.state", flt.state),
        ("s.attitude", flt.attitude),
        ("s.sub_district", flt.sub_district),
        ("s.caseworker", flt.caseworker),
    ):
        if value:
            clauses.append(f"{column} = ?")
            args.append(value)
    if flt.overdue_follow_up:
        clauses.append("s.next_visit_due < ?")
        args.append((flt.today or dt.date.today()).isoformat())
    if flt.ids is not None:
        marks = ",".join("?" * len(flt.ids))
        clauses.append(f"s.household_id IN ({marks})" if flt.ids else "0")
        args += flt.ids
    if flt.keys is not None:
        marks = ",".join("?" * len(flt.keys))
        clauses.append(f"s.list_key IN ({marks})" if flt.keys else "0")
        args += flt.keys
    return " AND ".join(clauses), args


LIST_COLUMNS = (
    "h.id, h.project_id, s.project_name, h.district, h.sub_district, h.address,"
    " h.building, h.unit, h.room, h.head_name, h.head_id_number, h.phone, h.state, h.attitude,"
    " h.caseworker, h.compensation_mode, h._conflicts, h._delete_conflict,"
    " s.last_visit_on, s.next_visit_due, s.open_requests, s.visit_count"
)


def _list_rows(
    db: sqlite_utils.Database,
    flt: HouseholdFilter,
    *,
    sort: str = "address",
    descending: bool = False,
    offset: int = 0,
    limit: int = 100,
) -> list[dict[str, Any]]:
    """One page: the ids are paged on the narrow index first, then only they are joined."""
    where, args = _where(flt)
    key = SORTABLE.get(sort, "address_key")
    direction = "DESC" if descending else "ASC"
    # Equal rows in the order their list-index rows were made (list_key: the integer every
    # entry of the list index's indexes holds, so the page is read from one index)
    order = f"s.{key} {direction}, s.list_key {direction}"
    sql = (
        f"SELECT {LIST_COLUMNS} FROM (SELECT s.list_key FROM household_summary s"
        f" WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?) page"
        " JOIN household_summary s ON s.list_key = page.list_key"
        " JOIN households h ON h.id = s.household_id"
        f" ORDER BY {order}"
    )
    return list(db.query(sql, [*args, limit, offset]))


def list_page(
    ws: Workspace,
    flt: HouseholdFilter,
    *,
    sort: str = "address",
    descending: bool = False,
    offset: int = 0,
    limit: int = 100,
) -> list[dict[str, Any]]:
    return ws.read(
        lambda db: _list_rows(db, flt, sort=sort, descending=descending, offset=offset, limit=limit)
    )


def count(ws: Workspace, flt: HouseholdFilter) -> int:
    where, args = _where(flt)

    def read(db: sqlite_utils.Database) -> int:
        sql = f"SELECT count(*) FROM household_summary s WHERE {where}"
        row = db.conn.execute(sql, args).fetchone()
        return int(row[0])

    return ws.read(read)


def detail(ws: Workspace, household_id: str) -> dict[str, Any]:
    """Everything on one household's page: record, project, members, visits, requests with
    progress, attachments, tickets, flat, and the state history."""
    household = ws.get("household", household_id)

    def read(db: sqlite_utils.Database) -> dict[str, Any]:
        def rows(sql: str, *args: Any) -> list[dict[str, Any]]:
            return list(db.query(sql, list(args)))

        project = rows("SELECT * FROM projects WHERE id = ?", household["project_id"])
        requests = rows(
            "SELECT * FROM requests WHERE household_id = ? AND _deleted = 0 ORDER BY received_on DESC",
            household_id,
        )
        for request in requests:
            request["progress"] = rows(
                "SELECT * FROM request_progress WHERE request_id = ? AND _deleted = 0"
                " ORDER BY noted_on, _created_hlc",
                request["id"],
            )
        tickets = rows(
            "SELECT * FROM house_tickets WHERE household_id = ? AND _deleted = 0", household_id
        )
        for ticket in tickets:
            ticket["uses"] = rows(
                "SELECT * FROM ticket_uses WHERE ticket_id = ? AND _deleted = 0 ORDER BY used_on",
                ticket["id"],
            )
        return {
            "household": household,
            "project": project[0] if project else None,
            "members": rows(
                "SELECT * FROM members WHERE household_id = ? AND _deleted = 0 ORDER BY _created_hlc",
                household_id,
            ),
            "visits": rows(
                "SELECT * FROM visits WHERE household_id = ? AND _deleted = 0"
                " ORDER BY visited_on DESC, _created_hlc DESC",
                household_id,
            ),
            "requests": requests,
            "attachments": rows(
                "SELECT * FROM attachments WHERE record_id = ? AND _deleted = 0 ORDER BY _created_hlc",
                household_id,
            ),
            "tickets": tickets,
            "flats": rows(
                "SELECT * FROM flats WHERE household_id = ? AND _deleted = 0", household_id
            ),
        }

    found = ws.read(read)
    found["state_history"] = [
        entry
        for entry in ws.history(household_id)
        if entry.field == "state" or entry.kind == "create"
    ]
    return found
