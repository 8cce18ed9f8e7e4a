"""The building grid (楼盘表) of a 3 000-household project: how long until it is on screen, and
the printed grid — each beside baselines measured in the same run on the same machine.

    python -m bench.bench_grid                         # 3 000 households, bench/results/grid.md
    python -m bench.bench_grid --households 500 --repeat 3 --out /tmp/g.md   # a quick look

Data: one project whose households fill walk-up buildings in three estates the way the demo data
does (services.demo.flat_in_order), with a state mix from 调查中 to 已交房, attitudes, and one
visit each whose next-visit date is past for about a sixth of them. Written through the op log.

Scenarios ("ours"), median of --repeat runs:
- load: services.building_grid.project_grid — read the rows, parse every address, arrange
  (the parse cache emptied first).
- lay out: GridCanvas.set_grid at 1 366 px wide (cell rectangles, elided names).
- paint the screen: one paint of a 1 366×768 viewport (what is visible after opening).
- open the grid = load + lay out + paint the screen: what a caseworker waits for (no address
  parsed yet); open again = the same after an edit elsewhere (parsed addresses are cached).
- paint every cell: the whole grid (all households) painted into an image.
- PDF: reports.building_grid writing the printed grid.
Baselines:
- raw SELECT: the same columns through the same (encrypted) reader connection, no parsing
  (the floor of "load").
- bare paint: QPainter filling and outlining 3 000 rectangles with two strings each, no layout.
- 3 000 QPushButtons in a QGridLayout, created, laid out and painted once (the approach the
  custom-painted widget avoids); measured --button-repeat times.
- plain PDF: a reportlab canvas drawing the same number of rectangles and strings.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("DOORSTEP_PASSWORD", "bench 2026")  # the throwaway database's password

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QRegion
from PySide6.QtWidgets import QApplication, QGridLayout, QPushButton, QWidget
from reportlab.lib.pagesizes import A3, landscape
from reportlab.pdfgen.canvas import Canvas

from bench import machine
from domain.address_parse import parse_placement
from domain.ids import uuid7
from reports import fonts
from reports.building_grid import build_building_grid
from services import building_grid, demo
from services.projects import create_project
from services.workspace import Profile, Workspace
from storage.oplog import Draft
from ui.pages.building_grid import GridCanvas

RESULTS = Path(__file__).resolve().parent / "results"
TODAY = dt.date(2026, 11, 26)
PROFILE = Profile("李明", "新吴区", "旺庄街道", "bench-grid")
ESTATES = ("春潮新村", "旺庄苑", "长江一村")
STATES = (
    ("surveyed", 10), ("negotiating", 25), ("signed", 20), ("moving", 8), ("vacated", 15),
    ("handed_over", 15), ("no_agreement", 3), ("temporary_housing", 4),
)  # fmt: skip
SCREEN = (1366, 768)


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_grid", description=__doc__)
    parser.add_argument("--households", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--button-repeat", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, default=RESULTS / "grid.md")
    return parser.parse_args(argv)


def build_database(path: Path, households: int, seed: int) -> tuple[Workspace, str, float]:
    began = time.perf_counter()
    ws = Workspace.open(path)
    ws.init_profile(PROFILE)
    project = create_project(ws, {"code": "BENCH-01", "name": "楼盘表基准地块"})
    rng = random.Random(seed)
    states, weights = zip(*STATES, strict=True)
    drafts: list[Draft] = []
    for i in range(households):
        estate = ESTATES[i % len(ESTATES)]
        building, unit, floor, position = demo.flat_in_order(i // len(ESTATES))
        state = rng.choices(states, weights)[0]
        values = {
            "project_id": project,
            "district": "新吴区",
            "sub_district": "旺庄街道",
            "building": str(building),
            "unit": str(unit),
            "room": f"{floor}{position:02d}",
            "address": f"旺庄街道{estate}{building}栋{unit}单元{floor}{position:02d}室",
            "head_name": rng.choice("王李张刘陈杨黄赵周吴") + rng.choice("伟芳娜敏静丽强磊军洋"),
            "state": state,
            "attitude": rng.choice(("agree", "undecided", "oppose")),
        }
        hid = uuid7()
        drafts.append(Draft("create", "household", hid, None, values))
        due = TODAY + dt.timedelta(days=rng.randrange(-20, 100))
        visit = {
            "household_id": hid,
            "visited_on": (TODAY - dt.timedelta(days=30)).isoformat(),
            "caseworkers": "李明",
            "explained": "补偿方案",
            "next_visit_due": due.isoformat(),
        }
        drafts.append(Draft("create", "visit", uuid7(), None, visit))
        if len(drafts) >= 4000:
            ws.commit(drafts)
            drafts = []
    if drafts:
        ws.commit(drafts)
    return ws, project, time.perf_counter() - began


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall time and median CPU time of `repeat` runs, in milliseconds. On a shared
    machine the wall time includes waiting for a core; the CPU time is the work itself."""
    walls, cpus = [], []
    for _ in range(repeat):
        began, began_cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append((time.perf_counter() - began) * 1000)
        cpus.append((time.process_time() - began_cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def raw_select(ws: Workspace, project: str) -> None:
    """The same rows through the same (encrypted) reader connection, not parsed or arranged."""
    ws.read(
        lambda db: db.conn.execute(
            "SELECT h.id, h.head_name, h.address, h.building, h.unit, h.room, h.state,"
            " h.attitude, s.next_visit_due FROM households h LEFT JOIN household_summary s"
            " ON s.household_id = h.id WHERE h.project_id = ? AND h._deleted = 0",
            [project],
        ).fetchall()
    )


def paint(widget: QWidget, rect: QRect) -> QImage:
    image = QImage(rect.width(), rect.height(), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    widget.render(painter, QPoint(0, 0), QRegion(rect))
    painter.end()
    return image


def bare_paint(cells: int) -> None:
    image = QImage(1400, 1000, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    fill = QColor("#FFD966")
    for i in range(cells):
        x, y = (i % 18) * 74, (i // 18 % 24) * 40
        rect = QRect(x + 1, y + 1, 72, 38)
        painter.setBrush(fill)
        painter.drawRect(rect)
        painter.drawText(rect.adjusted(4, 2, -4, -20), int(Qt.AlignmentFlag.AlignLeft), "501")
        painter.drawText(rect.adjusted(4, 20, -4, -2), int(Qt.AlignmentFlag.AlignLeft), "王伟")
    painter.end()


def button_grid(cells: int) -> None:
    widget = QWidget()
    layout = QGridLayout(widget)
    layout.setSpacing(1)
    for i in range(cells):
        button = QPushButton("501\n王伟", widget)
        button.setStyleSheet("background: #FFD966;")
        layout.addWidget(button, i // 18, i % 18)
    widget.resize(SCREEN[0], max(widget.sizeHint().height(), SCREEN[1]))
    widget.show()
    paint(widget, QRect(0, 0, *SCREEN))
    widget.close()
    widget.deleteLater()
    QApplication.processEvents()


def plain_pdf(out: Path, cells: int) -> None:
    fonts.ensure_fonts()
    canvas = Canvas(str(out), pagesize=landscape(A3))
    font = fonts.body_font()
    per_page = 24 * 22
    for i in range(cells):
        if i and i % per_page == 0:
            canvas.showPage()
        k = i % per_page
        x, y = 40 + (k % 24) * 42.5, 780 - (k // 24) * 27
        canvas.setFillColorRGB(1, 0.85, 0.4)
        canvas.rect(x, y, 41, 26, stroke=1, fill=1)
        canvas.setFillColorRGB(0, 0, 0)
        canvas.setFont(font, 6.5)
        canvas.drawString(x + 2, y + 18, "501")
        canvas.setFont(font, 8)
        canvas.drawString(x + 2, y + 4, "王伟")
    canvas.save()


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    folder = Path(tempfile.mkdtemp(prefix="bench-grid-"))
    load_before = os.getloadavg()[0]
    try:
        ws, project, seconds = build_database(folder / "grid.db", args.households, args.seed)
        grid = building_grid.project_grid(ws, project, today=TODAY)
        canvas = GridCanvas()
        canvas.set_grid(grid, SCREEN[0])
        screen = QRect(0, 0, *SCREEN)
        whole = QRect(0, 0, canvas.width(), canvas.height())
        fonts.ensure_fonts()

        def load_cold() -> object:
            parse_placement.cache_clear()  # the first open: no address parsed yet
            return building_grid.project_grid(ws, project, today=TODAY)

        def open_grid(cold: bool = True) -> None:
            if cold:
                parse_placement.cache_clear()
            found = building_grid.project_grid(ws, project, today=TODAY)
            canvas.set_grid(found, SCREEN[0])
            paint(canvas, screen)

        rows: list[tuple[str, tuple[float, float], str, tuple[float, float]]] = []
        load = timed(load_cold, args.repeat)
        raw = timed(lambda: raw_select(ws, project), args.repeat)
        rows.append(("load (read, parse, arrange)", load, "raw SELECT of the rows", raw))
        layout = timed(lambda: canvas.set_grid(grid, SCREEN[0]), args.repeat)
        rows.append(("lay out at 1 366 px", layout, "", (0.0, 0.0)))
        shown = timed(lambda: paint(canvas, screen), args.repeat)
        rows.append(("paint the screen (1 366×768)", shown, "", (0.0, 0.0)))
        opened = timed(open_grid, args.repeat)
        buttons = timed(lambda: button_grid(args.households), args.button_repeat)
        rows.append(("**open the grid** (load + lay out + paint)", opened,
                     f"{args.households:,} QPushButtons in a QGridLayout", buttons))  # fmt: skip
        again = timed(lambda: open_grid(cold=False), args.repeat)
        rows.append(("open again after an edit (addresses cached)", again, "", (0.0, 0.0)))
        every = timed(lambda: paint(canvas, whole), args.repeat)
        bare = timed(lambda: bare_paint(args.households), args.repeat)
        rows.append(("paint every cell", every, "bare QPainter, same cells", bare))
        pdf_path = folder / "grid.pdf"
        pages = build_building_grid(grid, pdf_path)
        printed = timed(lambda: build_building_grid(grid, pdf_path), max(args.repeat // 3, 1))
        plain = timed(
            lambda: plain_pdf(folder / "plain.pdf", args.households), max(args.repeat // 3, 1)
        )
        rows.append((f"PDF ({pages} pages)", printed, "plain reportlab canvas, same cells", plain))
        ws.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    info = machine.describe()
    lines = [
        "# Building grid benchmark (楼盘表)",
        "",
        f"- date: {dt.datetime.now():%Y-%m-%d %H:%M} (local)",
        f"- machine: {info['nproc']} cores, {info['cpu']}, {info['ram']} RAM, {info['os']}",
        f"- python {info['python']}, SQLite {info['sqlite']}, Qt offscreen platform",
        f"- load average {load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end"
        " (other engineers' jobs share the 2 cores)",
        f"- command: `python -m bench.bench_grid --households {args.households}"
        f" --repeat {args.repeat}`",
        f"- data: one project, {grid.tally.total:,} households in"
        f" {sum(1 for b in grid.blocks if b.kind == 'building')} buildings of 3 estates, one visit"
        f" each; written through the op log in {seconds:.1f} s",
        "",
        "| scenario | ours ms | ours CPU ms | baseline | baseline ms | baseline CPU ms | ratio |",
        "|---|---:|---:|---|---:|---:|---:|",
    ]
    for name, (ours, ours_cpu), base_name, (base, base_cpu) in rows:
        ratio = f"{ours / base:.2f}×" if base else ""
        base_text = f"{base:.1f} | {base_cpu:.1f}" if base else " | "
        lines.append(
            f"| {name} | {ours:.1f} | {ours_cpu:.1f} | {base_name} | {base_text} | {ratio} |"
        )
    lines += [
        "",
        "ms: median wall time of the runs; CPU ms: median CPU time of this process (what the work"
        " costs when it has a core to itself); ratio: ours ÷ baseline, wall time.",
    ]
    lines.append("")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
