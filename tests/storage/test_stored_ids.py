"""apply_ops converts every op id and record id of a batch to its stored form (190 000 ids in an
import of 100 000 ops): `oplog.stored_ids` gives exactly `opstore.id_key` of each, for any text —
canonical UUIDs become their 16 bytes, anything else (upper case, a space or a sign among the
digits, dashes elsewhere, other lengths) stays the text it was."""

from __future__ import annotations

import uuid

from hypothesis import given
from hypothesis import strategies as st

from storage import oplog, opstore

_canonical = st.integers(0, 2**128 - 1).map(lambda n: str(uuid.UUID(int=n)))


def _spoiled(text: str, at: int, char: str) -> str:
    at %= len(text)
    return text[:at] + char + text[at + 1 :]


_near_misses = st.builds(
    _spoiled, _canonical, st.integers(0, 35), st.sampled_from([" ", "\t", "+", "G", "A", "-", "é"])
)
_ids = st.one_of(
    _canonical,
    _canonical.map(str.upper),
    _near_misses,
    st.text(max_size=40),
    st.text(alphabet="0123456789abcdef-", min_size=34, max_size=38),
)


@given(st.lists(_ids, max_size=30))
def test_stored_ids_are_id_key_of_each(ids: list[str]) -> None:
    assert oplog.stored_ids(ids) == [opstore.id_key(i) for i in ids]


@given(
    st.lists(_canonical, min_size=1, max_size=40),
    st.lists(st.tuples(st.integers(0, 40), _ids), max_size=2),
)
def test_a_batch_of_canonical_ids_with_any_odd_ones_among_them(
    canonical: list[str], odd: list[tuple[int, str]]
) -> None:
    """A batch of canonical UUIDs is converted at once (joined, its dashes checked by position,
    read as hex in one call); one odd id anywhere in it — another length, a dash or a digit out
    of place, upper case, a space — and each id is still exactly `id_key` of it."""
    ids = list(canonical)
    for at, text in odd:
        ids.insert(at % (len(ids) + 1), text)
    assert oplog.stored_ids(ids) == [opstore.id_key(i) for i in ids]
    assert oplog.stored_ids(iter(ids)) == [opstore.id_key(i) for i in ids]


def test_ids_whose_lengths_even_out_are_not_read_across_their_bounds() -> None:
    """Two ids of 35 and 37 characters joined make 72 characters that could read as two UUIDs:
    each is judged by its own length."""
    a, b = str(uuid.UUID(int=1)), str(uuid.UUID(int=2))
    ids = [a[:35], a[35] + b]
    assert oplog.stored_ids(ids) == ids
    shifted = [a + b[0], b[1:]]  # 37 and 35
    assert oplog.stored_ids(shifted) == shifted
