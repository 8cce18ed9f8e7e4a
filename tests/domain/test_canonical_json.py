"""canonical_json is json.dumps with sorted keys, no spaces and no \\u escapes — the op log's and
the state hash's text — for every JSON value, and refuses what json.dumps refuses."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.ops import canonical_json

values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=20,
)


def reference(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@settings(max_examples=500, deadline=None)
@given(values)
def test_the_text_is_json_dumps_with_sorted_keys(value: Any) -> None:
    assert canonical_json(value) == reference(value)


def test_what_json_cannot_hold_is_refused_as_json_dumps_refuses_it() -> None:
    loop: list[Any] = []
    loop.append(loop)
    for bad, error in (
        (loop, ValueError),
        ({"a": object()}, TypeError),
        ({1: 2, "1": 3}, TypeError),
    ):
        with pytest.raises(error):
            reference(bad)
        with pytest.raises(error):
            canonical_json(bad)
    assert canonical_json((1, "二")) == reference((1, "二")) == '[1,"二"]'
    assert canonical_json({"b": 1.5, "a": -0.0}) == '{"a":-0.0,"b":1.5}'
