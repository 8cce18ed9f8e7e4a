"""Write a file so that a crash or a pulled USB stick leaves either the old file or the new one.

Temp file in the same directory (so the rename cannot cross file systems) -> write -> flush ->
fsync -> rename over the target -> fsync the directory (so the rename itself is durable).
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


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


def atomic_write_bytes(path: Path, data: bytes, *, private: bool = False) -> None:
    with atomic_writer(path, private=private) as handle:
        handle.write(data)
