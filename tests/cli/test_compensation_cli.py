"""`policy …`, `estimate`, `compare-policies` and `report estimate` end to end through
cli.main.main(): JSON answers, files, and bad input refused in one sentence with exit 2 and no
change to the database."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.cli.conftest import TODAY, Runner
from tests.cli.test_report_cli import one_line, query, state, text_of
from tests.domain.test_compensation import WORKED_POLICY

XINWU = "示例（虚构）新吴区房屋征收补偿方案"
JINGKAI = "示例（虚构）经开区房屋征收补偿方案"


def copy_db(source: Path, target: Path) -> Path:
    """A copy of an (encrypted) database with its key file beside it."""
    from storage.keyring import key_file_path

    shutil.copy(source, target)
    shutil.copy(key_file_path(source), key_file_path(target))
    return target


@pytest.fixture
def db(demo_db: Path, tmp_path: Path) -> Path:
    return copy_db(demo_db, tmp_path / "copy.db")


def valued_household(db: Path) -> str:
    (hid,) = query(
        db,
        "SELECT h.id FROM households h JOIN projects p ON p.id = h.project_id"
        " WHERE p.code = 'XW-2024-003' AND h.assessed_price IS NOT NULL"
        " AND h.enterprise_name IS NULL ORDER BY h.address LIMIT 1",
    )[0]
    return str(hid).replace("-", "")[-8:]


def test_policy_list_show_export_import_copy(db: Path, tmp_path: Path) -> None:
    run = Runner(db)
    listed = run.json("policy", "list")["policies"]
    assert {p["name"] for p in listed} == {XINWU, JINGKAI} and len(listed) == 8
    shown = run.json("policy", "show", XINWU)
    assert shown["status"] == "template" and shown["items"][0]["key"] == "house_value"
    out = tmp_path / "xinwu.json"
    assert run("policy", "export", XINWU, "--out", str(out)).code == 0
    raw = json.loads(out.read_text(encoding="utf-8"))
    raw["name"] = "融合方案（草案）"
    out.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    made = run.json("policy", "import", str(out), "--project", "XW-2024-003", "--status", "draft")
    assert made["version"] == 1 and made["status"] == "draft"
    copied = run.json("policy", "copy", JINGKAI, "--project", "JK-2026-004", "--status", "draft")
    assert copied["project"] == "华庄街道安置房配套地块房屋征收项目"


def test_bad_policy_files_change_nothing(db: Path, tmp_path: Path) -> None:
    run = Runner(db)
    before = state(db)
    bad = tmp_path / "bad.json"
    broken = json.loads(json.dumps(WORKED_POLICY))
    broken["items"][7]["tiers"][1]["value"] = "99999"  # a later tier worth more
    bad.write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
    result = run("policy", "import", str(bad))
    assert result.code == 2 and "不能高于" in one_line(result)
    (tmp_path / "gbk.json").write_bytes("补偿方案".encode("gbk"))
    assert run("policy", "import", str(tmp_path / "gbk.json")).code == 2
    assert run("policy", "import", str(tmp_path / "missing.json")).code == 2
    assert run("policy", "show", "没有这个方案").code == 2
    assert state(db) == before


def test_estimate_json_and_apply(db: Path) -> None:
    run = Runner(db)
    hid = valued_household(db)
    data = run.json("estimate", hid, "--sign-on", TODAY)
    assert set(data["options"]) == {"money", "ticket", "exchange"}
    money = data["options"]["money"]
    assert money["total_fen"] == sum(line["fen"] for line in money["lines"])
    assert data["policy"]["name"] == XINWU and data["policy"]["version"] == 1
    one = run.json("estimate", hid, "--option", "ticket", "--policy", JINGKAI)
    assert list(one["options"]) == ["ticket"] and one["policy"]["name"] == JINGKAI
    applied = run.json("estimate", hid, "--option", "ticket", "--apply")
    (amount,) = query(
        db, "SELECT compensation_amount FROM households WHERE replace(id,'-','') LIKE ?", "%" + hid
    )[0]
    assert round(amount * 100) == applied["options"]["ticket"]["total_fen"]
    assert run.json("estimate", hid, "--version", "1")["policy"]["version"] == 1
    old = run("estimate", hid, "--version", "9")
    assert old.code == 2 and "第 9 版" in one_line(old)
    result = run("estimate", hid, "--apply")
    assert result.code == 2 and "--option" in one_line(result)
    assert run("estimate", hid, "--option", "cash").code == 2


def test_compare_policies_and_workbook(db: Path, tmp_path: Path) -> None:
    run = Runner(db)
    out = tmp_path / "比较.xlsx"
    data = run.json(
        "compare-policies", "--project", "XW-2024-003", "--a", XINWU, "--b", JINGKAI,
        "--sign-on", TODAY, "--xlsx", str(out),
    )  # fmt: skip
    complete = [r for r in data["rows"] if r["a_fen"] is not None and r["b_fen"] is not None]
    assert data["a"]["total_fen"] == sum(r["a_fen"] for r in complete)
    assert data["b"]["total_fen"] == sum(r["b_fen"] for r in complete)
    assert data["gap_a_fen"] == data["a"]["total_fen"] - data["funding_secured_fen"]
    assert load_workbook(out, read_only=True).sheetnames == ["汇总", "逐户", "分布"]
    same = run("compare-policies", "--project", "XW-2024-003", "--a", XINWU, "--b", XINWU)
    assert same.code == 2 and "两个不同" in one_line(same)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
def test_report_estimate(db: Path, tmp_path: Path) -> None:
    run = Runner(db)
    hid = valued_household(db)
    out = tmp_path / "测算单.pdf"
    result = run("report", "estimate", hid, "--out", str(out))
    assert result.code == 0, result.err
    text = text_of(out)
    assert "测算仅供参考，以签订的补偿协议为准" in text and "元/㎡×" in text
    assert run("report", "estimate", hid, "--out", str(tmp_path / "x.txt")).code == 2


README = Path(__file__).resolve().parents[2] / "README.md"
README_ID = "01a2b3c4-0000-7000-8000-00001a2b3c4d"  # its short id is 1a2b3c4d, as in the README


def readme_commands() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Compensation estimates and policies", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.startswith("./doorstep ")]


def test_every_readme_command_runs_as_written(
    demo_db: Path, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's compensation commands, each run exactly as written (./doorstep → main())
    against a demo database in the default place, with a household whose short id is 1a2b3c4d."""
    import shlex

    from cli.main import main
    from services.workspace import Workspace
    from storage.oplog import Draft

    data_dir.mkdir(parents=True, exist_ok=True)
    db = copy_db(demo_db, data_dir / "doorstep.db")
    ws = Workspace.open(db)
    try:
        (project,) = ws.read(
            lambda d: d.conn.execute(
                "SELECT id FROM projects WHERE code = 'XW-2024-003'"
            ).fetchone()
        )
        values = {"project_id": project, "address": "旺庄苑1栋101室", "head_name": "钱永芳",
                  "measured_area": 87.03, "assessed_price": 12500, "decoration_grade": "medium",
                  "approved_use": "住宅"}  # fmt: skip
        ws.commit([Draft("create", "household", README_ID, None, values)])
    finally:
        ws.close()
    monkeypatch.chdir(tmp_path)
    commands = readme_commands()
    assert len(commands) == 11
    for line in commands:
        args = shlex.split(line)[1:]
        out, err = io.StringIO(), io.StringIO()
        assert main(args, out=out, err=err) == 0, (line, err.getvalue())
    assert (tmp_path / "比较.xlsx").is_file() and (tmp_path / "测算单.pdf").is_file()
    assert (tmp_path / "经开区方案.json").is_file() and (tmp_path / "新吴区方案.xlsx").is_file()
    (amount,) = query(db, "SELECT compensation_amount FROM households WHERE id = ?", README_ID)[0]
    assert amount is not None
