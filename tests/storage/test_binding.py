"""Values bound to statements. The driver (sqlcipher3's pysqlite) binds int, float and str
directly, but looks every other value's type up for an adapter and, finding none, asks the value
for `__conform__`: an AttributeError made and dropped per bytes or None value (~1 µs, ten times
an int's binding). Op ids, record ids and compressed op values are bytes and most optional fields
are None, so storage.db registers adapters that return them as they are — the same values bound,
a quarter less CPU in a bulk load's writer (bench/results/write.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from storage import db
from tests.conftest import examples

SQLITE_INTEGERS = st.integers(min_value=-(2**63), max_value=2**63 - 1)


def test_bytes_and_none_are_bound_through_an_adapter_that_returns_them_as_they_are() -> None:
    proto = db.driver.PrepareProtocol
    value = b"\x00op id\xff"
    adapt_bytes = db.driver.adapters.get((bytes, proto))
    adapt_none = db.driver.adapters.get((type(None), proto))
    assert adapt_bytes is not None and adapt_none is not None
    assert adapt_bytes(value) is value
    assert adapt_none(None) is None


@settings(max_examples=examples(40))
@given(
    st.lists(
        st.one_of(
            st.binary(max_size=64),
            st.none(),
            SQLITE_INTEGERS,
            st.text(max_size=20),
            st.floats(allow_nan=False),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_every_value_reads_back_as_it_was_bound(tmp_path_factory: Any, values: list[Any]) -> None:
    path = Path(tmp_path_factory.mktemp("bind")) / "values.db"
    conn = db.open_connection(path, bytes(range(32)))
    try:
        conn.execute("CREATE TABLE v (n INTEGER PRIMARY KEY, value)")
        conn.executemany("INSERT INTO v (value) VALUES (?)", [(value,) for value in values])
        stored = conn.execute("SELECT value, typeof(value) FROM v ORDER BY n").fetchall()
    finally:
        conn.close()
    kinds = {bytes: "blob", type(None): "null", int: "integer", str: "text", float: "real"}
    assert stored == [(value, kinds[type(value)]) for value in values]


def test_other_blob_kinds_and_conforming_values_still_bind(tmp_path: Path) -> None:
    class Conforming:
        def __conform__(self, protocol: Any) -> str:
            return "conformed"

    conn = db.open_connection(tmp_path / "kinds.db", bytes(range(32)))
    try:
        rows = conn.execute(
            "SELECT ?, typeof(?), ?, typeof(?), ?",
            (
                bytearray(b"ab"),
                bytearray(b"ab"),
                memoryview(b"cd"),
                memoryview(b"cd"),
                Conforming(),
            ),
        ).fetchone()
    finally:
        conn.close()
    assert rows == (b"ab", "blob", b"cd", "blob", "conformed")
