"""What an export reads, and how (issue 15): the held ranges answered from the op log's
(device, seq) index, the whole-log op reader that converts stored ids in Python, and a read on a
connection of its own with a small page cache, so a whole-log read neither fills the thread's
reader cache (128 MiB, kept for searches) nor evicts what searches keep warm."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.errors import UserError
from domain.ids import uuid7
from storage import db as storage_db
from storage import oplog, opstore, sync_tables
from storage.store import Store, open_raw


@pytest.fixture(scope="module")
def log_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    path = tmp_path_factory.mktemp("held") / "doorstep.db"
    Store(path).close()  # every migration
    with closing(open_raw(path)) as conn:
        yield conn


def _insert(conn: sqlite3.Connection, seqs: dict[str, list[int]]) -> None:
    keys = opstore.device_keys(conn, seqs)
    rows = [
        (uuid7(), device, seq, seq, "a", "household", uuid7(), "notes", '"x"', None, "set")
        for device, numbers in seqs.items()
        for seq in numbers
    ]
    opstore.insert_rows(conn, rows, keys)


def _islands(numbers: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for n in sorted(numbers):
        if runs and runs[-1][1] == n - 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


DEVICES = ("01a24b3c-1575-76c8-a09c-0604f6086fd6", "hub-device", "笔记本")
seq_sets = st.dictionaries(
    st.sampled_from(DEVICES),
    st.one_of(
        st.sets(st.integers(1, 200), min_size=1, max_size=120),
        # long runs with a few holes: the splitting must find each hole
        st.tuples(st.integers(1, 50), st.integers(1, 9000), st.sets(st.integers(1, 9000))).map(
            lambda t: set(range(t[0], t[0] + t[1])) - t[2]
        ),
    ).filter(bool),
)


@settings(max_examples=60, deadline=None)
@given(seqs=seq_sets)
def test_held_ranges_are_the_islands_of_the_seqs_held(
    log_db: sqlite3.Connection, seqs: dict[str, set[int]]
) -> None:
    conn = log_db
    conn.execute("BEGIN")
    try:
        _insert(conn, {d: sorted(s) for d, s in seqs.items()})
        expected = {d: _islands(list(s)) for d, s in seqs.items()}
        assert sync_tables.held_ranges(conn) == expected
        for device in DEVICES:
            only = {device: expected[device]} if device in expected else {}
            assert sync_tables.held_ranges(conn, device) == only
    finally:
        conn.execute("ROLLBACK")


def test_held_ranges_read_the_device_seq_index_without_sorting_the_log(
    log_db: sqlite3.Connection,
) -> None:
    """The whole-log islands query (a window over every op, sorted in temp B-trees: 0.24 s at
    2 000 households) is gone: each question held_ranges asks is answered from the covering
    (device, seq) index alone."""
    plans = [
        " ".join(str(row[3]) for row in log_db.execute("EXPLAIN QUERY PLAN " + sql, params))
        for sql, params in sync_tables.held_queries()
    ]
    assert plans
    for plan in plans:
        assert "COVERING INDEX" in plan, plan
        assert "TEMP B-TREE" not in plan and "SCAN o" not in plan, plan


def test_the_export_reader_gives_every_op_as_the_view_shows_it(tmp_path: Path) -> None:
    path = tmp_path / "doorstep.db"
    Store(path).close()
    with closing(open_raw(path)) as conn:
        conn.execute("BEGIN")
        keys = opstore.device_keys(conn, ["dev-1", DEVICES[0]])
        record = uuid7()
        rows = [
            (
                uuid7(),
                DEVICES[0],
                1,
                10,
                "张",
                "household",
                record,
                None,
                '{"a":1}',
                None,
                "create",
            ),
            (uuid7(), DEVICES[0], 2, 11, "张", "household", record, "notes", '"长"', None, "set"),
            (
                "not-a-uuid",
                DEVICES[0],
                3,
                12,
                "",
                "household",
                "legacy id",
                "f",
                '"x"',
                None,
                "set",
            ),
            (uuid7(), "dev-1", 1, 13, "李", "visit", uuid7(), "note", '"😀"', None, "set"),
        ]
        rows.append(
            (uuid7(), DEVICES[0], 4, 14, "张", "household", record, "notes", '"y"',
             json.dumps([rows[1][0]]), "set")
        )  # fmt: skip
        opstore.insert_rows(conn, rows, keys)
        opstore.encode_all(conn)
        conn.execute("COMMIT")
        for origin, lo, hi in ((DEVICES[0], 1, 4), (DEVICES[0], 2, 3), ("dev-1", 1, 1)):
            expected = [
                oplog.row_to_op(r)
                for r in conn.execute(
                    f"SELECT {oplog.OP_COLUMNS} FROM ops WHERE origin_device = ?"
                    " AND origin_seq BETWEEN ? AND ? ORDER BY origin_seq",
                    (origin, lo, hi),
                )
            ]
            got = list(sync_tables.op_lists_in_range(conn, origin, lo, hi))
            assert got == [
                [
                    op.op_id, op.origin_device, op.origin_seq, op.hlc, op.author, op.entity,
                    op.entity_id, op.field, op.value_json, list(op.preds), op.kind,
                ]
                for op in expected
            ]  # fmt: skip
            assert len(got) == hi - lo + 1


def test_counts_and_attachments_in_one_pass(tmp_path: Path) -> None:
    path = tmp_path / "doorstep.db"
    Store(path).close()
    with closing(open_raw(path)) as conn:
        conn.execute("BEGIN")
        keys = opstore.device_keys(conn, ["dev"])
        photo = '{"sha256":"' + "a" * 64 + '","size":5,"name":"照片.jpg"}'
        rows = [
            (uuid7(), "dev", 1, 1, "", "household", uuid7(), None, "{}", None, "create"),
            (uuid7(), "dev", 2, 2, "", "attachment", uuid7(), None, photo, None, "attach"),
            (uuid7(), "dev", 3, 3, "", "audit", uuid7(), None, '"x"', None, "event"),
            (uuid7(), "dev", 4, 4, "", "attachment", uuid7(), None, photo * 3, None, "attach"),
            (uuid7(), "dev", 5, 5, "", "household", uuid7(), None, "{}", None, "create"),
        ]
        opstore.insert_rows(conn, rows, keys)
        conn.execute("COMMIT")
        counts, values = sync_tables.counts_and_attachments(conn, "dev", 1, 5)
        assert counts == sync_tables.count_by_entity(conn, "dev", 1, 5)
        assert counts == {"household": 2, "attachment": 2, "event": 1}
        assert sorted(values) == sorted([photo, photo * 3])
        assert sync_tables.counts_and_attachments(conn, "dev", 3, 3) == ({"event": 1}, [])


def _cache_kib(db: object) -> int:
    conn = db.conn  # type: ignore[attr-defined]
    return -int(conn.execute("PRAGMA cache_size").fetchone()[0])


def test_a_read_with_its_own_small_cache_leaves_the_threads_reader_alone(
    tmp_path: Path,
) -> None:
    with Store(tmp_path / "doorstep.db") as store:
        reader = store.read(lambda db: db)
        assert _cache_kib(reader) == storage_db.READER_CACHE_KIB
        own = store.read(lambda db: (db, _cache_kib(db), db.conn.in_transaction), cache_kib=2048)
        assert own[0] is not reader and own[1] == 2048 and own[2]  # one snapshot, as any read
        with pytest.raises(storage_db.Error):
            own[0].conn.execute("SELECT 1")  # closed after the read: its memory is given back
        assert store.read(lambda db: db) is reader
        assert _cache_kib(reader) == storage_db.READER_CACHE_KIB
        with pytest.raises(storage_db.Error):  # read-only, like every reader
            store.read(lambda db: db.conn.execute("CREATE TABLE t (x)"), cache_kib=2048)
    with pytest.raises(UserError) as closed:
        store.read(lambda db: 1, cache_kib=2048)
    assert closed.value.code == "db_closed"
