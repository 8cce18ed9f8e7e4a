"""Sealed files: any file the app keeps beside the database that holds personal data
(attachments, drafts, temp files of imports, exports and previews) is written in this format.

    "DSSEAL1\\n" (8 bytes) | salt (16 bytes) | chunk 0 | chunk 1 | … | last chunk

Each chunk is up to 64 KiB of plaintext sealed with AES-256-GCM (16-byte tag). The file's key is
HKDF-SHA256(purpose key, salt), so no two files share a key and a nonce can simply count chunks;
the nonce also says whether a chunk is the last, so a file cut at a chunk boundary is refused,
and the caller's associated data (an attachment's hash) binds a file to its name. Damage of any
kind is `SealedDamaged`, an OSError, so code that treats an unreadable file as missing keeps
doing so.

Reading is streamed (and seekable), so a 500 MB photo never sits in memory.
"""

from __future__ import annotations

import contextlib
import io
import os
import secrets
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from storage.atomic import fsync_dir

MAGIC = b"DSSEAL1\n"
SALT_LEN = 16
HEADER_LEN = len(MAGIC) + SALT_LEN
CHUNK = 64 * 1024
TAG = 16


class SealedDamaged(OSError):
    """The file is not a sealed file of this key, or it was cut or changed."""


def _file_key(key: bytes, salt: bytes) -> AESGCM:
    hkdf = HKDF(algorithm=SHA256(), length=32, salt=salt, info=b"doorstep sealed file v1")
    return AESGCM(hkdf.derive(key))


def _nonce(index: int, last: bool) -> bytes:
    return index.to_bytes(8, "big") + (b"\x01" if last else b"\x00") + b"\x00\x00\x00"


class SealedWriter(io.RawIOBase):
    """Write plaintext, get a sealed file; `close()` seals the last chunk (call it, or use
    `with`). The caller chooses where the bytes go (a temp file it renames into place)."""

    def __init__(self, out: BinaryIO, key: bytes, aad: bytes = b"") -> None:
        super().__init__()
        salt = secrets.token_bytes(SALT_LEN)
        self._out = out
        self._aes = _file_key(key, salt)
        self._aad = aad
        self._buffer = bytearray()
        self._index = 0
        self.tell_plain = 0
        out.write(MAGIC + salt)

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        self._buffer += data
        self.tell_plain += len(data)
        # Hold back at least one byte: only close() knows which chunk is the last.
        while len(self._buffer) > CHUNK:
            self._emit(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def _emit(self, plain: bytes, *, last: bool) -> None:
        self._out.write(self._aes.encrypt(_nonce(self._index, last), plain, self._aad))
        self._index += 1

    def close(self) -> None:
        if not self.closed:
            self._emit(bytes(self._buffer), last=True)
            self._buffer.clear()
            self._out.flush()
        super().close()


class SealedReader(io.RawIOBase):
    """A sealed file read back as plaintext: read, readinto, seek, tell. Closes its handle."""

    def __init__(self, handle: BinaryIO, key: bytes, aad: bytes = b"") -> None:
        super().__init__()
        self._handle = handle
        self._aad = aad
        try:
            handle.seek(0, os.SEEK_END)
            total = handle.tell()
            handle.seek(0)
            head = handle.read(HEADER_LEN)
        except OSError:
            handle.close()
            raise
        body = total - HEADER_LEN
        if len(head) != HEADER_LEN or head[: len(MAGIC)] != MAGIC or body < TAG:
            handle.close()
            raise SealedDamaged("not a sealed file")
        self._aes = _file_key(key, head[len(MAGIC) :])
        self._chunks = -(-body // (CHUNK + TAG))
        last_len = body - (self._chunks - 1) * (CHUNK + TAG)
        if last_len < TAG:
            handle.close()
            raise SealedDamaged("cut")
        self.size = (self._chunks - 1) * CHUNK + last_len - TAG
        self._pos = 0
        self._cached: tuple[int, bytes] | None = None
        try:
            # Open the last chunk now: a wrong key, another name or a cut shows at once (and an
            # empty file is checked at all).
            self._chunk(self._chunks - 1)
        except BaseException:
            handle.close()
            raise

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._pos, os.SEEK_END: self.size}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def _chunk(self, index: int) -> bytes:
        if self._cached is not None and self._cached[0] == index:
            return self._cached[1]
        last = index == self._chunks - 1
        self._handle.seek(HEADER_LEN + index * (CHUNK + TAG))
        sealed = self._handle.read(CHUNK + TAG)
        try:
            plain = self._aes.decrypt(_nonce(index, last), sealed, self._aad)
        except InvalidTag:
            raise SealedDamaged(f"chunk {index} does not open") from None
        self._cached = (index, plain)
        return plain

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def read(self, size: int | None = -1) -> bytes:
        end = self.size if size is None or size < 0 else min(self.size, self._pos + size)
        parts = []
        while self._pos < end:
            index, offset = divmod(self._pos, CHUNK)
            piece = self._chunk(index)[offset : offset + (end - self._pos)]
            if not piece:
                raise SealedDamaged("shorter than its layout")
            parts.append(piece)
            self._pos += len(piece)
        return b"".join(parts)

    def readall(self) -> bytes:
        return self.read(-1)

    def close(self) -> None:
        if not self.closed:
            self._handle.close()
        super().close()


def open_sealed(path: Path, key: bytes, aad: bytes = b"") -> SealedReader:
    """Open a sealed file for reading (FileNotFoundError if missing, SealedDamaged if bad)."""
    return SealedReader(path.open("rb"), key, aad)


def read_sealed(path: Path, key: bytes, aad: bytes = b"") -> bytes:
    with open_sealed(path, key, aad) as reader:
        return reader.read()


@contextlib.contextmanager
def sealed_writer(
    path: Path, key: bytes, aad: bytes = b"", *, private: bool = True
) -> Iterator[SealedWriter]:
    """Write a sealed file atomically: a temp file beside `path`, fsynced, renamed into place;
    on error nothing is left behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=".sealing-")
    try:
        if not private:
            os.chmod(temp_name, 0o644)
        with os.fdopen(fd, "wb") as out:
            writer = SealedWriter(out, key, aad)
            yield writer
            writer.close()
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    fsync_dir(path.parent)


def write_sealed(path: Path, key: bytes, data: bytes, aad: bytes = b"") -> None:
    with sealed_writer(path, key, aad) as writer:
        writer.write(data)
