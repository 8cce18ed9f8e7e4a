"""Bordered tables of any length, drawn row by row: registers, record lists and forms.

reportlab's Table keeps every row and re-splits the whole table at each page, so time and
memory grow faster than the rows, and a row taller than a page raises LayoutError. A
`LongTable` instead takes its rows from an iterator, lays out only what the next page needs
and draws those rows directly on the canvas:

- rows stream: a 60 000-row register never holds more than a page of laid-out rows;
- a row taller than what is left of the page is split between lines; the part on the next
  page repeats the row's first cell and starts its continued cells with "（续）";
- text breaks by the rules of reports.linebreak (no line starting with ，。、…; numbers, IDs,
  codes and dates whole; name lists only after 、);
- `nowrap` cells never wrap: `column_widths` sizes their columns from their content.

Cells are plain values (GridCell), not flowables, except `GridCell.flowable` for a drawn
item such as tick boxes (never split).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from domain.i18n import heading
from reports import fonts
from reports.language import continued
from reports.linebreak import KEEP_RUN, break_lines

INK = colors.black
GRID_INK = colors.HexColor("#333333")
MUTED = colors.HexColor("#555555")
CONTINUED = "（续）"  # in Chinese; reports.language.continued() in the language being set

PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 3.0, 4.0, 2.5, 3.0


@dataclass(frozen=True)
class TextStyle:
    size: float
    leading: float
    heading: bool = False  # set in the heading face (or faux bold)


CELL = TextStyle(9, 12.5)
NUMBER = TextStyle(8.5, 11)
HEAD = TextStyle(9, 12, heading=True)
STYLES = {"cell": CELL, "number": NUMBER, "head": HEAD, "label": HEAD}


@dataclass
class GridCell:
    text: str = ""
    align: str = "left"  # left | center | right
    bold: bool = False
    span: int = 1  # columns covered
    nowrap: bool = False  # a number, ID, code or date: sized to fit, never wrapped
    names: bool = False  # a list of names: breaks only after 、
    fill: colors.Color | None = None
    style: str = "cell"  # cell | number | head | label
    valign: str = "middle"  # middle | top
    min_height: float = 0.0  # a box to write in by hand
    flowable: Flowable | None = None  # drawn as is instead of text (never split)
    color: colors.Color | None = None


@dataclass
class GridRow:
    cells: list[GridCell]
    fill: colors.Color | None = None
    min_height: float = 0.0


# ---------------------------------------------------------------------------------------------
# Measuring

_widths: dict[str, dict[str, float]] = {}


def _font_of(style: TextStyle, bold: bool) -> str:
    if (style.heading or bold) and not fonts.faux_bold():
        return fonts.heading_font()
    return fonts.body_font()


def char_width(char: str, font: str) -> float:
    """Width of `char` at 1 pt in `font`, or in the face that draws it (a fallback face; in an
    English document the Latin face)."""
    latin = fonts.latin_face(font)
    key = font if latin is None else f"{font}+{latin}"
    table = _widths.get(key)
    if table is None:
        table = _widths[key] = {}
    width = table.get(char)
    if width is None:
        face = fonts.face_for(char, font, latin)
        width = table[char] = pdfmetrics.getFont(face).stringWidth(char, 1.0)
    return width


def text_width(text: str, style: str | TextStyle = CELL, *, bold: bool = False) -> float:
    """Natural width of one line of `text` (no breaking), in points."""
    st = STYLES[style] if isinstance(style, str) else style
    font = _font_of(st, bold)
    clean = fonts.safe_text(text, font, fallback=True)
    return sum(char_width(c, font) for c in clean) * st.size


def column_width(
    texts: Iterable[str], style: str | TextStyle = CELL, *, bold: bool = False
) -> float:
    """The width a nowrap column needs so that none of `texts` wraps (paddings included)."""
    lines = {line for t in set(texts) for line in t.split("\n")}
    # Measured in both faces: a cell may be bold (heading face) or not (body face).
    widest = max(
        (max(text_width(line, style), text_width(line, style, bold=True)) for line in lines),
        default=0.0,
    )
    return widest + PAD_LEFT + PAD_RIGHT + 0.5


def heading_room(label: str) -> float:
    """The width a column heading needs to take at most two lines, and to keep its widest Latin
    word whole (an English heading never breaks inside "number"; Chinese has no such words)."""
    label = heading(label)  # measured as printed: "H" is wider than "h"
    half = text_width(label, HEAD, bold=True) / 2 + HEAD.size
    word = max(
        (text_width(m.group(), HEAD, bold=True) for m in KEEP_RUN.finditer(label)), default=0
    )
    return max(half, word + 1.0) + PAD_LEFT + PAD_RIGHT


def word_room(texts: Iterable[str], style: str | TextStyle = CELL, *, bold: bool = False) -> float:
    """The width a wrapping column needs to keep its widest Latin word whole (paddings
    included): an English "Reasonableness" or "compensation" is never cut inside; Chinese has no
    such words, so this asks nothing of a Chinese column."""
    widest = max(
        (text_width(m.group(), style, bold=bold) for t in texts for m in KEEP_RUN.finditer(t)),
        default=0.0,
    )
    return widest + PAD_LEFT + PAD_RIGHT + 0.5 if widest else 0.0


def column_widths(
    total: float,
    fixed: dict[int, float],
    weights: Sequence[float],
    minimums: dict[int, float] | None = None,
) -> list[float]:
    """Widths filling `total`: columns in `fixed` get their natural width (see column_width),
    the rest share what is left in proportion to `weights` (never below a weighted minimum,
    nor below the column's entry in `minimums` while the others can give way).
    When the fixed columns alone are too wide, everything shrinks in proportion."""
    count = len(weights)
    flex = [i for i in range(count) if i not in fixed]
    minimum = 14.0  # points: a flexible column keeps room for one character and paddings
    left = total - sum(fixed.values())
    need = minimum * len(flex)
    if left < need:
        scale = max(total - need, 1.0) / max(sum(fixed.values()), 1.0)
        fixed = {i: w * scale for i, w in fixed.items()}
        left = total - sum(fixed.values())
    floors = {i: w for i, w in (minimums or {}).items() if i in flex}
    held: dict[int, float] = {}  # flexible columns raised to their floor
    while True:
        free = [i for i in flex if i not in held]
        room = left - sum(held.values())
        free_weight = sum(weights[i] for i in free) or 1.0
        short = [i for i in free if room * weights[i] / free_weight < floors.get(i, 0.0)]
        if not short:
            break
        if sum(floors[i] for i in short) + sum(held.values()) < left:
            held.update({i: floors[i] for i in short})
            continue
        # Not every floor fits: hold the smallest ones that do (each column left free keeps
        # its one-character minimum), and the rest share what remains.
        for i in sorted(short, key=lambda j: floors[j]):
            others = len([j for j in free if j not in held and j != i])
            if floors[i] + sum(held.values()) + minimum * others <= left:
                held[i] = floors[i]
        break
    return [
        fixed[i] if i in fixed else held.get(i, room * weights[i] / free_weight)
        for i in range(count)
    ]


def header_row(labels: Sequence[str], *, fill: colors.Color | None = None) -> GridRow:
    """A row of column headings (bold, centred, shaded); an English one starts with a capital
    ("Number", not "number"; Chinese is unchanged by it)."""
    return GridRow(
        [GridCell(heading(label), "center", style="head") for label in labels], fill=fill
    )


# ---------------------------------------------------------------------------------------------
# Laying out


@dataclass
class _Laid:
    """One cell, broken into lines for its width."""

    cell: GridCell
    x: float
    width: float
    font: str
    style: TextStyle
    lines: list[str]
    continued: bool = False  # starts with the "（续）" line
    flow_height: float = 0.0

    @property
    def text_height(self) -> float:
        if self.cell.flowable is not None:
            return self.flow_height
        return len(self.lines) * self.style.leading

    @property
    def height(self) -> float:
        return max(self.text_height + PAD_TOP + PAD_BOTTOM, self.cell.min_height)


@dataclass
class _LaidRow:
    row: GridRow
    cells: list[_Laid]
    height: float = 0.0
    continuation: bool = False

    def measure(self) -> None:
        self.height = max([self.row.min_height] + [c.height for c in self.cells])


def line_width(line: str, font: str, size: float) -> float:
    """Width of one line as drawn (the font's own measure when it has every character)."""
    if fonts.latin_face(font) is None and fonts.covers_all(line, font):
        return float(pdfmetrics.getFont(font).stringWidth(line, size))
    return sum(char_width(c, font) for c in line) * size


def _lines(text: str, font: str, style: TextStyle, width: float, names: bool) -> list[str]:
    clean = fonts.safe_text(text, font, fallback=True).replace("\r\n", "\n").replace("\r", "\n")
    limit = max(width - PAD_LEFT - PAD_RIGHT, style.size)
    out: list[str] = []
    for hard in clean.split("\n"):
        if line_width(hard, font, style.size) <= limit:
            out.append(hard)  # the common case: one short line, no breaking needed
            continue
        widths = [char_width(c, font) * style.size for c in hard]
        out += [hard[a:b] for a, b in break_lines(hard, widths, limit, names=names)]
    return out


def _lay_row(row: GridRow, widths: Sequence[float], avail_width: float) -> _LaidRow:
    laid: list[_Laid] = []
    x = 0.0
    column = 0
    for cell in row.cells:
        width = sum(widths[column : column + cell.span])
        column += cell.span
        style = STYLES.get(cell.style, CELL)
        font = _font_of(style, cell.bold)
        item = _Laid(cell, x, width, font, style, [])
        if cell.flowable is not None:
            _, item.flow_height = cell.flowable.wrap(width - PAD_LEFT - PAD_RIGHT, 10_000)
        elif cell.text:
            item.lines = _lines(cell.text, font, style, width, cell.names)
        laid.append(item)
        x += width
    result = _LaidRow(row, laid)
    result.measure()
    return result


def _split_row(row: _LaidRow, height: float, min_lines: int) -> tuple[_LaidRow, _LaidRow] | None:
    """The part of `row` that fits in `height` and the rest, or None when too little fits."""
    parts_first: list[_Laid] = []
    parts_rest: list[_Laid] = []
    for item in row.cells:
        if item.cell.flowable is not None:
            if item.flow_height + PAD_TOP + PAD_BOTTOM > height:
                return None
            parts_first.append(item)
            parts_rest.append(_with(item, [], False))
            continue
        room = int((height - PAD_TOP - PAD_BOTTOM + 1e-6) // item.style.leading)
        lines = item.lines
        if len(lines) <= room:
            parts_first.append(_with(item, lines, item.continued))
            parts_rest.append(_with(item, [], False))
            continue
        if room < min(min_lines, len(lines)):
            return None
        parts_first.append(_with(item, lines[:room], item.continued))
        parts_rest.append(_with(item, [continued(), *lines[room:]], True))
    if not any(p.lines for p in parts_rest):
        return None  # nothing continues: the row was not taller after all
    # The part on the next page names its row: its first cell repeated when it had finished.
    head = parts_rest[0]
    if not head.lines and parts_first[0].lines and head.cell.flowable is None:
        mark = continued()
        head.lines = [line for line in parts_first[0].lines if line != mark] + [mark]
    plain = GridRow(row.row.cells, fill=row.row.fill)
    first = _LaidRow(plain, parts_first, height=height, continuation=row.continuation)
    rest = _LaidRow(plain, parts_rest, continuation=True)
    rest.measure()
    return first, rest


def _with(item: _Laid, lines: list[str], continued: bool) -> _Laid:
    """A part of a split cell: no minimum height (the box was drawn whole), no flowable."""
    cell = item.cell
    if cell.min_height or (cell.flowable is not None and not lines):
        cell = GridCell(
            align=cell.align,
            bold=cell.bold,
            span=cell.span,
            fill=cell.fill,
            style=cell.style,
            valign=cell.valign,
            color=cell.color,
        )
    return _Laid(cell, item.x, item.width, item.font, item.style, lines, continued)


# ---------------------------------------------------------------------------------------------
# The flowables


class LongTable(Flowable):  # type: ignore[misc]
    """A table whose rows come from an iterator, laid out and drawn one page-piece at a time.

    `header` rows repeat at the top of every piece.
    """

    def __init__(
        self,
        header: Sequence[GridRow],
        rows: Iterable[GridRow],
        widths: Sequence[float],
        *,
        _pending: deque[_LaidRow] | None = None,
        _source: Iterator[GridRow] | None = None,
    ) -> None:
        super().__init__()
        self.header = list(header)
        self.widths = list(widths)
        self.total_width = sum(self.widths)
        self._source = _source if _source is not None else iter(rows)
        self._pending: deque[_LaidRow] = _pending if _pending is not None else deque()
        self._laid_header: list[_LaidRow] | None = None
        self._plan: tuple[float, list[_LaidRow], bool] | None = None  # (aH, rows, complete)

    # reportlab asks for these
    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        rows, complete = self._fill(avail_height)
        height = self._header_height() + sum(r.height for r in rows)
        self.width = self.total_width
        self.height = height if complete else max(height, avail_height) + 1.0
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        piece = self._piece(avail_height)
        if piece is None:
            return []
        rows, complete = piece
        chunk = _Chunk(self._header_rows(), rows, self.total_width)
        if complete:
            return [chunk]
        return [
            chunk,
            LongTable(self.header, (), self.widths, _pending=self._pending, _source=self._source),
        ]

    def draw(self) -> None:
        rows, _ = self._fill(1e9)
        _draw_rows(self.canv, [*self._header_rows(), *rows], self.total_width, self.height)

    # internals
    def _header_rows(self) -> list[_LaidRow]:
        if self._laid_header is None:
            self._laid_header = [_lay_row(r, self.widths, self.total_width) for r in self.header]
        return self._laid_header

    def _header_height(self) -> float:
        return sum(r.height for r in self._header_rows())

    def _next(self, index: int) -> _LaidRow | None:
        while len(self._pending) <= index:
            row = next(self._source, None)
            if row is None:
                return None
            self._pending.append(_lay_row(row, self.widths, self.total_width))
        return self._pending[index]

    def _fill(self, avail_height: float) -> tuple[list[_LaidRow], bool]:
        """Rows that fit whole in `avail_height` (without consuming them)."""
        room = avail_height - self._header_height()
        rows: list[_LaidRow] = []
        used = 0.0
        index = 0
        while True:
            row = self._next(index)
            if row is None:
                return rows, True
            if used + row.height > room + 1e-6:
                return rows, False
            rows.append(row)
            used += row.height
            index += 1

    def _frame_height(self, avail_height: float) -> float:
        frame = getattr(self, "_frame", None)
        return float(getattr(frame, "_aH", avail_height)) if frame is not None else avail_height

    def _piece(self, avail_height: float) -> tuple[list[_LaidRow], bool] | None:
        """Take from the pending rows what goes on this page (splitting a row if needed)."""
        rows, complete = self._fill(avail_height)
        for _ in rows:
            self._pending.popleft()
        if complete:
            return rows, True
        room = avail_height - self._header_height() - sum(r.height for r in rows)
        row = self._pending[0]
        full = self._frame_height(avail_height) - self._header_height()
        tall = row.height > full  # will not fit on any page: split wherever it is
        lines = max((len(c.lines) for c in row.cells), default=0)
        # The table's first row on this page is split rather than leaving the page empty under
        # its heading, but only when it is long enough (4+ lines) to leave two lines on each
        # side; a row taller than a whole page is split wherever it is.
        if tall or (not rows and lines >= 4):
            parts = _split_row(row, room, min_lines=1 if tall and not rows else 2)
            if parts is not None:
                self._pending[0] = parts[1]
                rows.append(parts[0])
        if not rows:
            return None
        return rows, False


class _Chunk(Flowable):  # type: ignore[misc]
    """The rows of one page-piece, laid out: drawn directly."""

    def __init__(self, header: list[_LaidRow], rows: list[_LaidRow], width: float) -> None:
        super().__init__()
        self.rows = [*header, *rows]
        self.width = width
        self.height = sum(r.height for r in self.rows)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        _draw_rows(self.canv, self.rows, self.width, self.height)


def _draw_rows(canv: Canvas, rows: list[_LaidRow], width: float, height: float) -> None:
    """Fills, then every cell's text in one text object, then every border in one path: a
    page of rows costs a few PDF operators per cell, not a graphics state each."""
    canv.saveState()
    fills: dict[Any, Any] = {}
    borders = canv.beginPath()
    top = height
    texts = _TextRun(canv)
    for row in rows:
        y = top - row.height
        for item in row.cells:
            fill = item.cell.fill or row.row.fill
            if fill is not None:
                fills.setdefault(fill, canv.beginPath()).rect(item.x, y, item.width, row.height)
            borders.rect(item.x, y, item.width, row.height)
            _draw_cell(canv, texts, item, y, row.height)
        top = y
    for colour, path in fills.items():
        canv.setFillColor(colour)
        canv.drawPath(path, stroke=0, fill=1)
    texts.finish()
    canv.setLineWidth(0.5)
    canv.setStrokeColor(GRID_INK)
    canv.drawPath(borders, stroke=1, fill=0)
    canv.setLineWidth(1.0)
    canv.setStrokeColor(INK)
    canv.rect(0, 0, width, height, stroke=1, fill=0)
    canv.restoreState()


class _TextRun:
    """One PDF text object for many lines: font, colour and render mode set only on change."""

    def __init__(self, canv: Canvas) -> None:
        self.canv = canv
        self.text = canv.beginText()
        self.font: tuple[str, float] | None = None
        self.colour: Any = None
        self.bold: bool | None = None
        self.lines = 0
        self.flowables: list[tuple[Flowable, float, float]] = []

    def line(
        self, line: str, font: str, size: float, x: float, y: float, colour: Any, bold: bool
    ) -> None:
        text = self.text
        text.setTextOrigin(x, y)
        if colour is not self.colour:
            text.setFillColor(colour)
            self.colour = colour
        if bold is not self.bold:
            # Faux bold: fill and stroke the glyphs (render mode 2) with a thin outline.
            text.setTextRenderMode(2 if bold else 0)
            if bold:
                self.canv.setStrokeColor(colour)
                self.canv.setLineWidth(max(0.25, size * 0.035))
            self.bold = bold
        for face, run in fonts.runs(line, font):
            if self.font != (face, size):
                text.setFont(face, size)
                self.font = (face, size)
            text.textOut(run)
        self.lines += 1

    def finish(self) -> None:
        if self.lines:
            if self.bold:
                self.text.setTextRenderMode(0)  # the mode outlives the text object
            self.canv.drawText(self.text)
        for flowable, x, y in self.flowables:
            flowable.drawOn(self.canv, x, y)


def _draw_cell(canv: Canvas, texts: _TextRun, item: _Laid, y: float, row_height: float) -> None:
    cell = item.cell
    inner = item.width - PAD_LEFT - PAD_RIGHT
    if cell.flowable is not None:
        spare = row_height - item.flow_height - PAD_TOP - PAD_BOTTOM
        texts.flowables.append(
            (cell.flowable, item.x + PAD_LEFT, y + PAD_BOTTOM + max(spare, 0) / 2)
        )
        return
    if not item.lines:
        return
    st = item.style
    text_height = len(item.lines) * st.leading
    if cell.valign == "top":
        first_top = y + row_height - PAD_TOP
    else:
        first_top = y + (row_height + text_height) / 2 + (PAD_BOTTOM - PAD_TOP) / 2
    # Baseline of the first line: the leading's extra room split above and below the glyphs.
    baseline = first_top - st.leading + (st.leading - st.size) / 2 + st.size * 0.12
    faux = bool((st.heading or cell.bold) and fonts.faux_bold())
    ink = cell.color or INK
    for index, line in enumerate(item.lines):
        muted = (item.continued and index == 0) or line == continued()
        if cell.align == "left":
            x = item.x + PAD_LEFT
        else:
            spare = inner - line_width(line, item.font, st.size)
            x = item.x + PAD_LEFT + (spare / 2 if cell.align == "center" else spare)
        texts.line(
            line,
            item.font,
            st.size,
            x,
            baseline - index * st.leading,
            MUTED if muted else ink,
            faux,
        )


__all__ = [
    "CONTINUED",
    "GridCell",
    "GridRow",
    "LongTable",
    "char_width",
    "column_width",
    "column_widths",
    "header_row",
    "heading_room",
    "text_width",
]
