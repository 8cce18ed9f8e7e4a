"""A batch whose every op comes after the newest seq its device has in the log (an import of ops
never seen) is appended at once: no op id is looked up first (issue 15: 0.16 CPU s of an import
of 100 000 ops). What the lookup decided is still decided the same way: an op id the log holds
under another seq is counted as known and changes nothing, and one seq given to two ops is
refused."""

from __future__ import annotations

import dataclasses
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from domain.errors import UserError
from storage import migrations, oplog
from storage.db import open_connection
from storage.statehash import state_hash
from tests.storage.test_apply_batched import _database, _edits


class TracingConnection:
    """The real connection, keeping the SQL of every statement sent to it."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self.sql: list[str] = []

    def execute(self, sql: str, *args: Any) -> Any:
        self.sql.append(sql)
        return self._conn.execute(sql, *args)

    def executemany(self, sql: str, *args: Any) -> Any:
        self.sql.append(sql)
        return self._conn.executemany(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def _op_id_lookups(sql: list[str]) -> list[str]:
    return [s for s in sql if s.startswith("SELECT op_id FROM op_log WHERE op_id IN")]


def test_ops_beyond_the_held_seqs_are_appended_without_a_lookup(tmp_path: Path) -> None:
    conn, ids = _database(tmp_path / "hub.db", 6)
    with closing(conn):
        ops = _edits(conn, ids)  # made, rolled back: their seqs come after every held one
        tracing = TracingConnection(conn)
        conn.execute("BEGIN IMMEDIATE")
        result = oplog.apply_ops(tracing, ops)  # type: ignore[arg-type]
        conn.execute("COMMIT")
        assert result.new_ops == len(ops) and result.known_ops == 0
        assert _op_id_lookups(tracing.sql) == []
        # The same ops again are all known: looked up, nothing written.
        tracing.sql.clear()
        conn.execute("BEGIN IMMEDIATE")
        again = oplog.apply_ops(tracing, ops)  # type: ignore[arg-type]
        conn.execute("COMMIT")
        assert again.new_ops == 0 and again.known_ops == len(ops)
        assert _op_id_lookups(tracing.sql) != []
        assert not any(s.startswith("INSERT") for s in tracing.sql)


def _apply(path: Path, batches: list[list[Any]]) -> tuple[str, list[oplog.ApplyResult]]:
    with closing(open_connection(path, bytes(32))) as conn:
        migrations.migrate(conn, None)
        results = []
        for batch in batches:
            conn.execute("BEGIN IMMEDIATE")
            results.append(oplog.apply_ops(conn, batch))
            conn.execute("COMMIT")
        return state_hash(conn), results


def test_an_op_id_held_under_another_seq_is_known_and_changes_nothing(tmp_path: Path) -> None:
    source, ids = _database(tmp_path / "source.db", 4)
    with closing(source):
        held = [r[0] for r in source.execute("SELECT op_id FROM ops ORDER BY rowid")]
        first = list(oplog.ops_by_id(source, held).values())
        edits = _edits(source, ids)
    # A hand-made op: a new seq, beyond every held one, under the id of an op already held.
    forged = dataclasses.replace(edits[3], op_id=held[2])
    with_forged, results = _apply(tmp_path / "a.db", [first, [*edits[:3], forged, *edits[4:]]])
    assert results[1].known_ops == 1 and results[1].new_ops == len(edits) - 1
    without, _ = _apply(tmp_path / "b.db", [first, [*edits[:3], *edits[4:]]])
    assert with_forged == without


def test_one_seq_given_to_two_ops_is_refused(tmp_path: Path) -> None:
    conn, ids = _database(tmp_path / "hub.db", 3)
    with closing(conn):
        edits = _edits(conn, ids)
        twin = dataclasses.replace(edits[1], origin_seq=edits[0].origin_seq)
        conn.execute("BEGIN IMMEDIATE")
        with pytest.raises(UserError) as caught:
            oplog.apply_ops(conn, [edits[0], twin, *edits[2:]])
        conn.execute("ROLLBACK")
        assert caught.value.code == "seq_reused"
