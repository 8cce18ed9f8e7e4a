"""Scoped sync on the command line (docs/sync.md): `scope set DEVICE …` and `scope show` (which
part of the district a laptop holds), `late-edits` (hub: laptop edits of records that had left
their scope). `registry list` (cli/sync_commands.py) shows every laptop's scope."""

from __future__ import annotations

import argparse

from cli.base import Context, Subparsers, add_command, add_group, t, tr
from cli.sync_commands import _password_option, _password_source, _sync
from domain.errors import UserError
from domain.scope import Scope
from services.sync import Sync

ORDER = 101  # after sync_commands, whose helpers this uses


def register(commands: Subparsers) -> None:
    scope = add_group(commands, "scope", tr("笔记本的工作范围", "a laptop's scope"))
    cmd = add_command(
        scope, "set", _scope_set, tr("设定笔记本的工作范围（中心）", "set a laptop's scope (hub)")
    )
    cmd.add_argument("device", help=tr("设备名称、编号或指纹", "device name, id or fingerprint"))
    add_scope_options(cmd)
    cmd.add_argument(
        "--all", action="store_true", help=tr("全部数据（取消范围）", "all data (no scope)")
    )
    _password_option(cmd)
    add_command(scope, "show", _scope_show, tr("本机的工作范围", "this laptop's scope"))
    add_command(
        commands,
        "late-edits",
        _late_edits,
        tr("范围外的迟到修改（中心）", "late edits of records outside a scope (hub)"),
    )


def add_scope_options(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--district", help=tr("区", "district"))
    cmd.add_argument("--sub-district", help=tr("街道", "sub-district"))
    cmd.add_argument(
        "--project",
        action="append",
        default=[],
        help=tr("项目编号（可重复）", "project code (repeatable)"),
    )


def scope_from_args(sync: Sync, args: argparse.Namespace) -> Scope | None:
    """The scope the options name; None when they name none. UserError: scope_needs_area."""
    area = args.district or args.sub_district
    if area and args.project:
        raise UserError("scope_needs_area")
    if args.project:
        return sync.scope_projects(args.project)
    if args.sub_district and not args.district:
        raise UserError("scope_needs_area")
    if args.district:
        return Scope.area(args.district, args.sub_district or "")
    return None


def _scope_set(ctx: Context, args: argparse.Namespace) -> int:
    sync = _sync(ctx)
    scope = scope_from_args(sync, args)
    if (scope is None) != bool(args.all):
        raise UserError("scope_needs_area")
    name, version = sync.set_scope(_password_source(ctx, args), args.device, scope)
    label = scope.label() if scope else t("scope_whole_district")
    ctx.emit(
        {"name": name, "version": version, "scope": scope.to_json() if scope else None},
        t("cli_scope_set", name=name, scope=label, version=version),
    )
    return 0


def _scope_show(ctx: Context, args: argparse.Namespace) -> int:
    status = _sync(ctx).status()
    label = status.scope_label or t("scope_whole_district")
    ctx.emit({"scope_label": status.scope_label}, label)
    return 0


def _late_edits(ctx: Context, args: argparse.Namespace) -> int:
    from cli.output import table

    edits = _sync(ctx).late_edits()

    def human() -> str:
        if not edits:
            return t("cli_late_edits_none")
        rows = [
            (e["imported_at"].replace("T", " ")[:16], e["device"], e["short_id"], e["title"],
             e["field"] or "", e["when"])
            for e in edits
        ]  # fmt: skip
        headers = [tr("导入时间", "imported"), tr("笔记本", "laptop"), tr("记录", "record"),
                   tr("标题", "title"), tr("字段", "field"), tr("修改时间", "edited")]  # fmt: skip
        return table(headers, rows)

    ctx.emit({"late_edits": edits}, human)
    return 0
