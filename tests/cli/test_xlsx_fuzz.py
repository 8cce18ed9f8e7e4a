"""Fuzzing `import-xlsx` with workbooks made by openpyxl: random headers (known words, odd text,
numbers), hidden sheets, title rows, merged cells, formulas, numbers where text is expected,
dates, booleans and huge strings. For every workbook, with and without --dry-run: exit 0 or 2,
never 1; on 2 the first stderr line is one sentence; the database passes integrity_check and
holds exactly what the import said it wrote; the dry run's verdict is the real import's.

Longer runs: HYPOTHESIS_PROFILE=long runs 50 times as many examples (tests/conftest.py)."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from cli.main import main
from domain.validation import generate_resident_id
from services.workspace import Workspace
from storage.keyring import key_file_path
from tests.cli.conftest import INIT

EXAMPLES = 25  # 1 250 under HYPOTHESIS_PROFILE=long (tests/conftest.py)
KNOWN_HEADERS = [
    "户主姓名", "户主", "被征收人", "地址", "房屋坐落", "身份证号", "公民身份号码", "联系电话",
    "登记面积(㎡)", "建筑面积", "状态", "签约日期", "企业名称", "统一社会信用代码", "备注",
    "项目编号", "楼栋", "单元", "房号", "态度", "编号", "房屋情况", "合计",
]  # fmt: skip
VALID_ID = generate_resident_id("320214", dt.date(1970, 1, 2), 7)


def _clean(text: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", text)  # what an .xlsx can hold at all


texts = st.text(max_size=60).map(_clean)
huge = st.integers(4_000, 9_000).map(lambda n: "长" * n)
formulas = st.sampled_from(
    ["=1+1", "=A1", "=SUM(A1:A3)", '=HYPERLINK("http://x","y")', "=1/0", "=B2&C2"]
)
cells = st.one_of(
    st.none(),
    texts,
    st.sampled_from(
        [
            "张三",
            "-",
            "？",
            "😀",
            "新华路1号",
            "3栋2单元501室",
            "合 计",
            "小计",
            "96.4㎡",
            "已签约",
            "同意",
            VALID_ID,
            "XW-01",
            "是",
            "  ",
        ]
    ),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(1, 80_000),  # date serials and beyond
    st.dates(dt.date(1900, 3, 1), dt.date(2200, 1, 1)),
    st.booleans(),
    formulas,
    huge,
)
names = st.one_of(
    st.sampled_from(["章金伟", "-", "？", "😀", "·", "—", "*", "Zhang San", "䶮"]), texts, huge
)
headers = st.one_of(st.sampled_from(KNOWN_HEADERS), texts, st.integers(0, 99), st.none())


@st.composite
def workbooks(draw: st.DrawFn) -> Workbook:
    book = Workbook()
    book.remove(book.active)
    for index in range(draw(st.integers(1, 3))):
        sheet = book.create_sheet(f"表{index}")
        sheet.sheet_state = draw(st.sampled_from(["visible", "visible", "hidden", "veryHidden"]))
        plausible = draw(st.booleans())  # a list that maps: names and addresses up front
        width = draw(st.integers(0 if plausible else 1, 2 if plausible else 8))
        if draw(st.booleans()):
            sheet.append([draw(texts)])  # a title line
        for _ in range(draw(st.integers(0 if not plausible else 1, 2))):
            header = [draw(headers) for _ in range(width)]
            sheet.append(["户主姓名", "地址", *header] if plausible else header)
        for row in range(draw(st.integers(0, 6))):
            values = [draw(cells) for _ in range(width)]
            if plausible:
                values = [draw(st.one_of(names, cells)), f"新华路{row}号", *values]
            sheet.append(values)
        rows = max(sheet.max_row, 1)
        width = max(width, sheet.max_column)
        for _ in range(draw(st.integers(0, 2))):
            top = draw(st.integers(1, rows))
            left = draw(st.integers(1, width))
            bottom = draw(st.integers(top, rows))
            right = draw(st.integers(left, width))
            if (top, left) != (bottom, right):
                sheet.merge_cells(
                    f"{get_column_letter(left)}{top}:{get_column_letter(right)}{bottom}"
                )
    if draw(st.integers(0, 4)) == 0:
        book.create_chartsheet("图表", draw(st.integers(0, len(book.worksheets))))
    if all(s.sheet_state != "visible" for s in book.worksheets):
        book.worksheets[0].sheet_state = "visible"  # Excel and openpyxl need one visible sheet
    return book


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A database with a profile and project XW-01, copied for every example."""
    db = tmp_path_factory.mktemp("fuzz") / "template.db"
    assert _run(db, *INIT)[0] == 0
    assert _run(db, "project", "add", "--code", "XW-01", "--name", "地块")[0] == 0
    return db


def _run(db: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--db", str(db), *args], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def _bug_log(folder: Path) -> str:
    return "".join(p.read_text("utf-8") for p in (folder / "data").rglob("*.log"))


def _one_sentence(line: str) -> bool:
    return bool(line.strip()) and line.rstrip().endswith(("。", ".")) and "Traceback" not in line


def _households(db: Path) -> int:
    ws = Workspace.open(db)
    try:
        assert ws.read(lambda d: d.conn.execute("PRAGMA integrity_check").fetchone()[0]) == "ok"
        return int(
            ws.read(lambda d: d.conn.execute("SELECT count(*) FROM households").fetchone()[0])
        )
    finally:
        ws.close()


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(book=workbooks(), with_project=st.booleans())
def test_any_workbook_is_imported_or_refused_in_one_sentence(
    template: Path, book: Workbook, with_project: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        os.environ["DOORSTEP_DATA_DIR"] = str(Path(folder) / "data")
        db = Path(folder) / "d.db"
        shutil.copy(template, db)
        shutil.copy(key_file_path(template), key_file_path(db))  # the wrapped database key
        path = Path(folder) / "清单.xlsx"
        book.save(path)
        project = ["--project", "XW-01"] if with_project else []
        event(
            "workbook that maps" if "户主姓名" in str(list(book.worksheets[0].values)) else "other"
        )
        dry = _run(db, "--json", "import-xlsx", str(path), *project, "--dry-run")
        real = _run(db, "--json", "import-xlsx", str(path), *project)
        for code, _out, err in (dry, real):
            assert code in (0, 2), err + _bug_log(Path(folder))
            if code == 2:
                assert _one_sentence(err.splitlines()[0]), err
        if dry[0] == 2:  # refused as a whole: the real import says the same
            assert real[0] == 2 and real[2].splitlines()[0] == dry[2].splitlines()[0]
            assert _households(db) == 0
            return
        verdict = json.loads(dry[1])
        if verdict["ok"] == 0:
            assert real[0] == 2 and _households(db) == 0
            assert len(real[2].splitlines()) == 1 + sum(
                len(p["problems"]) for p in verdict["problems"]
            )
        else:
            event("imported")
            assert real[0] == 0, real[2]
            done = json.loads(real[1])
            assert done["imported"] == verdict["ok"] == _households(db)
            assert done["problems"] == verdict["problems"]
