"""domain.privacy: what a screen or a sheet of paper may show of ID and phone numbers."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.privacy import is_masked, mask, mask_id_number, mask_phone, mask_text
from domain.records import HOUSEHOLD, MEMBER, FieldSpec
from domain.validation import generate_resident_id

FAST = settings(deadline=None, max_examples=200)
TODAY = date.today()


def revealed(original: str, masked: str) -> list[int]:
    """Positions the mask shows; a mask must keep the value's length and never invent text."""
    assert len(masked) == len(original)
    shown = [i for i, ch in enumerate(masked) if ch != "*"]
    assert all(masked[i] == original[i] for i in shown)
    return shown


def test_examples() -> None:
    assert mask_id_number("320214194501010074") == "320214********0074"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0510-85231234") == "0510-******34"
    assert mask_phone("010-8523123") == "010-*****23"
    assert mask_phone("0510-85231234-123") == "0510-******34-***"
    assert mask_phone("+86 138 1234 5678") == "138****5678"  # not yet normalised


@pytest.mark.parametrize("fn", [mask_id_number, mask_phone, mask_text])
def test_none_and_short(fn: object) -> None:
    assert callable(fn)
    assert fn(None) == ""
    assert fn("") == ""
    assert fn("7") == "*"
    assert fn("12") in ("1*", "*2")


@FAST
@given(
    st.builds(
        generate_resident_id,
        st.from_regex(r"[1-8][0-9]{5}", fullmatch=True),
        st.dates(date(1900, 1, 1), TODAY),
        st.integers(0, 999),
    )
)
def test_valid_id_shows_first6_last4(number: str) -> None:
    masked = mask_id_number(number)
    assert revealed(number, masked) == [0, 1, 2, 3, 4, 5, 14, 15, 16, 17]


@FAST
@given(st.text(max_size=30) | st.text(alphabet="0123456789X", max_size=30))
def test_id_mask_never_shows_more_than_first6_last4(value: str) -> None:
    text = value.strip()
    shown = revealed(text, mask_id_number(value))
    n = len(text)
    assert all(i < 6 or i >= n - 4 for i in shown)
    if n < 18:  # a short or truncated value: never more than half
        assert len(shown) <= n // 2


@FAST
@given(st.text(max_size=30) | st.text(alphabet="0123456789+- ()", max_size=20))
def test_phone_mask_never_shows_much(value: str) -> None:
    masked = mask_phone(value)
    digits_shown = sum(ch.isdigit() for ch in masked)
    assert digits_shown <= max(7, len(value.strip()) // 2)


@FAST
@given(st.text(max_size=30))
def test_generic_mask_shows_at_most_half(value: str) -> None:
    text = value.strip()
    assert len(revealed(text, mask_text(value))) <= len(text) // 2


def test_mask_dispatches_on_spec() -> None:
    id_number = HOUSEHOLD.field("head_id_number")
    assert mask(id_number, None) is None
    assert mask(id_number, "320214194501010074") == "320214********0074"
    assert mask(MEMBER.field("phone"), "13812345678") == "138****5678"
    assert mask(HOUSEHOLD.field("head_name"), "章金伟") == "章金伟"
    assert mask(HOUSEHOLD.field("uscc"), "91350100M000100Y43") == "91350100M000100Y43"
    assert mask(HOUSEHOLD.field("registered_area"), 88.5) == 88.5
    secret = FieldSpec("secret", "密", "secret", sensitive=True)
    assert mask(secret, "章金伟") == "章**"
    # an ID field declared without sensitive=True is still masked: the law decides, not the spec
    careless = FieldSpec("id", "身份证号", "ID", "resident_id")
    assert is_masked(careless)
    assert mask(careless, "320214194501010074") == "320214********0074"
