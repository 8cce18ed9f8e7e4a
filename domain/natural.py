"""Natural ordering of addresses and codes: numbers compare as numbers, Chinese numerals too.

    sorted(addresses, key=natural_key)   # 1栋 < 3栋 < 16栋; 19号 < 160号; 二号 < 十号

Digits (ASCII and full-width) always count as numbers. A run of Chinese numerals counts as a
number where addresses use one: before a unit such as 号 栋 幢 楼 单元 室 层 (三号楼, 十二栋)
or after 第 (第十组); elsewhere (三里桥, 万达) it is ordinary text.
"""

from __future__ import annotations

import re

_DIGITS = {c: i for i, c in enumerate("0123456789")} | {
    c: i for i, c in enumerate("０１２３４５６７８９")
}
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_CN_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_CHARS = "".join(_CN_DIGITS) + "".join(_CN_UNITS) + "万"
ADDRESS_UNITS = "号栋幢楼单元室层座期区组排弄巷户间户门村社队"
_TOKEN = re.compile(rf"([0-9０-９]+)|([{_CN_CHARS}]+)")

Key = tuple[tuple[int, int, str], ...]


def chinese_number(text: str) -> int | None:
    """The value of a Chinese numeral (十二 → 12, 一百零五 → 105, 二〇二六 → 2026), or None."""
    if not text or any(c not in _CN_CHARS for c in text):
        return None
    if all(c in _CN_DIGITS for c in text) and len(text) > 1:
        return int("".join(str(_CN_DIGITS[c]) for c in text))  # digit by digit: 二〇二六
    total = section = 0
    digit: int | None = None
    for char in text:
        if char in "零〇":
            continue  # a place holder inside a number with units: 一百零五
        if char in _CN_DIGITS:
            if digit is not None:
                return None  # two digits without a unit between: not a number
            digit = _CN_DIGITS[char]
        elif char in _CN_UNITS:
            section += (1 if digit is None else digit) * _CN_UNITS[char]
            digit = None
        else:  # 万
            total += (section + (digit or 0)) * 10_000
            section, digit = 0, None
    return total + section + (digit or 0)


def natural_key(text: str | None) -> Key:
    """A sort key: text parts compare as text, number parts as numbers (before text)."""
    value = text or ""
    parts: list[tuple[int, int, str]] = []
    position = 0
    for match in _TOKEN.finditer(value):
        start, end = match.span()
        if start > position:
            parts.append((1, 0, value[position:start]))
        if match.group(1):
            number = int("".join(str(_DIGITS[c]) for c in match.group(1)))
            parts.append((0, number, match.group(1)))
        else:
            run = match.group(2)
            after = value[end : end + 1]
            before = value[start - 1 : start]
            number_cn = chinese_number(run)
            if number_cn is not None and ((after and after in ADDRESS_UNITS) or before == "第"):
                parts.append((0, number_cn, run))
            else:
                parts.append((1, 0, run))
        position = end
    if position < len(value):
        parts.append((1, 0, value[position:]))
    return tuple(parts)


__all__ = ["ADDRESS_UNITS", "chinese_number", "natural_key"]
