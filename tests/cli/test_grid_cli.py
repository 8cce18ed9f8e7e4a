"""`report grid --project P --out F`: the building grid PDF from the command line, and every bad
input refused in one sentence with exit code 2, writing nothing."""

from __future__ import annotations

import io
import shlex
import shutil
from pathlib import Path

import pytest

from cli.main import main
from tests.cli.conftest import INIT, TODAY, Runner
from tests.cli.test_report_cli import one_line, query, text_of

poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")


@poppler
def test_report_grid(demo: Runner, demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "楼盘表.pdf"
    result = demo("report", "grid", "--project", "XW-2024-003", "--out", str(out), "--today", TODAY)
    assert result.code == 0, result.err
    assert result.out.startswith("已生成“楼盘表 XW-2024-003 旺庄路南侧旧住宅区房屋征收项目”")
    text = text_of(out)
    heads = [
        name
        for (name,) in query(
            demo_db,
            "SELECT head_name FROM households h JOIN projects"
            " p ON p.id = h.project_id WHERE p.code = 'XW-2024-003' AND h._deleted = 0",
        )
    ]
    assert heads and all(name in text for name in heads)
    assert "楼盘表" in text and "签约" in text and "1单元" in text
    events = query(demo_db, "SELECT value_json FROM ops WHERE kind = 'event' AND field = 'export'")
    assert any('"document": "grid"' in v or '"document":"grid"' in v for (v,) in events)
    data = demo.json("report", "grid", "--project", "XW-2025-011", "--out", str(tmp_path))
    assert data["kind"] == "grid" and Path(data["path"]).name.startswith("楼盘表 XW-2025-011")


@pytest.mark.parametrize(
    ("args", "sentence"),
    [
        (["--project", "NOPE"], "找不到项目“NOPE”。"),
        (["--project", ""], "找不到项目“”。"),
        (["--project", "XW-2024-003", "--out", "grid.txt"], "文书保存为 PDF 文件"),
        (["--project", "XW-2024-003", "--out", "/no/such/folder/g.pdf"], "无法写入文件"),
        ([], "--project"),
    ],
)
def test_report_grid_refusals(demo: Runner, tmp_path: Path, args: list[str], sentence: str) -> None:
    fixed = [a if a != "grid.txt" else str(tmp_path / a) for a in args]
    result = demo("report", "grid", *fixed)
    assert result.code == 2
    assert sentence in one_line(result)
    assert list(tmp_path.iterdir()) == []


def test_report_grid_in_english(demo: Runner) -> None:
    result = demo("--lang", "en", "report", "grid", "--project", "NOPE")
    assert result.code == 2 and one_line(result) == "No project “NOPE” was found."


def test_the_readme_command_runs_as_written(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    line = next(x for x in readme.splitlines() if x.startswith("./doorstep report grid"))
    runner = Runner(data_dir / "doorstep.db")  # the default database of the data directory
    data_dir.mkdir(parents=True, exist_ok=True)
    assert runner(*INIT).code == 0
    assert runner("demo", "--households", "30", "--seed", "7", "--today", TODAY).code == 0
    monkeypatch.chdir(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    assert main(shlex.split(line)[1:], out=out, err=err) == 0, err.getvalue()
    assert (tmp_path / "楼盘表.pdf").read_bytes().startswith(b"%PDF")


@poppler
def test_the_weekly_report_can_carry_the_grid(demo: Runner, tmp_path: Path) -> None:
    plain, with_grid = tmp_path / "w.pdf", tmp_path / "wg.pdf"
    base = ["report", "weekly", "--project", "XW-2024-003", "--week", "2026-W48", "--today", TODAY]
    assert demo(*base, "--out", str(plain)).code == 0
    result = demo(*base, "--with-grid", "--out", str(with_grid))
    assert result.code == 0, result.err
    assert "附：楼盘表" not in text_of(plain)
    text = text_of(with_grid)
    assert "调度周报" in text and "附：楼盘表" in text and "1单元" in text
    everything = demo("report", "weekly", "--all", "--week", "2026-W48", "--with-grid",
                      "--out", str(tmp_path / "all.pdf"))  # fmt: skip
    assert everything.code == 0 and text_of(tmp_path / "all.pdf").count("附：楼盘表") == 6
