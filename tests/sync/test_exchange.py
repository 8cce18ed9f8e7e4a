"""Export and import through real bundles: a laptop to the hub and back, what travels, the
summary a person reads, idempotence, out-of-order sticks, attachments, conflicts, rollback."""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.errors import UserError
from services import households
from tests.services.test_workspace import make_household, make_project
from tests.sync.sync_kit import PASSWORD, District, sync_all


def test_laptop_to_hub_and_back(district: District) -> None:
    hub, (a, b) = district.hub, district.laptops
    project = make_project(a.ws)
    household = make_household(a.ws, project)
    bundle = a.export_one()
    assert bundle.name.startswith("笔记本1_to_区征收办_") and bundle.suffix == ".dsbundle"
    (outcome,) = hub.sync.import_files(PASSWORD, [bundle])
    assert outcome.status == "imported"
    summary = outcome.summary
    assert summary is not None
    assert summary.sender_name == "笔记本1"
    records = {k: v for k, v in summary.new_by_kind.items() if k != "event"}
    assert records == {"household": 1, "member": 1, "project": 1}
    assert summary.new_by_kind["event"] >= 1  # the laptop's enrolment, audited, travels too
    assert summary.known_ops == 0 and summary.conflicts_created == 0
    assert hub.ws.get("household", household)["head_name"] == "章金伟"
    results = hub.sync.export(PASSWORD, hub.inbox)
    assert sorted(r.recipients[0] for r in results) == ["笔记本1", "笔记本2"]
    for result in results:
        target = a if result.recipients == ("笔记本1",) else b
        (back,) = target.sync.import_files(PASSWORD, [result.path])
        assert back.status == "imported"
    assert households.find(b.ws, "章金伟")[0]["id"] == household
    assert a.state() == b.state() == hub.state()


def test_reimport_is_already_imported_with_zero_changes(district: District) -> None:
    hub, a = district.hub, district.laptops[0]
    make_project(a.ws)
    bundle = a.export_one()
    first, again = hub.sync.import_files(PASSWORD, [bundle, bundle])
    assert first.status == "imported" and again.status == "already_imported"
    assert again.error is not None and "已经导入过" in str(again.error)


def test_only_unacknowledged_ops_travel(district: District) -> None:
    hub, a = district.hub, district.laptops[0]
    make_project(a.ws, "P-1")
    sync_all(district)
    # The hub sent P-1 to 笔记本2 but cannot know it arrived until 笔记本2 says so.
    again = hub.sync.export(PASSWORD, hub.inbox, to=["笔记本2"])[0]
    assert again.by_kind.get("project") == 1
    sync_all(district)  # now every laptop has reported what it holds
    to_b = hub.sync.export(PASSWORD, hub.inbox, to=["笔记本2"])[0]
    assert "project" not in to_b.by_kind
    make_project(a.ws, "P-2")
    result = a.sync.export(PASSWORD, a.inbox)[0]
    assert result.by_kind.get("project") == 1  # P-2 only: P-1 was acknowledged
    assert set(result.by_kind) <= {"project", "event"}
    # the new project is "not yet sent" until the hub says it has it (audit entries not counted)
    assert a.sync.status().unsent_ops == 1


def test_sticks_out_of_order(district: District) -> None:
    hub, a = district.hub, district.laptops[0]
    make_project(a.ws, "P-1")
    first = a.export_one()
    make_project(a.ws, "P-2")
    second = a.export_one()  # carries P-1 again (not acknowledged) and P-2
    (late,) = hub.sync.import_files(PASSWORD, [second])
    (early,) = hub.sync.import_files(PASSWORD, [first])
    assert late.summary is not None and early.summary is not None
    assert early.summary.new_ops == 0 and early.summary.known_ops > 0


def test_attachment_travels_by_hash(district: District, tmp_path: Path) -> None:
    hub, a = district.hub, district.laptops[0]
    household = make_household(a.ws, make_project(a.ws))
    photo = tmp_path / "房屋外景.jpg"
    photo.write_bytes(b"\xff\xd8" + bytes(range(256)) * 400)
    a.ws.attach(household, photo)
    (outcome,) = hub.sync.import_files(PASSWORD, [a.export_one()])
    assert outcome.summary is not None and outcome.summary.attachments_received == 1
    (row,) = hub.ws.attachments(household)
    assert hub.ws.attachment_bytes(row["sha256"]) == photo.read_bytes()


def test_concurrent_edits_show_as_conflicts_everywhere(district: District) -> None:
    a, b = district.laptops
    household = make_household(a.ws, make_project(a.ws))
    sync_all(district)
    sync_all(district)
    a.ws.update("household", household, {"phone": "13900000001"})
    b.ws.update("household", household, {"phone": "13900000002"})
    sync_all(district)
    sync_all(district)
    for site in district.all():
        (view,) = site.sync.conflicts()
        assert view.field == "phone" and len(view.values) == 2
        assert {v.device for v in view.values} == {"笔记本1", "笔记本2"}
        assert sum(v.winning for v in view.values) == 1
    b.sync.resolve(household[-8:], "联系电话", "#1")
    sync_all(district)
    sync_all(district)
    for site in district.all():
        assert site.sync.conflicts() == []
    assert len({site.state() for site in district.all()}) == 1


def test_emergency_passphrase_bundle(district: District) -> None:
    a, b = district.laptops
    household = make_household(a.ws, make_project(a.ws))
    (result,) = a.sync.export(
        PASSWORD, a.inbox, passphrase="临时口令 2026 应急", passphrase_log_n=10
    )
    assert result.recipients == () and "passphrase" in result.path.name
    (locked,) = b.sync.import_files(PASSWORD, [result.path])
    assert locked.status == "refused" and locked.error is not None
    assert locked.error.code == "bundle_needs_passphrase"
    (wrong,) = b.sync.import_files(PASSWORD, [result.path], passphrase="不对的口令不对的口令")
    assert wrong.error is not None and wrong.error.code == "bundle_wrong_passphrase"
    (opened,) = b.sync.import_files(PASSWORD, [result.path], passphrase="临时口令 2026 应急")
    assert opened.status == "imported"
    assert b.ws.get("household", household)["head_name"] == "章金伟"


def test_recipients_by_name_id_or_fingerprint(district: District) -> None:
    hub, a = district.hub, district.laptops[0]
    fingerprint = a.sync.status().fingerprint
    assert fingerprint is not None
    for name in ("笔记本1", a.ws.device_id(), a.ws.device_id()[-8:], fingerprint):
        (result,) = hub.sync.export(PASSWORD, hub.inbox, to=[name])
        assert result.recipients == ("笔记本1",)
    with pytest.raises(UserError) as info:
        hub.sync.export(PASSWORD, hub.inbox, to=["笔记本9"])
    assert info.value.code == "device_unknown"
