"""kill -9 at random moments of an import and of an export (in a subprocess): the database passes
its integrity check, an import is all or nothing, the stick never holds a half bundle under a
bundle's name, and the interrupted work succeeds when run again."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from domain.ids import uuid7
from services.sync import Sync
from services.workspace import Workspace
from storage.oplog import Draft
from storage.store import open_raw
from sync.bundle import verify_bundle
from tests.sync.sync_kit import PASSWORD, District, Site, make_district

ROOT = Path(__file__).resolve().parents[2]
IMPORT_KILLS = 12
EXPORT_KILLS = 8


def _start(action: str, db: Path, target: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, DOORSTEP_INSECURE_FAST_KDF="1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.sync.crash_sync", action, str(db), str(target)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    assert line == b"ready", (line, proc.stderr.read() if proc.stderr else b"")
    return proc


def _run_killed(action: str, db: Path, target: Path, stage: str, nth: int, delay: float) -> bool:
    """Start; after the `nth` progress line of `stage` (or at once if nth is 0), wait `delay`
    seconds and kill -9. True if it finished before the kill."""
    proc = _start(action, db, target)
    assert proc.stdout is not None
    seen = 0
    while nth and seen < nth:
        line = proc.stdout.readline()
        if not line or line.startswith(b"done"):
            break
        if line.split()[0].decode() == stage:
            seen += 1
    time.sleep(delay)
    finished = proc.poll() is not None
    if not finished:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    if proc.stderr is not None:
        proc.stderr.close()
    return finished


def _steps(action: str, db: Path, target: Path) -> tuple[float, dict[str, int]]:
    """An undisturbed run: how long it takes and how many progress lines each stage prints."""
    proc = _start(action, db, target)
    start = time.monotonic()
    out, err = proc.communicate()
    assert proc.returncode == 0, err.decode()
    counts: dict[str, int] = {}
    for line in out.decode().splitlines():
        word = line.split()[0]
        counts[word] = counts.get(word, 0) + 1
    return time.monotonic() - start, counts


def _integrity(db: Path) -> None:
    conn = open_raw(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def _fill(site: Site, households: int) -> None:
    project = uuid7()
    drafts = [
        Draft(
            "create",
            "project",
            project,
            None,
            {"code": "P", "name": "地块", "district": "新吴区", "sub_district": "旺庄街道"},
        )
    ]
    for n in range(households):
        household = uuid7()
        drafts.append(
            Draft(
                "create",
                "household",
                household,
                None,
                {
                    "project_id": project,
                    "address": f"{n}号",
                    "head_name": "张三",
                    "state": "surveying",
                },
            )
        )
        drafts.append(Draft("set", "household", household, "notes", f"第{n}户"))
    site.ws.commit(drafts)


def _district(tmp_path: Path) -> District:
    district = make_district(tmp_path, laptops=1)
    laptop = district.laptops[0]
    _fill(laptop, 2500)
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(os.urandom(3 << 20))
    household = laptop.ws.read(
        lambda db: db.conn.execute("SELECT id FROM households").fetchone()[0]
    )
    laptop.ws.attach(household, photo)
    return district


def _bundle_state(site: Site, bundle_ops: set[str]) -> tuple[bool, int]:
    """(bundle recorded as imported, how many of its ops the copy holds)."""
    recorded = site.ws.read(
        lambda db: db.conn.execute("SELECT count(*) FROM sync_imported").fetchone()[0]
    )
    held = len(bundle_ops & site.op_ids())
    return recorded > 0, held


def test_kill_during_import(tmp_path: Path) -> None:
    district = _district(tmp_path)
    hub, laptop = district.hub, district.laptops[0]
    bundle_ops = laptop.op_ids()  # before the export, whose own audit entry is not in it
    bundle = laptop.export_one()
    already = len(bundle_ops & hub.op_ids())
    hub_db = hub.db
    district.close()

    pristine = tmp_path / "pristine"
    shutil.copytree(hub_db.parent, pristine)
    probe = tmp_path / "probe"
    shutil.copytree(pristine, probe)
    duration, steps = _steps("import", probe / hub_db.name, bundle)
    assert steps["apply"] >= 10, steps

    rng = random.Random(11)
    outcomes = []
    for kill in range(IMPORT_KILLS):
        # half the kills inside the transaction (after the n-th batch), the rest at any moment
        if kill % 2 == 0:
            stage, nth, delay = "apply", rng.randint(1, steps["apply"]), rng.uniform(0, 0.05)
        else:
            stage, nth, delay = "", 0, rng.uniform(0.0, duration * 1.1)
        _run_killed("import", hub_db, bundle, stage, nth, delay)
        _integrity(hub_db)
        with Workspace.open(hub_db) as ws:
            site = Site("hub", hub_db.parent, ws, Sync(ws))
            recorded, held = _bundle_state(site, bundle_ops)
        # all or nothing: recorded with every op, or not recorded with none of the new ones
        assert (recorded, held) in ((True, len(bundle_ops)), (False, already)), (recorded, held)
        outcomes.append("whole" if recorded else "none")
        if recorded:  # start the next attempt from before the import
            shutil.rmtree(hub_db.parent)
            shutil.copytree(pristine, hub_db.parent)
    # Whatever happened, importing again works and ends with every op.
    with Workspace.open(hub_db) as ws:
        (outcome,) = Sync(ws).import_files(PASSWORD, [bundle])
        assert outcome.status in ("imported", "already_imported"), outcome.error
        site = Site("hub", hub_db.parent, ws, Sync(ws))
        assert _bundle_state(site, bundle_ops) == (True, len(bundle_ops))
        assert ws.store.files.clean_leftovers() == 0  # cleaned by the import above
    assert not list((hub_db.parent / "tmp").glob("doorstep-payload-*"))
    assert outcomes.count("none") >= IMPORT_KILLS // 2  # the kills did land before the end


def test_kill_during_export(tmp_path: Path) -> None:
    district = _district(tmp_path)
    laptop = district.laptops[0]
    db = laptop.db
    stick = tmp_path / "U盘"
    stick.mkdir()
    district.close()
    duration, steps = _steps("export", db, stick)
    for leftover in stick.iterdir():
        leftover.unlink()
    rng = random.Random(5)
    finished_count = 0

    for kill in range(EXPORT_KILLS):
        if kill % 2 == 0:
            stage, nth, delay = "write", rng.randint(1, steps["write"]), 0.0
        else:
            stage, nth, delay = "", 0, rng.uniform(0.0, duration * 1.1)
        finished_count += _run_killed("export", db, stick, stage, nth, delay)
        _integrity(db)
        with Workspace.open(db) as ws:
            public = Sync(ws).public()
        assert public is not None
        # A name ending in .dsbundle is always a complete, verifiable bundle.
        for path in stick.glob("*.dsbundle"):
            verify_bundle(path, public)
    with Workspace.open(db) as ws:
        sync = Sync(ws)
        (result,) = sync.export(PASSWORD, stick)
        public = sync.public()
        assert public is not None
        verify_bundle(result.path, public)
    assert finished_count < EXPORT_KILLS
