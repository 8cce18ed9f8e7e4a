"""Lean rows (migration 12, bench/results/storage.md): projects as small integer keys in the list
index and the finder — migrated from a database the previous code wrote
(tests/storage/fixtures/make_schema_v11.py.txt) with every list row, finder row, list order and
record as before, all or nothing, and kept right by every later write."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from domain.records import ENTITIES
from services import households, today
from services.households import HouseholdFilter
from services.workspace import Workspace
from storage import derived, meta, migrations, oplog, opstore, project_keys, search
from storage.db import IntegrityError, open_connection
from storage.statehash import state_hash

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT = {"code": "P-1", "name": "地块", "district": "新吴区", "sub_district": "旺庄街道"}


def _keyed(conn: sqlite3.Connection) -> bool:
    return any(
        row[1] == "project_key" for row in conn.execute("PRAGMA table_info(household_summary)")
    )


def _derived(conn: sqlite3.Connection) -> tuple[object, ...]:
    """The list index (with its list_keys) and the finder (with its search_ids), projects named
    by their ids whatever the schema stores."""
    keyed = _keyed(conn)
    summary_columns = derived.SUMMARY_READ if keyed else ", ".join(derived.SUMMARY_COLUMNS)
    finder_columns = search.READ_COLUMNS if keyed else search.ROW_COLUMNS
    return (
        conn.execute(
            f"SELECT list_key, {summary_columns} FROM household_summary ORDER BY list_key"
        ).fetchall(),
        conn.execute(
            f"SELECT search_id, household_id, {finder_columns} FROM household_search ORDER BY 1"
        ).fetchall(),
        conn.execute("SELECT * FROM household_keys ORDER BY 1, 2, 3").fetchall(),
        conn.execute("SELECT rowid FROM household_fts ORDER BY 1").fetchall(),
    )


def _unkeyed(summary: object) -> list[tuple[object, ...]]:
    """List-index rows without their list_key, in household order."""
    return sorted(tuple(row[1:]) for row in summary)  # type: ignore[attr-defined]


def _ops(conn: sqlite3.Connection) -> list[tuple[object, ...]]:
    """Every op as the `ops` view shows it."""
    return conn.execute(f"SELECT rowid, {oplog.OP_COLUMNS} FROM ops ORDER BY rowid").fetchall()


def _v11(path: Path) -> tuple[tuple[object, ...], str, list[str]]:
    """The schema-v11 fixture's derived tables and state as that code wrote them, and its
    tables' names."""
    shutil.copy(FIXTURES / "schema-v11.db", path)
    with closing(open_connection(path, None)) as plain:  # SQLCipher's SQLite: FTS5 options
        assert plain.execute("PRAGMA user_version").fetchone()[0] == 11
        tables = [
            row[0] for row in plain.execute("SELECT name FROM sqlite_master ORDER BY type, name")
        ]
        return (*_derived(plain), _ops(plain)), state_hash(plain), tables


def test_migration_12_keeps_the_list_index_the_finder_and_every_record(tmp_path: Path) -> None:
    path = tmp_path / "v11.db"
    before, before_state, _ = _v11(path)
    assert len(before[0]) == 29  # 30 households, one deleted
    with Workspace.open(path) as ws:
        assert ws.store.migrations_applied == [
            name for version, name, _ in migrations.MIGRATIONS if version > 11
        ]
        # Migration 14 renumbers the list index as the finder (storage/shared_keys.py): its rows
        # are compared by household, their list_key aside.
        after = ws.read(lambda db: (*_derived(db.conn), _ops(db.conn)))
        assert (_unkeyed(after[0]), *after[1:]) == (_unkeyed(before[0]), *before[1:])
        # the op log stores the author and the record kind as keys (and the op's kind, since
        # migration 13)
        types = ws.read(
            lambda db: db.conn.execute(
                "SELECT DISTINCT typeof(author), typeof(entity), typeof(kind) FROM op_log"
            ).fetchall()
        )
        assert types == [("integer", "integer", "integer")]
        # and every record row its creating op's author
        for spec in ENTITIES.values():
            authors = ws.read(
                lambda db, t=spec.table: db.conn.execute(
                    f"SELECT DISTINCT typeof(_created_by) FROM {t}"
                ).fetchall()
            )
            assert authors in ([], [("integer",)]), (spec.table, authors)
        assert ws.read(lambda db: state_hash(db.conn)) == before_state
        stored = ws.read(
            lambda db: (
                db.conn.execute(
                    "SELECT DISTINCT typeof(project_key) FROM household_summary"
                ).fetchall(),
                db.conn.execute(
                    "SELECT DISTINCT typeof(project_key) FROM household_search"
                ).fetchall(),
            )
        )
        assert stored == ([("integer",)], [("integer",)])
        # the project filter of the list, the finder and the Today page still narrows
        project = ws.read(lambda db: db.conn.execute("SELECT id FROM projects").fetchone()[0])
        in_project = ws.read(
            lambda db: {
                row[0]
                for row in db.conn.execute(
                    "SELECT id FROM households WHERE project_id = ? AND _deleted = 0", (project,)
                )
            }
        )
        assert in_project
        page = households.list_page(ws, HouseholdFilter(project_id=project), limit=1000)
        assert {row["id"] for row in page} == in_project
        assert households.list_page(ws, HouseholdFilter(project_id="no such project")) == []
        head = page[0]["head_name"]
        found = households.find(ws, head, project_id=project)
        assert page[0]["id"] in [hit["id"] for hit in found]
        assert households.find(ws, head, project_id="no such project") == []
        day = dt.date(2026, 12, 1)
        every = today.today_list(ws, today=day).items
        visits = [i for i in every if i.kind == "visit" and i.project_id == project]
        assert visits
        mine = today.today_list(ws, today=day, project_id=project).items
        assert [i for i in mine if i.kind == "visit"] == visits
        # the projects a caseworker works in, read from the list index's due-date index
        statutory = today.today_list(ws, today=day, caseworker="李明", statutory_days=3650).items
        assert {i.project_id for i in statutory if i.kind == "statutory"} <= {project}


def test_a_failing_migration_12_leaves_schema_11(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """All or nothing: a failure after the list index and the finder were rewritten leaves the
    file as it was."""
    path = tmp_path / "v11.db"
    before, before_state, tables = _v11(path)

    def broken(conn: sqlite3.Connection) -> None:
        raise RuntimeError("crash in the middle of migration 12")

    monkeypatch.setattr(opstore, "keyed_authors_and_entities", broken)
    with closing(open_connection(path, None)) as conn:
        with pytest.raises(RuntimeError):
            migrations.migrate(conn, None)
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 11
        assert (*_derived(conn), _ops(conn)) == before
        assert state_hash(conn) == before_state
        now = [row[0] for row in conn.execute("SELECT name FROM sqlite_master ORDER BY type, name")]
        assert now == tables


def test_a_project_keeps_its_key_and_new_projects_get_theirs(ws: Workspace) -> None:
    first = ws.create("project", PROJECT)
    second = ws.create("project", {**PROJECT, "code": "P-2", "name": "二号地块"})
    one = households.create_household(
        ws, {"project_id": first, "head_name": "王芳", "address": "1号"}
    )
    two = households.create_household(
        ws, {"project_id": second, "head_name": "李雷", "address": "2号"}
    )
    keys = ws.read(lambda db: dict(db.conn.execute("SELECT project_id, key FROM project_keys")))
    assert set(keys) == {first, second} and len(set(keys.values())) == 2

    def rows(db: object) -> list[tuple[object, ...]]:
        conn = db.conn  # type: ignore[attr-defined]
        return conn.execute(
            "SELECT s.household_id, s.project_key, f.project_key FROM household_summary s"
            " JOIN household_search f ON f.household_id = s.household_id ORDER BY 1"
        ).fetchall()

    assert sorted(ws.read(rows)) == sorted(
        [(one, keys[first], keys[first]), (two, keys[second], keys[second])]
    )
    # a household moved to the other project follows it in both indexes
    ws.update("household", one, {"project_id": second})
    assert sorted(ws.read(rows)) == sorted(
        [(one, keys[second], keys[second]), (two, keys[second], keys[second])]
    )
    assert [r["id"] for r in households.list_page(ws, HouseholdFilter(project_id=first))] == []
    ids = {r["id"] for r in households.list_page(ws, HouseholdFilter(project_id=second))}
    assert ids == {one, two}


def test_the_project_filter_is_an_index_search(ws: Workspace) -> None:
    project = ws.create("project", PROJECT)
    households.create_household(ws, {"project_id": project, "head_name": "王芳", "address": "1号"})
    where = f"project_key = {project_keys.KEY_OF}"
    for sql, index in (
        (
            f"SELECT list_key FROM household_summary WHERE {where} ORDER BY address_key LIMIT 9",
            "household_summary_project_address",
        ),
        (f"SELECT search_id FROM household_search WHERE {where}", "household_search_"),
    ):
        plan = ws.read(
            lambda db, sql=sql: [
                row[3] for row in db.conn.execute("EXPLAIN QUERY PLAN " + sql, (project,))
            ]
        )
        assert any(step.startswith("SEARCH") and index in step for step in plan), plan
        assert not any(step.startswith("SCAN") for step in plan), plan


def test_the_op_log_reads_back_every_author_and_kind_as_written(ws: Workspace) -> None:
    """Authors and record kinds become keys as they first arrive, through every writer: the
    local write path, apply_ops of another laptop's ops, and the view's INSERT trigger."""
    project = ws.create("project", PROJECT)
    one = households.create_household(
        ws, {"project_id": project, "head_name": "王芳", "address": "1号"}
    )
    ws.update("household", one, {"attitude": "agree"})
    other = oplog.Op(
        "01900000-0000-7000-8000-000000000001", "01900000-0000-7000-8000-00000000beef", 1,
        ws.read(lambda db: meta.clock_last(db.conn)) + 1, "🙂 O'Brien 张", "household", one,
        "attitude", '"oppose"', (), "set",
    )  # fmt: skip
    ws.store.write(lambda db: oplog.apply_ops(db.conn, [other]))
    forged = ("01900000-0000-7000-8000-000000000002", "01900000-0000-7000-8000-00000000beef", 2,
              other.hlc + 1, "第三人", "future_kind", "not-a-uuid", None, "{}", "[]", "create")  # fmt: skip
    ws.store.write(
        lambda db: db.conn.execute(
            f"INSERT INTO ops ({oplog.OP_COLUMNS}) VALUES ({','.join('?' * 11)})", forged
        )
    )
    rows = ws.read(lambda db: db.conn.execute(f"SELECT {oplog.OP_COLUMNS} FROM ops").fetchall())
    authors = {row[4] for row in rows}
    entities = {row[5] for row in rows}
    assert {"🙂 O'Brien 张", "第三人"} <= authors and {
        "project",
        "household",
        "future_kind",
    } <= entities
    assert tuple(rows[-1]) == forged
    stored = ws.read(
        lambda db: db.conn.execute(
            "SELECT count(*) FROM op_log WHERE typeof(author) != 'integer'"
            " OR typeof(entity) != 'integer'"
        ).fetchone()[0]
    )
    assert stored == 0


def test_events_are_still_read_from_their_partial_index(ws: Workspace) -> None:
    plan = ws.read(
        lambda db: [
            row[3]
            for row in db.conn.execute(
                "EXPLAIN QUERY PLAN SELECT entity_id, value_json FROM ops"
                f" WHERE {opstore.EVENTS} AND field = ?",  # the kind's key (migration 13)
                ("void",),
            )
        ]
    )
    assert any("op_log_event" in step for step in plan), plan
    assert not any(step.startswith("SCAN o") for step in plan), plan


def test_an_author_or_kind_written_as_text_is_refused(ws: Workspace) -> None:
    """A writer of op_log that forgets the keys would store a row the view cannot show (its
    joins find no name): the CHECKs refuse it at once."""
    ws.create("project", PROJECT)
    row = ws.read(lambda db: db.conn.execute("SELECT * FROM op_log LIMIT 1").fetchone())
    columns = ws.read(lambda db: [r[1] for r in db.conn.execute("PRAGMA table_info(op_log)")])
    for column, text in (("author", "李明"), ("entity", "project")):
        forged = list(row)
        forged[columns.index("op_id")] = b"\x01" * 16
        forged[columns.index("origin_seq")] = 10_000
        forged[columns.index(column)] = text
        with pytest.raises(IntegrityError):
            ws.store.write(
                lambda db, forged=forged: db.conn.execute(
                    f"INSERT INTO op_log VALUES ({','.join('?' * len(forged))})", forged
                )
            )
