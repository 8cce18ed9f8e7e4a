"""The command line's entry: the parser with its global options, the command modules found in
cli/ (see cli/__init__.py), dispatch, and the exit-code contract (0 ok, 2 refused, 1 bug)."""

from __future__ import annotations

import argparse
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
from cli.base import (
    Context,
    Interrupted,
    Parser,
    UsageError,
    add_global_options,
    dumps,
    has_undecodable,
    t,
    tr,
    visible,
)
from domain import i18n
from domain.errors import UserError, caused_by
from domain.validation import INT_LIMIT
from domain.version import version
from services import paths
from services.logs import safe_traceback

PROG = "doorstep"  # what the README tells people to type: ./doorstep <command>
INFRASTRUCTURE = {"base", "main", "output", "args"}
EXIT_OK, EXIT_BUG, EXIT_REFUSED, EXIT_INTERRUPTED = 0, 1, 2, 130


# The commands people type most, by the module that registers each: run as they are (not for
# --help of the whole program), their parser is built from that module alone — the whole parser
# imports every command's services (sync, reports, estimates, …), most of a start's CPU time.
# tests/cli/test_startup_imports.py checks this table against the whole parser.
FAST_COMMANDS = {"stats": "setup", "household": "households"}
VALUE_OPTIONS = ("--db", "--lang", "--password-file")  # global options followed by a value


def command_modules(only: str | None = None) -> list[ModuleType]:
    """Every cli module with a `register(commands)` function, in `ORDER`, then name order (with
    `only`, that module alone)."""
    found = []
    for info in pkgutil.iter_modules(cli.__path__):
        if info.name.startswith("_") or info.name in INFRASTRUCTURE:
            continue
        if only is not None and info.name != only:
            continue
        module = importlib.import_module(f"cli.{info.name}")
        if callable(getattr(module, "register", None)):
            found.append(module)
    return sorted(found, key=lambda m: (getattr(m, "ORDER", 100), m.__name__))


def fast_module(argv: Sequence[str]) -> str | None:
    """The module of FAST_COMMANDS that registers the command `argv` runs, if it is one of them;
    None when the whole parser is needed (any other command, or help before the command)."""
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        if arg in VALUE_OPTIONS:
            rest = rest[1:]
        elif arg.startswith("-"):
            if arg in ("-h", "--help", "--version"):
                return None
        else:
            return FAST_COMMANDS.get(arg)
    return None


def build_parser(argv: Sequence[str] | None = None) -> Parser:
    """The program's parser; given the arguments of one of FAST_COMMANDS, one with only the
    commands of its module."""
    parser = Parser(
        prog=PROG,
        description=tr(
            "入户通（Doorstep）命令行：不带参数运行 ./doorstep 打开图形界面。",
            "Doorstep command line; run ./doorstep without arguments for the window.",
        ),
    )
    add_global_options(parser, top=True)
    parser.add_argument(
        "--version",
        action="version",
        version=f"{PROG} {version()}",
        help=tr("显示版本", "show the version"),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in command_modules(fast_module(argv) if argv is not None else None):
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
    parser: Parser | None = None
    json_mode = "--json" in args_list
    try:
        parser = build_parser(args_list)
        args = parser.parse_args(args_list)
        _refuse_undecodable(args)
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
        detail = visible(exc.detail, keep_newlines=False)
        err.write(t("cli_bad_arguments", detail=detail, command=exc.prog) + "\n")
        return EXIT_REFUSED
    except UserError as exc:
        # The sentence may quote what was typed: one line, nothing a terminal would act on.
        message = visible(exc.message(), keep_newlines=False)
        if json_mode:
            out.write(dumps({"error": {"code": exc.code, "message": message}}) + "\n")
        err.write(message + "\n")
        return EXIT_REFUSED
    except KeyboardInterrupt as exc:
        code = exc.code if isinstance(exc, Interrupted) else "cli_interrupted"
        err.write("\n" + t(code) + "\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `main.py household list | head`: the reader left; not an error worth a traceback.
        _silence_stdout()
        return EXIT_OK
    except Exception as exc:
        if _caused_by_interrupt(exc):
            err.write("\n" + t("cli_interrupted") + "\n")
            return EXIT_INTERRUPTED
        log = _log_bug(args_list, parser)
        err.write(t("cli_bug", path=str(log)) + "\n")
        return EXIT_BUG
    finally:
        if ctx is not None:
            try:
                ctx.close()
            except Exception:  # a failure while closing must not hide the real outcome
                _log_bug(args_list, parser)
        i18n.set_language(previous)


def _caused_by_interrupt(exc: BaseException) -> bool:
    """Ctrl-C that Python wrapped on its way out: a KeyboardInterrupt raised while a class was
    being made during an import arrives as "RuntimeError: Error calling __set_name__"."""
    return caused_by(exc, KeyboardInterrupt)


def _refuse_undecodable(args: argparse.Namespace) -> None:
    """Bytes that were not UTF-8 (a GBK terminal, a script) arrive as lone surrogates; no text
    field, query or id can hold them. File paths (parsed as Path) may: the system takes them.
    A whole number beyond what SQLite holds (--offset 10**20) is refused here too."""
    for name, value in vars(args).items():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and has_undecodable(item):
                raise UserError("text_not_utf8", text=visible(item, keep_newlines=False))
            if isinstance(item, int) and not isinstance(item, bool) and abs(item) > INT_LIMIT:
                option = "--" + name.replace("_", "-")
                raise UserError("number_too_large", field=option, high=INT_LIMIT)


def command_words(argv: Sequence[str], parser: argparse.ArgumentParser | None = None) -> list[str]:
    """The command and sub-command named in `argv` (`household show`), nothing the person typed
    as a value: --db's path, names, ID numbers."""
    words: list[str] = []
    current = parser or build_parser()
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        if arg in ("--db", "--lang", "--password-file"):  # the global options' values
            rest = rest[1:]
            continue
        if arg.startswith("-"):
            continue
        choices = _subcommands(current)
        if arg not in choices:
            break
        words.append(arg)
        current = choices[arg]
    return words


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _log_bug(argv: Sequence[str], parser: argparse.ArgumentParser | None = None) -> Path:
    """Append the traceback to today's log file; return its path (stderr if it cannot be written)."""
    stamp = dt.datetime.now()
    try:
        folder = paths.ensure_dir(paths.log_dir())
        log = folder / f"doorstep-{stamp:%Y%m%d}.log"
        try:
            words = command_words(argv, parser)
        except Exception:  # the log must be written even when the parser cannot be built
            words = []
        # backslashreplace: a traceback may quote bytes that were not UTF-8
        with log.open("a", encoding="utf-8", errors="backslashreplace") as handle:
            # Only the command words: arguments may carry ID or phone numbers (PIPL).
            handle.write(
                f"--- {stamp.isoformat(timespec='seconds')} pid {os.getpid()} {' '.join(words)}\n"
            )
            exc = sys.exc_info()[1]
            handle.write(safe_traceback(exc) if exc is not None else "")
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
