"""Excel export and import: real cell types, frozen headers and widths; the round trip (an
exported household list read back finds every row a duplicate); a district-style sheet with a
title line, synonym headers and broken rows checked row by row; the import written in one
transaction or not at all; the column mapping remembered; malformed files refused in one
sentence with nothing changed."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from domain.errors import UserError
from domain.validation import generate_resident_id
from services import xlsx_export, xlsx_import
from services.figures import Scope
from services.report_data import RegisterFilter
from storage import opstore
from tests.services.report_kit import TODAY, WEEK, DemoSet, build_demo


@pytest.fixture(scope="module")
def demo_set(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoSet]:
    found = build_demo(tmp_path_factory.mktemp("xlsx"))
    yield found
    found.ws.close()


def _column(sheet: Any, title: str) -> int:
    for cell in sheet[1]:
        if cell.value == title:
            return int(cell.column)
    raise AssertionError(f"no column {title}")


# ---------------------------------------------------------------------------------------------
# export


def test_household_export_has_real_types(demo_set: DemoSet, tmp_path: Path) -> None:
    d = demo_set
    out = tmp_path / "households.xlsx"
    done = xlsx_export.export_households(d.ws, out)
    n = d.one("SELECT count(*) FROM households WHERE _deleted = 0")[0]
    assert done.rows == n and not done.full_ids
    sheet = load_workbook(out).active
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == n + 1
    assert all((sheet.column_dimensions[c.column_letter].width or 0) >= 6 for c in sheet[1])
    address = _column(sheet, "地址")
    assert sheet.column_dimensions[sheet.cell(1, address).column_letter].width >= 20
    signed = _column(sheet, "签约日期")
    dates = [sheet.cell(r, signed) for r in range(2, n + 2) if sheet.cell(r, signed).value]
    assert dates and all(c.is_date and c.number_format == "yyyy-mm-dd" for c in dates)
    area = _column(sheet, "登记面积(㎡)")
    areas = [sheet.cell(r, area).value for r in range(2, n + 2)]
    assert all(isinstance(v, float | int) for v in areas if v is not None)
    money = _column(sheet, "补偿金额(元)")
    assert any(isinstance(sheet.cell(r, money).value, float | int) for r in range(2, n + 2))
    ids = _column(sheet, "户主身份证号")
    id_cells = [sheet.cell(r, ids) for r in range(2, n + 2) if sheet.cell(r, ids).value]
    assert id_cells and all(c.data_type == "s" and "********" in c.value for c in id_cells)
    state = _column(sheet, "状态")
    assert {sheet.cell(r, state).value for r in range(2, n + 2)} <= {
        "调查中", "已调查", "确权中", "已确权", "评估中", "已评估", "协商中", "已签约",
        "搬迁中", "已搬迁(腾空)", "已交房", "结算中", "补偿完成", "达不成协议", "补偿决定",
        "申请法院强制执行", "临时周转中", "产权调换安置中",
    }  # fmt: skip
    event = d.ws.events("export", "xlsx_households")[-1]
    assert event.value == {
        "document": "xlsx_households",
        "file": "households.xlsx",
        "rows": n,
        "full_ids": False,
    }


def test_household_export_in_full_is_logged(demo_set: DemoSet, tmp_path: Path) -> None:
    d = demo_set
    pid = d.project_id("XW-2024-003")
    out = tmp_path / "full.xlsx"
    done = xlsx_export.export_households(d.ws, out, project_id=pid, full_ids=True)
    sheet = load_workbook(out).active
    ids = _column(sheet, "户主身份证号")
    values = {sheet.cell(r, ids).value for r in range(2, done.rows + 2)} - {None}
    expected = {
        r[0]
        for r in d.all(
            "SELECT head_id_number FROM households WHERE project_id = ? AND head_id_number"
            " IS NOT NULL",
            pid,
        )
    }
    assert values == expected
    assert all(sheet.cell(r, ids).number_format == "@" for r in range(2, done.rows + 2))
    assert d.ws.events("export", pid)[-1].value["full_ids"] is True


def test_request_export(demo_set: DemoSet, tmp_path: Path) -> None:
    d = demo_set
    out = tmp_path / "requests.xlsx"
    done = xlsx_export.export_requests(d.ws, out, today=TODAY)
    received = d.one("SELECT count(*) FROM requests WHERE _deleted = 0")[0]
    assert done.rows == received
    sheet = load_workbook(out).active
    assert sheet.freeze_panes == "A2"
    day = _column(sheet, "受理日期")
    assert all(sheet.cell(r, day).is_date for r in range(2, received + 2))
    overdue = _column(sheet, "超期")
    marked = sum(1 for r in range(2, received + 2) if sheet.cell(r, overdue).value == "是")
    expected = d.one(
        "SELECT count(*) FROM requests WHERE status != 'closed' AND deadline < ?",
        TODAY.isoformat(),
    )[0]
    assert marked == expected > 0
    closed = xlsx_export.export_requests(
        d.ws, tmp_path / "closed.xlsx", RegisterFilter(status="closed"), today=TODAY
    )
    assert closed.rows == d.one("SELECT count(*) FROM requests WHERE status = 'closed'")[0]


def test_weekly_export(demo_set: DemoSet, tmp_path: Path) -> None:
    d = demo_set
    out = tmp_path / "weekly.xlsx"
    xlsx_export.export_weekly(d.ws, out, Scope.all(), WEEK, today=TODAY)
    book = load_workbook(out)
    sheet = book.worksheets[0]
    assert sheet.title == "调度周报" and sheet.freeze_panes == "A2"
    level, total = _column(sheet, "层级"), _column(sheet, "总户数")
    last = sheet.max_row
    assert sheet.cell(last, level).value == "合计"
    households = d.one("SELECT count(*) FROM households WHERE _deleted = 0")[0]
    assert sheet.cell(last, total).value == households
    projects = [r for r in range(2, last + 1) if sheet.cell(r, level).value == "项目"]
    assert sum(sheet.cell(r, total).value for r in projects) == households
    rate = _column(sheet, "签约率")
    signed = _column(sheet, "已签约")
    cell = sheet.cell(last, rate)
    assert cell.number_format == "0.0%"
    assert cell.value == pytest.approx(sheet.cell(last, signed).value / households)
    paid = _column(sheet, "已付补偿(元)")
    assert isinstance(sheet.cell(last, paid).value, float | int)
    categories = book.worksheets[1]
    received = d.one(
        "SELECT count(*) FROM requests WHERE _deleted = 0 AND received_on <= ?",
        TODAY.isoformat(),
    )[0]
    column = _column(categories, "累计受理诉求")
    assert (
        sum(categories.cell(r, column).value for r in range(2, categories.max_row + 1)) == received
    )


def test_export_refusals(demo_set: DemoSet, tmp_path: Path) -> None:
    d = demo_set
    with pytest.raises(UserError) as refused:
        xlsx_export.export_households(d.ws, tmp_path / "list.xls")
    assert refused.value.code == "xlsx_not_xlsx_name"
    with pytest.raises(UserError) as refused:
        xlsx_export.export_households(d.ws, tmp_path / "missing" / "list.xlsx")
    assert refused.value.code == "xlsx_cannot_write"
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------------------------------------
# round trip


@pytest.mark.parametrize("full_ids", [True, False], ids=["full", "masked"])
def test_round_trip_finds_every_row_a_duplicate(
    demo_set: DemoSet, tmp_path: Path, full_ids: bool
) -> None:
    d = demo_set
    out = tmp_path / "households.xlsx"
    done = xlsx_export.export_households(d.ws, out, full_ids=full_ids)
    before = d.state()
    sheet = xlsx_import.read_sheet(out)
    assert sheet.header_row == 1 and len(sheet.rows) == done.rows
    mapping = xlsx_import.suggest_mapping(sheet)
    assert {"head_name", "address", "head_id_number", "registered_area"} <= set(mapping.values())
    assert "project_code" in mapping.values()
    plan = xlsx_import.dry_run(d.ws, sheet, mapping, None)  # each row to its 项目编号
    assert len(plan.rows) == done.rows
    assert plan.duplicates == done.rows and plan.ok_rows == []
    assert all("重复" in r.problems[0] for r in plan.rows)
    # Into one project: the other projects' rows say so instead of landing there silently.
    pid = d.project_id("XW-2024-003")
    into_one = xlsx_import.dry_run(d.ws, sheet, mapping, pid)
    others = d.one("SELECT count(*) FROM households WHERE project_id != ? AND _deleted = 0", pid)
    elsewhere = [r for r in into_one.rows if any("不是本次导入的项目" in p for p in r.problems)]
    assert len(elsewhere) == others[0] > 0 and into_one.ok_rows == []
    assert d.state() == before


# ---------------------------------------------------------------------------------------------
# a district sheet


def _id(seq: int, year: int = 1960) -> str:
    return generate_resident_id("320214", dt.date(year, 3, 1 + seq % 27), seq)


def _bad_check(number: str) -> str:
    last = "0" if number[-1] != "0" else "1"
    return number[:-1] + last


def district_sheet(path: Path, existing: tuple[str, str, str]) -> Path:
    """A list as the district sends it: title line, blank line, its own header words."""
    head, number, address = existing
    book = Workbook()
    sheet = book.active
    sheet.title = "清单"
    sheet["A1"] = "新华路地块被征收户清单"
    sheet.merge_cells("A1:G1")
    sheet.append([])
    sheet.append(["序号", "被征收人", "公民身份号码", "手机号码", "房屋坐落", "证载面积", "备注"])
    rows: list[list[Any]] = [
        [1, "张国强", _id(1), "13912345678", "新华路1号", 88.5, None],  # 4 ok
        [2, "李秀英", _bad_check(_id(2)), None, "新华路2号", 70, None],  # 5 check digit
        [3, "王建华", _id(3), None, None, 64, "地址待核"],  # 6 no address
        [4, "赵六", _id(1), None, "新华路4号", 55, None],  # 7 same owner, a second house: ok
        [],  # 8 blank
        [5, head, number, None, address, 80, None],  # 9 an existing household
        [6, "钱七", float(_id(6)[:-1] + "0"), None, "新华路6号", 90, None],  # 10 ID as a number
        [7, "孙八", _id(7), 13800001111, "新华路7号", "九十", None],  # 11 area not a number
        [8, "周九", _id(8), None, "新华路8号", 60, None],  # 12 ok
        [9, "吴十", _id(9), "12345", "新华路9号", 61, None],  # 13 bad phone
        [10, "郑一", _id(10), None, "新华路1号", 62, None],  # 14 same address as row 4
    ]
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _existing(d: DemoSet) -> tuple[str, str, str]:
    row = d.one(
        "SELECT head_name, head_id_number, address FROM households WHERE project_id = ?"
        " AND head_id_number IS NOT NULL LIMIT 1",
        d.project_id("XW-2024-003"),
    )
    return row[0], row[1], row[2]


def test_dry_run_reports_each_rows_problems(demo_set: DemoSet, tmp_path: Path) -> None:
    d = demo_set
    path = district_sheet(tmp_path / "清单.xlsx", _existing(d))
    sheet = xlsx_import.read_sheet(path)
    assert sheet.header_row == 3 and sheet.sheet_name == "清单"
    mapping = xlsx_import.suggest_mapping(sheet)
    assert xlsx_import.mapping_as_names(sheet, mapping) == {
        "被征收人": "head_name",
        "公民身份号码": "head_id_number",
        "手机号码": "phone",
        "房屋坐落": "address",
        "证载面积": "registered_area",
        "备注": "notes",
    }
    before = d.state()
    plan = xlsx_import.dry_run(d.ws, sheet, mapping, d.project_id("XW-2024-003"))
    assert d.state() == before
    by_row = {r.row: r for r in plan.rows}
    assert sorted(by_row) == [4, 5, 6, 7, 9, 10, 11, 12, 13, 14]
    assert [r.row for r in plan.ok_rows] == [4, 7, 12]
    assert "校验位" in " ".join(by_row[5].problems)
    assert by_row[6].problems == ("缺少地址（也没有楼栋、单元、房号可以组成地址）。",)
    assert not by_row[7].duplicate  # a duplicate is the same address in the same project
    assert by_row[9].duplicate and "与已有住户重复：同一项目内地址相同" in by_row[9].problems[0]
    assert "数字" in by_row[10].problems[0] or "科学计数" in by_row[10].problems[0]
    assert "登记面积" in by_row[11].problems[0]
    assert by_row[11].values["phone"] == "13800001111"  # a number cell is read as text
    assert "联系电话" in by_row[13].problems[0]
    assert (
        by_row[14].duplicate and "与本表第 4 行重复：同一项目内地址相同" in by_row[14].problems[0]
    )
    assert plan.duplicates == 2


def test_confirmed_import_writes_good_rows_in_one_commit(
    demo_set: DemoSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    d = demo_set
    path = district_sheet(tmp_path / "清单.xlsx", _existing(d))
    sheet = xlsx_import.read_sheet(path)
    mapping = xlsx_import.suggest_mapping(sheet)
    pid = d.project_id("XW-2024-003")
    households_before = d.one("SELECT count(*) FROM households")[0]
    members_before = d.one("SELECT count(*) FROM members")[0]
    commits: list[int] = []
    real_commit = d.ws.commit_new  # every record new: the bulk path (storage/bulkload.py)

    def counting(drafts: Any) -> Any:
        commits.append(len(drafts))
        return real_commit(drafts)

    monkeypatch.setattr(d.ws, "commit_new", counting)
    result = xlsx_import.import_households(d.ws, sheet, mapping, pid)
    monkeypatch.undo()
    assert result.imported == 3 and result.skipped == 7
    assert commits == [3 + 3 + 1]  # three households, their heads as members, the event
    assert d.one("SELECT count(*) FROM households")[0] == households_before + 3
    assert d.one("SELECT count(*) FROM members")[0] == members_before + 3
    first = d.ws.get("household", result.household_ids[0])
    assert first["head_name"] == "张国强" and first["address"] == "新华路1号"
    assert first["project_id"] == pid and first["state"] == "surveying"
    assert first["district"] == "新吴区" and first["registered_area"] == 88.5
    assert first["phone"] == "13912345678" and first["caseworker"] == "李明"
    head = d.one(
        "SELECT name, relation, id_number FROM members WHERE household_id = ?", first["id"]
    )
    assert tuple(head) == ("张国强", "户主", _id(1))
    event = d.ws.events("import", pid)[-1]
    assert event.value["imported"] == 3 and event.value["skipped"] == 7
    assert event.value["file"] == "清单.xlsx"
    # Read again: the imported rows are now duplicates, nothing else changed.
    again = xlsx_import.dry_run(d.ws, sheet, mapping, pid)
    assert again.ok_rows == [] and {4, 7, 12} <= {r.row for r in again.rows if r.duplicate}


def test_a_failed_import_writes_nothing(
    demo_set: DemoSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    d = demo_set
    book = Workbook()
    sheet = book.active
    sheet.append(["户主姓名", "地址", "身份证号"])
    for i in range(50):
        sheet.append([f"测试{i}", f"失败路{i}号", _id(100 + i, 1970)])
    path = tmp_path / "fifty.xlsx"
    book.save(path)
    read = xlsx_import.read_sheet(path)
    before = d.state()
    real = opstore.maybe_train  # the last step of a write, on either path (apply_ops, bulkload)

    def write_then_fail(*args: Any, **kwargs: Any) -> Any:
        real(*args, **kwargs)
        raise RuntimeError("disk full")

    monkeypatch.setattr(opstore, "maybe_train", write_then_fail)
    with pytest.raises(RuntimeError):
        xlsx_import.import_households(
            d.ws, read, xlsx_import.suggest_mapping(read), d.project_id("XW-2024-003")
        )
    monkeypatch.undo()
    assert d.state() == before
    assert d.one("SELECT count(*) FROM households WHERE address LIKE '失败路%'")[0] == 0


def test_nothing_to_import_is_refused(demo_set: DemoSet, tmp_path: Path) -> None:
    d = demo_set
    path = tmp_path / "households.xlsx"
    xlsx_export.export_households(d.ws, path, full_ids=True)
    sheet = xlsx_import.read_sheet(path)
    before = d.state()
    with pytest.raises(UserError) as refused:
        xlsx_import.import_households(
            d.ws, sheet, xlsx_import.suggest_mapping(sheet), d.project_id("XW-2024-003")
        )
    assert refused.value.code == "xlsx_nothing_to_import_listed"
    assert isinstance(refused.value, xlsx_import.NothingToImport)
    assert len(refused.value.plan.problem_lines()) >= len(refused.value.plan.rows)
    assert d.state() == before


# ---------------------------------------------------------------------------------------------
# mapping


def _plain_sheet(path: Path, header: list[str], *rows: list[Any]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_mapping_is_remembered_by_header(tmp_path: Path) -> None:
    path = _plain_sheet(
        tmp_path / "a.xlsx", ["姓名", "门牌", "幢", "室"], ["张三", "新华路1号", "3", 101]
    )
    sheet = xlsx_import.read_sheet(path)
    data = tmp_path / "data"
    mapping, source = xlsx_import.mapping_for(sheet, data_dir=data)
    assert source == "suggested" and "门牌" not in xlsx_import.mapping_as_names(sheet, mapping)
    mine = xlsx_import.mapping_from_names(
        sheet, {"姓名": "户主姓名", "门牌": "address", "幢": "楼栋", "D": "room"}
    )
    saved = xlsx_import.save_mapping(sheet, mine, data)
    assert saved.parent == data / "xlsx-mappings"
    body = json.loads(saved.read_text(encoding="utf-8"))
    assert body["columns"] == {
        "姓名": "head_name",
        "门牌": "address",
        "幢": "building",
        "室": "room",
    }
    # Another file with the same header layout maps itself.
    other = _plain_sheet(tmp_path / "b.xlsx", ["姓名", "门牌", "幢", "室"], ["李四", "x", "1", "2"])
    again, source = xlsx_import.mapping_for(xlsx_import.read_sheet(other), data_dir=data)
    assert source == "saved" and again == mine
    # A different header is a different layout.
    third = _plain_sheet(tmp_path / "c.xlsx", ["户主", "地址"], ["王五", "y"])
    _, source = xlsx_import.mapping_for(xlsx_import.read_sheet(third), data_dir=data)
    assert source == "suggested"
    # A mapping file written by hand.
    hand = tmp_path / "m.json"
    hand.write_text(
        json.dumps({"columns": {"姓名": "head_name", "门牌": "地址"}}), encoding="utf-8"
    )
    found, source = xlsx_import.mapping_for(sheet, mapping_file=hand, data_dir=data)
    assert source == "file" and found == {0: "head_name", 1: "address"}


@pytest.mark.parametrize(
    ("columns", "code"),
    [
        ({"没有这列": "head_name"}, "xlsx_mapping_unknown_column"),
        ({"姓名": "身高"}, "xlsx_mapping_unknown_field"),
        ({"姓名": "所属项目"}, "xlsx_mapping_unknown_field"),  # the import decides the project
        ({"姓名": "head_name", "门牌": "户主姓名"}, "xlsx_mapping_twice"),
    ],
)
def test_bad_mappings_are_refused(tmp_path: Path, columns: dict[str, str], code: str) -> None:
    path = _plain_sheet(tmp_path / "a.xlsx", ["姓名", "门牌"], ["张三", "新华路1号"])
    sheet = xlsx_import.read_sheet(path)
    with pytest.raises(UserError) as refused:
        xlsx_import.mapping_from_names(sheet, columns)
    assert refused.value.code == code


def test_unreadable_mapping_file_and_incomplete_mapping(demo_set: DemoSet, tmp_path: Path) -> None:
    path = _plain_sheet(tmp_path / "a.xlsx", ["姓名", "门牌"], ["张三", "新华路1号"])
    sheet = xlsx_import.read_sheet(path)
    bad = tmp_path / "m.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(UserError) as refused:
        xlsx_import.read_mapping_file(bad, sheet)
    assert refused.value.code == "xlsx_mapping_unreadable"
    with pytest.raises(UserError) as refused:
        xlsx_import.dry_run(
            demo_set.ws, sheet, {0: "head_name"}, demo_set.project_id("XW-2024-003")
        )
    assert refused.value.code == "xlsx_mapping_incomplete" and "地址" in refused.value.message()


# ---------------------------------------------------------------------------------------------
# malformed files

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def _valid_xlsx() -> bytes:
    book = Workbook()
    book.active.append(["户主姓名", "地址"])
    book.active.append(["张三", "新华路1号"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _flip_inside(data: bytes) -> bytes:
    middle = len(data) // 3
    return data[:middle] + bytes(b ^ 0x5A for b in data[middle : middle + 64]) + data[middle + 64 :]


MALFORMED = {
    "old.xls": (OLE + "Workbook".encode("utf-16-le") + b"\x00" * 200, "xlsx_old_format"),
    "locked.xlsx": (
        OLE + "EncryptionInfo".encode("utf-16-le") + "EncryptedPackage".encode("utf-16-le"),
        "xlsx_encrypted",
    ),
    "truncated.xlsx": (None, "xlsx_broken"),
    "flipped.xlsx": (None, "xlsx_broken"),
    "noise.xlsx": (bytes(range(256)) * 8, "xlsx_broken"),
    "list.csv": ("户主姓名,地址\n张三,新华路1号\n".encode(), "xlsx_not_excel"),
    "scan.pdf": (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "xlsx_not_excel"),
    "letter.xlsx": (_zip({"word/document.xml": b"<w:document/>"}), "xlsx_not_excel"),
    "bad-xml.xlsx": (
        _zip({"[Content_Types].xml": b"<Types", "xl/workbook.xml": b"<workbook><sheets"}),
        "xlsx_broken",
    ),
    "empty.xlsx": (b"", "xlsx_not_excel"),
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_files_are_refused_in_one_sentence(
    demo_set: DemoSet, tmp_path: Path, name: str
) -> None:
    d = demo_set
    content, code = MALFORMED[name]
    if name == "truncated.xlsx":
        valid = _valid_xlsx()
        content = valid[: len(valid) // 2]
    elif name == "flipped.xlsx":
        content = _flip_inside(_valid_xlsx())
    assert content is not None
    path = tmp_path / name
    path.write_bytes(content)
    before = d.state()
    with pytest.raises(UserError) as refused:
        sheet = xlsx_import.read_sheet(path)
        xlsx_import.dry_run(
            d.ws, sheet, xlsx_import.suggest_mapping(sheet), d.project_id("XW-2024-003")
        )
    assert refused.value.code == code
    message = refused.value.message()
    assert "\n" not in message and message.endswith("。") and message.count("。") == 1
    assert name in message
    assert d.state() == before


def test_missing_file_and_sheet_without_header(tmp_path: Path) -> None:
    with pytest.raises(UserError) as refused:
        xlsx_import.read_sheet(tmp_path / "nowhere.xlsx")
    assert refused.value.code == "xlsx_missing"
    book = Workbook()
    book.active["A1"] = "只有一个标题"
    book.save(tmp_path / "title.xlsx")
    with pytest.raises(UserError) as refused:
        xlsx_import.read_sheet(tmp_path / "title.xlsx")
    assert refused.value.code == "xlsx_empty"
    with pytest.raises(UserError) as refused:
        xlsx_import.read_sheet(tmp_path / "title.xlsx", sheet="第二页")
    assert refused.value.code == "xlsx_no_sheet"


def test_refusals_in_english(tmp_path: Path) -> None:
    from domain import i18n

    path = tmp_path / "old.xls"
    path.write_bytes(OLE)
    i18n.set_language("en")
    with pytest.raises(UserError) as refused:
        xlsx_import.read_sheet(path)
    assert refused.value.message() == (
        "“old.xls” is an old Excel (.xls) file; save it as .xlsx in Excel or WPS, then import that."
    )
