"""Excel files as an attacker or a careless copy makes them: the hostile corpus (zip bomb, XML
entity expansion, a million empty rows, a renamed PNG) refused in one sentence, within 300 MB;
text that looks like a formula exported as text in every sheet of every export; hidden sheets
skipped; and the CLI's first stderr line always the sentence."""

from __future__ import annotations

import errno
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from services import xlsx_export, xlsx_files, xlsx_import
from services.figures import Scope
from tests.services.hostile_xlsx.make_corpus import million_empty_rows
from tests.services.report_kit import TODAY, WEEK, DemoSet, build_demo

CORPUS = Path(__file__).parent / "hostile_xlsx"
EXPECTED = {
    "zip-bomb.xlsx": "xlsx_too_packed",
    "entity-expansion.xlsx": "xlsx_unsafe_xml",
    "million-empty-rows.xlsx": "xlsx_empty_rows",
    "renamed-png.xlsx": "xlsx_not_excel",
}
MEMORY_LIMIT_KB = 300 * 1024

# Runs import-xlsx --dry-run on each file in a fresh interpreter and reports exit codes, stderr
# and the peak memory (KB) — the database's key derivation included.
RUNNER = """
import io, json, sys
from cli.main import main
db, files = sys.argv[1], sys.argv[2:]
found = {}
for path in files:
    err = io.StringIO()
    code = main(["--db", db, "import-xlsx", path, "--project", "XW-01", "--dry-run"],
                out=io.StringIO(), err=err)
    found[path] = [code, err.getvalue()]
# VmHWM is this program's own peak (ru_maxrss may report the parent's after fork and exec)
status = open("/proc/self/status").read().split("VmHWM:")[1]
found["maxrss"] = int(status.split()[0])
print(json.dumps(found, ensure_ascii=False))
"""


def _database(db: Path) -> Path:
    from cli.main import main

    quiet = {"out": io.StringIO(), "err": io.StringIO()}
    assert main(["--db", str(db), "init", "--name", "李明", "--district", "新吴区",
                 "--sub-district", "旺庄街道", "--device-name", "x"], **quiet) == 0  # fmt: skip
    assert (
        main(["--db", str(db), "project", "add", "--code", "XW-01", "--name", "地块"], **quiet) == 0
    )
    return db


@pytest.fixture(scope="module")
def demo_set(tmp_path_factory: pytest.TempPathFactory) -> DemoSet:
    return build_demo(tmp_path_factory.mktemp("xlsx-safety"))


def test_openpyxl_parses_through_defusedxml() -> None:
    assert xlsx_files.defusedxml_active()


def test_hostile_corpus_is_refused_in_one_sentence_within_300_mb(tmp_path: Path) -> None:
    million_empty_rows(tmp_path / "million-empty-rows.xlsx")  # 2.5 MB: made here, not kept
    files = [CORPUS / n for n in sorted(EXPECTED) if n != "million-empty-rows.xlsx"]
    files.append(tmp_path / "million-empty-rows.xlsx")
    run = subprocess.run(
        [sys.executable, "-c", RUNNER, str(_database(tmp_path / "h.db")), *map(str, files)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[2],
    )
    found = json.loads(run.stdout)
    assert found.pop("maxrss") < MEMORY_LIMIT_KB
    from domain.errors import text

    for path in files:
        code, err = found[str(path)]
        assert code == 2, (path.name, err)
        assert err.count("\n") == 1 and err.rstrip("\n").endswith("。"), err
        expected = text(EXPECTED[path.name], "zh", name=path.name, limit=50000)
        assert err.startswith(expected.split("，")[0]), err


def test_every_text_cell_of_every_export_stays_text(demo_set: DemoSet, tmp_path: Path) -> None:
    d = demo_set
    hostile = '=HYPERLINK("http://x","y")'
    hid = d.one("SELECT id FROM households WHERE _deleted = 0 LIMIT 1")[0]
    d.ws.update(
        "household",
        hid,
        {"head_name": hostile[:40], "address": "+1 新华路", "risk_flags": "@SUM(A1)"},
    )
    rid = d.one("SELECT id FROM requests WHERE household_id IS NOT NULL LIMIT 1")[0]
    d.ws.update("request", rid, {"summary": "\t=1+1", "reply": "-2+3"})
    outs = [
        xlsx_export.export_households(d.ws, tmp_path / "h.xlsx", full_ids=True).path,
        xlsx_export.export_requests(d.ws, tmp_path / "r.xlsx", today=TODAY).path,
        xlsx_export.export_weekly(d.ws, tmp_path / "w.xlsx", Scope.all(), WEEK, today=TODAY).path,
    ]
    seen: set[str] = set()
    for out in outs:
        with zipfile.ZipFile(out) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/"):
                    assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
        for sheet in load_workbook(out).worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str):
                        assert cell.data_type == "s"
                        if cell.value.startswith(xlsx_export.FORMULA_TRIGGERS):
                            assert cell.quotePrefix, (out.name, cell.coordinate, cell.value)
                            seen.add(cell.value)
    assert {hostile[:40], "+1 新华路", "@SUM(A1)", "=1+1", "-2+3"} <= seen


def test_sheets_have_autofilter_and_print_setup(demo_set: DemoSet, tmp_path: Path) -> None:
    out = xlsx_export.export_requests(demo_set.ws, tmp_path / "r.xlsx", today=TODAY).path
    sheet = load_workbook(out).active
    last = sheet.cell(1, sheet.max_column).column_letter
    assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_title_rows == "$1:$1"
    headers = [c.value for c in sheet[1]]
    assert "户主姓名" in headers and "地址" in headers and "住户" not in headers


def test_weekly_export_carries_the_three_texts(
    demo_set: DemoSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from services.report_data import WeeklyTexts

    texts = WeeklyTexts(done="签约 12 户", plan="=下周腾空", difficulties="资金缺口")
    out = xlsx_export.export_weekly(
        demo_set.ws, tmp_path / "w.xlsx", Scope.all(), WEEK, today=TODAY, texts=texts
    ).path
    sheet = load_workbook(out)["文字说明"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [r[1:] for r in rows] == [
        ["本周完成", "签约 12 户"],
        ["下周计划", "=下周腾空"],
        ["困难和需协调事项", "资金缺口"],
    ]


def _book(path: Path, sheets: list[tuple[str, str, list[list[object]]]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for title, state, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.sheet_state = state
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_hidden_sheets_are_skipped_unless_named(tmp_path: Path) -> None:
    rows: list[list[object]] = [["户主姓名", "地址"], ["张三", "新华路1号"]]
    path = _book(
        tmp_path / "a.xlsx",
        [("旧表", "hidden", [["户主姓名", "地址"], ["隐藏", "某路"]]), ("清单", "visible", rows)],
    )
    sheet = xlsx_import.read_sheet(path)
    assert sheet.sheet_name == "清单" and sheet.sheet_names == ("清单",)
    assert xlsx_import.read_sheet(path, sheet="旧表").rows[0][1][0] == "隐藏"
    only_hidden = _book(tmp_path / "b.xlsx", [("空", "visible", []), ("数据", "veryHidden", rows)])
    with pytest.raises(xlsx_import.UserError) as refused:
        xlsx_import.read_sheet(only_hidden)
    assert refused.value.code == "xlsx_only_hidden" and "数据" in refused.value.message()


def test_first_stderr_line_is_the_sentence(tmp_path: Path) -> None:
    import io

    from cli.main import main

    db = tmp_path / "d.db"
    quiet = {"out": io.StringIO(), "err": io.StringIO()}
    main(["--db", str(db), "init", "--name", "李明", "--district", "新吴区",
          "--sub-district", "旺庄街道", "--device-name", "x"], **quiet)  # fmt: skip
    main(["--db", str(db), "project", "add", "--code", "XW-01", "--name", "地块"], **quiet)
    unknown = _book(tmp_path / "u.xlsx", [("表", "visible", [["甲", "乙"], ["1", "2"]])])
    bad = _book(
        tmp_path / "bad.xlsx",
        [("表", "visible", [["户主姓名", "地址", "身份证号"], ["张三", None, "123"]])],
    )
    for path, dry, first in (
        (unknown, True, "还没有指定哪一列是"),
        (bad, False, "“bad.xlsx”中没有可以导入的行"),
    ):
        err = io.StringIO()
        args = ["--db", str(db), "import-xlsx", str(path), "--project", "XW-01"]
        code = main([*args, "--dry-run"] if dry else args, out=io.StringIO(), err=err)
        lines = err.getvalue().splitlines()
        assert code == 2 and lines[0].startswith(first), lines
    # the refused import lists why, row by row, after its sentence
    assert lines[1].startswith("第 2 行：") and any("地址" in line for line in lines[1:])


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (errno.ENOSPC, "xlsx_disk_full"),
        (errno.EROFS, "xlsx_read_only"),
        (errno.EACCES, "xlsx_read_only"),
        (errno.EIO, "xlsx_cannot_write"),
    ],
)
def test_a_failed_save_is_one_sentence_and_leaves_no_file(
    tmp_path: Path, error: int, code: str
) -> None:
    out = tmp_path / "清单.xlsx"

    def write(temporary: Path) -> None:
        temporary.write_bytes(b"half a workbook")
        raise OSError(error, os.strerror(error))

    with pytest.raises(xlsx_import.UserError) as refused:
        xlsx_files.write_atomically(out, write)
    assert refused.value.code == code and str(out) in refused.value.message()
    assert list(tmp_path.iterdir()) == []


def test_chart_sheets_are_not_read_as_lists(tmp_path: Path) -> None:
    from openpyxl.chart import BarChart, Reference

    book = Workbook()
    data = book.active
    data.title = "数据"
    for row in ([None, None], ["户主姓名", "地址"], ["张三", "新华路1号"]):
        data.append(row)
    chart_sheet = book.create_chartsheet("图表", 0)
    chart = BarChart()
    chart.add_data(Reference(data, min_col=1, min_row=1, max_row=3))
    chart_sheet.add_chart(chart)
    path = tmp_path / "chart.xlsx"
    book.save(path)
    sheet = xlsx_import.read_sheet(path)
    assert sheet.sheet_name == "数据" and sheet.sheet_names == ("数据",)
    with pytest.raises(xlsx_import.UserError) as refused:
        xlsx_import.read_sheet(path, sheet="图表")
    assert refused.value.code == "xlsx_no_sheet"


def test_weekly_export_reads_the_texts_kept_in_the_database(
    demo_set: DemoSet, tmp_path: Path
) -> None:
    from services import documents
    from services.report_data import WeeklyTexts

    scope = Scope.all()
    kept = WeeklyTexts(done="本周交房 3 户", plan="继续走访", difficulties="")
    documents.save_weekly_texts(demo_set.ws, scope, WEEK, kept)
    out = xlsx_export.export_weekly(demo_set.ws, tmp_path / "w.xlsx", scope, WEEK, today=TODAY)
    sheet = load_workbook(out.path)["文字说明"]
    texts = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert texts == ["本周交房 3 户", "继续走访", None]
