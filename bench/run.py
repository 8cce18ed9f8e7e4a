"""`python -m bench.run --households 100000`: build, time, print, write bench/results/latest.md.

--scale 0.1 means 10 000 households (and about 100 000 visits, 30 000 requests) when the full
size would take too long; the results file says which size ran. --reuse DIR keeps the database
of an earlier run and only re-times the scenarios (the bulk-load row is then left out).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

from bench import machine
from bench.load import REQUESTS_PER_HOUSEHOLD, VISITS_PER_HOUSEHOLD, LoadResult, load
from bench.scenarios import Scenario, run_scenarios

FULL_HOUSEHOLDS = 100_000
PASSWORD = "bench password 2026"
RESULTS = Path(__file__).resolve().parent / "results"


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--households", type=int, default=None, help="default 100000 × scale")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--samples", type=int, default=20, help="queries per scenario")
    parser.add_argument("--dir", type=Path, default=None, help="where the databases go")
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    parser.add_argument("--reuse", action="store_true", help="time an existing --dir again")
    parser.add_argument("--out", type=Path, default=RESULTS / "latest.md")
    return parser.parse_args(argv)


def _fmt(ms: float) -> str:
    return f"{ms:,.1f}" if ms < 100 else f"{ms:,.0f}"


def _ratio(value: float) -> str:
    return f"{value:.2f}×" if value < 0.1 else f"{value:.1f}×"


def table(rows: list[tuple[str, str, str, str, str]]) -> str:
    head = ("scenario", "ours ms (median)", "ours p90", "baseline ms", "ratio")
    widths = [max(_w(r[i]) for r in [head, *rows]) for i in range(5)]
    lines = ["  ".join(_pad(c, widths[i], i > 0) for i, c in enumerate(r)) for r in [head, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _w(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * (width - _w(text))
    return gap + text if right else text + gap


def rows_of(
    scenarios: list[Scenario], loaded: LoadResult | None
) -> list[tuple[str, str, str, str, str]]:
    rows = [
        (s.name, _fmt(s.ours), _fmt(s.ours_p90), _fmt(s.base), _ratio(s.ratio)) for s in scenarios
    ]
    if loaded is not None:
        per = 1000 * loaded.ours_s / max(1, sum(loaded.records.values())) * 1000
        base = 1000 * loaded.baseline_s / max(1, sum(loaded.records.values())) * 1000
        rows.append(
            (
                "批量载入 bulk load (per 1000 records)",
                _fmt(per),
                "",
                _fmt(base),
                f"{loaded.ours_s / loaded.baseline_s:.1f}×" if loaded.baseline_s else "",
            )
        )
    return rows


def markdown(
    args: argparse.Namespace,
    households: int,
    scenarios: list[Scenario],
    loaded: LoadResult | None,
    rows: list[tuple[str, str, str, str, str]],
    started: dt.datetime,
) -> str:
    info = machine.describe()
    out = [
        "# Benchmark results",
        "",
        f"- date: {started:%Y-%m-%d %H:%M} (local)",
        f"- machine: {info['nproc']} cores, {info['cpu']}, {info['ram']} RAM, {info['os']}",
        f"- python {info['python']}, sqlite {info['sqlite']}",
        f"- load average at start / end: {args.load_start} / {_load()} (other work on the machine"
        " slows both columns alike, the ratios less than the absolute times)",
        f"- command: `python -m bench.run {' '.join(sys.argv[1:])}`".rstrip(),
        f"- size: {households:,} households (scale {households / FULL_HOUSEHOLDS:g} of the full"
        f" 100 000 / 1 000 000 visits / 300 000 requests)",
        "",
    ]
    if loaded is not None:
        out += [
            "## Bulk load",
            "",
            "| records | count |",
            "|---|---:|",
            *(f"| {k} | {v:,} |" for k, v in sorted(loaded.records.items())),
            "",
            f"- {loaded.batches} batches (one transaction each); wall time {loaded.total_s:,.0f} s:"
            f" generating {loaded.generate_s:,.0f} s, validating {loaded.validate_s:,.0f} s,"
            f" op log + materialised tables + search index {loaded.commit_s:,.0f} s;"
            f" baseline executemany of the same rows {loaded.baseline_s:,.1f} s",
            f"- database {loaded.db_bytes / 2**20:,.0f} MiB (baseline bare tables"
            f" {loaded.baseline_bytes / 2**20:,.0f} MiB)",
            "",
        ]
    out += [
        "## Scenarios",
        "",
        "| scenario | ours ms (median) | ours p90 | baseline ms | ratio | baseline |",
        "|---|---:|---:|---:|---:|---|",
    ]
    how = {s.name: s.baseline for s in scenarios}
    for row in rows:
        baseline = how.get(row[0], "executemany into bare tables, same batches")
        out.append(f"| {' | '.join(row)} | {baseline} |")
    out += [
        "",
        f"Each scenario: {args.samples} samples (different queries / households / offsets), ours"
        " and the baseline alternately. Ours = the service call the GUI and CLI make; baseline ="
        " raw sqlite3 on the same file (see bench/scenarios.py). Search hits per query (median): "
        + ", ".join(
            f"{s.name.split(' ')[1]} {int(sorted(s.hits)[len(s.hits) // 2])}"
            for s in scenarios
            if s.hits and s.name.startswith("搜索")
        )
        + "; CPU time per search, ours / baseline (median ms, the wall time less waiting for a"
        " core or the disk): "
        + ", ".join(
            f"{s.name.split(' ')[1]} {s.ours_cpu:.1f} / {s.base_cpu:.1f}"
            for s in scenarios
            if s.ours_cpu is not None and s.base_cpu is not None
        ),
        "",
    ]
    return "\n".join(out)


def _load() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    # The store is encrypted: the bench's own password, unless the caller gives one.
    os.environ.setdefault("DOORSTEP_PASSWORD", PASSWORD)
    args.load_start = _load()
    households = args.households or round(FULL_HOUSEHOLDS * args.scale)
    started = dt.datetime.now()
    today = dt.date.today()
    folder = args.dir or Path(tempfile.mkdtemp(prefix=f"doorstep-bench-{households}-"))
    folder.mkdir(parents=True, exist_ok=True)
    db, baseline = folder / "bench.db", folder / "baseline.db"
    loaded: LoadResult | None = None
    try:
        if not (args.reuse and db.exists()):
            for stale in folder.glob("*.db*"):
                stale.unlink()
            print(
                f"载入 loading {households:,} households (~{households * VISITS_PER_HOUSEHOLD:,.0f}"
                f" visits, ~{households * REQUESTS_PER_HOUSEHOLD:,.0f} requests) into {db}",
                flush=True,
            )
            last = [0.0]

            def progress(done: int, total: int, seconds: float) -> None:
                if seconds - last[0] >= 10 or done == total:
                    last[0] = seconds
                    print(f"  {done:,}/{total:,} households, {seconds:,.0f} s", flush=True)

            loaded = load(db, baseline, households, seed=args.seed, today=today, progress=progress)
        t = time.perf_counter()
        scenarios = run_scenarios(db, baseline, samples=args.samples, seed=args.seed, today=today)
        print(f"scenarios timed in {time.perf_counter() - t:.0f} s\n")
        rows = rows_of(scenarios, loaded)
        print(table(rows))
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(
            markdown(args, households, scenarios, loaded, rows, started), encoding="utf-8"
        )
        print(f"\nwritten: {args.out}")
    finally:
        if not args.keep and args.dir is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
