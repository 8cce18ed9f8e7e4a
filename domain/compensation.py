"""Compensation policies (补偿方案) as data and the estimate they give one household.

A policy is a list of line items, each of a fixed kind with parameters — there is no formula
language. The kinds (KINDS) cover 条例 590 Art.17–23 and the usual local subsidies and rewards:

    area_price    unit price × area: the policy's price per ㎡, or the household's own assessed
                  price per ㎡, × 建筑面积; or the household's own assessed value (评估总价)
    grade_area    per ㎡ by decoration grade (装饰装修: 简易 / 普通 / 中档 / 精装)
    area_minimum  per ㎡ with a minimum, paid once or twice by option (搬迁费: money once,
                  property exchange twice — move out, move in)
    monthly       per ㎡ per month × months (临时安置费: months until the flat is delivered, or the
                  policy's default months when no flat is chosen)
    fixed         a fixed sum per household
    percent       a percentage of other lines (停产停业损失, 房票 bonus)
    date_tiers    by the signing date: by D1 → X, by D2 → Y, after → 0 (按期签约/搬迁奖励); X may be
                  a sum, a sum per ㎡ or a percentage of other lines

Each item lists the options (货币补偿 money / 房票 ticket / 产权调换 exchange) and the uses
(住宅 residential / 非住宅 non_residential) it applies to. Collective-land items (土地补偿费,
安置补助费, 地上附着物和青苗补偿) are area_price, fixed or area_minimum items.

Money is integer fen. Rounding, stated once: each line is computed exactly and rounded half up
to the fen (四舍五入到分, per line); a percentage line takes the already rounded fen of the lines
it refers to; a total is the sum of its rounded lines. Lines are never negative. With property
exchange, the flat's value (安置房结算单价 × the flat's area) is set against the total and the
difference (差价) is shown beside it — positive paid to the household, negative paid by it.

What a household lacks for a line (no area, no assessed price, no grade, no use) is reported as a
Missing entry, one sentence each, and the option that needs it has no total: nothing is guessed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from domain.errors import Label, UserError

OPTIONS = ("money", "ticket", "exchange")
OPTION_NAMES = {
    "money": ("货币补偿", "money"),
    "ticket": ("房票", "house ticket"),
    "exchange": ("产权调换", "property exchange"),
}
USES = ("residential", "non_residential")
USE_NAMES = {
    "residential": ("住宅", "residential"),
    "non_residential": ("非住宅", "non-residential"),
}
GRADES = ("simple", "ordinary", "medium", "fine")
GRADE_NAMES = {
    "simple": ("简易", "simple"),
    "ordinary": ("普通", "ordinary"),
    "medium": ("中档", "medium"),
    "fine": ("精装", "fine"),
}
KINDS = ("area_price", "grade_area", "area_minimum", "monthly", "fixed", "percent", "date_tiers")
KIND_NAMES = {
    "area_price": ("单价 × 面积", "unit price × area"),
    "grade_area": ("按装修档次每平方米", "per m² by grade"),
    "area_minimum": ("每平方米（设最低额）× 次数", "per m² with a minimum × times"),
    "monthly": ("每平方米每月 × 月数", "per m² per month × months"),
    "fixed": ("每户定额", "fixed per household"),
    "percent": ("其他项目的百分比", "percentage of other lines"),
    "date_tiers": ("按签约日期分档", "tiers by signing date"),
}
SOURCES = ("policy_price", "assessed_price", "assessed_value")
TIER_UNITS = ("fixed", "per_m2", "percent")
FORMAT = "doorstep-policy"
FORMAT_VERSION = 1
MAX_ITEMS = 60
MAX_TIERS = 12
MAX_YUAN = Decimal("10000000000")  # ten billion yuan: beyond any one household
MAX_MONTHS = 240
ROUNDING_NOTE_ZH = "各项金额逐项计算，四舍五入到分；合计为各项之和。"
ROUNDING_NOTE_EN = "Each line is computed on its own and rounded half up to the fen; a total is "
ROUNDING_NOTE_EN += "the sum of its lines."
NBSP = "\u00a0"  # keeps "12 500.00" on one line in PDFs
FEN = Decimal(1)


# ---------------------------------------------------------------------------------------------
# The policy


@dataclass(frozen=True)
class Tier:
    """Up to and including `until` (None: any later date) the item is worth `value`."""

    until: dt.date | None
    value: Decimal


@dataclass(frozen=True)
class LineItem:
    key: str
    name: str
    kind: str
    options: frozenset[str] = frozenset(OPTIONS)
    uses: frozenset[str] = frozenset(USES)
    source: str = "policy_price"  # area_price
    price: Decimal | None = None  # yuan per ㎡ (area_price, area_minimum, monthly)
    grades: Mapping[str, Decimal] = field(default_factory=dict)  # grade_area: yuan per ㎡
    minimum: Decimal = Decimal(0)  # area_minimum, per time
    times: Mapping[str, int] = field(default_factory=dict)  # area_minimum: per option, default 1
    months: int | None = None  # monthly: fixed months (else the flat's delivery, else default)
    amount: Decimal = Decimal(0)  # fixed
    percent: Decimal = Decimal(0)  # percent
    of: tuple[str, ...] = ()  # percent, date_tiers with unit percent: keys of earlier lines
    tiers: tuple[Tier, ...] = ()  # date_tiers
    tier_unit: str = "fixed"  # date_tiers: fixed | per_m2 | percent

    def applies(self, option: str, use: str | None) -> bool:
        return option in self.options and (use is None or use in self.uses)


@dataclass(frozen=True)
class Policy:
    name: str
    items: tuple[LineItem, ...]
    district: str = ""
    note: str = ""
    exchange_flat_price: Decimal | None = None  # 安置房结算单价, yuan per ㎡
    default_months: int = 24  # 临时安置 months when no flat delivery date is known

    def item(self, key: str) -> LineItem:
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(key)


# ---------------------------------------------------------------------------------------------
# Reading and writing the small JSON form (import/export and the stored record)


@dataclass(frozen=True)
class _Where:
    """Where in a policy a problem is, in both languages ("第 3 项“搬迁费”的单价")."""

    zh: str
    en: str

    def sub(self, zh: str, en: str) -> _Where:
        return _Where(f"{self.zh}{zh}", f"{self.en} {en}".strip())


def _bad(where: _Where, zh: str, en: str) -> UserError:
    joint = "：" if where.zh else ""
    return UserError(
        "policy_invalid",
        detail=Label(f"{where.zh}{joint}{zh}", f"{where.en}: {en}" if where.en else en),
    )


_TOP = _Where("", "")


def _money(value: Any, where: _Where, *, allow_none: bool = False) -> Decimal | None:
    if value is None or value == "":
        if allow_none:
            return None
        raise _bad(where, "缺少金额", "the amount is missing")
    shown = str(value)[:40]
    if isinstance(value, bool):
        raise _bad(where, f"“{shown}”不是金额", f"“{shown}” is not an amount")
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        raise _bad(where, f"“{shown}”不是金额", f"“{shown}” is not an amount") from None
    if not amount.is_finite() or amount < 0 or amount > MAX_YUAN:
        raise _bad(
            where, f"金额应在 0 到 {MAX_YUAN} 元之间", f"the amount must be 0 to {MAX_YUAN} yuan"
        )
    if amount != amount.quantize(Decimal("0.01")):
        raise _bad(where, "金额最多两位小数", "an amount has at most two decimals")
    return amount


def _pct(value: Any, where: _Where) -> Decimal:
    if isinstance(value, bool) or value is None:
        raise _bad(where, "缺少百分比", "the percentage is missing")
    shown = str(value)[:40]
    try:
        amount = Decimal(str(value).strip().rstrip("%"))
    except (InvalidOperation, ValueError):
        raise _bad(where, f"“{shown}”不是百分比", f"“{shown}” is not a percentage") from None
    if not amount.is_finite() or amount < 0 or amount > 1000:
        raise _bad(where, "百分比应在 0 到 1000 之间", "the percentage must be 0 to 1000")
    if amount != amount.quantize(Decimal("0.0001")):
        raise _bad(where, "百分比最多四位小数", "a percentage has at most four decimals")
    return amount


def _int(value: Any, where: _Where, low: int, high: int) -> int:
    try:
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ValueError
        number = int(value)
    except ValueError:
        raise _bad(where, "应为整数", "must be a whole number") from None
    if not low <= number <= high:
        raise _bad(where, f"应在 {low} 到 {high} 之间", f"must be {low} to {high}")
    return number


def _text(value: Any, where: _Where, max_len: int, *, required: bool = True) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise _bad(where, "应为文字", "must be text")
    stripped: str = value.strip()
    if required and not stripped:
        raise _bad(where, "不能为空", "must not be empty")
    if len(stripped) > max_len:
        raise _bad(where, f"超过 {max_len} 字", f"longer than {max_len} characters")
    return stripped


def _codes(value: Any, allowed: Sequence[str], where: _Where) -> frozenset[str]:
    if value is None:
        return frozenset(allowed)
    listed = "、".join(allowed)
    if not isinstance(value, list) or not value:
        raise _bad(where, f"应列出至少一项（{listed}）", f"list at least one of {listed}")
    for code in value:
        if code not in allowed:
            shown = str(code)[:40]
            raise _bad(
                where, f"“{shown}”不是可选项（{listed}）", f"“{shown}” is not one of {listed}"
            )
    return frozenset(value)


def _date(value: Any, where: _Where) -> dt.date | None:
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        shown = str(value)[:40]
        raise _bad(
            where, f"“{shown}”不是日期（yyyy-mm-dd）", f"“{shown}” is not a date (yyyy-mm-dd)"
        ) from None


def _item(raw: Any, index: int, earlier: Sequence[str]) -> LineItem:
    where = _Where(f"第 {index} 项", f"item {index}")
    if not isinstance(raw, dict):
        raise _bad(where, "应为一个对象", "must be an object")
    key = _text(raw.get("key"), where.sub("的 key", "key"), 40)
    if not key.replace("_", "").isalnum() or not key.isascii():
        raise _bad(where, "key 只能用字母、数字和下划线", "key may hold only letters, digits and _")
    if key in earlier:
        raise _bad(where, f"key“{key}”重复", f"key “{key}” is used twice")
    name = _text(raw.get("name"), where.sub("的名称", "name"), 60)
    where = _Where(f"第 {index} 项“{name}”", f"item {index} “{name}”")
    kind = raw.get("kind")
    if kind not in KINDS:
        shown, listed = str(kind)[:40], "、".join(KINDS)
        raise _bad(
            where, f"类型“{shown}”不是 {listed} 之一", f"kind “{shown}” is not one of {listed}"
        )
    values: dict[str, Any] = {
        "key": key,
        "name": name,
        "kind": kind,
        "options": _codes(raw.get("options"), OPTIONS, where.sub("的适用方式", "options")),
        "uses": _codes(raw.get("uses"), USES, where.sub("的适用用途", "uses")),
    }

    def of() -> tuple[str, ...]:
        refs = raw.get("of")
        if not isinstance(refs, list) or not refs:
            raise _bad(
                where, "应列出所依据的前面的项目（of）", "list the earlier items it is of (of)"
            )
        for ref in refs:
            if ref not in earlier:
                shown = str(ref)[:40]
                raise _bad(
                    where, f"所依据的“{shown}”不是前面的项目", f"“{shown}” is not an earlier item"
                )
        return tuple(dict.fromkeys(refs))

    if kind == "area_price":
        source = raw.get("source", "policy_price")
        if source not in SOURCES:
            listed = "、".join(SOURCES)
            raise _bad(where, f"单价来源应为 {listed} 之一", f"source must be one of {listed}")
        values["source"] = source
        if source == "policy_price":
            values["price"] = _money(raw.get("price"), where.sub("的单价", "price"))
    elif kind == "grade_area":
        grades = raw.get("grades")
        if not isinstance(grades, dict) or not grades:
            raise _bad(where, "应给出各装修档次的单价（grades）", "give the price of each grade")
        for grade in grades:
            if grade not in GRADES:
                shown, listed = str(grade)[:40], "、".join(GRADES)
                raise _bad(
                    where,
                    f"“{shown}”不是装修档次（{listed}）",
                    f"“{shown}” is not a grade ({listed})",
                )
        values["grades"] = {
            g: _money(v, where.sub(f"的{g}单价", f"{g} price")) for g, v in grades.items()
        }
    elif kind == "area_minimum":
        values["price"] = _money(raw.get("price"), where.sub("的单价", "price"))
        values["minimum"] = _money(raw.get("minimum", 0), where.sub("的最低额", "minimum"))
        times = raw.get("times") or {}
        if not isinstance(times, dict):
            raise _bad(where, "次数（times）应按补偿方式给出", "times must be given per option")
        for option in times:
            if option not in OPTIONS:
                shown = str(option)[:40]
                raise _bad(where, f"“{shown}”不是补偿方式", f"“{shown}” is not an option")
        values["times"] = {o: _int(n, where.sub("的次数", "times"), 1, 4) for o, n in times.items()}
    elif kind == "monthly":
        values["price"] = _money(raw.get("price"), where.sub("的每月单价", "monthly price"))
        if raw.get("months") is not None:
            values["months"] = _int(raw.get("months"), where.sub("的月数", "months"), 0, MAX_MONTHS)
    elif kind == "fixed":
        values["amount"] = _money(raw.get("amount"), where.sub("的金额", "amount"))
    elif kind == "percent":
        values["percent"] = _pct(raw.get("percent"), where.sub("的比例", "percentage"))
        values["of"] = of()
    else:  # date_tiers
        unit = raw.get("unit", "fixed")
        if unit not in TIER_UNITS:
            listed = "、".join(TIER_UNITS)
            raise _bad(where, f"分档单位应为 {listed} 之一", f"unit must be one of {listed}")
        values["tier_unit"] = unit
        if unit == "percent":
            values["of"] = of()
        values["tiers"] = _tiers(raw.get("tiers"), where, unit)
    return LineItem(**values)


def _tiers(raw: Any, where: _Where, unit: str) -> tuple[Tier, ...]:
    if not isinstance(raw, list) or not raw or len(raw) > MAX_TIERS:
        raise _bad(where, f"应列出 1 到 {MAX_TIERS} 个档次", f"list 1 to {MAX_TIERS} tiers")
    tiers: list[Tier] = []
    for number, entry in enumerate(raw, start=1):
        at = where.sub(f"第 {number} 档", f"tier {number}")
        if not isinstance(entry, dict):
            raise _bad(at, "应写明截止日期（until）和数值（value）", "give until and value")
        until = _date(entry.get("until"), at.sub("的截止日期", "until"))
        value = (
            _pct(entry.get("value"), at.sub("的比例", "percentage"))
            if unit == "percent"
            else _money(entry.get("value"), at.sub("的金额", "amount"))
        )
        assert value is not None
        if tiers:
            previous = tiers[-1]
            if previous.until is None:
                raise _bad(
                    at, "不设截止日期的档次只能是最后一档", "only the last tier may have no date"
                )
            if until is not None and until <= previous.until:
                raise _bad(at, "截止日期应晚于上一档", "its date must be after the previous tier's")
            if value > previous.value:
                raise _bad(at, "后面的档次不能高于前面的档次", "a later tier cannot be worth more")
        tiers.append(Tier(until, value))
    return tuple(tiers)


def parse_policy(raw: Any) -> Policy:
    """A Policy from its JSON form; one sentence (UserError "policy_invalid") when it is wrong."""
    if not isinstance(raw, dict):
        raise _bad(_TOP, "方案应为一个 JSON 对象", "a policy is one JSON object")
    if raw.get("format", FORMAT) != FORMAT:
        raise _bad(_TOP, f"format 应为“{FORMAT}”", f"format must be “{FORMAT}”")
    if raw.get("format_version", FORMAT_VERSION) != FORMAT_VERSION:
        raise _bad(
            _TOP,
            f"format_version 应为 {FORMAT_VERSION}",
            f"format_version must be {FORMAT_VERSION}",
        )
    items_raw = raw.get("items")
    if not isinstance(items_raw, list) or not items_raw:
        raise _bad(_TOP, "方案至少要有一个项目（items）", "a policy needs at least one item")
    if len(items_raw) > MAX_ITEMS:
        raise _bad(_TOP, f"方案最多 {MAX_ITEMS} 个项目", f"a policy has at most {MAX_ITEMS} items")
    items: list[LineItem] = []
    for index, entry in enumerate(items_raw, start=1):
        items.append(_item(entry, index, [i.key for i in items]))
    return Policy(
        name=_text(raw.get("name"), _Where("方案名称", "policy name"), 100),
        items=tuple(items),
        district=_text(raw.get("district"), _Where("区", "district"), 40, required=False),
        note=_text(raw.get("note"), _Where("说明", "note"), 2000, required=False),
        exchange_flat_price=_money(
            raw.get("exchange_flat_price"),
            _Where("安置房结算单价", "flat settlement price"),
            allow_none=True,
        ),
        default_months=_int(
            raw.get("default_months", 24),
            _Where("默认临时安置月数", "default transition months"),
            0,
            MAX_MONTHS,
        ),
    )


def _num(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else str(value)


def policy_to_json(policy: Policy) -> dict[str, Any]:
    """The JSON form parse_policy reads (amounts as strings: no float on the way)."""
    items = []
    for item in policy.items:
        entry: dict[str, Any] = {"key": item.key, "name": item.name, "kind": item.kind}
        entry["options"] = [o for o in OPTIONS if o in item.options]
        entry["uses"] = [u for u in USES if u in item.uses]
        if item.kind == "area_price":
            entry["source"] = item.source
            if item.source == "policy_price" and item.price is not None:
                entry["price"] = str(item.price)
        elif item.kind == "grade_area":
            entry["grades"] = {g: str(item.grades[g]) for g in GRADES if g in item.grades}
        elif item.kind == "area_minimum":
            entry["price"] = str(item.price)
            entry["minimum"] = str(item.minimum)
            entry["times"] = {o: item.times[o] for o in OPTIONS if o in item.times}
        elif item.kind == "monthly":
            entry["price"] = str(item.price)
            if item.months is not None:
                entry["months"] = item.months
        elif item.kind == "fixed":
            entry["amount"] = str(item.amount)
        elif item.kind == "percent":
            entry["percent"] = _num(item.percent)
            entry["of"] = list(item.of)
        else:
            entry["unit"] = item.tier_unit
            if item.tier_unit == "percent":
                entry["of"] = list(item.of)
            entry["tiers"] = [
                {
                    "until": t.until.isoformat() if t.until else None,
                    "value": _num(t.value) if item.tier_unit == "percent" else str(t.value),
                }
                for t in item.tiers
            ]
        items.append(entry)
    out: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "name": policy.name,
        "district": policy.district,
        "note": policy.note,
        "default_months": policy.default_months,
        "items": items,
    }
    if policy.exchange_flat_price is not None:
        out["exchange_flat_price"] = str(policy.exchange_flat_price)
    return out


# ---------------------------------------------------------------------------------------------
# One household's inputs and its estimate


@dataclass(frozen=True)
class Inputs:
    """What a household brings to an estimate. `sign_on` is the signing date the date tiers
    look at: the date signed, or the date the estimate supposes."""

    area_m2: Decimal | None
    use: str | None
    sign_on: dt.date
    assessed_price: Decimal | None = None  # yuan per ㎡
    assessed_value: Decimal | None = None  # yuan
    grade: str | None = None
    flat_area: Decimal | None = None  # the chosen or offered resettlement flat
    flat_delivery: dt.date | None = None
    area_label: str = "建筑面积"


@dataclass(frozen=True)
class Missing:
    """An input the household lacks; `code` is a catalogue sentence."""

    code: str
    item: str = ""  # the line that needs it ("" for the whole estimate)

    def params(self) -> dict[str, str]:
        return {"item": self.item}


@dataclass(frozen=True)
class Line:
    key: str
    name: str
    kind: str
    fen: int
    formula: str  # "12 500.00 元/㎡ × 87.03 ㎡"


@dataclass(frozen=True)
class OptionEstimate:
    option: str
    lines: tuple[Line, ...]
    missing: tuple[Missing, ...]
    flat_value_fen: int | None = None  # exchange: the flat's value
    flat_formula: str = ""

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def total_fen(self) -> int | None:
        """The sum of the lines; None when an input is missing (no partial total is shown)."""
        return sum(line.fen for line in self.lines) if self.complete else None

    @property
    def partial_fen(self) -> int:
        return sum(line.fen for line in self.lines)

    @property
    def difference_fen(self) -> int | None:
        """Exchange: total − the flat's value (positive: paid to the household)."""
        total = self.total_fen
        if total is None or self.flat_value_fen is None:
            return None
        return total - self.flat_value_fen


@dataclass(frozen=True)
class Estimate:
    options: dict[str, OptionEstimate]
    missing: tuple[Missing, ...]  # every missing input, once, across the options

    def option(self, code: str) -> OptionEstimate:
        return self.options[code]


def yuan_text(fen: int) -> str:
    """1250000 → "12 500.00" (groups of three with a no-break space, as the sheet shows)."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole:,}.{cents:02d}".replace(",", NBSP)


def decimal_text(value: Decimal, places: int = 2) -> str:
    quantum = Decimal(1).scaleb(-places)
    text = f"{value.quantize(quantum, rounding=ROUND_HALF_UP):,.{places}f}"
    return text.replace(",", NBSP)


def pct_text(value: Decimal) -> str:
    return f"{_num(value)}%"


def round_fen(yuan: Decimal) -> int:
    """Yuan to whole fen, half up: the one rounding rule of every line."""
    return int((yuan * 100).quantize(FEN, rounding=ROUND_HALF_UP))


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from start to end, a part month counted as a month (0 when end ≤ start)."""
    if end <= start:
        return 0
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day > start.day:
        months += 1
    return max(months, 0)


def tier_for(tiers: Sequence[Tier], day: dt.date) -> Tier | None:
    """The tier a date falls in; None after the last dated tier (worth nothing)."""
    for tier in tiers:
        if tier.until is None or day <= tier.until:
            return tier
    return None


@dataclass(frozen=True)
class Words:
    """The words of the formulas in one language (the printed sheet is always Chinese)."""

    yuan: str
    per_m2: str
    per_m2_month: str
    m2: str
    assessed_value: str  # {value}
    below_minimum: str  # {minimum}
    times: str  # {formula} {times}
    months: str  # {months}
    until_flat: str  # {date}
    default_months: str
    per_household: str  # {amount}
    signing: str  # {date}
    by: str  # {date}
    after: str  # {date}
    percent_of: str  # {names} {base}
    colon: str
    grade: str  # {grade}
    grades: dict[str, str]


WORDS = {
    "zh": Words(
        yuan="元",
        per_m2="元/㎡",
        per_m2_month="元/㎡·月",
        m2="㎡",
        assessed_value="评估总价 {value}",
        below_minimum="，不足最低额按 {minimum}",
        times="（{formula}）× {times} 次",
        months="{months} 个月",
        until_flat="（至安置房交付 {date}）",
        default_months="（方案默认过渡期）",
        per_household="每户 {amount}",
        signing="{date} 签约",
        by="（{date} 前）",
        after="，晚于 {date}，不享受",
        percent_of="（{names}）{base}",
        colon="：",
        grade="（{grade}）",
        grades={g: zh for g, (zh, _en) in GRADE_NAMES.items()},
    ),
    "en": Words(
        yuan="yuan",
        per_m2="yuan/m²",
        per_m2_month="yuan/m²/month",
        m2="m²",
        assessed_value="assessed value {value}",
        below_minimum=", below the minimum: {minimum}",
        times="({formula}) × {times} times",
        months="{months} months",
        until_flat=" (until the flat is delivered on {date})",
        default_months=" (the policy's default transition)",
        per_household="{amount} per household",
        signing="signing on {date}",
        by=" (by {date})",
        after=", after {date}: nothing",
        percent_of="({names}) {base}",
        colon=": ",
        grade=" ({grade}) ",
        grades={g: en for g, (_zh, en) in GRADE_NAMES.items()},
    ),
}


def _area(inputs: Inputs, w: Words) -> str:
    assert inputs.area_m2 is not None
    return f"{decimal_text(inputs.area_m2)} {w.m2}"


def _price(value: Decimal, unit: str) -> str:
    return f"{decimal_text(value)} {unit}"


def _line(
    item: LineItem,
    option: str,
    inputs: Inputs,
    policy: Policy,
    done: Mapping[str, int],
    formulas: bool = True,
    w: Words = WORDS["zh"],
) -> Line | Missing:
    """One item's line for one option, or what is missing to compute it. Without `formulas`
    (totals for a whole project) the formula text is not written: only the amount counts."""

    def need_area() -> Missing | None:
        return Missing("est_missing_area", item.name) if inputs.area_m2 is None else None

    def made(yuan: Decimal, formula: Callable[[], str]) -> Line:
        text = formula() if formulas else ""
        return Line(item.key, item.name, item.kind, max(round_fen(yuan), 0), text)

    if item.kind == "area_price":
        if item.source == "assessed_value":
            value = inputs.assessed_value
            if value is None:
                return Missing("est_missing_assessed_value", item.name)
            whole: Decimal = value
            return made(whole, lambda: w.assessed_value.format(value=_price(whole, w.yuan)))
        price = item.price if item.source == "policy_price" else inputs.assessed_price
        if price is None:
            return Missing("est_missing_assessed_price", item.name)
        if (lack := need_area()) is not None:
            return lack
        assert inputs.area_m2 is not None
        per_m2: Decimal = price
        return made(
            per_m2 * inputs.area_m2, lambda: f"{_price(per_m2, w.per_m2)} × {_area(inputs, w)}"
        )
    if item.kind == "grade_area":
        grade = inputs.grade
        if grade is None:
            return Missing("est_missing_grade", item.name)
        if (lack := need_area()) is not None:
            return lack
        assert inputs.area_m2 is not None
        price = item.grades.get(grade, Decimal(0))
        return made(
            price * inputs.area_m2,
            lambda: (
                _price(price, w.per_m2)
                + w.grade.format(grade=w.grades[grade])
                + f"× {_area(inputs, w)}"
            ),
        )
    if item.kind == "area_minimum":
        if (lack := need_area()) is not None:
            return lack
        assert inputs.area_m2 is not None and item.price is not None
        unit_price = item.price
        times = item.times.get(option, 1)
        once = unit_price * inputs.area_m2
        below = once < item.minimum
        if below:
            once = item.minimum

        def moving() -> str:
            formula = f"{_price(unit_price, w.per_m2)} × {_area(inputs, w)}"
            if below:
                formula += w.below_minimum.format(minimum=_price(item.minimum, w.yuan))
            return formula if times == 1 else w.times.format(formula=formula, times=times)

        return made(once * times, moving)
    if item.kind == "monthly":
        if (lack := need_area()) is not None:
            return lack
        assert inputs.area_m2 is not None and item.price is not None
        monthly = item.price
        delivery = inputs.flat_delivery
        if item.months is not None:
            months, why = item.months, ""
        elif delivery is not None:
            months = months_between(inputs.sign_on, delivery)
            why = w.until_flat.format(date=delivery.isoformat())
        else:
            months, why = policy.default_months, w.default_months
        return made(
            monthly * inputs.area_m2 * months,
            lambda: (
                f"{_price(monthly, w.per_m2_month)} × {_area(inputs, w)} × "
                + w.months.format(months=months)
                + why
            ),
        )
    if item.kind == "fixed":
        return made(item.amount, lambda: w.per_household.format(amount=_price(item.amount, w.yuan)))
    if item.kind == "percent":
        base = sum(done.get(key, 0) for key in item.of)
        return made(
            Decimal(base) / 100 * item.percent / 100,
            lambda: _percent_text(policy, item.of, base, item.percent, w),
        )
    # date_tiers
    tier = tier_for(item.tiers, inputs.sign_on)
    when = w.signing.format(date=inputs.sign_on.isoformat())
    if tier is None:
        last = item.tiers[-1].until
        assert last is not None
        return made(Decimal(0), lambda: when + w.after.format(date=last.isoformat()))
    limit = w.by.format(date=tier.until.isoformat()) if tier.until else ""
    value = tier.value
    if item.tier_unit == "fixed":
        return made(
            value,
            lambda: when + limit + w.colon + w.per_household.format(amount=_price(value, w.yuan)),
        )
    if item.tier_unit == "per_m2":
        if (lack := need_area()) is not None:
            return lack
        assert inputs.area_m2 is not None
        return made(
            value * inputs.area_m2,
            lambda: when + limit + w.colon + f"{_price(value, w.per_m2)} × {_area(inputs, w)}",
        )
    base = sum(done.get(key, 0) for key in item.of)
    return made(
        Decimal(base) / 100 * value / 100,
        lambda: when + limit + w.colon + _percent_text(policy, item.of, base, value, w),
    )


def _percent_text(policy: Policy, keys: Sequence[str], base: int, pct: Decimal, w: Words) -> str:
    named = w.percent_of.format(names=_names(policy, keys), base=_price_fen(base, w))
    return f"{named} × {pct_text(pct)}"


def _price_fen(fen: int, w: Words) -> str:
    return f"{yuan_text(fen)} {w.yuan}"


def _names(policy: Policy, keys: Sequence[str]) -> str:
    return "+".join(policy.item(key).name for key in keys)


def estimate_option(
    policy: Policy, option: str, inputs: Inputs, *, formulas: bool = True, language: str = "zh"
) -> OptionEstimate:
    w = WORDS.get(language, WORDS["zh"])
    if option not in OPTIONS:
        raise ValueError(option)
    lines: list[Line] = []
    missing: list[Missing] = []
    done: dict[str, int] = {}
    if inputs.use is None:
        missing.append(Missing("est_missing_use"))
    for item in policy.items:
        if not item.applies(option, inputs.use):
            continue
        found = _line(item, option, inputs, policy, done, formulas, w)
        if isinstance(found, Missing):
            missing.append(found)
            continue
        lines.append(found)
        done[item.key] = found.fen
    flat_value: int | None = None
    flat_formula = ""
    if option == "exchange" and policy.exchange_flat_price is not None and inputs.flat_area:
        flat_value = round_fen(policy.exchange_flat_price * inputs.flat_area)
        if formulas:
            flat_formula = (
                f"{_price(policy.exchange_flat_price, w.per_m2)} × "
                f"{decimal_text(inputs.flat_area)} {w.m2}"
            )
    return OptionEstimate(option, tuple(lines), tuple(missing), flat_value, flat_formula)


def estimate(
    policy: Policy,
    inputs: Inputs,
    options: Iterable[str] = OPTIONS,
    *,
    formulas: bool = True,
    language: str = "zh",
) -> Estimate:
    """The three options side by side (or the ones asked for); formulas in `language`."""
    found = {
        option: estimate_option(policy, option, inputs, formulas=formulas, language=language)
        for option in options
    }
    missing: dict[tuple[str, str], Missing] = {}
    for result in found.values():
        for lack in result.missing:
            missing.setdefault((lack.code, lack.item), lack)
    return Estimate(found, tuple(missing.values()))


def describe_item(item: LineItem) -> str:
    """An item's numbers in one line of Chinese, for listings ("15.00 元/㎡，最低 1 500.00 元…")."""
    money = decimal_text
    if item.kind == "area_price":
        if item.source == "assessed_value":
            return "住户评估总价"
        if item.source == "assessed_price":
            return "住户评估单价 × 建筑面积"
        assert item.price is not None
        return f"{money(item.price)} 元/㎡ × 建筑面积"
    if item.kind == "grade_area":
        return "；".join(f"{GRADE_NAMES[g][0]} {money(p)} 元/㎡" for g, p in item.grades.items())
    if item.kind == "area_minimum":
        assert item.price is not None
        times = "、".join(f"{OPTION_NAMES[o][0]} {n} 次" for o, n in item.times.items() if n != 1)
        text = f"{money(item.price)} 元/㎡，最低 {money(item.minimum)} 元"
        return f"{text}；{times}" if times else text
    if item.kind == "monthly":
        assert item.price is not None
        months = f"{item.months} 个月" if item.months is not None else "至安置房交付"
        return f"{money(item.price)} 元/㎡·月 × {months}"
    if item.kind == "fixed":
        return f"每户 {money(item.amount)} 元"
    if item.kind == "percent":
        return f"{pct_text(item.percent)} × {'+'.join(item.of)}"
    unit = {"fixed": " 元", "per_m2": " 元/㎡", "percent": "%"}[item.tier_unit]
    tiers = [
        f"{t.until.isoformat() + ' 前' if t.until else '此后'} {_num(t.value)}{unit}"
        for t in item.tiers
    ]
    of = f"（× {'+'.join(item.of)}）" if item.tier_unit == "percent" else ""
    return "；".join(tiers) + of


def use_of(text: str | None, project_kind: str | None = None) -> str | None:
    """住宅 or 非住宅 from the household's approved use (free text), else the project's kind."""
    value = (text or "").strip()
    if value:
        if "非住宅" in value or any(
            word in value for word in ("商", "工业", "厂", "办公", "经营", "生产", "仓", "门面")
        ):
            return "non_residential"
        if "住" in value or "宅" in value:
            return "residential"
    if project_kind == "residential":
        return "residential"
    if project_kind in ("non_residential", "industrial_plot"):
        return "non_residential"
    return None
