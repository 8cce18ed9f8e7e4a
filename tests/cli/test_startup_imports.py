"""The command line starts light: `--help` (and so every command's parser) loads none of the heavy
libraries — reportlab, openpyxl, PIL, PySide6 — which only the commands that print, read or write
spreadsheets, or open the window need. Checked in a fresh interpreter, whose modules are all its own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("reportlab", "openpyxl", "PIL", "PySide6")
PROBE = """
import contextlib, io, sys
import main
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main.main(sys.argv[1:])
    except SystemExit:
        pass
print(" ".join(sorted({name.split(".")[0] for name in sys.modules})))
"""


def _loaded(*argv: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *argv],
        env=os.environ,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return set(result.stdout.split())


def test_help_imports_no_heavy_library() -> None:
    assert _loaded("--help").isdisjoint(HEAVY)


def test_a_report_command_s_help_imports_no_heavy_library() -> None:
    assert _loaded("report", "household", "--help").isdisjoint(HEAVY)
    assert _loaded("export-xlsx", "--help").isdisjoint(HEAVY)


def test_the_probe_sees_a_heavy_import_when_there_is_one(tmp_path: Path) -> None:
    # The check itself can fail: a command that prints does load reportlab.
    db = str(tmp_path / "doorstep.db")
    init = ["init", "--name", "李明", "--district", "新吴区", "--sub-district", "旺庄街道"]
    _loaded("--db", db, *init, "--device-name", "笔记本1")
    pdf = str(tmp_path / "空白走访表.pdf")
    assert "reportlab" in _loaded("--db", db, "report", "visit", "--blank", "--out", pdf)
    assert Path(pdf).read_bytes().startswith(b"%PDF")
