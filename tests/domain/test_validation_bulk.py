"""Checking many values at once (a demo load, an Excel import): FieldChecker and RecordChecker
answer exactly what coerce and Workspace.validate answer — the same value of the same type, or
the same refusal — for every field and any run of values, repeats included."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.errors import Label, UserError
from domain.records import ENTITIES, HOUSEHOLD, MEMBER, FieldSpec
from domain.validation import FieldChecker, RecordChecker, coerce, generate_resident_id

ALL_FIELDS = [spec for entity in ENTITIES.values() for spec in entity.fields]

# Values a field meets: typed text (some of it what the field stores), numbers of every type
# (1, 1.0 and True hash alike; -0.0 and 0.0 are equal), dates, lists, and values seen twice.
TYPICAL = [
    "2026-11-03", "2026年11月3日", " 是 ", "同意", "agree", "13912345678", "0510-8123456",
    generate_resident_id("320214", date(1946, 7, 1), 99), "96.4", "1,000", '["a"]', "\ud800",
]  # fmt: skip
scalars = (
    st.text(max_size=12)
    | st.sampled_from(TYPICAL)
    | st.integers(-(2**64), 2**64)
    | st.sampled_from([0, 1, True, False, 0.0, -0.0, 1.0, 1.5, float("nan"), float("inf")])
    | st.floats()
    | st.dates(min_value=date(1890, 1, 1), max_value=date(2110, 1, 1))
    | st.none()
)
values = st.lists(scalars, max_size=4) | scalars


def outcome(fn: Any, raw: object) -> tuple[str, Any]:
    try:
        value = fn(raw)
    except UserError as exc:
        return ("refused", (exc.code, exc.message()))
    return ("value", (type(value), repr(value)))


@settings(deadline=None, max_examples=400)
@given(st.sampled_from(ALL_FIELDS), st.lists(values, min_size=1, max_size=12), st.data())
def test_a_field_checker_answers_what_coerce_answers(
    spec: FieldSpec, raws: list[object], data: st.DataObject
) -> None:
    raws += data.draw(st.lists(st.sampled_from(raws), max_size=12))  # repeats, in any order
    checker = FieldChecker(spec)
    for raw in raws:
        assert outcome(checker, raw) == outcome(lambda r: coerce(spec, r), raw)


def test_a_remembered_value_is_never_shared_with_a_later_caller() -> None:
    """A list answer (several choices) is made afresh each time: changing one record's list
    cannot change another's."""
    spec = MEMBER.field("special_groups")
    checker = FieldChecker(spec)
    assert spec.options is not None
    text = spec.options.codes()[0]
    first = checker(text)
    assert isinstance(first, list)
    first.append("changed")
    assert checker(text) == coerce(spec, text)


def test_a_refusal_is_raised_each_time() -> None:
    checker = FieldChecker(HOUSEHOLD.field("head_id_number"))
    for _ in range(3):
        with pytest.raises(UserError) as caught:
            checker("320214194607010991")
        assert caught.value.code == "id_bad_check"


@settings(deadline=None, max_examples=200)
@given(
    st.sampled_from(sorted(ENTITIES)),
    st.lists(st.dictionaries(st.text(max_size=14), values, max_size=4), min_size=1, max_size=6),
    st.data(),
)
def test_a_record_checker_answers_what_validate_answers(
    entity: str, raws: list[dict[str, Any]], data: st.DataObject
) -> None:
    spec = ENTITIES[entity]
    names = spec.field_names
    # Records naming real fields (and now and then one that does not exist).
    for raw in raws:
        for name in data.draw(st.lists(st.sampled_from(names), max_size=5)):
            raw[name] = data.draw(values)
    raws += raws  # every record twice: the second time from what was remembered
    checker = RecordChecker(spec)
    for raw in raws:
        assert outcome(checker.check, raw) == outcome(lambda r: reference(entity, r), raw)


def reference(entity: str, raw: dict[str, Any]) -> dict[str, Any]:
    """Workspace.validate(partial=True) without its reference check, None values left out."""
    spec = ENTITIES[entity]
    values: dict[str, Any] = {}
    for name, value in raw.items():
        if not spec.has_field(name):
            raise UserError("unknown_field", entity=Label(spec.zh, spec.en), field=name)
        values[name] = coerce(spec.field(name), value)
    return {k: v for k, v in values.items() if v is not None}


def test_passed_fields_are_kept_as_given() -> None:
    """References a bulk load made itself are passed on unchecked (the records they name are in
    the same batch, not yet readable)."""
    checker = RecordChecker(MEMBER, passed=frozenset({"household_id"}))
    raw = {"household_id": " h-1 ", "name": " 章金伟 ", "relation": "户主", "phone": None}
    assert checker.check(raw) == {"household_id": " h-1 ", "name": "章金伟", "relation": "户主"}
