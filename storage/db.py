"""Connections and transactions.

Every connection is opened by the thread that uses it (sqlite-utils keeps Python's same-thread
check). Writes happen only on the Store's writer thread, inside `write_transaction`, which takes
the write lock up front (BEGIN IMMEDIATE) so a transaction never fails half-way on a lock upgrade.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from domain.errors import UserError


def connect(
    path: str | Path, *, readonly: bool = False, media_read_only: bool = False
) -> sqlite_utils.Database:
    """A connection to `path`; `media_read_only` for a file on a write-protected medium, which
    SQLite must open without its -wal/-shm files (it cannot create them there)."""
    if media_read_only:
        conn = sqlite3.connect(read_only_uri(path), isolation_level=None, timeout=10.0, uri=True)
    else:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=10.0)
    try:
        conn.execute("PRAGMA busy_timeout = 10000")
        conn.execute("PRAGMA foreign_keys = OFF")
        if not readonly:
            conn.execute("PRAGMA synchronous = FULL")
        if readonly:
            conn.execute("PRAGMA query_only = ON")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise translate_error(exc, path) from exc
    return sqlite_utils.Database(conn)


def read_only_uri(path: str | Path) -> str:
    """immutable=1: nobody can change a file on read-only media, so SQLite needs no lock files.
    A leftover -wal (the stick was pulled out) holds committed data: then read it in mode=ro."""
    target = Path(path).resolve()
    has_wal = target.with_name(target.name + "-wal").exists()
    return target.as_uri() + ("?mode=ro" if has_wal else "?immutable=1")


def enable_wal(db: sqlite_utils.Database) -> None:
    db.conn.execute("PRAGMA journal_mode = WAL")
    db.conn.execute("PRAGMA synchronous = FULL")


def translate_error(exc: sqlite3.Error, path: str | Path = "") -> Exception:
    """Map the SQLite failures a user can cause to one sentence; anything else stays a bug."""
    text = str(exc).lower()
    if "database or disk is full" in text or ("disk i/o error" in text and "full" in text):
        return UserError("db_disk_full")
    if "database is locked" in text or "database is busy" in text:
        return UserError("db_busy")
    if "readonly database" in text:
        return UserError("db_read_only", path=str(path))
    if "file is not a database" in text or "database disk image is malformed" in text:
        return UserError("db_not_database", path=str(path))
    return exc


@contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    conn = db.conn
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise translate_error(exc) from exc
    try:
        yield db
    except sqlite3.Error as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        translated = translate_error(exc)
        if translated is exc:
            raise
        raise translated from exc
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise translate_error(exc) from exc
