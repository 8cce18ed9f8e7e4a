"""Making this device's ops: a batch of drafts gets consecutive seqs, strictly increasing clock
values past every one before, fresh UUIDv7 ids, values that parse back to the drafts', and the
preds a draft-by-draft commit would give — whatever mix of creates, edits, resolves, deletes and
events a batch holds."""

from __future__ import annotations

import json
import tempfile
import uuid
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.hlc import Clock
from domain.ops import DELETED, Op, canonical_json
from storage import meta, oplog
from storage.oplog import Draft
from storage.store import Store

RECORDS = ("r-1", "r-2", "r-3")
FIELDS = ("code", "name", "district", "notes")


def _commit(store: Store, drafts: list[Draft]) -> list[Op]:
    def write(db: Any) -> list[Op]:
        ops = oplog.new_local_ops(db.conn, "测试", drafts)
        oplog.apply_ops(db.conn, ops)
        return ops

    return store.write(write)


def _create(record: str, **values: Any) -> Draft:
    base = {"code": record, "name": "项目", "district": "新吴区", "sub_district": "旺庄街道"}
    return Draft("create", "project", record, None, base | values)


def test_a_batch_numbers_its_ops_and_moves_the_clock_on(tmp_path: Path) -> None:
    with Store(tmp_path / "x.db") as store:
        first = _commit(store, [_create("r-1")])
        before = store.read(lambda db: (meta.clock_last(db.conn), meta.device_id(db.conn)))
        drafts = [_create(f"b-{n}", notes="备注" * n) for n in range(500)]
        drafts += [Draft("set", "project", "b-7", "name", "改名"), Draft("set", "project", "b-7", "name", "再改")]  # fmt: skip
        drafts += [Draft("event", "project", "b-3", "reveal", {"field": "name"})]
        ops = _commit(store, drafts)
        after = store.read(lambda db: meta.clock_last(db.conn))
    assert [op.origin_seq for op in ops] == list(range(2, 2 + len(drafts)))
    clocks = [op.hlc for op in ops]
    assert clocks == sorted(set(clocks)) and clocks[0] > before[0] >= first[0].hlc
    assert after == clocks[-1]
    assert {op.origin_device for op in ops} == {before[1]} and {op.author for op in ops} == {"测试"}
    assert len({op.op_id for op in ops}) == len(ops)
    assert all(uuid.UUID(op.op_id).version == 7 for op in ops)
    for op, draft in zip(ops, drafts, strict=True):
        assert json.loads(op.value_json) == draft.value == op.value
        assert op.value_json == canonical_json(draft.value)
        assert op.field == (None if draft.kind == "create" else draft.field)
    create_b7 = ops[7]
    assert ops[-3].preds == (create_b7.op_id,) and ops[-2].preds == (ops[-3].op_id,)
    assert ops[-1].preds == () and ops[0].preds == ()


def test_values_already_in_canonical_json_are_taken_as_given(tmp_path: Path) -> None:
    values = {"code": "r-9", "name": "项目", "district": "新吴区", "sub_district": "旺庄街道"}
    given_text = canonical_json(values)
    with Store(tmp_path / "x.db") as store:
        (op,) = _commit(store, [Draft("create", "project", "r-9", None, values, given_text)])
        stored = store.read(
            lambda db: db.conn.execute("SELECT value_json FROM ops WHERE op_id = ?", (op.op_id,))
        ).fetchone()[0]
    assert op.value_json is given_text and stored == given_text and op.value == values


def test_many_ticks_at_once_are_the_ticks_one_by_one() -> None:
    now = iter([5, 5, 5, 9, 9]).__next__
    one = Clock(0, now_ms=lambda: 5)
    many = Clock(0, now_ms=now)
    singles = [one.tick() for _ in range(4)]
    first = many.tick_many(4)
    assert list(range(first, first + 4)) == singles and many.last == one.last
    assert many.tick_many(3) > singles[-1]  # the wall clock moved on: so does the clock
    behind = Clock(10**12, now_ms=lambda: 1)  # a clock ahead of the wall (a received op)
    assert behind.tick_many(2) == 10**12 + 1 and behind.last == 10**12 + 2


drafts_strategy = st.lists(
    st.tuples(
        st.sampled_from(("set", "set", "resolve", "delete", "restore", "event")),
        st.sampled_from(RECORDS),
        st.sampled_from(FIELDS),
        st.sampled_from(("甲", "乙", "丙")),
    ),
    max_size=12,
)


def _draft(kind: str, record: str, field: str, value: str) -> Draft:
    if kind == "delete":
        return Draft("delete", "project", record, DELETED, True)
    if kind == "restore":
        return Draft("set", "project", record, DELETED, False)
    if kind == "event":
        return Draft("event", "project", record, "print", {"value": value})
    return Draft(kind, "project", record, field, value)


def _state(store: Store) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    def read(db: Any) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        rows = db.conn.execute(
            f"SELECT id, {', '.join(FIELDS)}, _deleted, _delete_conflict, _conflicts"
            " FROM projects ORDER BY id"
        ).fetchall()
        shape = db.conn.execute(
            "SELECT o.entity_id, o.kind, o.field, o.value_json, o.preds_json,"
            " (SELECT count(*) FROM field_heads h WHERE h.op_id = o.op_id)"
            " FROM ops o ORDER BY o.origin_seq"
        ).fetchall()
        return [tuple(r) for r in rows], [tuple(r) for r in shape]

    return store.read(read)


def _by_position(shape: list[tuple[Any, ...]], ids: list[str]) -> list[tuple[Any, ...]]:
    """Preds named by the position of the op they name (ids differ between two runs)."""
    where = {op_id: n for n, op_id in enumerate(ids)}
    return [
        (*row[:4], sorted(where[p] for p in json.loads(row[4] or "[]")), row[5]) for row in shape
    ]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=drafts_strategy, data=st.data())
def test_one_batch_or_one_commit_per_draft_gives_the_same_log_and_records(
    raw: list[tuple[str, str, str, str]], data: st.DataObject
) -> None:
    creates = [_create(r) for r in RECORDS[: data.draw(st.integers(1, len(RECORDS)))]]
    drafts = creates + [_draft(*d) for d in raw if d[1] in {c.entity_id for c in creates}]
    with tempfile.TemporaryDirectory() as tmp:
        with Store(Path(tmp) / "batch.db") as store:
            batch_ids = [op.op_id for op in _commit(store, drafts)]
            batch = _state(store)
        with Store(Path(tmp) / "single.db") as store:
            single_ids = [op.op_id for draft in drafts for op in _commit(store, [draft])]
            single = _state(store)
    assert batch[0] == single[0]
    assert _by_position(batch[1], batch_ids) == _by_position(single[1], single_ids)
