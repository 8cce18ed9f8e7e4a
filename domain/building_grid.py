"""The building grid (楼盘表) of a project: its households arranged as buildings → units →
floors → rooms, each building with its "签约 x / y"; street-number addresses (…路12号) as a plain
list per street; what cannot be placed in one list at the end.

Pure: the service reads the households and decides each one's state group and overdue mark; this
module only arranges them. The GUI page and the printed grid draw the same `ProjectGrid`.

Arrangement rules:
- Blocks: buildings first (by estate, then building number: 2 before 10), then streets, then the
  unplaced. Inside a building, units by number; floors highest first, every floor from 1 to the
  top shown when the top is at most MAX_FILLED_FLOOR (a gap is an empty row), otherwise only the
  floors that have households. Households without a floor come last in their unit.
- Columns of a unit are its room positions (01, 02 … of 501, 502); two households in one room
  get a column each, so every floor row of a unit has the same width.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from domain.address_parse import Placement, number_key
from domain.choices import Choice, ChoiceList

GROUPS = ChoiceList(
    Choice("unsigned", "未签约", "not signed"),
    Choice("signed", "已签约", "signed"),
    Choice("vacated", "已腾空", "vacated"),
    Choice("handed_over", "已交房", "handed over"),
)
# One palette for the screen and the paper. The fills also differ in lightness (white, light,
# middle, dark), so a grey print keeps the four groups apart.
GROUP_FILLS = {
    "unsigned": "#FFFFFF",
    "signed": "#FFD966",
    "vacated": "#9DC3E6",
    "handed_over": "#70AD47",
}
# The attitude as one character in the cell's corner, in its colour.
ATTITUDE_MARKS = {
    "agree": ("同", "#2E7D32"),
    "undecided": ("观", "#B26A00"),
    "oppose": ("反", "#C62828"),
}
OVERDUE_COLOUR = "#C00000"  # the corner triangle of a household whose visit is overdue
MAX_FILLED_FLOOR = 40
LOOSE_ROW_WIDTH = 6  # households per row in a unit whose rooms have no floors


@dataclass(frozen=True)
class GridHousehold:
    id: str
    name: str  # head of household, or the enterprise
    address: str
    group: str  # a GROUPS code
    state: str | None = None
    attitude: str | None = None
    overdue: bool = False  # the next visit was due before today
    next_visit_due: str | None = None
    caseworker: str | None = None
    placement: Placement = field(default_factory=lambda: Placement("unplaced"))

    @property
    def signed(self) -> bool:
        return self.group != "unsigned"

    @property
    def room_label(self) -> str:
        p = self.placement
        if p.kind == "street":
            return f"{p.number}号" if p.number else ""
        return p.room


@dataclass(frozen=True)
class Tally:
    by_group: tuple[tuple[str, int], ...] = ()

    @classmethod
    def of(cls, households: Iterable[GridHousehold]) -> Tally:
        counts = Counter(h.group for h in households)
        return cls(tuple((code, counts.get(code, 0)) for code in GROUPS.codes()))

    def count(self, group: str) -> int:
        return dict(self.by_group).get(group, 0)

    @property
    def total(self) -> int:
        return sum(n for _, n in self.by_group)

    @property
    def signed(self) -> int:
        """Signed or further along (vacated, handed over): the "签约 x / y" numerator."""
        return self.total - self.count("unsigned")


@dataclass(frozen=True)
class FloorRow:
    floor: int | None  # None: households whose room has no floor
    cells: tuple[GridHousehold | None, ...]  # one per column; None is an empty room


@dataclass(frozen=True)
class UnitBlock:
    name: str  # "2"; "" when the unit is not known
    columns: tuple[str, ...]  # room positions, left to right
    rows: tuple[FloorRow, ...]  # top floor first

    @property
    def width(self) -> int:
        return max(len(self.columns), max((len(r.cells) for r in self.rows), default=0), 1)

    def row_key(self, index: int) -> RowKey:
        """Where row `index` sits among the rows of a building's units side by side: floors
        line up across units, rows without a floor come last."""
        row = self.rows[index]
        if row.floor is not None:
            return (0, -row.floor)
        return (1, index - sum(1 for r in self.rows if r.floor is not None))


RowKey = tuple[int, int]  # (0, -floor) for a floor; (1, i) for the i-th row without a floor


def row_keys(units: Iterable[UnitBlock]) -> list[RowKey]:
    """The rows of these units side by side, top floor first."""
    return sorted({u.row_key(i) for u in units for i in range(len(u.rows))})


@dataclass(frozen=True)
class Block:
    kind: str  # "building", "street" or "unplaced"
    estate: str  # estate of a building; the street of a street list
    name: str  # building label (3栋, 12号楼) or street name
    units: tuple[UnitBlock, ...] = ()  # buildings
    households: tuple[GridHousehold, ...] = ()  # streets and the unplaced, in order
    tally: Tally = field(default_factory=Tally)

    @property
    def title(self) -> str:
        if self.kind == "building":
            return f"{self.estate} {self.name}".strip()
        return self.name

    def all_households(self) -> list[GridHousehold]:
        if self.kind != "building":
            return list(self.households)
        return [c for u in self.units for r in u.rows for c in r.cells if c is not None]


@dataclass(frozen=True)
class ProjectGrid:
    project_id: str
    project_code: str
    project_name: str
    as_of: dt.date
    blocks: tuple[Block, ...]
    tally: Tally

    @property
    def title(self) -> str:
        return f"{self.project_code} {self.project_name}".strip()


def arrange(
    project_id: str,
    project_code: str,
    project_name: str,
    households: Iterable[GridHousehold],
    as_of: dt.date,
) -> ProjectGrid:
    """The grid of these households (each appears exactly once)."""
    buildings: dict[tuple[str, str], list[GridHousehold]] = defaultdict(list)
    streets: dict[str, list[GridHousehold]] = defaultdict(list)
    unplaced: list[GridHousehold] = []
    everyone: list[GridHousehold] = []
    for h in households:
        everyone.append(h)
        p = h.placement
        if p.kind == "flat":
            buildings[(p.estate, p.building)].append(h)
        elif p.kind == "street":
            streets[p.estate].append(h)
        else:
            unplaced.append(h)
    blocks: list[Block] = []
    for (estate, building), members in sorted(
        buildings.items(), key=lambda item: (item[0][0], number_key(item[0][1]))
    ):
        blocks.append(_building(estate, building, members))
    for street, members in sorted(streets.items()):
        ordered = sorted(members, key=lambda h: (_street_key(h.placement.number), h.name, h.id))
        blocks.append(
            Block("street", street, street, households=tuple(ordered), tally=Tally.of(ordered))
        )
    if unplaced:
        ordered = sorted(unplaced, key=lambda h: (h.address, h.name, h.id))
        blocks.append(Block("unplaced", "", "", households=tuple(ordered), tally=Tally.of(ordered)))
    return ProjectGrid(
        project_id, project_code, project_name, as_of, tuple(blocks), Tally.of(everyone)
    )


def _street_key(number: str) -> tuple[tuple[int, int, str], ...]:
    return tuple(number_key(part) for part in number.split("-"))


def _building(estate: str, building: str, members: Sequence[GridHousehold]) -> Block:
    marks = Counter(h.placement.building_mark for h in members if h.placement.building_mark)
    mark = marks.most_common(1)[0][0] if marks else "栋"
    by_unit: dict[str, list[GridHousehold]] = defaultdict(list)
    for h in members:
        by_unit[h.placement.unit].append(h)
    units = tuple(_unit(name, by_unit[name]) for name in sorted(by_unit, key=number_key))
    return Block("building", estate, f"{building}{mark}", units=units, tally=Tally.of(members))


def _unit(name: str, members: Sequence[GridHousehold]) -> UnitBlock:
    floored: dict[int, dict[str, list[GridHousehold]]] = defaultdict(lambda: defaultdict(list))
    loose: list[GridHousehold] = []
    for h in sorted(members, key=lambda h: (h.name, h.id)):
        if h.placement.floor is None:
            loose.append(h)
        else:
            floored[h.placement.floor][h.placement.position].append(h)
    # A position's width is the most households any floor has in that room.
    widths: dict[str, int] = {}
    for rooms in floored.values():
        for position, there in rooms.items():
            widths[position] = max(widths.get(position, 0), len(there))
    positions = sorted(widths, key=number_key)
    columns = tuple(p for p in positions for _ in range(widths[p]))
    top = max(floored, default=0)
    if 0 < top <= MAX_FILLED_FLOOR:
        floors = list(range(top, 0, -1))
    else:
        floors = sorted(floored, reverse=True)
    rows: list[FloorRow] = []
    for floor in floors:
        rooms = floored.get(floor, {})
        cells: list[GridHousehold | None] = []
        for position in positions:
            there = rooms.get(position, [])
            cells += there + [None] * (widths[position] - len(there))
        rows.append(FloorRow(floor, tuple(cells)))
    if loose:
        loose.sort(key=lambda h: (number_key(h.placement.room), h.name, h.id))
        width = len(columns) or min(len(loose), LOOSE_ROW_WIDTH)
        for start in range(0, len(loose), width):
            chunk: list[GridHousehold | None] = list(loose[start : start + width])
            rows.append(FloorRow(None, tuple(chunk + [None] * (width - len(chunk)))))
    return UnitBlock(name, columns, tuple(rows))
