"""SQLCipher's page layout (storage.db.LAYOUT; bigger pages were measured and not taken:
bench/results/storage.md): a new database gets it, a database made by an earlier version (the
fixture) keeps opening, writing, backing up, changing its password and refusing a wrong one, with
no extra key derivation, and every copy keeps its source's layout. The layout cannot be read from
an encrypted file, so these tests find it the only way there is: by which layout opens it."""

from __future__ import annotations

import shutil
from contextlib import closing
from pathlib import Path

import pytest
import sqlcipher3

from domain.errors import UserError
from services import households
from services.workspace import Workspace
from storage import db as storage_db
from storage import keyring, migrations, sync_tables
from storage.db import CipherLayout, copy_database, open_connection
from storage.store import Store, open_raw
from tests.conftest import PROFILE, TEST_PASSWORD

FIXTURES = Path(__file__).parent / "fixtures"
OLD = "schema-v12-4k"  # made by the code before this change (make_schema_v12_4k.py.txt)
OLD_HOUSEHOLDS = 12


HMACS = ("HMAC_SHA1", "HMAC_SHA256", "HMAC_SHA512")


def layout_on_disk(path: Path, key: bytes) -> CipherLayout:
    """The one SQLCipher page layout that reads `path` (page 1's HMAC checks out), found with
    the driver itself, not through storage.db."""
    found = []
    for size in (1024, 2048, 4096, 8192, 16384, 32768, 65536):
        for hmac in HMACS:
            conn = sqlcipher3.connect(str(path), isolation_level=None)
            try:
                conn.execute("PRAGMA cipher_log_level = NONE")
                conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
                conn.execute(f"PRAGMA cipher_page_size = {size}")
                conn.execute(f"PRAGMA cipher_hmac_algorithm = {hmac}")
                pages = conn.execute("PRAGMA page_count").fetchone()[0]
                tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
                if pages > 0 and tables > 0:  # a file shorter than a page reads as empty
                    found.append(CipherLayout(size, hmac))
            except sqlcipher3.dbapi2.DatabaseError:
                pass
            finally:
                conn.close()
    assert len(found) == 1, found
    return found[0]


def old_database(folder: Path, name: str = "doorstep.db") -> Path:
    path = folder / name
    shutil.copy(FIXTURES / f"{OLD}.db", path)
    shutil.copy(FIXTURES / f"{OLD}-db.key", keyring.key_file_path(path))
    return path


def file_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def count(path: Path, table: str) -> int:
    with closing(open_raw(path)) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_a_new_database_gets_the_layout(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    with Workspace.open(path) as ws:
        ws.init_profile(PROFILE)
        key = ws.store.key
    assert layout_on_disk(path, key) == storage_db.LAYOUT
    assert path.stat().st_size % storage_db.PAGE_SIZE == 0
    with closing(open_raw(path)) as conn:
        assert storage_db.layout_of(conn) == storage_db.LAYOUT


def test_the_old_fixture_has_4096_byte_pages() -> None:
    key = keyring.unlock(FIXTURES / f"{OLD}.db", TEST_PASSWORD)
    assert layout_on_disk(FIXTURES / f"{OLD}.db", key) == storage_db.LAYOUT


def test_a_database_with_4096_byte_pages_opens_reads_and_writes(tmp_path: Path) -> None:
    path = old_database(tmp_path)
    with Workspace.open(path) as ws:
        # only the migrations after schema 12's
        assert ws.store.migrations_applied == [
            name for version, name, _ in migrations.MIGRATIONS if version > 12
        ]
        profile = ws.profile()
        assert profile is not None and profile.device_name == "v12四千笔记本"
        found = ws.read(lambda d: d.conn.execute("SELECT count(*) FROM households").fetchone())
        assert found[0] == OLD_HOUSEHOLDS
        project = ws.read(lambda d: d.conn.execute("SELECT min(id) FROM projects").fetchone())[0]
        households.create_household(
            ws, {"project_id": project, "address": "新页1号", "head_name": "页面新户"}
        )
        key = ws.store.key
        with closing(open_raw(path)) as conn:
            assert storage_db.layout_of(conn) == storage_db.LAYOUT
    assert layout_on_disk(path, key) == storage_db.LAYOUT  # never rewritten otherwise
    with Workspace.open(path) as ws:
        assert [h["address"] for h in households.find(ws, "页面新户")] == ["新页1号"]
    with closing(open_raw(path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_backup_keeps_the_layout_of_its_database(tmp_path: Path) -> None:
    """The backup API between SQLCipher databases of different page sizes writes a copy that
    nothing can read (measured): each copy is made with its source's size."""
    old = old_database(tmp_path)
    new = tmp_path / "new.db"
    with Workspace.open(new) as ws:
        ws.init_profile(PROFILE)
        ws.create(
            "project",
            {"code": "P", "name": "项目", "district": "新吴区", "sub_district": "旺庄街道"},
        )
    for source in (old, new):
        key = keyring.unlock(source)
        target = sync_tables.backup_file(source, tmp_path / f"{source.stem}-backup.db", key)
        with closing(open_raw(source)) as conn:
            expected = storage_db.layout_of(conn)
            copy = copy_database(conn, tmp_path / f"{source.stem}-copy.db", key)
        for made in (target, copy):
            assert layout_on_disk(made, key) == expected
            with closing(open_connection(made, key)) as conn:
                assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                rows = conn.execute("SELECT count(*) FROM op_log").fetchone()[0]
            assert rows == count(source, "op_log") > 0


def test_a_changed_password_opens_a_database_with_4096_byte_pages(tmp_path: Path) -> None:
    path = old_database(tmp_path)
    before = path.read_bytes()
    keyring.change_password(path, TEST_PASSWORD, "新的密码 2027")
    assert path.read_bytes() == before
    keyring.forget_all()
    with Workspace.open(path, password="新的密码 2027") as ws:
        found = ws.read(lambda d: d.conn.execute("SELECT count(*) FROM households").fetchone())
        assert found[0] == OLD_HOUSEHOLDS


def test_a_wrong_password_is_the_same_sentence_and_changes_nothing(tmp_path: Path) -> None:
    path = old_database(tmp_path)
    before = file_bytes(tmp_path)
    keyring.forget_all()
    with pytest.raises(UserError) as caught:
        Store(path, password="不是这个密码")
    assert caught.value.code == "db_wrong_password"
    assert file_bytes(tmp_path) == before


@pytest.mark.parametrize("key_from", ["old", "new"])
def test_a_database_of_another_key_is_refused_untouched_whatever_its_pages(
    tmp_path: Path, key_from: str
) -> None:
    """No page size opens a file under a key that is not its own: one sentence, nothing
    changed (the old file under a new database's key, and a new file under the old key)."""
    (tmp_path / "old").mkdir()
    old = old_database(tmp_path / "old")
    new = tmp_path / "new" / "doorstep.db"
    with Workspace.open(new) as ws:
        ws.init_profile(PROFILE)
    victim, intruder = (new, old) if key_from == "new" else (old, new)
    shutil.copy(intruder, victim)  # the victim's key file stays
    before = file_bytes(victim.parent)
    with pytest.raises(UserError) as caught:
        Store(victim)
    assert caught.value.code == "db_key_mismatch"
    assert file_bytes(victim.parent) == before


def test_opening_an_old_database_derives_no_extra_key(
    tmp_path: Path, derivations: list[object]
) -> None:
    path = old_database(tmp_path)
    keyring.forget_all()
    for _ in range(2):
        with Workspace.open(path, password=TEST_PASSWORD) as ws:
            assert ws.profile() is not None
    assert len(derivations) == 1


def test_a_plaintext_database_is_encrypted_with_a_new_databases_layout(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copy(FIXTURES / "schema-v11.db", path)
    with Workspace.open(path) as ws:
        key = ws.store.key
        assert ws.read(lambda d: d.conn.execute("SELECT count(*) FROM households").fetchone())[0]
    assert layout_on_disk(path, key) == storage_db.LAYOUT
    (backup,) = tmp_path.glob("old.db.v11-*.bak")  # the upgrade's backup, from the new file
    assert layout_on_disk(backup, key) == storage_db.LAYOUT
