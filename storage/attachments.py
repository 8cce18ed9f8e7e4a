"""Attachment files stored once, by SHA-256, under the data directory.

Files are streamed in 1 MiB pieces (a 30 MB photo never sits in memory), written to a temp file,
fsynced and renamed into place, so a crash leaves either nothing or a complete file. Names in
the store are hashes only: nothing a user or a bundle supplies becomes a path.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from domain.errors import UserError

PIECE = 1 << 20
MAX_ATTACHMENT_BYTES = 500 * (1 << 20)
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class AttachmentStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str) -> Path:
        if not _SHA256.match(sha256):
            raise ValueError(f"not a sha256: {sha256!r}")
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def put_file(self, source: Path) -> tuple[str, int]:
        """Copy a file in; return (sha256, size)."""
        try:
            handle = source.open("rb")
        except FileNotFoundError as exc:
            raise UserError("file_not_found", path=str(source)) from exc
        except OSError as exc:
            raise UserError("file_unreadable", path=str(source)) from exc
        with handle:
            return self.put_stream(handle, name=source.name)

    def put_stream(
        self, stream: BinaryIO, *, name: str = "", expect: str | None = None
    ) -> tuple[str, int]:
        return self.put_pieces(iter(lambda: stream.read(PIECE), b""), name=name, expect=expect)

    def put_pieces(
        self, pieces: Iterable[bytes], *, name: str = "", expect: str | None = None
    ) -> tuple[str, int]:
        """Store streamed bytes; with `expect`, refuse bytes whose hash differs (raises ValueError)."""
        self.root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        fd, temp_name = tempfile.mkstemp(dir=self.root, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as out:
                for piece in pieces:
                    size += len(piece)
                    if size > MAX_ATTACHMENT_BYTES:
                        raise UserError(
                            "attachment_too_large", name=name, limit_mb=MAX_ATTACHMENT_BYTES >> 20
                        )
                    digest.update(piece)
                    out.write(piece)
                out.flush()
                os.fsync(out.fileno())
            sha256 = digest.hexdigest()
            if expect is not None and sha256 != expect:
                raise ValueError("attachment bytes do not match their hash")
            final = self.path_for(sha256)
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(temp_name, final)
            _fsync_dir(final.parent)
            return sha256, size
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise UserError("db_disk_full") from exc
            raise
        finally:
            if os.path.exists(temp_name):
                os.unlink(temp_name)

    def open(self, sha256: str) -> BinaryIO:
        try:
            return self.path_for(sha256).open("rb")
        except FileNotFoundError as exc:
            raise UserError("attachment_missing") from exc

    def delete(self, sha256: str) -> bool:
        """Remove a stored file (no record names it any more); True when one was removed."""
        path = self.path_for(sha256)
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        return True

    def clean_leftovers(self) -> int:
        """Remove temp files a crash left behind."""
        removed = 0
        if self.root.is_dir():
            for leftover in self.root.glob(".incoming-*"):
                leftover.unlink(missing_ok=True)
                removed += 1
        return removed


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
