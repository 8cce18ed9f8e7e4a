"""`python -m bench.bench_estimates --households 3000`: how long estimates take for one project.

One project of N households, each with an area, an assessed price and a grade, under the demo's
fictional 新吴区 policy; two policies compared. Each figure stands beside a baseline measured in
the same run: reading the project's household rows (what every estimate of them must do anyway).
Writes bench/results/estimates.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench import machine
from domain import compensation as comp
from domain.ids import uuid7
from services import demo_policies, estimates, policies, policy_compare
from services.workspace import Profile, Workspace
from storage.oplog import Draft

RESULTS = Path(__file__).resolve().parent / "results"
TODAY = dt.date(2026, 12, 6)


def timed(fn: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_estimates")
    parser.add_argument("--households", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=RESULTS / "estimates.md")
    args = parser.parse_args(argv)
    rng = random.Random(2026)
    folder = Path(tempfile.mkdtemp(prefix="doorstep-bench-est-"))
    ws = Workspace.open(folder / "bench.db")
    try:
        ws.init_profile(Profile("李明", "新吴区", "旺庄街道", "bench"))
        project = ws.create(
            "project",
            {"code": "B-1", "name": "基准项目", "district": "新吴区", "sub_district": "旺庄街道",
             "kind": "residential", "funding_secured": 1e9},
        )  # fmt: skip
        a = policies.create_policy(
            ws, comp.parse_policy(demo_policies.xinwu(TODAY)), project_id=project
        )
        b = policies.create_policy(
            ws, comp.parse_policy(demo_policies.jingkai(TODAY)), project_id=project, status="draft"
        )
        drafts = [
            Draft("create", "household", uuid7(), None, {
                "project_id": project, "address": f"{i // 60 + 1}栋{i % 60 + 101}室",
                "head_name": "住户", "measured_area": round(rng.uniform(40, 140), 2),
                "assessed_price": rng.randrange(15000, 24000), "approved_use": "住宅",
                "decoration_grade": rng.choice(comp.GRADES),
                "compensation_mode": rng.choice(("money", "ticket", "swap")),
            })
            for i in range(args.households)
        ]  # fmt: skip
        ws.commit(drafts)
        baseline = timed(lambda: estimates.project_households(ws, project), args.runs)
        one = timed(lambda: estimates.project_estimate(ws, project, sign_on=TODAY), args.runs)
        both = timed(lambda: policy_compare.compare(ws, project, a, b, sign_on=TODAY), args.runs)
        estimates._TOTALS.clear()
        totals = timed(
            lambda: (estimates._TOTALS.clear(), estimates.estimated_totals(ws, sign_on=TODAY)),
            args.runs,
        )
        again = timed(lambda: estimates.estimated_totals(ws, sign_on=TODAY), args.runs)
    finally:
        ws.close()
    rows = [
        ("read the project's households (baseline)", baseline),
        ("estimate every household under one policy", one),
        ("compare two policies over every household", both),
        ("estimated totals of every project (ranking, dashboard)", totals),
        ("the same again, nothing changed (remembered)", again),
    ]
    info = machine.describe()
    described = (
        f"{info['nproc']} cores ({info['cpu']}), Python {info['python']}, SQLite {info['sqlite']}"
    )
    lines = [
        f"# Estimates — {args.households:,} households in one project",
        "",
        f"{dt.date.today().isoformat()}, {described}; median of {args.runs} runs.",
        "",
        "| scenario | ms | × baseline |",
        "|---|---:|---:|",
    ]
    lines += [f"| {name} | {ms:,.2f} | {ms / baseline:.2f}× |" for name, ms in rows]
    text = "\n".join(lines) + "\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
