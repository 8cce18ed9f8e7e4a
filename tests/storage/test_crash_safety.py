"""kill -9 in the middle of local edits: the file stays sound, every transaction is whole, and the
tables the UI reads still equal what the op log says."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

from storage import oplog
from storage.statehash import state_hash
from storage.store import Store, open_raw

ROOT = Path(__file__).resolve().parents[2]
KILLS = 6


def _kill_while_writing(path: Path, delay: float) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.storage.crash_writer", str(path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == b"ready"
    time.sleep(delay)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()


def test_kill_during_local_edits(tmp_path: Path) -> None:
    path = tmp_path / "crash.db"
    rng = random.Random(7)
    made = 0
    for _ in range(KILLS):
        _kill_while_writing(path, rng.uniform(0.05, 0.6))
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
