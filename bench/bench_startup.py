"""How fast the command line starts: `--help`, `stats` and `household find` from source, and the
packaged build's `--version` when a one-folder build is given, each beside the same run's bare
Python start that imports what any command needs (`python -c "import sqlite3, argparse, json"`).

    python -m bench.bench_startup                          # writes bench/results/startup.md
    python -m bench.bench_startup --package dist/Doorstep  # also the packaged program

Runs alternate (baseline, ours, baseline, ours, …) so a busy neighbour slows both alike; the table
gives medians of `--runs` runs, wall and CPU time.

A command that opens the encrypted database first derives the key-encryption key from the password
(Argon2id, 64 MiB, ~0.8 s: storage/kdf.py) — the cost that makes guessing passwords slow, so it
stays. The commands run through a small wrapper that times that derivation inside the same
process (storage.kdf's argon2_key and scrypt_key), so each run gives its start-up with and without
it; nothing else differs from `python main.py …`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
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
# `python main.py ARGS` with the key derivation timed; its seconds go to stderr's last line.
TIMED_MAIN = """
import sys, time
import storage.kdf as kdf
spent = [0.0, 0.0]
def timing(real):
    def timed(*args, **kwargs):
        start, start_cpu = time.perf_counter(), time.process_time()
        try:
            return real(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - start
            spent[1] += time.process_time() - start_cpu
    return timed
kdf.argon2_key = timing(kdf.argon2_key)
kdf.scrypt_key = timing(kdf.scrypt_key)
import main
try:
    code = main.main(sys.argv[1:])
finally:
    sys.stderr.write(f"\\nkdf-seconds {spent[0]:.6f} {spent[1]:.6f}\\n")
raise SystemExit(code)
"""
INIT = ["init", "--name", "李明", "--district", "新吴区", "--sub-district", "旺庄街道"]


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_startup", description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--households", type=int, default=3000)
    parser.add_argument("--package", type=Path, default=None, help="a one-folder build")
    parser.add_argument("--out", type=Path, default=RESULTS / "startup.md")
    return parser.parse_args(argv)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float, float, float]:
    """Wall and CPU seconds of the process, and the wall and CPU seconds of key derivation it
    reported."""
    cpu = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run(command, env=env, check=True, capture_output=True, cwd=ROOT)
    wall = time.perf_counter() - start
    cpu = _children_cpu() - cpu
    kdf = kdf_cpu = 0.0
    for line in done.stderr.decode("utf-8", "replace").splitlines():
        if line.startswith("kdf-seconds "):
            kdf, kdf_cpu = (float(x) for x in line.split()[1:3])
    return wall, cpu, kdf, kdf_cpu


def _load() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "DOORSTEP_DATA_DIR": folder}
        env.setdefault("DOORSTEP_PASSWORD", "bench password 2026")
        source = [sys.executable, str(ROOT / "main.py")]
        subprocess.run([*source, *INIT, "--device-name", "bench"], env=env, check=True)
        subprocess.run([*source, "demo", "--households", str(args.households)], env=env, check=True)
        program = [sys.executable, "-c", TIMED_MAIN]
        commands = {
            "`--help`": [*source, "--help"],
            "`stats`": [*program, "stats"],
            "`household find zjw`": [*program, "household", "find", "zjw"],
        }
        if args.package is not None:
            commands["packaged `--version`"] = [str(args.package / "Doorstep"), "--version"]
            commands["source `--version`"] = [*source, "--version"]
        rows = []
        load_before = _load()
        for name, command in commands.items():
            ours, ours_cpu, kdf, kdf_cpu, base, base_cpu = [], [], [], [], [], []
            for _ in range(args.runs):
                wall, cpu, _, _ = timed(BASELINE, env)
                base.append(wall)
                base_cpu.append(cpu)
                wall, cpu, derivation, derivation_cpu = timed(command, env)
                ours.append(wall)
                ours_cpu.append(cpu)
                kdf.append(derivation)
                kdf_cpu.append(derivation_cpu)
            median = statistics.median
            rows.append(
                (
                    name,
                    median(ours),
                    median(ours_cpu),
                    median(kdf),
                    median([w - k for w, k in zip(ours, kdf, strict=True)]),
                    median([c - k for c, k in zip(ours_cpu, kdf_cpu, strict=True)]),
                    median(base),
                    median(base_cpu),
                )
            )
    lines = [
        "# CLI start-up",
        "",
        ", ".join(f"{key} {value}" for key, value in machine.describe().items()),
        "",
        f"{dt.date.today()}; {args.households} demo households; {args.runs} alternating runs each;"
        f" load average {load_before} before, {_load()} after (2 shared cores).",
        f"Command: `python -m bench.bench_startup {' '.join(sys.argv[1:])}`".rstrip() + ".",
        "",
        "| command | wall s | CPU s | of which key derivation s | without it: wall s | CPU s"
        " | bare Python: wall s | CPU s | ratio without it: wall | CPU |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, wall, cpu, kdf_s, wall_without, cpu_without, bare, bare_cpu in rows:
        lines.append(
            f"| {name} | {wall:.3f} | {cpu:.3f} | {kdf_s:.3f} | {wall_without:.3f}"
            f" | {cpu_without:.3f} | {bare:.3f} | {bare_cpu:.3f}"
            f" | {wall_without / bare:.1f}× | {cpu_without / bare_cpu:.1f}× |"
        )
    lines += [
        "",
        "Medians. Key derivation: Argon2id unwrapping the database key from the password"
        " (storage/kdf.py), timed inside the same process (wall and CPU) and taken off the"
        " process's wall and CPU time; `--help` opens no database. CPU = the process's"
        " user + system time, which a busy neighbour disturbs less than the wall time.",
    ]
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
