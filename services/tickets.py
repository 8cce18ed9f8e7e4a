"""House tickets (房票): issuing, redeeming with the bonus of the day, buy-back and refund of the
remainder, one ticket's summary and the expiring-soon list.

The arithmetic and the refusals are domain.tickets (see its docstring for how the bonus works);
this module reads the ticket and its uses, asks the domain for the use to record, and writes it
with the ticket's new stored state in one commit.

Bonus tiers are fixed on the ticket when it is issued (the `bonus_tiers` field): given
explicitly, else the project's shared setting ("ticket_bonus_tiers:<project id>"), else the
district's ("ticket_bonus_tiers"), else domain.tickets.DEFAULT_TIERS (+20 % within 3 months,
+16 % months 4–6, +12 % months 7–18). Changing a setting later does not change tickets already
issued — the household was promised the terms printed on its ticket.

The stored `state` is kept for lists and other laptops (active / used_up / bought_back /
refunded); "expired" depends on the day, so `ticket_summary` derives the state for `today`.
Two laptops redeeming the same ticket offline both keep their use (nothing is lost); if together
they exceed the face amount the summary says so (`overdrawn`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import sqlite_utils

from domain import tickets as rules
from domain.errors import Label, UserError
from domain.records import HOUSE_TICKET
from domain.tickets import BonusTier, TicketTerms
from services import figures
from services.projects import set_shared_setting, shared_setting
from services.sql import equal_filters
from services.workspace import Workspace
from storage.oplog import Draft

TIERS_SETTING = "ticket_bonus_tiers"


def _tiers_key(project_id: str | None) -> str:
    return f"{TIERS_SETTING}:{project_id}" if project_id else TIERS_SETTING


def bonus_tiers_for(ws: Workspace, project_id: str | None = None) -> tuple[BonusTier, ...]:
    """The tiers a new ticket of this project gets (project setting, district setting, default)."""
    for key in (_tiers_key(project_id), TIERS_SETTING) if project_id else (TIERS_SETTING,):
        stored = shared_setting(ws, key)
        if stored is not None:
            return rules.parse_tiers(stored)
    return rules.DEFAULT_TIERS


def set_bonus_tiers(
    ws: Workspace,
    tiers: Sequence[BonusTier] | str | list[dict[str, Any]],
    project_id: str | None = None,
) -> tuple[BonusTier, ...]:
    """Set the tiers for new tickets of a project (or the district default when no project)."""
    parsed = _as_tiers(tiers)
    if project_id:
        ws.get("project", project_id)
    set_shared_setting(ws, _tiers_key(project_id), rules.tiers_to_json(parsed))
    return parsed


def _as_tiers(value: Sequence[BonusTier] | str | list[dict[str, Any]]) -> tuple[BonusTier, ...]:
    """Tiers given as BonusTier objects, as JSON text or as a list of {"months", "pct"}."""
    if isinstance(value, tuple | list) and value and all(isinstance(v, BonusTier) for v in value):
        return tuple(v for v in value if isinstance(v, BonusTier))
    return rules.parse_tiers(value)


@dataclass(frozen=True)
class UseRow:
    id: str
    kind: str  # redemption | buyback | refund
    used_on: dt.date
    amount: Decimal  # principal taken from the ticket (yuan)
    bonus_pct: Decimal
    bonus_amount: Decimal
    development: str | None = None
    contract_number: str | None = None

    @property
    def paid(self) -> Decimal:
        """What this use pays out: principal + bonus."""
        return self.amount + self.bonus_amount


@dataclass(frozen=True)
class TicketSummary:
    id: str
    number: str
    household_id: str
    project_id: str | None
    head_name: str
    address: str
    caseworker: str | None
    sub_district: str | None
    face_amount: Decimal
    issued_on: dt.date
    valid_until: dt.date
    transferable: bool
    tiers: tuple[BonusTier, ...]
    tiers_text: str
    redeemed: Decimal  # principal used for flats
    bonus_paid: Decimal
    bought_back: Decimal
    refunded: Decimal
    balance: Decimal  # face − redeemed − bought back − refunded, never below 0
    total_paid: Decimal  # redeemed + bonus + bought back + refunded
    state: str  # derived for `as_of`: active | used_up | bought_back | refunded | expired
    stored_state: str | None
    as_of: dt.date
    days_left: int  # days from as_of to valid_until (negative once expired)
    bonus_pct_today: Decimal  # the tier percentage a redemption on as_of would get
    overdrawn: Decimal = Decimal(0)  # > 0 when merged offline redemptions exceed the face
    uses: list[UseRow] = field(default_factory=list)


def _yuan(fen: int) -> Decimal:
    return rules.fen_to_yuan(fen)


def _ticket_row(db: sqlite_utils.Database, ticket_id: str) -> dict[str, Any] | None:
    rows = list(
        db.query(
            "SELECT t.*, h.head_name, h.address, h.caseworker, h.sub_district AS h_sub_district"
            " FROM house_tickets t LEFT JOIN households h ON h.id = t.household_id"
            " WHERE t.id = ?",
            [ticket_id],
        )
    )
    return rows[0] if rows else None


def _use_rows(db: sqlite_utils.Database, ticket_id: str) -> list[dict[str, Any]]:
    return list(
        db.query(
            "SELECT * FROM ticket_uses WHERE ticket_id = ? AND _deleted = 0"
            " ORDER BY used_on, _created_hlc",
            [ticket_id],
        )
    )


def _load(ws: Workspace, ticket_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    ws.get("house_ticket", ticket_id)  # not found / deleted → UserError

    def read(db: sqlite_utils.Database) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        row = _ticket_row(db, ticket_id)
        assert row is not None
        return row, _use_rows(db, ticket_id)

    return ws.read(read)


def _summary(row: dict[str, Any], uses: list[dict[str, Any]], as_of: dt.date) -> TicketSummary:
    terms = figures.ticket_terms(row)
    book = rules.ledger(terms, figures.ticket_uses(uses), as_of)
    return TicketSummary(
        id=row["id"],
        number=row["number"],
        household_id=row["household_id"],
        project_id=row.get("project_id"),
        head_name=row.get("head_name") or "",
        address=row.get("address") or "",
        caseworker=row.get("caseworker"),
        sub_district=row.get("h_sub_district"),
        face_amount=_yuan(terms.face_fen),
        issued_on=terms.issued_on,
        valid_until=terms.valid_until,
        transferable=bool(row.get("transferable")),
        tiers=terms.tiers,
        tiers_text=rules.tiers_text(terms.tiers),
        redeemed=_yuan(book.redeemed_fen),
        bonus_paid=_yuan(book.bonus_fen),
        bought_back=_yuan(book.bought_back_fen),
        refunded=_yuan(book.refunded_fen),
        balance=_yuan(book.balance_fen),
        total_paid=_yuan(book.paid_fen),
        state=book.state,
        stored_state=row.get("state"),
        as_of=as_of,
        days_left=(terms.valid_until - as_of).days,
        bonus_pct_today=(
            rules.bonus_pct_on(terms.tiers, terms.issued_on, as_of)
            if as_of <= terms.valid_until
            else Decimal(0)
        ),
        overdrawn=_yuan(book.overdrawn_fen),
        uses=[
            UseRow(
                id=use["id"],
                kind=use["kind"],
                used_on=figures.as_date(use["used_on"]) or terms.issued_on,
                amount=figures.money(use.get("amount")),
                bonus_pct=Decimal(str(use.get("bonus_pct") or 0)),
                bonus_amount=figures.money(use.get("bonus_amount")),
                development=use.get("development"),
                contract_number=use.get("contract_number"),
            )
            for use in uses
        ],
    )


def _date(value: dt.date | str | None, default: dt.date | None = None) -> dt.date:
    if value is None:
        return default or dt.date.today()
    if isinstance(value, dt.date):
        return value
    found = figures.as_date(value)
    if found is None:
        raise UserError("bad_date", field=_issued_label())
    return found


def _issued_label() -> Label:
    spec = HOUSE_TICKET.field("issued_on")
    return Label(spec.zh, spec.en)


def issue_ticket(
    ws: Workspace,
    household_id: str,
    *,
    number: str,
    face_amount: Decimal | int | float | str,
    issued_on: dt.date | str | None = None,
    valid_until: dt.date | str | None = None,
    bonus_tiers: Sequence[BonusTier] | str | list[dict[str, Any]] | None = None,
    transferable: bool = False,
) -> str:
    """Issue a ticket to a household; valid_until defaults to the last day of month 18."""
    household = ws.get("household", ws.resolve_id("household", household_id))
    issued = _date(issued_on)
    until = _date(valid_until, rules.default_valid_until(issued))
    if bonus_tiers is None:
        tiers = bonus_tiers_for(ws, household["project_id"])
    else:
        tiers = _as_tiers(bonus_tiers)
    terms = TicketTerms(rules.to_fen(face_amount), issued, until, tiers)
    rules.check_terms(terms)
    number = number.strip()
    if _number_taken(ws, number):
        raise UserError("ticket_number_taken", number=number)
    return ws.create(
        "house_ticket",
        {
            "household_id": household["id"],
            "project_id": household["project_id"],
            "number": number,
            "face_amount": float(_yuan(terms.face_fen)),
            "issued_on": issued.isoformat(),
            "valid_until": until.isoformat(),
            "bonus_tiers": rules.tiers_to_json(tiers),
            "transferable": transferable,
            "state": "active",
        },
    )


def _number_taken(ws: Workspace, number: str) -> bool:
    return ws.read(
        lambda db: (
            db.conn.execute(
                "SELECT 1 FROM house_tickets WHERE number = ? AND _deleted = 0", (number,)
            ).fetchone()
            is not None
        )
    )


def _record_use(
    ws: Workspace,
    row: dict[str, Any],
    uses: list[dict[str, Any]],
    use: rules.Use,
    extra: dict[str, Any],
) -> str:
    terms = figures.ticket_terms(row)
    after = rules.ledger(terms, [*figures.ticket_uses(uses), use], use.used_on)
    use_id, drafts = ws.create_drafts(
        "ticket_use",
        {
            "ticket_id": row["id"],
            "kind": use.kind,
            "amount": float(_yuan(use.principal_fen)),
            "bonus_pct": float(use.bonus_pct),
            "bonus_amount": float(_yuan(use.bonus_fen)),
            "used_on": use.used_on.isoformat(),
            **{k: v for k, v in extra.items() if v},
        },
    )
    stored = after.state if after.state != "expired" else "active"
    if stored != row.get("state"):
        drafts.append(Draft("set", "house_ticket", row["id"], "state", stored))
    ws.commit(drafts)
    return use_id


def redeem(
    ws: Workspace,
    ticket_id: str,
    amount: Decimal | int | float | str,
    *,
    used_on: dt.date | str | None = None,
    development: str | None = None,
    contract_number: str | None = None,
) -> str:
    """Use `amount` yuan of the ticket to buy a home; the bonus of that date is added on top.
    Refused above the balance, after valid_until, before issue, or on a settled ticket."""
    row, uses = _load(ws, ticket_id)
    terms = figures.ticket_terms(row)
    use = rules.plan_redemption(
        terms, figures.ticket_uses(uses), rules.to_fen(amount), _date(used_on)
    )
    return _record_use(
        ws, row, uses, use, {"development": development, "contract_number": contract_number}
    )


def buy_back(ws: Workspace, ticket_id: str, *, on: dt.date | str | None = None) -> str:
    """The district buys back the whole remaining balance (no bonus); the ticket closes."""
    return _settle(ws, ticket_id, rules.BUYBACK, on)


def refund(ws: Workspace, ticket_id: str, *, on: dt.date | str | None = None) -> str:
    """The remaining balance is refunded as money (no bonus); the ticket closes."""
    return _settle(ws, ticket_id, rules.REFUND, on)


def _settle(ws: Workspace, ticket_id: str, kind: str, on: dt.date | str | None) -> str:
    row, uses = _load(ws, ticket_id)
    terms = figures.ticket_terms(row)
    use = rules.plan_settlement(terms, figures.ticket_uses(uses), kind, _date(on))
    return _record_use(ws, row, uses, use, {})


def ticket_summary(ws: Workspace, ticket_id: str, *, today: dt.date | None = None) -> TicketSummary:
    row, uses = _load(ws, ticket_id)
    return _summary(row, uses, today or dt.date.today())


def list_tickets(
    ws: Workspace,
    *,
    household_id: str | None = None,
    project_id: str | None = None,
    sub_district: str | None = None,
    caseworker: str | None = None,
    today: dt.date | None = None,
    valid_until_by: dt.date | None = None,
) -> list[TicketSummary]:
    """Tickets (not deleted) with their summaries, soonest expiry first; with `valid_until_by`
    only those valid until that day at the latest (the summaries are the costly part)."""
    as_of = today or dt.date.today()

    def read(db: sqlite_utils.Database) -> list[TicketSummary]:
        sql = (
            "SELECT t.*, h.head_name, h.address, h.caseworker, h.sub_district AS h_sub_district"
            " FROM house_tickets t LEFT JOIN households h ON h.id = t.household_id"
            " WHERE t._deleted = 0"
        )
        where, args = equal_filters(
            ("t.household_id", household_id),
            ("coalesce(t.project_id, h.project_id)", project_id),
            ("h.sub_district", sub_district),
            ("h.caseworker", caseworker),
        )
        if valid_until_by is not None:
            where += " AND t.valid_until <= ?"
            args = [*args, valid_until_by.isoformat()]
        rows = list(db.query(sql + where + " ORDER BY t.valid_until, t.number", args))
        uses: dict[str, list[dict[str, Any]]] = {row["id"]: [] for row in rows}
        for use in db.query(
            "SELECT * FROM ticket_uses WHERE _deleted = 0 ORDER BY used_on, _created_hlc"
        ):
            if use["ticket_id"] in uses:
                uses[use["ticket_id"]].append(use)
        return [_summary(row, uses[row["id"]], as_of) for row in rows]

    return ws.read(read)


def expiring_within(
    ws: Workspace,
    days: int = 30,
    *,
    today: dt.date | None = None,
    project_id: str | None = None,
    sub_district: str | None = None,
    caseworker: str | None = None,
) -> list[TicketSummary]:
    """Active tickets with a balance whose valid_until is between today and today + days."""
    as_of = today or dt.date.today()
    try:
        horizon = as_of + dt.timedelta(days=days)
    except OverflowError:  # --days 999999999: every ticket still valid
        horizon = dt.date.max if days > 0 else dt.date.min
    return [
        summary
        for summary in list_tickets(
            ws,
            project_id=project_id,
            sub_district=sub_district,
            caseworker=caseworker,
            today=as_of,
            valid_until_by=horizon,
        )
        if summary.state == "active" and summary.balance > 0 and summary.valid_until <= horizon
    ]
