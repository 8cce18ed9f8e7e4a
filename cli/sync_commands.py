"""Sync commands: this computer's keys (`device`), enrolment (`enrol`), the district's device
registry (`registry`, `revoke`), bundles (`export-bundle`, `import-bundle`) and conflicts
(`conflicts`, `resolve`).

The password of this computer's keys comes from --password-file, else $DOORSTEP_PASSWORD, else a
prompt (only when there is a terminal). Every refusal is exit 2 with its one sentence.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cli.base import (
    Context,
    Interrupted,
    Subparsers,
    add_command,
    add_group,
    read_secret_file,
    t,
    tr,
)
from domain import i18n
from domain.errors import UserError
from domain.records import ENTITIES
from services.sync import ConflictView, ImportOutcome, Sync

ORDER = 60
PASSWORD_ENV = "DOORSTEP_PASSWORD"


def register(commands: Subparsers) -> None:
    device = add_group(commands, "device", tr("本机密钥与身份", "this computer's keys"))
    cmd = add_command(
        device,
        "init",
        _device_init,
        tr("为本机生成密钥（每台电脑一次）", "make this computer's keys"),
    )
    _password_option(cmd)
    add_command(device, "show", _device_show, tr("本机登记状态", "this computer's sync status"))
    cmd = add_command(
        device,
        "reenrol",
        _device_reenrol,
        tr("数据回退后：换新的设备编号和密钥", "after a rollback: a new device id and keys"),
    )
    _password_option(cmd)

    enrol = add_group(commands, "enrol", tr("登记：与区征收办交换公钥", "enrolment"))
    cmd = add_command(
        enrol, "export", _enrol_export, tr("导出本机登记文件", "write the enrolment file")
    )
    cmd.add_argument(
        "--out", type=Path, required=True, help=tr("文件或文件夹（U 盘）", "file or folder")
    )
    _password_option(cmd)
    cmd = add_command(
        enrol, "import", _enrol_import, tr("导入对方的登记文件", "import the other side's file")
    )
    cmd.add_argument("file", type=Path)
    cmd.add_argument(
        "--fingerprint",
        help=tr("对方屏幕上显示的指纹（核对用）", "the fingerprint shown on the other screen"),
    )
    from cli.scope_commands import add_scope_options  # the laptop's scope, set at enrolment

    add_scope_options(cmd)
    _password_option(cmd)

    registry = add_group(commands, "registry", tr("设备登记表", "the device registry"))
    cmd = add_command(
        registry,
        "export",
        _registry_export,
        tr("导出设备登记表（中心）", "write the registry (hub)"),
    )
    cmd.add_argument("--out", type=Path, required=True)
    cmd = add_command(
        registry, "import", _registry_import, tr("导入更新的设备登记表", "take a newer registry")
    )
    cmd.add_argument("file", type=Path)
    add_command(registry, "list", _registry_list, tr("列出登记的设备", "list enrolled devices"))

    cmd = add_command(
        commands, "revoke", _revoke, tr("停用一台设备（中心）", "revoke a device (hub)")
    )
    cmd.add_argument("device", help=tr("设备名称、编号或指纹", "device name, id or fingerprint"))
    _password_option(cmd)

    cmd = add_command(
        commands, "export-bundle", _export_bundle, tr("导出同步包到 U 盘", "write a sync bundle")
    )
    cmd.add_argument(
        "--out",
        type=Path,
        required=True,
        help=tr("文件夹（自动命名）或 .dsbundle 文件", "folder (named for you) or .dsbundle file"),
    )
    cmd.add_argument(
        "--to",
        action="append",
        metavar="DEVICE",
        help=tr("发给哪台设备（默认：笔记本发给中心；中心发给每台笔记本）", "recipient device"),
    )
    cmd.add_argument(
        "--all", action="store_true", help=tr("全部数据，不只是对方缺少的", "everything held")
    )
    cmd.add_argument(
        "--emergency-passphrase-file",
        type=Path,
        help=tr("应急：用口令加密（唯一收件方）", "emergency: encrypt to a passphrase only"),
    )
    _password_option(cmd)

    cmd = add_command(
        commands, "import-bundle", _import_bundle, tr("导入同步包（可多个）", "import sync bundles")
    )
    cmd.add_argument("files", type=Path, nargs="+")
    cmd.add_argument(
        "--passphrase-file", type=Path, help=tr("应急同步包的口令文件", "emergency passphrase")
    )
    _password_option(cmd)

    cmd = add_command(commands, "conflicts", _conflicts, tr("列出待处理的冲突", "list conflicts"))
    cmd = add_command(commands, "resolve", _resolve, tr("处理一处冲突", "resolve a conflict"))
    cmd.add_argument("record", help=tr("记录编号（后 8 位即可）", "record id (last 8 digits)"))
    cmd.add_argument("field", help=tr("字段名，删除冲突写 _deleted", "field; _deleted for deletes"))
    cmd.add_argument(
        "value",
        help=tr(
            "新值；#1、#2 选列出的值；删除冲突写 保留 或 删除",
            "new value; #1, #2 pick a listed value; keep or delete",
        ),
    )


# --- passwords ---------------------------------------------------------------------------------


def _password_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-file",
        type=Path,
        help=tr(
            f"本机密钥密码所在文件（或设置 {PASSWORD_ENV}）",
            f"file holding the key password (or set {PASSWORD_ENV})",
        ),
    )


def _password_source(ctx: Context, args: argparse.Namespace) -> Callable[[str], str]:
    def source(purpose: str) -> str:
        if ctx.password_file is not None:  # the command's own --password-file, or the global one
            return read_secret_file(ctx.password_file)
        if os.environ.get(PASSWORD_ENV):
            return os.environ[PASSWORD_ENV]
        if ctx.typed_password:  # one password: the one typed to open the database
            return ctx.typed_password
        if not sys.stdin.isatty():
            raise UserError("keys_password_needed")
        return getpass.getpass(tr("本机密钥密码：", "Password of this computer's keys: "))

    return source


def _new_password(ctx: Context, args: argparse.Namespace) -> str:
    if ctx.password_file is not None:
        return read_secret_file(ctx.password_file)
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    if ctx.typed_password:
        return ctx.typed_password
    if not sys.stdin.isatty():
        raise UserError("keys_password_needed")
    first = getpass.getpass(tr("为本机密钥设一个密码：", "Choose a password for the keys: "))
    again = getpass.getpass(tr("再输入一次：", "Type it again: "))
    if first != again:
        raise UserError("keys_password_mismatch")
    return first


def _sync(ctx: Context) -> Sync:
    return Sync(ctx.workspace())


# --- device ------------------------------------------------------------------------------------


def _device_init(ctx: Context, args: argparse.Namespace) -> int:
    sync = _sync(ctx)
    public = sync.init_device(_new_password(ctx, args))
    fingerprint = public.fingerprint_for_reading()
    ctx.emit(
        {"device_id": public.device_id, "name": public.name, "role": public.role,
         "fingerprint": fingerprint},
        t("sync_device_initialised", name=public.name, fingerprint=fingerprint),
    )  # fmt: skip
    return 0


def _device_show(ctx: Context, args: argparse.Namespace) -> int:
    status = _sync(ctx).status()

    def human() -> str:
        yes, no = tr("是", "yes"), tr("否", "no")
        rows = [
            (tr("本机名称", "name"), status.name),
            (tr("角色", "role"), tr("区征收办中心", "district hub") if status.role == "hub"
             else tr("街道笔记本", "laptop")),
            (tr("设备编号", "device id"), status.device_id),
            (tr("密钥指纹", "fingerprint"), status.fingerprint or tr("（未生成）", "(none)")),
            (tr("已登记", "enrolled"), yes if status.enrolled else no),
            (tr("中心", "hub"), f"{status.hub_name or '—'}  {status.hub_fingerprint or ''}"),
            (tr("登记表版本", "registry version"), status.registry_version or "—"),
            (tr("未发送的变更", "changes not yet sent"), status.unsent_ops),
            (tr("待处理冲突", "open conflicts"), status.conflicts),
            (tr("上次导出", "last export"), status.last_export or "—"),
            (tr("工作范围", "scope"), status.scope_label or t("scope_whole_district")),
        ]  # fmt: skip
        width = max(len(k) for k, _ in rows)
        return "\n".join(f"{k.ljust(width)}  {v}" for k, v in rows)

    ctx.emit(status.to_json(), human)
    return 0


def _device_reenrol(ctx: Context, args: argparse.Namespace) -> int:
    public, old = _sync(ctx).reenrol(_new_password(ctx, args))
    fingerprint = public.fingerprint_for_reading()
    ctx.emit(
        {"device_id": public.device_id, "old_device_id": old, "fingerprint": fingerprint},
        t("sync_reenrolled", fingerprint=fingerprint, old=old),
    )
    return 0


# --- enrolment and registry ----------------------------------------------------------------------


def _enrol_export(ctx: Context, args: argparse.Namespace) -> int:
    path, public = _sync(ctx).export_enrolment(_password_source(ctx, args), args.out)
    fingerprint = public.fingerprint_for_reading()
    ctx.emit(
        {"file": str(path), "fingerprint": fingerprint, "device_id": public.device_id},
        t("sync_enrol_written", file=str(path), fingerprint=fingerprint),
    )
    return 0


def _enrol_import(ctx: Context, args: argparse.Namespace) -> int:
    from cli.scope_commands import scope_from_args

    sync = _sync(ctx)
    scope = scope_from_args(sync, args)
    if scope is not None and not sync.is_hub():
        raise UserError("registry_not_hub")
    fingerprint = args.fingerprint or _confirmed_fingerprint(ctx, sync, args.file)
    outcome = sync.import_enrolment(
        _password_source(ctx, args),
        args.file,
        fingerprint,
        set_scope=scope is not None,
        scope=scope,
    )  # the laptop and its scope in one registry version
    if sync.is_hub():
        code = "sync_enrolled_device" if outcome.changed else "sync_already_enrolled"
    else:
        code = "sync_enrolled_here"
    params = {"name": outcome.name, "hub": outcome.name, "fingerprint": outcome.fingerprint,
              "version": outcome.registry_version}  # fmt: skip
    ctx.emit(outcome.to_json(), t(code, **params))
    return 0


def _confirmed_fingerprint(ctx: Context, sync: Sync, path: Path) -> str:
    """Comparing the fingerprint with the other screen is the whole point of enrolment: ask at
    a terminal, and refuse without one (a script must say which fingerprint it expects)."""
    found = sync.peek_enrolment(path).fingerprint_for_reading()
    if ctx.json or not sys.stdin.isatty():
        raise UserError("enrol_fingerprint_required", found=found)
    ctx.err.write(t("enrol_confirm_prompt", found=found))
    ctx.err.flush()
    answer = sys.stdin.readline().strip().lower()
    if answer not in ("是", "y", "yes"):
        raise UserError("enrol_not_confirmed")
    return found


def _registry_export(ctx: Context, args: argparse.Namespace) -> int:
    path, version = _sync(ctx).export_registry(args.out)
    ctx.emit(
        {"file": str(path), "version": version},
        t("sync_registry_written", file=str(path), version=version),
    )
    return 0


def _registry_import(ctx: Context, args: argparse.Namespace) -> int:
    version, changed = _sync(ctx).import_registry(args.file)
    code = "sync_registry_updated" if changed else "sync_registry_same"
    ctx.emit({"version": version, "changed": changed}, t(code, version=version))
    return 0


def _registry_list(ctx: Context, args: argparse.Namespace) -> int:
    from cli.output import table

    devices = _sync(ctx).devices()
    if not devices:
        raise UserError("registry_missing")

    def human() -> str:
        rows = [
            (
                d.name,
                tr("中心", "hub") if d.role == "hub" else tr("笔记本", "laptop"),
                d.device_id[-8:],
                d.fingerprint,
                d.enrolled_at[:10],
                tr("已停用 ", "revoked ") + d.revoked_at[:10] if d.revoked_at else "",
                d.acknowledged_ops,
                "—" if d.role == "hub" else (d.scope_label or t("scope_whole_district")),
            )
            for d in devices
        ]
        headers = [tr("名称", "name"), tr("角色", "role"), tr("编号", "id"),
                   tr("指纹", "fingerprint"), tr("登记日期", "enrolled"), tr("状态", "status"),
                   tr("已确认变更", "acknowledged"), tr("工作范围", "scope")]  # fmt: skip
        return table(headers, rows)

    ctx.emit({"devices": [d.to_json() for d in devices]}, human)
    return 0


def _revoke(ctx: Context, args: argparse.Namespace) -> int:
    name, version = _sync(ctx).revoke(_password_source(ctx, args), args.device)
    ctx.emit({"name": name, "version": version}, t("sync_revoked", name=name, version=version))
    return 0


# --- bundles ----------------------------------------------------------------------------------------


def _export_bundle(ctx: Context, args: argparse.Namespace) -> int:
    passphrase = None
    if args.emergency_passphrase_file is not None:
        passphrase = read_secret_file(args.emergency_passphrase_file)
    results = _sync(ctx).export(
        _password_source(ctx, args),
        args.out,
        to=args.to,
        all_ops=args.all,
        passphrase=passphrase,
    )

    def human() -> str:
        lines = []
        for r in results:
            to = "、".join(r.recipients) if r.recipients else tr("口令持有人", "passphrase holder")
            lines.append(
                t("sync_exported", file=str(r.path), ops=r.op_count, attachments=r.attachments,
                  to=to)
            )  # fmt: skip
        return "\n".join(lines)

    ctx.emit({"bundles": [r.to_json() for r in results]}, human)
    return 0


def _kinds_text(kinds: dict[str, int]) -> str:
    if not kinds:
        return ""
    lang = i18n.language()
    parts = []
    for kind, count in kinds.items():
        if kind == "event":
            label = t("sync_kind_event")
        elif kind in ENTITIES:
            label = ENTITIES[kind].zh if lang == "zh" else ENTITIES[kind].en
        else:
            label = kind
        parts.append(f"{label} {count}")
    joined = "、".join(parts) if lang == "zh" else ", ".join(parts)
    return f"（{joined}）" if lang == "zh" else f" ({joined})"


def outcome_sentence(outcome: ImportOutcome) -> str:
    name = outcome.path.name
    if outcome.status == "already_imported":
        return t("sync_already_imported", file=name)
    if outcome.status == "refused":
        return t("sync_refused", file=name, reason=str(outcome.error))
    s = outcome.summary
    assert s is not None
    line = t(
        "sync_imported",
        file=name,
        sender=s.sender_name,
        new=s.new_ops,
        kinds=_kinds_text(s.new_by_kind),
        known=s.known_ops,
        conflicts=s.conflicts_created,
        attachments=s.attachments_received,
    )
    if s.registry_version is not None:
        line += " " + t("sync_registry_updated", version=s.registry_version)
    if s.superseded:
        line += " " + t("cli_bundle_superseded")
    if s.records_left:
        line += " " + t("cli_records_left", count=s.records_left)
    if s.sender_version:
        line += " " + t("sync_sender_version", version=s.sender_version)
    return line


def _import_bundle(ctx: Context, args: argparse.Namespace) -> int:
    passphrase = None
    if args.passphrase_file is not None:
        passphrase = read_secret_file(args.passphrase_file)
    sync = _sync(ctx)
    password = _password_source(ctx, args) if sync.keys.exists() else None
    try:
        outcomes = sync.import_files(password, args.files, passphrase=passphrase)
    except KeyboardInterrupt:
        raise Interrupted("sync_import_interrupted") from None
    refused = [o for o in outcomes if o.status == "refused"]
    if ctx.json:
        ctx.emit({"bundles": [o.to_json() for o in outcomes]}, "")
    else:
        for outcome in outcomes:
            if outcome.status == "refused":
                ctx.err.write(outcome_sentence(outcome) + "\n")
            else:
                ctx.out.write(outcome_sentence(outcome) + "\n")
    return 2 if refused else 0


# --- conflicts ----------------------------------------------------------------------------------------


def _conflicts(ctx: Context, args: argparse.Namespace) -> int:
    views = _sync(ctx).conflicts()

    def human() -> str:
        if not views:
            return t("sync_no_conflicts")
        return "\n\n".join(_conflict_text(v) for v in views)

    ctx.emit({"conflicts": [v.to_json() for v in views]}, human)
    return 0


def _conflict_text(view: ConflictView) -> str:
    head = f"{view.entity_label} · {view.title} [{view.short_id}]  {view.field_label}"
    lines = [head]
    if view.kind == "delete":
        lines[0] += tr(
            "  （一台电脑上删除、另一台上修改）", "  (deleted on one computer, edited on another)"
        )
    for n, value in enumerate(view.values, 1):
        mark = tr("  ← 当前显示", "  ← shown now") if value.winning and view.kind == "field" else ""
        who = f"{value.author} @ {value.device}, {value.when}"
        lines.append(f"  #{n}  {value.text}   {who}{mark}")
    if view.kind == "delete":
        hint = (
            f"main.py resolve {view.short_id} _deleted {tr('保留', 'keep')}|{tr('删除', 'delete')}"
        )
    else:
        hint = f'main.py resolve {view.short_id} {view.field} "#1"'
    lines.append("  " + tr("处理：", "resolve: ") + hint)
    return "\n".join(lines)


def _resolve(ctx: Context, args: argparse.Namespace) -> int:
    sync = _sync(ctx)
    view = sync.resolve(args.record, args.field, args.value)
    shown: Any = args.value
    text = str(args.value)
    if view.kind == "field" and text.startswith("#") and text[1:].isdigit():
        index = int(str(args.value)[1:]) - 1
        shown = view.values[index].text
    ctx.emit(
        {"record_id": view.record_id, "field": view.field, "value": args.value},
        t("sync_resolved", record=f"{view.title} [{view.short_id}]", field=view.field_label,
          value=shown),
    )  # fmt: skip
    return 0
