"""How the op log is kept on disk (migration 7): compact rows in `op_log`, read through the view
`ops`, which shows every op exactly as before (same columns, same text).

What makes a row compact:
- `value`: the op's value JSON, compressed with zstd against a dictionary trained on this
  database's own ops (BLOB: 4-byte dictionary id + zstd frame), or the JSON text itself when it is
  short or no dictionary exists yet. Both decode to the very same text: nothing is re-encoded.
- `device`: a small integer for the origin device (`op_devices`), not a 36-character UUID in
  every row and in the (device, seq) index.
- `preds`: NULL when the op has none (most ops are creates).

A dictionary's id is derived from its bytes, so one id always means one dictionary, in every
database and after any rollback; decoders are cached per thread by that id. Dictionaries are
never changed or deleted (old values keep pointing at theirs); a new one is trained as the log
grows (TRAIN_AT, then every RETRAIN_EVERY ops), from values spread over its newest ops, and is
used for the ops written after it.

Every connection gets the SQL function `op_value` (storage.db.open_connection registers it), so
`SELECT value_json FROM ops` works in any query. Writes by others through the view (`UPDATE ops
SET value_json`, `DELETE FROM ops`) are carried out by INSTEAD OF triggers.

Migration 10 (`compact_ids`) stores the op id and the record id as 16-byte blobs (UUIDs: 36
characters of text in the row and again in an index each). Any id that is not a UUID in its
canonical lowercase text stays text, so every id reads back exactly as it was written. The view
shows both as text (`op_id`, `entity_id`) and also as stored (`op_key`, `entity_key`): a lookup
must name the stored form to use the log's indexes —
`WHERE entity_key = id_key(?)`, `WHERE op_key IN (id_key(?), ...)` (`key_marks(n)`) — because
`WHERE entity_id = ?` on the view compares converted text and scans the whole log.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import threading
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import zstandard

from domain.ops import Op

# Values shorter than this stay text: a zstd frame would not be smaller.
MIN_COMPRESSED = 24
DICT_BYTES = 32 * 1024
SAMPLE_VALUES = 4_000
# Ops held when a new dictionary is trained: early (small databases benefit at once), ...
TRAIN_AT = (2_000, 40_000)
# ... then every RETRAIN_EVERY ops, from the newest values: they name records by UUIDv7 ids,
# whose first characters are the time they were made, so a dictionary trained long before
# matches less and less of them (at 100 000 households, 84-91 bytes a value against 70-73 with
# a dictionary of their time: 10 MiB; bench/results/storage.md). 32 KiB and ~0.1 s each.
RETRAIN_EVERY = 100_000
# ... and sooner, from RETRAIN_AFTER ops on, when the newest COMPARED values are a tenth longer
# than those written around the newest dictionary: what values hold has changed (a demo load's
# next project, whose id every value names), which no dictionary made before knew.
RETRAIN_AFTER = 20_000
COMPARED = 2_000
GROWN = 1.1
ID_BYTES = 4
BATCH = 10_000

SCHEMA_SQL = """
CREATE TABLE op_devices (
    key INTEGER PRIMARY KEY,
    device_id TEXT NOT NULL UNIQUE
);
CREATE TABLE op_dicts (
    id INTEGER PRIMARY KEY,
    made_at INTEGER NOT NULL,
    data BLOB NOT NULL
);
CREATE TABLE op_log (
    op_id TEXT NOT NULL UNIQUE,
    device INTEGER NOT NULL,
    origin_seq INTEGER NOT NULL,
    hlc INTEGER NOT NULL,
    author TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    field TEXT,
    value NOT NULL,
    preds TEXT,
    kind TEXT NOT NULL,
    UNIQUE (device, origin_seq)
);
CREATE INDEX op_log_entity ON op_log (entity_id, kind);
CREATE INDEX op_log_event ON op_log (kind, entity) WHERE kind = 'event';
CREATE VIEW ops (
    rowid, op_id, origin_device, origin_seq, hlc, author, entity, entity_id, field, value_json,
    preds_json, kind
) AS SELECT o.rowid, o.op_id, d.device_id, o.origin_seq, o.hlc, o.author, o.entity,
    o.entity_id, o.field, op_value(o.value), coalesce(o.preds, '[]'), o.kind
FROM op_log o JOIN op_devices d ON d.key = o.device;
CREATE TRIGGER ops_insert INSTEAD OF INSERT ON ops BEGIN
    INSERT OR IGNORE INTO op_devices (device_id) VALUES (NEW.origin_device);
    INSERT INTO op_log (op_id, device, origin_seq, hlc, author, entity, entity_id, field, value,
        preds, kind)
    VALUES (NEW.op_id, (SELECT key FROM op_devices WHERE device_id = NEW.origin_device),
        NEW.origin_seq, NEW.hlc, NEW.author, NEW.entity, NEW.entity_id, NEW.field,
        NEW.value_json, nullif(NEW.preds_json, '[]'), NEW.kind);
END;
CREATE TRIGGER ops_update INSTEAD OF UPDATE ON ops BEGIN
    INSERT OR IGNORE INTO op_devices (device_id) VALUES (NEW.origin_device);
    UPDATE op_log SET op_id = NEW.op_id,
        device = (SELECT key FROM op_devices WHERE device_id = NEW.origin_device),
        origin_seq = NEW.origin_seq, hlc = NEW.hlc, author = NEW.author, entity = NEW.entity,
        entity_id = NEW.entity_id, field = NEW.field,
        value = CASE WHEN NEW.value_json IS OLD.value_json THEN value ELSE NEW.value_json END,
        preds = nullif(NEW.preds_json, '[]'), kind = NEW.kind
    WHERE op_id = OLD.op_id;
END;
CREATE TRIGGER ops_delete INSTEAD OF DELETE ON ops BEGIN
    DELETE FROM op_log WHERE op_id = OLD.op_id;
END
"""


# Migration 10: ids as 16-byte blobs; the view converts them back and also shows them as stored.
# A canonical UUID stored as text could never be found by `id_key(?)` (and its op could be
# stored twice): the CHECKs refuse it, so a writer that forgets `id_key` fails at once.
UUID_TEXT = "-".join("[0-9a-f]" * n for n in (8, 4, 4, 4, 12))
SCHEMA_V10_SQL = f"""
CREATE TABLE op_log (
    op_id BLOB NOT NULL UNIQUE CHECK (typeof(op_id) != 'text' OR op_id NOT GLOB '{UUID_TEXT}'),
    device INTEGER NOT NULL,
    origin_seq INTEGER NOT NULL,
    hlc INTEGER NOT NULL,
    author TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id BLOB NOT NULL
        CHECK (typeof(entity_id) != 'text' OR entity_id NOT GLOB '{UUID_TEXT}'),
    field TEXT,
    value NOT NULL,
    preds TEXT,
    kind TEXT NOT NULL,
    UNIQUE (device, origin_seq)
);
-- A record has a handful of ops: its kind is read from the rows, not kept in the index.
CREATE INDEX op_log_entity ON op_log (entity_id);
CREATE INDEX op_log_event ON op_log (kind, entity) WHERE kind = 'event';
CREATE VIEW ops (
    rowid, op_id, origin_device, origin_seq, hlc, author, entity, entity_id, field, value_json,
    preds_json, kind, op_key, entity_key
) AS SELECT o.rowid, id_text(o.op_id), d.device_id, o.origin_seq, o.hlc, o.author, o.entity,
    id_text(o.entity_id), o.field, op_value(o.value), coalesce(o.preds, '[]'), o.kind, o.op_id,
    o.entity_id
FROM op_log o JOIN op_devices d ON d.key = o.device;
CREATE TRIGGER ops_insert INSTEAD OF INSERT ON ops BEGIN
    INSERT OR IGNORE INTO op_devices (device_id) VALUES (NEW.origin_device);
    INSERT INTO op_log (op_id, device, origin_seq, hlc, author, entity, entity_id, field, value,
        preds, kind)
    VALUES (id_key(NEW.op_id), (SELECT key FROM op_devices WHERE device_id = NEW.origin_device),
        NEW.origin_seq, NEW.hlc, NEW.author, NEW.entity, id_key(NEW.entity_id), NEW.field,
        NEW.value_json, nullif(NEW.preds_json, '[]'), NEW.kind);
END;
CREATE TRIGGER ops_update INSTEAD OF UPDATE ON ops BEGIN
    INSERT OR IGNORE INTO op_devices (device_id) VALUES (NEW.origin_device);
    UPDATE op_log SET op_id = id_key(NEW.op_id),
        device = (SELECT key FROM op_devices WHERE device_id = NEW.origin_device),
        origin_seq = NEW.origin_seq, hlc = NEW.hlc, author = NEW.author, entity = NEW.entity,
        entity_id = id_key(NEW.entity_id), field = NEW.field,
        value = CASE WHEN NEW.value_json IS OLD.value_json THEN value ELSE NEW.value_json END,
        preds = nullif(NEW.preds_json, '[]'), kind = NEW.kind
    WHERE op_id = OLD.op_key;
END;
CREATE TRIGGER ops_delete INSTEAD OF DELETE ON ops BEGIN
    DELETE FROM op_log WHERE op_id = OLD.op_key;
END
"""

# Migration 12: the author and the record kind (entity) as small integer keys of their own
# tables, as the device is (~11 bytes fewer in every op; bench/results/storage.md). The view shows
# them as text exactly as before; `kind` stays text, so the partial index of events still serves
# `WHERE kind = 'event'` through the view.
NAMES_SQL = """
CREATE TABLE IF NOT EXISTS op_authors (
    key INTEGER PRIMARY KEY,
    author TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS op_entities (
    key INTEGER PRIMARY KEY,
    entity TEXT NOT NULL UNIQUE
)
"""
SCHEMA_V12_SQL = f"""
CREATE TABLE op_log (
    op_id BLOB NOT NULL UNIQUE CHECK (typeof(op_id) != 'text' OR op_id NOT GLOB '{UUID_TEXT}'),
    device INTEGER NOT NULL,
    origin_seq INTEGER NOT NULL,
    hlc INTEGER NOT NULL,
    -- keys of op_authors and op_entities: a writer that passes the text fails here at once
    author INTEGER NOT NULL CHECK (typeof(author) = 'integer'),
    entity INTEGER NOT NULL CHECK (typeof(entity) = 'integer'),
    entity_id BLOB NOT NULL
        CHECK (typeof(entity_id) != 'text' OR entity_id NOT GLOB '{UUID_TEXT}'),
    field TEXT,
    value NOT NULL,
    preds TEXT,
    kind TEXT NOT NULL,
    UNIQUE (device, origin_seq)
);
CREATE INDEX op_log_entity ON op_log (entity_id);
CREATE INDEX op_log_event ON op_log (kind, entity) WHERE kind = 'event';
CREATE VIEW ops (
    rowid, op_id, origin_device, origin_seq, hlc, author, entity, entity_id, field, value_json,
    preds_json, kind, op_key, entity_key
) AS SELECT o.rowid, id_text(o.op_id), d.device_id, o.origin_seq, o.hlc, a.author, e.entity,
    id_text(o.entity_id), o.field, op_value(o.value), coalesce(o.preds, '[]'), o.kind, o.op_id,
    o.entity_id
FROM op_log o JOIN op_devices d ON d.key = o.device JOIN op_authors a ON a.key = o.author
    JOIN op_entities e ON e.key = o.entity;
CREATE TRIGGER ops_insert INSTEAD OF INSERT ON ops BEGIN
    INSERT OR IGNORE INTO op_devices (device_id) VALUES (NEW.origin_device);
    INSERT OR IGNORE INTO op_authors (author) VALUES (NEW.author);
    INSERT OR IGNORE INTO op_entities (entity) VALUES (NEW.entity);
    INSERT INTO op_log (op_id, device, origin_seq, hlc, author, entity, entity_id, field, value,
        preds, kind)
    VALUES (id_key(NEW.op_id), (SELECT key FROM op_devices WHERE device_id = NEW.origin_device),
        NEW.origin_seq, NEW.hlc, (SELECT key FROM op_authors WHERE author = NEW.author),
        (SELECT key FROM op_entities WHERE entity = NEW.entity), id_key(NEW.entity_id),
        NEW.field, NEW.value_json, nullif(NEW.preds_json, '[]'), NEW.kind);
END;
CREATE TRIGGER ops_update INSTEAD OF UPDATE ON ops BEGIN
    INSERT OR IGNORE INTO op_devices (device_id) VALUES (NEW.origin_device);
    INSERT OR IGNORE INTO op_authors (author) VALUES (NEW.author);
    INSERT OR IGNORE INTO op_entities (entity) VALUES (NEW.entity);
    UPDATE op_log SET op_id = id_key(NEW.op_id),
        device = (SELECT key FROM op_devices WHERE device_id = NEW.origin_device),
        origin_seq = NEW.origin_seq, hlc = NEW.hlc,
        author = (SELECT key FROM op_authors WHERE author = NEW.author),
        entity = (SELECT key FROM op_entities WHERE entity = NEW.entity),
        entity_id = id_key(NEW.entity_id), field = NEW.field,
        value = CASE WHEN NEW.value_json IS OLD.value_json THEN value ELSE NEW.value_json END,
        preds = nullif(NEW.preds_json, '[]'), kind = NEW.kind
    WHERE op_id = OLD.op_key;
END;
CREATE TRIGGER ops_delete INSTEAD OF DELETE ON ops BEGIN
    DELETE FROM op_log WHERE op_id = OLD.op_key;
END
"""

# Migration 13: the op's kind as a small integer (bench/results/storage.md). SQLite keeps 0 and 1
# in a row's header alone, so a create or a set takes no bytes where its text took 7; the others
# take one. Fixed here once and for all: the numbers are stored in every database.
KIND_KEYS = {"create": 0, "set": 1, "delete": 2, "resolve": 3, "attach": 4, "event": 5}
KIND_NAMES = dict(zip(KIND_KEYS.values(), KIND_KEYS, strict=True))
EVENT = KIND_KEYS["event"]
# What a reader of events through the `ops` view says, so that their partial index serves it
# (`WHERE kind = 'event'` gives the same rows, read by a scan of the whole log).
EVENTS = f"kind_key = {EVENT}"


def kind_text_sql(column: str) -> str:
    """SQL of the kind's text from its stored key in `column`."""
    cases = " ".join(f"WHEN {key} THEN '{name}'" for name, key in KIND_KEYS.items())
    return f"CASE {column} {cases} END"


def kind_key_sql(column: str) -> str:
    """SQL of a kind's stored key from its text in `column` (NULL for no kind known)."""
    cases = " ".join(f"WHEN '{name}' THEN {key}" for name, key in KIND_KEYS.items())
    return f"CASE {column} {cases} END"


SCHEMA_V13_SQL = (
    SCHEMA_V12_SQL.replace(
        "    kind TEXT NOT NULL,",
        "    -- KIND_KEYS (migration 13)\n"
        f"    kind INTEGER NOT NULL CHECK (kind BETWEEN 0 AND {max(KIND_KEYS.values())}),",
    )
    .replace(
        "CREATE INDEX op_log_event ON op_log (kind, entity) WHERE kind = 'event';",
        f"CREATE INDEX op_log_event ON op_log (kind, entity) WHERE kind = {EVENT};",
    )
    .replace(
        "preds_json, kind, op_key, entity_key\n", "preds_json, kind, op_key, entity_key, kind_key\n"
    )
    .replace(
        "coalesce(o.preds, '[]'), o.kind, o.op_id,\n    o.entity_id\n",
        f"coalesce(o.preds, '[]'), {kind_text_sql('o.kind')},\n    o.op_id, o.entity_id, o.kind\n",
    )
    .replace(
        "NEW.value_json, nullif(NEW.preds_json, '[]'), NEW.kind);",
        f"NEW.value_json, nullif(NEW.preds_json, '[]'),\n        {kind_key_sql('NEW.kind')});",
    )
    .replace(
        "preds = nullif(NEW.preds_json, '[]'), kind = NEW.kind",
        f"preds = nullif(NEW.preds_json, '[]'), kind = {kind_key_sql('NEW.kind')}",
    )
)
assert "kind TEXT" not in SCHEMA_V13_SQL and "NEW.kind)" not in SCHEMA_V13_SQL

# --- ids ----------------------------------------------------------------------------------

_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")


def id_key(text: Any) -> Any:
    """An id as the log stores it: a UUID in canonical lowercase text as its 16 bytes, any other
    value unchanged (so `id_text` gives back exactly the text written)."""
    if type(text) is str and len(text) == 36 and _CANONICAL_UUID.match(text):
        return bytes.fromhex(text.replace("-", ""))
    return text


def id_text(stored: Any) -> Any:
    """The text of an id as stored by `id_key`."""
    if type(stored) is bytes and len(stored) == 16:
        h = stored.hex()
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
    return stored


def key_marks(n: int) -> str:
    """`n` placeholders of ids to look up by `op_key` or `entity_key`: `id_key(?),id_key(?)`."""
    return ",".join(["id_key(?)"] * n)


def _statements(sql: str) -> list[str]:
    """SCHEMA_SQL's statements; a trigger body's inner semicolons stay with its trigger."""
    statements: list[str] = []
    current: list[str] = []
    for line in sql.strip().splitlines():
        current.append(line)
        text = "\n".join(current).strip()
        inside_trigger = text.upper().startswith("CREATE TRIGGER") and not text.endswith("END;")
        if text.endswith(";") and not inside_trigger:
            statements.append(text.rstrip(";"))
            current = []
    if current and "\n".join(current).strip():
        statements.append("\n".join(current).strip())
    return statements


# --- dictionaries and codecs ------------------------------------------------------------------

_dict_data: dict[int, bytes] = {}  # id -> bytes; ids come from the bytes, so one id = one dict
_local = threading.local()  # zstd (de)compressors are not thread-safe: one set per thread


def dict_id(data: bytes) -> int:
    return int.from_bytes(hashlib.sha256(data).digest()[:ID_BYTES], "big") or 1


def _data(conn: sqlite3.Connection, ident: int) -> bytes:
    data = _dict_data.get(ident)
    if data is None:
        row = conn.execute("SELECT data FROM op_dicts WHERE id = ?", (ident,)).fetchone()
        if row is None:
            raise ValueError(f"op value refers to dictionary {ident}, which this database lacks")
        data = bytes(row[0])
        _dict_data[ident] = data
    return data


def _decompressor(conn: sqlite3.Connection, ident: int) -> zstandard.ZstdDecompressor:
    cache: dict[int, zstandard.ZstdDecompressor] = _local.__dict__.setdefault("dec", {})
    found = cache.get(ident)
    if found is None:
        found = zstandard.ZstdDecompressor(
            dict_data=zstandard.ZstdCompressionDict(_data(conn, ident))
        )
        cache[ident] = found
    return found


def _compressor(conn: sqlite3.Connection, ident: int) -> zstandard.ZstdCompressor:
    cache: dict[int, zstandard.ZstdCompressor] = _local.__dict__.setdefault("com", {})
    found = cache.get(ident)
    if found is None:
        found = zstandard.ZstdCompressor(
            level=3,
            dict_data=zstandard.ZstdCompressionDict(_data(conn, ident)),
            write_checksum=False,
            write_dict_id=False,
        )
        cache[ident] = found
    return found


def decode(conn: sqlite3.Connection, stored: str | bytes) -> str:
    """The value JSON text of a stored `op_log.value`."""
    if isinstance(stored, str):
        return stored
    ident = int.from_bytes(stored[:ID_BYTES], "big")
    return _decompressor(conn, ident).decompress(stored[ID_BYTES:]).decode()


class Encoder:
    """Encodes the values of one write transaction with the newest dictionary."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        row = conn.execute("SELECT id FROM op_dicts ORDER BY made_at DESC LIMIT 1").fetchone()
        self.ident: int | None = None if row is None else int(row[0])
        self._compress = None if row is None else _compressor(conn, int(row[0])).compress
        self._prefix = b"" if row is None else int(row[0]).to_bytes(ID_BYTES, "big")

    def encode(self, value_json: str) -> str | bytes:
        if self._compress is None or len(value_json) < MIN_COMPRESSED:
            return value_json
        raw = value_json.encode()
        packed = self._prefix + self._compress(raw)
        # Short values of many distinct characters can grow: keep whichever is smaller.
        return packed if len(packed) < len(raw) else value_json


def register(conn: sqlite3.Connection) -> None:
    """Give a connection the SQL functions the `ops` view decodes with (`op_value`, `id_text`)
    and lookups by id use (`id_key`)."""

    def op_value(stored: Any) -> Any:
        if stored is None or isinstance(stored, str):
            return stored
        return decode(conn, bytes(stored))

    conn.create_function("op_value", 1, op_value, deterministic=True)
    conn.create_function("id_key", 1, id_key, deterministic=True)
    conn.create_function("id_text", 1, id_text, deterministic=True)


# --- devices ------------------------------------------------------------------------------


def device_keys(conn: sqlite3.Connection, devices: Iterable[str]) -> dict[str, int]:
    """The integer key of each device, new ones added (inside the caller's transaction; not
    cached, so a rolled-back key can never be reused by mistake)."""
    return name_keys(conn, "op_devices", devices)


def name_keys(conn: sqlite3.Connection, table: str, names: Iterable[str]) -> dict[str, int]:
    """The integer key of each device (`op_devices`), author (`op_authors`) or record kind
    (`op_entities`), new ones added inside the caller's transaction (not cached: a rolled-back
    key is never reused)."""
    column = _NAME_COLUMN[table]
    wanted = sorted(set(names))
    conn.executemany(
        f"INSERT OR IGNORE INTO {table} ({column}) VALUES (?)", [(name,) for name in wanted]
    )
    keys: dict[str, int] = {}
    for start in range(0, len(wanted), 500):
        part = wanted[start : start + 500]
        rows = conn.execute(
            f"SELECT {column}, key FROM {table} WHERE {column} IN ({','.join('?' * len(part))})",
            part,
        )
        keys.update((row[0], int(row[1])) for row in rows)
    return keys


_NAME_COLUMN = {"op_devices": "device_id", "op_authors": "author", "op_entities": "entity"}


def keyed_names(conn: sqlite3.Connection, rows: Sequence[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Rows in op_log's column order with the author (4), the entity (5) and the kind (10) as
    text, as stored: each as its key."""
    authors = name_keys(conn, "op_authors", {r[4] for r in rows})
    entities = name_keys(conn, "op_entities", {r[5] for r in rows})
    kinds = KIND_KEYS
    return [(*r[:4], authors[r[4]], entities[r[5]], *r[6:10], kinds[r[10]]) for r in rows]


# --- training -----------------------------------------------------------------------------


def maybe_train(conn: sqlite3.Connection, *, follow_growth: bool = False) -> bool:
    """Train a new dictionary when the log has passed the next TRAIN_AT mark, RETRAIN_EVERY ops
    after the last dictionary, or (`follow_growth`: a bulk load's batches) RETRAIN_AFTER ops after
    it when the values have grown; the first one also re-encodes the values written before it.
    A dictionary trained from a full sample (SAMPLE_VALUES values) skips the TRAIN_AT marks
    after it unless the log follows growth. Inside the caller's transaction. (An import does
    not follow growth: it made two more dictionaries of a 100 000-op bundle, ~0.3 s of its CPU;
    bench/results/storage.md.)"""
    held = int(conn.execute("SELECT coalesce(max(rowid), 0) FROM op_log").fetchone()[0])
    row = conn.execute("SELECT max(made_at), count(*) FROM op_dicts").fetchone()
    last, count = int(row[0] or 0), int(row[1])
    due = next((mark for mark in TRAIN_AT if mark > last), last + RETRAIN_EVERY)
    if count and last >= SAMPLE_VALUES and not follow_growth:
        # The later marks are for a dictionary trained from fewer values than a full sample (a
        # laptop's first 2 000 ops). One that had a full sample (an import's first batch of
        # 10 000) stands until RETRAIN_EVERY: training again at 40 000 in the same import cost
        # ~0.1 CPU s for 0.5 % of its values' bytes (bench/results/sync-parts.md).
        # A bulk load keeps its marks and follows its values' growth instead.
        due = last + RETRAIN_EVERY
    grown = follow_growth and count and held - last >= RETRAIN_AFTER and _grown(conn, last, held)
    if held < due and not grown:
        return False
    if not train(conn, held):
        return False
    if count == 0:
        encode_all(conn)
    return True


def _grown(conn: sqlite3.Connection, made_at: int, held: int) -> bool:
    """Whether the newest COMPARED values are longer by GROWN than those written just before or
    just after the newest dictionary was made, whichever are shorter (ranges of rowids): values
    that changed right as it was trained were never matched by it."""
    average = "SELECT avg(length(value)) FROM op_log WHERE rowid > ? AND rowid <= ?"
    before = conn.execute(average, (made_at - COMPARED, made_at)).fetchone()[0]
    after = conn.execute(average, (made_at, made_at + COMPARED)).fetchone()[0]
    newest = conn.execute(average, (held - COMPARED, held)).fetchone()[0]
    known = [size for size in (before, after) if size is not None]
    return bool(known) and newest is not None and newest > GROWN * min(known)


def _sampled(held: int) -> range:
    """The rowids a dictionary trained when the log holds `held` ops learns from: spread evenly
    over the newest RETRAIN_EVERY."""
    first = max(1, held - RETRAIN_EVERY + 1)
    return range(first, held + 1, max(1, (held - first + 1) // SAMPLE_VALUES))


def _held_values(conn: sqlite3.Connection, rowids: Sequence[int]) -> list[bytes]:
    samples: list[bytes] = []
    for start in range(0, len(rowids), 500):
        ids = list(rowids[start : start + 500])
        rows = conn.execute(
            f"SELECT value FROM op_log WHERE rowid IN ({','.join('?' * len(ids))})", ids
        )
        samples += [decode(conn, row[0]).encode() for row in rows]
    return samples


def train(conn: sqlite3.Connection, held: int, coming: Sequence[str] = ()) -> bool:
    """A dictionary from values spread evenly over the newest RETRAIN_EVERY ops of the log, the
    log holding `held` ops with `coming` (values about to be appended) among them; False if zstd
    finds too little."""
    rowids = _sampled(held)
    before = held - len(coming)  # the rowids after it are the coming values'
    samples = _held_values(conn, [rowid for rowid in rowids if rowid <= before])
    samples += [coming[rowid - before - 1].encode() for rowid in rowids if rowid > before]
    kept: list[bytes | bytearray | memoryview] = [s for s in samples if len(s) >= MIN_COMPRESSED]
    if len(kept) < 100:
        return False
    try:
        trained = zstandard.train_dictionary(DICT_BYTES, kept, level=3)
    except zstandard.ZstdError:
        return False
    data = trained.as_bytes()
    ident = dict_id(data)
    conn.execute(
        "INSERT OR IGNORE INTO op_dicts (id, made_at, data) VALUES (?, ?, ?)", (ident, held, data)
    )
    return True


def encode_all(conn: sqlite3.Connection) -> None:
    """Compress every value still held as text (after the first dictionary is trained)."""
    encoder = Encoder(conn)
    if encoder.ident is None:
        return
    after = 0
    while True:
        rows = conn.execute(
            "SELECT rowid, value FROM op_log WHERE rowid > ? AND typeof(value) = 'text'"
            " ORDER BY rowid LIMIT ?",
            (after, BATCH),
        ).fetchall()
        if not rows:
            return
        updates = []
        for rowid, value in rows:
            packed = encoder.encode(value)
            if packed is not value:
                updates.append((packed, rowid))
        conn.executemany("UPDATE op_log SET value = ? WHERE rowid = ?", updates)
        after = rows[-1][0]


# --- migration 7 --------------------------------------------------------------------------


def create_schema(conn: sqlite3.Connection) -> None:
    """Migration 7: the op log's rows move from the table `ops` into compact `op_log` (rowids
    kept), `ops` becomes a view showing them as before, and values are compressed. Inside the
    migration's transaction: a crash at any point leaves the old table as it was."""
    statements = _statements(SCHEMA_SQL)
    tables = [s for s in statements if s.startswith("CREATE TABLE")]
    rest = [s for s in statements if not s.startswith("CREATE TABLE")]
    for statement in tables:
        conn.execute(statement)
    conn.execute(
        "INSERT INTO op_devices (device_id) SELECT origin_device FROM ops"
        " GROUP BY origin_device ORDER BY min(rowid)"
    )
    conn.execute(
        "INSERT INTO op_log (rowid, op_id, device, origin_seq, hlc, author, entity, entity_id,"
        " field, value, preds, kind)"
        " SELECT o.rowid, o.op_id, d.key, o.origin_seq, o.hlc, o.author, o.entity, o.entity_id,"
        " o.field, o.value_json, nullif(o.preds_json, '[]'), o.kind"
        " FROM ops o JOIN op_devices d ON d.device_id = o.origin_device ORDER BY o.rowid"
    )
    conn.execute("DROP TABLE ops")
    for statement in rest:
        conn.execute(statement)
    maybe_train(conn)


def insert_rows(
    conn: sqlite3.Connection, rows: Sequence[tuple[Any, ...]], devices: dict[str, int]
) -> None:
    """Append ops given as (op_id, origin_device, origin_seq, hlc, author, entity, entity_id,
    field, value_json, preds_json or None, kind)."""
    encoder = Encoder(conn)
    encode = encoder.encode
    authors = name_keys(conn, "op_authors", {r[4] for r in rows})
    entities = name_keys(conn, "op_entities", {r[5] for r in rows})
    conn.executemany(
        "INSERT INTO op_log (op_id, device, origin_seq, hlc, author, entity, entity_id, field,"
        " value, preds, kind) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [
            (
                id_key(r[0]),
                devices[r[1]],
                r[2],
                r[3],
                authors[r[4]],
                entities[r[5]],
                id_key(r[6]),
                r[7],
                encode(r[8]),
                r[9],
                KIND_KEYS[r[10]],
            )
            for r in rows
        ],
    )


def insert_ops(
    conn: sqlite3.Connection,
    ops: Sequence[Op],
    op_keys: Mapping[str, Any],
    entity_keys: Mapping[str, Any],
    *,
    or_ignore: bool = False,
) -> int:
    """Append these ops, their ids given as stored (`id_key` of each, which the op log's apply
    converts once per batch): each row built once, in one pass (an import appends 100 000).
    With `or_ignore`, a row whose op id or (device, seq) the log holds is skipped instead of
    failing. Returns how many rows were appended."""
    _train_before_first_mark(conn, ops)
    devices = device_keys(conn, {op.origin_device for op in ops})
    authors = name_keys(conn, "op_authors", {op.author for op in ops})
    entities = name_keys(conn, "op_entities", {op.entity for op in ops})
    encode = Encoder(conn).encode
    dumps = json.dumps
    kinds = KIND_KEYS
    changes = conn.total_changes
    conn.executemany(
        f"INSERT{' OR IGNORE' if or_ignore else ''} INTO op_log (op_id, device, origin_seq, hlc,"
        " author, entity, entity_id, field, value, preds, kind) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [
            (
                op_keys[op.op_id],
                devices[op.origin_device],
                op.origin_seq,
                op.hlc,
                authors[op.author],
                entities[op.entity],
                entity_keys[op.entity_id],
                op.field,
                encode(op.value_json),
                dumps(list(op.preds)) if op.preds else None,
                kinds[op.kind],
            )
            for op in ops
        ],
    )
    return conn.total_changes - changes


def _train_before_first_mark(conn: sqlite3.Connection, ops: Sequence[Op]) -> None:
    """The batch that takes a log without a dictionary past the first TRAIN_AT mark (an
    import's first 10 000 ops) is written compressed: its dictionary is trained first, from the
    values held and the batch's own, where maybe_train would have read them after it. Written
    as text and compressed at once after, they cost a rewrite of every row (~0.05-0.09 CPU s
    of an import; bench/results/sync-parts.md)."""
    held = int(conn.execute("SELECT coalesce(max(rowid), 0) FROM op_log").fetchone()[0])
    after = held + len(ops)
    if after < TRAIN_AT[0] or conn.execute("SELECT 1 FROM op_dicts LIMIT 1").fetchone():
        return
    if train(conn, after, [op.value_json for op in ops]):
        encode_all(conn)  # the values held before the batch


def newest_seqs(conn: sqlite3.Connection, devices: Iterable[str]) -> dict[str, int]:
    """The highest seq the log holds of each of these devices (0 for none): one probe each of
    the (device, seq) index."""
    found: dict[str, int] = {}
    for device in set(devices):
        key = conn.execute("SELECT key FROM op_devices WHERE device_id = ?", (device,)).fetchone()
        # One table, one equality: SQLite reads the max from the index's end, not every entry.
        row = (
            conn.execute("SELECT max(origin_seq) FROM op_log WHERE device = ?", key).fetchone()
            if key is not None
            else None
        )
        found[device] = int(row[0] or 0) if row is not None else 0
    return found


# --- migration 10 -------------------------------------------------------------------------


def compact_ids(conn: sqlite3.Connection) -> None:
    """Migration 10, the op log's part: `op_log` rewritten with ids as blobs (rowids, values and
    dictionaries kept), the view and its triggers recreated to convert them."""
    _rewrite_op_log(
        conn,
        SCHEMA_V10_SQL,
        "op_log_v9",
        "SELECT rowid, id_key(op_id), device, origin_seq, hlc, author, entity, id_key(entity_id),"
        " field, value, preds, kind FROM op_log_v9 ORDER BY rowid",
    )


# --- migration 12 -------------------------------------------------------------------------


def create_names(conn: sqlite3.Connection) -> None:
    for statement in _statements(NAMES_SQL):
        conn.execute(statement)


def keyed_authors_and_entities(conn: sqlite3.Connection) -> None:
    """Migration 12, the op log's part: `op_log` rewritten with the author and the entity as
    keys of op_authors and op_entities (rowids, ids, values and dictionaries kept), the view and
    its triggers recreated to show them as text. Inside the caller's transaction."""
    create_names(conn)
    types = {row[1]: str(row[2]).upper() for row in conn.execute("PRAGMA table_info(op_log)")}
    if types.get("author") == "INTEGER":
        return
    conn.execute("INSERT OR IGNORE INTO op_authors (author) SELECT DISTINCT author FROM op_log")
    conn.execute("INSERT OR IGNORE INTO op_entities (entity) SELECT DISTINCT entity FROM op_log")
    _rewrite_op_log(
        conn,
        SCHEMA_V12_SQL,
        "op_log_v11",
        "SELECT o.rowid, o.op_id, o.device, o.origin_seq, o.hlc, a.key, e.key, o.entity_id,"
        " o.field, o.value, o.preds, o.kind FROM op_log_v11 o"
        " JOIN op_authors a ON a.author = o.author JOIN op_entities e ON e.entity = o.entity"
        " ORDER BY o.rowid",
    )


# --- migration 13 -------------------------------------------------------------------------


def integer_kinds(conn: sqlite3.Connection) -> None:
    """Migration 13: `op_log` rewritten with the kind as its key in KIND_KEYS (rowids, ids,
    values and dictionaries kept), the view and its triggers recreated to show it as text and
    as stored (`kind_key`), the events' partial index on the key. Inside the caller's
    transaction."""
    types = {row[1]: str(row[2]).upper() for row in conn.execute("PRAGMA table_info(op_log)")}
    if types.get("kind") == "INTEGER":
        return
    _rewrite_op_log(
        conn,
        SCHEMA_V13_SQL,
        "op_log_v12",
        "SELECT rowid, op_id, device, origin_seq, hlc, author, entity, entity_id, field, value,"
        f" preds, {kind_key_sql('kind')} FROM op_log_v12 ORDER BY rowid",
    )


def _rewrite_op_log(conn: sqlite3.Connection, schema_sql: str, old_name: str, select: str) -> None:
    """`op_log` renamed to `old_name`, made again by `schema_sql` (table, indexes, view and its
    triggers) and filled from `select` over the old table before its indexes are built."""
    conn.execute("DROP VIEW ops")  # its triggers go with it
    conn.execute("DROP INDEX op_log_entity")
    conn.execute("DROP INDEX op_log_event")
    conn.execute(f"ALTER TABLE op_log RENAME TO {old_name}")
    statements = _statements(schema_sql)
    conn.execute(statements[0])
    conn.execute(
        "INSERT INTO op_log (rowid, op_id, device, origin_seq, hlc, author, entity, entity_id,"
        f" field, value, preds, kind) {select}"
    )
    conn.execute(f"DROP TABLE {old_name}")
    for statement in statements[1:]:
        conn.execute(statement)
