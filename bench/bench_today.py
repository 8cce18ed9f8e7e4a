"""The Today page (今日待办) at 100 000 households, encrypted: what the page waits for when it is
shown — this caseworker's list and the count per caseworker beside it — beside the raw SQL of
the same figures on the same file, in the same run.

    python -m bench.run --households 100000 --dir /work/benchdata/today --keep   # build once
    python -m bench.bench_today --dir /work/benchdata/today                      # then time it

Without a database in --dir it builds one of --households first (bench.load, as bench.run does).

Ours (services.today, as ui/pages/today.py calls it off the GUI thread):
- first show: a new Workspace (new connections, SQLCipher's page cache empty; the key already
  unwrapped, as it is once the window is open), then the list and the count per caseworker;
- page: the same again on warm connections (what every later visit to the page costs);
- and its parts: the list (today_list for me), the count per caseworker (today_counts_by).
Baseline (storage.store.open_raw: the same SQLCipher file with the same indexes, no Python
objects): my due visits with the household's name and address, my open requests due within 3
days, and the count per caseworker of due visits and due requests, each one plain SQL statement
on the list index (household_summary). The baseline leaves out house tickets and statutory steps
(a few rows, but a scan of every household for the projects' figures), which ours includes.

CPU seconds (this process's) are given beside the wall time: on 2 shared cores at a load average
of 10 the wall time is mostly waiting for a core.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from bench import machine
from bench.load import PROFILE, load

RESULTS = Path(__file__).resolve().parent / "results"
PASSWORD = "bench password 2026"  # bench.run's: the same --dir serves both


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_today", description=__doc__)
    parser.add_argument("--dir", type=Path, required=True, help="bench.run's --dir (kept)")
    parser.add_argument("--households", type=int, default=100_000, help="when building")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--samples", type=int, default=7)
    parser.add_argument("--out", type=Path, default=RESULTS / "today.md")
    return parser.parse_args(argv)


def _ms(fn: Callable[[], Any], cpu: list[float] | None = None) -> float:
    start, start_cpu = time.perf_counter(), time.process_time()
    fn()
    if cpu is not None:
        cpu.append((time.process_time() - start_cpu) * 1000)
    return (time.perf_counter() - start) * 1000


def _load() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


MY_VISITS = (
    "SELECT h.id, h.head_name, h.address, s.next_visit_due FROM household_summary s"
    " JOIN households h ON h.id = s.household_id WHERE s.caseworker = ?1"
    " AND s.next_visit_due <= ?2 AND coalesce(s.state, '') != 'completed'"
)
MY_REQUESTS = (
    "SELECT r.id, r.summary, r.deadline FROM requests r"
    " LEFT JOIN household_summary s ON s.household_id = r.household_id"
    " WHERE r._deleted = 0 AND coalesce(r.status, 'open') != 'closed' AND r.deadline <= ?2"
    " AND (s.caseworker = ?1 OR r.responsible = ?1)"
)
VISITS_PER_CASEWORKER = (
    "SELECT caseworker, count(*) FROM household_summary WHERE next_visit_due <= ?1"
    " AND coalesce(state, '') != 'completed' GROUP BY caseworker"
)
REQUESTS_PER_CASEWORKER = (
    "SELECT s.caseworker, count(*) FROM requests r"
    " JOIN household_summary s ON s.household_id = r.household_id"
    " WHERE r._deleted = 0 AND coalesce(r.status, 'open') != 'closed' AND r.deadline <= ?1"
    " GROUP BY s.caseworker"
)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    os.environ.setdefault("DOORSTEP_PASSWORD", PASSWORD)
    from services import today as today_service
    from services.workspace import Workspace
    from storage.store import open_raw

    load_before = _load()
    started = dt.datetime.now()
    day = dt.date.today()
    db, baseline_db = args.dir / "bench.db", args.dir / "baseline.db"
    if not db.exists():
        args.dir.mkdir(parents=True, exist_ok=True)
        print(f"building {args.households:,} households into {db}", flush=True)
        load(db, baseline_db, args.households, seed=args.seed, today=day)
    me = PROFILE.caseworker

    def page(ws: Workspace) -> tuple[Any, Any]:
        found = today_service.today_list(ws, today=day, caseworker=me)
        return found, today_service.today_counts_by(ws, "caseworker", today=day)

    raw = open_raw(db)
    raw.execute("PRAGMA query_only = ON")
    horizon = (day + dt.timedelta(days=3)).isoformat()

    def baseline() -> None:
        raw.execute(MY_VISITS, (me, day.isoformat())).fetchall()
        raw.execute(MY_REQUESTS, (me, horizon)).fetchall()
        raw.execute(VISITS_PER_CASEWORKER, (day.isoformat(),)).fetchall()
        raw.execute(REQUESTS_PER_CASEWORKER, (horizon,)).fetchall()

    names = ("first", "warm", "mine", "summary", "base")
    wall: dict[str, list[float]] = {name: [] for name in names}
    cpu: dict[str, list[float]] = {name: [] for name in names}
    found: Any = None
    counts: Any = None
    for _ in range(args.samples):
        ws = Workspace.open(db)  # the key stays unwrapped in this process after the first
        try:

            def first_show(ws: Workspace = ws) -> None:
                nonlocal found, counts
                found, counts = page(ws)

            wall["first"].append(_ms(first_show, cpu["first"]))
            wall["base"].append(_ms(baseline, cpu["base"]))
            wall["warm"].append(_ms(partial(page, ws), cpu["warm"]))
            mine = partial(today_service.today_list, ws, today=day, caseworker=me)
            wall["mine"].append(_ms(mine, cpu["mine"]))
            summary = partial(today_service.today_counts_by, ws, today=day)
            wall["summary"].append(_ms(summary, cpu["summary"]))
        finally:
            ws.close()
    raw.close()
    households = _count_households(db, open_raw)
    base_wall, base_cpu = statistics.median(wall["base"]), statistics.median(cpu["base"])
    rows = [
        ("first show (new connections): my list + count per caseworker", "first"),
        ("page again (warm): my list + count per caseworker", "warm"),
        ("of which my list (today_list)", "mine"),
        ("of which count per caseworker (today_counts_by)", "summary"),
        ("baseline: the same figures in raw SQL", "base"),
    ]
    lines = [
        "# Today page (今日待办) at scale",
        "",
        f"- date: {started:%Y-%m-%d %H:%M} (local)",
        "- machine: " + ", ".join(f"{k} {v}" for k, v in machine.describe().items()),
        f"- load average {load_before} before, {_load()} after (2 shared cores)",
        f"- command: `python -m bench.bench_today {' '.join(sys.argv[1:])}`".rstrip(),
        f"- data: {households:,} households (encrypted, SQLCipher); caseworker {me}:"
        f" {len(found.items):,} items due ({found.counts['visit']:,} visits,"
        f" {found.counts['request']:,} requests, {found.counts['ticket']:,} house tickets,"
        f" {found.counts['statutory']:,} statutory steps); {len(counts):,} caseworkers counted",
        f"- {args.samples} samples each, ours and the baseline alternately",
        "",
        "| scenario | median ms | min ms | CPU ms (median) | ratio to baseline (wall)"
        " | ratio (CPU) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, key in rows:
        median, median_cpu = statistics.median(wall[key]), statistics.median(cpu[key])
        lines.append(
            f"| {name} | {median:,.0f} | {min(wall[key]):,.0f} | {median_cpu:,.0f}"
            f" | {median / base_wall:,.1f}× | {median_cpu / base_cpu:,.1f}× |"
        )
    lines += [
        "",
        "Baseline: the raw SQL of the same figures through open_raw on the same encrypted file,"
        " on the list index"
        " (my due visits with name and address, my requests due within 3 days, due visits and"
        " requests counted per caseworker), without house tickets and statutory steps.",
        "",
    ]
    text = "\n".join(lines)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


def _count_households(db: Path, open_raw: Callable[[Path], Any]) -> int:
    conn = open_raw(db)
    try:
        return int(conn.execute("SELECT count(*) FROM households WHERE _deleted = 0").fetchone()[0])
    finally:
        conn.close()


if __name__ == "__main__":
    raise SystemExit(main())
