"""The op log's merge rule is a pure function of the set of ops (shared/design/sync.md): random op
sets applied in random orders, split into random batches and with duplicates, give one state, and
that state is the one domain.merge.materialise computes."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.merge import materialise
from domain.ops import DELETED, Op, canonical_json
from storage import oplog
from storage.statehash import state_hash
from storage.store import Store

FIELDS = ["name", "code", "notes"]
DEVICES = ["dev-a", "dev-b", "dev-c"]


@st.composite
def op_sets(draw: st.DrawFn) -> list[Op]:
    """A log several devices could have made: creates, concurrent sets with partial views,
    deletes that saw some heads, restores and resolutions."""
    records = [f"rec-{i}" for i in range(draw(st.integers(1, 3)))]
    ops: list[Op] = []
    seqs = dict.fromkeys(DEVICES, 0)
    for record in records:
        device = draw(st.sampled_from(DEVICES))
        seqs[device] += 1
        value = {
            "code": f"C-{record}",
            "district": "新吴区",
            "name": f"项目{record}",
            "sub_district": "旺庄街道",
        }
        ops.append(
            _op(
                len(ops),
                device,
                seqs[device],
                draw(st.integers(0, 50)),
                record,
                None,
                value,
                (),
                "create",
            )
        )
    for _ in range(draw(st.integers(0, 25))):
        device = draw(st.sampled_from(DEVICES))
        seqs[device] += 1
        record = draw(st.sampled_from(records))
        kind = draw(
            st.sampled_from(["set", "set", "set", "resolve", "delete", "restore", "recreate"])
        )
        hlc = draw(st.integers(0, 60))
        same_record = [op for op in ops if op.entity_id == record]
        if kind == "recreate":  # a second create of one id: only a forged log does this
            value = {"code": draw(st.sampled_from(["甲", "乙"])), "name": "重复"}
            ops.append(_op(len(ops), device, seqs[device], hlc, record, None, value, (), "create"))
            continue
        if kind in ("delete", "restore"):
            seen = draw(
                st.lists(st.sampled_from(same_record), max_size=6, unique_by=lambda o: o.op_id)
            )
            preds = tuple(sorted(op.op_id for op in seen))
            value = kind == "delete"
            ops.append(
                _op(
                    len(ops),
                    device,
                    seqs[device],
                    hlc,
                    record,
                    DELETED,
                    value,
                    preds,
                    "delete" if kind == "delete" else "set",
                )
            )
            continue
        field = draw(st.sampled_from(FIELDS))
        on_field = [op for op in same_record if field in op.fields()]
        seen = (
            draw(st.lists(st.sampled_from(on_field), max_size=3, unique_by=lambda o: o.op_id))
            if on_field
            else []
        )
        preds = tuple(sorted(op.op_id for op in seen))
        ops.append(
            _op(
                len(ops),
                device,
                seqs[device],
                hlc,
                record,
                field,
                draw(st.sampled_from(["甲", "乙", "丙", "丁"])),
                preds,
                kind,
            )
        )
    return ops


def _op(
    n: int,
    device: str,
    seq: int,
    hlc: int,
    record: str,
    field: str | None,
    value: object,
    preds: tuple[str, ...],
    kind: str,
) -> Op:
    return Op(
        op_id=f"op-{n:03d}",
        origin_device=device,
        origin_seq=seq,
        hlc=hlc,
        author="测试",
        entity="project",
        entity_id=record,
        field=field,
        value_json=canonical_json(value),
        preds=preds,
        kind=kind,
    )


def _apply_in_batches(
    path: Path, batches: list[list[Op]]
) -> tuple[str, dict[str, dict[str, object]]]:
    store = Store(path)
    try:
        for batch in batches:
            store.write(lambda db, b=batch: oplog.apply_ops(db.conn, b))
        digest = store.read(lambda db: state_hash(db.conn))
        rows = store.read(lambda db: {r["id"]: r for r in db["projects"].rows})
    finally:
        store.close()
    return digest, rows


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=op_sets(), data=st.data())
def test_any_order_any_batching_gives_one_state(ops: list[Op], data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        reference_hash, _ = _apply_in_batches(Path(tmp) / "ref.db", [ops])
        shuffled = data.draw(st.permutations(ops))
        duplicated = shuffled + data.draw(st.lists(st.sampled_from(ops), max_size=5))
        cuts = sorted(data.draw(st.lists(st.integers(0, len(duplicated)), max_size=4)))
        batches = [
            duplicated[a:b] for a, b in zip([0, *cuts], [*cuts, len(duplicated)], strict=True)
        ]
        digest, rows = _apply_in_batches(Path(tmp) / "other.db", batches)
    assert digest == reference_hash

    expected = materialise(ops)
    assert set(rows) == {rid for rid, state in expected.items() if state.exists}
    for record_id, row in rows.items():
        state = expected[record_id]
        for field in FIELDS:
            assert row[field] == state.values.get(field), (record_id, field)
        assert bool(row["_deleted"]) == state.deleted
        assert bool(row["_delete_conflict"]) == state.delete_conflict
        assert row["_conflicts"] == len(state.conflict_fields)
        # last changed: the newest head of any field, the deletion mark's included
        hlc_of = {op.op_id: op.hlc for op in ops}
        heads = [hlc_of[h] for field_heads in state.heads.values() for h in field_heads]
        assert row["_updated_hlc"] == max(heads), record_id


@settings(max_examples=25, deadline=None)
@given(ops=op_sets())
def test_reapplying_changes_nothing(ops: list[Op]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "x.db")
        try:
            store.write(lambda db: oplog.apply_ops(db.conn, ops))
            before = store.read(lambda db: state_hash(db.conn))
            again = store.write(lambda db: oplog.apply_ops(db.conn, ops))
            after = store.read(lambda db: state_hash(db.conn))
        finally:
            store.close()
    assert again.new_ops == 0 and again.known_ops == len({op.op_id for op in ops})
    assert before == after


@settings(max_examples=25, deadline=None)
@given(ops=op_sets())
def test_nothing_is_lost(ops: list[Op]) -> None:
    """Every op ever made is either a current head or named as a predecessor (in history)."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "x.db")
        try:
            store.write(lambda db: oplog.apply_ops(db.conn, ops))
            held = store.read(lambda db: {r[0] for r in db.conn.execute("SELECT op_id FROM ops")})
            heads = store.read(
                lambda db: {
                    op.op_id
                    for rid in {o.entity_id for o in ops}
                    for field_ops in oplog.record_heads(db.conn, rid).values()
                    for op in field_ops
                }
            )
        finally:
            store.close()
    assert held == {op.op_id for op in ops}
    named = {p for op in ops for p in op.preds}
    for op in ops:
        assert op.op_id in heads or op.op_id in named or not op.fields(), json.dumps(op.to_dict())


def test_two_creates_of_one_id_conflict_in_any_order() -> None:
    first = _op(1, "dev-a", 1, 5, "rec-x", None, {"name": "甲", "code": "C"}, (), "create")
    second = _op(2, "dev-b", 1, 6, "rec-x", None, {"name": "乙", "code": "C"}, (), "create")
    with tempfile.TemporaryDirectory() as tmp:
        one, rows_one = _apply_in_batches(Path(tmp) / "one.db", [[first], [second]])
        two, _ = _apply_in_batches(Path(tmp) / "two.db", [[second], [first]])
        both, _ = _apply_in_batches(Path(tmp) / "both.db", [[first, second]])
    assert one == two == both
    assert rows_one["rec-x"]["name"] == "乙" and rows_one["rec-x"]["_conflicts"] == 1
    assert materialise([first, second])["rec-x"].conflict_fields == ["name"]


def test_two_creates_of_one_id_with_no_fields_make_one_row_in_any_order() -> None:
    """Forged or hand-made: two creates of one record, neither naming a field. No field has a
    head; the row is still made (last changed: its create), whatever the order or batching."""
    first = _op(1, "dev-a", 1, 5, "rec-x", None, {}, (), "create")
    second = _op(2, "dev-b", 1, 6, "rec-x", None, {}, (), "create")
    with tempfile.TemporaryDirectory() as tmp:
        one, rows = _apply_in_batches(Path(tmp) / "one.db", [[first], [second]])
        two, _ = _apply_in_batches(Path(tmp) / "two.db", [[second], [first]])
        both, _ = _apply_in_batches(Path(tmp) / "both.db", [[first, second]])
    assert one == two == both
    assert rows["rec-x"]["_created_hlc"] == rows["rec-x"]["_updated_hlc"] == 5
