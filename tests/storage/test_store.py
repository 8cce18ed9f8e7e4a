"""The store's threading rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.store import Store


def test_nested_store_calls_inside_a_write_are_refused(tmp_path: Path) -> None:
    with Store(tmp_path / "x.db") as store:
        with pytest.raises(RuntimeError, match="inside a write"):
            store.write(lambda db: store.read(lambda _: None))
        with pytest.raises(RuntimeError, match="inside a write"):
            store.write(lambda db: store.write(lambda _: None))
        assert store.read(lambda db: 1) == 1
