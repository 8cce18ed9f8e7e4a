"""Turning raw field values into stored values, and the checks on Chinese identifiers.

`coerce` is the one gate every value passes before it becomes an operation: text from the CLI,
a spreadsheet cell or a GUI widget, or an already-typed value from JSON. It returns the
JSON-able value stored for the field's kind, or raises UserError naming the field.

Identifier rules follow the standards, not stdnum's stricter checks (see design/domain.md,
"Validation facts"): a resident ID's place code is only ever a soft note, and a unified social
credit code is checked by its mod-31 character alone.
"""

from __future__ import annotations

import functools
import json
import math
import random
import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from domain.errors import Label, UserError
from domain.records import EntitySpec, FieldSpec

YEAR_LOW = 1900
YEAR_HIGH = 2100
INT_LIMIT = 2**63 - 1  # SQLite INTEGER

# --- shared helpers ------------------------------------------------------------------------


def _label(spec: FieldSpec) -> Label:
    return Label(spec.zh, spec.en)


def _fold(text: str) -> str:
    """Full-width digits, letters and punctuation to ASCII (what Chinese IMEs often produce)."""
    if text.isascii():  # NFKC leaves ASCII as it is
        return text.strip()
    return unicodedata.normalize("NFKC", text).replace("\u2212", "-").strip()


def _fmt_num(value: float) -> str:
    """1,000,000 and 1499.99 for messages; years and small bounds stay ungrouped (2026)."""
    grouping = "," if abs(value) >= 10_000 else ""
    if float(value).is_integer():
        return f"{int(value):{grouping}}"
    return f"{value:{grouping}.2f}".rstrip("0").rstrip(".")


# --- resident ID (GB 11643-1999) -------------------------------------------------------------

_ID_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
# Each position's weighted digit, looked up: the check character is computed for every ID a bulk
# load makes and checks.
_ID_TERMS = tuple({str(d): d * w for d in range(10)} for w in _ID_WEIGHTS)
_ID_SEPARATORS = re.compile(r"[\s\-]")
_ID_CHARS = re.compile(r"[0-9X]*")
_SCIENTIFIC = re.compile(r"[0-9]+(\.[0-9]+)?E\+?[0-9]+")
_DEFAULT_ID_LABEL = Label("身份证号", "ID number")


def resident_id_check_char(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character for the first 17 digits."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError("need exactly 17 ASCII digits")
    total = sum(map(dict.__getitem__, _ID_TERMS, first17))
    check = (12 - total % 11) % 11
    return "X" if check == 10 else str(check)


def validate_resident_id(
    value: str, field: Label | None = None, *, today: date | None = None
) -> str:
    """Return the normalised 18-character ID, or raise UserError naming `field`."""
    label = field or _DEFAULT_ID_LABEL
    number = _ID_SEPARATORS.sub("", _fold(value)).upper()
    if _SCIENTIFIC.fullmatch(number):
        raise UserError("id_stored_as_number", field=label)
    if not _ID_CHARS.fullmatch(number):
        raise UserError("id_bad_chars", field=label)
    if len(number) == 15 and number.isdigit():
        raise UserError("id_15_digit", field=label)
    if len(number) != 18:
        raise UserError("id_wrong_length", field=label, length=len(number))
    if "X" in number[:17]:
        raise UserError("id_bad_chars", field=label)
    # The date comes first: a typo there is named more precisely than "bad check digit".
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise UserError("id_bad_birth_date", field=label) from None
    if birth.year < YEAR_LOW or birth > (today or date.today()):
        raise UserError("id_birth_date_out_of_range", field=label)
    if number[17] != resident_id_check_char(number[:17]):
        raise UserError("id_bad_check", field=label)
    return number


@functools.cache
def _area_db() -> Any:
    from stdnum import numdb  # loads a 150 kB table: only when a note is wanted

    return numdb.get("cn/loc")


_SPAN = re.compile(r"\[(\d*)-(\d*)\](.*)")


def resident_id_notes(value: str) -> list[str]:
    """Soft warnings about a valid ID, in the current language; [] when there is nothing to say.

    stdnum's table of area codes knows when each code was created or abolished. IDs are
    reissued with the new code after a move or a boundary change, so an elderly resident of
    新吴区 (320214, created 2015) legitimately has it: that is a note, never a refusal.
    """
    try:
        number = validate_resident_id(value)
    except UserError:
        return []
    area, year = number[:6], int(number[6:10])
    info: dict[str, str] = {}
    try:
        parts = _area_db().info(area)
    except (ImportError, OSError):  # a build that left stdnum's data out: notes are optional
        return []
    for _part, props in parts:
        info.update(props)
    county = info.get("county")
    if not county:
        return [UserError("id_area_unknown", area=area).message()]
    spans = []
    for entry in county.split(","):
        match = _SPAN.fullmatch(entry)
        if not match:
            return []  # no dates recorded: valid in every year
        start, end, name = match.groups()
        if (not start or year >= int(start)) and (not end or year <= int(end)):
            return []
        spans.append((start, end, name))
    start, end, name = spans[-1]  # the newest meaning of the code is the likely one
    if not end:
        span = Label(f"{start} 年设立", f"created {start}")
    elif not start:
        span = Label(f"{end} 年后撤销", f"abolished after {end}")
    else:
        span = Label(f"{start}–{end} 年间使用", f"used {start}–{end}")
    return [
        UserError("id_area_not_in_year", area=area, county=name, year=year, span=span).message()
    ]


def generate_resident_id(area: str, birth: date, seq: int) -> str:
    """A valid ID for demo data and tests: 6-digit area, birth date, 3-digit sequence (odd=male)."""
    if len(area) != 6 or not area.isascii() or not area.isdigit():
        raise ValueError("area must be 6 digits")
    if not 0 <= seq <= 999:
        raise ValueError("seq must be 0..999")
    if not 1000 <= birth.year <= 9999:
        raise ValueError("birth year must have 4 digits")
    first17 = f"{area}{birth.year}{birth.month:02d}{birth.day:02d}{seq:03d}"
    return first17 + resident_id_check_char(first17)


# --- unified social credit code (GB 32100-2015) --------------------------------------------

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_INDEX = {ch: i for i, ch in enumerate(USCC_ALPHABET)}
_DEFAULT_USCC_LABEL = Label("统一社会信用代码", "unified social credit code")
# Registration authority + organisation category, as printed on real licences.
_USCC_PREFIXES = ("11", "12", "13", "19", "51", "52", "53", "59", "91", "92", "93", "A1", "N1",
                  "N2", "N3", "N9", "Y1")  # fmt: skip


def uscc_check_char(first17: str) -> str:
    """GB 32100 mod-31 check character for the first 17 characters."""
    if len(first17) != 17 or any(ch not in _USCC_INDEX for ch in first17):
        raise ValueError("need exactly 17 characters of the USCC alphabet")
    total = sum(_USCC_INDEX[ch] * w for ch, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def validate_uscc(value: str, field: Label | None = None) -> str:
    """Return the normalised 18-character code, or raise UserError naming `field`.

    Any alphabet character is accepted in every position: village collectives (N1/N2/N3) and
    other authorities (A, Y, ...) do not fit stdnum's "first 8 are digits".
    """
    label = field or _DEFAULT_USCC_LABEL
    code = _ID_SEPARATORS.sub("", _fold(value)).upper()
    if any(ch not in _USCC_INDEX for ch in code):
        raise UserError("uscc_bad_chars", field=label)
    if len(code) != 18:
        raise UserError("uscc_wrong_length", field=label, length=len(code))
    if code[17] != uscc_check_char(code[:17]):
        raise UserError("uscc_bad_check", field=label)
    return code


def _org_code_check(first8: str) -> str:
    # GB 11714 organisation code check, so generated codes look like real ones throughout.
    total = sum(int(ch) * w for ch, w in zip(first8, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    check = (11 - total % 11) % 11
    return "X" if check == 10 else str(check)


def generate_uscc(rng: random.Random, *, prefix: str | None = None, area: str | None = None) -> str:
    """A valid code for demo data and tests; `prefix` fixes the first two characters."""
    head = prefix if prefix is not None else rng.choice(_USCC_PREFIXES)
    place = area if area is not None else f"32{rng.randrange(100):02d}{rng.randrange(100):02d}"
    org = "".join(rng.choice("0123456789") for _ in range(8))
    first17 = f"{head}{place}{org}{_org_code_check(org)}"
    return first17 + uscc_check_char(first17)


# --- phone numbers ----------------------------------------------------------------------------

_DEFAULT_PHONE_LABEL = Label("电话", "phone")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_INTL = re.compile(r"(?:\+|00)86")
_EXT = re.compile(r"(.*?)(?:转|分机|ext\.?|x|#)\s*([0-9]{1,6})", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s\-()]")


def _landline(digits: str) -> tuple[str, str] | None:
    """Split a trunk-prefixed number into (area code, local number) by the numbering plan."""
    if (
        not (digits.isascii() and digits.isdigit())
        or len(digits) < 10
        or digits[0] != "0"
        or digits[1] == "0"
    ):
        return None
    area_len = 3 if digits[1] in "12" else 4  # only 010 and 020-029 are three digits long
    area, local = digits[:area_len], digits[area_len:]
    if len(local) not in (7, 8) or local[0] == "0":
        return None
    return area, local


def normalise_phone(value: str, field: Label | None = None) -> str:
    """Mobile → 11 digits; landline → "0510-12345678" (extension → "-123"); else UserError."""
    text = _fold(value)
    if not text.isascii() and not re.search("转|分机", text):
        raise UserError("bad_phone", field=field or _DEFAULT_PHONE_LABEL)
    intl = _INTL.match(text)
    if intl:
        text = text[intl.end() :]
    digits = _SEPARATORS.sub("", text)
    if _MOBILE.fullmatch(digits):
        return digits
    candidates: list[tuple[str, str | None]]
    marked = _EXT.fullmatch(text)
    if marked:
        candidates = [(marked.group(1), marked.group(2))]
    else:
        # "0510-12345678-123": a trailing group is an extension when what precedes it is a
        # whole number; trying that first keeps the normalised form stable when re-read.
        head, sep, tail = text.rpartition("-")
        candidates = [(head, tail.strip())] if sep and head else []
        candidates.append((text, None))
    for head, extension in candidates:
        if extension is not None and not (
            extension.isascii() and extension.isdigit() and len(extension) <= 6
        ):
            continue
        head_digits = _SEPARATORS.sub("", head)
        if intl and head_digits and head_digits[0] != "0":
            head_digits = "0" + head_digits  # +86 510 ... drops the trunk prefix
        parts = _landline(head_digits)
        if parts:
            return "-".join((*parts, extension) if extension else parts)
    raise UserError("bad_phone", field=field or _DEFAULT_PHONE_LABEL)


# --- coerce -----------------------------------------------------------------------------------

_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_GROUPED_NUMBER = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?")
_DATE_FORMS = (
    re.compile(r"([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})"),
    re.compile(r"([0-9]{4})年()([0-9]{1,2})月([0-9]{1,2})日?"),
    re.compile(r"([0-9]{4})()([0-9]{2})([0-9]{2})"),
)
# 有/无 and √/× are how paper survey forms mark a dispute or a yes/no box.
_TRUE = frozenset({"true", "1", "是", "yes", "y", "t", "有", "√"})
_FALSE = frozenset({"false", "0", "否", "no", "n", "f", "无", "×"})
_LIST_SEPARATORS = re.compile(r"[,，、;；\n]")
_SURROGATE = re.compile("[\ud800-\udfff]")
MIN_AREA = 0.01  # the survey's precision, in the field's unit (m² or mu)


def _empty(spec: FieldSpec) -> object:
    if spec.required:
        raise UserError("required", field=_label(spec))
    return None


def _is_blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _coerce_text(spec: FieldSpec, raw: object) -> object:
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise UserError("not_text", field=_label(spec))
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise UserError("not_text", field=_label(spec))
        # spreadsheets hand over room number 101 as 101.0
        text = str(int(raw)) if raw.is_integer() else repr(raw)
    else:
        text = str(raw).strip()
    if spec.kind == "longtext":
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text:
        return _empty(spec)
    if len(text) > spec.max_len:
        raise UserError("too_long", field=_label(spec), limit=spec.max_len)
    return text


def _parse_number(spec: FieldSpec, raw: object) -> int | float:
    if isinstance(raw, bool):
        raise UserError("not_a_number", field=_label(spec))
    if isinstance(raw, int | float):
        return raw
    if not isinstance(raw, str):
        raise UserError("not_a_number", field=_label(spec))
    text = _fold(raw)
    if len(text) > 64:
        raise UserError("not_a_number", field=_label(spec))
    if _GROUPED_NUMBER.fullmatch(text):
        text = text.replace(",", "")
    if not _PLAIN_NUMBER.fullmatch(text):
        raise UserError("not_a_number", field=_label(spec))
    if "." not in text and "e" not in text.lower():
        return int(text)  # exact, even beyond 2**53
    return float(text)


def _coerce_number(spec: FieldSpec, raw: object) -> object:
    number = _parse_number(spec, raw)
    if isinstance(number, float) and not math.isfinite(number):
        raise UserError("not_a_number", field=_label(spec))
    value: int | float
    if spec.kind == "int":
        if isinstance(number, float):
            if not number.is_integer():
                raise UserError("not_an_integer", field=_label(spec))
            number = max(-INT_LIMIT - 1.0, min(INT_LIMIT + 1.0, number))  # int() stays cheap
        value = int(number)
    else:
        try:
            value = float(number) + 0.0  # + 0.0 turns -0.0 into 0.0
        except OverflowError:
            raise UserError("not_a_number", field=_label(spec)) from None
        if not math.isfinite(value):
            raise UserError("not_a_number", field=_label(spec))
    if spec.kind in ("area", "money") and value < 0:
        raise UserError("negative_not_allowed", field=_label(spec))
    if spec.kind == "area" and 0 < value < MIN_AREA:
        # 1e-300 is a typing slip, not a measurement: areas are surveyed to 0.01
        raise UserError("area_too_small", field=_label(spec), low=_fmt_num(MIN_AREA))
    low, high = spec.low, spec.high
    if (low is not None and value < low) or (high is not None and value > high):
        if low is not None and high is not None:
            raise UserError(
                "number_out_of_range", field=_label(spec), low=_fmt_num(low), high=_fmt_num(high)
            )
        if low is not None:
            raise UserError("number_too_small", field=_label(spec), low=_fmt_num(low))
        raise UserError("number_too_large", field=_label(spec), high=_fmt_num(high or 0))
    if spec.kind == "int" and abs(value) > INT_LIMIT:  # what an SQLite INTEGER holds
        if value < 0:
            raise UserError("number_too_small", field=_label(spec), low=_fmt_num(-INT_LIMIT))
        raise UserError("number_too_large", field=_label(spec), high=_fmt_num(INT_LIMIT))
    return value


def _coerce_date(spec: FieldSpec, raw: object) -> object:
    if isinstance(raw, datetime):
        day = raw.date()
    elif isinstance(raw, date):
        day = raw
    else:
        if isinstance(raw, bool) or not isinstance(raw, str | int):
            raise UserError("bad_date", field=_label(spec))
        text = re.sub(r"\s", "", _fold(str(raw)))
        for form in _DATE_FORMS:
            match = form.fullmatch(text)
            if match:
                year, _sep, month, dom = match.groups()
                break
        else:
            raise UserError("bad_date", field=_label(spec))
        try:
            day = date(int(year), int(month), int(dom))
        except ValueError:
            raise UserError("bad_date", field=_label(spec)) from None
    if not YEAR_LOW <= day.year <= YEAR_HIGH:
        raise UserError("date_out_of_range", field=_label(spec), low=YEAR_LOW, high=YEAR_HIGH)
    return day.isoformat()


def _coerce_bool(spec: FieldSpec, raw: object) -> object:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw)
    if isinstance(raw, str):
        text = _fold(raw).lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise UserError("not_a_bool", field=_label(spec))


def _lookup(spec: FieldSpec, raw: object) -> str:
    if spec.options is None:
        raise TypeError(f"field {spec.name!r} of kind {spec.kind!r} has no options")
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        raise UserError("not_a_choice", field=_label(spec), value=str(raw))
    text = str(raw).strip()
    code = spec.options.lookup(text) or spec.options.lookup(_fold(text))
    if code is None:
        raise UserError("not_a_choice", field=_label(spec), value=text)
    return code


def _coerce_choices(spec: FieldSpec, raw: object) -> object:
    items: list[object]
    if isinstance(raw, list | tuple | set | frozenset):
        items = list(raw)
    elif isinstance(raw, str):
        text = raw.strip()
        parsed: object = None
        if text.startswith("["):  # a JSON list, as the op log and a text column hold it
            try:
                parsed = json.loads(text)
            except ValueError:
                parsed = None
        items = list(parsed) if isinstance(parsed, list) else _LIST_SEPARATORS.split(text)
    else:
        raise UserError("not_a_choice", field=_label(spec), value=str(raw))
    items = [item for item in items if not _is_blank(item)]
    codes = sorted({_lookup(spec, item) for item in items})
    return codes or _empty(spec)


def _coerce_ref(spec: FieldSpec, raw: object) -> object:
    if not isinstance(raw, str):
        raise UserError("bad_ref", field=_label(spec))
    text = raw.strip()
    if len(text) > spec.max_len:
        raise UserError("too_long", field=_label(spec), limit=spec.max_len)
    return text


def _coerce_json(spec: FieldSpec, raw: object) -> object:
    value = raw
    try:
        if isinstance(raw, str):
            # Text is JSON source (what the CLI and a spreadsheet cell hold); a bare string
            # value must be quoted.
            value = json.loads(raw)
        dump = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError, RecursionError):
        raise UserError("not_json", field=_label(spec)) from None
    if len(dump) > spec.max_len:
        raise UserError("too_long", field=_label(spec), limit=spec.max_len)
    # Store what survives a round trip: tuples become lists, number keys become strings.
    result: object = json.loads(dump)
    return _empty(spec) if result is None else result


def _string_like(raw: object) -> str | None:
    """Identifiers arrive as text, or as integers from JSON and spreadsheets."""
    if isinstance(raw, str):
        return raw
    if isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw)
    if isinstance(raw, float) and math.isfinite(raw) and raw.is_integer():
        return str(int(raw))
    return None


def _coerce_resident_id(spec: FieldSpec, raw: object) -> object:
    if isinstance(raw, float) and abs(raw) >= 1e15:
        raise UserError("id_stored_as_number", field=_label(spec))  # a float has 15-17 digits
    text = _string_like(raw)
    if text is None:
        raise UserError("id_bad_chars", field=_label(spec))
    return validate_resident_id(text, _label(spec))


def _coerce_uscc(spec: FieldSpec, raw: object) -> object:
    text = _string_like(raw)
    if text is None:
        raise UserError("uscc_bad_chars", field=_label(spec))
    return validate_uscc(text, _label(spec))


def _coerce_phone(spec: FieldSpec, raw: object) -> object:
    text = _string_like(raw)
    if text is None:
        raise UserError("bad_phone", field=_label(spec))
    return normalise_phone(text, _label(spec))


_COERCERS: dict[str, Callable[[FieldSpec, object], object]] = {
    "text": _coerce_text,
    "longtext": _coerce_text,
    "int": _coerce_number,
    "float": _coerce_number,
    "money": _coerce_number,
    "area": _coerce_number,
    "date": _coerce_date,
    "bool": _coerce_bool,
    "choice": _lookup,
    "choices": _coerce_choices,
    "ref": _coerce_ref,
    "json": _coerce_json,
    "resident_id": _coerce_resident_id,
    "uscc": _coerce_uscc,
    "phone": _coerce_phone,
}


def coerce(spec: FieldSpec, raw: object) -> object:
    """The stored value for `raw` in field `spec` (None when empty), or UserError naming the field.

    Idempotent: coercing a stored value returns it unchanged, except that a json field's text
    is always read as JSON source.
    """
    if _is_blank(raw):
        return _empty(spec)
    if isinstance(raw, str) and _SURROGATE.search(raw):
        # bytes that were not UTF-8 (surrogateescape): no database column can hold them
        raise UserError("field_not_utf8", field=_label(spec))
    try:
        coercer = _COERCERS[spec.kind]
    except KeyError:
        raise TypeError(f"field {spec.name!r} has unknown kind {spec.kind!r}") from None
    return coercer(spec, raw)


# --- many values at once ------------------------------------------------------------------------

# Answers a checker hands out again: immutable ones only (a list of choices is made afresh).
_KEPT_ANSWERS = frozenset((str, int, float, bool, type(None)))
# Values remembered by their exact type (1, 1.0 and True are equal keys of one dict, so each type
# has its own); dates, lists and anything else are checked every time.
_KEYED_TYPES = frozenset((str, int, float, bool))
REMEMBERED_PER_FIELD = 50_000  # a field of unique values (ID numbers) stops growing here


class FieldChecker:
    """`coerce` for one field over many values (a bulk load, an import): a value met before gets
    the answer it got then, without being checked again. Every check is a pure function of the
    field and the value (a resident ID's birth date is compared with today: a checker serves one
    load, not days). Refusals are not remembered: they are raised again each time. Json fields
    (whose answers are containers) are always checked. `prepare`, a pure function, turns a raw
    value into what coerce is given (an import reads a spreadsheet's date serials and units)."""

    __slots__ = ("_prepare", "_remember", "_seen", "spec")

    def __init__(
        self, spec: FieldSpec, *, prepare: Callable[[object], object] | None = None
    ) -> None:
        self.spec = spec
        self._prepare = prepare
        self._seen: dict[type, dict[Any, object]] = {kind: {} for kind in _KEYED_TYPES}
        self._remember = spec.kind != "json"

    def _coerce(self, raw: object) -> object:
        return coerce(self.spec, raw if self._prepare is None else self._prepare(raw))

    def __call__(self, raw: object) -> object:
        seen = self._seen.get(raw.__class__)
        if seen is None or not self._remember:
            return self._coerce(raw)
        answer = seen.get(raw, _MISSING)
        if answer is _MISSING:
            answer = self._coerce(raw)
            if answer.__class__ in _KEPT_ANSWERS and len(seen) < REMEMBERED_PER_FIELD:
                seen[raw] = answer
        return answer

    @property
    def text_answers(self) -> dict[Any, object] | None:
        """The answers remembered for text values (read-only), None when nothing is remembered."""
        return self._seen[str] if self._remember else None


_MISSING = object()


class RecordChecker:
    """Workspace.validate(partial=True)'s checks of every named field, for many records of one
    kind, each field through a FieldChecker; fields whose value is None after the check are left
    out. `passed` fields are kept as given (references a bulk load made itself, to records of the
    same batch). Neither required fields nor references are checked here: the caller does that."""

    def __init__(self, spec: EntitySpec, *, passed: frozenset[str] = frozenset()) -> None:
        self.spec = spec
        self.passed = passed
        self._checkers = {f.name: FieldChecker(f) for f in spec.fields if f.name not in passed}
        # Each checker's remembered text answers, read directly (no call per field).
        self._texts = {
            name: checker._seen[str]
            for name, checker in self._checkers.items()
            if checker._remember
        }

    def check(self, raw: dict[str, Any]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        texts = self._texts
        checkers = self._checkers
        for name, value in raw.items():
            if value.__class__ is str:  # most values: the field's remembered text, looked up here
                answers = texts.get(name)
                if answers is not None:
                    answer = answers.get(value, _MISSING)
                    if answer is not _MISSING:
                        if answer is not None:
                            values[name] = answer
                        continue
            checker = checkers.get(name)
            if checker is not None:
                value = checker(value)
                if value is not None:
                    values[name] = value
            elif name in self.passed:
                if value is not None:
                    values[name] = value
            else:
                spec = self.spec
                raise UserError("unknown_field", entity=Label(spec.zh, spec.en), field=name)
        return values
