"""Printed documents at size: the request register of 10 000 requests and the household files
(一户一档) of a 1 000-household project, in pages per second, each beside the same run's plain
reportlab table of the same text (same embedded font, no Paragraph wrapping, no page furniture)
— the floor reportlab itself sets on this machine.

    python -m bench.bench_reports                       # full size, writes bench/results/reports.md
    python -m bench.bench_reports --files 100 --requests 2000 --out /tmp/r.md   # a quick look

The data is the demo data set (services.demo) loaded through the op log into a temporary
database, sized so that its largest project (旺庄路南侧, 26 % of the households) has exactly
`--files` households and there are at least `--requests` requests; the register prints the
newest `--requests` of them.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, SimpleDocTemplate, Table, TableStyle

from bench import machine
from reports import fonts
from reports import model as m
from reports.household_file import build_household_file
from reports.request_register import build_request_register
from services import demo
from services import report_data as rd
from services.workspace import Profile, Workspace

RESULTS = Path(__file__).resolve().parent / "results"
TODAY = dt.date(2026, 11, 26)
PROFILE = Profile("李明", "新吴区", "旺庄街道", "bench-reports")
BIG_PROJECT = "XW-2024-003"


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_reports", description=__doc__)
    parser.add_argument("--files", type=int, default=1000, help="households in the project")
    parser.add_argument("--requests", type=int, default=10_000, help="rows of the register")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--dir", type=Path, default=None, help="where the database and PDFs go")
    parser.add_argument("--keep", action="store_true", help="keep the database and PDFs")
    parser.add_argument("--out", type=Path, default=RESULTS / "reports.md")
    return parser.parse_args(argv)


# ---------------------------------------------------------------------------------------------
# data


def households_for(project_households: int) -> int:
    """The demo size whose largest project gets exactly `project_households` households."""
    share = next(p.share for p in demo.PROJECT_PLANS if p.code == BIG_PROJECT)
    index = [p.code for p in demo.PROJECT_PLANS].index(BIG_PROJECT)
    guess = round(project_households / share)
    for total in sorted(range(guess - 20, guess + 21), key=lambda n: abs(n - guess)):
        shares = [p.share for p in demo.PROJECT_PLANS]
        if demo._allocate(total, shares)[index] == project_households:
            return total
    return guess


def build_database(path: Path, project_households: int, requests: int, seed: int) -> Workspace:
    total = households_for(project_households)
    ws = Workspace.open(path)
    ws.init_profile(PROFILE)
    # A little above the wanted count, so the register can print exactly `requests` rows.
    rate = requests * 1.08 / total
    demo.load_demo(
        ws, total, seed=seed, today=TODAY, visits_per_household=4.0, requests_per_household=rate
    )
    return ws


# ---------------------------------------------------------------------------------------------
# the plain reportlab baseline: one Table of strings, repeated header, a grid


def plain_table_pdf(
    out: Path, header: list[str], rows: list[list[str]], *, wide: bool = False
) -> int:
    fonts.ensure_fonts()
    page = landscape(A4) if wide else A4
    pages = {"n": 0}

    def count(canvas: Any, _doc: Any) -> None:
        pages["n"] = canvas.getPageNumber()

    doc = SimpleDocTemplate(
        str(out),
        pagesize=page,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        initialFontName=fonts.body_font(),
    )
    width = page[0] - 30 * mm
    table_class = LongTable if len(rows) > 200 else Table
    table = table_class(
        [header, *rows], colWidths=[width / len(header)] * len(header), repeatRows=1
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), fonts.body_font(), 7),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    doc.build([table], onFirstPage=count, onLaterPages=count)
    return pages["n"]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):
        return "、".join(_text(v) for v in value)
    if dataclasses.is_dataclass(value):
        return "；".join(_text(getattr(value, f.name)) for f in dataclasses.fields(value))
    return str(value).replace("\n", " ")


def register_rows(register: m.RequestRegister) -> tuple[list[str], list[list[str]]]:
    names = [
        "id",
        "received_on",
        "household_label",
        "channel",
        "category",
        "summary",
        "reasonable",
        "responsible",
        "deadline",
        "status",
        "closed_on",
        "satisfaction",
    ]
    return names, [[_text(getattr(r, n))[:60] for n in names] for r in register.rows]


def household_rows(file: m.HouseholdFile) -> tuple[list[str], list[list[str]]]:
    """Every value of the household file as (part, field, value) lines."""
    rows: list[list[str]] = []
    for name, value in (
        ("project", file.project),
        ("household", file.household),
    ):
        for f in dataclasses.fields(value):
            rows.append([name, f.name, _text(getattr(value, f.name))[:80]])
    for part in ("members", "state_history", "visits", "requests", "tickets", "flats"):
        for i, item in enumerate(getattr(file, part), start=1):
            rows.append([part, str(i), _text(item)[:80]])
    for a in file.attachments:
        rows.append(["attachments", a.name, a.sha256[:16]])
    return ["part", "field", "value"], rows


# ---------------------------------------------------------------------------------------------
# timing


@dataclass
class Row:
    name: str
    documents: int = 0
    rows: int = 0
    data_s: float = 0.0
    ours_pages: int = 0
    ours_s: float = 0.0
    base_pages: int = 0
    base_s: float = 0.0

    @property
    def ours_rate(self) -> float:
        return self.ours_pages / self.ours_s if self.ours_s else 0.0

    @property
    def base_rate(self) -> float:
        return self.base_pages / self.base_s if self.base_s else 0.0


@dataclass
class Run:
    args: argparse.Namespace
    households: int = 0
    requests_in_db: int = 0
    load_s: float = 0.0
    font_s: float = 0.0
    rows: list[Row] = dataclasses.field(default_factory=list)
    load_avg: tuple[float, float] = (0.0, 0.0)


def timed(fn: Any, *args: Any, **kwargs: Any) -> tuple[Any, float]:
    began = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - began


def bench_register(ws: Workspace, folder: Path, count: int) -> Row:
    register, data_s = timed(rd.request_register, ws, today=TODAY)
    register = dataclasses.replace(register, rows=register.rows[:count])
    row = Row("诉求台账 request register", documents=1, rows=len(register.rows), data_s=data_s)
    row.ours_pages, row.ours_s = timed(build_request_register, register, folder / "register.pdf")
    header, lines = register_rows(register)
    row.base_pages, row.base_s = timed(
        plain_table_pdf, folder / "register-plain.pdf", header, lines, wide=True
    )
    return row


def bench_household_files(ws: Workspace, folder: Path, project_id: str) -> Row:
    ids = rd.project_household_ids(ws, project_id)
    row = Row("一户一档 household files", documents=len(ids))
    files: list[m.HouseholdFile] = []
    began = time.perf_counter()
    for hid in ids:
        files.append(rd.household_file(ws, hid, today=TODAY))
    row.data_s = time.perf_counter() - began
    out = folder / "files"
    out.mkdir(exist_ok=True)
    began = time.perf_counter()
    for i, file in enumerate(files):
        row.ours_pages += build_household_file(file, out / f"{i:04d}.pdf")
    row.ours_s = time.perf_counter() - began
    row.rows = sum(len(household_rows(f)[1]) for f in files)
    began = time.perf_counter()
    for i, file in enumerate(files):
        header, lines = household_rows(file)
        row.base_pages += plain_table_pdf(out / f"{i:04d}-plain.pdf", header, lines)
    row.base_s = time.perf_counter() - began
    return row


def run(args: argparse.Namespace) -> Run:
    result = Run(args)
    result.load_avg = (os.getloadavg()[0], 0.0)
    folder = args.dir or Path(tempfile.mkdtemp(prefix="doorstep-bench-reports-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "reports.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    try:
        began = time.perf_counter()
        ws = build_database(db, args.files, args.requests, args.seed)
        result.load_s = time.perf_counter() - began
        try:
            result.households = ws.read(
                lambda d: int(d.conn.execute("SELECT count(*) FROM households").fetchone()[0])
            )
            result.requests_in_db = ws.read(
                lambda d: int(d.conn.execute("SELECT count(*) FROM requests").fetchone()[0])
            )
            _, result.font_s = timed(fonts.ensure_fonts)
            result.rows.append(bench_register(ws, folder, args.requests))
            print(_line(result.rows[-1]), flush=True)
            project = ws.read(
                lambda d: str(
                    d.conn.execute(
                        "SELECT id FROM projects WHERE code = ?", (BIG_PROJECT,)
                    ).fetchone()[0]
                )
            )
            result.rows.append(bench_household_files(ws, folder, project))
            print(_line(result.rows[-1]), flush=True)
        finally:
            ws.close()
        result.load_avg = (result.load_avg[0], os.getloadavg()[0])
    finally:
        if not args.keep and args.dir is None:
            shutil.rmtree(folder, ignore_errors=True)
    return result


def _line(row: Row) -> str:
    return (
        f"{row.name}: {row.ours_pages} pages in {row.ours_s:.1f} s = {row.ours_rate:.1f} pages/s;"
        f" plain table {row.base_pages} pages in {row.base_s:.1f} s = {row.base_rate:.1f} pages/s"
    )


def report(result: Run) -> str:
    info = machine.describe()
    args = result.args
    lines = [
        "# Report benchmarks (PDF pages per second)",
        "",
        f"- date: {dt.datetime.now():%Y-%m-%d %H:%M} (local)",
        f"- machine: {info['nproc']} cores, {info['cpu']}, {info['ram']} RAM, {info['os']}",
        f"- python {info['python']}, reportlab {_reportlab()}, font: {_font()}",
        f"- load average {result.load_avg[0]:.1f} at the start, {result.load_avg[1]:.1f} at the end"
        " (other engineers' jobs share the 2 cores)",
        f"- command: `python -m bench.bench_reports --files {args.files}"
        f" --requests {args.requests}`",
        f"- data: demo data set, {result.households:,} households, {result.requests_in_db:,}"
        f" requests, loaded through the op log in {result.load_s:.0f} s; the register prints"
        f" the newest {args.requests:,}; the household files are those of {BIG_PROJECT}"
        " (one PDF per household)",
        f"- font registration (once per process): {result.font_s:.2f} s, not in the timings",
        "",
        "| document | PDFs | text rows | data (s) | ours: pages | ours (s) | ours pages/s"
        " | plain table: pages | plain (s) | plain pages/s | ours ÷ plain (time per page) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in result.rows:
        ratio = (row.ours_s / row.ours_pages) / (row.base_s / row.base_pages)
        lines.append(
            f"| {row.name} | {row.documents:,} | {row.rows:,} | {row.data_s:.1f} |"
            f" {row.ours_pages:,} | {row.ours_s:.1f} | {row.ours_rate:.1f} |"
            f" {row.base_pages:,} | {row.base_s:.1f} | {row.base_rate:.1f} | {ratio:.1f}× |"
        )
    lines += [
        "",
        '"data" is building the document inputs from the database (services.report_data);'
        ' "ours" is the reports/ builder writing the PDF (wrapped CJK paragraphs in every'
        " cell, page header and footer with 第 N 页 共 M 页, which needs a second pass over the"
        ' pages, masking, labels); "plain" is a reportlab Table of the same text as plain'
        " strings (one line per cell, no wrapping, no page furniture) in the same embedded"
        " font. The plain table needs fewer pages for the same text because nothing wraps, so"
        " compare time per page and time per document as well as pages per second.",
        "",
    ]
    for row in result.rows:
        lines.append(
            f"- {row.name}: {row.ours_s / row.documents * 1000:,.0f} ms per document"
            f" (plain {row.base_s / row.documents * 1000:,.0f} ms),"
            f" {row.ours_s / max(row.rows, 1) * 1000:.2f} ms per text row"
            f" (plain {row.base_s / max(row.rows, 1) * 1000:.2f} ms)"
        )
    return "\n".join(lines) + "\n"


def _reportlab() -> str:
    import reportlab

    return str(reportlab.Version)


def _font() -> str:
    choice = fonts.ensure_fonts()
    return choice.body.path.name


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    result = run(args)
    text = report(result)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
