"""How reports write numbers: money in capital numerals (大写金额), yuan, 万元, areas and rates.

Capital amounts follow the People's Bank rules for writing amounts (《支付结算办法》附件):
壹贰叁肆伍陆柒捌玖拾佰仟万亿, a single 零 for any run of zeros inside the number, 整 after 元
when there are no 角 or 分, nothing after 角 or 分, and a 零 between 元 and 分 when 角 is zero
(壹元零伍分). 拾 is always written with its digit (壹拾元整), as cheques require.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

DIGITS = "零壹贰叁肆伍陆柒捌玖"
_IN_GROUP = ("仟", "佰", "拾", "")  # positions inside a group of four digits, high to low
_GROUPS = ("", "万", "亿", "万亿")  # group units, low to high
MAX_CAPITAL = Decimal("9999999999999999.99")  # 9999 万亿

Number = Decimal | int | float | str
DASH = "—"


def to_decimal(value: Number) -> Decimal:
    """A Decimal for an int, a str or a float (a float through its shortest repr, so 0.1 → 0.1)."""
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {value!r}") from exc


def to_fen(value: Number) -> int:
    """Whole fen (cents), rounded half up."""
    amount = to_decimal(value)
    if not amount.is_finite():
        raise ValueError(f"not a finite amount: {value!r}")
    return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _group(n: int) -> str:
    """Capital digits for 1..9999 without leading 零, one 零 per inner run of zeros."""
    digits = f"{n:04d}"
    out: list[str] = []
    pending_zero = False
    started = False
    for digit, unit in zip(digits, _IN_GROUP, strict=True):
        if digit == "0":
            pending_zero = started
            continue
        if pending_zero:
            out.append("零")
            pending_zero = False
        out.append(DIGITS[int(digit)] + unit)
        started = True
    return "".join(out)


def _integer(n: int) -> str:
    groups: list[int] = []
    while n:
        groups.append(n % 10_000)
        n //= 10_000
    out: list[str] = []
    zero_between = False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            zero_between = bool(out)
            continue
        if out and (zero_between or group < 1000):
            out.append("零")
        out.append(_group(group) + _GROUPS[index])
        zero_between = False
    return "".join(out)


def capital_yuan(value: Number, *, prefix: str = "") -> str:
    """An amount of yuan in capital numerals: 100005.5 → 壹拾万零伍元伍角.

    Rounded half up to the fen. `prefix` is put in front (for example "人民币").
    """
    fen_total = to_fen(value)
    sign = ""
    if fen_total < 0:
        sign = "负"
        fen_total = -fen_total
    if Decimal(fen_total) / 100 > MAX_CAPITAL:
        raise ValueError(f"amount too large for capital numerals: {value!r}")
    yuan, rest = divmod(fen_total, 100)
    jiao, fen = divmod(rest, 10)
    if yuan == 0 and rest == 0:
        return f"{prefix}零元整"
    parts: list[str] = []
    if yuan:
        parts.append(_integer(yuan) + "元")
    if rest == 0:
        parts.append("整")
    else:
        if jiao:
            parts.append(DIGITS[jiao] + "角")
        elif yuan:
            parts.append("零")
        if fen:
            parts.append(DIGITS[fen] + "分")
    return prefix + sign + "".join(parts)


def yuan(value: Number | None, *, blank: str = DASH) -> str:
    """1234567.8 → "1,234,567.80"."""
    if value is None:
        return blank
    return f"{Decimal(to_fen(value)) / 100:,.2f}"


def wan_yuan(value: Number | None, *, places: int = 2, blank: str = DASH) -> str:
    """Yuan shown in 万元: 1234567.8 → "123.46"."""
    if value is None:
        return blank
    amount = to_decimal(value) / Decimal(10_000)
    quantum = Decimal(1).scaleb(-places)
    return f"{amount.quantize(quantum, rounding=ROUND_HALF_UP):,.{places}f}"


def area(value: Number | None, *, blank: str = DASH) -> str:
    """Square metres to two places: 86.5 → "86.50"."""
    if value is None:
        return blank
    amount = to_decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{amount:,.2f}"


def count(value: int | None, *, blank: str = DASH) -> str:
    return blank if value is None else f"{value:,}"


def ratio(part: Decimal | float, whole: Decimal | float) -> float | None:
    """part / whole, or None when there is nothing to divide by."""
    if not whole:
        return None
    return float(part) / float(whole)


def percent(
    part: Decimal | float, whole: Decimal | float, *, places: int = 1, blank: str = DASH
) -> str:
    """62 of 80 → "77.5%"; a dash when the whole is zero (no rate to speak of)."""
    value = ratio(part, whole)
    if value is None:
        return blank
    scaled = (Decimal(str(value)) * 100).quantize(
        Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP
    )
    return f"{scaled}%"
