"""The merge rule as a pure function of a set of ops — the reference the SQLite store must match.

For each (record, field) the heads are the ops on that field not named in the preds of another op
on the same field. One head is the value; several with different values are a conflict whose
displayed value is the head with the greatest (hlc, origin_device, op_id). A record is deleted when its `_deleted` winner is a
tombstone that saw every current head of every field; a tombstone that missed a head leaves the
record in place, flagged for review.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from domain.ops import CREATING_KINDS, DELETED, Op, canonical_json


@dataclass
class RecordState:
    entity: str
    entity_id: str
    exists: bool = False
    values: dict[str, Any] = field(default_factory=dict)
    heads: dict[str, list[str]] = field(default_factory=dict)  # field -> head op ids, sorted
    deleted: bool = False
    delete_conflict: bool = False
    conflict_fields: list[str] = field(default_factory=list)  # heads whose values differ


def materialise(ops: Iterable[Op]) -> dict[str, RecordState]:
    by_id: dict[str, Op] = {op.op_id: op for op in ops if op.kind != "event"}
    on_field: dict[tuple[str, str], list[Op]] = defaultdict(list)
    records: dict[str, RecordState] = {}
    for op in by_id.values():
        state = records.setdefault(op.entity_id, RecordState(op.entity, op.entity_id))
        if op.kind in CREATING_KINDS:
            state.exists = True
        for name in op.fields():
            on_field[(op.entity_id, name)].append(op)
    for (entity_id, name), field_ops in on_field.items():
        named = {p for op in field_ops for p in op.preds}
        heads = sorted((op for op in field_ops if op.op_id not in named), key=Op.order_key)
        state = records[entity_id]
        state.heads[name] = sorted(op.op_id for op in heads)
        if name != DELETED:
            state.values[name] = heads[-1].value_of(name)
        if len({canonical_json(op.value_of(name)) for op in heads}) > 1:
            state.conflict_fields.append(name)
    for state in records.values():
        state.conflict_fields.sort()
        _settle_deletion(state, by_id)
    return records


def _settle_deletion(state: RecordState, by_id: dict[str, Op]) -> None:
    tombstone_heads = [by_id[h] for h in state.heads.get(DELETED, [])]
    tombstones = [op for op in tombstone_heads if op.kind == "delete"]
    if not tombstones:
        return
    seen = {p for op in tombstones for p in op.preds}
    field_heads = {h for name, hs in state.heads.items() if name != DELETED for h in hs}
    winner = max(tombstone_heads, key=Op.order_key)
    if winner.kind == "delete" and field_heads <= seen:
        state.deleted = True
    else:
        state.delete_conflict = True
