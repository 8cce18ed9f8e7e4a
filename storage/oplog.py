"""The op log: the one function that changes records, and the making of local ops.

`apply_ops` is the single write path. Local edits, CLI commands and imported bundles all end here,
inside the caller's write transaction: new ops are appended, the heads of each touched field are
updated, and the materialised rows and derived indexes are refreshed before the commit. The heads
kept here equal `domain.merge.materialise` over the same set of ops, whatever order they came in
(tests/storage/test_oplog_properties.py).
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from domain.errors import UserError
from domain.hlc import FAR_AHEAD_MS, Clock, wall_ms
from domain.ids import uuid7_many
from domain.ops import CREATING_KINDS, DELETED, Op, canonical_json
from domain.records import ENTITIES
from storage import derived, meta, opstore
from storage.db import IntegrityError
from storage.schema import BOOKKEEPING_COLUMNS, row_placeholders

CHUNK = 500  # ids per IN (...) list, under SQLite's variable limit


@dataclass
class ApplyResult:
    new_ops: int = 0
    known_ops: int = 0
    new_by_entity: Counter[str] = field(default_factory=Counter)
    conflicts_created: int = 0
    far_ahead: int = 0
    touched: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Draft:
    """A change a caller wants; `new_local_ops` gives it a seq, a clock value and preds."""

    kind: str
    entity: str
    entity_id: str
    field: str | None = None
    value: Any = None


@dataclass
class DerivedPending:
    """Derived-table work gathered over several apply_ops calls of one transaction, done once by
    `refresh_derived` before the commit (an import applies its ops in batches: a household whose
    records span batches is then indexed once, not once per batch)."""

    changed: dict[str, set[str]] = field(default_factory=dict)
    linked_before: dict[str, set[str]] = field(default_factory=dict)

    def add(self, changed: dict[str, set[str]], linked_before: dict[str, set[str]]) -> None:
        for entity, ids in changed.items():
            self.changed.setdefault(entity, set()).update(ids)
        # Each batch's "before" is the state the batches before it left: their union names every
        # household a record left during the transaction.
        for entity, ids in linked_before.items():
            self.linked_before.setdefault(entity, set()).update(ids)


def refresh_derived(conn: sqlite3.Connection, pending: DerivedPending) -> None:
    """Bring the finder and the list index up to date with the batches gathered in `pending`
    (inside the same transaction, after the last apply_ops); `pending` is emptied."""
    derived.refresh(conn, pending.changed, pending.linked_before)
    pending.changed = {}
    pending.linked_before = {}


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _placeholders(n: int) -> str:
    return ",".join("?" * n)


def apply_ops(
    conn: sqlite3.Connection, ops: Iterable[Op], *, defer: DerivedPending | None = None
) -> ApplyResult:
    """Append `ops` to the log and bring every derived table up to date. Call inside a write
    transaction; ops already held are counted and ignored. With `defer`, the finder and the list
    index are left to one `refresh_derived(conn, defer)` before the commit."""
    result = ApplyResult()
    incoming: dict[str, Op] = {}
    for op in ops:
        incoming.setdefault(op.op_id, op)
    ids = list(incoming)
    known: set[str] = set()
    for chunk in _chunks(ids):
        rows = conn.execute(
            f"SELECT id_text(op_id) FROM op_log WHERE op_id IN ({opstore.key_marks(len(chunk))})",
            chunk,
        )
        known.update(row[0] for row in rows)
    new = [op for op_id, op in incoming.items() if op_id not in known]
    result.known_ops = len(known)
    result.new_ops = len(new)
    if not new:
        return result
    _insert(conn, new)
    result.new_by_entity.update(op.entity for op in new)

    now = int(time.time() * 1000)
    result.far_ahead = sum(1 for op in new if wall_ms(op.hlc) - now > FAR_AHEAD_MS)
    meta.observe_clock(conn, max(op.hlc for op in new))

    record_ops = [op for op in new if op.kind != "event"]
    touched = {op.entity_id: op.entity for op in record_ops}
    result.touched = set(touched)
    fresh = _fresh_creates(conn, record_ops)
    # A fresh record had no ops before this batch: no row, no conflicts, no household to leave.
    edited = {entity_id: entity for entity_id, entity in touched.items() if entity_id not in fresh}
    conflicts_before = _conflict_keys(conn, list(edited))
    linked_before = derived.linked_households(conn, edited)
    heads = _HeadKeeper(conn)
    for op in record_ops:
        if op.entity_id not in fresh:
            heads.add(op)
    changed = _materialise(conn, touched, fresh, {op.entity_id: op for op in record_ops})
    conflicts_after = _conflict_keys(conn, list(edited))
    result.conflicts_created = len(conflicts_after - conflicts_before)
    if defer is None:
        derived.refresh(conn, changed, linked_before)
    else:
        defer.add(changed, linked_before)
    opstore.maybe_train(conn)
    return result


def _insert(conn: sqlite3.Connection, ops: list[Op]) -> None:
    devices = opstore.device_keys(conn, {op.origin_device for op in ops})
    try:
        opstore.insert_rows(
            conn,
            [
                (
                    op.op_id,
                    op.origin_device,
                    op.origin_seq,
                    op.hlc,
                    op.author,
                    op.entity,
                    op.entity_id,
                    op.field,
                    op.value_json,
                    json.dumps(list(op.preds)) if op.preds else None,
                    op.kind,
                )
                for op in ops
            ],
            devices,
        )
    except IntegrityError as exc:
        device = _reused_seq_device(conn, ops)
        if device is None:
            raise
        raise UserError("seq_reused", device=device) from exc


def _reused_seq_device(conn: sqlite3.Connection, ops: list[Op]) -> str | None:
    seen: dict[tuple[str, int], str] = {}
    for op in ops:
        key = (op.origin_device, op.origin_seq)
        if key in seen and seen[key] != op.op_id:
            return op.origin_device
        seen[key] = op.op_id
        row = conn.execute(
            "SELECT op_id FROM ops WHERE origin_device = ? AND origin_seq = ?", key
        ).fetchone()
        if row is not None and row[0] != op.op_id:
            return op.origin_device
    return None


def _fresh_creates(conn: sqlite3.Connection, ops: list[Op]) -> set[str]:
    """Records whose only op so far is their create in this batch: the bulk fast path, where the
    row is the create's values and no head bookkeeping is needed."""
    count = Counter(op.entity_id for op in ops)
    candidates = [
        op.entity_id for op in ops if op.kind in CREATING_KINDS and count[op.entity_id] == 1
    ]
    fresh = set(candidates)
    for chunk in _chunks(candidates):
        rows = conn.execute(
            "SELECT id_text(entity_id) FROM op_log"
            f" WHERE entity_id IN ({opstore.key_marks(len(chunk))})"
            " AND kind != 'event' GROUP BY entity_id HAVING count(*) > 1",
            chunk,
        )
        fresh.difference_update(row[0] for row in rows)
    return fresh


class _HeadKeeper:
    """Maintains field_heads and superseded for ops applied in any order."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def add(self, op: Op) -> None:
        if op.kind in CREATING_KINDS:
            self._add_create(op)
            return
        for name in op.fields():
            self._make_creates_explicit(op.entity_id, name)
            for pred in op.preds:
                self.conn.execute(
                    "INSERT OR IGNORE INTO superseded VALUES (?,?,?)", (op.entity_id, name, pred)
                )
                self.conn.execute(
                    "DELETE FROM field_heads WHERE entity_id=? AND field=? AND op_id=?",
                    (op.entity_id, name, pred),
                )
            self._add_head(op.entity_id, name, op.op_id)

    def _has_rows(self, entity_id: str, name: str) -> bool:
        row = self.conn.execute(
            "SELECT 1 FROM field_heads WHERE entity_id=? AND field=? LIMIT 1", (entity_id, name)
        ).fetchone()
        return row is not None

    def _add_head(self, entity_id: str, name: str, op_id: str) -> None:
        gone = self.conn.execute(
            "SELECT 1 FROM superseded WHERE entity_id=? AND field=? AND op_id=?",
            (entity_id, name, op_id),
        ).fetchone()
        if gone is None:
            self.conn.execute(
                "INSERT OR IGNORE INTO field_heads VALUES (?,?,?)", (entity_id, name, op_id)
            )

    def _add_create(self, op: Op) -> None:
        creates = _create_ops(self.conn, op.entity_id)
        if len(creates) > 1:
            # Two creates of one record (only possible with a forged or hand-made id): every
            # field either names becomes explicit, so both values stay visible as a conflict.
            for name in sorted({n for create in creates for n in create.fields()}):
                for create in creates:
                    if name in create.fields():
                        self._add_head(op.entity_id, name, create.op_id)
            return
        for name in op.fields():
            if self._has_rows(op.entity_id, name):
                self._add_head(op.entity_id, name, op.op_id)

    def _make_creates_explicit(self, entity_id: str, name: str) -> None:
        """Before the first edit of a field, its implicit head (the create) becomes a row."""
        if self._has_rows(entity_id, name):
            return
        for create in _create_ops(self.conn, entity_id):
            if name in create.fields():
                self._add_head(entity_id, name, create.op_id)


def op_count(conn: sqlite3.Connection) -> int:
    """How many ops the log holds (counted on the log's table: the `ops` view joins devices)."""
    return int(conn.execute("SELECT count(*) FROM op_log").fetchone()[0])


def device_count(conn: sqlite3.Connection) -> int:
    """How many devices made the ops held."""
    return int(
        conn.execute(
            "SELECT count(*) FROM op_devices d"
            " WHERE EXISTS (SELECT 1 FROM op_log o WHERE o.device = d.key)"
        ).fetchone()[0]
    )


def row_to_op(row: sqlite3.Row | tuple[Any, ...]) -> Op:
    return Op(
        op_id=row[0],
        origin_device=row[1],
        origin_seq=row[2],
        hlc=row[3],
        author=row[4],
        entity=row[5],
        entity_id=row[6],
        field=row[7],
        value_json=row[8],
        preds=tuple(json.loads(row[9])),
        kind=row[10],
    )


OP_COLUMNS = (
    "op_id, origin_device, origin_seq, hlc, author, entity, entity_id, field, value_json,"
    " preds_json, kind"
)


def _create_ops(conn: sqlite3.Connection, entity_id: str) -> list[Op]:
    rows = conn.execute(
        f"SELECT {OP_COLUMNS} FROM ops WHERE entity_key = id_key(?)"
        " AND kind IN ('create', 'attach') ORDER BY op_id",
        (entity_id,),
    )
    return [row_to_op(row) for row in rows]


def _create_op(conn: sqlite3.Connection, entity_id: str) -> Op | None:
    """The record's create (the first by id, should there be two)."""
    creates = _create_ops(conn, entity_id)
    return creates[0] if creates else None


def ops_by_id(conn: sqlite3.Connection, op_ids: Iterable[str]) -> dict[str, Op]:
    ids = list(op_ids)
    found: dict[str, Op] = {}
    for chunk in _chunks(ids):
        rows = conn.execute(
            f"SELECT {OP_COLUMNS} FROM ops WHERE op_key IN ({opstore.key_marks(len(chunk))})",
            chunk,
        )
        for row in rows:
            op = row_to_op(row)
            found[op.op_id] = op
    return found


def record_heads(conn: sqlite3.Connection, entity_id: str) -> dict[str, list[Op]]:
    """Current heads of every field of one record, the create's implicit heads included."""
    return _heads_and_create(conn, entity_id)[0]


def _heads_and_create(
    conn: sqlite3.Connection, entity_id: str
) -> tuple[dict[str, list[Op]], Op | None]:
    heads: dict[str, list[Op]] = {}
    rows = conn.execute(
        f"SELECT fh.field, {', '.join('o.' + c.strip() for c in OP_COLUMNS.split(','))}"
        " FROM field_heads fh JOIN ops o ON o.op_key = id_key(fh.op_id) WHERE fh.entity_id = ?",
        (entity_id,),
    )
    for row in rows:
        heads.setdefault(row[0], []).append(row_to_op(row[1:]))
    create = _create_op(conn, entity_id)
    if create is not None:
        for name in create.fields():
            heads.setdefault(name, [create])
    for ops in heads.values():
        ops.sort(key=Op.order_key)
    return heads, create


def field_heads(conn: sqlite3.Connection, entity_id: str, name: str) -> list[Op]:
    return record_heads(conn, entity_id).get(name, [])


def _conflict_keys(conn: sqlite3.Connection, entity_ids: list[str]) -> set[tuple[str, str]]:
    keys: set[tuple[str, str]] = set()
    for chunk in _chunks(entity_ids):
        rows = conn.execute(
            f"SELECT entity_id, field FROM conflicts WHERE entity_id IN ({_placeholders(len(chunk))})",
            chunk,
        )
        keys.update((row[0], row[1]) for row in rows)
    return keys


def _materialise(
    conn: sqlite3.Connection,
    touched: dict[str, str],
    fresh: set[str],
    any_op: dict[str, Op],
) -> dict[str, set[str]]:
    """Rewrite the materialised row of every touched record; return changed ids per entity."""
    changed: dict[str, set[str]] = {}
    fresh_rows: dict[str, list[tuple[Any, ...]]] = {}
    for entity_id, entity in touched.items():
        spec = ENTITIES.get(entity)
        if spec is None:
            continue  # a record kind from a newer version: kept in the log, shown after upgrade
        if entity_id in fresh:
            create = any_op[entity_id]
            fresh_rows.setdefault(entity, []).append(
                (
                    entity_id,
                    *_column_values(create.value, spec.field_names),
                    create.hlc,
                    create.hlc,
                    create.author,
                    create.origin_device,
                    0,
                    0,
                    0,
                )
            )
        else:
            _rewrite_row(conn, entity, entity_id)
        changed.setdefault(entity, set()).add(entity_id)
    for entity, rows in fresh_rows.items():
        spec = ENTITIES[entity]
        columns = ["id", *spec.field_names, *(name for name, _ in BOOKKEEPING_COLUMNS)]
        conn.executemany(
            f"INSERT OR REPLACE INTO {spec.table} ({', '.join(columns)})"
            f" VALUES ({row_placeholders(columns)})",
            rows,
        )
    return changed


def _column_values(values: dict[str, Any], names: Sequence[str]) -> list[Any]:
    """column_value of each named field, with the common plain values passed straight on."""
    out: list[Any] = []
    get = values.get
    for name in names:
        value = get(name)
        kind = type(value)
        out.append(
            value
            if value is None or kind is str or kind is int or kind is float
            else column_value(value)
        )
    return out


def column_value(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        return canonical_json(value)
    if isinstance(value, bool):
        return int(value)
    return value


def _rewrite_row(conn: sqlite3.Connection, entity: str, entity_id: str) -> None:
    spec = ENTITIES[entity]
    conn.execute("DELETE FROM conflicts WHERE entity_id = ?", (entity_id,))
    heads, create = _heads_and_create(conn, entity_id)  # one Op per head: parsed once
    if create is None:
        return  # edits that arrived before their record: shown once the create arrives
    values = {name: ops[-1].value_of(name) for name, ops in heads.items() if name != DELETED}
    conflicting = [name for name, ops in heads.items() if len(ops) > 1 and disagree(name, ops)]
    for name in conflicting:
        conn.execute(
            "INSERT INTO conflicts VALUES (?,?,?,?)", (entity, entity_id, name, len(heads[name]))
        )
    deleted, delete_conflict = _deletion(heads)
    updated = max(op.hlc for ops in heads.values() for op in ops)
    columns = ["id", *spec.field_names, *(name for name, _ in BOOKKEEPING_COLUMNS)]
    row = (
        entity_id,
        *(column_value(values.get(name)) for name in spec.field_names),
        create.hlc,
        updated,
        create.author,
        create.origin_device,
        int(deleted),
        int(delete_conflict),
        len(conflicting),
    )
    conn.execute(
        f"INSERT OR REPLACE INTO {spec.table} ({', '.join(columns)})"
        f" VALUES ({row_placeholders(columns)})",
        row,
    )


def disagree(name: str, heads: Sequence[Op]) -> bool:
    """Several heads are a conflict only when their values differ: two laptops that made the
    same change agree."""
    return len({canonical_json(op.value_of(name)) for op in heads}) > 1


def _deletion(heads: dict[str, list[Op]]) -> tuple[bool, bool]:
    """(deleted, delete_conflict) by the rule in domain/merge.py."""
    marks = heads.get(DELETED, [])
    tombstones = [op for op in marks if op.kind == "delete"]
    if not tombstones:
        return False, False
    seen = {p for op in tombstones for p in op.preds}
    field_heads = {op.op_id for name, ops in heads.items() if name != DELETED for op in ops}
    if marks[-1].kind == "delete" and field_heads <= seen:
        return True, False
    return False, True


def rebuild_materialised(conn: sqlite3.Connection) -> None:
    """Recompute every record from the op log (after a schema change of the derived tables)."""
    for spec in ENTITIES.values():
        conn.execute(f"DELETE FROM {spec.table}")
    conn.execute("DELETE FROM field_heads")
    conn.execute("DELETE FROM superseded")
    conn.execute("DELETE FROM conflicts")
    rows = conn.execute(f"SELECT {OP_COLUMNS} FROM ops WHERE kind != 'event' ORDER BY hlc")
    ops = [row_to_op(row) for row in rows]
    touched = {op.entity_id: op.entity for op in ops}
    fresh = _fresh_creates_from(ops)
    heads = _HeadKeeper(conn)
    for op in ops:
        if op.entity_id not in fresh:
            heads.add(op)
    changed = _materialise(conn, touched, fresh, {op.entity_id: op for op in ops})
    derived.refresh(conn, changed)


def rebuild_records(conn: sqlite3.Connection, touched: dict[str, str]) -> None:
    """Recompute these records' heads, conflicts and rows from every op of theirs in the log
    (scoped sync: a purged record's kept ops meet its history again, storage/scoping.py)."""
    ids = list(touched)
    ops: list[Op] = []
    for chunk in _chunks(ids):
        marks = _placeholders(len(chunk))
        for table in ("field_heads", "superseded"):
            conn.execute(f"DELETE FROM {table} WHERE entity_id IN ({marks})", chunk)
        rows = conn.execute(
            f"SELECT {OP_COLUMNS} FROM ops WHERE entity_key IN ({opstore.key_marks(len(chunk))})"
            " AND kind != 'event'",
            chunk,
        )
        ops.extend(row_to_op(row) for row in rows)
    heads = _HeadKeeper(conn)
    for op in sorted(ops, key=lambda o: o.hlc):
        heads.add(op)
    rematerialise(conn, touched)


def rematerialise(conn: sqlite3.Connection, touched: dict[str, str]) -> None:
    """Rewrite these records from their ops (after an op's stored value was replaced)."""
    linked_before = derived.linked_households(conn, touched)
    changed: dict[str, set[str]] = {}
    for entity_id, entity in touched.items():
        if entity in ENTITIES:
            _rewrite_row(conn, entity, entity_id)
            changed.setdefault(entity, set()).add(entity_id)
    derived.refresh(conn, changed, linked_before)


def _fresh_creates_from(ops: list[Op]) -> set[str]:
    count = Counter(op.entity_id for op in ops)
    return {op.entity_id for op in ops if op.kind in CREATING_KINDS and count[op.entity_id] == 1}


def new_local_ops(conn: sqlite3.Connection, author: str, drafts: Sequence[Draft]) -> list[Op]:
    """Turn drafts into ops of this device: next seqs, clock values, and preds = current heads.
    Call inside the write transaction that applies them."""
    device = meta.device_id(conn)
    seq = meta.next_seq(conn, len(drafts))
    clock = Clock(meta.clock_last(conn))
    ops: list[Op] = []
    # This batch's ops per record, newest last: a later draft's preds are the newest of them
    # that names its field (looked up only when a record has several drafts in the batch).
    pending: dict[str, list[Op]] = {}
    op_ids = uuid7_many(len(drafts))
    for offset, draft in enumerate(drafts):
        preds = _preds_for(conn, draft, pending)
        value_json = canonical_json(draft.value)
        op = Op(
            op_id=op_ids[offset],
            origin_device=device,
            origin_seq=seq + offset,
            hlc=clock.tick(),
            author=author,
            entity=draft.entity,
            entity_id=draft.entity_id,
            field=draft.field if draft.kind not in CREATING_KINDS else None,
            value_json=value_json,
            preds=tuple(preds),
            kind=draft.kind,
        )
        if _json_native(draft.value):
            # json.loads(value_json) would give an equal value: keep the draft's, not parse it
            op.__dict__["value"] = draft.value
        pending.setdefault(op.entity_id, []).append(op)
        ops.append(op)
    meta.set_clock_last(conn, clock.last)
    return ops


_SCALARS = frozenset((str, int, float, bool, type(None)))
_STR = frozenset((str,))


def _json_native(value: Any) -> bool:
    """Whether JSON text of `value` parses back to an equal value of the same types (no tuples,
    no int keys, no subclasses)."""
    kind = type(value)
    if kind in _SCALARS:
        return True
    if kind is dict:
        if not set(map(type, value)) <= _STR:
            return False
        if set(map(type, value.values())) <= _SCALARS:  # the common flat record: no recursion
            return True
        return all(_json_native(v) for v in value.values())
    if kind is list:
        return all(_json_native(v) for v in value)
    return False


def _newest(ops: list[Op], name: str) -> list[str] | None:
    for op in reversed(ops):
        if name in op.fields():
            return [op.op_id]
    return None


def _preds_for(conn: sqlite3.Connection, draft: Draft, pending: dict[str, list[Op]]) -> list[str]:
    if draft.kind in CREATING_KINDS or draft.kind == "event":
        return []
    earlier = pending.get(draft.entity_id, [])
    if draft.kind == "delete":
        heads = record_heads(conn, draft.entity_id)
        names = set(heads) | {name for op in earlier for name in op.fields()}
        preds: set[str] = set()
        for name in names:
            preds.update(_newest(earlier, name) or [op.op_id for op in heads.get(name, [])])
        return sorted(preds)
    assert draft.field is not None
    newest = _newest(earlier, draft.field)
    if newest is not None:
        return newest
    return sorted(op.op_id for op in field_heads(conn, draft.entity_id, draft.field))
