"""A demo load into an empty database drops the secondary indexes of the record and derived tables
with its first batch and builds them again with its last (storage.bulkload.defer_indexes): every
way it can end — finished, cancelled, failed, killed — leaves each index in place and whole, and
building them is all or nothing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from domain.errors import UserError
from services import demo
from services.workspace import Workspace
from storage import bulkload, meta, oplog
from storage.db import OperationalError
from tests.conftest import PROFILE
from tests.storage.test_bulkload import assert_same, snapshot

TODAY = dt.date(2026, 11, 26)


def _indexes(ws: Workspace) -> list[tuple[str, str, str]]:
    return ws.read(
        lambda db: db.conn.execute(
            "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index'"
            " AND sql IS NOT NULL ORDER BY name"
        ).fetchall()
    )


def _deferred(ws: Workspace) -> str | None:
    return ws.read(lambda db: meta.get(db.conn, bulkload.DEFERRED_INDEXES_KEY))


def _whole(ws: Workspace) -> None:
    """Every index holds exactly its table's rows, and every row is what the op log gives."""

    def check(db: Any) -> None:
        conn = db.conn
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        written = snapshot(conn)
        oplog.rebuild_materialised(conn)
        assert_same(written, snapshot(conn))
        raise _Undo

    with pytest.raises(_Undo):
        ws.store.write(check)


class _Undo(Exception):
    pass


def test_indexes_are_dropped_while_loading_and_built_after(ws: Workspace) -> None:
    before = _indexes(ws)
    during: list[list[tuple[str, str, str]]] = []

    def progress(done: int, total: int) -> None:
        if 0 < done < total:
            during.append(_indexes(ws))
            assert _deferred(ws) is not None

    demo.load_demo(
        ws, 60, seed=5, today=TODAY, batch_ops=150, progress=progress, defer_indexes=True,
        helper=False,
    )  # fmt: skip
    assert during, "the load had batches between its first and its last"
    dropped = {row[0] for row in before} - {row[0] for row in during[0]}
    assert {"household_summary_head", "household_search_names"} <= dropped
    # the ones the load reads while it writes stay, and the op log's
    kept = {row[0] for row in during[0]}
    assert {"visits_household_id", "requests_household_id", "op_log_entity"} <= kept
    assert _indexes(ws) == before and _deferred(ws) is None
    _whole(ws)


def test_a_cancelled_load_builds_the_indexes_before_it_returns(ws: Workspace) -> None:
    before = _indexes(ws)
    calls = 0

    def progress(done: int, total: int) -> bool:
        nonlocal calls
        calls += 1
        return calls < 3  # stop after the second batch

    summary = demo.load_demo(
        ws, 60, seed=5, today=TODAY, batch_ops=150, progress=progress, defer_indexes=True,
        helper=False,
    )  # fmt: skip
    assert summary.cancelled and 0 < summary.households < 60
    assert _indexes(ws) == before and _deferred(ws) is None
    _whole(ws)
    # finishing it later (indexes kept this time: the database is no longer empty)
    again = demo.load_demo(ws, 60, seed=5, today=TODAY, batch_ops=150, helper=False)
    assert again.resumed and again.households == 60
    assert _indexes(ws) == before and _deferred(ws) is None


def test_a_load_that_fails_midway_builds_them_too(ws: Workspace) -> None:
    before = _indexes(ws)

    def progress(done: int, total: int) -> None:
        if done:
            raise UserError("db_disk_full")

    with pytest.raises(UserError):
        demo.load_demo(
            ws, 60, seed=5, today=TODAY, batch_ops=150, progress=progress, defer_indexes=True,
            helper=False,
        )  # fmt: skip
    assert _indexes(ws) == before and _deferred(ws) is None
    _whole(ws)


def test_a_load_killed_with_its_indexes_dropped_gets_them_back_when_opened(
    tmp_path: Path,
) -> None:
    path = tmp_path / "killed.db"
    with Workspace.open(path) as ws:
        ws.init_profile(PROFILE)
        before = _indexes(ws)
        demo.load_demo(ws, 20, seed=5, today=TODAY, helper=False)
        # as a killed load leaves it: dropped in a committed transaction, never built again
        assert ws.write(lambda db: bulkload.defer_indexes(db.conn)) > 5
        assert len(_indexes(ws)) < len(before)
    with Workspace.open(path) as ws:
        assert _indexes(ws) == before and _deferred(ws) is None
        _whole(ws)


def test_building_them_is_all_or_nothing(ws: Workspace) -> None:
    """A statement that fails while they are built (here one SQLite refuses) rolls every one
    back: the database stays as it was, the statements still kept to build them later."""
    demo.load_demo(ws, 20, seed=5, today=TODAY, helper=False)
    before = _indexes(ws)
    ws.write(lambda db: bulkload.defer_indexes(db.conn))
    dropped = _indexes(ws)
    kept = _deferred(ws)
    assert kept is not None

    def spoil(db: Any) -> None:
        statements = json.loads(meta.get(db.conn, bulkload.DEFERRED_INDEXES_KEY) or "[]")
        statements.append("CREATE INDEX broken ON no_such_table (x)")
        meta.put(db.conn, bulkload.DEFERRED_INDEXES_KEY, json.dumps(statements))

    ws.write(spoil)
    with pytest.raises(OperationalError, match="no such table"):
        ws.write(lambda db: bulkload.restore_indexes(db.conn))
    assert _indexes(ws) == dropped  # none of the good ones built either
    ws.write(lambda db: meta.put(db.conn, bulkload.DEFERRED_INDEXES_KEY, kept))
    assert ws.write(lambda db: bulkload.restore_indexes(db.conn)) == len(before) - len(dropped)
    assert _indexes(ws) == before and _deferred(ws) is None


def test_a_database_whose_indexes_cannot_be_built_still_opens(tmp_path: Path) -> None:
    """Building them when the database is opened fails (here SQLite refuses a statement; a full
    disk would too): it opens all the same, answers reads, and the next opening tries again."""
    path = tmp_path / "stuck.db"
    with Workspace.open(path) as ws:
        ws.init_profile(PROFILE)
        demo.load_demo(ws, 20, seed=5, today=TODAY, helper=False)
        before = _indexes(ws)
        ws.write(lambda db: bulkload.defer_indexes(db.conn))
        kept = _deferred(ws)
        assert kept is not None

        def spoil(db: Any) -> None:
            statements = json.loads(kept)
            statements.append("CREATE INDEX broken ON no_such_table (x)")
            meta.put(db.conn, bulkload.DEFERRED_INDEXES_KEY, json.dumps(statements))

        ws.write(spoil)
    with Workspace.open(path) as ws:
        assert _deferred(ws) is not None and len(_indexes(ws)) < len(before)
        count = ws.read(lambda db: db.conn.execute("SELECT count(*) FROM households").fetchone())
        assert count == (20,)
        ws.write(lambda db: meta.put(db.conn, bulkload.DEFERRED_INDEXES_KEY, kept))
    with Workspace.open(path) as ws:
        assert _indexes(ws) == before and _deferred(ws) is None
