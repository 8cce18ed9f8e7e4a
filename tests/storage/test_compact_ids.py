"""Compact ids (migration 10, storage/opstore.py and storage/schema.py): op and record ids kept
as 16-byte blobs in the op log, the creating device as a key in every record row — migrated
from a database the previous code wrote, every op and record reading back exactly as before,
the log's lookups still indexed, and for every id Hypothesis can make."""

from __future__ import annotations

import re
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from domain.ids import uuid7
from domain.ops import Op
from domain.records import ENTITIES
from services import households
from services.workspace import Workspace
from storage import migrations, oplog, opstore
from storage.db import IntegrityError
from storage.statehash import state_hash
from storage.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT = {"code": "P-1", "name": "地块", "district": "新吴区", "sub_district": "旺庄街道"}


def _ops(conn: sqlite3.Connection) -> list[Op]:
    rows = conn.execute(f"SELECT {oplog.OP_COLUMNS} FROM ops ORDER BY rowid")
    return [oplog.row_to_op(row) for row in rows]


def _v9(path: Path) -> tuple[list[Op], str]:
    """The schema-v9 fixture (make_schema_v9.py.txt) and what it held as that code read it."""
    shutil.copy(FIXTURES / "schema-v9.db", path)
    with closing(sqlite3.connect(path)) as plain:
        opstore.register(plain)  # its view decodes values with op_value
        assert plain.execute("PRAGMA user_version").fetchone()[0] == 9
        return _ops(plain), state_hash(plain)


def test_migration_10_keeps_every_op_and_record(tmp_path: Path) -> None:
    path = tmp_path / "v9.db"
    before_ops, before_state = _v9(path)
    assert len(before_ops) == 329
    with Workspace.open(path) as ws:
        assert ws.store.migrations_applied == [
            name for version, name, _ in migrations.MIGRATIONS if version > 9
        ]
        after_ops = ws.read(lambda db: _ops(db.conn))
        assert after_ops == before_ops  # every column of every op, odd ids and values too
        assert ws.read(lambda db: state_hash(db.conn)) == before_state
        stored = ws.read(
            lambda db: db.conn.execute(
                "SELECT typeof(op_id), typeof(entity_id), count(*) FROM op_log GROUP BY 1, 2"
            ).fetchall()
        )
        # the uppercase op id and the hand-made record id stay text; every other id is 16 bytes
        assert sorted(stored) == [("blob", "blob", 327), ("blob", "text", 1), ("text", "blob", 1)]
        assert ws.read(
            lambda db: db.conn.execute(
                "SELECT max(length(op_id)), max(length(entity_id)) FROM op_log"
                " WHERE typeof(op_id) = 'blob' AND typeof(entity_id) = 'blob'"
            ).fetchone()
        ) == (16, 16)
        for spec in ENTITIES.values():
            kinds = ws.read(
                lambda db, t=spec.table: {
                    row[0]
                    for row in db.conn.execute(f"SELECT DISTINCT typeof(_created_device) FROM {t}")
                }
            )
            assert kinds <= {"integer"}, (spec.table, kinds)
        indexes = ws.read(
            lambda db: {r[0] for r in db.conn.execute("SELECT name FROM sqlite_master")}
        )
        assert "household_summary_due" not in indexes
        assert "household_summary_due_by" in indexes
        # the database works as before: the conflict listed, an edit written, history read
        assert ws.read(lambda db: db.conn.execute("SELECT count(*) FROM conflicts").fetchone())[0]
        hand_made = ws.get("member", "hand-made member 1")
        assert hand_made["name"] == "手工成员"
        name = next(op.value["head_name"] for op in after_ops if op.entity == "household")
        hit = households.find(ws, name)[0]
        ws.update("household", hit["id"], {"notes": "迁移后的备注"})
        assert ws.get("household", hit["id"])["notes"] == "迁移后的备注"
        assert [entry.field for entry in ws.history(hit["id"])][-1] == "notes"
    assert len(list(tmp_path.glob("v9.db.v9-*.bak"))) == 1


def test_the_upgrade_gives_the_space_back(tmp_path: Path) -> None:
    """The op log and the record tables are rewritten: without a VACUUM afterwards the file would
    keep their old pages as free space and stay as large as before."""
    path = tmp_path / "v9.db"
    _v9(path)
    with Store(path) as store:
        free = store.read(lambda db: db.conn.execute("PRAGMA freelist_count").fetchone()[0])
        pages = store.read(lambda db: db.conn.execute("PRAGMA page_count").fetchone()[0])
    assert free == 0 < pages


def _plan(conn: sqlite3.Connection, sql: str, *args: object) -> str:
    return " | ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, args))


def test_lookups_by_id_use_the_indexes(ws: Workspace) -> None:
    """By record, by op id, by (device, seq), and through the view's triggers: never a scan."""
    if True:
        project = ws.create("project", PROJECT)
        op = ws.read(
            lambda db: oplog.row_to_op(
                db.conn.execute(f"SELECT {oplog.OP_COLUMNS} FROM ops LIMIT 1").fetchone()
            )
        )
        plans = ws.read(
            lambda db: [
                _plan(
                    db.conn,
                    f"SELECT {oplog.OP_COLUMNS} FROM ops WHERE entity_key = id_key(?)",
                    project,
                ),
                _plan(
                    db.conn,
                    f"SELECT {oplog.OP_COLUMNS} FROM ops WHERE op_key IN ({opstore.key_marks(2)})",
                    op.op_id,
                    op.op_id,
                ),
                _plan(
                    db.conn,
                    "SELECT op_id FROM ops WHERE origin_device = ? AND origin_seq = ?",
                    op.origin_device,
                    op.origin_seq,
                ),
                _plan(
                    db.conn,
                    "UPDATE ops SET value_json = value_json WHERE op_key = id_key(?)",
                    op.op_id,
                ),
            ]
        )
    for plan in plans:
        assert "op_log USING" in plan or "o USING" in plan, plan
        # ("SCAN ops" in an UPDATE's plan is the matched rows handed to the trigger)
        assert not re.search(r"\bSCAN (o|op_log)\b", plan), plan


def test_a_new_database_stores_ids_as_bytes(ws: Workspace) -> None:
    if True:
        project = ws.create("project", PROJECT)
        stored = ws.read(
            lambda db: db.conn.execute(
                "SELECT typeof(op_id), length(op_id), typeof(entity_id), id_text(entity_id)"
                " FROM op_log"
            ).fetchall()
        )
        device = ws.read(
            lambda db: db.conn.execute(
                "SELECT typeof(p._created_device), d.device_id FROM projects p"
                " JOIN op_devices d ON d.key = p._created_device"
            ).fetchone()
        )
        me = ws.read(lambda db: db.conn.execute("SELECT origin_device FROM ops").fetchone()[0])
    assert stored == [("blob", 16, "blob", project)]
    assert device == ("integer", me)


CANONICAL = st.uuids().map(str)


@given(st.one_of(CANONICAL, CANONICAL.map(str.upper), st.text(max_size=40), st.just(uuid7())))
def test_every_id_reads_back_as_written(text: str) -> None:
    stored = opstore.id_key(text)
    assert opstore.id_text(stored) == text
    assert isinstance(stored, bytes) == (
        text == text.lower() and len(text) == 36 and _is_uuid(text)
    )


def _is_uuid(text: str) -> bool:
    import uuid

    try:
        return str(uuid.UUID(text)) == text
    except ValueError:
        return False


@given(st.lists(st.one_of(CANONICAL, st.text(min_size=1, max_size=12)), min_size=1, max_size=8))
def test_the_view_round_trips_any_ids(ids: list[str]) -> None:
    """Through the log's own SQL: stored with id_key, looked up with key_marks, read as text."""
    conn = sqlite3.connect(":memory:")
    opstore.register(conn)
    conn.execute("CREATE TABLE t (id BLOB)")
    conn.executemany("INSERT INTO t VALUES (id_key(?))", [(i,) for i in ids])
    found = conn.execute(
        f"SELECT id_text(id) FROM t WHERE id IN ({opstore.key_marks(len(ids))})", ids
    ).fetchall()
    assert sorted(row[0] for row in found) == sorted(ids)


def test_a_uuid_written_as_text_is_refused(ws: Workspace) -> None:
    """A writer of op_log that forgets id_key would store an id no lookup finds (and could store
    its op twice): the table's CHECKs refuse it."""
    ws.create("project", PROJECT)
    row = ws.read(lambda db: db.conn.execute("SELECT * FROM op_log LIMIT 1").fetchone())
    for column in (0, 6):  # op_id, entity_id
        forged = list(row)
        forged[0] = uuid7()
        forged[2] = 999
        forged[column] = uuid7()  # text, not bytes
        try:
            ws.store.write(
                lambda db, forged=forged: db.conn.execute(
                    f"INSERT INTO op_log VALUES ({','.join('?' * len(forged))})", forged
                )
            )
        except IntegrityError:
            continue
        raise AssertionError(f"column {column} took a UUID as text")
    forged = list(row)
    forged[0], forged[2], forged[6] = uuid7().upper(), 999, "hand-made id"  # not canonical: text
    ws.store.write(
        lambda db: db.conn.execute(
            f"INSERT INTO op_log VALUES ({','.join('?' * len(forged))})", forged
        )
    )
