"""Screenshots of the main screens with demo data, for the README (docs/img/screen-*.png).

Run under a real X server so the window is drawn as a person sees it:

    xvfb-run -a -s "-screen 0 1440x960x24" .venv/bin/python scripts/screenshots.py [--scale 1.5]

It makes a demo database in a temporary data directory (services.demo), opens the main window,
walks through the households list, one household's page, the visit form and the request register,
and saves each window with QScreen.grabWindow.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import shots


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=shots.OUT)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--households", type=int, default=300)
    parser.add_argument("--language", default="zh")
    parser.add_argument("--suffix", default="")
    parser.add_argument("--only", default="", help="take just this screen (e.g. households)")
    args = parser.parse_args()

    data_dir, ws, _ = shots.demo_workspace("doorstep-shots-", args.households)
    ws.close()
    screens = shots.Screens(
        data_dir,
        out=args.out,
        language=args.language,
        scale=args.scale,
        settle_ms=400,
        suffix=args.suffix,
    )
    settle, grab = screens.settle, screens.grab

    from PySide6.QtCore import Qt

    window = screens.main_window(1360, 860)
    settle(800)
    from ui.pages.households import HouseholdsPage

    page = shots.show_page(window, "households", HouseholdsPage)
    settle()
    grab(window, "households")
    if args.only == "households":
        screens.close(window)
        return 0

    page.table.selectRow(3)
    settle()
    grab(window, "household")

    view = page.view
    view.tabs.setCurrentIndex(1)
    grab(window, "household-visits")
    view.tabs.setCurrentIndex(4)
    grab(window, "household-history")
    view.tabs.setCurrentIndex(0)

    window.record_visit()
    settle()
    form = next(iter(window.visit_forms.values()))
    form.people_met.setText("户主及其妻子")
    form.explained.setPlainText("讲解了补偿方案中的货币补偿与房票两种方式，以及签约期限。")
    form.concerns.setPlainText("担心过渡期间老人就医不便，希望安置房靠近原址。")
    form.attitude.setCurrentIndex(2)
    form.next_step.setPlainText("下周带评估报告再次上门，并联系社区医生。")
    grab(form, "visit")
    form.discard_draft()  # a demo: leave no draft banner in the next screenshots
    form.close()
    settle()

    from ui.pages.requests import RequestsPage

    requests_page = shots.show_page(window, "requests", RequestsPage)
    settle()
    requests_page.table.sortByColumn(7, Qt.SortOrder.AscendingOrder)  # by deadline
    settle()
    rows = requests_page.model.rows
    overdue = [i for i, r in enumerate(rows) if r.get("overdue") and r["status"] != "closed"]
    requests_page.table.selectRow(overdue[min(2, len(overdue) - 1)] if overdue else 0)
    grab(window, "requests")

    window.show_page("projects")
    grab(window, "projects")
    screens.close(window)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
