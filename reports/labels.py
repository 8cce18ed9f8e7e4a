"""Labels and value formats shared by the builders, taken from domain.records / domain.choices."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from domain import choices as c
from domain.records import EntitySpec
from domain.states import HOUSEHOLD_STATES
from reports.layout import text
from reports.model import Request


def of(entity: EntitySpec, name: str) -> str:
    """The Chinese label of a record field, e.g. of(HOUSEHOLD, "head_name") → "户主姓名"."""
    return entity.field(name).zh


def choice(entity: EntitySpec, name: str, code: str | None) -> str:
    options = entity.field(name).options
    if code is None:
        return ""
    return options.label(code) if options is not None else code


def choice_list(entity: EntitySpec, name: str, codes: Iterable[str]) -> str:
    return "、".join(choice(entity, name, code) for code in codes)


def state(code: str | None) -> str:
    return HOUSEHOLD_STATES.label(code) if code else ""


def category(code: str) -> str:
    return c.REQUEST_CATEGORIES.label(code)


def yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return text("report_yes") if value else text("report_no")


def day(value: date | None) -> str:
    """ISO date for tables: 2026-11-26."""
    return value.isoformat() if value else ""


def long_day(value: date | None) -> str:
    """Chinese date for titles and signatures: 2026年11月26日."""
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def moment(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


def request_status(request: Request, as_of: date) -> str:
    """Status in words, with the overdue mark (text and symbol, never colour alone)."""
    status = c.REQUEST_STATUSES.label(request.status)
    if request.status == "escalated":
        status = text("report_escalated_mark") + status
    days = request.overdue_days(as_of)
    if days:
        return f"{status}\n{text('report_overdue_mark', days=days)}"
    if request.closed_late:
        return f"{status}\n{text('report_closed_late_mark')}"
    return status


def file_size(size: int | None) -> str:
    if size is None:
        return ""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"
