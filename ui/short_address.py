"""An address made to fit a narrow cell without losing what tells it from the others in a list.

In a caseworker's list most addresses share a long start (the sub-district, often the estate) and
differ at the end (building, unit, room), while two estates of one project share the same
building, unit and room numbers. Cut at the end, every row read "华庄街道华庄新…"; cut at the
start, "…1栋1单元201室" stood for the 201室 of every estate. So an address that does not fit is
shortened step by step, each step keeping more of what differs between rows:

1. the sub-district left out (the same on every row of a caseworker's list);
2. building, unit and room as numbers, as caseworkers write them ("1栋1单元201室" -> "1-1-201"),
   read by domain.address_parse (Chinese numerals, 座, #, 号 buildings and dashes too), so the
   list and the building grid agree on an address's building, unit and room;
3. the estate's name cut at its end ("华庄…1-1-201"), the numbers always whole;
4. only when not even that fits, the end of the address with "…" before it.

The whole address stays in the cell's tooltip. Pure text (no Qt): the caller measures.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from domain.address_parse import flat_end

ELLIPSIS = "…"

# The sub-district an address starts with ("华庄街道华庄新村1栋…"), with its district if any.
SUB_DISTRICT_PREFIX = re.compile(r"^(?:[^\d\s]{1,6}?[区县])?[^\d\s]{1,8}?街道(?=.)")

_FIRST_DIGIT = re.compile(r"\d")


def without_sub_district(address: str) -> str:
    return SUB_DISTRICT_PREFIX.sub("", address)


def place_and_numbers(address: str) -> tuple[str, str]:
    """The address as the estate's part and the numbers' part: building, unit and room at the
    end written as numbers, read by domain.address_parse as the building grid reads them
    ("华庄新村1栋1单元201室", "春潮新村三栋二单元五零一室", "长江一村A座1203室" ->
    ("华庄新村", "1-1-201"), ("春潮新村", "3-2-501"), ("长江一村", "A-1203")). Without a
    building and a room the numbers start at the first digit, as written ("长江路", "3号")."""
    found = flat_end(address)
    if found is not None:
        return address[: found.start].rstrip(), found.numbers
    first_digit = _FIRST_DIGIT.search(address)
    if first_digit is None:
        return "", address
    return address[: first_digit.start()], address[first_digit.start() :]


def numbered(address: str) -> str:
    """Building, unit and room at the end written as numbers: "华庄新村1栋1单元201室" ->
    "华庄新村1-1-201"; an address without them is returned as it is."""
    found = flat_end(address)
    if found is None:
        return address
    return address[: found.start].rstrip() + found.numbers


def fitted_address(address: str, room: int, measure: Callable[[str], int]) -> str:
    """The longest of the shortened forms of `address` (module docstring) whose width by
    `measure` is at most `room`; the shortest form when none fits."""
    if measure(address) <= room:
        return address
    shorter = without_sub_district(address)
    if measure(shorter) <= room:
        return shorter
    shorter = numbered(shorter)
    if measure(shorter) <= room:
        return shorter
    place, numbers = place_and_numbers(shorter)
    for keep in range(len(place) - 1, 0, -1):
        candidate = place[:keep] + ELLIPSIS + numbers
        if measure(candidate) <= room:
            return candidate
    # Not even one character of the estate fits beside the numbers: the end, as much as fits.
    for start in range(1, len(shorter)):
        candidate = ELLIPSIS + shorter[start:]
        if measure(candidate) <= room:
            return candidate
    return ELLIPSIS + shorter[-1:] if shorter else shorter
