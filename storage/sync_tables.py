"""The sync tables (migration 3) and every query on them: the device registry (revoked devices
included), what each peer has acknowledged, the bundles imported and exported, and the device ids
this database used before it was re-enrolled.

What this copy *holds* is not a table: it is read from the op log's UNIQUE(origin_device,
origin_seq) index as runs of consecutive seqs (gaps and islands), so it can never disagree with
the log. Peer acknowledgements are a table because they are only what the peer said.
Ranges here are plain ``(lo, hi)`` tuples, inclusive; sync.ranges gives them set operations.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storage import keyring, opstore
from storage.db import copy_database, open_connection
from storage.oplog import OP_COLUMNS

SQL = """
CREATE TABLE sync_registry (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    version INTEGER NOT NULL,
    hub_device_id TEXT NOT NULL,
    document BLOB NOT NULL
);
CREATE TABLE sync_devices (
    device_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    sign_pub TEXT NOT NULL,
    box_pub TEXT NOT NULL,
    enrolled_at TEXT NOT NULL,
    revoked_at TEXT
) WITHOUT ROWID;
CREATE TABLE sync_peer_ranges (
    peer TEXT NOT NULL,
    origin TEXT NOT NULL,
    lo INTEGER NOT NULL,
    hi INTEGER NOT NULL,
    PRIMARY KEY (peer, origin, lo)
) WITHOUT ROWID;
CREATE TABLE sync_imported (
    bundle_id TEXT PRIMARY KEY,
    sender TEXT NOT NULL,
    created_at TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    new_ops INTEGER NOT NULL,
    known_ops INTEGER NOT NULL,
    conflicts INTEGER NOT NULL,
    attachments INTEGER NOT NULL,
    file_name TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE sync_exported (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    bundle_id TEXT NOT NULL UNIQUE,
    recipients TEXT NOT NULL,
    created_at TEXT NOT NULL,
    op_count INTEGER NOT NULL,
    file_name TEXT NOT NULL
);
CREATE TABLE sync_retired_ids (
    device_id TEXT PRIMARY KEY,
    retired_at TEXT NOT NULL,
    settled INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
"""


def create_schema(conn: sqlite3.Connection) -> None:
    for statement in SQL.split(";"):
        if statement.strip():
            conn.execute(statement)


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S")


# --- what this copy holds ----------------------------------------------------------------------

# One span of one device's seqs, answered from the op log's covering (device, seq) index: no
# window over the log, no sort, no row read. (The islands query it replaces ran a window over every
# op and sorted it twice in temp B-trees, for every export: 0.24 s at 2 000 households.)
_SPAN_SQL = (
    "SELECT min(origin_seq), max(origin_seq), count(*) FROM ops"
    " WHERE origin_device = ? AND origin_seq BETWEEN ? AND ?"
)
_SEQS_SQL = (
    "SELECT origin_seq FROM ops WHERE origin_device = ? AND origin_seq BETWEEN ? AND ?"
    " ORDER BY origin_seq"
)
_DEVICES_SQL = "SELECT device_id FROM op_devices ORDER BY device_id"
# A span holding at most this many seqs that is not one run is read seq by seq; a larger one is
# halved and each half counted again (a run of any length costs one count).
_READ_SEQS_UP_TO = 4096
_MAX_SEQ = 2**63 - 1


def held_queries() -> list[tuple[str, tuple[Any, ...]]]:
    """The statements held_ranges runs (with sample parameters), for checking their plans."""
    return [(_SPAN_SQL, ("d", 1, 9)), (_SEQS_SQL, ("d", 1, 9))]


def held_ranges(
    conn: sqlite3.Connection, origin: str | None = None
) -> dict[str, list[tuple[int, int]]]:
    """Per origin device, the runs of consecutive seqs in the op log. A device whose seqs form
    one run (the usual case) costs one count over its index entries."""
    devices = [origin] if origin is not None else [r[0] for r in conn.execute(_DEVICES_SQL)]
    held: dict[str, list[tuple[int, int]]] = {}
    for device in devices:
        lo, hi, n = conn.execute(_SPAN_SQL, (device, 0, _MAX_SEQ)).fetchone()
        if n:
            held[str(device)] = _runs(conn, device, int(lo), int(hi), int(n))
    return held


def _runs(conn: sqlite3.Connection, device: str, lo: int, hi: int, n: int) -> list[tuple[int, int]]:
    """The runs of `device`'s seqs within [lo, hi], which holds `n` seqs, lo and hi among them."""
    if n == hi - lo + 1:
        return [(lo, hi)]
    if n <= _READ_SEQS_UP_TO:
        runs: list[tuple[int, int]] = []
        start = prev = lo
        for (seq,) in conn.execute(_SEQS_SQL, (device, lo, hi)):
            if seq > prev + 1:
                runs.append((start, prev))
                start = seq
            prev = seq
        runs.append((start, prev))
        return runs
    mid = (lo + hi) // 2
    result: list[tuple[int, int]] = []
    for a, b in ((lo, mid), (mid + 1, hi)):
        first, last, count = conn.execute(_SPAN_SQL, (device, a, b)).fetchone()
        if not count:
            continue
        for run in _runs(conn, device, int(first), int(last), int(count)):
            if result and result[-1][1] + 1 == run[0]:  # a run across the halves
                result[-1] = (result[-1][0], run[1])
            else:
                result.append(run)
    return result


def ops_in_range(
    conn: sqlite3.Connection, origin: str, lo: int, hi: int
) -> Iterator[tuple[Any, ...]]:
    """Op rows (OP_COLUMNS order) of one origin with lo <= seq <= hi, in seq order."""
    yield from conn.execute(
        f"SELECT {OP_COLUMNS} FROM ops WHERE origin_device = ? AND origin_seq BETWEEN ? AND ?"
        " ORDER BY origin_seq",
        (origin, lo, hi),
    )


# The log's rows as stored (storage/opstore.py): ids as 16-byte blobs, the device as its key, the
# value compressed, no preds as NULL. Read so, not through the `ops` view, whose Python SQL
# functions (`id_text` per id, `op_value` per value) cost more than the rest of the export's read.
_STORED_RANGE_SQL = (
    "SELECT op_id, origin_seq, hlc, author, entity, entity_id, field, value, preds,"
    f" {opstore.kind_text_sql('kind')}"
    " FROM op_log WHERE device = (SELECT key FROM op_devices WHERE device_id = ?)"
    " AND origin_seq BETWEEN ? AND ? ORDER BY origin_seq"
)


def op_lists_in_range(
    conn: sqlite3.Connection, origin: str, lo: int, hi: int
) -> Iterator[list[Any]]:
    """The ops of ops_in_range, each a list in OP_COLUMNS order with its preds as a list, for a
    reader that streams the whole log (an export): the stored rows converted here in Python,
    ids and values alike (tests/storage/test_export_reads.py checks them against the view)."""
    return op_lists_in_ranges(conn, origin, ((lo, hi),))


def op_lists_in_ranges(
    conn: sqlite3.Connection, origin: str, ranges: Iterable[tuple[int, int]]
) -> Iterator[list[Any]]:
    """op_lists_in_range over several ranges of one origin, in the order given: the names are
    read once (a scoped bundle's ranges are many and short)."""
    loads = json.loads
    for op_key, seq, hlc, author, entity, entity_key, field, value, preds, kind in _named_rows(
        conn, origin, ranges
    ):
        yield [
            _id_text(op_key), origin, seq, hlc, author, entity, _id_text(entity_key), field,
            value if type(value) is str else opstore.decode(conn, value),
            [] if preds is None else loads(preds), kind,
        ]  # fmt: skip


def stored_lists_in_ranges(
    conn: sqlite3.Connection, origin: str, ranges: Iterable[tuple[int, int]]
) -> Iterator[list[Any]]:
    """op_lists_in_ranges, but each op's id, value and preds left as stored (the id a 16-byte
    key or text, the value compressed bytes or text, the preds JSON text or NULL): for a reader
    that looks at most ops' other fields only (the scoped export's plan). `completed` makes
    one an op list."""
    for op_key, seq, hlc, author, entity, entity_key, field, value, preds, kind in _named_rows(
        conn, origin, ranges
    ):
        yield [
            op_key, origin, seq, hlc, author, entity, _id_text(entity_key), field, value, preds,
            kind,
        ]  # fmt: skip


def _named_rows(
    conn: sqlite3.Connection, origin: str, ranges: Iterable[tuple[int, int]]
) -> Iterator[tuple[Any, ...]]:
    """The stored rows of one origin's ranges, in the order given, with the author and the
    entity named (stored as keys since migration 12; the names are read once)."""
    authors = dict(conn.execute("SELECT key, author FROM op_authors").fetchall())
    entities = dict(conn.execute("SELECT key, entity FROM op_entities").fetchall())
    for lo, hi in ranges:
        for op_key, seq, hlc, author, entity, *rest in conn.execute(
            _STORED_RANGE_SQL, (origin, lo, hi)
        ):
            yield (op_key, seq, hlc, authors[author], entities[entity], *rest)


def completed(conn: sqlite3.Connection, stored: list[Any]) -> list[Any]:
    """An op of stored_lists_in_ranges as op_lists_in_ranges gives it."""
    value, preds = stored[8], stored[9]
    return [
        _id_text(stored[0]), *stored[1:8],
        value if type(value) is str else opstore.decode(conn, value),
        [] if preds is None else json.loads(preds), stored[10],
    ]  # fmt: skip


def _id_text(stored: Any) -> Any:
    """opstore.id_text, inlined for the export's two ids per op."""
    if type(stored) is bytes and len(stored) == 16:
        h = stored.hex()
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
    return stored


def counts_and_attachments(
    conn: sqlite3.Connection, origin: str, lo: int, hi: int
) -> tuple[dict[str, int], list[str]]:
    """count_by_entity, and the value_json of the `attach` ops (each names a file by sha256 and
    size), in one pass over the rows: an export reads with a small page cache, so every pass
    reads and decrypts each page of the log again."""
    rows = conn.execute(
        "SELECT entity, kind, count(*), json_group_array(value_json) FILTER (WHERE kind = 'attach')"
        " FROM ops WHERE origin_device = ? AND origin_seq BETWEEN ? AND ? GROUP BY entity, kind",
        (origin, lo, hi),
    )
    counts: dict[str, int] = {}
    attachments: list[str] = []
    for entity, kind, n, values in rows:
        key = "event" if kind == "event" else str(entity)
        counts[key] = counts.get(key, 0) + int(n)
        if kind == "attach":
            attachments += [str(v) for v in json.loads(values)]
    return counts, attachments


def count_by_entity(conn: sqlite3.Connection, origin: str, lo: int, hi: int) -> dict[str, int]:
    rows = conn.execute(
        "SELECT entity, kind, count(*) FROM ops"
        " WHERE origin_device = ? AND origin_seq BETWEEN ? AND ? GROUP BY entity, kind",
        (origin, lo, hi),
    )
    counts: dict[str, int] = {}
    for entity, kind, n in rows:
        key = "event" if kind == "event" else str(entity)
        counts[key] = counts.get(key, 0) + int(n)
    return counts


def op_at(conn: sqlite3.Connection, origin: str, seq: int) -> str | None:
    row = conn.execute(
        "SELECT op_id FROM ops WHERE origin_device = ? AND origin_seq = ?", (origin, seq)
    ).fetchone()
    return None if row is None else str(row[0])


def renumber_op(conn: sqlite3.Connection, op_id: str, device: str, seq: int) -> None:
    """Give an op that never left this computer a new (device, seq): re-enrolment after a
    rollback moves the local ops that collide with the pre-rollback originals."""
    conn.execute(
        "UPDATE ops SET origin_device = ?, origin_seq = ? WHERE op_key = id_key(?)",
        (device, seq, op_id),
    )


def conflict_keys(conn: sqlite3.Connection) -> set[tuple[str, str]]:
    return {(str(r[0]), str(r[1])) for r in conn.execute("SELECT entity_id, field FROM conflicts")}


# --- what peers have acknowledged ------------------------------------------------------------


def peer_ranges(conn: sqlite3.Connection, peer: str) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = {}
    rows = conn.execute(
        "SELECT origin, lo, hi FROM sync_peer_ranges WHERE peer = ? ORDER BY origin, lo", (peer,)
    )
    for origin, lo, hi in rows:
        out.setdefault(str(origin), []).append((int(lo), int(hi)))
    return out


def set_peer_ranges(
    conn: sqlite3.Connection, peer: str, ranges: Mapping[str, Sequence[tuple[int, int]]]
) -> None:
    conn.execute("DELETE FROM sync_peer_ranges WHERE peer = ?", (peer,))
    conn.executemany(
        "INSERT INTO sync_peer_ranges (peer, origin, lo, hi) VALUES (?,?,?,?)",
        [(peer, origin, lo, hi) for origin, pairs in ranges.items() for lo, hi in pairs],
    )


# --- the device registry -----------------------------------------------------------------------


@dataclass(frozen=True)
class DeviceRow:
    device_id: str
    name: str
    role: str
    sign_pub: str
    box_pub: str
    enrolled_at: str
    revoked_at: str | None


def device(conn: sqlite3.Connection, device_id: str) -> DeviceRow | None:
    row = conn.execute(
        "SELECT device_id, name, role, sign_pub, box_pub, enrolled_at, revoked_at"
        " FROM sync_devices WHERE device_id = ?",
        (device_id,),
    ).fetchone()
    return None if row is None else DeviceRow(*row)


def devices(conn: sqlite3.Connection) -> list[DeviceRow]:
    rows = conn.execute(
        "SELECT device_id, name, role, sign_pub, box_pub, enrolled_at, revoked_at"
        " FROM sync_devices ORDER BY role DESC, name, device_id"
    )
    return [DeviceRow(*row) for row in rows]


def replace_devices(conn: sqlite3.Connection, rows: Sequence[DeviceRow]) -> None:
    conn.execute("DELETE FROM sync_devices")
    conn.executemany(
        "INSERT INTO sync_devices VALUES (?,?,?,?,?,?,?)",
        [
            (r.device_id, r.name, r.role, r.sign_pub, r.box_pub, r.enrolled_at, r.revoked_at)
            for r in rows
        ],
    )


def registry(conn: sqlite3.Connection) -> tuple[int, str, bytes] | None:
    """(version, hub device id, signed document) of the registry this copy holds."""
    row = conn.execute(
        "SELECT version, hub_device_id, document FROM sync_registry WHERE singleton = 1"
    ).fetchone()
    return None if row is None else (int(row[0]), str(row[1]), bytes(row[2]))


def put_registry(conn: sqlite3.Connection, version: int, hub: str, document: bytes) -> None:
    conn.execute(
        "INSERT INTO sync_registry (singleton, version, hub_device_id, document)"
        " VALUES (1, ?, ?, ?) ON CONFLICT (singleton) DO UPDATE SET version = excluded.version,"
        " hub_device_id = excluded.hub_device_id, document = excluded.document",
        (version, hub, document),
    )


# --- bundles imported and exported ------------------------------------------------------------


def is_imported(conn: sqlite3.Connection, bundle_id: str) -> bool:
    row = conn.execute("SELECT 1 FROM sync_imported WHERE bundle_id = ?", (bundle_id,)).fetchone()
    return row is not None


@dataclass(frozen=True)
class ImportRow:
    bundle_id: str
    sender: str
    created_at: str
    imported_at: str
    new_ops: int
    known_ops: int
    conflicts: int
    attachments: int
    file_name: str


def record_import(conn: sqlite3.Connection, row: ImportRow) -> None:
    conn.execute(
        "INSERT INTO sync_imported VALUES (?,?,?,?,?,?,?,?,?)",
        (
            row.bundle_id,
            row.sender,
            row.created_at,
            row.imported_at or _now(),
            row.new_ops,
            row.known_ops,
            row.conflicts,
            row.attachments,
            row.file_name,
        ),
    )


def imports(conn: sqlite3.Connection, limit: int = 50) -> list[ImportRow]:
    rows = conn.execute(
        "SELECT bundle_id, sender, created_at, imported_at, new_ops, known_ops, conflicts,"
        " attachments, file_name FROM sync_imported ORDER BY imported_at DESC, created_at DESC"
        " LIMIT ?",
        (limit,),
    )
    return [ImportRow(*row) for row in rows]


def next_export_number(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT coalesce(max(seq), 0) FROM sync_exported").fetchone()
    return int(row[0]) + 1


def record_export(
    conn: sqlite3.Connection,
    number: int,
    bundle_id: str,
    recipients: str,
    op_count: int,
    file_name: str,
) -> None:
    # INSERT OR REPLACE: a number reserved by an export that was killed before it was recorded
    # is simply used again.
    conn.execute(
        "INSERT OR REPLACE INTO sync_exported (seq, bundle_id, recipients, created_at, op_count,"
        " file_name) VALUES (?,?,?,?,?,?)",
        (number, bundle_id, recipients, _now(), op_count, file_name),
    )


def last_export(conn: sqlite3.Connection) -> tuple[str, int, str] | None:
    """(created_at, op_count, file_name) of the newest export."""
    row = conn.execute(
        "SELECT created_at, op_count, file_name FROM sync_exported ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    return None if row is None else (str(row[0]), int(row[1]), str(row[2]))


# --- device ids of this database before a re-enrolment -----------------------------------------


def retire_device_id(conn: sqlite3.Connection, device_id: str) -> None:
    conn.execute(
        "INSERT OR IGNORE INTO sync_retired_ids (device_id, retired_at) VALUES (?, ?)",
        (device_id, _now()),
    )


def retired_ids(conn: sqlite3.Connection) -> set[str]:
    return {str(r[0]) for r in conn.execute("SELECT device_id FROM sync_retired_ids")}


def unsettled_retired_ids(conn: sqlite3.Connection) -> set[str]:
    """Old ids whose unsent ops still wait for the first bundle from the hub after re-enrolment."""
    rows = conn.execute("SELECT device_id FROM sync_retired_ids WHERE settled = 0")
    return {str(r[0]) for r in rows}


def settle_retired_id(conn: sqlite3.Connection, device_id: str) -> None:
    conn.execute("UPDATE sync_retired_ids SET settled = 1 WHERE device_id = ?", (device_id,))


def backup_file(source: Path, target: Path, key: bytes | None = None) -> Path:
    """A consistent copy of the database at `source` (SQLite backup API, a reader connection),
    encrypted with the same key (by default the one this process holds for `source`)."""
    key = key if key is not None else keyring.unlock(source)
    src = open_connection(f"file:{source}?mode=ro", key, uri=True)
    try:
        copy_database(src, target, key)
    finally:
        src.close()
    return target
