"""Write a file so that a crash or a pulled USB stick leaves either the old file or the new one.

Temp file in the same directory (so the rename cannot cross file systems) -> write -> flush ->
fsync -> rename over the target -> fsync the directory (so the rename itself is durable).
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from domain.errors import UserError, file_refusal


def fsync_dir(directory: Path) -> None:
    # Windows cannot open a directory for fsync; NTFS/FAT there journal the rename themselves
    # as well as they ever will, so skipping is the best available.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def temp_name_for(path: Path) -> Path:
    # A leading dot and a .tmp suffix: never mistaken for a finished file by a person or by a
    # `*.dsbundle` glob if we are killed before the rename.
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")


@contextlib.contextmanager
def atomic_writer(path: Path, *, private: bool = False) -> Iterator[BinaryIO]:
    """Yield a binary file; on normal exit it replaces `path` durably, on error it vanishes.

    `private` creates the file readable by the owner only (key files).
    """
    if is_other_kind(path):
        # a device (/dev/null), a pipe or a folder: renaming over it would replace it
        raise UserError("file_not_regular", path=str(path))
    temp = temp_name_for(path)
    mode = 0o600 if private else 0o666
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    fsync_dir(path.parent)


def is_other_kind(path: Path) -> bool:
    """Whether `path` names something that is there but is not a regular file (a device, a
    pipe, a folder). Never raises: a name too long to look up is answered when writing."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode)


def exists(path: Path) -> bool:
    """Path.exists, with a name longer than the file system takes (which it raises on) refused
    in one sentence."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise UserError("file_name_too_long", name=path.name) from None
        return False
    return True


def discard(path: Path) -> None:
    """Remove a temporary file if it is there. Never raises: on read-only media even removing a
    file that is not there fails (EROFS), and that must not hide why the write failed."""
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def atomic_write_bytes(path: Path, data: bytes, *, private: bool = False) -> None:
    """Write `data` to `path` (see atomic_writer); a full disk, read-only media or a missing
    folder is one sentence naming `path`."""
    try:
        with atomic_writer(path, private=private) as handle:
            handle.write(data)
    except OSError as exc:
        raise write_refusal(exc, path) from exc


def write_refusal(exc: OSError, path: Path) -> UserError:
    """The sentence for a file the system would not take."""
    return file_refusal(exc, path, disk_full="file_disk_full", otherwise="file_cannot_write")
