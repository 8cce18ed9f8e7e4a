"""An import whose batches of new records go through set-based SQL (storage/sqlapply.py) leaves
the hub as the import through apply_ops alone does: the same bundle into two copies of one hub,
every table compared (the import's own audit event and record aside: their ids and times are
new each time), and the same summary."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from services.sync import Sync
from services.workspace import Workspace
from storage import sqlapply
from sync import exchange, payload
from tests.services.test_workspace import make_household, make_project
from tests.storage.test_bulkload import snapshot
from tests.sync.sync_kit import PASSWORD, make_district

# Written per import (when, which bundle file): not what the ops made.
_PER_IMPORT = ("sync_imports", "meta", "peer_ranges")


def _state(conn: sqlite3.Connection) -> dict[str, Any]:
    found = snapshot(conn)
    for table in _PER_IMPORT:
        found.pop(table, None)
    # in the log's order; the import's audit event aside: its own op id, clock and seq each time
    found["ops"] = conn.execute(
        "SELECT rowid, op_id, origin_device, origin_seq, hlc, author, entity, entity_id, field,"
        " value_json, preds_json, kind FROM ops WHERE NOT (entity = 'bundle' AND kind = 'event')"
        " ORDER BY rowid"
    ).fetchall()
    found.pop("op_log")
    return found


@pytest.mark.parametrize("per_record", [True, False])
def test_an_import_through_set_based_sql_leaves_what_apply_ops_leaves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, per_record: bool
) -> None:
    district = make_district(tmp_path, laptops=1)
    hub, laptop = district.hub, district.laptops[0]
    project = make_project(laptop.ws)
    made = [make_household(laptop.ws, project, name) for name in ("章金伟", "欧阳娜娜", "王芳")]
    laptop.ws.update("household", made[0], {"phone": "13800000000"})
    laptop.ws.delete("household", made[1])
    made.append(make_household(laptop.ws, project, "李明"))
    if per_record:  # each op its own record, three ops a batch: groups of new records alone
        monkeypatch.setattr(payload, "OP_BATCH_TARGET", 1)
        monkeypatch.setattr(exchange, "APPLY_BATCH", 3)
    bundle = laptop.export_one()
    laptop.close()
    hub.close()
    shutil.copytree(hub.root, tmp_path / "copy")

    taken: list[bool] = []
    apply = sqlapply.StagedBatch.apply

    def counted(self: sqlapply.StagedBatch, defer: Any) -> sqlapply.Applied | None:
        result = apply(self, defer)
        taken.append(result is not None)
        return result

    monkeypatch.setattr(sqlapply.StagedBatch, "apply", counted)
    states, summaries = [], []
    for set_based, root in ((True, hub.root), (False, tmp_path / "copy")):
        monkeypatch.setattr(exchange, "SET_BASED", set_based)
        ws = Workspace.open(root / "doorstep.db")
        try:
            (outcome,) = Sync(ws).import_files(PASSWORD, [bundle])
            assert outcome.summary is not None, outcome.error
            states.append(ws.read(lambda db: _state(db.conn)))
            summary = outcome.summary
            summaries.append((summary.new_ops, summary.known_ops, summary.new_by_kind,
                              summary.conflicts_created, summary.far_ahead))  # fmt: skip
        finally:
            ws.close()
    if per_record:
        assert True in taken and False in taken  # both paths ran within the one import
    else:
        assert taken == [False]  # one batch with edits and events: apply_ops' alone
    assert summaries[0] == summaries[1]
    assert states[0].keys() == states[1].keys()
    for table in states[0]:
        assert states[0][table] == states[1][table], table
