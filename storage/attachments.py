"""Attachment files stored once, by SHA-256, under the data directory, sealed (storage/sealed.py).

The name of a stored file is the SHA-256 of its *plaintext*, so the same photo attached twice
(or arriving again in a bundle) is stored once; that addressing stays internal: the bytes on disk
are AES-GCM sealed under a key derived from the database key, with the hash bound as associated
data, so a file renamed to another hash does not open.

Files are streamed in 1 MiB pieces (a 30 MB photo never sits in memory), sealed into a temp file,
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
from storage.sealed import SealedReader, SealedWriter, open_sealed

PIECE = 1 << 20
MAX_ATTACHMENT_BYTES = 500 * (1 << 20)
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class AttachmentStore:
    def __init__(self, root: Path, key: bytes) -> None:
        self.root = root
        self._key = key

    def path_for(self, sha256: str) -> Path:
        """Where the sealed file lives (internal: its bytes are not the attachment's)."""
        if not _SHA256.match(sha256):
            raise ValueError(f"not a sha256: {sha256!r}")
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def size(self, sha256: str) -> int:
        """The attachment's own size; OSError if it is missing or damaged."""
        with self._open(sha256) as reader:
            return reader.size

    def put_file(self, source: Path) -> tuple[str, int]:
        """Copy a file in; return (sha256, size)."""
        try:
            handle = source.open("rb")
        except FileNotFoundError as exc:
            raise UserError("file_not_found", path=str(source)) from exc
        except OSError as exc:
            raise UserError("file_unreadable", path=str(source)) from exc
        with handle:
            # Hash first, so the file is sealed once, under its name (see put_pieces).
            digest = hashlib.sha256()
            for piece in iter(lambda: handle.read(PIECE), b""):
                digest.update(piece)
            handle.seek(0)
            try:
                return self.put_stream(handle, name=source.name, expect=digest.hexdigest())
            except ValueError:  # it changed while we read it
                raise UserError("file_unreadable", path=str(source)) from None

    def put_stream(
        self, stream: BinaryIO, *, name: str = "", expect: str | None = None
    ) -> tuple[str, int]:
        return self.put_pieces(iter(lambda: stream.read(PIECE), b""), name=name, expect=expect)

    def put_pieces(
        self, pieces: Iterable[bytes], *, name: str = "", expect: str | None = None
    ) -> tuple[str, int]:
        """Store streamed bytes; with `expect`, refuse bytes whose hash differs (raises ValueError).

        The hash is the sealed file's associated data. With `expect` the bytes are sealed once
        under it; without, they are first sealed to a spool file (never plaintext on disk) while
        the hash is computed, then re-sealed under it."""
        if expect is None:
            return self._put_spooled(pieces, name=name)
        incoming = self.incoming(expect, name=name)
        try:
            for piece in pieces:
                incoming.write(piece)
        except BaseException:
            incoming.abort()
            raise
        return incoming.finish()

    def incoming(self, expect: str, *, name: str = "") -> Incoming:
        """A file to store under `expect`, written piece by piece as the bytes arrive (an
        import writes a bundle's photos as it decrypts them); `finish` checks the hash and puts
        it in place, `abort` leaves nothing behind."""
        return Incoming(self, expect, name)

    def _put_spooled(self, pieces: Iterable[bytes], *, name: str) -> tuple[str, int]:
        self.root.mkdir(parents=True, exist_ok=True)
        fd, spool_name = tempfile.mkstemp(dir=self.root, prefix=".incoming-")
        digest = hashlib.sha256()
        try:
            with os.fdopen(fd, "wb") as out:
                writer = SealedWriter(out, self._key, b"spool")
                for piece in pieces:
                    digest.update(piece)
                    writer.write(piece)
                    if writer.tell_plain > MAX_ATTACHMENT_BYTES:
                        raise UserError(
                            "attachment_too_large", name=name, limit_mb=MAX_ATTACHMENT_BYTES >> 20
                        )
                writer.close()
            with open_sealed(Path(spool_name), self._key, b"spool") as spool:
                return self.put_stream(spool, name=name, expect=digest.hexdigest())  # type: ignore[arg-type]
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise UserError("db_disk_full") from exc
            raise
        finally:
            if os.path.exists(spool_name):
                os.unlink(spool_name)

    def _open(self, sha256: str) -> SealedReader:
        return open_sealed(self.path_for(sha256), self._key, sha256.encode())

    def open(self, sha256: str) -> BinaryIO:
        """The attachment's bytes (decrypted as they are read)."""
        try:
            return self._open(sha256)  # type: ignore[return-value]
        except FileNotFoundError as exc:
            raise UserError("attachment_missing") from exc

    def read(self, sha256: str) -> bytes:
        with self.open(sha256) as handle:
            return handle.read()

    def copy_to(self, sha256: str, target: BinaryIO) -> int:
        with self.open(sha256) as handle:
            written = 0
            for piece in iter(lambda: handle.read(PIECE), b""):
                target.write(piece)
                written += len(piece)
            return written

    def delete(self, sha256: str) -> bool:
        """Remove a stored file (for a record leaving this laptop's scope); True if one was
        there. The caller makes sure no attachment row still needs it."""
        path = self.path_for(sha256)
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        _fsync_dir(path.parent)
        return True

    def clean_leftovers(self) -> int:
        """Remove temp files a crash left behind."""
        removed = 0
        if self.root.is_dir():
            for leftover in self.root.glob(".incoming-*"):
                leftover.unlink(missing_ok=True)
                removed += 1
        return removed


class Incoming:
    """One file on its way into the store: sealed under its expected hash into a temp file as
    pieces are written, fsynced and renamed into place by `finish` only if the hash matches."""

    def __init__(self, store: AttachmentStore, expect: str, name: str) -> None:
        self.sha256 = expect
        self._final = store.path_for(expect)
        self._name = name
        self._digest = hashlib.sha256()
        self.size = 0
        try:
            store.root.mkdir(parents=True, exist_ok=True)
            fd, self._temp = tempfile.mkstemp(dir=store.root, prefix=".incoming-")
        except OSError as exc:
            raise _disk_error(exc) from exc
        self._out = os.fdopen(fd, "wb")
        try:
            self._writer = SealedWriter(self._out, store._key, expect.encode())
        except BaseException:
            self.abort()
            raise

    def write(self, piece: bytes | memoryview) -> None:
        self.size += len(piece)
        if self.size > MAX_ATTACHMENT_BYTES:
            raise UserError(
                "attachment_too_large", name=self._name, limit_mb=MAX_ATTACHMENT_BYTES >> 20
            )
        self._digest.update(piece)
        try:
            self._writer.write(piece)
        except OSError as exc:
            raise _disk_error(exc) from exc

    def finish(self) -> tuple[str, int]:
        """Seal the last chunk, check the hash (ValueError if the bytes differ), fsync and put
        the file in place; the temp file is gone either way."""
        try:
            self._writer.close()
            self._out.flush()
            os.fsync(self._out.fileno())
            self._out.close()
            if self._digest.hexdigest() != self.sha256:
                raise ValueError("attachment bytes do not match their hash")
            self._final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self._temp, self._final)
            _fsync_dir(self._final.parent)
            return self.sha256, self.size
        except OSError as exc:
            raise _disk_error(exc) from exc
        finally:
            self.abort()

    def abort(self) -> None:
        """Close and remove the temp file (nothing is left once the file is in place)."""
        self._out.close()
        if os.path.exists(self._temp):
            os.unlink(self._temp)


def _disk_error(exc: OSError) -> BaseException:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return UserError("db_disk_full")
    return exc


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
