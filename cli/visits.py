"""Visits (走访记录): `visit add HOUSEHOLD field=value ...`, `visit set ID field=value ...`
(correct one; the history keeps the old values), `visit void ID --reason …` (作废) and
`visit list HOUSEHOLD` (voided visits included, marked)."""

from __future__ import annotations

import argparse
from typing import Any

from cli.args import parse_assignments, resolve, resolve_household
from cli.base import Context, Subparsers, add_command, add_group, t, tr
from cli.output import display, emit_created, entity_label, label, record_json, table
from domain.ids import short_id
from domain.records import VISIT
from services import visits

ORDER = 40
LIST_FIELDS = ("visited_on", "caseworkers", "attitude", "explained", "next_visit_due")


def register(commands: Subparsers) -> None:
    group = add_group(commands, "visit", tr("走访记录", "visits"))
    add = add_command(group, "add", _add, tr("记录一次走访", "record a visit"))
    add.add_argument(
        "household", metavar="HOUSEHOLD", help=tr("住户编号（完整或后 8 位）", "household id")
    )
    add.add_argument(
        "fields",
        nargs="*",
        metavar=tr("字段=值", "FIELD=VALUE"),
        help=tr(
            "如 走访日期=2026-11-20 态度=观望 宣传解释内容=… 下次走访日期=2026-12-01"
            "（日期默认今天，走访人员默认本人）",
            "e.g. visited_on=2026-11-20 attitude=undecided (date defaults to today)",
        ),
    )

    set_cmd = add_command(group, "set", _set, tr("更正一次走访（历史保留原值）", "correct a visit"))
    set_cmd.add_argument("id", metavar="ID", help=tr("走访编号（完整或后 8 位）", "visit id"))
    set_cmd.add_argument(
        "fields",
        nargs="+",
        metavar=tr("字段=值", "FIELD=VALUE"),
        help=tr("如 宣传解释内容=… 下次走访日期=2026-12-10", "e.g. next_visit_due=2026-12-10"),
    )

    void = add_command(group, "void", _void, tr("作废一次走访", "void a visit"))
    void.add_argument("id", metavar="ID", help=tr("走访编号（完整或后 8 位）", "visit id"))
    void.add_argument(
        "--reason", required=True, help=tr("作废原因（必填）", "why it is voided (required)")
    )

    lst = add_command(group, "list", _list, tr("一户的全部走访", "a household's visits"))
    lst.add_argument(
        "household", metavar="HOUSEHOLD", help=tr("住户编号（完整或后 8 位）", "household id")
    )


def _add(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    household_id = resolve_household(ws, args.household)
    values: dict[str, Any] = parse_assignments("visit", args.fields)
    values.pop("household_id", None)
    visit_id = visits.add_visit(ws, household_id, values)
    emit_created(ctx, ws, "visit", visit_id)
    return 0


def _set(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    visit_id = resolve(ws, "visit", args.id)
    values: dict[str, Any] = parse_assignments("visit", args.fields)
    values.pop("household_id", None)
    before = ws.get("visit", visit_id, include_deleted=True)
    changed = visits.update_visit(ws, visit_id, values)
    after = ws.get("visit", visit_id)
    names = [f.name for f in VISIT.fields if before.get(f.name) != after.get(f.name)]
    data = {
        "id": visit_id,
        "short_id": short_id(visit_id),
        "changed": names,
        "visit": record_json("visit", after),
    }

    def human() -> str:
        if not changed:
            return t("cli_unchanged")
        lines = [
            t(
                "cli_updated",
                entity=entity_label("visit"),
                short_id=short_id(visit_id),
                count=len(names),
            )
        ]
        for name in names:
            spec = VISIT.field(name)
            old, new = display(spec, before.get(name)), display(spec, after.get(name))
            lines.append(f"{label(spec)}：{old or '∅'} → {new or '∅'}")
        return "\n".join(lines)

    ctx.emit(data, human)
    return 0


def _void(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    visit_id = resolve(ws, "visit", args.id)
    visits.void_visit(ws, visit_id, args.reason)
    reason = args.reason.strip()
    ctx.emit(
        {"id": visit_id, "short_id": short_id(visit_id), "voided": True, "reason": reason},
        lambda: t("visit_void_done", short_id=short_id(visit_id), reason=reason),
    )
    return 0


def _list(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    household_id = resolve_household(ws, args.household)
    rows = visits.list_visits(ws, household_id)
    data = {
        "household": household_id,
        "visits": [
            record_json("visit", row)
            | {"voided": bool(row["_deleted"]), "void_reason": row["void_reason"]}
            for row in rows
        ],
    }

    def human() -> str:
        if not rows:
            return t("visit_list_empty")
        headers = [tr("编号", "id"), *(label(VISIT.field(n)) for n in LIST_FIELDS), ""]
        body = [
            [
                short_id(row["id"]),
                *(display(VISIT.field(n), row.get(n)) for n in LIST_FIELDS),
                t("visit_list_voided", reason=row["void_reason"] or "") if row["_deleted"] else "",
            ]
            for row in rows
        ]
        return table(headers, body)

    ctx.emit(data, human)
    return 0
