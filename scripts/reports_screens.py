"""Screenshots of the documents page with demo data (docs/img/screen-reports.png) and, with
--all, of the household file, the register and the Excel import dialog (to look at, not kept).

    xvfb-run -a -s "-screen 0 1440x960x24" .venv/bin/python scripts/reports_screens.py [--all]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    parser.add_argument("--all", action="store_true", help="also the other screens, to look at")
    args = parser.parse_args()

    from openpyxl import Workbook
    from PySide6.QtCore import QCoreApplication, QEventLoop
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QWidget

    from domain.validation import generate_resident_id
    from services import demo
    from services.workspace import Profile, Workspace
    from ui import app as ui_app
    from ui import i18n
    from ui.main_window import MainWindow
    from ui.xlsx_import_dialog import XlsxImportDialog

    data_dir = Path(tempfile.mkdtemp(prefix="doorstep-report-shots-"))
    db = data_dir / "doorstep.db"
    ws = Workspace.open(db)
    ws.init_profile(Profile("李明", "新吴区", "旺庄街道", "旺庄-笔记本1"))
    demo.load_demo(ws, 300)
    busiest = ws.read(
        lambda d: d.conn.execute(
            "SELECT h.id, h.head_name, h.address FROM households h JOIN household_summary s"
            " ON s.household_id = h.id ORDER BY s.open_requests DESC, s.visit_count DESC LIMIT 1"
        ).fetchone()
    )
    ws.close()
    app = ui_app.make_application([])
    i18n.ensure_compiled()
    i18n.install(app, "zh")
    ui_app.ensure_chinese_font()
    ctx = ui_app.open_context(data_dir, db)
    win = MainWindow(ctx)
    win.resize(1440, 900)
    win.show()

    def settle(ms: int = 600) -> None:
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
        path = args.out / f"{name}.png"
        pixmap.save(str(path))
        print(path, pixmap.width(), pixmap.height())

    settle()
    win.show_page("reports")
    settle()
    page = win.widgets["reports"]
    page.kind.setCurrentIndex(page.kind.findData("weekly"))
    page.done_text.setPlainText("旺庄路南侧地块完成签约3户，累计签约率84.6%；\n召开政策宣讲会1场。")
    page.plan_text.setPlainText("加快观望户入户走访，力争新增签约2户。")
    page.difficulties_text.setPlainText("春潮花园安置房交付推迟，需区住建局明确过渡费政策。")
    page.generate()
    settle(1500)
    grab(win, "screen-reports")
    if not args.all:
        return 0
    hid, name, address = busiest
    page.kind.setCurrentIndex(page.kind.findData("household"))
    page.household_picker.search.setText(name[:2])
    settle(800)
    page.household_picker.set_household(hid, {"head_name": name, "address": address})
    page.generate()
    settle(1500)
    grab(win, "screen-reports-household")
    page.kind.setCurrentIndex(page.kind.findData("requests"))
    page.generate()
    settle(1500)
    grab(win, "screen-reports-register")
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "旺庄路南侧地块被征收户清单（第二批）"
    sheet.append([])
    sheet.append(["序号", "被征收人", "公民身份号码", "手机号码", "房屋坐落", "证载面积", "备注"])
    ok = [generate_resident_id("320214", dt.date(1950 + i, 3, 9), i) for i in range(8)]
    for row in (
        [1, "章国庆", ok[1], "13912345678", "旺庄路南侧新华里18号", 92.5, None],
        [
            2,
            "单美华",
            ok[2][:-1] + ("0" if ok[2][-1] != "0" else "1"),
            None,
            "新华里20号",
            70,
            None,
        ],
        [3, "解明", ok[3], None, None, 64, "地址待核"],
        [4, "仇志刚", ok[1], None, "旺庄路南侧新华里22号", 55, None],
        [5, "覃丽", ok[6], "0510-8523", "旺庄路南侧新华里26号", 61, None],
        [6, "区伟", ok[7], None, "旺庄路南侧新华里28号", 77.3, None],
    ):
        sheet.append(row)
    path = data_dir / "第二批清单.xlsx"
    book.save(path)
    dialog = XlsxImportDialog(ctx, path, parent=win)
    dialog.show()
    settle(1500)
    grab(dialog, "screen-import-dialog")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
