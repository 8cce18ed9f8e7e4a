"""Files outside the database that hold personal data: temp files of imports and exports,
previews, drafts' neighbours, and copies of attachments opened in another program.

    files = PrivateFiles.of(ws)
    path = files.write(pdf_bytes, suffix=".pdf")      # sealed: AES-GCM under a key derived
    data = files.read(path)                            # from the database key
    with files.writer(suffix=".xlsx") as (path, out):  # streamed, atomic
        out.write(chunk)
    with files.reader(path) as handle: handle.read()   # seekable plaintext stream
    files.remove(path)

Everything lives in <data dir>/tmp/sealed and is removed by `clean()` (at start and close). A
preview shown inside the app should be read back into memory (QBuffer) rather than written in
plaintext. The one deliberate exception is `open_copy`: another program (the system's image or
PDF viewer) can only open a plaintext file, so the copy goes to <data dir>/tmp/open and is
deleted when the app closes or locks and at the next start (docs/security.md says so).
"""

from __future__ import annotations

import contextlib
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from services.workspace import Workspace
from storage import keyring
from storage.sealed import SealedReader, SealedWriter, open_sealed, read_sealed, sealed_writer

SEALED_DIR = "sealed"
OPEN_DIR = "open"


class PrivateFiles:
    def __init__(self, root: Path, key: bytes) -> None:
        self.root = root
        self._key = keyring.subkey(key, "temp files")

    @classmethod
    def of(cls, ws: Workspace) -> PrivateFiles:
        return cls(ws.store.path.parent / "tmp", ws.store.key)

    @property
    def sealed_dir(self) -> Path:
        return self.root / SEALED_DIR

    @property
    def open_dir(self) -> Path:
        return self.root / OPEN_DIR

    def new_path(self, suffix: str = "") -> Path:
        safe = "".join(ch for ch in suffix if ch.isalnum() or ch == ".")[:16]
        return self.sealed_dir / f"{secrets.token_hex(8)}{safe}.sealed"

    def write(self, data: bytes, *, suffix: str = "") -> Path:
        path = self.new_path(suffix)
        with sealed_writer(path, self._key) as out:
            out.write(data)
        return path

    @contextlib.contextmanager
    def writer(self, *, suffix: str = "") -> Iterator[tuple[Path, SealedWriter]]:
        path = self.new_path(suffix)
        with sealed_writer(path, self._key) as out:
            yield path, out

    def read(self, path: Path) -> bytes:
        return read_sealed(path, self._key)

    def reader(self, path: Path) -> SealedReader:
        return open_sealed(path, self._key)

    def remove(self, path: Path) -> None:
        path.unlink(missing_ok=True)

    def open_copy(self, name: str, source: BinaryIO) -> Path:
        """A plaintext copy for another program (see the module's first lines)."""
        folder = self.open_dir / secrets.token_hex(6)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / (Path(name).name or "file")
        with target.open("wb") as out:
            shutil.copyfileobj(source, out, 1 << 20)
        return target

    def clean_open_copies(self) -> None:
        shutil.rmtree(self.open_dir, ignore_errors=True)

    def clean(self) -> None:
        """Remove every temp file and open copy (at start, at close)."""
        self.clean_open_copies()
        shutil.rmtree(self.sealed_dir, ignore_errors=True)
