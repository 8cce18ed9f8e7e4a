"""domain.validation: coerce for every field kind, and the Chinese identifier checks."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from stdnum.cn import ric as stdnum_ric
from stdnum.cn import uscc as stdnum_uscc

from domain import i18n
from domain.catalogue.validation import MESSAGES as VALIDATION_MESSAGES
from domain.errors import Label, UserError
from domain.records import (
    ENTITIES,
    HOUSE_TICKET,
    HOUSEHOLD,
    MEMBER,
    PROJECT,
    FieldSpec,
)
from domain.validation import (
    USCC_ALPHABET,
    coerce,
    generate_resident_id,
    generate_uscc,
    normalise_phone,
    resident_id_check_char,
    resident_id_notes,
    uscc_check_char,
    validate_resident_id,
    validate_uscc,
)

FAST = settings(deadline=None, max_examples=150)
ALL_FIELDS = [spec for entity in ENTITIES.values() for spec in entity.fields]
ID_FIELD = HOUSEHOLD.field("head_id_number")
USCC_FIELD = HOUSEHOLD.field("uscc")
PHONE_FIELD = HOUSEHOLD.field("phone")
DATE_FIELD = HOUSEHOLD.field("signed_on")
TODAY = date.today()

# Real shape: an elderly resident of 新吴区, whose code 320214 was created in 2015.
ELDERLY_XINWU_IDS = [
    generate_resident_id("320214", date(1938, 2, 14), 21),
    generate_resident_id("320214", date(1951, 12, 31), 312),
    generate_resident_id("320214", date(1946, 7, 1), 99),
]


@pytest.fixture(autouse=True)
def chinese() -> Iterator[None]:
    i18n.set_language("zh")
    yield
    i18n.set_language("zh")


def refused(spec: FieldSpec, raw: object) -> UserError:
    with pytest.raises(UserError) as caught:
        coerce(spec, raw)
    return caught.value


areas = st.from_regex(r"[1-8][0-9]{5}", fullmatch=True)
births = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)
resident_ids = st.builds(generate_resident_id, areas, births, st.integers(0, 999))
uscc_prefixes = st.sampled_from(["11", "51", "91", "92", "93", "A1", "N1", "N2", "N3", "Y1"])
usccs = st.builds(
    lambda rng, prefix: generate_uscc(rng, prefix=prefix),
    st.randoms(use_true_random=False),
    uscc_prefixes,
)


# --- resident ID ------------------------------------------------------------------------------


@FAST
@given(resident_ids)
def test_generated_resident_ids_pass_and_agree_with_stdnum_check(number: str) -> None:
    assert coerce(ID_FIELD, number) == number
    assert coerce(ID_FIELD, number.lower()) == number
    assert number[17] == stdnum_ric.calc_check_digit(number)


@FAST
@given(resident_ids, st.integers(0, 17), st.sampled_from("0123456789XAZ-./ 中"))
def test_changing_one_character_of_an_id_is_refused(number: str, pos: int, new: str) -> None:
    mutated = number[:pos] + new + number[pos + 1 :]
    assume(mutated != number)
    try:
        accepted = validate_resident_id(mutated)
    except UserError as error:
        assert error.code.startswith("id_")
    else:  # only possible if the check digit still matches: assert that, not a guess
        assert accepted[17] == resident_id_check_char(accepted[:17])


def test_elderly_xinwu_ids_pass_though_stdnum_refuses_them() -> None:
    for number in ELDERLY_XINWU_IDS:
        assert coerce(ID_FIELD, number) == number
        assert not stdnum_ric.is_valid(number)  # the reason we do not use stdnum's validate
        notes = resident_id_notes(number)
        assert len(notes) == 1 and "320214" in notes[0] and "新吴区" in notes[0]


def test_check_digit_x_is_upper_cased() -> None:
    number = next(
        generate_resident_id("320214", date(1950, 1, 1), seq)
        for seq in range(1000)
        if generate_resident_id("320214", date(1950, 1, 1), seq).endswith("X")
    )
    assert coerce(ID_FIELD, number.lower()) == number
    assert coerce(ID_FIELD, f" {number[:6]} {number[6:14]} {number[14:].lower()} ") == number


def test_full_width_id_is_normalised() -> None:
    number = ELDERLY_XINWU_IDS[0]
    full_width = "".join(chr(ord(ch) + 0xFEE0) for ch in number)
    assert coerce(ID_FIELD, full_width) == number


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("32021419380214", "id_wrong_length"),
        ("3202141938021400211", "id_wrong_length"),
        ("320214380214002", "id_15_digit"),
        ("张三", "id_bad_chars"),
        ("32021419380214002Y", "id_bad_chars"),
        ("3202141938X214002" + "1", "id_bad_chars"),
        ("3.20214E+17", "id_stored_as_number"),
        (3.20214193802140e17, "id_stored_as_number"),
        ([1, 2], "id_bad_chars"),
    ],
)
def test_id_refusals(raw: object, code: str) -> None:
    assert refused(ID_FIELD, raw).code == code


def test_id_bad_check_digit() -> None:
    number = ELDERLY_XINWU_IDS[0]
    wrong = "0" if number[17] != "0" else "1"
    error = refused(ID_FIELD, number[:17] + wrong)
    assert error.code == "id_bad_check"
    assert error.message() == "“户主身份证号”的校验位不对，请逐位核对，尤其是最后一位。"
    assert "head's ID number" in error.message("en")


@pytest.mark.parametrize("birth", ["19450230", "19451301", "19450000", "00000101"])
def test_impossible_birth_date(birth: str) -> None:
    first17 = f"320214{birth}021"
    error = refused(ID_FIELD, first17 + resident_id_check_char(first17))
    assert error.code == "id_bad_birth_date"


def test_birth_date_in_future_or_before_1900() -> None:
    future = TODAY + timedelta(days=1)
    first17 = f"320214{future:%Y%m%d}021"
    assert refused(ID_FIELD, first17 + resident_id_check_char(first17)).code == (
        "id_birth_date_out_of_range"
    )
    old = generate_resident_id("320214", date(1899, 12, 31), 21)
    assert refused(ID_FIELD, old).code == "id_birth_date_out_of_range"
    # "today" is injectable so a clock does not decide the test
    born = generate_resident_id("320214", date(2026, 11, 26), 21)
    assert validate_resident_id(born, today=date(2026, 11, 26)) == born
    with pytest.raises(UserError):
        validate_resident_id(born, today=date(2026, 11, 25))


def test_resident_id_notes() -> None:
    assert resident_id_notes(generate_resident_id("320214", date(2016, 1, 1), 1)) == []
    assert resident_id_notes(generate_resident_id("320211", date(1990, 1, 1), 1)) == []
    unknown = resident_id_notes(generate_resident_id("329999", date(1990, 1, 1), 1))
    assert len(unknown) == 1 and "329999" in unknown[0]
    abolished = resident_id_notes(generate_resident_id("110103", date(2015, 1, 1), 1))
    assert len(abolished) == 1 and "崇文区" in abolished[0]
    assert resident_id_notes("not an id") == []
    i18n.set_language("en")
    assert "saved anyway" in resident_id_notes(ELDERLY_XINWU_IDS[0])[0]


def test_generate_resident_id_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError):
        generate_resident_id("3202", date(1950, 1, 1), 1)
    with pytest.raises(ValueError):
        generate_resident_id("320214", date(1950, 1, 1), 1000)


# --- unified social credit code ---------------------------------------------------------------


@FAST
@given(usccs)
def test_generated_usccs_pass_and_agree_with_stdnum_check(code: str) -> None:
    assert coerce(USCC_FIELD, code) == code
    assert coerce(USCC_FIELD, code.lower()) == code
    assert code[17] == stdnum_uscc.calc_check_digit(code[:17])


@FAST
@given(usccs, st.integers(0, 17), st.sampled_from(USCC_ALPHABET + "IOSVZ-中"))
def test_changing_one_character_of_a_uscc_is_refused(code: str, pos: int, new: str) -> None:
    mutated = code[:pos] + new + code[pos + 1 :]
    assume(mutated != code)
    try:
        accepted = validate_uscc(mutated)
    except UserError as error:
        assert error.code.startswith("uscc_")
    else:
        assert accepted[17] == uscc_check_char(accepted[:17])


def test_village_collective_uscc_passes_though_stdnum_refuses_it() -> None:
    for code in ("N2320214MF0123456N", "N1320214MF7A8B9C0M"):
        assert coerce(USCC_FIELD, code) == code
        assert not stdnum_uscc.is_valid(code)


def test_ordinary_uscc_passes() -> None:
    assert coerce(USCC_FIELD, "9135 0100 M000 100Y43") == "91350100M000100Y43"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("91350100M000100Y4", "uscc_wrong_length"),
        ("91350100M000100Y44", "uscc_bad_check"),
        ("91350100M000100O43", "uscc_bad_chars"),
        ("91350100I000100Y43", "uscc_bad_chars"),
        ("统一社会信用代码", "uscc_bad_chars"),
    ],
)
def test_uscc_refusals(raw: str, code: str) -> None:
    assert refused(USCC_FIELD, raw).code == code


# --- phone ------------------------------------------------------------------------------------

mobiles = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)
three_digit_areas = st.sampled_from(["010", "020", "021", "022", "023", "024", "025", "027"])
four_digit_areas = st.from_regex(r"0[3-9][0-9]{2}", fullmatch=True)
locals_ = st.from_regex(r"[2-9][0-9]{6,7}", fullmatch=True)
landlines = st.tuples(st.one_of(three_digit_areas, four_digit_areas), locals_)


def spaced(digits: str, separator: str) -> str:
    return separator.join(digits[i : i + 4] for i in range(0, len(digits), 4))


@FAST
@given(mobiles, st.sampled_from(["", "+86 ", "0086", "+86-"]), st.sampled_from(["", " ", "-"]))
def test_mobile_normalisation(mobile: str, prefix: str, sep: str) -> None:
    typed = prefix + (mobile[:3] + sep + spaced(mobile[3:], sep))
    assert normalise_phone(typed) == mobile
    assert coerce(PHONE_FIELD, typed) == mobile


@FAST
@given(landlines, st.sampled_from(["-", "", " ", ")"]), st.sampled_from([None, "8", "123"]))
def test_landline_normalisation(parts: tuple[str, str], sep: str, ext: str | None) -> None:
    area, local = parts
    typed = f"({area}{sep}{local}" if sep == ")" else f"{area}{sep}{local}"
    expected = f"{area}-{local}"
    if ext:
        typed += f"转{ext}"
        expected += f"-{ext}"
    assert normalise_phone(typed) == expected
    assert normalise_phone(expected) == expected


@FAST
@given(st.text(alphabet="0123456789+-() 转x", max_size=25) | st.text(max_size=25))
def test_phone_normalisation_is_idempotent(raw: str) -> None:
    try:
        once = normalise_phone(raw)
    except UserError as error:
        assert error.code == "bad_phone"
    else:
        assert normalise_phone(once) == once


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+86 510 8523 1234", "0510-85231234"),
        ("010-12345678", "010-12345678"),
        ("0101-2345678", "010-12345678"),  # the numbering plan decides the split
        ("（0510）85231234", "0510-85231234"),
        ("0510-85231234-123", "0510-85231234-123"),
        (13812345678, "13812345678"),  # a spreadsheet number
    ],
)
def test_phone_examples(raw: object, expected: str) -> None:
    assert coerce(PHONE_FIELD, raw) == expected


@pytest.mark.parametrize(
    "raw", ["12345", "12812345678", "1381234567", "400-800-8888", "0510-123456", "电话", "110"]
)
def test_bad_phones(raw: str) -> None:
    error = refused(PHONE_FIELD, raw)
    assert error.code == "bad_phone"
    assert error.message().startswith("“联系电话”不是有效的电话号码")


# --- coerce, every kind -----------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=8,
)


@settings(deadline=None, max_examples=600)
@given(st.sampled_from(ALL_FIELDS), st.text(max_size=40))
def test_coerce_raises_only_user_error_and_is_idempotent(spec: FieldSpec, raw: str) -> None:
    try:
        value = coerce(spec, raw)
    except UserError:
        return
    if spec.kind == "json" and isinstance(value, str):
        return  # json text is read as JSON source; a stored bare string is not
    assert coerce(spec, value) == value
    json.dumps(value, allow_nan=False)


@settings(deadline=None, max_examples=300)
@given(st.sampled_from(ALL_FIELDS), json_values)
def test_coerce_typed_values_raises_only_user_error(spec: FieldSpec, raw: object) -> None:
    try:
        value = coerce(spec, raw)
    except UserError:
        return
    json.dumps(value, allow_nan=False)


@pytest.mark.parametrize("raw", [None, "", "   ", "\t\n"])
def test_empty_is_none_unless_required(raw: object) -> None:
    assert coerce(HOUSEHOLD.field("notes"), raw) is None
    assert coerce(MEMBER.field("special_groups"), raw) is None
    error = refused(HOUSEHOLD.field("address"), raw)
    assert error.code == "required"
    assert error.message() == "请填写“地址”。"


def test_text_strip_and_max_len() -> None:
    address = HOUSEHOLD.field("address")
    assert coerce(address, "  旺庄路 1 号  ") == "旺庄路 1 号"
    assert coerce(address, "字" * 200) == "字" * 200  # characters, not bytes
    error = refused(address, "字" * 201)
    assert (error.code, error.params["limit"]) == ("too_long", 200)
    assert coerce(HOUSEHOLD.field("room"), 101) == "101"
    assert coerce(HOUSEHOLD.field("room"), 101.0) == "101"
    assert refused(HOUSEHOLD.field("room"), True).code == "not_text"
    assert coerce(HOUSEHOLD.field("notes"), "a\r\nb") == "a\nb"


@pytest.mark.parametrize(
    ("spec", "raw", "expected"),
    [
        (HOUSEHOLD.field("registered_area"), "1,234.5", 1234.5),
        (HOUSEHOLD.field("registered_area"), "１２３．５", 123.5),
        (HOUSEHOLD.field("compensation_amount"), "１，２３４，５６７", 1234567.0),
        (HOUSEHOLD.field("compensation_amount"), 100, 100.0),
        (HOUSEHOLD.field("compensation_amount"), "-0", 0.0),
        (PROJECT.field("households_planned"), "１２３", 123),
        (PROJECT.field("households_planned"), "1e2", 100),
        (PROJECT.field("households_planned"), 12.0, 12),
        (MEMBER.field("share_pct"), "33.3", 33.3),
    ],
)
def test_numbers(spec: FieldSpec, raw: object, expected: float) -> None:
    value = coerce(spec, raw)
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize(
    ("spec", "raw", "code"),
    [
        (HOUSEHOLD.field("registered_area"), "abc", "not_a_number"),
        (HOUSEHOLD.field("registered_area"), "1,2,3", "not_a_number"),
        (HOUSEHOLD.field("registered_area"), "nan", "not_a_number"),
        (HOUSEHOLD.field("registered_area"), float("inf"), "not_a_number"),
        (HOUSEHOLD.field("registered_area"), True, "not_a_number"),
        (HOUSEHOLD.field("registered_area"), "-1", "negative_not_allowed"),
        (HOUSEHOLD.field("compensation_amount"), "-0.01", "negative_not_allowed"),
        (HOUSEHOLD.field("registered_area"), "2000000", "number_out_of_range"),
        (PROJECT.field("households_planned"), "1.5", "not_an_integer"),
        (PROJECT.field("urgency"), "6", "number_out_of_range"),
        (ENTITIES["attachment"].field("size"), "-1", "number_too_small"),
        (ENTITIES["attachment"].field("size"), str(2**63), "number_too_large"),
    ],
)
def test_number_refusals(spec: FieldSpec, raw: object, code: str) -> None:
    assert refused(spec, raw).code == code


def test_range_message_is_readable() -> None:
    assert refused(PROJECT.field("plan_year"), "1900").message() == (
        "“计划年度”必须在 1990 到 2100 之间。"
    )
    assert "10,000,000,000" in refused(HOUSEHOLD.field("compensation_amount"), 1e11).message()


dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


@FAST
@given(dates)
def test_date_round_trips_in_every_accepted_form(day: date) -> None:
    forms = [
        day.isoformat(),
        f"{day.year}/{day.month}/{day.day}",
        f"{day:%Y.%m.%d}",
        f"{day:%Y%m%d}",
        f"{day.year}年{day.month}月{day.day}日",
        "".join(chr(ord(ch) + 0xFEE0) for ch in f"{day:%Y%m%d}"),
        day,
        datetime(day.year, day.month, day.day, 9, 30),
        int(f"{day:%Y%m%d}"),
    ]
    for form in forms:
        assert coerce(DATE_FIELD, form) == day.isoformat()
    assert coerce(DATE_FIELD, day.isoformat()) == day.isoformat()


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("2026-02-30", "bad_date"),
        ("2026-13-01", "bad_date"),
        ("2026-11/26", "bad_date"),
        ("26-11-2026", "bad_date"),
        ("next week", "bad_date"),
        ("1899-12-31", "date_out_of_range"),
        ("2101-01-01", "date_out_of_range"),
    ],
)
def test_date_refusals(raw: str, code: str) -> None:
    assert refused(DATE_FIELD, raw).code == code


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("是", True),
        ("否", False),
        ("true", True),
        ("FALSE", False),
        ("1", True),
        ("0", False),
        ("Yes", True),
        ("no", False),
        (True, True),
        (0, False),
        ("有", True),
        ("无", False),
    ],
)
def test_bools(raw: object, expected: bool) -> None:
    assert coerce(HOUSEHOLD.field("area_dispute"), raw) is expected


def test_bool_refusal() -> None:
    assert refused(HOUSEHOLD.field("area_dispute"), "maybe").code == "not_a_bool"
    assert refused(HOUSEHOLD.field("area_dispute"), 2).code == "not_a_bool"


def test_choice_accepts_code_and_labels() -> None:
    attitude = HOUSEHOLD.field("attitude")
    assert coerce(attitude, "agree") == "agree"
    assert coerce(attitude, "同意") == "agree"
    assert coerce(attitude, "Agrees") == "agree"
    error = refused(attitude, "随便")
    assert error.code == "not_a_choice" and error.params["value"] == "随便"


def test_choices() -> None:
    groups = MEMBER.field("special_groups")
    assert coerce(groups, "残疾、低保") == ["dibao", "disability"]
    assert coerce(groups, "低保，disability, dibao") == ["dibao", "disability"]
    assert coerce(groups, ["military", "军属"]) == ["military"]
    assert coerce(groups, '["shidu"]') == ["shidu"]
    assert coerce(groups, []) is None
    assert refused(groups, "残疾、外星人").params["value"] == "外星人"


def test_ref_and_json() -> None:
    ref = HOUSEHOLD.field("project_id")
    assert coerce(ref, " 0193a-1 ") == "0193a-1"
    assert refused(ref, 12).code == "bad_ref"
    tiers = HOUSE_TICKET.field("bonus_tiers")
    assert coerce(tiers, '[{"months": 3, "pct": 20}]') == [{"months": 3, "pct": 20}]
    assert coerce(tiers, ({1: "a"},)) == [{"1": "a"}]
    assert refused(tiers, "{oops").code == "not_json"
    assert refused(tiers, float("nan")).code == "not_json"
    assert refused(tiers, {1, 2}).code == "not_json"
    assert refused(tiers, ["x" * 1000]).code == "too_long"


# --- messages ---------------------------------------------------------------------------------

REFUSAL_CODES = [code for code in VALIDATION_MESSAGES if not code.startswith("id_area_")]


@pytest.mark.parametrize("code", REFUSAL_CODES)
def test_every_refusal_names_the_field(code: str) -> None:
    for language in ("zh", "en"):
        assert "{field}" in VALIDATION_MESSAGES[code][language]
    params = {"field": Label("户主身份证号", "head's ID number"), "length": 3, "limit": 1}
    params |= {"value": "x", "low": 0, "high": 1}
    error = UserError(code, **params)
    assert "“户主身份证号”" in error.message("zh")
    assert "head's ID number" in error.message("en")


def test_identifier_refusals_have_distinct_codes() -> None:
    codes = {
        "id_wrong_length",
        "id_bad_chars",
        "id_bad_check",
        "id_bad_birth_date",
        "id_15_digit",
        "uscc_bad_check",
        "uscc_bad_chars",
        "uscc_wrong_length",
        "bad_phone",
    }
    assert codes <= set(VALIDATION_MESSAGES)


def test_generate_uscc_is_reproducible() -> None:
    assert generate_uscc(random.Random(7)) == generate_uscc(random.Random(7))
