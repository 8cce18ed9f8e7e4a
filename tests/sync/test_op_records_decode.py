"""The bundle reader builds each Op and decodes its value once without the per-op costs of the
dataclass __init__ and functools.cached_property (issue 15): what it yields must stay exactly
what `Op(...)` and `Op.value` (json.loads) give, for every value text, good or bad."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.ops import Op
from sync import op_records

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)
# Texts around a JSON document: whitespace before or after, a BOM, other documents, garbage.
_value_texts = st.one_of(
    _json_values.map(lambda v: json.dumps(v, ensure_ascii=False)),
    st.tuples(
        st.sampled_from(["", " ", "\n", "\ufeff", "x", "1", "[", "\t "]),
        _json_values.map(json.dumps),
        st.sampled_from(["", " ", "\n", "x", "1", "]", "{}", " \t"]),
    ).map("".join),
    st.text(max_size=12),
)


def _outcome(decode: Any, text: str) -> tuple[str, str]:
    try:
        return ("ok", repr(decode(text)))  # repr: NaN equals itself, 1 and 1.0 and True differ
    except (ValueError, RecursionError) as exc:
        return ("refused", type(exc).__name__)


@given(_value_texts)
def test_a_value_decodes_exactly_as_json_loads(text: str) -> None:
    assert _outcome(op_records._decode_value, text) == _outcome(json.loads, text)


@given(
    value=_json_values.map(lambda v: json.dumps(v, ensure_ascii=False)),
    field=st.none() | st.text(min_size=1, max_size=10),
    preds=st.lists(st.text(min_size=1, max_size=8), max_size=3),
)
def test_a_record_gives_the_op_that_op_would_make(
    value: str, field: str | None, preds: list[str]
) -> None:
    raw = ["op-1", "device-1", 7, 123456789, "张伟", "household", "h-1", field, value, preds, "set"]
    made = op_records.from_record(raw)
    expected = Op("op-1", "device-1", 7, 123456789, "张伟", "household", "h-1", field, value,
                  tuple(preds), "set")  # fmt: skip
    assert made == expected
    assert hash(made) == hash(expected)
    assert repr(made.value) == repr(expected.value)
    assert made.to_dict() == expected.to_dict()


_bad_ids = st.one_of(
    st.just(""),
    st.text(min_size=op_records.MAX_ID + 1, max_size=op_records.MAX_ID + 3),
    st.integers(),
    st.none(),
    st.lists(st.text(max_size=3), max_size=2),
)


@given(position=st.sampled_from(["op_id", "origin_device", "entity", "entity_id", "preds"]),
       bad=_bad_ids)  # fmt: skip
def test_an_id_out_of_bounds_anywhere_is_refused(position: str, bad: object) -> None:
    raw: list[Any] = [
        "op-1",
        "device-1",
        7,
        1,
        "张伟",
        "household",
        "h-1",
        "notes",
        '"x"',
        [],
        "set",
    ]
    if position == "preds":
        raw[op_records.FIELDS.index("preds")] = ["p-1", bad]
    else:
        raw[op_records.FIELDS.index(position)] = bad
    with pytest.raises(ValueError):
        op_records.from_record(raw)
