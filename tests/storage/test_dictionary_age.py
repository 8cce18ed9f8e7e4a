"""The op log's zstd dictionaries follow what the log holds now (storage/opstore.py): values name
records by UUIDv7 ids, whose first characters are the time they were made, so a dictionary
trained long ago matches less and less of the new values (at 100 000 households: 84-91 bytes a
value against 70-73 with a dictionary of their time, bench/results/storage.md). After its first
marks the log gets a new dictionary every RETRAIN_EVERY ops, trained on its newest values."""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path

import pytest

from domain.ids import uuid7
from services.workspace import Workspace
from storage import opstore
from storage.oplog import Draft
from tests.conftest import PROFILE

ERAS = 12
PER_ERA = 150


def _drifting_visits(ws: Workspace) -> None:
    """Visits of households made shortly before, as a caseworker's are: each era of PER_ERA ops
    names households of its own and of the two eras before it, by ids no earlier era had (as
    UUIDv7 ids of records made later)."""
    rng = random.Random(5)
    eras: list[list[str]] = []
    for _era in range(ERAS):
        eras.append([f"{uuid7()[:9]}{rng.getrandbits(100):025x}" for _ in range(3)])
        households = [h for made in eras[-3:] for h in made]
        drafts = [
            Draft(
                "create",
                "visit",
                uuid7(),
                None,
                {
                    "household_id": rng.choice(households),
                    "people_met": rng.choice(households),
                    "visited_on": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    "explained": rng.choice(["补偿方案", "安置房源", "房票使用"]),
                },
            )
            for _ in range(PER_ERA)
        ]
        for start in range(0, PER_ERA, 50):
            ws.commit(drafts[start : start + 50])


def _stored(ws: Workspace) -> tuple[int, list[int]]:
    """Bytes of the values of the last two eras, and when each dictionary was made."""
    return ws.read(
        lambda db: (
            db.conn.execute(
                "SELECT sum(length(value)) FROM op_log WHERE rowid > (SELECT max(rowid) FROM op_log) - ?",
                (2 * PER_ERA,),
            ).fetchone()[0],
            [row[0] for row in db.conn.execute("SELECT made_at FROM op_dicts ORDER BY made_at")],
        )
    )


def _load(path: Path, every: int, monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[int]]:
    monkeypatch.setattr(opstore, "TRAIN_AT", (2 * PER_ERA,))
    monkeypatch.setattr(opstore, "RETRAIN_EVERY", every)
    with Workspace.open(path) as ws:
        ws.init_profile(PROFILE)
        _drifting_visits(ws)
        return _stored(ws)


def test_a_growing_log_gets_dictionaries_of_its_newest_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    every = 3 * PER_ERA
    size, made = _load(tmp_path / "retrained.db", every, monkeypatch)
    # one at the mark, then one every `every` ops (looked at after each commit of 50)
    assert made[0] >= 2 * PER_ERA and len(made) == 1 + (ERAS * PER_ERA - made[0]) // every
    assert all(b - a >= every for a, b in itertools.pairwise(made))
    once, made_once = _load(tmp_path / "once.db", 10**9, monkeypatch)
    assert len(made_once) == 1
    # the newest values are smaller with a dictionary of their time
    assert size < 0.9 * once, (size, once)


def _switching_visits(ws: Workspace, switch_at: int, total: int, *, bulk: bool = True) -> None:
    """Visits of one project, then of another: every value names its project (as a demo load's
    do, project after project), which a dictionary made before the switch cannot know."""
    rng = random.Random(7)
    projects = [f"{uuid7()[:9]}{rng.getrandbits(100):025x}" for _ in range(2)]
    drafts = [
        Draft(
            "create",
            "visit",
            uuid7(),
            None,
            {
                "project_id": projects[n >= switch_at],
                "household_id": f"{rng.getrandbits(64):016x}",
                "visited_on": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "explained": rng.choice(["补偿方案", "安置房源", "房票使用"]),
            },
        )
        for n in range(total)
    ]
    for start in range(0, total, 50):
        ws.commit(drafts[start : start + 50])
        if bulk:  # as a bulk load's batches do (storage/bulkload.py); apply_ops alone does not
            ws.write(lambda db: opstore.maybe_train(db.conn, follow_growth=True))


def _after_switch(
    path: Path,
    after: int,
    monkeypatch: pytest.MonkeyPatch,
    *,
    every: int = 10**9,
    switch_at: int = 900,
    total: int = 1800,
    bulk: bool = True,
) -> tuple[int, int]:
    """Bytes of the newest values (_stored), and how many dictionaries, with dictionaries
    made again `after` ops on at the earliest when the values grow, and every `every` ops."""
    monkeypatch.setattr(opstore, "TRAIN_AT", (300,))
    monkeypatch.setattr(opstore, "RETRAIN_EVERY", every)
    monkeypatch.setattr(opstore, "RETRAIN_AFTER", after)
    monkeypatch.setattr(opstore, "COMPARED", 100)
    with Workspace.open(path) as ws:
        ws.init_profile(PROFILE)
        _switching_visits(ws, switch_at=switch_at, total=total, bulk=bulk)
        size, made = _stored(ws)
        return size, len(made)


def test_a_dictionary_is_made_again_when_new_values_stop_matching_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    size, made = _after_switch(tmp_path / "again.db", 300, monkeypatch)
    stale, made_once = _after_switch(tmp_path / "stale.db", 10**9, monkeypatch)
    assert made_once == 1
    assert made == 2  # once at the mark, once after the switch: not again for the same project
    assert size < 0.9 * stale, (size, stale)


def test_values_that_changed_as_a_dictionary_was_made_get_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The switch comes as the second dictionary is made (from the values before it): the
    values after it were never matched by it, so they are compared with those before it."""
    kept = {"every": 600, "switch_at": 900, "total": 1500}
    size, _ = _after_switch(tmp_path / "again.db", 150, monkeypatch, **kept)
    stale, _ = _after_switch(tmp_path / "stale.db", 10**9, monkeypatch, **kept)
    assert size < 0.98 * stale, (size, stale)  # (equal when compared with after alone)


def test_an_import_keeps_the_dictionary_it_has(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """apply_ops (an import's write path, an edit's) trains at the marks only: following the
    values' growth made two more dictionaries of a 100 000-op bundle, ~0.3 s of its CPU."""
    _, made = _after_switch(tmp_path / "import.db", 300, monkeypatch, bulk=False)
    assert made == 1


def _visits(count: int, seed: int) -> list[Draft]:
    """`count` new visits of random households, alike but for the household."""
    rng = random.Random(seed)
    return [
        Draft(
            "create",
            "visit",
            uuid7(),
            None,
            {"household_id": f"{rng.getrandbits(64):016x}", "explained": "补偿方案"},
        )
        for _ in range(count)
    ]


def _marks_passed(path: Path, per_write: int, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """When each dictionary was made, for 1 500 visits written `per_write` at a time through
    apply_ops (an import's batches, or a laptop's edits), with marks at 300 and 1 200 ops and a
    full sample of 400 values."""
    monkeypatch.setattr(opstore, "TRAIN_AT", (300, 1_200))
    monkeypatch.setattr(opstore, "SAMPLE_VALUES", 400)
    monkeypatch.setattr(opstore, "RETRAIN_EVERY", 10**9)
    drafts = _visits(1_500, seed=3)
    with Workspace.open(path) as ws:
        ws.init_profile(PROFILE)
        for start in range(0, len(drafts), per_write):
            ws.commit(drafts[start : start + per_write])
        return _stored(ws)[1]


def test_a_dictionary_of_a_full_sample_waits_for_the_next_retraining(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The later mark is for a first dictionary trained from fewer than SAMPLE_VALUES values (a
    laptop's first 2 000 ops). An import's first batch of 10 000 already gave it a full sample:
    training again at 40 000 in the same import cost ~0.1 CPU s for 0.5 % of the values' bytes
    (bench/results/sync-parts.md)."""
    small_writes = _marks_passed(tmp_path / "laptop.db", 50, monkeypatch)
    assert len(small_writes) == 2 and small_writes[0] < 400 <= small_writes[1]
    batches = _marks_passed(tmp_path / "import.db", 500, monkeypatch)
    assert len(batches) == 1 and batches[0] >= 400


def test_the_batch_that_passes_the_first_mark_is_written_compressed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first dictionary is trained before the batch that passes the first mark is written
    (an import's first batch of 10 000 ops), from the values held and the batch's own: the
    batch goes in compressed instead of as text rewritten at once (~0.05-0.09 CPU s of an
    import, bench/results/sync-parts.md). Values written before it are compressed as before."""
    monkeypatch.setattr(opstore, "TRAIN_AT", (300, 1_200))
    monkeypatch.setattr(opstore, "SAMPLE_VALUES", 400)
    drafts = _visits(600, seed=4)
    ran: list[str] = []
    with Workspace.open(tmp_path / "first.db") as ws:
        ws.init_profile(PROFILE)
        ws.commit(drafts[:100])
        held = ws.read(lambda db: db.conn.execute("SELECT max(rowid) FROM op_log").fetchone()[0])
        ws.write(lambda db: db.conn.set_trace_callback(ran.append))
        ws.commit(drafts[100:])
        ws.write(lambda db: db.conn.set_trace_callback(None))
        stored = ws.read(
            lambda db: db.conn.execute(
                "SELECT rowid, typeof(value), length(op_value(value)) FROM op_log ORDER BY rowid"
            ).fetchall()
        )
        made = _stored(ws)[1]
        values = ws.read(
            lambda db: [
                json.loads(row[0])
                for row in db.conn.execute("SELECT value_json FROM ops WHERE entity = 'visit'")
            ]
        )
    rewritten = [sql for sql in ran if sql.startswith("UPDATE op_log SET value")]
    rowids = {int(sql.rsplit("=", 1)[1]) for sql in rewritten}
    assert rowids and max(rowids) <= held  # only values held before the batch were rewritten
    assert made == [stored[-1][0]]
    assert all(kind == "blob" for _, kind, size in stored if size >= opstore.MIN_COMPRESSED)
    assert values == [draft.value for draft in drafts]
