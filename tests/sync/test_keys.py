"""Device identity, fingerprints, and the password-protected key file."""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.errors import UserError
from sync.canonical import canonical_json
from sync.keys import (
    Argon2Params,
    DeviceKeys,
    DevicePublic,
    ScryptParams,
    format_fingerprint,
    load_keys,
    save_keys,
    scrypt_key,
)

CHEAP = Argon2Params(memory_kib=64, iterations=1, lanes=1)  # tests only
PASSWORD = "街道办 2026 密码"


@pytest.fixture(scope="module")
def keys() -> DeviceKeys:
    return DeviceKeys.generate("王芳的笔记本", "laptop")


def refusal(fn: Any) -> UserError:
    with pytest.raises(UserError) as info:
        fn()
    return info.value


# --- identity and fingerprints ----------------------------------------------------------------


def test_generate_and_fingerprint(keys: DeviceKeys) -> None:
    public = keys.public
    assert re.fullmatch(r"[0-9a-f]{16}", public.fingerprint)
    assert re.fullmatch(r"([0-9A-F]{4} ){3}[0-9A-F]{4}", public.fingerprint_for_reading())
    assert public.fingerprint_for_reading().replace(" ", "").lower() == public.fingerprint
    assert format_fingerprint("3f2a9c017b44e0d5") == "3F2A 9C01 7B44 E0D5"
    other = DeviceKeys.generate("王芳的笔记本", "laptop", device_id=keys.device_id)
    assert other.public.fingerprint != public.fingerprint
    # Names the keys, not the label: renaming a device keeps its fingerprint.
    renamed = DevicePublic(public.device_id, "新名字", "laptop", public.sign_pub, public.box_pub)
    assert renamed.fingerprint == public.fingerprint
    assert "sign_pub" not in repr(public) and "PrivateKey" not in repr(keys)


def test_sign_verify_and_exchange(keys: DeviceKeys) -> None:
    signature = keys.sign(b"message")
    assert keys.public.verify(signature, b"message")
    assert not keys.public.verify(signature, b"massage")
    assert not keys.public.verify(b"\0" * 64, b"message")
    peer = DeviceKeys.generate("hub", "hub")
    assert keys.exchange(peer.public.box_pub) == peer.exchange(keys.public.box_pub)


def test_public_record_round_trip(keys: DeviceKeys) -> None:
    record = keys.public.to_dict()
    assert json.loads(json.dumps(record)) == record
    assert DevicePublic.from_dict(record) == keys.public


@pytest.mark.parametrize(
    "edit",
    [
        lambda r: r.update(role="admin"),
        lambda r: r.update(device_id="not-a-uuid"),
        lambda r: r.update(device_id=r["device_id"].upper()),
        lambda r: r.update(sign_pub=r["sign_pub"][:-2]),
        lambda r: r.update(box_pub=r["box_pub"].upper()),
        lambda r: r.update(name=""),
        lambda r: r.update(name=None),
        lambda r: r.update(extra=1),
        lambda r: r.pop("name"),
    ],
)
def test_malformed_public_records(keys: DeviceKeys, edit: Any) -> None:
    record: dict[str, Any] = dict(keys.public.to_dict())
    edit(record)
    assert refusal(lambda: DevicePublic.from_dict(record)).code == "device_info_invalid"


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.text(max_size=10), st.one_of(st.none(), st.text(), st.integers())))
def test_arbitrary_public_records(record: dict[str, Any]) -> None:
    with pytest.raises(UserError):
        DevicePublic.from_dict(record)


# --- the key file -----------------------------------------------------------------------------


def test_save_and_load(tmp_path: Path, keys: DeviceKeys) -> None:
    path = tmp_path / "device.keys"
    save_keys(path, keys, PASSWORD, kdf=CHEAP)
    assert [p.name for p in tmp_path.iterdir()] == ["device.keys"]  # no temp file left
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    loaded = load_keys(path, PASSWORD)
    assert loaded.public == keys.public
    assert keys.public.verify(loaded.sign(b"x"), b"x")
    assert PASSWORD.encode() not in path.read_bytes()


def test_default_argon2_and_scrypt_settings(tmp_path: Path, keys: DeviceKeys) -> None:
    for name, kdf in [("a", None), ("s", ScryptParams(log_n=12))]:
        path = tmp_path / name
        save_keys(path, keys, PASSWORD, kdf=kdf)
        document = json.loads(path.read_text())
        assert document["kdf"]["name"] == ("argon2id" if kdf is None else "scrypt")
        assert load_keys(path, PASSWORD).public == keys.public


def test_wrong_password(tmp_path: Path, keys: DeviceKeys) -> None:
    path = tmp_path / "device.keys"
    save_keys(path, keys, PASSWORD, kdf=CHEAP)
    err = refusal(lambda: load_keys(path, PASSWORD + "x"))
    assert err.code == "keys_wrong_password"
    assert refusal(lambda: load_keys(path, "")).code == "keys_wrong_password"


def test_password_is_normalised(tmp_path: Path, keys: DeviceKeys) -> None:
    path = tmp_path / "device.keys"
    save_keys(path, keys, "Café-2026", kdf=CHEAP)
    assert load_keys(path, "Cafe\u0301-2026").public == keys.public


def test_empty_password_refused(tmp_path: Path, keys: DeviceKeys) -> None:
    path = tmp_path / "device.keys"
    assert refusal(lambda: save_keys(path, keys, "", kdf=CHEAP)).code == "keys_password_empty"
    assert not path.exists()


def test_overwrite_is_atomic(tmp_path: Path, keys: DeviceKeys) -> None:
    path = tmp_path / "device.keys"
    save_keys(path, keys, "old password", kdf=CHEAP)
    save_keys(path, keys, "new password", kdf=CHEAP)
    assert load_keys(path, "new password").public == keys.public
    assert refusal(lambda: load_keys(path, "old password")).code == "keys_wrong_password"


def test_missing_file(tmp_path: Path) -> None:
    err = refusal(lambda: load_keys(tmp_path / "nope", PASSWORD))
    assert err.code == "keys_file_missing"


def test_every_flipped_byte_is_damage_or_wrong_password(tmp_path: Path, keys: DeviceKeys) -> None:
    """Damage says "damaged" (the checksum catches it), never a misleading "wrong password"."""
    path = tmp_path / "device.keys"
    save_keys(path, keys, PASSWORD, kdf=CHEAP)
    original = path.read_bytes()
    for offset in range(len(original)):
        data = bytearray(original)
        data[offset] ^= 0x01
        path.write_bytes(bytes(data))
        err = refusal(lambda: load_keys(path, PASSWORD))
        assert err.code in ("keys_file_damaged", "keys_file_newer"), (offset, err.code)


def _edit(path: Path, fn: Any, *, fix_checksum: bool = True) -> None:
    document = json.loads(path.read_text())
    fn(document)
    if fix_checksum:
        rest = {k: v for k, v in document.items() if k != "checksum"}
        document["checksum"] = hashlib.sha256(canonical_json(rest)).hexdigest()
    path.write_bytes(canonical_json(document))


def test_edited_public_part_does_not_decrypt(tmp_path: Path, keys: DeviceKeys) -> None:
    """Swapping in another device's public keys (checksum fixed up) is caught by GCM."""
    path = tmp_path / "device.keys"
    save_keys(path, keys, PASSWORD, kdf=CHEAP)
    other = DeviceKeys.generate("x", "laptop").public.to_dict()
    _edit(path, lambda d: d.update(public=other))
    assert refusal(lambda: load_keys(path, PASSWORD)).code == "keys_wrong_password"


def test_newer_key_file(tmp_path: Path, keys: DeviceKeys) -> None:
    path = tmp_path / "device.keys"
    save_keys(path, keys, PASSWORD, kdf=CHEAP)
    _edit(path, lambda d: d.update(version=2))
    assert refusal(lambda: load_keys(path, PASSWORD)).code == "keys_file_newer"


@pytest.mark.parametrize(
    "kdf",
    [
        {"memory_kib": 4 * 1024 * 1024},
        {"iterations": 1000},
        {"lanes": 64},
        {"name": "pbkdf2"},
        {"salt": "00"},
    ],
)
def test_hostile_kdf_settings_refused_before_deriving(
    tmp_path: Path, keys: DeviceKeys, kdf: dict[str, Any]
) -> None:
    path = tmp_path / "device.keys"
    save_keys(path, keys, PASSWORD, kdf=CHEAP)
    _edit(path, lambda d: d["kdf"].update(kdf))
    assert refusal(lambda: load_keys(path, PASSWORD)).code == "keys_file_damaged"


@pytest.mark.parametrize("content", [b"", b"{", b"[]", b'{"format":"other"}', b"\xff" * 10])
def test_not_a_key_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "device.keys"
    path.write_bytes(content)
    assert refusal(lambda: load_keys(path, PASSWORD)).code == "keys_file_damaged"


def test_huge_file_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "device.keys"
    path.write_bytes(b" " * (1024 * 1024))
    assert refusal(lambda: load_keys(path, PASSWORD)).code == "keys_file_damaged"


def test_scrypt_key_is_deterministic_and_salted() -> None:
    salt = bytes(16)
    assert scrypt_key("口令口令口令口令", salt, 10) == scrypt_key("口令口令口令口令", salt, 10)
    assert scrypt_key("口令口令口令口令", salt, 10) != scrypt_key("口令口令口令口令", b"1" * 16, 10)
    assert len(scrypt_key("x", salt, 10)) == 32
