"""Compensation estimates: a hand-worked household, every line kind, the tiers, the refusals of
a bad policy, and the rules that must hold for every policy and household (Hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain import compensation as comp
from domain.compensation import Inputs, parse_policy, policy_to_json
from domain.errors import UserError

WORKED_POLICY: dict[str, Any] = {
    "name": "测试方案",
    "exchange_flat_price": "6800",
    "default_months": 24,
    "items": [
        {"key": "house_value", "name": "房屋价值补偿", "kind": "area_price",
         "source": "assessed_price"},
        {"key": "decoration", "name": "装饰装修补偿", "kind": "grade_area",
         "grades": {"ordinary": "300", "medium": "600", "fine": "1000"}},
        {"key": "moving", "name": "搬迁费", "kind": "area_minimum", "price": "12.50",
         "minimum": "1000", "times": {"money": 1, "ticket": 1, "exchange": 2}},
        {"key": "transition", "name": "临时安置费", "kind": "monthly", "price": "15",
         "options": ["exchange"]},
        {"key": "hardship", "name": "困难补助", "kind": "fixed", "amount": "5000"},
        {"key": "business_loss", "name": "停产停业损失", "kind": "percent", "percent": "5",
         "of": ["house_value"], "uses": ["non_residential"]},
        {"key": "ticket_bonus", "name": "房票奖励", "kind": "date_tiers", "unit": "percent",
         "of": ["house_value"], "options": ["ticket"],
         "tiers": [{"until": "2026-12-31", "value": "10"}, {"until": "2027-03-31", "value": "6"}]},
        {"key": "sign_reward", "name": "按期签约奖励", "kind": "date_tiers", "unit": "fixed",
         "tiers": [{"until": "2026-12-31", "value": "30000"},
                   {"until": "2027-01-31", "value": "15000"}]},
    ],
}  # fmt: skip


def worked_inputs(**changes: Any) -> Inputs:
    values: dict[str, Any] = {
        "area_m2": Decimal("87.03"),
        "use": "residential",
        "sign_on": date(2026, 12, 20),
        "assessed_price": Decimal("12500"),
        "grade": "medium",
        "flat_area": Decimal("90.00"),
        "flat_delivery": date(2028, 6, 20),
    }
    return Inputs(**(values | changes))


def fen_of(result: comp.OptionEstimate) -> dict[str, int]:
    return {line.key: line.fen for line in result.lines}


def test_hand_worked_household() -> None:
    """A 住宅 household of 87.03 ㎡ (实测), assessed at 12 500.00 元/㎡, 中档 decoration, signing
    on 2026-12-20, offered a 90.00 ㎡ flat delivered on 2028-06-20. Worked by hand:

    money (货币补偿)
      房屋价值补偿   12 500.00 × 87.03              = 1 087 875.00
      装饰装修补偿       600.00 × 87.03              =    52 218.00
      搬迁费              12.50 × 87.03 = 1 087.875 →     1 087.88  (≥ 1 000 minimum; half up)
      困难补助                                        =     5 000.00
      按期签约奖励   by 2026-12-31                    =    30 000.00
      total                                           = 1 176 180.88
    ticket (房票): the money lines + 房票奖励 10 % × 1 087 875.00 = 108 787.50
      total                                           = 1 284 968.38
    exchange (产权调换)
      房屋价值补偿                                    = 1 087 875.00
      装饰装修补偿                                    =    52 218.00
      搬迁费 (12.50 × 87.03) × 2 = 2 175.75 exactly  →     2 175.75  (not 1 087.88 × 2)
      临时安置费  15.00 × 87.03 × 18 months           =    23 498.10  (2026-12-20 → 2028-06-20)
      困难补助                                        =     5 000.00
      按期签约奖励                                    =    30 000.00
      total                                           = 1 200 766.85
      安置房价值  6 800.00 × 90.00                     =   612 000.00
      差价 (paid to the household)                    =   588 766.85
    停产停业损失 applies to 非住宅 only: absent.
    """
    policy = parse_policy(WORKED_POLICY)
    result = comp.estimate(policy, worked_inputs())
    assert result.missing == ()
    money = result.option("money")
    assert fen_of(money) == {
        "house_value": 108_787_500,
        "decoration": 5_221_800,
        "moving": 108_788,
        "hardship": 500_000,
        "sign_reward": 3_000_000,
    }
    assert money.total_fen == 117_618_088
    ticket = result.option("ticket")
    assert fen_of(ticket)["ticket_bonus"] == 10_878_750
    assert ticket.total_fen == 128_496_838
    exchange = result.option("exchange")
    assert fen_of(exchange)["moving"] == 217_575
    assert fen_of(exchange)["transition"] == 2_349_810
    assert exchange.total_fen == 120_076_685
    assert exchange.flat_value_fen == 61_200_000
    assert exchange.difference_fen == 58_876_685
    formulas = {line.key: line.formula.replace(comp.NBSP, " ") for line in money.lines}
    assert formulas["house_value"] == "12 500.00 元/㎡ × 87.03 ㎡"
    assert "× 2 次" in dict((line.key, line.formula) for line in exchange.lines)["moving"]
    assert "18 个月" in dict((line.key, line.formula) for line in exchange.lines)["transition"]


def test_formulas_in_english_for_the_english_interface() -> None:
    policy = parse_policy(WORKED_POLICY)
    result = comp.estimate(policy, worked_inputs(), language="en")
    lines = {
        line.key: line.formula.replace(comp.NBSP, " ") for line in result.option("exchange").lines
    }
    assert lines["house_value"] == "12 500.00 yuan/m² × 87.03 m²"
    assert lines["moving"] == "(12.50 yuan/m² × 87.03 m²) × 2 times"
    assert lines["transition"].endswith("× 18 months (until the flat is delivered on 2028-06-20)")
    assert (
        lines["sign_reward"]
        == "signing on 2026-12-20 (by 2026-12-31): 30 000.00 yuan per household"
    )
    assert (
        result.option("exchange").total_fen
        == comp.estimate(policy, worked_inputs()).option("exchange").total_fen
    )


def test_later_signing_falls_to_lower_tiers_then_nothing() -> None:
    policy = parse_policy(WORKED_POLICY)
    january = comp.estimate(policy, worked_inputs(sign_on=date(2027, 1, 15))).option("ticket")
    assert fen_of(january)["sign_reward"] == 1_500_000
    assert fen_of(january)["ticket_bonus"] == 6_527_250  # 6 % of 1 087 875.00
    late = comp.estimate(policy, worked_inputs(sign_on=date(2027, 4, 1))).option("ticket")
    assert fen_of(late)["sign_reward"] == 0 and fen_of(late)["ticket_bonus"] == 0
    assert "不享受" in dict((line.key, line.formula) for line in late.lines)["sign_reward"]


def test_non_residential_gets_business_loss_and_minimum_moving() -> None:
    policy = parse_policy(WORKED_POLICY)
    small = worked_inputs(area_m2=Decimal("40"), use="non_residential")
    money = comp.estimate(policy, small).option("money")
    lines = fen_of(money)
    assert lines["house_value"] == 50_000_000
    assert lines["business_loss"] == 2_500_000  # 5 % of 500 000.00
    assert lines["moving"] == 100_000  # 12.50 × 40 = 500 < the 1 000.00 minimum


def test_assessed_value_source_and_default_months() -> None:
    raw = {
        "name": "x",
        "default_months": 12,
        "items": [
            {"key": "v", "name": "房屋价值", "kind": "area_price", "source": "assessed_value"},
            {"key": "t", "name": "临时安置费", "kind": "monthly", "price": "10"},
        ],
    }
    inputs = worked_inputs(assessed_value=Decimal("765432.10"), flat_delivery=None)
    money = comp.estimate(parse_policy(raw), inputs).option("money")
    assert fen_of(money) == {"v": 76_543_210, "t": 1_044_360}  # 10 × 87.03 × 12 months
    assert "方案默认过渡期" in money.lines[1].formula


def test_missing_inputs_are_listed_once_and_leave_no_total() -> None:
    policy = parse_policy(WORKED_POLICY)
    bare = worked_inputs(area_m2=None, assessed_price=None, grade=None)
    result = comp.estimate(policy, bare)
    codes = [m.code for m in result.missing]
    assert codes.count("est_missing_assessed_price") == 1
    assert set(codes) == {"est_missing_assessed_price", "est_missing_grade", "est_missing_area"}
    assert all(opt.total_fen is None for opt in result.options.values())
    unknown_use = comp.estimate(policy, worked_inputs(use=None))
    assert [m.code for m in unknown_use.missing] == ["est_missing_use"]


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (lambda p: p["items"][0].update(kind="formula"), "formula"),
        (lambda p: p["items"][2].update(price="-1"), "0 到"),
        (lambda p: p["items"][2].update(price="1.234"), "两位小数"),
        (lambda p: p["items"][5].update(of=["sign_reward"]), "前面的项目"),
        (lambda p: p["items"][7]["tiers"].reverse(), "晚于上一档"),
        (lambda p: p["items"][7]["tiers"][1].update(value="40000"), "不能高于"),
        (lambda p: p["items"][1].update(key="house_value"), "重复"),
        (lambda p: p.update(items=[]), "至少要有一个"),
        (lambda p: p["items"][3].update(options=["cash"]), "cash"),
    ],
)
def test_a_bad_policy_is_one_sentence(change: Any, fragment: str) -> None:
    import copy

    raw = copy.deepcopy(WORKED_POLICY)
    change(raw)
    with pytest.raises(UserError) as caught:
        parse_policy(raw)
    assert caught.value.code == "policy_invalid"
    assert fragment in caught.value.message("zh")
    assert caught.value.message("en").startswith("The compensation policy is not valid")


def test_items_describe_their_numbers() -> None:
    policy = parse_policy(WORKED_POLICY)
    described = {item.key: comp.describe_item(item) for item in policy.items}
    assert described["moving"] == "12.50 元/㎡，最低 1\u00a0000.00 元；产权调换 2 次"
    assert described["sign_reward"] == "2026-12-31 前 30000 元；2027-01-31 前 15000 元"
    assert described["ticket_bonus"].endswith("（× house_value）")


def test_json_round_trip_is_exact() -> None:
    policy = parse_policy(WORKED_POLICY)
    assert parse_policy(policy_to_json(policy)) == policy


# ---------------------------------------------------------------------------------------------
# Properties

money_text = st.decimals(min_value=0, max_value=50_000, places=2).map(str)
pct_text = st.decimals(min_value=0, max_value=100, places=2).map(str)
option_sets = st.lists(st.sampled_from(comp.OPTIONS), min_size=1, max_size=3, unique=True)
use_sets = st.lists(st.sampled_from(comp.USES), min_size=1, max_size=2, unique=True)
START = date(2026, 1, 1)


@st.composite
def tiers(draw: st.DrawFn, value: st.SearchStrategy[str]) -> list[dict[str, Any]]:
    count = draw(st.integers(1, 4))
    offsets = sorted(
        draw(st.lists(st.integers(0, 900), min_size=count, max_size=count, unique=True))
    )
    values = sorted(
        (Decimal(v) for v in draw(st.lists(value, min_size=count, max_size=count))), reverse=True
    )
    out = [{"until": (START + timedelta(days=o)).isoformat(), "value": str(v)}
           for o, v in zip(offsets, values, strict=True)]  # fmt: skip
    if draw(st.booleans()):
        out[-1]["until"] = None
    return out


@st.composite
def policies(draw: st.DrawFn) -> comp.Policy:
    items: list[dict[str, Any]] = []
    for index in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(comp.KINDS))
        earlier = [i["key"] for i in items]
        if kind in ("percent",) and not earlier:
            kind = "fixed"
        item: dict[str, Any] = {"key": f"k{index}", "name": f"项目{index}", "kind": kind,
                                "options": draw(option_sets), "uses": draw(use_sets)}  # fmt: skip
        of = draw(st.lists(st.sampled_from(earlier), min_size=1, unique=True)) if earlier else []
        if kind == "area_price":
            item["source"] = draw(st.sampled_from(comp.SOURCES))
            item["price"] = draw(money_text)
        elif kind == "grade_area":
            item["grades"] = {g: draw(money_text) for g in comp.GRADES}
        elif kind == "area_minimum":
            item |= {"price": draw(money_text), "minimum": draw(money_text),
                     "times": {"exchange": draw(st.integers(1, 2))}}  # fmt: skip
        elif kind == "monthly":
            item["price"] = draw(money_text)
            if draw(st.booleans()):
                item["months"] = draw(st.integers(0, 36))
        elif kind == "fixed":
            item["amount"] = draw(money_text)
        elif kind == "percent":
            item |= {"percent": draw(pct_text), "of": of}
        else:
            unit = draw(st.sampled_from(comp.TIER_UNITS if of else ("fixed", "per_m2")))
            item |= {
                "unit": unit,
                "tiers": draw(tiers(pct_text if unit == "percent" else money_text)),
            }
            if unit == "percent":
                item["of"] = of
        items.append(item)
    raw = {"name": "随机方案", "items": items, "exchange_flat_price": draw(money_text),
           "default_months": draw(st.integers(0, 36))}  # fmt: skip
    return parse_policy(raw)


areas = st.decimals(min_value=0, max_value=2000, places=2)


@st.composite
def inputs(draw: st.DrawFn) -> Inputs:
    return Inputs(
        area_m2=draw(areas),
        use=draw(st.sampled_from(comp.USES)),
        sign_on=START + timedelta(days=draw(st.integers(0, 1000))),
        assessed_price=draw(st.decimals(min_value=0, max_value=60_000, places=2)),
        assessed_value=draw(st.decimals(min_value=0, max_value=9_000_000, places=2)),
        grade=draw(st.sampled_from(comp.GRADES)),
        flat_area=draw(st.decimals(min_value=1, max_value=300, places=2)),
        flat_delivery=draw(st.none() | st.just(START + timedelta(days=720))),
    )


@settings(max_examples=150, deadline=None)
@given(policies(), inputs())
def test_total_is_the_sum_of_lines_and_no_line_is_negative(
    policy: comp.Policy, given_inputs: Inputs
) -> None:
    bare = comp.estimate(policy, given_inputs, formulas=False)  # project totals skip the text
    for option in comp.estimate(policy, given_inputs).options.values():
        assert option.complete
        assert option.total_fen == sum(line.fen for line in option.lines)
        assert all(line.fen >= 0 for line in option.lines)
        assert [line.fen for line in bare.option(option.option).lines] == [
            line.fen for line in option.lines
        ]


@settings(max_examples=150, deadline=None)
@given(policies(), inputs(), areas)
def test_more_area_never_gives_less(
    policy: comp.Policy, given_inputs: Inputs, more: Decimal
) -> None:
    from dataclasses import replace

    assert given_inputs.area_m2 is not None
    bigger = replace(given_inputs, area_m2=given_inputs.area_m2 + more)
    small, large = comp.estimate(policy, given_inputs), comp.estimate(policy, bigger)
    for option in comp.OPTIONS:
        assert (small.option(option).total_fen or 0) <= (large.option(option).total_fen or 0)


@settings(max_examples=150, deadline=None)
@given(policies(), inputs(), st.integers(0, 400))
def test_tiers_never_increase_later(policy: comp.Policy, given_inputs: Inputs, days: int) -> None:
    from dataclasses import replace

    later = replace(given_inputs, sign_on=given_inputs.sign_on + timedelta(days=days))
    early, late = comp.estimate(policy, given_inputs), comp.estimate(policy, later)
    tiered = {item.key for item in policy.items if item.kind == "date_tiers"}
    for option in comp.OPTIONS:
        before, after = fen_of(early.option(option)), fen_of(late.option(option))
        for key in tiered & before.keys():
            assert after[key] <= before[key]


@settings(max_examples=100, deadline=None)
@given(policies())
def test_every_policy_survives_its_json(policy: comp.Policy) -> None:
    assert parse_policy(policy_to_json(policy)) == policy


def test_the_documented_example_is_a_valid_policy() -> None:
    import json
    from pathlib import Path

    doc = Path(__file__).resolve().parents[2] / "docs" / "compensation.md"
    example = doc.read_text(encoding="utf-8").split("```json\n", 1)[1].split("```", 1)[0]
    policy = parse_policy(json.loads(example))
    assert [item.kind for item in policy.items] == [
        "area_price", "area_minimum", "monthly", "date_tiers",
    ]  # fmt: skip
