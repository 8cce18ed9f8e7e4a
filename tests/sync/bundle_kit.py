"""Shared helpers for the bundle tests: a device registry, and tools to take a bundle apart and
put it back together (re-sealed with correct checksums, optionally re-signed) the way an
attacker or a faulty copy would."""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from domain.errors import UserError
from domain.ops import Op
from sync.bundle import (
    _FIXED_BODY,
    FIXED_LEN,
    FORMAT_VERSION,
    MAGIC,
    SIGNATURE_LEN,
    OpenedBundle,
    _fixed_part,
    open_bundle,
)
from sync.canonical import canonical_json, parse_json
from sync.keys import DeviceKeys, DevicePublic


@dataclass
class Registry:
    devices: dict[str, DevicePublic] = field(default_factory=dict)
    revoked: set[str] = field(default_factory=set)

    def add(self, *keys: DeviceKeys) -> Registry:
        for k in keys:
            self.devices[k.device_id] = k.public
        return self

    def known(self, device_id: str) -> DevicePublic | None:
        return self.devices.get(device_id)

    def is_revoked(self, device_id: str) -> bool:
        return device_id in self.revoked


def open_as(path: Path, keys: DeviceKeys | None, registry: Registry, **kwargs: Any) -> OpenedBundle:
    return open_bundle(path, keys, registry.known, registry.is_revoked, **kwargs)


def read_plaintext(path: Path, keys: DeviceKeys | None, registry: Registry, **kw: Any) -> bytes:
    with open_as(path, keys, registry, **kw) as opened:
        data = opened.read_payload_bytes()
        assert len(data) == opened.payload_size
    assert not opened.payload_path.exists()
    return data


def refusal(fn: Callable[[], object]) -> UserError:
    with pytest.raises(UserError) as info:
        fn()
    return info.value


@dataclass
class Parts:
    version: int
    header: bytes
    ciphertext: bytes
    signature: bytes

    @property
    def document(self) -> dict[str, Any]:
        value = parse_json(self.header, max_bytes=1 << 30)
        assert isinstance(value, dict)
        return value

    def chunks(self) -> list[bytes]:
        size = self.document["payload"]["chunk_size"] + 16
        return [self.ciphertext[i : i + size] for i in range(0, len(self.ciphertext), size)]


def split(data: bytes) -> Parts:
    _, version, header_len, _, _ = _FIXED_BODY.unpack(data[: _FIXED_BODY.size])
    header = data[FIXED_LEN : FIXED_LEN + header_len]
    return Parts(
        version,
        header,
        data[FIXED_LEN + header_len : -SIGNATURE_LEN],
        data[-SIGNATURE_LEN:],
    )


def seal(
    header: bytes,
    ciphertext: bytes,
    *,
    signature: bytes | None = None,
    signer: DeviceKeys | None = None,
    version: int = FORMAT_VERSION,
) -> bytes:
    """Rebuild a bundle with a consistent fixed part; re-sign with `signer` or keep `signature`."""
    total = FIXED_LEN + len(header) + len(ciphertext) + SIGNATURE_LEN
    fixed = _fixed_part(version, len(header), total, hashlib.sha256(header).digest())
    if signer is not None:
        signature = signer.sign(fixed + header)
    assert signature is not None
    return fixed + header + ciphertext + signature


def reheader(
    parts: Parts,
    edit: Callable[[dict[str, Any]], None],
    *,
    ciphertext: bytes | None = None,
    signer: DeviceKeys | None = None,
    fix_payload: bool = True,
) -> bytes:
    """Edit the header document, re-serialise canonically, re-seal; payload fields follow the
    new ciphertext unless `fix_payload` is False."""
    document = parts.document
    body = parts.ciphertext if ciphertext is None else ciphertext
    if fix_payload:
        document["payload"]["ciphertext_size"] = len(body)
        document["payload"]["ciphertext_sha256"] = hashlib.sha256(body).hexdigest()
        size = document["payload"]["chunk_size"] + 16
        document["payload"]["chunk_count"] = max(1, -(-len(body) // size))
    edit(document)
    return seal(canonical_json(document), body, signature=parts.signature, signer=signer)


def raw_fixed(version: int, header_len: int, total_len: int, header_sha: bytes) -> bytes:
    """A fixed part with a *correct* checksum over arbitrary field values."""
    return _fixed_part(version, header_len, total_len, header_sha)


def fixed_fields(data: bytes) -> tuple[int, int, int, bytes]:
    magic, version, header_len, total_len, header_sha = _FIXED_BODY.unpack(data[: _FIXED_BODY.size])
    assert magic == MAGIC
    return version, header_len, total_len, header_sha


U32 = struct.Struct(">I")


def sample_ops(count: int, device: str = "01a24b0d-0000-7000-8000-000000000001") -> list[Op]:
    """Ops as a laptop writes them: a create with Chinese text, then edits with preds."""
    ops: list[Op] = []
    for seq in range(1, count + 1):
        kind = "create" if seq == 1 else "set"
        value = '{"姓名":"张三","备注":"🏠"}' if kind == "create" else f'"第{seq}次"'
        ops.append(
            Op(
                op_id=f"op-{seq:06d}",
                origin_device=device,
                origin_seq=seq,
                hlc=(1_700_000_000_000 + seq) << 16,
                author="王芳",
                entity="household",
                entity_id="hh-1",
                field=None if kind == "create" else "notes",
                value_json=value,
                preds=() if seq == 1 else (f"op-{seq - 1:06d}",),
                kind=kind,
            )
        )
    return ops
