"""The export streams the op log's own lists into the payload (issue 15): they must be the
payload's op records field for field."""

from __future__ import annotations

import pytest

from storage.oplog import OP_COLUMNS
from sync import op_records


def test_the_log_columns_are_the_payload_record_fields_in_order() -> None:
    columns = [c.strip() for c in OP_COLUMNS.split(",")]
    assert [c.removesuffix("_json") if c == "preds_json" else c for c in columns] == list(
        op_records.FIELDS
    )


def test_a_list_of_the_wrong_length_is_a_writers_bug() -> None:
    with pytest.raises(ValueError, match="fields"):
        op_records.to_record(["only", "three", "fields"])
