"""Sets of sequence numbers kept as sorted, disjoint, inclusive ranges: what a copy holds of each
device's ops, what a bundle carries, what a peer has acknowledged.

Sets, not maxima: sticks arrive out of order, so a hub can hold seqs 1-40 and 61-80 of a laptop
while 41-60 are still in someone's pocket. Pure: no I/O, no database.

JSON form (in manifests): ``{"<origin device id>": [[lo, hi], ...], ...}`` with each list sorted,
disjoint and never adjacent (the canonical form), so two equal sets have equal JSON.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
MAX_SEQ = 2**53  # survives every JSON reader
MAX_RANGES = 1_000_000  # per manifest: far beyond any real fragmentation, bounds parsing work


class RangeSet:
    """An immutable set of positive integers stored as ``((lo, hi), ...)``, inclusive."""

    __slots__ = ("_ranges",)

    def __init__(self, ranges: Iterable[tuple[int, int]] = ()) -> None:
        self._ranges: tuple[tuple[int, int], ...] = _normalise(ranges)

    @classmethod
    def of(cls, *seqs: int) -> RangeSet:
        return cls((s, s) for s in seqs)

    @classmethod
    def from_sorted_seqs(cls, seqs: Iterable[int]) -> RangeSet:
        """Collapse an ascending stream of seqs (duplicates allowed) in one pass."""
        ranges: list[tuple[int, int]] = []
        lo = hi = -1
        for seq in seqs:
            if seq <= hi + 1 and lo != -1:
                hi = max(hi, seq)
                continue
            if lo != -1:
                ranges.append((lo, hi))
            lo = hi = seq
        if lo != -1:
            ranges.append((lo, hi))
        return cls(ranges)

    @property
    def ranges(self) -> tuple[tuple[int, int], ...]:
        return self._ranges

    def __len__(self) -> int:
        return sum(hi - lo + 1 for lo, hi in self._ranges)

    def __bool__(self) -> bool:
        return bool(self._ranges)

    def __iter__(self) -> Iterator[int]:
        for lo, hi in self._ranges:
            yield from range(lo, hi + 1)

    def __contains__(self, seq: object) -> bool:
        if not isinstance(seq, int):
            return False
        i = bisect.bisect_right(self._ranges, (seq, MAX_SEQ + 1)) - 1
        return i >= 0 and self._ranges[i][0] <= seq <= self._ranges[i][1]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RangeSet) and self._ranges == other._ranges

    def __hash__(self) -> int:
        return hash(self._ranges)

    def __repr__(self) -> str:
        return "RangeSet(" + ", ".join(f"{lo}-{hi}" for lo, hi in self._ranges) + ")"

    def __or__(self, other: RangeSet) -> RangeSet:
        return RangeSet(self._ranges + other._ranges)

    def __sub__(self, other: RangeSet) -> RangeSet:
        out: list[tuple[int, int]] = []
        cut = other._ranges
        j = 0
        for lo, hi in self._ranges:
            while j < len(cut) and cut[j][1] < lo:
                j += 1
            k = j
            start = lo
            while k < len(cut) and cut[k][0] <= hi:
                if cut[k][0] > start:
                    out.append((start, cut[k][0] - 1))
                start = max(start, cut[k][1] + 1)
                k += 1
            if start <= hi:
                out.append((start, hi))
        return RangeSet(out)

    def __and__(self, other: RangeSet) -> RangeSet:
        return self - (self - other)

    def issubset(self, other: RangeSet) -> bool:
        return not (self - other)

    def max(self) -> int:
        return self._ranges[-1][1] if self._ranges else 0

    def to_json(self) -> list[list[int]]:
        return [[lo, hi] for lo, hi in self._ranges]


def _normalise(ranges: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    items = sorted((int(lo), int(hi)) for lo, hi in ranges)
    merged: list[tuple[int, int]] = []
    for lo, hi in items:
        if lo > hi or lo < 1:
            raise ValueError(f"bad range {lo}-{hi}")
        if merged and lo <= merged[-1][1] + 1:
            if hi > merged[-1][1]:
                merged[-1] = (merged[-1][0], hi)
        else:
            merged.append((lo, hi))
    return tuple(merged)


# --- per-origin maps --------------------------------------------------------------------------

Ranges = dict[str, RangeSet]


def union(a: Mapping[str, RangeSet], b: Mapping[str, RangeSet]) -> Ranges:
    out = dict(a)
    for origin, rs in b.items():
        out[origin] = out[origin] | rs if origin in out else rs
    return {k: v for k, v in out.items() if v}


def difference(a: Mapping[str, RangeSet], b: Mapping[str, RangeSet]) -> Ranges:
    out: Ranges = {}
    for origin, rs in a.items():
        left = rs - b[origin] if origin in b else rs
        if left:
            out[origin] = left
    return out


def count(a: Mapping[str, RangeSet]) -> int:
    return sum(len(rs) for rs in a.values())


def is_subset(a: Mapping[str, RangeSet], b: Mapping[str, RangeSet]) -> bool:
    return all(rs.issubset(b.get(origin, RangeSet())) for origin, rs in a.items())


def to_json(a: Mapping[str, RangeSet]) -> dict[str, list[list[int]]]:
    return {origin: rs.to_json() for origin, rs in sorted(a.items()) if rs}


def from_json(value: Any) -> Ranges:
    """Read ranges from an untrusted manifest; ValueError unless in the exact canonical form."""
    if not isinstance(value, dict):
        raise ValueError("ranges: not an object")
    out: Ranges = {}
    total = 0
    for origin, items in value.items():
        if not isinstance(origin, str) or not _UUID.match(origin):
            raise ValueError("ranges: origin is not a device id")
        if not isinstance(items, list) or not items:
            raise ValueError("ranges: not a non-empty list")
        total += len(items)
        if total > MAX_RANGES:
            raise ValueError("ranges: too many")
        pairs: list[tuple[int, int]] = []
        for item in items:
            if (
                not isinstance(item, list)
                or len(item) != 2
                or any(type(x) is not int for x in item)
                or not 1 <= item[0] <= item[1] <= MAX_SEQ
            ):
                raise ValueError("ranges: bad pair")
            pairs.append((item[0], item[1]))
        rs = RangeSet(pairs)
        if list(rs.ranges) != pairs:
            raise ValueError("ranges: not canonical")
        out[origin] = rs
    return out
