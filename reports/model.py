"""What each document is made from: plain dataclasses, no database.

Services build these from the store (or tests build them by hand) and hand them to the builders
in reports/. Field names follow domain/records.py, so a row from a materialised table can be
turned into one with `from_row` (unknown columns are ignored, ISO dates parsed). Choice values
stay codes; builders print their labels from domain.choices / domain.states.

The public notice types deliberately have no ID-number or phone field: a notice cannot leak
what it cannot hold.
"""

from __future__ import annotations

import json
import re
import typing
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from domain.errors import UserError

T = TypeVar("T")


def from_row(cls: type[T], row: Mapping[str, Any], **extra: Any) -> T:
    """Build dataclass `cls` from a database row: keep known keys, parse dates and JSON lists."""
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for f in fields(cls):  # type: ignore[arg-type]
        if f.name in extra:
            values[f.name] = extra[f.name]
        elif f.name in row:
            values[f.name] = _coerce(row[f.name], hints[f.name])
    return cls(**values)


def _coerce(value: Any, hint: Any) -> Any:
    if value is None:
        return None
    args = typing.get_args(hint)
    kinds = set(args) if args else {hint}
    if datetime in kinds and isinstance(value, str):
        return datetime.fromisoformat(value)
    if date in kinds and isinstance(value, str):
        return date.fromisoformat(value[:10])
    if bool in kinds and isinstance(value, int):
        return bool(value)
    if typing.get_origin(hint) is tuple and isinstance(value, str):
        return tuple(json.loads(value)) if value.strip().startswith("[") else (value,)
    if typing.get_origin(hint) is tuple and isinstance(value, list):
        return tuple(value)
    return value


# ---------------------------------------------------------------------------------------------
# Records as the documents see them


@dataclass(frozen=True)
class ProjectInfo:
    code: str
    name: str
    district: str = ""
    sub_district: str = ""
    kind: str | None = None  # choices.PROJECT_KINDS
    stage: str | None = None  # choices.PROJECT_STAGES
    origin: str | None = None  # choices.PROJECT_ORIGINS
    plan_year: int | None = None
    households_planned: int | None = None
    area_mu: float | None = None
    area_m2: float | None = None
    funding_needed: float | None = None
    funding_secured: float | None = None
    decision_on: date | None = None
    signing_start: date | None = None
    signing_end: date | None = None
    moving_deadline: date | None = None

    @property
    def label(self) -> str:
        return f"{self.name}（{self.code}）" if self.code else self.name


@dataclass(frozen=True)
class HouseholdInfo:
    address: str
    head_name: str
    id: str = ""  # record id; documents print its short form
    district: str = ""
    sub_district: str = ""
    building: str = ""
    unit: str = ""
    room: str = ""
    head_id_number: str | None = None  # sensitive
    phone: str | None = None  # sensitive
    enterprise_name: str = ""
    uscc: str = ""
    registered_area: float | None = None
    measured_area: float | None = None
    approved_use: str = ""
    actual_use: str = ""
    ownership_dispute: bool = False
    area_dispute: bool = False
    attitude: str | None = None  # choices.ATTITUDES
    state: str | None = None  # states.HOUSEHOLD_STATES
    caseworker: str = ""
    risk_flags: str = ""
    compensation_mode: str | None = None  # choices.COMPENSATION_MODES
    compensation_amount: float | None = None
    compensation_paid: float | None = None
    valued_on: date | None = None
    signed_on: date | None = None
    vacated_on: date | None = None
    handed_over_on: date | None = None
    demolished_on: date | None = None
    housed_on: date | None = None
    notes: str = ""

    @property
    def location(self) -> str:
        """楼栋/单元/房号 as one string, e.g. "12栋 2单元 301室"."""
        parts = []
        if self.building:
            parts.append(
                self.building
                if self.building.endswith(("栋", "幢", "号楼"))
                else f"{self.building}栋"
            )
        if self.unit:
            parts.append(self.unit if self.unit.endswith("单元") else f"{self.unit}单元")
        if self.room:
            parts.append(self.room if self.room.endswith(("室", "号")) else f"{self.room}室")
        return " ".join(parts)

    @property
    def location_missing_from_address(self) -> bool:
        """Whether the address lacks 楼栋/单元/房号 and the location should be printed beside it.
        Addresses are usually typed without spaces ("13栋2单元603室"); `location` has them."""
        location = self.location
        return bool(location) and location.replace(" ", "") not in self.address.replace(" ", "")


@dataclass(frozen=True)
class Member:
    name: str
    relation: str = ""
    id_number: str | None = None  # sensitive
    phone: str | None = None  # sensitive
    ownership_role: str | None = None  # choices.OWNERSHIP_ROLES
    share_pct: float | None = None
    special_groups: tuple[str, ...] = ()  # choices.SPECIAL_GROUPS codes


@dataclass(frozen=True)
class StateChange:
    """One step in a household's state history, from the op log."""

    when: datetime
    who: str
    old: str | None  # None for the first state
    new: str
    note: str = ""


@dataclass(frozen=True)
class Visit:
    visited_on: date
    caseworkers: str
    people_met: str = ""
    explained: str = ""
    concerns: str = ""
    attitude: str | None = None  # choices.ATTITUDES
    next_step: str = ""
    next_visit_due: date | None = None
    attachment_count: int = 0
    id: str = ""  # the record id: its first 8 characters are the sheet's record number


@dataclass(frozen=True)
class ProgressEntry:
    noted_on: date
    text: str


@dataclass(frozen=True)
class Request:
    received_on: date
    category: str  # choices.REQUEST_CATEGORIES
    summary: str
    id: str = ""
    project_id: str = ""
    household_id: str = ""
    household_label: str = ""  # e.g. "章金伟 新华路12号3室"; empty for project-wide requests
    channel: str | None = None  # choices.REQUEST_CHANNELS
    reasonable: str | None = None  # choices.REASONABLENESS
    level: str | None = None  # choices.RESPONSIBLE_LEVELS
    responsible: str = ""
    deadline: date | None = None
    status: str = "open"  # choices.REQUEST_STATUSES
    reply: str = ""
    closed_on: date | None = None
    satisfaction: str | None = None  # choices.SATISFACTION
    progress: tuple[ProgressEntry, ...] = ()

    @property
    def closed(self) -> bool:
        return self.status == "closed"

    def overdue_days(self, as_of: date) -> int:
        """Days past the deadline while still open (0 when on time, closed, or no deadline)."""
        if self.closed or self.deadline is None:
            return 0
        return max(0, (as_of - self.deadline).days)

    def is_overdue(self, as_of: date) -> bool:
        return self.overdue_days(as_of) > 0

    @property
    def closed_late(self) -> bool:
        return bool(
            self.closed and self.deadline and self.closed_on and self.closed_on > self.deadline
        )

    @property
    def closed_on_time(self) -> bool:
        return self.closed and not self.closed_late


@dataclass(frozen=True)
class TicketUse:
    kind: str  # choices.TICKET_USE_KINDS
    used_on: date
    amount: float
    development: str = ""
    contract_number: str = ""
    bonus_pct: float | None = None
    bonus_amount: float | None = None


@dataclass(frozen=True)
class HouseTicket:
    number: str
    face_amount: float
    issued_on: date
    valid_until: date
    transferable: bool = False
    state: str | None = None  # choices.TICKET_STATES
    uses: tuple[TicketUse, ...] = ()

    @property
    def balance(self) -> float:
        return self.face_amount - sum(use.amount for use in self.uses)


@dataclass(frozen=True)
class Flat:
    estate: str
    building: str
    number: str
    unit: str = ""
    floor: int | None = None
    area: float | None = None
    layout: str = ""
    ready: bool = False
    delivery_date: date | None = None
    state: str | None = None  # choices.FLAT_STATES
    district: str = ""

    @property
    def label(self) -> str:
        unit = f"{self.unit}单元" if self.unit else ""
        return f"{self.estate} {self.building}栋{unit}{self.number}室"


@dataclass(frozen=True)
class Attachment:
    name: str
    sha256: str
    size: int | None = None
    mime: str = ""
    record_entity: str = ""  # which kind of record it belongs to (household, visit, ...)


# ---------------------------------------------------------------------------------------------
# Document inputs


@dataclass(frozen=True)
class HouseholdFile:
    """一户一档: everything about one household, for the archive (Art.29)."""

    project: ProjectInfo
    household: HouseholdInfo
    generated_on: date
    members: tuple[Member, ...] = ()
    state_history: tuple[StateChange, ...] = ()
    visits: tuple[Visit, ...] = ()
    requests: tuple[Request, ...] = ()
    tickets: tuple[HouseTicket, ...] = ()
    flats: tuple[Flat, ...] = ()  # resettlement flats allocated to the household
    attachments: tuple[Attachment, ...] = ()
    generated_by: str = ""


@dataclass(frozen=True)
class VisitSheet:
    """入户走访记录表: one recorded visit, a sheet pre-filled for a household, or a blank form."""

    generated_on: date
    project: ProjectInfo | None = None
    household: HouseholdInfo | None = None
    visit: Visit | None = None

    @classmethod
    def blank(cls, generated_on: date, project: ProjectInfo | None = None) -> VisitSheet:
        return cls(generated_on=generated_on, project=project)


@dataclass(frozen=True)
class CategoryCount:
    category: str  # choices.REQUEST_CATEGORIES
    received: int
    closed: int = 0
    overdue: int = 0


@dataclass(frozen=True)
class RequestRegister:
    """诉求台账: a filtered list of requests with its closure figures."""

    scope_label: str  # e.g. a project's name or "新吴区 旺庄街道"
    as_of: date
    rows: tuple[Request, ...]
    filters: str = ""  # the filters in words, e.g. "状态：全部；受理日期：2026-01-01 至今"
    project: ProjectInfo | None = None

    @property
    def received(self) -> int:
        return len(self.rows)

    @property
    def closed(self) -> int:
        return sum(1 for r in self.rows if r.closed)

    @property
    def closed_on_time(self) -> int:
        return sum(1 for r in self.rows if r.closed_on_time)

    @property
    def overdue(self) -> int:
        return sum(1 for r in self.rows if r.is_overdue(self.as_of))

    @property
    def escalated(self) -> int:
        return sum(1 for r in self.rows if r.status == "escalated")

    def by_category(self) -> list[CategoryCount]:
        """Counts per category, in the order of choices.REQUEST_CATEGORIES, empty ones left out."""
        from domain.choices import REQUEST_CATEGORIES

        order = REQUEST_CATEGORIES.codes()
        seen = sorted(
            {r.category for r in self.rows},
            key=lambda c: order.index(c) if c in order else len(order),
        )
        return [
            CategoryCount(
                category=code,
                received=sum(1 for r in self.rows if r.category == code),
                closed=sum(1 for r in self.rows if r.category == code and r.closed),
                overdue=sum(
                    1 for r in self.rows if r.category == code and r.is_overdue(self.as_of)
                ),
            )
            for code in seen
        ]


@dataclass(frozen=True)
class ProjectFigures:
    """One row of the dispatch figures (shared/design/domain.md), for a project.

    Counts are cumulative unless the name says "this_week". Sums (not averages) are carried
    where a rollup must stay exact, e.g. resettlement cycle days.
    """

    project_code: str
    project_name: str
    district: str
    sub_district: str
    households_total: int
    surveyed: int = 0
    valued: int = 0
    signed: int = 0
    vacated: int = 0
    handed_over_this_week: int = 0
    handed_over_total: int = 0
    demolished_area_m2: Decimal | float = 0
    compensation_paid: Decimal | float = 0  # yuan
    funding_needed: Decimal | float = 0
    funding_secured: Decimal | float = 0
    tickets_issued: int = 0
    tickets_used: int = 0
    tickets_expiring_30d: int = 0
    flats_allocated: int = 0
    flats_available: int = 0
    resettled: int = 0  # households housed, counted in the resettlement cycle
    resettlement_days_total: int = 0  # sum over them of days from signing to housed
    requests_received: int = 0
    requests_received_this_week: int = 0
    requests_closed: int = 0
    requests_closed_on_time: int = 0
    requests_overdue: int = 0

    @property
    def handed_over_remaining(self) -> int:
        return max(0, self.households_total - self.handed_over_total)

    @property
    def average_cycle_days(self) -> float | None:
        return self.resettlement_days_total / self.resettled if self.resettled else None

    def plus(self, other: ProjectFigures) -> ProjectFigures:
        """Field-wise sum (labels kept from self); used for sub-district and district rollups."""
        summed = {
            f.name: _add(getattr(self, f.name), getattr(other, f.name))
            for f in fields(self)
            if f.name not in _FIGURE_LABELS
        }
        return replace(self, **summed)

    @classmethod
    def from_mapping(cls, row: Mapping[str, Any]) -> ProjectFigures:
        """From any mapping with the same names (e.g. services' figures as a dict); the
        project name may come as "label"."""
        return from_row(cls, row, project_name=row.get("project_name") or row.get("label", ""))

    @classmethod
    def total(
        cls, rows: list[ProjectFigures], *, name: str, district: str = "", sub_district: str = ""
    ) -> ProjectFigures:
        result = cls(
            project_code="",
            project_name=name,
            district=district,
            sub_district=sub_district,
            households_total=0,
        )
        for row in rows:
            result = result.plus(row)
        return replace(
            result, project_code="", project_name=name, district=district, sub_district=sub_district
        )


_FIGURE_LABELS = ("project_code", "project_name", "district", "sub_district")


def _add(a: Any, b: Any) -> Any:
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        return _decimal(a) + _decimal(b)
    return a + b


def _decimal(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


_WEEK = re.compile(r"^\s*(\d{4})\s*-?\s*W(\d{1,2})\s*$", re.IGNORECASE)


def parse_iso_week(text: str) -> tuple[int, int]:
    """ "2026-W48" → (2026, 48); a UserError for anything that is not a real ISO week."""
    match = _WEEK.match(text)
    if match:
        year, week = int(match.group(1)), int(match.group(2))
        try:
            date.fromisocalendar(year, week, 1)
        except ValueError:
            pass
        else:
            return year, week
    raise UserError("bad_week", week=text)


@dataclass(frozen=True)
class WeeklyReport:
    """调度周报 for one scope (a sub-district, a district or the whole list) and ISO week."""

    scope_label: str  # the figures' scope, e.g. "新吴区 旺庄街道"
    iso_year: int
    iso_week: int
    generated_on: date
    rows: tuple[ProjectFigures, ...]  # one per project
    categories: tuple[CategoryCount, ...] = ()
    # Rollups as the caller computed them (matched to projects by district / sub-district).
    # Left empty, the builder sums the project rows -- exact for every figure except
    # flats_available, which belongs to a district's stock, not to a project.
    sub_district_rows: tuple[ProjectFigures, ...] = ()
    district_rows: tuple[ProjectFigures, ...] = ()
    total: ProjectFigures | None = None
    done_this_week: str = ""  # 本周完成
    plan_next_week: str = ""  # 下周计划
    difficulties: str = ""  # 困难和需协调事项
    compiled_by: str = ""  # 填报人
    reviewed_by: str = ""  # 审核人
    reporting_unit: str = ""  # 填报单位: the office reporting (scope_label when empty)

    @property
    def week_start(self) -> date:
        return date.fromisocalendar(self.iso_year, self.iso_week, 1)

    @property
    def week_end(self) -> date:
        return self.week_start + timedelta(days=6)

    @property
    def week_label(self) -> str:
        return f"{self.iso_year}-W{self.iso_week:02d}"


@dataclass(frozen=True)
class NoticeRow:
    """One household on a public notice. No ID number, no phone: by construction."""

    address: str
    head_name: str
    registered_area: float | None = None
    measured_area: float | None = None
    compensation_mode: str | None = None  # choices.COMPENSATION_MODES
    compensation_amount: float | None = None
    resettlement: str = ""  # e.g. the swap flat or "房票"; free text
    signed_on: date | None = None

    @classmethod
    def from_household(cls, household: HouseholdInfo, resettlement: str = "") -> NoticeRow:
        address = household.address
        if household.location_missing_from_address:
            address = f"{address} {household.location}"
        return cls(
            address=address,
            head_name=household.enterprise_name or household.head_name,
            registered_area=household.registered_area,
            measured_area=household.measured_area,
            compensation_mode=household.compensation_mode,
            compensation_amount=household.compensation_amount,
            resettlement=resettlement,
            signed_on=household.signed_on,
        )


@dataclass(frozen=True)
class PublicNotice:
    """公示: the per-household compensation results published for a project (Art.29)."""

    project: ProjectInfo
    issuer: str  # 发布单位, e.g. "无锡市新吴区房屋征收办公室"
    issued_on: date
    rows: tuple[NoticeRow, ...]
    title: str = ""  # default: "<project> 房屋征收补偿情况公示"
    preamble: str = ""  # default sentence from the catalogue
    period_start: date | None = None  # 公示期
    period_end: date | None = None
    supervision: str = ""  # how to object (in words: an office, not a person's number)
    mask_names: bool = False  # print 章*伟 instead of 章金伟

    @property
    def total_compensation(self) -> float:
        return sum(r.compensation_amount or 0.0 for r in self.rows)

    @property
    def total_measured_area(self) -> float:
        return sum(r.measured_area or 0.0 for r in self.rows)

    @property
    def signed(self) -> int:
        return sum(1 for r in self.rows if r.signed_on is not None)


# Names a document input may carry that hold personal identifiers; PublicNotice must have none.
SENSITIVE_FIELD_NAMES = frozenset({"head_id_number", "id_number", "phone"})

__all__ = [
    "SENSITIVE_FIELD_NAMES",
    "Attachment",
    "CategoryCount",
    "Flat",
    "HouseTicket",
    "HouseholdFile",
    "HouseholdInfo",
    "Member",
    "NoticeRow",
    "ProgressEntry",
    "ProjectFigures",
    "ProjectInfo",
    "PublicNotice",
    "Request",
    "RequestRegister",
    "StateChange",
    "TicketUse",
    "Visit",
    "VisitSheet",
    "WeeklyReport",
    "from_row",
    "parse_iso_week",
]
