"""What every command module builds on: the run context (database, output mode, streams), the
sub-command helpers, and sentence rendering from the message catalogue."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO, TypeAlias

from domain import i18n
from domain.errors import UserError, text
from services import security
from services.workspace import Workspace

Handler = Callable[["Context", argparse.Namespace], "int | None"]
Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def t(code: str, **params: Any) -> str:
    """A catalogue sentence in the current language."""
    return text(code, **params)


def tr(zh: str, en: str) -> str:
    """One of two spellings by the current language (for labels that already come in pairs)."""
    return zh if i18n.language() == "zh" else en


class Parser(argparse.ArgumentParser):
    """argparse that reports a usage mistake as one sentence (exit 2), not a usage dump."""

    def error(self, message: str) -> Any:
        raise UsageError(message, self.prog)


class UsageError(Exception):
    def __init__(self, detail: str, prog: str) -> None:
        super().__init__(detail)
        self.detail = detail
        self.prog = prog


def add_group(commands: Subparsers, name: str, help_text: str) -> Subparsers:
    """A command with sub-commands of its own (`project add`, `project list`)."""
    group = commands.add_parser(name, help=help_text, description=help_text)
    sub: Subparsers = group.add_subparsers(dest=f"{name}_command", metavar="COMMAND", required=True)
    return sub


def add_command(
    commands: Subparsers, name: str, handler: Handler, help_text: str, **kwargs: Any
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        name, help=help_text, description=help_text, **kwargs
    )
    parser.set_defaults(handler=handler)
    return parser


@dataclass
class Context:
    """One run of the command line: where the database is, how to print, and the open workspace."""

    db_path: Path
    json: bool = False
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
    password_file: Path | None = None
    _ws: Workspace | None = None
    typed_password: str | None = None

    def workspace(self, *, profile: bool = True, create: bool = False) -> Workspace:
        """The workspace of --db; refuses a missing file unless `create` (only `init` creates)."""
        if self._ws is None:
            if not create and not self.db_path.exists():
                raise UserError("cli_db_missing", path=str(self.db_path))
            self._ws = Workspace.open(self.db_path, password=self.password)
            if self._ws.store.plaintext_removed:
                self.note(t("db_plaintext_removed"))
        if profile:
            self._ws.require_profile()
        return self._ws

    def password(self, purpose: str) -> str | None:
        """The one password of this computer: --password-file, else $DOORSTEP_PASSWORD, else a
        prompt when there is a terminal ("new": typed twice). None lets the storage layer say
        that a password is needed."""
        if self.password_file is not None:
            return read_secret_file(self.password_file)
        if os.environ.get(security.PASSWORD_ENV):
            return os.environ[security.PASSWORD_ENV]
        if self.typed_password is not None:
            return self.typed_password
        if not sys.stdin.isatty():
            return None
        if purpose == "new":
            first = getpass.getpass(
                tr(
                    "为入户通设一个密码（至少 8 个字符）：",
                    "Choose a password for Doorstep (8+ characters): ",
                )
            )
            security.check_new_password(first)
            if getpass.getpass(tr("再输入一次：", "Type it again: ")) != first:
                raise UserError("db_password_mismatch")
        else:
            first = getpass.getpass(tr("入户通密码：", "Doorstep password: "))
        self.typed_password = first
        return first

    def close(self) -> None:
        if self._ws is not None:
            self._ws.close()
            self._ws = None

    def emit(self, data: Any, human: Callable[[], str] | str) -> None:
        """Print `data` as JSON with --json, else the human text."""
        if self.json:
            self.out.write(dumps(data) + "\n")
        else:
            text = human() if callable(human) else human
            if text:
                self.out.write(text.rstrip("\n") + "\n")

    def note(self, text: str) -> None:
        """Progress and hints: stderr, so stdout stays clean for pipes and --json."""
        self.err.write(text + "\n")

    @property
    def interactive(self) -> bool:
        return not self.json and bool(getattr(self.err, "isatty", lambda: False)())


def read_secret_file(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError("file_not_found", path=str(path)) from None
    except (OSError, UnicodeDecodeError):
        raise UserError("file_unreadable", path=str(path)) from None
    return text.rstrip("\r\n")


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)
