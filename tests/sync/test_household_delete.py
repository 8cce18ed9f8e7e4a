"""Issue 9 item 3: a household deleted (注销) on one laptop and edited on another reaches the
conflicts page of every copy after bundles travel, with the deleter's reason in the history."""

from __future__ import annotations

from services import households
from tests.sync.sync_kit import District, sync_all


def test_deleted_here_edited_there_is_a_conflict_for_a_person(district: District) -> None:
    hub, first, second = district.hub, district.laptops[0], district.laptops[1]
    project = hub.ws.create(
        "project", {"code": "P-1", "name": "地块", "district": "新吴区", "sub_district": "旺庄街道"}
    )
    household = households.create_household(
        hub.ws, {"project_id": project, "address": "3栋1单元301室", "head_name": "章金伟"}
    )
    sync_all(district)
    households.delete_household(first.ws, household, "与 5栋 重复登记")
    second.ws.update("household", household, {"notes": "户主约下周签约"})
    sync_all(district)
    sync_all(district)
    for site in district.all():
        row = site.ws.get("household", household)
        assert row["_delete_conflict"] == 1 and row["notes"] == "户主约下周签约"
        views = [v for v in site.sync.conflicts() if v.kind == "delete"]
        assert [v.record_id for v in views] == [household]
        (event,) = site.ws.events(households.DELETE_EVENT, household)
        assert event.value == {"reason": "与 5栋 重复登记"}
    assert len({site.state() for site in district.all()}) == 1
