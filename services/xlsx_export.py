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
import os
import secrets
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

from domain.choices import REQUEST_CATEGORIES
from domain.errors import UserError, text
from domain.ids import short_id
from domain.privacy import mask_id_number, mask_phone
from domain.records import HOUSEHOLD, REQUEST, FieldSpec
from services import requests as rq
from services.figures import Figures, Scope, dispatch_figures
from services.report_data import RegisterFilter
from services.workspace import Workspace

KINDS = ("households", "requests", "weekly")
DATE_FORMAT = "yyyy-mm-dd"
MONEY_FORMAT = "#,##0.00"
AREA_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.0%"
MIN_WIDTH, MAX_WIDTH = 6, 60
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
HEADER_FONT = Font(bold=True)


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


def write_sheet(
    sheet: WriteOnlyWorksheet, columns: Sequence[Column], rows: Iterable[dict[str, Any]]
) -> int:
    """Header, then one line per row; widths fitted; the header frozen. Returns the row count."""
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
    header = []
    for c in columns:
        cell = WriteOnlyCell(sheet, value=c.title)
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
            cell = WriteOnlyCell(sheet, value=str(value) if column.text else value)
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
    tmp = out.with_name(f".{out.stem}.{secrets.token_hex(4)}.part.xlsx")
    try:
        book.save(tmp)
        os.replace(tmp, out)
    except OSError as exc:
        raise UserError("xlsx_cannot_write", path=str(out)) from exc
    finally:
        tmp.unlink(missing_ok=True)


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
        if spec.kind == "bool":
            return "是" if raw else "否"
        if spec.kind == "date":
            return iso_date(raw)
        return raw

    return value


def field_column(spec: FieldSpec, *, full_ids: bool = False) -> Column:
    number_format = {"money": MONEY_FORMAT, "area": AREA_FORMAT}.get(spec.kind)
    text = spec.kind in ("resident_id", "phone", "uscc", "text")
    return Column(spec.zh, field_value(spec, full_ids=full_ids), number_format, text=text)


# ---------------------------------------------------------------------------------------------
# Households


HOUSEHOLD_FIELDS = [f for f in HOUSEHOLD.fields if f.name != "project_id"]


def household_columns(*, full_ids: bool = False) -> list[Column]:
    return [
        Column(zh("xlsx_col_project_code"), lambda r: r.get("project_code")),
        Column(zh("xlsx_col_project_name"), lambda r: r.get("project_name")),
        *(field_column(f, full_ids=full_ids) for f in HOUSEHOLD_FIELDS),
        Column(zh("xlsx_col_last_visit"), lambda r: iso_date(r.get("last_visit_on"))),
        Column(zh("xlsx_col_next_visit"), lambda r: iso_date(r.get("next_visit_due"))),
        Column(zh("xlsx_col_open_requests"), lambda r: r.get("open_requests") or 0),
        Column(zh("xlsx_col_number"), lambda r: short_id(r["id"]).upper(), text=True),
    ]


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


def export_households(
    ws: Workspace, out: Path, *, project_id: str | None = None, full_ids: bool = False
) -> Exported:
    out = _check_out(out)
    if project_id:
        ws.get("project", project_id)
    rows = household_rows(ws, project_id)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(zh("xlsx_sheet_households"))
    count = write_sheet(sheet, household_columns(full_ids=full_ids), rows)
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
        Column(
            zh("xlsx_col_household"),
            lambda r: " ".join(str(x) for x in (r.get("head_name"), r.get("address")) if x),
        ),
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
) -> Exported:
    """Rows per project, then the sub-district and district rollups, then the scope's total."""
    out = _check_out(out)
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
    _save(book, out)
    if scope.kind == "project" and scope.value:
        entity, target = "project", scope.value
    else:
        entity, target = "document", f"xlsx_weekly:{scope.kind}:{scope.value or ''}"[:64]
    _log(ws, entity, target, "xlsx_weekly", out, rows=count, week=figures.week, full_ids=False)
    return Exported("weekly", out, count, False)
