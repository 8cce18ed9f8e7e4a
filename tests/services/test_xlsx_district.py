"""A list shaped like a district office's: a title merged across the columns, its own header
words, a two-row header (房屋情况 merged over 房屋地址 and 面积, 户主 merged down), dates as
Excel serial numbers, areas with units, a blank row and 合计/小计 rows — read as a person reads
it. Without a 状态 column a household's state follows from its dates, by the rule the GUI's
state change stamps them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from domain.errors import UserError
from domain.validation import generate_resident_id
from services import xlsx_import
from services.households import STATE_DATES, state_from_dates
from services.workspace import Workspace
from tests.services.report_kit import PROFILE


def _id(seq: int) -> str:
    return generate_resident_id("320214", dt.date(1962, 5, 1 + seq), seq)


def district_list(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "附件1"
    sheet["A1"] = "新吴区旺庄街道新华路地块被征收房屋调查汇总表"
    sheet.merge_cells("A1:H1")
    sheet["A2"] = "填报单位：旺庄街道征收办"
    sheet.append(["序号", "产权人", "身份证号码", "房屋情况", None, "签约时间", "交房时间", "备注"])
    sheet.append([None, None, None, "房屋坐落", "建筑面积", None, None, None])
    for cells in ("A3:A4", "B3:B4", "C3:C4", "F3:F4", "G3:G4", "H3:H4"):
        sheet.merge_cells(cells)
    sheet.merge_cells("D3:E3")
    sheet.append([1, "章国庆", _id(1), "新华路18号", "96.4㎡", 46335, None, None])  # 5
    sheet.append([2, "单美华", _id(2), "新华路20号", "70平方米", 46335, 46350, None])  # 6
    sheet.append([3, "章国庆", _id(1), "新华路22号", 55, None, None, "第二套房"])  # 7
    sheet.append([])  # 8
    sheet.append([None, "小计", None, None, "221.4", None, None, None])  # 9
    sheet.append([4, "解明", _id(4), "新华路18号", "80㎡", None, None, None])  # 10 duplicate
    sheet.append(["合 计", None, None, None, 301.4, None, None, None])  # 11
    book.save(path)
    return path


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    found = Workspace.open(tmp_path / "d.db")
    found.init_profile(PROFILE)
    found.create(
        "project",
        {"code": "XH-01", "name": "新华路地块", "district": "新吴区", "sub_district": "旺庄街道"},
    )
    return found


def _project(ws: Workspace) -> str:
    return str(ws.read(lambda db: db.conn.execute("SELECT id FROM projects").fetchone()[0]))


def test_a_district_list_is_read_as_a_person_reads_it(ws: Workspace, tmp_path: Path) -> None:
    sheet = xlsx_import.read_sheet(district_list(tmp_path / "调查表.xlsx"))
    assert sheet.header_row == 4 and sheet.totals_skipped == 2
    assert [n for n, _row in sheet.rows] == [5, 6, 7, 10]  # blank and 小计/合计 rows left out
    mapping = xlsx_import.suggest_mapping(sheet)
    assert xlsx_import.mapping_as_names(sheet, mapping) == {
        "产权人": "head_name",
        "身份证号码": "head_id_number",
        "房屋坐落": "address",
        "建筑面积": "registered_area",
        "签约时间": "signed_on",
        "交房时间": "handed_over_on",
        "备注": "notes",
    }
    plan = xlsx_import.dry_run(ws, sheet, mapping, _project(ws))
    by_row = {r.row: r for r in plan.rows}
    assert [r.row for r in plan.ok_rows] == [5, 6, 7]  # the same owner's second house is fine
    assert by_row[5].values["registered_area"] == 96.4
    assert by_row[6].values["registered_area"] == 70
    assert by_row[5].values["signed_on"] == "2026-11-09"  # serial 46335
    assert by_row[10].duplicate and "第 5 行" in by_row[10].problems[0]
    assert len(plan.rows) == 4  # totals are neither rows nor problems
    result = xlsx_import.import_households(ws, sheet, mapping, _project(ws))
    states = {ws.get("household", h)["address"]: ws.get("household", h)["state"]
              for h in result.household_ids}  # fmt: skip
    assert states == {
        "新华路18号": "signed",
        "新华路20号": "handed_over",
        "新华路22号": "surveying",
    }


def test_state_follows_the_latest_stamped_date() -> None:
    assert state_from_dates({}) == "surveying"
    for state, stamp in STATE_DATES.items():
        assert state_from_dates({stamp: "2026-01-01"}) == state
    assert state_from_dates({"signed_on": "2026-01-01", "valued_on": "2025-12-01"}) == "signed"


def test_an_import_with_nothing_importable_lists_why(ws: Workspace, tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["户主姓名", "地址", "面积"])
    book.active.append(["张三", None, "九十"])
    book.active.append([None, "新华路1号", 20])
    path = tmp_path / "坏.xlsx"
    book.save(path)
    sheet = xlsx_import.read_sheet(path)
    with pytest.raises(UserError) as refused:
        xlsx_import.import_households(ws, sheet, xlsx_import.suggest_mapping(sheet), _project(ws))
    assert isinstance(refused.value, xlsx_import.NothingToImport)
    lines = refused.value.plan.problem_lines()
    assert lines[0].startswith("第 2 行：") and lines[-1].startswith("第 3 行：")
    assert ws.read(lambda db: db.conn.execute("SELECT count(*) FROM households").fetchone()[0]) == 0


@pytest.mark.parametrize(
    ("field", "cell", "stored"),
    [
        ("registered_area", "96.4㎡", 96.4),
        ("registered_area", "96.4 m²", 96.4),
        ("registered_area", "１２０平方米", 120.0),
        ("compensation_amount", "12.5万元", 125000.0),
        ("compensation_amount", "1,234.56元", 1234.56),
        ("signed_on", 46335, "2026-11-09"),
        ("signed_on", "46335", "2026-11-09"),
        ("signed_on", dt.datetime(2026, 11, 9, 0, 0), "2026-11-09"),
    ],
)
def test_spreadsheet_values_are_read_as_typed_input(
    field: str, cell: object, stored: object
) -> None:
    from domain.records import HOUSEHOLD
    from domain.validation import coerce

    spec = HOUSEHOLD.field(field)
    assert coerce(spec, xlsx_import._spreadsheet_value(spec, cell)) == stored


def test_a_number_that_is_no_date_serial_is_refused() -> None:
    from domain.records import HOUSEHOLD
    from domain.validation import coerce

    spec = HOUSEHOLD.field("signed_on")
    with pytest.raises(UserError):
        coerce(spec, xlsx_import._spreadsheet_value(spec, 12))
