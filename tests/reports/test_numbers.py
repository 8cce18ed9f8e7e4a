"""Capital-numeral amounts (大写金额) and the other number formats of the reports."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reports import numbers

DIGITS = {ch: i for i, ch in enumerate("零壹贰叁肆伍陆柒捌玖")}
SMALL_UNITS = {"拾": 10, "佰": 100, "仟": 1000}
ALLOWED = set("零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整负")


def parse_integer(text: str) -> int:
    """The inverse of the integer part: "壹拾万零伍" → 100005."""
    if not text:
        return 0
    for big, factor in (("亿", 10**8), ("万", 10**4)):
        if big in text:
            head, tail = text.split(big, 1)
            return parse_integer(head) * factor + parse_integer(tail)
    value = digit = 0
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        else:
            value += digit * SMALL_UNITS[ch]
            digit = 0
    return value + digit


def parse_capital(text: str) -> int:
    """Capital numerals back to fen; the test's independent reading of the rules."""
    sign = -1 if text.startswith("负") else 1
    text = text.removeprefix("负")
    if text.endswith("整"):
        text = text[:-1]
    yuan_text, _, rest = text.rpartition("元")
    fen = parse_integer(yuan_text) * 100
    rest = rest.removeprefix("零")
    if "角" in rest:
        jiao, rest = rest.split("角")
        fen += DIGITS[jiao] * 10
    if "分" in rest:
        fen += DIGITS[rest.removesuffix("分")]
    return sign * fen


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("0.00", "零元整"),
        (0, "零元整"),
        (10, "壹拾元整"),
        ("100005.5", "壹拾万零伍元伍角"),
        (100005.5, "壹拾万零伍元伍角"),
        ("1.05", "壹元零伍分"),
        ("0.05", "伍分"),
        ("0.5", "伍角"),
        ("1680.32", "壹仟陆佰捌拾元叁角贰分"),
        (1010.5, "壹仟零壹拾元伍角"),
        (110, "壹佰壹拾元整"),
        (1_000_000, "壹佰万元整"),
        (10_001_000, "壹仟万壹仟元整"),
        (10_000_100, "壹仟万零壹佰元整"),
        (100_010_000, "壹亿零壹万元整"),
        (100_000_001, "壹亿零壹元整"),
        ("1613268.25", "壹佰陆拾壹万叁仟贰佰陆拾捌元贰角伍分"),
        (Decimal("0.005"), "壹分"),  # half up to the fen
        (-3.2, "负叁元贰角"),
    ],
)
def test_examples(amount: numbers.Number, expected: str) -> None:
    assert numbers.capital_yuan(amount) == expected


def test_prefix() -> None:
    assert numbers.capital_yuan(10, prefix="人民币") == "人民币壹拾元整"


def test_too_large_and_not_numbers() -> None:
    with pytest.raises(ValueError):
        numbers.capital_yuan(Decimal("1e16"))
    with pytest.raises(ValueError):
        numbers.capital_yuan("abc")
    with pytest.raises(ValueError):
        numbers.capital_yuan(float("nan"))


FEN = st.integers(min_value=0, max_value=999_999_999_999_999_99)


@given(FEN)
def test_round_trip(fen: int) -> None:
    text = numbers.capital_yuan(Decimal(fen) / 100)
    assert parse_capital(text) == fen


@given(FEN)
def test_shape(fen: int) -> None:
    text = numbers.capital_yuan(Decimal(fen) / 100)
    assert set(text) <= ALLOWED
    assert "零零" not in text
    assert not text.endswith("零")
    # 整 exactly when there are no 角 and no 分; nothing follows 角 or 分.
    assert text.endswith("整") == (fen % 100 == 0)
    assert text.count("元") == (1 if fen >= 100 or fen == 0 else 0)
    if fen:
        assert not text.startswith("零")
    # 拾 always carries its digit, as on cheques.
    assert "元拾" not in text and not text.startswith("拾")
    for i, ch in enumerate(text):
        if ch == "拾":
            assert i > 0 and text[i - 1] in DIGITS and text[i - 1] != "零"


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_negative_mirrors_positive(fen: int) -> None:
    amount = Decimal(fen) / 100
    if fen < 0:
        assert numbers.capital_yuan(amount) == "负" + numbers.capital_yuan(-amount)


@given(st.decimals(min_value=0, max_value=10**10, places=2, allow_nan=False))
def test_float_and_decimal_agree(amount: Decimal) -> None:
    assert numbers.capital_yuan(float(amount)) == numbers.capital_yuan(amount)


@given(st.decimals(min_value=0, max_value=10**10, places=2, allow_nan=False))
def test_wan_yuan(amount: Decimal) -> None:
    shown = Decimal(numbers.wan_yuan(amount).replace(",", ""))
    assert abs(shown * 10_000 - amount) <= 50  # 0.005 万元


def test_formats() -> None:
    assert numbers.yuan(1234567.8) == "1,234,567.80"
    assert numbers.yuan(None) == "—"
    assert numbers.wan_yuan(1234567.8) == "123.46"
    assert numbers.wan_yuan(Decimal("420000000")) == "42,000.00"
    assert numbers.area(86.5) == "86.50"
    assert numbers.percent(62, 80) == "77.5%"
    assert numbers.percent(1, 3) == "33.3%"
    assert numbers.percent(0, 0) == "—"
    assert numbers.percent(Decimal(150), Decimal(168)) == "89.3%"
    assert numbers.count(12345) == "12,345"
