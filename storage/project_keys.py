"""Projects as small integer keys in the derived tables (migration 12, bench/results/storage.md).

The list index (`household_summary`) and the finder (`household_search`) hold a household's
project in their rows and in the indexes their project filter walks. As the project's
36-character id that was ~20 MiB at 100 000 households; as a key of this table it is one or two
bytes. Keys are handed out inside the write that first needs them and never change or go away
(a project deleted later keeps its key), so a derived row never points at a reused key.

Readers name the project by its id, as before, and let SQL find the key:
`WHERE s.project_key = (SELECT key FROM project_keys WHERE project_id = ?)` (`KEY_OF`), an
index search on the key; an unknown project gives NULL, which matches nothing. The id of a row's
key is `ID_OF.format(key=...)`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

SCHEMA_SQL = (
    "CREATE TABLE IF NOT EXISTS project_keys"
    " (key INTEGER PRIMARY KEY, project_id TEXT NOT NULL UNIQUE)"
)

# The key of the project id bound to this placeholder (NULL for NULL or an unknown project).
KEY_OF = "(SELECT key FROM project_keys WHERE project_id = ?)"
# The project id of a key column: ID_OF.format(key="s.project_key").
ID_OF = "(SELECT project_id FROM project_keys WHERE key = {key})"


def create(conn: sqlite3.Connection) -> None:
    conn.execute(SCHEMA_SQL)


def create_from(conn: sqlite3.Connection, table: str) -> None:
    """The table (if missing) with a key for every project `table`'s project_id column names
    (migration 12, before a derived table's rows are copied with their key)."""
    create(conn)
    conn.execute(
        "INSERT OR IGNORE INTO project_keys (project_id) SELECT DISTINCT project_id"
        f" FROM {table} WHERE project_id IS NOT NULL ORDER BY project_id"
    )


def ensure(conn: sqlite3.Connection, project_ids: Iterable[object]) -> None:
    """Give these projects keys (those without one), inside the caller's write transaction."""
    wanted = sorted({p for p in project_ids if p is not None}, key=str)
    if wanted:
        conn.executemany(
            "INSERT OR IGNORE INTO project_keys (project_id) VALUES (?)", [(p,) for p in wanted]
        )


def ensure_for_households(conn: sqlite3.Connection, marks: str, household_ids: list[str]) -> None:
    """Keys for the projects of these households (`marks`: one `?` per id)."""
    conn.execute(
        "INSERT OR IGNORE INTO project_keys (project_id) SELECT DISTINCT project_id"
        f" FROM households WHERE id IN ({marks}) AND project_id IS NOT NULL",
        household_ids,
    )
