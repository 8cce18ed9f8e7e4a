"""Enrolment and the device registry: signed by the hub, versioned, only newer accepted, revoked
devices kept and refused, fingerprints compared, damaged files told apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.errors import UserError
from sync.registry import parse_registry, sign_registry, with_revoked
from tests.services.test_workspace import make_project
from tests.sync.sync_kit import PASSWORD, District, enrol, open_site


def refused(fn: object, *args: object, **kwargs: object) -> UserError:
    with pytest.raises(UserError) as info:
        fn(*args, **kwargs)  # type: ignore[operator]
    return info.value


def test_hub_starts_a_registry_and_enrolment_adds_versions(tmp_path: Path) -> None:
    hub = open_site(tmp_path, "区征收办", "hub")
    registry = hub.sync.registry()
    assert registry is not None and registry.version == 1
    assert [e.public.name for e in registry.entries] == ["区征收办"]
    laptop = open_site(tmp_path, "笔记本1")
    assert laptop.sync.status().enrolled is False
    enrol(hub, laptop)
    hub_registry = hub.sync.registry()
    assert hub_registry is not None and hub_registry.version == 2
    status = laptop.sync.status()
    assert status.enrolled and status.registry_version == 2 and status.hub_name == "区征收办"
    assert status.hub_fingerprint == hub.sync.status().fingerprint
    # enrolling the same keys again changes nothing
    request, _ = laptop.sync.export_enrolment(PASSWORD, laptop.inbox)
    again = hub.sync.import_enrolment(PASSWORD, request)
    assert again.changed is False and again.registry_version == 2
    hub.close()
    laptop.close()


def test_fingerprint_is_checked_when_given(tmp_path: Path) -> None:
    hub = open_site(tmp_path, "区征收办", "hub")
    laptop = open_site(tmp_path, "笔记本1")
    request, public = laptop.sync.export_enrolment(PASSWORD, laptop.inbox)
    error = refused(hub.sync.import_enrolment, PASSWORD, request, "0000 0000 0000 0000")
    assert error.code == "enrol_fingerprint_mismatch"
    outcome = hub.sync.import_enrolment(PASSWORD, request, public.fingerprint_for_reading())
    assert outcome.changed and outcome.fingerprint == public.fingerprint_for_reading()
    hub.close()
    laptop.close()


def test_enrolment_file_damage_and_wrong_files(tmp_path: Path) -> None:
    hub = open_site(tmp_path, "区征收办", "hub")
    laptop = open_site(tmp_path, "笔记本1")
    request, _ = laptop.sync.export_enrolment(PASSWORD, laptop.inbox)
    data = request.read_bytes()
    before = hub.sync.registry()
    for offset in range(0, len(data), max(1, len(data) // 40)):
        bad = bytearray(data)
        bad[offset] ^= 0x01
        path = tmp_path / "bad.dsenrol"
        path.write_bytes(bytes(bad))
        error = refused(hub.sync.import_enrolment, PASSWORD, path)
        assert error.code in ("enrol_damaged", "enrol_not_a_file"), (offset, error.code)
    cut = tmp_path / "cut.dsenrol"
    cut.write_bytes(data[: len(data) // 2])
    assert refused(hub.sync.import_enrolment, PASSWORD, cut).code == "enrol_damaged"
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + bytes(300))
    assert refused(hub.sync.import_enrolment, PASSWORD, photo).code == "enrol_not_a_file"
    assert hub.sync.registry() == before
    # a laptop cannot take another laptop's file as its hub
    other = open_site(tmp_path, "笔记本2")
    assert refused(other.sync.import_enrolment, PASSWORD, request).code == "enrol_needs_hub_file"
    # nor the hub's file before the hub has enrolled it
    reply, _ = hub.sync.export_enrolment(PASSWORD, hub.inbox)
    assert refused(other.sync.import_enrolment, PASSWORD, reply).code == "enrol_not_in_registry"
    for site in (hub, laptop, other):
        site.close()


def test_revocation_travels_and_old_registries_are_refused(district: District) -> None:
    hub, (a, b) = district.hub, district.laptops
    old_file, old_version = hub.sync.export_registry(hub.inbox)
    name, version = hub.sync.revoke(PASSWORD, "笔记本2")
    assert name == "笔记本2" and version == old_version + 1
    # the revocation reaches 笔记本1 inside the hub's next bundle
    result = hub.sync.export(PASSWORD, hub.inbox, to=["笔记本1"])[0]
    (outcome,) = a.sync.import_files(PASSWORD, [result.path])
    assert outcome.summary is not None and outcome.summary.registry_version == version
    registry = a.sync.registry()
    assert registry is not None
    entry = registry.get(b.ws.device_id())
    assert entry is not None and entry.revoked
    # an older registry file is refused; the same one is "nothing to do"
    error = refused(a.sync.import_registry, old_file)
    assert error.code == "registry_older" and str(version) in str(error)
    new_file, _ = hub.sync.export_registry(hub.inbox)
    assert a.sync.import_registry(new_file) == (version, False)
    # the revoked laptop's bundles are refused at the hub
    make_project(b.ws)
    bundle = b.sync.export(PASSWORD, b.inbox)[0].path
    (refusal,) = hub.sync.import_files(PASSWORD, [bundle])
    assert refusal.status == "refused" and refusal.error is not None
    assert refusal.error.code == "bundle_sender_revoked"
    # and the hub sends it nothing any more
    error = refused(hub.sync.export, PASSWORD, hub.inbox, to=["笔记本2"])
    assert error.code == "device_revoked"
    # a revoked id never comes back with the same id
    request, _ = b.sync.export_enrolment(PASSWORD, b.inbox)
    assert refused(hub.sync.import_enrolment, PASSWORD, request).code == "enrol_revoked"
    assert refused(hub.sync.revoke, PASSWORD, "笔记本2").code == "device_already_revoked"


def test_registry_from_another_hub_or_edited_is_refused(district: District, tmp_path: Path) -> None:
    hub, a = district.hub, district.laptops[0]
    rogue = open_site(tmp_path, "假中心", "hub")
    rogue_file, _ = rogue.sync.export_registry(rogue.inbox)
    assert refused(a.sync.import_registry, rogue_file).code == "registry_wrong_hub"
    rogue_reply, _ = rogue.sync.export_enrolment(PASSWORD, rogue.inbox)
    assert refused(a.sync.import_enrolment, PASSWORD, rogue_reply).code == "enrol_hub_changed"
    good, _ = hub.sync.export_registry(hub.inbox)
    text = good.read_bytes().replace("笔记本2".encode(), "笔记本9".encode())
    edited = tmp_path / "edited.dsregistry"
    edited.write_bytes(text)
    assert refused(a.sync.import_registry, edited).code == "registry_damaged"
    rogue.close()


def test_only_the_hub_keeps_the_registry(district: District) -> None:
    a = district.laptops[0]
    assert refused(a.sync.revoke, PASSWORD, "笔记本2").code == "registry_not_hub"
    assert refused(a.sync.export_registry, a.inbox).code == "registry_not_hub"
    assert refused(district.hub.sync.revoke, PASSWORD, "区征收办").code == "revoke_self"
    assert refused(district.hub.sync.revoke, PASSWORD, "没有这台").code == "device_unknown"


def test_registry_signatures_and_versions_pure(tmp_path: Path) -> None:
    from sync.keys import DeviceKeys

    hub = DeviceKeys.generate("区征收办", "hub")
    laptop = DeviceKeys.generate("笔记本", "laptop")
    from sync.registry import Entry, with_device

    first = sign_registry(hub, 1, [])
    second, changed = with_device(first, hub, laptop.public)
    assert changed and second.version == 2
    assert parse_registry(second.document, hub.public).get(laptop.device_id) is not None
    third = with_revoked(second, hub, laptop.device_id)
    entry = parse_registry(third.document, hub.public).get(laptop.device_id)
    assert entry is not None and entry.revoked
    other_hub = DeviceKeys.generate("别的中心", "hub")
    assert refused(parse_registry, third.document, other_hub.public).code == "registry_wrong_hub"
    forged = sign_registry(other_hub, 9, [Entry(laptop.public, "2026-01-01T00:00:00Z")])
    assert refused(parse_registry, forged.document, hub.public).code == "registry_wrong_hub"


def test_wrong_password_is_one_sentence(district: District) -> None:
    a = district.laptops[0]
    a.sync.keys.lock()
    error = refused(a.sync.export, "不对的密码", a.inbox)
    assert error.code == "keys_wrong_password"


def test_enrolment_with_a_scope_is_one_registry_version(tmp_path: Path) -> None:
    from domain.scope import Scope

    hub = open_site(tmp_path, "区征收办", "hub")
    laptop = open_site(tmp_path, "笔记本1")
    other_hub = open_site(tmp_path, "另一个中心", "hub")
    request, _ = laptop.sync.export_enrolment(PASSWORD, laptop.inbox)
    wangzhuang = Scope.area("新吴区", "旺庄街道")
    outcome = hub.sync.import_enrolment(PASSWORD, request, set_scope=True, scope=wangzhuang)
    assert outcome.changed and outcome.registry_version == 2
    registry = hub.sync.registry()
    assert registry is not None
    entry = registry.get(laptop.sync.status().device_id)
    assert entry is not None and entry.scope == wangzhuang
    # the same file again with the same scope changes nothing; another scope is a new version
    again = hub.sync.import_enrolment(PASSWORD, request, set_scope=True, scope=wangzhuang)
    assert not again.changed and again.registry_version == 2
    wider = hub.sync.import_enrolment(PASSWORD, request, set_scope=True, scope=None)
    assert wider.changed and wider.registry_version == 3
    # a hub has no scope; a laptop cannot set scopes
    hub_file, _ = other_hub.sync.export_enrolment(PASSWORD, other_hub.inbox)
    error = refused(hub.sync.import_enrolment, PASSWORD, hub_file, set_scope=True, scope=wangzhuang)
    assert error.code == "scope_not_laptop"
    assert (
        refused(
            laptop.sync.import_enrolment, PASSWORD, request, set_scope=True, scope=wangzhuang
        ).code
        == "registry_not_hub"
    )
    for site in (hub, laptop, other_hub):
        site.close()
