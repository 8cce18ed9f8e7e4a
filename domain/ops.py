"""Operations: the only way any record changes (shared/design/sync.md).

An op names one record (`entity`, `entity_id`) and, for `set`/`resolve`, one field. `preds` are the
op ids of that field's values the editor could see. A `create` (or `attach`, which creates an
attachment link) carries the record's first values as a JSON object and is the first value of
every field it names. A `delete` is a tombstone on the pseudo-field `_deleted`; its preds are the
heads of every field the deleter saw. `event` ops are audit entries and change no record.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from typing import Any

KINDS = ("create", "set", "delete", "resolve", "attach", "event")
CREATING_KINDS = ("create", "attach")
FIELD_KINDS = ("set", "resolve", "delete")
DELETED = "_deleted"


# One encoder for every call: json.dumps with these options builds a new one each time.
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
_CANONICAL = _ENCODER.encode
# JSONEncoder.encode also makes a C encoder on every call; one made once does the same work (a
# bulk load encodes every record's values). Without the circular-reference bookkeeping: a value
# that contains itself exhausts the recursion limit and is handed to the encoder above, whose
# error says so.
_C_ENCODER = (
    None
    if c_make_encoder is None
    else c_make_encoder(
        None, _ENCODER.default, encode_basestring, None, ":", ",", True, False, True
    )
)


def canonical_json(value: Any) -> str:
    if _C_ENCODER is None:
        return _CANONICAL(value)
    try:
        return "".join(_C_ENCODER(value, 0))
    except RecursionError:
        return _CANONICAL(value)


@dataclass(frozen=True)
class Op:
    op_id: str
    origin_device: str
    origin_seq: int
    hlc: int
    author: str
    entity: str
    entity_id: str
    field: str | None
    value_json: str
    preds: tuple[str, ...]
    kind: str

    @cached_property
    def value(self) -> Any:
        """The decoded value, parsed once (treat it as read-only: it is shared)."""
        return json.loads(self.value_json)

    def fields(self) -> list[str]:
        """The fields whose value this op sets."""
        if self.kind in CREATING_KINDS:
            return list(self.value)
        if self.kind in FIELD_KINDS and self.field is not None:
            return [self.field]
        return []

    def value_of(self, field: str) -> Any:
        value = self.value
        return value.get(field) if self.kind in CREATING_KINDS else value

    def order_key(self) -> tuple[int, str, str]:
        """Deterministic display order among concurrent values: the greatest wins."""
        return (self.hlc, self.origin_device, self.op_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "op_id": self.op_id,
            "origin_device": self.origin_device,
            "origin_seq": self.origin_seq,
            "hlc": self.hlc,
            "author": self.author,
            "entity": self.entity,
            "entity_id": self.entity_id,
            "field": self.field,
            "value_json": self.value_json,
            "preds": list(self.preds),
            "kind": self.kind,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Op:
        return cls(
            op_id=str(data["op_id"]),
            origin_device=str(data["origin_device"]),
            origin_seq=int(data["origin_seq"]),
            hlc=int(data["hlc"]),
            author=str(data["author"]),
            entity=str(data["entity"]),
            entity_id=str(data["entity_id"]),
            field=None if data.get("field") is None else str(data["field"]),
            value_json=str(data["value_json"]),
            preds=tuple(str(p) for p in data.get("preds") or ()),
            kind=str(data["kind"]),
        )
