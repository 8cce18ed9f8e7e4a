"""The set-based path (storage/sqlapply.py) writes exactly the database apply_ops writes for a
batch of new records: every table compared row for row (test_bulkload.snapshot), the finder and
list index refreshed after each, both run on the same ops in one transaction (a savepoint rolled
back between them). Any batch it does not take leaves the database as it was."""

from __future__ import annotations

import itertools
import json
import time
import uuid
from collections import Counter
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.hlc import COUNTER_BITS
from domain.ids import uuid7
from domain.ops import Op, canonical_json
from domain.records import ENTITIES
from services.workspace import Workspace
from storage import oplog, opstore, sqlapply
from sync.op_records import to_record
from tests.storage.test_bulkload import Snapshot, _project, assert_same, snapshot

_KINDS = ["household", "member", "visit", "request", "project", "request_progress"]
# Text as a Doorstep writer stores it: any character but the controls, which JSON writes as
# \u escapes (those batches are apply_ops' own: test_text_with_escapes_...).
_PLAIN_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=12)
_SCALAR = st.one_of(
    _PLAIN_TEXT,
    st.none(),
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["章金伟", "😀", "", 'a"b\\c/\n\t', "x" * 4_000, "0", "1e5"]),
)
_VALUE = st.one_of(
    _SCALAR,
    st.lists(_SCALAR, max_size=3),
    st.dictionaries(_PLAIN_TEXT, _SCALAR, max_size=3),
    st.lists(st.dictionaries(st.sampled_from(["b", "a", "甲"]), _SCALAR, max_size=2), max_size=2),
)


@st.composite
def new_values(draw: st.DrawFn, entity: str, households: list[str]) -> dict[str, Any]:
    names = ENTITIES[entity].field_names
    chosen = draw(st.lists(st.sampled_from(names), unique=True, max_size=len(names)))
    values = {name: draw(_VALUE) for name in chosen}
    if "household_id" in names and households and draw(st.booleans()):
        values["household_id"] = draw(st.sampled_from(households))
    if draw(st.booleans()):
        values["not_a_field"] = draw(_VALUE)  # kept in the log, no column
    return values


def foreign_ops(
    kinds_values: list[tuple[str, dict[str, Any]]],
    *,
    author: str = "王芳",
    ids: list[str] | None = None,
    ahead_ms: int = 0,
) -> list[Op]:
    """Creates another device made, in its seq order, clocks of now (`ids`: the records';
    `ahead_ms`: clocks that far ahead of now)."""
    device = str(uuid.uuid4())
    hlc = (int(time.time() * 1000 + ahead_ms) << COUNTER_BITS) + 1
    ids = ids or [uuid7() for _ in kinds_values]
    return [
        Op(uuid7(), device, seq, hlc + seq, author, entity, record, None,
           canonical_json(values), (), "create")
        for seq, ((entity, values), record) in enumerate(zip(kinds_values, ids, strict=True), 1)
    ]  # fmt: skip


def records(ops: list[Op], cuts: tuple[int, ...] | list[int] = ()) -> list[str]:
    """The ops as a format-2 payload carries them: JSON arrays of op arrays, cut at `cuts`."""
    bounds = [0, *sorted(c for c in cuts if 0 < c < len(ops)), len(ops)]
    return [
        json.dumps(
            [to_record(op) for op in ops[a:b]],
            ensure_ascii=False,
            separators=(",", ":"),
            allow_nan=False,
        )
        for a, b in itertools.pairwise(bounds)
        if b > a
    ]


def both_paths(
    ws: Workspace, ops: list[Op], texts: list[str]
) -> tuple[Snapshot, Snapshot, sqlapply.Applied | None]:
    """The database after apply_ops of `ops`, and after the set-based path of the same ops as
    record texts, from the same state; each followed by the finder's and list index's refresh.
    The path's counts are checked against apply_ops' result."""

    def run(db: Any) -> tuple[Snapshot, Snapshot, sqlapply.Applied | None]:
        conn = db.conn
        conn.execute("SAVEPOINT paths")
        pending = oplog.DerivedPending()
        result = oplog.apply_ops(conn, ops, defer=pending)
        oplog.refresh_derived(conn, pending)
        through_apply = snapshot(conn)
        conn.execute("ROLLBACK TO paths")
        staged = sqlapply.StagedBatch(conn)
        for text in texts:
            assert staged.add(text) is not None
        pending = oplog.DerivedPending()
        applied = staged.apply(pending)
        if applied is not None:
            assert (applied.new_ops, applied.new_by_entity, applied.far_ahead) == (
                result.new_ops, result.new_by_entity, result.far_ahead)  # fmt: skip
            assert applied.events == Counter(op.entity for op in ops if op.kind == "event")
        oplog.refresh_derived(conn, pending)
        through_sql = snapshot(conn)
        conn.execute("RELEASE paths")
        return through_apply, through_sql, applied

    return ws.store.write(run)


def declined(ws: Workspace, texts: list[str], before: Any = None) -> bool:
    """Whether the set-based path declines these records (None from add or apply) and leaves
    every table as it found them."""

    def run(db: Any) -> bool:
        conn = db.conn
        if before is not None:
            before(conn)
        start = snapshot(conn)
        staged = sqlapply.StagedBatch(conn)
        taken = [staged.add(text) for text in texts]
        result = None if None in taken else staged.apply(oplog.DerivedPending())
        if result is None:
            assert snapshot(conn) == start
        return result is None

    return bool(ws.store.write(run))


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_new_records_write_what_apply_ops_writes(ws: Workspace, data: st.DataObject) -> None:
    kinds = data.draw(st.lists(st.sampled_from(_KINDS), min_size=1, max_size=8))
    ids = [uuid7() for _ in kinds]
    # members, visits and requests of the batch's households, or of none held
    households = [i for i, kind in zip(ids, kinds, strict=True) if kind == "household"]
    ops = foreign_ops(
        [(kind, data.draw(new_values(kind, [*households, "not-a-household"]))) for kind in kinds],
        author=data.draw(st.sampled_from(["王芳", "李明", "😀 x"])),
        ids=ids,
        ahead_ms=data.draw(st.sampled_from([0, 0, 3_600_000])),
    )
    # audit events among them: about a record of the batch, one held or none
    for _ in range(data.draw(st.integers(0, 3))):
        at = data.draw(st.integers(0, len(ops)))
        ops.insert(
            at,
            _event(
                data.draw(st.sampled_from([*households, "bundle-1", str(uuid7())])),
                data.draw(_VALUE),
                data.draw(st.sampled_from([None, "import"])),
            ),
        )
    ops = _numbered(ops)
    texts = records(ops, data.draw(st.lists(st.integers(0, len(ops)), max_size=2)))
    if any(op.kind == "event" and op.entity_id in ids for op in ops):
        assert declined(ws, texts)  # an event about a record the batch creates: apply_ops'
        return
    through_apply, through_sql, applied = both_paths(ws, ops, texts)
    assert applied is not None  # new records and events: this path's
    assert applied.new_ops == len(ops)
    assert applied.seqs == [(op.origin_device, op.origin_seq) for op in ops]
    assert_same(through_apply, through_sql)


def test_a_batch_that_trains_the_first_dictionary_writes_what_apply_ops_writes(
    ws: Workspace,
) -> None:
    households = [(f"户主{i}", uuid7()) for i in range(opstore.TRAIN_AT[0] // 2 + 10)]
    values = [("household", {"head_name": name, "address": f"新华路{i}号", "area": 80.5 + i})
              for i, (name, _) in enumerate(households)]  # fmt: skip
    values += [("member", {"name": f"成员{i}", "relation": "子", "is_head": i % 2 == 0})
               for i in range(len(households))]  # fmt: skip
    ops = foreign_ops(values)
    assert len(ops) > opstore.TRAIN_AT[0]
    through_apply, through_sql, applied = both_paths(ws, ops, records(ops, [700, 1500]))
    assert applied is not None
    assert_same(through_apply, through_sql)
    held = ws.read(lambda db: db.conn.execute("SELECT count(*) FROM op_dicts").fetchone()[0])
    assert held == 1  # trained by the set-based path, as by apply_ops


def test_an_edit_an_event_or_a_held_record_is_left_to_apply_ops(ws: Workspace) -> None:
    project = _project(ws)
    household = ws.create(
        "household", {"project_id": project, "head_name": "王芳", "address": "新华路3号"}
    )
    (create,) = foreign_ops([("household", {"head_name": "李明"})])
    edit = Op(str(uuid7()), create.origin_device, 2, create.hlc + 1, "王芳", "household",
              create.entity_id, "head_name", '"李"', (create.op_id,), "set")  # fmt: skip
    event = Op(str(uuid7()), create.origin_device, 2, create.hlc + 1, "王芳", "project",
               str(uuid7()), "import", "{}", (), "event")  # fmt: skip
    assert declined(ws, records([create, edit]))
    # an event about the record the batch creates: apply_ops decides
    about = Op(event.op_id, event.origin_device, 2, event.hlc, "王芳", "household",
               create.entity_id, "reveal", "{}", (), "event")  # fmt: skip
    assert declined(ws, records([create, about]))
    # a create of a record the log holds ops of
    (again,) = foreign_ops([("household", {"head_name": "李明"})])
    held = Op(again.op_id, again.origin_device, 1, again.hlc, "王芳", "household", household,
              None, '{"head_name":"x"}', (), "create")  # fmt: skip
    assert declined(ws, records([held]))
    # an op id the log holds
    mine = ws.read(lambda db: db.conn.execute("SELECT op_id FROM ops LIMIT 1").fetchone()[0])
    (fresh,) = foreign_ops([("household", {"head_name": "李明"})])
    assert declined(ws, records([Op(mine, *dataclass_values(fresh)[1:])]))


def _event(about: str, value: Any, name: str | None) -> Op:
    entity = "household" if about.startswith("0") else "bundle"
    return Op(str(uuid7()), "", 0, 0, "王芳", entity, about, name, canonical_json(value), (),
              "event")  # fmt: skip


def _numbered(ops: list[Op]) -> list[Op]:
    """The ops as one device's, seqs and clocks in list order (events put among creates)."""
    first = next(op for op in ops if op.kind != "event")
    device, hlc = first.origin_device, first.hlc
    return [Op(op.op_id, device, seq, hlc + seq, op.author, op.entity, op.entity_id, op.field,
               op.value_json, op.preds, op.kind) for seq, op in enumerate(ops, 1)]  # fmt: skip


def dataclass_values(op: Op) -> tuple[Any, ...]:
    return (op.op_id, op.origin_device, op.origin_seq, op.hlc, op.author, op.entity,
            op.entity_id, op.field, op.value_json, op.preds, op.kind)  # fmt: skip


def test_a_seq_not_above_its_devices_newest_is_left_to_apply_ops(ws: Workspace) -> None:
    first = foreign_ops([("household", {"head_name": "李明"}), ("household", {"head_name": "x"})])
    ws.store.write(lambda db: oplog.apply_ops(db.conn, first[:1]))
    # seq 2 of the device is above its newest (1): taken; seq 1 again is not
    assert not declined(ws, records(first[1:]))
    (other,) = foreign_ops([("household", {"head_name": "y"})])
    reused = Op(other.op_id, first[0].origin_device, 1, other.hlc, "王芳", "household",
                other.entity_id, None, other.value_json, (), "create")  # fmt: skip
    assert declined(ws, records([reused]))


def test_what_sqlite_and_python_might_read_apart_is_left_to_apply_ops(ws: Workspace) -> None:
    (op,) = foreign_ops([("household", {"head_name": "李明"})])
    row = to_record(op)

    def text(value_json: str, **changes: Any) -> str:
        record = [*row]
        record[8] = value_json
        for index, value in changes.items():
            record[int(index[1:])] = value
        return json.dumps([record], ensure_ascii=False, separators=(",", ":"))

    cases = [
        text('{"head_name":"甲","head_name":"乙"}'),  # Python keeps the last, SQLite the first
        text('{"head_name":"\\u7532"}'),  # a \u escape
        json.dumps([row], ensure_ascii=True),  # the whole record escaped
        text('{"area":123456789012345678901234}'),  # past 64 bits
        text('{"head_name":NaN}'),  # Python reads it, RFC 8259 does not
        text('{"head_name":"甲"'),  # not JSON
        text('["a list"]'),  # a create carries an object
        text("{}", k0=op.op_id.upper()),  # an id not in canonical form
        text("{}", k6="not-a-uuid"),
        text("{}", k5="a_kind_from_a_newer_version"),
        text("{}", k2=True),  # a seq that is a boolean
        text("{}", k3=1.5),
        text("{}", k7="head_name"),  # a create naming a field
        text("{}", k9=[op.op_id]),  # preds
        '["not an op"]',
        "[]",
        "[[" * 600 + "]]" * 600,
    ]
    for case in cases:
        assert declined(ws, [case]), case


def test_a_value_python_cannot_decode_is_left_to_apply_ops(ws: Workspace) -> None:
    """An array nested past Python's recursion limit: SQLite reads it, json.loads does not."""
    (op,) = foreign_ops([("household", {"head_name": "李明"})])
    record = to_record(op)
    record[8] = '{"remarks":' + "[" * 1500 + "]" * 1500 + "}"
    text = json.dumps([record], ensure_ascii=False, separators=(",", ":"))
    assert declined(ws, [text])


def test_a_stage_left_by_a_rolled_back_import_is_emptied(ws: Workspace) -> None:
    (op,) = foreign_ops([("household", {"head_name": "李明"})])

    def stage_only(db: Any) -> None:
        sqlapply.StagedBatch(db.conn).add(records([op])[0])

    ws.store.write(stage_only)
    assert not declined(ws, records(foreign_ops([("household", {"head_name": "x"})])))
