"""Converting a database written before encryption: on the first start after the upgrade.

SQLCipher's `sqlcipher_export` copies the plaintext file into a new encrypted one beside it
(``doorstep.db.encrypting``), which is checked (integrity, schema version, row counts) before an
atomic swap. The plaintext file is first hard-linked to ``doorstep.db.plaintext`` and the
encrypted copy then renamed over ``doorstep.db``, so a kill -9 at any moment leaves
``doorstep.db`` either the old plaintext database or the new encrypted one, both openable with
the key file; a half-written ``.encrypting`` file is removed at the next start. The plaintext
copy is overwritten and deleted after the encrypted database has opened successfully.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from pathlib import Path

from storage.atomic import fsync_dir
from storage.db import is_plaintext_sqlite, key_literal, open_connection, use_layout

ENCRYPTING_SUFFIX = ".encrypting"
PLAINTEXT_SUFFIX = ".plaintext"
_SIDE_FILES = ("-wal", "-shm", "-journal")


def encrypting_path(path: Path) -> Path:
    return path.with_name(path.name + ENCRYPTING_SUFFIX)


def plaintext_copy_path(path: Path) -> Path:
    return path.with_name(path.name + PLAINTEXT_SUFFIX)


def remove_half_done(path: Path) -> None:
    """A conversion killed before its swap leaves a partial encrypted file: it is never used."""
    temp = encrypting_path(path)
    for name in (temp, *(temp.with_name(temp.name + s) for s in _SIDE_FILES)):
        name.unlink(missing_ok=True)


def convert(path: Path, key: bytes) -> None:
    """Encrypt the plaintext database at `path` in place (see the module's first lines)."""
    remove_half_done(path)
    temp = encrypting_path(path)
    plain = open_connection(path, None)
    try:
        # A WAL a crash left behind holds committed transactions: fold them into the file first.
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        version = int(plain.execute("PRAGMA user_version").fetchone()[0])
        counts = _row_counts(plain)
        plain.execute(f'ATTACH DATABASE ? AS encrypted KEY "{key_literal(key)}"', (str(temp),))
        use_layout(plain, "encrypted")  # a new database's
        plain.execute("SELECT sqlcipher_export('encrypted')")
        plain.execute(f"PRAGMA encrypted.user_version = {version}")
        plain.execute("DETACH DATABASE encrypted")
    finally:
        plain.close()
    _verify(temp, key, version, counts)
    _fsync(temp)
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        if wal.stat().st_size:
            raise RuntimeError("the plaintext database still has a write-ahead log; not swapping")
        wal.unlink()
    copy = plaintext_copy_path(path)
    copy.unlink(missing_ok=True)
    try:
        os.link(path, copy)
    except OSError:  # a file system without hard links (FAT on a USB stick)
        shutil.copy2(path, copy)
        _fsync(copy)
    fsync_dir(path.parent)
    os.replace(temp, path)
    fsync_dir(path.parent)


def plaintext_neighbours(path: Path) -> list[Path]:
    """Copies of the database written before encryption: migration backups beside it and the
    sync backups in backups/ (each converted like the database itself)."""
    candidates = [
        *path.parent.glob(f"{path.name}.v*.bak"),
        *(path.parent / "backups").glob(f"{path.stem}-*.db"),
    ]
    return sorted(p for p in candidates if is_plaintext_sqlite(p))


def convert_neighbours(path: Path, key: bytes) -> int:
    """Encrypt every plaintext copy of the database (see `plaintext_neighbours`)."""
    done = 0
    for copy in plaintext_neighbours(path):
        remove_half_done(copy)
        convert(copy, key)
        remove_plaintext_copy(copy)
        done += 1
    for leftover in [
        *path.parent.glob(f"{path.name}.v*.bak{PLAINTEXT_SUFFIX}"),
        *(path.parent / "backups").glob(f"{path.stem}-*.db{PLAINTEXT_SUFFIX}"),
    ]:
        remove_plaintext_copy(leftover.with_name(leftover.name[: -len(PLAINTEXT_SUFFIX)]))
    return done


def remove_plaintext_copy(path: Path) -> bool:
    """After a successful start on the encrypted database: overwrite and delete the plaintext
    copy. Returns whether there was one (the app says so)."""
    copy = plaintext_copy_path(path)
    if not copy.exists():
        return False
    same_file = False
    with contextlib.suppress(OSError):
        same_file = path.exists() and os.path.samefile(copy, path)
    if not same_file:
        _overwrite(copy)
    copy.unlink()
    for suffix in _SIDE_FILES:
        copy.with_name(copy.name + suffix).unlink(missing_ok=True)
    fsync_dir(path.parent)
    return True


def _row_counts(conn: sqlite3.Connection, schema: str = "main") -> dict[str, int]:
    names = [
        str(row[0])
        for row in conn.execute(
            f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' ORDER BY name"
        )
    ]
    return {
        name: int(conn.execute(f'SELECT count(*) FROM {schema}."{name}"').fetchone()[0])
        for name in names
    }


def _verify(temp: Path, key: bytes, version: int, counts: dict[str, int]) -> None:
    conn = open_connection(temp, key)
    try:
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise RuntimeError(f"the encrypted copy failed its integrity check: {problems[:3]}")
        if int(conn.execute("PRAGMA user_version").fetchone()[0]) != version:
            raise RuntimeError("the encrypted copy lost the schema version")
        if _row_counts(conn) != counts:
            raise RuntimeError("the encrypted copy does not hold the same rows")
    finally:
        conn.close()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _overwrite(path: Path) -> None:
    """Best effort: zeros over the plaintext before unlinking (an SSD may keep old blocks; the
    security guide says so)."""
    try:
        size = path.stat().st_size
        with path.open("r+b") as handle:
            block = bytes(1 << 20)
            written = 0
            while written < size:
                handle.write(block[: min(len(block), size - written)])
                written += min(len(block), size - written)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError:
        pass
