"""Table definitions: the op log (the truth) and the tables derived from it.

Materialised record tables are generated from domain/records.py: one column per field plus the
bookkeeping columns below. They hold nothing the op log does not, so `rebuild_materialised` can
recreate them at any time.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence

from domain.records import ENTITIES, EntitySpec

BOOKKEEPING_COLUMNS = (
    ("_created_hlc", "INTEGER"),
    ("_updated_hlc", "INTEGER"),
    # The creating op's author as its key in op_authors (since migration 12; its text before):
    # writers give the author's name and the INSERT looks the key up (`row_placeholders`).
    ("_created_by", "INTEGER"),
    # The creating device's key in op_devices (since migration 10; its UUID before): writers
    # give the device id and the INSERT looks the key up (`row_placeholders`).
    ("_created_device", "INTEGER"),
    ("_deleted", "INTEGER NOT NULL DEFAULT 0"),
    ("_delete_conflict", "INTEGER NOT NULL DEFAULT 0"),
    ("_conflicts", "INTEGER NOT NULL DEFAULT 0"),
)

CORE_SQL = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE ops (
    op_id TEXT PRIMARY KEY,
    origin_device TEXT NOT NULL,
    origin_seq INTEGER NOT NULL,
    hlc INTEGER NOT NULL,
    author TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    field TEXT,
    value_json TEXT NOT NULL,
    preds_json TEXT NOT NULL,
    kind TEXT NOT NULL,
    UNIQUE (origin_device, origin_seq)
);
CREATE INDEX ops_entity ON ops (entity_id, kind);
CREATE INDEX ops_event ON ops (kind, entity) WHERE kind = 'event';
-- Heads of a field that has been set after creation. A field with no rows here has the
-- record's create op as its only head (most fields of most records are never edited).
CREATE TABLE field_heads (
    entity_id TEXT NOT NULL,
    field TEXT NOT NULL,
    op_id TEXT NOT NULL,
    PRIMARY KEY (entity_id, field, op_id)
) WITHOUT ROWID;
-- Every (field, op) named as a predecessor: such an op can never again be a head.
CREATE TABLE superseded (
    entity_id TEXT NOT NULL,
    field TEXT NOT NULL,
    op_id TEXT NOT NULL,
    PRIMARY KEY (entity_id, field, op_id)
) WITHOUT ROWID;
-- Per-household figures the household list sorts and filters on, kept with visits and requests.
CREATE TABLE household_summary (
    household_id TEXT PRIMARY KEY,
    last_visit_on TEXT,
    next_visit_due TEXT,
    visit_count INTEGER NOT NULL DEFAULT 0,
    open_requests INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX household_summary_due ON household_summary (next_visit_due);
CREATE TABLE conflicts (
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    field TEXT NOT NULL,
    heads INTEGER NOT NULL,
    PRIMARY KEY (entity_id, field)
) WITHOUT ROWID;
"""


# Reference indexes that hold more than the reference (since migration 13): households by
# project also give the projects' figures (services/projects.py: state, vacated date, live or
# deleted) from the index alone, where a second, partial index (households_progress, migration
# 9) held every live household's project id again (4.4 MiB at 100 000 households).
REF_INDEX_COLUMNS = {("households", "project_id"): "project_id, state, vacated_on, _deleted"}


def entity_table_sql(spec: EntitySpec) -> list[str]:
    columns = ["id TEXT PRIMARY KEY"]
    columns += [f"{f.name} {f.column_type}" for f in spec.fields]
    columns += [f"{name} {decl}" for name, decl in BOOKKEEPING_COLUMNS]
    statements = [f"CREATE TABLE {spec.table} (\n    " + ",\n    ".join(columns) + "\n)"]
    for f in spec.fields:
        if f.kind == "ref":
            statements.append(_ref_index_sql(spec.table, f.name))
    return statements


def _ref_index_sql(table: str, column: str) -> str:
    indexed = REF_INDEX_COLUMNS.get((table, column), column)
    return f"CREATE INDEX {table}_{column} ON {table} ({indexed})"


def one_project_index(conn: sqlite3.Connection) -> None:
    """Migration 13, the record tables' part: households_project_id made as REF_INDEX_COLUMNS
    says, households_progress (migration 9) dropped."""
    conn.execute("DROP INDEX IF EXISTS households_progress")
    for table, column in REF_INDEX_COLUMNS:
        conn.execute(f"DROP INDEX IF EXISTS {table}_{column}")
        conn.execute(_ref_index_sql(table, column))


def create_entity_tables(conn: sqlite3.Connection) -> None:
    for spec in ENTITIES.values():
        for statement in entity_table_sql(spec):
            conn.execute(statement)


def missing_columns(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """Entity tables or columns that domain/records.py declares but the database lacks."""
    missing: dict[str, list[str]] = {}
    for spec in ENTITIES.values():
        have = {row[1] for row in conn.execute(f"PRAGMA table_info({spec.table})")}
        want = ["id", *spec.field_names, *(name for name, _ in BOOKKEEPING_COLUMNS)]
        lacking = [name for name in want if name not in have]
        if lacking:
            missing[spec.name] = lacking
    return missing


CREATED_DEVICE_VALUE = "(SELECT key FROM op_devices WHERE device_id = ?)"
CREATED_BY_VALUE = "(SELECT key FROM op_authors WHERE author = ?)"


def row_placeholders(columns: Sequence[str], *, device_as_key: bool = False) -> str:
    """The VALUES placeholders of a record row written with these columns: `?` each, the
    creating device's id (unless given as its key) and the author's name turned into keys."""
    lookups = {"_created_by": CREATED_BY_VALUE}
    if not device_as_key:
        lookups["_created_device"] = CREATED_DEVICE_VALUE
    return ", ".join(lookups.get(c, "?") for c in columns)


def device_keys_in_rows(conn: sqlite3.Connection) -> None:
    """Migration 10, the record tables' part: `_created_device` becomes the device's integer key
    (36 bytes fewer in every row)."""
    _column_as_key(conn, "_created_device", "op_devices", "device_id", "v10")


def author_keys_in_rows(conn: sqlite3.Connection) -> None:
    """Migration 12, the record tables' part: `_created_by` becomes the author's integer key in
    op_authors. After the op log's part, which made op_authors."""
    _column_as_key(conn, "_created_by", "op_authors", "author", "v12")


def _column_as_key(
    conn: sqlite3.Connection, column: str, keys_table: str, name_column: str, suffix: str
) -> None:
    """Every record table whose text `column` becomes the integer key of its value in
    `keys_table` (a table rebuilt with its rows, rowids and indexes; tables made by this code,
    already INTEGER there, are left alone)."""
    for spec in ENTITIES.values():
        info = {
            row[1]: str(row[2]).upper() for row in conn.execute(f"PRAGMA table_info({spec.table})")
        }
        if info.get(column, "INTEGER") == "INTEGER":
            continue  # made by this code (or absent)
        table = spec.table
        (sql,) = conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()
        indexes = [
            row[0]
            for row in conn.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?"
                " AND sql IS NOT NULL",
                (table,),
            )
        ]
        conn.execute(
            f"INSERT OR IGNORE INTO {keys_table} ({name_column})"
            f" SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL"
        )
        new_sql = re.sub(rf"\b{column}\s+TEXT\b", f"{column} INTEGER", sql, count=1)
        new_sql = re.sub(
            rf"^CREATE TABLE\s+\"?{table}\"?", f"CREATE TABLE {table}_{suffix}", new_sql, count=1
        )
        columns = list(info)
        values = [
            f"(SELECT key FROM {keys_table} WHERE {name_column} = t.{column})"
            if name == column
            else f"t.{name}"
            for name in columns
        ]
        conn.execute(new_sql)
        conn.execute(
            f"INSERT INTO {table}_{suffix} (rowid, {', '.join(columns)})"
            f" SELECT t.rowid, {', '.join(values)} FROM {table} t ORDER BY t.rowid"
        )
        conn.execute(f"DROP TABLE {table}")
        conn.execute(f"ALTER TABLE {table}_{suffix} RENAME TO {table}")
        for statement in indexes:
            conn.execute(statement)
