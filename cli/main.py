"""The command line's entry: the parser with its global options, the command modules found in
cli/ (see cli/__init__.py), dispatch, and the exit-code contract (0 ok, 2 refused, 1 bug)."""

from __future__ import annotations

import datetime as dt
import importlib
import os
import pkgutil
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import TextIO

import cli
from cli.base import Context, Parser, UsageError, dumps, t, tr
from domain import i18n
from domain.errors import UserError
from domain.version import version
from services import paths

PROG = "doorstep"  # what the README tells people to type: ./doorstep <command>
INFRASTRUCTURE = {"base", "main", "output", "args"}
EXIT_OK, EXIT_BUG, EXIT_REFUSED, EXIT_INTERRUPTED = 0, 1, 2, 130


def command_modules() -> list[ModuleType]:
    """Every cli module with a `register(commands)` function, in `ORDER`, then name order."""
    found = []
    for info in pkgutil.iter_modules(cli.__path__):
        if info.name.startswith("_") or info.name in INFRASTRUCTURE:
            continue
        module = importlib.import_module(f"cli.{info.name}")
        if callable(getattr(module, "register", None)):
            found.append(module)
    return sorted(found, key=lambda m: (getattr(m, "ORDER", 100), m.__name__))


def build_parser() -> Parser:
    parser = Parser(
        prog=PROG,
        description=tr(
            "入户通（Doorstep）命令行：不带参数运行 ./doorstep 打开图形界面。",
            "Doorstep command line; run ./doorstep without arguments for the window.",
        ),
    )
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help=tr(
            f"数据库文件（默认 {paths.default_db_path()}）",
            f"database file (default {paths.default_db_path()})",
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"{PROG} {version()}",
        help=tr("显示版本", "show the version"),
    )
    parser.add_argument(
        "--password-file",
        type=Path,
        default=None,
        dest="db_password_file",
        help=tr(
            "入户通密码所在文件（或设置 DOORSTEP_PASSWORD；都没有时在终端询问）",
            "file holding Doorstep's password (or set DOORSTEP_PASSWORD; else a prompt)",
        ),
    )
    parser.add_argument("--json", action="store_true", help=tr("输出 JSON", "print JSON"))
    parser.add_argument(
        "--lang",
        choices=i18n.LANGUAGES,
        default=None,
        help=tr("提示语言（默认 zh）", "language (default zh)"),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in command_modules():
        module.register(commands)
    return parser


def _language_from(argv: Sequence[str]) -> str:
    """--lang is read before the parser is built, so that --help is in that language too."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return "zh"


def main(
    argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    out = out or sys.stdout
    err = err or sys.stderr
    previous = i18n.language()
    lang = _language_from(args_list)
    i18n.set_language(lang if lang in i18n.LANGUAGES else "zh")
    ctx: Context | None = None
    json_mode = "--json" in args_list
    try:
        parser = build_parser()
        args = parser.parse_args(args_list)
        ctx = Context(
            db_path=args.db or paths.default_db_path(),
            json=args.json,
            out=out,
            err=err,
            # The sync commands' own --password-file names the same one password.
            password_file=args.db_password_file or getattr(args, "password_file", None),
        )
        code = args.handler(ctx, args)
        return EXIT_OK if code is None else int(code)
    except UsageError as exc:
        err.write(t("cli_bad_arguments", detail=exc.detail, command=exc.prog) + "\n")
        return EXIT_REFUSED
    except UserError as exc:
        if json_mode:
            out.write(dumps({"error": {"code": exc.code, "message": exc.message()}}) + "\n")
        err.write(exc.message() + "\n")
        return EXIT_REFUSED
    except KeyboardInterrupt:
        err.write("\n" + t("cli_interrupted") + "\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `main.py household list | head`: the reader left; not an error worth a traceback.
        _silence_stdout()
        return EXIT_OK
    except Exception:
        log = _log_bug(args_list)
        err.write(t("cli_bug", path=str(log)) + "\n")
        return EXIT_BUG
    finally:
        if ctx is not None:
            try:
                ctx.close()
            except Exception:  # a failure while closing must not hide the real outcome
                _log_bug(args_list)
        i18n.set_language(previous)


def _log_bug(argv: Sequence[str]) -> Path:
    """Append the traceback to today's log file; return its path (stderr if it cannot be written)."""
    stamp = dt.datetime.now()
    try:
        folder = paths.ensure_dir(paths.log_dir())
        log = folder / f"doorstep-{stamp:%Y%m%d}.log"
        with log.open("a", encoding="utf-8") as handle:
            # Only the command words: arguments may carry ID or phone numbers (PIPL).
            words = [a for a in argv if not a.startswith("-") and "=" not in a][:2]
            handle.write(
                f"--- {stamp.isoformat(timespec='seconds')} pid {os.getpid()} {' '.join(words)}\n"
            )
            handle.write(traceback.format_exc())
        return log
    except OSError:
        traceback.print_exc()
        return Path("<stderr>")


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    raise SystemExit(main())
