"""Running the command line in-process: main() with captured streams, a temporary data
directory (so logs and the default database never touch the real one)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from cli.main import main

TODAY = "2026-11-26"
INIT = [
    "init",
    "--name",
    "李明",
    "--district",
    "新吴区",
    "--sub-district",
    "旺庄街道",
    "--device-name",
    "旺庄-笔记本1",
]
HUB_INIT = ["init", "--name", "周主任", "--district", "新吴区", "--sub-district", "区征收办",
            "--device-name", "区征收办", "--role", "hub"]  # fmt: skip


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


class Runner:
    def __init__(self, db: Path) -> None:
        self.db = db

    def __call__(self, *args: str) -> Result:
        out, err = io.StringIO(), io.StringIO()
        code = main(["--db", str(self.db), *args], out=out, err=err)
        return Result(code, out.getvalue(), err.getvalue())

    def json(self, *args: str) -> Any:
        result = self("--json", *args)
        assert result.code == 0, result.err
        return result.json()


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("DOORSTEP_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def run(tmp_path: Path) -> Runner:
    """A fresh database with a profile."""
    runner = Runner(tmp_path / "cli.db")
    assert runner(*INIT).code == 0
    return runner


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One demo database (30 households) shared by the read-only tests of a module."""
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    runner = Runner(db)
    assert runner(*INIT).code == 0
    result = runner("demo", "--households", "30", "--seed", "7", "--today", TODAY)
    assert result.code == 0, result.err
    yield db


@pytest.fixture
def demo(demo_db: Path) -> Runner:
    return Runner(demo_db)
