"""Reading what a person typed: `field=value` assignments (fields named by code or label),
record ids (full or short), projects (by code or id), family members."""

from __future__ import annotations

import argparse
import datetime as dt
import re
from typing import Any

from domain.choices import ChoiceList
from domain.errors import Label, UserError
from domain.records import ENTITIES, FieldSpec
from domain.validation import YEAR_HIGH, YEAR_LOW
from services import overview
from services.workspace import Workspace

_ASSIGN = re.compile(r"^\s*([^=＝]+?)\s*[=＝](.*)$", re.DOTALL)
_MEMBER_SEPARATORS = re.compile(r"[;；]")


def find_field(entity: str, name: str) -> FieldSpec:
    """A field by its code (`head_name`), Chinese label (`户主姓名`) or English label."""
    spec = ENTITIES[entity]
    wanted = name.strip()
    lowered = wanted.lower()
    for f in spec.fields:
        if wanted in (f.name, f.zh) or lowered == f.en.lower():
            return f
    # Labels carry units in brackets ("登记面积(㎡)"): accept them without (and full-width too).
    bare = _bare(wanted)
    for f in spec.fields:
        if bare and bare in (_bare(f.zh), _bare(f.en).lower()):
            return f
    raise UserError("unknown_field", entity=Label(spec.zh, spec.en), field=wanted)


def _bare(text: str) -> str:
    return re.sub(r"[(（].*?[)）]", "", text).strip().lower()


def split_assignment(text: str) -> tuple[str, str]:
    match = _ASSIGN.match(text)
    if not match:
        raise UserError("bad_assignment", text=text)
    return match.group(1), match.group(2).strip()


def parse_assignments(entity: str, items: list[str]) -> dict[str, str]:
    """`field=value` items as {field code: raw text}; an empty value clears the field."""
    values: dict[str, str] = {}
    for item in items:
        name, value = split_assignment(item)
        values[find_field(entity, name).name] = value
    return values


def resolve(ws: Workspace, entity: str, text: str) -> str:
    """A full id or a short id (the last 8 hex digits people see) of a record of `entity`."""
    return ws.resolve_id(entity, text)


def resolve_any(ws: Workspace, text: str) -> tuple[str, str]:
    """(entity, id) for an id of a record of any kind."""
    found: list[tuple[str, str]] = []
    for entity in ENTITIES:
        try:
            found.append((entity, ws.resolve_id(entity, text)))
        except UserError as exc:
            if exc.code == "record_ambiguous":
                raise
    if not found:
        raise UserError("record_not_found", record_id=text)
    if len(found) > 1:
        raise UserError("record_ambiguous", record_id=text)
    return found[0]


def resolve_project(ws: Workspace, text: str) -> str:
    """A project by its code (XW-2024-003), full id or short id."""
    needle = text.strip()
    if not needle:
        raise UserError("project_not_found", project=text)
    by_code = overview.project_ids_by_code(ws, needle)
    if len(by_code) == 1:
        return by_code[0]
    if len(by_code) > 1:
        raise UserError("cli_project_ambiguous", project=text)
    try:
        return ws.resolve_id("project", needle)
    except UserError as exc:
        if exc.code == "record_not_found":
            raise UserError("project_not_found", project=text) from None
        raise


def resolve_household(ws: Workspace, text: str) -> str:
    try:
        return ws.resolve_id("household", text)
    except UserError as exc:
        if exc.code == "record_not_found":
            raise UserError("household_not_found", household=text) from None
        raise


def resolve_refs(ws: Workspace, entity: str, values: dict[str, Any]) -> dict[str, Any]:
    """Replace typed references (codes, short ids) with full record ids."""
    spec = ENTITIES[entity]
    out = dict(values)
    for f in spec.fields:
        raw = out.get(f.name)
        if f.kind != "ref" or not isinstance(raw, str) or not raw.strip():
            continue
        if f.ref == "project":
            out[f.name] = resolve_project(ws, raw)
        elif f.ref == "household":
            out[f.name] = resolve_household(ws, raw)
        elif f.ref is not None:
            out[f.name] = ws.resolve_id(f.ref, raw)
    return out


def parse_member(text: str) -> dict[str, str]:
    """`姓名=王芳;与户主关系=配偶;身份证号=...` as member field values."""
    values: dict[str, str] = {}
    for part in _MEMBER_SEPARATORS.split(text):
        if not part.strip():
            continue
        if not _ASSIGN.match(part):
            raise UserError("cli_member_format", text=text)
        name, value = split_assignment(part)
        field = find_field("member", name)
        if field.name == "household_id":
            raise UserError("cli_member_format", text=text)
        values[field.name] = value
    if not values:
        raise UserError("cli_member_format", text=text)
    return values


def choice_code(options: ChoiceList, text: str | None, field: FieldSpec) -> str | None:
    """A filter value typed as a code or a label; None when not given."""
    if not text:
        return None
    code = options.lookup(text.strip())
    if code is None:
        raise UserError("not_a_choice", field=Label(field.zh, field.en), value=text)
    return code


def day_argument(text: str) -> dt.date:
    """An ISO date option (--date, --today, --on), within the years a record may hold: a day
    like 9999-12-31 is a slip, and the weeks and deadlines counted from it would overflow."""
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(text) from None
    if not YEAR_LOW <= day.year <= YEAR_HIGH:
        raise argparse.ArgumentTypeError(text)
    return day
