"""冲突: the fields two computers changed while apart, and the records deleted on one computer and
edited on another. Each shows every value with who, when and on which computer; a person settles
it by choosing one of the values or typing a new one (or, for a deletion, keep or delete). The
choice is an ordinary edit (services.sync) and travels to the other computers like any edit.

The number of open conflicts is the page's navigation badge and a label in the main window's
status bar: the badge is counted off the GUI thread and handed to the status bar through a
queued signal, so the bar needs nothing from the main window but its QStatusBar.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QRadioButton,
    QSplitter,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from services.sync import ConflictView, Sync
from services.workspace import Workspace
from ui.context import AppContext
from ui.registry import PageSpec, register_page
from ui.widgets import ReloadOnChange

STATUS_LABEL = "statusConflicts"


class ConflictsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictsPage")
        self.ctx = ctx
        self.sync = Sync(ctx.ws)
        self.views: list[ConflictView] = []
        self.current: ConflictView | None = None
        self._info_labels: list[QLabel] = []

        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("conflictTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Kind"),
                self.tr("Record"),
                self.tr("Field"),
                self.tr("Values"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selected)

        self.detail = QGroupBox(self.tr("Resolve", "the title of the detail box"), self)
        self.detail.setObjectName("conflictDetail")
        self.detail_title = QLabel(self.detail)
        self.detail_title.setWordWrap(True)
        self.detail_title.setStyleSheet("font-weight: bold;")
        self.choices_box = QVBoxLayout()
        self.group = QButtonGroup(self)
        self.new_value = QLineEdit(self.detail)
        self.new_value.setObjectName("conflictNewValue")
        self.new_value.setPlaceholderText(self.tr("or type a new value"))
        self.new_value.textEdited.connect(self._typed)
        self.resolve_button = QPushButton(self.tr("Resolve", "the button"), self.detail)
        self.resolve_button.setObjectName("conflictResolve")
        self.resolve_button.clicked.connect(self.resolve)
        self.note = QLabel(
            self.tr(
                "The value chosen is saved as an ordinary edit and travels with the next sync."
            ),
            self.detail,
        )
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #5f6368;")
        # A holder outside this laptop's scope (services.pool_holders): the hub decides.
        self.hub_note = QLabel(
            self.tr(
                "One of these households is outside this laptop's scope and cannot be seen "
                "here, so this conflict cannot be settled on this laptop. The district office "
                "decides at the hub; the result arrives with the next bundle."
            ),
            self.detail,
        )
        self.hub_note.setObjectName("conflictHubNote")
        self.hub_note.setWordWrap(True)
        self.hub_note.hide()
        detail_layout = QVBoxLayout(self.detail)
        detail_layout.addWidget(self.detail_title)
        detail_layout.addLayout(self.choices_box)
        detail_layout.addWidget(self.new_value)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.resolve_button)
        detail_layout.addLayout(row)
        detail_layout.addWidget(self.note)
        detail_layout.addWidget(self.hub_note)
        detail_layout.addStretch(1)

        self.empty = QLabel(self.tr("There are no conflicts to resolve."), self)
        self.empty.setObjectName("conflictsEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("font-size: 13pt; color: #5f6368;")
        splitter = QSplitter(self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(splitter, 1)
        self.splitter = splitter
        self.reloader = ReloadOnChange(self, ctx.bus, self.reload)
        self._show_detail(None)
        self.reload()

    # --- loading -------------------------------------------------------------------------------
    def activated(self) -> None:
        self.reloader.activated()

    def refresh(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.ctx.tasks.run(self.sync.conflicts, self._show, parent=self, key="conflicts")

    def _show(self, views: list[ConflictView]) -> None:
        keep = (self.current.record_id, self.current.field) if self.current else None
        self.views = views
        self.empty.setVisible(not views)
        self.splitter.setVisible(bool(views))  # no empty table beside a greyed Resolve box
        self.table.setRowCount(len(views))
        for row, view in enumerate(views):
            if view.kind == "delete":
                summary = self.tr("deleted on one computer, edited on another")
            else:
                summary = " / ".join(v.text for v in view.values)
            cells = [view.entity_label, f"{view.title} [{view.short_id}]", view.field_label,
                     summary]  # fmt: skip
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        chosen = 0
        for row, view in enumerate(views):
            if keep == (view.record_id, view.field):
                chosen = row
        if views:
            self.table.selectRow(chosen)
        else:
            self._show_detail(None)
        feed().counted.emit(str(self.ctx.db_path), len(views))

    def _selected(self) -> None:
        row = self.table.currentRow()
        self._show_detail(self.views[row] if 0 <= row < len(self.views) else None)

    # --- the detail ------------------------------------------------------------------------------
    def _show_detail(self, view: ConflictView | None) -> None:
        self.current = view
        for button in self.group.buttons():
            self.group.removeButton(button)
            button.deleteLater()
        for label in self._info_labels:
            label.deleteLater()
        self._info_labels = []
        self.detail.setEnabled(view is not None)
        self.new_value.clear()
        at_hub = view is not None and view.decided_at_hub
        self.hub_note.setVisible(at_hub)
        self.note.setVisible(not at_hub)
        # The hub decides a conflict with a household outside this laptop's scope: no button
        # that cannot act, and the box says who decides.
        self.resolve_button.setVisible(not at_hub)
        self.resolve_button.setEnabled(not at_hub)
        self.detail.setTitle(
            self.tr("Decided at the district office")
            if at_hub
            else self.tr("Resolve", "the title of the detail box")
        )
        if view is None:
            self.detail_title.setText("")
            self.new_value.hide()
            return
        self.detail_title.setText(
            f"{view.entity_label} · {view.title} [{view.short_id}] · {view.field_label}"
        )
        if view.decided_at_hub:
            self.new_value.hide()
            for value in view.values:
                self._add_info(f"• {value.text} — {value.author} · {value.device} · {value.when}")
        elif view.kind == "delete":
            self.new_value.hide()
            for value in view.values:
                self._add_info(f"• {value.text} — {value.author} · {value.device} · {value.when}")
            for code, text in (
                ("keep", self.tr("Keep the record (with the edits)")),
                ("delete", self.tr("Delete the record")),
            ):
                button = QRadioButton(text, self.detail)
                button.setProperty("choice", code)
                self._add_choice(button)
        else:
            self.new_value.show()
            for n, value in enumerate(view.values):
                shown = value.text
                if value.winning:
                    shown = self.tr("%1 (shown now)").replace("%1", value.text)
                text = f"{shown}\n{value.author} · {value.device} · {value.when}"
                button = QRadioButton(text, self.detail)
                button.setProperty("choice", n)
                self._add_choice(button)
        buttons = self.group.buttons()
        if buttons:
            buttons[0].setChecked(True)

    def _add_choice(self, button: QRadioButton) -> None:
        button.setObjectName("conflictChoice")
        self.group.addButton(button)
        self.choices_box.addWidget(button)

    def _add_info(self, text: str) -> None:
        label = QLabel(text, self.detail)
        label.setObjectName("conflictInfo")
        label.setWordWrap(True)
        self.choices_box.addWidget(label)
        self._info_labels.append(label)

    def _typed(self, text: str) -> None:
        if text:
            checked = self.group.checkedButton()
            if checked is not None:
                self.group.setExclusive(False)
                checked.setChecked(False)
                self.group.setExclusive(True)

    def chosen_value(self) -> Any:
        view = self.current
        assert view is not None
        if view.kind == "delete":
            button = self.group.checkedButton()
            return None if button is None else button.property("choice")
        typed = self.new_value.text().strip()
        if typed:
            return typed
        button = self.group.checkedButton()
        if button is None:
            return None
        return view.values[int(button.property("choice"))].value

    def resolve(self) -> None:
        view = self.current
        if view is None or view.decided_at_hub:
            return
        value = self.chosen_value()
        if value is None:
            return

        def done(_: Any) -> None:
            self.ctx.notify(view.entity, view.record_id)
            self.reload()

        self.ctx.tasks.run(lambda: self.sync.resolve_with(view, value), done, parent=self)


# --- the count in the status bar ---------------------------------------------------------------


class _Feed(QObject):
    # (the database file the count is of, the count): only that database's window shows it
    counted = Signal(str, int)


_feed: _Feed | None = None


def feed() -> _Feed:
    """Made on the GUI thread (at import, from load_pages) and connected once."""
    global _feed
    if _feed is None:
        _feed = _Feed(QApplication.instance())
        _feed.counted.connect(show_in_status_bars, Qt.ConnectionType.QueuedConnection)
    return _feed


def show_in_status_bars(db_path: str, count: int) -> None:
    for widget in QApplication.topLevelWidgets():
        if not isinstance(widget, QMainWindow) or widget.objectName() != "mainWindow":
            continue
        ctx = getattr(widget, "ctx", None)
        if ctx is None or str(ctx.db_path) != db_path:
            continue
        label = widget.findChild(QLabel, STATUS_LABEL)
        if label is None:
            label = QLabel(widget)
            label.setObjectName(STATUS_LABEL)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.linkActivated.connect(lambda _link, w=widget: _open_page(w))
            widget.statusBar().insertPermanentWidget(0, label)
        text = QCoreApplication.translate("ConflictsPage", "Conflicts to resolve: %1").replace(
            "%1", str(count)
        )
        label.setText(f'<a href="conflicts" style="color:#b3261e;">{text}</a>')
        label.setVisible(count > 0)


def _open_page(window: QMainWindow) -> None:
    show = getattr(window, "show_page", None)
    if callable(show):
        show("conflicts")


def conflict_badge(ws: Workspace) -> int:
    """Runs off the GUI thread (the main window's badge refresh); the status bar follows."""
    count = Sync(ws).conflict_count()
    if _feed is not None:
        _feed.counted.emit(str(ws.store.path), count)
    return count


if QApplication.instance() is not None:
    feed()

register_page(
    PageSpec(
        key="conflicts",
        title=lambda: QCoreApplication.translate("Pages", "Conflicts"),
        icon=QStyle.StandardPixmap.SP_MessageBoxWarning,
        factory=ConflictsPage,
        order=85,
        badge=conflict_badge,
        shortcut="Ctrl+Shift+K",
    )
)
