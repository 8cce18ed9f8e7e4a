"""The hub's bundle for a scoped laptop reads the op log as the unscoped export does: stored rows
in batches (`sync_tables.op_lists_in_ranges`), an Op made only for an op whose holder is
withheld. It must plan and carry exactly what the per-op path did (an Op per row of the `ops`
view): the same plan, the same op records in the same order — on a first bundle, after moves in
and out, with holders withheld and records entering, and after the scope changed. The random
test (test_convergence.py) makes the same comparison at every hub export."""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.scope import Scope
from services import flats, tickets, visits
from sync import scoped
from tests.sync.scope_kit import (
    WANGZHUANG,
    restricted_state,
    same_scoped_bundle,
    scoped_household,
    scoped_project,
)
from tests.sync.sync_kit import PASSWORD, District, sync_all


@pytest.mark.parametrize("read_whole", [False, True])
def test_the_batch_read_plans_and_carries_what_the_per_op_path_did(
    district: District, tmp_path: Path, read_whole: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if read_whole:  # the plan reads the scope at once (a first bundle past scoped.WHOLE ops)
        monkeypatch.setattr(scoped, "WHOLE", 0)
    hub, (one, _two) = district.hub, district.laptops
    wz = scoped_project(hub, "WZ-1", "旺庄街道")
    sf = scoped_project(hub, "SF-1", "硕放街道")
    wang = scoped_household(hub, wz, "王大")
    shuo = scoped_household(hub, sf, "硕一")
    visits.add_visit(hub.ws, wang, {"explained": "方案", "attitude": "观望"})
    visits.add_visit(hub.ws, shuo, {"explained": "补偿", "attitude": "同意"})
    flat = flats.add_flat(hub.ws, {"estate": "安置小区", "building": "1", "number": "101"})
    flats.allocate(hub.ws, flat, shuo)  # withheld from laptop one
    tickets.issue_ticket(hub.ws, shuo, number="FP-2026-001", face_amount=500000)
    photo = tmp_path / "外景.jpg"
    photo.write_bytes(b"\xff\xd8 a photo")
    hub.ws.attach(shuo, photo)
    hub.sync.set_scope(PASSWORD, one.name, WANGZHUANG)

    first = same_scoped_bundle(hub, one.name)  # a first bundle
    assert first is not None and first.redacted and first.in_scope_ops
    sync_all(district)

    hub.ws.update("household", shuo, {"project_id": wz})  # 硕一 enters with its history
    hub.ws.update("household", wang, {"project_id": sf})  # 王大 leaves
    entering = same_scoped_bundle(hub, one.name)
    assert entering is not None and entering.entering and not entering.redacted
    sync_all(district)
    assert one.state() == restricted_state(hub, WANGZHUANG)

    wider = Scope.area("新吴区")
    hub.sync.set_scope(PASSWORD, one.name, wider)  # the scope grows: 王大 comes back
    grown = same_scoped_bundle(hub, one.name)
    assert grown is not None and grown.entering
    sync_all(district)
    assert one.state() == restricted_state(hub, wider)
