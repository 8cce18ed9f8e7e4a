"""Households by project: one index (migration 13, bench/results/storage.md). The reference index
`households_project_id` also holds the state, the vacated date and the deleted mark, so the
projects' figures (services/projects.py) are read from it alone, where a second, partial index
(`households_progress`, migration 9) held every live household's project id again (4.4 MiB at
100 000 households)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from services import households, ui_support
from services.workspace import Workspace
from storage import bulkload, keyring, meta
from storage.store import open_raw

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT = {"code": "P-1", "name": "地块", "district": "新吴区", "sub_district": "旺庄街道"}
COLUMNS = ["project_id", "state", "vacated_on", "_deleted"]


def _household_indexes(conn: sqlite3.Connection) -> dict[str, list[str]]:
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'households'"
            " AND sql IS NOT NULL"
        )
    ]
    return {
        name: [row[2] for row in conn.execute("SELECT * FROM pragma_index_info(?)", (name,))]
        for name in names
    }


def _plan(conn: sqlite3.Connection, sql: str, *args: object) -> str:
    return " | ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, args))


def test_one_index_serves_households_by_project_and_the_project_figures(ws: Workspace) -> None:
    project = ws.create("project", PROJECT)
    households.create_household(ws, {"project_id": project, "address": "1号", "head_name": "甲"})
    indexes = ws.read(lambda db: _household_indexes(db.conn))
    assert indexes["households_project_id"] == COLUMNS
    assert "households_progress" not in indexes
    figures = ws.read(
        lambda db: _plan(
            db.conn,
            "SELECT project_id, state, vacated_on IS NOT NULL, count(*) FROM households"
            " WHERE _deleted = 0 GROUP BY project_id, state, vacated_on IS NOT NULL",
        )
    )
    assert "COVERING INDEX households_project_id" in figures
    by_project = ws.read(
        lambda db: _plan(db.conn, "SELECT id FROM households WHERE project_id = ?", project)
    )
    assert "INDEX households_project_id (project_id=?)" in by_project
    assert ui_support.list_projects(ws)[0]["household_count"] == 1


def test_migration_13_leaves_one_index_of_households_by_project(tmp_path: Path) -> None:
    path = tmp_path / "v12.db"
    shutil.copy(FIXTURES / "schema-v12-4k.db", path)
    shutil.copy(FIXTURES / "schema-v12-4k-db.key", keyring.key_file_path(path))
    with Workspace.open(path) as ws:
        indexes = ws.read(lambda db: _household_indexes(db.conn))
        assert indexes["households_project_id"] == COLUMNS
        assert "households_progress" not in indexes
        assert sum(row["household_count"] for row in ui_support.list_projects(ws)) == 12


def test_a_load_killed_under_schema_12_is_finished_before_the_upgrade(tmp_path: Path) -> None:
    """A load cut short leaves the indexes it dropped to be built at the next opening, as that
    schema's statements: they are built before migration 13 runs, not after it (which would
    bring back the index it drops)."""
    untouched = tmp_path / "untouched" / "v12.db"
    untouched.parent.mkdir()
    for path in (tmp_path / "v12.db", untouched):
        shutil.copy(FIXTURES / "schema-v12-4k.db", path)
        shutil.copy(FIXTURES / "schema-v12-4k-db.key", keyring.key_file_path(path))
    with Workspace.open(untouched) as ws:  # the schema an upgrade leaves
        upgraded = ws.read(
            lambda db: {row[0] for row in db.conn.execute("SELECT name FROM sqlite_master")}
        )
    path = tmp_path / "v12.db"
    with closing(open_raw(path)) as conn:
        dropped = ("households_progress", "household_summary_head")
        statements = [
            conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
            for name in dropped
        ]
        # as the schema-12 code left a killed load: the dropped indexes' statements in meta
        conn.execute("BEGIN IMMEDIATE")
        meta.put(conn, bulkload.DEFERRED_INDEXES_KEY, json.dumps(statements))
        for name in dropped:
            conn.execute(f"DROP INDEX {name}")
        conn.execute("COMMIT")
    with Workspace.open(path) as ws:
        indexes = ws.read(lambda db: _household_indexes(db.conn))
        assert indexes["households_project_id"] == COLUMNS
        assert "households_progress" not in indexes
        names = ws.read(
            lambda db: {row[0] for row in db.conn.execute("SELECT name FROM sqlite_master")}
        )
        assert names == upgraded
        assert not ws.read(lambda db: bulkload.indexes_deferred(db.conn))
