"""The holder of a district-pool record (a flat, a house ticket) while it is in conflict on a
scoped laptop.

Two sub-districts' laptops can give the same pool flat to two households while apart. A laptop
whose scope holds only one of them receives the other allocation with the holder withheld
(docs/sync.md, "Scoped sync"), so that claim names nobody here. The laptop must not settle such a
conflict: "nobody" would release the other sub-district's allocation, and "our household" would
take the flat from a household the caseworker cannot see. The district office decides at the hub,
where both households are visible, and the result travels back like any edit.
"""

from __future__ import annotations

import sqlite3

import sqlite_utils

from domain import i18n
from domain.errors import UserError, text
from services.workspace import Workspace
from storage import scoping


def is_holder(entity: str, field: str) -> bool:
    return scoping.HOLDER_FIELD.get(entity) == field


def withheld_heads(conn: sqlite3.Connection, record_id: str, field: str) -> set[str]:
    """The current heads of a holder field that reached this copy with the holder withheld
    (always empty on the hub and on a laptop without a scope)."""
    rows = conn.execute(
        "SELECT op_id FROM field_heads WHERE entity_id = ? AND field = ?"
        " AND op_id IN (SELECT op_id FROM sync_redacted)",
        (record_id, field),
    )
    return {str(row[0]) for row in rows}


def outside_scope_claims(ws: Workspace, entity: str, record_id: str) -> set[str]:
    field = scoping.HOLDER_FIELD.get(entity)
    if field is None:
        return set()

    def read(db: sqlite_utils.Database) -> set[str]:
        in_conflict = db.conn.execute(
            "SELECT 1 FROM conflicts WHERE entity_id = ? AND field = ?", (record_id, field)
        ).fetchone()
        return withheld_heads(db.conn, record_id, field) if in_conflict else set()

    return ws.read(read)


def household_names(conn: sqlite3.Connection, ids: list[object]) -> dict[str, str]:
    """ "Head (address)" of each household here among `ids` (a holder's value)."""
    wanted = sorted({str(i) for i in ids if i})
    if not wanted:
        return {}
    rows = conn.execute(
        f"SELECT id, head_name, address FROM households WHERE id IN ({','.join('?' * len(wanted))})",
        wanted,
    )
    return {str(r[0]): i18n.bracketed(str(r[1] or ""), str(r[2] or "")) for r in rows}


def outside_household() -> str:
    """How a claim by a household outside this laptop's scope reads."""
    return text("pool_holder_outside_scope")


def refuse_if_outside_scope(ws: Workspace, entity: str, record_id: str, label: str) -> None:
    """Refuse to settle (or release) a pool record's conflicting holder here when one of the
    claims names a household outside this laptop's scope."""
    if outside_scope_claims(ws, entity, record_id):
        raise UserError("flat_conflict_outside_scope", record=label)
