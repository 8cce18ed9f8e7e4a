"""Choosing a household by typing what a caseworker knows — name, pinyin initials, address, the
last digits of an ID or phone — as in the household list (services.households.find)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from domain import i18n as domain_i18n
from domain.states import HOUSEHOLD_STATES
from services import households
from ui import i18n
from ui.context import AppContext
from ui.formatting import breakable, clipped

DEBOUNCE_MS = 200
LIMIT = 30
TITLE_CHARS = 60  # the chosen household in a line or two; the whole of it in the tooltip


def household_title(row: dict[str, Any]) -> str:
    return domain_i18n.bracketed(row.get("head_name") or "", row.get("address") or "")


class HouseholdPicker(QWidget):
    """A search box over a short result list; `chosen` carries (household id, its row).

    By keyboard: Enter in the search chooses the first household found — once the search has
    answered, if it was pressed before — and is never passed on to the dialog's own button;
    Down moves into the results; Esc clears the search (on an empty one it goes to the dialog)."""

    chosen = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.household_id: str | None = None
        self.row: dict[str, Any] | None = None
        self.search = QLineEdit(self)
        self.search.setObjectName("householdPickerSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            self.tr("Name, pinyin initials (zjw), address, last 4 digits of ID or phone")
        )
        self.results = QListWidget(self)
        self.results.setObjectName("householdPickerResults")
        self.results.setMaximumHeight(150)
        self.results.currentItemChanged.connect(self._picked)
        self.selected = QLabel(self)
        self.selected.setObjectName("householdPickerChosen")
        self.selected.setStyleSheet("font-weight: bold;")
        self.selected.setWordWrap(True)  # a long address wraps inside the pane, never widens it
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.installEventFilter(self)
        self._searched = ""  # the text the results are for
        self._choose_first = False  # Enter came before the results: choose when they arrive
        self._into_results = False  # ... and Down: then go on in the list
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.results)
        layout.addWidget(self.selected)
        self._show_chosen()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.choose_first()
                return True  # the dialog's default button must not see it
            if event.key() == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()  # Esc clears a search first; on an empty one it closes
                return True
            if event.key() == Qt.Key.Key_Down and self.search.text().strip():
                self.choose_first(into_results=True)
                return True
        return super().eventFilter(watched, event)

    def choose_first(self, into_results: bool = False) -> None:
        """Choose the first household found for what is typed — now, or when the search
        answers if it has not yet — and with `into_results` go on in the list."""
        query = self.search.text().strip()
        if not query:
            return
        if query == self._searched and not self._debounce.isActive():
            self._take_first(into_results)
            return
        self._choose_first = True
        self._into_results = into_results
        self.run_search()

    def _take_first(self, into_results: bool) -> None:
        item = self._first_household()
        if item is None:
            return
        self.results.setCurrentItem(item)
        if into_results:
            self.results.setFocus(Qt.FocusReason.TabFocusReason)

    def _first_household(self) -> QListWidgetItem | None:
        item = self.results.item(0)
        if item is None or not isinstance(item.data(Qt.ItemDataRole.UserRole), dict):
            return None
        return item

    def run_search(self) -> None:
        self._debounce.stop()
        query, ws = self.search.text().strip(), self.ctx.ws
        if not query:
            self._searched = ""
            self.results.clear()
            return
        self.ctx.tasks.run(
            lambda: households.find(ws, query, limit=LIMIT),
            lambda rows: self._found(rows, query),
            key=f"household-picker-{id(self)}",
        )

    def _found(self, rows: list[dict[str, Any]], query: str = "") -> None:
        self._searched = query
        self.results.blockSignals(True)
        self.results.clear()
        for row in rows:
            state = i18n.choice(HOUSEHOLD_STATES, row.get("state"))
            text = f"{household_title(row)}  {row.get('project_name') or ''} · {state}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, row)
            self.results.addItem(item)
        self.results.blockSignals(False)
        if not rows:
            self.results.addItem(self.tr("No household found."))
        if self._choose_first and query == self.search.text().strip():
            self._choose_first = False
            self._take_first(self._into_results)

    def _picked(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        row = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if isinstance(row, dict):
            self.set_household(str(row["id"]), row)

    def set_household(self, household_id: str, row: dict[str, Any] | None = None) -> None:
        self.household_id = household_id
        self.row = row
        self._show_chosen()
        self.chosen.emit(household_id)

    def _show_chosen(self) -> None:
        if self.household_id is None:
            self.selected.setText(self.tr("No household chosen yet."))
        else:
            title = household_title(self.row) if self.row else self.household_id[-8:]
            self.selected.setText(
                self.tr("Chosen: %1").replace("%1", breakable(clipped(title, TITLE_CHARS)))
            )
            self.selected.setToolTip(title if len(title) > TITLE_CHARS else "")
