"""bench/written_layout.py reads an encrypted file's own pages (either layout): every page is
accounted for, its HMAC checked, and dbstat names the tables as SQLite sees them."""

from __future__ import annotations

import shutil
from contextlib import closing
from pathlib import Path

import pytest

from bench import written_layout
from services.workspace import Workspace
from storage import keyring
from storage.db import layout_of
from storage.store import open_raw
from tests.conftest import PROFILE

FIXTURES = Path(__file__).parent / "fixtures"


def new_database(folder: Path) -> Path:
    path = folder / "new.db"
    with Workspace.open(path) as ws:
        ws.init_profile(PROFILE)
        ws.create(
            "project",
            {"code": "P", "name": "项目", "district": "新吴区", "sub_district": "旺庄街道"},
        )
    return path


def old_database(folder: Path) -> Path:
    path = folder / "old.db"
    shutil.copy(FIXTURES / "schema-v12-4k.db", path)
    shutil.copy(FIXTURES / "schema-v12-4k-db.key", keyring.key_file_path(path))
    return path


@pytest.mark.parametrize("make", [new_database, old_database])
def test_every_page_of_the_file_is_accounted_for(tmp_path: Path, make: object) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    parts = {p.name: p for p in written_layout.written_layout(path)}
    with closing(open_raw(path)) as conn:
        free = conn.execute("PRAGMA freelist_count").fetchone()[0] * layout_of(conn).page_size
    # dbstat (on the decrypted pages) and SQLite's own free list account for the whole file
    assert parts["(free pages)"].written == free
    assert sum(p.written for p in parts.values()) == path.stat().st_size
    assert parts["op_log"].written > 0 and parts["projects"].written > 0
    assert all(p.packed <= p.written for p in parts.values())
    assert sorted(tmp_path.iterdir()) == sorted(
        [path, keyring.key_file_path(path), *tmp_path.glob("*-files")]
    )  # the plaintext copies are gone


def test_a_damaged_page_is_refused(tmp_path: Path) -> None:
    path = new_database(tmp_path)
    with closing(open_raw(path)) as conn:  # the last pages a table's, not the schema's
        conn.execute("CREATE TABLE filler (x)")
        conn.execute("INSERT INTO filler VALUES (zeroblob(20000))")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    data[-200] ^= 1  # inside the last page's ciphertext
    path.write_bytes(bytes(data))
    with pytest.raises(ValueError, match="HMAC"):
        written_layout.written_layout(path)
