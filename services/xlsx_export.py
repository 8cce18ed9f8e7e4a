"""Excel workbooks (.xlsx, openpyxl) of the household list, the request register and the weekly
dispatch figures.

Cells carry their real types — dates as dates, counts and money as numbers, rates as
percentages — so the district office can sort, filter and sum them; ID numbers stay text (an
18-digit number would lose its last digits in Excel). The header row is frozen and columns are
sized to their content. Headers are the record fields' Chinese labels, which is also what
services.xlsx_import recognises, so an exported household list maps itself when read back.

ID and phone numbers are masked unless the caller asks for them in full; every export is an
audit event ("export") naming what was exported and whether numbers were shown in full.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlite_utils
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.properties import PageSetupProperties

from domain.choices import REQUEST_CATEGORIES
from domain.errors import UserError, text
from domain.ids import short_id
from domain.privacy import mask_id_number, mask_phone
from domain.records import ENTITIES, HOUSEHOLD, REQUEST, FieldSpec
from services import documents
from services import requests as rq
from services.figures import Figures, Scope, dispatch_figures
from services.report_data import RegisterFilter, WeeklyTexts
from services.workspace import Workspace
from services.xlsx_files import EXPORT_KINDS, escape_text, save_workbook
from services.xlsx_records import (
    PROJECT_FIELDS,
    RECORD_SHEETS,
    RecordSheet,
    number_header,
    project_sheet_title,
)

KINDS = EXPORT_KINDS
DATE_FORMAT = "yyyy-mm-dd"
MONEY_FORMAT = "#,##0.00"
AREA_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.0%"
MIN_WIDTH, MAX_WIDTH = 6, 60
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
HEADER_FONT = Font(bold=True)
# OWASP "CSV injection": a text starting with one of these could be taken for a formula (or
# become one when the cell is edited); such cells are written as text with Excel's quote prefix.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def zh(code: str, **params: Any) -> str:
    """Documents are Chinese forms whatever the interface language."""
    return text(code, "zh", **params)


@dataclass(frozen=True)
class Exported:
    kind: str
    path: Path
    rows: int
    full_ids: bool


@dataclass(frozen=True)
class Column:
    """One column: its header, how to read its value from a row, and its number format."""

    title: str
    value: Callable[[dict[str, Any]], Any]
    number_format: str | None = None
    text: bool = False  # keep as text even when it looks like a number (IDs, room numbers)


# ---------------------------------------------------------------------------------------------
# Writing


def display_width(value: Any, number_format: str | None = None) -> int:
    """Columns Excel needs for a value: a Chinese character counts two."""
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, float | int | Decimal) and not isinstance(value, bool):
        if number_format == PERCENT_FORMAT:
            return 6
        return len(f"{float(value):,.2f}") if number_format else len(str(value))
    text = str(value)
    longest = max((line for line in text.splitlines()), key=len, default="")
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in longest)


def _cell_value(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


def iso_date(value: Any) -> dt.date | None:
    """A stored ISO date as a date cell (None stays empty)."""
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def text_cell(sheet: WriteOnlyWorksheet, value: str) -> WriteOnlyCell:
    """A cell that shows `value` literally, whatever it starts with (never a formula), control
    characters included (escaped as Excel does, see xlsx_files.escape_text)."""
    cell = WriteOnlyCell(sheet, value=escape_text(value))
    cell.data_type = "s"  # openpyxl would otherwise store "=..." as a live formula
    if value.startswith(FORMULA_TRIGGERS):
        cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    return cell


def print_setup(sheet: WriteOnlyWorksheet, columns: int, rows: int) -> None:
    """Autofilter over the table; A4 landscape, one page wide, the header row on every page."""
    last = get_column_letter(max(columns, 1))
    sheet.auto_filter.ref = f"A1:{last}{rows + 1}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = 9  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as it takes
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = "1:1"


def write_sheet(
    sheet: WriteOnlyWorksheet, columns: Sequence[Column], rows: Iterable[dict[str, Any]]
) -> int:
    """Header, then one line per row; widths fitted; the header frozen; autofilter and print
    setup. Every text cell stays text (see text_cell). Returns the row count."""
    values = [[_cell_value(c.value(row)) for c in columns] for row in rows]
    widths = [display_width(c.title) for c in columns]
    for line in values:
        for i, value in enumerate(line):
            widths[i] = max(widths[i], display_width(value, columns[i].number_format))
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = max(
            MIN_WIDTH, min(MAX_WIDTH, width + 2)
        )
    sheet.freeze_panes = "A2"
    print_setup(sheet, len(columns), len(values))
    header = []
    for c in columns:
        cell = text_cell(sheet, c.title)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        header.append(cell)
    sheet.append(header)
    for line in values:
        out: list[Any] = []
        for column, value in zip(columns, line, strict=True):
            if value is None or value == "":
                out.append(None)
                continue
            if column.text or isinstance(value, str):
                cell = text_cell(sheet, str(value))
            else:
                cell = WriteOnlyCell(sheet, value=value)
            if column.text:
                cell.number_format = "@"
            elif isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
            elif column.number_format and isinstance(value, int | float):
                cell.number_format = column.number_format
            out.append(cell)
        sheet.append(out)
    return len(values)


def _check_out(out: Path) -> Path:
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise UserError("xlsx_not_xlsx_name", path=str(out))
    if not out.parent.is_dir():
        raise UserError("xlsx_cannot_write", path=str(out))
    return out


def _save(book: Workbook, out: Path) -> None:
    """Atomically: a failed or interrupted save leaves no half-written workbook."""
    save_workbook(book, out)


def _log(ws: Workspace, entity: str, target: str, what: str, out: Path, **details: Any) -> None:
    ws.record_event("export", entity, target, document=what, file=out.name, **details)


# ---------------------------------------------------------------------------------------------
# Field values as a spreadsheet wants them


def field_value(spec: FieldSpec, *, full_ids: bool = False) -> Callable[[dict[str, Any]], Any]:
    name = spec.name

    def value(row: dict[str, Any]) -> Any:
        raw = row.get(name)
        if raw is None or raw == "":
            return None
        if spec.kind == "resident_id":
            return raw if full_ids else mask_id_number(str(raw))
        if spec.kind == "phone":
            return raw if full_ids else mask_phone(str(raw))
        if spec.kind == "choice" and spec.options is not None:
            return spec.options.label(str(raw))
        if spec.kind == "choices" and spec.options is not None:
            codes = json.loads(raw) if isinstance(raw, str) else raw
            return "、".join(spec.options.label(str(code)) for code in codes) or None
        if spec.kind == "json":
            return raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False)
        if spec.kind == "bool":
            return "是" if raw else "否"
        if spec.kind == "date":
            return iso_date(raw)
        return raw

    return value


def field_column(spec: FieldSpec, *, full_ids: bool = False) -> Column:
    number_format = {"money": MONEY_FORMAT, "area": AREA_FORMAT}.get(spec.kind)
    text = spec.kind in ("resident_id", "phone", "uscc", "text", "longtext", "json")
    return Column(spec.zh, field_value(spec, full_ids=full_ids), number_format, text=text)


# ---------------------------------------------------------------------------------------------
# Households


HOUSEHOLD_FIELDS = [f for f in HOUSEHOLD.fields if f.name != "project_id"]


def household_columns(
    *, full_ids: bool = False, numbers: dict[str, str] | None = None
) -> list[Column]:
    return [
        Column(zh("xlsx_col_project_code"), lambda r: r.get("project_code"), text=True),
        Column(zh("xlsx_col_project_name"), lambda r: r.get("project_name")),
        *(field_column(f, full_ids=full_ids) for f in HOUSEHOLD_FIELDS),
        Column(zh("xlsx_col_last_visit"), lambda r: iso_date(r.get("last_visit_on"))),
        Column(zh("xlsx_col_next_visit"), lambda r: iso_date(r.get("next_visit_due"))),
        Column(zh("xlsx_col_open_requests"), lambda r: r.get("open_requests") or 0),
        Column(zh("xlsx_col_number"), _number_of(numbers), text=True),
    ]


def _number_of(numbers: dict[str, str] | None, key: str = "id") -> Callable[[dict[str, Any]], Any]:
    def value(row: dict[str, Any]) -> Any:
        record_id = row.get(key)
        if not record_id:
            return None
        if numbers is not None and record_id in numbers:
            return numbers[record_id]
        return short_id(str(record_id)).upper()

    return value


def record_numbers(ids: Iterable[str]) -> dict[str, str]:
    """The 编号 written for each record: its 8 visible characters, or the full id for every
    record of the kind when two share those 8 (a link must name exactly one)."""
    found = list(ids)
    short = {record_id: short_id(record_id).upper() for record_id in found}
    if len(set(short.values())) == len(short):
        return short
    return {record_id: record_id for record_id in found}


def household_rows(ws: Workspace, project_id: str | None = None) -> list[dict[str, Any]]:
    def read(db: sqlite_utils.Database) -> list[dict[str, Any]]:
        sql = (
            "SELECT h.*, p.code AS project_code, p.name AS project_name,"
            " s.last_visit_on, s.next_visit_due, coalesce(s.open_requests, 0) AS open_requests"
            " FROM households h LEFT JOIN projects p ON p.id = h.project_id"
            " LEFT JOIN household_summary s ON s.household_id = h.id WHERE h._deleted = 0"
        )
        args: list[Any] = []
        if project_id:
            sql += " AND h.project_id = ?"
            args.append(project_id)
        return list(db.query(sql + " ORDER BY p.code, h.address, h.id", args))

    return ws.read(read)


def _record_rows(
    ws: Workspace, project_id: str | None, households: set[str]
) -> dict[str, list[dict[str, Any]]]:
    """Every live record of each kind on the record sheets, for the exported households (and,
    for requests and tickets, the project). Ordered by id, which is creation order."""

    def read(db: sqlite_utils.Database) -> dict[str, list[dict[str, Any]]]:
        found: dict[str, list[dict[str, Any]]] = {}
        kept: dict[str, set[str]] = {"household": households}
        for record in RECORD_SHEETS:
            table = ENTITIES[record.entity].table
            rows = list(db.query(f"SELECT * FROM [{table}] WHERE _deleted = 0 ORDER BY id"))
            if project_id is not None:
                rows = [r for r in rows if _belongs(r, record, kept, project_id)]
            found[record.entity] = rows
            kept[record.entity] = {str(r["id"]) for r in rows}
        return found

    return ws.read(read)


def _belongs(
    row: dict[str, Any], record: RecordSheet, kept: dict[str, set[str]], project_id: str
) -> bool:
    for link in record.links:
        value = row.get(link.field)
        if link.target == "project":
            if value == project_id:
                return True
        elif value and value in kept.get(link.target, set()):
            return True
    return False


def record_columns(
    record: RecordSheet,
    numbers: dict[str, dict[str, str]],
    project_codes: dict[str, str],
    *,
    full_ids: bool,
) -> list[Column]:
    columns: list[Column] = []
    if record.numbered:
        columns.append(Column(number_header(), _number_of(numbers[record.entity]), text=True))
    for link in record.links:
        if link.target == "project":
            columns.append(Column(link.header, _code_of(project_codes, link.field), text=True))
        else:
            columns.append(
                Column(link.header, _number_of(numbers[link.target], link.field), text=True)
            )
    columns += [field_column(f, full_ids=full_ids) for f in record.fields]
    return columns


def _code_of(codes: dict[str, str], key: str) -> Callable[[dict[str, Any]], Any]:
    return lambda row: codes.get(str(row.get(key) or ""))


def project_columns() -> list[Column]:
    return [field_column(f) for f in PROJECT_FIELDS]


def export_households(
    ws: Workspace, out: Path, *, project_id: str | None = None, full_ids: bool = False
) -> Exported:
    """The household list, then one sheet per linked record kind (members, visits, requests
    and their progress, house tickets and their uses, flats) and the projects, each row linked
    by the household's 编号: what services.xlsx_import reads back with nothing lost."""
    out = _check_out(out)
    if project_id:
        ws.get("project", project_id)
    rows = household_rows(ws, project_id)
    records = _record_rows(ws, project_id, {str(r["id"]) for r in rows})
    numbers = {"household": record_numbers(str(r["id"]) for r in rows)}
    for entity, found in records.items():
        numbers[entity] = record_numbers(str(r["id"]) for r in found)
    projects = ws.read(
        lambda db: list(db.query("SELECT * FROM projects WHERE _deleted = 0 ORDER BY code"))
    )
    codes = {str(p["id"]): str(p["code"]) for p in projects}
    used = {str(r["project_id"]) for r in rows} | {
        str(r.get("project_id")) for found in records.values() for r in found
    }
    book = Workbook(write_only=True)
    sheet = book.create_sheet(zh("xlsx_sheet_households"))
    count = write_sheet(
        sheet, household_columns(full_ids=full_ids, numbers=numbers["household"]), rows
    )
    for record in RECORD_SHEETS:
        write_sheet(
            book.create_sheet(record.title),
            record_columns(record, numbers, codes, full_ids=full_ids),
            records[record.entity],
        )
    write_sheet(
        book.create_sheet(project_sheet_title()),
        project_columns(),
        [p for p in projects if str(p["id"]) in used or project_id is None],
    )
    _save(book, out)
    entity, target = ("project", project_id) if project_id else ("document", "xlsx_households")
    _log(ws, entity, target, "xlsx_households", out, rows=count, full_ids=full_ids)
    return Exported("households", out, count, full_ids)


# ---------------------------------------------------------------------------------------------
# Request register


def request_columns() -> list[Column]:
    q = {f.name: f for f in REQUEST.fields}
    return [
        Column(zh("xlsx_col_number"), lambda r: short_id(r["id"]).upper(), text=True),
        field_column(q["received_on"]),
        Column(zh("xlsx_col_project_name"), lambda r: r.get("project_name")),
        Column(HOUSEHOLD.field("head_name").zh, lambda r: r.get("head_name")),
        Column(HOUSEHOLD.field("address").zh, lambda r: r.get("address")),
        *(
            field_column(q[name])
            for name in (
                "channel",
                "category",
                "summary",
                "reasonable",
                "level",
                "responsible",
                "deadline",
                "status",
                "closed_on",
                "reply",
                "satisfaction",
            )
        ),
        Column(
            zh("xlsx_col_overdue"),
            lambda r: "是" if r.get("overdue") and r.get("status") != "closed" else "否",
        ),
    ]


def export_requests(
    ws: Workspace,
    out: Path,
    flt: RegisterFilter | None = None,
    *,
    today: dt.date | None = None,
) -> Exported:
    out = _check_out(out)
    flt = flt or RegisterFilter()
    day = today or dt.date.today()
    rows = rq.register(ws, flt.request_filter(day), limit=10_000_000)
    if flt.overdue_only:
        rows = [r for r in rows if r.get("status") != "closed"]
    book = Workbook(write_only=True)
    sheet = book.create_sheet(zh("xlsx_sheet_requests"))
    count = write_sheet(sheet, request_columns(), rows)
    _save(book, out)
    entity, target = (
        ("project", flt.project_id) if flt.project_id else ("document", "xlsx_requests")
    )
    _log(ws, entity, target, "xlsx_requests", out, rows=count, full_ids=False)
    return Exported("requests", out, count, False)


# ---------------------------------------------------------------------------------------------
# Weekly figures

# (Figures attribute, catalogue code, number format); rates are fractions shown as percentages.
FIGURE_COLUMNS: tuple[tuple[str, str, str | None], ...] = (
    ("households_planned", "xlsx_fig_households_planned", None),
    ("households_total", "xlsx_fig_households_total", None),
    ("surveyed", "xlsx_fig_surveyed", None),
    ("survey_rate", "xlsx_fig_survey_rate", PERCENT_FORMAT),
    ("valued", "xlsx_fig_valued", None),
    ("valuation_rate", "xlsx_fig_valuation_rate", PERCENT_FORMAT),
    ("signed", "xlsx_fig_signed", None),
    ("signed_this_week", "xlsx_fig_signed_this_week", None),
    ("signing_rate", "xlsx_fig_signing_rate", PERCENT_FORMAT),
    ("vacated", "xlsx_fig_vacated", None),
    ("vacated_this_week", "xlsx_fig_vacated_this_week", None),
    ("vacating_rate", "xlsx_fig_vacating_rate", PERCENT_FORMAT),
    ("handed_over_today", "xlsx_fig_handed_over_today", None),
    ("handed_over_this_week", "xlsx_fig_handed_over_this_week", None),
    ("handed_over_total", "xlsx_fig_handed_over_total", None),
    ("handed_over_remaining", "xlsx_fig_handed_over_remaining", None),
    ("handover_rate", "xlsx_fig_handover_rate", PERCENT_FORMAT),
    ("demolished", "xlsx_fig_demolished", None),
    ("demolished_area_m2", "xlsx_fig_demolished_area", AREA_FORMAT),
    ("compensation_agreed", "xlsx_fig_compensation_agreed", MONEY_FORMAT),
    ("compensation_paid", "xlsx_fig_compensation_paid", MONEY_FORMAT),
    ("funding_needed", "xlsx_fig_funding_needed", MONEY_FORMAT),
    ("funding_secured", "xlsx_fig_funding_secured", MONEY_FORMAT),
    ("secured_rate", "xlsx_fig_secured_rate", PERCENT_FORMAT),
    ("tickets_issued", "xlsx_fig_tickets_issued", None),
    ("tickets_used", "xlsx_fig_tickets_used", None),
    ("tickets_expiring_30d", "xlsx_fig_tickets_expiring", None),
    ("flats_allocated", "xlsx_fig_flats_allocated", None),
    ("flats_available", "xlsx_fig_flats_available", None),
    ("average_cycle_days", "xlsx_fig_average_cycle", "0.0"),
    ("requests_received", "xlsx_fig_requests_received", None),
    ("requests_received_this_week", "xlsx_fig_requests_this_week", None),
    ("requests_closed", "xlsx_fig_requests_closed", None),
    ("requests_closed_on_time", "xlsx_fig_requests_on_time", None),
    ("requests_overdue", "xlsx_fig_requests_overdue", None),
    ("closure_rate", "xlsx_fig_closure_rate", PERCENT_FORMAT),
    ("on_time_rate", "xlsx_fig_on_time_rate", PERCENT_FORMAT),
)


def _figure_value(name: str) -> Callable[[dict[str, Any]], Any]:
    def value(row: dict[str, Any]) -> Any:
        figures: Figures = row["figures"]
        found = getattr(figures, name)
        return float(found) if isinstance(found, Decimal) else found

    return value


def weekly_columns() -> list[Column]:
    return [
        Column(zh("xlsx_col_week"), lambda r: r["week"]),
        Column(zh("xlsx_col_level"), lambda r: zh(f"xlsx_level_{r['figures'].level}")),
        Column(zh("xlsx_col_name"), lambda r: r["figures"].label),
        Column(zh("xlsx_col_project_code"), lambda r: r["figures"].project_code or None),
        Column(HOUSEHOLD.field("district").zh, lambda r: r["figures"].district or None),
        Column(HOUSEHOLD.field("sub_district").zh, lambda r: r["figures"].sub_district or None),
        *(Column(zh(code), _figure_value(name), fmt) for name, code, fmt in FIGURE_COLUMNS),
    ]


def category_columns() -> list[Column]:
    return [
        Column(zh("xlsx_col_week"), lambda r: r["week"]),
        Column(REQUEST.field("category").zh, lambda r: REQUEST_CATEGORIES.label(r["category"])),
        Column(zh("xlsx_fig_requests_received"), lambda r: r["received"]),
        Column(zh("xlsx_fig_requests_this_week"), lambda r: r["received_this_week"]),
        Column(zh("xlsx_fig_requests_closed"), lambda r: r["closed"]),
        Column(zh("xlsx_fig_requests_overdue"), lambda r: r["overdue"]),
    ]


def export_weekly(
    ws: Workspace,
    out: Path,
    scope: Scope,
    week: str,
    *,
    today: dt.date | None = None,
    texts: WeeklyTexts | None = None,
) -> Exported:
    """Rows per project, then the sub-district and district rollups, then the scope's total; a
    second sheet by request category; a third with the report's three text sections (those
    given, else the ones remembered for the week and scope)."""
    out = _check_out(out)
    if texts is None:
        texts = documents.load_weekly_texts(ws, scope, week)
    figures = dispatch_figures(ws, scope, week, today=today, language="zh")
    blocks: list[Figures] = [
        *figures.by_project,
        *(figures.by_sub_district if len(figures.by_sub_district) > 1 else ()),
        *(figures.by_district if len(figures.by_district) > 1 else ()),
        figures.totals,
    ]
    rows = [{"week": figures.week, "figures": f} for f in blocks]
    book = Workbook(write_only=True)
    count = write_sheet(book.create_sheet(zh("xlsx_sheet_weekly")), weekly_columns(), rows)
    write_sheet(
        book.create_sheet(zh("xlsx_sheet_categories")),
        category_columns(),
        [
            {
                "week": figures.week,
                "category": c.category,
                "received": c.received,
                "received_this_week": c.received_this_week,
                "closed": c.closed,
                "overdue": c.overdue,
            }
            for c in figures.requests_by_category
        ],
    )
    write_sheet(
        book.create_sheet(zh("xlsx_sheet_texts")),
        [
            Column(zh("xlsx_col_week"), lambda r: figures.week),
            Column(zh("xlsx_col_section"), lambda r: r["section"]),
            Column(zh("xlsx_col_text"), lambda r: r["text"] or None, text=True),
        ],
        [
            {"section": zh("xlsx_text_done"), "text": texts.done},
            {"section": zh("xlsx_text_plan"), "text": texts.plan},
            {"section": zh("xlsx_text_difficulties"), "text": texts.difficulties},
        ],
    )
    _save(book, out)
    if scope.kind == "project" and scope.value:
        entity, target = "project", scope.value
    else:
        entity, target = "document", f"xlsx_weekly:{scope.kind}:{scope.value or ''}"[:64]
    _log(ws, entity, target, "xlsx_weekly", out, rows=count, week=figures.week, full_ids=False)
    return Exported("weekly", out, count, False)
