"""Autosaved drafts of forms, one small JSON file each in <data dir>/drafts.

A draft is written (temp file, fsync, rename) a moment after every edit and when its window
closes, so closing the window or a crash loses at most the last fraction of a second of typing.
Only a successful save or the person's explicit "discard" removes it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Draft:
    path: Path
    kind: str
    record_id: str
    title: str
    saved_at: str
    values: dict[str, Any]


class Drafts:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, kind: str, record_id: str) -> Path:
        safe = "".join(ch for ch in record_id if ch.isalnum() or ch == "-")
        return self.folder / f"{kind}-{safe}.json"

    def save(self, kind: str, record_id: str, title: str, values: dict[str, Any]) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.path(kind, record_id)
        payload = {
            "kind": kind,
            "record_id": record_id,
            "title": title,
            "saved_at": dt.datetime.now().isoformat(timespec="seconds"),
            "values": values,
        }
        temp = target.with_suffix(".tmp")
        with temp.open("w", encoding="utf-8") as handle:
            json.dump(payload, handle, ensure_ascii=False, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
        return target

    def load(self, kind: str, record_id: str) -> Draft | None:
        return self._read(self.path(kind, record_id))

    def discard(self, kind: str, record_id: str) -> None:
        self.path(kind, record_id).unlink(missing_ok=True)

    def all(self, kind: str | None = None) -> list[Draft]:
        if not self.folder.is_dir():
            return []
        found = []
        for path in sorted(self.folder.glob("*.json")):
            draft = self._read(path)
            if draft is not None and (kind is None or draft.kind == kind):
                found.append(draft)
        return sorted(found, key=lambda d: d.saved_at)

    def _read(self, path: Path) -> Draft | None:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
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
            # Never delete what might be someone's words: leave the file, say so in the log.
            log.warning("unreadable draft %s", path, exc_info=True)
            return None
