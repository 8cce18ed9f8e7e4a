"""A create is "fresh" (its row is the create's values, no head bookkeeping) only when the log held
no op of its record before the batch. Record ids are UUIDv7, time-ordered: a create whose stored
id sorts after the greatest record id the log held cannot have an op there, so only the others
are looked up in the log's record index (an import of 100 000 ops probed it for 86 000 creates,
0.3 CPU s). Whatever the ids — older or newer UUIDs, text ids, edits that arrived before their
record — the state is the one of the whole log applied at once."""

from __future__ import annotations

import dataclasses
import tempfile
import uuid
from contextlib import closing
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.ids import uuid7
from domain.merge import materialise
from domain.ops import Op
from storage import oplog
from storage.oplog import Draft
from tests.storage.test_apply_append_first import TracingConnection
from tests.storage.test_apply_batched import _database
from tests.storage.test_oplog_properties import FIELDS, _apply_in_batches, op_sets


def _record_lookups(sql: list[str]) -> list[str]:
    return [s for s in sql if s.startswith("SELECT entity_id FROM op_log WHERE entity_id IN")]


def _new_records(conn: object, households: list[str]) -> list[Op]:
    """A visit and a member created for each household: ops made and rolled back, so their seqs
    and record ids come after every one held."""
    drafts: list[Draft] = []
    for household in households:
        drafts.append(Draft("create", "visit", uuid7(), None, {"household_id": household}))
        drafts.append(Draft("create", "member", uuid7(), None, {"household_id": household}))
    conn.execute("BEGIN IMMEDIATE")  # type: ignore[attr-defined]
    ops = oplog.new_local_ops(conn, "李明", drafts)  # type: ignore[arg-type]
    conn.execute("ROLLBACK")  # type: ignore[attr-defined]
    return ops


def test_creates_of_records_newer_than_any_held_are_not_looked_up(tmp_path: Path) -> None:
    conn, households = _database(tmp_path / "hub.db", 5)
    with closing(conn):
        ops = _new_records(conn, households)
        tracing = TracingConnection(conn)
        conn.execute("BEGIN IMMEDIATE")
        result = oplog.apply_ops(tracing, ops)  # type: ignore[arg-type]
        conn.execute("COMMIT")
        assert result.new_ops == len(ops)
        assert _record_lookups(tracing.sql) == []
        visits = conn.execute("SELECT count(*) FROM visits").fetchone()[0]
        assert visits == len(households)


def test_an_event_with_a_newer_id_does_not_make_new_records_looked_up(tmp_path: Path) -> None:
    """An event's id (a bundle's) is not a record's: the hub records one per import."""
    conn, households = _database(tmp_path / "hub.db", 3)
    with closing(conn):
        event = Draft("event", "bundle", "ffffffff-ffff-7fff-bfff-ffffffffffff", "import", {})
        conn.execute("BEGIN IMMEDIATE")
        oplog.apply_ops(conn, oplog.new_local_ops(conn, "李明", [event]))
        conn.execute("COMMIT")
        ops = _new_records(conn, households)
        tracing = TracingConnection(conn)
        conn.execute("BEGIN IMMEDIATE")
        oplog.apply_ops(tracing, ops)  # type: ignore[arg-type]
        conn.execute("COMMIT")
        assert _record_lookups(tracing.sql) == []


def test_a_create_older_than_a_held_record_is_looked_up(tmp_path: Path) -> None:
    conn, households = _database(tmp_path / "hub.db", 3)
    with closing(conn):
        ops = _new_records(conn, households)
        # One record id older than every held one (a laptop whose clock was behind).
        old = dataclasses.replace(ops[0], entity_id="00000000-0000-7000-8000-000000000001")
        tracing = TracingConnection(conn)
        conn.execute("BEGIN IMMEDIATE")
        oplog.apply_ops(tracing, [old, *ops[1:]])  # type: ignore[arg-type]
        conn.execute("COMMIT")
        assert len(_record_lookups(tracing.sql)) == 1


def test_an_edit_held_before_its_records_create_is_kept_whatever_the_id(tmp_path: Path) -> None:
    """The edit arrived first (another laptop's bundle); the create's id sorts after every other
    record id held, but not after its own edit's: the row keeps the edit."""
    conn, households = _database(tmp_path / "hub.db", 2)
    with closing(conn):
        create, *_ = _new_records(conn, households[:1])
        newest = "ffffffff-ffff-7fff-bfff-ffffffffffff"
        create = dataclasses.replace(create, entity_id=newest)
        edit = dataclasses.replace(
            create,
            op_id=uuid7(),
            origin_seq=create.origin_seq + 1,
            hlc=create.hlc + 1,
            kind="set",
            field="people_met",
            value_json='"王芳"',
            preds=(create.op_id,),
        )
        for batch in ([edit], [create]):
            conn.execute("BEGIN IMMEDIATE")
            oplog.apply_ops(conn, batch)
            conn.execute("COMMIT")
        row = conn.execute("SELECT people_met FROM visits WHERE id = ?", (newest,)).fetchone()
        assert row == ("王芳",)


@st.composite
def _ids(draw: st.DrawFn, count: int) -> list[str]:
    """Record ids of every kind the log stores: canonical UUIDs (kept as 16 bytes) in any order,
    and text ids (kept as text)."""
    return draw(
        st.lists(
            st.one_of(
                st.integers(0, 2**128 - 1).map(lambda n: str(uuid.UUID(int=n))),
                st.sampled_from(["rec-a", "rec-b", "REC", "00000000-0000-7000-8000-00000000000A"]),
            ),
            min_size=count,
            max_size=count,
            unique=True,
        )
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=op_sets(), data=st.data())
def test_any_record_ids_in_any_order_and_batching_give_one_state(
    ops: list[Op], data: st.DataObject
) -> None:
    records = sorted({op.entity_id for op in ops})
    renamed = dict(zip(records, data.draw(_ids(len(records))), strict=True))
    ops = [dataclasses.replace(op, entity_id=renamed[op.entity_id]) for op in ops]
    with tempfile.TemporaryDirectory() as tmp:
        reference_hash, _ = _apply_in_batches(Path(tmp) / "ref.db", [ops])
        shuffled = data.draw(st.permutations(ops))
        cuts = sorted(data.draw(st.lists(st.integers(0, len(shuffled)), max_size=4)))
        batches = [shuffled[a:b] for a, b in zip([0, *cuts], [*cuts, len(shuffled)], strict=True)]
        digest, rows = _apply_in_batches(Path(tmp) / "other.db", batches)
    assert digest == reference_hash
    expected = materialise(ops)
    assert set(rows) == {rid for rid, state in expected.items() if state.exists}
    for record_id, row in rows.items():
        for field in FIELDS:
            assert row[field] == expected[record_id].values.get(field), (record_id, field)
