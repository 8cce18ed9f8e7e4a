"""Turning records into what the command line prints: aligned tables that count a Chinese
character as two columns, field values in words, and the stable JSON form. ID and phone numbers
are masked (domain.privacy) unless the caller asked to reveal them and logged that it did."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from typing import Any

from cli.base import Context, t, tr, visible
from domain import i18n
from domain.ids import short_id
from domain.privacy import is_masked, mask
from domain.records import ENTITIES, FieldSpec
from services.workspace import Workspace

ELLIPSIS = "…"


def char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def text_width(text: str) -> int:
    return sum(char_width(ch) for ch in text)


def clip(text: str, limit: int) -> str:
    if text_width(text) <= limit:
        return text
    out, used = "", 0
    for ch in text:
        w = char_width(ch)
        if used + w > limit - 1:
            break
        out += ch
        used += w
    return out + ELLIPSIS


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], *, max_cell: int = 36) -> str:
    """A plain-text table; numbers are right-aligned, everything else left-aligned."""
    cells = [[clip(_cell(v), max_cell) for v in row] for row in rows]
    widths = [text_width(h) for h in headers]
    for row in cells:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], text_width(cell))
    numeric = [
        all(
            isinstance(row[i], int | float) and not isinstance(row[i], bool)
            for row in rows
            if row[i] is not None
        )
        and any(row[i] is not None for row in rows)
        for i in range(len(headers))
    ]

    def line(values: Sequence[str]) -> str:
        parts = []
        for i, value in enumerate(values):
            gap = " " * (widths[i] - text_width(value))
            parts.append(gap + value if numeric[i] else value + gap)
        return "  ".join(parts).rstrip()

    out = [line(list(headers)), "  ".join("-" * w for w in widths)]
    out += [line(row) for row in cells]
    return "\n".join(out)


def key_values(pairs: Sequence[tuple[str, Any]]) -> str:
    """Label: value lines with the labels aligned."""
    shown = [(label, _cell(value)) for label, value in pairs if value not in (None, "")]
    if not shown:
        return ""
    width = max(text_width(label) for label, _ in shown)
    return "\n".join(
        f"{label}{' ' * (width - text_width(label))}  {value}" for label, value in shown
    )


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return tr("是", "yes") if value else tr("否", "no")
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if abs(value) >= 1000 else f"{value:g}"
    return visible(str(value).replace("\n", " "))


def label(spec: FieldSpec) -> str:
    return spec.zh if i18n.language() == "zh" else spec.en


def entity_label(entity: str) -> str:
    spec = ENTITIES[entity]
    return spec.zh if i18n.language() == "zh" else spec.en


def _choices(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, str) and value.startswith("["):
        try:
            parsed = json.loads(value)
        except ValueError:
            return [value]
        return [str(v) for v in parsed] if isinstance(parsed, list) else [value]
    return [] if value in (None, "") else [str(value)]


def display(spec: FieldSpec, value: Any, *, reveal: bool = False) -> str:
    """A stored value as a person reads it, in the current language, masked when sensitive."""
    if value is None or value == "":
        return ""
    if is_masked(spec) and not reveal:
        return str(mask(spec, value))
    lang = i18n.language()
    if spec.kind == "choice" and spec.options is not None:
        return spec.options.label(str(value), lang)
    if spec.kind == "choices" and spec.options is not None:
        options = spec.options
        return "、".join(options.label(code, lang) for code in _choices(value))
    if spec.kind == "bool":
        return _cell(bool(value))
    if spec.kind == "ref":
        return short_id(str(value))
    if spec.kind == "money":
        return f"{float(value):,.2f}"
    return _cell(value)


def json_value(spec: FieldSpec, value: Any, *, reveal: bool = False) -> Any:
    """A stored value in the JSON output: codes for choices, lists, booleans, masked numbers."""
    if value is None:
        return None
    if is_masked(spec) and not reveal:
        return mask(spec, value)
    if spec.kind == "choices":
        return _choices(value)
    if spec.kind == "bool":
        return bool(value)
    if spec.kind == "json" and isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def record_json(entity: str, row: dict[str, Any], *, reveal: bool = False) -> dict[str, Any]:
    """A materialised row as stable JSON: id, short id, every field, conflict and delete flags."""
    spec = ENTITIES[entity]
    data: dict[str, Any] = {"id": row["id"], "short_id": short_id(row["id"])}
    for f in spec.fields:
        data[f.name] = json_value(f, row.get(f.name), reveal=reveal)
    data["conflicts"] = int(row.get("_conflicts") or 0)
    if row.get("_deleted"):
        data["deleted"] = True
    if row.get("_delete_conflict"):
        data["delete_conflict"] = True
    return data


def record_pairs(
    entity: str, row: dict[str, Any], *, reveal: bool = False, skip: Sequence[str] = ()
) -> list[tuple[str, str]]:
    spec = ENTITIES[entity]
    return [
        (label(f), display(f, row.get(f.name), reveal=reveal))
        for f in spec.fields
        if f.name not in skip
    ]


def emit_created(ctx: Context, ws: Workspace, entity: str, record_id: str) -> None:
    """A record just added: as JSON with --json, else one line with its short id."""
    data = record_json(entity, ws.get(entity, record_id))
    ctx.emit(
        data,
        lambda: t("cli_created", entity=entity_label(entity), short_id=short_id(record_id)),
    )
