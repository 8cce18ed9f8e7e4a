"""Every page at 1366×768, in Chinese and in English, for the README (docs/img/page-*-zh.png,
page-*-en.png): what a caseworker sees on the common government laptop screen.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/pages_1366.py --language zh

The first window takes the screen as it would on the laptop (MainWindow.show_first); the
households page is shown with a household open.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import shots


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=shots.OUT)
    parser.add_argument("--households", type=int, default=300)
    parser.add_argument("--language", default="zh", choices=("zh", "en"))
    args = parser.parse_args()

    data_dir, ws, _ = shots.demo_workspace(f"doorstep-1366-{args.language}-", args.households)
    ws.close()
    screens = shots.Screens(
        data_dir, out=args.out, language=args.language, settle_ms=400, suffix=f"-{args.language}"
    )
    from ui.main_window import MainWindow
    from ui.pages.households import HouseholdsPage

    window = MainWindow(screens.ctx)
    window.show_first()
    screens.settle(800)
    for spec in window.specs:
        page = window.show_page(spec.key)
        screens.settle()
        if spec.key == "households":
            shots.typed(page, HouseholdsPage).table.selectRow(2)
            screens.settle()
        screens.grab(window, f"page-{spec.key}")
    screens.close(window)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
