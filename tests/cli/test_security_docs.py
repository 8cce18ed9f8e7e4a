"""Every command in docs/security.md, run exactly as written (in a data directory prepared the
way a caseworker's would be)."""

from __future__ import annotations

import io
import re
import shlex
from pathlib import Path

import pytest

from cli.main import main
from storage import keyring
from tests.cli.conftest import INIT

DOC = Path(__file__).resolve().parents[2] / "docs" / "security.md"


def commands() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    return [
        line for block in blocks for line in block.splitlines() if line.startswith("./doorstep")
    ]


def test_every_command_in_the_security_guide_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DOORSTEP_PASSWORD")
    (tmp_path / "密码.txt").write_text("旺庄 笔记本 2026\n", encoding="utf-8")
    (tmp_path / "新密码.txt").write_text("旺庄 笔记本 2027\n", encoding="utf-8")
    assert main(["--password-file", "密码.txt", *INIT], out=io.StringIO()) == 0
    found = commands()
    assert len(found) == 2
    for line in found:
        keyring.forget_all()
        err = io.StringIO()
        words = shlex.split(line)
        assert words[0] == "./doorstep"
        assert main(words[1:], out=io.StringIO(), err=err) == 0, (line, err.getvalue())
    keyring.forget_all()
    assert main(["--password-file", "新密码.txt", "stats"], out=io.StringIO()) == 0
