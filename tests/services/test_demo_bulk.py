"""The demo load's fast path checks by the same rules as typed input: DraftMaker makes the drafts
to_draft (Workspace.validate) makes, refuses what it refuses, and every record id is a fresh
UUIDv7."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest

from domain.errors import UserError
from services import demo
from services.workspace import Workspace

TODAY = dt.date(2026, 11, 26)


def _records(households: int, seed: int) -> list[demo.DemoRecord]:
    generator = demo.DemoGenerator(households, seed=seed, today=TODAY)
    records = generator.projects() + generator.policies()
    for group in generator.households():
        records += group
    return records + generator.flat_stock()


def test_drafts_are_the_ones_validate_makes(ws: Workspace) -> None:
    records = _records(120, seed=5)
    assert {r.entity for r in records} >= {"household", "member", "visit", "request", "flat"}
    made = demo.DraftMaker().drafts(records)
    assert made == [demo.to_draft(ws, record) for record in records]
    unchecked = demo.DraftMaker(validate=False).drafts(records)
    assert [d.value for d in unchecked] == [r.values for r in records]


@pytest.mark.parametrize(
    ("entity", "field", "bad", "code"),
    [
        ("household", "head_id_number", "320214194607010991", "id_bad_check"),
        ("household", "state", "飞走了", "not_a_choice"),
        ("visit", "visited_on", "2026-02-30", "bad_date"),
        ("member", "phone", "12345", "bad_phone"),
        ("visit", "no_such_field", "x", "unknown_field"),
    ],
)
def test_a_bad_value_is_refused_as_validate_refuses_it(
    ws: Workspace, entity: str, field: str, bad: str, code: str
) -> None:
    records = _records(20, seed=3)
    maker = demo.DraftMaker()
    maker.drafts(records)  # every good value remembered first
    target = next(r for r in records if r.entity == entity)
    broken = dataclasses.replace(target, values=target.values | {field: bad})
    with pytest.raises(UserError) as fast:
        maker.drafts([broken])
    with pytest.raises(UserError) as slow:
        demo.to_draft(ws, broken)
    assert fast.value.code == slow.value.code == code
    assert fast.value.message() == slow.value.message()


def test_record_ids_are_fresh_version_7_ids() -> None:
    records = _records(300, seed=2)
    ids = [r.record_id for r in records]
    assert len(set(ids)) == len(ids) > demo.ID_BLOCK * 4
    for value in ids:
        parsed = uuid.UUID(value)
        assert str(parsed) == value and parsed.version == 7
    assert set(ids).isdisjoint(r.record_id for r in _records(300, seed=2))
