"""apply_ops is set-based per batch (issue 15): the statements it sends to SQLite for a batch do
not grow with the batch's ops — heads are read once per batch, kept in memory and written back
with one executemany, rows rewritten with one executemany per table — so an import of 100 000
ops is not 100 000 round trips. And the garbage collector it pauses runs again afterwards."""

from __future__ import annotations

import gc
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from domain.ids import uuid7
from domain.ops import Op
from storage import migrations, oplog, opstore
from storage.db import open_connection
from storage.gcpause import paused_gc
from storage.oplog import Draft
from storage.statehash import state_hash


class CountingConnection:
    """The real connection, counting the statements (execute / executemany calls) sent to it."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self.statements = 0

    def execute(self, *args: Any) -> Any:
        self.statements += 1
        return self._conn.execute(*args)

    def executemany(self, *args: Any) -> Any:
        self.statements += 1
        return self._conn.executemany(*args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def _database(path: Path, households: int) -> tuple[sqlite3.Connection, list[str]]:
    conn = open_connection(path, bytes(32))
    migrations.migrate(conn, None)
    project = uuid7()
    ids = [uuid7() for _ in range(households)]
    drafts = [Draft("create", "project", project, None, {"code": "P", "name": "旺庄地块"})]
    for n, household in enumerate(ids):
        drafts.append(
            Draft(
                "create",
                "household",
                household,
                None,
                {"project_id": project, "head_name": f"张伟{n}", "address": f"旺庄路{n}号"},
            )
        )
        drafts.append(
            Draft(
                "create", "member", uuid7(), None, {"household_id": household, "name": f"王芳{n}"}
            )
        )
    conn.execute("BEGIN IMMEDIATE")
    oplog.apply_ops(conn, oplog.new_local_ops(conn, "李明", drafts))
    conn.execute("COMMIT")
    return conn, ids


def _edits(conn: sqlite3.Connection, ids: list[str]) -> list[Op]:
    """Three edits of every household (two fields, one edited twice) and a new visit each."""
    drafts: list[Draft] = []
    for household in ids:
        drafts.append(Draft("set", "household", household, "attitude", "undecided"))
        drafts.append(Draft("set", "household", household, "notes", "第一次补充说明"))
        drafts.append(Draft("set", "household", household, "attitude", "agree"))
        drafts.append(Draft("create", "visit", uuid7(), None, {"household_id": household}))
    conn.execute("BEGIN IMMEDIATE")
    ops = oplog.new_local_ops(conn, "李明", drafts)
    conn.execute("ROLLBACK")  # made here, applied by the test: they stay valid
    return ops


def _statements_to_apply(path: Path, households: int) -> tuple[int, sqlite3.Connection]:
    conn, ids = _database(path, households)
    ops = _edits(conn, ids)
    counting = CountingConnection(conn)
    conn.execute("BEGIN IMMEDIATE")
    result = oplog.apply_ops(counting, ops)  # type: ignore[arg-type]
    conn.execute("COMMIT")
    assert result.new_ops == len(ops)
    return counting.statements, conn


def test_statements_per_batch_do_not_grow_with_its_ops(tmp_path: Path) -> None:
    few, small = _statements_to_apply(tmp_path / "few.db", 5)
    many, large = _statements_to_apply(tmp_path / "many.db", 120)  # 480 ops, under one chunk
    with closing(small), closing(large):
        rows = large.execute(
            "SELECT count(*), sum(attitude = 'agree'), sum(notes = '第一次补充说明') FROM households"
        ).fetchone()
        heads = large.execute("SELECT count(*) FROM field_heads").fetchone()[0]
    assert rows == (120, 120, 120)
    assert heads == 240  # one head per edited field: the second attitude superseded the first
    assert many == few, f"{few} statements for 20 ops, {many} for 480"


def test_one_batch_or_one_op_at_a_time_give_one_state(tmp_path: Path) -> None:
    """The heads a batch keeps in memory equal what applying the same ops one by one leaves."""
    source, ids = _database(tmp_path / "source.db", 8)
    with closing(source):
        held = [r[0] for r in source.execute("SELECT op_id FROM ops ORDER BY rowid")]
        ops = [*oplog.ops_by_id(source, held).values(), *_edits(source, ids)]
    digests = []
    for name, size in (("batch", len(ops)), ("single", 1)):
        with closing(open_connection(tmp_path / f"{name}.db", bytes(32))) as conn:
            migrations.migrate(conn, None)
            conn.execute("BEGIN IMMEDIATE")
            for start in range(0, len(ops), size):
                oplog.apply_ops(conn, ops[start : start + size])
            conn.execute("COMMIT")
            digests.append(state_hash(conn))
    assert digests[0] == digests[1]


def test_the_collector_runs_again_after_a_write_even_a_failed_one() -> None:
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer write still runs
    assert gc.isenabled()
    with pytest.raises(RuntimeError), paused_gc():
        raise RuntimeError("a write that failed")
    assert gc.isenabled()


def _id_function_calls(path: Path, households: int) -> int:
    """Calls of the id conversion SQL functions (id_key, id_text) while a batch of new records —
    a household and a member each — is applied."""
    conn, _ = _database(path, 1)
    calls = 0

    def counted(fn: Any) -> Any:
        def call(value: Any) -> Any:
            nonlocal calls
            calls += 1
            return fn(value)

        return call

    conn.create_function("id_key", 1, counted(opstore.id_key), deterministic=True)
    conn.create_function("id_text", 1, counted(opstore.id_text), deterministic=True)
    project = conn.execute("SELECT id FROM projects").fetchone()[0]
    drafts = []
    for n in range(households):
        household = uuid7()
        drafts.append(
            Draft(
                "create",
                "household",
                household,
                None,
                {"project_id": project, "head_name": f"李{n}"},
            )
        )
        drafts.append(Draft("create", "member", uuid7(), None, {"household_id": household}))
    with closing(conn):
        conn.execute("BEGIN IMMEDIATE")
        ops = oplog.new_local_ops(conn, "李明", drafts)
        calls = 0
        oplog.apply_ops(conn, ops)
        conn.execute("COMMIT")
    return calls


def test_new_records_cost_no_id_conversion_in_sql_per_op(tmp_path: Path) -> None:
    """The batch's ids are converted to their stored form once, in Python, and looked up as
    stored: a Python function called by SQLite for every op (twice, in the old lookups) was a
    measurable share of an import of 100 000 ops."""
    few = _id_function_calls(tmp_path / "few.db", 5)
    many = _id_function_calls(tmp_path / "many.db", 200)
    assert many == few, f"{few} id conversions in SQL for 10 ops, {many} for 400"


def test_held_op_ids_names_exactly_the_ops_the_log_holds(tmp_path: Path) -> None:
    """Looked up as stored: a UUID as its 16 bytes, any other id as its text — the same answer
    ops_by_id gives, without reading the ops."""
    conn, ids = _database(tmp_path / "held.db", 2)
    with closing(conn):
        held = [r[0] for r in conn.execute("SELECT op_id FROM ops ORDER BY rowid")]
        (edit,) = _edits(conn, ids[:1])[:1]
        hand_made = Op("hand-made 1", *astuple_tail(edit))
        conn.execute("BEGIN IMMEDIATE")
        oplog.apply_ops(conn, [hand_made])
        conn.execute("COMMIT")
        asked = [*held, "hand-made 1", "hand-made 2", uuid7(), held[0].upper(), edit.op_id]
        assert oplog.held_op_ids(conn, asked) == {*held, "hand-made 1"}
        assert oplog.held_op_ids(conn, asked) == set(oplog.ops_by_id(conn, asked))


def astuple_tail(op: Op) -> tuple[Any, ...]:
    """An op's fields after its id."""
    return (op.origin_device, op.origin_seq, op.hlc, op.author, op.entity, op.entity_id,
            op.field, op.value_json, op.preds, op.kind)  # fmt: skip
