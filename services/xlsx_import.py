"""Importing a household list from an Excel sheet (.xlsx): the district's list, or this
program's own export with every record kind.

1. `read_sheet(path)` opens the workbook (after services.xlsx_files.check_package refused zip
   bombs, old .xls, password-protected, damaged or non-Excel files in one sentence) and reads the
   first VISIBLE worksheet with data (hidden sheets only when named). It finds the header —
   below a title line, and two rows deep when a merged group title (房屋情况) stands over the
   real headers (房屋地址, 面积) — and leaves out blank rows and 合计/小计 rows.
2. The person maps columns to household fields. `suggest_mapping` proposes one from the
   headers (field labels and the usual synonyms); a mapping is remembered in the data
   directory per header signature (`save_mapping` / `saved_mapping`), so the same sheet layout
   maps itself next time. A mapping file written by hand (`read_mapping_file`) names columns by
   header text (or column letter) and fields by code or label. 项目编号 is a column too: rows
   go to the project it names (or are refused when it is not the project imported into).
3. `dry_run` checks every row with the same rules as typed input (domain.validation: the ID
   check digit, dates, numbers, choices) after reading what spreadsheets hold (date serials
   such as 46335, units such as "96.4㎡"), plus the import's own: an address (or building/unit/
   room to make one from), a head of household, and no duplicate — a duplicate is the same
   address (and enterprise) in the same project, in the database or earlier in the sheet; the
   same owner with a second house is not one. Without a 状态 column the state follows from the
   dates (services.households.state_from_dates). A workbook this program exported also carries
   sheets of members, visits, requests, tickets, flats and projects linked by the household's
   编号 (services.xlsx_records); their rows are checked too. Nothing is written.
4. `import_households` re-checks and writes what has no problems — projects the database lacks,
   households, members (or each head as a member), linked records and the audit event — as ONE
   commit through the op log: all or nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import secrets
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import sqlite_utils
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import from_excel

from domain.errors import Label, UserError
from domain.file_names import readable_name
from domain.ids import uuid7
from domain.messages import MESSAGES
from domain.privacy import STAR
from domain.records import ENTITIES, HOUSEHOLD, FieldSpec
from domain.validation import FieldChecker, RecordChecker, coerce
from services import paths
from services.households import compose_address, state_from_dates
from services.workspace import Workspace
from services.xlsx_files import check_package, unescape_text, unsafe_xml
from services.xlsx_records import (
    PROJECT_FIELDS,
    RECORD_SHEETS,
    RecordSheet,
    number_header,
    project_sheet_title,
)
from storage.atomic import discard
from storage.gcpause import paused_gc
from storage.oplog import Draft

# progress(done, total) while checking rows; returning False stops before anything is written.
ProgressFn = Callable[[int, int], bool | None]

MAPPINGS_DIR = "xlsx-mappings"
HEADER_SCAN_ROWS = 20
MAX_COLUMNS = 256  # a household list never has more; a hostile <dimension> cannot widen rows
# A row whose label cell says 合计 (total) or 小计 (subtotal) sums the rows above: not a household.
TOTALS = re.compile(r"(总合计|合计|小计|总计|共计)([:：].{0,40})?")
SERIAL_FIRST, SERIAL_LAST = 367, 73415  # Excel date serials of 1901-01-01 … 2100-12-31
UNITS = {
    "area": re.compile(r"(.*?)(㎡|m²|m2|平方米|平米|平方)", re.IGNORECASE),
    "money": re.compile(r"(.*?)(万元|万|元|圆)"),
}

# The project a row belongs to, named by its code (an import-only column, not a household field).
PROJECT_CODE = FieldSpec("project_code", "项目编号", "project code", max_len=40)

# Fields a sheet may fill: the project comes from the import (or the 项目编号 column); the state
# may be given (an export read back) or follows from the dates.
IMPORTABLE: tuple[FieldSpec, ...] = (
    *(
        f
        for f in HOUSEHOLD.fields
        if f.name != "project_id" and (f.name == "state" or not f.managed)
    ),
    PROJECT_CODE,
)
_BY_NAME = {f.name: f for f in IMPORTABLE}

# Header words seen in district sheets, beside the fields' own labels.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "head_name": (
        "户主",
        "姓名",
        "被征收人",
        "被征收人姓名",
        "产权人",
        "产权人姓名",
        "权利人",
        "户名",
        "户主名称",
    ),
    "head_id_number": (
        "身份证号",
        "身份证号码",
        "公民身份号码",
        "证件号码",
        "被征收人身份证号",
        "户主身份证号码",
        "产权人身份证号",
    ),
    "phone": ("电话", "手机", "手机号", "手机号码", "联系方式", "联系电话号码"),
    "address": ("房屋地址", "房屋坐落", "坐落", "住址", "门牌号", "房屋座落", "座落", "房屋位置"),
    "building": ("栋", "幢", "楼号", "栋号", "幢号"),
    "unit": ("单元号",),
    "room": ("室", "室号", "房间号", "户号"),
    "registered_area": (
        "证载面积",
        "产权面积",
        "建筑面积",
        "权证面积",
        "登记面积",
        "面积",
        "房屋面积",
    ),
    "measured_area": ("测绘面积", "实测面积"),
    "enterprise_name": ("单位名称", "企业"),
    "uscc": ("信用代码", "社会信用代码"),
    "approved_use": ("证载用途", "规划用途", "用途"),
    "actual_use": ("实际用途",),
    "attitude": ("意向", "签约意向"),
    "state": ("当前状态", "进度", "工作进度"),
    "signed_on": ("签约时间", "签订日期", "协议签订日期"),
    "vacated_on": ("腾空时间", "搬迁日期"),
    "handed_over_on": ("交房时间", "交钥匙日期"),
    "valued_on": ("评估日期",),
    "caseworker": ("经办人", "包户人员", "包户干部"),
    "notes": ("备注", "说明"),
}


def field_label(spec: FieldSpec, language: str) -> str:
    return spec.zh if language == "zh" else spec.en


def _norm(text: str) -> str:
    """Compare headers the way a person reads them: full-width folded, no spaces, lower case."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def _bare(text: str) -> str:
    return re.sub(r"\(.*?\)", "", _norm(text))


_LABELS: dict[str, str] = {}
for _f in IMPORTABLE:
    for _text in (_f.zh, _f.en, _bare(_f.zh), _bare(_f.en), _f.name):
        _LABELS.setdefault(_norm(_text), _f.name)
for _name, _words in SYNONYMS.items():
    for _word in _words:
        _LABELS.setdefault(_norm(_word), _name)


def field_for_header(header: str) -> str | None:
    """The field a header names (by label, code or a common synonym), or None."""
    key = _norm(header)
    return _LABELS.get(key) or _LABELS.get(_bare(header))


def importable_field(text: str) -> FieldSpec | None:
    """A field named by its code, label or a synonym (what a mapping file may say)."""
    name = field_for_header(text)
    return _BY_NAME.get(name) if name else None


# ---------------------------------------------------------------------------------------------
# Reading the workbook

Rows = tuple[tuple[int, tuple[Any, ...]], ...]  # (Excel row number, cell values)


@dataclass(frozen=True)
class Sheet:
    """The data of one worksheet: its header and the rows under it (Excel row numbers)."""

    path: Path
    sheet_name: str
    sheet_names: tuple[str, ...]  # the visible sheets (the ones a person can choose)
    header_row: int  # 1-based, as Excel shows it (the lower row of a two-row header)
    headers: tuple[str, ...]  # unique, never empty ("F列" for a blank header cell)
    rows: Rows
    totals_skipped: int = 0  # 合计/小计 rows left out
    # A workbook this program exported: its record sheets (by entity) and project sheet.
    linked: tuple[tuple[str, Sheet], ...] = ()
    projects: Sheet | None = None

    @property
    def name(self) -> str:
        """The file's name as text (a name in GBK bytes as the Chinese it stands for)."""
        return readable_name(self.path.name)

    @property
    def signature(self) -> str:
        """Same header texts in the same order → same signature (the remembered mapping)."""
        text = "\x1f".join(_norm(h) for h in self.headers)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    def column(self, key: str) -> int:
        """A column by header text, or by letter (A, B, … AA)."""
        wanted = key.strip()
        for i, header in enumerate(self.headers):
            if header == wanted:
                return i
        for i, header in enumerate(self.headers):
            if _norm(header) == _norm(wanted):
                return i
        if re.fullmatch(r"[A-Za-z]{1,3}", wanted):
            index = int(column_index_from_string(wanted.upper())) - 1
            if index < len(self.headers):
                return index
        raise UserError("xlsx_mapping_unknown_column", column=key)


def read_sheet(path: Path, *, sheet: str | None = None) -> Sheet:
    """The first visible worksheet with data (or the one named, even hidden), header found."""
    path = Path(path)
    if not path.is_file():
        raise UserError("xlsx_missing", path=str(path))
    check_package(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a malformed package
        code = "xlsx_unsafe_xml" if unsafe_xml(exc) else "xlsx_broken"
        raise UserError(code, name=path.name) from None
    try:
        names = tuple(ws.title for ws in book.worksheets)  # chart sheets hold no rows
        visible = tuple(ws.title for ws in book.worksheets if ws.sheet_state == "visible")
        if sheet is not None and sheet not in names:
            raise UserError("xlsx_no_sheet", name=path.name, sheet=sheet)
        candidates = [sheet] if sheet is not None else list(visible)
        for candidate in candidates:
            found = _with_header(path, candidate, visible, _rows(book, candidate, path.name))
            if found is not None:
                return _with_linked(book, found)
        if sheet is None:
            hidden = [
                n
                for n in names
                if n not in visible and _with_header(path, n, visible, _rows(book, n, path.name))
            ]
            if hidden:
                raise UserError("xlsx_only_hidden", name=path.name, sheets="、".join(hidden))
    finally:
        book.close()
    raise UserError("xlsx_empty", name=path.name)


def _rows(book: Any, sheet_name: str, file_name: str) -> list[tuple[int, tuple[Any, ...]]]:
    """The non-blank rows with their Excel numbers, each cut after its last filled cell."""
    found: list[tuple[int, tuple[Any, ...]]] = []
    try:
        worksheet = book[sheet_name]
        worksheet.reset_dimensions()  # the declared size may lie; read what is there
        cells: Iterator[tuple[Any, ...]] = worksheet.iter_rows(
            max_col=MAX_COLUMNS, values_only=True
        )
        for number, row in enumerate(cells, start=1):
            last = _last_filled(row)
            if last:
                found.append((number, tuple(_cell(v) for v in row[:last])))
    except Exception as exc:
        code = "xlsx_unsafe_xml" if unsafe_xml(exc) else "xlsx_broken"
        raise UserError(code, name=file_name) from None
    return found


def _cell(value: Any) -> Any:
    return unescape_text(value) if isinstance(value, str) else value


def _last_filled(row: tuple[Any, ...]) -> int:
    # Rows come padded with None to MAX_COLUMNS: the padding's start is found by halving
    # (tuple.count runs in C), then blank text before it is stepped over one cell at a time.
    low, high = 0, len(row)
    while low < high:
        middle = (low + high) // 2
        if row[middle:].count(None) == len(row) - middle:
            high = middle
        else:
            low = middle + 1
    while low and _blank(row[low - 1]):
        low -= 1
    return low


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header_text(value: Any) -> str:
    return "" if _blank(value) else re.sub(r"\s+", " ", str(value)).strip()


def _known(texts: list[str]) -> int:
    return len({name for t in texts if (name := field_for_header(t)) is not None})


def _texts(row: tuple[Any, ...]) -> list[str]:
    return [_header_text(v) if isinstance(v, str) else "" for v in row]


def _two_row(upper: tuple[Any, ...], lower: tuple[Any, ...]) -> list[str]:
    """A merged group title over its columns: the lower row's text, else the upper one's (a
    header merged down over both rows keeps its text in the upper cell)."""
    width = max(len(upper), len(lower))
    texts = []
    for i in range(width):
        below = _header_text(lower[i]) if i < len(lower) and isinstance(lower[i], str) else ""
        above = _header_text(upper[i]) if i < len(upper) and isinstance(upper[i], str) else ""
        texts.append(below or above)
    return texts


def _with_header(
    path: Path, sheet_name: str, names: tuple[str, ...], raw: list[tuple[int, tuple[Any, ...]]]
) -> Sheet | None:
    found = _find_header(raw)
    if found is None:
        return None
    index, texts = found
    header_row = raw[index][0]
    data = raw[index + 1 :]
    kept = [(n, row) for n, row in data if not _is_total(row)]
    width = max([len(texts), *(len(row) for _n, row in kept)])
    width = max(width, 1)
    headers: list[str] = []
    seen: dict[str, int] = {}
    for i in range(width):
        text = (texts[i] if i < len(texts) else "") or f"{get_column_letter(i + 1)}列"
        seen[text] = seen.get(text, 0) + 1
        headers.append(text if seen[text] == 1 else f"{text}({seen[text]})")
    rows = tuple((n, row + (None,) * (width - len(row))) for n, row in kept)
    shown = names if sheet_name in names else (*names, sheet_name)
    return Sheet(
        path,
        sheet_name,
        shown,
        header_row,
        tuple(headers),
        rows,
        totals_skipped=len(data) - len(kept),
    )


def _find_header(raw: list[tuple[int, tuple[Any, ...]]]) -> tuple[int, list[str]] | None:
    """The row (or pair of adjacent rows) naming the most known fields among the first rows;
    else the first row with the most text cells (a title line above the header has one).
    Returns the index of the header's last row and the header texts."""
    scan = raw[:HEADER_SCAN_ROWS]
    best: tuple[int, list[str]] | None = None
    best_score = 0
    for i, (number, row) in enumerate(scan):
        single = _texts(row)
        score = _known(single)
        if score > best_score:
            best, best_score = (i, single), score
        if i + 1 < len(scan) and scan[i + 1][0] == number + 1:
            pair = _two_row(row, scan[i + 1][1])
            pair_score = _known(pair)
            if pair_score > best_score and pair_score > _known(_texts(scan[i + 1][1])):
                best, best_score = (i + 1, pair), pair_score
    if best is not None and best_score >= 2:
        return best
    most, most_texts = None, 0
    for i, (_number, row) in enumerate(scan):
        texts = sum(1 for v in row if isinstance(v, str) and v.strip())
        if texts > most_texts:
            most, most_texts = i, texts
    if most is None or most_texts < 2:
        return None
    return most, _texts(scan[most][1])


def _is_total(row: tuple[Any, ...]) -> bool:
    """A 合计/小计 row: its first few filled cells include such a label (not a household)."""
    filled = [v for v in row if not _blank(v)][:3]
    return any(
        isinstance(v, str)
        and TOTALS.fullmatch(re.sub(r"\s+", "", unicodedata.normalize("NFKC", v)))
        for v in filled
    )


def _plain_sheet(path: Path, name: str, raw: list[tuple[int, tuple[Any, ...]]]) -> Sheet | None:
    """A sheet this program wrote: the header is its first row, every other row is data."""
    if not raw:
        return None
    header_row, header = raw[0]
    width = max(len(row) for _n, row in raw)
    headers = tuple(_header_text(v) for v in header + (None,) * (width - len(header)))
    rows = tuple((n, row + (None,) * (width - len(row))) for n, row in raw[1:])
    return Sheet(path, name, (name,), header_row, headers, rows)


def _with_linked(book: Any, sheet: Sheet) -> Sheet:
    """For this program's own export (编号 and 项目编号 columns), its record and project sheets."""
    if number_header() not in sheet.headers or PROJECT_CODE.zh not in sheet.headers:
        return sheet
    names = set(book.sheetnames)
    linked: list[tuple[str, Sheet]] = []
    for record in RECORD_SHEETS:
        if record.title in names:
            found = _plain_sheet(sheet.path, record.title, _rows(book, record.title, sheet.name))
            if found is not None:
                linked.append((record.entity, found))
    projects = None
    if project_sheet_title() in names:
        title = project_sheet_title()
        projects = _plain_sheet(sheet.path, title, _rows(book, title, sheet.name))
    return replace(sheet, linked=tuple(linked), projects=projects)


# ---------------------------------------------------------------------------------------------
# The column mapping: column index -> field name


ColumnMap = dict[int, str]


def suggest_mapping(sheet: Sheet) -> ColumnMap:
    """Columns whose header names a field; each field from its first such column."""
    mapping: ColumnMap = {}
    taken: set[str] = set()
    for i, header in enumerate(sheet.headers):
        name = field_for_header(header)
        if name and name not in taken:
            mapping[i] = name
            taken.add(name)
    return mapping


def check_mapping(sheet: Sheet, mapping: Mapping[int, str]) -> ColumnMap:
    """A mapping with known columns and importable fields, each field from one column."""
    checked: ColumnMap = {}
    by_field: dict[str, int] = {}
    for index, name in sorted(mapping.items()):
        if not 0 <= index < len(sheet.headers):
            raise UserError("xlsx_mapping_unknown_column", column=str(index + 1))
        if name not in _BY_NAME:
            raise UserError(
                "xlsx_mapping_unknown_field", column=sheet.headers[index], field=str(name)
            )
        if name in by_field:
            spec = _BY_NAME[name]
            raise UserError(
                "xlsx_mapping_twice",
                field=Label(spec.zh, spec.en),
                first=sheet.headers[by_field[name]],
                second=sheet.headers[index],
            )
        by_field[name] = index
        checked[index] = name
    return checked


def require_complete(mapping: Mapping[int, str]) -> None:
    """An import needs a head of household and an address (or building/room to make one)."""
    names = set(mapping.values())
    missing = []
    if not names & {"head_name", "enterprise_name"}:
        missing.append(Label("“户主姓名”", "“head of household”"))
    if not names & {"address", "building", "room"}:
        missing.append(Label("“地址”", "“address”"))
    if missing:
        joined = Label("和".join(m.zh for m in missing), " and ".join(m.en for m in missing))
        raise UserError("xlsx_mapping_incomplete", fields=joined)


def mapping_from_names(sheet: Sheet, columns: Mapping[str, Any]) -> ColumnMap:
    """{header text or column letter: field code, label or synonym (empty: skip)}."""
    mapping: ColumnMap = {}
    for key, value in columns.items():
        index = sheet.column(str(key))
        if value in (None, ""):
            continue
        spec = importable_field(str(value))
        if spec is None:
            raise UserError("xlsx_mapping_unknown_field", column=str(key), field=str(value))
        if index in mapping:
            continue
        mapping[index] = spec.name
    return check_mapping(sheet, mapping)


def mapping_as_names(sheet: Sheet, mapping: Mapping[int, str]) -> dict[str, str]:
    return {sheet.headers[i]: name for i, name in sorted(mapping.items())}


def mapping_path(sheet: Sheet, data_dir: Path | None = None) -> Path:
    return (data_dir or paths.data_dir()) / MAPPINGS_DIR / f"{sheet.signature}.json"


MAX_MAPPING_BYTES = 1024 * 1024  # a column mapping is a few lines of JSON


def read_mapping_file(path: Path, sheet: Sheet) -> ColumnMap:
    try:
        with open(path, "rb") as handle:  # to the limit only: /dev/zero never ends
            raw = handle.read(MAX_MAPPING_BYTES + 1)
        if len(raw) > MAX_MAPPING_BYTES:
            raise UserError("xlsx_mapping_unreadable", path=str(path))
        data = json.loads(raw.decode("utf-8"))
    except FileNotFoundError:
        raise UserError("xlsx_missing", path=str(path)) from None
    except (OSError, ValueError):
        raise UserError("xlsx_mapping_unreadable", path=str(path)) from None
    columns = data.get("columns") if isinstance(data, dict) else None
    if not isinstance(columns, dict):
        raise UserError("xlsx_mapping_unreadable", path=str(path))
    return mapping_from_names(sheet, columns)


def saved_mapping(sheet: Sheet, data_dir: Path | None = None) -> ColumnMap | None:
    """The mapping remembered for this header layout, if any (and still valid)."""
    path = mapping_path(sheet, data_dir)
    if not path.is_file():
        return None
    try:
        return read_mapping_file(path, sheet)
    except UserError:
        return None  # a stale or damaged remembered mapping: start again from a suggestion


def save_mapping(sheet: Sheet, mapping: Mapping[int, str], data_dir: Path | None = None) -> Path:
    """Remember the mapping for sheets with this header (JSON a person can read and edit)."""
    path = mapping_path(sheet, data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    body = {
        "signature": sheet.signature,
        "example_file": sheet.name,
        "sheet": sheet.sheet_name,
        "headers": list(sheet.headers),
        "columns": mapping_as_names(sheet, mapping),
        "saved": dt.datetime.now().isoformat(timespec="seconds"),
    }
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    try:
        tmp.write_text(json.dumps(body, ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(tmp, path)
    finally:
        discard(tmp)
    return path


def mapping_for(
    sheet: Sheet, *, mapping_file: Path | None = None, data_dir: Path | None = None
) -> tuple[ColumnMap, str]:
    """The mapping to use and where it came from: "file", "saved" or "suggested"."""
    if mapping_file is not None:
        return read_mapping_file(mapping_file, sheet), "file"
    remembered = saved_mapping(sheet, data_dir)
    if remembered is not None:
        return remembered, "saved"
    return suggest_mapping(sheet), "suggested"


# ---------------------------------------------------------------------------------------------
# Checking rows


@dataclass(frozen=True)
class RowResult:
    row: int  # Excel row number
    values: dict[str, Any]  # checked values (fields whose cell failed are left out)
    problems: tuple[str, ...] = ()  # sentences in the current language
    duplicate: bool = False
    project_id: str | None = None
    number: str | None = None  # the row's 编号 in a workbook this program exported
    record_id: str = field(default_factory=uuid7)  # the id it is written with

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def label(self) -> str:
        return " ".join(str(self.values[k]) for k in ("head_name", "address") if self.values.get(k))


@dataclass(frozen=True)
class LinkedRow:
    """A row of a record sheet (members, visits, …) of a workbook this program exported."""

    entity: str
    sheet: str
    row: int
    record_id: str
    values: dict[str, Any]
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class ImportPlan:
    sheet: Sheet
    project_id: str | None  # None: each row's project from its 项目编号
    mapping: ColumnMap
    rows: tuple[RowResult, ...]
    cancelled: bool = False
    linked: tuple[LinkedRow, ...] = ()
    new_projects: tuple[tuple[str, dict[str, Any]], ...] = ()  # (id, values) to create

    @property
    def ok_rows(self) -> list[RowResult]:
        return [r for r in self.rows if r.ok]

    @property
    def problem_rows(self) -> list[RowResult]:
        return [r for r in self.rows if not r.ok]

    @property
    def duplicates(self) -> int:
        return sum(1 for r in self.rows if r.duplicate)

    @property
    def linked_problems(self) -> list[LinkedRow]:
        return [r for r in self.linked if not r.ok]

    def problem_lines(self) -> list[str]:
        """Every problem as a sentence naming its row (and sheet, for a record sheet)."""
        lines = [
            UserError("xlsx_row_problem", row=r.row, problem=problem).message()
            for r in self.problem_rows
            for problem in r.problems
        ]
        lines += [
            UserError("xlsx_linked_problem", sheet=r.sheet, row=r.row, problem=problem).message()
            for r in self.linked_problems
            for problem in r.problems
        ]
        return lines


@dataclass(frozen=True)
class ImportResult:
    plan: ImportPlan
    household_ids: tuple[str, ...] = field(default_factory=tuple)
    records: dict[str, int] = field(default_factory=dict)  # linked records written per entity

    @property
    def imported(self) -> int:
        return len(self.household_ids)

    @property
    def skipped(self) -> int:
        return len(self.plan.problem_rows)


class NothingToImport(UserError):
    """No row can be imported; carries the plan so the reasons can be listed."""

    def __init__(self, plan: ImportPlan) -> None:
        super().__init__("xlsx_nothing_to_import_listed", name=plan.sheet.name, rows=len(plan.rows))
        self.plan = plan


@dataclass
class _Known:
    by_address: dict[tuple[str, str], tuple[str, str]]  # (project, address key) -> label
    projects: dict[str, tuple[str, str]]  # code -> (id, name)


def _address_key(text: str) -> str:
    return re.sub(r"[\s\-－—]+", "", unicodedata.normalize("NFKC", text))


def duplicate_key(values: Mapping[str, Any]) -> str | None:
    """Same address in the same project is one household; two enterprises at one address
    (by credit code, else name) are two."""
    address = values.get("address")
    if not address:
        return None
    enterprise = values.get("uscc") or _norm(str(values.get("enterprise_name") or ""))
    return f"{_address_key(str(address))}|{enterprise}"


def _known_records(ws: Workspace) -> _Known:
    def read(db: sqlite_utils.Database) -> _Known:
        found = _Known({}, {})
        for pid, code, name in db.conn.execute(
            "SELECT id, code, name FROM projects WHERE _deleted = 0"
        ):
            found.projects.setdefault(_norm(str(code)), (str(pid), str(name)))
        homes = db.conn.execute(
            "SELECT h.head_name, h.address, h.uscc, h.enterprise_name, h.project_id, p.name"
            " FROM households h LEFT JOIN projects p ON p.id = h.project_id"
            " WHERE h._deleted = 0"
        )
        for head, address, uscc, enterprise, pid, project in homes:
            key = duplicate_key({"address": address, "uscc": uscc, "enterprise_name": enterprise})
            if key:
                where = (f"{head or ''} {address or ''}".strip(), str(project or ""))
                found.by_address.setdefault((str(pid), key), where)
        return found

    return ws.read(read)


def _row_problem(message_code: str, **params: Any) -> str:
    return UserError(message_code, **params).message()


def dry_run(
    ws: Workspace,
    sheet: Sheet,
    mapping: Mapping[int, str],
    project_id: str | None,
    *,
    progress: ProgressFn | None = None,
) -> ImportPlan:
    """Check every row; write nothing."""
    checked_map = check_mapping(sheet, mapping)
    require_complete(checked_map)
    target = ws.get("project", project_id) if project_id else None
    if target is None and "project_code" not in checked_map.values():
        raise UserError("xlsx_project_needed", name=sheet.name)
    known = _known_records(ws)
    new_projects = _workbook_projects(sheet, known) if target is None else {}
    first_seen: dict[tuple[str, str], int] = {}
    results: list[RowResult] = []
    total = len(sheet.rows)
    number_column = sheet.headers.index(number_header()) if sheet.linked else None
    target_id = str(target["id"]) if target else None
    checkers = {name: _checker(_optional(_BY_NAME[name])) for name in checked_map.values()}
    for done, (number, cells) in enumerate(sheet.rows, start=1):
        row = _check_row(
            number, cells, checked_map, checkers, known, first_seen, target, new_projects
        )
        if number_column is not None and number_column < len(cells):
            row = replace(row, number=_link_text(cells[number_column]))
        results.append(row)
        if progress is not None and done % 200 == 0 and progress(done, total) is False:
            return ImportPlan(sheet, target_id, checked_map, tuple(results), cancelled=True)
    if progress is not None:
        progress(total, total)
    linked = _check_linked(sheet, results, known, new_projects)
    creating = tuple(new_projects.values())  # every project the workbook lists, used or not
    return ImportPlan(
        sheet, target_id, checked_map, tuple(results), linked=linked, new_projects=creating
    )


def _workbook_projects(sheet: Sheet, known: _Known) -> dict[str, tuple[str, dict[str, Any]]]:
    """Projects on the workbook's project sheet that the database lacks: code -> (new id,
    values). A project row that does not check is left out (its households are then refused
    as naming an unknown project)."""
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    if sheet.projects is None:
        return found
    labels = {f.zh: f for f in PROJECT_FIELDS}
    for _number, cells in sheet.projects.rows:
        values: dict[str, Any] = {}
        try:
            for header, raw in zip(sheet.projects.headers, cells, strict=False):
                spec = labels.get(header)
                if spec is not None:
                    value = coerce(spec, _spreadsheet_value(spec, raw))
                    if value is not None:
                        values[spec.name] = value
            missing = [f for f in PROJECT_FIELDS if f.required and values.get(f.name) is None]
        except UserError:
            continue
        code = _norm(str(values.get("code") or ""))
        if missing or not code or code in known.projects or code in found:
            continue
        found[code] = (uuid7(), values)
    return found


def _check_row(
    number: int,
    cells: tuple[Any, ...],
    mapping: ColumnMap,
    checkers: dict[str, FieldChecker],
    known: _Known,
    first_seen: dict[tuple[str, str], int],
    target: dict[str, Any] | None,
    new_projects: dict[str, tuple[str, dict[str, Any]]],
) -> RowResult:
    values: dict[str, Any] = {}
    problems: list[str] = []
    failed: set[str] = set()
    for index, name in mapping.items():
        raw = cells[index] if index < len(cells) else None
        spec = _BY_NAME[name]
        if spec.sensitive and isinstance(raw, str) and STAR in raw:
            # A list exported masked: such a number is never stored.
            problems.append(_row_problem("xlsx_masked_value", field=Label(spec.zh, spec.en)))
            failed.add(name)
            continue
        try:
            value = checkers[name](raw)
        except UserError as exc:
            problems.append(exc.message())
            failed.add(name)
            continue
        if value is not None:
            values[name] = value
    if not values.get("head_name") and values.get("enterprise_name"):
        values["head_name"] = values["enterprise_name"]
    if not values.get("address"):
        composed = compose_address(values)
        if composed:
            values["address"] = composed
    if not values.get("head_name") and not failed & {"head_name", "enterprise_name"}:
        problems.append(_row_problem("xlsx_missing_head"))
    if not values.get("address") and "address" not in failed:
        problems.append(_row_problem("xlsx_missing_address"))

    where = _row_project(values.pop("project_code", None), target, known, new_projects)
    project_id = where if isinstance(where, str) else None
    if isinstance(where, Problem):
        problems.append(where.text)

    duplicate = False
    key = duplicate_key(values)
    if key and project_id:
        label = Label(*_both("xlsx_by_address"))
        if (project_id, key) in known.by_address:
            household, project = known.by_address[(project_id, key)]
            problems.insert(
                0,
                _row_problem(
                    "xlsx_duplicate_existing", what=label, household=household, project=project
                ),
            )
            duplicate = True
        elif (project_id, key) in first_seen:
            earlier = first_seen[(project_id, key)]
            problems.insert(0, _row_problem("xlsx_duplicate_in_file", row=earlier, what=label))
            duplicate = True
        else:
            first_seen[(project_id, key)] = number
    return RowResult(number, values, tuple(problems), duplicate, project_id)


@dataclass(frozen=True)
class Problem:
    text: str


def _row_project(
    code: Any,
    target: dict[str, Any] | None,
    known: _Known,
    new_projects: dict[str, tuple[str, dict[str, Any]]],
) -> str | Problem:
    """The project a row goes to: the one imported into (its 项目编号, if any, must name it), or
    the one its 项目编号 names (in the database, or on the workbook's project sheet)."""
    text = str(code).strip() if code is not None else ""
    if target is not None:
        if text and _norm(text) != _norm(str(target["code"])):
            return Problem(
                _row_problem("xlsx_other_project", project_code=text, project=target["code"])
            )
        return str(target["id"])
    if _norm(text) in known.projects:
        return known.projects[_norm(text)][0]
    if _norm(text) in new_projects:
        return new_projects[_norm(text)][0]
    return Problem(_row_problem("xlsx_unknown_project", project_code=text))


def _checker(spec: FieldSpec) -> FieldChecker:
    """coerce of what a spreadsheet cell holds, once per distinct cell value."""
    return FieldChecker(spec, prepare=lambda raw: _spreadsheet_value(spec, raw))


def _spreadsheet_value(spec: FieldSpec, raw: Any) -> Any:
    """What a spreadsheet cell holds, as typed input would say it: a date serial (46335) as a
    date, "96.4㎡" as 96.4, "12.5万元" as 125000."""
    if spec.kind == "date" and isinstance(raw, int | float) and not isinstance(raw, bool):
        if SERIAL_FIRST <= raw <= SERIAL_LAST:
            return from_excel(raw).date()
        return raw
    if spec.kind == "date" and isinstance(raw, str) and re.fullmatch(r"\d{5}", raw.strip()):
        serial = int(raw.strip())
        return from_excel(serial).date() if SERIAL_FIRST <= serial <= SERIAL_LAST else raw
    unit = UNITS.get(spec.kind)
    if unit is not None and isinstance(raw, str):
        match = unit.fullmatch(unicodedata.normalize("NFKC", raw).strip())
        if match:
            number = match.group(1).strip().replace(",", "")
            if match.group(2).startswith("万"):
                try:
                    return str(Decimal(number) * 10000)
                except InvalidOperation:
                    return raw
            return number
    return raw


def _link_text(raw: Any) -> str | None:
    if _blank(raw):
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return str(raw).strip().upper()


def _check_linked(
    sheet: Sheet,
    households: list[RowResult],
    known: _Known,
    new_projects: dict[str, tuple[str, dict[str, Any]]],
) -> tuple[LinkedRow, ...]:
    """Rows of the record sheets, each linked to a record imported in the same run."""
    if not sheet.linked:
        return ()
    ids: dict[str, dict[str, str]] = {"household": {}}
    project_of: dict[str, str] = {}
    for row in households:
        if row.ok and row.number and row.project_id:
            ids["household"][row.number] = row.record_id
            project_of[row.record_id] = row.project_id
    projects = {code: pid for code, (pid, _name) in known.projects.items()}
    projects |= {code: pid for code, (pid, _values) in new_projects.items()}
    found: list[LinkedRow] = []
    sheets = dict(sheet.linked)
    for record in RECORD_SHEETS:
        ids[record.entity] = {}
        linked = sheets.get(record.entity)
        if linked is None:
            continue
        checkers = {f.zh: _checker(f) for f in record.fields}
        for number, cells in linked.rows:
            found.append(
                _check_record(record, linked, number, cells, ids, projects, project_of, checkers)
            )
    return tuple(found)


def _check_record(
    record: RecordSheet,
    sheet: Sheet,
    number: int,
    cells: tuple[Any, ...],
    ids: dict[str, dict[str, str]],
    projects: dict[str, str],
    project_of: dict[str, str],
    checkers: dict[str, FieldChecker],
) -> LinkedRow:
    spec = record.spec
    labels = {f.zh: f for f in record.fields}
    links = {link.header: link for link in record.links}
    values: dict[str, Any] = {}
    problems: list[str] = []
    own: str | None = None
    for header, raw in zip(sheet.headers, cells, strict=False):
        if record.numbered and header == number_header():
            own = _link_text(raw)
            continue
        link = links.get(header)
        if link is not None:
            text = _link_text(raw)
            if text is None:
                continue
            if link.target == "project":
                found = projects.get(_norm(text))
            else:
                found = ids.get(link.target, {}).get(text)
            if found is None:
                what = Label(link.header, link.header)
                problems.append(_row_problem("xlsx_parent_missing", what=what, number=text))
            else:
                values[link.field] = found
            continue
        field_spec = labels.get(header)
        if field_spec is None:
            continue
        if field_spec.sensitive and isinstance(raw, str) and STAR in raw:
            label = Label(field_spec.zh, field_spec.en)
            problems.append(_row_problem("xlsx_masked_value", field=label))
            continue
        try:
            value = checkers[header](raw)
        except UserError as exc:
            problems.append(exc.message())
            continue
        if value is not None:
            values[field_spec.name] = value
    if (
        spec.has_field("project_id")
        and not values.get("project_id")
        and values.get("household_id") in project_of
    ):
        values["project_id"] = project_of[values["household_id"]]
    if not problems:
        for f in spec.fields:
            if f.required and values.get(f.name) is None:
                problems.append(_row_problem("required", field=Label(f.zh, f.en)))
    record_id = uuid7()
    if not problems and own is not None:
        ids[record.entity][own] = record_id
    return LinkedRow(record.entity, sheet.sheet_name, number, record_id, values, tuple(problems))


def _both(code: str) -> tuple[str, str]:
    return MESSAGES[code]["zh"], MESSAGES[code]["en"]


def _optional(spec: FieldSpec) -> FieldSpec:
    """The field without its `required` flag: a missing value is reported by the import's own
    sentence (which knows about composed addresses and enterprise names)."""
    return replace(spec, required=False) if spec.required else spec


# ---------------------------------------------------------------------------------------------
# Writing


def import_households(
    ws: Workspace,
    sheet: Sheet,
    mapping: Mapping[int, str],
    project_id: str | None,
    *,
    progress: ProgressFn | None = None,
) -> ImportResult:
    """Write every row without problems, with its members (or head as a member) and linked
    records, in one commit."""
    # Rows, values and drafts are acyclic, freed by reference counting: the cyclic collector
    # only walked them again and again (686 collections in a 10 000-row import).
    with paused_gc():
        return _import_households(ws, sheet, mapping, project_id, progress)


def _import_households(
    ws: Workspace,
    sheet: Sheet,
    mapping: Mapping[int, str],
    project_id: str | None,
    progress: ProgressFn | None,
) -> ImportResult:
    plan = dry_run(ws, sheet, mapping, project_id, progress=progress)
    if plan.cancelled:
        return ImportResult(plan)
    ok = plan.ok_rows
    if not ok:
        raise NothingToImport(plan)
    profile = ws.profile()
    drafts: list[Draft] = []
    projects: dict[str, dict[str, Any]] = {}
    for pid, values in plan.new_projects:
        drafts.append(Draft("create", "project", pid, None, values))
        projects[pid] = values
    ids: list[str] = []
    with_members = any(entity == "member" for entity, _sheet in sheet.linked)
    # The head's ID number and phone were checked as the household's, by the same kind of
    # check, and a checked value checks as itself: only the member's other fields are checked.
    member_checks = RecordChecker(ENTITIES["member"], passed=frozenset({"id_number", "phone"}))
    for row in ok:
        assert row.project_id is not None
        project = projects.get(row.project_id)
        if project is None:  # read once per project, not once per row
            project = projects[row.project_id] = ws.get("project", row.project_id)
        values = dict(row.values, project_id=row.project_id)
        values.setdefault("state", state_from_dates(values))
        if not sheet.linked:  # this program's own export is written as it is, nothing added
            values.setdefault("district", project["district"])
            values.setdefault("sub_district", project["sub_district"])
            if profile is not None:
                values.setdefault("caseworker", profile.caseworker)
        household_id = row.record_id
        clean = {k: v for k, v in values.items() if v is not None}
        drafts.append(Draft("create", "household", household_id, None, clean))
        if not with_members:
            drafts += _head_member(member_checks, household_id, values)
        ids.append(household_id)
    records: dict[str, int] = {}
    for linked in plan.linked:
        if linked.ok:
            values = {k: v for k, v in linked.values.items() if v is not None}
            drafts.append(Draft("create", linked.entity, linked.record_id, None, values))
            records[linked.entity] = records.get(linked.entity, 0) + 1
    for pid in sorted({r.project_id for r in ok if r.project_id}):
        drafts.append(
            Draft(
                "event",
                "project",
                pid,
                "import",
                {
                    "document": "xlsx_households",
                    "file": sheet.name,
                    "sheet": sheet.sheet_name,
                    "rows": len(plan.rows),
                    "imported": sum(1 for r in ok if r.project_id == pid),
                    "skipped": len(plan.problem_rows),
                    **({"records": records} if records else {}),
                },
            )
        )
    ws.commit_new(drafts)  # every record is new (fresh ids): the bulk path, all or nothing
    return ImportResult(plan, tuple(ids), records)


def _head_member(checks: RecordChecker, household_id: str, values: dict[str, Any]) -> list[Draft]:
    if not values.get("head_name"):
        return []
    relation = "法定代表人" if values.get("enterprise_name") else "户主"
    member: dict[str, Any] = {"name": values["head_name"], "relation": relation}
    if values.get("head_id_number"):
        member["id_number"] = values["head_id_number"]
    if values.get("phone"):
        member["phone"] = values["phone"]
    if not values.get("enterprise_name"):
        member["ownership_role"] = "owner"
    checked = checks.check(member)  # Workspace.validate's checks: no reference among them
    checked["household_id"] = household_id
    return [Draft("create", "member", uuid7(), None, checked)]
