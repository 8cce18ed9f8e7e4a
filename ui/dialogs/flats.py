"""Allocating a resettlement flat (安置房源) to a household: choose the household, say whether it
is temporary housing (临时周转), confirm; services.flats refuses a flat already held by someone
else, locked, or waiting for review after a double allocation, in one sentence shown here.
AllocationDialog is that last step, shared with the household's 分配房源 dialog, which goes the
other way (one household, choose the flat)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from services import flats
from ui.context import AppContext
from ui.dialogs.household_picker import HouseholdPicker
from ui.forms import error_label, set_error, show_refusal
from ui.save_once import save_once


class AllocationDialog(QDialog):
    """Runs services.flats.allocate for the chosen flat and household, temporary housing or not
    as ticked; on success notifies, emits `allocated` and closes; a refusal is shown inline.
    A subclass builds `temporary`, `error` and `buttons` and calls `allocate` from its submit."""

    allocated = Signal(str)
    ctx: AppContext
    temporary: QCheckBox
    error: QLabel
    buttons: QDialogButtonBox

    def allocate(self, flat_id: str, household_id: str) -> None:
        ws, temporary = self.ctx.ws, self.temporary.isChecked()
        save_once(
            self.buttons,
            self.ctx.tasks,
            lambda: flats.allocate(ws, flat_id, household_id, temporary=temporary),
            lambda _r: self._done(flat_id),
            self._failed,
            parent=self,
        )

    def _done(self, flat_id: str) -> None:
        self.ctx.notify("flat", flat_id)
        self.allocated.emit(flat_id)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        show_refusal(self.error, exc)


class AllocateFlatDialog(AllocationDialog):
    def __init__(self, ctx: AppContext, flat: dict[str, Any], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("allocateFlatDialog")
        label = str(flat.get("label") or flats.flat_label(flat))
        self.setWindowTitle(self.tr("Allocate flat %1").replace("%1", label))
        self.ctx = ctx
        self.flat = flat
        facts = QLabel(self)
        facts.setWordWrap(True)
        facts.setStyleSheet("font-weight: bold;")
        area = f"{flat['area']:g}㎡" if flat.get("area") else ""
        facts.setText(" · ".join(p for p in (label, area, str(flat.get("layout") or "")) if p))
        self.picker = HouseholdPicker(ctx, self)
        self.temporary = QCheckBox(self.tr("Temporary housing (临时周转)"), self)
        self.temporary.setObjectName("temporaryHousing")
        self.error = error_label(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Allocate"))
        ok.setObjectName("allocateButton")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(facts)
        layout.addWidget(QLabel(self.tr("Household"), self))
        layout.addWidget(self.picker)
        layout.addWidget(self.temporary)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def submit(self) -> None:
        set_error(self.error, "")
        household_id = self.picker.household_id
        if not household_id:
            set_error(self.error, self.tr("Choose the household first."))
            return
        self.allocate(str(self.flat["id"]), household_id)
