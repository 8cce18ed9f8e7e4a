"""Excel import and export at size, and the hostile files' refusals, each as a CLI run in its own
process (wall time and peak memory, VmHWM) beside the same run's baseline: `import-xlsx
--dry-run` of an ordinary 3 000-row district list.

    python -m bench.bench_xlsx                         # writes bench/results/xlsx.md
    python -m bench.bench_xlsx --households 200 --out /tmp/x.md   # a quick look

The round trip exports the demo data set's household workbook (every record kind, full ID
numbers) and imports it into an empty database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

from bench import machine
from domain.errors import UserError
from domain.validation import generate_resident_id
from services import demo, xlsx_import
from services.workspace import Profile, Workspace
from tests.services.hostile_xlsx.make_corpus import CORPUS, HERE

RESULTS = Path(__file__).resolve().parent / "results"
ROOT = Path(__file__).resolve().parent.parent
PROFILE = Profile("李明", "新吴区", "旺庄街道", "bench-xlsx")
os.environ.setdefault("DOORSTEP_PASSWORD", "bench xlsx 2026")

RUN = """
import sys
from cli.main import main
code = main(sys.argv[1:])
hwm = open("/proc/self/status").read().split("VmHWM:")[1].split()[0]
print("HWM", hwm, "CODE", code, file=sys.stderr)
"""


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_xlsx", description=__doc__)
    parser.add_argument("--households", type=int, default=1000)
    parser.add_argument("--rows", type=int, default=3000, help="rows of the baseline list")
    parser.add_argument("--out", type=Path, default=RESULTS / "xlsx.md")
    return parser.parse_args(argv)


def cli(*args: str) -> tuple[float, int, int]:
    """Wall seconds, peak KB and exit code of one CLI run in a fresh interpreter."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", RUN, *args], capture_output=True, text=True, cwd=ROOT, check=False
    )
    seconds = time.perf_counter() - start
    tail = done.stderr.rsplit("HWM", 1)[1].split()
    return seconds, int(tail[0]), int(tail[2])


def read_seconds(path: Path) -> tuple[float, str]:
    """In this process: reading (or refusing) the file, without start-up or the database."""
    start = time.perf_counter()
    try:
        sheet = xlsx_import.read_sheet(path)
        outcome = f"{len(sheet.rows):,} rows"
    except UserError as refused:
        outcome = refused.code
    return time.perf_counter() - start, outcome


def district_list(path: Path, rows: int) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "被征收人", "公民身份号码", "房屋坐落", "证载面积", "签约时间"])
    for n in range(rows):
        born = dt.date(1950 + n % 50, 1 + n % 12, 1 + n % 28)
        number = generate_resident_id("320214", born, n % 1000)
        sheet.append([n + 1, f"住户{n}", number, f"新华路{n}号", 60 + n % 40, 46000 + n % 300])
    book.save(path)
    return path


def database(path: Path, households: int = 0) -> Path:
    ws = Workspace.open(path)
    ws.init_profile(PROFILE)
    if households:
        demo.load_demo(ws, households, seed=2026)
    else:
        ws.create(
            "project",
            {"code": "XW-01", "name": "地块", "district": "新吴区", "sub_district": "旺庄街道"},
        )
    ws.close()
    return path


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    load_start = os.getloadavg()[0]
    rows: list[tuple[str, float, int, int]] = []
    reads: list[tuple[str, float, str]] = []
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        db = database(tmp / "empty.db")
        plain = district_list(tmp / "清单.xlsx", args.rows)
        base = cli("--db", str(db), "import-xlsx", str(plain), "--project", "XW-01", "--dry-run")
        rows.append((f"baseline: dry run of a {args.rows:,}-row list", *base))
        reads.append((plain.name, *read_seconds(plain)))
        for name, make in CORPUS.items():
            path = tmp / name
            if (HERE / name).exists():
                path.write_bytes((HERE / name).read_bytes())
            else:
                make(path)
            found = cli(
                "--db", str(db), "import-xlsx", str(path), "--project", "XW-01", "--dry-run"
            )
            rows.append((f"refusal: {name}", *found))
            reads.append((name, *read_seconds(path)))
        source = database(tmp / "source.db", args.households)
        out = tmp / "全部.xlsx"
        rows.append(
            (
                f"export: household workbook, {args.households:,} households",
                *cli(
                    "--db",
                    str(source),
                    "export-xlsx",
                    "households",
                    "--full-ids",
                    "--out",
                    str(out),
                ),
            )
        )
        target = tmp / "target.db"
        ws = Workspace.open(target)
        ws.init_profile(PROFILE)
        ws.close()
        rows.append(
            (
                "import: that workbook into an empty database",
                *cli("--db", str(target), "import-xlsx", str(out)),
            )
        )
        size = out.stat().st_size
    base_seconds = rows[0][1]
    info = machine.describe()
    lines = [
        "# Excel benchmarks",
        "",
        f"- date: {dt.datetime.now():%Y-%m-%d %H:%M} (local)",
        f"- machine: {info['nproc']} cores, {info['cpu']}, {info['ram']} RAM, {info['os']}",
        f"- load average {load_start:.1f} at the start, {os.getloadavg()[0]:.1f} at the end",
        f"- command: `python -m bench.bench_xlsx --households {args.households} --rows {args.rows}`",
        f"- household workbook: {size / 1e6:.1f} MB",
        "",
        "| run (one CLI process each) | exit | wall (s) | ÷ baseline | peak memory (MB) |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, seconds, peak, code in rows:
        lines.append(
            f"| {label} | {code} | {seconds:.2f} | {seconds / base_seconds:.2f}× | {peak / 1024:.0f} |"
        )
    lines += [
        "",
        "| read_sheet alone (in one process, no start-up) | outcome | seconds |",
        "|---|---|---:|",
        *(f"| {name} | {outcome} | {seconds:.2f} |" for name, seconds, outcome in reads),
    ]
    lines += [
        "",
        "Each run includes starting Python, importing openpyxl and opening the encrypted database"
        " (the password's key derivation): the baseline's wall time is mostly that floor.",
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
