"""What every command module builds on: the run context (database, output mode, streams), the
sub-command helpers, and sentence rendering from the message catalogue."""

from __future__ import annotations

import argparse
import errno
import functools
import getpass
import json
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO, TypeAlias

from domain import i18n
from domain.errors import UserError, text
from services import paths, security
from services.workspace import Workspace

Handler = Callable[["Context", argparse.Namespace], "int | None"]
Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


# Characters a terminal acts on instead of showing: C0/C1 controls (ESC colours the screen, CR
# overwrites the line) and the bidi controls that reorder what is shown (U+202E "txt.exe").
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_INVISIBLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029" + _BIDI + "\ud800-\udfff]")
_INVISIBLE_OR_NEWLINE = re.compile(_INVISIBLE.pattern[:-1] + "\n]")


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape): show the byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str, *, keep_newlines: bool = True) -> str:
    """`text` safe to print to a terminal: control, bidi and undecodable characters escaped
    (ESC as \\x1b), so stored text can neither colour the screen nor reorder a line."""
    pattern = _INVISIBLE if keep_newlines else _INVISIBLE_OR_NEWLINE
    return pattern.sub(_escape, text)


def has_undecodable(text: str) -> bool:
    """True when `text` holds surrogates: bytes that were not UTF-8 (a GBK terminal)."""
    return any("\ud800" <= ch <= "\udfff" for ch in text)


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


def add_global_options(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    """--db, --password-file, --json and --lang, on the program and on every command, so that they may stand on
    either side of it (`stats --json` as the README writes it). Below the top the defaults are
    suppressed: an option given before the command is not reset by the command's parser."""

    def default(value: Any) -> Any:
        return value if top else argparse.SUPPRESS

    db_help, password_help, json_help, lang_help = _global_help(
        i18n.language(), str(paths.data_dir())
    )
    parser.add_argument("--db", type=Path, default=default(None), help=db_help)
    parser.add_argument(
        "--password-file",
        type=Path,
        default=default(None),
        dest="db_password_file",
        help=password_help,
    )
    parser.add_argument("--json", action="store_true", default=default(False), help=json_help)
    parser.add_argument("--lang", choices=i18n.LANGUAGES, default=default(None), help=lang_help)


@functools.lru_cache(maxsize=8)
def _global_help(language: str, data_dir: str) -> tuple[str, str, str, str]:
    """The help texts, made once per language and data directory (not once per command)."""
    db = paths.default_db_path()
    return (
        tr(f"数据库文件（默认 {db}）", f"database file (default {db})"),
        tr(
            "入户通密码所在文件（或设置 DOORSTEP_PASSWORD；都没有时在终端询问）",
            "file holding Doorstep's password (or set DOORSTEP_PASSWORD; else a prompt)",
        ),
        tr("输出 JSON", "print JSON"),
        tr("提示语言（默认 zh）", "language (default zh)"),
    )


def add_group(commands: Subparsers, name: str, help_text: str) -> Subparsers:
    """A command with sub-commands of its own (`project add`, `project list`)."""
    group = commands.add_parser(
        name, help=help_text, description=help_text, conflict_handler="resolve"
    )
    add_global_options(group)
    sub: Subparsers = group.add_subparsers(dest=f"{name}_command", metavar="COMMAND", required=True)
    return sub


def add_command(
    commands: Subparsers, name: str, handler: Handler, help_text: str, **kwargs: Any
) -> argparse.ArgumentParser:
    kwargs.setdefault("conflict_handler", "resolve")  # a command's own --json wins over ours
    parser: argparse.ArgumentParser = commands.add_parser(
        name, help=help_text, description=help_text, **kwargs
    )
    add_global_options(parser)
    parser.set_defaults(handler=handler)
    return parser


class Interrupted(KeyboardInterrupt):
    """Ctrl-C during a command that can say more than "interrupted": the catalogue `code` of
    what became of the work (cli.main prints it)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


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
            _refuse_too_long(self.db_path)
            if not create and not self.db_path.exists():
                raise UserError("cli_db_missing", path=str(self.db_path))
            if not create and self.db_path.is_file() and self.db_path.stat().st_size == 0:
                # opening would make it a database: only `init` creates one
                raise UserError("db_empty_file", path=str(self.db_path))
            self._ws = Workspace.open(
                self.db_path, password=self.password, on_step=lambda code: self.note(t(code))
            )
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
                self.out.write(visible(text.rstrip("\n")) + "\n")

    def note(self, text: str) -> None:
        """Progress and hints: stderr, so stdout stays clean for pipes and --json."""
        self.err.write(visible(text) + "\n")

    @property
    def interactive(self) -> bool:
        return not self.json and bool(getattr(self.err, "isatty", lambda: False)())


def _refuse_too_long(path: Path) -> None:
    """A --db name longer than the file system takes: Path.exists raises on it."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise UserError("file_name_too_long", name=path.name) from None


SECRET_FILE_LIMIT = 64 * 1024  # a password or passphrase file is a line, never this long


def read_secret_file(path: Path) -> str:
    """The secret in a password or passphrase file (a pipe such as <(echo …) too). Read up to
    a limit: /dev/zero or a wrong big file is refused, not read until memory runs out."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(SECRET_FILE_LIMIT + 1)
        if len(data) > SECRET_FILE_LIMIT:
            raise UserError("secret_file_too_big", path=str(path), limit=SECRET_FILE_LIMIT // 1024)
        text = data.decode("utf-8")
    except FileNotFoundError:
        raise UserError("file_not_found", path=str(path)) from None
    except (OSError, UnicodeDecodeError):
        raise UserError("file_unreadable", path=str(path)) from None
    return text.rstrip("\r\n")


def dumps(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    if has_undecodable(text):  # a lone surrogate cannot be written as UTF-8: escape it as JSON
        return json.dumps(data, ensure_ascii=True, indent=2, default=str)
    return text
