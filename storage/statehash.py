"""A digest of everything a person can see — the materialised records and the open conflicts —
so two copies can be compared: equal digests mean equal data."""

from __future__ import annotations

import hashlib
import sqlite3

from domain.ops import canonical_json
from domain.records import ENTITIES


def _device_ids(conn: sqlite3.Connection) -> dict[int, str]:
    """Device key -> id: rows name their creating device by a key local to each database."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "op_devices" not in tables:
        return {}
    return {
        int(key): str(device)
        for key, device in conn.execute("SELECT key, device_id FROM op_devices")
    }


def _authors(conn: sqlite3.Connection) -> dict[int, str]:
    """Author key -> name: rows name their creating op's author by a key (since migration 12)."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "op_authors" not in tables:
        return {}
    return {int(key): str(name) for key, name in conn.execute("SELECT key, author FROM op_authors")}


def state_hash(conn: sqlite3.Connection) -> str:
    digest = hashlib.sha256()
    devices = _device_ids(conn)
    authors = _authors(conn)
    for spec in sorted(ENTITIES.values(), key=lambda s: s.name):
        cursor = conn.execute(f"SELECT * FROM {spec.table} ORDER BY id")
        names = [d[0] for d in cursor.description]
        for row in cursor:
            values = dict(zip(names, row, strict=True))
            device = values.get("_created_device")
            if type(device) is int:
                values["_created_device"] = devices.get(device, device)
            author = values.get("_created_by")
            if type(author) is int:
                values["_created_by"] = authors.get(author, author)
            digest.update(canonical_json([spec.name, values]).encode())
    for row in conn.execute("SELECT entity_id, field, op_id FROM field_heads ORDER BY 1, 2, 3"):
        digest.update(canonical_json(["head", *row]).encode())
    for row in conn.execute("SELECT entity, entity_id, field, heads FROM conflicts ORDER BY 2, 3"):
        digest.update(canonical_json(["conflict", *row]).encode())
    return digest.hexdigest()
