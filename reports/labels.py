"""Labels and value formats shared by the builders, taken from domain.records / domain.choices."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from domain import choices as c
from domain.i18n import heading
from domain.records import EntitySpec
from domain.states import HOUSEHOLD_STATES
from reports import language as document_language
from reports.layout import text
from reports.model import Request

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _zh() -> bool:
    return document_language.current() == "zh"


def of(entity: EntitySpec, name: str) -> str:
    """The label of a record field in the document's language, e.g. of(HOUSEHOLD, "head_name")
    → "户主姓名" (or "Head of household")."""
    spec = entity.field(name)
    return spec.zh if _zh() else heading(spec.en)


def entity_label(entity: EntitySpec) -> str:
    """A kind of record by name, as a label: 住户 / Household."""
    return entity.zh if _zh() else heading(entity.en)


def choice(entity: EntitySpec, name: str, code: str | None) -> str:
    """A choice's name as it stands in a cell or beside its label: 有效 / Active (a capital in
    English, as on the screen)."""
    options = entity.field(name).options
    if code is None:
        return ""
    return (
        heading(options.label(code, document_language.current())) if options is not None else code
    )


def choice_list(entity: EntitySpec, name: str, codes: Iterable[str]) -> str:
    return ("、" if _zh() else ", ").join(choice(entity, name, code) for code in codes)


def state(code: str | None) -> str:
    return heading(HOUSEHOLD_STATES.label(code, document_language.current())) if code else ""


def category(code: str) -> str:
    return heading(c.REQUEST_CATEGORIES.label(code, document_language.current()))


def yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return heading(text("report_yes") if value else text("report_no"))


def usual(value: str | None, words: c.ChoiceList) -> str:
    """A free-text value (a building's use, a relation) standing alone: one of the usual words
    in the document's language with a capital in English, anything else as typed."""
    return c.usual_label(value, words, document_language.current())


def day(value: date | None) -> str:
    """ISO date for tables: 2026-11-26."""
    return value.isoformat() if value else ""


def long_day(value: date | None) -> str:
    """Date for titles and signatures: 2026年11月26日 (in English: 26 November 2026)."""
    if not value:
        return ""
    if _zh():
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"  # not the locale's names


def moment(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


def request_status(request: Request, as_of: date) -> str:
    """Status in words, with the overdue mark (text and symbol, never colour alone)."""
    status = c.REQUEST_STATUSES.label(request.status, document_language.current())
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
