"""Tables derived from the materialised rows — the household finder index and the per-household
summary the list sorts on — refreshed in the same transaction as the rows they come from."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable

from storage import project_keys, search

CHUNK = 500
_DIGITS = re.compile(r"\d+")


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
    summarised |= _households_of_projects(conn, set(changed.get("project", ())))
    for entity in ("visit", "request"):
        summarised |= before.get(entity, set())
        summarised |= _households_of(conn, LINKED[entity], set(changed.get(entity, ())))
    if summarised:
        refresh_summary(conn, sorted(summarised))


def _households_of_projects(conn: sqlite3.Connection, project_ids: set[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(sorted(project_ids)):
        rows = conn.execute(
            f"SELECT id FROM households WHERE project_id IN ({','.join('?' * len(chunk))})", chunk
        )
        found.update(row[0] for row in rows)
    return found


SUMMARY_COLUMNS = (
    "household_id", "project_id", "project_name", "sub_district", "caseworker", "state",
    "attitude", "head_name", "address_key", "created_hlc", "last_visit_on", "next_visit_due",
    "visit_count", "open_requests",
)  # fmt: skip

# The list index: one narrow row per live household with every column the household list sorts
# or filters on, so a page at any offset is read from one index instead of sorting 100 000 rows.
# Its shape from migration 4 to 10 (migration 11 replaces it: LIST_INDEX_SQL).
SUMMARY_SQL = """
CREATE TABLE household_summary (
    household_id TEXT PRIMARY KEY,
    project_id TEXT,
    project_name TEXT,
    sub_district TEXT,
    caseworker TEXT,
    state TEXT,
    attitude TEXT,
    head_name TEXT,
    address_key TEXT,
    created_hlc INTEGER,
    last_visit_on TEXT,
    next_visit_due TEXT,
    visit_count INTEGER NOT NULL DEFAULT 0,
    open_requests INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX household_summary_address ON household_summary (address_key);
CREATE INDEX household_summary_project_address ON household_summary (project_id, address_key);
CREATE INDEX household_summary_head ON household_summary (head_name);
CREATE INDEX household_summary_state ON household_summary (state);
CREATE INDEX household_summary_attitude ON household_summary (attitude);
CREATE INDEX household_summary_project ON household_summary (project_name);
CREATE INDEX household_summary_created ON household_summary (created_hlc);
CREATE INDEX household_summary_last_visit ON household_summary (last_visit_on);
CREATE INDEX household_summary_due ON household_summary (next_visit_due);
CREATE INDEX household_summary_open ON household_summary (open_requests)
"""


def create_summary(conn: sqlite3.Connection) -> None:
    """Migration 4: the list index replaces the first household_summary. Its rows are written
    by migration 12 (`project_keys_in_list`), in the shape this code writes."""
    conn.execute("DROP TABLE IF EXISTS household_summary")
    for statement in SUMMARY_SQL.split(";"):
        if statement.strip():
            conn.execute(statement)


# Migration 11 (bench/results/storage.md): the list index as a rowid table. Its key is a small
# integer (`list_key`), so each of its ten indexes holds 1-3 bytes per entry where the
# WITHOUT ROWID table's held the 36-character household id. The lists page in the order
# (sort column, list_key); the due-date index also names the household, so the Today page's
# due visits are still read from it alone.
LIST_INDEX_V11_SQL = """
CREATE TABLE household_summary (
    list_key INTEGER PRIMARY KEY,
    household_id TEXT NOT NULL UNIQUE,
    project_id TEXT,
    project_name TEXT,
    sub_district TEXT,
    caseworker TEXT,
    state TEXT,
    attitude TEXT,
    head_name TEXT,
    address_key TEXT,
    created_hlc INTEGER,
    last_visit_on TEXT,
    next_visit_due TEXT,
    visit_count INTEGER NOT NULL DEFAULT 0,
    open_requests INTEGER NOT NULL DEFAULT 0
)
"""
LIST_INDEXES_V11 = (
    "CREATE INDEX household_summary_address ON household_summary (address_key)",
    "CREATE INDEX household_summary_project_address ON household_summary (project_id, address_key)",
    "CREATE INDEX household_summary_head ON household_summary (head_name)",
    "CREATE INDEX household_summary_state ON household_summary (state)",
    "CREATE INDEX household_summary_attitude ON household_summary (attitude)",
    "CREATE INDEX household_summary_project ON household_summary (project_name)",
    "CREATE INDEX household_summary_created ON household_summary (created_hlc)",
    "CREATE INDEX household_summary_last_visit ON household_summary (last_visit_on)",
    "CREATE INDEX household_summary_open ON household_summary (open_requests)",
    "CREATE INDEX household_summary_due_by ON household_summary"
    " (next_visit_due, caseworker, sub_district, state, project_id, household_id)",
)


def integer_list_keys(conn: sqlite3.Connection) -> None:
    """Migration 11, the list index's part: the rows copied into the rowid table in the
    households' order (so equal rows keep the order they were made in), the indexes built after
    the rows (each written in key order: full pages). Inside the caller's transaction."""
    have = [row[1] for row in conn.execute("PRAGMA table_info(household_summary)")]
    if have and have[0] == "list_key":
        return
    conn.execute("ALTER TABLE household_summary RENAME TO household_summary_v10")
    conn.execute(LIST_INDEX_V11_SQL)
    conn.create_function("natural_key", 1, natural_key, deterministic=True)
    columns = ", ".join(SUMMARY_COLUMNS)
    # the address key in its compact form (natural_key), from the household's address
    copied = ", ".join(
        "natural_key(h.address)" if column == "address_key" else f"s.{column}"
        for column in SUMMARY_COLUMNS
    )
    conn.execute(
        f"INSERT INTO household_summary ({columns}) SELECT {copied}"
        " FROM household_summary_v10 s LEFT JOIN households h ON h.id = s.household_id"
        " ORDER BY h.rowid, s.household_id"
    )
    conn.execute("DROP TABLE household_summary_v10")
    for statement in LIST_INDEXES_V11:
        conn.execute(statement)


# Migration 12 (bench/results/storage.md): the project as its key in project_keys
# (storage/project_keys.py), in the row and in the two indexes that hold it.
LIST_COLUMNS = ("household_id", "project_key", *SUMMARY_COLUMNS[2:])
# SUMMARY_COLUMNS as read from the list index now (the project's id from its key).
SUMMARY_READ = ", ".join(
    f"{project_keys.ID_OF.format(key='project_key')} AS project_id" if c == "project_id" else c
    for c in SUMMARY_COLUMNS
)
LIST_INDEX_SQL = LIST_INDEX_V11_SQL.replace(
    "    project_id TEXT,\n", "    project_key INTEGER,\n"
).replace(
    # Since migration 14: the households row's rowid, so a search reads its winners' rows
    # without the households' id index (checked against the id: storage/shared_keys.py).
    "    open_requests INTEGER NOT NULL DEFAULT 0\n",
    "    open_requests INTEGER NOT NULL DEFAULT 0,\n    household_row INTEGER\n",
)
LIST_INDEXES = tuple(
    statement.replace("project_id", "project_key") for statement in LIST_INDEXES_V11
)


def project_keys_in_list(conn: sqlite3.Connection) -> None:
    """Migration 12, the list index's part: the rows copied with their list_key (so the lists'
    order is kept) and the project's key for its id; the indexes built after the rows. A live
    household without a row (a database from before migration 4 gets its rows here) is
    summarised. Inside the caller's transaction."""
    have = [row[1] for row in conn.execute("PRAGMA table_info(household_summary)")]
    if "project_key" in have:
        return
    project_keys.create_from(conn, "household_summary")
    conn.execute("ALTER TABLE household_summary RENAME TO household_summary_v11")
    conn.execute(LIST_INDEX_SQL)
    copied = ", ".join(
        "k.key" if column == "project_key" else f"s.{column}" for column in LIST_COLUMNS
    )
    conn.execute(
        f"INSERT INTO household_summary (list_key, {', '.join(LIST_COLUMNS)})"
        f" SELECT s.list_key, {copied} FROM household_summary_v11 s"
        " LEFT JOIN project_keys k ON k.project_id = s.project_id ORDER BY s.list_key"
    )
    conn.execute("DROP TABLE household_summary_v11")
    for statement in LIST_INDEXES:
        conn.execute(statement)
    refresh_summary(conn, live_households_without_row(conn, "household_summary"))


def live_households_without_row(conn: sqlite3.Connection, table: str) -> list[str]:
    """Live households with no row in `table` (a derived table with a household_id column), in
    the order they were made: what a migration that rebuilds a derived table must refresh."""
    return [
        row[0]
        for row in conn.execute(
            "SELECT id FROM households WHERE _deleted = 0 AND id NOT IN"
            f" (SELECT household_id FROM {table}) ORDER BY rowid"
        )
    ]


def refresh_summary(conn: sqlite3.Connection, household_ids: list[str]) -> None:
    """Rewrite the list-index rows of these households. A household keeps its row and so its
    `list_key` (the tie-break of the list's order: a page does not reshuffle equal rows because
    one of them changed); one deleted or gone loses its row."""
    # The address sort key is computed inside the INSERT: one statement per chunk, no read-back.
    conn.create_function("natural_key", 1, natural_key, deterministic=True)
    updated = ", ".join(f"{column} = excluded.{column}" for column in LIST_COLUMNS[1:])
    # Every chunk's gone rows first: a new row may take the key a gone one held.
    for chunk in _chunks(household_ids):
        marks = ",".join("?" * len(chunk))
        conn.execute(
            f"DELETE FROM household_summary WHERE household_id IN ({marks})"
            " AND household_id NOT IN"
            f" (SELECT id FROM households WHERE id IN ({marks}) AND _deleted = 0)",
            [*chunk, *chunk],
        )
    for chunk in _chunks(household_ids):
        marks = ",".join("?" * len(chunk))
        project_keys.ensure_for_households(conn, marks, chunk)
        # A new row takes its household's search_id as list_key (storage/search.py: one
        # integer names a household in both), unless a row holds it already (only before
        # migration 14 renumbered the list index); then the next free one.
        conn.execute(
            f"""
            INSERT INTO household_summary (list_key, household_row, {", ".join(LIST_COLUMNS)})
            SELECT (SELECT f.search_id FROM household_search f WHERE f.household_id = h.id
                      AND NOT EXISTS (SELECT 1 FROM household_summary x
                                       WHERE x.list_key = f.search_id)),
                   h.rowid, h.id, k.key, p.name, h.sub_district, h.caseworker, h.state,
                   h.attitude, h.head_name, natural_key(h.address), h._created_hlc,
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
            FROM households h LEFT JOIN projects p ON p.id = h.project_id
                 LEFT JOIN project_keys k ON k.project_id = h.project_id
            WHERE h.id IN ({marks}) AND h._deleted = 0
            ORDER BY 1, h.rowid  -- in key order: new rows append, pages stay full
            ON CONFLICT (household_id) DO UPDATE SET household_row = excluded.household_row,
                {updated}
            """,
            chunk,
        )


def natural_key(text: str | None) -> str | None:
    """A sort key that puts '3栋' before '10栋': every run of digits written as its length and
    its digits (leading zeros dropped), '13栋' before '210栋'. Since migration 11; up to then each
    run was zero-padded to ten digits, the same order in ~20 more bytes per address, kept three
    times (the row and two indexes). The length is one digit character, so against any other
    character a number compares as before."""
    if text is None:
        return None
    return _DIGITS.sub(_number_key, text)


def _number_key(match: re.Match[str]) -> str:
    digits = match.group().lstrip("0") or "0"
    if len(digits) < 9:
        return f"{len(digits)}{digits}"
    return f"9{min(len(digits), 99):02d}{digits}"  # 9 digits and more: '9' and two of length
