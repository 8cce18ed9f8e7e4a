"""The one-folder package (./package, packaging/doorstep.spec) builds and the frozen program works:
the command line (version, init, demo, stats, find, a PDF) and the window, offscreen. Slow-ish
(~20 s to build), so it builds once per session."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.version import version

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def frozen(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    work = tmp_path_factory.mktemp("package")
    pyinstaller = Path(sys.executable).with_name("pyinstaller")
    subprocess.run(
        [
            str(pyinstaller),
            "--noconfirm",
            "--log-level",
            "ERROR",
            "--distpath",
            str(work / "dist"),
            "--workpath",
            str(work / "build"),
            str(ROOT / "packaging" / "doorstep.spec"),
        ],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    yield work / "dist" / "Doorstep" / "Doorstep"
    shutil.rmtree(work, ignore_errors=True)


def _run(app: Path, data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DOORSTEP_DATA_DIR": str(data), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [str(app), *args], env=env, capture_output=True, text=True, timeout=120, cwd=data.parent
    )


def test_frozen_command_line_works_from_a_chinese_path(frozen: Path, tmp_path: Path) -> None:
    data = tmp_path / "征收 数据"
    assert _run(frozen, data, "--version").stdout.strip() == f"doorstep {version()}"
    init = ("init", "--name", "李明", "--district", "新吴区", "--sub-district", "旺庄街道")
    assert _run(frozen, data, *init, "--device-name", "旺庄-1").returncode == 0
    assert _run(frozen, data, "demo", "--households", "20").returncode == 0
    stats = _run(frozen, data, "stats")
    assert stats.returncode == 0 and "旺庄" in stats.stdout
    found = _run(frozen, data, "household", "find", "zjw")
    assert found.returncode == 0 and "章金伟" in found.stdout
    household = found.stdout.splitlines()[-1].split()[0]
    pdf = data / "一户一档.pdf"
    assert _run(frozen, data, "report", "household", household, "--out", str(pdf)).returncode == 0
    assert pdf.read_bytes().startswith(b"%PDF")


def test_frozen_demo_loads_with_its_helper_process(frozen: Path, tmp_path: Path) -> None:
    """From demo.HELPER_FROM households the records are made in a helper process, spawned from
    the frozen program itself (main.py's freeze_support start), as from the source run."""
    from services.demo import HELPER_FROM

    data = tmp_path / "征收 数据"
    init = ("init", "--name", "李明", "--district", "新吴区", "--sub-district", "旺庄街道")
    assert _run(frozen, data, *init, "--device-name", "旺庄-1").returncode == 0
    loaded = _run(frozen, data, "--json", "demo", "--households", str(HELPER_FROM))
    assert loaded.returncode == 0, loaded.stderr
    summary = json.loads(loaded.stdout)
    assert summary["helper_process"] is True
    assert summary["households"] == HELPER_FROM
    stats = _run(frozen, data, "--json", "stats")
    assert stats.returncode == 0
    assert json.loads(stats.stdout)["records"]["household"] == HELPER_FROM


def test_frozen_window_opens_offscreen(frozen: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shot = tmp_path / "窗口.png"
    result = _run(frozen, data, "--screenshot", str(shot))
    assert result.returncode == 0, result.stderr
    assert shot.read_bytes().startswith(b"\x89PNG")
