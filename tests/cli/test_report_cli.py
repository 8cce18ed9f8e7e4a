"""`report …`, `export-xlsx …` and `import-xlsx …` end to end through cli.main.main() on the
demo database: files written, JSON answers, refusals in one sentence with exit code 2, the
audit events, remembered weekly texts and column mappings, no change after a refused import."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from domain.validation import generate_resident_id
from services.workspace import Workspace
from storage.statehash import state_hash
from tests.cli.conftest import TODAY, Result, Runner

FULL_ID = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")
ROOT = Path(__file__).resolve().parent.parent.parent
poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")


def one_line(result: Result) -> str:
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert "Traceback" not in result.err
    return lines[0]


def text_of(path: Path) -> str:
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return re.sub(r"\s+", "", out)


def query(db: Path, sql: str, *args: object) -> list[tuple]:
    ws = Workspace.open(db)
    try:
        return ws.read(lambda d: d.conn.execute(sql, args).fetchall())
    finally:
        ws.close()


def state(db: Path) -> str:
    ws = Workspace.open(db)
    try:
        return ws.read(lambda d: state_hash(d.conn))
    finally:
        ws.close()


def household_short_id(db: Path) -> tuple[str, str, str]:
    hid, name, number = query(
        db,
        "SELECT id, head_name, head_id_number FROM households WHERE head_id_number IS NOT NULL"
        " ORDER BY address LIMIT 1",
    )[0]
    return hid.replace("-", "")[-8:], name, number


@poppler
def test_report_household_masked_and_in_full(demo: Runner, demo_db: Path, tmp_path: Path) -> None:
    short, name, number = household_short_id(demo_db)
    out = tmp_path / "file.pdf"
    result = demo("report", "household", short, "--out", str(out), "--today", TODAY)
    assert result.code == 0, result.err
    assert result.out.startswith(f"已生成“一户一档 {name}”") and str(out) in result.out
    text = text_of(out)
    assert name in text and number not in text and not FULL_ID.search(text)

    full = tmp_path / "full.pdf"
    data = demo.json("report", "household", short, "--full-ids", "--out", str(full))
    assert data["full_ids"] is True and data["pages"] >= 1 and data["kind"] == "household"
    assert number in text_of(full)
    noted = demo("report", "household", short, "--full-ids", "--out", str(full))
    assert noted.err.strip() == "本文书含完整身份证号和电话，已记入操作日志。"
    events = query(
        demo_db,
        "SELECT field, value_json FROM ops WHERE kind = 'event' AND entity = 'household'"
        " ORDER BY hlc",
    )
    flags = [json.loads(v)["full_ids"] for f, v in events if f == "export"]
    assert flags == [False, True, True]


@poppler
def test_report_household_follows_lang(demo: Runner, demo_db: Path, tmp_path: Path) -> None:
    short, _, _ = household_short_id(demo_db)
    english = tmp_path / "en.pdf"
    result = demo("--lang", "en", "report", "household", short, "--out", str(english))
    assert result.code == 0, result.err
    assert "1.Basicfacts" in text_of(english) and "基本情况" not in text_of(english)
    chinese = tmp_path / "zh.pdf"
    assert demo("report", "household", short, "--out", str(chinese)).code == 0
    assert "一、基本情况" in text_of(chinese)


def test_report_into_a_folder_by_default_name(demo: Runner, demo_db: Path, tmp_path: Path) -> None:
    short, name, _ = household_short_id(demo_db)
    data = demo.json("report", "household", short, "--out", str(tmp_path), "--today", TODAY)
    assert Path(data["path"]).parent == tmp_path
    assert Path(data["path"]).name == f"一户一档 {name} {TODAY}.pdf"


def test_report_visit_and_blank(demo: Runner, demo_db: Path, tmp_path: Path) -> None:
    vid = query(demo_db, "SELECT id FROM visits LIMIT 1")[0][0]
    done = demo.json("report", "visit", vid[-8:], "--out", str(tmp_path / "v.pdf"))
    assert done["kind"] == "visit" and done["pages"] == 1
    blank = demo.json("report", "visit", "--blank", "--out", str(tmp_path / "b.pdf"))
    assert blank["kind"] == "visit_blank"
    short, _, _ = household_short_id(demo_db)
    pre = demo.json(
        "report", "visit", "--blank", "--household", short, "--out", str(tmp_path / "p.pdf")
    )
    assert pre["title"].startswith("入户走访记录表（空白）")
    neither = demo("report", "visit", "--out", str(tmp_path / "x.pdf"))
    assert neither.code == 2
    assert one_line(neither) == "请给出走访记录编号，或用 --blank 打印空白表（二者选一）。"
    both = demo("report", "visit", vid[-8:], "--blank")
    assert both.code == 2 and not (tmp_path / "x.pdf").exists()


@poppler
def test_report_requests_with_filters(demo: Runner, demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    result = demo(
        "report", "requests", "--status", "已办结", "--from", "2026-01-01", "--to", "2026-11-26",
        "--out", str(out), "--today", TODAY,
    )  # fmt: skip
    assert result.code == 0, result.err
    (n,) = query(
        demo_db,
        "SELECT count(*) FROM requests WHERE status = 'closed'"
        " AND received_on BETWEEN '2026-01-01' AND '2026-11-26'",
    )[0]
    text = text_of(out)
    assert f"共受理诉求{n}件，已办结{n}件" in text
    assert "办理状态：已办结" in text and "受理日期：2026-01-01至2026-11-26" in text
    everything = tmp_path / "all.pdf"
    assert demo("report", "requests", "--out", str(everything), "--today", TODAY).code == 0
    received, closed = query(
        demo_db, "SELECT count(*), sum(status = 'closed') FROM requests WHERE _deleted = 0"
    )[0]
    assert f"办结率{closed / received * 100:.1f}%" in text_of(everything)
    bad = demo("report", "requests", "--from", "2026-13-01", "--out", str(tmp_path / "x.pdf"))
    assert bad.code == 2 and "日期" in one_line(bad)
    reversed_ = demo("report", "requests", "--from", "2026-11-01", "--to", "2026-10-01")
    assert reversed_.code == 2
    assert one_line(reversed_) == "开始日期 2026-11-01 晚于结束日期 2026-10-01，请检查日期范围。"
    status = demo("report", "requests", "--status", "差不多")
    assert status.code == 2 and "差不多" in one_line(status)


@poppler
def test_report_weekly_scopes_and_remembered_texts(
    demo: Runner, demo_db: Path, tmp_path: Path, data_dir: Path
) -> None:
    out = tmp_path / "w.pdf"
    result = demo(
        "report", "weekly", "--week", "2026-W48", "--district", "新吴区",
        "--done", "完成签约3户", "--plan", "走访观望户", "--out", str(out), "--today", TODAY,
    )  # fmt: skip
    assert result.code == 0, result.err
    text = text_of(out)
    assert "完成签约3户" in text and "走访观望户" in text and "新吴区" in text
    (n,) = query(demo_db, "SELECT count(*) FROM households WHERE district = '新吴区'")[0]
    assert f"共涉及被征收户{n}户" in text
    # Kept in the database (op-logged, so it syncs), not in the shared data folder.
    assert not (data_dir / "weekly-texts.json").exists()
    (stored,) = query(
        demo_db,
        "SELECT json_extract(value, '$.value') FROM settings"
        " WHERE json_extract(value, '$.key') = 'weekly_text|2026-W48|district|新吴区|done'",
    )
    assert stored[0] == "完成签约3户"
    # Next time without the texts: what was typed is used again.
    again = tmp_path / "again.pdf"
    assert (
        demo(
            "report", "weekly", "--week", "2026-W48", "--district", "新吴区", "--out", str(again)
        ).code
        == 0
    )
    assert "完成签约3户" in text_of(again)
    # The laptop's own sub-district by default.
    mine = demo.json("report", "weekly", "--week", "2026-W48", "--out", str(tmp_path / "m.pdf"))
    assert mine["title"] == "调度周报 2026-W48 新吴区 旺庄街道"
    two = demo("report", "weekly", "--week", "2026-W48", "--district", "新吴区", "--all")
    assert two.code == 2 and one_line(two) == "--project、--sub-district 和 --district 只能选一个。"
    bad = demo("report", "weekly", "--week", "2026-W60")
    assert bad.code == 2 and one_line(bad) == "“2026-W60”不是有效的周，请写成 2026-W48。"


@poppler
def test_report_notice_has_no_numbers(demo: Runner, demo_db: Path, tmp_path: Path) -> None:
    code = query(
        demo_db, "SELECT p.code FROM projects p JOIN households h ON h.project_id = p.id LIMIT 1"
    )[0][0]
    out = tmp_path / "n.pdf"
    result = demo("report", "notice", "--project", code, "--out", str(out))
    (signed,) = query(
        demo_db,
        "SELECT count(h.signed_on) FROM households h JOIN projects p ON p.id = h.project_id"
        " WHERE p.code = ? AND h._deleted = 0",
        code,
    )[0]
    if signed == 0:  # nobody signed: warned and asked, nothing written
        assert result.code == 2 and "0 户已签约" in one_line(result) and not out.exists()
        result = demo("report", "notice", "--project", code, "--out", str(out), "--confirm-empty")
    assert result.code == 0, result.err
    text = text_of(out)
    assert not FULL_ID.search(text) and "****" not in text
    names = [r[0] for r in query(
        demo_db,
        "SELECT coalesce(nullif(h.enterprise_name, ''), h.head_name) FROM households h"
        " JOIN projects p ON p.id = h.project_id WHERE p.code = ?",
        code,
    )]  # fmt: skip
    assert names and all(name in text for name in names)
    missing = demo("report", "notice", "--project", "NO-SUCH")
    assert missing.code == 2 and "NO-SUCH" in one_line(missing)


def test_report_refuses_a_non_pdf_name(demo: Runner, demo_db: Path, tmp_path: Path) -> None:
    short, _, _ = household_short_id(demo_db)
    result = demo("report", "household", short, "--out", str(tmp_path / "file.docx"))
    assert result.code == 2 and "pdf" in one_line(result)
    assert list(tmp_path.iterdir()) == []


def test_export_xlsx_kinds(demo: Runner, demo_db: Path, tmp_path: Path) -> None:
    (households,) = query(demo_db, "SELECT count(*) FROM households WHERE _deleted = 0")[0]
    data = demo.json("export-xlsx", "households", "--out", str(tmp_path / "h.xlsx"))
    assert data == {
        "kind": "households",
        "path": str(tmp_path / "h.xlsx"),
        "rows": households,
        "full_ids": False,
    }
    (received,) = query(demo_db, "SELECT count(*) FROM requests WHERE _deleted = 0")[0]
    reqs = demo.json("export-xlsx", "requests", "--out", str(tmp_path / "r.xlsx"))
    assert reqs["rows"] == received
    weekly = demo("export-xlsx", "weekly", "--week", "2026-W48", "--all", "--out",
                  str(tmp_path / "w.xlsx"), "--today", TODAY)  # fmt: skip
    assert weekly.code == 0 and weekly.out.startswith("已导出")
    wrong = demo("export-xlsx", "households", "--out", str(tmp_path / "h.csv"))
    assert wrong.code == 2 and one_line(wrong) == (
        f"Excel 文件请以 .xlsx 结尾（现在是“{tmp_path / 'h.csv'}”）。"
    )


def test_import_dry_run_of_an_export_finds_every_row_a_duplicate(
    demo: Runner, demo_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "h.xlsx"
    assert demo("export-xlsx", "households", "--full-ids", "--out", str(out)).code == 0
    before = state(demo_db)
    data = demo.json("import-xlsx", str(out), "--dry-run")  # each row to its 项目编号
    assert data["dry_run"] is True and data["rows"] == data["duplicates"] > 0
    assert data["ok"] == 0 and data["imported"] == 0
    assert state(demo_db) == before
    code = query(demo_db, "SELECT code FROM projects LIMIT 1")[0][0]
    human = demo("import-xlsx", str(out), "--project", code, "--dry-run")
    assert human.code == 0
    assert human.out.strip().splitlines()[-1].startswith("试导入“h.xlsx”：共")
    assert "列对应：" in human.err


def _district_sheet(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "新华路地块被征收户清单"
    sheet.append(["序号", "被征收人", "公民身份号码", "房屋坐落", "证载面积"])
    ok = generate_resident_id("320214", dt.date(1958, 4, 9), 123)
    sheet.append([1, "章国庆", ok, "新华路18号", 92.5])
    sheet.append([2, "单美华", ok[:-1] + ("0" if ok[-1] != "0" else "1"), "新华路20号", 70])
    sheet.append([3, "解明", None, None, 50])
    book.save(path)
    return path


def test_import_writes_the_good_rows_and_remembers_the_mapping(
    run: Runner, tmp_path: Path, data_dir: Path
) -> None:
    assert run("project", "add", "--code", "XW-2026-009", "--name", "新华路地块").code == 0
    path = _district_sheet(tmp_path / "清单.xlsx")
    dry = run("import-xlsx", str(path), "--project", "XW-2026-009", "--dry-run")
    assert dry.code == 0, dry.err
    lines = dry.out.strip().splitlines()
    assert lines[0].startswith("第 4 行：") and "校验位" in lines[0]
    assert lines[1] == "第 5 行：缺少地址（也没有楼栋、单元、房号可以组成地址）。"
    assert lines[-1] == (
        "试导入“清单.xlsx”：共 3 行，可导入 1 行，有问题 2 行（其中重复 0 行）；未写入任何数据。"
    )
    assert not (data_dir / "xlsx-mappings").exists()  # a suggestion is saved only when used
    done = run.json("import-xlsx", str(path), "--project", "XW-2026-009")
    assert done["imported"] == 1 and len(done["household_ids"]) == 1
    saved = list((data_dir / "xlsx-mappings").glob("*.json"))
    assert len(saved) == 1
    columns = json.loads(saved[0].read_text(encoding="utf-8"))["columns"]
    assert columns == {
        "被征收人": "head_name",
        "公民身份号码": "head_id_number",
        "房屋坐落": "address",
        "证载面积": "registered_area",
    }
    found = run.json("household", "find", "章国庆")["households"]
    assert found and found[0]["address"] == "新华路18号"
    again = run.json("import-xlsx", str(path), "--project", "XW-2026-009", "--dry-run")
    assert again["ok"] == 0 and again["duplicates"] == 1
    history = run("history", done["household_ids"][0])
    assert history.code == 0


def test_import_with_a_mapping_file(run: Runner, tmp_path: Path) -> None:
    assert run("project", "add", "--code", "XW-2026-009", "--name", "新华路地块").code == 0
    book = Workbook()
    book.active.append(["户", "门牌"])
    book.active.append(["张三", "新华路1号"])
    path = tmp_path / "odd.xlsx"
    book.save(path)
    unmapped = run("import-xlsx", str(path), "--project", "XW-2026-009", "--dry-run")
    assert unmapped.code == 2
    assert unmapped.err.strip().splitlines()[-1] == (
        "还没有指定哪一列是“户主姓名”和“地址”，请先完成列对应。"
    )
    mapping = tmp_path / "m.json"
    mapping.write_text(
        json.dumps({"columns": {"户": "户主姓名", "门牌": "地址"}}, ensure_ascii=False),
        encoding="utf-8",
    )
    result = run.json(
        "import-xlsx", str(path), "--project", "XW-2026-009", "--mapping", str(mapping)
    )
    assert result["imported"] == 1 and result["mapping"] == {"户": "head_name", "门牌": "address"}


@pytest.mark.parametrize(
    ("name", "content", "sentence"),
    [
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
         "“old.xls”是旧版 Excel（.xls）文件，请在 Excel 或 WPS 中“另存为”.xlsx 格式后再导入。"),
        ("list.xlsx", b"PK\x03\x04 cut short",
         "“list.xlsx”已损坏或不完整，无法读取；请重新从原处复制一份再导入。"),
        ("notes.txt", "户主,地址".encode(), "“notes.txt”不是 Excel 表格（.xlsx）文件，无法导入。"),
    ],
)  # fmt: skip
def test_import_refuses_a_bad_file_and_changes_nothing(
    demo: Runner, demo_db: Path, tmp_path: Path, name: str, content: bytes, sentence: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    code = query(demo_db, "SELECT code FROM projects LIMIT 1")[0][0]
    before = state(demo_db)
    result = demo("import-xlsx", str(path), "--project", code)
    assert result.code == 2 and one_line(result) == sentence
    assert state(demo_db) == before


def test_refusal_in_english(demo: Runner, tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    result = demo("--lang", "en", "import-xlsx", str(path), "--project", "XW-2024-003")
    assert result.code == 2
    assert one_line(result) == (
        "“old.xls” is an old Excel (.xls) file; save it as .xlsx in Excel or WPS, then import that."
    )


def test_help_lists_the_commands(demo: Runner, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        demo("report", "--help")
    shown = capsys.readouterr().out
    for word in ("household", "visit", "requests", "weekly", "notice", "一户一档", "调度周报"):
        assert word in shown


def test_the_report_commands_never_import_qt(demo_db: Path, tmp_path: Path) -> None:
    script = f"""
import sys
from cli.main import main
assert main(["--db", {str(demo_db)!r}, "report", "weekly", "--week", "2026-W48",
             "--out", {str(tmp_path / "w.pdf")!r}]) == 0
assert main(["--db", {str(demo_db)!r}, "export-xlsx", "requests",
             "--out", {str(tmp_path / "r.xlsx")!r}]) == 0
print("QT:", sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "ui")))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={"DOORSTEP_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin",
             "DOORSTEP_PASSWORD": os.environ["DOORSTEP_PASSWORD"]},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "QT: []" in done.stdout


@poppler
def test_report_warns_about_characters_no_font_has(run: Runner, tmp_path: Path) -> None:
    """Issue 13 item 6: 䶮 prints from the fallback face; a character no font has prints as its
    code point and the command says so on stderr (exit 0: the document is still made)."""
    run("project", "add", "--code", "XW-2026-009", "--name", "测试地块")
    added = run.json(
        "household", "add", "--project", "XW-2026-009", "--head", "王\U0003134a", "房号=301"
    )
    out = tmp_path / "h.pdf"
    result = run("report", "household", str(added["short_id"]), "--out", str(out))
    assert result.code == 0, result.err
    assert "[U+3134A]" in text_of(out)
    assert "\U0003134a" in result.err and "[U+4DAE]" in result.err  # the warning, one line


def test_a_weekly_report_refused_at_writing_keeps_no_typed_text(
    demo: Runner, demo_db: Path, tmp_path: Path
) -> None:
    """Found by the CLI fuzz: the texts were kept before the PDF was refused, so a refused command
    changed the database."""
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    before = state(demo_db)
    result = demo(
        "report", "weekly", "--week", "2026-W48", "--done", "完成签约3户",
        "--out", str(blocked / "w.pdf"),
    )  # fmt: skip
    assert result.code == 2, result.err
    one_line(result)
    assert state(demo_db) == before
