"""House-ticket (房票) arithmetic: bonus tiers, the bonus for a date, balance and state.

Pure: no storage, no clock. Money is integer fen (1 yuan = 100 fen) so sums never drift; the
yuan amounts stored in records convert through `to_fen` / `fen_to_yuan`.

How the bonus works (the rule this program applies, stated once):
- A redemption uses `principal` of the ticket's face value to pay for a flat. The district adds
  a bonus (奖励) of `principal × tier %`, rounded *down* to the fen, so the developer is paid
  `principal + bonus`.
- The ticket's balance counts principal only:
  balance = face − redeemed principal − bought back − refunded.
  So the total ever paid out is at most face × (1 + the highest tier %).
- A redemption must be positive, no more than the balance, on or after the issue date and on or
  before `valid_until`; otherwise it is refused with one sentence.
- Buy-back (回购) and refund (退还余额) settle the whole remaining balance without a bonus and
  close the ticket; they are allowed after expiry (that is when a remainder is usually settled).

Tier months are calendar months counted from the issue date: month 1 runs from the issue date
up to the day before the same day-of-month one month later (clamped to the month's end, so a
ticket issued on 31 January starts month 2 on 28/29 February). A tier `{"months": 3, "pct": 20}`
applies while the use falls in months 1–3; tiers are checked in order and the first that covers
the month applies; past the last tier there is no bonus.
"""

from __future__ import annotations

import calendar
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from domain.choices import TICKET_STATES
from domain.errors import Label, UserError

REDEMPTION = "redemption"
BUYBACK = "buyback"
REFUND = "refund"
USE_KINDS = (REDEMPTION, BUYBACK, REFUND)

DEFAULT_VALID_MONTHS = 18
MAX_TIERS = 12


@dataclass(frozen=True)
class BonusTier:
    months: int  # the tier covers uses in months 1..months (after any earlier tier)
    pct: Decimal  # bonus in percent of the principal, e.g. Decimal("20")

    def to_json(self) -> dict[str, Any]:
        pct: int | float = int(self.pct) if self.pct == self.pct.to_integral() else float(self.pct)
        return {"months": self.months, "pct": pct}


DEFAULT_TIERS: tuple[BonusTier, ...] = (
    BonusTier(3, Decimal(20)),
    BonusTier(6, Decimal(16)),
    BonusTier(18, Decimal(12)),
)


@dataclass(frozen=True)
class TicketTerms:
    face_fen: int
    issued_on: date
    valid_until: date
    tiers: tuple[BonusTier, ...] = DEFAULT_TIERS

    @property
    def max_pct(self) -> Decimal:
        return max((tier.pct for tier in self.tiers), default=Decimal(0))


@dataclass(frozen=True)
class Use:
    """One recorded use of a ticket. For buy-back and refund the bonus is zero."""

    kind: str
    principal_fen: int
    used_on: date
    bonus_pct: Decimal = Decimal(0)
    bonus_fen: int = 0

    @property
    def paid_fen(self) -> int:
        return self.principal_fen + self.bonus_fen


@dataclass(frozen=True)
class Ledger:
    face_fen: int
    redeemed_fen: int  # principal used for flats
    bonus_fen: int  # bonus paid on top of the principal
    bought_back_fen: int
    refunded_fen: int
    balance_fen: int  # never negative; see overdrawn_fen
    overdrawn_fen: int  # > 0 only when merged offline uses together exceed the face amount
    state: str  # active | used_up | bought_back | refunded | expired
    redemptions: int

    @property
    def paid_fen(self) -> int:
        """Everything paid out against this ticket: principal + bonus + buy-back + refund."""
        return self.redeemed_fen + self.bonus_fen + self.bought_back_fen + self.refunded_fen


# money -----------------------------------------------------------------------------------------
_CENT = Decimal("0.01")


def to_fen(value: int | float | str | Decimal) -> int:
    """Yuan (as typed or as stored) to integer fen, rounding half up at the fen."""
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation:
        raise UserError("ticket_bad_amount", amount=str(value)) from None
    if not amount.is_finite():
        raise UserError("ticket_bad_amount", amount=str(value))
    try:
        return int(amount.quantize(_CENT, rounding=ROUND_HALF_UP) * 100)
    except InvalidOperation:  # more digits than a Decimal holds (1e400, two hundred 1s)
        raise UserError("ticket_bad_amount", amount=str(value)) from None


def fen_to_yuan(fen: int) -> Decimal:
    return (Decimal(fen) / 100).quantize(_CENT)


def yuan_text(fen: int) -> str:
    """Yuan with thousands separators, e.g. 1,234,567.89 — for sentences."""
    return f"{fen_to_yuan(fen):,.2f}"


# calendar months ---------------------------------------------------------------------------
def add_months(day: date, months: int) -> date:
    """The same day-of-month `months` later, clamped to the end of a shorter month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def month_of_use(issued_on: date, used_on: date) -> int:
    """1 for a use in the first calendar month from issue, 2 for the second, …"""
    if used_on < issued_on:
        raise ValueError("use before issue")
    months = (used_on.year - issued_on.year) * 12 + used_on.month - issued_on.month
    # months is right or one too many; step back while the boundary lies after the use
    while months > 0 and add_months(issued_on, months) > used_on:
        months -= 1
    return months + 1


def default_valid_until(issued_on: date, months: int = DEFAULT_VALID_MONTHS) -> date:
    """The last day of month `months` (18 by default)."""
    return add_months(issued_on, months) - timedelta(days=1)


# tiers ------------------------------------------------------------------------------------
def parse_tiers(raw: Any) -> tuple[BonusTier, ...]:
    """Tiers from JSON text or a list of {"months": int, "pct": number}; None → the defaults.

    Rules: at most 12 tiers, months a whole number 1–120 strictly increasing, pct 0–100."""
    if raw is None or raw == "":
        return DEFAULT_TIERS
    data = raw
    if isinstance(raw, str):
        try:
            data = json.loads(raw)
        except ValueError:
            raise UserError("ticket_bad_tiers") from None
    if not isinstance(data, list) or len(data) > MAX_TIERS:
        raise UserError("ticket_bad_tiers")
    tiers: list[BonusTier] = []
    for item in data:
        if not isinstance(item, dict):
            raise UserError("ticket_bad_tiers")
        months, pct = item.get("months"), item.get("pct")
        if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= 120:
            raise UserError("ticket_bad_tiers")
        if isinstance(pct, bool) or not isinstance(pct, int | float | str):
            raise UserError("ticket_bad_tiers")
        try:
            pct_dec = Decimal(str(pct))
        except InvalidOperation:
            raise UserError("ticket_bad_tiers") from None
        if not pct_dec.is_finite() or not Decimal(0) <= pct_dec <= Decimal(100):
            raise UserError("ticket_bad_tiers")
        if tiers and months <= tiers[-1].months:
            raise UserError("ticket_bad_tiers")
        tiers.append(BonusTier(months, pct_dec))
    return tuple(tiers)


def tiers_to_json(tiers: Iterable[BonusTier]) -> list[dict[str, Any]]:
    return [tier.to_json() for tier in tiers]


def tiers_text(tiers: Sequence[BonusTier], language: str = "zh") -> str:
    """The tiers in words, e.g. 3个月内+20%；4–6个月+16%；7–18个月+12% — for screens and files."""
    parts = []
    start = 1
    for tier in tiers:
        pct = f"{tier.pct.normalize():f}"
        if language == "zh":
            span = f"{tier.months}个月内" if start == 1 else f"{start}–{tier.months}个月"
        else:
            span = f"within {tier.months} months" if start == 1 else f"months {start}–{tier.months}"
        parts.append(f"{span}+{pct}%")
        start = tier.months + 1
    if not parts:
        return "无奖励" if language == "zh" else "no bonus"
    return ("；" if language == "zh" else "; ").join(parts)


def bonus_pct_on(tiers: Sequence[BonusTier], issued_on: date, used_on: date) -> Decimal:
    """The tier percentage for a use on `used_on`; 0 past the last tier or before issue."""
    if used_on < issued_on:
        return Decimal(0)
    month = month_of_use(issued_on, used_on)
    for tier in tiers:
        if month <= tier.months:
            return tier.pct
    return Decimal(0)


def bonus_fen(principal_fen: int, pct: Decimal) -> int:
    """principal × pct / 100, rounded down to the fen (never more than the tier promises)."""
    if principal_fen <= 0 or pct <= 0:
        return 0
    return int((Decimal(principal_fen) * pct / 100).to_integral_value(rounding=ROUND_DOWN))


# ledger -----------------------------------------------------------------------------------
def ledger(terms: TicketTerms, uses: Iterable[Use], today: date) -> Ledger:
    """Fold the uses into totals and the state on `today`.

    State: bought_back / refunded once a buy-back / refund is recorded; otherwise used_up when
    nothing is left; otherwise expired after valid_until; otherwise active."""
    redeemed = bonus = bought = refunded = count = 0
    for use in uses:
        if use.kind == REDEMPTION:
            redeemed += use.principal_fen
            bonus += use.bonus_fen
            count += 1
        elif use.kind == BUYBACK:
            bought += use.principal_fen
        elif use.kind == REFUND:
            refunded += use.principal_fen
    left = terms.face_fen - redeemed - bought - refunded
    if bought:
        state = "bought_back"
    elif refunded:
        state = "refunded"
    elif left <= 0:
        state = "used_up"
    elif today > terms.valid_until:
        state = "expired"
    else:
        state = "active"
    return Ledger(
        face_fen=terms.face_fen,
        redeemed_fen=redeemed,
        bonus_fen=bonus,
        bought_back_fen=bought,
        refunded_fen=refunded,
        balance_fen=max(0, left),
        overdrawn_fen=max(0, -left),
        state=state,
        redemptions=count,
    )


def plan_redemption(
    terms: TicketTerms, uses: Sequence[Use], principal_fen: int, used_on: date
) -> Use:
    """The redemption to record, with its bonus; a UserError when it must be refused."""
    current = ledger(terms, uses, used_on)
    if current.state in ("bought_back", "refunded"):
        raise UserError("ticket_closed", state=_state_label(current.state))
    if principal_fen <= 0:
        raise UserError("ticket_amount_not_positive")
    if used_on < terms.issued_on:
        raise UserError("ticket_used_before_issue", issued_on=terms.issued_on.isoformat())
    if used_on > terms.valid_until:
        raise UserError(
            "ticket_expired_on",
            used_on=used_on.isoformat(),
            valid_until=terms.valid_until.isoformat(),
        )
    if principal_fen > current.balance_fen:
        raise UserError(
            "ticket_over_balance",
            amount=yuan_text(principal_fen),
            balance=yuan_text(current.balance_fen),
        )
    pct = bonus_pct_on(terms.tiers, terms.issued_on, used_on)
    return Use(REDEMPTION, principal_fen, used_on, pct, bonus_fen(principal_fen, pct))


def plan_settlement(terms: TicketTerms, uses: Sequence[Use], kind: str, on: date) -> Use:
    """A buy-back or refund of the whole remaining balance."""
    if kind not in (BUYBACK, REFUND):
        raise ValueError(kind)
    current = ledger(terms, uses, on)
    if current.state in ("bought_back", "refunded"):
        raise UserError("ticket_closed", state=_state_label(current.state))
    if on < terms.issued_on:
        raise UserError("ticket_used_before_issue", issued_on=terms.issued_on.isoformat())
    if current.balance_fen <= 0:
        raise UserError("ticket_nothing_left")
    return Use(kind, current.balance_fen, on)


def check_terms(terms: TicketTerms) -> None:
    if terms.face_fen <= 0:
        raise UserError("ticket_amount_not_positive")
    if terms.valid_until < terms.issued_on:
        raise UserError(
            "ticket_valid_before_issue",
            valid_until=terms.valid_until.isoformat(),
            issued_on=terms.issued_on.isoformat(),
        )


def _state_label(state: str) -> Label:
    choice = TICKET_STATES.get(state)
    return Label(choice.zh, choice.en)
