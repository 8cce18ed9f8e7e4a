"""Store: one database file with one writer thread and a reader connection per thread.

Datasette's pattern: every write is a function run on the writer thread inside BEGIN IMMEDIATE,
so there is exactly one writing connection (SQLite < 3.51.3 has a rare WAL bug with two).
Reads run in the calling thread on that thread's own connection. Closing waits for reads in
flight, closes every thread's reader (a GUI page's pool thread included) and refuses any read or
write after it with one sentence ("db_closed"), so late work never touches a closed connection.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import sqlite_utils

from domain.errors import UserError
from storage import bulkload, keyring, migrations, oplog, plaintext, schema
from storage.attachments import AttachmentStore
from storage.db import (
    DatabaseError,
    connect,
    enable_wal,
    is_plaintext_sqlite,
    open_connection,
    translate_error,
    write_transaction,
)

T = TypeVar("T")
log = logging.getLogger(__name__)
# How long close() waits for reads in flight (a report over 100 000 households reads for seconds);
# a read still running after it closes its own connection when it ends.
CLOSE_WAIT_S = 60.0


class Store:
    """`password`: a string, a source called with "unlock" or "new", or None for the process's
    own (see storage/keyring.py). A new database, or one written before encryption, gets a new
    key wrapped by the password; an existing one is opened with its key file."""

    def __init__(
        self,
        path: str | Path,
        *,
        password: keyring.Password = None,
        on_step: Callable[[str], None] | None = None,
    ) -> None:
        self.path = Path(path)
        # Told the catalogue code of a long step of the opening before it starts (an upgrade,
        # the indexes a killed bulk load left to build), so the person is not left waiting in
        # silence; called on the writer thread.
        self._on_step = on_step
        self._said: set[str] = set()
        if self.path.is_dir():
            raise UserError("db_is_folder", path=str(self.path))
        # A write-protected stick or a read-only share: read it as it is, refuse every write.
        self.read_only = on_read_only_media(self.path)
        if self.read_only and (
            is_plaintext_sqlite(self.path) or not keyring.has_key_file(self.path)
        ):
            # encrypting it (and writing its key file) would be the first step
            raise UserError("db_read_only_upgrade", path=str(self.path))
        # Asked on the calling thread: a password dialog or prompt belongs to it.
        self.key = _database_key(self.path, password)
        self.files = AttachmentStore(
            self.path.with_name(self.path.stem + "-files"), keyring.subkey(self.key, "attachments")
        )
        self.plaintext_removed = False
        self._local = threading.local()
        # Every thread's reader, how many reads each has in flight, and whether close() ran:
        # guarded by one condition so close() can wait for the reads it must not cut off.
        self._readers_lock = threading.Condition()
        self._readers: list[sqlite_utils.Database] = []
        self._reading: Counter[int] = Counter()
        self._closed = False
        self._writer_db: sqlite_utils.Database | None = None
        self._writer_thread: int | None = None
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="doorstep-writer")
        self.migrations_applied: list[str] = []
        opener = self._check_read_only if self.read_only else self._open_writer
        try:
            self._writer.submit(opener).result()
        except BaseException:
            self._writer.shutdown(wait=True)
            raise

    def _open_writer(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        plaintext.remove_half_done(self.path)
        if is_plaintext_sqlite(self.path):
            try:
                plaintext.convert(self.path, self.key)
            except DatabaseError as exc:
                raise translate_error(exc, self.path) from exc
        try:
            db = connect(self.path, key=self.key)
        except UserError as exc:
            if exc.code == "db_not_database":
                # The key file unwrapped, so the password is right: the database is not the one
                # this key belongs to (copied from another laptop) or is damaged.
                raise UserError("db_key_mismatch", path=str(self.path)) from exc
            raise
        try:
            found = migrations.check_not_newer(db.conn)
            enable_wal(db)
            if found > 0 and bulkload.indexes_deferred(db.conn):
                # A bulk load cut short kept its schema's statements: they are run on that
                # schema, before any migration changes it.
                self._step("db_finishing_bulk_load")
                _restore_indexes(db)
            if 0 < found < migrations.SCHEMA_VERSION:
                self._step("db_upgrading")
            self.migrations_applied = migrations.migrate(db.conn, self.path, key=self.key)
            if schema.missing_columns(db.conn):
                with write_transaction(db):
                    _add_missing_columns(db.conn)
                    oplog.rebuild_materialised(db.conn)
            if bulkload.indexes_deferred(db.conn):  # a bulk load that never finished
                self._step("db_finishing_bulk_load")
                _restore_indexes(db)
        except DatabaseError as exc:
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
        self.plaintext_removed = plaintext.remove_plaintext_copy(self.path)
        self.plaintext_removed |= plaintext.convert_neighbours(self.path, self.key) > 0

    def _step(self, code: str) -> None:
        if self._on_step is None or code in self._said:
            return
        self._said.add(code)
        try:
            self._on_step(code)
        except Exception:  # saying it is a courtesy: a closed stderr must not stop the opening
            log.warning("could not say %s", code, exc_info=True)

    def _check_read_only(self) -> None:
        """Read-only media: the file must already be a database this program reads as it is."""
        db = connect(self.path, key=self.key, readonly=True, media_read_only=True)
        try:
            found = migrations.check_not_newer(db.conn)
            if found < migrations.SCHEMA_VERSION or schema.missing_columns(db.conn):
                raise UserError("db_read_only_upgrade", path=str(self.path))
        except DatabaseError as exc:
            translated = translate_error(exc, self.path)
            if translated is exc:
                raise
            raise translated from exc
        finally:
            db.close()

    # writes -------------------------------------------------------------------------------
    def write(self, fn: Callable[[sqlite_utils.Database], T]) -> T:
        """Run `fn` in one write transaction on the writer thread and wait for its result."""
        return self.submit_write(fn).result()

    def submit_write(self, fn: Callable[[sqlite_utils.Database], T]) -> Future[T]:
        self._refuse_on_writer_thread("write")
        self._refuse_if_closed()
        if self.read_only:
            raise UserError("db_read_only", path=str(self.path))
        return self._submit_to_writer(self._run_write, fn)

    def _submit_to_writer(self, fn: Callable[..., T], *args: object) -> Future[T]:
        try:
            return self._writer.submit(fn, *args)
        except RuntimeError as exc:  # the writer shut down between the check and now
            raise UserError("db_closed", path=str(self.path)) from exc

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
        self._refuse_if_closed()
        self._submit_to_writer(run).result()

    # reads --------------------------------------------------------------------------------
    def read(self, fn: Callable[[sqlite_utils.Database], T], *, cache_kib: int | None = None) -> T:
        """Run `fn` on this thread's reader connection, in one snapshot. With `cache_kib`, on a
        reader of its own with that page cache, closed afterwards: for a read that streams the
        whole op log once (an export), which would otherwise fill this thread's reader cache
        with pages nobody reads again and push out what searches keep warm."""
        self._refuse_on_writer_thread("read")
        db = self._start_read() if cache_kib is None else self._open_own_reader(cache_kib)
        try:
            db.conn.execute("BEGIN")
            try:
                return fn(db)
            finally:
                db.conn.execute("COMMIT")
        finally:
            if cache_kib is None:
                self._end_read(db)
            else:
                self._release(id(db))
                db.close()

    @property
    def closed(self) -> bool:
        return self._closed

    def _refuse_if_closed(self) -> None:
        if self._closed:
            raise UserError("db_closed", path=str(self.path))

    def _refuse_on_writer_thread(self, what: str) -> None:
        """Inside a write, use the write's own connection: a nested write would wait for itself
        forever, and a nested read would see none of the transaction's changes."""
        if threading.get_ident() == self._writer_thread:
            raise RuntimeError(f"Store.{what}() called inside a write; use the write's connection")

    def _start_read(self) -> sqlite_utils.Database:
        """This thread's reader, counted as in use until _end_read: close() waits for it."""
        with self._readers_lock:
            self._refuse_if_closed()
            db: sqlite_utils.Database | None = getattr(self._local, "db", None)
            if db is not None:
                self._reading[id(db)] += 1
                return db
            self._reading[0] += 1  # a connection being opened also holds close() back
        db = self._connect_reader(any_thread=True)  # close() closes it from its own thread
        with self._readers_lock:
            self._local.db = db
            self._readers.append(db)
            self._reading[id(db)] += 1
            self._release_locked(0)
        return db

    def _open_own_reader(self, cache_kib: int) -> sqlite_utils.Database:
        """A reader for one read only, counted as in use (close() waits for it) and closed by
        the read itself, never kept in the thread's slot."""
        with self._readers_lock:
            self._refuse_if_closed()
            self._reading[0] += 1
        db = self._connect_reader(cache_kib=cache_kib)
        with self._readers_lock:
            self._reading[id(db)] += 1
            self._release_locked(0)
        return db

    def _connect_reader(
        self, *, any_thread: bool = False, cache_kib: int | None = None
    ) -> sqlite_utils.Database:
        """A read-only connection, opened while the caller holds close() back (`_reading[0]`);
        a failed open lets close() go again."""
        try:
            return connect(
                self.path,
                key=self.key,
                readonly=True,
                media_read_only=self.read_only,
                any_thread=any_thread,
                cache_kib=cache_kib,
            )
        except BaseException:
            self._release(0)
            raise

    def _end_read(self, db: sqlite_utils.Database) -> None:
        with self._readers_lock:
            self._release_locked(id(db))
            # close() gave up waiting for this read: the reader is closed here, by its own thread
            orphan = self._closed and self._reading[id(db)] == 0 and db in self._readers
            if orphan:
                self._readers.remove(db)
        if orphan:
            db.close()

    def _release(self, key: int) -> None:
        with self._readers_lock:
            self._release_locked(key)

    def _release_locked(self, key: int) -> None:
        self._reading[key] -= 1
        if self._reading[key] <= 0:
            del self._reading[key]
        self._readers_lock.notify_all()

    def close(self) -> None:
        """Refuse new reads and writes, let the ones in flight end, then close every connection.
        Closing twice is harmless."""
        with self._readers_lock:
            if self._closed:
                return
            self._closed = True
            if not self._readers_lock.wait_for(lambda: not self._reading, timeout=CLOSE_WAIT_S):
                log.warning("a read was still running when the database closed")
            idle = [db for db in self._readers if id(db) not in self._reading]
            self._readers = [db for db in self._readers if id(db) in self._reading]

        def close_writer() -> None:
            if self._writer_db is not None:
                self._writer_db.close()
                self._writer_db = None
            # the thread id may be reused by a new thread once the writer ends
            self._writer_thread = None

        self._writer.submit(close_writer).result()
        self._writer.shutdown(wait=True)
        for db in idle:
            db.close()
        self._local = threading.local()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def on_read_only_media(path: Path) -> bool:
    """True when the database exists but it or its folder cannot be written: SQLite needs both
    (the folder for its -wal and -shm files)."""
    return path.is_file() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


def _database_key(path: Path, password: keyring.Password) -> bytes:
    """The key of the database at `path`: unwrapped from its key file, or new for a new or a
    plaintext database. A file with content that is neither plaintext SQLite nor has a key file
    is refused untouched: SQLite must never adopt (and overwrite) a foreign file."""
    if keyring.has_key_file(path):
        return keyring.unlock(path, password)
    new_file = not path.exists() or path.stat().st_size == 0
    if is_plaintext_sqlite(path):
        migrations.check_not_newer_file(path)
        return keyring.create(path, password)
    if new_file:
        return keyring.create(path, password)
    raise UserError(
        "db_not_database_or_no_key", path=str(path), key=str(keyring.key_file_path(path))
    )


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


def open_raw(path: str | Path, password: keyring.Password = None) -> sqlite3.Connection:
    """A bare DB-API connection to an existing encrypted database (for tools and tests); the
    caller closes it. Nothing is created or converted."""
    return open_connection(path, keyring.unlock(Path(path), password))


def _restore_indexes(db: sqlite_utils.Database) -> None:
    """Build the indexes a bulk load dropped and never built (storage.bulkload.defer_indexes).
    Should that fail (a full disk), the database opens without them: every read still answers,
    only slower, and the next opening tries again."""
    try:
        with write_transaction(db):
            bulkload.restore_indexes(db.conn)
    except (DatabaseError, UserError) as exc:
        log.warning("indexes left for the next opening: %s", exc)
