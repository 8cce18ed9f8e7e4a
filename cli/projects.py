"""Projects (征收项目): `project add`, `project list`."""

from __future__ import annotations

import argparse
from typing import Any

from cli.args import parse_assignments
from cli.base import Context, Subparsers, add_command, add_group, t, tr
from cli.output import emit_created, record_json, table
from domain import i18n
from domain.choices import PROJECT_KINDS, PROJECT_STAGES
from domain.ids import short_id
from services import projects

ORDER = 20


def register(commands: Subparsers) -> None:
    group = add_group(commands, "project", tr("征收项目", "projects"))
    add = add_command(group, "add", _add, tr("新建项目", "add a project"))
    add.add_argument("--code", required=True, help=tr("项目编号，如 XW-2026-002", "project code"))
    add.add_argument("--name", required=True, help=tr("项目名称", "project name"))
    add.add_argument(
        "--district", help=tr("区（默认本机档案的区）", "district (default: profile's)")
    )
    add.add_argument(
        "--sub-district", help=tr("街道（默认本机档案的街道）", "sub-district (default: profile's)")
    )
    add.add_argument(
        "--kind", help=tr("项目类型：住宅、非住宅、工业地块", "residential, non-residential, ...")
    )
    add.add_argument(
        "fields",
        nargs="*",
        metavar=tr("字段=值", "FIELD=VALUE"),
        help=tr(
            "其他字段，如 计划户数=120 所处阶段=入户调查登记", "other fields, e.g. stage=survey"
        ),
    )
    add_command(group, "list", _list, tr("列出项目", "list projects"))


def _add(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    profile = ws.require_profile()
    values: dict[str, Any] = parse_assignments("project", args.fields)
    values.update(
        code=args.code,
        name=args.name,
        district=args.district or values.get("district") or profile.district,
        sub_district=args.sub_district or values.get("sub_district") or profile.sub_district,
    )
    if args.kind:
        values["kind"] = args.kind
    values.setdefault("origin", "new")
    project_id = projects.create_project(ws, values)
    emit_created(ctx, ws, "project", project_id)
    return 0


def _list(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    ranked = projects.ranked_projects(ws, include_archived=True)
    lang = i18n.language()
    data = {
        "projects": [
            record_json("project", ws.get("project", p.id))
            | {
                "rank": p.rank,
                "priority": p.score,
                "households_recorded": p.households_recorded,
                "unsigned": p.unsigned,
                "warnings": [
                    {"code": w.code, "severity": w.severity, "message": w.message(lang)}
                    for w in p.warnings
                ],
            }
            for p in ranked
        ]
    }

    def human() -> str:
        if not ranked:
            return t("cli_none")
        rows = table(
            [
                tr("排名", "rank"),
                tr("编号", "id"),
                tr("项目编号", "code"),
                tr("项目名称", "name"),
                tr("区", "district"),
                tr("街道", "sub-district"),
                tr("类型", "kind"),
                tr("阶段", "stage"),
                tr("优先分", "priority"),
                tr("户数", "households"),
                tr("已登记", "recorded"),
                tr("未签约", "unsigned"),
            ],
            [
                [
                    p.rank,
                    short_id(p.id),
                    p.code,
                    p.name,
                    p.district,
                    p.sub_district,
                    PROJECT_KINDS.label(p.kind, lang),
                    PROJECT_STAGES.label(p.stage, lang),
                    p.score,
                    p.households,
                    p.households_recorded,
                    p.unsigned,
                ]
                for p in ranked
            ],
        )
        notes = [f"{p.code}  {w.message(lang)}" for p in ranked for w in p.warnings]
        return "\n".join([rows, *(["", *notes] if notes else [])])

    ctx.emit(data, human)
    return 0
