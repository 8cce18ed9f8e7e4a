"""Tables derived from the materialised rows — the household finder index and the per-household
summary the list sorts on — refreshed in the same transaction as the rows they come from."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from storage import search

CHUNK = 500


def _chunks(ids: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _households_of(conn: sqlite3.Connection, table: str, ids: set[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(sorted(ids)):
        rows = conn.execute(
            f"SELECT DISTINCT household_id FROM {table} WHERE id IN ({','.join('?' * len(chunk))})",
            chunk,
        )
        found.update(row[0] for row in rows if row[0])
    return found


LINKED = {"member": "members", "visit": "visits", "request": "requests"}


def linked_households(conn: sqlite3.Connection, touched: dict[str, str]) -> dict[str, set[str]]:
    """The households that members, visits and requests about to change belong to *now*: a
    record moved to another household must also leave the old one's index and summary."""
    linked: dict[str, set[str]] = {}
    for entity, table in LINKED.items():
        ids = {record_id for record_id, kind in touched.items() if kind == entity}
        if ids:
            linked[entity] = _households_of(conn, table, ids)
    return linked


def refresh(
    conn: sqlite3.Connection,
    changed: dict[str, set[str]],
    linked_before: dict[str, set[str]] | None = None,
) -> None:
    before = linked_before or {}
    searchable = set(changed.get("household", ())) | before.get("member", set())
    searchable |= _households_of(conn, "members", set(changed.get("member", ())))
    if searchable:
        search.refresh_household_search(conn, sorted(searchable))
    summarised = set(changed.get("household", ()))
    for entity in ("visit", "request"):
        summarised |= before.get(entity, set())
        summarised |= _households_of(conn, LINKED[entity], set(changed.get(entity, ())))
    if summarised:
        refresh_summary(conn, sorted(summarised))


def refresh_summary(conn: sqlite3.Connection, household_ids: list[str]) -> None:
    for chunk in _chunks(household_ids):
        marks = ",".join("?" * len(chunk))
        conn.execute(f"DELETE FROM household_summary WHERE household_id IN ({marks})", chunk)
        conn.execute(
            f"""
            INSERT INTO household_summary
                (household_id, last_visit_on, next_visit_due, visit_count, open_requests)
            SELECT h.id,
                   (SELECT max(v.visited_on) FROM visits v
                     WHERE v.household_id = h.id AND v._deleted = 0),
                   (SELECT v.next_visit_due FROM visits v
                     WHERE v.household_id = h.id AND v._deleted = 0
                     ORDER BY v.visited_on DESC, v._created_hlc DESC LIMIT 1),
                   (SELECT count(*) FROM visits v
                     WHERE v.household_id = h.id AND v._deleted = 0),
                   (SELECT count(*) FROM requests r
                     WHERE r.household_id = h.id AND r._deleted = 0
                       AND coalesce(r.status, 'open') != 'closed')
            FROM households h WHERE h.id IN ({marks})
            """,
            chunk,
        )
