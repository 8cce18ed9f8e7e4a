"""House-ticket (房票) dialogs: issuing a ticket with its bonus tiers, and redeeming part of one
with the bonus for the date of use shown before anything is recorded.

The preview runs the same rule the service will apply (domain.tickets.plan_redemption over the
ticket's terms and recorded uses, read fresh off the GUI thread): what it shows — the bonus, what
the developer is paid, the balance after — is what `services.tickets.redeem` records, and a
redemption above the balance or after expiry shows the refusal sentence before Confirm."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from domain import tickets as rules
from domain.errors import UserError
from domain.tickets import BonusTier, TicketTerms, Use
from services import tickets
from services.tickets import TicketSummary
from services.workspace import Workspace
from ui import formatting, i18n
from ui.context import AppContext
from ui.dialogs.household_picker import HouseholdPicker, household_title
from ui.forms import DateField, error_label, set_error, show_refusal
from ui.save_once import save_once
from ui.unsaved import UnsavedChanges

PREVIEW_DELAY_MS = 150


def amount_text(text: str) -> str:
    """What a person typed as yuan, without thousands separators and spaces."""
    return text.replace(",", "").replace("，", "").replace(" ", "").replace("元", "").strip()


# issuing ------------------------------------------------------------------------------------
class TiersEditor(QWidget):
    """The bonus tiers as rows of (up to month, bonus %)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.loaded: list[dict[str, Any]] = []
        self.table = QTableWidget(0, 2, self)
        self.table.setObjectName("tiersTable")
        self.table.setHorizontalHeaderLabels([self.tr("Up to month"), self.tr("Bonus %")])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMaximumHeight(130)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        add = QPushButton(self.tr("Add tier"), self)
        add.clicked.connect(lambda: self._add_row("", ""))
        remove = QPushButton(self.tr("Remove tier"), self)
        remove.clicked.connect(self._remove_row)
        self.text = QLabel(self)
        self.text.setObjectName("tiersText")
        self.text.setStyleSheet("color: #5f6368;")
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.text)
        self.table.itemChanged.connect(lambda _i: self._show_text())

    def set_tiers(self, tiers: tuple[BonusTier, ...]) -> None:
        """The project's tiers as given (not typed): `loaded` remembers them, so a dialog can
        tell the person's edits from what it filled in."""
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for tier in tiers:
            self._add_row(str(tier.months), f"{tier.pct.normalize():f}")
        self.table.blockSignals(False)
        self.loaded = self.raw()
        self._show_text()

    def edited(self) -> list[dict[str, Any]] | None:
        """The rows when the person changed them, else None."""
        rows = self.raw()
        return None if rows == self.loaded else rows

    def _add_row(self, months: str, pct: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(months))
        self.table.setItem(row, 1, QTableWidgetItem(pct))

    def _remove_row(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for row in rows or [self.table.rowCount() - 1]:
            if row >= 0:
                self.table.removeRow(row)
        self._show_text()

    def raw(self) -> list[dict[str, Any]]:
        """The rows as typed, for services.tickets to check (bad rows are refused there)."""
        found = []
        for row in range(self.table.rowCount()):
            cells = [self.table.item(row, c) for c in (0, 1)]
            months, pct = ((c.text().strip() if c else "") for c in cells)
            if not months and not pct:
                continue
            found.append(
                {"months": int(months) if months.isdigit() else months, "pct": pct.rstrip("%")}
            )
        return found

    def _show_text(self) -> None:
        try:
            tiers = rules.parse_tiers(self.raw()) if self.raw() else ()
        except UserError as exc:
            self.text.setText(str(exc))
            return
        # standing alone under the table: a capital in English, as the tickets page writes it
        self.text.setText(i18n.heading(rules.tiers_text(tiers, i18n.lang())))


class IssueTicketDialog(UnsavedChanges, QDialog):
    """Issue a house ticket to a household (chosen here, or given). Esc with typed work asks
    保存 / 放弃 / 继续编辑 (ui.unsaved)."""

    issued = Signal(str)

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        household: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("issueTicketDialog")
        self.setWindowTitle(self.tr("Issue a house ticket"))
        self.ctx = ctx
        self.picker = HouseholdPicker(ctx, self)
        self.picker.chosen.connect(self._household_chosen)
        self.number = QLineEdit(self)
        self.number.setObjectName("ticketNumber")
        self.face = QLineEdit(self)
        self.face.setObjectName("faceAmount")
        self.face.setPlaceholderText("1200000.00")
        self.issued_on = DateField(formatting.today(), self)
        self.issued_on.setObjectName("issuedOn")
        self.valid_until = DateField(rules.default_valid_until(formatting.today()), self)
        self.valid_until.setObjectName("validUntil")
        self._until_touched = False
        self.valid_until.dateChanged.connect(self._until_edited)
        self.issued_on.dateChanged.connect(self._issued_changed)
        self.tiers = TiersEditor(self)
        self.transferable = QCheckBox(self.tr("Transferable"), self)
        self.error = error_label(self)
        form = QFormLayout()
        form.addRow(i18n.field_label("house_ticket", "household_id") + " *", self.picker)
        form.addRow(i18n.field_label("house_ticket", "number") + " *", self.number)
        form.addRow(i18n.field_label("house_ticket", "face_amount") + " *", self.face)
        form.addRow(i18n.field_label("house_ticket", "issued_on"), self.issued_on)
        form.addRow(i18n.field_label("house_ticket", "valid_until"), self.valid_until)
        form.addRow(i18n.field_label("house_ticket", "bonus_tiers"), self.tiers)
        form.addRow("", self.transferable)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Issue"))
        ok.setObjectName("issueButton")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        if household is not None:
            self.picker.set_household(str(household["id"]), household)
        else:
            self._load_tiers(None)

    def unsaved_snapshot(self) -> Any:
        return (
            self.picker.household_id,
            self.number.text(),
            self.face.text(),
            self.issued_on.iso(),
            self.valid_until.iso(),
            self.tiers.edited(),  # the project's tiers arriving later are not an edit
            self.transferable.isChecked(),
        )

    def _until_edited(self) -> None:
        self._until_touched = True

    def _issued_changed(self) -> None:
        if not self._until_touched:
            issued = dt.date.fromisoformat(self.issued_on.iso())
            self.valid_until.blockSignals(True)
            self.valid_until.set_iso(rules.default_valid_until(issued).isoformat())
            self.valid_until.blockSignals(False)

    def _household_chosen(self, _household_id: str) -> None:
        row = self.picker.row or {}
        self._load_tiers(row.get("project_id"))

    def _load_tiers(self, project_id: str | None) -> None:
        ws = self.ctx.ws
        self.ctx.tasks.run(
            lambda: tickets.bonus_tiers_for(ws, project_id), self.tiers.set_tiers, parent=self
        )

    def submit(self) -> None:
        set_error(self.error, "")
        household_id = self.picker.household_id
        if not household_id:
            set_error(self.error, self.tr("Choose the household first."))
            return
        ws = self.ctx.ws
        number, face = self.number.text(), amount_text(self.face.text()) or "0"
        issued_on, valid_until = self.issued_on.iso(), self.valid_until.iso()
        tiers, transferable = self.tiers.raw(), self.transferable.isChecked()
        save_once(
            self.buttons,
            self.ctx.tasks,
            lambda: tickets.issue_ticket(
                ws,
                household_id,
                number=number,
                face_amount=face,
                issued_on=issued_on,
                valid_until=valid_until,
                bonus_tiers=tiers,
                transferable=transferable,
            ),
            self._done,
            self._failed,
            parent=self,
        )

    def _done(self, ticket_id: str) -> None:
        self.ctx.notify("house_ticket", ticket_id)
        self.issued.emit(ticket_id)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        show_refusal(self.error, exc)


# redeeming ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Preview:
    amount: Decimal
    used_on: dt.date
    bonus_pct: Decimal
    bonus: Decimal
    paid: Decimal  # to the developer: amount + bonus
    balance_after: Decimal


def preview_redemption(ws: Workspace, ticket_id: str, amount: str, used_on: dt.date) -> Preview:
    """The redemption `services.tickets.redeem` would record, or its UserError refusal."""
    summary = tickets.ticket_summary(ws, ticket_id, today=used_on)
    terms = TicketTerms(
        rules.to_fen(summary.face_amount), summary.issued_on, summary.valid_until, summary.tiers
    )
    uses = [
        Use(u.kind, rules.to_fen(u.amount), u.used_on, u.bonus_pct, rules.to_fen(u.bonus_amount))
        for u in summary.uses
    ]
    use = rules.plan_redemption(terms, uses, rules.to_fen(amount), used_on)
    after = rules.ledger(terms, [*uses, use], used_on)
    return Preview(
        amount=rules.fen_to_yuan(use.principal_fen),
        used_on=used_on,
        bonus_pct=use.bonus_pct,
        bonus=rules.fen_to_yuan(use.bonus_fen),
        paid=rules.fen_to_yuan(use.paid_fen),
        balance_after=rules.fen_to_yuan(after.balance_fen),
    )


class RedeemDialog(UnsavedChanges, QDialog):
    """Use part of a ticket to buy a home; the bonus for the date is shown before confirming.
    Esc with typed work asks 保存 / 放弃 / 继续编辑 (ui.unsaved)."""

    redeemed = Signal(str)

    def __init__(self, ctx: AppContext, ticket: TicketSummary, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("redeemDialog")
        self.setWindowTitle(self.tr("Redeem house ticket %1").replace("%1", ticket.number))
        self.ctx = ctx
        self.ticket = ticket
        self.preview: Preview | None = None
        facts = QLabel(self)
        facts.setObjectName("ticketFacts")
        facts.setWordWrap(True)
        facts.setText(
            self.tr("%1 · face %2 yuan · balance %3 yuan · valid until %4 · %5")
            .replace(
                "%1", household_title({"head_name": ticket.head_name, "address": ticket.address})
            )
            .replace("%2", f"{ticket.face_amount:,.2f}")
            .replace("%3", f"{ticket.balance:,.2f}")
            .replace("%4", ticket.valid_until.isoformat())
            .replace("%5", rules.tiers_text(ticket.tiers, i18n.lang()))
        )
        self.amount = QLineEdit(self)
        self.amount.setObjectName("redeemAmount")
        self.amount.setPlaceholderText(f"{ticket.balance:.2f}")
        self.used_on = DateField(formatting.today(), self)
        self.used_on.setObjectName("usedOn")
        self.development = QLineEdit(self)
        self.development.setObjectName("development")
        self.contract = QLineEdit(self)
        self.contract.setObjectName("contractNumber")
        self.preview_label = QLabel(self)
        self.preview_label.setObjectName("redeemPreview")
        self.preview_label.setWordWrap(True)
        self.preview_label.setStyleSheet("color: #0b57d0; font-size: 11pt; font-weight: bold;")
        self.preview_label.setMinimumHeight(48)
        self.error = error_label(self)
        form = QFormLayout()
        form.addRow(self.tr("Amount used (yuan)") + " *", self.amount)
        form.addRow(i18n.field_label("ticket_use", "used_on"), self.used_on)
        form.addRow(i18n.field_label("ticket_use", "development"), self.development)
        form.addRow(i18n.field_label("ticket_use", "contract_number"), self.contract)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.confirm = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.confirm.setText(self.tr("Confirm redemption"))
        self.confirm.setObjectName("confirmRedeem")
        self.confirm.setEnabled(False)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(facts)
        layout.addLayout(form)
        layout.addWidget(self.preview_label)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.update_preview)
        self.amount.textChanged.connect(lambda _t: self._edited())
        self.used_on.dateChanged.connect(lambda _d: self._edited())
        self.update_preview()

    def unsaved_snapshot(self) -> Any:
        return (
            self.amount.text(),
            self.used_on.iso(),
            self.development.text(),
            self.contract.text(),
        )

    def _edited(self) -> None:
        """What was previewed no longer matches: nothing can be confirmed until it is again."""
        self.preview = None
        self.confirm.setEnabled(False)
        self._timer.start()

    def _values(self) -> tuple[str, dt.date]:
        return amount_text(self.amount.text()), dt.date.fromisoformat(self.used_on.iso())

    def update_preview(self) -> None:
        self._timer.stop()
        amount, used_on = self._values()
        self.preview = None
        self.confirm.setEnabled(False)
        set_error(self.error, "")
        if not amount:
            self.preview_label.setText(self.tr("Enter the amount to see the bonus for the date."))
            return
        ws, ticket_id = self.ctx.ws, self.ticket.id
        self.ctx.tasks.run(
            lambda: (amount, used_on, preview_redemption(ws, ticket_id, amount, used_on)),
            self._previewed,
            self._refused,
            key=f"redeem-preview-{id(self)}",
        )

    def _previewed(self, result: tuple[str, dt.date, Preview]) -> None:
        amount, used_on, preview = result
        if (amount, used_on) != self._values():
            return  # typed on meanwhile; the newer preview follows
        self.preview = preview
        self.preview_label.setText(
            self.tr(
                "On %1 the bonus is %2%: %3 yuan. The developer is paid %4 yuan; "
                "the balance left on the ticket is %5 yuan."
            )
            .replace("%1", preview.used_on.isoformat())
            .replace("%2", f"{preview.bonus_pct.normalize():f}")
            .replace("%3", f"{preview.bonus:,.2f}")
            .replace("%4", f"{preview.paid:,.2f}")
            .replace("%5", f"{preview.balance_after:,.2f}")
        )
        self.confirm.setEnabled(True)

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            self.preview_label.setText("")
            set_error(self.error, str(exc))
            return
        raise exc

    def submit(self) -> None:
        if self.preview is None:
            return
        amount, used_on = self._values()
        ws, ticket_id = self.ctx.ws, self.ticket.id
        development, contract = self.development.text().strip(), self.contract.text().strip()
        save_once(
            self.buttons,
            self.ctx.tasks,
            lambda: tickets.redeem(
                ws,
                ticket_id,
                amount,
                used_on=used_on,
                development=development or None,
                contract_number=contract or None,
            ),
            self._done,
            self._failed,
            parent=self,
        )

    def _done(self, use_id: str) -> None:
        self.ctx.notify("ticket_use", use_id)
        self.redeemed.emit(use_id)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            set_error(self.error, str(exc))
            self.confirm.setEnabled(False)
            return
        raise exc
