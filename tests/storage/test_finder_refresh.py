"""The finder's refresh, as an import runs it for thousands of households: what it computes
faster must equal what it computed before."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from storage import search


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.none(),
        st.integers(),
        st.text(alphabet="0123456789xX-  ０１２３٣", max_size=20),
        st.text(max_size=20),
    )
)
def test_number_tails_equal_their_reading_of_the_normalized_text(value: object) -> None:
    """The tails of an ID and a phone number: digits alone are taken as they are, anything
    else is normalized first (full-width digits, spaces, a trailing x)."""
    kept_id = search._NOT_ID.sub("", search.normalize(str(value)).upper()) if value else ""
    kept_phone = search._NOT_DIGIT.sub("", search.normalize(str(value))) if value else ""
    assert search._id_tail(value) == (kept_id[-4:] if len(kept_id) >= 4 else "")
    assert search._phone_tail(value) == (kept_phone[-4:] if len(kept_phone) >= 4 else "")


texts = st.text(
    alphabet=st.sampled_from(["a", "王", "\ud7ff", "\ue000", "\U0010fffe", "\U0010ffff"]),
    max_size=4,
)


@settings(max_examples=300, deadline=None)
@given(q=texts, key=texts)
def test_a_prefix_range_holds_exactly_the_keys_that_start_with_it(q: str, key: str) -> None:
    end = search._prefix_end(q)
    in_range = q <= key and (end is None or key < end)
    assert in_range == key.startswith(q)
