"""Where a household sits in its building: estate, building, unit, floor and room, read from the
楼栋/单元/房号 fields and, for what they leave empty, from the address text.

    parse_placement("3", "", "", "旺庄街道春潮新村3栋2单元501室")
    → Placement(kind="flat", estate="春潮新村", building="3", unit="2", room="501", floor=5, …)
    parse_placement("", "", "", "梅村老街12-1号")
    → Placement(kind="street", estate="梅村老街", number="12-1", …)

Rules (each holds for every input; tests/domain/test_address_parse.py checks them):
- A filled field wins over the same part of the text; the estate (小区 or street name) always
  comes from the text, with leading administrative names (…区, …街道, …镇) dropped.
- Numbers may be Arabic, full-width or Chinese (三栋, 十二单元, 五零一室, 一百零五号).
- Building markers: 栋 幢 座 号楼 # (and 号 when a unit or room follows); "3-2-501" is building,
  unit and room. A room of three or more digits ends in a two-digit position: 501 → floor 5,
  1203 → floor 12; shorter rooms have no floor.
- A street-number address (…路12号, 12-1号) with no building is kind "street"; anything else with
  no building is "unplaced". Parsing never raises: what it cannot read it leaves empty.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_CN_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN = "零〇一二两三四五六七八九十百千"
_NUM = rf"(?:[0-9]+|[{_CN}]+)"
# A number starts where the one before it ended: without this, the lazy estate of the patterns
# below would try every digit of a long run as a start (quadratic in a 4 000-digit string).
_START = rf"(?<![0-9A-Za-z{_CN}])"
# A building's name: a number, a letter, or a letter with a number (A2, 2A).
_BUILDING = rf"{_START}(?:[A-Za-z]?[0-9]+[A-Za-z]?|[A-Za-z]|[{_CN}]+)"
_ROOM = rf"(?:[A-Za-z]?[0-9]{{1,6}}|[{_CN}]+)"
_DASH = "[-—–~]"

_BUILDING_MARK = r"(?P<mark>号楼|栋|幢|座|#楼?)"
# 号 marks a building only when a unit or a room follows it; at the end it is a street number.
_FLAT_TAIL = (
    rf"(?:(?:第)?(?P<u>{_NUM})(?:单元|门){_DASH}?)?"
    rf"(?:(?P<f>{_NUM})[层楼]{_DASH}?)?"
    rf"(?P<r>{_ROOM})?(?:室|户|号)?"
)
_FLAT = re.compile(rf"^(?P<estate>.*?)(?P<b>{_BUILDING}){_BUILDING_MARK}{_DASH}?{_FLAT_TAIL}$")
_FLAT_HAO = re.compile(
    rf"^(?P<estate>.*?)(?P<b>{_BUILDING})(?P<mark>号){_DASH}?"
    rf"(?:(?:第)?(?P<u>{_NUM})(?:单元|门){_DASH}?(?P<r>{_ROOM})?|(?P<r2>{_ROOM})(?:室|户))(?:室|户)?$"
)
_DASHED = re.compile(
    rf"^(?P<estate>.*?)(?P<b>{_BUILDING}){_DASH}(?P<u>{_NUM}){_DASH}(?P<r>{_ROOM})(?:室|户|号)?$"
)
_DASHED_ROOM = re.compile(rf"^(?P<estate>.*?)(?P<b>{_BUILDING}){_DASH}(?P<r>{_ROOM})(?:室|户)$")
_STREET = re.compile(
    rf"^(?P<estate>.*?){_START}(?P<n>{_NUM}(?:(?:{_DASH}|之){_NUM})?)号(?!楼)(?P<rest>.*)$"
)
# Leading administrative names, kept off the estate: 新吴区, 旺庄街道, 硕放镇 (not 社区, 小区).
_ADMIN = re.compile(r"^(?:.{2,12}?(?:省|市|县|(?<![社小园片校景])区|街道|镇|乡))+")
_BUILDING_FIELD = re.compile(rf"^(?:第)?(?P<b>{_BUILDING})(?:号楼|栋|幢|座|#楼?|号)?$")
_UNIT_FIELD = re.compile(rf"^(?:第)?(?P<u>{_NUM})(?:单元|门)?$")
_ROOM_FIELD = re.compile(rf"^(?:(?P<f>{_NUM})[层楼]{_DASH}?)?(?P<r>{_ROOM})(?:室|户|号)?$")


@dataclass(frozen=True)
class Placement:
    kind: str  # "flat" (building known), "street" (a 号 address without a building), "unplaced"
    estate: str = ""  # 小区 or street name, without leading administrative names
    building: str = ""  # "3", "A", "A2": the building's name without its marker
    building_mark: str = ""  # 栋, 幢, 座, 号楼 or 号 as written ("" from a bare field)
    unit: str = ""  # "2"
    room: str = ""  # "501"
    floor: int | None = None
    number: str = ""  # street number of a "street" placement: "12", "12-1"

    @property
    def building_label(self) -> str:
        """As people write it: 3栋, 12号楼, A座 (栋 when the source gave no marker)."""
        if not self.building:
            return ""
        return f"{self.building}{self.building_mark or '栋'}"

    @property
    def position(self) -> str:
        """The room's place on its floor ("01" of 501); the whole room when it has no floor."""
        if self.floor is not None and len(self.room) >= 3:
            return self.room[-2:]
        return self.room


def chinese_number(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20, 一百零五 → 105, 两千 → 2000; digit by digit when no 十百千
    appears (五零一 → 501). None when `text` is not such a number."""
    if not text or any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in text):
        return None
    if not any(ch in _CN_UNITS for ch in text):
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    total, digit, last_unit = 0, None, 10_000
    for ch in text:
        if ch in _CN_DIGITS:
            if digit is not None and _CN_DIGITS[ch] != 0:
                return None  # two digits in a row: 二三十
            digit = _CN_DIGITS[ch] or None
        else:
            unit = _CN_UNITS[ch]
            if unit >= last_unit:
                return None  # 十百, 百百: units must fall
            total += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
    return total + (digit or 0)


def normalise(text: str | None) -> str:
    """Full-width forms to ASCII (３栋 → 3栋), spaces out, upper-case letters."""
    if not text:
        return ""
    return "".join(unicodedata.normalize("NFKC", str(text)).split()).upper()


def _number(text: str) -> str:
    """A number part as Arabic digits without leading zeros; letters and the rest as they are."""
    if not text:
        return ""
    if text.isascii() and text.isdigit():
        return str(int(text))
    value = chinese_number(text)
    return str(value) if value is not None else text


def _room(text: str) -> str:
    """A room keeps its leading zeros' width only as a position: 0501 → 501, 五零一 → 501."""
    if not text:
        return ""
    if text.isascii() and text.isdigit():
        return str(int(text)) if len(text) > 2 else text
    value = chinese_number(text)
    return str(value) if value is not None else text


def floor_of(room: str) -> int | None:
    """501 → 5, 1203 → 12, B101 → 1; rooms of one or two digits have no floor."""
    digits = room[1:] if room[:1].isalpha() and room[:1].isascii() else room
    if not (digits.isascii() and digits.isdigit()) or len(digits) < 3:
        return None
    floor = int(digits[:-2])
    return floor if floor > 0 else None


def estate_name(prefix: str) -> str:
    """The estate or street from the text before the building: administrative names dropped,
    unless nothing would be left."""
    stripped = _ADMIN.sub("", prefix)
    return (stripped or prefix).strip("，,、·-— ")


@dataclass(frozen=True)
class _Parts:
    kind: str
    estate: str = ""
    building: str = ""
    mark: str = ""
    unit: str = ""
    room: str = ""
    floor: int | None = None
    number: str = ""
    building_at: int = 0  # where the building begins in the normalised text ("flat" only)


def _parse_text(text: str) -> _Parts:
    for pattern in (_FLAT, _DASHED, _FLAT_HAO, _DASHED_ROOM):  # the most common first
        found = pattern.match(text)
        if found is None:
            continue
        groups = found.groupdict()
        room = groups.get("r") or groups.get("r2") or ""
        floor_text = groups.get("f") or ""
        mark = groups.get("mark") or ""
        return _Parts(
            "flat",
            estate_name(groups["estate"]),
            _number(groups["b"]),
            "栋" if mark.startswith("#") else mark,
            _number(groups.get("u") or ""),
            _room(room),
            int(_number(floor_text)) if _number(floor_text).isdigit() else None,
            building_at=found.start("b"),
        )
    street = _STREET.match(text)
    if street is not None:
        number = re.sub(rf"{_DASH}|之", "-", street["n"])
        number = "-".join(_number(part) for part in number.split("-"))
        return _Parts("street", estate_name(street["estate"]), number=number)
    return _Parts("unplaced", estate_name(text) if text and not re.search(r"\d", text) else "")


@lru_cache(maxsize=65_536)
def parse_placement(
    building: str | None, unit: str | None, room: str | None, address: str | None
) -> Placement:
    """Where a household sits: the fields first, the address text for what they leave empty.

    Cached: a grid drawn again after an edit re-reads thousands of unchanged addresses."""
    text = _parse_text(normalise(address))
    b_field, u_field, r_field = normalise(building), normalise(unit), normalise(room)
    b_name, b_mark = text.building, text.mark
    if b_field:
        found = _BUILDING_FIELD.match(b_field)
        b_name = _number(found["b"]) if found else b_field
        marker = b_field[found.end("b") :] if found else ""
        marker = "栋" if marker.startswith("#") else marker
        b_mark = marker or (text.mark if b_name == text.building else "")
    unit_name = text.unit
    if u_field:
        found = _UNIT_FIELD.match(u_field)
        unit_name = _number(found["u"]) if found else u_field
    room_name, floor = text.room, text.floor
    if r_field:
        found = _ROOM_FIELD.match(r_field)
        room_name = _room(found["r"]) if found else r_field
        floor_text = _number(found["f"] or "") if found else ""
        floor = int(floor_text) if floor_text.isdigit() else None
    if floor is None and room_name:
        floor = floor_of(room_name)
    if not b_name and text.kind == "street" and (unit_name or room_name):
        b_name, b_mark = text.number, "号"  # 泰伯路12号 with a room: a room of building 12号
    if b_name:
        return Placement("flat", text.estate, b_name, b_mark, unit_name, room_name, floor)
    if text.kind == "street":
        return Placement("street", text.estate, number=text.number)
    return Placement("unplaced", text.estate, unit=unit_name, room=room_name, floor=floor)


@dataclass(frozen=True)
class FlatEnd:
    """Building, unit and room read at the end of an address, and where they begin in it."""

    start: int  # index in the address as written
    building: str
    unit: str
    room: str

    @property
    def numbers(self) -> str:
        """As caseworkers write them: 3栋2单元501室 -> "3-2-501", A座1203室 -> "A-1203"."""
        return "-".join(part for part in (self.building, self.unit, self.room) if part)


@lru_cache(maxsize=65_536)
def flat_end(address: str) -> FlatEnd | None:
    """The building, unit and room `address` ends with, read as parse_placement reads the text
    (the same patterns: Chinese numerals, full-width digits, 座, #, 号 buildings, dashes), with
    the index in `address` where the building begins; None unless a building and a room are
    read. Cached: a list draws the same addresses again at every repaint."""
    pieces = [normalise(ch) for ch in address]
    text = "".join(pieces)
    if text != normalise(address):  # characters that normalise together: no index to give
        return None
    found = _parse_text(text)
    if found.kind != "flat" or not found.room:
        return None
    # the index in `address` of the character the building's normalised form starts with
    written = 0
    for index, piece in enumerate(pieces):
        if written == found.building_at and piece:
            return FlatEnd(index, found.building, found.unit, found.room)
        written += len(piece)
        if written > found.building_at:
            break  # it starts inside one character's normalised form (㈠ -> "(1)")
    return None


def number_key(label: str) -> tuple[int, int, str]:
    """Order names by their number first: 2 before 10, numbers before letters, "12-1" after 12."""
    head = re.match(r"[0-9]+", label)
    if head is None:
        return (1, 0, label)
    return (0, int(head.group()), label[head.end() :])
