"""`password change`: a new password for this computer. It rewraps the database key and the
device keys (one password opens both) and does not rewrite the database."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from cli.base import Context, Subparsers, add_command, add_group, read_secret_file, t, tr
from domain.errors import UserError
from services import security

ORDER = 95


def register(commands: Subparsers) -> None:
    group = add_group(commands, "password", tr("本机密码", "this computer's password"))
    change = add_command(
        group,
        "change",
        _change,
        tr(
            "更改密码（数据库不重写；旧密码来自 --password-file、DOORSTEP_PASSWORD 或提示）",
            "change the password (the database is not rewritten; the old one as usual)",
        ),
    )
    change.add_argument(
        "--new-password-file",
        type=Path,
        help=tr("新密码所在文件（不给时在终端输入两次）", "file holding the new password"),
    )


def _new_password(args: argparse.Namespace) -> str:
    if args.new_password_file is not None:
        return read_secret_file(args.new_password_file)
    if not sys.stdin.isatty():
        raise UserError("db_new_password_needed")
    first = getpass.getpass(tr("新密码（至少 8 个字符）：", "New password (8+ characters): "))
    security.check_new_password(first)
    if getpass.getpass(tr("再输入一次：", "Type it again: ")) != first:
        raise UserError("db_password_mismatch")
    return first


def _change(ctx: Context, args: argparse.Namespace) -> int:
    if not ctx.db_path.exists():
        raise UserError("cli_db_missing", path=str(ctx.db_path))
    old = ctx.password("unlock")
    if not old:
        raise UserError("db_password_needed")
    new = _new_password(args)
    security.change_password(ctx.db_path, old, new)
    ctx.emit({"changed": True}, t("db_password_changed"))
    return 0
