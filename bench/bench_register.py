"""Does the request register (诉求台账) scale linearly? Time and peak memory at 6 000 and
60 000 rows, each in a fresh process, and the time per row of each; beside them, in the same
run, reportlab's own long-table way (every row in one platypus Table) at the small size, the
way the register was built before (issue 13 item 9).

    python -m bench.bench_register                        # writes bench/results/register.md
    python -m bench.bench_register --sizes 2000 20000 --baseline 2000 --out /tmp/r.md

Rows are made in memory, not read from a database (this measures the builder): realistic
households, categories, statuses and summaries of 10–160 characters, a tenth of them overdue.
Targets: time per row at 60 000 within 1.3× of that at 6 000; at 60 000 at most 60 s and 400 MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench import machine

RESULTS = Path(__file__).resolve().parent / "results"
TODAY = dt.date(2026, 11, 26)
_SURNAMES = "王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华玉兰桂英建国志强晓燕金凤"
_ROADS = ("旺庄路", "新华路", "春潮路", "太湖大道", "长江北路", "锡士路")
_PHRASES = (
    "对评估报告中装修评估价值有异议，申请专家复核",
    "希望安置房选在低楼层，方便家中八旬老人出入",
    "询问临时安置过渡费发放标准及发放时间",
    "户内有一级肢体残疾人员，申请提前安排搬迁协助",
    "对测绘面积有异议，称阁楼及后院附房未计入",
    "要求公开同地块其他住户的补偿标准，合同号XWFP-2026-0002",
    "询问房票使用期限和奖励比例，补偿金额160,460.00元",
)


def make_register(count: int, seed: int = 2026) -> Any:
    from reports import model as m

    rng = random.Random(seed)
    categories = ("amount", "area", "valuation", "flat", "transition", "special_care", "other")
    statuses = ("open", "in_progress", "escalated", "closed")
    rows = []
    for i in range(count):
        received = TODAY - dt.timedelta(days=rng.randrange(1, 400))
        deadline = received + dt.timedelta(days=15)
        status = rng.choice(statuses)
        closed_on = (
            received + dt.timedelta(days=rng.randrange(1, 30)) if status == "closed" else None
        )
        name = rng.choice(_SURNAMES) + "".join(rng.sample(_GIVEN, rng.choice((1, 2))))
        summary = "；".join(rng.sample(_PHRASES, rng.choice((1, 1, 2, 3))))
        rows.append(
            m.Request(
                received_on=received,
                category=rng.choice(categories),
                summary=summary[: rng.randrange(10, 160)],
                id=f"{i:08x}-0000-7000-8000-{rng.getrandbits(48):012x}",
                household_label=f"{name} {rng.choice(_ROADS)}{rng.randrange(1, 300)}号",
                channel=rng.choice(("visit", "phone", "hotline", "petition", "letters")),
                reasonable=rng.choice(("reasonable", "partly", "unreasonable", "pending")),
                level=rng.choice(("district", "sub_district")),
                responsible=rng.choice(_SURNAMES) + "主任",
                deadline=deadline,
                status=status,
                closed_on=closed_on,
            )
        )
    return m.RequestRegister("新吴区 旺庄街道", TODAY, tuple(rows), filters="全部")


def _child(kind: str, count: int, out: str) -> dict[str, Any]:
    """Run in a fresh process: build one PDF, report seconds, pages and peak memory."""
    from reports import fonts

    fonts.ensure_fonts()
    data = make_register(count)
    began = time.perf_counter()
    cpu = time.process_time()
    if kind == "ours":
        from reports.request_register import build_request_register

        pages = build_request_register(data, out)
    else:
        pages = _platypus_table(data, out)
    seconds = time.perf_counter() - began
    cpu_s = time.process_time() - cpu
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "fonts": fonts.describe(),
        "kind": kind,
        "rows": count,
        "seconds": seconds,
        "cpu_s": cpu_s,
        "pages": pages,
        "peak_mb": peak_kb / 1024,
    }


def _platypus_table(data: Any, out: str) -> int:
    """The former way: one platypus Table of Paragraph cells re-split at every page."""
    from reportlab.platypus import Table

    from reports import labels as lb
    from reports.layout import PageInfo, cell, frame_width, grid_style, render, scale_widths

    info = PageInfo("register", "", "", landscape=True)
    rows: list[list[Any]] = [
        [
            cell(h, "center")
            for h in ("序号", "受理日期", "住户", "类别", "诉求内容", "期限", "状态")
        ]
    ]
    for i, r in enumerate(data.rows, start=1):
        rows.append(
            [
                cell(i, "center"),
                cell(lb.day(r.received_on), "center"),
                cell(r.household_label),
                cell(lb.category(r.category), "center"),
                cell(r.summary),
                cell(lb.day(r.deadline), "center"),
                cell(lb.request_status(r, data.as_of), "center"),
            ]
        )
    table = Table(
        rows, colWidths=scale_widths([7, 21, 33, 17, 80, 21, 22], frame_width(info)), repeatRows=1
    )
    from reportlab.platypus import TableStyle

    table.setStyle(TableStyle(grid_style(1)))
    return render([table], out, info)


def measure(kind: str, count: int, folder: Path) -> dict[str, Any]:
    out = folder / f"{kind}-{count}.pdf"
    code = (
        "import json, sys; from bench.bench_register import _child;"
        f" print(json.dumps(_child({kind!r}, {count}, {str(out)!r})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    out.unlink(missing_ok=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_register", description=__doc__)
    parser.add_argument("--sizes", type=int, nargs=2, default=[6000, 60000])
    parser.add_argument("--baseline", type=int, default=6000, help="rows for the one-Table way")
    parser.add_argument("--out", type=Path, default=RESULTS / "register.md")
    parser.add_argument("--dir", type=Path, default=Path("/tmp"))
    args = parser.parse_args(argv)
    load = [os.getloadavg()[0]]
    small, large = (measure("ours", n, args.dir) for n in args.sizes)
    print(json.dumps(small), json.dumps(large), flush=True)
    base = measure("platypus", args.baseline, args.dir)
    print(json.dumps(base), flush=True)
    load.append(os.getloadavg()[0])
    info = machine.describe()

    def per_row(r: dict[str, Any]) -> float:
        # CPU time: the machine is shared, and wall time measures the neighbours as well.
        return float(r["cpu_s"]) / int(r["rows"]) * 1000

    ratio = per_row(large) / per_row(small)
    lines = [
        "# Request register: linear scaling",
        "",
        f"- date: {dt.datetime.now():%Y-%m-%d %H:%M} (local)",
        f"- machine: {info['nproc']} cores, {info['cpu']}, {info['ram']} RAM; python {info['python']}",
        f"- load average {load[0]:.1f} at the start, {load[1]:.1f} at the end (shared machine)",
        f"- command: `python -m bench.bench_register --sizes {args.sizes[0]} {args.sizes[1]}"
        f" --baseline {args.baseline}`",
        f"- fonts: {small.get('fonts', '?')}",
        "- each row in its own process; peak memory is that process's maximum resident size;"
        " per-row figures use the process's CPU time (the 2 cores are shared with other jobs,"
        " so wall time also measures them)",
        "",
        "| build | rows | pages | seconds (wall) | CPU seconds | CPU ms per row | peak MB |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in (("ours", small), ("ours", large), ("one platypus Table (before)", base)):
        lines.append(
            f"| {name} | {r['rows']:,} | {r['pages']:,} | {r['seconds']:.1f} |"
            f" {r['cpu_s']:.1f} | {per_row(r):.3f} | {r['peak_mb']:.0f} |"
        )
    lines += [
        "",
        f"Time per row at {args.sizes[1]:,} ÷ at {args.sizes[0]:,}: **{ratio:.2f}×** (target ≤ 1.3×).",
        f"Ours ÷ one platypus Table, time per row at {args.baseline:,}:"
        f" **{per_row(small) / per_row(base):.2f}×** (same rows, same font; fewer columns in the"
        " baseline).",
        "",
    ]
    text = "\n".join(lines)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
