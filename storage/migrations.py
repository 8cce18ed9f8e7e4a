"""Numbered, named schema migrations, each in its own transaction.

Before the first pending migration the database file is copied with SQLite's backup API. A
database whose schema is newer than this program knows is refused before anything is written.
Released schemas have fixture databases in tests/storage/fixtures; a test upgrades each one.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from domain.errors import UserError
from domain.records import ENTITIES
from storage import (
    derived,
    due_index,
    meta,
    oplog,
    opstore,
    schema,
    scoping,
    search,
    shared_keys,
    sync_tables,
)
from storage.db import DatabaseError, copy_database, open_connection


def _initial(conn: sqlite3.Connection) -> None:
    for statement in schema.CORE_SQL.split(";"):
        if statement.strip():
            conn.execute(statement)
    schema.create_entity_tables(conn)
    meta.init_device(conn)


def _search_index(conn: sqlite3.Connection) -> None:
    search.create_schema(conn)
    ids = [row[0] for row in conn.execute("SELECT id FROM households")]
    search.refresh_household_search(conn, ids)


# Household fields that migration 5 adds (the valuation inputs of an estimate).
VALUATION_FIELDS = ("assessed_price", "assessed_value", "decoration_grade")


def _compensation_policies(conn: sqlite3.Connection) -> None:
    """The policies table and the household's valuation inputs. A new database already has them
    (migration 1 builds every table of domain/records.py), so each step checks first."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if ENTITIES["policy"].table not in tables:
        for statement in schema.entity_table_sql(ENTITIES["policy"]):
            conn.execute(statement)
    have = {row[1] for row in conn.execute("PRAGMA table_info(households)")}
    household = ENTITIES["household"]
    for name in VALUATION_FIELDS:
        if name not in have:
            column_type = household.field(name).column_type
            conn.execute(f"ALTER TABLE households ADD COLUMN {name} {column_type}")
    # Ops of these kinds may have arrived from a newer laptop before this upgrade: they are in
    # the log, so the rows are recomputed from it.
    marks = ",".join("?" * len(VALUATION_FIELDS))
    arrived = conn.execute(
        f"SELECT 1 FROM ops WHERE entity = 'policy' OR (entity = 'household' AND field IN ({marks}))"
        " LIMIT 1",
        VALUATION_FIELDS,
    ).fetchone()
    if arrived is not None:
        # Rebuilt once every migration has run (the rebuild writes the newest schema's rows).
        conn.execute(f"CREATE TABLE IF NOT EXISTS {REBUILD_PENDING} (reason TEXT)")


# Marks a database whose records must be recomputed from the op log after the migrations.
REBUILD_PENDING = "schema_rebuild_pending"


def _compact_ids(conn: sqlite3.Connection) -> None:
    """Migration 10 (bench/results/storage.md): ids as 16-byte blobs in the op log, the creating
    device as a key in every record row, and the list index's (next_visit_due) dropped — a
    prefix of household_summary_due_by (migration 9)."""
    opstore.compact_ids(conn)
    schema.device_keys_in_rows(conn)
    conn.execute("DROP INDEX IF EXISTS household_summary_due")


def _lean_derived(conn: sqlite3.Connection) -> None:
    """Migration 11 (bench/results/storage.md): the list index keyed by a small integer in its
    indexes, and the finder's FTS index without its own copy of the text."""
    derived.integer_list_keys(conn)
    search.contentless_fts(conn)


def _lean_rows(conn: sqlite3.Connection) -> None:
    """Migration 12 (bench/results/storage.md): the project as a small integer key in the list
    index and the finder; the author and the record kind as small integer keys in the op log, and
    the author's key in every record row."""
    derived.project_keys_in_list(conn)
    search.project_keys_in_rows(conn)
    opstore.keyed_authors_and_entities(conn)
    schema.author_keys_in_rows(conn)


def _lean_kinds(conn: sqlite3.Connection) -> None:
    """Migration 13 (bench/results/storage.md): the op's kind as a small integer in the op log,
    one index of households by project that also serves the projects' figures, and the finder's
    text index in blobs that fit a page (its segments written again so)."""
    opstore.integer_kinds(conn)
    schema.one_project_index(conn)
    search.fit_text_index_pages(conn)


def _rebuild_if_pending(conn: sqlite3.Connection) -> None:
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (REBUILD_PENDING,)
    ).fetchone()
    if found is None:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        oplog.rebuild_materialised(conn)
        conn.execute(f"DROP TABLE {REBUILD_PENDING}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _vacuum_if_any_free(conn: sqlite3.Connection) -> None:
    """Give back the pages an upgrade left free. Migrations rebuild tables and indexes, whose old
    pages stay free in the file: migration 14's list index left ~26 MiB (3.6 %) of a 100 000-
    household file so, for good (a share under 5 % used to be kept). A VACUUM (~9 s of CPU at
    100 000 households, once per upgrade) writes the file again without them."""
    if int(conn.execute("PRAGMA freelist_count").fetchone()[0]) > 0:
        # Out of disk space for VACUUM's copy, say: the upgrade is complete all the same, and
        # the free pages are reused as the database grows.
        with contextlib.suppress(DatabaseError):
            conn.execute("VACUUM")


Migration = tuple[int, str, Callable[[sqlite3.Connection], None]]

MIGRATIONS: list[Migration] = [
    (1, "op log, meta and materialised record tables", _initial),
    (2, "household finder index", _search_index),
    (3, "sync: devices, peer ranges, imported bundles", sync_tables.create_schema),
    (4, "household list index with natural address order", derived.create_summary),
    (5, "compensation policies and valuation inputs", _compensation_policies),
    (6, "scoped sync: scopes, covered ranges, withheld holders, late edits", scoping.create_schema),
    (7, "compact op log", opstore.create_schema),
    (8, "household finder: names as keys", search.add_name_keys),
    (
        9,
        "indexes of what falls due: open requests by deadline, households by next visit and progress",
        due_index.create,
    ),
    (10, "compact ids: op and record ids as bytes, devices as keys in record rows", _compact_ids),
    (
        11,
        "lean derived tables: integer keys in the list index, contentless finder text",
        _lean_derived,
    ),
    (
        12,
        "lean rows: projects as keys in the list index and the finder, authors and record kinds"
        " as keys in the op log and the record rows",
        _lean_rows,
    ),
    (
        13,
        "lean op log and indexes: op kinds as small integers, one index of households by project",
        _lean_kinds,
    ),
    (14, "one key per household in the finder and the list index", shared_keys.share_keys),
    (15, "the finder's trigram list, for two-character address terms", search.add_term_list),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


def current_version(conn: sqlite3.Connection) -> int:
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    except DatabaseError as exc:
        raise UserError("db_not_database", path="") from exc


def check_not_newer(conn: sqlite3.Connection) -> int:
    found = current_version(conn)
    if found > SCHEMA_VERSION:
        raise UserError("db_newer_schema", found=found, supported=SCHEMA_VERSION)
    return found


def check_not_newer_file(path: Path) -> int:
    """The same check on a plaintext file before it is converted (so a refusal changes nothing)."""
    try:
        conn = open_connection(f"file:{path}?mode=ro", None, uri=True)
    except DatabaseError as exc:
        raise UserError("db_not_database", path=str(path)) from exc
    try:
        return check_not_newer(conn)
    finally:
        conn.close()


def migrate(conn: sqlite3.Connection, path: Path | None, *, key: bytes | None = None) -> list[str]:
    """Bring the schema up to date; return the names of the migrations applied. With `path`, the
    file is first copied beside it, encrypted with `key` like the database."""
    found = check_not_newer(conn)
    pending = [m for m in MIGRATIONS if m[0] > found]
    if not pending:
        _rebuild_if_pending(conn)  # an upgrade interrupted after its last migration
        return []
    if found > 0 and path is not None:
        if key is None:
            raise ValueError("a backup of an encrypted database needs its key")
        target = path.with_name(f"{path.name}.v{found}-{time.strftime('%Y%m%d-%H%M%S')}.bak")
        copy_database(conn, target, key)
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations"
        " (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    applied = []
    for version, name, step in pending:
        conn.execute("BEGIN IMMEDIATE")
        try:
            step(conn)
            conn.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                (version, name, time.strftime("%Y-%m-%dT%H:%M:%S")),
            )
            conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:  # SQLite may have rolled back itself (a full disk)
                conn.execute("ROLLBACK")
            raise
        applied.append(name)
    _rebuild_if_pending(conn)
    if found > 0:
        _vacuum_if_any_free(conn)
    return applied
