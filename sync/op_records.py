"""How one op travels inside a bundle's payload, and the checks that turn it into a domain Op.

Format 2 writes an op as a JSON array of its fields in `FIELDS` order, many ops to a record
(sync/payload.py): no keys to repeat 100 000 times, nothing for a duplicate key to hide in, and
one `json.loads` per record instead of one per op. Format 1 wrote one JSON object per op; its
reader is kept for bundles made before the change.

Either way an op is parsed once and checked field by field here; the op's value stays the JSON
text it was (`value_json`) and is decoded once, into the Op's cached `value`, which the op log
reuses. Anything a Doorstep writer never produces raises ValueError; the payload reader turns it
into "altered or damaged".
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from domain.ops import CREATING_KINDS, KINDS, Op
from sync.ranges import MAX_SEQ

FIELDS = (
    "op_id",
    "origin_device",
    "origin_seq",
    "hlc",
    "author",
    "entity",
    "entity_id",
    "field",
    "value_json",
    "preds",
    "kind",
)
_FIELD_SET = frozenset(FIELDS)
MAX_ID = 64  # op, device and record ids, entity and field names
_MAX_HLC = 2**63
_KINDS = frozenset(KINDS)


def to_record(op: Mapping[str, Any] | Op | list[Any]) -> list[Any]:
    """The format-2 array of one op (from an Op or its `to_dict()`); a list is taken to be the
    array already (an export's reader makes them: storage.sync_tables.op_lists_in_range)."""
    if isinstance(op, list):
        if len(op) != len(FIELDS):
            raise ValueError(f"op record of {len(op)} fields")  # a writer's bug
        return op
    if isinstance(op, Op):
        return [
            op.op_id,
            op.origin_device,
            op.origin_seq,
            op.hlc,
            op.author,
            op.entity,
            op.entity_id,
            op.field,
            op.value_json,
            list(op.preds),
            op.kind,
        ]
    if op.keys() != _FIELD_SET:
        raise ValueError(f"op fields {sorted(op)}")  # a writer's bug: refuse, never drop
    return [op[name] if name != "preds" else list(op[name]) for name in FIELDS]


def _ids_ok(values: tuple[Any, ...]) -> bool:
    return all(type(value) is str and 0 < len(value) <= MAX_ID for value in values)


def _checked(
    op_id: Any,
    origin_device: Any,
    origin_seq: Any,
    hlc: Any,
    author: Any,
    entity: Any,
    entity_id: Any,
    field: Any,
    value_json: Any,
    preds: Any,
    kind: Any,
) -> Op:
    if type(origin_seq) is not int or not 1 <= origin_seq <= MAX_SEQ:
        raise ValueError("origin_seq")
    if type(hlc) is not int or not 0 <= hlc < _MAX_HLC:
        raise ValueError("hlc")
    if type(author) is not str or type(value_json) is not str:
        raise ValueError("author or value")
    if field is not None and (type(field) is not str or len(field) > MAX_ID):
        raise ValueError("field")
    if type(kind) is not str or kind not in _KINDS:  # (a list is not even hashable)
        raise ValueError("kind")
    if type(preds) is not list:
        raise ValueError("preds")
    pred_ids = tuple(preds)
    if not _ids_ok((op_id, origin_device, entity, entity_id)) or not _ids_ok(pred_ids):
        raise ValueError("id")
    op = Op(
        op_id,
        origin_device,
        origin_seq,
        hlc,
        author,
        entity,
        entity_id,
        field,
        value_json,
        pred_ids,
        kind,
    )
    try:
        value = op.value  # decoded once here; the op log reuses the cached value
    except (ValueError, RecursionError):
        raise ValueError("value is not JSON") from None
    if kind in CREATING_KINDS and not isinstance(value, dict):
        raise ValueError("a create carries an object")
    return op


def from_record(raw: Any) -> Op:
    """A format-2 op array as a checked Op; ValueError otherwise."""
    if type(raw) is not list or len(raw) != len(FIELDS):
        raise ValueError("op is not an array of its fields")
    return _checked(*raw)


def from_object(raw: Any) -> Op:
    """A format-1 op object as a checked Op; ValueError otherwise."""
    if not isinstance(raw, dict) or raw.keys() != _FIELD_SET:
        raise ValueError("op fields")
    return _checked(*(raw[name] for name in FIELDS))


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"JSON constant {name} is not allowed")


# One decoder for every record: `json.loads(..., parse_constant=...)` would build a new one per
# call. NaN and Infinity are refused; no Doorstep writer emits them.
_DECODER = json.JSONDecoder(parse_constant=_refuse_constant)


def parse_batch(body: bytes) -> list[Any]:
    """The JSON array of op arrays in one format-2 record; ValueError if it is not one."""
    try:
        value = _DECODER.decode(body.decode("utf-8"))
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        raise ValueError(f"op record: {exc}") from None
    if type(value) is not list or not value:
        raise ValueError("op record is not a non-empty array")
    return value
