"""Schema migrations: released schemas upgrade with a backup first; a newer or foreign file is
refused and left byte-for-byte as it was."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from domain.errors import UserError
from services import households
from services.workspace import Workspace
from storage import keyring, migrations, sync_tables
from storage.db import open_connection
from storage.store import Store, open_raw

FIXTURES = Path(__file__).parent / "fixtures"


def test_upgrade_from_schema_v1(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copy(FIXTURES / "schema-v1.db", path)
    with Workspace.open(path) as ws:
        assert ws.store.migrations_applied[:2] == [
            "household finder index",
            "sync: devices, peer ranges, imported bundles",
        ]
        (row,) = households.find(ws, "单建国")
        assert row["attitude"] == "agree"
        assert households.find(ws, "sjg")[0]["id"] == row["id"]  # 单 read as the surname shan
        assert ws.profile() is not None and ws.profile().device_name == "旧笔记本"
    (backup,) = tmp_path.glob("old.db.v1-*.bak")
    with closing(open_connection(backup, keyring.unlock(path))) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM ops").fetchone()[0] == 3


def test_upgrade_from_schema_v2(tmp_path: Path) -> None:
    path = tmp_path / "v2.db"
    shutil.copy(FIXTURES / "schema-v2.db", path)
    with Workspace.open(path) as ws:
        # the sync tables first, then whatever later migrations add
        assert ws.store.migrations_applied[0] == "sync: devices, peer ranges, imported bundles"
        (row,) = households.find(ws, "单建国")
        assert row["attitude"] == "agree" and row["address"] == "春潮路8号2栋301室"
        assert [e.field for e in ws.events()] == ["reveal"]
        device = ws.device_id()
        held = ws.read(lambda db: sync_tables.held_ranges(db.conn))
        assert held == {device: [(1, 4)]}  # the sync tables see the ops made before them
        assert ws.read(lambda db: sync_tables.registry(db.conn)) is None
        assert ws.read(lambda db: sync_tables.peer_ranges(db.conn, device)) == {}
    (backup,) = tmp_path.glob("v2.db.v2-*.bak")
    with closing(open_connection(backup, keyring.unlock(path))) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "sync_devices" not in tables and "household_search" in tables


def test_upgrade_from_schema_v3(tmp_path: Path) -> None:
    path = tmp_path / "v3.db"
    shutil.copy(FIXTURES / "schema-v3.db", path)
    with Workspace.open(path) as ws:
        assert ws.store.migrations_applied[0] == "household list index with natural address order"
        page = households.list_page(ws, households.HouseholdFilter())
        assert [row["head_name"] for row in page] == ["住户1", "住户2", "住户10"]
        assert households.count(ws, households.HouseholdFilter()) == 3
        assert {row["project_name"] for row in page} == {"华庄新村地块"}
    assert len(list(tmp_path.glob("v3.db.v3-*.bak"))) == 1


def test_upgrade_from_schema_v4(tmp_path: Path) -> None:
    """v4 had no policies table and no valuation columns; a newer laptop's policy and assessed
    price were kept in its op log and appear after the upgrade."""
    path = tmp_path / "v4.db"
    shutil.copy(FIXTURES / "schema-v4.db", path)
    with sqlite3.connect(path) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert "policies" not in tables
    with Workspace.open(path) as ws:
        assert ws.store.migrations_applied == [
            name for v, name, _ in migrations.MIGRATIONS if v > 4
        ]
        (row,) = households.find(ws, "钱永芳")
        household = ws.get("household", row["id"])
        assert household["assessed_price"] == 10000.0 and household["decoration_grade"] is None
        (policy,) = ws.read(lambda db: list(db.query("SELECT * FROM policies")))
        assert (
            policy["name"] == "华庄新村补偿方案" and policy["project_id"] == household["project_id"]
        )
        ws.update("household", household["id"], {"decoration_grade": "fine"})
        assert ws.get("household", household["id"])["decoration_grade"] == "fine"
    assert len(list(tmp_path.glob("v4.db.v4-*.bak"))) == 1


def test_an_old_finder_index_gets_the_name_keys(tmp_path: Path) -> None:
    """Names are key lookups since schema 8; an index built before has its keys added."""
    path = tmp_path / "v4.db"
    shutil.copy(FIXTURES / "schema-v4.db", path)
    with Workspace.open(path) as ws:
        assert "household finder: names as keys" in ws.store.migrations_applied
        (row,) = households.find(ws, "钱永芳")
        for query in ("永芳", "钱永", "钱"):  # inside a name, prefixes
            assert [found["id"] for found in households.find(ws, query)] == [row["id"]], query


def test_new_database_gets_every_migration(tmp_path: Path) -> None:
    with Store(tmp_path / "new.db") as store:
        assert len(store.migrations_applied) == len(migrations.MIGRATIONS)
        version = store.read(lambda db: db.conn.execute("PRAGMA user_version").fetchone()[0])
    assert version == migrations.SCHEMA_VERSION
    assert not list(tmp_path.glob("*.bak"))  # nothing to back up in a new file


def test_newer_schema_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    with Store(path):
        pass
    with closing(open_raw(path)) as conn:
        conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    before = path.read_bytes()
    with pytest.raises(UserError) as caught:
        Store(path)
    assert "更新版本" in str(caught.value)
    assert path.read_bytes() == before


@pytest.mark.parametrize("content", [b"PK\x03\x04 not a database at all" * 40, b"\x00" * 4096])
def test_foreign_file_is_refused_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "photo.db"
    path.write_bytes(content)
    with pytest.raises(UserError) as caught:
        Store(path)
    assert "不是入户通数据库" in str(caught.value)
    assert path.read_bytes() == content


def test_a_failing_migration_leaves_the_old_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.db"
    shutil.copy(FIXTURES / "schema-v1.db", path)

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("crash in the middle of a migration")

    monkeypatch.setattr(migrations, "MIGRATIONS", [migrations.MIGRATIONS[0], (2, "broken", broken)])
    with pytest.raises(RuntimeError):
        Store(path)
    with closing(open_raw(path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "half_done" not in tables
