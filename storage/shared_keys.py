"""Migration 14: one integer names a household in the finder and in the list index.

The list index's rows are renumbered so that each `list_key` is its household's `search_id`
(storage/search.py keeps it so from then on) and name their households row by its rowid
(`household_row`; a reader checks the id, since a VACUUM may renumber rowids, and falls back to
the id), and the finder's search_id -> household_id index is dropped: a search names its winners from their list-index rows, read by that key, which are
the rows the list then shows (bench/results/search.md). Search results keep their order (the
finder's numbers do not change); equal rows of a list page take the finder's order, which is
also the order the households were made in, except within one save of several.
"""

from __future__ import annotations

import sqlite3

from storage import derived, search


def share_keys(conn: sqlite3.Connection) -> None:
    """Inside the caller's transaction. Every live household gets its finder row and list-index
    row first (each table holds exactly the live households)."""
    search.refresh_household_search(
        conn, derived.live_households_without_row(conn, "household_search")
    )
    conn.execute("DROP INDEX IF EXISTS household_search_ids")
    conn.execute("ALTER TABLE household_summary RENAME TO household_summary_v13")
    conn.execute(derived.LIST_INDEX_SQL)
    columns = ", ".join(derived.LIST_COLUMNS)
    copied = ", ".join(f"s.{column}" for column in derived.LIST_COLUMNS)
    # A row whose household has no finder row (none should) keeps a number above them all.
    conn.execute(
        f"INSERT INTO household_summary (list_key, household_row, {columns})"
        " SELECT coalesce(f.search_id,"
        " (SELECT max(search_id) FROM household_search) + s.list_key),"
        f" h.rowid, {copied} FROM household_summary_v13 s"
        " LEFT JOIN household_search f ON f.household_id = s.household_id"
        " LEFT JOIN households h ON h.id = s.household_id"
        " ORDER BY 1"
    )
    conn.execute("DROP TABLE household_summary_v13")
    for statement in derived.LIST_INDEXES:
        conn.execute(statement)
    derived.refresh_summary(conn, derived.live_households_without_row(conn, "household_summary"))
