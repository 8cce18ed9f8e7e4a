"""The report inputs (reports.model), fonts and masking, without building PDFs."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from decimal import Decimal

import pytest

from domain.errors import UserError
from domain.records import ENTITIES
from reports import fonts, masking
from reports.model import (
    SENSITIVE_FIELD_NAMES,
    HouseholdInfo,
    Member,
    NoticeRow,
    ProjectFigures,
    PublicNotice,
    Request,
    RequestRegister,
    StateChange,
    from_row,
    parse_iso_week,
)
from tests.reports import fixtures


def test_from_row_reads_a_materialised_row() -> None:
    row = {
        "id": "0192f3a1-0000-7000-8000-000000000001",
        "address": "无锡市新吴区新华路18号",
        "head_name": "章金伟",
        "head_id_number": "320214194801010011",
        "signed_on": "2026-07-01",
        "ownership_dispute": 1,
        "registered_area": 86.5,
        "_deleted": 0,  # storage's own columns are ignored
        "_hlc": "x",
    }
    hh = from_row(HouseholdInfo, row)
    assert hh.signed_on == date(2026, 7, 1)
    assert hh.ownership_dispute is True
    assert hh.head_id_number == "320214194801010011"
    member = from_row(Member, {"name": "王桂英", "special_groups": '["disability", "dibao"]'})
    assert member.special_groups == ("disability", "dibao")
    change = from_row(
        StateChange,
        {"when": "2026-03-02T09:30:00", "who": "钱丽萍", "old": None, "new": "surveying"},
    )
    assert change.when == datetime(2026, 3, 2, 9, 30)


def test_model_field_names_follow_the_records() -> None:
    """Fields shared with domain/records.py keep its names, so rows map over directly."""
    household = set(ENTITIES["household"].field_names)
    model = {f.name for f in dataclasses.fields(HouseholdInfo)}
    assert model - household == {"id"}
    request = set(ENTITIES["request"].field_names)
    extra = {f.name for f in dataclasses.fields(Request)} - request
    assert extra == {"id", "household_label", "progress"}


def test_public_notice_cannot_hold_personal_numbers() -> None:
    for cls in (PublicNotice, NoticeRow):
        names = {f.name for f in dataclasses.fields(cls)}
        assert not names & SENSITIVE_FIELD_NAMES, cls
        assert not any("id_number" in n or "phone" in n for n in names), cls
    hh = fixtures.build().files[0].household
    row = NoticeRow.from_household(hh)
    assert hh.head_id_number not in repr(row) and hh.phone not in repr(row)


def test_request_deadlines() -> None:
    base = Request(
        received_on=date(2026, 11, 1), category="area", summary="复测", deadline=date(2026, 11, 16)
    )
    assert base.overdue_days(date(2026, 11, 16)) == 0
    assert base.overdue_days(date(2026, 11, 20)) == 4
    assert base.is_overdue(date(2026, 11, 20))
    closed_late = dataclasses.replace(base, status="closed", closed_on=date(2026, 11, 18))
    assert not closed_late.is_overdue(date(2026, 11, 20))
    assert closed_late.closed_late and not closed_late.closed_on_time
    closed = dataclasses.replace(closed_late, closed_on=date(2026, 11, 10))
    assert closed.closed_on_time
    no_deadline = dataclasses.replace(base, deadline=None)
    assert not no_deadline.is_overdue(date(2030, 1, 1))


def test_register_counts() -> None:
    register = fixtures.build().register
    statuses = {r.status for r in register.rows}
    assert statuses == {"open", "in_progress", "escalated", "closed"}
    cats = register.by_category()
    assert sum(c.received for c in cats) == register.received
    assert sum(c.closed for c in cats) == register.closed
    assert sum(c.overdue for c in cats) == register.overdue
    empty = RequestRegister(scope_label="空", as_of=date(2026, 1, 1), rows=())
    assert empty.by_category() == [] and empty.received == 0


def test_figures_roll_up_with_decimal_money() -> None:
    a = ProjectFigures(
        "A",
        "甲",
        "新吴区",
        "旺庄街道",
        10,
        signed=4,
        compensation_paid=Decimal("100.10"),
        demolished_area_m2=1.5,
    )
    b = ProjectFigures("B", "乙", "新吴区", "旺庄街道", 5, signed=1, compensation_paid=50.05)
    total = ProjectFigures.total([a, b], name="合计")
    assert total.households_total == 15 and total.signed == 5
    assert total.compensation_paid == Decimal("150.15")
    assert total.project_name == "合计" and total.project_code == ""
    assert total.handed_over_remaining == 15
    assert total.average_cycle_days is None


def test_figures_from_a_services_mapping() -> None:
    row = {
        "label": "旺庄街道新华村地块",
        "project_code": "XW-1",
        "district": "新吴区",
        "sub_district": "旺庄街道",
        "households_total": 12,
        "signed": 7,
        "signing_rate": 0.58,
        "resettled": 2,
        "resettlement_days_total": 150,
    }
    figures = ProjectFigures.from_mapping(row)
    assert figures.project_name == "旺庄街道新华村地块"
    assert figures.signed == 7 and figures.average_cycle_days == 75


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2026-W48", (2026, 48)), ("2026w1", (2026, 1)), ("2020-W53", (2020, 53))],
)
def test_parse_iso_week(text: str, expected: tuple[int, int]) -> None:
    assert parse_iso_week(text) == expected


@pytest.mark.parametrize("text", ["2026-W54", "2026-48", "W48", "2021-W53"])
def test_parse_iso_week_refuses(text: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_iso_week(text)
    assert caught.value.code == "bad_week"


def test_masking() -> None:
    assert masking.id_number("320214194801010011") == "320214********0011"
    assert masking.id_number("320214194801010011", masked=False) == "320214194801010011"
    assert masking.phone("13912345678") == "139****5678"
    assert masking.phone(None) == "" and masking.id_number("") == ""
    assert masking.name("章金伟") == "章*伟" and masking.name("何伟") == "何*"


def test_fonts_register_once_and_embed_a_truetype_face() -> None:
    first = fonts.ensure_fonts()
    assert fonts.ensure_fonts() is first
    assert first.body.path.is_file()
    assert fonts.covers("征") and fonts.covers("A") and fonts.covers("㎡")


def test_safe_text_falls_back_for_missing_glyphs(monkeypatch: pytest.MonkeyPatch) -> None:
    fonts.ensure_fonts()
    assert fonts.safe_text("面积86㎡") == "面积86㎡"
    registry = fonts._registry

    def without(chars: str) -> None:
        """Pretend the body face lacks `chars` (and no fallback face has them)."""
        cmap = dict(registry._cmap)
        cmap[fonts.BODY] = frozenset(c for c in cmap[fonts.BODY] if chr(c) not in chars)
        monkeypatch.setattr(registry, "_cmap", cmap)
        monkeypatch.setattr(registry, "_chars", {})

    without("㎡²")
    assert fonts.safe_text("面积86㎡") == "面积86平方米"
    without("☑")
    assert fonts.safe_text("☑同意") == "■同意"
    assert fonts.safe_text("\U0003134a") == "[U+3134A]"


def test_shipped_font_and_licence_are_present() -> None:
    assert fonts.SHIPPED_FONT.is_file()
    licence = fonts.SHIPPED_FONT.parent / "wqy-microhei-LICENSE-Apache-2.0.txt"
    assert "Apache License" in licence.read_text(encoding="utf-8")
