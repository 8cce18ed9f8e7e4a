"""A bulk load into an empty database leaves every index packed as CREATE INDEX or a VACUUM
writes it, not 87-91 % full as row-by-row inserts leave an index B-tree (bench/results/storage.md):
read from the encrypted file's own pages (bench/written_layout.py)."""

from __future__ import annotations

import datetime as dt
from contextlib import closing
from pathlib import Path

from bench import written_layout
from services import demo
from services.workspace import Workspace
from storage import bulkload
from storage.db import layout_of
from storage.store import open_raw
from tests.conftest import PROFILE

TODAY = dt.date(2026, 11, 26)


def _indexes(path: Path) -> tuple[set[str], int]:
    """Every index's name, and every WITHOUT ROWID table's (an index B-tree too), and the page
    size."""
    with closing(open_raw(path)) as conn:
        names = {
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index'"
                " OR (type = 'table' AND sql LIKE '%WITHOUT ROWID%')"
            )
        }
        return names, layout_of(conn).page_size


def test_a_bulk_load_leaves_every_index_packed(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    with Workspace.open(path) as ws:
        ws.init_profile(PROFILE)
        # several batches, so that the indexes the load keeps are written batch after batch
        demo.load_demo(
            ws, 500, seed=5, today=TODAY, batch_ops=1500, helper=False, defer_indexes=True
        )
    indexes, page = _indexes(path)
    parts = [p for p in written_layout.written_layout(path) if p.name in indexes]
    big = [p for p in parts if p.packed >= 12 * page]
    assert len(big) >= 8, "the load is large enough to show how its indexes are filled"
    # as packed as the same index in a VACUUMed copy, give or take a page
    loose = {p.name: f"{p.written // page} pages, {p.packed // page} packed" for p in big
             if p.written > p.packed + page}  # fmt: skip
    assert loose == {}


def test_a_killed_load_gets_them_packed_when_the_database_is_opened(tmp_path: Path) -> None:
    path = tmp_path / "killed.db"
    with Workspace.open(path) as ws:
        ws.init_profile(PROFILE)
        demo.load_demo(ws, 500, seed=5, today=TODAY, batch_ops=1500, helper=False)
        # as a killed load leaves it: indexes dropped in a committed transaction, the rest as
        # filled batch by batch
        ws.write(lambda db: bulkload.defer_indexes(db.conn))
    with Workspace.open(path):
        pass  # opening builds what the load left
    indexes, page = _indexes(path)
    parts = [p for p in written_layout.written_layout(path) if p.name in indexes]
    loose = {p.name for p in parts if p.packed >= 12 * page and p.written > p.packed + page}
    assert loose == set()


def test_the_finders_text_index_fits_its_pages(tmp_path: Path) -> None:
    """FTS5 writes its index in blobs of up to `pgsz` bytes (4 050 by default): more than a
    4 096-byte SQLCipher page keeps for a row (4 016 less a cell's header), so each spilled into
    an overflow page, 90 % full. Since migration 13 they fit one to a page."""
    path = tmp_path / "demo.db"
    with Workspace.open(path) as ws:
        ws.init_profile(PROFILE)
        demo.load_demo(ws, 1500, seed=5, today=TODAY, helper=False, defer_indexes=True)
    _, page = _indexes(path)
    (fts,) = [p for p in written_layout.written_layout(path) if p.name == "household_fts_data"]
    assert fts.written >= 20 * page
    assert written_layout.Part.fill(fts.written, fts.written_unused) >= 95.0
