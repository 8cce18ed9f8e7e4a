"""What the hub sends a laptop that holds only its scope (docs/sync.md, "Scoped sync").

From the ops the laptop has not acknowledged (`H − A`) the bundle carries: the ops of records in
the scope (pool holders outside it withheld), the ops that move a record out of the scope (so
the laptop sees it leave), and the whole history of every record that enters the scope — by a
move in `H − A`, or because the scope grew since the scope the laptop last confirmed. `covers`
tells the laptop it accounts for everything the hub held, so its acknowledgement stays a few
contiguous ranges and the next bundle is again only what is missing.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from domain.ops import Op
from domain.records import ENTITIES
from domain.scope import Scope, same
from storage import oplog, opstore, scoping, sync_tables
from sync import op_records
from sync import ranges as rs
from sync.ranges import Ranges, RangeSet


@dataclass
class ScopedPlan:
    scope: Scope
    send: Ranges = field(default_factory=dict)
    covers: Ranges = field(default_factory=dict)
    redacted: set[str] = field(default_factory=set)  # op ids sent with the holder withheld
    counts: Counter[str] = field(default_factory=Counter)
    attach_values: list[str] = field(default_factory=list)
    entering: int = 0  # records whose whole history this bundle carries
    in_scope_ops: int = 0


# Past this many records (or ops) to judge, reading the scope's records once costs less than
# asking about them one by one (`scoping.scoped_membership`).
WHOLE = 20_000
_MOVING_NAMES = frozenset((*scoping.PARENT_FIELDS, *scoping.PROJECT_AREA_FIELDS))


def _moving(op: Op) -> bool:
    """Does this op change where its record belongs?"""
    if op.kind not in ("set", "resolve") or op.field is None:
        return False
    spec = ENTITIES.get(op.entity)
    if spec is None:
        return False
    if op.entity == "project":
        return op.field in scoping.PROJECT_AREA_FIELDS
    return op.field in scoping.PARENT_FIELDS and spec.has_field(op.field)


def _current(conn: sqlite3.Connection, entity: str, record_id: str) -> dict[str, Any]:
    spec = ENTITIES[entity]
    names = [f for f in (*scoping.PARENT_FIELDS, *scoping.PROJECT_AREA_FIELDS) if spec.has_field(f)]
    if not names:
        return {}
    row = conn.execute(
        f"SELECT {', '.join(names)} FROM {spec.table} WHERE id = ?", (record_id,)
    ).fetchone()
    return dict(zip(names, row, strict=True)) if row is not None else {}


def _was_inside(
    conn: sqlite3.Connection,
    m: scoping.Membership,
    op: Op,
    entered: set[str] | frozenset[str] = frozenset(),
    held: Callable[[str], bool] | None = None,
) -> bool:
    """Was the record in the scope with the value(s) this op replaced? A parent that has itself
    entered the scope since (`entered`) does not count: the laptop did not hold its children.
    `held(parent)`, when given, replaces "the parent is in `m` now" (see `_EverHeld`)."""
    assert op.field is not None
    befores = [p.value_of(op.field) for p in oplog.ops_by_id(conn, op.preds).values()]
    row = _current(conn, op.entity, op.entity_id)
    for before in befores:
        values = {**row, op.field: before}
        if op.entity == "project":
            if m.scope.matches_project(
                op.entity_id, values.get("district"), values.get("sub_district")
            ):
                return True
            continue
        if op.entity in scoping.POOL:
            # Always held; its attachments only while its holder may be seen there.
            if op.field != scoping.HOLDER_FIELD.get(op.entity):
                return True
            holder = values.get(op.field)
            if not holder or (m.has_household(str(holder)) and str(holder) not in entered):
                return True
            continue
        owner = next((values[f] for f in scoping.PARENT_FIELDS if values.get(f)), None)
        if owner is None or m.entity_of(str(owner)) in scoping.POOL:
            return True
        inside = held(str(owner)) if held is not None else m.contains(str(owner))
        if inside and str(owner) not in entered:
            return True
    return False


class _EverHeld:
    """Could a laptop whose holdings were filtered by `m`'s scope hold this record? Yes when any
    value its placement fields ever had (concurrent ones included) put it under a parent that
    could itself be held — all the way up to a project whose district or sub-district ever
    matched. Judging a parent by its value *now* is not enough: a project that has since moved
    out of the old scope (an op the laptop has not acknowledged) still carries, on the laptop,
    the households it had; if the scope then changes to the project's new sub-district, the
    project enters, but a household that meanwhile moved from it to a project outside the new
    scope must still be told to leave (the random test found this). Too generous only sends a
    move-out notice for a record the laptop never had, which its purge drops (`rowless`)."""

    def __init__(self, conn: sqlite3.Connection, m: scoping.Membership) -> None:
        self.conn, self.m = conn, m
        self.known: dict[str, bool] = {}

    def __call__(self, record_id: str) -> bool:
        found = self.known.get(record_id)
        if found is None:
            self.known[record_id] = False  # a cycle of parents holds nothing
            found = self.known[record_id] = self._decide(record_id)
        return found

    def _values(self, record_id: str, names: tuple[str, ...]) -> dict[str, set[Any]]:
        """Every value each of `names` ever had: from the creates and the set/resolve ops."""
        found: dict[str, set[Any]] = {name: set() for name in names}
        marks = ",".join("?" * len(names))
        rows = self.conn.execute(
            f"SELECT {oplog.OP_COLUMNS} FROM ops WHERE entity_key = id_key(?) AND kind != 'event'"
            f" AND (field IN ({marks}) OR kind IN ('create', 'attach'))",
            (record_id, *names),
        )
        for row in rows:
            op = oplog.row_to_op(row)
            for name in names:
                if op.kind in ("create", "attach") or op.field == name:
                    found[name].add(op.value_of(name))
        return found

    def _decide(self, record_id: str) -> bool:
        m = self.m
        entity = m.entity_of(record_id)
        if entity is None:
            return False
        if m.contains(record_id) or entity in scoping.POOL:
            return True
        spec = ENTITIES[entity]
        if entity == "project":
            area = self._values(record_id, scoping.PROJECT_AREA_FIELDS)
            current = _current(self.conn, entity, record_id)
            districts = area["district"] | {current.get("district")}
            subs = area["sub_district"] | {current.get("sub_district")}
            return any(m.scope.matches_project(record_id, d, s) for d in districts for s in subs)
        names = tuple(f for f in scoping.PARENT_FIELDS if spec.has_field(f))
        if not names:
            return False
        values = self._values(record_id, names)
        owners = {str(v) for found in values.values() for v in found if v}
        return any(self(owner) for owner in sorted(owners))


def _ever_inside(
    conn: sqlite3.Connection, m: scoping.Membership, op: Op, held: _EverHeld | None = None
) -> bool:
    """Did any value this field ever had (concurrent ones included) put the record under a
    parent the laptop may hold? Then the laptop may hold it, and must see every move of it.
    (`held`: one `_EverHeld(conn, m)` shared by a plan's calls.)"""
    assert op.field is not None
    held = held if held is not None else _EverHeld(conn, m)
    rows = conn.execute(
        f"SELECT {oplog.OP_COLUMNS} FROM ops WHERE entity_key = id_key(?) AND kind != 'event'"
        " AND (field = ? OR kind IN ('create', 'attach'))",
        (op.entity_id, op.field),
    )
    for row in rows:
        other = oplog.row_to_op(row)
        if other.op_id != op.op_id and _was_inside(conn, m, _as_pred_of(op, other), held=held):
            return True
    return False


def _surely_held(
    conn: sqlite3.Connection,
    m: scoping.Membership,
    op: Op,
    entered: set[str] | frozenset[str] = frozenset(),
) -> bool:
    """May the hub assume the laptop still holds the record this (now in-scope) move is about?
    Only when *every* value the field ever had put it inside: with concurrent moves the laptop
    may have seen another value than the one this op replaced (a concurrent move out, which it
    purged the record for), so judging by the replaced value alone can miss a record that must
    come back whole. Assuming too little only sends a history again (import is idempotent)."""
    if not _was_inside(conn, m, op, entered):
        return False
    rows = conn.execute(
        f"SELECT {oplog.OP_COLUMNS} FROM ops WHERE entity_key = id_key(?) AND kind != 'event'"
        " AND (field = ? OR kind IN ('create', 'attach'))",
        (op.entity_id, op.field),
    )
    for row in rows:
        other = oplog.row_to_op(row)
        if other.op_id != op.op_id and not _was_inside(conn, m, _as_pred_of(op, other), entered):
            return False
    return True


def _as_pred_of(op: Op, other: Op) -> Op:
    """`op` as if `other` were its only predecessor (to ask what `other`'s value meant)."""
    return Op(
        op.op_id, op.origin_device, op.origin_seq, op.hlc, op.author, op.entity, op.entity_id,
        op.field, op.value_json, (other.op_id,), op.kind,
    )  # fmt: skip


def plan(
    conn: sqlite3.Connection,
    scope: Scope,
    holding: Ranges,
    acked: Ranges,
    confirmed: tuple[bool, Scope | None],
    *,
    laptop: str = "",
    evaluated: Ranges | None = None,
) -> ScopedPlan:
    m = scoping.scoped_membership(conn, scope)
    # What the laptop holds is decided by the scope it last confirmed (the scope of the newest
    # hub bundle it imported): a record "enters" when it was outside *that* scope.
    known, old = confirmed
    if not known:
        before: scoping.Membership | None = m
    elif old is None:
        before = None  # it held the whole district
    else:
        before = m if same(old, scope) else scoping.scoped_membership(conn, old)
    result = ScopedPlan(scope)
    chosen: dict[str, set[int]] = {}
    undecided: dict[str, list[int]] = {}
    entering: set[str] = set()
    moves: list[Op] = []  # moves into (or within) the scope, for the second look below
    # A move out must reach the laptop when it may hold the record by the scope it confirmed,
    # or by this bundle's scope: an earlier bundle of this scope, imported but not yet
    # confirmed, may have brought the record, and once this bundle is imported the laptop's
    # holdings are filtered by this scope (docs/sync.md, item 2).
    judges: list[_EverHeld] = []
    if before is not None:
        judges = [_EverHeld(conn, before)] + ([] if before is m else [_EverHeld(conn, m)])

    def take(row: Sequence[Any], stored: bool = False) -> None:
        """Plan one op row (OP_COLUMNS order; `stored`: as sync_tables.stored_lists_in_ranges
        gives it); its id and value are read, and an Op built, only where they are needed."""
        origin, seq, entity, kind = row[1], row[2], row[5], row[10]
        seqs = chosen.setdefault(origin, set())
        if seq in seqs:
            return
        seqs.add(seq)
        result.counts["event" if kind == "event" else entity] += 1
        if stored and (kind == "attach" or entity in scoping.HOLDER_FIELD):
            row = sync_tables.completed(conn, list(row))
        if kind == "attach":
            result.attach_values.append(row[8])
        if entity in scoping.HOLDER_FIELD:
            holder = scoping.holder_named(_op_of(row))
            if holder is not None and not m.holder_visible(holder):
                result.redacted.add(row[0])

    missing = rs.difference(holding, acked)
    if rs.count(missing) > WHOLE:  # a first bundle: most of the scope is asked about anyway
        for judged in (m, before):
            if judged is not None:
                judged.read_whole()
    for origin, seqs in missing.items():
        # Ids and values as stored: most ops are judged by their record alone (no decoding).
        for row in sync_tables.stored_lists_in_ranges(conn, origin, seqs.ranges):
            entity, entity_id, name, kind = row[5], row[6], row[7], row[10]
            if not m.decided(entity, entity_id):
                undecided.setdefault(origin, []).append(row[2])
                continue
            inside = m.allows(entity, entity_id)
            if kind in ("set", "resolve") and name in _MOVING_NAMES:
                op = _op_of(sync_tables.completed(conn, row))
                if _moving(op):
                    if inside:
                        moves.append(op)
                        if before is not None and not _surely_held(conn, before, op):
                            entering.add(entity_id)
                    elif before is None or any(
                        _ever_inside(conn, judge.m, op, judge) for judge in judges
                    ):
                        take(row, stored=True)  # the record leaves: the laptop must see it go
                        continue
            if inside:
                take(row, stored=True)

    if before is not None and before is not m:
        entering |= m.every_inside() - before.every_inside()
    # The laptop's own ops since the hub last evaluated for it are acknowledged (it holds them)
    # but may have moved records, and its purge followed them: a record such an op brings back
    # into the scope comes with its whole history (docs/sync.md).
    if evaluated is not None and before is not None:
        own = {o: r for o, r in acked.items() if o in holding}
        since = rs.difference({o: r & holding[o] for o, r in own.items()}, evaluated)
        for origin, seqs in since.items():
            for row in sync_tables.stored_lists_in_ranges(conn, origin, seqs.ranges):
                if row[10] not in ("set", "resolve") or row[7] not in _MOVING_NAMES:
                    continue
                op = _op_of(sync_tables.completed(conn, row))
                if not _moving(op) or not m.allows(op.entity, op.entity_id):
                    continue
                if origin == laptop or not _surely_held(conn, before, op):
                    entering.add(op.entity_id)
                moves.append(op)
    # A record moved under a parent that itself entered (a household moved into a project that
    # then moved into the sub-district) enters too: repeat until nothing more enters.
    if before is not None:
        grown = True
        while grown:
            grown = False
            entered = scoping.closure(m, entering)
            for op in moves:
                if op.entity_id not in entering and not _surely_held(conn, before, op, entered):
                    entering.add(op.entity_id)
                    grown = True
    if entering:
        below = scoping.closure(m, entering)
        ids = sorted(below & m.every_inside() if len(below) > WHOLE else filter(m.contains, below))
        result.entering = len(ids)
        for start in range(0, len(ids), scoping.CHUNK):
            chunk = ids[start : start + scoping.CHUNK]
            rows = conn.execute(
                f"SELECT {oplog.OP_COLUMNS} FROM ops"
                f" WHERE entity_key IN ({opstore.key_marks(len(chunk))})",
                chunk,
            )
            for row in rows:
                take(row)
        # The laptop got every pool value naming an entering household withheld: the losing
        # claim of a double allocation, an earlier holder in a flat's history. Only the pool
        # records the household holds *now* are below it; the others' values come again here,
        # in full, so the laptop can name the household wherever it shows (the import replaces
        # a withheld op by its full form).
        for named in _pool_ops_naming(conn, set(ids)):
            take(named)

    result.send = {
        origin: RangeSet.from_sorted_seqs(sorted(seqs)) for origin, seqs in chosen.items() if seqs
    }
    result.covers = rs.difference(
        holding, {o: RangeSet.from_sorted_seqs(sorted(s)) for o, s in undecided.items()}
    )
    result.in_scope_ops = rs.count(result.send)
    return result


def _pool_ops_naming(conn: sqlite3.Connection, households: set[str]) -> Iterator[tuple[Any, ...]]:
    """Op rows (OP_COLUMNS order) of pool records that name one of `households` as holder,
    whatever the record's holder is now. Only a record whose holder was ever set after its
    create (it has heads of that field) can have named anybody but its holder now, whose ops
    come with the household anyway (they lie below it); those are found through the heads' and
    the op log's indexes, never by scanning the log."""
    if not households:
        return
    for entity, name in scoping.HOLDER_FIELD.items():
        table = ENTITIES[entity].table
        pool = [str(r[0]) for r in conn.execute(f"SELECT id FROM {table}")]
        edited: list[str] = []
        for start in range(0, len(pool), scoping.CHUNK):
            part = pool[start : start + scoping.CHUNK]
            edited += [
                str(r[0])
                for r in conn.execute(
                    "SELECT DISTINCT entity_id FROM field_heads WHERE field = ?"
                    f" AND entity_id IN ({','.join('?' * len(part))})",
                    (name, *part),
                )
            ]
        for start in range(0, len(edited), scoping.CHUNK):
            chunk = edited[start : start + scoping.CHUNK]
            rows = conn.execute(
                f"SELECT {oplog.OP_COLUMNS} FROM ops"
                f" WHERE entity_key IN ({opstore.key_marks(len(chunk))})"
                " AND (field = ? OR kind IN ('create', 'attach'))",
                (*chunk, name),
            )
            for row in rows:
                if scoping.holder_named(oplog.row_to_op(row)) in households:
                    yield row


def op_stream(conn: sqlite3.Connection, p: ScopedPlan) -> Iterator[list[Any]]:
    """The planned ops in (origin, seq) order as the payload's op records, read as the
    unscoped export reads them (`sync_tables.op_lists_in_ranges`: stored rows, no Op per op);
    only an op sent with its holder withheld is made an Op, to withhold it."""
    for origin, seqs in sorted(p.send.items()):
        for record in sync_tables.op_lists_in_ranges(conn, origin, seqs.ranges):
            if record[0] in p.redacted:
                op = _op_of(record)
                record = op_records.to_record(scoping.withheld(op) or op)
            yield record


def _op_of(row: Sequence[Any]) -> Op:
    """The Op of a view row (OP_COLUMNS order, preds as JSON text) or of an op record (the
    same order, preds as a list)."""
    preds = row[9]
    if isinstance(preds, str):
        return oplog.row_to_op(tuple(row))
    return Op(
        row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], tuple(preds),
        row[10],
    )  # fmt: skip
