"""`stats` and `household …` build their parser from the one module that registers them
(cli/main.py FAST_COMMANDS), so they start without importing every other command's services.
Whatever is typed, the outcome must be the whole parser's: the same exit code, output and
sentence — including typos, unknown options and global options on either side."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from cli import main as cli_main

INIT = ["init", "--name", "李明", "--district", "新吴区", "--sub-district", "旺庄街道"]


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        code = cli_main.main(argv, out=out, err=err)
    except SystemExit as exc:  # --help
        code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def test_the_table_names_the_module_that_registers_each_command() -> None:
    whole = cli_main._subcommands(cli_main.build_parser())
    for word in cli_main.FAST_COMMANDS:
        alone = cli_main._subcommands(cli_main.build_parser([word]))
        assert word in alone and set(alone) < set(whole)
        assert (
            cli_main._subcommands(alone[word]).keys() == cli_main._subcommands(whole[word]).keys()
        )


@pytest.mark.parametrize(
    "argv",
    [
        ["stats"],
        ["stats", "--json"],
        ["--json", "stats"],
        ["stats", "--bogus"],
        ["stats", "--project", "没有这个项目"],
        ["household", "find", "zjw"],
        ["--lang", "en", "household", "find", "zjw"],
        ["household", "fnd", "zjw"],
        ["household", "list", "--overdue"],
        ["household", "show", "00000000"],
        ["household"],
        ["stats", "--help"],
    ],
)
def test_same_outcome_as_the_whole_parser(
    argv: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = str(tmp_path / "doorstep.db")
    assert run(["--db", db, *INIT, "--device-name", "笔记本1"])[0] == 0
    assert run(["--db", db, "demo", "--households", "5"])[0] == 0
    fast = run(["--db", db, *argv]), capsys.readouterr()
    monkeypatch.setattr(cli_main, "FAST_COMMANDS", {})
    whole = run(["--db", db, *argv]), capsys.readouterr()
    assert fast == whole
