"""Small shared widget helpers: remembering splitter and column layouts, filter combos, the
read-only list tables, keeping a page current when records change."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSettings,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTableWidget,
    QWidget,
)
from shiboken6 import isValid

from ui.context import Bus
from ui.rows_model import HOUSEHOLD_ROLE
from ui.short_address import ELLIPSIS, fitted_address


def save_layout(state: QSettings, key: str, widget: QSplitter | QHeaderView) -> None:
    state.setValue(key, widget.saveState())


def save_columns(state: QSettings, key: str, room: SharedRoom) -> None:
    """A list's column layout kept for the next start only when a person dragged it: widths
    the program made are made anew for the screen of the next start."""
    if room.active:
        state.remove(key)
    else:
        save_layout(state, key, room.table.horizontalHeader())


def restore_layout(state: QSettings, key: str, widget: QSplitter | QHeaderView) -> bool:
    value = state.value(key)
    if isinstance(value, QByteArray | bytes) and value:
        return bool(widget.restoreState(QByteArray(value)))
    return False


def filter_combo(
    everything: str, items: Iterable[tuple[str, str]], parent: QWidget | None = None
) -> QComboBox:
    """A combo whose first entry (data None) means 'no filter'."""
    combo = QComboBox(parent)
    combo.addItem(everything, None)
    for code, text in items:
        combo.addItem(text, code)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return combo


def fill_combo(combo: QComboBox, everything: str, items: Iterable[tuple[str, str]]) -> None:
    """Replace the entries, keeping the chosen one when it is still there."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(everything, None)
    for code, text in items:
        combo.addItem(text, code)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    combo.blockSignals(False)


def list_table(
    model: QAbstractItemModel, parent: QWidget, name: str, *, alternating: bool = True
) -> QTableView:
    """The pages' read-only list: one whole row selected at a time, no editing, no wrapping, no
    row numbers, the last column taking the spare width, Tab going on to the next control."""
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(alternating)
    table.setWordWrap(False)
    # Tab leaves the list for the next control: moving between the cells of a row selected
    # whole showed nothing, and a keyboard user was caught in the list.
    table.setTabKeyNavigation(False)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    WholeHeaders(table.horizontalHeader())
    table.setItemDelegate(HouseholdDelegate(table))
    return table


def _text_room(option: QStyleOptionViewItem) -> int:
    """The width a cell's text may take: the cell less its margins and icon."""
    room = option.rect.width() - 8
    if not option.icon.isNull():
        room -= option.decorationSize.width() + 4
    return room


class HouseholdDelegate(QStyledItemDelegate):
    """A cell naming a household as "name (address)", perhaps inside a sentence (Today's
    items), too long for its column: the name whole and the address shortened so its estate
    and room show (ui.short_address); what follows is cut at its end. Cut at the end, the
    cells of two households read alike ("王芳（旺庄街道华庄新…"). The model gives the parts by
    HOUSEHOLD_ROLE; the tooltip keeps the whole text."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        parts = index.data(HOUSEHOLD_ROLE)
        room = _text_room(option)
        measure = option.fontMetrics.horizontalAdvance
        if not parts or room <= 0 or measure(option.text) <= room:
            return
        before, address, close, tail = parts
        if not address:
            return
        # the name and brackets around the address whole; room for "…" of a cut tail
        around = measure(before + close) + (measure(ELLIPSIS) if tail else 0)
        option.text = before + fitted_address(address, room - around, measure) + close + tail


class AddressDelegate(QStyledItemDelegate):
    """An address too long for its column, shortened so that both its estate and its building,
    unit and room show ("华庄…1-1-201", ui.short_address): cut at the end every row read
    "华庄街道华庄新…", cut at the start "…1栋1单元201室" stood for that room in every estate.
    The whole address stays in the tooltip."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        room = _text_room(option)
        if room > 0:
            option.text = fitted_address(option.text, room, option.fontMetrics.horizontalAdvance)
            option.textElideMode = Qt.TextElideMode.ElideLeft  # whatever is left: its end


def drawn_heading_width(header: QHeaderView, section: int) -> int:
    """The width a section's title is drawn in: QHeaderView.sectionSizeFromContents leaves
    room for the sort arrow in every section, but the arrow is drawn in the sorted one only."""
    size = header.sectionSizeFromContents(section)
    width = int(size.width())
    if header.isSortIndicatorShown() and section != header.sortIndicatorSection():
        style = header.style()
        width -= size.height() + style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin)
    return width


class WholeHeaders(QObject):
    """Keeps every column at least as wide as its title (drawn_heading_width), so no header
    is ever clipped to "…" (in English the field names are long): a column set or dragged
    narrower springs back to its title's width; a table too wide for its pane scrolls, and the
    columns a caseworker acts on come first. Parented to the header, so it lives as long as
    the table."""

    def __init__(self, header: QHeaderView) -> None:
        super().__init__(header)
        self.header = header
        self._busy = False
        # the arrow's room moves with the sorted column (drawn_heading_width)
        header.sortIndicatorChanged.connect(self._refit)
        header.sectionResized.connect(self._resized)
        header.sectionCountChanged.connect(self._refit)
        header.geometriesChanged.connect(self.fit)
        model = header.model()
        if model is not None:
            model.headerDataChanged.connect(self._refit)
            model.modelReset.connect(self.fit)

    def _refit(self, *_args: object) -> None:
        self.fit()

    def need(self, section: int) -> int:
        return drawn_heading_width(self.header, section)

    def fit(self) -> None:
        if not isValid(self.header):
            return
        for section in range(self.header.count()):
            self._resized(section, 0, self.header.sectionSize(section))
        self._fit_last()

    def _fit_last(self) -> None:
        """The last column stretches over the spare width while there is some; when the
        columns already fill the view it keeps its title's width and the table scrolls."""
        last = self.header.count() - 1
        if last < 0 or self._busy:
            return
        need = self.need(last)
        others = sum(
            self.header.sectionSize(s) for s in range(last) if not self.header.isSectionHidden(s)
        )
        room = self.header.viewport().width() if self.header.viewport() else self.header.width()
        # A table with a column of its own stretching (Today's What) gives it the spare width:
        # a stretched last column took half of it.
        stretching = any(
            self.header.sectionResizeMode(s) == QHeaderView.ResizeMode.Stretch for s in range(last)
        )
        stretch = others + need <= room and not stretching
        self._busy = True
        try:
            if stretch and others + self.header.sectionSize(last) > room:
                # a stretched section only ever grows: one sized to long contents before
                # (a flat's allocated household) ended beyond the edge
                self.header.setStretchLastSection(False)
                self.header.resizeSection(last, max(need, room - others))
            if stretch != self.header.stretchLastSection():
                self.header.setStretchLastSection(stretch)
            if not stretch and self.header.sectionSize(last) < need:
                self.header.resizeSection(last, need)
        finally:
            self._busy = False

    def _resized(self, section: int, _old: int, new: int) -> None:
        if self._busy or self.header.isSectionHidden(section):
            return
        if section == self.header.count() - 1:
            self._fit_last()
            return
        need = self.need(section)
        if new < need:
            self._busy = True
            try:
                self.header.resizeSection(section, need)
            finally:
                self._busy = False
        self._fit_last()


# The widest a column sized to its contents grows: one long value (a 40-character estate or
# name) pushed the columns after it off a 1366-px screen. Its cells elide; tooltips are whole.
CONTENT_COLUMN_MAX = 220


def fit_columns(table: QTableView, extra: int = 0, most: int = CONTENT_COLUMN_MAX) -> list[int]:
    """Each column as wide as its contents and title (plus `extra` px), but no wider than
    `most`; returns those widths. A title keeps room for the sort arrow only where it is drawn (Qt's own
    resizeColumnsToContents keeps it in every column: ~20 px each, and in English the last
    columns of the projects list went beyond a 1366 px screen)."""
    header = table.horizontalHeader()
    widths = [
        min(max(table.sizeHintForColumn(c), drawn_heading_width(header, c)) + extra, most)
        for c in range(header.count())
    ]
    for column, width in enumerate(widths):
        table.setColumnWidth(column, width)
    return widths  # what was set: a stretched last section reports more


def shared_widths(needs: list[int], floors: list[int], room: int) -> list[int]:
    """Column widths sharing `room`: each column its need when all fit; else the widest give
    way, all cut to one width but never below their floor (a title's width; a number's whole
    width), so a long text shrinks before a short one. When even the floors do not fit, the
    floors (titles whole, the list scrolls)."""
    if sum(needs) <= room:
        return list(needs)
    if sum(floors) >= room:
        return list(floors)

    def widths(cap: int) -> list[int]:
        return [max(floor, min(need, cap)) for need, floor in zip(needs, floors, strict=True)]

    low, high = 0, max(needs)  # the largest cap whose widths fit the room
    while low < high:
        middle = (low + high + 1) // 2
        if sum(widths(middle)) <= room:
            low = middle
        else:
            high = middle - 1
    return widths(low)


class SharedRoom(QObject):
    """Keeps a list's columns sharing the width its view has (shared_widths): each as wide as
    its contents when all fit, else the long texts give way first (cut with "…", tooltips
    whole) while titles and the columns in `whole` (numbers, dates) stay whole. A fixed cap
    (CONTENT_COLUMN_MAX) cut a project's name with half the screen spare, and lists of many
    columns scrolled sideways in English. Refits when the view is resized, sorted or filled,
    from the page's first fit() on, until a person drags a column (their widths then stay).
    Parented to the table."""

    def __init__(
        self,
        table: QTableView,
        *,
        whole: Collection[int] = (),
        whole_up_to: Mapping[int, int] | None = None,
        extra: int = 0,
    ) -> None:
        super().__init__(table)
        self.table = table
        self.whole = set(whole)
        # columns kept whole up to a width (a project code: whole as codes are, yet one of
        # the 40 characters the field allows must not push the list off the screen)
        self.whole_up_to = dict(whole_up_to or {})
        self.extra = extra
        self.active = False
        self._busy = False
        self._pending = False
        self._pressed = False  # a mouse button down on the header: a drag may be under way
        header = table.horizontalHeader()
        # a column's contents are measured on the rows in view and up to 100 more, not 1 000:
        # a refit of the visits list (9 columns, 417 rows) took 108 ms of the GUI thread
        header.setResizeContentsPrecision(100)
        # kept, not asked for in eventFilter: while a window is deleted its table is half gone
        self._view = table.viewport()
        self._heading = header.viewport()
        self._view.installEventFilter(self)
        self._heading.installEventFilter(self)
        header.sectionResized.connect(self._resized)
        header.sortIndicatorChanged.connect(self._later)
        model = table.model()
        model.modelReset.connect(self._later)
        model.layoutChanged.connect(self._later)
        model.rowsInserted.connect(self._inserted)

    def fit(self) -> None:
        """Share the room now and from now on."""
        self.active = True
        self._apply()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self._view and kind == QEvent.Type.Resize:
            self._later()
        elif watched is self._heading and kind == QEvent.Type.MouseButtonPress:
            self._pressed = True
        elif watched is self._heading and kind == QEvent.Type.MouseButtonRelease:
            self._pressed = False
        return False

    def _later(self, *_args: object) -> None:
        if self.active and not self._pending:
            self._pending = True
            QTimer.singleShot(0, self, self._apply)

    def _inserted(self, _parent: QModelIndex, first: int, _last: int) -> None:
        if first == 0:  # the first rows of a list filled lazily; not every page scrolled to
            self._later()

    def _resized(self, _section: int, _old: int, _new: int) -> None:
        # A section resized while the header is pressed is dragged by hand: keep the person's
        # widths. (The application's mouse state is no guide: it can say a button is down
        # while nobody touches the header.)
        if not self._busy and self._pressed:
            self.active = False

    def _apply(self) -> None:
        self._pending = False
        table = self.table
        if not self.active or not isValid(table):
            return
        header = table.horizontalHeader()
        columns = [c for c in range(header.count()) if not header.isSectionHidden(c)]
        floors = [drawn_heading_width(header, c) for c in columns]
        needs = [
            max(table.sizeHintForColumn(c) + self.extra, floor)
            for c, floor in zip(columns, floors, strict=True)
        ]
        floors = [
            need if c in self.whole else max(floor, min(need, self.whole_up_to.get(c, 0)))
            for c, need, floor in zip(columns, needs, floors, strict=True)
        ]
        widths = shared_widths(needs, floors, table.viewport().width())
        self._busy = True
        try:
            for column, width in zip(columns, widths, strict=True):
                table.setColumnWidth(column, width)
        finally:
            self._busy = False


def record_table(parent: QWidget, name: str, headers: list[str]) -> QTableWidget:
    """A read-only QTableWidget of a household's records (members, requests, history, tickets…):
    whole rows selected, alternating rows, no row numbers, no wrapping, rows a line high."""
    table = QTableWidget(0, len(headers), parent)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    table.setWordWrap(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    WholeHeaders(table.horizontalHeader())
    return table


class ReloadOnChange(QObject):
    """A page's answer to bus.changed: `reload` at once while the page is on screen; otherwise
    the page is only marked stale and reloads when `activated()` next shows it, so a hidden page
    does no work. `entities` limits this to changes of those records (any change when None).
    Parented to the page, so it stops listening when the page is gone."""

    def __init__(
        self,
        page: QWidget,
        bus: Bus,
        reload: Callable[[], object],
        entities: Collection[str] | None = None,
    ) -> None:
        super().__init__(page)
        self._page = page
        self._reload = reload
        self._entities = entities
        self.stale = False
        bus.changed.connect(self._changed)

    def activated(self) -> None:
        if self.stale:
            self.stale = False
            self._reload()

    def _changed(self, entity: str, _id: str) -> None:
        if self._entities is not None and entity not in self._entities:
            return
        if self._page.isVisible():
            self._reload()
        else:
            self.stale = True
