"""楼盘表: a project's building grid — buildings side by side, each as units of floors of rooms,
every room a cell in its household's state-group colour with the attitude mark and the
overdue-visit triangle; "签约 x / y" per building and for the project; streets (…路12号) as plain
lists. A click on a cell opens the household. Saved as a landscape PDF for the dispatch meeting.

The grid is one custom-painted widget (GridCanvas) in a scroll area: the layout is computed once
per grid and width, and a paint draws only the cells in the exposed rectangle, so a project of
3 000 households stays smooth (bench/bench_grid.py). The data comes from
services.building_grid, off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygon,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from domain.building_grid import (
    ATTITUDE_MARKS,
    GROUP_FILLS,
    GROUPS,
    OVERDUE_COLOUR,
    Block,
    GridHousehold,
    ProjectGrid,
    row_keys,
)
from domain.choices import ATTITUDES
from domain.states import HOUSEHOLD_STATES
from services import building_grid, documents
from services.documents import DocumentSpec, Generated
from ui import formatting, i18n
from ui.context import AppContext
from ui.registry import PageSpec, register_page
from ui.widgets import ReloadOnChange

CELL_W, CELL_H = 74, 40
FLOOR_W = 40
UNIT_GAP = 8
TITLE_H = 26
TITLE_MAX = 320  # pixels of a building's or street's name
UNIT_HEAD_H = 18
GAP_X, GAP_Y = 28, 18
MARGIN = 8
BORDER = QColor("#8a8a8a")
MUTED = formatting.MUTED_FG


def attitude_mark(code: str | None) -> str:
    """The attitude's one-character mark (同 观 反 in Chinese)."""
    return {
        "agree": QCoreApplication.translate("BuildingGridPage", "✓"),
        "undecided": QCoreApplication.translate("BuildingGridPage", "?"),
        "oppose": QCoreApplication.translate("BuildingGridPage", "✗"),
    }.get(code or "", "")


@dataclass(frozen=True)
class Cell:
    rect: QRect
    household: GridHousehold | None  # None: an empty room
    top: str = ""  # room (or the address of an unplaced household)
    name: str = ""


@dataclass(frozen=True)
class Label:
    rect: QRect
    text: str
    kind: str  # title | signed | unit | floor


class GridCanvas(QWidget):
    """The painted grid. `set_grid` lays it out for a width; `relayout` on resize."""

    household_clicked = Signal(str)
    current_moved = Signal(QRect)  # the keyboard's current room moved here: scroll to it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gridCanvas")
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.grid: ProjectGrid | None = None
        self.cells: list[Cell] = []
        self.labels: list[Label] = []
        self.block_tops: list[QPoint] = []
        self._by_id: dict[str, Cell] = {}
        self._hover: Cell | None = None
        self._pressed: Cell | None = None
        self._current = -1  # index into self._rooms: the keyboard's room
        self._rooms: list[Cell] = []
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._laid_width = 0
        base = self.font()
        self.room_font = QFont(base)
        self.room_font.setPointSizeF(max(base.pointSizeF() - 1.5, 7.0))
        self.name_font = QFont(base)
        self.mark_font = QFont(base)
        self.mark_font.setPointSizeF(max(base.pointSizeF() - 1, 7.0))
        self.mark_font.setBold(True)
        self.title_font = QFont(base)
        self.title_font.setBold(True)
        self.title_font.setPointSizeF(base.pointSizeF() + 1)
        self.small_font = QFont(base)
        self.small_font.setPointSizeF(max(base.pointSizeF() - 1, 7.0))
        self._widest: dict[int, int] = {}
        self._name_metrics = QFontMetrics(self.name_font)
        self._room_metrics = QFontMetrics(self.room_font)
        self._fills = {code: QBrush(QColor(colour)) for code, colour in GROUP_FILLS.items()}
        self._border = QPen(BORDER, 1)
        self._empty = QPen(BORDER, 1, Qt.PenStyle.DotLine)
        self._white = QBrush(QColor("white"))
        self._black = QColor("black")
        self._marks = {code: QColor(colour) for code, (_c, colour) in ATTITUDE_MARKS.items()}
        self._overdue = QColor(OVERDUE_COLOUR)
        self._fade = QColor(255, 255, 255, 190)
        self.highlight: Callable[[GridHousehold], bool] | None = None

    # layout ---------------------------------------------------------------------------------
    def set_highlight(self, wanted: Callable[[GridHousehold], bool] | None) -> int:
        """Fade the rooms `wanted` rejects (None: nothing faded); return how many it keeps."""
        self.highlight = wanted
        self.update()
        rooms = [c.household for c in self.cells if c.household is not None]
        return len(rooms) if wanted is None else sum(1 for h in rooms if wanted(h))

    def set_grid(self, grid: ProjectGrid | None, width: int) -> None:
        self.grid = grid
        self._hover = self._pressed = None
        self.relayout(width, force=True)

    def relayout(self, width: int, *, force: bool = False) -> None:
        if not force and width == self._laid_width:
            return
        self._laid_width = width
        self.cells, self.labels = [], []
        self.block_tops = []  # where each block of the grid starts, in order
        height = MARGIN
        if self.grid is not None:
            height = self._lay_out(self.grid, max(width, CELL_W + 2 * MARGIN))
        self._by_id = {c.household.id: c for c in self.cells if c.household is not None}
        kept = (
            self._rooms[self._current].household if 0 <= self._current < len(self._rooms) else None
        )
        self._rooms = [c for c in self.cells if c.household is not None]
        ids = [c.household.id for c in self._rooms if c.household is not None]
        self._current = ids.index(kept.id) if kept is not None and kept.id in ids else -1
        right = max((c.rect.right() for c in self.cells), default=0)
        right = max(right, max((label.rect.right() for label in self.labels), default=0))
        self.resize(max(width, right + MARGIN), height + MARGIN)
        self.update()

    def _lay_out(self, grid: ProjectGrid, width: int) -> int:
        x, y, row_height = MARGIN, MARGIN, 0
        for block in grid.blocks:
            if block.kind == "building":
                w, h = self._building_size(block)
                if x > MARGIN and x + w > width - MARGIN:
                    x, y, row_height = MARGIN, y + row_height + GAP_Y, 0
                self._place_building(block, x, y)
                x += w + GAP_X
                row_height = max(row_height, h)
                continue
            if x > MARGIN:
                x, y, row_height = MARGIN, y + row_height + GAP_Y, 0
            y += self._place_list(block, y, width) + GAP_Y
        return y + row_height

    def _building_size(self, block: Block) -> tuple[int, int]:
        units = block.units
        width = FLOOR_W + sum(u.width * CELL_W for u in units) + UNIT_GAP * (len(units) - 1)
        width = max(width, self._title_width(block))
        head = TITLE_H + (UNIT_HEAD_H if any(u.name for u in units) else 0)
        return width, head + CELL_H * len(row_keys(units))

    def _title_width(self, block: Block) -> int:
        title = QFontMetrics(self.title_font).horizontalAdvance(self.block_title(block))
        return title + 12 + QFontMetrics(self.small_font).horizontalAdvance(self._signed(block))

    def block_title(self, block: Block) -> str:
        if block.kind == "unplaced":
            return QCoreApplication.translate("BuildingGridPage", "Address not recognised")
        # An estate is whatever precedes the building in the address (up to 200 characters).
        metrics = QFontMetrics(self.title_font)
        return metrics.elidedText(block.title, Qt.TextElideMode.ElideRight, TITLE_MAX)

    def _signed(self, block: Block) -> str:
        return (
            QCoreApplication.translate("BuildingGridPage", "Signed %1 / %2")
            .replace("%1", str(block.tally.signed))
            .replace("%2", str(block.tally.total))
        )

    def _place_title(self, block: Block, x: int, y: int) -> None:
        self.block_tops.append(QPoint(x, y))
        title = self.block_title(block)
        title_w = QFontMetrics(self.title_font).horizontalAdvance(title)
        self.labels.append(Label(QRect(x, y, title_w + 2, TITLE_H - 4), title, "title"))
        signed_w = QFontMetrics(self.small_font).horizontalAdvance(self._signed(block)) + 2
        self.labels.append(
            Label(QRect(x + title_w + 12, y, signed_w, TITLE_H - 4), self._signed(block), "signed")
        )

    def _place_building(self, block: Block, x: int, y: int) -> None:
        self._place_title(block, x, y)
        keys = row_keys(block.units)
        index = {key: i for i, key in enumerate(keys)}
        with_units = any(u.name for u in block.units)
        top = y + TITLE_H + (UNIT_HEAD_H if with_units else 0)
        for i, key in enumerate(keys):
            if key[0] == 0:
                text = QCoreApplication.translate("BuildingGridPage", "%1F").replace(
                    "%1", str(-key[1])
                )
            elif key[1] == 0:
                text = QCoreApplication.translate("BuildingGridPage", "Floor ?")
            else:
                continue
            self.labels.append(
                Label(QRect(x, top + i * CELL_H, FLOOR_W - 6, CELL_H), text, "floor")
            )
        ux = x + FLOOR_W
        for unit in block.units:
            unit_w = unit.width * CELL_W
            if with_units and unit.name:
                text = QCoreApplication.translate("BuildingGridPage", "Unit %1").replace(
                    "%1", unit.name
                )
                rect = QRect(ux, y + TITLE_H, unit_w, UNIT_HEAD_H - 3)
                self.labels.append(Label(rect, text, "unit"))
            for r, row in enumerate(unit.rows):
                ry = top + index[unit.row_key(r)] * CELL_H
                for column, household in enumerate(row.cells):
                    rect = QRect(ux + column * CELL_W, ry, CELL_W, CELL_H)
                    self.cells.append(self._cell(rect, household, household_room(household)))
            ux += unit_w + UNIT_GAP

    def _place_list(self, block: Block, y: int, width: int) -> int:
        self._place_title(block, MARGIN, y)
        per_row = max((width - 2 * MARGIN) // CELL_W, 1)
        unplaced = block.kind == "unplaced"
        for i, household in enumerate(block.households):
            row, column = divmod(i, per_row)
            rect = QRect(MARGIN + column * CELL_W, y + TITLE_H + row * CELL_H, CELL_W, CELL_H)
            top = household.address if unplaced else household.room_label
            self.cells.append(self._cell(rect, household, top))
        rows = -(-len(block.households) // per_row)
        return TITLE_H + rows * CELL_H

    def _cell(self, rect: QRect, household: GridHousehold | None, top: str) -> Cell:
        if household is None:
            return Cell(rect, None)
        name = self._elide(self._name_metrics, household.name, CELL_W - 10)
        room = self._elide(self._room_metrics, top, CELL_W - 26)
        return Cell(rect, household, room, name)

    def _elide(self, metrics: QFontMetrics, text: str, width: int) -> str:
        # Most names are 2–3 characters: no need to measure what fits even at the widest
        # common glyph (a Chinese character, or W); anything else is measured and elided.
        wide = self._widest.get(id(metrics))
        if wide is None:
            wide = max(metrics.horizontalAdvance(ch) for ch in "国W@%")
            self._widest[id(metrics)] = wide
        if len(text) * wide <= width and all(_common(ch) for ch in text):
            return text
        return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)

    # painting -------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        exposed = event.rect()
        painter.fillRect(exposed, self.palette().base())
        for label in self.labels:
            if label.rect.intersects(exposed):
                self._paint_label(painter, label)
        for cell in self.cells:
            if cell.rect.intersects(exposed):
                self._paint_cell(painter, cell)
        painter.end()

    def _paint_label(self, painter: QPainter, label: Label) -> None:
        align = Qt.AlignmentFlag.AlignVCenter
        if label.kind == "title":
            painter.setFont(self.title_font)
            painter.setPen(self.palette().text().color())
            align |= Qt.AlignmentFlag.AlignLeft
        elif label.kind == "floor":
            painter.setFont(self.small_font)
            painter.setPen(MUTED)
            align |= Qt.AlignmentFlag.AlignRight
        elif label.kind == "unit":
            painter.setFont(self.small_font)
            painter.setPen(MUTED)
            painter.drawLine(label.rect.bottomLeft(), label.rect.bottomRight())
            align |= Qt.AlignmentFlag.AlignHCenter
        else:
            painter.setFont(self.small_font)
            painter.setPen(MUTED)
            align |= Qt.AlignmentFlag.AlignLeft
        painter.drawText(label.rect, int(align), label.text)

    def _paint_cell(self, painter: QPainter, cell: Cell) -> None:
        box = cell.rect.adjusted(1, 1, -2, -2)
        household = cell.household
        if household is None:
            painter.setPen(self._empty)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(box)
            return
        if (
            self.hasFocus()
            and 0 <= self._current < len(self._rooms)
            and cell is self._rooms[self._current]
        ):
            painter.setPen(QPen(self.palette().highlight().color(), 3))
        elif cell is self._hover:
            painter.setPen(QPen(self.palette().highlight().color(), 2))
        else:
            painter.setPen(self._border)
        painter.setBrush(self._fills[household.group])
        painter.drawRect(box)
        right = box.right() - 3
        if household.overdue:
            size = 11
            corner = QPolygon(
                [
                    QPoint(box.right() - size, box.top() + 1),
                    QPoint(box.right(), box.top() + 1),
                    QPoint(box.right(), box.top() + 1 + size),
                ]
            )
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self._overdue)
            painter.drawPolygon(corner)
            right -= size - 2
        mark = attitude_mark(household.attitude)
        painter.setFont(self.mark_font)
        if mark:
            disc = QRect(right - 15, box.top() + 2, 15, 15)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self._white)
            painter.drawEllipse(disc)
            painter.setPen(self._marks.get(household.attitude or "", MUTED))
            painter.drawText(disc, int(Qt.AlignmentFlag.AlignCenter), mark)
        painter.setFont(self.room_font)
        painter.setPen(self._black)
        top = QRect(box.left() + 4, box.top() + 2, box.width() - 8, 16)
        painter.drawText(
            top, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), cell.top
        )
        painter.setFont(self.name_font)
        bottom = QRect(box.left() + 4, box.bottom() - 19, box.width() - 6, 18)
        painter.drawText(
            bottom, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), cell.name
        )
        if self.highlight is not None and not self.highlight(household):
            painter.fillRect(box.adjusted(1, 1, 0, 0), self._fade)  # not what is asked for

    # interaction ----------------------------------------------------------------------------
    def cell_at(self, pos: QPoint) -> Cell | None:
        for cell in self.cells:
            if cell.household is not None and cell.rect.contains(pos):
                return cell
        return None

    def cell_rect(self, household_id: str) -> QRect:
        return self._by_id[household_id].rect

    def household(self, household_id: str) -> GridHousehold | None:
        cell = self._by_id.get(household_id)
        return cell.household if cell is not None else None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        cell = self.cell_at(event.position().toPoint())
        if cell is not self._hover:
            old, self._hover = self._hover, cell
            for changed in (old, cell):
                if changed is not None:
                    self.update(changed.rect)
            shape = Qt.CursorShape.PointingHandCursor if cell else Qt.CursorShape.ArrowCursor
            self.setCursor(shape)
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._pressed = self.cell_at(event.position().toPoint())
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            cell = self.cell_at(event.position().toPoint())
            if cell is not None and cell is self._pressed and cell.household is not None:
                self._current = self._rooms.index(cell) if cell in self._rooms else -1
                self.household_clicked.emit(cell.household.id)
            self._pressed = None
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Arrows move between rooms (up and down by position), Enter or Space opens one."""
        key = Qt.Key(event.key())
        if not self._rooms:
            super().keyPressEvent(event)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            if 0 <= self._current < len(self._rooms):
                household = self._rooms[self._current].household
                if household is not None:
                    self.household_clicked.emit(household.id)
            return
        moves = {
            Qt.Key.Key_Right: 1,
            Qt.Key.Key_Left: -1,
            Qt.Key.Key_Home: -len(self._rooms),
            Qt.Key.Key_End: len(self._rooms),
        }
        if key in moves:
            target = max(0, min(len(self._rooms) - 1, self._current + moves[key]))
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            target = self._vertical(1 if key == Qt.Key.Key_Down else -1)
        else:
            super().keyPressEvent(event)
            return
        self.set_current(target)

    def _vertical(self, direction: int) -> int:
        """The nearest room straight above or below the current one (else the current)."""
        if not 0 <= self._current < len(self._rooms):
            return 0
        here = self._rooms[self._current].rect
        best, best_distance = self._current, None
        for i, cell in enumerate(self._rooms):
            dy = (cell.rect.top() - here.top()) * direction
            if dy <= 0:
                continue
            distance = (dy, abs(cell.rect.center().x() - here.center().x()))
            if best_distance is None or distance < best_distance:
                best, best_distance = i, distance
        return best

    def set_current(self, index: int) -> None:
        old = self._rooms[self._current].rect if 0 <= self._current < len(self._rooms) else None
        self._current = index
        rect = self._rooms[index].rect
        for changed in (old, rect):
            if changed is not None:
                self.update(changed)
        self.current_moved.emit(rect)

    def current_household(self) -> str:
        if 0 <= self._current < len(self._rooms):
            household = self._rooms[self._current].household
            return household.id if household is not None else ""
        return ""

    def focusInEvent(self, event: QFocusEvent) -> None:
        if self._current < 0 and self._rooms:
            self._current = 0
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        if self._hover is not None:
            old, self._hover = self._hover, None
            self.update(old.rect)
        super().leaveEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            cell = self.cell_at(event.pos())
            if cell is not None and cell.household is not None:
                QToolTip.showText(event.globalPos(), tooltip(cell.household), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)


def _common(char: str) -> bool:
    """A character no wider than 国 or W: Latin, digits, punctuation, common Chinese."""
    code = ord(char)
    return 0x20 <= code < 0x2E80 or 0x4E00 <= code <= 0x9FFF


def household_room(household: GridHousehold | None) -> str:
    return household.room_label if household is not None else ""


TOOLTIP_CHARS = 80  # a 4 000-character name or address must not fill the screen


def _short(text: str) -> str:
    return text if len(text) <= TOOLTIP_CHARS else text[: TOOLTIP_CHARS - 1] + "…"


def tooltip(h: GridHousehold) -> str:
    lines = [_short(h.name), _short(h.address)]
    state = i18n.choice(HOUSEHOLD_STATES, h.state) if h.state else "—"
    lines.append(f"{i18n.field_label('household', 'state')}: {state}")
    if h.attitude:
        lines.append(
            f"{i18n.field_label('household', 'attitude')}: {i18n.choice(ATTITUDES, h.attitude)}"
        )
    if h.next_visit_due:
        due = f"{i18n.field_label('visit', 'next_visit_due')}: {str(h.next_visit_due)[:10]}"
        if h.overdue:
            due += " " + QCoreApplication.translate("BuildingGridPage", "(overdue)")
        lines.append(due)
    return "\n".join(lines)


class GridLegend(QWidget):
    """One line: each group's colour with its count, the attitude marks, the overdue triangle
    (painted like the cells, so the white of 未签约 shows its outline)."""

    SWATCH = 16

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gridLegend")
        self.entries: list[tuple[str, str, str]] = []

    def set_entries(self, entries: list[tuple[str, str, str]]) -> None:
        self.entries = entries
        self.updateGeometry()
        self.update()

    def text(self) -> str:
        return "  ".join(text for _kind, _colour, text in self.entries)

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        width = sum(
            self.SWATCH + 6 + metrics.horizontalAdvance(t) + 16 for _k, _c, t in self.entries
        )
        return QSize(width, max(metrics.height(), self.SWATCH) + 6)

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.sizeHint().height())

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        metrics = self.fontMetrics()
        x, middle = 2, self.height() // 2
        for kind, colour, text in self.entries:
            box = QRect(x, middle - self.SWATCH // 2, self.SWATCH, self.SWATCH - 2)
            if kind == "fill":
                painter.setPen(QPen(BORDER, 1))
                painter.setBrush(QColor(colour))
                painter.drawRect(box)
                x += self.SWATCH + 6
            elif kind == "overdue":
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(colour))
                painter.drawPolygon(
                    QPolygon([box.topLeft(), box.topRight(), QPoint(box.right(), box.top() + 11)])
                )
                x += self.SWATCH + 6
            painter.setPen(QColor(colour) if kind == "mark" else self.palette().text().color())
            if kind == "mark":  # the mark in its colour, the word after it in the text colour
                mark, _, word = text.partition(" ")
                painter.drawText(QPoint(x, middle + metrics.ascent() // 2 - 1), mark)
                x += metrics.horizontalAdvance(mark + " ")
                painter.setPen(self.palette().text().color())
                text = word
            painter.drawText(QPoint(x, middle + metrics.ascent() // 2 - 1), text)
            x += metrics.horizontalAdvance(text) + 16
        painter.end()


class _GridScroll(QScrollArea):
    """Lays the canvas out again for the new width when the page is resized."""

    def __init__(self, canvas: GridCanvas, parent: QWidget) -> None:
        super().__init__(parent)
        self.canvas = canvas
        self.setObjectName("gridScroll")
        self.setWidget(canvas)
        self.setWidgetResizable(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        # Always there, so the width the grid is laid out for does not change under it.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.canvas.relayout(self.viewport().width())


class BuildingGridPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("buildingGridPage")
        self.ctx = ctx
        self.grid: ProjectGrid | None = None
        self.generated: Generated | None = None

        self.project = QComboBox(self)
        self.project.setObjectName("gridProject")
        self.project.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.project.setMinimumContentsLength(16)
        self.project.currentIndexChanged.connect(self._project_chosen)
        self.summary = QLabel(self)
        self.summary.setObjectName("gridSummary")
        self.summary.setStyleSheet("font-weight: bold;")
        self.save_pdf = QPushButton(self.tr("Save PDF…"), self)
        self.save_pdf.setObjectName("gridSavePdf")
        self.save_pdf.setToolTip(self.tr("Landscape A4, or A3 when a building is too wide"))
        self.save_pdf.clicked.connect(self.ask_pdf)
        self.legend = GridLegend(self)
        self.message = QLabel(self)
        self.message.setObjectName("gridMessage")
        self.message.setStyleSheet(f"color: {MUTED.name()};")
        self.message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        self.highlight = QComboBox(self)
        self.highlight.setObjectName("gridHighlight")
        self.highlight.addItem(self.tr("Highlight: nothing"), "")
        self.highlight.addItem(self.tr("Highlight: not signed"), "unsigned")
        self.highlight.addItem(self.tr("Highlight: opposes"), "oppose")
        self.highlight.addItem(self.tr("Highlight: undecided"), "undecided")
        self.highlight.addItem(self.tr("Highlight: visit overdue"), "overdue")
        self.highlight.addItem(self.tr("Highlight: my households"), "mine")
        self.highlight.currentIndexChanged.connect(self._apply_highlight)
        self.highlight_count = QLabel(self)
        self.go_to = QComboBox(self)
        self.go_to.setObjectName("gridGoTo")
        self.go_to.setMinimumContentsLength(10)
        self.go_to.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.go_to.setToolTip(self.tr("Scroll to a building or street"))
        self.go_to.activated.connect(self._go_to)
        self.highlight_count.setObjectName("gridHighlightCount")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Project:"), self))
        top.addWidget(self.project, 1)
        top.addWidget(self.go_to)
        top.addWidget(self.highlight)
        top.addWidget(self.highlight_count)
        top.addWidget(self.summary)
        top.addStretch(0)
        top.addWidget(self.save_pdf)
        self.canvas = GridCanvas(self)
        self.canvas.household_clicked.connect(self.open_household)
        self.scroller = _GridScroll(self.canvas, self)
        self.canvas.current_moved.connect(
            lambda rect: self.scroller.ensureVisible(rect.center().x(), rect.center().y(), 80, 60)
        )
        hint = QLabel(
            self.tr("Click a room to open the household (or move with the arrow keys, Enter)."),
            self,
        )
        hint.setStyleSheet(f"color: {MUTED.name()};")
        bottom = QHBoxLayout()
        bottom.addWidget(hint)
        bottom.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.legend)
        layout.addWidget(self.scroller, 1)
        layout.addLayout(bottom)
        self._show_legend(None)
        self.reloader = ReloadOnChange(
            self, ctx.bus, self.reload, ("project", "household", "visit")
        )
        self.reload()

    # page protocol --------------------------------------------------------------------------
    def activated(self) -> None:
        self.reloader.activated()

    def sizeHint(self) -> QSize:
        return QSize(900, 600)

    # loading --------------------------------------------------------------------------------
    def reload(self) -> None:
        ws = self.ctx.ws
        self.ctx.tasks.run(
            lambda: building_grid.grid_projects(ws), self._show_projects, key="grid-projects"
        )

    def _show_projects(self, projects: list[dict[str, object]]) -> None:
        wanted = self.project.currentData() or self.ctx.state.value("grid/project")
        self.project.blockSignals(True)
        self.project.clear()
        for p in projects:
            count = QCoreApplication.translate("BuildingGridPage", "%1 households").replace(
                "%1", str(p["households"])
            )
            # The count in the tooltip: the name alone must fit the combo (1366×768, English).
            self.project.addItem(f"{p['code']} {p['name']}", p["id"])
            self.project.setItemData(self.project.count() - 1, count, Qt.ItemDataRole.ToolTipRole)
        index = self.project.findData(wanted) if wanted else -1
        if index < 0:  # the first project with households
            index = next((i for i, p in enumerate(projects) if p["households"]), 0)
        self.project.setCurrentIndex(index if projects else -1)
        self.project.blockSignals(False)
        self.save_pdf.setEnabled(bool(projects))
        self.load_grid()

    def _project_chosen(self, _index: int) -> None:
        project_id = self.project.currentData()
        if project_id:
            self.ctx.state.setValue("grid/project", project_id)
        self.load_grid()

    def load_grid(self) -> None:
        project_id = self.project.currentData()
        if not project_id:
            self._show_grid(None)
            return
        ws, today = self.ctx.ws, formatting.today()
        self.ctx.tasks.run(
            lambda: building_grid.project_grid(ws, project_id, today=today),
            self._show_grid,
            key="grid",
            parent=self,
        )

    def _show_grid(self, grid: ProjectGrid | None) -> None:
        self.grid = grid
        self.canvas.set_grid(grid, self.scroller.viewport().width())
        self._apply_highlight()
        self._show_legend(grid)
        self.go_to.clear()
        self.go_to.addItem(self.tr("Go to…"), -1)
        for index, block in enumerate(grid.blocks if grid else ()):
            self.go_to.addItem(self.canvas.block_title(block), index)
        if grid is None:
            self.summary.setText("")
            return
        tally = grid.tally
        rate = f"{100 * tally.signed / tally.total:.1f}%" if tally.total else "—"
        buildings = sum(1 for b in grid.blocks if b.kind == "building")
        self.summary.setText(
            self.tr("%1 buildings · signed %2 / %3 (%4)")
            .replace("%1", str(buildings))
            .replace("%2", str(tally.signed))
            .replace("%3", str(tally.total))
            .replace("%4", rate)
        )

    def _go_to(self, _index: int) -> None:
        index = self.go_to.currentData()
        if isinstance(index, int) and 0 <= index < len(self.canvas.block_tops):
            top = self.canvas.block_tops[index]
            self.scroller.horizontalScrollBar().setValue(max(top.x() - MARGIN, 0))
            self.scroller.verticalScrollBar().setValue(max(top.y() - MARGIN, 0))

    def _apply_highlight(self, _index: int = 0) -> None:
        choice = self.highlight.currentData() or ""
        me = self.ctx.profile.caseworker if self.ctx.profile else ""
        wanted: Callable[[GridHousehold], bool] | None = {
            "unsigned": lambda h: h.group == "unsigned",
            "oppose": lambda h: h.attitude == "oppose",
            "undecided": lambda h: h.attitude == "undecided",
            "overdue": lambda h: h.overdue,
            "mine": lambda h: bool(me) and h.caseworker == me,
        }.get(choice)
        kept = self.canvas.set_highlight(wanted)
        self.highlight_count.setText(
            self.tr("%1 households").replace("%1", str(kept)) if wanted is not None else ""
        )

    def _show_legend(self, grid: ProjectGrid | None) -> None:
        entries: list[tuple[str, str, str]] = []
        for code in GROUPS.codes():
            count = grid.tally.count(code) if grid else 0
            entries.append(("fill", GROUP_FILLS[code], f"{i18n.choice(GROUPS, code)} {count}"))
        for code, (_c, colour) in ATTITUDE_MARKS.items():
            entries.append(
                ("mark", colour, f"{attitude_mark(code)} {i18n.choice(ATTITUDES, code)}")
            )
        entries.append(("overdue", OVERDUE_COLOUR, i18n.heading(self.tr("visit overdue"))))
        self.legend.set_entries(entries)

    # actions --------------------------------------------------------------------------------
    def open_household(self, household_id: str) -> None:
        household = self.canvas.household(household_id)
        title = household.name if household is not None else ""
        self.ctx.select_household(household_id, title)
        self.ctx.bus.open_household.emit(household_id)

    def ask_pdf(self) -> None:
        project_id = self.project.currentData()
        if not project_id or self.grid is None:
            return
        folder = Path(str(self.ctx.state.value("reports/folder") or Path.home()))
        title = documents.zh("grid_doc_title", project=self.grid.title)
        suggested = folder / documents.default_filename(title)
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the building grid"), str(suggested), self.tr("PDF files (*.pdf)")
        )
        if chosen:
            path = Path(chosen)
            if path.suffix.lower() != ".pdf":
                path = path.with_name(path.name + ".pdf")
            self.save_to(path)

    def save_to(self, path: Path) -> None:
        ws, spec = self.ctx.ws, DocumentSpec("grid", project_id=self.project.currentData())
        self.ctx.state.setValue("reports/folder", str(path.parent))
        self.message.setText("")
        self.ctx.tasks.run(
            lambda: documents.generate(ws, spec, path, today=formatting.today()),
            self._saved,
            parent=self,
            label=self.tr("Making the building grid…"),
        )

    def _saved(self, done: Generated) -> None:
        self.generated = done
        self.message.setText(
            self.tr("Saved %1 (%2 pages).")
            .replace("%1", str(done.path))
            .replace("%2", str(done.pages))
        )


register_page(
    PageSpec(
        key="grid",
        title=lambda: QCoreApplication.translate("BuildingGridPage", "Building grid"),
        icon=QStyle.StandardPixmap.SP_FileDialogListView,
        factory=BuildingGridPage,
        order=15,
        shortcut="Ctrl+Shift+G",
    )
)
