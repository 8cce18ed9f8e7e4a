"""房票: the house tickets with their balance, bonus of the day and expiry; issuing, redeeming
(bonus shown before confirming), buy-back and refund of a remainder, and the list of tickets
expiring within 30 days. Everything goes through services.tickets off the GUI thread."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, QItemSelection, QModelIndex, Qt
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyle,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from domain import i18n as domain_i18n
from domain.choices import TICKET_STATES, TICKET_USE_KINDS
from domain.tickets import tiers_text
from services import tickets, ui_support
from services.tickets import TicketSummary
from services.workspace import Workspace
from ui import formatting, i18n
from ui.context import AppContext
from ui.dialogs.tickets import IssueTicketDialog, RedeemDialog
from ui.formatting import ESCALATED_BG, MUTED_FG, OVERDUE_FG
from ui.forms import error_label, set_error, show_refusal
from ui.registry import PageSpec, register_page
from ui.rows_model import Col, RowsModel, bracketed_parts, money_text
from ui.widgets import (
    CONTENT_COLUMN_MAX,
    ReloadOnChange,
    fill_combo,
    filter_combo,
    list_table,
)

EXPIRY_DAYS = 30


def _title(t: TicketSummary) -> str:
    return domain_i18n.bracketed(t.head_name, t.address or "")


def _days_left(t: TicketSummary) -> str:
    if t.state != "active":
        return ""
    if t.days_left < 0:
        return QCoreApplication.translate("TicketsPage", "expired")
    return QCoreApplication.translate("TicketsPage", "%1 days").replace("%1", str(t.days_left))


def expiring_soon(t: TicketSummary) -> bool:
    return t.state == "active" and t.balance > 0 and 0 <= t.days_left <= EXPIRY_DAYS


COLUMNS = (
    Col(lambda: i18n.field_label("house_ticket", "number"), lambda t: t.number),
    Col(
        lambda: i18n.entity_label("household"),
        _title,
        household=lambda t: bracketed_parts(t.head_name, t.address or ""),
    ),
    Col(
        lambda: i18n.field_label("house_ticket", "face_amount"),
        lambda t: money_text(t.face_amount),
        True,
        lambda t: t.face_amount,
    ),
    Col(lambda: i18n.field_label("house_ticket", "issued_on"), lambda t: t.issued_on.isoformat()),
    Col(
        lambda: i18n.field_label("house_ticket", "valid_until"),
        lambda t: t.valid_until.isoformat(),
    ),
    Col(
        lambda: QCoreApplication.translate("TicketsPage", "Days left"),
        _days_left,
        True,
        lambda t: t.days_left if t.state == "active" else 10**6,
    ),
    # what a caseworker acts on (how much is left, can it be used) before the history of use
    Col(
        lambda: QCoreApplication.translate("TicketsPage", "Balance (yuan)"),
        lambda t: money_text(t.balance),
        True,
        lambda t: t.balance,
    ),
    Col(
        lambda: i18n.field_label("house_ticket", "state"),
        lambda t: i18n.choice(TICKET_STATES, t.state),
    ),
    Col(
        lambda: QCoreApplication.translate("TicketsPage", "Redeemed (yuan)"),
        lambda t: money_text(t.redeemed),
        True,
        lambda t: t.redeemed,
    ),
    Col(
        lambda: QCoreApplication.translate("TicketsPage", "Bonus paid (yuan)"),
        lambda t: money_text(t.bonus_paid),
        True,
        lambda t: t.bonus_paid,
    ),
    Col(
        lambda: QCoreApplication.translate("TicketsPage", "Bonus today"),
        lambda t: f"{t.bonus_pct_today.normalize():f}%" if t.state == "active" else "",
        True,
        lambda t: t.bonus_pct_today,
        tooltip=lambda t: tiers_text(t.tiers, i18n.lang()),
    ),
)


def _foreground(t: TicketSummary) -> QColor | None:
    if t.state == "expired" or t.overdrawn > 0:
        return OVERDUE_FG
    if t.state in ("used_up", "bought_back", "refunded"):
        return MUTED_FG
    return None


def _background(t: TicketSummary) -> QColor | None:
    return ESCALATED_BG if expiring_soon(t) else None


def _icon(t: TicketSummary) -> QIcon | None:
    if expiring_soon(t) or t.state == "expired" or t.overdrawn > 0:
        return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
    return None


def expiring_count(ws: Workspace) -> int:
    return len(tickets.expiring_within(ws, EXPIRY_DAYS, today=formatting.today()))


class TicketsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ticketsPage")
        self.ctx = ctx
        self.current: TicketSummary | None = None
        self.confirm_box: QMessageBox | None = None
        self._want: str | None = None
        self._sized = False

        self.project_filter = filter_combo(self.tr("All projects"), [], self)
        self.project_filter.setObjectName("ticketProjectFilter")
        self.state_filter = filter_combo(
            self.tr("All states"), i18n.choice_items(TICKET_STATES), self
        )
        self.state_filter.setObjectName("ticketStateFilter")
        self.expiring = QCheckBox(self.tr("Expiring within 30 days"), self)
        self.expiring.setObjectName("expiringOnly")
        self.project_filter.currentIndexChanged.connect(self.reload)
        self.state_filter.currentIndexChanged.connect(self._fill)
        self.expiring.toggled.connect(self._fill)
        self.count = QLabel(self)
        self.count.setObjectName("ticketCount")
        self.issue_button = QPushButton(self.tr("Issue ticket…"), self)
        self.issue_button.setObjectName("issueTicket")
        self.issue_button.clicked.connect(self.issue)
        filters = QHBoxLayout()
        filters.addWidget(self.project_filter)
        filters.addWidget(self.state_filter)
        filters.addWidget(self.expiring)
        filters.addStretch(1)
        filters.addWidget(self.count)
        filters.addWidget(self.issue_button)

        self.all_rows: list[TicketSummary] = []
        self.model = RowsModel(
            COLUMNS, self, foreground=_foreground, background=_background, icon=_icon
        )
        self.table = list_table(self.model, self, "ticketTable", alternating=False)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(4, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.table.activated.connect(self._open_household)  # double-click or Enter

        self.detail = QTextBrowser(self)
        self.detail.setObjectName("ticketDetail")
        self.redeem_button = QPushButton(self.tr("Redeem for a home…"), self)
        self.redeem_button.setObjectName("redeemTicket")
        self.redeem_button.clicked.connect(self.redeem)
        self.buyback_button = QPushButton(self.tr("Buy back the balance"), self)
        self.buyback_button.setObjectName("buyBack")
        self.buyback_button.clicked.connect(lambda: self.ask_settle("buyback"))
        self.refund_button = QPushButton(self.tr("Refund the balance"), self)
        self.refund_button.setObjectName("refund")
        self.refund_button.clicked.connect(lambda: self.ask_settle("refund"))
        self.error = error_label(self)
        actions = QHBoxLayout()
        actions.addWidget(self.redeem_button)
        actions.addWidget(self.buyback_button)
        actions.addWidget(self.refund_button)
        actions.addStretch(1)
        right = QWidget(self)
        side = QVBoxLayout(right)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.detail, 1)
        side.addLayout(actions)
        side.addWidget(self.error)

        left = QWidget(self)
        box = QVBoxLayout(left)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(filters)
        box.addWidget(self.table, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        self.reloader = ReloadOnChange(
            self, ctx.bus, self.reload, ("house_ticket", "ticket_use", "household", "project")
        )
        self._enable()
        self._load_projects()
        self.reload()

    # page protocol --------------------------------------------------------------------------
    def activated(self) -> None:
        self.reloader.activated()

    def show_expiring(self) -> None:
        self.state_filter.setCurrentIndex(0)
        self.expiring.setChecked(True)

    # loading --------------------------------------------------------------------------------
    def _load_projects(self) -> None:
        ws = self.ctx.ws
        self.ctx.tasks.run(
            lambda: ui_support.list_projects(ws),
            lambda found: fill_combo(
                self.project_filter,
                self.tr("All projects"),
                [(p["id"], p["name"]) for p in found],
            ),
        )

    def reload(self) -> None:
        ws, project, day = self.ctx.ws, self.project_filter.currentData(), formatting.today()
        self.ctx.tasks.run(
            lambda: tickets.list_tickets(ws, project_id=project, today=day),
            self._loaded,
            key="tickets-page",
        )

    def _loaded(self, rows: list[TicketSummary]) -> None:
        self.all_rows = rows
        self._fill()

    def _fill(self) -> None:
        state = self.state_filter.currentData()
        rows = [
            t
            for t in self.all_rows
            if (state is None or t.state == state)
            and (not self.expiring.isChecked() or expiring_soon(t))
        ]
        keep = self._want or (self.current.id if self.current else None)
        self._want = None
        self.model.set_rows(rows)
        soon = sum(1 for t in self.all_rows if expiring_soon(t))
        self.count.setText(
            self.tr("%1 tickets, %2 expiring within 30 days")
            .replace("%1", str(len(rows)))
            .replace("%2", str(soon))
        )
        if not self._sized and rows:
            self._sized = True
            self.table.resizeColumnsToContents()
            for column in range(self.model.columnCount()):
                width = self.table.columnWidth(column) + 12
                # the ticket number whole with its warning sign, up to where a 40-character
                # one pushed the balance and state off the screen (its tooltip is whole); the
                # household with a 4-character estate beside its room ("长江一村1-1-402")
                most = CONTENT_COLUMN_MAX if column == 0 else 180 if column == 1 else 130
                self.table.setColumnWidth(column, min(width, most))
        found = [i for i, t in enumerate(self.model.rows) if t.id == keep] or [0]
        if self.model.rows:
            self.table.selectRow(found[0])
            self._show_detail(self.model.rows[found[0]])
        else:
            self._show_detail(None)

    # detail ---------------------------------------------------------------------------------
    def _selected(self, _s: QItemSelection, _d: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        self._show_detail(self.model.row(rows[0].row()) if rows else None)

    def select_ticket(self, ticket_id: str) -> None:
        for i, t in enumerate(self.model.rows):
            if t.id == ticket_id:
                self.table.selectRow(i)
                return

    def _show_detail(self, t: TicketSummary | None) -> None:
        self.current = t
        set_error(self.error, "")
        self._enable()
        if t is None:
            self.detail.setHtml("")
            return
        e = html.escape
        # values standing alone beside their labels: "Not transferable", "Within 3 months+20%"
        transferable = i18n.heading(
            self.tr("transferable") if t.transferable else self.tr("not transferable")
        )
        facts = [
            (i18n.field_label("house_ticket", "face_amount"), money_text(t.face_amount)),
            (self.tr("Balance (yuan)"), money_text(t.balance)),
            (self.tr("Redeemed (yuan)"), money_text(t.redeemed)),
            (self.tr("Bonus paid (yuan)"), money_text(t.bonus_paid)),
            (self.tr("Bought back (yuan)"), money_text(t.bought_back)),
            (self.tr("Refunded (yuan)"), money_text(t.refunded)),
            (self.tr("Paid out in all (yuan)"), money_text(t.total_paid)),
            (
                i18n.field_label("house_ticket", "valid_until"),
                domain_i18n.bracketed(t.valid_until.isoformat(), _days_left(t)),
            ),
            (
                i18n.field_label("house_ticket", "bonus_tiers"),
                i18n.heading(tiers_text(t.tiers, i18n.lang())),
            ),
            (i18n.field_label("house_ticket", "transferable"), transferable),
        ]
        heading = f"{t.number} · {_title(t)} · {i18n.choice(TICKET_STATES, t.state)}"
        parts = [f"<h3>{e(heading)}</h3><table>"]
        for label, value in facts:
            parts.append(
                f"<tr><td style='color:#5f6368; padding-right:10px'>{e(label)}</td>"
                f"<td>{e(value)}</td></tr>"
            )
        parts.append("</table>")
        if t.overdrawn > 0:
            warning = self.tr(
                "Uses recorded on different computers add up to %1 yuan more than the face amount."
            ).replace("%1", money_text(t.overdrawn))
            parts.append(f"<p style='color:{OVERDUE_FG.name()}'>⚠ {e(warning)}</p>")
        if t.uses:
            headers = [
                i18n.field_label("ticket_use", "used_on"),
                i18n.field_label("ticket_use", "kind"),
                i18n.field_label("ticket_use", "amount"),
                i18n.field_label("ticket_use", "bonus_pct"),
                i18n.field_label("ticket_use", "bonus_amount"),
                i18n.field_label("ticket_use", "development"),
                i18n.field_label("ticket_use", "contract_number"),
            ]
            uses_heading = self.tr("Uses")
            parts.append(f"<h4>{e(uses_heading)}</h4><table cellpadding='3' border='1'")
            parts.append(" style='border-collapse: collapse'><tr>")
            parts += [f"<th>{e(h)}</th>" for h in headers]
            parts.append("</tr>")
            for use in t.uses:
                cells = [
                    use.used_on.isoformat(),
                    i18n.choice(TICKET_USE_KINDS, use.kind),
                    money_text(use.amount),
                    f"{use.bonus_pct.normalize():f}%",
                    money_text(use.bonus_amount),
                    use.development or "",
                    use.contract_number or "",
                ]
                parts.append("<tr>" + "".join(f"<td>{e(c)}</td>" for c in cells) + "</tr>")
            parts.append("</table>")
        self.detail.setHtml("".join(parts))

    def _enable(self) -> None:
        t = self.current
        open_ = t is not None and t.state in ("active", "expired") and t.balance > 0
        self.redeem_button.setEnabled(open_)
        self.buyback_button.setEnabled(open_)
        self.refund_button.setEnabled(open_)

    # actions --------------------------------------------------------------------------------
    def issue(self) -> IssueTicketDialog:
        dialog = IssueTicketDialog(self.ctx, self)
        dialog.issued.connect(self._after_issue)
        dialog.open()
        return dialog

    def _after_issue(self, ticket_id: str) -> None:
        self._want = ticket_id  # selected when the reload the change caused arrives

    def redeem(self) -> RedeemDialog | None:
        if self.current is None:
            return None
        dialog = RedeemDialog(self.ctx, self.current, self)
        dialog.open()
        return dialog

    def ask_settle(self, kind: str) -> QMessageBox | None:
        t = self.current
        if t is None:
            return None
        if kind == "buyback":
            question = self.tr("Buy back the remaining %1 yuan of ticket %2? The ticket closes.")
        else:
            question = self.tr("Refund the remaining %1 yuan of ticket %2? The ticket closes.")
        box = QMessageBox(self)
        box.setObjectName("settleConfirm")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(i18n.choice(TICKET_USE_KINDS, kind))
        box.setText(question.replace("%1", money_text(t.balance)).replace("%2", t.number))
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)

        def clicked(button: QAbstractButton) -> None:
            if box.standardButton(button) == QMessageBox.StandardButton.Yes:
                self.settle(kind, t.id)

        box.buttonClicked.connect(clicked)
        self.confirm_box = box
        box.open()
        return box

    def settle(self, kind: str, ticket_id: str) -> None:
        ws, day = self.ctx.ws, formatting.today()
        set_error(self.error, "")
        action = tickets.buy_back if kind == "buyback" else tickets.refund

        self.ctx.tasks.run(
            lambda: action(ws, ticket_id, on=day),
            lambda use_id: self.ctx.notify("ticket_use", str(use_id)),
            lambda exc: show_refusal(self.error, exc),
            parent=self,
        )

    def _open_household(self, index: QModelIndex) -> None:
        t = self.model.row(index.row())
        if t is not None:
            self.ctx.bus.open_household.emit(t.household_id)

    def rows(self) -> list[dict[str, str]]:
        """The shown rows as text (for tests and for copying)."""
        return self.model.texts()


register_page(
    PageSpec(
        key="tickets",
        title=lambda: QCoreApplication.translate("ResettlementPages", "House tickets"),
        icon=QStyle.StandardPixmap.SP_FileDialogListView,
        factory=TicketsPage,
        order=44,
        badge=expiring_count,
        shortcut="Ctrl+9",
    )
)
