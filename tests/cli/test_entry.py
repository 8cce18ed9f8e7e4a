"""main.py and the CLI as a person starts them: a real subprocess with the project's Python.

No display and no QT_QPA_PLATFORM must give one sentence and exit 2, never Qt's abort (134);
the command line must never load PySide6.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import main as entry

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
BAD_CHECK_ID = "320214194501010075"


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    env["DOORSTEP_DATA_DIR"] = str(tmp_path / "data")
    env.update(extra)
    return env


def _main(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, str(ROOT / "main.py"), *args],
        cwd=tmp_path,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_subprocess_init_and_bad_id(tmp_path: Path) -> None:
    db = str(tmp_path / "sub.db")
    init = _main(
        tmp_path, "--db", db, "init", "--name", "李明", "--district", "新吴区",
        "--sub-district", "旺庄街道", "--device-name", "笔记本1",
    )  # fmt: skip
    assert init.returncode == 0, init.stderr
    assert "已建立本机档案" in init.stdout
    assert (
        _main(tmp_path, "--db", db, "project", "add", "--code", "P1", "--name", "地块").returncode
        == 0
    )
    bad = _main(
        tmp_path, "--db", db, "household", "add", "--project", "P1", "--head", "张三",
        "--id-number", BAD_CHECK_ID, "地址=1栋101室",
    )  # fmt: skip
    assert bad.returncode == 2
    assert bad.stdout == ""
    assert bad.stderr.strip() == "“户主身份证号”的校验位不对，请逐位核对，尤其是最后一位。"


def test_default_database_lives_in_the_data_dir(tmp_path: Path) -> None:
    missing = _main(tmp_path, "stats")
    assert missing.returncode == 2
    assert str(tmp_path / "data" / "doorstep.db") in missing.stderr


def test_the_cli_never_imports_pyside6(tmp_path: Path) -> None:
    db = tmp_path / "q.db"
    script = f"""
import io, sys
from cli.main import main
out = io.StringIO()
assert main(["--db", {str(db)!r}, "init", "--name", "李明", "--district", "新吴区",
             "--sub-district", "旺庄街道", "--device-name", "x"], out=out) == 0
assert main(["--db", {str(db)!r}, "demo", "--households", "5"], out=out) == 0
for args in (["stats"], ["household", "list"], ["household", "find", "zjw"], ["project", "list"]):
    assert main(["--db", {str(db)!r}, *args], out=out) == 0
import main as entry
assert entry.main(["--db", {str(db)!r}, "request", "list"]) == 0
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "ui"))
print("QT:", loaded)
"""
    done = subprocess.run(
        [PYTHON, "-c", script], cwd=ROOT, env=_env(tmp_path), capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "QT: []" in done.stdout


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the display check is Linux's")
def test_no_display_is_one_sentence_not_a_core_dump(tmp_path: Path) -> None:
    done = _main(tmp_path)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 2  # the sentence in Chinese, then in English
    assert "没有可用的图形显示" in lines[0] and "no graphical display" in lines[1]
    assert "xvfb-run" in lines[0]


def test_gui_options_alone_still_mean_the_gui() -> None:
    assert entry.wants_gui([])
    assert entry.wants_gui(["--db", "x.db"])
    assert entry.wants_gui(["--data-dir=/tmp/d"])
    assert not entry.wants_gui(["stats"])
    assert not entry.wants_gui(["--db", "x.db", "stats"])
    assert not entry.wants_gui(["--help"])


def test_display_check(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert not entry.has_display()
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert entry.has_display()
    monkeypatch.delenv("QT_QPA_PLATFORM")
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    assert entry.has_display()


def test_a_missing_gui_is_one_sentence(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.setitem(sys.modules, "ui.app", None)  # makes `from ui.app import run` fail
    assert entry.main([]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 2 and "ui/app.py" in lines[0]
