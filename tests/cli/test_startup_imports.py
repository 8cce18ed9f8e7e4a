"""The command line starts light: `--help` (and so every command's parser) loads none of the heavy
libraries — reportlab, openpyxl, PIL, PySide6 — which only the commands that print, read or write
spreadsheets, or open the window need; the read-only commands people type most (`stats`,
`household find`) load none of them either, nor sqlite-utils with click and dateutil (the program
reads through storage.db.Database; main.py defers the import). Checked in a fresh interpreter,
whose modules are all its own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.import_probe import printed_names

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("reportlab", "openpyxl", "PIL", "PySide6")
# what sqlite-utils would bring along: its own package, click and dateutil
SQLITE_UTILS = ("sqlite_utils", "click", "dateutil")
PROBE = """
import contextlib, io, sys
import main
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main.main(sys.argv[1:])
    except SystemExit:
        pass
# a module main.py deferred and nobody used is a stand-in, not loaded
loaded = {n for n, m in sys.modules.items() if not isinstance(m, main.DeferredModule)}
print(" ".join(sorted(loaded)))
"""


def _loaded(*argv: str) -> set[str]:
    """The top-level packages loaded by running `main.py ARGV` in a fresh interpreter."""
    return {name.split(".")[0] for name in _modules(*argv)}


def _modules(*argv: str) -> set[str]:
    return printed_names(PROBE, *argv)


def test_help_imports_no_heavy_library() -> None:
    assert _loaded("--help").isdisjoint(HEAVY)


def test_a_report_command_s_help_imports_no_heavy_library() -> None:
    assert _loaded("report", "household", "--help").isdisjoint(HEAVY)
    assert _loaded("export-xlsx", "--help").isdisjoint(HEAVY)


def test_stats_and_find_import_no_heavy_library_nor_sqlite_utils(tmp_path: Path) -> None:
    db = str(tmp_path / "doorstep.db")
    init = ["init", "--name", "李明", "--district", "新吴区", "--sub-district", "旺庄街道"]
    _loaded("--db", db, *init, "--device-name", "笔记本1")
    _loaded("--db", db, "demo", "--households", "20")
    for command in (["stats"], ["stats", "--json"], ["household", "find", "zjw"]):
        loaded = _loaded("--db", db, *command)
        assert "storage" in loaded and "sqlcipher3" in loaded  # it did open the database
        assert loaded.isdisjoint(HEAVY + SQLITE_UTILS), (
            command,
            loaded & set(HEAVY + SQLITE_UTILS),
        )


def test_a_deferred_module_loads_when_used() -> None:
    # The stand-in is the real module as soon as anything is read from it.
    probe = (
        "import sys, main; main.defer_imports(); import sqlite_utils;"
        " assert isinstance(sys.modules['sqlite_utils'], main.DeferredModule);"
        " from storage.db import Database; import sqlite3;"
        " db = Database(sqlite3.connect(':memory:'));"
        " db['t'].insert({'id': 1, 'name': '章金伟'});"
        " assert list(db.query('SELECT name, id, 2 AS id FROM t')) == [{'name': '章金伟', 'id': 1, 'id_2': 2}];"
        " assert sqlite_utils.Database is sys.modules['sqlite_utils'].Database;"
        " assert 'click' in sys.modules; print('ok')"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.stdout.strip() == "ok", done.stderr


def test_the_probe_sees_a_heavy_import_when_there_is_one(tmp_path: Path) -> None:
    # The check itself can fail: a command that prints does load reportlab.
    db = str(tmp_path / "doorstep.db")
    init = ["init", "--name", "李明", "--district", "新吴区", "--sub-district", "旺庄街道"]
    _loaded("--db", db, *init, "--device-name", "笔记本1")
    pdf = str(tmp_path / "空白走访表.pdf")
    assert "reportlab" in _loaded("--db", db, "report", "visit", "--blank", "--out", pdf)
    assert Path(pdf).read_bytes().startswith(b"%PDF")
