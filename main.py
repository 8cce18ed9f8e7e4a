"""Doorstep (入户通). `python main.py` opens the window; `python main.py <command> ...` runs the
command line (`python main.py --help`), which never imports Qt.

Only the GUI's own options (--db PATH, --data-dir PATH, --screenshot FILE) may accompany a start
without a command.
With no display on Linux the GUI would abort inside Qt (exit 134, a core dump), so this checks
first and says in one sentence what to do instead.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import types
from collections.abc import Sequence
from typing import Any

GUI_OPTIONS = ("--db", "--data-dir", "--screenshot")
EXIT_NO_DISPLAY = 2


def wants_gui(argv: Sequence[str]) -> bool:
    """True when the arguments are empty or only the GUI's options with their values."""
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        if arg in GUI_OPTIONS and rest:
            rest.pop(0)
        elif not any(arg.startswith(option + "=") for option in GUI_OPTIONS):
            return False
    return True


def has_display() -> bool:
    if not sys.platform.startswith("linux"):
        return True  # Windows and macOS always have their native platform plug-in
    env = os.environ
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("QT_QPA_PLATFORM"))


def _say(code: str, **params: str) -> None:
    """The sentence in Chinese, then in English: no --lang has been read on this path."""
    from domain.messages import MESSAGES

    texts = MESSAGES[code]
    sys.stderr.write(texts["zh"].format(**params) + "\n" + texts["en"].format(**params) + "\n")


def gui(argv: Sequence[str]) -> int:
    if not has_display():
        _say("cli_no_display")
        return EXIT_NO_DISPLAY
    try:
        from ui.app import run
    except ModuleNotFoundError as exc:
        if exc.name not in ("ui.app", "ui"):
            raise
        _say("cli_no_gui")
        return EXIT_NO_DISPLAY
    except ImportError as exc:  # Qt's shared libraries (libEGL, libxkbcommon, ...) are missing
        _say("cli_gui_libraries", detail=str(exc))
        return EXIT_NO_DISPLAY
    return run(list(argv))


# Imported by most modules, but only for their type annotations: the database objects the
# program uses are storage.db.Database, which loads sqlite-utils only if asked for more than it
# has. sqlite-utils with click and dateutil cost 0.2–0.3 s of every start.
DEFERRED_IMPORTS = ("sqlite_utils",)


class DeferredModule(types.ModuleType):
    """Stands in sys.modules for a module until one of its attributes is read: then the real
    module is imported, takes its place, and lends this one its attributes."""

    def __getattr__(self, attribute: str) -> Any:
        name = self.__name__
        if sys.modules.get(name) is self:
            del sys.modules[name]
        real = importlib.import_module(name)
        self.__dict__.update(real.__dict__)
        return getattr(real, attribute)


def defer_imports(names: Sequence[str] = DEFERRED_IMPORTS) -> None:
    for name in names:
        if name not in sys.modules and importlib.util.find_spec(name) is not None:
            sys.modules[name] = DeferredModule(name)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    defer_imports()
    if wants_gui(args):
        return gui(args)
    from cli.main import main as cli_main

    return cli_main(args)


def start_helper_if_asked() -> None:
    """In the frozen (PyInstaller) program, a helper process (`demo`'s, spawned by
    multiprocessing) is this same executable started with multiprocessing's arguments:
    freeze_support runs the helper and exits before they could be read as a command. (PyInstaller's
    start-up hook makes it do so on Linux too; from source, `python` runs the helper itself.)"""
    if getattr(sys, "frozen", False):
        import multiprocessing

        multiprocessing.freeze_support()


EXIT_INTERRUPTED = 130


def run_from_shell() -> int:
    """main() as `python main.py` runs it: Ctrl-C while Python is still importing the command
    line (before it can catch anything itself) is one sentence too, not a traceback."""
    try:
        return main()
    except KeyboardInterrupt:
        _say("cli_interrupted_early")
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    start_helper_if_asked()
    raise SystemExit(run_from_shell())
