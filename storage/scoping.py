"""Which records lie in a laptop's scope, and purging the ones that do not (docs/sync.md,
"Scoped sync").

`membership` evaluates the one rule over the materialised records: projects by district and
sub-district (or by id), everything else by the record it belongs to (household, request,
project; an attachment by its record). Flats, house tickets and ticket uses are the district
pool: every laptop holds them, but a holder (`household_id`) outside the scope is withheld. The
hub uses the rule to filter what it sends; a laptop uses the same rule on its own copy to purge.
Both read only materialised rows, which are a pure function of the set of ops held.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from domain.ops import CREATING_KINDS, Op, canonical_json
from domain.records import ENTITIES
from domain.scope import Scope
from storage import derived, oplog, opstore, search

# Pool records: visible to every laptop; the holder field only inside the scope.
POOL = ("flat", "house_ticket", "ticket_use")
HOLDER_FIELD = {"flat": "household_id", "house_ticket": "household_id"}
# The fields that say where a record belongs, most specific first.
PARENT_FIELDS = ("household_id", "request_id", "ticket_id", "project_id", "record_id")
PROJECT_AREA_FIELDS = ("district", "sub_district")
CHUNK = 500

SQL = """
CREATE TABLE sync_scopes (
    device_id TEXT PRIMARY KEY,
    scope TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE sync_covered (
    origin TEXT NOT NULL,
    lo INTEGER NOT NULL,
    hi INTEGER NOT NULL,
    PRIMARY KEY (origin, lo)
) WITHOUT ROWID;
CREATE TABLE sync_redacted (
    op_id TEXT PRIMARY KEY
) WITHOUT ROWID;
CREATE TABLE sync_peer_scope (
    peer TEXT PRIMARY KEY,
    number INTEGER NOT NULL,
    scope TEXT,
    evaluated TEXT
) WITHOUT ROWID;
CREATE TABLE sync_late_edits (
    op_id TEXT PRIMARY KEY,
    device TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    imported_at TEXT NOT NULL
) WITHOUT ROWID;
"""


def create_schema(conn: sqlite3.Connection) -> None:
    """Migration 5: scopes from the registry, what a laptop accounts for, withheld holders, the
    scope each laptop last confirmed (hub) and late edits (hub)."""
    for statement in SQL.split(";"):
        if statement.strip():
            conn.execute(statement)


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _marks(n: int) -> str:
    return ",".join("?" * n)


# --- scopes of devices (a copy of the registry's, for queries) ------------------------------


def put_scopes(conn: sqlite3.Connection, scopes: dict[str, Scope | None]) -> None:
    conn.execute("DELETE FROM sync_scopes")
    conn.executemany(
        "INSERT INTO sync_scopes VALUES (?, ?)",
        [(d, canonical_json(s.to_json())) for d, s in scopes.items() if s is not None],
    )


def scope_of(conn: sqlite3.Connection, device_id: str) -> Scope | None:
    row = conn.execute("SELECT scope FROM sync_scopes WHERE device_id = ?", (device_id,)).fetchone()
    return None if row is None else Scope.from_json(json.loads(row[0]))


# --- the rule ---------------------------------------------------------------------------------


@dataclass
class Membership:
    """The records of one scope, evaluated over this copy's materialised rows."""

    scope: Scope
    projects: set[str] = field(default_factory=set)
    households: set[str] = field(default_factory=set)
    inside: set[str] = field(default_factory=set)  # every in-scope record (pool records too)
    existing: dict[str, str] = field(default_factory=dict)  # every record id -> entity
    parent: dict[str, str] = field(default_factory=dict)  # record id -> the record it belongs to
    holder: dict[str, str] = field(default_factory=dict)  # pool record id -> household id
    # Pool records whose holder this copy holds withheld (a laptop: someone outside its scope).
    hidden: set[str] = field(default_factory=set)
    _kids: dict[str, list[str]] | None = field(default=None, repr=False)

    def allows(self, entity: str, entity_id: str) -> bool:
        """May an op about (entity, entity_id) go to this scope? Audit entries about a record
        follow the record; audit entries about anything else (bundles exported and imported,
        devices enrolled) are the district office's and stay at the hub."""
        return entity in ENTITIES and self.contains(entity_id)

    def contains(self, record_id: str) -> bool:
        """Is this record in the scope?"""
        return record_id in self.inside

    def has_household(self, record_id: str) -> bool:
        """Is this a household in the scope?"""
        return record_id in self.households

    def every_inside(self) -> set[str]:
        """Every in-scope record (pool records too)."""
        return self.inside

    def read_whole(self) -> None:
        """Answer from the scope's records read at once (the rule over every record already
        does)."""

    def decided(self, entity: str, entity_id: str) -> bool:
        """False for an op about a record this copy has not seen created yet."""
        return entity not in ENTITIES or self.entity_of(entity_id) is not None

    def entity_of(self, record_id: str) -> str | None:
        """The kind of a record this copy has a row of, else None."""
        return self.existing.get(record_id)

    def holder_visible(self, household_id: Any) -> bool:
        return not household_id or self.has_household(str(household_id))

    def pool_open(self, pool_id: str) -> bool:
        """May this scope see a pool record's attachments (a ticket's scan, an allocation
        agreement)? While it names no household, or names one inside the scope: its personal
        parts go where its holder goes."""
        if pool_id in self.hidden:
            return False
        return self.holder_visible(self.holder.get(pool_id))

    def children(self) -> dict[str, list[str]]:
        """Record id -> the records below it (built once: asked in a loop by the hub's plan)."""
        if self._kids is None:
            found: dict[str, list[str]] = {}
            for child, parent in self.parent.items():
                found.setdefault(parent, []).append(child)
            for pool_id, household in self.holder.items():
                found.setdefault(household, []).append(pool_id)
            self._kids = found
        return self._kids

    def children_of(self, ids: Iterable[str]) -> set[str]:
        """The records directly below any of `ids`."""
        kids = self.children()
        return {child for rid in ids for child in kids.get(rid, ())}


def _rows(conn: sqlite3.Connection, table: str, columns: Sequence[str]) -> list[tuple[Any, ...]]:
    return conn.execute(f"SELECT {', '.join(['id', *columns])} FROM {table}").fetchall()


def _ordered_entities() -> list[str]:
    """Parents before children: projects, households, requests, tickets, the rest, attachments."""
    first = ["project", "household", "request", "house_ticket", "flat"]
    last = ["attachment"]
    middle = [name for name in ENTITIES if name not in first and name not in last]
    return [n for n in first if n in ENTITIES] + middle + [n for n in last if n in ENTITIES]


def hidden_holders(conn: sqlite3.Connection) -> set[str]:
    """Pool records whose holder is withheld here: the op that decides their holder (the
    winning head of `household_id`, or the create) reached this copy with the holder removed.
    Empty on the hub, which receives nothing withheld."""
    names = list(HOLDER_FIELD)
    # From the (small, on the hub empty) table of withheld ops to the op log, never the reverse.
    rows = conn.execute(
        "SELECT DISTINCT o.entity_id FROM sync_redacted r CROSS JOIN ops o"
        f" ON o.op_key = id_key(r.op_id) WHERE o.entity IN ({_marks(len(names))})",
        names,
    ).fetchall()
    hidden: set[str] = set()
    if not rows:
        return hidden
    redacted = redacted_ids(conn)
    candidates = sorted(str(r[0]) for r in rows)
    for chunk in _chunks(candidates):
        heads: dict[str, list[str]] = {}
        for entity_id, op_id in conn.execute(
            "SELECT entity_id, op_id FROM field_heads WHERE field = 'household_id'"
            f" AND entity_id IN ({_marks(len(chunk))})",
            list(chunk),
        ):
            heads.setdefault(str(entity_id), []).append(str(op_id))
        for pool_id in chunk:
            found = heads.get(pool_id, [])
            if len(found) > 1:  # concurrent allocations: the winner decides
                ordered = oplog.record_heads(conn, pool_id).get("household_id", [])
                decisive = ordered[-1].op_id if ordered else None
            elif found:
                decisive = found[0]
            else:  # never set since its create: the create decides
                row = conn.execute(
                    "SELECT op_id FROM ops WHERE entity_key = id_key(?) AND kind = 'create'"
                    " LIMIT 1",
                    (pool_id,),
                ).fetchone()
                decisive = str(row[0]) if row else None
            if decisive in redacted:
                hidden.add(pool_id)
    return hidden


def _add_pool_record(m: Membership, name: str, rid: str, values: dict[str, Any]) -> None:
    """A flat, ticket or ticket use: always inside (the pool is shared); its holder noted."""
    m.inside.add(rid)
    holder = values.get("household_id")
    if name == "ticket_use":  # a use belongs to its ticket and its holder
        ticket = str(values.get("ticket_id") or "")
        holder = m.holder.get(ticket)
        if ticket:
            m.parent[rid] = ticket
        if ticket in m.hidden:
            m.hidden.add(rid)
    if holder:
        m.holder[rid] = str(holder)


def _read_projects(conn: sqlite3.Connection, scope: Scope, m: Membership) -> None:
    """Every project (few), and which of them the scope covers."""
    for pid, district, sub in _rows(conn, ENTITIES["project"].table, PROJECT_AREA_FIELDS):
        m.existing[pid] = "project"
        if scope.matches_project(pid, district, sub):
            m.projects.add(pid)
            m.inside.add(pid)


def membership(conn: sqlite3.Connection, scope: Scope) -> Membership:
    m = Membership(scope)
    m.hidden = hidden_holders(conn)
    for name in _ordered_entities():
        spec = ENTITIES[name]
        if name == "project":
            _read_projects(conn, scope, m)
            continue
        parents = [f for f in PARENT_FIELDS if spec.has_field(f)]
        for row in _rows(conn, spec.table, parents):
            rid = row[0]
            m.existing[rid] = name
            values = dict(zip(parents, row[1:], strict=True))
            if name in POOL:
                _add_pool_record(m, name, rid, values)
                continue
            owner = next((str(values[f]) for f in parents if values.get(f)), None)
            if owner is None:
                m.inside.add(rid)  # belongs to nothing narrower: shared (settings, …)
                continue
            m.parent[rid] = owner
            # An attachment of a pool record goes where the record's holder may be seen: to
            # everyone while it has none (a flat's floor plan), else only inside the scope.
            pool = m.existing.get(owner) in POOL
            inside = m.pool_open(owner) if pool else owner in m.inside
            if inside:
                m.inside.add(rid)
                if name == "household":
                    m.households.add(rid)
    return m


def _empty(column: str) -> str:
    return f"({column} IS NULL OR {column} = '')"


def _as_json(ids: Iterable[str]) -> str:
    return json.dumps(sorted(ids), ensure_ascii=False)


def _read_scope(conn: sqlite3.Connection, scope: Scope) -> Membership:
    """`membership(conn, scope)`'s sets (`inside`, `projects`, `households`, pool holders),
    reading the projects and the pool in full (both small, the pool always in scope) and then,
    kind by kind, only the rows whose owner is already inside, through the owner fields'
    indexes. (`existing` and `parent` then know only what was read.)"""
    m = Membership(scope)
    m.hidden = hidden_holders(conn)
    for name in _ordered_entities():
        spec = ENTITIES[name]
        if name == "project":
            _read_projects(conn, scope, m)
            continue
        parents = [f for f in PARENT_FIELDS if spec.has_field(f)]
        if name in POOL:  # as in `membership`
            for row in _rows(conn, spec.table, parents):
                m.existing[row[0]] = name
                _add_pool_record(m, name, row[0], dict(zip(parents, row[1:], strict=True)))
            continue
        columns = ", ".join(["id", *parents])
        found: list[tuple[Any, ...]] = []
        if parents:
            inside = _as_json(m.inside)
            for index, name_field in enumerate(parents):
                before = "".join(f" AND {_empty(f)}" for f in parents[:index])
                found += conn.execute(
                    f"SELECT {columns} FROM {spec.table} WHERE {name_field} IN"
                    f" (SELECT value FROM json_each(?)){before}",
                    (inside,),
                ).fetchall()
            every_empty = " AND ".join(_empty(f) for f in parents)
            found += conn.execute(
                f"SELECT {columns} FROM {spec.table} WHERE {every_empty}"
            ).fetchall()
        else:
            found = conn.execute(f"SELECT id FROM {spec.table}").fetchall()
        for row in found:
            rid = row[0]
            m.existing[rid] = name
            values = dict(zip(parents, row[1:], strict=True))
            owner = next((str(values[f]) for f in parents if values.get(f)), None)
            if owner is None:
                m.inside.add(rid)  # belongs to nothing narrower: shared (settings, …)
                continue
            m.parent[rid] = owner
            pool = m.existing.get(owner) in POOL
            if m.pool_open(owner) if pool else owner in m.inside:
                m.inside.add(rid)
                if name == "household":
                    m.households.add(rid)
    return m


_ORDER = {name: index for index, name in enumerate(_ordered_entities())}
# The kind an owner field names, tried first (`record_id` may name any kind).
_OWNER_KIND = {
    "household_id": "household",
    "request_id": "request",
    "ticket_id": "house_ticket",
    "project_id": "project",
}


@dataclass
class _Asked(Membership):
    """The rule for the hub's plan, evaluated only for the records asked about: a record's
    row is read when asked (by its primary key), then its owner's, up to the project; what lies
    below a record is found through the owner fields' indexes. Asking for every in-scope
    record at once (`every_inside`) reads the scope, never the rest of the district. The sets
    of `Membership` stay empty: ask through its methods."""

    conn: Any = field(default=None, repr=False)
    _kinds: dict[str, str | None] = field(default_factory=dict, repr=False)
    _rows: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)
    _in: dict[str, bool] = field(default_factory=dict, repr=False)
    _whole: Membership | None = field(default=None, repr=False)
    _ids: set[str] | None = field(default=None, repr=False)  # every record's id, when read

    def _row(self, name: str, record_id: str) -> dict[str, Any] | None:
        """The owner fields of a record of kind `name`, or None when it has no such row."""
        key = f"{name}:{record_id}"
        if key not in self._rows:
            spec = ENTITIES[name]
            parents = [f for f in PARENT_FIELDS if spec.has_field(f)]
            row = self.conn.execute(
                f"SELECT {', '.join(['id', *parents])} FROM {spec.table} WHERE id = ?",
                (record_id,),
            ).fetchone()
            if row is None:
                return None
            self._rows[key] = dict(zip(parents, row[1:], strict=True))
            self._kinds[record_id] = name
        return self._rows[key]

    def entity_of(self, record_id: str, hint: str | None = None) -> str | None:
        if record_id in self._kinds:
            return self._kinds[record_id]
        if hint is not None and hint in ENTITIES and self._row(hint, record_id) is not None:
            return hint
        union = " UNION ALL ".join(
            f"SELECT '{name}' FROM {spec.table} WHERE id = ?" for name, spec in ENTITIES.items()
        )
        row = self.conn.execute(f"{union} LIMIT 1", [record_id] * len(ENTITIES)).fetchone()
        found = self._kinds[record_id] = str(row[0]) if row else None
        return found

    def decided(self, entity: str, entity_id: str) -> bool:
        if entity not in ENTITIES:
            return True
        if self._ids is not None:
            return entity_id in self._ids
        return self.entity_of(entity_id, entity) is not None

    def allows(self, entity: str, entity_id: str) -> bool:
        if entity not in ENTITIES:
            return False
        if self._whole is not None:
            return entity_id in self._whole.inside
        self.entity_of(entity_id, entity)  # one primary-key read when the kind is right
        return self.contains(entity_id)

    def contains(self, record_id: str) -> bool:
        if self._whole is not None:
            return record_id in self._whole.inside
        known = self._in.get(record_id)
        if known is None:
            self._in[record_id] = False  # a cycle of owners is outside
            known = self._in[record_id] = self._decide(record_id)
        return known

    def _decide(self, record_id: str) -> bool:
        name = self.entity_of(record_id)
        if name is None:
            return False
        if name == "project":
            row = self.conn.execute(
                "SELECT district, sub_district FROM projects WHERE id = ?", (record_id,)
            ).fetchone()
            return self.scope.matches_project(record_id, row[0], row[1])
        if name in POOL:
            return True
        values = self._row(name, record_id) or {}
        field_name = next((f for f in values if values.get(f)), None)
        if field_name is None:
            return True  # belongs to nothing narrower: shared (settings, …)
        owner = str(values[field_name])
        kind = self.entity_of(owner, _OWNER_KIND.get(field_name))
        # `membership` looks at owners of the kinds it has evaluated before this one
        if kind is None or _ORDER[kind] >= _ORDER[name]:
            return False
        return self.pool_open(owner) if kind in POOL else self.contains(owner)

    def has_household(self, record_id: str) -> bool:
        if self._whole is not None:
            return record_id in self._whole.households
        return self.entity_of(record_id, "household") == "household" and self.contains(record_id)

    def pool_open(self, pool_id: str) -> bool:
        if pool_id in self.hidden:
            return False
        kind = self.entity_of(pool_id)
        values = self._row(kind, pool_id) if kind in POOL else None
        if kind is None or values is None:
            return self.holder_visible(None)
        if kind == "ticket_use":  # a use belongs to its ticket and its holder
            ticket = str(values.get("ticket_id") or "")
            if ticket in self.hidden:
                return False
            ticket_row = self._row("house_ticket", ticket) if ticket else None
            return self.holder_visible((ticket_row or {}).get("household_id"))
        return self.holder_visible(values.get("household_id"))

    def every_inside(self) -> set[str]:
        return self.whole().inside

    def read_whole(self) -> None:
        """Read the scope's records, and every record's id (a first bundle asks whether each
        op's record exists: one read of the ids beats a look-up per record)."""
        self.whole()
        if self._ids is None:
            self._ids = set()
            for spec in ENTITIES.values():
                self._ids.update(
                    str(r[0]) for r in self.conn.execute(f"SELECT id FROM {spec.table}")
                )

    def whole(self) -> Membership:
        """Read the whole scope once (worth it when most of it is asked about anyway)."""
        if self._whole is None:
            self._whole = _read_scope(self.conn, self.scope)
        return self._whole

    def children_of(self, ids: Iterable[str]) -> set[str]:
        wanted = set(ids)
        if not wanted:
            return set()
        values = _as_json(wanted)
        found: set[str] = set()

        def select(sql: str) -> None:
            found.update(str(r[0]) for r in self.conn.execute(sql, (values,)))

        within = "IN (SELECT value FROM json_each(?))"
        for name in _ordered_entities():
            spec = ENTITIES[name]
            parents = [f for f in PARENT_FIELDS if spec.has_field(f)]
            if name == "ticket_use":  # below its ticket, and below the ticket's holder
                select(f"SELECT id FROM {spec.table} WHERE ticket_id {within}")
                select(
                    f"SELECT u.id FROM {spec.table} u JOIN {ENTITIES['house_ticket'].table} t"
                    f" ON t.id = u.ticket_id WHERE t.household_id {within}"
                )
                continue
            if name in POOL:  # below its holder
                select(f"SELECT id FROM {spec.table} WHERE household_id {within}")
                continue
            for index, name_field in enumerate(parents):
                before = "".join(f" AND {_empty(f)}" for f in parents[:index])
                select(f"SELECT id FROM {spec.table} WHERE {name_field} {within}{before}")
        return found


def scoped_membership(conn: sqlite3.Connection, scope: Scope) -> Membership:
    """The rule for the hub's plan: answers as `membership(conn, scope)` does, reading only
    the records asked about (and their owners), or the scope's records when all are asked for
    — never the whole district."""
    return _Asked(scope, hidden=hidden_holders(conn), conn=conn)


def closure(m: Membership, roots: Iterable[str]) -> set[str]:
    """The roots and every record below them (a project's households, their visits, …)."""
    found: set[str] = set()
    level = set(roots)
    while level:
        found |= level
        level = m.children_of(level) - found
    return found


def creatable(conn: sqlite3.Connection, scope: Scope, entity: str, values: dict[str, Any]) -> bool:
    """May a laptop with this scope create this record? Walks up from the record's owner (its
    household, request, project …) to the project, whose area decides."""
    if entity == "project":
        return scope.matches_project("", values.get("district"), values.get("sub_district"))
    if entity in POOL or entity not in ENTITIES:
        return True
    seen: set[str] = set()
    current_entity, current = entity, values
    while True:
        spec = ENTITIES[current_entity]
        owner_field = next((f for f in PARENT_FIELDS if spec.has_field(f) and current.get(f)), None)
        if owner_field is None:
            return current_entity != entity or not any(spec.has_field(f) for f in PARENT_FIELDS)
        owner = str(current[owner_field])
        if owner in seen:
            return False
        seen.add(owner)
        found = _record(conn, owner)
        if found is None:
            return False
        current_entity, current = found
        if current_entity == "project":
            return scope.matches_project(
                owner, current.get("district"), current.get("sub_district")
            )
        if current_entity in POOL:  # an attachment: only where its holder may be seen
            return membership(conn, scope).pool_open(owner)


def _record(conn: sqlite3.Connection, record_id: str) -> tuple[str, dict[str, Any]] | None:
    for name, spec in ENTITIES.items():
        names = [f for f in (*PARENT_FIELDS, *PROJECT_AREA_FIELDS) if spec.has_field(f)]
        row = conn.execute(
            f"SELECT {', '.join(['id', *names])} FROM {spec.table} WHERE id = ?", (record_id,)
        ).fetchone()
        if row is not None:
            return name, dict(zip(names, row[1:], strict=True))
    return None


# --- withholding a holder ------------------------------------------------------------------


def withheld(op: Op) -> Op | None:
    """The op with its pool holder removed, or None when it names no holder."""
    name = HOLDER_FIELD.get(op.entity)
    if name is None or op.kind == "event":
        return None
    if op.kind in CREATING_KINDS:
        value = op.value
        if not isinstance(value, dict) or not value.get(name):
            return None
        stripped = {k: v for k, v in value.items() if k != name}
        return _with_value(op, canonical_json(stripped))
    if op.field == name and op.value:
        return _with_value(op, canonical_json(None))
    return None


def holder_named(op: Op) -> str | None:
    name = HOLDER_FIELD.get(op.entity)
    if name is None or op.kind == "event":
        return None
    value = op.value_of(name) if op.kind in CREATING_KINDS or op.field == name else None
    return str(value) if value else None


def _with_value(op: Op, value_json: str) -> Op:
    return Op(
        op.op_id,
        op.origin_device,
        op.origin_seq,
        op.hlc,
        op.author,
        op.entity,
        op.entity_id,
        op.field,
        value_json,
        op.preds,
        op.kind,
    )


def redacted_ids(conn: sqlite3.Connection) -> set[str]:
    return {str(r[0]) for r in conn.execute("SELECT op_id FROM sync_redacted")}


def mark_redacted(conn: sqlite3.Connection, op_ids: Iterable[str]) -> None:
    conn.executemany("INSERT OR IGNORE INTO sync_redacted VALUES (?)", [(i,) for i in op_ids])


def unredact(conn: sqlite3.Connection, op: Op) -> None:
    """Replace a stored withheld op by its full form (its holder entered the scope)."""
    conn.execute(
        "UPDATE ops SET value_json = ? WHERE op_key = id_key(?)", (op.value_json, op.op_id)
    )
    conn.execute("DELETE FROM sync_redacted WHERE op_id = ?", (op.op_id,))


# --- covered ranges (laptop) --------------------------------------------------------------


def covered(conn: sqlite3.Connection) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = {}
    for origin, lo, hi in conn.execute("SELECT origin, lo, hi FROM sync_covered ORDER BY 1, 2"):
        out.setdefault(str(origin), []).append((int(lo), int(hi)))
    return out


def set_covered(conn: sqlite3.Connection, ranges: dict[str, Sequence[tuple[int, int]]]) -> None:
    conn.execute("DELETE FROM sync_covered")
    conn.executemany(
        "INSERT INTO sync_covered VALUES (?,?,?)",
        [(o, lo, hi) for o, pairs in ranges.items() for lo, hi in pairs],
    )


# --- the scope each laptop confirmed (hub) ----------------------------------------------------


def peer_scope(conn: sqlite3.Connection, peer: str) -> tuple[bool, Scope | None]:
    """(known, scope) the laptop confirmed in its newest bundle."""
    row = conn.execute("SELECT scope FROM sync_peer_scope WHERE peer = ?", (peer,)).fetchone()
    if row is None:
        return False, None
    return True, (Scope.from_json(json.loads(row[0])) if row[0] else None)


def peer_evaluated(conn: sqlite3.Connection, peer: str) -> Any:
    """The ranges the laptop said hub bundles had evaluated for it (JSON form), or None."""
    row = conn.execute("SELECT evaluated FROM sync_peer_scope WHERE peer = ?", (peer,)).fetchone()
    return None if row is None or row[0] is None else json.loads(row[0])


def mark_peer_filtered(conn: sqlite3.Connection, peer: str, scope: Scope) -> None:
    """A filtered bundle went to a laptop that has not confirmed anything yet: record its scope
    (number 0, so the laptop's first confirmation replaces it)."""
    conn.execute(
        "INSERT OR IGNORE INTO sync_peer_scope VALUES (?, 0, ?, NULL)",
        (peer, canonical_json(scope.to_json())),
    )


def put_peer_scope(
    conn: sqlite3.Connection, peer: str, number: int, scope: Any, evaluated: Any
) -> None:
    """Keep the confirmation of the laptop's newest bundle (sticks arrive out of order)."""
    conn.execute(
        "INSERT INTO sync_peer_scope VALUES (?,?,?,?) ON CONFLICT (peer) DO UPDATE SET"
        " number = excluded.number, scope = excluded.scope, evaluated = excluded.evaluated"
        " WHERE excluded.number >= number",
        (
            peer,
            number,
            canonical_json(scope) if scope is not None else None,
            canonical_json(evaluated) if evaluated is not None else None,
        ),
    )


# --- late edits (hub) -------------------------------------------------------------------------


@dataclass(frozen=True)
class LateEdit:
    op_id: str
    device: str
    entity: str
    entity_id: str
    imported_at: str


def record_late_edits(conn: sqlite3.Connection, device: str, ops: Iterable[Op]) -> int:
    rows = [
        (op.op_id, device, op.entity, op.entity_id, time.strftime("%Y-%m-%dT%H:%M:%S"))
        for op in ops
    ]
    conn.executemany("INSERT OR IGNORE INTO sync_late_edits VALUES (?,?,?,?,?)", rows)
    return len(rows)


def late_edits(conn: sqlite3.Connection) -> list[LateEdit]:
    rows = conn.execute(
        "SELECT op_id, device, entity, entity_id, imported_at FROM sync_late_edits"
        " ORDER BY imported_at DESC, op_id"
    )
    return [LateEdit(*map(str, row)) for row in rows]


# --- purge (laptop) ---------------------------------------------------------------------------


@dataclass
class Purge:
    records: dict[str, int] = field(default_factory=dict)  # records that left, per kind
    ids: set[str] = field(default_factory=set)
    kept_ops: int = 0  # this laptop's edits the hub has not acknowledged yet: kept until it has
    files: set[str] = field(default_factory=set)  # attachment hashes possibly unused now
    redacted: int = 0

    @property
    def count(self) -> int:
        return sum(self.records.values())


def purge(
    conn: sqlite3.Connection,
    m: Membership,
    keep_op: Any,
) -> Purge:
    """Delete every record outside `m` from this copy: rows, list and search index, heads,
    conflicts and op-log entries (audit entries about them too). `keep_op(origin, seq)` says
    which ops must stay (this laptop's edits the hub has not acknowledged). Pool ops naming a
    household that is no longer here are rewritten with the holder withheld."""
    conn.execute("PRAGMA secure_delete = ON")  # freed pages are zeroed (not every build's default)
    result = Purge()
    leaving = {rid: entity for rid, entity in m.existing.items() if rid not in m.inside}
    leaving |= rowless(conn, m)
    ids = sorted(leaving)
    result.ids = set(ids)
    for rid in ids:
        if rid in m.existing:
            result.records[leaving[rid]] = result.records.get(leaving[rid], 0) + 1
    households = [rid for rid in ids if leaving[rid] == "household"]
    for chunk in _chunks(ids):
        marks = _marks(len(chunk))
        for row in conn.execute(
            f"SELECT sha256 FROM attachments WHERE id IN ({marks})", list(chunk)
        ):
            result.files.add(str(row[0]))
        for spec in ENTITIES.values():
            conn.execute(f"DELETE FROM {spec.table} WHERE id IN ({marks})", list(chunk))
        for table in ("field_heads", "superseded", "conflicts"):
            conn.execute(f"DELETE FROM {table} WHERE entity_id IN ({marks})", list(chunk))
        rows = conn.execute(
            "SELECT op_id, origin_device, origin_seq FROM ops"
            f" WHERE entity_key IN ({opstore.key_marks(len(chunk))})",
            list(chunk),
        ).fetchall()
        gone = [str(r[0]) for r in rows if not keep_op(str(r[1]), int(r[2]))]
        result.kept_ops += len(rows) - len(gone)
        for part in _chunks(gone):
            conn.execute(
                f"DELETE FROM ops WHERE op_key IN ({opstore.key_marks(len(part))})", list(part)
            )
            conn.execute(
                f"DELETE FROM sync_redacted WHERE op_id IN ({_marks(len(part))})", list(part)
            )
    if households:
        search.refresh_household_search(conn, households)
        derived.refresh_summary(conn, households)
    result.redacted, kept = _withhold_local(conn, m, keep_op)
    result.kept_ops += kept
    if result.ids:
        conn.execute("INSERT INTO household_fts (household_fts) VALUES ('optimize')")
    return result


def rowless(conn: sqlite3.Connection, m: Membership) -> dict[str, str]:
    """Records this copy has ops of but no row: a move-out notice for a record it never had,
    or this laptop's own edits kept for the hub after the record was purged."""
    found: dict[str, str] = {}
    names = list(ENTITIES)
    rows = conn.execute(
        f"SELECT DISTINCT entity_id, entity FROM ops WHERE entity IN ({_marks(len(names))})",
        names,
    )
    for entity_id, entity in rows:
        if entity_id not in m.existing:
            found[str(entity_id)] = str(entity)
    return found


def rowless_among(conn: sqlite3.Connection, ops: Iterable[Op]) -> dict[str, str]:
    """Of the records these ops are about, the ones this copy already has ops of but no row
    (before the ops are applied): a purged record's kept ops, or edits ahead of their create."""
    about = {op.entity_id: op.entity for op in ops if op.kind != "event" and op.entity in ENTITIES}
    found: dict[str, str] = {}
    ids = sorted(about)
    for chunk in _chunks(ids):
        rows = conn.execute(
            "SELECT DISTINCT entity_id FROM ops"
            f" WHERE entity_key IN ({opstore.key_marks(len(chunk))})",
            list(chunk),
        )
        logged = [str(r[0]) for r in rows]
        by_table: dict[str, list[str]] = {}
        for rid in logged:
            by_table.setdefault(ENTITIES[about[rid]].table, []).append(rid)
        for table, rids in by_table.items():
            present = {
                str(r[0])
                for r in conn.execute(
                    f"SELECT id FROM {table} WHERE id IN ({_marks(len(rids))})", rids
                )
            }
            found.update({rid: about[rid] for rid in rids if rid not in present})
    return found


def _withhold_local(conn: sqlite3.Connection, m: Membership, keep_op: Any) -> tuple[int, int]:
    """Pool ops whose holder is not (any longer) in this scope keep no trace of it; (rewritten,
    kept): this laptop's own allocations the hub has not acknowledged stay whole until it has."""
    names = list(HOLDER_FIELD)
    rows = conn.execute(
        f"SELECT {oplog.OP_COLUMNS} FROM ops WHERE entity IN ({_marks(len(names))})"
        " AND kind != 'event'",
        names,
    ).fetchall()
    rewritten: list[Op] = []
    kept = 0
    for row in rows:
        op = oplog.row_to_op(row)
        holder = holder_named(op)
        if holder is None or m.holder_visible(holder):
            continue
        if keep_op(op.origin_device, op.origin_seq):
            kept += 1
            continue
        stripped = withheld(op)
        if stripped is not None:
            rewritten.append(stripped)
    for op in rewritten:
        conn.execute(
            "UPDATE ops SET value_json = ? WHERE op_key = id_key(?)", (op.value_json, op.op_id)
        )
    mark_redacted(conn, (op.op_id for op in rewritten))
    if rewritten:
        oplog.rematerialise(conn, {op.entity_id: op.entity for op in rewritten})
    return len(rewritten), kept


def referenced_files(conn: sqlite3.Connection, shas: Iterable[str]) -> set[str]:
    """The files still named by a record here, or by an attach op still in the log (this
    laptop's own, kept until the hub has it: its file must travel with it)."""
    wanted = sorted(shas)
    found: set[str] = set()
    for chunk in _chunks(wanted):
        rows = conn.execute(
            f"SELECT DISTINCT sha256 FROM attachments WHERE sha256 IN ({_marks(len(chunk))})",
            list(chunk),
        )
        found.update(str(r[0]) for r in rows)
    for sha in set(wanted) - found:
        row = conn.execute(
            "SELECT 1 FROM ops WHERE kind = 'attach' AND value_json LIKE ? LIMIT 1",
            (f"%{sha}%",),
        ).fetchone()
        if row is not None:
            found.add(sha)
    return found
