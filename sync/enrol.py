"""Enrolment files: how a laptop and the district hub learn each other's public keys, once, on a
USB stick at the district office.

1. The laptop writes its enrolment file (its public keys, self-signed) -> the hub imports it:
   the device joins the registry (a new signed version).
2. The hub writes its enrolment file (its public keys plus the current signed registry) -> the
   laptop imports it: it now trusts that hub key and holds a registry that lists itself.

Both sides show the same fingerprint (``3F2A 9C01 7B44 E0D5``); people compare them aloud. The
self-signature proves the file was made by the holder of the private key and catches damage; it
cannot prove *who* that is — the fingerprint check does that.

File form: a first line ``DOORSTEP ENROLMENT\n`` (so any other file is told apart at once), then
canonical JSON::

    {"format": "doorstep-enrolment", "version": 1, "created_at": "...",
     "device": {device_id, name, role, sign_pub, box_pub},
     "registry": <signed registry document as a string> | null,
     "signature": "<Ed25519 by the device over a label + canonical JSON of the rest>"}
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from domain.errors import UserError
from sync.atomic import atomic_write_bytes
from sync.canonical import MalformedJSON, canonical_json, parse_canonical
from sync.keys import DeviceKeys, DevicePublic, hex_bytes
from sync.registry import MAX_REGISTRY_BYTES, Registry, now_utc

ENROL_FORMAT = "doorstep-enrolment"
ENROL_VERSION = 1
ENROL_SUFFIX = ".dsenrol"
MAX_ENROL_BYTES = MAX_REGISTRY_BYTES + 64 * 1024
_SIGN_LABEL = b"doorstep enrolment v1\x00"
MAGIC = b"DOORSTEP ENROLMENT\n"


@dataclass(frozen=True)
class Enrolment:
    device: DevicePublic
    created_at: str
    registry: bytes | None  # the hub's signed registry, still to be checked by the importer


def enrolment_bytes(keys: DeviceKeys, registry: Registry | None) -> bytes:
    body: dict[str, Any] = {
        "format": ENROL_FORMAT,
        "version": ENROL_VERSION,
        "created_at": now_utc(),
        "device": keys.public.to_dict(),
        "registry": registry.document.decode("utf-8") if registry is not None else None,
    }
    body["signature"] = keys.sign(_SIGN_LABEL + canonical_json(body)).hex()
    return MAGIC + canonical_json(body)


def write_enrolment(path: Path, keys: DeviceKeys, registry: Registry | None) -> Path:
    atomic_write_bytes(path, enrolment_bytes(keys, registry))
    return path


def read_enrolment(path: Path) -> Enrolment:
    """Read and check an enrolment file. UserError: file_not_found, file_unreadable,
    enrol_not_a_file (some other file), enrol_damaged (edited, cut short or corrupted)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_ENROL_BYTES + 1)
    except FileNotFoundError:
        raise UserError("file_not_found", path=str(path)) from None
    except OSError:
        raise UserError("file_unreadable", path=str(path)) from None
    return parse_enrolment(data)


def parse_enrolment(data: bytes) -> Enrolment:
    if not data.startswith(MAGIC):
        # A cut inside the first line is an interrupted copy, not some other file.
        if len(data) < len(MAGIC) and MAGIC.startswith(data) and data:
            raise UserError("enrol_damaged")
        raise UserError("enrol_not_a_file")
    damaged = UserError("enrol_damaged")
    try:
        document = parse_canonical(data[len(MAGIC) :], max_bytes=MAX_ENROL_BYTES)
        if not isinstance(document, dict) or set(document) != {
            "format",
            "version",
            "created_at",
            "device",
            "registry",
            "signature",
        }:
            raise ValueError("fields")
        if document["format"] != ENROL_FORMAT or document["version"] != ENROL_VERSION:
            raise ValueError("format")
        signature = hex_bytes(document["signature"], 64)
        registry = document["registry"]
        if registry is not None and not isinstance(registry, str):
            raise ValueError("registry")
        created = document["created_at"]
        if not isinstance(created, str):
            raise ValueError("created_at")
    except (MalformedJSON, ValueError):
        raise damaged from None
    try:
        device = DevicePublic.from_dict(document["device"])
    except UserError:
        raise damaged from None
    rest = {k: v for k, v in document.items() if k != "signature"}
    if not device.verify(signature, _SIGN_LABEL + canonical_json(rest)):
        raise damaged
    return Enrolment(device, created, None if registry is None else registry.encode("utf-8"))
