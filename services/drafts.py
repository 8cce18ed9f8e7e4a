"""Autosaved drafts of forms, one small sealed file each in <data dir>/drafts.

A draft is written (sealed temp file, fsync, rename) a moment after every edit and when its
window closes, so closing the window or a crash loses at most the last fraction of a second of
typing. Only a successful save or the person's explicit "discard" removes it. A draft holds what
a caseworker typed about a household, so it is sealed (storage/sealed.py) under a key derived
from the database key; the file name carries only the form kind and a record id.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from domain.errors import UserError
from services.workspace import Workspace
from storage import keyring
from storage.sealed import read_sealed, write_sealed

log = logging.getLogger(__name__)
SUFFIX = ".draft"


def drafts_key(ws: Workspace) -> bytes:
    return keyring.subkey(ws.store.key, "drafts")


@dataclass(frozen=True)
class Draft:
    path: Path
    kind: str
    record_id: str
    title: str
    saved_at: str
    values: dict[str, Any]


class Drafts:
    def __init__(self, folder: Path, key: bytes) -> None:
        self.folder = folder
        self._key = key

    @classmethod
    def of(cls, ws: Workspace, folder: Path) -> Drafts:
        return cls(folder, drafts_key(ws))

    def path(self, kind: str, record_id: str) -> Path:
        safe = "".join(ch for ch in record_id if ch.isalnum() or ch == "-")
        return self.folder / f"{kind}-{safe}{SUFFIX}"

    def save(self, kind: str, record_id: str, title: str, values: dict[str, Any]) -> Path:
        target = self.path(kind, record_id)
        payload = {
            "kind": kind,
            "record_id": record_id,
            "title": title,
            "saved_at": dt.datetime.now().isoformat(timespec="seconds"),
            "values": values,
        }
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_sealed(target, self._key, data, aad=target.name.encode("utf-8"))
        except OSError as exc:  # the draft saved before stays as it was (an atomic rename)
            full = exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
            raise UserError("draft_disk_full" if full else "draft_not_saved") from exc
        return target

    def load(self, kind: str, record_id: str) -> Draft | None:
        return self._read(self.path(kind, record_id))

    def discard(self, kind: str, record_id: str) -> None:
        self.path(kind, record_id).unlink(missing_ok=True)

    def all(self, kind: str | None = None) -> list[Draft]:
        if not self.folder.is_dir():
            return []
        found = []
        for path in sorted(self.folder.glob(f"*{SUFFIX}")):
            draft = self._read(path)
            if draft is not None and (kind is None or draft.kind == kind):
                found.append(draft)
        return sorted(found, key=lambda d: d.saved_at)

    def _read(self, path: Path) -> Draft | None:
        try:
            raw = json.loads(read_sealed(path, self._key, aad=path.name.encode("utf-8")))
            return Draft(
                path,
                str(raw["kind"]),
                str(raw["record_id"]),
                str(raw.get("title", "")),
                str(raw.get("saved_at", "")),
                dict(raw.get("values", {})),
            )
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            # Never delete what might be someone's words: leave the file, say so in the log
            # (its name only: no personal data in logs).
            log.warning("unreadable draft %s", path.name)
            return None
