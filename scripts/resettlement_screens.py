"""Screenshots of the resettlement and dispatch pages (today, dashboard, project ranking, house
tickets, flats) with the demo data set plus house tickets and flats, for the README
(docs/img/screen-dashboard.png, docs/img/screen-today.png, and the others with --all).

    xvfb-run -a -s "-screen 0 1440x960x24" .venv/bin/python scripts/resettlement_screens.py [--all]

services.demo has no tickets or flats yet, so `add_resettlement` issues tickets to signed
households that chose tickets, builds a flat stock in both districts, allocates flats to
households that chose a property swap and marks some of them housed — all through services, so
the figures are the ones a real database would give.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from domain.errors import UserError  # noqa: E402
from services import flats, households, tickets  # noqa: E402
from services.households import HouseholdFilter  # noqa: E402
from services.workspace import Workspace  # noqa: E402

ESTATES = {"新吴区": ("旺庄安置苑", "新华家园"), "经开区": ("华庄佳苑",)}
LAYOUTS = (("两室一厅", 78.5), ("三室一厅", 96.2), ("三室两厅", 118.0), ("一室一厅", 52.4))


def add_resettlement(ws: Workspace, today: dt.date, seed: int = 2026) -> dict[str, int]:
    """House tickets, a flat stock and allocations over an existing demo database."""
    rng = random.Random(seed)
    rows = households.list_page(ws, HouseholdFilter(), limit=1_000_000)
    signed = [h for h in (ws.get("household", r["id"]) for r in rows) if h.get("signed_on")]
    signed.sort(key=lambda h: (h.get("address") or "", h.get("head_name") or ""))  # ids vary
    made = {"tickets": 0, "redeemed": 0, "flats": 0, "allocated": 0, "housed": 0}

    stock: list[dict[str, Any]] = []
    for district, estates in ESTATES.items():
        for estate in estates:
            for building in range(1, 4):
                for floor in range(2, 12, 2):
                    for number in (1, 2):
                        layout, area = LAYOUTS[(building + floor + number) % len(LAYOUTS)]
                        stock.append(
                            {
                                "district": district,
                                "estate": estate,
                                "building": str(building),
                                "unit": "1",
                                "floor": floor,
                                "number": f"{floor}0{number}",
                                "area": area,
                                "layout": layout,
                                "ready": building != 3,
                                "delivery_date": (today + dt.timedelta(days=150)).isoformat()
                                if building == 3
                                else None,
                            }
                        )
    flat_ids = flats.add_flats(ws, [{k: v for k, v in f.items() if v is not None} for f in stock])
    made["flats"] = len(flat_ids)
    free = {
        d: [fid for fid, f in zip(flat_ids, stock, strict=True) if f["district"] == d]
        for d in ESTATES
    }

    for n, h in enumerate(signed):
        mode = h.get("compensation_mode")
        signed_on = dt.date.fromisoformat(str(h["signed_on"])[:10])
        if mode in ("ticket", "mixed"):
            face = round(float(h.get("compensation_amount") or 900_000) * 0.8, -2)
            # a few tickets issued long ago, so that some are close to expiry
            issued = signed_on if n % 6 else today - dt.timedelta(days=520 + n % 25)
            ticket_id = tickets.issue_ticket(
                ws,
                h["id"],
                number=f"FP-{issued.year}-{n + 1:04d}",
                face_amount=face,
                issued_on=issued,
                transferable=n % 4 == 0,
            )
            made["tickets"] += 1
            if n % 3 == 0:
                used_on = min(today, issued + dt.timedelta(days=40 + rng.randint(0, 90)))
                try:
                    tickets.redeem(
                        ws,
                        ticket_id,
                        round(face * rng.choice((0.5, 0.8, 1.0)), 2),
                        used_on=used_on,
                        development=rng.choice(("太湖云庐", "梁溪府", "新吴万科城")),
                        contract_number=f"WX{used_on:%Y%m%d}{n:03d}",
                    )
                    made["redeemed"] += 1
                except UserError:
                    pass
        if mode in ("swap", "mixed") and free.get(h.get("district") or ""):
            flat_id = free[h["district"]].pop(0)
            flats.allocate(ws, flat_id, h["id"], temporary=n % 9 == 0)
            made["allocated"] += 1
            if n % 2 == 0:
                housed = min(today, signed_on + dt.timedelta(days=30 + rng.randint(0, 120)))
                flats.mark_housed(ws, h["id"], housed)
                made["housed"] += 1
    return made


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
    demo.load_demo(ws, args.households)
    print(add_resettlement(ws, dt.date.today()))
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
