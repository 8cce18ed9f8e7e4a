"""The weekly report's three text sections (本周完成 / 下周计划 / 困难和需协调事项), kept in the
database as part of the record, per ISO week and scope.

Each section is a shared-setting record (services.projects) keyed
"weekly_text|<week>|<scope>|<section>": it is written through the op log, so it syncs to the
district office with everything else, shows in history, and never leaks into another database's
report (the old weekly-texts.json in the data directory was shared by every database).

The old file is brought in once: sections the database does not have yet are taken from it, and
the file is then renamed to weekly-texts.imported.json. A file that cannot be read is left
exactly as it is, and the caller is told (never overwritten, never silently treated as empty).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
from pathlib import Path
from typing import Any

from domain.errors import UserError
from domain.records import FieldSpec
from domain.validation import coerce
from services import paths
from services.figures import Scope, week_bounds, week_of
from services.projects import setting_row, shared_setting
from services.report_data import WeeklyTexts
from services.workspace import Workspace
from storage.oplog import Draft

KEY = "weekly_text"
LEGACY_FILE = "weekly-texts.json"
IMPORTED_FILE = "weekly-texts.imported.json"
TEXT_LIMIT = 4000
SECTIONS: dict[str, FieldSpec] = {
    "done": FieldSpec("done", "本周完成", "done this week", "longtext", max_len=TEXT_LIMIT),
    "plan": FieldSpec("plan", "下周计划", "plan for next week", "longtext", max_len=TEXT_LIMIT),
    "difficulties": FieldSpec(
        "difficulties", "困难和需协调事项", "difficulties", "longtext", max_len=TEXT_LIMIT
    ),
}


def scope_key(scope: Scope | None) -> str:
    scope = scope or Scope.all()
    parts = [scope.kind, scope.value or ""]
    if scope.district:
        parts.append(scope.district)
    return "|".join(parts)


def week_key(week: str) -> str:
    """The canonical ISO week ("2026w48" → "2026-W48"); refuses a week that does not exist."""
    return week_of(week_bounds(week)[0])


def _key(week: str, scope_part: str, section: str) -> str:
    return f"{KEY}|{week}|{scope_part}|{section}"


def load(ws: Workspace, scope: Scope | None, week: str) -> WeeklyTexts:
    """What was typed for this week and scope (empty sections when nothing was)."""
    canonical, part = week_key(week), scope_key(scope)
    found = {name: shared_setting(ws, _key(canonical, part, name)) for name in SECTIONS}
    return WeeklyTexts.from_mapping({k: v if isinstance(v, str) else "" for k, v in found.items()})


def save(ws: Workspace, scope: Scope | None, week: str, texts: WeeklyTexts) -> int:
    """Keep the texts (all three sections in one transaction); returns how many changed.

    A text longer than the limit is refused in one sentence before anything is written."""
    canonical, part = week_key(week), scope_key(scope)
    checked = check(texts)
    return _write(ws, {_key(canonical, part, name): text for name, text in checked.items()})


def check(texts: WeeklyTexts) -> dict[str, str]:
    """The sections as they would be kept; a text longer than the limit is refused in one
    sentence."""
    values = texts.as_dict()
    return {name: str(coerce(spec, values[name]) or "") for name, spec in SECTIONS.items()}


def _write(ws: Workspace, wanted: dict[str, str], *, only_new: bool = False) -> int:
    drafts: list[Draft] = []
    for key, text in wanted.items():
        row = ws.read(functools.partial(setting_row, key=key))
        payload = {"key": key, "value": text}
        if row is None:
            if text:
                drafts += ws.create_drafts("setting", {"value": payload})[1]
        elif not only_new:
            drafts += ws.update_drafts("setting", row["id"], {"value": payload})
    if drafts:
        ws.commit(drafts)
    return len(drafts)


def import_legacy_file(ws: Workspace, data_dir: Path | None = None) -> UserError | None:
    """Bring the old weekly-texts.json in once (sections already in the database win).

    Returns the sentence to show when the file exists but cannot be read; it is then left
    untouched so nothing in it is lost."""
    path = (data_dir or paths.data_dir()) / LEGACY_FILE
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        return UserError("doc_weekly_texts_unreadable", path=str(path))
    try:
        found: Any = json.loads(raw)
    except ValueError:
        return UserError("doc_weekly_texts_unreadable", path=str(path))
    if not isinstance(found, dict):
        return UserError("doc_weekly_texts_unreadable", path=str(path))
    wanted: dict[str, str] = {}
    for old_key, entry in found.items():
        week, _, part = str(old_key).partition("|")
        if not isinstance(entry, dict) or not part:
            continue
        try:
            canonical = week_key(week)
        except UserError:
            continue
        for name, spec in SECTIONS.items():
            text = entry.get(name)
            if isinstance(text, str) and text.strip():
                try:
                    wanted[_key(canonical, part, name)] = str(coerce(spec, text) or "")
                except UserError:
                    wanted[_key(canonical, part, name)] = text[:TEXT_LIMIT]
    _write(ws, wanted, only_new=True)
    # A read-only data folder keeps the file: importing again changes nothing (only_new).
    with contextlib.suppress(OSError):
        os.replace(path, path.with_name(IMPORTED_FILE))
    return None


__all__ = ["import_legacy_file", "load", "save", "scope_key", "week_key"]
