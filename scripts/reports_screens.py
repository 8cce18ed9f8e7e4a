"""Screenshots of the documents page with demo data (docs/img/screen-reports.png) and, with
--all, of the household file, the register and the Excel import dialog (to look at, not kept).

    xvfb-run -a -s "-screen 0 1440x960x24" .venv/bin/python scripts/reports_screens.py [--all]
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import shots


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=shots.OUT)
    parser.add_argument("--all", action="store_true", help="also the other screens, to look at")
    args = parser.parse_args()

    from openpyxl import Workbook

    from domain.validation import generate_resident_id
    from ui.xlsx_import_dialog import XlsxImportDialog

    data_dir, ws, _ = shots.demo_workspace("doorstep-report-shots-", 300)
    busiest = ws.read(
        lambda d: d.conn.execute(
            "SELECT h.id, h.head_name, h.address FROM households h JOIN household_summary s"
            " ON s.household_id = h.id ORDER BY s.open_requests DESC, s.visit_count DESC LIMIT 1"
        ).fetchone()
    )
    ws.close()
    screens = shots.Screens(data_dir, out=args.out, settle_ms=600)
    settle, grab = screens.settle, screens.grab
    win = screens.main_window(1440, 900)

    settle()
    from ui.reports_page import ReportsPage

    page = shots.show_page(win, "reports", ReportsPage)
    settle()
    page.kind.setCurrentIndex(page.kind.findData("weekly"))
    page.done_text.setPlainText("旺庄路南侧地块完成签约3户，累计签约率84.6%；\n召开政策宣讲会1场。")
    page.plan_text.setPlainText("加快观望户入户走访，力争新增签约2户。")
    page.difficulties_text.setPlainText("春潮花园安置房交付推迟，需区住建局明确过渡费政策。")
    page.generate()
    settle(1500)
    grab(win, "reports")
    if not args.all:
        screens.close(win)
        return 0
    hid, name, address = busiest
    page.kind.setCurrentIndex(page.kind.findData("household"))
    page.household_picker.search.setText(name[:2])
    settle(800)
    page.household_picker.set_household(hid, {"head_name": name, "address": address})
    page.generate()
    settle(1500)
    grab(win, "reports-household")
    page.kind.setCurrentIndex(page.kind.findData("requests"))
    page.generate()
    settle(1500)
    grab(win, "reports-register")
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
    dialog = XlsxImportDialog(screens.ctx, path, parent=win)
    dialog.show()
    settle(1500)
    grab(dialog, "import-dialog")
    screens.close(win)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
