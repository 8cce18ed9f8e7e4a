"""楼盘表: a project's building grid printed landscape for the dispatch meeting — each building
as units of floors of rooms, each room a cell coloured by the household's state group with its
attitude mark and the overdue-visit triangle, "签约 x / y" per building and for the project.

A4 landscape when every building fits its width, otherwise A3; a building wider than even A3
is cut into bands of units (or of columns), and a building taller than the page continues on
the next one with its title and unit heads repeated ("（续）"). Street-number addresses print as
a list of cells in number order, wrapped to the page width.

The cells are drawn on the canvas directly (not as a reportlab Table): a 3 000-household grid
is one rectangle and three short strings per cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak, Spacer

from domain.building_grid import (
    ATTITUDE_MARKS,
    GROUP_FILLS,
    GROUPS,
    OVERDUE_COLOUR,
    Block,
    GridHousehold,
    ProjectGrid,
    RowKey,
    Tally,
    UnitBlock,
    row_keys,
)
from reports import fonts
from reports import labels as lb
from reports.layout import (
    FRAME_PADDING,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    Output,
    PageInfo,
    draw_text,
    frame_width,
    page_size,
    para,
    render,
    styles,
    text,
)

MM = float(mm)
CELL_W = 15 * MM
CELL_H = 8.5 * MM
FLOOR_W = 9 * MM
UNIT_GAP = 2.5 * MM
TITLE_H = 7 * MM
UNIT_HEAD_H = 5 * MM
BLOCK_GAP = 4 * MM
ROW_GAP = 6 * MM  # between buildings side by side
BORDER = colors.HexColor("#666666")
INK = colors.black
MUTED = colors.HexColor("#555555")
ROOM_SIZE = 6.5
NAME_SIZE = 8
PAD = 1.5


def build_building_grid(data: ProjectGrid, out: Output, *, masked: bool = True) -> int:
    """Write the project's building grid; return the page count.

    The grid carries names, never ID or phone numbers, so `masked` changes nothing."""
    del masked
    paper = choose_paper(data)
    info = PageInfo(
        title=text("grid_doc_title", project=data.title),
        header_left=text("report_header_project", project=data.title),
        header_right=text("grid_as_of", date=lb.long_day(data.as_of)),
        footer_left=text("grid_footer"),
        footer_right=text("report_printed_on", date=lb.long_day(data.as_of)),
        landscape=True,
        paper=paper,
    )
    return render(grid_story(data, frame_width(info), frame_height(info)), out, info)


def frame_height(info: PageInfo) -> float:
    """The height of a page's frame (what one flowable may take at most)."""
    return float(page_size(info)[1] - MARGIN_TOP - MARGIN_BOTTOM) - 2 * FRAME_PADDING


def choose_paper(data: ProjectGrid) -> str:
    """A4 when every building fits an A4 landscape frame, otherwise A3."""
    a4 = frame_width(PageInfo("", "", "", landscape=True))
    widest = max((natural_width(b) for b in data.blocks if b.kind == "building"), default=0.0)
    return "A4" if widest <= a4 else "A3"


def natural_width(block: Block) -> float:
    """The width of a building with all its units side by side."""
    units = block.units
    return FLOOR_W + sum(u.width * CELL_W for u in units) + UNIT_GAP * max(len(units) - 1, 0)


def grid_story(
    data: ProjectGrid, width: float, frame_height: float, *, heading: bool = True
) -> list[Flowable]:
    """The flowables of one project's grid, for its own document or another's (the weekly
    report appends them)."""
    s = styles()
    story: list[Flowable] = []
    if heading:
        story.append(para(text("grid_title"), s.title, bold=True))
    story.append(para(_subtitle(data), s.subtitle))
    story.append(Legend(data.tally, width))
    story.append(Spacer(1, 2 * MM))
    if not data.blocks:
        story.append(para(text("grid_empty"), s.body))
        return story
    row: list[Flowable] = []
    used = 0.0
    for block in data.blocks:
        if block.kind == "building":
            for segments in _bands(block.units, width - FLOOR_W):
                band = BuildingBand(block, segments, _rows(segments))
                band_width = band.wrap(width, frame_height)[0]
                if row and used + ROW_GAP + band_width > width:
                    story += [BandRow(row, frame_height), Spacer(1, BLOCK_GAP)]
                    row, used = [], 0.0
                used += band_width + (ROW_GAP if row else 0)
                row.append(band)
            continue
        if row:
            story += [BandRow(row, frame_height), Spacer(1, BLOCK_GAP)]
            row, used = [], 0.0
        per_row = max(int(width // CELL_W), 1)
        cells = list(block.households)
        rows = [tuple(cells[i : i + per_row]) for i in range(0, len(cells), per_row)]
        story += [ListBand(block, rows), Spacer(1, BLOCK_GAP)]
    if row:
        story.append(BandRow(row, frame_height))
    return story


class BandRow(Flowable):  # type: ignore[misc]
    """Buildings side by side, tops aligned. A row that does not fit the rest of the page moves
    to the next; one taller than a whole page falls apart into its buildings, which split."""

    def __init__(self, bands: Sequence[Flowable], frame_height: float) -> None:
        super().__init__()
        self.bands, self.frame_height = list(bands), frame_height
        self.sizes: list[tuple[float, float]] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.sizes = [band.wrap(avail_width, avail_height) for band in self.bands]
        self.width = sum(w for w, _ in self.sizes) + ROW_GAP * (len(self.sizes) - 1)
        self.height = max(h for _, h in self.sizes)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        if self.height <= avail_height:
            return [self]
        if self.height <= self.frame_height:
            return []  # a fresh page holds it
        # Taller than a page: the buildings one after another, each splitting between floors.
        parts: list[Flowable] = []
        for band in self.bands:
            parts += [band, Spacer(1, BLOCK_GAP)]
        return parts[:-1]

    def draw(self) -> None:
        x = 0.0
        for band, (width, height) in zip(self.bands, self.sizes, strict=True):
            band.drawOn(self.canv, x, self.height - height)
            x += width + ROW_GAP


def grid_appendix(grids: Sequence[ProjectGrid], width: float, frame_h: float) -> list[Flowable]:
    """The grids appended to another document (the weekly report), each from a new page."""
    story: list[Flowable] = []
    for grid in grids:
        story += [PageBreak(), para(text("grid_weekly_section"), styles().section, bold=True)]
        story += grid_story(grid, width, frame_h, heading=False)
    return story


def _subtitle(data: ProjectGrid) -> str:
    rate = f"{100 * data.tally.signed / data.tally.total:.1f}%" if data.tally.total else "—"
    signed = text("grid_signed_rate", signed=data.tally.signed, total=data.tally.total, rate=rate)
    return f"{data.title}　{text('grid_as_of', date=lb.long_day(data.as_of))}　{signed}"


# ---------------------------------------------------------------------------------------------
# Bands: the units (or columns of a unit) of a building that fit one page width


@dataclass(frozen=True)
class Segment:
    unit: UnitBlock
    start: int  # first column
    end: int  # past the last column

    @property
    def columns(self) -> int:
        return self.end - self.start


def _bands(units: Sequence[UnitBlock], room: float) -> list[list[Segment]]:
    """Units side by side while they fit `room`; a unit wider than `room` alone is cut into
    column chunks."""
    most = max(int(room // CELL_W), 1)
    pieces: list[Segment] = []
    for unit in units:
        for start in range(0, unit.width, most):
            pieces.append(Segment(unit, start, min(start + most, unit.width)))
    bands: list[list[Segment]] = []
    used = 0.0
    for piece in pieces:
        need = piece.columns * CELL_W + (UNIT_GAP if bands and bands[-1] else 0)
        if not bands or used + need > room + 0.01:
            bands.append([piece])
            used = piece.columns * CELL_W
        else:
            bands[-1].append(piece)
            used += need
    return bands


def _rows(segments: Sequence[Segment]) -> list[RowKey]:
    return row_keys(s.unit for s in segments)


class BuildingBand(Flowable):  # type: ignore[misc]
    """A building's units (a band of them), floors top down; splits between floors."""

    def __init__(
        self,
        block: Block,
        segments: Sequence[Segment],
        rows: Sequence[RowKey],
        *,
        continued: bool = False,
    ) -> None:
        super().__init__()
        self.block, self.segments, self.rows, self.continued = block, segments, rows, continued
        self.cells = [
            {s.unit.row_key(i): r.cells[s.start : s.end] for i, r in enumerate(s.unit.rows)}
            for s in segments
        ]
        self.with_units = any(s.unit.name for s in segments)

    def _head_height(self) -> float:
        return TITLE_H + (UNIT_HEAD_H if self.with_units else 0)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        width = FLOOR_W + sum(s.columns * CELL_W for s in self.segments)
        width += UNIT_GAP * max(len(self.segments) - 1, 0)
        self.width, self.height = width, self._head_height() + CELL_H * len(self.rows)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        fit = int((avail_height - self._head_height()) // CELL_H)
        if fit < 1 or fit >= len(self.rows):
            return [] if fit < 1 else [self]
        return [
            BuildingBand(self.block, self.segments, self.rows[:fit], continued=self.continued),
            BuildingBand(self.block, self.segments, self.rows[fit:], continued=True),
        ]

    def draw(self) -> None:
        canv = self.canv
        top = self.height
        _title(canv, self.block, top, self.continued)
        y = top - TITLE_H
        x = FLOOR_W
        font = fonts.body_font()
        for segment, cells in zip(self.segments, self.cells, strict=True):
            seg_w = segment.columns * CELL_W
            if self.with_units and segment.unit.name:
                canv.setFillColor(MUTED)
                canv.setFont(font, 7.5)
                label = text("grid_unit", unit=segment.unit.name)
                canv.drawCentredString(x + seg_w / 2, y - UNIT_HEAD_H + 1.5 * MM, label)
                canv.setStrokeColor(MUTED)
                canv.setLineWidth(0.4)
                canv.line(x, y - UNIT_HEAD_H + 0.6 * MM, x + seg_w, y - UNIT_HEAD_H + 0.6 * MM)
            row_y = y - (UNIT_HEAD_H if self.with_units else 0)
            for key in self.rows:
                row_y -= CELL_H
                for column, household in enumerate(cells.get(key, ())):
                    draw_cell(canv, household, x + column * CELL_W, row_y)
            x += seg_w + UNIT_GAP
        # Floor labels on the left.
        canv.setFillColor(MUTED)
        canv.setFont(font, 7)
        row_y = y - (UNIT_HEAD_H if self.with_units else 0)
        for key in self.rows:
            row_y -= CELL_H
            if key[0] == 0:
                label = text("grid_floor", floor=-key[1])
            elif key[1] == 0:
                label = text("grid_no_floor")
            else:
                continue
            canv.drawRightString(FLOOR_W - 1.2 * MM, row_y + CELL_H / 2 - 2.4, label)


class ListBand(Flowable):  # type: ignore[misc]
    """A street's households (or the unplaced ones) in rows of cells; splits between rows."""

    def __init__(
        self,
        block: Block,
        rows: Sequence[tuple[GridHousehold, ...]],
        *,
        continued: bool = False,
    ) -> None:
        super().__init__()
        self.block, self.rows, self.continued = block, rows, continued

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        columns = max((len(r) for r in self.rows), default=0)
        self.width, self.height = columns * CELL_W, TITLE_H + CELL_H * len(self.rows)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        fit = int((avail_height - TITLE_H) // CELL_H)
        if fit < 1 or fit >= len(self.rows):
            return [] if fit < 1 else [self]
        return [
            ListBand(self.block, self.rows[:fit], continued=self.continued),
            ListBand(self.block, self.rows[fit:], continued=True),
        ]

    def draw(self) -> None:
        canv = self.canv
        _title(canv, self.block, self.height, self.continued)
        y = self.height - TITLE_H
        for row in self.rows:
            y -= CELL_H
            for column, household in enumerate(row):
                draw_cell(
                    canv, household, column * CELL_W, y, unplaced=self.block.kind == "unplaced"
                )


def _title(canv: Canvas, block: Block, top: float, continued: bool) -> None:
    name = block.title if block.kind != "unplaced" else text("grid_unplaced")
    if continued:
        name += text("grid_continued")
    signed = text("grid_signed", signed=block.tally.signed, total=block.tally.total)
    font = fonts.heading_font()
    c = canv
    c.setFillColor(INK)
    c.setFont(font, 10)
    baseline = top - TITLE_H + 2 * MM
    name = fit(name, font, 10, 150 * MM)
    draw_text(c, 0, baseline, name, font, 10)
    offset = line_width(name, font, 10) + 4 * MM
    c.setFont(fonts.body_font(), 8.5)
    c.setFillColor(MUTED)
    c.drawString(offset, baseline, signed)


def line_width(value: str, font: str, size: float) -> float:
    """The width of a line drawn by draw_text (emoji and rare characters in their own face)."""
    return sum(float(stringWidth(run, face, size)) for face, run in fonts.runs(value, font))


def fit(value: str, font: str, size: float, width: float) -> str:
    """`value` cut with "…" to fit `width` (characters the font lacks replaced first)."""
    # No glyph is narrower than a fifth of the size: what lies beyond cannot fit anyway, so a
    # 4 000-character name costs no more than a short one.
    value = fonts.safe_text(value[: int(width / (size * 0.2)) + 2], font, fallback=True)
    if line_width(value, font, size) <= width:
        return value
    low, high = 0, len(value)  # the longest prefix that fits with "…" (binary search)
    while low < high:
        middle = (low + high + 1) // 2
        if line_width(value[:middle] + "…", font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return value[:low] + "…"


def draw_cell(
    canv: Canvas, household: GridHousehold | None, x: float, y: float, *, unplaced: bool = False
) -> None:
    """One room: an empty outline, or the household's colour, room, marks and name."""
    c = canv
    c.setLineWidth(0.4)
    c.setStrokeColor(BORDER)
    if household is None:
        c.setDash(1, 1.5)
        c.rect(x + 0.6, y + 0.6, CELL_W - 1.2, CELL_H - 1.2, stroke=1, fill=0)
        c.setDash()
        return
    c.setFillColor(colors.HexColor(GROUP_FILLS[household.group]))
    c.rect(x + 0.6, y + 0.6, CELL_W - 1.2, CELL_H - 1.2, stroke=1, fill=1)
    font = fonts.body_font()
    right = x + CELL_W - 0.6 - PAD
    if household.overdue:
        size = 2.6 * MM
        top, edge = y + CELL_H - 0.6, x + CELL_W - 0.6
        c.setFillColor(colors.HexColor(OVERDUE_COLOUR))
        path = c.beginPath()
        path.moveTo(edge - size, top)
        path.lineTo(edge, top)
        path.lineTo(edge, top - size)
        path.close()
        c.drawPath(path, stroke=0, fill=1)
        right -= size - PAD
    mark = ATTITUDE_MARKS.get(household.attitude or "")
    top_line = y + CELL_H - 0.6 - PAD - ROOM_SIZE * 0.85
    if mark is not None:
        # On a white disc, so the mark reads on every fill (green on green would not).
        c.setFillColor(colors.white)
        c.circle(right - ROOM_SIZE / 2, top_line + ROOM_SIZE * 0.36, ROOM_SIZE * 0.62, 0, 1)
        c.setFillColor(colors.HexColor(mark[1]))
        c.setFont(font, ROOM_SIZE)
        c.drawRightString(right, top_line, mark[0])
        right -= ROOM_SIZE + 0.8
    label = household.address if unplaced else household.room_label
    c.setFillColor(INK)
    c.setFont(font, ROOM_SIZE)
    left = x + 0.6 + PAD
    draw_text(c, left, top_line, fit(label, font, ROOM_SIZE, right - left - 0.5), font, ROOM_SIZE)
    name = fit(household.name, font, NAME_SIZE, CELL_W - 1.2 - 2 * PAD)
    draw_text(c, left, y + 0.6 + PAD + 1.2, name, font, NAME_SIZE)


class Legend(Flowable):  # type: ignore[misc]
    """The colour of each group with its count, the attitude marks and the overdue triangle;
    on two lines when one is too narrow (a portrait page)."""

    SIZE = 8.5
    LINE = 6 * MM

    def __init__(self, tally: Tally, width: float) -> None:
        super().__init__()
        self.tally, self.avail = tally, width
        self.two_lines = False

    def _groups_width(self) -> float:
        font = fonts.body_font()
        width = float(stringWidth(text("grid_legend_state"), font, self.SIZE)) + 1.5 * MM
        for code in GROUPS.codes():
            label = f"{GROUPS.label(code)} {self.tally.count(code)}"
            width += 6 * MM + stringWidth(label, font, self.SIZE) + 4 * MM
        return width

    def _marks_width(self) -> float:
        font = fonts.body_font()
        return float(
            stringWidth(text("grid_legend_attitude"), font, self.SIZE)
            + 9 * MM
            + stringWidth(text("grid_legend_overdue"), font, self.SIZE)
        )

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = min(self.avail, avail_width)
        self.two_lines = self._groups_width() + 2 * MM + self._marks_width() > self.width
        self.height = self.LINE * (2 if self.two_lines else 1)
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        font = fonts.body_font()
        size = self.SIZE
        y = self.height - self.LINE + 1.6 * MM
        x = 0.0
        c.setFont(font, size)
        c.setFillColor(INK)
        c.drawString(x, y, text("grid_legend_state"))
        x += stringWidth(text("grid_legend_state"), font, size) + 1.5 * MM
        for code in GROUPS.codes():
            c.setStrokeColor(BORDER)
            c.setLineWidth(0.4)
            c.setFillColor(colors.HexColor(GROUP_FILLS[code]))
            c.rect(x, y - 0.8 * MM, 5 * MM, 3.6 * MM, stroke=1, fill=1)
            x += 6 * MM
            c.setFillColor(INK)
            label = f"{GROUPS.label(code)} {self.tally.count(code)}"
            c.drawString(x, y, label)
            x += stringWidth(label, font, size) + 4 * MM
        if self.two_lines:
            x, y = 0.0, y - self.LINE
        else:
            x += 2 * MM
        c.drawString(x, y, text("grid_legend_attitude"))
        x += stringWidth(text("grid_legend_attitude"), font, size) + 5 * MM
        c.setFillColor(colors.HexColor(OVERDUE_COLOUR))
        path = c.beginPath()
        path.moveTo(x, y + 2.8 * MM)
        path.lineTo(x + 2.8 * MM, y + 2.8 * MM)
        path.lineTo(x + 2.8 * MM, y)
        path.close()
        c.drawPath(path, stroke=0, fill=1)
        c.setFillColor(INK)
        c.drawString(x + 4 * MM, y, text("grid_legend_overdue"))
