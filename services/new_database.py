"""Creating a database with `init`, or on the window's first run (ui.app.start_workspace, from
the password to the profile), leaves a whole database or nothing.

A full disk or a write-protected stick is refused before anything is written; a failure while
creating (the disk fills up between the key file and the first pages) removes every file the
attempt made, so the next `init` or first run starts clean instead of meeting half a database."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from domain.errors import UserError
from storage import keyring
from storage.db import disk_nearly_full


def _nearest_existing(path: Path) -> Path:
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


@contextlib.contextmanager
def creating(path: Path, close: Callable[[], None]) -> Iterator[None]:
    """Around the creation of the database at `path` (nothing to do when it exists). `close`
    closes whatever the block opened on it, so that its files can be removed."""
    if path.exists():
        yield
        return
    folder = _nearest_existing(path)
    if folder.is_dir() and not os.access(folder, os.W_OK):
        raise UserError("db_folder_read_only", path=str(path))
    if disk_nearly_full(folder):
        raise UserError("db_disk_full_create", path=str(path))
    made = [path.with_name(path.name + suffix) for suffix in ("", "-wal", "-shm", "-journal")]
    made.append(keyring.key_file_path(path))
    new_folders = [p for p in [path.parent, *path.parent.parents] if not p.exists()]
    try:
        yield
    except BaseException:
        close()
        for file in made:
            with contextlib.suppress(OSError):
                file.unlink(missing_ok=True)
        for new_folder in new_folders:  # innermost first
            with contextlib.suppress(OSError):
                new_folder.rmdir()
        raise
