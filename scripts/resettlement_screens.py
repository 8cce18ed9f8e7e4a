"""Screenshots of the resettlement and dispatch pages (today, dashboard, project ranking, house
tickets, flats) with the demo data set — which holds house tickets and flats (services.demo) —
for the README (docs/img/screen-dashboard.png, docs/img/screen-today.png, and the others with
--all); with --household, a household's 安置 tab and its edit dialog (docs/img/
screen-household-resettlement.png; screen-household-edit.png with a wrong ID check digit and an
impossible date refused under their fields; screen-household-edit-masked.png as it opens;
screen-household-member.png, screen-household-choose-flat.png).

    xvfb-run -a -s "-screen 0 1440x960x24" .venv/bin/python scripts/resettlement_screens.py [--all]
    xvfb-run -a -s "-screen 0 1440x960x24" .venv/bin/python scripts/resettlement_screens.py \
        --household --no-dispatch
"""

from __future__ import annotations

import argparse
from pathlib import Path

import shots


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=shots.OUT)
    parser.add_argument("--households", type=int, default=300)
    parser.add_argument("--language", default="zh")
    parser.add_argument("--all", action="store_true", help="also ranking, tickets and flats")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--household", action="store_true", help="the household page shots")
    parser.add_argument("--no-dispatch", action="store_true", help="skip dashboard and today")
    args = parser.parse_args()

    data_dir, ws, loaded = shots.demo_workspace(
        "doorstep-shots-", args.households, "区征收办-台式机", role="hub"
    )
    print(loaded.to_dict())
    # a household with a ticket that was used and a flat (a mixed compensation, at best)
    shown_household = ws.read(
        lambda db: db.conn.execute(
            "SELECT h.id FROM households h JOIN house_tickets t ON t.household_id = h.id"
            " LEFT JOIN flats f ON f.household_id = h.id"
            " LEFT JOIN ticket_uses u ON u.ticket_id = t.id"
            " ORDER BY f.id IS NULL, u.id IS NULL, h.compensation_mode != 'mixed', h.address"
            " LIMIT 1"
        ).fetchone()
    )
    ws.close()
    screens = shots.Screens(data_dir, out=args.out, language=args.language, scale=args.scale)
    settle, grab = screens.settle, screens.grab

    window = screens.main_window(1440, 940)
    settle(800)
    window.refresh_badges()
    if not args.no_dispatch:
        window.show_page("dashboard")
        settle(800)
        grab(window, "dashboard")
        from ui.pages.today import TodayPage

        today_page = shots.show_page(window, "today", TodayPage)
        settle()
        # the caseworker whose list shows the most kinds of item (visits, requests, tickets…)
        rows = today_page.summary_model.rows
        kinds = ("visit", "request", "ticket", "statutory")
        best = max(rows, key=lambda r: (sum(1 for k in kinds if r.counts[k]), r.counts["total"]))
        today_page.set_filter(caseworker=best.value)
        settle()
        grab(window, "today")
    if args.household and shown_household:
        from ui.household_edit import (
            ChooseFlatDialog,
            DateEditor,
            HouseholdEditDialog,
            LineEditor,
            MemberDialog,
            SensitiveEditor,
        )
        from ui.pages.households import HouseholdsPage

        households_page = shots.show_page(window, "households", HouseholdsPage)
        settle()
        households_page.show_household(shown_household[0])
        settle()
        view = households_page.view
        view.tabs.setCurrentIndex(view.tabs.indexOf(view.resettlement))
        grab(window, "household-resettlement")
        view.tabs.setCurrentIndex(0)
        view.edit_household()
        settle()
        edit = shots.typed(view.last_dialog, HouseholdEditDialog)
        grab(edit, "household-edit-masked")
        head_id = shots.typed(edit.form.editors["head_id_number"], SensitiveEditor)
        head_id.reveal()  # recorded as a reveal event, as when a person clicks 修改
        settle()
        number = head_id.line.text()
        head_id.line.setText(number[:-1] + ("1" if number[-1:] != "1" else "2"))  # bad check
        shots.typed(edit.form.editors["measured_area"], LineEditor).line.setText("86.5")
        shots.typed(edit.form.editors["signed_on"], DateEditor).line.setText("2026-02-30")
        edit.submit()
        settle()
        grab(edit, "household-edit")
        edit.reject()
        view.members_table.selectRow(0)
        member = shots.typed(view.edit_member(), MemberDialog)
        settle()
        grab(member, "household-member")
        member.reject()
        choose = shots.typed(view.resettlement.allocate_flat(), ChooseFlatDialog)
        settle()
        grab(choose, "household-choose-flat")
        choose.reject()
    if args.all:
        for key in ("ranking", "tickets", "flats"):
            window.show_page(key)
            settle()
            grab(window, key)
        from ui.dialogs.records import RecordsDialog
        from ui.dialogs.tickets import RedeemDialog
        from ui.pages.dashboard import DashboardPage
        from ui.pages.tickets import TicketsPage

        dashboard = shots.show_page(window, "dashboard", DashboardPage)
        settle()
        dashboard.tiles["signed"].click()
        settle()
        records = shots.typed(dashboard.last_dialog, RecordsDialog)
        grab(records, "records")
        records.close()
        tickets_page = shots.show_page(window, "tickets", TicketsPage)
        settle()
        active = [i for i, t in enumerate(tickets_page.model.rows) if t.balance > 0]
        tickets_page.table.selectRow(active[-1])
        dialog = shots.typed(tickets_page.redeem(), RedeemDialog)
        ticket = tickets_page.current
        assert ticket is not None  # the row just selected
        dialog.amount.setText(f"{float(ticket.balance) / 2:.2f}")
        dialog.update_preview()
        settle()
        grab(dialog, "redeem")
        dialog.amount.setText(f"{float(ticket.balance) * 2:.2f}")
        dialog.update_preview()
        settle()
        grab(dialog, "redeem-refused")
        dialog.close()
    screens.close(window)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
