"""Connections and transactions, and the one place that knows the database driver.

Every database is opened through SQLCipher (the `sqlcipher3` package: SQLCipher 4 on a current
SQLite with FTS5): pages, the WAL and temp structures are encrypted with the 32-byte database key
that storage/keyring.py unwraps from the caseworker's password. The key is given raw (x'…'), so
opening a connection costs no key derivation. A wrong key shows only on the first read ("file is
not a database"), so `connect` reads once to find out at once.

Page layout: every database has LAYOUT, SQLCipher 4's defaults (4 096-byte pages checked by
HMAC-SHA512). An encrypted file does not state its layout (its header is encrypted too), so a
copy is given its source's (`copy_database`) and an opening names it.

The driver's exception classes are not the standard library's: code below services catches
`storage.db.Error` / `DatabaseError` / `IntegrityError` / `OperationalError`, never `sqlite3.*`.

Every connection is opened by the thread that uses it (Python's same-thread check stays on). Writes happen only on the Store's writer thread, inside `write_transaction`, which takes
the write lock up front (BEGIN IMMEDIATE) so a transaction never fails half-way on a lock upgrade.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, cast

import sqlcipher3

if TYPE_CHECKING:
    import sqlite_utils

from domain.errors import UserError
from storage import opstore

driver: Any = sqlcipher3.dbapi2
Error: type[Exception] = driver.Error
DatabaseError: type[Exception] = driver.DatabaseError
IntegrityError: type[Exception] = driver.IntegrityError
OperationalError: type[Exception] = driver.OperationalError
SQLITE_VERSION: str = driver.sqlite_version


def _none(value: None) -> None:
    return value


# The driver binds int, float and str directly; any other value it first looks up for an
# adapter and, finding none, asks for `__conform__` — an AttributeError made and dropped per
# value (~1.1 µs, where an int costs 0.1). Op ids, record ids and compressed op values are bytes,
# most optional fields None: adapters that return them as they are cost ~0.2-0.3 µs, a quarter
# of a bulk load's writer CPU (bench/results/write.md, tests/storage/test_binding.py).
driver.register_adapter(bytes, bytes)
driver.register_adapter(type(None), _none)
KEY_BYTES = 32
# SQLite's own page cache per connection (KiB). Every page read from the file is decrypted, so
# keeping hot pages decrypted in memory is what keeps searches near plaintext speed: the OS cache
# no longer serves as a free second level. The memory is taken only as pages are used. Readers
# (the GUI thread and the two task threads) get more: at 100 000 households a day's searches
# touch more than 64 MiB, and with 128 MiB repeated searches cost what plaintext costs
# (bench/results/encryption.md). The writer keeps 64 MiB (imports stream through it).
CACHE_KIB = 64 * 1024
READER_CACHE_KIB = 128 * 1024
# A read that streams the whole op log once (an export) reads on a connection of its own with
# this cache: its pages are read once each, so a big cache would fill with up to 128 MiB of them
# for nothing (a hub's log is larger than that) and, on the thread's reader, push out what
# searches keep warm. It costs a second decryption of each page for a second pass over the log,
# so an export makes two (bench/results/sync.md).
STREAM_CACHE_KIB = 2 * 1024
SQLITE_MAGIC = b"SQLite format 3\x00"


class CipherLayout(NamedTuple):
    """How SQLCipher lays out an encrypted file's pages; fixed when the file is made."""

    page_size: int
    hmac: str  # PRAGMA cipher_hmac_algorithm


# SQLCipher 4's defaults, as every version has made its databases. 16 KiB pages checked by
# HMAC-SHA256 were measured (bench/results/storage.md, 2026-12-06 night): `demo`'s database 3 %
# smaller, but a page read from the file is decrypted and checked whole, so the first, cold
# 2-character name search cost 1.75-1.79x its LIKE scan against 0.73-0.97x (target <= 1.0x).
# Taking a new layout means opening files of both: by trying each with the raw key (one page
# read), as that measurement's branch did.
LAYOUT = CipherLayout(4096, "HMAC_SHA512")
PAGE_SIZE, HMAC_ALGORITHM = LAYOUT


def is_plaintext_sqlite(path: Path) -> bool:
    """A database written before encryption (or by any other SQLite program)."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def open_connection(
    path: str | Path,
    key: bytes | None,
    *,
    uri: bool = False,
    any_thread: bool = False,
    layout: CipherLayout | None = None,
) -> sqlite3.Connection:
    """A bare DB-API connection; `key` None opens a plaintext file (only to convert it).
    `any_thread`: another thread may close it (the caller makes sure no two use it at once).
    `layout`: the encrypted file's page layout (LAYOUT unless a copy must match its source)."""
    conn: sqlite3.Connection = driver.connect(
        str(path), isolation_level=None, timeout=10.0, uri=uri, check_same_thread=not any_thread
    )
    try:
        # SQLCipher logs a failed page HMAC (a wrong key) to stderr by default; the program says
        # so itself, in one sentence.
        conn.execute("PRAGMA cipher_log_level = NONE")
        if key is not None:
            conn.execute(f'PRAGMA key = "{key_literal(key)}"')
            conn.execute(f"PRAGMA cipher_page_size = {int((layout or LAYOUT).page_size)}")
            conn.execute(f"PRAGMA cipher_hmac_algorithm = {(layout or LAYOUT).hmac}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except DatabaseError:
        conn.close()
        raise
    opstore.register(conn)  # the `ops` view decodes compact op values with it
    return conn


def layout_of(conn: sqlite3.Connection, schema: str = "main") -> CipherLayout:
    """The SQLCipher page layout of an open encrypted database."""
    size = conn.execute(f"PRAGMA {schema}.cipher_page_size").fetchone()[0]
    hmac = conn.execute(f"PRAGMA {schema}.cipher_hmac_algorithm").fetchone()[0]
    return CipherLayout(int(size), str(hmac))


def use_layout(conn: sqlite3.Connection, schema: str, layout: CipherLayout | None = None) -> None:
    """Give a just-attached, still empty encrypted database `layout` (by default a new
    database's) before its first write."""
    layout = layout or LAYOUT
    conn.execute(f"PRAGMA {schema}.cipher_page_size = {int(layout.page_size)}")
    conn.execute(f"PRAGMA {schema}.cipher_hmac_algorithm = {layout.hmac}")


def key_literal(key: bytes) -> str:
    if len(key) != KEY_BYTES:
        raise ValueError("a database key is 32 bytes")
    return f"x'{key.hex()}'"


def connect(
    path: str | Path,
    *,
    key: bytes | None,
    readonly: bool = False,
    media_read_only: bool = False,
    any_thread: bool = False,
    cache_kib: int | None = None,
) -> sqlite_utils.Database:
    """A connection to `path`; `media_read_only` for a file on a write-protected medium, which
    SQLite must open without its -wal/-shm files (it cannot create them there); `any_thread`
    as in open_connection; `cache_kib` replaces the page cache size (READER_CACHE_KIB for
    readers, CACHE_KIB for the writer)."""
    try:
        if media_read_only:
            conn = open_connection(read_only_uri(path), key, uri=True, any_thread=any_thread)
        else:
            conn = open_connection(path, key, any_thread=any_thread)
    except DatabaseError as exc:
        raise translate_error(exc, path) from exc
    try:
        conn.execute("PRAGMA busy_timeout = 10000")
        if cache_kib is None:
            cache_kib = READER_CACHE_KIB if readonly else CACHE_KIB
        conn.execute(f"PRAGMA cache_size = -{int(cache_kib)}")
        conn.execute("PRAGMA foreign_keys = OFF")
        if not readonly:
            conn.execute("PRAGMA synchronous = FULL")
        if readonly:
            conn.execute("PRAGMA query_only = ON")
    except DatabaseError as exc:
        conn.close()
        raise translate_error(exc, path) from exc
    # typed as what it stands in for: every other attribute is sqlite-utils' own (see Database)
    return cast("sqlite_utils.Database", Database(conn))


class Database:
    """The part of sqlite-utils' Database this program uses — `conn`, `query`, `execute`,
    `close` — without importing sqlite-utils, which costs 0.2–0.3 s (with click and dateutil)
    at the start of every command. Its rows are the same dicts (duplicate column names renamed
    the same way) and the connection gets the same `recursive_triggers`; anything else asked of
    it (`db["table"]`, `db.table_names()`, …) loads sqlite-utils then and is answered by a real
    sqlite_utils.Database on the same connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._full: Any = None
        conn.execute("PRAGMA recursive_triggers = on")

    def query(
        self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None
    ) -> Iterator[dict[str, Any]]:
        cursor = self.conn.execute(sql, () if params is None else params)
        if cursor.description is None:
            raise ValueError("query() can only be used with SQL that returns rows")
        keys = dedupe_keys([d[0] for d in cursor.description])
        return (dict(zip(keys, row, strict=True)) for row in cursor)

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> Any:
        return self.conn.execute(sql, () if params is None else params)

    def close(self) -> None:
        self.conn.close()

    def sqlite_utils(self) -> Any:
        """A real sqlite_utils.Database on this connection, made on first need."""
        if self._full is None:
            import sqlite_utils

            self._full = sqlite_utils.Database(self.conn)
        return self._full

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.sqlite_utils(), name)

    def __getitem__(self, table: str) -> Any:
        return self.sqlite_utils()[table]


def dedupe_keys(keys: list[str]) -> list[str]:
    """sqlite-utils' names for duplicate columns: the later ones get _2, _3, … (skipping any
    name another column has), so `SELECT h.id, p.id` gives "id" and "id_2" as before."""
    taken = set(keys)
    if len(taken) == len(keys):
        return keys
    seen: set[str] = set()
    result = []
    for key in keys:
        if key in seen:
            new_key, suffix = key, 2
            while new_key in seen or new_key in taken:
                new_key = f"{key}_{suffix}"
                suffix += 1
            key = new_key
        seen.add(key)
        result.append(key)
    return result


def read_only_uri(path: str | Path) -> str:
    """immutable=1: nobody can change a file on read-only media, so SQLite needs no lock files.
    A leftover -wal (the stick was pulled out) holds committed data: then read it in mode=ro."""
    target = Path(path).resolve()
    has_wal = target.with_name(target.name + "-wal").exists()
    return target.as_uri() + ("?mode=ro" if has_wal else "?immutable=1")


def enable_wal(db: sqlite_utils.Database) -> None:
    db.conn.execute("PRAGMA journal_mode = WAL")
    db.conn.execute("PRAGMA synchronous = FULL")


def copy_database(conn: sqlite3.Connection, target: Path, key: bytes) -> Path:
    """A consistent copy of an open database into `target`, encrypted with the same key (the
    backup API between two SQLCipher connections keeps the encryption)."""
    # The backup API between SQLCipher databases of different page sizes writes a copy nobody
    # can read: the copy gets its source's layout.
    copy = open_connection(target, key, layout=layout_of(conn))
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
    if "disk i/o error" in text and path and disk_nearly_full(Path(path)):
        # Opening in WAL mode creates the -wal and -shm files (32 KiB and more): on a full disk
        # SQLite says only "disk I/O error".
        return UserError("db_disk_full_open", path=str(path))
    if "database is locked" in text or "database is busy" in text:
        return UserError("db_busy")
    if "readonly database" in text:
        return UserError("db_read_only", path=str(path))
    if "file is not a database" in text or "database disk image is malformed" in text:
        return UserError("db_not_database", path=str(path))
    assert isinstance(exc, Exception)
    return exc


NEARLY_FULL_BYTES = 1024 * 1024


def disk_nearly_full(path: Path) -> bool:
    """Whether the file system holding `path` has under 1 MiB free (less than SQLite needs to
    open a database in WAL mode and write a transaction)."""
    folder = path if path.is_dir() else path.parent
    try:
        return shutil.disk_usage(os.fspath(folder)).free < NEARLY_FULL_BYTES
    except OSError:
        return False


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
