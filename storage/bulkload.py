"""Bulk load of brand-new records: the rows `storage.oplog.apply_ops` would write for a batch of
creates, prepared away from the writer (in a bulk load's helper process) and written with one
executemany per table.

Only for records that are brand new — no op of theirs in the log, so no heads to read, no
predecessors, no conflicts: the op log rows, the materialised rows (the create's values), the
finder's rows and keys, and the list index (storage.derived, set-based SQL) are all a function of
the ops alone. `write` checks that the batch is of that kind and falls back to `apply_ops` when it
is not, so the database is the same either way (tests/storage/test_bulkload.py compares every
table of both paths on the same ops).

The writer is the only process that knows the database; the helper numbers its ops from a
`Stamp` read at the start (this device's next seq and clock, the finder's last search id, the
newest zstd dictionary) and carries it on from batch to batch. `write` re-reads it: a batch
numbered from a stamp that no longer holds (another write came in between, a dictionary was
trained since) is renumbered or re-encoded there, never written as it was made.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from operator import itemgetter
from typing import Any

from domain.hlc import Clock
from domain.ops import Op, canonical_json
from domain.records import ENTITIES
from storage import derived, meta, opstore, search
from storage.gcpause import paused_gc
from storage.oplog import _after, _json_native, apply_ops, column_value
from storage.schema import BOOKKEEPING_COLUMNS, row_placeholders

CHUNK = 500
_PLAIN = frozenset((str, int, float, type(None)))
_TEXT = frozenset((str, type(None)))
_SCALARS = frozenset((str, int, float, bool, type(None)))
_STR = frozenset((str,))
_FIELD_NAMES = {entity: spec.field_names for entity, spec in ENTITIES.items()}
_HOUSEHOLD_COLUMNS = (
    "project_id", "head_name", "head_id_number", "phone", "address", "district",
    "sub_district", "building", "unit", "room",
)  # fmt: skip
_MEMBER_COLUMNS = ("name", "id_number", "phone")


@dataclass(frozen=True)
class Stamp:
    """What the next batch of this device's ops is numbered from."""

    device: str
    device_key: int | None  # None: the device has no ops yet (its key is made on first write)
    author: str
    next_seq: int
    clock_last: int
    search_id: int  # the finder's highest search_id
    dict_id: int | None  # the dictionary new values are compressed with


def read_stamp(conn: sqlite3.Connection, author: str) -> Stamp:
    device = meta.device_id(conn)
    key = conn.execute("SELECT key FROM op_devices WHERE device_id = ?", (device,)).fetchone()
    last = conn.execute("SELECT coalesce(max(search_id), 0) FROM household_search").fetchone()
    return Stamp(
        device=device,
        device_key=None if key is None else int(key[0]),
        author=author,
        next_seq=int(meta.get(conn, "next_seq") or "1"),
        clock_last=meta.clock_last(conn),
        search_id=int(last[0]),
        dict_id=opstore.Encoder(conn).ident,
    )


def dictionary(conn: sqlite3.Connection, ident: int | None) -> bytes | None:
    """The bytes of a dictionary (to hand to a helper process, which has no database)."""
    return None if ident is None else opstore._data(conn, ident)


def encoder(ident: int | None, data: bytes | None) -> Callable[[str], str | bytes]:
    """opstore's encoder for values compressed with this dictionary, without the database: it
    reads the dictionary from a one-table database in memory, so the bytes are opstore's own."""
    memory = sqlite3.connect(":memory:")
    memory.execute("CREATE TABLE op_dicts (id INTEGER PRIMARY KEY, made_at INTEGER, data BLOB)")
    if ident is not None:
        assert data is not None and opstore.dict_id(data) == ident
        memory.execute("INSERT INTO op_dicts VALUES (?, 0, ?)", (ident, data))
    made = opstore.Encoder(memory)
    memory.close()
    compress = made._compress
    if compress is None:
        return made.encode
    prefix = made._prefix
    shortest = opstore.MIN_COMPRESSED

    def encode(value_json: str) -> str | bytes:
        # opstore.Encoder.encode, with the text encoded to UTF-8 once
        if len(value_json) < shortest:
            return value_json
        raw = value_json.encode()
        packed = prefix + compress(raw)
        return packed if len(packed) < len(raw) else value_json

    return encode


# A new op as a bulk load makes it: (kind, entity, entity_id, field, value, value_json or None).
New = tuple[str, str, str, str | None, Any, str | None]


def make(
    stamp: Stamp,
    new: Sequence[New],
    encode: Callable[[str], str | bytes],
    *,
    finder: bool = True,
) -> tuple[Batch, Stamp]:
    """The batch of these creates and events, numbered from `stamp` as `new_local_ops` numbers
    ops from the database (next seqs, clock values one after the other, fresh UUIDv7 ids), and
    the stamp its next batch starts from. Without `finder`, the finder's rows are left to
    `add_finder` (made in the writing process while it writes the batch before)."""
    count = len(new)
    clock = Clock(stamp.clock_last)
    first_hlc = clock.tick_many(count) if count else stamp.clock_last + 1
    batch = _rows(stamp, op_keys(count), stamp.next_seq, first_hlc, new, encode, finder)
    after = replace(
        stamp,
        next_seq=stamp.next_seq + count,
        clock_last=clock.last,
        search_id=stamp.search_id + len(batch.record_rows.get("household", ())),
    )
    return batch, after


def op_keys(count: int) -> list[bytes]:
    """`count` new UUIDv7 op ids of this millisecond, as op_log stores them (16 bytes: what
    opstore.id_key makes of domain.ids.uuid7_many's text, without the text)."""
    stamp = (int(time.time() * 1000) & ((1 << 48) - 1)).to_bytes(6, "big")
    noise = os.urandom(10 * count)
    return [
        stamp
        + bytes((0x70 | (noise[i] & 0x0F), noise[i + 1], 0x80 | (noise[i + 2] & 0x3F)))
        + noise[i + 3 : i + 10]
        for i in range(0, 10 * count, 10)
    ]


@dataclass
class Batch:
    """The rows one batch of new ops writes, ready for executemany."""

    stamp: Stamp  # what it was numbered from
    first_seq: int
    first_hlc: int
    op_rows: list[tuple[Any, ...]]  # as op_log stores them
    record_rows: dict[str, list[tuple[Any, ...]]]  # per entity: id, fields, bookkeeping
    record_keys: list[Any]  # the records' ids as op_log stores them (the freshness check)
    households: list[str]  # new households, sorted (the finder's order of search ids)
    search_rows: list[tuple[Any, ...]] | None  # None: the finder is refreshed in SQL
    key_rows: list[tuple[int, str, int]] = field(default_factory=list)
    summarised: list[str] = field(default_factory=list)  # households of new visits, requests
    searched: list[str] = field(default_factory=list)  # households of new members
    projects: list[str] = field(default_factory=list)
    finder_made: bool = False  # the five fields above (`add_finder`)

    @property
    def count(self) -> int:
        return len(self.op_rows)


def prepare(ops: Sequence[Op], stamp: Stamp, encode: Callable[[str], str | bytes]) -> Batch:
    """The rows of `ops` — this device's creates of distinct, known records and events,
    numbered one after the other from `stamp` — as apply_ops would write them into a log that
    holds none of them."""
    if not ops:
        return Batch(stamp, stamp.next_seq, stamp.clock_last + 1, [], {}, [], [], [])
    first = ops[0]
    for offset, op in enumerate(ops):
        if (op.origin_seq, op.hlc) != (first.origin_seq + offset, first.hlc + offset):
            raise ValueError("a bulk batch's ops are numbered one after the other")
        if (op.origin_device, op.author) != (stamp.device, stamp.author) or op.preds:
            raise ValueError("a bulk batch holds this device's new ops")
    new = [(op.kind, op.entity, op.entity_id, op.field, op.value, op.value_json) for op in ops]
    keys = [opstore.id_key(op.op_id) for op in ops]
    return _rows(stamp, keys, first.origin_seq, first.hlc, new, encode, True)


def _rows(
    stamp: Stamp,
    keys: Sequence[Any],
    first_seq: int,
    first_hlc: int,
    new: Sequence[New],
    encode: Callable[[str], str | bytes],
    finder: bool,
) -> Batch:
    key = opstore.id_key
    canonical = canonical_json
    device_key = stamp.device_key
    author = stamp.author
    op_rows: list[tuple[Any, ...]] = []
    append_op = op_rows.append
    record_rows: dict[str, list[tuple[Any, ...]]] = {}
    record_keys = []
    seen: set[str] = set()
    hlc = first_hlc
    seq = first_seq
    for op_key, (kind, entity, entity_id, name, value, value_json) in zip(keys, new, strict=True):
        if value_json is None:
            value_json = canonical(value)
        entity_key = key(entity_id)
        append_op(
            (
                op_key, device_key, seq, hlc, author, entity, entity_key,
                name if kind == "event" else None, encode(value_json), None, kind,
            )
        )  # fmt: skip
        seq += 1
        hlc += 1
        if kind == "event":
            continue
        names = _FIELD_NAMES.get(entity) if kind == "create" else None
        if names is None or entity_id in seen:
            raise ValueError("a bulk batch creates each of its records once, or records events")
        seen.add(entity_id)
        record_keys.append(entity_key)
        # A flat object of text keys and plain values is the common record: taken as it is.
        kinds = set(map(type, value.values())) if type(value) is dict else {list}
        if not (kinds <= _SCALARS and set(map(type, value)) <= _STR):
            if not _json_native(value):  # apply_ops reads what the JSON says: a tuple is a list
                value = json.loads(value_json)
            kinds = set(map(type, value.values()))
        columns = list(map(value.get, names))
        if not kinds <= _PLAIN:  # a list, an object or a boolean among them
            columns = [v if type(v) in _PLAIN else column_value(v) for v in columns]
        record_rows.setdefault(entity, []).append(
            (entity_id, *columns, hlc - 1, hlc - 1, author, device_key, 0, 0, 0)
        )
    batch = Batch(stamp, first_seq, first_hlc, op_rows, record_rows, record_keys, [], None)
    if finder:
        add_finder(batch)
    return batch


def add_finder(batch: Batch) -> None:
    """The finder's rows of the batch's new households (search.refresh_household_search's, made
    by its own functions), and the households of other kinds of records to refresh in SQL —
    unless they were made already."""
    if batch.finder_made:
        return
    batch.finder_made = True
    households = {row[0]: row for row in batch.record_rows.get("household", [])}
    batch.households = sorted(households)
    columns = _columns("household", _HOUSEHOLD_COLUMNS)
    member_columns = _columns("member", ("household_id", *_MEMBER_COLUMNS))
    members: dict[str, list[tuple[Any, ...]]] = {}
    by_id = sorted(batch.record_rows.get("member", []), key=itemgetter(0))  # as the finder reads
    for row in by_id:
        household_id = row[member_columns[0]]
        if household_id in households:
            members.setdefault(household_id, []).append(tuple(row[i] for i in member_columns[1:]))
        elif household_id:
            batch.searched.append(household_id)
    summarised: set[str] = set()
    for entity in ("visit", "request"):
        (at,) = _columns(entity, ("household_id",))
        summarised.update(row[at] for row in batch.record_rows.get(entity, []) if row[at])
    batch.summarised = sorted(summarised - households.keys())
    batch.projects = [row[0] for row in batch.record_rows.get("project", [])]
    search_rows = []
    key_rows: list[tuple[int, str, int]] = []
    search_id = batch.stamp.search_id
    for household_id in batch.households:
        household = tuple(households[household_id][i] for i in columns)
        people = members.get(household_id, [])
        kinds = set(map(type, household))
        for person in people:
            kinds.update(map(type, person))
        if not kinds <= _TEXT:
            batch.search_rows = None  # a number in a text column: as SQLite stores it, in SQL
            return
        row = search._index_row((household_id, *household), people)
        search_id += 1
        search_rows.append((search_id, household_id, *row))
        key_rows += search._key_rows(search_id, row)
    key_rows.sort()  # B-tree inserts in key order touch each page once
    batch.search_rows = search_rows
    batch.key_rows = key_rows


def _columns(entity: str, names: Sequence[str]) -> list[int]:
    """Where these fields sit in a record row (after its id)."""
    field_names = ENTITIES[entity].field_names
    return [1 + field_names.index(name) for name in names]


# --- indexes built after a load into an empty database ------------------------------------

# Where the dropped indexes' own CREATE statements are kept until they are built again: in the
# database, written in the transaction that drops them, so no way a load ends (a failure, a
# cancel, a killed process) can leave them dropped for good (`restore_indexes`, also run when the
# database is opened).
DEFERRED_INDEXES_KEY = "bulk_deferred_indexes"
RESTORE_CACHE_KIB = 512 * 1024  # pages are held only as they are read: the tables' size at most
# The tables derived from the records that a bulk load writes (besides the record tables).
_DERIVED_TABLES = ("household_search", "household_summary")
# The WITHOUT ROWID tables the load fills batch by batch (the finder's keys: ~20 rows per
# household, in random key order): a table of that kind is its own index B-tree, which REINDEX
# cannot rebuild, so it is copied after the load into an empty one of the same definition —
# SQLite's transfer of whole rows into an empty table writes full pages — which then takes its
# place (3.4 MiB of a 100 000-household database).
_COPIED_AFTER = ("household_keys",)
# Indexes the load itself reads while it writes (by table and first column): the list index's
# refresh finds a household's visits and requests, the finder's its members, a project's
# households. They stay.
_READ_WHILE_LOADING = frozenset(
    {
        ("visits", "household_id"),
        ("requests", "household_id"),
        ("members", "household_id"),
        ("households", "project_id"),
    }
)


def defer_indexes(conn: sqlite3.Connection) -> int:
    """Drop the secondary indexes of the record tables and of the tables derived from them,
    keeping their CREATE statements (read from sqlite_master: whatever the schema holds) for
    `restore_indexes`; inside the caller's transaction, before a load into an empty database.
    Built once after the load, each index is sorted once and written in full pages, where
    inserting batch after batch rewrites its pages again and again. The indexes the load keeps
    (the UNIQUE ones, those it reads, the op log's) are rebuilt after it the same way (REINDEX):
    filled entry by entry, an index B-tree ends 87-91 % full, ~25 MiB of a 100 000-household
    database (bench/results/storage.md). Returns how many indexes are dropped."""
    if meta.get(conn, DEFERRED_INDEXES_KEY) is not None:
        return 0  # already deferred (a load cut short, finished now)
    tables = [spec.table for spec in ENTITIES.values()] + list(_DERIVED_TABLES)
    found = conn.execute(
        "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index'"
        f" AND tbl_name IN ({','.join('?' * (len(tables) + 1))}) ORDER BY rowid",
        [*tables, "op_log"],
    ).fetchall()
    deferred = []
    kept = []
    for name, table, sql in found:
        first = conn.execute("SELECT name FROM pragma_index_info(?) WHERE seqno = 0", (name,))
        column = first.fetchone()
        if (
            sql is None  # a UNIQUE constraint's own index: it cannot be dropped
            or table == "op_log"
            or (column is not None and (table, column[0]) in _READ_WHILE_LOADING)
        ):
            kept.append(name)
        else:
            deferred.append((name, sql))
    # Rebuilt and copied first: the pages they free are taken by the indexes built after them,
    # so the file does not grow by what the rebuilt indexes shrink.
    statements = [f'REINDEX "{name}"' for name in kept]
    statements += [sql for table in _COPIED_AFTER for sql in _copy_statements(conn, table)]
    statements += [sql for _, sql in deferred]
    meta.put(conn, DEFERRED_INDEXES_KEY, json.dumps(statements))
    for name, _ in deferred:
        conn.execute(f'DROP INDEX "{name}"')
    return len(deferred)


def _copy_statements(conn: sqlite3.Connection, table: str) -> list[str]:
    """The statements that copy `table` whole into a new table of its definition, which then
    takes its name; none for a table that has indexes of its own (they would go with it) or
    is not there."""
    row = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).fetchone()
    if (
        row is None
        or conn.execute(
            "SELECT 1 FROM sqlite_master WHERE tbl_name = ? AND type != 'table' AND sql IS NOT NULL",
            (table,),
        ).fetchone()
    ):
        return []
    copy = f"{table}_packed"
    create = re.sub(rf'^CREATE TABLE\s+"?{table}"?', f'CREATE TABLE "{copy}"', row[0], count=1)
    return [
        create,
        f'INSERT INTO "{copy}" SELECT * FROM "{table}"',
        f'DROP TABLE "{table}"',
        f'ALTER TABLE "{copy}" RENAME TO "{table}"',
    ]


_CREATES_INDEX = re.compile(r"CREATE\s+(UNIQUE\s+)?INDEX\b", re.IGNORECASE)


def indexes_deferred(conn: sqlite3.Connection) -> bool:
    return meta.get(conn, DEFERRED_INDEXES_KEY) is not None


def restore_indexes(conn: sqlite3.Connection) -> int:
    """Rebuild the indexes `defer_indexes` kept, copy the tables it names, and build the indexes
    it dropped, inside the caller's transaction (all of them or, rolled back, none); how many
    indexes were built (0: none were deferred)."""
    text = meta.get(conn, DEFERRED_INDEXES_KEY)
    if text is None:
        return 0
    statements = json.loads(text)
    # Each index reads its whole table: a cache that holds the tables decrypts each page once,
    # not once per index (1.7 s instead of 2.5 s of CPU at 100 000 households), and the sorts
    # run on the other core too (nothing else runs beside the load's last transaction).
    (cache,) = conn.execute("PRAGMA cache_size").fetchone()
    (threads,) = conn.execute("PRAGMA threads").fetchone()
    conn.execute(f"PRAGMA cache_size = {min(int(cache), -RESTORE_CACHE_KIB)}")
    conn.execute(f"PRAGMA threads = {min(2, os.cpu_count() or 1)}")
    try:
        for sql in statements:
            conn.execute(sql)
    finally:
        conn.execute(f"PRAGMA threads = {int(threads)}")
        conn.execute(f"PRAGMA cache_size = {int(cache)}")
    meta.delete(conn, DEFERRED_INDEXES_KEY)
    return sum(1 for sql in statements if _CREATES_INDEX.match(sql))


# --- the writer's side ----------------------------------------------------------------------


def write(conn: sqlite3.Connection, batch: Batch) -> int | None:
    """Write a prepared batch inside the caller's write transaction, as apply_ops would; return
    the id of the newest dictionary after it (a helper encodes the next batches with it)."""
    with paused_gc():
        return _write(conn, batch)


def _write(conn: sqlite3.Connection, batch: Batch) -> int | None:
    if not batch.op_rows:
        return opstore.Encoder(conn).ident
    add_finder(batch)  # (numbered from the stamp the batch was made from, like the rest)
    now = read_stamp(conn, batch.stamp.author)
    batch = _renumbered(conn, batch, now)
    if not _fresh(conn, batch):
        _fall_back(conn, batch)
        return opstore.Encoder(conn).ident
    conn.executemany(
        "INSERT INTO op_log (op_id, device, origin_seq, hlc, author, entity, entity_id, field,"
        " value, preds, kind) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        opstore.keyed_names(conn, batch.op_rows),  # the author and the entity as their keys
    )
    last_hlc = batch.first_hlc + batch.count - 1
    meta.put(conn, "next_seq", str(batch.first_seq + batch.count))
    if last_hlc > now.clock_last:
        meta.set_clock_last(conn, last_hlc)
    for entity, rows in batch.record_rows.items():
        spec = ENTITIES[entity]
        columns = ["id", *spec.field_names, *(name for name, _ in BOOKKEEPING_COLUMNS)]
        conn.executemany(
            f"INSERT INTO {spec.table} ({', '.join(columns)})"
            f" VALUES ({row_placeholders(columns, device_as_key=True)})",  # the author's key
            rows,
        )
    _write_finder(conn, batch)
    opstore.maybe_train(conn, follow_growth=True)  # a load's values change as it goes
    return opstore.Encoder(conn).ident


def _renumbered(conn: sqlite3.Connection, batch: Batch, now: Stamp) -> Batch:
    """The batch as numbered from the database's stamp now (itself when that is what it was
    numbered from): another write may have come in between, or a dictionary been trained."""
    made = batch.stamp
    if made.device != now.device:
        raise ValueError("a bulk batch made for another device")
    op_rows = batch.op_rows
    record_rows = batch.record_rows
    first_seq, first_hlc = batch.first_seq, batch.first_hlc
    device_key = now.device_key
    if device_key is None:
        device_key = opstore.device_keys(conn, [now.device])[now.device]
    renumber = first_seq != now.next_seq or first_hlc <= now.clock_last
    if renumber:
        first_seq = now.next_seq
        first_hlc = Clock(now.clock_last).tick_many(batch.count)
    if renumber or device_key != made.device_key:
        op_rows = [
            (r[0], device_key, first_seq + i, first_hlc + i, *r[4:]) for i, r in enumerate(op_rows)
        ]
        hlc_of = {r[6]: r[3] for r in op_rows if r[10] != "event"}
        at = len(BOOKKEEPING_COLUMNS)  # from the end: _created_hlc, _updated_hlc, ...
        record_rows = {}
        for entity, rows in batch.record_rows.items():
            record_rows[entity] = [
                (*r[:-at], hlc, hlc, r[-at + 2], device_key, *r[-at + 4 :])
                for r in rows
                for hlc in (hlc_of[opstore.id_key(r[0])],)
            ]
    if made.dict_id != now.dict_id:
        encode = opstore.Encoder(conn).encode
        if _encode_again(conn, made.dict_id, op_rows, encode):
            op_rows = [(*r[:8], encode(opstore.decode(conn, r[8])), *r[9:]) for r in op_rows]
    search_rows, key_rows = batch.search_rows, batch.key_rows
    shift = now.search_id - made.search_id
    if search_rows is not None and shift:
        search_rows = [(r[0] + shift, *r[1:]) for r in search_rows]
        key_rows = [(kind, key, search_id + shift) for kind, key, search_id in key_rows]
    return replace(
        batch,
        stamp=now,
        first_seq=first_seq,
        first_hlc=first_hlc,
        op_rows=op_rows,
        record_rows=record_rows,
        search_rows=search_rows,
        key_rows=key_rows,
    )


# A batch made with an older dictionary is compressed again only when a sample of its values
# comes out at least this much smaller with the newest one (a dictionary trained because the
# values grew: a new project's ids that the older one never saw, ~30 % smaller); otherwise it is
# written as it was made: each value names its dictionary, and every dictionary is kept.
# Compressing every such batch again was ~11 % of the writer's samples (py-spy) at 20 000
# households.
ENCODE_AGAIN_SAVING = 0.08
ENCODE_AGAIN_SAMPLE = 64


def _encode_again(
    conn: sqlite3.Connection,
    made_with: int | None,
    op_rows: Sequence[tuple[Any, ...]],
    encode: Callable[[str], str | bytes],
) -> bool:
    """Whether the batch's values, made with dictionary `made_with` (None: none, so text), are
    worth compressing again with the newest dictionary."""
    if made_with is None:
        return True  # text a dictionary now compresses
    if conn.execute("SELECT 1 FROM op_dicts WHERE id = ?", (made_with,)).fetchone() is None:
        return True
    step = max(1, len(op_rows) // ENCODE_AGAIN_SAMPLE)
    sample = [r[8] for r in op_rows[::step] if type(r[8]) is bytes]
    if not sample:
        return False
    now = sum(len(value) for value in sample)
    again = sum(len(encode(opstore.decode(conn, value))) for value in sample)
    return again < (1 - ENCODE_AGAIN_SAVING) * now


def _fresh(conn: sqlite3.Connection, batch: Batch) -> bool:
    """Whether no op of the batch's records is in the log yet. (Its op ids are new: made now;
    one already held would fail the log's UNIQUE and roll the transaction back.) A record whose
    stored id sorts after every id in the log's record index (events' included) has none: only
    the others are looked up — with UUIDv7 ids made now, usually none of them."""
    row = conn.execute("SELECT entity_id FROM op_log ORDER BY entity_id DESC LIMIT 1").fetchone()
    newest = None if row is None else row[0]
    keys = [key for key in batch.record_keys if not _after(key, newest)]
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        found = conn.execute(
            f"SELECT 1 FROM op_log WHERE entity_id IN ({','.join('?' * len(chunk))}) LIMIT 1",
            chunk,
        ).fetchone()
        if found is not None:
            return False
    return True


def _fall_back(conn: sqlite3.Connection, batch: Batch) -> None:
    """The batch through apply_ops (some of its records are not new): its ops as numbered."""
    device = batch.stamp.device
    ops = [
        Op(
            opstore.id_text(r[0]),
            device,
            r[2],
            r[3],
            r[4],
            r[5],
            opstore.id_text(r[6]),
            r[7],
            opstore.decode(conn, r[8]),
            (),
            r[10],
        )
        for r in batch.op_rows
    ]
    meta.put(conn, "next_seq", str(batch.first_seq + batch.count))
    meta.set_clock_last(conn, max(batch.stamp.clock_last, ops[-1].hlc))
    apply_ops(conn, ops)


def _write_finder(conn: sqlite3.Connection, batch: Batch) -> None:
    """The finder's and the list index's rows of the batch, as derived.refresh writes them."""
    if batch.search_rows is None or batch.searched:
        search.refresh_household_search(conn, sorted({*batch.households, *batch.searched}))
    elif batch.search_rows:
        search.insert_rows(conn, batch.search_rows)
        conn.executemany(
            "INSERT INTO household_keys (kind, key, search_id) VALUES (?,?,?)", batch.key_rows
        )
        conn.executemany(
            "INSERT INTO household_fts (rowid, names, address) VALUES (?,?,?)",
            [(r[0], r[3], r[4]) for r in batch.search_rows],
        )
    summarised = {*batch.households, *batch.summarised}
    summarised |= derived._households_of_projects(conn, set(batch.projects))
    if summarised:
        derived.refresh_summary(conn, sorted(summarised))
