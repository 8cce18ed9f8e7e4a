"""An import batch of records new to this database, applied by set-based SQL in SQLite's C code.

A sync bundle carries its ops as JSON arrays of op arrays (sync/op_records.py). For the common
batch — creates of records this database holds no op of, and audit events — `apply_ops` would
append each op to the log and write each record's row from its create's values, with no heads
to keep.
Here the batch's records go into one temporary table straight from their JSON text
(`jsonb_each`, `->>`), are checked there by SQL, and reach `op_log` and the record tables by
`INSERT … SELECT`: no Python object per op. The result is the database `apply_ops` writes for
the same ops (tests/storage/test_sqlapply.py compares every table, for any values Hypothesis
makes up), including the finder and list-index work handed to the caller's `DerivedPending`.

Anything else is not this path's to decide: a batch with an edit, an op or record
already held, a seq not above its device's newest, an id that is not a canonical UUID, a value
SQLite and Python might read differently (a duplicate key, a `\\u` escape, an integer past 64
bits), or any op a Doorstep writer would not make. Then `StagedBatch.apply` returns None having
changed nothing, and the caller parses the same records in Python and applies them through
`apply_ops`, which accepts them or refuses them with its own sentence.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from domain.hlc import FAR_AHEAD_MS, wall_ms
from domain.ops import canonical_json
from domain.records import ENTITIES
from storage import meta, opstore
from storage.db import Error
from storage.gcpause import paused_gc
from storage.oplog import DerivedPending
from storage.schema import BOOKKEEPING_COLUMNS

STAGE = "temp.import_stage"
MAX_ID = 64  # sync/op_records.MAX_ID: ids, entity and field names
MAX_SEQ = 2**53  # sync/ranges.MAX_SEQ
_KNOWN = ", ".join(f"'{name}'" for name in ENTITIES)
_KIND_KEY = opstore.kind_key_sql("s.kind")

_CREATE_FIT = (
    f"entity IN ({_KNOWN}) AND entity_id GLOB '{opstore.UUID_TEXT}' AND field IS NULL"
    " AND json_type(value_json) = 'object'"
)

# Columns without a declared type: SQLite keeps each value as `->>` gave it (no affinity), so
# a blob key is compared with the log's blob keys through their indexes.
_CREATE = """
CREATE TEMP TABLE IF NOT EXISTS import_stage (
    n INTEGER PRIMARY KEY, op_id, device, seq, hlc, author, entity, entity_id, field,
    value_json, kind, preds, fit, op_key, entity_key, shape
)"""

_UUID = f"GLOB '{opstore.UUID_TEXT}'"

# The shape of a create's value: 1 a key named twice (Python keeps the last, SQLite's ->> the
# first), 4 an integer past 64 bits (Python's int cannot be bound, SQLite reads a real): the
# batch is not this path's; 2 an array or object among the values (its column is canonical
# JSON, made by Python: `_ColumnReader`).
# (One pass of json_each over the batch's creates; only the few rows of another shape than 0
# are written again.)
_SHAPE = f"""
UPDATE {STAGE} SET shape = x.shape FROM (
    SELECT s.n AS n, (count(*) > count(DISTINCT j.key))
        | 2 * coalesce(max(j.type IN ('array', 'object')), 0)
        | 4 * coalesce(max(j.type = 'integer' AND typeof(j.atom) != 'integer'), 0) AS shape
    FROM {STAGE} s, json_each(s.value_json) j WHERE s.kind != 'event' GROUP BY s.n) x
WHERE x.shape != 0 AND {STAGE}.n = x.n
"""

# One op array per row; `fit`: what the checks below cannot see once `->>` has read a field
# (an array of 11, seq and hlc JSON integers rather than true/false or reals, the field a
# string or null, the ids and value JSON strings); ids as the log stores them (opstore.id_key
# of a canonical UUID: its 16 bytes).
_FILL = f"""
INSERT INTO {STAGE} (op_id, device, seq, hlc, author, entity, entity_id, field, value_json,
    kind, preds, fit, op_key, entity_key, shape)
SELECT o->>0, o->>1, o->>2, o->>3, o->>4, o->>5, o->>6, o->>7, o->>8, o->>10, o->>9,
    json_type(o) = 'array' AND json_array_length(o) = 11
    AND json_type(o, '$[2]') = 'integer' AND json_type(o, '$[3]') = 'integer'
    AND json_type(o, '$[7]') IN ('null', 'text') AND json_type(o, '$[8]') = 'text'
    AND json_type(o, '$[1]') = 'text' AND json_type(o, '$[5]') = 'text'
    AND json_type(o, '$[6]') = 'text',
    unhex(replace(o->>0, '-', '')),
    CASE WHEN (o->>6) {_UUID} THEN unhex(replace(o->>6, '-', '')) ELSE o->>6 END, 0
FROM (SELECT value AS o FROM jsonb_each(?1))
"""

# The checks of sync/op_records._checked, narrowed to what this path takes: creates of known
# record kinds with canonical UUIDs, no field and a JSON object for a value, and events (any
# JSON value, a field or none, any id); no preds.
_UNFIT = f"""
SELECT count(*) FROM {STAGE} WHERE NOT coalesce(
    fit AND preds = '[]'
    AND typeof(seq) = 'integer' AND seq BETWEEN 1 AND {MAX_SEQ}
    AND typeof(hlc) = 'integer' AND hlc >= 0
    AND typeof(op_id) = 'text' AND op_id GLOB '{opstore.UUID_TEXT}'
    AND typeof(device) = 'text' AND length(device) BETWEEN 1 AND {MAX_ID}
    AND typeof(author) = 'text'
    AND typeof(entity) = 'text' AND length(entity) BETWEEN 1 AND {MAX_ID}
    AND typeof(entity_id) = 'text' AND length(entity_id) BETWEEN 1 AND {MAX_ID}
    AND (field IS NULL OR length(field) <= {MAX_ID})
    -- (CASE: SQLite need not stop at the first false term, and json_type raises on bad JSON)
    AND CASE WHEN typeof(value_json) = 'text' AND json_valid(value_json) THEN
        CASE kind WHEN 'event' THEN 1
            WHEN 'create' THEN {_CREATE_FIT}
            WHEN 'attach' THEN {_CREATE_FIT} END END, 0)
"""

# Whether every record is new and alone in the batch (no event naming it either), and every
# value read alike. (An op id or a (device, seq) the log holds, or twice in the batch, fails the
# op log's unique indexes: the batch is then rolled back and left to apply_ops too.)
_NOT_NEW = f"""
SELECT (SELECT count(*) - count(DISTINCT entity_key) FROM {STAGE} WHERE kind != 'event')
    + (SELECT count(*) FROM {STAGE} WHERE shape & 5)
    + (SELECT count(*) FROM {STAGE} s WHERE kind != 'event' AND EXISTS
        (SELECT 1 FROM op_log WHERE entity_id = s.entity_key))
    + (SELECT count(*) FROM {STAGE} c JOIN {STAGE} e ON e.entity_key = c.entity_key
        WHERE c.kind != 'event' AND e.kind = 'event')
"""

# Names get their keys in the order apply_ops gives them (opstore.name_keys: devices, authors,
# then record kinds, each new name in sorted order; SQLite's BINARY order of UTF-8 text is
# Python's order of code points).
_NAMES = [
    f"INSERT OR IGNORE INTO op_devices (device_id) SELECT DISTINCT device FROM {STAGE}"
    " ORDER BY device",
    f"INSERT OR IGNORE INTO op_authors (author) SELECT DISTINCT author FROM {STAGE}"
    " ORDER BY author",
    f"INSERT OR IGNORE INTO op_entities (entity) SELECT DISTINCT entity FROM {STAGE}"
    " ORDER BY entity",
]

_LOG = f"""
INSERT INTO op_log (op_id, device, origin_seq, hlc, author, entity, entity_id, field, value,
    preds, kind)
SELECT s.op_key, d.key, s.seq, s.hlc, a.key, e.key, s.entity_key, s.field,
    doorstep_encode(s.value_json), NULL, {_KIND_KEY}
FROM {STAGE} s JOIN op_devices d ON d.device_id = s.device
    JOIN op_authors a ON a.author = s.author JOIN op_entities e ON e.entity = s.entity
ORDER BY s.n
"""


def _rows_sql(entity: str) -> str:
    """The INSERT of one record table's rows from the batch's creates of that kind, as
    oplog._created_row builds them: each field's value as SQLite reads it from the create's
    JSON (`->>`: text, integer, real, NULL; true and false as 1 and 0), an array or object as
    canonical JSON (`doorstep_column`, Python's own encoder), the create's clock twice, the
    author's and the device's keys and three zeros."""
    spec = ENTITIES[entity]
    columns = ["id", *spec.field_names, *(name for name, _ in BOOKKEEPING_COLUMNS)]
    values = ["s.entity_id"]
    for name in spec.field_names:
        assert name.isidentifier(), name  # spelled into the SQL below
        values.append(
            f"CASE WHEN s.shape THEN doorstep_column(s.value_json, '{name}')"
            f" ELSE s.value_json ->> '$.{name}' END"
        )
    values += ["s.hlc", "s.hlc", "a.key", "d.key", "0", "0", "0"]
    return (
        f"INSERT OR REPLACE INTO {spec.table} ({', '.join(columns)})"
        f" SELECT {', '.join(values)} FROM {STAGE} s"
        " JOIN op_authors a ON a.author = s.author JOIN op_devices d ON d.device_id = s.device"
        f" WHERE s.entity = '{entity}' AND s.kind != 'event' ORDER BY s.n"
    )


@dataclass
class Applied:
    """What `apply_ops` would have returned for the batch, and each op's (device, seq) for the
    import's check against the manifest's ranges."""

    new_ops: int = 0
    new_by_entity: Counter[str] = field(default_factory=Counter)  # events by their entity too
    events: Counter[str] = field(default_factory=Counter)  # the events alone, by entity
    far_ahead: int = 0
    seqs: list[tuple[str, int]] = field(default_factory=list)


class StagedBatch:
    """Op records staged one by one (`add`), then applied together (`apply`) or dropped
    (`clear`). Inside the caller's write transaction, on its connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.ops = 0
        conn.execute(_CREATE)
        conn.execute(f"DELETE FROM {STAGE}")

    def add(self, text: str) -> int | None:
        """Stage the ops of one record (the JSON text of its array of op arrays); their number,
        or None when the record is not plain RFC 8259 JSON of a non-empty array without `\\u`
        escapes (the record is then not staged)."""
        conn = self.conn
        # one parse of the whole record; its first character says it is an array
        row = conn.execute(
            "SELECT json_valid(?1) AND instr(?1, '\\u') = 0"
            " AND substr(ltrim(substr(?1, 1, 64), char(32, 9, 10, 13)), 1, 1) = '['",
            (text,),
        ).fetchone()
        if not row[0]:
            return None
        before = conn.total_changes
        try:
            conn.execute(_FILL, (text,))
        except Error:  # an element that is not JSON to `->>` (a bare string): not staged
            return None
        added = conn.total_changes - before
        if not added:
            return None  # an empty array: the payload reader refuses it
        self.ops += added
        return added

    def clear(self) -> None:
        self.conn.execute(f"DELETE FROM {STAGE}")
        self.ops = 0

    def apply(self, defer: DerivedPending) -> Applied | None:
        """Apply the staged ops as `apply_ops(conn, ops, defer=defer)` would, or change nothing
        and return None when the batch is not this path's (module docstring). Empties the
        stage either way."""
        with paused_gc():
            try:
                return self._apply(defer)
            finally:
                self.clear()

    def _apply(self, defer: DerivedPending) -> Applied | None:
        conn = self.conn
        if not self.ops or conn.execute(_UNFIT).fetchone()[0]:
            return None
        conn.execute(_SHAPE)  # every value is valid JSON now
        if conn.execute(_NOT_NEW).fetchone()[0]:
            return None
        conn.execute("SAVEPOINT sqlapply")
        try:
            applied = self._write(defer)
        except Error:
            # A value Python's decoder refuses (doorstep_column), or a constraint: apply_ops
            # decides, with its own sentence.
            conn.execute("ROLLBACK TO sqlapply")
            conn.execute("RELEASE sqlapply")
            return None
        conn.execute("RELEASE sqlapply")
        return applied

    def _write(self, defer: DerivedPending) -> Applied:
        conn = self.conn
        for statement in _NAMES:
            conn.execute(statement)
        conn.create_function("doorstep_encode", 1, opstore.Encoder(conn).encode)
        conn.create_function("doorstep_column", 2, _ColumnReader().column)
        conn.execute(_LOG)
        applied = Applied()
        changed: dict[str, set[str]] = {}
        for entity, ids in _ids_by_entity(conn).items():
            conn.execute(_rows_sql(entity))
            changed[entity] = ids
        for entity, kind, count in conn.execute(
            f"SELECT entity, kind = 'event', count(*) FROM {STAGE} GROUP BY 1, 2"
        ):
            applied.new_by_entity[entity] += count
            if kind:
                applied.events[entity] += count
        applied.new_ops = sum(applied.new_by_entity.values())
        applied.seqs = conn.execute(f"SELECT device, seq FROM {STAGE} ORDER BY n").fetchall()
        newest = int(conn.execute(f"SELECT max(hlc) FROM {STAGE}").fetchone()[0])
        now = int(time.time() * 1000)
        if wall_ms(newest) - now > FAR_AHEAD_MS:
            hlcs = [int(r[0]) for r in conn.execute(f"SELECT hlc FROM {STAGE}")]
            applied.far_ahead = sum(1 for hlc in hlcs if wall_ms(hlc) - now > FAR_AHEAD_MS)
        meta.observe_clock(conn, newest)
        defer.add(changed, {})
        opstore.maybe_train(conn)
        return applied


def _ids_by_entity(conn: sqlite3.Connection) -> dict[str, set[str]]:
    """The staged records' ids per record kind, kinds in the order the batch first names them."""
    found: dict[str, set[str]] = {}
    rows = conn.execute(f"SELECT entity, entity_id FROM {STAGE} WHERE kind != 'event' ORDER BY n")
    for entity, entity_id in rows:
        found.setdefault(entity, set()).add(entity_id)
    return found


_PLAIN = frozenset((str, int, float, type(None)))


class _ColumnReader:
    """`doorstep_column(value_json, name)`: one column of a create whose values include an array
    or an object, read as apply_ops reads it (json.loads, then oplog.column_value); the last
    value decoded is kept, since a row asks for each of its columns in turn."""

    def __init__(self) -> None:
        self.text: str | None = None
        self.value: dict[str, Any] = {}

    def column(self, text: str, name: str) -> Any:
        if text != self.text:
            self.value = json.loads(text)
            self.text = text
        value = self.value.get(name)
        if type(value) in _PLAIN:
            return value
        if isinstance(value, (list, dict)):
            return canonical_json(value)
        return int(bool(value))  # a boolean: 1 or 0, as oplog.column_value gives it
