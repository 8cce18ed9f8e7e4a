"""Every refusal at the import level says its one sentence and leaves the database file
byte-identical: wrong recipient, revoked and unknown senders, replay, newer schema, cut short,
flipped bits, a manifest that lies, and a computer whose data was rolled back."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from domain.errors import UserError
from storage import sync_tables
from storage.migrations import SCHEMA_VERSION
from sync import exchange
from sync.bundle import write_bundle
from sync.enrol import read_enrolment
from sync.payload import encode_payload
from tests.services.test_workspace import make_household, make_project
from tests.sync.sync_kit import PASSWORD, District, Site, file_set_digest, open_site, sync_all


def refuse(site: Site, bundle: Path, **kwargs: object) -> UserError:
    """Import `bundle` at `site`; assert it was refused and nothing on disk changed."""
    before = file_set_digest(site.db)
    state = site.state()
    (outcome,) = site.sync.import_files(PASSWORD, [bundle], **kwargs)  # type: ignore[arg-type]
    assert outcome.status in ("refused", "already_imported"), outcome
    assert outcome.error is not None
    assert site.state() == state
    assert file_set_digest(site.db) == before
    return outcome.error


def test_not_addressed_to_this_computer(district: District) -> None:
    hub, (a, b) = district.hub, district.laptops
    make_project(a.ws)
    bundle = a.export_one()
    assert refuse(b, bundle).code == "bundle_not_for_this_computer"
    result = hub.sync.export(PASSWORD, hub.inbox, to=["笔记本1"])[0]
    error = refuse(b, result.path)
    assert error.code == "bundle_not_for_this_computer"
    assert str(error) == "这个同步包不是发给这台电脑的。"


def test_unknown_sender(district: District, tmp_path: Path) -> None:
    stranger = open_site(tmp_path, "陌生笔记本")
    # It trusts the real hub (as if it had seen the hub's file) but was never enrolled there.
    reply, _ = district.hub.sync.export_enrolment(PASSWORD, district.hub.inbox)
    document = read_enrolment(reply).registry
    assert document is not None
    registry = exchange.parse_registry(document, None)
    stranger.ws.write(lambda db: exchange.install_registry(db.conn, registry))
    make_project(stranger.ws)
    bundle = stranger.export_one()
    assert refuse(district.hub, bundle).code == "bundle_sender_unknown"
    stranger.close()


def test_revoked_sender(district: District) -> None:
    hub, b = district.hub, district.laptops[1]
    make_project(b.ws)
    bundle = b.export_one()
    hub.sync.revoke(PASSWORD, "笔记本2")
    error = refuse(hub, bundle)
    assert error.code == "bundle_sender_revoked"


def test_replay_changes_nothing(district: District) -> None:
    hub, a = district.hub, district.laptops[0]
    make_household(a.ws, make_project(a.ws))
    bundle = a.export_one()
    hub.sync.import_files(PASSWORD, [bundle])
    error = refuse(hub, bundle)
    assert error.code == "bundle_already_imported"
    # a copy under another name is the same bundle
    copy = bundle.with_name("副本.dsbundle")
    shutil.copy(bundle, copy)
    assert refuse(hub, copy).code == "bundle_already_imported"


def test_newer_schema(district: District, monkeypatch: pytest.MonkeyPatch) -> None:
    hub, a = district.hub, district.laptops[0]
    make_project(a.ws)
    monkeypatch.setattr(exchange, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    bundle = a.export_one()
    monkeypatch.setattr(exchange, "SCHEMA_VERSION", SCHEMA_VERSION)
    error = refuse(hub, bundle)
    assert error.code == "bundle_newer_version" and "升级" in str(error)


@pytest.fixture
def one_bundle(district: District) -> tuple[District, bytes]:
    a = district.laptops[0]
    household = make_household(a.ws, make_project(a.ws))
    a.ws.update("household", household, {"notes": "第二次走访"})
    return district, a.export_one().read_bytes()


def test_cut_short_anywhere(one_bundle: tuple[District, bytes], tmp_path: Path) -> None:
    district, data = one_bundle
    path = tmp_path / "cut.dsbundle"
    for length in sorted(
        {0, 1, 7, 8, 61, 62, 63, 200, len(data) // 2, len(data) - 65, len(data) - 1}
    ):
        path.write_bytes(data[:length])
        error = refuse(district.hub, path)
        assert error.code in ("bundle_incomplete", "bundle_damaged"), (length, error.code)
        if length in (0, 1, len(data) // 2, len(data) - 1):
            assert error.code == "bundle_incomplete"


def test_flipped_bits(one_bundle: tuple[District, bytes], tmp_path: Path) -> None:
    district, data = one_bundle
    path = tmp_path / "flipped.dsbundle"
    expected = {
        "bundle_damaged",
        "bundle_not_a_bundle",
        "bundle_incomplete",
        "bundle_newer_version",
    }
    step = max(1, len(data) // 25)
    for offset in range(0, len(data), step):
        bad = bytearray(data)
        bad[offset] ^= 0x10
        path.write_bytes(bytes(bad))
        error = refuse(district.hub, path)
        assert error.code in expected, (offset, error.code)
        if offset >= 200:  # past the fixed part and the start of the header
            assert error.code == "bundle_damaged", (offset, error.code)


def _signed_lie(
    site: Site, hub: Site, edit: Callable[[dict[str, object], list[dict[str, object]]], None]
) -> Path:
    """A bundle correctly signed by an enrolled laptop whose payload disagrees with itself."""
    keys = site.sync.unlock(PASSWORD)
    ops = [op.to_dict() for op in site.ops()]
    held = site.ws.read(lambda db: exchange.held(db.conn))
    manifest: dict[str, object] = {
        "op_count": len(ops),
        "attachments": [],
        "sender": keys.device_id,
        "ranges": exchange.rs.to_json(held),
        "have": exchange.rs.to_json(held),
        "counts": {},
        "registry": None,
    }
    edit(manifest, ops)
    manifest["op_count"] = len(ops)
    hub_public = exchange.known_device(site.ws.store, hub.ws.device_id())
    assert hub_public is not None
    path = site.inbox / "lie.dsbundle"
    write_bundle(
        path,
        keys,
        [hub_public],
        encode_payload(manifest, ops),
        {"content": exchange.CONTENT},
        schema_version=SCHEMA_VERSION,
    )
    return path


def test_manifest_that_lies_is_rolled_back_whole(district: District) -> None:
    hub, a = district.hub, district.laptops[0]
    for n in range(30):
        make_project(a.ws, f"P-{n}")

    def drop_last_op(manifest: dict[str, object], ops: list[dict[str, object]]) -> None:
        ops.pop()  # the ranges still claim it: found only after the other ops were applied

    def bad_value(manifest: dict[str, object], ops: list[dict[str, object]]) -> None:
        ops[-1]["value_json"] = "{not json"

    def unknown_kind(manifest: dict[str, object], ops: list[dict[str, object]]) -> None:
        ops[3]["kind"] = "merge"  # (format 2 has no room for a foreign field: ops are arrays)

    for edit in (drop_last_op, bad_value, unknown_kind):
        exchange_batch = exchange.APPLY_BATCH
        exchange.APPLY_BATCH = 5  # so several batches are applied before the lie is found
        try:
            error = refuse(hub, _signed_lie(a, hub, edit))
        finally:
            exchange.APPLY_BATCH = exchange_batch
        assert error.code == "bundle_damaged", edit.__name__


def test_rolled_back_laptop_is_told_to_re_enrol(district: District, tmp_path: Path) -> None:
    hub, a = district.hub, district.laptops[0]
    project = make_project(a.ws)
    sync_all(district)
    saved = tmp_path / "backup.db"
    sync_tables.backup_file(a.db, saved)
    household = make_household(a.ws, project, "单建国")  # made after the backup
    sync_all(district)
    a.ws.close()
    for suffix in ("-wal", "-shm"):
        a.db.with_name(a.db.name + suffix).unlink(missing_ok=True)
    shutil.copy(saved, a.db)
    from services.workspace import Workspace

    a.ws = Workspace.open(a.db)
    a.sync.ws = a.ws
    # The hub's bundle says it holds ops of this laptop that the laptop no longer has.
    result = hub.sync.export(PASSWORD, hub.inbox, to=["笔记本1"], all_ops=True)[0]
    error = refuse(a, result.path)
    assert error.code == "sync_rolled_back" and "重新登记" in str(error)
    # Had it gone on editing, its new ops reuse seqs the hub already holds: refused there.
    make_household(a.ws, project, "欧阳娜娜")
    bundle = a.export_one()
    error = refuse(hub, bundle)
    assert error.code == "seq_reused" and "笔记本1" in str(error)

    # Re-enrolment: a new device id and keys; the hub enrols it and revokes the old id.
    old = a.ws.device_id()
    public, retired = a.sync.reenrol(PASSWORD)
    assert retired == old and public.device_id != old
    hub.sync.revoke(PASSWORD, old)
    request, _ = a.sync.export_enrolment(PASSWORD, a.inbox)
    hub.sync.import_enrolment(PASSWORD, request)
    reply, _ = hub.sync.export_enrolment(PASSWORD, hub.inbox)
    a.sync.import_enrolment(PASSWORD, reply)
    district.refresh_registries()
    with pytest.raises(UserError) as first:
        a.export_one()
    assert first.value.code == "sync_import_hub_first"
    result = hub.sync.export(PASSWORD, hub.inbox, to=["笔记本1"])[0]
    (welcome,) = a.sync.import_files(PASSWORD, [result.path])
    assert welcome.summary is not None and welcome.summary.renumbered >= 1
    sync_all(district)
    sync_all(district)
    # Nothing lost: the op made after the backup came back from the hub, the one made after
    # the restore moved to the new id; every copy agrees.
    assert a.ws.get("household", household)["head_name"] == "单建国"
    for site in district.all():
        names = {
            row["head_name"]
            for row in site.ws.read(lambda db: list(db.query("SELECT head_name FROM households")))
        }
        assert names == {"单建国", "欧阳娜娜"}
    assert len({site.state() for site in district.all()}) == 1
