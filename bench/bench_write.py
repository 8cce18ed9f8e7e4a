"""The write path at size: the `demo` bulk load, the database's size against the raw record data,
and apply_ops (an import's write step) — each beside a baseline measured in the same run.

    python -m bench.bench_write --households 100000 --dir /work/benchdata/write --reuse
    python -m bench.bench_write --households 2000 --out /tmp/write.md     # a quick look

- Bulk load: services.demo.load_demo, exactly what `demo` runs (generation, validation, op log,
  materialised rows, finder and list indexes), in households/s; baseline: the same records
  (generated again from the same seed) inserted with executemany into bare tables of a plaintext
  file, one transaction per batch of the same size.
- Storage: the encrypted database file against the raw record data, measured as the issue did:
  the UTF-8 bytes of every record's id and field values (numbers as their decimal text), i.e.
  `sum(length(CAST(column AS BLOB)))` over the materialised tables. The bare-table file is shown
  too. The breakdown comes from `dbstat` on a plaintext export of the same database.
- Apply: every op of the loaded database applied again to a fresh encrypted database through
  storage.oplog.apply_ops in transactions of 10 000 ops (an import's batches), against a raw
  executemany of the same op rows into a bare table (bench/bench_sync.py's baseline).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import sqlite3
import tempfile
import time
from pathlib import Path

from services import demo

# The demo's helper process is spawned: it imports this module again, as its main, before it
# starts. It needs none of the rest (0.5 s of imports: the CLI's main module imports nothing).
if __name__ != "__mp_main__":
    from bench import load, machine
    from domain.records import ENTITIES
    from services.workspace import Workspace
    from storage import oplog
    from storage.store import Store, open_raw

RESULTS = Path(__file__).resolve().parent / "results"
os.environ.setdefault("DOORSTEP_PASSWORD", "bench write 2026")
TODAY = dt.date(2026, 12, 1)
APPLY_BATCH = 10_000
MIB = 1024 * 1024


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())


def _children_cpu() -> float:
    """CPU seconds of the finished child processes (the demo load's helper)."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def load_demo(db: Path, households: int) -> dict[str, float]:
    """`demo` as the CLI runs it; wall and CPU seconds (this process's and its helper's)."""
    with Workspace.open(db) as ws:
        ws.init_profile(load.PROFILE)
        wall, cpu, helper = time.perf_counter(), time.process_time(), _children_cpu()
        summary = demo.load_demo(ws, households, today=TODAY)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        helper = _children_cpu() - helper
    return {"wall": wall, "cpu": cpu + helper, "helper": helper, "records": float(summary.records)}


def baseline_load(path: Path, households: int) -> dict[str, float]:
    """The same records, generated again, inserted with executemany in batches of the same size
    into bare tables (no op log, no indexes); generation is not timed."""
    path.unlink(missing_ok=True)
    generator = demo.DemoGenerator(
        households,
        today=TODAY,
        me=load.PROFILE.caseworker,
        my_sub_district=load.PROFILE.sub_district,
    )
    conn = load.open_baseline(path)
    seconds = 0.0
    records = 0

    def write(batch: list[demo.DemoRecord]) -> None:
        nonlocal seconds, records
        t = time.perf_counter()
        load.baseline_insert(conn, batch)
        seconds += time.perf_counter() - t
        records += len(batch)

    write(generator.projects() + generator.policies())
    pending: list[demo.DemoRecord] = []
    for group in generator.households():
        pending += group
        if len(pending) >= demo.DEFAULT_BATCH_OPS:
            write(pending)
            pending = []
    write(pending + generator.flat_stock())
    conn.close()
    return {"wall": seconds, "records": float(records), "bytes": float(_size(path))}


def raw_record_bytes(conn: sqlite3.Connection) -> int:
    total = 0
    for spec in ENTITIES.values():
        columns = " + ".join(
            f"coalesce(length(CAST({name} AS BLOB)), 0)" for name in ["id", *spec.field_names]
        )
        total += int(
            conn.execute(f"SELECT coalesce(sum({columns}), 0) FROM {spec.table}").fetchone()[0]
        )
    return total


GROUPS = (
    (
        "op log (rows, indexes, devices, dictionaries)",
        (
            "op_log",
            "ops",
            "op_devices",
            "op_dicts",
            "op_authors",
            "op_entities",
            "sqlite_autoindex_op",
        ),
    ),
    # with their UNIQUE indexes on the household id (sqlite_autoindex_…)
    (
        "list index (household_summary)",
        ("household_summary", "sqlite_autoindex_household_summary"),
    ),
    (
        "finder (household_search, keys, FTS)",
        (
            "household_search",
            "household_keys",
            "household_fts",
            "sqlite_autoindex_household_search",
        ),
    ),
    ("heads, conflicts", ("field_heads", "superseded", "conflicts")),
)


def breakdown(db: Path) -> list[tuple[str, int]]:
    """Bytes per part of the database, from dbstat on a plaintext export (SQLCipher's build has
    no dbstat; the export is packed, so its total is a little under the file's)."""
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "plain.db"
        conn = open_raw(db)
        conn.execute(f"ATTACH DATABASE '{plain}' AS plaintext KEY ''")
        conn.execute("SELECT sqlcipher_export('plaintext')")
        conn.execute("DETACH DATABASE plaintext")
        conn.close()
        with sqlite3.connect(plain) as p:
            rows = p.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall()
    sizes: dict[str, int] = {}
    for name, size in rows:
        group = next(
            (label for label, prefixes in GROUPS if name.startswith(prefixes)),
            "records and their indexes, other",
        )
        sizes[group] = sizes.get(group, 0) + int(size)
    return sorted(sizes.items(), key=lambda kv: -kv[1])


def apply_all(source: Path, target: Path, limit: int) -> dict[str, float]:
    """The first `limit` ops of the loaded database (the issue's import: ~100 000 ops)."""
    conn = open_raw(source)
    rows = conn.execute(
        f"SELECT {oplog.OP_COLUMNS} FROM ops ORDER BY rowid LIMIT ?", (limit,)
    ).fetchall()
    conn.close()
    ops = [oplog.row_to_op(row) for row in rows]
    for leftover in target.parent.glob(target.name + "*"):
        leftover.unlink()
    target.with_name(target.stem + "-db.key").unlink(missing_ok=True)
    with Store(target) as store:
        wall, cpu = time.perf_counter(), time.process_time()
        for start in range(0, len(ops), APPLY_BATCH):
            batch = ops[start : start + APPLY_BATCH]
            store.write(lambda db, batch=batch: oplog.apply_ops(db.conn, batch))
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    raw_path = target.with_name("raw-ops.db")
    raw_path.unlink(missing_ok=True)
    raw = sqlite3.connect(raw_path, isolation_level=None)
    raw.execute("PRAGMA journal_mode = WAL")
    raw.execute("PRAGMA synchronous = FULL")
    raw.execute(f"CREATE TABLE ops ({oplog.OP_COLUMNS})")
    t = time.perf_counter()
    raw.execute("BEGIN IMMEDIATE")
    raw.executemany(f"INSERT INTO ops VALUES ({','.join('?' * 11)})", rows)
    raw.execute("COMMIT")
    baseline = time.perf_counter() - t
    raw.close()
    return {"ops": float(len(ops)), "wall": wall, "cpu": cpu, "baseline": baseline}


def excel_import(folder: Path, rows: int) -> dict[str, float]:
    """A district list of `rows` households (the columns a sub-district's sheet has) imported into
    a database holding its project: reading the workbook, checking and writing, timed apart;
    baseline: the same rows inserted with executemany into a bare table."""
    from openpyxl import Workbook

    from domain.validation import generate_resident_id
    from services import xlsx_import

    path = folder / "清单.xlsx"
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(
        ["序号", "被征收人", "公民身份号码", "联系电话", "房屋坐落", "证载面积", "签约时间"]
    )
    values = []
    for n in range(rows):
        born = dt.date(1950 + n % 50, 1 + n % 12, 1 + n % 28)
        number = generate_resident_id("320214", born, n % 1000)
        row = [n + 1, f"住户{n}", number, f"139{n:08d}", f"新华路{n // 40 + 1}号{n % 40 + 1}01室",
               60 + n % 40, "2026-11-03"]  # fmt: skip
        sheet.append(row)
        values.append(row)
    book.save(path)
    db = folder / "excel.db"
    for leftover in folder.glob("excel.db*"):
        leftover.unlink()
    (folder / "excel-db.key").unlink(missing_ok=True)
    with Workspace.open(db) as ws:
        ws.init_profile(load.PROFILE)
        project = ws.create(
            "project",
            {
                "code": "XH-01",
                "name": "新华路地块",
                "district": "新吴区",
                "sub_district": "旺庄街道",
            },
        )
        wall, cpu = time.perf_counter(), time.process_time()
        loaded = xlsx_import.read_sheet(path)
        mapping, _ = xlsx_import.mapping_for(loaded)
        read_wall = time.perf_counter() - wall
        result = xlsx_import.import_households(ws, loaded, mapping, project)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert len(result.household_ids) == rows, result.plan.problem_lines()[:3]
    base_path = folder / "excel-baseline.db"
    base_path.unlink(missing_ok=True)
    base = load.open_baseline(base_path)
    base.execute("CREATE TABLE bare_list (n, name, id_number, phone, address, area, signed)")
    t = time.perf_counter()
    base.execute("BEGIN IMMEDIATE")
    base.executemany("INSERT INTO bare_list VALUES (?,?,?,?,?,?,?)", values)
    base.execute("COMMIT")
    baseline = time.perf_counter() - t
    base.close()
    return {"rows": float(rows), "wall": wall, "cpu": cpu, "read": read_wall, "baseline": baseline}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep a loaded database and reuse it for the sizes and the apply step",
    )
    parser.add_argument("--skip-apply", action="store_true")
    parser.add_argument("--excel-rows", type=int, default=10_000)
    parser.add_argument("--apply-ops", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=RESULTS / "write.md")
    args = parser.parse_args(argv)
    folder = args.dir or Path(tempfile.mkdtemp(prefix="bench-write-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / f"demo-{args.households}.db"
    info = machine.describe()
    load_before = os.getloadavg()
    began = time.strftime("%Y-%m-%d %H:%M")
    ours: dict[str, float] | None = None
    if not (args.reuse and db.exists()):
        for leftover in folder.glob(f"demo-{args.households}.db*"):
            leftover.unlink()
        (folder / f"demo-{args.households}-db.key").unlink(missing_ok=True)
        ours = load_demo(db, args.households)
    base = baseline_load(folder / "baseline.db", args.households)
    with Store(db) as store:
        raw = store.read(lambda d: raw_record_bytes(d.conn))
    db_bytes = _size(db)
    parts = breakdown(db)
    applied = None if args.skip_apply else apply_all(db, folder / "apply.db", args.apply_ops)
    excel = excel_import(folder, args.excel_rows) if args.excel_rows else None
    load_after = os.getloadavg()

    lines = [
        "# Write path: bulk load, storage, apply_ops",
        "",
        f"- date: {began} (local)",
        f"- machine: {info['nproc']} cores, {info['cpu']}, {info['ram']} RAM, {info['os']}",
        f"- python {info['python']}; load average {load_before[0]:.1f} before, {load_after[0]:.1f} after (shared cores)",
        f"- command: `python -m bench.bench_write --households {args.households}`",
        "",
        "Wall times on shared cores stretch with the load average; the CPU time (both threads,"
        " `time.process_time`) is what this process itself spent.",
        "",
        "| what | ours | baseline | ours ÷ baseline |",
        "|---|---:|---:|---:|",
    ]
    if ours is not None:
        lines.append(
            f"| `demo {args.households}`: households/s, wall ({ours['records']:,.0f} records) |"
            f" {args.households / ours['wall']:,.0f} | {args.households / base['wall']:,.0f} |"
            f" {ours['wall'] / base['wall']:.1f}× the time |"
        )
        lines.append(
            f"| `demo {args.households}`: households per CPU-second, CPU ms per household"
            f" (the loading process {1000 * (ours['cpu'] - ours['helper']) / args.households:.2f} ms,"
            f" the helper process {1000 * ours['helper'] / args.households:.2f} ms) |"
            f" {args.households / ours['cpu']:,.0f}; {1000 * ours['cpu'] / args.households:.2f} ms | | |"
        )
    lines.append(
        f"| database file vs raw record data | {db_bytes / MIB:,.1f} MiB |"
        f" {raw / MIB:,.1f} MiB | {db_bytes / raw:.2f}× |"
    )
    lines.append(
        f"| database file vs bare tables, no indexes (plaintext SQLite) | {db_bytes / MIB:,.1f} MiB |"
        f" {base['bytes'] / MIB:,.1f} MiB | {db_bytes / base['bytes']:.2f}× |"
    )
    if applied is not None:
        lines.append(
            f"| apply_ops of {applied['ops']:,.0f} ops in batches of {APPLY_BATCH:,} (an import's"
            f" write step), wall; CPU {applied['cpu']:.1f} s | {applied['wall']:.1f} s |"
            f" {applied['baseline']:.2f} s raw executemany | {applied['wall'] / applied['baseline']:.1f}× |"
        )
    if excel is not None:
        lines.append(
            f"| Excel import, {excel['rows']:,.0f}-row district list: households/s, wall (read"
            f" {excel['read']:.1f} s, check and write {excel['wall'] - excel['read']:.1f} s) |"
            f" {excel['rows'] / excel['wall']:,.0f} | {excel['rows'] / excel['baseline']:,.0f} |"
            f" {excel['wall'] / excel['baseline']:.0f}× the time |"
        )
        lines.append(
            f"| Excel import: households per CPU-second, CPU ms per household |"
            f" {excel['rows'] / excel['cpu']:,.0f}; {1000 * excel['cpu'] / excel['rows']:.2f} ms | | |"
        )
    total = sum(size for _, size in parts)
    lines += [
        "",
        "| part of the database (dbstat, plaintext export) | MiB | share |",
        "|---|---:|---:|",
    ]
    lines += [
        f"| {name} | {size / MIB:,.1f} | {100 * size / total:.0f} % |" for name, size in parts
    ]
    text = "\n".join(lines) + "\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
