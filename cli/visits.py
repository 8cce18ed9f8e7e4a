"""Visits (走访记录): `visit add HOUSEHOLD field=value ...`."""

from __future__ import annotations

import argparse
from typing import Any

from cli.args import parse_assignments, resolve_household
from cli.base import Context, Subparsers, add_command, add_group, tr
from cli.output import emit_created
from services import visits

ORDER = 40


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


def _add(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    household_id = resolve_household(ws, args.household)
    values: dict[str, Any] = parse_assignments("visit", args.fields)
    values.pop("household_id", None)
    visit_id = visits.add_visit(ws, household_id, values)
    emit_created(ctx, ws, "visit", visit_id)
    return 0
