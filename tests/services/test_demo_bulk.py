"""The demo load's fast path checks by the same rules as typed input: DraftMaker makes the drafts
to_draft (Workspace.validate) makes, refuses what it refuses, and every record id is a fresh
UUIDv7."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import multiprocessing
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import UserError
from domain.ops import canonical_json
from services import demo
from services.workspace import Workspace
from storage import bulkload, oplog
from tests.conftest import PROFILE
from tests.storage.test_bulkload import assert_same, snapshot

TODAY = dt.date(2026, 11, 26)


def _records(households: int, seed: int) -> list[demo.DemoRecord]:
    generator = demo.DemoGenerator(households, seed=seed, today=TODAY)
    records = generator.projects() + generator.policies()
    for group in generator.households():
        records += group
    return records + generator.flat_stock()


def test_drafts_are_the_ones_validate_makes(ws: Workspace) -> None:
    records = _records(120, seed=5)
    assert {r.entity for r in records} >= {"household", "member", "visit", "request", "flat"}
    made = demo.DraftMaker().drafts(records)
    assert made == [demo.to_draft(ws, record) for record in records]
    unchecked = demo.DraftMaker(validate=False).drafts(records)
    assert [d.value for d in unchecked] == [r.values for r in records]


@pytest.mark.parametrize(
    ("entity", "field", "bad", "code"),
    [
        ("household", "head_id_number", "320214194607010991", "id_bad_check"),
        ("household", "state", "飞走了", "not_a_choice"),
        ("visit", "visited_on", "2026-02-30", "bad_date"),
        ("member", "phone", "12345", "bad_phone"),
        ("visit", "no_such_field", "x", "unknown_field"),
    ],
)
def test_a_bad_value_is_refused_as_validate_refuses_it(
    ws: Workspace, entity: str, field: str, bad: str, code: str
) -> None:
    records = _records(20, seed=3)
    maker = demo.DraftMaker()
    maker.drafts(records)  # every good value remembered first
    target = next(r for r in records if r.entity == entity)
    broken = dataclasses.replace(target, values=target.values | {field: bad})
    with pytest.raises(UserError) as fast:
        maker.drafts([broken])
    with pytest.raises(UserError) as slow:
        demo.to_draft(ws, broken)
    assert fast.value.code == slow.value.code == code
    assert fast.value.message() == slow.value.message()


def test_record_ids_are_fresh_version_7_ids() -> None:
    records = _records(300, seed=2)
    ids = [r.record_id for r in records]
    assert len(set(ids)) == len(ids) > demo.ID_BLOCK * 4
    for value in ids:
        parsed = uuid.UUID(value)
        assert str(parsed) == value and parsed.version == 7
    assert set(ids).isdisjoint(r.record_id for r in _records(300, seed=2))


def _content(ws: Workspace) -> list[tuple[object, ...]]:
    """What a load wrote, ids aside (they are made fresh each time)."""

    def read(db: object) -> list[tuple[object, ...]]:
        conn = db.conn  # type: ignore[attr-defined]
        homes = conn.execute(
            "SELECT head_name, address, head_id_number, phone, state, attitude,"
            " compensation_amount, (SELECT count(*) FROM visits v WHERE v.household_id = h.id),"
            " (SELECT count(*) FROM members m WHERE m.household_id = h.id)"
            " FROM households h ORDER BY head_id_number, address"
        ).fetchall()
        flats = conn.execute(
            "SELECT estate, building, number, state, household_id IS NULL FROM flats"
            " ORDER BY estate, building, unit, number"
        ).fetchall()
        return [tuple(r) for r in homes + flats]

    return ws.read(read)


def test_a_helper_process_loads_what_this_process_loads(tmp_path: Path) -> None:
    summaries = []
    contents = []
    for name, helper in (("here.db", False), ("helper.db", True)):
        with Workspace.open(tmp_path / name) as ws:
            ws.init_profile(PROFILE)
            summaries.append(
                demo.load_demo(ws, 25, seed=9, today=TODAY, batch_ops=100, helper=helper)
            )
            contents.append(_content(ws))
            texts = ws.read(lambda db: db.conn.execute("SELECT value_json FROM ops").fetchall())
            assert all(canonical_json(json.loads(text)) == text for (text,) in texts)
    here, there = summaries
    assert (here.helper_process, there.helper_process) == (False, True)
    same = {"seconds": 0, "helper_process": True}
    assert here.to_dict() | same == there.to_dict() | same
    assert contents[0] == contents[1] and len(contents[0]) > 25


def test_a_load_cut_short_in_the_helper_is_finished_by_the_next(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "whole.db") as ws:
        ws.init_profile(PROFILE)
        demo.load_demo(ws, 30, seed=4, today=TODAY, helper=False)
        whole = _content(ws)
    with Workspace.open(tmp_path / "cut.db") as ws:
        ws.init_profile(PROFILE)
        calls = 0

        def stop_after_two(done: int, total: int) -> bool:
            nonlocal calls
            calls += 1
            return calls < 3

        first = demo.load_demo(
            ws, 30, seed=4, today=TODAY, batch_ops=80, progress=stop_after_two, helper=True
        )
        assert first.cancelled and 0 < first.households < 30
        second = demo.load_demo(ws, 30, seed=4, today=TODAY, batch_ops=80, helper=True)
        assert second.resumed and not second.cancelled and second.households == 30
        assert _content(ws) == whole


def test_a_refusal_in_the_helper_is_the_same_sentence_here() -> None:
    """A value the checks refuse stops the load with the refusal itself, not a crash report."""

    plan = demo._Plan(5, 1, dt.date(1890, 6, 1), 4.0, 0.6)  # every date before 1900
    generator = demo._generator(plan, "李明", "旺庄街道")
    generator.projects()
    plan.projects = generator.project_ids()
    receiving, sending = multiprocessing.Pipe(duplex=True)
    stamp = bulkload.Stamp("device", None, "李明", 1, 0, 0, None)
    demo.helper_main(sending, stamp, None, plan.to_json(), "李明", "旺庄街道", True, 100)
    with pytest.raises(UserError) as refused:
        list(demo.helper_messages(receiving))
    with pytest.raises(UserError) as here:
        list(demo._produce(plan.to_json(), "李明", "旺庄街道", True, 100))
    assert refused.value.code == here.value.code == "id_birth_date_out_of_range"
    assert refused.value.message() == here.value.message()


def test_a_load_through_the_helper_is_what_its_log_rebuilds_to(tmp_path: Path) -> None:
    """Every row the bulk path wrote — records, the finder, the list index — is what rebuilding
    them from the op log gives, across batches, a dictionary trained on the way and the stock."""
    with Workspace.open(tmp_path / "helper.db") as ws:
        ws.init_profile(PROFILE)
        demo.load_demo(ws, 260, seed=3, today=TODAY, batch_ops=700, helper=True)

        def rebuilt(db: Any) -> None:
            conn = db.conn
            assert conn.execute("SELECT count(*) FROM op_dicts").fetchone()[0] == 1
            written = snapshot(conn)
            oplog.rebuild_materialised(conn)  # records, then the finder and list index refreshed
            assert_same(written, snapshot(conn))
            raise _Undo

        with pytest.raises(_Undo):
            ws.store.write(rebuilt)


class _Undo(Exception):
    pass


def _batch_sizes(households: int, batch_ops: int) -> list[int]:
    plan = demo._Plan(households, 7, TODAY, 4.0, 0.6)
    generator = demo._generator(plan, "李明", "旺庄街道")
    generator.projects()
    plan.projects = generator.project_ids()
    messages = demo._produce(plan.to_json(), "李明", "旺庄街道", False, batch_ops)
    return [len(m[2]) for m in messages if m[0] == "batch"]


def test_batches_start_small_grow_and_end_small() -> None:
    """The writer waits for the first batch and commits the last with nothing made beside it:
    both are small; the ones between grow to the most a batch holds (fewer commits)."""
    sizes = _batch_sizes(1200, 4000)
    biggest = max(sizes)
    one_household = 60  # records of the largest household the generator makes, and more
    assert sizes[0] < demo.FIRST_BATCH_OPS + one_household
    assert 4000 <= biggest < 4000 + one_household
    assert sizes[-1] < demo.FIRST_BATCH_OPS + one_household
    assert sizes[-2] < biggest
    assert sizes == _batch_sizes(1200, 4000)  # the same load, the same batches


@given(size=st.integers(1, 100_000), most=st.integers(1, 100_000), left=st.integers(0, 10**7))
def test_next_batch_size_grows_at_most_twofold_within_bounds(
    size: int, most: int, left: int
) -> None:
    made = demo.next_batch_size(size, most, left)
    assert 1 <= made <= most and made <= 2 * size
    assert made <= max(demo.FIRST_BATCH_OPS, left // 2)


def test_a_helper_never_started_ends_quietly() -> None:
    """The helper is spawned before the load knows what it will make (its imports overlap the
    projects' commit); a load that stops before sending it anything leaves no process behind."""
    with demo._in_helper() as started:
        process_count = len(__import__("multiprocessing").active_children())
        assert process_count >= 1
    assert not [
        p for p in __import__("multiprocessing").active_children() if p.name == "doorstep-demo"
    ]
    assert started.connection.closed
