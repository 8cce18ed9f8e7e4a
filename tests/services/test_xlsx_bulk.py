"""The Excel import's fast paths give the answers of the plain ones: a row's last filled cell
(rows arrive padded to MAX_COLUMNS), and each cell checked once per distinct value."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.errors import UserError
from domain.records import HOUSEHOLD
from services import xlsx_import

cells = st.none() | st.sampled_from(["", "  ", "\t", "x", " 章 ", 0, 0.0, False]) | st.integers()


def reference_last_filled(row: tuple[Any, ...]) -> int:
    for i in range(len(row) - 1, -1, -1):
        if not xlsx_import._blank(row[i]):
            return i + 1
    return 0


@settings(max_examples=300, deadline=None)
@given(st.lists(cells, max_size=40), st.integers(0, xlsx_import.MAX_COLUMNS))
def test_the_last_filled_cell_of_a_padded_row(values: list[Any], padding: int) -> None:
    row = tuple(values) + (None,) * padding
    assert xlsx_import._last_filled(row) == reference_last_filled(row)


spreadsheet_values = st.sampled_from(
    ["96.4㎡", "12.5万元", "46335", 46335, 46335.0, "2026-11-03", "1,000元", "abc", 12, 3.5, "",
     None, "320214194607010990", "13912345678", "是", "同意"]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(xlsx_import.IMPORTABLE), st.lists(spreadsheet_values, max_size=10))
def test_a_cell_is_read_as_the_plain_path_reads_it(spec: Any, raws: list[Any]) -> None:
    optional = xlsx_import._optional(spec)
    checker = xlsx_import._checker(optional)
    for raw in raws + raws:
        try:
            expected: Any = (
                "value",
                xlsx_import.coerce(optional, xlsx_import._spreadsheet_value(spec, raw)),
            )
        except UserError as exc:
            expected = ("refused", exc.message())
        try:
            got: Any = ("value", checker(raw))
        except UserError as exc:
            got = ("refused", exc.message())
        assert got == expected
    assert HOUSEHOLD.has_field(spec.name) or spec.name == "project_code"
