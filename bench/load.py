"""The bulk load: the demo generator's records written through the op log (validated drafts,
one transaction per batch — what services.demo.load_demo does), and, batch by batch in the same
run, the same rows written with executemany into bare tables of a second file (no op log, no
indexes, no derived tables): the floor a plain SQLite insert sets on this machine."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from domain.records import ENTITIES
from services import demo
from services.workspace import Profile, Workspace

PROFILE = Profile(
    caseworker="李明",
    district="新吴区",
    sub_district="旺庄街道",
    device_name="bench",
    role="laptop",
)
VISITS_PER_HOUSEHOLD = 10.0
REQUESTS_PER_HOUSEHOLD = 3.0


@dataclass
class LoadResult:
    households: int = 0
    records: dict[str, int] = field(default_factory=dict)
    batches: int = 0
    generate_s: float = 0.0
    validate_s: float = 0.0
    commit_s: float = 0.0
    baseline_s: float = 0.0
    total_s: float = 0.0
    db_bytes: int = 0
    baseline_bytes: int = 0

    @property
    def ours_s(self) -> float:
        """Writing through the op log, generation excluded (the baseline gets the same rows)."""
        return self.validate_s + self.commit_s


def _bare_tables(conn: sqlite3.Connection) -> None:
    for spec in ENTITIES.values():
        columns = ", ".join(["id TEXT", *(f"{f.name} {f.column_type}" for f in spec.fields)])
        conn.execute(f"CREATE TABLE IF NOT EXISTS bare_{spec.table} ({columns})")


def _row(record: demo.DemoRecord) -> tuple[Any, ...]:
    spec = ENTITIES[record.entity]
    values = record.values
    return (
        record.record_id,
        *(
            json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
            for v in (values.get(name) for name in spec.field_names)
        ),
    )


def baseline_insert(conn: sqlite3.Connection, records: list[demo.DemoRecord]) -> None:
    by_entity: dict[str, list[tuple[Any, ...]]] = {}
    for record in records:
        by_entity.setdefault(record.entity, []).append(_row(record))
    conn.execute("BEGIN IMMEDIATE")
    for entity, rows in by_entity.items():
        spec = ENTITIES[entity]
        marks = ",".join("?" * (len(spec.fields) + 1))
        conn.executemany(f"INSERT INTO bare_{spec.table} VALUES ({marks})", rows)
    conn.execute("COMMIT")


def open_baseline(path: Path) -> sqlite3.Connection:
    """Same durability settings as the store: WAL and synchronous=FULL."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    _bare_tables(conn)
    return conn


def load(
    db: Path,
    baseline: Path,
    households: int,
    *,
    seed: int,
    today: dt.date,
    batch_ops: int = demo.DEFAULT_BATCH_OPS,
    progress: Callable[[int, int, float], None] | None = None,
) -> LoadResult:
    began = time.perf_counter()
    result = LoadResult(households=households)
    generator = demo.DemoGenerator(
        households,
        seed=seed,
        today=today,
        visits_per_household=VISITS_PER_HOUSEHOLD,
        requests_per_household=REQUESTS_PER_HOUSEHOLD,
        me=PROFILE.caseworker,
        my_sub_district=PROFILE.sub_district,
    )
    base = open_baseline(baseline)
    with Workspace.open(db) as ws:
        ws.init_profile(PROFILE)
        maker = demo.DraftMaker()

        def write(records: list[demo.DemoRecord]) -> None:
            t0 = time.perf_counter()
            drafts = maker.drafts(records)
            t1 = time.perf_counter()
            ws.commit(drafts)
            t2 = time.perf_counter()
            baseline_insert(base, records)
            t3 = time.perf_counter()
            result.validate_s += t1 - t0
            result.commit_s += t2 - t1
            result.baseline_s += t3 - t2
            result.batches += 1
            for record in records:
                result.records[record.entity] = result.records.get(record.entity, 0) + 1

        t = time.perf_counter()
        projects = generator.projects()
        result.generate_s += time.perf_counter() - t
        write(projects)
        pending: list[demo.DemoRecord] = []
        done = 0
        households_iter = generator.households()
        while True:
            t = time.perf_counter()
            group = next(households_iter, None)
            result.generate_s += time.perf_counter() - t
            if group is not None:
                pending += group
                done += 1
            if pending and (group is None or len(pending) >= batch_ops):
                write(pending)
                pending = []
                if progress is not None:
                    progress(done, households, time.perf_counter() - began)
            if group is None:
                break
    base.close()
    result.total_s = time.perf_counter() - began
    result.db_bytes = _size(db)
    result.baseline_bytes = _size(baseline)
    return result


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
