"""House-ticket arithmetic with fixed dates, and its invariants under random use sequences."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.errors import UserError
from domain.tickets import (
    BUYBACK,
    DEFAULT_TIERS,
    REDEMPTION,
    REFUND,
    BonusTier,
    TicketTerms,
    Use,
    add_months,
    bonus_fen,
    bonus_pct_on,
    default_valid_until,
    ledger,
    month_of_use,
    parse_tiers,
    plan_redemption,
    plan_settlement,
    tiers_text,
    to_fen,
)

ISSUED = date(2026, 1, 15)
TERMS = TicketTerms(face_fen=100_000_000, issued_on=ISSUED, valid_until=date(2027, 7, 14))


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)


@pytest.mark.parametrize(
    ("used", "month"),
    [
        (date(2026, 1, 15), 1),
        (date(2026, 2, 14), 1),
        (date(2026, 2, 15), 2),
        (date(2026, 4, 14), 3),
        (date(2026, 4, 15), 4),
        (date(2027, 7, 14), 18),
        (date(2027, 7, 15), 19),
    ],
)
def test_month_of_use_counts_calendar_months_from_issue(used: date, month: int) -> None:
    assert month_of_use(ISSUED, used) == month


def test_month_of_use_from_the_31st() -> None:
    issued = date(2026, 1, 31)
    assert month_of_use(issued, date(2026, 2, 27)) == 1
    assert month_of_use(issued, date(2026, 2, 28)) == 2  # month 2 starts on the clamped day
    assert month_of_use(issued, date(2026, 3, 30)) == 2
    assert month_of_use(issued, date(2026, 3, 31)) == 3


@pytest.mark.parametrize(
    ("used", "pct"),
    [
        (date(2026, 1, 15), 20),
        (date(2026, 4, 14), 20),  # last day of month 3
        (date(2026, 4, 15), 16),  # first day of month 4
        (date(2026, 7, 14), 16),
        (date(2026, 7, 15), 12),
        (date(2027, 7, 14), 12),  # last day of month 18
        (date(2027, 7, 15), 0),
        (date(2026, 1, 14), 0),  # before issue
    ],
)
def test_default_tiers(used: date, pct: int) -> None:
    assert bonus_pct_on(DEFAULT_TIERS, ISSUED, used) == Decimal(pct)


def test_default_validity_is_the_last_day_of_month_18() -> None:
    assert default_valid_until(ISSUED) == date(2027, 7, 14)


def test_bonus_is_rounded_down_to_the_fen() -> None:
    assert bonus_fen(333, Decimal(20)) == 66  # 66.6 fen
    assert bonus_fen(100_000_000, Decimal(20)) == 20_000_000
    assert bonus_fen(12_345, Decimal("12.5")) == 1543  # 1543.125
    assert bonus_fen(0, Decimal(20)) == 0


def test_to_fen_has_no_float_drift() -> None:
    assert to_fen(0.1 + 0.2) == 30
    assert to_fen(1_234_567.89) == 123_456_789
    assert to_fen("1234.565") == 123_457  # half up at the fen
    assert to_fen(Decimal("8000000")) == 800_000_000
    with pytest.raises(UserError):
        to_fen("一百万")
    with pytest.raises(UserError):
        to_fen("nan")


def test_parse_tiers() -> None:
    assert parse_tiers(None) == DEFAULT_TIERS
    text = '[{"months": 6, "pct": 15}, {"months": 12, "pct": 8.5}]'
    assert parse_tiers(text) == (BonusTier(6, Decimal(15)), BonusTier(12, Decimal("8.5")))
    assert parse_tiers([]) == ()
    for bad in (
        "not json",
        '{"months": 3}',
        '[{"months": 6, "pct": 10}, {"months": 3, "pct": 20}]',  # not increasing
        '[{"months": 0, "pct": 10}]',
        '[{"months": 3, "pct": 101}]',
        '[{"months": 3, "pct": -1}]',
        '[{"months": 3.5, "pct": 10}]',
        '[{"months": true, "pct": 10}]',
    ):
        with pytest.raises(UserError) as err:
            parse_tiers(bad)
        assert err.value.code == "ticket_bad_tiers"


def test_tiers_text() -> None:
    assert tiers_text(DEFAULT_TIERS) == "3个月内+20%；4–6个月+16%；7–18个月+12%"
    assert tiers_text(DEFAULT_TIERS, "en") == "within 3 months+20%; months 4–6+16%; months 7–18+12%"
    assert tiers_text(()) == "无奖励"


def test_redemption_gets_the_bonus_of_its_date() -> None:
    use = plan_redemption(TERMS, [], 60_000_000, date(2026, 5, 1))  # month 4: +16 %
    assert use == Use(REDEMPTION, 60_000_000, date(2026, 5, 1), Decimal(16), 9_600_000)
    book = ledger(TERMS, [use], date(2026, 5, 1))
    assert book.balance_fen == 40_000_000  # the balance counts principal only
    assert book.bonus_fen == 9_600_000
    assert book.paid_fen == 69_600_000
    assert book.state == "active"


def test_refusals_each_say_why_in_one_sentence() -> None:
    first = plan_redemption(TERMS, [], 90_000_000, date(2026, 2, 1))
    with pytest.raises(UserError) as err:
        plan_redemption(TERMS, [first], 20_000_000, date(2026, 3, 1))
    assert err.value.code == "ticket_over_balance"
    assert err.value.message("zh") == "本次使用 200,000.00 元超过房票余额 100,000.00 元。"
    with pytest.raises(UserError) as err:
        plan_redemption(TERMS, [], 100, date(2027, 7, 15))
    assert err.value.code == "ticket_expired_on"
    assert "2027-07-14" in err.value.message("zh")
    with pytest.raises(UserError) as err:
        plan_redemption(TERMS, [], 100, date(2026, 1, 14))
    assert err.value.code == "ticket_used_before_issue"
    with pytest.raises(UserError) as err:
        plan_redemption(TERMS, [], 0, date(2026, 2, 1))
    assert err.value.code == "ticket_amount_not_positive"
    # on the last valid day it is still accepted, for exactly the balance
    last = plan_redemption(TERMS, [first], 10_000_000, date(2027, 7, 14))
    assert last.bonus_pct == Decimal(12)
    assert ledger(TERMS, [first, last], date(2027, 7, 14)).state == "used_up"


def test_buy_back_and_refund_settle_the_remainder() -> None:
    first = plan_redemption(TERMS, [], 30_000_000, date(2026, 2, 1))
    bought = plan_settlement(TERMS, [first], BUYBACK, date(2027, 9, 1))  # after expiry is fine
    assert bought == Use(BUYBACK, 70_000_000, date(2027, 9, 1))
    book = ledger(TERMS, [first, bought], date(2027, 9, 1))
    assert (book.balance_fen, book.state, book.bought_back_fen) == (0, "bought_back", 70_000_000)
    with pytest.raises(UserError) as err:
        plan_redemption(TERMS, [first, bought], 1, date(2026, 3, 1))
    assert err.value.code == "ticket_closed"
    assert "已回购" in err.value.message("zh")
    with pytest.raises(UserError) as err:
        plan_settlement(TERMS, [first, bought], REFUND, date(2027, 9, 2))
    assert err.value.code == "ticket_closed"

    refunded = plan_settlement(TERMS, [], REFUND, date(2026, 3, 1))
    assert ledger(TERMS, [refunded], date(2026, 3, 1)).state == "refunded"
    whole = plan_redemption(TERMS, [], TERMS.face_fen, date(2026, 3, 1))
    with pytest.raises(UserError) as err:
        plan_settlement(TERMS, [whole], REFUND, date(2026, 3, 2))
    assert err.value.code == "ticket_nothing_left"


def test_states_by_day() -> None:
    assert ledger(TERMS, [], date(2027, 7, 14)).state == "active"
    assert ledger(TERMS, [], date(2027, 7, 15)).state == "expired"


def test_merged_offline_redemptions_show_as_overdrawn_not_negative() -> None:
    a = plan_redemption(TERMS, [], 80_000_000, date(2026, 2, 1))
    b = plan_redemption(TERMS, [], 50_000_000, date(2026, 2, 2))  # another laptop, same ticket
    book = ledger(TERMS, [a, b], date(2026, 3, 1))
    assert book.balance_fen == 0
    assert book.overdrawn_fen == 30_000_000
    assert book.state == "used_up"


# properties -------------------------------------------------------------------------------
tier_lists = st.lists(st.tuples(st.integers(1, 24), st.decimals(0, 40, places=1)), max_size=4).map(
    lambda items: tuple(
        BonusTier(months, pct) for months, pct in sorted({m: p for m, p in items}.items())
    )
)
actions = st.lists(
    st.tuples(
        st.sampled_from([REDEMPTION] * 6 + [BUYBACK, REFUND]),
        st.integers(-5, 60_000_000),
        st.integers(-40, 700),
    ),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(
    face=st.integers(1, 200_000_000),
    valid_days=st.integers(0, 600),
    tiers=tier_lists,
    steps=actions,
)
def test_accepted_uses_keep_the_ledger_sound(
    face: int, valid_days: int, tiers: tuple[BonusTier, ...], steps: list[tuple[str, int, int]]
) -> None:
    terms = TicketTerms(face, ISSUED, ISSUED + timedelta(days=valid_days), tiers)
    uses: list[Use] = []
    for kind, amount, offset in steps:
        day = ISSUED + timedelta(days=offset)
        try:
            if kind == REDEMPTION:
                use = plan_redemption(terms, uses, amount, day)
            else:
                use = plan_settlement(terms, uses, kind, day)
        except UserError:
            continue
        assert use.bonus_fen >= 0 and use.principal_fen > 0
        uses.append(use)
        book = ledger(terms, uses, day)
        assert book.balance_fen >= 0
        assert book.overdrawn_fen == 0
        assert book.redeemed_fen + book.bought_back_fen + book.refunded_fen <= face
        assert book.redeemed_fen + book.bonus_fen <= face * (1 + terms.max_pct / 100)
        assert (
            book.balance_fen == face - book.redeemed_fen - book.bought_back_fen - book.refunded_fen
        )
    final = ledger(terms, uses, ISSUED + timedelta(days=800))
    assert final.paid_fen <= face * (1 + terms.max_pct / 100)
    assert sum(u.bonus_fen for u in uses) <= final.redeemed_fen * terms.max_pct / 100


@settings(max_examples=300, deadline=None)
@given(principal=st.integers(0, 10**12), pct=st.decimals(0, 100, places=2))
def test_bonus_never_negative_nor_above_the_tier(principal: int, pct: Decimal) -> None:
    found = bonus_fen(principal, pct)
    assert 0 <= found <= principal * pct / 100
    assert principal * pct / 100 - found < 1
