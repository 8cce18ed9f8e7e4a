"""The sheets of a full household workbook beside the household list: which record kind each
holds and how its rows link to others. Export writes them and import reads them back from this
one table, so the two cannot drift apart.

Links are written as the linked record's 编号 (the 8 characters people see, or the full id when
two records of a kind share those 8), projects by their 项目编号. Every other field of the record
kind is a column headed by its Chinese label.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.errors import text
from domain.records import ENTITIES, PROJECT, EntitySpec, FieldSpec


@dataclass(frozen=True)
class Link:
    field: str  # the ref field, e.g. "household_id"
    header_code: str  # catalogue code of its column title
    target: str  # the entity it points to

    @property
    def header(self) -> str:
        return text(self.header_code, "zh")


@dataclass(frozen=True)
class RecordSheet:
    entity: str
    sheet_code: str
    links: tuple[Link, ...]
    numbered: bool  # has its own 编号 column (other sheets link to it)

    @property
    def title(self) -> str:
        return text(self.sheet_code, "zh")

    @property
    def spec(self) -> EntitySpec:
        return ENTITIES[self.entity]

    @property
    def fields(self) -> tuple[FieldSpec, ...]:
        linked = {link.field for link in self.links}
        return tuple(f for f in self.spec.fields if f.name not in linked)


HOUSEHOLD_LINK = Link("household_id", "xlsx_col_household_number", "household")
PROJECT_LINK = Link("project_id", "xlsx_col_project_code", "project")

# In dependency order: a sheet links only to sheets above it (and to households).
RECORD_SHEETS: tuple[RecordSheet, ...] = (
    RecordSheet("member", "xlsx_sheet_members", (HOUSEHOLD_LINK,), False),
    RecordSheet("visit", "xlsx_sheet_visits", (HOUSEHOLD_LINK,), False),
    RecordSheet("request", "xlsx_sheet_request_records", (HOUSEHOLD_LINK, PROJECT_LINK), True),
    RecordSheet(
        "request_progress",
        "xlsx_sheet_progress",
        (Link("request_id", "xlsx_col_request_number", "request"),),
        False,
    ),
    RecordSheet("house_ticket", "xlsx_sheet_tickets", (HOUSEHOLD_LINK, PROJECT_LINK), True),
    RecordSheet(
        "ticket_use",
        "xlsx_sheet_ticket_uses",
        (Link("ticket_id", "xlsx_col_ticket_record", "house_ticket"),),
        False,
    ),
    RecordSheet("flat", "xlsx_sheet_flats", (HOUSEHOLD_LINK,), False),
)

PROJECT_FIELDS: tuple[FieldSpec, ...] = PROJECT.fields


def number_header() -> str:
    return text("xlsx_col_number", "zh")


def project_sheet_title() -> str:
    return text("xlsx_sheet_projects", "zh")
