"""Choosing a household by typing what a caseworker knows — name, pinyin initials, address, the
last digits of an ID or phone — as in the household list (services.households.find)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
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
    """A search box over a short result list; `chosen` carries (household id, its row)."""

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
        self.search.returnPressed.connect(self.run_search)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.results)
        layout.addWidget(self.selected)
        self._show_chosen()

    def run_search(self) -> None:
        self._debounce.stop()
        query, ws = self.search.text().strip(), self.ctx.ws
        if not query:
            self.results.clear()
            return
        self.ctx.tasks.run(
            lambda: households.find(ws, query, limit=LIMIT),
            self._found,
            key=f"household-picker-{id(self)}",
        )

    def _found(self, rows: list[dict[str, Any]]) -> None:
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
