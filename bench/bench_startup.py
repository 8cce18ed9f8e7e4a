"""How fast the command line starts: `--help`, `stats` and `household find` from source, and the
packaged build's `--version` when a one-folder build is given, each beside the same run's bare
Python start that imports what any command needs (`python -c "import sqlite3, argparse, json"`).

    python -m bench.bench_startup                          # writes bench/results/startup.md
    python -m bench.bench_startup --package dist/Doorstep  # also the packaged program

Runs alternate (baseline, ours, baseline, ours, …) so a busy neighbour slows both alike; the table
gives min and median of `--runs` runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import machine

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BASELINE = [sys.executable, "-c", "import sqlite3, argparse, json"]
INIT = ["init", "--name", "李明", "--district", "新吴区", "--sub-district", "旺庄街道"]


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_startup", description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--households", type=int, default=3000)
    parser.add_argument("--package", type=Path, default=None, help="a one-folder build")
    parser.add_argument("--out", type=Path, default=RESULTS / "startup.md")
    return parser.parse_args(argv)


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - start


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "DOORSTEP_DATA_DIR": folder}
        source = [sys.executable, str(ROOT / "main.py")]
        subprocess.run([*source, *INIT, "--device-name", "bench"], env=env, check=True)
        subprocess.run([*source, "demo", "--households", str(args.households)], env=env, check=True)
        commands = {
            "`--help`": [*source, "--help"],
            "`stats`": [*source, "stats"],
            "`household find zjw`": [*source, "household", "find", "zjw"],
        }
        if args.package is not None:
            commands["packaged `--version`"] = [str(args.package / "Doorstep"), "--version"]
            commands["source `--version`"] = [*source, "--version"]
        rows = []
        for name, command in commands.items():
            ours, base = [], []
            for _ in range(args.runs):
                base.append(timed(BASELINE, env))
                ours.append(timed(command, env))
            rows.append((name, min(ours), statistics.median(ours), statistics.median(base)))
    lines = [
        "# CLI start-up",
        "",
        ", ".join(f"{key} {value}" for key, value in machine.describe().items()),
        "",
        f"{dt.date.today()}; {args.households} demo households; {args.runs} alternating runs each.",
        "",
        "| command | min s | median s | bare Python s (median) | ratio |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, low, median, base in rows:
        lines.append(f"| {name} | {low:.3f} | {median:.3f} | {base:.3f} | {median / base:.1f}× |")
    if args.package is not None:
        size = folder_size(args.package) / 2**20
        lines += ["", f"Packaged folder `{args.package}`: {size:.0f} MiB."]
    text = "\n".join(lines) + "\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
