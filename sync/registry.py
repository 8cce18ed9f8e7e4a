"""The district's device registry: which devices may send bundles, signed by the hub.

The hub (the district office's computer) keeps the registry: every enrolled device's public keys,
and the devices it has revoked (kept, never deleted, so a stolen laptop's old bundles stay
refused). Each change makes a new version, signed with the hub's device key. Laptops learn the
hub's key once, at enrolment (the fingerprint is read aloud), and from then on accept only a
registry signed by that key with a higher version: an old registry carried back on a forgotten
stick cannot un-revoke a device.

File (and database) form, canonical JSON::

    {"registry": {"format": "doorstep-registry", "version": 7, "issued_at": "...",
                  "hub": "<hub device id>", "devices": [{device_id, name, role, sign_pub,
                  box_pub, enrolled_at, revoked_at}, ... sorted by device_id]},
     "signature": "<Ed25519 over a label + canonical JSON of the registry>"}
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from domain.errors import UserError
from domain.scope import Scope, same
from sync.canonical import MalformedJSON, canonical_json, parse_canonical
from sync.keys import UUID_RE, DeviceKeys, DevicePublic, hex_bytes

REGISTRY_FORMAT = "doorstep-registry"
MAX_REGISTRY_BYTES = 4 * 1024 * 1024
MAX_DEVICES = 10_000
_SIGN_LABEL = b"doorstep device registry v1\x00"
_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def now_utc() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Entry:
    public: DevicePublic
    enrolled_at: str
    revoked_at: str | None = None
    scope: Scope | None = None  # a laptop's part of the district; None: everything

    @property
    def device_id(self) -> str:
        return self.public.device_id

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            **self.public.to_dict(),
            "enrolled_at": self.enrolled_at,
            "revoked_at": self.revoked_at,
        }
        if self.scope is not None:  # absent, not null: registries without scopes stay as they were
            data["scope"] = self.scope.to_json()
        return data

    @classmethod
    def from_json(cls, raw: Any) -> Entry:
        if not isinstance(raw, dict):
            raise ValueError("device entry")
        enrolled, revoked = raw.get("enrolled_at"), raw.get("revoked_at")
        if not isinstance(enrolled, str) or not _TIME.match(enrolled):
            raise ValueError("enrolled_at")
        if revoked is not None and (not isinstance(revoked, str) or not _TIME.match(revoked)):
            raise ValueError("revoked_at")
        scope = Scope.from_json(raw["scope"]) if "scope" in raw else None
        if "scope" in raw and scope is None:
            raise ValueError("scope")
        public = {k: v for k, v in raw.items() if k not in ("enrolled_at", "revoked_at", "scope")}
        try:
            return cls(DevicePublic.from_dict(public), enrolled, revoked, scope)
        except UserError:
            raise ValueError("device public record") from None


@dataclass(frozen=True)
class Registry:
    version: int
    hub_id: str
    issued_at: str
    entries: tuple[Entry, ...]
    document: bytes  # the signed file, byte for byte

    def get(self, device_id: str) -> Entry | None:
        for entry in self.entries:
            if entry.device_id == device_id:
                return entry
        return None

    @property
    def hub(self) -> DevicePublic:
        entry = self.get(self.hub_id)
        assert entry is not None  # parse_registry and sign_registry guarantee it
        return entry.public

    def active(self, role: str | None = None) -> list[DevicePublic]:
        return [
            e.public
            for e in self.entries
            if not e.revoked and (role is None or e.public.role == role)
        ]


def _body(version: int, hub_id: str, issued_at: str, entries: Iterable[Entry]) -> dict[str, Any]:
    return {
        "format": REGISTRY_FORMAT,
        "version": version,
        "issued_at": issued_at,
        "hub": hub_id,
        "devices": [e.to_json() for e in sorted(entries, key=lambda e: e.device_id)],
    }


def sign_registry(
    hub_keys: DeviceKeys, version: int, entries: Iterable[Entry], issued_at: str | None = None
) -> Registry:
    """A new registry signed by the hub; the hub itself is always in it."""
    items = {e.device_id: e for e in entries}
    if hub_keys.device_id not in items:
        items[hub_keys.device_id] = Entry(hub_keys.public, issued_at or now_utc())
    if items[hub_keys.device_id].public != hub_keys.public:
        raise ValueError("the registry names the hub by other keys")
    issued = issued_at or now_utc()
    body = _body(version, hub_keys.device_id, issued, items.values())
    signature = hub_keys.sign(_SIGN_LABEL + canonical_json(body))
    document = canonical_json({"registry": body, "signature": signature.hex()})
    ordered = tuple(sorted(items.values(), key=lambda e: e.device_id))
    return Registry(version, hub_keys.device_id, issued, ordered, document)


def parse_registry(data: bytes, trusted_hub: DevicePublic | None) -> Registry:
    """Check a signed registry. With `trusted_hub`, it must be signed by exactly that device;
    without (the first registry a laptop sees, at enrolment), it must be signed by the hub it
    names. UserError: registry_damaged, registry_wrong_hub."""
    damaged = UserError("registry_damaged")
    try:
        document = parse_canonical(data, max_bytes=MAX_REGISTRY_BYTES)
        if not isinstance(document, dict) or set(document) != {"registry", "signature"}:
            raise ValueError("fields")
        body = document["registry"]
        signature = hex_bytes(document["signature"], 64)
        if not isinstance(body, dict) or set(body) != {
            "format",
            "version",
            "issued_at",
            "hub",
            "devices",
        }:
            raise ValueError("registry fields")
        if body["format"] != REGISTRY_FORMAT:
            raise ValueError("format")
        version = body["version"]
        if type(version) is not int or not 1 <= version <= 2**53:
            raise ValueError("version")
        hub_id, issued = body["hub"], body["issued_at"]
        if not isinstance(hub_id, str) or not UUID_RE.match(hub_id):
            raise ValueError("hub")
        if not isinstance(issued, str) or not _TIME.match(issued):
            raise ValueError("issued_at")
        raw_devices = body["devices"]
        if not isinstance(raw_devices, list) or not 1 <= len(raw_devices) <= MAX_DEVICES:
            raise ValueError("devices")
        entries = tuple(Entry.from_json(raw) for raw in raw_devices)
        ids = [e.device_id for e in entries]
        if ids != sorted(set(ids)):
            raise ValueError("devices not sorted or repeated")
    except (MalformedJSON, ValueError):
        raise damaged from None
    registry = Registry(version, hub_id, issued, entries, data)
    hub_entry = registry.get(hub_id)
    if hub_entry is None or hub_entry.public.role != "hub" or hub_entry.revoked:
        raise damaged
    if trusted_hub is not None and (
        trusted_hub.device_id != hub_id or trusted_hub.fingerprint != hub_entry.public.fingerprint
    ):
        raise UserError("registry_wrong_hub")
    if not hub_entry.public.verify(signature, _SIGN_LABEL + canonical_json(body)):
        raise damaged
    return registry


def with_device(
    current: Registry | None,
    hub_keys: DeviceKeys,
    device: DevicePublic,
    *,
    set_scope: bool = False,
    scope: Scope | None = None,
) -> tuple[Registry, bool]:
    """The next registry with `device` enrolled (and, with `set_scope`, a laptop's scope: one
    version for both); (registry, False) when it already is, unchanged.

    UserError: enrol_revoked (a revoked id never comes back), enrol_other_keys (the id is
    enrolled with different keys), scope_not_laptop."""
    entries = {e.device_id: e for e in current.entries} if current else {}
    found = entries.get(device.device_id)
    if set_scope and scope is not None and device.role != "laptop":
        raise UserError("scope_not_laptop", name=device.name)
    kept = found.scope if found else None
    wanted = scope if set_scope else kept
    if found is not None:
        if found.revoked:
            raise UserError("enrol_revoked", name=found.public.name)
        if found.public.fingerprint != device.fingerprint:
            raise UserError("enrol_other_keys", name=found.public.name)
        if found.public == device and same(kept, wanted):
            assert current is not None
            return current, False
    entries[device.device_id] = Entry(
        device, found.enrolled_at if found else now_utc(), None, wanted
    )
    version = current.version + 1 if current else 1
    return sign_registry(hub_keys, version, entries.values()), True


def with_revoked(current: Registry, hub_keys: DeviceKeys, device_id: str) -> Registry:
    """The next registry with `device_id` revoked. UserError: device_unknown,
    device_already_revoked, revoke_self."""
    found = current.get(device_id)
    if found is None:
        raise UserError("device_unknown", device=device_id)
    if device_id == hub_keys.device_id:
        raise UserError("revoke_self")
    if found.revoked:
        raise UserError("device_already_revoked", name=found.public.name)
    entries = {e.device_id: e for e in current.entries}
    entries[device_id] = Entry(found.public, found.enrolled_at, now_utc(), found.scope)
    return sign_registry(hub_keys, current.version + 1, entries.values())


def with_scope(
    current: Registry, hub_keys: DeviceKeys, device_id: str, scope: Scope | None
) -> tuple[Registry, bool]:
    """The next registry with the laptop's scope set (None: the whole district); (registry,
    False) when it already is. UserError: device_unknown, scope_not_laptop, device_revoked."""
    found = current.get(device_id)
    if found is None:
        raise UserError("device_unknown", device=device_id)
    if found.public.role != "laptop":
        raise UserError("scope_not_laptop", name=found.public.name)
    if found.revoked:
        raise UserError("device_revoked", name=found.public.name)
    if (found.scope.to_json() if found.scope else None) == (scope.to_json() if scope else None):
        return current, False
    entries = {e.device_id: e for e in current.entries}
    entries[device_id] = Entry(found.public, found.enrolled_at, found.revoked_at, scope)
    return sign_registry(hub_keys, current.version + 1, entries.values()), True
