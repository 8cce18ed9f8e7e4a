"""Requests (群众诉求): `request add|set|list`.

Closing goes through services.requests.close_request (a reply is required), a progress entry
through add_progress: `request set ID 办理状态=已办结 答复意见=…` and `request set ID --progress …`.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from cli.args import (
    choice_code,
    parse_assignments,
    resolve_household,
    resolve_project,
    resolve_refs,
)
from cli.base import Context, Subparsers, add_command, add_group, t, tr
from cli.output import display, emit_created, entity_label, label, record_json, table
from domain import i18n
from domain.choices import REQUEST_CATEGORIES, REQUEST_STATUSES
from domain.errors import Label, UserError
from domain.ids import short_id
from domain.records import REQUEST
from services import requests
from services.requests import RequestFilter

ORDER = 45


def register(commands: Subparsers) -> None:
    group = add_group(commands, "request", tr("群众诉求", "requests"))
    add = add_command(group, "add", _add, tr("登记诉求", "log a request"))
    add.add_argument("--household", help=tr("住户编号", "household id"))
    add.add_argument("--project", help=tr("项目（无具体住户时）", "project (when no household)"))
    add.add_argument("--category", help=tr("诉求类别，如 补偿金额、面积认定", "category"))
    add.add_argument("--summary", help=tr("诉求内容", "what is asked"))
    add.add_argument(
        "fields",
        nargs="*",
        metavar=tr("字段=值", "FIELD=VALUE"),
        help=tr("如 来源渠道=12345热线 办理时限=2026-12-10", "other fields"),
    )

    set_cmd = add_command(
        group, "set", _set, tr("更新诉求（进展、上报、办结）", "update a request")
    )
    set_cmd.add_argument("id", metavar="ID", help=tr("诉求编号（完整或后 8 位）", "request id"))
    set_cmd.add_argument(
        "fields",
        nargs="*",
        metavar=tr("字段=值", "FIELD=VALUE"),
        help=tr(
            "如 办理状态=已上报 责任层级=区；办结：办理状态=已办结 答复意见=…",
            "e.g. status=escalated; to close: status=closed reply=...",
        ),
    )
    set_cmd.add_argument("--progress", help=tr("添加一条办理进展", "add a progress entry"))

    lst = add_command(group, "list", _list, tr("诉求台账", "request register"))
    lst.add_argument("--project", help=tr("项目", "project"))
    lst.add_argument("--household", help=tr("住户", "household"))
    lst.add_argument("--status", help=tr("办理状态：待办、办理中、已上报、已办结", "status"))
    lst.add_argument("--category", help=tr("诉求类别", "category"))
    lst.add_argument("--overdue", action="store_true", help=tr("只列超期的", "overdue only"))
    lst.add_argument("--limit", type=int, default=100)


def _add(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    values: dict[str, Any] = parse_assignments("request", args.fields)
    for option, name in (
        ("household", "household_id"),
        ("project", "project_id"),
        ("category", "category"),
        ("summary", "summary"),
    ):
        if getattr(args, option):
            values[name] = getattr(args, option)
    if not values.get("household_id") and not values.get("project_id"):
        raise UserError("cli_household_or_project")
    values = resolve_refs(ws, "request", values)
    request_id = requests.add_request(ws, values)
    emit_created(ctx, ws, "request", request_id)
    return 0


def _set(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    request_id = ws.resolve_id("request", args.id)
    values: dict[str, Any] = parse_assignments("request", args.fields)
    if not values and not args.progress:
        raise UserError("cli_no_assignments")
    values = resolve_refs(ws, "request", values)
    before = ws.get("request", request_id)
    status = values.get("status")
    closing = status is not None and REQUEST_STATUSES.lookup(status.strip()) == "closed"
    close_args: dict[str, Any] = {}
    if closing:
        values.pop("status")
        reply = values.pop("reply", None) or before.get("reply") or ""
        close_args = {"reply": reply}
        extra = ws.validate(
            "request",
            {k: values.pop(k) for k in ("closed_on", "satisfaction") if values.get(k)},
            partial=True,
        )
        if extra.get("closed_on"):
            close_args["on"] = dt.date.fromisoformat(extra["closed_on"])
        if extra.get("satisfaction"):
            close_args["satisfaction"] = extra["satisfaction"]
        if before["status"] == "closed":
            raise UserError("request_already_closed")
        if not str(reply).strip():
            field = REQUEST.field("reply")
            raise UserError("required", field=Label(field.zh, field.en))
    drafts = ws.update_drafts("request", request_id, values) if values else []
    if drafts:
        ws.commit(drafts)
    changed = [d.field for d in drafts if d.field]
    progress_id = None
    if args.progress:
        progress_id = requests.add_progress(ws, request_id, args.progress)
    if closing:
        requests.close_request(ws, request_id, **close_args)
        changed += [
            "status",
            "reply",
            "closed_on",
            *(["satisfaction"] if "satisfaction" in close_args else []),
        ]
    after = ws.get("request", request_id)
    data = {
        "id": request_id,
        "short_id": short_id(request_id),
        "changed": sorted(set(changed)),
        "progress_id": progress_id,
        "request": record_json("request", after),
    }

    def human() -> str:
        lines = [
            t(
                "cli_updated",
                entity=entity_label("request"),
                short_id=short_id(request_id),
                count=len(set(changed)) + (1 if progress_id else 0),
            )
        ]
        for name in dict.fromkeys(changed):
            spec = REQUEST.field(name)
            old, new = display(spec, before.get(name)), display(spec, after.get(name))
            if old != new:
                lines.append(f"{label(spec)}：{old or '∅'} → {new or '∅'}")
        if progress_id:
            lines.append(t("cli_progress_added", text=args.progress))
        return "\n".join(lines)

    ctx.emit(data, human)
    return 0


def _list(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    flt = RequestFilter(
        project_id=resolve_project(ws, args.project) if args.project else None,
        household_id=resolve_household(ws, args.household) if args.household else None,
        status=choice_code(REQUEST_STATUSES, args.status, REQUEST.field("status")),
        category=choice_code(REQUEST_CATEGORIES, args.category, REQUEST.field("category")),
        overdue_only=args.overdue,
    )
    rows = requests.register(ws, flt, limit=max(1, args.limit))
    data = {
        "requests": [
            record_json("request", row)
            | {
                "overdue": bool(row["overdue"]),
                "head_name": row.get("head_name"),
                "address": row.get("address"),
                "project_name": row.get("project_name"),
            }
            for row in rows
        ]
    }
    lang = i18n.language()

    def human() -> str:
        if not rows:
            return t("cli_none")
        return (
            table(
                [
                    tr("编号", "id"),
                    label(REQUEST.field("received_on")),
                    tr("户主", "head"),
                    label(REQUEST.field("category")),
                    label(REQUEST.field("status")),
                    label(REQUEST.field("level")),
                    label(REQUEST.field("deadline")),
                    tr("超期", "overdue"),
                    label(REQUEST.field("summary")),
                ],
                [
                    [
                        short_id(r["id"]),
                        r["received_on"],
                        r.get("head_name") or "",
                        REQUEST_CATEGORIES.label(r["category"], lang),
                        REQUEST_STATUSES.label(r["status"], lang),
                        display(REQUEST.field("level"), r.get("level")),
                        r.get("deadline") or "",
                        tr("超期", "OVERDUE") if r["overdue"] else "",
                        r.get("summary") or "",
                    ]
                    for r in rows
                ],
                max_cell=28,
            )
            + "\n"
            + t("cli_count", count=len(rows))
        )

    ctx.emit(data, human)
    return 0
