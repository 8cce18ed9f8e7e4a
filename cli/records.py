"""Commands on any record: `history RECORD_ID` (every change: who, when, which device, old → new)
and `attach RECORD_ID FILE`; plus the history rendering `household show` reuses."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cli.args import resolve_any
from cli.base import Context, Subparsers, add_command, t, tr
from cli.output import display, entity_label, json_value, label, table
from domain.errors import UserError
from domain.hlc import wall_ms
from domain.ids import short_id
from domain.ops import DELETED
from domain.records import ENTITIES
from services.workspace import HistoryEntry

ORDER = 50

KIND_LABELS = {
    "create": ("新建", "created"),
    "set": ("修改", "changed"),
    "delete": ("删除", "deleted"),
    "resolve": ("处理冲突", "conflict resolved"),
    "attach": ("添加附件", "attached"),
    "event": ("记录事件", "event"),
}
EVENT_LABELS = {
    "reveal": ("查看完整号码", "viewed in full"),
    "print": ("打印", "printed"),
    "export": ("导出", "exported"),
    "import": ("导入", "imported"),
}


def register(commands: Subparsers) -> None:
    history = add_command(
        commands, "history", _history, tr("查看记录的修改历史", "a record's change history")
    )
    history.add_argument(
        "record_id", metavar="RECORD_ID", help=tr("记录编号（完整或后 8 位）", "record id")
    )
    attach = add_command(
        commands, "attach", _attach, tr("给记录添加附件", "attach a file to a record")
    )
    attach.add_argument(
        "record_id", metavar="RECORD_ID", help=tr("记录编号（完整或后 8 位）", "record id")
    )
    attach.add_argument(
        "file",
        metavar="FILE",
        type=Path,  # a path may hold GBK bytes: the system takes them (cli.main)
        help=tr("照片、扫描件或 PDF 文件", "photo, scan or PDF"),
    )


def when(hlc: int) -> str:
    return dt.datetime.fromtimestamp(wall_ms(hlc) / 1000).strftime("%Y-%m-%d %H:%M:%S")


def HISTORY_HEADERS() -> list[str]:
    return [
        tr("时间", "time"),
        tr("操作人", "by"),
        tr("设备", "device"),
        tr("操作", "action"),
        tr("字段", "field"),
        tr("原值 → 新值", "old → new"),
    ]


def _field_label(entity: str, name: str | None) -> str:
    if not name:
        return ""
    if name == DELETED:
        return tr("删除标记", "deleted flag")
    spec = ENTITIES.get(entity)
    if spec is not None and spec.has_field(name):
        return label(spec.field(name))
    return name


def _value(entity: str, name: str | None, value: Any) -> str:
    spec = ENTITIES.get(entity)
    if name == DELETED:
        return tr("已删除", "deleted") if value else tr("未删除", "not deleted")
    if spec is None or not name or not spec.has_field(name):
        return "" if value is None else str(value)
    return display(spec.field(name), value)


def _kind(entry: HistoryEntry) -> str:
    zh, en = KIND_LABELS.get(entry.kind, (entry.kind, entry.kind))
    if entry.kind == "event" and entry.field:
        zh, en = EVENT_LABELS.get(entry.field, (entry.field, entry.field))
    return tr(zh, en)


def history_rows(entries: Sequence[HistoryEntry], *, only: str | None = None) -> list[list[str]]:
    rows = []
    for entry in entries:
        if entry.kind in ("create", "attach"):
            values = entry.new if isinstance(entry.new, dict) else {}
            if only is not None:
                change = f"→ {_value(entry.entity, only, values.get(only))}"
                field = _field_label(entry.entity, only)
            else:
                change = t("cli_history_fields", count=len(values))
                field = ""
        elif entry.kind == "event":
            details = entry.new if isinstance(entry.new, dict) else {}
            field = _field_label(entry.entity, str(details.get("field") or "")) if details else ""
            change = ""
        else:
            field = _field_label(entry.entity, entry.field)
            old = " | ".join(_value(entry.entity, entry.field, v) or "∅" for v in entry.old)
            new = _value(entry.entity, entry.field, entry.new) or "∅"
            change = f"{old or '∅'} → {new}"
        rows.append(
            [when(entry.hlc), entry.author, short_id(entry.device), _kind(entry), field, change]
        )
    return rows


def _json(entity: str, name: str | None, value: Any) -> Any:
    spec = ENTITIES.get(entity)
    if spec is None or not name or not spec.has_field(name):
        return value
    return json_value(spec.field(name), value)


def history_json(entries: Sequence[HistoryEntry]) -> list[dict[str, Any]]:
    out = []
    for entry in entries:
        item: dict[str, Any] = {
            "op_id": entry.op_id,
            "time": dt.datetime.fromtimestamp(wall_ms(entry.hlc) / 1000).isoformat(
                timespec="seconds"
            ),
            "hlc": entry.hlc,
            "author": entry.author,
            "device": entry.device,
            "kind": entry.kind,
            "entity": entry.entity,
            "entity_id": entry.entity_id,
            "field": entry.field,
        }
        if entry.kind in ("create", "attach") and isinstance(entry.new, dict):
            item["new"] = {k: _json(entry.entity, k, v) for k, v in entry.new.items()}
            item["old"] = []
        elif entry.kind == "event":
            item["new"] = entry.new
            item["old"] = []
        else:
            item["old"] = [_json(entry.entity, entry.field, v) for v in entry.old]
            item["new"] = _json(entry.entity, entry.field, entry.new)
        out.append(item)
    return out


def _history(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    entity, record_id = resolve_any(ws, args.record_id)
    entries = ws.history(record_id)
    data = {
        "record_id": record_id,
        "short_id": short_id(record_id),
        "entity": entity,
        "entries": history_json(entries),
    }

    def human() -> str:
        title = f"{entity_label(entity)} {short_id(record_id)}"
        return title + "\n" + table(HISTORY_HEADERS(), history_rows(entries), max_cell=60)

    ctx.emit(data, human)
    return 0


def _attach(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    _entity, record_id = resolve_any(ws, args.record_id)
    path = Path(args.file).expanduser()
    if path.exists() and not path.is_file():
        raise UserError("cli_not_a_file", path=str(path))
    attachment_id = ws.attach(record_id, path)
    row = ws.get("attachment", attachment_id)
    data = {
        "id": attachment_id,
        "short_id": short_id(attachment_id),
        "record_id": record_id,
        "name": row["name"],
        "sha256": row["sha256"],
        "size": row["size"],
        "mime": row["mime"],
    }
    ctx.emit(
        data,
        lambda: t(
            "cli_attached",
            name=row["name"],
            size=row["size"],
            short_id=short_id(attachment_id),
            record=short_id(record_id),
        ),
    )
    return 0
