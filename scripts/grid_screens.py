"""The building grid (楼盘表) for the README: the page at 1 366×768 with the demo data set
(docs/img/screen-grid.png) and the first page of its printed grid (docs/img/report-grid.png,
made with pdftoppm from poppler-utils).

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/grid_screens.py
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from pathlib import Path

import shots

PROJECT = "XW-2024-003"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=shots.OUT)
    parser.add_argument("--households", type=int, default=300)
    parser.add_argument("--language", default="zh")
    parser.add_argument("--suffix", default="")
    args = parser.parse_args()

    from services import documents
    from services.documents import DocumentSpec

    data_dir, ws, _ = shots.demo_workspace("doorstep-grid-shots-", args.households)
    project = ws.read(
        lambda db: db.conn.execute("SELECT id FROM projects WHERE code = ?", [PROJECT]).fetchone()
    )[0]
    folder = Path(tempfile.mkdtemp(prefix="doorstep-grid-pdf-"))
    done = documents.generate(ws, DocumentSpec("grid", project_id=project), folder / "grid.pdf")
    ws.close()
    if shutil.which("pdftoppm"):
        stem = folder / "page"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "90", "-f", "1", "-l", "1", str(done.path), str(stem)],
            check=True,
        )
        first = next(folder.glob("page*.png"))
        args.out.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(first, args.out / f"report-grid{args.suffix}.png")
        print(args.out / f"report-grid{args.suffix}.png", done.pages, "pages")
    shutil.rmtree(folder, ignore_errors=True)

    screens = shots.Screens(data_dir, out=args.out, language=args.language, suffix=args.suffix)
    window = screens.main_window(1366, 768)
    screens.settle(800)
    from ui.pages.building_grid import BuildingGridPage

    page = shots.show_page(window, "grid", BuildingGridPage)
    screens.settle()
    page.project.setCurrentIndex(page.project.findData(project))
    screens.settle(800)
    screens.grab(window, "grid")
    screens.close(window)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
