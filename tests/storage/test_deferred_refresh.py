"""An import applies its ops in batches inside one transaction. With `defer`, the finder and the
list index are refreshed once at the end (storage.oplog.refresh_derived): the result must be what
refreshing after every batch gives, for any order of the ops and any batch size."""

from __future__ import annotations

import random
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.ids import uuid7
from domain.ops import DELETED, Op
from storage import derived, migrations, oplog
from storage.db import open_connection
from storage.oplog import Draft
from storage.search import READ_COLUMNS as FINDER_COLUMNS
from storage.statehash import state_hash


def _connection(path: Path) -> sqlite3.Connection:
    conn = open_connection(path, bytes(32))
    migrations.migrate(conn, None)
    return conn


def _write(conn: sqlite3.Connection, drafts: list[Draft]) -> None:
    conn.execute("BEGIN IMMEDIATE")
    oplog.apply_ops(conn, oplog.new_local_ops(conn, "李明", drafts))
    conn.execute("COMMIT")


@pytest.fixture(scope="module")
def source_ops(tmp_path_factory: pytest.TempPathFactory) -> list[Op]:
    """A laptop's log: households with members, visits and requests, then the edits that move
    records between households, rename, delete and restore."""
    rng = random.Random(3)
    with closing(_connection(tmp_path_factory.mktemp("src") / "src.db")) as conn:
        project = uuid7()
        _write(conn, [Draft("create", "project", project, None, {"code": "P", "name": "旺庄地块"})])
        households: list[str] = []
        members: list[str] = []
        visits: list[str] = []
        for n in range(12):
            household = uuid7()
            households.append(household)
            drafts = [Draft("create", "household", household, None, {
                "project_id": project, "head_name": rng.choice(["张伟", "王芳", "单建国"]) + str(n),
                "address": f"旺庄路{n}号{n % 3 + 1}栋", "phone": f"1390000{n:04d}"})]  # fmt: skip
            for m in range(2):
                members.append(uuid7())
                drafts.append(Draft("create", "member", members[-1], None, {
                    "household_id": household, "name": f"成员{n}-{m}", "id_number": None}))  # fmt: skip
            visits.append(uuid7())
            drafts.append(Draft("create", "visit", visits[-1], None, {
                "household_id": household, "visited_on": f"2026-11-{n + 1:02d}",
                "next_visit_due": f"2026-12-{n + 1:02d}"}))  # fmt: skip
            drafts.append(Draft("create", "request", uuid7(), None, {
                "household_id": household, "project_id": project, "summary": "诉求", "status": "open"}))  # fmt: skip
            _write(conn, drafts)
        _write(conn, [
            Draft("set", "member", members[0], "household_id", households[5]),  # moved
            Draft("set", "member", members[3], "name", "改名后"),
            Draft("set", "visit", visits[2], "household_id", households[7]),
            Draft("set", "household", households[4], "head_name", "新户主"),
            Draft("delete", "household", households[9], DELETED, True),
            Draft("delete", "member", members[6], DELETED, True),
        ])  # fmt: skip
        _write(conn, [
            Draft("set", "member", members[0], "household_id", households[6]),
            Draft("create", "member", uuid7(), None, {"household_id": households[2], "name": "新成员"}),
            Draft("create", "visit", uuid7(), None, {"household_id": households[3], "visited_on": "2026-12-01"}),
        ])  # fmt: skip
        rows = conn.execute(f"SELECT {oplog.OP_COLUMNS} FROM ops ORDER BY rowid").fetchall()
    return [oplog.row_to_op(row) for row in rows]


def _split(ops: list[Op]) -> tuple[list[Op], list[Op]]:
    """(what the copy already holds: the records, before any edit; what the import brings)"""
    first_edit = next(i for i, op in enumerate(ops) if op.kind in ("set", "delete"))
    return ops[:first_edit], ops[first_edit:]


def _derived(conn: sqlite3.Connection) -> tuple[object, ...]:
    """The finder's and list index's content, by household (search_ids are an internal key)."""
    search = conn.execute(
        f"SELECT household_id, {FINDER_COLUMNS} FROM household_search ORDER BY household_id"
    ).fetchall()
    keys = conn.execute(
        "SELECT s.household_id, k.kind, k.key FROM household_keys k"
        " JOIN household_search s ON s.search_id = k.search_id ORDER BY 1, 2, 3"
    ).fetchall()
    # contentless (migration 11): which households it holds, and that each is found by its
    # own names and address (what it holds of them cannot be read back)
    fts = conn.execute(
        "SELECT s.household_id FROM household_fts f"
        " JOIN household_search s ON s.search_id = f.rowid ORDER BY 1"
    ).fetchall()
    for search_id, names, address in conn.execute(
        "SELECT search_id, names, address FROM household_search"
    ).fetchall():
        for column, text in (("names", names), ("address", address)):
            if len(text.strip()) >= 3:
                phrase = '"' + text.strip().replace('"', '""') + '"'
                found = conn.execute(
                    "SELECT rowid FROM household_fts WHERE household_fts MATCH ?",
                    (f"{column} : {phrase}",),
                ).fetchall()
                assert (search_id,) in found, (column, text)
    summary = conn.execute(
        f"SELECT {derived.SUMMARY_READ} FROM household_summary ORDER BY household_id"
    ).fetchall()  # list_key, like search_id, is an internal key
    return search, keys, fts, summary


def _apply(
    path: Path, held: list[Op], batches: list[list[Op]], *, deferred: bool
) -> tuple[object, ...]:
    with closing(_connection(path)) as conn:
        conn.execute("BEGIN IMMEDIATE")
        oplog.apply_ops(conn, held)
        conn.execute("COMMIT")
        conn.execute("BEGIN IMMEDIATE")
        pending = oplog.DerivedPending() if deferred else None
        for batch in batches:
            oplog.apply_ops(conn, batch, defer=pending)
        if pending is not None:
            oplog.refresh_derived(conn, pending)
        conn.execute("COMMIT")
        return state_hash(conn), _derived(conn)


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 10_000), size=st.integers(1, 5))
def test_deferred_refresh_equals_refresh_per_batch(
    tmp_path_factory: pytest.TempPathFactory, source_ops: list[Op], seed: int, size: int
) -> None:
    held, incoming = _split(source_ops)
    ops = list(incoming)
    random.Random(seed).shuffle(ops)
    batches = [ops[i : i + size] for i in range(0, len(ops), size)]
    folder = tmp_path_factory.mktemp("apply")
    per_batch = _apply(folder / "per-batch.db", held, batches, deferred=False)
    once = _apply(folder / "once.db", held, batches, deferred=True)
    assert once == per_batch
    whole = _apply(folder / "whole.db", [], [source_ops], deferred=False)
    assert once == whole  # and equal to applying the log in one piece, in its own order
    assert len(whole[1][0]) == 11  # every live household is in the finder (one was deleted)
