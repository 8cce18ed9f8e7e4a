"""Screenshots of the main screens with demo data, for the README (docs/img/screen-*.png).

Run under a real X server so the window is drawn as a person sees it:

    xvfb-run -a -s "-screen 0 1440x960x24" .venv/bin/python scripts/screenshots.py [--scale 1.5]

It makes a demo database in a temporary data directory (services.demo), opens the main window,
walks through the households list, one household's page, the visit form and the request register,
and saves each window with QScreen.grabWindow.
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


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--households", type=int, default=300)
    parser.add_argument("--language", default="zh")
    parser.add_argument("--suffix", default="")
    parser.add_argument("--only", default="", help="take just this screen (e.g. households)")
    args = parser.parse_args()
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)

    from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QWidget

    from services import demo
    from services.workspace import Profile, Workspace
    from ui import app as ui_app
    from ui import config, i18n
    from ui.main_window import MainWindow

    data_dir = Path(tempfile.mkdtemp(prefix="doorstep-shots-"))
    db_path = data_dir / "doorstep.db"
    ws = Workspace.open(db_path)
    ws.init_profile(Profile("李明", "新吴区", "旺庄街道", "旺庄-笔记本1"))
    demo.load_demo(ws, args.households)
    ws.close()
    config.Config(data_dir).set(config.LANGUAGE, args.language)

    app = ui_app.make_application([])
    i18n.ensure_compiled()
    i18n.install(app, args.language)
    ui_app.ensure_chinese_font()
    ctx = ui_app.open_context(data_dir, db_path)

    def settle(ms: int = 400) -> None:
        ctx.tasks.wait()
        end = time.monotonic() + ms / 1000
        while time.monotonic() < end:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        ctx.tasks.wait()
        QCoreApplication.processEvents()

    def grab(widget: QWidget, name: str) -> None:
        settle()
        if QGuiApplication.platformName() == "offscreen":
            pixmap = widget.grab()  # offscreen grabWindow ignores the scale factor
        else:
            pixmap = widget.screen().grabWindow(widget.winId())
        args.out.mkdir(parents=True, exist_ok=True)
        path = args.out / f"screen-{name}{args.suffix}.png"
        pixmap.save(str(path))
        print(path, pixmap.width(), pixmap.height())

    window = MainWindow(ctx)
    window.resize(1360, 860)
    window.show()
    settle(800)
    page = window.show_page("households")
    settle()
    grab(window, "households")
    if args.only == "households":
        window.close()
        ctx.tasks.wait()
        ctx.ws.close()
        return 0

    page.table.selectRow(3)  # type: ignore[attr-defined]
    settle()
    grab(window, "household")

    view: Any = page.view  # type: ignore[attr-defined]
    view.tabs.setCurrentIndex(1)
    grab(window, "household-visits")
    view.state_combo.setCurrentIndex(view.state_combo.findData("signed"))
    view.change_state()  # refused: the sentence shows under the buttons
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

    window.show_page("requests")
    settle()
    requests_page: Any = window.widgets["requests"]
    requests_page.table.sortByColumn(7, Qt.SortOrder.AscendingOrder)  # by deadline
    settle()
    rows = requests_page.model.rows
    overdue = [i for i, r in enumerate(rows) if r.get("overdue") and r["status"] != "closed"]
    requests_page.table.selectRow(overdue[min(2, len(overdue) - 1)] if overdue else 0)
    grab(window, "requests")

    window.show_page("projects")
    grab(window, "projects")
    window.close()
    QTimer.singleShot(0, app.quit)
    ctx.tasks.wait()
    ctx.ws.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
