"""The finder and the list index name a household by one integer: its list-index row's
`list_key` is its finder row's `search_id` (migration 14). A search then reads its winners'
list rows by that key (the row's own B-tree), without the household-id indexes of the finder
and the list index: two fewer cold pages per winner, the most of the 2-character search's cost
on a freshly opened database (bench/results/search.md)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.ids import uuid7
from domain.ops import DELETED
from services import households
from services.workspace import Workspace
from storage import oplog, search
from storage.db import open_connection
from storage.oplog import Draft
from tests.services.test_workspace import make_project
from tests.storage.test_search_ranking import open_db

NAMES = "王芳伟李明"
name = st.text(alphabet=NAMES, min_size=1, max_size=3)
# One step of a caseworker's (or a bundle's) work on the households, by position in the list
# of households made so far.
step = st.one_of(
    st.tuples(st.just("add"), name, st.lists(name, max_size=2)),
    st.tuples(st.just("rename"), st.integers(0, 20), name),
    st.tuples(st.just("member"), st.integers(0, 20), name),
    st.tuples(st.just("delete"), st.integers(0, 20)),
    st.tuples(st.just("restore"), st.integers(0, 20)),
    st.tuples(st.just("visit"), st.integers(0, 20)),
)


def mismatched(conn: sqlite3.Connection, *, rows: bool = True) -> list[tuple[object, ...]]:
    """Households whose finder row and list-index row disagree on the key, or that have only
    one of the two rows, or (`rows`) whose list-index row names another households row."""
    sql = (
        "SELECT s.household_id, s.search_id, l.list_key FROM household_search s"
        " LEFT JOIN household_summary l ON l.household_id = s.household_id"
        " WHERE l.list_key IS NOT s.search_id"
        " UNION ALL SELECT l.household_id, NULL, l.list_key FROM household_summary l"
        " WHERE l.household_id NOT IN (SELECT household_id FROM household_search)"
    )
    if rows:
        sql += (
            " UNION ALL SELECT l.household_id, l.household_row, h.rowid FROM household_summary l"
            " JOIN households h ON h.id = l.household_id WHERE l.household_row IS NOT h.rowid"
        )
    return conn.execute(sql).fetchall()


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("empty") / "empty.db"
    open_db(path).close()
    return path


def _drafts(made: list[str], action: tuple[object, ...]) -> list[Draft]:
    kind = action[0]
    if kind == "add":
        household_id = uuid7()
        made.append(household_id)
        values = {"project_id": "project-a", "head_name": action[1], "address": "旺庄路1号"}
        drafts = [Draft("create", "household", household_id, None, values)]
        drafts += [
            Draft("create", "member", uuid7(), None, {"household_id": household_id, "name": n})
            for n in action[2]  # type: ignore[attr-defined]
        ]
        return drafts
    if not made:
        return []
    household_id = made[int(action[1]) % len(made)]  # type: ignore[call-overload]
    if kind == "rename":
        return [Draft("set", "household", household_id, "head_name", action[2])]
    if kind == "member":
        values = {"household_id": household_id, "name": action[2]}
        return [Draft("create", "member", uuid7(), None, values)]
    if kind == "delete":
        return [Draft("delete", "household", household_id, DELETED, True)]
    if kind == "restore":
        return [Draft("set", "household", household_id, DELETED, False)]
    values = {"household_id": household_id, "visited_on": "2026-12-01"}
    return [Draft("create", "visit", uuid7(), None, values)]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(batches=st.lists(st.lists(step, min_size=1, max_size=6), min_size=1, max_size=6))
def test_every_household_has_one_key_in_the_finder_and_the_list_index(
    tmp_path_factory: pytest.TempPathFactory,
    empty_db: Path,
    batches: list[list[tuple[object, ...]]],
) -> None:
    path = tmp_path_factory.mktemp("keys") / "keys.db"
    shutil.copy(empty_db, path)
    conn = open_connection(path, bytes(32))
    made: list[str] = []
    try:
        for batch in batches:  # one transaction each, as one save or one bundle
            drafts = [d for action in batch for d in _drafts(made, action)]
            if not drafts:
                continue
            conn.execute("BEGIN IMMEDIATE")
            oplog.apply_ops(conn, oplog.new_local_ops(conn, "测试员", drafts))
            conn.execute("COMMIT")
            assert mismatched(conn) == []
        conn.execute("BEGIN IMMEDIATE")
        search.rebuild_household_search(conn)
        conn.execute("COMMIT")
        assert mismatched(conn) == []
        conn.execute("BEGIN IMMEDIATE")
        oplog.rebuild_materialised(conn)
        conn.execute("COMMIT")
        assert mismatched(conn) == []
    finally:
        conn.close()


def test_a_bulk_load_gives_each_household_one_key(ws: Workspace) -> None:
    from services import demo

    demo.load_demo(ws, 60, helper=False)
    assert ws.read(lambda db: mismatched(db.conn)) == []
    assert (
        ws.read(lambda db: db.conn.execute("SELECT count(*) FROM household_search").fetchone())[0]
        == ws.read(lambda db: db.conn.execute("SELECT count(*) FROM households").fetchone())[0]
    )


def _plans(ws: Workspace, query: str) -> tuple[list[dict[str, object]], list[str]]:
    """households.find's rows, and the query plan of every statement it ran."""
    statements: list[str] = []

    def traced(db: object) -> None:
        db.conn.set_trace_callback(statements.append)  # type: ignore[attr-defined]

    ws.read(traced)
    try:
        rows = households.find(ws, query, limit=50)
    finally:
        ws.read(lambda db: db.conn.set_trace_callback(None))

    def plan(db: object) -> list[str]:
        conn = db.conn  # type: ignore[attr-defined]
        details = []
        for sql in statements:
            if sql.lstrip().upper().startswith(("SELECT", "WITH")):
                details += [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
        return details

    return rows, ws.read(plan)


def test_a_name_search_reads_its_winners_rows_by_their_key(ws: Workspace) -> None:
    """The two-character search reads the finder's keys, then each winner's list row and
    household row: never the finder's or the list index's household-id index."""
    project_id = make_project(ws)
    made = [
        households.create_household(
            ws, {"project_id": project_id, "head_name": head, "address": f"旺庄路{i}号"}
        )
        for i, head in enumerate(("王芳", "李王芳", "王芳", "张三", "王芳芳"))
    ]
    rows, plan = _plans(ws, "王芳")
    assert {row["id"] for row in rows} == {made[0], made[1], made[2], made[4]}
    assert plan, "no statement was traced"
    assert not [line for line in plan if "household_search_ids" in line], plan
    summary_by_id = [
        line for line in plan if "household_summary" in line and "household_id=" in line
    ]
    assert not summary_by_id, plan
    # and the households rows by their rowid (the list-index row names it), not by their id
    assert not [line for line in plan if "households" in line and "(id=?)" in line], plan


def test_a_stale_household_row_still_finds_the_right_household(ws: Workspace) -> None:
    """Should a households row move (a VACUUM may renumber rowids, SQLite says), the list-index
    row names a rowid that is another household's or none: the search checks the id and reads
    that household by its id instead."""
    project_id = make_project(ws)
    first, second = (
        households.create_household(
            ws, {"project_id": project_id, "head_name": head, "address": f"旺庄路{i}号"}
        )
        for i, head in enumerate(("王芳", "李明"))
    )

    def swap(db: object) -> None:
        db.conn.execute(  # type: ignore[attr-defined]
            "UPDATE household_summary SET household_row = CASE household_id"
            " WHEN ? THEN (SELECT rowid FROM households WHERE id = ?)"
            " ELSE (SELECT rowid FROM households WHERE id = ?) END",
            (first, second, first),
        )

    ws.write(swap)
    assert [row["id"] for row in households.find(ws, "王芳")] == [first]
    assert [row["head_name"] for row in households.find(ws, "李明")] == ["李明"]


FIXTURES = Path(__file__).parent / "fixtures"


def test_migration_14_gives_a_schema_12_database_one_key_per_household(tmp_path: Path) -> None:
    """A database of schema 12 (its list index numbered apart from the finder) opens with one key
    per household; every name search finds what it found before, in the same order; the list
    shows the same households; the finder's household-id index is gone."""
    from storage import keyring
    from storage.migrations import SCHEMA_VERSION
    from storage.store import open_raw
    from tests.storage.test_search_ranking import NAME_KINDS, reference

    path = tmp_path / "doorstep.db"
    shutil.copy(FIXTURES / "schema-v12-4k.db", path)
    shutil.copy(FIXTURES / "schema-v12-4k-db.key", keyring.key_file_path(path))
    conn = open_raw(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 12
        assert mismatched(conn, rows=False), "the fixture's keys agree: nothing would be tested"
        heads = [row[0] for row in conn.execute("SELECT head_name FROM households")]
        terms = sorted({*heads, *(h[i : i + 2] for h in heads for i in range(len(h) - 1))})
        before = {term: [hit[0] for hit in reference(conn, term, None, None)] for term in terms}
        listed = conn.execute("SELECT household_id FROM household_summary").fetchall()
    finally:
        conn.close()

    with Workspace.open(path) as ws:
        after = {
            term: [
                hit.household_id
                for hit in ws.read(lambda db, t=term: search.find_households(db.conn, t, limit=99))
                if hit.matched[0] in NAME_KINDS
            ]
            for term in terms
        }
        assert ws.read(lambda db: mismatched(db.conn)) == []
        version = ws.read(lambda db: db.conn.execute("PRAGMA user_version").fetchone()[0])
        assert version == SCHEMA_VERSION >= 14
        indexes = ws.read(
            lambda db: db.conn.execute(
                "SELECT name FROM sqlite_master WHERE name = 'household_search_ids'"
            ).fetchall()
        )
        assert indexes == []
        assert sorted(
            ws.read(
                lambda db: db.conn.execute("SELECT household_id FROM household_summary").fetchall()
            )
        ) == sorted(listed)
        every = households.find(ws, heads[0], limit=50)
        assert every and every[0]["head_name"] == heads[0]
    assert after == before


def test_a_failing_migration_14_leaves_the_schema_before_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """All or nothing: a failure after the list index was renumbered leaves the file as it was."""
    from contextlib import closing

    from storage import derived, keyring, migrations
    from storage.store import open_raw

    path = tmp_path / "doorstep.db"
    shutil.copy(FIXTURES / "schema-v12-4k.db", path)
    shutil.copy(FIXTURES / "schema-v12-4k-db.key", keyring.key_file_path(path))

    def state(conn: sqlite3.Connection) -> tuple[object, ...]:
        return (
            conn.execute("PRAGMA user_version").fetchone()[0],
            conn.execute("SELECT * FROM household_summary ORDER BY list_key").fetchall(),
            conn.execute("SELECT name FROM sqlite_master ORDER BY name").fetchall(),
        )

    # up to the schema before 14 (migration 13 commits on its own: pack's)
    with monkeypatch.context() as up_to_13, closing(open_raw(path)) as conn:
        up_to_13.setattr(migrations, "MIGRATIONS", [m for m in migrations.MIGRATIONS if m[0] < 14])
        migrations.migrate(conn, None)
    with closing(open_raw(path)) as conn:
        before = state(conn)

    def broken(conn: sqlite3.Connection, household_ids: list[str]) -> None:
        raise RuntimeError("crash at the end of migration 14")

    monkeypatch.setattr(derived, "refresh_summary", broken)
    with closing(open_raw(path)) as conn, pytest.raises(RuntimeError):
        migrations.migrate(conn, None)
    with closing(open_raw(path)) as conn:
        assert state(conn) == before
        assert before[0] == 13
