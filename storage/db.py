"""Connections and transactions, and the one place that knows the database driver.

Every database is opened through SQLCipher (the `sqlcipher3` package: SQLCipher 4 on a current
SQLite with FTS5): pages, the WAL and temp structures are encrypted with the 32-byte database key
that storage/keyring.py unwraps from the caseworker's password. The key is given raw (x'…'), so
opening a connection costs no key derivation. A wrong key shows only on the first read ("file is
not a database"), so `connect` reads once to find out at once.

The driver's exception classes are not the standard library's: code below services catches
`storage.db.Error` / `DatabaseError` / `IntegrityError` / `OperationalError`, never `sqlite3.*`.

Every connection is opened by the thread that uses it (sqlite-utils keeps Python's same-thread
check). Writes happen only on the Store's writer thread, inside `write_transaction`, which takes
the write lock up front (BEGIN IMMEDIATE) so a transaction never fails half-way on a lock upgrade.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlcipher3
import sqlite_utils

from domain.errors import UserError

driver: Any = sqlcipher3.dbapi2
Error: type[Exception] = driver.Error
DatabaseError: type[Exception] = driver.DatabaseError
IntegrityError: type[Exception] = driver.IntegrityError
OperationalError: type[Exception] = driver.OperationalError
SQLITE_VERSION: str = driver.sqlite_version
KEY_BYTES = 32
SQLITE_MAGIC = b"SQLite format 3\x00"


def is_plaintext_sqlite(path: Path) -> bool:
    """A database written before encryption (or by any other SQLite program)."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def open_connection(
    path: str | Path, key: bytes | None, *, uri: bool = False
) -> sqlite3.Connection:
    """A bare DB-API connection; `key` None opens a plaintext file (only to convert it)."""
    conn: sqlite3.Connection = driver.connect(
        str(path), isolation_level=None, timeout=10.0, uri=uri
    )
    try:
        # SQLCipher logs a failed page HMAC (a wrong key) to stderr by default; the program says
        # so itself, in one sentence.
        conn.execute("PRAGMA cipher_log_level = NONE")
        if key is not None:
            conn.execute(f'PRAGMA key = "{key_literal(key)}"')
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except DatabaseError:
        conn.close()
        raise
    return conn


def key_literal(key: bytes) -> str:
    if len(key) != KEY_BYTES:
        raise ValueError("a database key is 32 bytes")
    return f"x'{key.hex()}'"


def connect(
    path: str | Path, *, key: bytes | None, readonly: bool = False
) -> sqlite_utils.Database:
    try:
        conn = open_connection(path, key)
    except DatabaseError as exc:
        raise translate_error(exc, path) from exc
    try:
        conn.execute("PRAGMA busy_timeout = 10000")
        conn.execute("PRAGMA foreign_keys = OFF")
        if not readonly:
            conn.execute("PRAGMA synchronous = FULL")
        if readonly:
            conn.execute("PRAGMA query_only = ON")
    except DatabaseError as exc:
        conn.close()
        raise translate_error(exc, path) from exc
    return sqlite_utils.Database(conn)


def enable_wal(db: sqlite_utils.Database) -> None:
    db.conn.execute("PRAGMA journal_mode = WAL")
    db.conn.execute("PRAGMA synchronous = FULL")


def copy_database(conn: sqlite3.Connection, target: Path, key: bytes) -> Path:
    """A consistent copy of an open database into `target`, encrypted with the same key (the
    backup API between two SQLCipher connections keeps the encryption)."""
    copy = open_connection(target, key)
    try:
        conn.backup(copy)
    finally:
        copy.close()
    return target


def translate_error(exc: BaseException, path: str | Path = "") -> Exception:
    """Map the SQLite failures a user can cause to one sentence; anything else stays a bug."""
    text = str(exc).lower()
    if "database or disk is full" in text or ("disk i/o error" in text and "full" in text):
        return UserError("db_disk_full")
    if "database is locked" in text or "database is busy" in text:
        return UserError("db_busy")
    if "file is not a database" in text or "database disk image is malformed" in text:
        return UserError("db_not_database", path=str(path))
    assert isinstance(exc, Exception)
    return exc


@contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    conn = db.conn
    try:
        conn.execute("BEGIN IMMEDIATE")
    except Error as exc:
        raise translate_error(exc) from exc
    try:
        yield db
    except Error as exc:
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
    except Error as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise translate_error(exc) from exc
