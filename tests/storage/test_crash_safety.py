"""kill -9 in the middle of local edits: the file stays sound, every transaction is whole, and the
tables the UI reads still equal what the op log says."""

from __future__ import annotations

import random
from contextlib import closing
from pathlib import Path

from storage import oplog
from storage.statehash import state_hash
from storage.store import Store, open_raw
from tests.crash_kit import kill_when_ready

KILLS = 6


def test_kill_during_local_edits(tmp_path: Path) -> None:
    path = tmp_path / "crash.db"
    rng = random.Random(7)
    made = 0
    for _ in range(KILLS):
        kill_when_ready("tests.storage.crash_writer", str(path), after=rng.uniform(0.05, 0.6))
        with closing(open_raw(path)) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        with Store(path) as store:
            households = store.read(
                lambda db: db.conn.execute("SELECT id FROM households").fetchall()
            )
            members = store.read(
                lambda db: db.conn.execute(
                    "SELECT household_id, count(*) FROM members GROUP BY household_id"
                ).fetchall()
            )
            # A household and its two members are one transaction: never one without the others.
            assert all(count == 2 for _, count in members)
            assert len(members) == len(households)
            made = len(households)
            live = store.read(lambda db: state_hash(db.conn))
            store.write(lambda db: oplog.rebuild_materialised(db.conn))
            assert store.read(lambda db: state_hash(db.conn)) == live
    assert made > KILLS  # the writer really was writing when it was killed
