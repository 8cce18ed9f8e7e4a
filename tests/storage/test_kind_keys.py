"""The op's kind as a small integer in the op log (migration 13, bench/results/storage.md): a
schema-12 database (tests/storage/fixtures/schema-v12-4k.db, with ops of every kind added as that
schema stored them) is upgraded with every op read back as before, all or nothing; every writer
stores the key; the `ops` view shows the text and the events' partial index still serves their
readers."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from domain.ops import KINDS
from services import visits
from services.workspace import Workspace
from storage import keyring, migrations, oplog, opstore
from storage.db import IntegrityError
from storage.statehash import state_hash
from storage.store import open_raw

FIXTURES = Path(__file__).parent / "fixtures"
MIGRATION_13 = next(name for version, name, _ in migrations.MIGRATIONS if version == 13)


def _v12(folder: Path) -> Path:
    path = folder / "v12.db"
    shutil.copy(FIXTURES / "schema-v12-4k.db", path)
    shutil.copy(FIXTURES / "schema-v12-4k-db.key", keyring.key_file_path(path))
    return path


def _ops(conn: sqlite3.Connection) -> list[tuple[object, ...]]:
    return conn.execute(f"SELECT rowid, {oplog.OP_COLUMNS} FROM ops ORDER BY rowid").fetchall()


def _add_every_kind(conn: sqlite3.Connection) -> None:
    """Ops of each kind but create written into the schema-12 log through its view (whose
    trigger stores the kind as text): one record's edits, an attachment, an event."""
    household, device = conn.execute(
        "SELECT o.entity_id, o.origin_device FROM ops o WHERE o.entity = 'household' LIMIT 1"
    ).fetchone()
    seq = conn.execute("SELECT max(origin_seq) FROM ops").fetchone()[0]
    hlc = conn.execute("SELECT max(hlc) FROM ops").fetchone()[0]
    rows = [
        ("set", "household", household, "phone", '"13800000000"'),
        ("resolve", "household", household, "phone", '"13900000000"'),
        ("delete", "household", household, "_deleted", "true"),
        ("attach", "attachment", f"{household[:-4]}beef", None, '{"sha256":"00","size":1}'),
        ("event", "household", household, "print", '{"pages":2}'),
    ]
    for n, (kind, entity, entity_id, field, value) in enumerate(rows, start=1):
        conn.execute(
            "INSERT INTO ops (op_id, origin_device, origin_seq, hlc, author, entity, entity_id,"
            " field, value_json, preds_json, kind) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (f"0190abcd-0000-7000-8000-00000000000{n}", device, seq + n, hlc + n, "李明",
             entity, entity_id, field, value, "[]", kind),
        )  # fmt: skip


def test_migration_13_keeps_every_op_and_stores_each_kind_as_its_key(tmp_path: Path) -> None:
    path = _v12(tmp_path)
    with closing(open_raw(path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 12
        _add_every_kind(conn)
        before, before_state = _ops(conn), state_hash(conn)
        assert {row[-1] for row in before} == set(KINDS)
    with Workspace.open(path) as ws:
        assert ws.store.migrations_applied[0] == MIGRATION_13
        after = ws.read(lambda db: _ops(db.conn))
        assert after == before
        assert ws.read(lambda db: state_hash(db.conn)) == before_state
        stored = ws.read(
            lambda db: db.conn.execute(
                "SELECT DISTINCT typeof(kind), kind FROM op_log ORDER BY kind"
            ).fetchall()
        )
        assert stored == [("integer", opstore.KIND_KEYS[kind]) for kind in KINDS]
        events = ws.read(
            lambda db: db.conn.execute(
                f"SELECT field FROM ops WHERE {opstore.EVENTS}"  # through the partial index
            ).fetchall()
        )
        assert events == [("print",)]
    with closing(open_raw(path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert list(tmp_path.glob("v12.db.v12-*.bak")), "the upgrade kept a copy of schema 12"


def test_a_failed_migration_13_leaves_the_schema_12_log_as_it_was(tmp_path: Path) -> None:
    """A kind no version knows (a forged row) cannot be given a key: the upgrade stops there and
    the file keeps schema 12, every op as it was."""
    path = _v12(tmp_path)
    with closing(open_raw(path)) as conn:
        conn.execute(
            "UPDATE op_log SET kind = 'future' WHERE rowid = (SELECT max(rowid) FROM op_log)"
        )
        before = _ops(conn)
    with pytest.raises(IntegrityError):
        Workspace.open(path)
    with closing(open_raw(path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 12
        assert _ops(conn) == before


@pytest.mark.parametrize("kind", KINDS)
def test_every_writer_stores_the_kind_as_its_key_and_the_view_shows_its_text(
    ws: Workspace, kind: str
) -> None:
    def write(db: object) -> tuple[object, ...]:
        conn = db.conn  # type: ignore[attr-defined]
        device = conn.execute("SELECT value FROM meta WHERE key = 'device_id'").fetchone()[0]
        op_id = "0190abcd-0000-7000-8000-0000000000aa"
        conn.execute(
            "INSERT INTO ops (op_id, origin_device, origin_seq, hlc, author, entity, entity_id,"
            " field, value_json, preds_json, kind) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (op_id, device, 900, 900, "李明", "household", "h-1", None, "{}", "[]", kind),
        )
        conn.execute("UPDATE ops SET kind = ? WHERE op_key = id_key(?)", (kind, op_id))
        return conn.execute(
            "SELECT o.kind, v.kind, v.kind_key FROM op_log o JOIN ops v ON v.rowid = o.rowid"
            " WHERE o.op_id = id_key(?)",
            (op_id,),
        ).fetchone()

    key = opstore.KIND_KEYS[kind]
    assert ws.write(write) == (key, kind, key)


def test_the_kind_as_text_is_refused_in_the_log_itself(ws: Workspace) -> None:
    ws.create(
        "project", {"code": "P", "name": "项目", "district": "新吴区", "sub_district": "旺庄街道"}
    )
    with pytest.raises(IntegrityError, match="CHECK"):
        ws.write(lambda db: db.conn.execute("UPDATE op_log SET kind = 'create'"))
    assert ws.read(lambda db: db.conn.execute("SELECT kind FROM ops").fetchall()) == [("create",)]


def test_the_key_and_text_sql_agree_with_the_table() -> None:
    assert set(opstore.KIND_KEYS) == set(KINDS)
    assert opstore.KIND_KEYS["create"] == 0 and opstore.KIND_KEYS["set"] == 1  # no bytes stored
    with closing(sqlite3.connect(":memory:")) as conn:
        for kind, key in opstore.KIND_KEYS.items():
            assert conn.execute(f"SELECT {opstore.kind_key_sql('?')}", (kind,)).fetchone() == (key,)
            assert conn.execute(f"SELECT {opstore.kind_text_sql('?')}", (key,)).fetchone() == (
                kind,
            )
        assert conn.execute(f"SELECT {opstore.kind_key_sql('?')}", ("x",)).fetchone() == (None,)


def test_void_reasons_read_events_from_their_index(ws: Workspace) -> None:
    plan = ws.read(
        lambda db: " ".join(
            row[3]
            for row in db.conn.execute(
                "EXPLAIN QUERY PLAN SELECT entity_id, value_json FROM ops"
                f" WHERE {opstore.EVENTS} AND field = ?",
                (visits.VOID_EVENT,),
            )
        )
    )
    assert "op_log_event" in plan
