"""Screenshots of the resettlement and dispatch pages (today, dashboard, project ranking, house
tickets, flats) with the demo data set — which holds house tickets and flats (services.demo) —
for the README (docs/img/screen-dashboard.png, docs/img/screen-today.png, and the others with
--all).

    xvfb-run -a -s "-screen 0 1440x960x24" .venv/bin/python scripts/resettlement_screens.py [--all]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from services.workspace import Workspace  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    parser.add_argument("--households", type=int, default=300)
    parser.add_argument("--language", default="zh")
    parser.add_argument("--all", action="store_true", help="also ranking, tickets and flats")
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)

    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QWidget

    from services import demo
    from services.workspace import Profile
    from ui import app as ui_app
    from ui import config, i18n
    from ui.main_window import MainWindow

    data_dir = Path(tempfile.mkdtemp(prefix="doorstep-shots-"))
    db_path = data_dir / "doorstep.db"
    ws = Workspace.open(db_path)
    ws.init_profile(Profile("李明", "新吴区", "旺庄街道", "区征收办-台式机", role="hub"))
    print(demo.load_demo(ws, args.households).to_dict())
    ws.close()
    config.Config(data_dir).set(config.LANGUAGE, args.language)

    app = ui_app.make_application([])
    i18n.ensure_compiled()
    i18n.install(app, args.language)
    ui_app.ensure_chinese_font()
    ctx = ui_app.open_context(data_dir, db_path)

    def settle(ms: int = 500) -> None:
        ctx.tasks.wait()
        end = time.monotonic() + ms / 1000
        while time.monotonic() < end:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        ctx.tasks.wait()
        QCoreApplication.processEvents()

    def grab(widget: QWidget, name: str) -> None:
        settle()
        if QGuiApplication.platformName() == "offscreen":
            pixmap = widget.grab()
        else:
            pixmap = widget.screen().grabWindow(widget.winId())
        args.out.mkdir(parents=True, exist_ok=True)
        path = args.out / f"screen-{name}.png"
        pixmap.save(str(path))
        print(path, pixmap.width(), pixmap.height())

    window = MainWindow(ctx)
    window.resize(1440, 940)
    window.show()
    settle(800)
    window.refresh_badges()
    window.show_page("dashboard")
    settle(800)
    grab(window, "dashboard")
    today_page: Any = window.show_page("today")
    settle()
    # the caseworker whose list shows the most kinds of item (visits, requests, tickets, steps)
    rows = today_page.summary_model.rows
    kinds = ("visit", "request", "ticket", "statutory")
    best = max(rows, key=lambda r: (sum(1 for k in kinds if r.counts[k]), r.counts["total"]))
    today_page.set_filter(caseworker=best.value)
    settle()
    grab(window, "today")
    if args.all:
        for key in ("ranking", "tickets", "flats"):
            window.show_page(key)
            settle()
            grab(window, key)
        dashboard: Any = window.show_page("dashboard")
        settle()
        dashboard.tiles["signed"].click()
        settle()
        grab(dashboard.last_dialog, "records")
        dashboard.last_dialog.close()
        tickets_page: Any = window.show_page("tickets")
        settle()
        active = [i for i, t in enumerate(tickets_page.model.rows) if t.balance > 0]
        tickets_page.table.selectRow(active[-1])
        dialog = tickets_page.redeem()
        dialog.amount.setText(f"{float(tickets_page.current.balance) / 2:.2f}")
        dialog.update_preview()
        settle()
        grab(dialog, "redeem")
        dialog.amount.setText(f"{float(tickets_page.current.balance) * 2:.2f}")
        dialog.update_preview()
        settle()
        grab(dialog, "redeem-refused")
        dialog.close()
    window.close()
    QTimer.singleShot(0, app.quit)
    ctx.tasks.wait()
    ctx.ws.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
