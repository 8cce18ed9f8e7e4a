"""Indexes derived from the materialised rows (the household finder), refreshed in the same
transaction as the rows they index."""

from __future__ import annotations

import sqlite3


def refresh(conn: sqlite3.Connection, changed: dict[str, set[str]]) -> None:
    household_ids = set(changed.get("household", ()))
    members = sorted(changed.get("member", ()))
    for start in range(0, len(members), 500):
        chunk = members[start : start + 500]
        rows = conn.execute(
            f"SELECT DISTINCT household_id FROM members WHERE id IN ({','.join('?' * len(chunk))})",
            chunk,
        )
        household_ids.update(row[0] for row in rows if row[0])
    if household_ids:
        _refresh_search(conn, household_ids)


def _refresh_search(conn: sqlite3.Connection, household_ids: set[str]) -> None:
    from storage import search  # noqa: PLC0415 - written alongside; see storage/search.py

    search.refresh_household_search(conn, sorted(household_ids))
