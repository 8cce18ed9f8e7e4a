"""Canonical JSON for signed headers, and a JSON parser that refuses hostile input cheaply.

Canonical means: sorted keys, no spaces, UTF-8, no NaN/Infinity. The same object always gives
the same bytes, so a header can be compared byte for byte with its own re-serialisation and any
second spelling of the same content (extra spaces, duplicate keys, escapes) is refused.
"""

from __future__ import annotations

import json
from typing import Any

from sync.limits import MAX_JSON_DEPTH


class MalformedJSON(ValueError):
    """Bytes that are not acceptable JSON; callers turn it into their own UserError."""


def canonical_json(value: Any) -> bytes:
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def _refuse_constant(name: str) -> Any:
    raise MalformedJSON(f"JSON constant {name} is not allowed")


def _unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # Two spellings of one key would let a signed header mean different things to parsers
    # that keep the first or the last value.
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise MalformedJSON(f"duplicate key {key!r}")
        result[key] = value
    return result


def parse_json(data: bytes, *, max_bytes: int, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Parse untrusted JSON; raise MalformedJSON for anything unacceptable (never anything else)."""
    if len(data) > max_bytes:
        raise MalformedJSON("too large")
    try:
        text = data.decode("utf-8")
        value = json.loads(text, object_pairs_hook=_unique_object, parse_constant=_refuse_constant)
    except MalformedJSON:
        raise
    # RecursionError: the C scanner gives up on deep nesting before our depth check could run.
    except (ValueError, RecursionError) as exc:
        raise MalformedJSON(str(exc)) from None
    _check_depth(value, max_depth)
    return value


def _check_depth(value: Any, max_depth: int) -> None:
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > max_depth:
                raise MalformedJSON("nested too deeply")
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)


def parse_canonical(data: bytes, *, max_bytes: int) -> Any:
    """Parse JSON that must already be in canonical form (signed headers, manifests)."""
    value = parse_json(data, max_bytes=max_bytes)
    try:
        again = canonical_json(value)
    except (ValueError, UnicodeEncodeError) as exc:  # e.g. a lone surrogate from a \\ud800 escape
        raise MalformedJSON(str(exc)) from None
    if again != data:
        raise MalformedJSON("not in canonical form")
    return value
