"""A comparison of two compensation policies over one project's households: the rows, the
totals, who is better or worse off, and the bands of the difference (B − A) for the chart.

Pure data, built by services.policy_compare and printed by reports.policy_comparison.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from decimal import Decimal

# Band edges in yuan for the distribution of B − A (a band holds edge[i] ≤ d < edge[i+1]).
BAND_EDGES_YUAN = (-200_000, -100_000, -50_000, -10_000, 0, 1, 10_000, 50_000, 100_000, 200_000)


@dataclass(frozen=True)
class ComparedHousehold:
    household_id: str
    head_name: str
    address: str
    state: str | None
    option: str
    a_fen: int | None
    b_fen: int | None

    @property
    def complete(self) -> bool:
        return self.a_fen is not None and self.b_fen is not None

    @property
    def difference_fen(self) -> int | None:
        if self.a_fen is None or self.b_fen is None:
            return None
        return self.b_fen - self.a_fen


@dataclass(frozen=True)
class Band:
    label: str
    low_fen: int | None
    high_fen: int | None
    count: int


@dataclass(frozen=True)
class Comparison:
    project_id: str
    project_name: str
    a_id: str
    a_label: str
    b_id: str
    b_label: str
    option: str | None  # None: each household's own option
    as_of: dt.date
    rows: list[ComparedHousehold]
    funding_secured_fen: int
    bands: list[Band] = field(default_factory=list)

    @property
    def complete_rows(self) -> list[ComparedHousehold]:
        return [r for r in self.rows if r.complete]

    @property
    def incomplete(self) -> int:
        return len(self.rows) - len(self.complete_rows)

    @property
    def total_a_fen(self) -> int:
        return sum(r.a_fen or 0 for r in self.complete_rows)

    @property
    def total_b_fen(self) -> int:
        return sum(r.b_fen or 0 for r in self.complete_rows)

    @property
    def better(self) -> list[ComparedHousehold]:
        return [r for r in self.complete_rows if (r.difference_fen or 0) > 0]

    @property
    def worse(self) -> list[ComparedHousehold]:
        return [r for r in self.complete_rows if (r.difference_fen or 0) < 0]

    @property
    def same(self) -> int:
        return len(self.complete_rows) - len(self.better) - len(self.worse)

    @property
    def better_fen(self) -> int:
        return sum(r.difference_fen or 0 for r in self.better)

    @property
    def worse_fen(self) -> int:
        return sum(r.difference_fen or 0 for r in self.worse)  # negative

    @property
    def gap_a_fen(self) -> int:
        """Funding still lacking under A (negative: more is secured than needed)."""
        return self.total_a_fen - self.funding_secured_fen

    @property
    def gap_b_fen(self) -> int:
        return self.total_b_fen - self.funding_secured_fen


def bands_of(rows: list[ComparedHousehold]) -> list[Band]:
    edges = [e * 100 for e in BAND_EDGES_YUAN]
    bounds: list[tuple[int | None, int | None]] = [(None, edges[0])]
    bounds += list(itertools.pairwise(edges))
    bounds.append((edges[-1], None))
    out = []
    for low, high in bounds:
        n = sum(
            1
            for r in rows
            if r.difference_fen is not None
            and (low is None or r.difference_fen >= low)
            and (high is None or r.difference_fen < high)
        )
        out.append(Band(_band_label(low, high), low, high, n))
    return out


def _wan(fen: int) -> str:
    value = Decimal(fen) / 1_000_000
    return f"{value:+g}万" if value else "0"


def _band_label(low: int | None, high: int | None) -> str:
    if low == 0 and high == 100:
        return "不变"
    if low is None:
        return f"少于 {_wan(high or 0)}"  # words, not "<": chart labels may be read as markup
    if high is None:
        return f"{_wan(low)} 及以上"
    if high == 0:
        return f"{_wan(low)} ~ 0"
    if low == 100:
        return f"0 ~ {_wan(high)}"
    return f"{_wan(low)} ~ {_wan(high)}"
