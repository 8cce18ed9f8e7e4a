"""An upgrade leaves the file no bigger than it needs: migration 14 rebuilds the list index,
and the pages the old one held stayed free in the file (~23 MiB at 100 000 households, under
the 5 % share that used to decide a VACUUM), so an upgraded file grew for good."""

from __future__ import annotations

import shutil
from contextlib import closing
from pathlib import Path

import pytest

from services.workspace import Workspace
from storage import keyring, migrations
from storage.store import open_raw

FIXTURES = Path(__file__).parent / "fixtures"


def _schema_13(path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """The schema-12 fixture brought to schema 13 and packed, as a file `demo` wrote with the
    code of that schema; its page count."""
    shutil.copy(FIXTURES / "schema-v12-4k.db", path)
    shutil.copy(FIXTURES / "schema-v12-4k-db.key", keyring.key_file_path(path))
    with monkeypatch.context() as up_to_13, closing(open_raw(path)) as conn:
        up_to_13.setattr(migrations, "MIGRATIONS", [m for m in migrations.MIGRATIONS if m[0] < 14])
        migrations.migrate(conn, None)
        conn.execute("VACUUM")
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 13
        assert conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
        return int(conn.execute("PRAGMA page_count").fetchone()[0])


def _pages(path: Path) -> tuple[int, int]:
    with closing(open_raw(path)) as conn:
        page_count = int(conn.execute("PRAGMA page_count").fetchone()[0])
        return page_count, int(conn.execute("PRAGMA freelist_count").fetchone()[0])


def test_an_upgraded_file_keeps_no_free_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "doorstep.db"
    _schema_13(path, monkeypatch)
    steps: list[str] = []
    with Workspace.open(path, on_step=steps.append) as ws:
        assert ws.store.migrations_applied
        rows = ws.read(
            lambda db: db.conn.execute(
                "SELECT count(*) FROM household_summary s JOIN households h"
                " ON h.rowid = s.household_row AND h.id = s.household_id"
            ).fetchone()[0]
        )
        live = ws.read(
            lambda db: db.conn.execute(
                "SELECT count(*) FROM households WHERE _deleted = 0"
            ).fetchone()[0]
        )
        assert rows == live > 0  # each list row still names its household's row
    assert steps == ["db_upgrading"]
    _, free = _pages(path)
    assert free == 0  # before: 2 of 141 pages here (1.4 %), under the 5 % that decided a VACUUM


def test_an_upgrade_that_frees_nothing_is_not_vacuumed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No VACUUM (a copy of the whole file) when a migration left no page free."""
    path = tmp_path / "doorstep.db"
    _schema_13(path, monkeypatch)
    statements: list[str] = []
    last = migrations.MIGRATIONS[-1][0]
    with closing(open_raw(path)) as conn:
        migrations.migrate(conn, None)
        conn.execute("VACUUM")
        conn.execute(f"PRAGMA user_version = {last - 1}")  # as if the last were still to run
        conn.execute("DELETE FROM schema_migrations WHERE version = ?", (last,))
    monkeypatch.setattr(
        migrations, "MIGRATIONS", [*migrations.MIGRATIONS[:-1], (last, "nothing", lambda c: None)]
    )
    with closing(open_raw(path)) as conn:
        conn.set_trace_callback(statements.append)
        migrations.migrate(conn, None)
    assert not [s for s in statements if s.strip().upper() == "VACUUM"]
