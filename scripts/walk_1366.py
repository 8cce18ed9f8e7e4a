"""A walk through the pages and the main dialogs at 1366×768 with the hostile path: a household
with the longest values its fields allow (a 200-character address, a 40-character emoji and
punctuation name, 4 000-character notes and request, a 40-character ticket number and estate) in
a demo database, and keys pressed before the screen caught up (Ctrl+2, a search, Enter and
Ctrl+N before the search answered). Saves docs-style PNGs to --out (not docs/img) to be looked
at, and prints whether Ctrl+N opened the visit form of the household found and any bug logged.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/walk_1366.py --language en
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

import shots

LONG = ("群众反映安置房面积不足、过渡费偏低，要求重新评估。" * 200)[:4000]
UNBROKEN = "A" * 4000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--language", default="zh", choices=("zh", "en"))
    args = parser.parse_args()
    bugs: list[str] = []

    class Catch(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.getMessage().startswith("bug"):
                bugs.append(record.getMessage())

    logging.getLogger().addHandler(Catch())

    data_dir, ws, _ = shots.demo_workspace(f"walk-{args.language}-", 120)
    from services import flats, households, requests, tickets, ui_support, visits

    project = ui_support.list_projects(ws)[0]["id"]
    hostile = households.create_household(
        ws,
        {
            "project_id": project,
            "head_name": "🏠！？" * 13,
            "address": "旺庄街道" + "长江" * 90 + "新村12栋3单元1502室",
            "caseworker": "李明",
            "notes": UNBROKEN,
            "approved_use": "住宅",
        },
    )
    ws.create("member", {"household_id": hostile, "name": "！" * 40, "relation": "子"})
    requests.add_request(
        ws,
        {
            "household_id": hostile,
            "project_id": project,
            "received_on": "2026-11-01",
            "category": "amount",
            "deadline": "2026-11-16",
            "summary": LONG,
        },
    )
    visits.add_visit(
        ws,
        hostile,
        {"visited_on": "2026-10-01", "explained": UNBROKEN, "next_visit_due": "2026-11-20"},
    )
    tickets.issue_ticket(
        ws, hostile, number="Z" * 40, face_amount=999_999_999, valid_until="2026-12-20"
    )
    flat = flats.add_flat(
        ws, {"estate": "安" * 40, "building": "1", "number": "9" * 10, "district": "新吴区"}
    )
    flats.allocate(ws, flat, hostile)
    ws.close()

    screens = shots.Screens(
        data_dir, out=args.out, language=args.language, settle_ms=300, suffix=f"-{args.language}"
    )
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QDialog

    from ui.main_window import MainWindow

    window = MainWindow(screens.ctx)
    window.show_first()
    # keys before anything answered: the households page, a search, Enter, Ctrl+N
    from PySide6.QtGui import QAction

    actions = {a.shortcut().toString(): a for a in window.findChildren(QAction)}
    actions["Ctrl+2"].trigger()  # the keys' actions: xvfb has no window manager to activate
    from ui.pages.dashboard import DashboardPage
    from ui.pages.flats import FlatsPage
    from ui.pages.households import HouseholdsPage
    from ui.pages.tickets import TicketsPage

    page = shots.typed(window.page("households"), HouseholdsPage)
    event = QInputMethodEvent("", [])
    event.setCommitString("🏠")
    QApplication.sendEvent(page.search, event)
    QTest.keyClick(page.search, Qt.Key.Key_Return)
    actions["Ctrl+N"].trigger()
    screens.settle(800)
    forms = list(window.visit_forms.values())
    print(
        "visit forms after early Ctrl+N:",
        len(forms),
        "household:",
        page.current_household() == hostile,
    )
    for form in forms:
        screens.grab(form, "walk-visit-form-early")
        form.discard_draft()
        form.close()
    screens.grab(window, "walk-households-hostile")
    view = page.view
    for index, name in ((1, "visits"), (2, "requests"), (4, "history"), (5, "housing")):
        view.tabs.setCurrentIndex(index)
        screens.grab(window, f"walk-household-{name}")
    view.tabs.setCurrentIndex(0)
    for key in ("today", "tickets", "flats", "requests", "visits", "grid"):
        window.show_page(key)
        screens.grab(window, f"walk-page-{key}")

    def grab_dialog(name: str) -> None:
        screens.settle()
        for dialog in QApplication.topLevelWidgets():
            if isinstance(dialog, QDialog) and dialog.isVisible():
                screens.grab(dialog, f"walk-dialog-{name}")
                dialog.close()

    window.show_page("households")
    page.show_household(hostile)
    screens.settle()
    view.edit_household()
    grab_dialog("edit-household")
    view.log_request()
    grab_dialog("log-request")
    view.add_member()
    grab_dialog("member")
    page.new_household()
    grab_dialog("new-household")
    tickets_page = shots.show_page(window, "tickets", TicketsPage)
    screens.settle()
    tickets_page.issue()
    grab_dialog("issue-ticket")
    for row, t in enumerate(tickets_page.model.rows):
        if t.household_id == hostile:
            tickets_page.table.selectRow(row)
    screens.settle()
    tickets_page.redeem()
    grab_dialog("redeem")
    flats_page = shots.show_page(window, "flats", FlatsPage)
    screens.settle()
    for row, f in enumerate(flats_page.model.rows):
        if f.get("state") == "free":
            flats_page.table.selectRow(row)
            break
    screens.settle()
    flats_page.allocate()
    grab_dialog("allocate")
    window.show_page("households")
    page.show_household(hostile)
    screens.settle()
    view.delete_household()
    grab_dialog("delete-household")
    dashboard = shots.show_page(window, "dashboard", DashboardPage)
    screens.settle()
    dashboard.tiles["households_total"].click()
    grab_dialog("figure-list")
    for key in ("projects", "ranking", "dashboard", "policies", "reports", "sync"):
        window.show_page(key)
        screens.grab(window, f"walk-page-{key}")
    from ui.settings_dialog import SettingsDialog

    settings = SettingsDialog(screens.ctx, window)
    settings.show()
    screens.grab(settings, "walk-dialog-settings")
    password = settings.change_password()
    screens.grab(password, "walk-dialog-password")
    password.close()
    settings.close()
    print("bugs:", bugs)
    screens.close(window)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
