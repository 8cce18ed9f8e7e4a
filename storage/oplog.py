"""The op log: the one function that changes records, and the making of local ops.

`apply_ops` is the single write path. Local edits, CLI commands and imported bundles all end here,
inside the caller's write transaction: new ops are appended, the heads of each touched field are
updated, and the materialised rows and derived indexes are refreshed before the commit. The heads
kept here equal `domain.merge.materialise` over the same set of ops, whatever order they came in
(tests/storage/test_oplog_properties.py).
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import struct
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from domain.errors import UserError
from domain.hlc import FAR_AHEAD_MS, Clock, wall_ms
from domain.ids import uuid7_many
from domain.ops import CREATING_KINDS, DELETED, Op, canonical_json
from domain.records import ENTITIES
from storage import derived, meta, opstore
from storage.db import IntegrityError
from storage.gcpause import paused_gc
from storage.schema import BOOKKEEPING_COLUMNS

CHUNK = 500  # ids per IN (...) list, under SQLite's variable limit
T = TypeVar("T")


@dataclass
class ApplyResult:
    new_ops: int = 0
    known_ops: int = 0
    new_by_entity: Counter[str] = field(default_factory=Counter)
    conflicts_created: int = 0
    far_ahead: int = 0
    touched: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Draft:
    """A change a caller wants; `new_local_ops` gives it a seq, a clock value and preds."""

    kind: str
    entity: str
    entity_id: str
    field: str | None = None
    value: Any = None
    # canonical_json(value), when the caller made it already (a bulk load's helper process)
    value_json: str | None = dataclasses.field(default=None, compare=False)


@dataclass
class DerivedPending:
    """Derived-table work gathered over several apply_ops calls of one transaction, done once by
    `refresh_derived` before the commit (an import applies its ops in batches: a household whose
    records span batches is then indexed once, not once per batch)."""

    changed: dict[str, set[str]] = field(default_factory=dict)
    linked_before: dict[str, set[str]] = field(default_factory=dict)

    def add(self, changed: dict[str, set[str]], linked_before: dict[str, set[str]]) -> None:
        for entity, ids in changed.items():
            self.changed.setdefault(entity, set()).update(ids)
        # Each batch's "before" is the state the batches before it left: their union names every
        # household a record left during the transaction.
        for entity, ids in linked_before.items():
            self.linked_before.setdefault(entity, set()).update(ids)


def refresh_derived(conn: sqlite3.Connection, pending: DerivedPending) -> None:
    """Bring the finder and the list index up to date with the batches gathered in `pending`
    (inside the same transaction, after the last apply_ops); `pending` is emptied."""
    with paused_gc():
        derived.refresh(conn, pending.changed, pending.linked_before)
    pending.changed = {}
    pending.linked_before = {}


def _chunks(items: Sequence[T]) -> Iterable[Sequence[T]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _placeholders(n: int) -> str:
    return ",".join("?" * n)


def apply_ops(
    conn: sqlite3.Connection, ops: Iterable[Op], *, defer: DerivedPending | None = None
) -> ApplyResult:
    """Append `ops` to the log and bring every derived table up to date. Call inside a write
    transaction; ops already held are counted and ignored. With `defer`, the finder and the list
    index are left to one `refresh_derived(conn, defer)` before the commit."""
    with paused_gc():
        return _apply_ops(conn, ops, defer)


def _apply_ops(
    conn: sqlite3.Connection, ops: Iterable[Op], defer: DerivedPending | None
) -> ApplyResult:
    result = ApplyResult()
    incoming: dict[str, Op] = {}
    for op in ops:
        incoming.setdefault(op.op_id, op)
    # Ids in the form the log stores them, converted once here in Python: the lookups below
    # then compare stored keys directly (no id_key/id_text SQL function per row).
    op_keys = dict(zip(incoming, stored_ids(incoming), strict=True))
    # A record's id recurs in each of its ops: converted once per record.
    entity_ids = {op.entity_id for op in incoming.values()}
    entity_keys = dict(zip(entity_ids, stored_ids(entity_ids), strict=True))
    # The greatest record id held before this batch (one probe of the index's end).
    newest_record = _newest_record_key(conn)
    if _beyond_held(conn, incoming.values()):
        # Every op comes after the newest of its device held here (an import of ops not seen
        # before): appended at once, none looked up first. One whose id the log holds after
        # all (a forged or hand-made id) is skipped by the insert and found below.
        before = _last_rowid(conn)
        stored = _insert(conn, list(incoming.values()), op_keys, entity_keys, or_ignore=True)
        if stored == len(incoming):
            new = list(incoming.values())
        else:
            held = _held(conn, "op_id", list(op_keys.values()), f" AND rowid <= {before}")
            new = [op for op_id, op in incoming.items() if op_keys[op_id] not in held]
            if len(new) != stored:  # an op neither held before nor stored now: its seq is taken
                device = _reused_seq_device(conn, new)
                if device is None:
                    raise IntegrityError("an op was neither held nor stored")
                raise UserError("seq_reused", device=device)
    else:
        before = None
        known = _held(conn, "op_id", list(op_keys.values()))
        new = [op for op_id, op in incoming.items() if op_keys[op_id] not in known]
    result.known_ops = len(incoming) - len(new)
    result.new_ops = len(new)
    if not new:
        return result
    record_ops = [op for op in new if op.kind != "event"]
    # A create is fresh when the log held no op of its record before this batch.
    fresh = _fresh_creates(conn, record_ops, entity_keys, before, newest_record)
    if before is None:
        _insert(conn, new, op_keys, entity_keys)
    result.new_by_entity.update(op.entity for op in new)

    now = int(time.time() * 1000)
    newest_hlc = max(op.hlc for op in new)
    # wall_ms grows with the clock value: when the newest is not far ahead, none is
    if wall_ms(newest_hlc) - now > FAR_AHEAD_MS:
        result.far_ahead = sum(1 for op in new if wall_ms(op.hlc) - now > FAR_AHEAD_MS)
    meta.observe_clock(conn, newest_hlc)

    touched = {op.entity_id: op.entity for op in record_ops}
    result.touched = set(touched)
    # A fresh record had no ops before this batch: no row, no conflicts, no household to leave.
    edited = {entity_id: entity for entity_id, entity in touched.items() if entity_id not in fresh}
    conflicts_before = _conflict_keys(conn, list(edited))
    linked_before = derived.linked_households(conn, edited)
    heads = _Heads(conn, list(edited), {op.op_id: op for op in record_ops})
    for op in record_ops:
        if op.entity_id not in fresh:
            heads.add(op)
    heads.save()
    last_op = {op.entity_id: op for op in record_ops}
    changed = _materialise(conn, touched, fresh, last_op, heads)
    conflicts_after = _conflict_keys(conn, list(edited))
    result.conflicts_created = len(conflicts_after - conflicts_before)
    if defer is None:
        derived.refresh(conn, changed, linked_before)
    else:
        defer.add(changed, linked_before)
    opstore.maybe_train(conn)
    return result


def stored_ids(ids: Iterable[str]) -> list[Any]:
    """`opstore.id_key` of each id, in fewer steps for the usual one, a canonical UUID (no
    regular expression: four dashes in their places, then the 32 digits read as hex and written
    back as the same lowercase text); any other text goes to `opstore.id_key` itself. A batch
    of nothing but canonical UUIDs (an import's) is converted at once (`_canonical_batch`)."""
    texts = ids if type(ids) is list else list(ids)
    whole = _canonical_batch(texts)
    if whole is not None:
        return whole
    out: list[Any] = []
    append = out.append
    fromhex = bytes.fromhex
    for text in texts:
        if (
            type(text) is str
            and len(text) == 36
            and text[8] == text[13] == text[18] == text[23] == "-"
        ):
            compact = text.replace("-", "")
            try:
                raw = fromhex(compact)
            except ValueError:
                raw = b""
            if len(raw) == 16 and raw.hex() == compact:
                append(raw)
                continue
        append(opstore.id_key(text))
    return out


def _canonical_batch(ids: list[str]) -> list[bytes] | None:
    """The 16 bytes of each id when every one is a canonical UUID (lowercase, 36 characters,
    dashes at 8, 13, 18 and 23 and nowhere else), checked and converted by a few calls over the
    ids joined (C speed: 100 000 ids take milliseconds); None when any id is not one."""
    n = len(ids)
    if not n or set(map(type, ids)) != _STR or set(map(len, ids)) != _LEN_36:
        return None
    joined = "".join(ids)  # each id is 36 characters: id i is joined[36 * i : 36 * i + 36]
    dashes = "-" * n
    if joined.count("-") != 4 * n or not (
        joined[8::36] == joined[13::36] == joined[18::36] == joined[23::36] == dashes
    ):
        return None
    digits = joined.replace("-", "")
    try:
        raw = bytes.fromhex(digits)
    except ValueError:
        return None
    # fromhex also reads upper case and skips spaces: its lowercase output must give the text back
    if len(raw) != 16 * n or raw.hex() != digits:
        return None
    return list(struct.unpack("16s" * n, raw))  # n pieces of 16 bytes, cut in C


_LEN_36 = frozenset((36,))


def _held(conn: sqlite3.Connection, column: str, stored: list[Any], where: str = "") -> set[Any]:
    """Which of these stored ids (op_log's `op_id` or `entity_id` column) the log holds."""
    found: set[Any] = set()
    for chunk in _chunks(stored):
        rows = conn.execute(
            f"SELECT {column} FROM op_log WHERE {column} IN ({_placeholders(len(chunk))}){where}",
            chunk,
        )
        found.update(row[0] for row in rows)
    return found


def held_op_ids(conn: sqlite3.Connection, op_ids: Iterable[str]) -> set[str]:
    """Which of these ops the log holds: looked up as stored, nothing read or decoded (an import
    asks this of every op a scoped laptop sends)."""
    ids = list(op_ids)
    by_key = dict(zip(stored_ids(ids), ids, strict=True))
    return {by_key[key] for key in _held(conn, "op_id", list(by_key))}


def _beyond_held(conn: sqlite3.Connection, ops: Iterable[Op]) -> bool:
    """Whether every op's seq is above the newest its device has in the log."""
    newest: dict[str, int] = {}
    for op in ops:
        device = op.origin_device
        if device not in newest:
            newest.update(opstore.newest_seqs(conn, [device]))
        if op.origin_seq <= newest[device]:
            return False
    return True


def _last_rowid(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT coalesce(max(rowid), 0) FROM op_log").fetchone()[0])


def _insert(
    conn: sqlite3.Connection,
    ops: list[Op],
    op_keys: dict[str, Any],
    entity_keys: dict[str, Any],
    *,
    or_ignore: bool = False,
) -> int:
    try:
        return opstore.insert_ops(conn, ops, op_keys, entity_keys, or_ignore=or_ignore)
    except IntegrityError as exc:
        device = _reused_seq_device(conn, ops)
        if device is None:
            raise
        raise UserError("seq_reused", device=device) from exc


def _reused_seq_device(conn: sqlite3.Connection, ops: list[Op]) -> str | None:
    seen: dict[tuple[str, int], str] = {}
    for op in ops:
        key = (op.origin_device, op.origin_seq)
        if key in seen and seen[key] != op.op_id:
            return op.origin_device
        seen[key] = op.op_id
        row = conn.execute(
            "SELECT op_id FROM ops WHERE origin_device = ? AND origin_seq = ?", key
        ).fetchone()
        if row is not None and row[0] != op.op_id:
            return op.origin_device
    return None


def _fresh_creates(
    conn: sqlite3.Connection,
    ops: list[Op],
    entity_keys: dict[str, Any],
    before: int | None,
    newest_record: Any,
) -> set[str]:
    """Records whose only op is their create in this batch and of which the log held no op
    before it (call before inserting the batch, or name the last rowid held before it;
    `newest_record`: the greatest record id the log held before it, `_newest_record_key`): the
    bulk fast path, where the row is the create's values and no head bookkeeping is needed."""
    count = Counter(op.entity_id for op in ops)
    candidates = {
        entity_keys[op.entity_id]: op.entity_id
        for op in ops
        if op.kind in CREATING_KINDS and count[op.entity_id] == 1
    }
    fresh = _after_all(candidates, newest_record)
    # The rest may have ops held (edits that came before their create): looked up.
    # (the rowid first: it is in the index entry, the kind is in the row)
    older = "" if before is None else f" AND rowid <= {int(before)}"
    unsure = [key for key, entity_id in candidates.items() if entity_id not in fresh]
    held = _held(conn, "entity_id", unsure, f"{older} AND kind != {opstore.EVENT}")
    fresh.update(candidates[key] for key in unsure if key not in held)
    return fresh


def _newest_record_key(conn: sqlite3.Connection) -> Any:
    """The greatest stored record id in the log (None when it holds none), read from the end of
    its record index (an event's id is not a record's: passed over; events are few)."""
    row = conn.execute(
        f"SELECT entity_id FROM op_log WHERE kind != {opstore.EVENT}"
        " ORDER BY entity_id DESC LIMIT 1"
    ).fetchone()
    return None if row is None else row[0]


def _after_all(candidates: dict[Any, str], newest: Any) -> set[str]:
    """The records among `candidates` (stored id: id) whose stored id is `_after` `newest`,
    judged in one comprehension per kind of `newest` (no call per record)."""
    if newest is None:
        return set(candidates.values())
    if type(newest) is bytes:
        return {eid for key, eid in candidates.items() if type(key) is bytes and key > newest}
    if type(newest) is str:
        return {eid for key, eid in candidates.items() if type(key) is bytes}
    return set()


def _after(key: Any, newest: Any) -> bool:
    """Whether a stored record id sorts after `newest` as SQLite orders the log's record index
    (text before blobs; blobs byte by byte, as Python compares bytes), so that no op of its
    record can be held. Record ids are UUIDv7, time-ordered: a new record's id is usually the
    greatest yet. A text id (not a UUID) is never judged here: it is looked up."""
    if newest is None:
        return True
    return type(key) is bytes and (type(newest) is str or (type(newest) is bytes and key > newest))


class _Heads:
    """field_heads and superseded of a set of records: read once, kept up to date in memory as
    ops are added (in any order), written back once by `save`. The rule is the op log's
    (shared/design/sync.md): a field with no rows has the record's create as its only head; a
    (field, op) once named as a predecessor is never a head again."""

    def __init__(
        self, conn: sqlite3.Connection, entity_ids: Sequence[str], known: dict[str, Op]
    ) -> None:
        self.conn = conn
        self.known = known  # ops already parsed (this batch's): not read back from the log
        self.heads: dict[tuple[str, str], set[str]] = {}
        self.superseded: set[tuple[str, str, str]] = set()
        self._ops: dict[str, Op] = {}  # ops read from the log (those `known` lacks)
        create_ids: dict[str, list[str]] = {}
        for chunk in _chunks(entity_ids):
            marks = _placeholders(len(chunk))
            for entity_id, name, op_id in conn.execute(
                f"SELECT entity_id, field, op_id FROM field_heads WHERE entity_id IN ({marks})",
                chunk,
            ):
                self.heads.setdefault((entity_id, name), set()).add(op_id)
            self.superseded.update(
                conn.execute(
                    f"SELECT entity_id, field, op_id FROM superseded WHERE entity_id IN ({marks})",
                    chunk,
                )
            )
            # the creates whole, in the one read that finds them (not their ids, then the ops)
            for row in conn.execute(
                f"SELECT {OP_COLUMNS} FROM ops"
                f" WHERE entity_key IN ({opstore.key_marks(len(chunk))})"
                " AND kind IN ('create', 'attach')",
                chunk,
            ):
                op_id = row[0]
                create_ids.setdefault(row[6], []).append(op_id)
                if op_id not in known:
                    self._ops[op_id] = row_to_op(row)
        self.before = {key: set(ids) for key, ids in self.heads.items()}
        self.superseded_before = set(self.superseded)
        # Creates are all in the log before heads are kept (apply_ops inserts first): fixed.
        self._creates = {
            entity_id: [self.op(op_id) for op_id in sorted(ids)]
            for entity_id, ids in create_ids.items()
        }

    def _ops_needed(self, op_ids: Iterable[str]) -> None:
        """Parse the ops these ids name, once, reading only those this batch did not bring."""
        missing = [i for i in op_ids if i not in self._ops and i not in self.known]
        self._ops.update(ops_by_id(self.conn, missing))

    def op(self, op_id: str) -> Op:
        found = self.known.get(op_id)
        return found if found is not None else self._ops[op_id]

    def creates(self, entity_id: str) -> list[Op]:
        """The record's creates, by op id (two only with a forged or hand-made id)."""
        return self._creates.get(entity_id, [])

    def add(self, op: Op) -> None:
        if op.kind in CREATING_KINDS:
            self._add_create(op)
            return
        for name in op.fields():
            self._make_creates_explicit(op.entity_id, name)
            key = (op.entity_id, name)
            for pred in op.preds:
                self.superseded.add((op.entity_id, name, pred))
                held = self.heads.get(key)
                if held:
                    held.discard(pred)
            self._add_head(op.entity_id, name, op.op_id)

    def _add_head(self, entity_id: str, name: str, op_id: str) -> None:
        if (entity_id, name, op_id) not in self.superseded:
            self.heads.setdefault((entity_id, name), set()).add(op_id)

    def _add_create(self, op: Op) -> None:
        creates = self.creates(op.entity_id)
        if len(creates) > 1:
            # Two creates of one record (only possible with a forged or hand-made id): every
            # field either names becomes explicit, so both values stay visible as a conflict.
            for name in sorted({n for create in creates for n in create.fields()}):
                for create in creates:
                    if name in create.fields():
                        self._add_head(op.entity_id, name, create.op_id)
            return
        for name in op.fields():
            if self.heads.get((op.entity_id, name)):
                self._add_head(op.entity_id, name, op.op_id)

    def _make_creates_explicit(self, entity_id: str, name: str) -> None:
        """Before the first edit of a field, its implicit head (the create) becomes a row."""
        if self.heads.get((entity_id, name)):
            return
        for create in self.creates(entity_id):
            if name in create.value:  # a create's fields are its value's keys
                self._add_head(entity_id, name, create.op_id)

    def save(self) -> None:
        """Write what changed: head rows gone and new, (field, op) pairs newly superseded."""
        gone: list[tuple[str, str, str]] = []
        added: list[tuple[str, str, str]] = []
        for key, ids in self.heads.items():
            was = self.before.get(key, set())
            gone += ((*key, op_id) for op_id in was - ids)
            added += ((*key, op_id) for op_id in ids - was)
        if gone:
            self.conn.executemany(
                "DELETE FROM field_heads WHERE entity_id=? AND field=? AND op_id=?", sorted(gone)
            )
        if added:
            self.conn.executemany("INSERT OR IGNORE INTO field_heads VALUES (?,?,?)", sorted(added))
        fresh = sorted(self.superseded - self.superseded_before)
        if fresh:
            self.conn.executemany("INSERT OR IGNORE INTO superseded VALUES (?,?,?)", fresh)
        self.before = {key: set(ids) for key, ids in self.heads.items()}
        self.superseded_before = set(self.superseded)

    def explicit_heads(self, entity_ids: Iterable[str]) -> dict[str, dict[str, list[Op]]]:
        """The heads kept as rows for every field of these records (each list in display order,
        the winner last). A field of the record's first create with no such row has that create
        as its one, implicit head (`_row` reads it from the create's value)."""
        wanted = set(entity_ids)
        by_record: dict[str, dict[str, list[str]]] = {}
        for (entity_id, name), ids in self.heads.items():
            if ids and entity_id in wanted:
                by_record.setdefault(entity_id, {})[name] = sorted(ids)
        self._ops_needed(
            op_id for names in by_record.values() for ids in names.values() for op_id in ids
        )
        out: dict[str, dict[str, list[Op]]] = {}
        for entity_id in wanted:
            heads = {
                name: [self.op(op_id) for op_id in ids]
                for name, ids in by_record.get(entity_id, {}).items()
            }
            for ops in heads.values():
                if len(ops) > 1:
                    ops.sort(key=Op.order_key)
            out[entity_id] = heads
        return out


def op_count(conn: sqlite3.Connection) -> int:
    """How many ops the log holds (counted on the log's table: the `ops` view joins devices)."""
    return int(conn.execute("SELECT count(*) FROM op_log").fetchone()[0])


def device_count(conn: sqlite3.Connection) -> int:
    """How many devices made the ops held."""
    return int(
        conn.execute(
            "SELECT count(*) FROM op_devices d"
            " WHERE EXISTS (SELECT 1 FROM op_log o WHERE o.device = d.key)"
        ).fetchone()[0]
    )


def row_to_op(row: sqlite3.Row | tuple[Any, ...]) -> Op:
    return Op(
        op_id=row[0],
        origin_device=row[1],
        origin_seq=row[2],
        hlc=row[3],
        author=row[4],
        entity=row[5],
        entity_id=row[6],
        field=row[7],
        value_json=row[8],
        preds=() if row[9] == "[]" else tuple(json.loads(row[9])),
        kind=row[10],
    )


OP_COLUMNS = (
    "op_id, origin_device, origin_seq, hlc, author, entity, entity_id, field, value_json,"
    " preds_json, kind"
)


def _create_ops(conn: sqlite3.Connection, entity_id: str) -> list[Op]:
    rows = conn.execute(
        f"SELECT {OP_COLUMNS} FROM ops WHERE entity_key = id_key(?)"
        " AND kind IN ('create', 'attach') ORDER BY op_id",
        (entity_id,),
    )
    return [row_to_op(row) for row in rows]


def _create_op(conn: sqlite3.Connection, entity_id: str) -> Op | None:
    """The record's create (the first by id, should there be two)."""
    creates = _create_ops(conn, entity_id)
    return creates[0] if creates else None


def ops_by_id(conn: sqlite3.Connection, op_ids: Iterable[str]) -> dict[str, Op]:
    ids = list(op_ids)
    found: dict[str, Op] = {}
    for chunk in _chunks(ids):
        rows = conn.execute(
            f"SELECT {OP_COLUMNS} FROM ops WHERE op_key IN ({opstore.key_marks(len(chunk))})",
            chunk,
        )
        for row in rows:
            op = row_to_op(row)
            found[op.op_id] = op
    return found


def record_heads(conn: sqlite3.Connection, entity_id: str) -> dict[str, list[Op]]:
    """Current heads of every field of one record, the create's implicit heads included."""
    return _heads_and_create(conn, entity_id)[0]


def _heads_and_create(
    conn: sqlite3.Connection, entity_id: str
) -> tuple[dict[str, list[Op]], Op | None]:
    heads: dict[str, list[Op]] = {}
    rows = conn.execute(
        f"SELECT fh.field, {', '.join('o.' + c.strip() for c in OP_COLUMNS.split(','))}"
        " FROM field_heads fh JOIN ops o ON o.op_key = id_key(fh.op_id) WHERE fh.entity_id = ?",
        (entity_id,),
    )
    for row in rows:
        heads.setdefault(row[0], []).append(row_to_op(row[1:]))
    create = _create_op(conn, entity_id)
    if create is not None:
        for name in create.fields():
            heads.setdefault(name, [create])
    for ops in heads.values():
        ops.sort(key=Op.order_key)
    return heads, create


def field_heads(conn: sqlite3.Connection, entity_id: str, name: str) -> list[Op]:
    return record_heads(conn, entity_id).get(name, [])


def _conflict_keys(conn: sqlite3.Connection, entity_ids: list[str]) -> set[tuple[str, str]]:
    keys: set[tuple[str, str]] = set()
    for chunk in _chunks(entity_ids):
        rows = conn.execute(
            f"SELECT entity_id, field FROM conflicts WHERE entity_id IN ({_placeholders(len(chunk))})",
            chunk,
        )
        keys.update((row[0], row[1]) for row in rows)
    return keys


def _materialise(
    conn: sqlite3.Connection,
    touched: dict[str, str],
    fresh: set[str],
    any_op: dict[str, Op],
    heads: _Heads,
) -> dict[str, set[str]]:
    """Rewrite the materialised row of every touched record; return changed ids per entity."""
    changed: dict[str, set[str]] = {}
    fresh_creates: dict[str, list[Op]] = {}
    edited: dict[str, str] = {}
    for entity_id, entity in touched.items():
        if entity not in ENTITIES:
            continue  # a record kind from a newer version: kept in the log, shown after upgrade
        if entity_id in fresh:
            fresh_creates.setdefault(entity, []).append(any_op[entity_id])
        else:
            edited[entity_id] = entity
        changed.setdefault(entity, set()).add(entity_id)
    fresh_rows: dict[str, list[tuple[Any, ...]]] = {}
    keys = _CreatorKeys(conn, (op for ops in fresh_creates.values() for op in ops))
    for entity, creates in fresh_creates.items():
        names = ENTITIES[entity].field_names
        fresh_rows[entity] = [_created_row(create, names, keys) for create in creates]
    _write_rows(conn, fresh_rows)
    _rewrite_rows(conn, edited, heads)
    return changed


class _CreatorKeys:
    """The keys a record row stores for its creating op's author (op_authors) and device
    (op_devices), looked up once per batch here rather than by a subquery per row."""

    def __init__(self, conn: sqlite3.Connection, creates: Iterable[Op]) -> None:
        authors: set[str] = set()
        devices: set[str] = set()
        for create in creates:
            authors.add(create.author)
            devices.add(create.origin_device)
        self.authors = opstore.name_keys(conn, "op_authors", authors) if authors else {}
        self.devices = opstore.device_keys(conn, devices) if devices else {}


def _write_rows(conn: sqlite3.Connection, rows_by_entity: dict[str, list[tuple[Any, ...]]]) -> None:
    """INSERT OR REPLACE materialised rows (id, fields..., bookkeeping...), one executemany per
    table; the rows carry the creator's author and device as their keys (`_CreatorKeys`)."""
    for entity, rows in rows_by_entity.items():
        if not rows:
            continue
        spec = ENTITIES[entity]
        columns = ["id", *spec.field_names, *(name for name, _ in BOOKKEEPING_COLUMNS)]
        conn.executemany(
            f"INSERT OR REPLACE INTO {spec.table} ({', '.join(columns)})"
            f" VALUES ({','.join('?' * len(columns))})",
            rows,
        )


_PLAIN = frozenset((str, int, float, type(None)))  # stored as they are (bool is not: 0/1)


def _created_row(create: Op, names: Sequence[str], keys: _CreatorKeys) -> tuple[Any, ...]:
    """The materialised row of a record whose only op is its create: the create's values."""
    columns = list(map(create.value.get, names))
    # issuperset walks the types without building a set (a household has 35 columns)
    if not _PLAIN.issuperset(map(type, columns)):  # a list, an object or a boolean among them
        columns = [v if type(v) in _PLAIN else column_value(v) for v in columns]
    hlc = create.hlc
    author = keys.authors[create.author]
    device = keys.devices[create.origin_device]
    return (create.entity_id, *columns, hlc, hlc, author, device, 0, 0, 0)


def column_value(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        return canonical_json(value)
    if isinstance(value, bool):
        return int(value)
    return value


def _rewrite_rows(conn: sqlite3.Connection, records: dict[str, str], heads: _Heads) -> None:
    """Recompute these records' rows and conflicts from their heads (`heads` holds them all)."""
    if not records:
        return
    ids = list(records)
    conn.executemany("DELETE FROM conflicts WHERE entity_id = ?", [(i,) for i in ids])
    conflicts: list[tuple[str, str, str, int]] = []
    rows: dict[str, list[tuple[Any, ...]]] = {}
    by_record = heads.explicit_heads(ids)
    keys = _CreatorKeys(conn, (c[0] for c in map(heads.creates, by_record) if c))
    for entity_id, explicit in by_record.items():
        entity = records[entity_id]
        creates = heads.creates(entity_id)
        if not creates:
            continue  # edits that arrived before their record: shown once the create arrives
        row, conflicting = _row(entity, entity_id, explicit, creates[0], keys)
        conflicts += ((entity, entity_id, name, len(explicit[name])) for name in conflicting)
        rows.setdefault(entity, []).append(row)
    if conflicts:
        conn.executemany("INSERT INTO conflicts VALUES (?,?,?,?)", conflicts)
    _write_rows(conn, rows)


def _row(
    entity: str, entity_id: str, explicit: dict[str, list[Op]], create: Op, keys: _CreatorKeys
) -> tuple[tuple[Any, ...], list[str]]:
    """One record's materialised row from its heads (the rule of domain/merge.py), and the
    fields in conflict. `explicit`: the heads kept as rows; every other field of `create` (the
    record's first) has the create as its one head, so its value is the create's: the row
    starts from the create's value (a household has 35 fields, an edit names one)."""
    spec = ENTITIES[entity]
    values = dict(create.value)
    values.pop(DELETED, None)
    for name, ops in explicit.items():
        if name != DELETED:
            values[name] = ops[-1].value_of(name)
    conflicting = [name for name, ops in explicit.items() if len(ops) > 1 and disagree(name, ops)]
    implicit = create.value.keys() - explicit.keys()  # the fields whose one head is the create
    deleted, delete_conflict = _deletion(explicit, create if implicit - {DELETED} else None)
    hlcs = [op.hlc for ops in explicit.values() for op in ops]
    if implicit:
        hlcs.append(create.hlc)
    updated = max(hlcs, default=create.hlc)  # no field has a head: creates without fields
    columns = list(map(values.get, spec.field_names))
    if not _PLAIN.issuperset(map(type, columns)):
        columns = [v if type(v) in _PLAIN else column_value(v) for v in columns]
    row = (
        entity_id,
        *columns,
        create.hlc,
        updated,
        keys.authors[create.author],
        keys.devices[create.origin_device],
        int(deleted),
        int(delete_conflict),
        len(conflicting),
    )
    return row, conflicting


def disagree(name: str, heads: Sequence[Op]) -> bool:
    """Several heads are a conflict only when their values differ: two laptops that made the
    same change agree."""
    return len({canonical_json(op.value_of(name)) for op in heads}) > 1


def _deletion(explicit: dict[str, list[Op]], implicit: Op | None) -> tuple[bool, bool]:
    """(deleted, delete_conflict) by the rule in domain/merge.py; `implicit`: the create when it
    is still the one head of some field (not counting the deletion mark)."""
    marks = explicit.get(DELETED, [])
    tombstones = [op for op in marks if op.kind == "delete"]
    if not tombstones:
        return False, False
    seen = {p for op in tombstones for p in op.preds}
    field_heads = {op.op_id for name, ops in explicit.items() if name != DELETED for op in ops}
    if implicit is not None:
        field_heads.add(implicit.op_id)
    if marks[-1].kind == "delete" and field_heads <= seen:
        return True, False
    return False, True


def rebuild_materialised(conn: sqlite3.Connection) -> None:
    """Recompute every record from the op log (after a schema change of the derived tables)."""
    for spec in ENTITIES.values():
        conn.execute(f"DELETE FROM {spec.table}")
    conn.execute("DELETE FROM field_heads")
    conn.execute("DELETE FROM superseded")
    conn.execute("DELETE FROM conflicts")
    rows = conn.execute(f"SELECT {OP_COLUMNS} FROM ops WHERE kind != 'event' ORDER BY hlc")
    ops = [row_to_op(row) for row in rows]
    touched = {op.entity_id: op.entity for op in ops}
    fresh = _fresh_creates_from(ops)
    heads = _Heads(conn, [i for i in touched if i not in fresh], {op.op_id: op for op in ops})
    for op in ops:
        if op.entity_id not in fresh:
            heads.add(op)
    heads.save()
    changed = _materialise(conn, touched, fresh, {op.entity_id: op for op in ops}, heads)
    derived.refresh(conn, changed)


def rebuild_records(conn: sqlite3.Connection, touched: dict[str, str]) -> None:
    """Recompute these records' heads, conflicts and rows from every op of theirs in the log
    (scoped sync: a purged record's kept ops meet its history again, storage/scoping.py)."""
    ids = list(touched)
    ops: list[Op] = []
    for chunk in _chunks(ids):
        marks = _placeholders(len(chunk))
        for table in ("field_heads", "superseded"):
            conn.execute(f"DELETE FROM {table} WHERE entity_id IN ({marks})", chunk)
        rows = conn.execute(
            f"SELECT {OP_COLUMNS} FROM ops WHERE entity_key IN ({opstore.key_marks(len(chunk))})"
            " AND kind != 'event'",
            chunk,
        )
        ops.extend(row_to_op(row) for row in rows)
    heads = _Heads(conn, ids, {op.op_id: op for op in ops})
    for op in sorted(ops, key=lambda o: o.hlc):
        heads.add(op)
    heads.save()
    _rematerialise(conn, touched, heads)


def rematerialise(conn: sqlite3.Connection, touched: dict[str, str]) -> None:
    """Rewrite these records from their ops (after an op's stored value was replaced)."""
    _rematerialise(conn, touched, _Heads(conn, list(touched), {}))


def _rematerialise(conn: sqlite3.Connection, touched: dict[str, str], heads: _Heads) -> None:
    linked_before = derived.linked_households(conn, touched)
    known = {entity_id: entity for entity_id, entity in touched.items() if entity in ENTITIES}
    _rewrite_rows(conn, known, heads)
    changed: dict[str, set[str]] = {}
    for entity_id, entity in known.items():
        changed.setdefault(entity, set()).add(entity_id)
    derived.refresh(conn, changed, linked_before)


def _fresh_creates_from(ops: list[Op]) -> set[str]:
    count = Counter(op.entity_id for op in ops)
    return {op.entity_id for op in ops if op.kind in CREATING_KINDS and count[op.entity_id] == 1}


def new_local_ops(conn: sqlite3.Connection, author: str, drafts: Sequence[Draft]) -> list[Op]:
    """Turn drafts into ops of this device: next seqs, clock values, and preds = current heads.
    Call inside the write transaction that applies them. Seqs, clock values and ids are taken
    for the whole batch at once (a bulk load makes thousands)."""
    if not drafts:
        return []
    device = meta.device_id(conn)
    count = len(drafts)
    seq = meta.next_seq(conn, count)
    clock = Clock(meta.clock_last(conn))
    hlc = clock.tick_many(count)
    op_ids = uuid7_many(count)
    ops: list[Op] = []
    # This batch's ops per record, newest last: a later draft's preds are the newest of them
    # that names its field (looked up only when a record has several drafts in the batch).
    pending: dict[str, list[Op]] = {}
    for offset, draft in enumerate(drafts):
        kind = draft.kind
        creating = kind in CREATING_KINDS
        value = draft.value
        op = Op(
            op_ids[offset],
            device,
            seq + offset,
            hlc + offset,
            author,
            draft.entity,
            draft.entity_id,
            None if creating else draft.field,
            canonical_json(value) if draft.value_json is None else draft.value_json,
            () if creating or kind == "event" else tuple(_preds_for(conn, draft, pending)),
            kind,
        )
        if _json_native(value):
            # json.loads(value_json) would give an equal value: keep the draft's, not parse it
            op.__dict__["value"] = value
        earlier = pending.get(draft.entity_id)
        if earlier is None:
            pending[draft.entity_id] = [op]
        else:
            earlier.append(op)
        ops.append(op)
    meta.set_clock_last(conn, clock.last)
    return ops


_SCALARS = frozenset((str, int, float, bool, type(None)))
_STR = frozenset((str,))


def _json_native(value: Any) -> bool:
    """Whether JSON text of `value` parses back to an equal value of the same types (no tuples,
    no int keys, no subclasses)."""
    kind = type(value)
    if kind in _SCALARS:
        return True
    if kind is dict:
        if not set(map(type, value)) <= _STR:
            return False
        if set(map(type, value.values())) <= _SCALARS:  # the common flat record: no recursion
            return True
        return all(_json_native(v) for v in value.values())
    if kind is list:
        return all(_json_native(v) for v in value)
    return False


def _newest(ops: list[Op], name: str) -> list[str] | None:
    for op in reversed(ops):
        if name in op.fields():
            return [op.op_id]
    return None


def _preds_for(conn: sqlite3.Connection, draft: Draft, pending: dict[str, list[Op]]) -> list[str]:
    if draft.kind in CREATING_KINDS or draft.kind == "event":
        return []
    earlier = pending.get(draft.entity_id, [])
    if draft.kind == "delete":
        heads = record_heads(conn, draft.entity_id)
        names = set(heads) | {name for op in earlier for name in op.fields()}
        preds: set[str] = set()
        for name in names:
            preds.update(_newest(earlier, name) or [op.op_id for op in heads.get(name, [])])
        return sorted(preds)
    assert draft.field is not None
    newest = _newest(earlier, draft.field)
    if newest is not None:
        return newest
    return sorted(op.op_id for op in field_heads(conn, draft.entity_id, draft.field))
