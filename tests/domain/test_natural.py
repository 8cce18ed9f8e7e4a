"""Natural ordering of addresses (issue 13 item 5): numbers as numbers, Chinese numerals too."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from domain.natural import chinese_number, natural_key


def test_buildings_and_doors_sort_as_numbers() -> None:
    assert sorted(["16栋", "3栋", "1栋"], key=natural_key) == ["1栋", "3栋", "16栋"]
    assert sorted(["旺庄路160号", "旺庄路19号", "旺庄路2号"], key=natural_key) == [
        "旺庄路2号",
        "旺庄路19号",
        "旺庄路160号",
    ]
    assert sorted(["十号", "二号", "三号"], key=natural_key) == ["二号", "三号", "十号"]
    assert sorted(["第十二组", "第三组", "第二十组"], key=natural_key) == [
        "第三组",
        "第十二组",
        "第二十组",
    ]
    # Full-width digits and a mix of numerals: one order.
    assert sorted(["１２栋", "3栋", "十一栋"], key=natural_key) == ["3栋", "十一栋", "１２栋"]


def test_a_whole_address_compares_part_by_part() -> None:
    addresses = [
        "新华路16栋2单元501室",
        "新华路1栋10单元101室",
        "新华路1栋2单元1001室",
        "新华路1栋2单元201室",
        "新华路3栋1单元101室",
    ]
    shuffled = addresses[:]
    random.Random(7).shuffle(shuffled)
    assert sorted(shuffled, key=natural_key) == [
        "新华路1栋2单元201室",
        "新华路1栋2单元1001室",
        "新华路1栋10单元101室",
        "新华路3栋1单元101室",
        "新华路16栋2单元501室",
    ]


def test_numerals_that_are_words_stay_text() -> None:
    # 三里桥 and 万达 are names, not numbers: they sort as text, after the numbered ones.
    assert natural_key("三里桥")[0][0] == 1
    assert natural_key("万达广场3号")[0] == (1, 0, "万")


def test_chinese_numerals() -> None:
    assert [
        chinese_number(t) for t in ("十", "十二", "二十", "一百零五", "两千三百", "二〇二六")
    ] == [
        10,
        12,
        20,
        105,
        2300,
        2026,
    ]
    assert chinese_number("三万五千") == 35_000
    assert chinese_number("号") is None and chinese_number("") is None


@given(st.lists(st.integers(0, 99_999), min_size=1, max_size=30))
def test_numbered_addresses_sort_by_their_numbers(numbers: list[int]) -> None:
    addresses = [f"旺庄路{n}号" for n in numbers]
    assert sorted(addresses, key=natural_key) == [f"旺庄路{n}号" for n in sorted(numbers)]


@given(st.lists(st.text(max_size=12), max_size=20))
def test_any_text_has_a_key_and_the_order_is_total(values: list[str]) -> None:
    ordered = sorted(values, key=natural_key)
    keys = [natural_key(v) for v in ordered]
    assert keys == sorted(keys)
