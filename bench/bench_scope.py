"""`python -m bench.bench_scope --households 2000`: is a scoped laptop's bundle no bigger than
its scope's share? Prints a table and writes bench/results/scope.md.

Set-up (not timed): the demo generator's district (households spread over several projects and
sub-districts, with members, visits, requests, progress) reaches the hub in one bundle; the hub
enrols two laptops: one holding everything (the baseline, measured in the same run) and one
scoped to 新吴区/旺庄街道.

Measured, for both laptops, on the hub's first bundle (everything each may hold) and on a
second bundle after the hub edited 10 % of all households: bundle bytes, ops carried, the ops of
the scope, bytes per in-scope op, and the export time (wall and CPU), each as a ratio to the whole-district
bundle of the same round. The scope's share is its in-scope ops over the district's. Between rounds each laptop sends its
bundle back (its acknowledgement), as at the district office.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PASSWORD = "bench password 2026"
os.environ.setdefault("DOORSTEP_PASSWORD", PASSWORD)  # the throwaway databases' password
SCOPE = ("新吴区", "旺庄街道")


def _enrol(hub: Any, laptop: Any, stick: Path) -> None:
    request, _ = laptop.export_enrolment(PASSWORD, stick)
    hub.import_enrolment(PASSWORD, request)
    reply, _ = hub.export_enrolment(PASSWORD, stick)
    laptop.import_enrolment(PASSWORD, reply)


def _in_scope_ops(hub_ws: Any, scope: Any) -> tuple[int, int]:
    """(ops about in-scope records and shared ones, all ops) on the hub: what the scope may hold."""
    from storage import scoping

    def read(db: Any) -> tuple[int, int]:
        m = scoping.membership(db.conn, scope)
        inside = total = 0
        for entity, entity_id in db.conn.execute("SELECT entity, entity_id FROM ops"):
            total += 1
            inside += m.allows(entity, entity_id)
        return inside, total

    result: tuple[int, int] = hub_ws.read(read)
    return result


NAMES = ("hub", "whole", "scoped", "source")


def build(folder: Path, households: int, seed: int) -> None:
    """The district at the hub (from a generated laptop's bundle) and two enrolled laptops."""
    from bench.load import load
    from domain.scope import Scope
    from services.sync import Sync
    from services.workspace import Profile, Workspace

    source_db = folder / "source" / "doorstep.db"
    source_db.parent.mkdir(parents=True)
    print(f"generating {households} households ...", flush=True)
    load(source_db, folder / "baseline.db", households, seed=seed, today=dt.date(2026, 11, 26))
    stick = folder / "stick"
    stick.mkdir()
    sites: dict[str, Workspace] = {}
    for name, role in (("hub", "hub"), ("whole", "laptop"), ("scoped", "laptop")):
        path = folder / name / "doorstep.db"
        path.parent.mkdir(parents=True)
        sites[name] = Workspace.open(path)
        sites[name].init_profile(Profile("测试", "新吴区", "旺庄街道", f"bench-{name}", role))
    sites["source"] = Workspace.open(source_db)
    syncs = {name: Sync(ws) for name, ws in sites.items()}
    for sync in syncs.values():
        sync.init_device(PASSWORD)
    for name in ("source", "whole", "scoped"):
        _enrol(syncs["hub"], syncs[name], stick)
    syncs["hub"].set_scope(PASSWORD, "bench-scoped", Scope.area(*SCOPE))
    print("source -> hub ...", flush=True)
    (bundle,) = syncs["source"].export(PASSWORD, stick)
    syncs["hub"].import_files(PASSWORD, [bundle.path])
    for ws in sites.values():
        ws.close()


def prepare(folder: Path, households: int, seed: int, data: Path | None) -> None:
    """Build into `folder`, or copy a district built before with the same `--data` folder
    (generating 100 000 households takes minutes; the measured rounds start from a copy)."""
    if data is not None:
        data = data / f"h{households}-s{seed}"
        if (data / "built").exists():
            print(f"reusing {data}", flush=True)
            shutil.copytree(data, folder, dirs_exist_ok=True)
            return
    build(folder, households, seed)
    if data is not None:
        shutil.rmtree(data, ignore_errors=True)
        shutil.copytree(folder, data)
        (data / "built").touch()


def _plan_seconds(hub: Any, laptop: str) -> tuple[float, float]:
    """Seconds (wall, CPU) the scoped laptop's export spends choosing what to send
    (`sync.scoped.plan`), planned from the same state as the export that follows."""
    from sync import exchange

    def plan(db: Any) -> tuple[float, float]:
        conn = db.conn
        device = exchange.find_device(exchange.stored_registry(conn), laptop)
        holding = exchange.held(conn)
        start, cpu = time.perf_counter(), time.process_time()
        exchange._scoped_plan(conn, [device], holding, False)
        return time.perf_counter() - start, time.process_time() - cpu

    seconds: tuple[float, float] = hub.read(plan)
    return seconds


def run(folder: Path, households: int, seed: int, data: Path | None = None) -> list[dict[str, Any]]:
    os.environ["DOORSTEP_INSECURE_FAST_KDF"] = "1"
    from domain.scope import Scope
    from services.sync import Sync
    from services.workspace import Workspace
    from storage.oplog import Draft

    prepare(folder, households, seed, data)
    stick = folder / "stick"
    sites = {name: Workspace.open(folder / name / "doorstep.db") for name in NAMES}
    syncs = {name: Sync(ws) for name, ws in sites.items()}
    scope = Scope.area(*SCOPE)
    rows: list[dict[str, Any]] = []
    rng = random.Random(seed)
    for round_name in ("first bundle (everything)", "after 10 % of households edited"):
        if rows:
            ids = sites["hub"].read(
                lambda db: [r[0] for r in db.conn.execute("SELECT id FROM households")]
            )
            edits = [
                Draft("set", "household", hid, "notes", f"调度会后补充说明{n}")
                for n, hid in enumerate(rng.sample(ids, max(1, len(ids) // 10)))
            ]
            sites["hub"].commit(edits)
        inside, total = _in_scope_ops(sites["hub"], scope)
        measured: dict[str, dict[str, Any]] = {}
        plan = _plan_seconds(sites["hub"], "bench-scoped")  # what the next export plans from
        for name in ("whole", "scoped"):
            t, cpu = time.perf_counter(), time.process_time()
            (result,) = syncs["hub"].export(PASSWORD, stick, to=[f"bench-{name}"])
            seconds = time.perf_counter() - t
            cpu = time.process_time() - cpu
            (outcome,) = syncs[name].import_files(PASSWORD, [result.path])
            assert outcome.status == "imported", outcome.error
            measured[name] = {
                "bytes": result.size, "ops": result.op_count, "s": seconds, "cpu": cpu
            }  # fmt: skip
            (back,) = syncs[name].export(PASSWORD, stick)  # its acknowledgement, as in the field
            syncs["hub"].import_files(PASSWORD, [back.path])
        measured["scoped"]["plan"], measured["scoped"]["plan_cpu"] = plan
        rows.append(
            {"round": round_name, "inside": inside, "total": total, **{
                f"{k}_{n}": v for n, m in measured.items() for k, v in m.items()}}
        )  # fmt: skip
    households_held = {
        name: sites[name].read(
            lambda db: db.conn.execute("SELECT count(*) FROM households").fetchone()[0]
        )
        for name in ("hub", "scoped")
    }
    rows[0]["households"] = households_held
    for ws in sites.values():
        ws.close()
    return rows


def table(rows: list[dict[str, Any]], households: int) -> str:
    lines = [
        f"Scoped sync: {households} households generated; laptop scoped to {'/'.join(SCOPE)} "
        f"holds {rows[0]['households']['scoped']} of {rows[0]['households']['hub']} households.",
        "",
        "| round | scope's share of ops | scoped bundle / whole bundle (bytes) | ops carried "
        "(scoped / whole) | bytes per in-scope op (scoped / whole*) | export time scoped / whole "
        "| export CPU scoped / whole | choosing what to send (scoped) / whole export "
        "| its CPU / whole export's CPU |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        share = r["inside"] / max(1, r["total"])
        lines.append(
            f"| {r['round']} | {share:.1%} ({r['inside']} of {r['total']}) "
            f"| {r['bytes_scoped'] / max(1, r['bytes_whole']):.2f} "
            f"({r['bytes_scoped']:,} / {r['bytes_whole']:,}) "
            f"| {r['ops_scoped']:,} / {r['ops_whole']:,} "
            f"| {r['bytes_scoped'] / max(1, r['ops_scoped']):.0f} / "
            f"{r['bytes_whole'] / max(1, r['ops_whole']):.0f} "
            f"| {r['s_scoped'] / max(1e-9, r['s_whole']):.2f} "
            f"| {r['cpu_scoped'] / max(1e-9, r['cpu_whole']):.2f} "
            f"({r['cpu_scoped']:.3f} s / {r['cpu_whole']:.3f} s) "
            f"| {r['plan_scoped'] / max(1e-9, r['s_whole']):.3f} "
            f"({r['plan_scoped']:.3f} s / {r['s_whole']:.3f} s) "
            f"| {r['plan_cpu_scoped'] / max(1e-9, r['cpu_whole']):.3f} "
            f"({r['plan_cpu_scoped']:.3f} s / {r['cpu_whole']:.3f} s) |"
        )
    lines += [
        "",
        "*whole: the same round's bundle for a laptop without a scope (the baseline).",
        "The second round's share is of all ops; the bundles carry only the round's changes.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_scope", description=__doc__)
    parser.add_argument("--households", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, default=RESULTS / "scope.md")
    parser.add_argument(
        "--data", type=Path, default=None, help="keep the built district here and reuse it"
    )
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="bench-scope-"))
    try:
        rows = run(folder, args.households, args.seed, args.data)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    text = table(rows, args.households)
    print(text)
    stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    args.out.write_text(f"# {stamp}\n\n{text}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
