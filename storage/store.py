"""Store: one database file with one writer thread and a reader connection per thread.

Datasette's pattern: every write is a function run on the writer thread inside BEGIN IMMEDIATE,
so there is exactly one writing connection (SQLite < 3.51.3 has a rare WAL bug with two).
Reads run in the calling thread on that thread's own connection.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import sqlite_utils

from domain.errors import UserError
from storage import migrations, oplog, schema
from storage.attachments import AttachmentStore
from storage.db import connect, enable_wal, translate_error, write_transaction

T = TypeVar("T")
SQLITE_MAGIC = b"SQLite format 3\x00"


class Store:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.files = AttachmentStore(self.path.with_name(self.path.stem + "-files"))
        self._local = threading.local()
        self._writer_db: sqlite_utils.Database | None = None
        self._writer_thread: int | None = None
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="doorstep-writer")
        self.migrations_applied: list[str] = []
        try:
            self._writer.submit(self._open_writer).result()
        except BaseException:
            self._writer.shutdown(wait=True)
            raise

    def _open_writer(self) -> None:
        _refuse_foreign_file(self.path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = connect(self.path)
        try:
            migrations.check_not_newer(db.conn)
            enable_wal(db)
            self.migrations_applied = migrations.migrate(db.conn, self.path)
            if schema.missing_columns(db.conn):
                with write_transaction(db):
                    _add_missing_columns(db.conn)
                    oplog.rebuild_materialised(db.conn)
        except sqlite3.DatabaseError as exc:
            db.close()
            translated = translate_error(exc, self.path)
            if translated is exc:
                raise
            raise translated from exc
        except BaseException:
            db.close()
            raise
        self._writer_db = db
        self._writer_thread = threading.get_ident()

    # writes -------------------------------------------------------------------------------
    def write(self, fn: Callable[[sqlite_utils.Database], T]) -> T:
        """Run `fn` in one write transaction on the writer thread and wait for its result."""
        return self.submit_write(fn).result()

    def submit_write(self, fn: Callable[[sqlite_utils.Database], T]) -> Future[T]:
        self._refuse_on_writer_thread("write")
        return self._writer.submit(self._run_write, fn)

    def _run_write(self, fn: Callable[[sqlite_utils.Database], T]) -> T:
        assert self._writer_db is not None
        with write_transaction(self._writer_db) as db:
            return fn(db)

    def compact(self) -> None:
        """Rewrite the database without free pages and empty the WAL, so deleted records leave
        no bytes behind (after a scope purge)."""

        def run() -> None:
            assert self._writer_db is not None
            self._writer_db.conn.execute("VACUUM")
            self._writer_db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

        self._refuse_on_writer_thread("compact")
        self._writer.submit(run).result()

    # reads --------------------------------------------------------------------------------
    def read(self, fn: Callable[[sqlite_utils.Database], T]) -> T:
        """Run `fn` on this thread's reader connection, in one snapshot."""
        self._refuse_on_writer_thread("read")
        db = self._reader()
        db.conn.execute("BEGIN")
        try:
            return fn(db)
        finally:
            db.conn.execute("COMMIT")

    def _refuse_on_writer_thread(self, what: str) -> None:
        """Inside a write, use the write's own connection: a nested write would wait for itself
        forever, and a nested read would see none of the transaction's changes."""
        if threading.get_ident() == self._writer_thread:
            raise RuntimeError(f"Store.{what}() called inside a write; use the write's connection")

    def _reader(self) -> sqlite_utils.Database:
        db: sqlite_utils.Database | None = getattr(self._local, "db", None)
        if db is None:
            db = connect(self.path, readonly=True)
            self._local.db = db
        return db

    def close(self) -> None:
        def close_writer() -> None:
            if self._writer_db is not None:
                self._writer_db.close()
                self._writer_db = None

        self._writer.submit(close_writer).result()
        self._writer.shutdown(wait=True)
        reader: sqlite_utils.Database | None = getattr(self._local, "db", None)
        if reader is not None:
            reader.close()
            self._local.db = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _refuse_foreign_file(path: Path) -> None:
    """Never let SQLite adopt a file that is not a database: it would be overwritten."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise UserError("db_not_database", path=str(path))


def _add_missing_columns(conn: sqlite3.Connection) -> None:
    from domain.records import ENTITIES

    for entity, columns in schema.missing_columns(conn).items():
        spec = ENTITIES[entity]
        if "id" in columns:
            for statement in schema.entity_table_sql(spec):
                conn.execute(statement)
            continue
        types = dict(schema.BOOKKEEPING_COLUMNS) | {f.name: f.column_type for f in spec.fields}
        for column in columns:
            conn.execute(f"ALTER TABLE {spec.table} ADD COLUMN {column} {types[column]}")
