"""The page every report shares: A4, a header with project and date, "第 N 页 共 M 页" at the
foot with the program's version under it (`build_label`), paragraph and table styles, and the
writing of the file.

Page totals are known only after the last page, so the canvas keeps each page's drawing state
and adds header and footer when the document is saved (one layout pass). Files are written
to a temporary name beside the target and renamed, so an interrupted build leaves nothing
half-written.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import zlib
from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, TypeAlias
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A3, A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Paragraph,
    SimpleDocTemplate,
    Table,
    TableStyle,
)
from reportlab.platypus import paragraph as _rl_paragraph

from domain.errors import UserError, file_refusal
from domain.i18n import heading
from domain.messages import MESSAGES
from domain.version import version
from reports import fonts, linebreak
from reports import language as document_language
from reports.grid import (
    GridCell,
    GridRow,
    LongTable,
    char_width,
    column_width,
    column_widths,
    heading_room,
)

Output = str | os.PathLike[str] | IO[bytes]

# Paragraphs break lines by reports.linebreak (see CachedParagraph.breakLinesCJK); reportlab's
# own list is widened too, for any paragraph that is not ours.
_NO_LINE_START = "，；：？！）》〉】』」”’…·％"
if not set(_NO_LINE_START) <= set(_rl_paragraph.ALL_CANNOT_START):
    _rl_paragraph.ALL_CANNOT_START += _NO_LINE_START

INK = colors.black
GRID_INK = colors.HexColor("#333333")
LABEL_FILL = colors.HexColor("#F0F0F0")
HEAD_FILL = colors.HexColor("#E4E4E4")
TOTAL_FILL = colors.HexColor("#F5F5F5")
ALERT_FILL = colors.HexColor("#FBE3E3")
MUTED = colors.HexColor("#555555")
RED = colors.HexColor("#C00000")  # the red of government document titles and alert marks

MARGIN_X = 18 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 20 * mm


def text(code: str, **params: Any) -> str:
    """A catalogue sentence in the document's language (reports.language: Chinese unless the
    service building it asked for another)."""
    return MESSAGES[code][document_language.current()].format(**params)


# ---------------------------------------------------------------------------------------------
# Styles


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    section: ParagraphStyle
    subsection: ParagraphStyle
    body: ParagraphStyle
    prose: ParagraphStyle
    cell: ParagraphStyle
    cell_center: ParagraphStyle
    cell_right: ParagraphStyle
    number: ParagraphStyle
    head: ParagraphStyle
    label: ParagraphStyle
    note: ParagraphStyle
    small: ParagraphStyle


@lru_cache(maxsize=1)
def styles() -> Styles:
    body_font = fonts.body_font()
    heading_font = fonts.heading_font()

    def style(name: str, **kw: Any) -> ParagraphStyle:
        kw.setdefault("fontName", body_font)
        kw.setdefault("wordWrap", "CJK")
        kw.setdefault("textColor", INK)
        return ParagraphStyle(name, **kw)

    return Styles(
        title=style(
            "title",
            fontName=heading_font,
            fontSize=20,
            leading=28,
            alignment=TA_CENTER,
            spaceAfter=2 * mm,
        ),
        subtitle=style(
            "subtitle", fontSize=10.5, leading=15, alignment=TA_CENTER, spaceAfter=3 * mm
        ),
        section=style(
            "section",
            fontName=heading_font,
            fontSize=12.5,
            leading=18,
            spaceBefore=4 * mm,
            spaceAfter=2 * mm,
        ),
        subsection=style(
            "subsection",
            fontName=heading_font,
            fontSize=10.5,
            leading=15,
            spaceBefore=2 * mm,
            spaceAfter=1.5 * mm,
            keepWithNext=1,
        ),
        body=style("body", fontSize=10.5, leading=17),
        prose=style("prose", fontSize=10.5, leading=18, firstLineIndent=21, spaceAfter=1 * mm),
        cell=style("cell", fontSize=9, leading=12.5),
        cell_center=style("cell_center", fontSize=9, leading=12.5, alignment=TA_CENTER),
        cell_right=style("cell_right", fontSize=9, leading=12.5, alignment=TA_RIGHT),
        number=style("number", fontSize=8.5, leading=11, alignment=TA_CENTER),
        head=style("head", fontName=heading_font, fontSize=9, leading=12, alignment=TA_CENTER),
        label=style("label", fontName=heading_font, fontSize=9, leading=12.5, alignment=TA_CENTER),
        note=style("note", fontSize=8.5, leading=12, textColor=MUTED),
        small=style("small", fontSize=8, leading=10.5, alignment=TA_CENTER),
    )


# Line breaking of paragraphs, shared within one document build (see `render`). A long table
# wraps every cell several times (column and row sizing, then again at each page split) and
# many cells repeat the same text (dates, categories, 是/否). The key is everything the result
# depends on: class, text, the style object itself (held, so its id cannot be reused; styles
# are not changed after creation), bulletText, caseSensitive and the width; reportlab's wrap
# ignores the height. A hit restores exactly the attributes Paragraph.wrap sets.
WrapKey: TypeAlias = tuple[Any, ...]
WrapResult: TypeAlias = tuple[float, float, Any, list[float]]
_WRAP_CACHE_MAX = 50_000  # entries per document; past that, paragraphs wrap as usual
_wrap_cache: ContextVar[dict[WrapKey, WrapResult] | None] = ContextVar(
    "doorstep_wrap_cache", default=None
)


class CachedParagraph(Paragraph):  # type: ignore[misc]
    """A Paragraph that breaks lines by the Chinese rules of reports.linebreak, and whose wrap
    result is reused for identical text, style and width while a document is being built by
    `render` (outside it, nothing is cached)."""

    names = False  # a list of names: break only after 、

    def breakLinesCJK(self, maxWidths: Any) -> Any:
        if getattr(self, "_splitpara", 0) and hasattr(self, "blPara"):
            return self.blPara
        widths = list(maxWidths) if isinstance(maxWidths, list | tuple) else [maxWidths]
        style = self.style
        if not self.frags:
            return _rl_paragraph.ParaLines(
                kind=0,
                fontSize=style.fontSize,
                fontName=style.fontName,
                textColor=style.textColor,
                lines=[],
                ascent=style.fontSize,
                descent=-0.2 * style.fontSize,
            )
        glyphs: list[Any] = []
        for frag in self.frags:
            if frag.text:
                glyphs.extend(_rl_paragraph.cjkU(t, frag, "utf8") for t in frag.text)
            else:
                glyphs.append(_rl_paragraph.cjkU("", frag, "utf8"))
        calc_bounds = getattr(self, "autoLeading", getattr(style, "autoLeading", "")) not in (
            "",
            "off",
        )
        lines: list[Any] = []
        start = 0
        for index, glyph in enumerate([*glyphs, None]):
            hard = glyph is None or hasattr(glyph.frag, "lineBreak")
            if not hard:
                continue
            end = index if glyph is None else index + 1
            segment = glyphs[start:end]
            text_ = "".join(str(g) for g in segment)
            limits = widths[len(lines) :] or widths[-1:]
            for a, b in linebreak.break_lines(
                text_, [g.width for g in segment], limits, names=self.names
            ):
                used = sum(g.width for g in segment[a:b])
                limit = widths[min(len(lines), len(widths) - 1)]
                lines.append(
                    _rl_paragraph.makeCJKParaLine(
                        segment[a:b],
                        limit,
                        used,
                        limit - used,
                        b == len(segment) and hard,
                        calc_bounds,
                    )
                )
            start = end
            if glyph is None:
                break
        return _rl_paragraph.ParaLines(kind=1, lines=lines)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        cache = _wrap_cache.get()
        # Right-to-left drawing reverses the stored lines in place: never share those. Below
        # the fuzz width reportlab returns "does not fit" without breaking any lines. The parts
        # of a split paragraph have no text of their own: never share those either.
        if (
            cache is None
            or self.style.wordWrap == "RTL"
            or avail_width < _rl_paragraph._FUZZ
            or getattr(self, "_splitpara", 0)
            or not isinstance(self.text, str)
        ):
            return super().wrap(avail_width, avail_height)  # type: ignore[no-any-return]
        state = self.__dict__
        key = (type(self), self.text, self.style, self.bulletText, self.caseSensitive, avail_width)
        hit = cache.get(key)
        if hit is None:
            result = super().wrap(avail_width, avail_height)
            if len(cache) < _WRAP_CACHE_MAX:
                cache[key] = (
                    state["width"],
                    state["height"],
                    state["blPara"],
                    state["_wrapWidths"],
                )
            return result  # type: ignore[no-any-return]
        state["width"], state["height"], state["blPara"], state["_wrapWidths"] = hit
        return hit[0], hit[1]


class BoldParagraph(CachedParagraph):
    """A paragraph drawn filled and stroked, for a bold look when no bold face is available."""

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setLineWidth(max(0.25, self.style.fontSize * 0.035))
        canv.setStrokeColor(self.style.textColor)
        canv.addLiteral("2 Tr")  # text render mode 2: fill, then stroke
        super().draw()
        canv.restoreState()


def markup(value: object, font_name: str = fonts.BODY) -> str:
    """Paragraph markup for plain text: glyph-safe, XML-escaped, newlines kept; characters the
    font lacks are set in the fallback face that has them (rare name characters)."""
    plain = fonts.safe_text("" if value is None else str(value), font_name, fallback=True)
    # Paragraphs collapse runs of spaces, the ideographic space too; forms use it for gaps.
    plain = plain.replace("\u3000", "\u00a0\u00a0").replace("\r\n", "\n").replace("\r", "\n")
    out: list[str] = []
    for face, run in fonts.runs(plain, font_name):
        body = escape(run).replace("\n", "<br/>")
        out.append(body if face == font_name else f'<font name="{face}">{body}</font>')
    return "".join(out)


def para(
    value: object,
    style: ParagraphStyle | None = None,
    *,
    bold: bool = False,
    color: colors.Color | None = None,
) -> Paragraph:
    style = style or styles().cell
    if color is not None:
        # A style colour (not <font color>) so the faux-bold outline takes the same colour.
        style = ParagraphStyle(f"{style.name}-{color.hexval()}", parent=style, textColor=color)
    heading = style.fontName == fonts.HEADING or bold
    if bold and not fonts.faux_bold():
        style = ParagraphStyle(f"{style.name}-bold", parent=style, fontName=fonts.heading_font())
    body = markup(value, style.fontName)
    if heading and fonts.faux_bold():
        return BoldParagraph(body, style)
    return CachedParagraph(body, style)


def title(value: str) -> Paragraph:
    return para(value, styles().title, bold=True)


def section(value: str, *, room: float = 35 * mm) -> list[Flowable]:
    """A numbered heading; starts a new page unless `room` is left for what follows.

    (keepWithNext would move a whole long table to the next page and leave a gap.)
    """
    return [CondPageBreak(room), para(value, styles().section, bold=True)]


def prose(value: str, *, empty: str = "") -> list[Flowable]:
    """Free text as indented paragraphs, one per line of the input."""
    lines = [line.strip() for line in (value or "").splitlines() if line.strip()]
    if not lines:
        return [para(empty or text("report_none"), styles().prose)]
    return [para(line, styles().prose) for line in lines]


# ---------------------------------------------------------------------------------------------
# Tables

# A table cell: a flowable, a string, or a list of flowables stacked in the cell. (reportlab
# has no type information, so this cannot be spelled more precisely for mypy.)
Cell: TypeAlias = Any


def cell(value: object, align: str = "left", *, bold: bool = False) -> Paragraph:
    s = styles()
    style = {"left": s.cell, "center": s.cell_center, "right": s.cell_right}[align]
    return para(value, style, bold=bold)


def number_cell(value: object, *, bold: bool = False) -> Paragraph:
    """A figure in a dense table of figures (slightly smaller, centred)."""
    return para(value, styles().number, bold=bold)


_UNIT = re.compile(r"^(.+?)([（(][^（()）]+[)）])$")


def head(value: object) -> Flowable:
    """A column heading. A trailing unit, as in 登记面积(㎡), moves to a second line when the
    heading does not fit on one, instead of breaking inside the brackets."""
    style = styles().head
    if isinstance(value, str):
        value = heading(value)
    whole = para(value, style, bold=True)
    match = _UNIT.match(str(value))
    if not match:
        return whole
    return _UnitHeading(
        whole,
        para(f"{match.group(1)}\n{match.group(2)}", style, bold=True),
        fonts.string_width(str(value), style.fontName, style.fontSize),
    )


class _UnitHeading(Flowable):  # type: ignore[misc]
    def __init__(self, whole: Paragraph, split: Paragraph, natural_width: float) -> None:
        super().__init__()
        self.whole, self.split_at_unit, self.natural_width = whole, split, natural_width
        self.chosen = whole

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.chosen = self.whole if self.natural_width <= avail_width else self.split_at_unit
        width, height = self.chosen.wrap(avail_width, avail_height)
        self.width, self.height = width, height
        return width, height

    def draw(self) -> None:
        self.chosen.drawOn(self.canv, 0, 0)


def label(value: object) -> Paragraph:
    return para(value, styles().label, bold=True)


def grid_style(header_rows: int = 1) -> list[tuple[Any, ...]]:
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), fonts.body_font()),  # plain-string cells, even empty
        ("GRID", (0, 0), (-1, -1), 0.5, GRID_INK),
        ("BOX", (0, 0), (-1, -1), 1.0, INK),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),  # room for punctuation hanging at line end
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD_FILL))
    return commands


def grid_table(
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[float],
    *,
    header_rows: int = 1,
    extra: Sequence[tuple[Any, ...]] = (),
) -> Table:
    """A bordered table whose header rows repeat on every page."""
    table = Table([list(r) for r in rows], colWidths=list(widths), repeatRows=header_rows)
    table.setStyle(TableStyle([*grid_style(header_rows), *extra]))
    return table


@dataclass(frozen=True)
class Column:
    """A column of `records_table`."""

    label: str
    weight: float = 1.0  # share of the width left after the nowrap columns
    align: str = "left"  # left | center | right
    nowrap: bool = False  # numbers, IDs, codes, dates: sized from the content, never wrapped
    names: bool = False  # a list of names: breaks only after 、


def records_table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    width: float,
    *,
    fills: Sequence[colors.Color | None] | None = None,
    bold: Sequence[bool] | None = None,
) -> Flowable:
    """A bordered list of records of any length: header repeated on every page, rows split
    across pages when taller than what is left, numbers and codes kept on one line."""
    fixed = {
        index: max(column_width([row[index] for row in rows]), heading_room(column.label))
        for index, column in enumerate(columns)
        if column.nowrap
    }
    # A flexible column gets room for its content up to its weight's share, so an empty
    # column stays narrow and a column of long names gets what it needs.
    shares = [
        0.0
        if column.nowrap
        else max(
            heading_room(column.label),
            min(
                column_width([row[index] for row in rows]) if rows else 0.0,
                column.weight * 8,
            ),
        )
        for index, column in enumerate(columns)
    ]
    headings = {i: heading_room(c.label) for i, c in enumerate(columns) if not c.nowrap}
    widths = column_widths(width, fixed, shares, headings)
    header = GridRow(
        [GridCell(heading(c.label), "center", style="head") for c in columns], fill=HEAD_FILL
    )
    body = [
        GridRow(
            [
                GridCell(
                    value,
                    column.align,
                    nowrap=column.nowrap,
                    names=column.names,
                    bold=bool(bold and bold[i]),
                )
                for value, column in zip(row, columns, strict=True)
            ],
            fill=fills[i] if fills else None,
        )
        for i, row in enumerate(rows)
    ]
    return LongTable([header], body, widths)


@dataclass(frozen=True)
class Field:
    label: str
    value: object
    wide: bool = False  # take a whole row of the form
    height: float | None = None  # minimum height of the value: a box to write in by hand


def form_table(
    items: Sequence[Field],
    width: float,
    *,
    label_width: float = 29 * mm,
    pairs_per_row: int = 2,
    row_height: float = 0,
) -> Flowable:
    """A form: label cells shaded, values beside them, `pairs_per_row` pairs to a row.

    `row_height` gives every row room to write in by hand (blank forms). A value of any length
    prints: a row taller than the page continues on the next, its label repeated with （续）.
    """
    value_width = (width - pairs_per_row * label_width) / pairs_per_row
    widths = [label_width, value_width] * pairs_per_row
    rows: list[GridRow] = []
    current: list[GridCell] = []

    def flush() -> None:
        nonlocal current
        if current:
            used = sum(c.span for c in current)
            if used < 2 * pairs_per_row:
                current[-1].span += 2 * pairs_per_row - used  # the last value stretches
            rows.append(GridRow(current, min_height=row_height))
        current = []

    for item in items:
        value = _grid_value(item.value)
        if item.wide:
            flush()
        if item.height:
            value.min_height = item.height
            value.valign = "top"
        current += [GridCell(heading(item.label), "center", style="label", fill=LABEL_FILL), value]
        if item.wide:
            value.span = 2 * pairs_per_row - 1
            flush()
            continue
        if sum(c.span for c in current) == 2 * pairs_per_row:
            flush()
    flush()
    return LongTable([], rows, widths)


def _grid_value(value: object) -> GridCell:
    if isinstance(value, GridCell):
        return value
    if isinstance(value, Flowable):
        return GridCell(flowable=value)
    if isinstance(value, list):
        return GridCell(flowable=_Stack(value))
    return GridCell("" if value is None else str(value))


class _Stack(Flowable):  # type: ignore[misc]
    """Flowables stacked in one cell."""

    def __init__(self, items: list[Flowable]) -> None:
        super().__init__()
        self.items = items
        self._heights: list[float] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._heights = [item.wrap(avail_width, avail_height)[1] for item in self.items]
        self.width, self.height = avail_width, sum(self._heights)
        return self.width, self.height

    def draw(self) -> None:
        y = self.height
        for item, height in zip(self.items, self._heights, strict=True):
            y -= height
            item.drawOn(self.canv, 0, y)


class MinHeight(Flowable):  # type: ignore[misc]
    """Wraps a flowable so it takes at least `height`: boxes on forms that are written in."""

    def __init__(self, inner: Flowable, height: float, *, centred: bool = False) -> None:
        super().__init__()
        self.inner = inner
        self.min_height = height
        self.centred = centred
        self._inner_height = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        width, self._inner_height = self.inner.wrap(avail_width, avail_height)
        self.width, self.height = width, max(self.min_height, self._inner_height)
        return self.width, self.height

    def draw(self) -> None:
        spare = self.height - self._inner_height
        self.inner.drawOn(self.canv, 0, spare / 2 if self.centred else spare)


def scale_widths(parts: Sequence[float], width: float) -> list[float]:
    """Column widths in proportion to `parts`, filling `width`."""
    total = sum(parts)
    return [width * p / total for p in parts]


def signature_row(
    labels: Sequence[str],
    width: float,
    *,
    with_date: bool = True,
    values: Sequence[str] | None = None,
) -> Table:
    """Signature lines side by side: "<label>__________  日期：________" for each label;
    `values` prints a name already known (the compiler) on its line."""
    s = styles()
    date_label = text("report_sign_date")

    def natural(value: str) -> float:
        return fonts.string_width(value, s.body.fontName, s.body.fontSize) + 3

    gap = 8 * mm
    fixed = sum(natural(lbl) for lbl in labels) + gap * (len(labels) - 1)
    if with_date:
        fixed += natural(date_label) * len(labels)
    free = max(width - fixed, 20 * mm * len(labels))
    # Each signer gets a name line and a shorter date line.
    per_signer = free / len(labels)
    name_w, date_w = (per_signer * 0.6, per_signer * 0.4) if with_date else (per_signer, 0.0)
    row: list[Cell] = []
    widths: list[float] = []
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), fonts.body_font()),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]
    for index, lbl in enumerate(labels):
        if index:
            row.append("")
            widths.append(gap)
        known = values[index] if values and index < len(values) else ""
        row += [para(lbl, s.body), para(known, s.body) if known else ""]
        widths += [natural(lbl), name_w]
        commands.append(("LINEBELOW", (len(row) - 1, 0), (len(row) - 1, 0), 0.7, INK))
        if with_date:
            row += [para(date_label, s.body), ""]
            widths += [natural(date_label), date_w]
            commands.append(("LINEBELOW", (len(row) - 1, 0), (len(row) - 1, 0), 0.7, INK))
    table = Table([row], colWidths=widths, rowHeights=[11 * mm], hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table


# ---------------------------------------------------------------------------------------------
# Pages and output


@dataclass(frozen=True)
class PageInfo:
    title: str  # PDF metadata
    header_left: str  # usually the project
    header_right: str  # usually the date
    footer_left: str = ""
    footer_right: str = ""  # e.g. whether personal data is masked
    landscape: bool = False
    subject: str = ""
    paper: str = "A4"  # or "A3" (the building grid, when A4 is too narrow)


def page_size(info: PageInfo) -> tuple[float, float]:
    paper = A3 if info.paper == "A3" else A4
    width, height = landscape(paper) if info.landscape else paper
    return float(width), float(height)


FRAME_PADDING = 6  # points; SimpleDocTemplate's frame pads each side by this much


def frame_width(info: PageInfo) -> float:
    return page_size(info)[0] - 2 * float(MARGIN_X) - 2 * FRAME_PADDING


def _width(value: str, font: str, size: float) -> float:
    clean = fonts.safe_text(value, font, fallback=True)
    return sum(char_width(c, font) for c in clean) * size


def _fit(value: str, font: str, size: float, width: float) -> str:
    value = fonts.safe_text(value, font, fallback=True)
    if _width(value, font, size) <= width + 0.01:
        return value
    while value and _width(value + "…", font, size) > width:
        value = value[:-1]
    return value + "…"


def draw_text(canv: Canvas, x: float, y: float, value: str, font: str, size: float) -> None:
    """One line in `font`, rare characters in the fallback face that has them."""
    line = canv.beginText(x, y)
    for face, run in fonts.runs(value, font):
        line.setFont(face, size)
        line.textOut(run)
    canv.drawText(line)


def _decorate(canv: Canvas, info: PageInfo, page: int) -> None:
    width, height = page_size(info)
    left, right = MARGIN_X + FRAME_PADDING, width - MARGIN_X - FRAME_PADDING
    font = fonts.body_font()
    canv.saveState()
    canv.setFillColor(MUTED)
    canv.setStrokeColor(MUTED)
    canv.setLineWidth(0.5)
    top = height - 13 * mm
    # Each side gets the room it needs; only when both cannot fit is the longer one shortened.
    gap = 6 * mm
    room = right - left - gap
    left_w = _width(info.header_left, font, 8.5)
    right_w = _width(info.header_right, font, 8.5)
    if left_w + right_w > room:
        if right_w <= room / 2:
            left_w = room - right_w
        elif left_w <= room / 2:
            right_w = room - left_w
        else:
            left_w = right_w = room / 2
    draw_text(canv, left, top, _fit(info.header_left, font, 8.5, left_w), font, 8.5)
    right_text = _fit(info.header_right, font, 8.5, right_w)
    draw_text(canv, right - _width(right_text, font, 8.5), top, right_text, font, 8.5)
    canv.line(left, top - 2 * mm, right, top - 2 * mm)
    bottom = 10 * mm
    canv.line(left, bottom + 4 * mm, right, bottom + 4 * mm)
    canv.setFont(font, 8)
    third = (right - left) / 3 - 2 * mm
    draw_text(canv, left, bottom, _fit(info.footer_left, font, 8, third), font, 8)
    footer_right = _fit(info.footer_right, font, 8, third)
    draw_text(canv, right - _width(footer_right, font, 8), bottom, footer_right, font, 8)
    _draw_page_number(canv, info, page, bottom)
    _draw_build_label(canv, info, bottom - 3.6 * mm)
    canv.restoreState()


def build_label() -> str:
    """The build that printed a page, in every page's foot: the district office tells which
    laptop runs which version from its paper (issue 15)."""
    return f"入户通 Doorstep {version()}"


def _draw_build_label(canv: Canvas, info: PageInfo, y: float) -> None:
    font = fonts.body_font()
    label = build_label()
    canv.setFillColor(MUTED)
    draw_text(canv, page_size(info)[0] / 2 - _width(label, font, 6.5) / 2, y, label, font, 6.5)


_PAGE_TOTAL_FORM = "DoorstepPageTotal"


def _draw_page_number(canv: Canvas, info: PageInfo, page: int, y: float) -> None:
    """ "第 N 页 共 M 页", centred: M (and what follows it) is a form drawn once the last page is
    known, so each page can be finished and compressed as soon as it is full."""
    font = fonts.body_font()
    marker = "\u0000"
    prefix, _, _ = text("report_page_of", page=page, pages=marker).partition(marker)
    estimate = _width(text("report_page_of", page=page, pages=page), font, 9)
    x = page_size(info)[0] / 2 - estimate / 2
    canv.setFillColor(INK)
    draw_text(canv, x, y, prefix, font, 9)
    canv.saveState()
    canv.translate(x + _width(prefix, font, 9), y)
    canv.doForm(_PAGE_TOTAL_FORM)
    canv.restoreState()


def _compress_page(page: Any) -> None:
    """Compress a finished page's content now instead of when the file is saved: a register of
    thousands of pages then holds a few KB per page in memory, not its whole drawing."""
    content = page.stream
    if not content:
        return
    data = content.encode("latin-1") if isinstance(content, str) else content
    page.Contents = pdfdoc.PDFStream(
        pdfdoc.PDFDictionary({"Filter": pdfdoc.PDFName("FlateDecode")}), zlib.compress(data)
    )
    page.stream = None


def _canvas_class(info: PageInfo, result: dict[str, int]) -> type[Canvas]:
    class NumberedCanvas(Canvas):  # type: ignore[misc]
        """Stamps header, footer and "第 N 页 共 M 页" on each page as it is finished."""

        def showPage(self) -> None:
            _decorate(self, info, self.getPageNumber())
            Canvas.showPage(self)
            _compress_page(self._doc.Pages.pages[-1])

        def save(self) -> None:
            total = len(self._doc.Pages.pages)
            result["pages"] = total
            marker = "\u0000"
            _, _, suffix = text("report_page_of", page=1, pages=marker).partition(marker)
            self.beginForm(_PAGE_TOTAL_FORM)
            self.setFillColor(INK)
            draw_text(self, 0, 0, f"{total}{suffix}", fonts.body_font(), 9)
            self.endForm()
            Canvas.save(self)

    return NumberedCanvas


def write_error(exc: OSError, path: Path) -> UserError:
    """The sentence for a file that could not be written: a full disk says so."""
    return file_refusal(exc, path, disk_full="report_disk_full", otherwise="report_cannot_write")


def render(story: list[Flowable], out: Output, info: PageInfo) -> int:
    """Lay out `story` and write the PDF to a path or a binary file object; return pages."""
    fonts.ensure_fonts()
    result = {"pages": 0}
    if isinstance(out, str | os.PathLike):
        target = Path(out)
        # Not mkstemp: its 0600 mode would stick to the renamed file; this one gets the umask.
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
        try:
            # Our own file object: closed even when writing fails (a full disk), so nothing
            # holds the half-written file open.
            with open(tmp, "wb") as sink:
                _build(story, sink, info, result)
            os.replace(tmp, target)
        except OSError as exc:
            with contextlib.suppress(OSError):  # read-only media refuse even this (EROFS)
                tmp.unlink(missing_ok=True)
            raise write_error(exc, target) from exc
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
            raise
    else:
        _build(story, out, info, result)
    return result["pages"]


def _build(
    story: list[Flowable], out: str | IO[bytes], info: PageInfo, result: dict[str, int]
) -> None:
    doc = SimpleDocTemplate(
        out,
        pagesize=page_size(info),
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=info.title,
        author=text("report_app_name"),
        subject=info.subject or info.title,
        creator="Doorstep 入户通",
        # Without this the canvas preamble selects Helvetica, a font that is never embedded.
        initialFontName=fonts.body_font(),
        initialFontSize=10,
    )
    token = _wrap_cache.set({})  # per document: dropped with it, never seen by another build
    try:
        doc.build(story, canvasmaker=_canvas_class(info, result))
    finally:
        _wrap_cache.reset(token)


__all__ = [
    "ALERT_FILL",
    "HEAD_FILL",
    "INK",
    "LABEL_FILL",
    "RED",
    "TOTAL_FILL",
    "Column",
    "Field",
    "GridCell",
    "GridRow",
    "LongTable",
    "Output",
    "PageInfo",
    "build_label",
    "cell",
    "form_table",
    "frame_width",
    "grid_table",
    "head",
    "label",
    "number_cell",
    "para",
    "prose",
    "records_table",
    "render",
    "scale_widths",
    "section",
    "signature_row",
    "styles",
    "text",
    "title",
    "write_error",
]
