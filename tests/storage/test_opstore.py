"""The compact op log (migration 7, storage/opstore.py): values compressed, devices as keys, and
the `ops` view showing every op exactly as before — migrated from a database the previous code
wrote, kill -9 at any moment of the migration, and for every value Hypothesis can make."""

from __future__ import annotations

import random
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.ids import uuid7
from domain.ops import Op, canonical_json
from services import households
from services.workspace import Workspace
from storage import migrations, oplog, opstore
from storage.statehash import state_hash
from storage.store import Store, open_raw
from tests.crash_kit import kill_when_ready

FIXTURES = Path(__file__).parent / "fixtures"


def _ops(conn: sqlite3.Connection) -> list[Op]:
    rows = conn.execute(f"SELECT {oplog.OP_COLUMNS} FROM ops ORDER BY rowid")
    return [oplog.row_to_op(row) for row in rows]


def test_migration_7_keeps_every_op_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """schema-v6.db was written by the code before migration 7 (make_schema_v6.py.txt)."""
    path = tmp_path / "v6.db"
    shutil.copy(FIXTURES / "schema-v6.db", path)
    with closing(sqlite3.connect(path)) as plain:
        before_ops = _ops(plain)
        before_state = state_hash(plain)
    assert len(before_ops) == 345
    monkeypatch.setattr(opstore, "TRAIN_AT", (200, 100_000))  # small file: train at once
    with Workspace.open(path) as ws:
        assert ws.store.migrations_applied[0] == "compact op log"  # later ones follow
        after_ops = ws.read(lambda db: _ops(db.conn))
        assert after_ops == before_ops  # every column of every op, the non-canonical one too
        assert ws.read(lambda db: state_hash(db.conn)) == before_state
        stored = ws.read(
            lambda db: db.conn.execute(
                "SELECT typeof(value), count(*), sum(length(value)) FROM op_log GROUP BY 1"
            ).fetchall()
        )
        kinds = {kind: (count, size) for kind, count, size in stored}
        assert kinds["blob"][0] > 300  # compressed with the trained dictionary
        json_bytes = sum(len(op.value_json.encode()) for op in before_ops)
        assert sum(size for _, size in kinds.values()) < json_bytes / 2
        # the devices as keys: two laptops
        assert (
            ws.read(lambda db: db.conn.execute("SELECT count(*) FROM op_devices").fetchone())[0]
            == 2
        )
        # and the database works as before: a conflict listed, an edit written and found
        assert (
            ws.read(lambda db: db.conn.execute("SELECT count(*) FROM conflicts").fetchone())[0] == 1
        )
        name = next(op.value["head_name"] for op in after_ops if op.entity == "household")
        hit = households.find(ws, name)[0]
        ws.update("household", hit["id"], {"notes": "迁移后的备注"})
        assert ws.get("household", hit["id"])["notes"] == "迁移后的备注"


def _v6_database(path: Path, extra_ops: int) -> None:
    """An encrypted schema-v6 database: the fixture, plus many ops written as v6 wrote them."""
    shutil.copy(FIXTURES / "schema-v6.db", path)
    v6 = migrations.MIGRATIONS[:6]
    original = migrations.MIGRATIONS
    migrations.MIGRATIONS = v6
    try:
        with Store(path):
            pass
    finally:
        migrations.MIGRATIONS = original
    with closing(open_raw(path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 6
        household = conn.execute("SELECT id FROM households LIMIT 1").fetchone()[0]
        device = conn.execute("SELECT origin_device FROM ops LIMIT 1").fetchone()[0]
        seq, hlc = conn.execute("SELECT max(origin_seq), max(hlc) FROM ops").fetchone()
        rng = random.Random(7)
        rows = []
        for n in range(1, extra_ops + 1):
            value = {
                "household_id": household,
                "visited_on": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "explained": rng.choice(["补偿方案", "安置房源", "房票使用"]) * rng.randint(1, 9),
                "attitude": rng.choice(["agree", "hesitant", "oppose"]),
            }
            rows.append(
                (uuid7(), device, seq + n, hlc + n, "李明", "visit", uuid7(), None,
                 canonical_json(value), "[]", "create")
            )  # fmt: skip
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT INTO ops VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
        conn.execute("COMMIT")


def test_kill_during_migration_7(tmp_path: Path) -> None:
    path = tmp_path / "crash.db"
    _v6_database(path, 12_000)
    with closing(open_raw(path)) as conn:
        before_ops = _ops(conn)
        before_state = state_hash(conn)
    rng = random.Random(11)
    outcomes = set()
    pristine = tmp_path / "pristine-v6.db"
    shutil.copy(path, pristine)
    for _ in range(12):
        kill_when_ready("tests.storage.crash_migrate", str(path), after=rng.uniform(0.05, 1.2))
        with closing(open_raw(path)) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            # each migration commits on its own: 6 before 7, then 7 and any later one whole
            assert version in range(6, migrations.SCHEMA_VERSION + 1)
            outcomes.add(version)
            # whole either way: the old table or the new one, never half of each
            assert conn.execute("SELECT count(*) FROM ops").fetchone()[0] == len(before_ops)
        if version >= 7:
            if 6 in outcomes:
                break
            # Migrations 8 and 9 follow quickly: this kill landed after them all, before any
            # kill landed inside 7. Back to the v6 file and again.
            for suffix in ("-wal", "-shm"):
                path.with_name(path.name + suffix).unlink(missing_ok=True)
            shutil.copy(pristine, path)
    with Store(path) as store:
        assert store.read(lambda db: _ops(db.conn)) == before_ops
        assert store.read(lambda db: state_hash(db.conn)) == before_state
    assert 6 in outcomes  # at least one kill landed before the migration committed


@settings(max_examples=30, deadline=None)
@given(
    values=st.lists(
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
            lambda inner: (
                st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4)
            ),
            max_leaves=12,
        ),
        min_size=1,
        max_size=40,
    )
)
def test_every_value_reads_back_as_written(
    tmp_path_factory: pytest.TempPathFactory, values: list[object]
) -> None:
    """Whatever the value (text, emoji, long, nested), the view gives back the exact JSON text,
    before and after a dictionary is trained and whether or not it was compressed."""
    path = tmp_path_factory.mktemp("codec") / "codec.db"
    texts = [canonical_json(value) for value in values]
    texts.append('{"a" :  1, "b":"\\u5f20"}')  # not canonical: kept as written
    texts.append(canonical_json({"notes": "征收补偿😀 " * 500}))  # the longest text: compressed
    filler = [canonical_json({"visited_on": f"2026-01-{n % 28 + 1:02d}", "n": n}) * 3
              for n in range(300)]  # fmt: skip
    with Store(path) as store:

        def write(db: object) -> None:
            conn = db.conn  # type: ignore[attr-defined]
            device = oplog.meta.device_id(conn)
            seq = iter(range(1, 10**6))

            def apply(batch: list[str]) -> None:
                oplog.apply_ops(
                    conn,
                    [
                        Op(uuid7(), device, (n := next(seq)), n, "李明", "setting", uuid7(), "x",
                           text, (), "set")
                        for text in batch
                    ],
                )  # fmt: skip

            apply(texts)  # no dictionary yet: kept as text
            apply(filler)
            assert opstore.train(conn, len(texts) + len(filler))
            apply(texts)  # compressed where that is smaller

        store.write(write)
        got = store.read(
            lambda db: [r[0] for r in db.conn.execute("SELECT value_json FROM ops ORDER BY rowid")]
        )
        blobs = store.read(
            lambda db: db.conn.execute(
                "SELECT count(*) FROM op_log WHERE typeof(value) = 'blob'"
            ).fetchone()[0]
        )
    assert got == texts + filler + texts
    assert blobs >= 1
