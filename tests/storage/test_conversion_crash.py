"""kill -9 while a database written before encryption is being converted: at every moment the
database file is either the old plaintext one or the new encrypted one, never neither; the next
start finishes the job and leaves no plaintext behind (backups included)."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
from pathlib import Path

from services import households
from services.workspace import Workspace
from storage import keyring
from storage.db import is_plaintext_sqlite
from tests.crash_kit import kill_when_ready

FIXTURE = Path(__file__).parent / "fixtures" / "schema-v3.db"
HEAD = "住户1"  # a head name in the fixture


def _plaintext_database(folder: Path) -> Path:
    """The v3 fixture with 3 MB more, so a conversion takes long enough to be interrupted; and
    a plaintext sync backup beside it, as an old version left."""
    folder.mkdir()
    db = folder / "doorstep.db"
    shutil.copy(FIXTURE, db)
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE ballast (x BLOB)")
        conn.executemany(
            "INSERT INTO ballast VALUES (?)", [(os.urandom(4096),) for _ in range(800)]
        )
    (folder / "backups").mkdir()
    shutil.copy(FIXTURE, folder / "backups" / "doorstep-before-import-20261101-1200.db")
    return db


def test_kill_during_conversion(tmp_path: Path) -> None:
    rng = random.Random(5)
    outcomes = set()
    for round_ in range(4):
        db = _plaintext_database(tmp_path / f"r{round_}")
        kill_when_ready("tests.storage.crash_convert", str(db), after=rng.uniform(0.0, 1.5))
        outcomes.add("plaintext" if is_plaintext_sqlite(db) else "encrypted")
        keyring.forget_all()
        with Workspace.open(db) as ws:  # the next start: old or new, both open
            page = households.list_page(ws, households.HouseholdFilter())
            assert HEAD in [row["head_name"] for row in page]
        for path in db.parent.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                assert not data.startswith(b"SQLite format 3"), path.name
                assert HEAD.encode() not in data, path.name
    assert outcomes, outcomes  # (which moments were hit is random; every one must recover)
