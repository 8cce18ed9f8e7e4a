"""The oracle of scoped sync: the hub's state restricted to a scope, computed here from the hub's
own tables and op log without the code under test's rule (storage/scoping.py), materialised into
a fresh database. A laptop with that scope must end with exactly this state hash. Also: a search
of a laptop's files for what must not be there."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from domain.ops import CREATING_KINDS, Op, canonical_json
from domain.records import ENTITIES
from domain.scope import Scope
from services import households
from storage import keyring, oplog, scoping, sync_tables
from storage.db import LAYOUT
from storage.sealed import MAGIC as SEALED_MAGIC
from storage.sealed import read_sealed
from storage.statehash import state_hash
from storage.store import Store
from sync import exchange, op_records, scoped
from tests.sync.sync_kit import Site

WANGZHUANG = Scope.area("新吴区", "旺庄街道")
SHUOFANG = Scope.area("新吴区", "硕放街道")


def scoped_project(site: Site, code: str, sub: str) -> str:
    """A project of sub-district `sub` of 新吴区, made on `site`."""
    return site.ws.create(
        "project", {"code": code, "name": f"{sub}地块", "district": "新吴区", "sub_district": sub}
    )


def scoped_household(site: Site, project: str, name: str) -> str:
    """A household headed by `name` in `project`, with one member (so it has records of its own)."""
    return households.create_household(
        site.ws, {"project_id": project, "address": f"{name}家", "head_name": name},
        members=[{"name": f"{name}之妻"}],
    )  # fmt: skip


def household_named(site: Site, head_name: str) -> str:
    """The id of the household `site` holds whose head is `head_name`."""
    row = site.ws.read(
        lambda db: db.conn.execute(
            "SELECT id FROM households WHERE head_name = ?", [head_name]
        ).fetchone()
    )
    assert row is not None, f"{site.name} holds no household headed by {head_name}"
    return str(row[0])


def in_scope_ids(hub: Site, scope: Scope) -> tuple[set[str], set[str]]:
    """(every in-scope record id, the in-scope household ids) by the table in docs/sync.md."""

    def read(db: object) -> tuple[set[str], set[str]]:
        conn = db.conn  # type: ignore[attr-defined]
        projects = {
            pid
            for pid, district, sub in conn.execute(
                "SELECT id, district, sub_district FROM projects"
            )
            if (pid in scope.projects)
            or (
                not scope.projects
                and (district or "") == scope.district
                and (not scope.sub_district or (sub or "") == scope.sub_district)
            )
        }
        homes = {
            hid
            for hid, pid in conn.execute("SELECT id, project_id FROM households")
            if pid in projects
        }
        inside = projects | homes
        for table in ("members", "visits"):
            inside |= {
                i for i, h in conn.execute(f"SELECT id, household_id FROM {table}") if h in homes
            }
        requests = {
            i
            for i, h, p in conn.execute("SELECT id, household_id, project_id FROM requests")
            if ((h in homes) if h else (p in projects))
        }
        inside |= requests
        inside |= {
            i
            for i, r in conn.execute("SELECT id, request_id FROM request_progress")
            if r in requests
        }
        holders = {
            i: h
            for table in ("flats", "house_tickets")
            for i, h in conn.execute(f"SELECT id, household_id FROM {table}")
        }
        holders |= {
            i: holders.get(t) for i, t in conn.execute("SELECT id, ticket_id FROM ticket_uses")
        }
        inside |= set(holders) | {r[0] for r in conn.execute("SELECT id FROM settings")}
        inside |= {  # compensation policies: a project's follow it, the others are shared
            i
            for i, p in conn.execute("SELECT id, project_id FROM policies")
            if not p or p in projects
        }
        # A pool record's attachments go where its holder may be seen: everywhere while it has
        # none, only inside the scope once it names a household.
        open_pool = {i for i, h in holders.items() if not h or h in homes}
        inside |= {
            i
            for i, r in conn.execute("SELECT id, record_id FROM attachments")
            if ((r in open_pool) if r in holders else (r in inside))
        }
        return inside, homes

    return hub.ws.read(read)


def _withhold(op: Op, homes: set[str]) -> Op:
    if op.entity not in ("flat", "house_ticket") or op.kind == "event":
        return op
    if op.kind in CREATING_KINDS:
        holder = op.value.get("household_id")
        if not holder or holder in homes:
            return op
        value = canonical_json({k: v for k, v in op.value.items() if k != "household_id"})
    elif op.field == "household_id" and op.value and op.value not in homes:
        value = canonical_json(None)
    else:
        return op
    return Op(
        op.op_id, op.origin_device, op.origin_seq, op.hlc, op.author, op.entity,
        op.entity_id, op.field, value, op.preds, op.kind,
    )  # fmt: skip


def pool_values_differ(laptop: Site, hub: Site, scope: Scope) -> list[str]:
    """The pool ops (flats, house tickets) the laptop holds whose value is not the hub's op with
    holders outside `scope` withheld: a holder the laptop may see must be named in every value
    naming it — a losing claim, an earlier holder — not only in the current one. (The state
    hash does not see it: it holds a conflict's heads by op id, not their values.)"""
    _, homes = in_scope_ids(hub, scope)
    want = {op.op_id: _withhold(op, homes).value_json for op in hub.ops()}
    return [
        f"{laptop.name}: {op.entity} {op.entity_id[-6:]} {op.kind} {op.field}"
        f" holds {op.value_json[:60]}, the hub's {want.get(op.op_id, '(none)')[:60]}"
        for op in laptop.ops()
        if op.entity in ("flat", "house_ticket")
        and op.kind != "event"
        and want.get(op.op_id, op.value_json) != op.value_json
    ]


def restricted_state(hub: Site, scope: Scope | None) -> str:
    """State hash of the hub's records in `scope` (None: everything), holders withheld."""
    if scope is None:
        return hub.state()
    return _oracle(hub, scope, lambda conn: state_hash(conn))


def _oracle(hub: Site, scope: Scope, read: Any) -> Any:
    inside, homes = in_scope_ids(hub, scope)
    ops = [
        _withhold(op, homes)
        for op in hub.ops()
        if op.kind != "event" and op.entity in ENTITIES and op.entity_id in inside
    ]
    with (
        tempfile.TemporaryDirectory(prefix="oracle-") as folder,
        Store(Path(folder) / "oracle.db") as store,
    ):
        store.write(lambda db: oplog.apply_ops(db.conn, ops))
        return store.read(lambda db: read(db.conn))


def _rows(conn: Any) -> set[str]:
    found = set()
    for spec in ENTITIES.values():
        cursor = conn.execute(f"SELECT * FROM {spec.table}")
        names = [d[0] for d in cursor.description]
        found |= {canonical_json([spec.name, dict(zip(names, r, strict=True))]) for r in cursor}
    found |= {canonical_json(["head", *r]) for r in conn.execute("SELECT * FROM field_heads")}
    found |= {canonical_json(["conflict", *r]) for r in conn.execute("SELECT * FROM conflicts")}
    return found


def state_diff(laptop: Site, hub: Site, scope: Scope) -> str:
    """What differs between a laptop and the oracle (for an assertion message)."""
    want = _oracle(hub, scope, _rows)
    have = laptop.ws.read(lambda db: _rows(db.conn))
    lines = [f"{laptop.name} missing: {r}" for r in sorted(want - have)][:8]
    lines += [f"extra: {r}" for r in sorted(have - want)][:8]
    ids = {json.loads(r)[1] for r in want ^ have if json.loads(r)[0] == "head"}
    for rid in sorted(ids)[:4]:
        held = {o.op_id: o for o in laptop.ops() if o.entity_id == rid}
        for op in sorted((o for o in hub.ops() if o.entity_id == rid), key=lambda o: o.hlc):
            mark = "have" if op.op_id in held else "LACK"
            lines.append(
                f"  {rid[-6:]} {mark} {op.kind} {op.field} {op.value_json[:60]} "
                f"from {op.origin_device[-6:]}#{op.origin_seq}"
            )
    return "\n".join(lines)


def out_of_scope_markers(hub: Site, scope: Scope) -> dict[str, str]:
    """For each household outside the scope: its id and its head's name (must not be found)."""
    _, homes = in_scope_ids(hub, scope)
    rows = hub.ws.read(
        lambda db: db.conn.execute("SELECT id, head_name FROM households").fetchall()
    )
    return {hid: name for hid, name in rows if hid not in homes}


def laptop_files(site: Site) -> list[Path]:
    """Every file the laptop keeps: database and WAL, attachments, backups, drafts."""
    root = site.db.parent
    skip = {site.inbox}
    return [
        p
        for p in root.rglob("*")
        if p.is_file() and not any(parent in skip for parent in p.parents)
    ]


# SQLCipher 4 pages as the store writes them: a raw 256-bit key (no KDF), pages of
# storage.db.LAYOUT, each ending in its reserved
# bytes (a 16-byte IV, then the HMAC: 80 bytes with SHA512, 48 with SHA256); page 1 starts with
# the 16-byte salt.
HMAC_BYTES = {"HMAC_SHA512": 64, "HMAC_SHA256": 32, "HMAC_SHA1": 20}
LAYOUTS = [(lay.page_size, 16 + HMAC_BYTES[lay.hmac]) for lay in (LAYOUT,)]
WAL_HEADER = 32
FRAME_HEADER = 24


def _decrypt_page(key: bytes, raw: bytes, first: bool, reserved: int) -> bytes:
    page = len(raw)
    body = raw[16 if first else 0 : page - reserved]
    iv = raw[page - reserved : page - reserved + 16]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(body) + decryptor.finalize()


def _first_page_opens(first: bytes, page: int, reserved: int) -> bool:
    # header bytes 16-17: the page size; byte 20: the bytes SQLite leaves at each page's end,
    # at least the IV and HMAC (offsets less the salt)
    return int.from_bytes(first[0:2], "big") == page and first[4] >= reserved


def _database_pages(key: bytes, data: bytes) -> bytes | None:
    """Every page of an encrypted database file decrypted (free pages too: whatever the file
    still holds), or None when the key does not open it in any layout."""
    for page, reserved in LAYOUTS:
        if len(data) < page or len(data) % page:
            continue
        first = _decrypt_page(key, data[:page], True, reserved)
        if not _first_page_opens(first, page, reserved):
            continue
        pages = [first]
        pages += [
            _decrypt_page(key, data[i : i + page], False, reserved)
            for i in range(page, len(data), page)
        ]
        return b"".join(pages)
    return None


def _wal_frames(key: bytes, data: bytes) -> bytes:
    if len(data) < WAL_HEADER:
        return b""
    page = int.from_bytes(data[8:12], "big")  # the WAL header states its page size
    reserved = dict(LAYOUTS)[page]
    frames = []
    for start in range(WAL_HEADER, len(data) - FRAME_HEADER - page + 1, FRAME_HEADER + page):
        number = int.from_bytes(data[start : start + 4], "big")
        raw = data[start + FRAME_HEADER : start + FRAME_HEADER + page]
        frames.append(_decrypt_page(key, raw, number == 1, reserved))
    return b"".join(frames)


def _unsealed(key: bytes, path: Path) -> bytes | None:
    """A sealed file (attachment, draft, temp file) opened with the purpose key it was made
    with, or None."""
    for purpose, aad in (
        ("attachments", path.name.encode()),
        ("drafts", path.name.encode("utf-8")),
        ("temp files", b""),
    ):
        try:
            return read_sealed(path, keyring.subkey(key, purpose), aad)
        except OSError:
            continue
    return None


def plaintexts(site: Site) -> Iterator[tuple[Path, bytes]]:
    """Each laptop file as stored and, where it is encrypted with this laptop's keys, as
    decrypted: a database or backup page by page (free pages included), the WAL frame by frame,
    sealed files whole. What the grep must not find is looked for in all of them."""
    key = site.ws.store.key
    # The op log stores values compressed (storage/opstore.py): read it through the database as
    # well, so a kept op is found whatever its bytes on disk look like.
    log = site.ws.read(
        lambda db: [
            f"{r[0]} {r[1]}".encode()
            for r in db.conn.execute("SELECT entity_id, value_json FROM ops")
        ]
    )
    yield site.db, b"\n".join(log)
    for path in laptop_files(site):
        data = path.read_bytes()
        yield path, data
        if data.startswith(SEALED_MAGIC):
            opened = _unsealed(key, path)
            assert opened is not None, f"a sealed file no key opens: {path}"
            yield path, opened
        elif path.name.endswith("-wal"):
            yield path, _wal_frames(key, data)
        else:
            pages = _database_pages(key, data)
            # the laptop's own database always opens: else the search would look at nothing
            assert pages is not None or path != site.db, f"{path} did not decrypt"
            if pages is not None:
                yield path, pages


def leaks(site: Site, markers: dict[str, str]) -> list[tuple[str, str]]:
    """(file, what) for every out-of-scope household id or unique name found in the files,
    decrypted where this laptop's keys open them."""
    found = []
    needles: list[tuple[str, bytes]] = []
    for hid, name in markers.items():
        needles.append((hid, hid.encode()))
        if name:
            needles.append((name, name.encode("utf-8")))
            needles.append((name, json.dumps(name).encode()))  # \\u escapes in JSON
    for path, data in plaintexts(site):
        for what, needle in needles:
            if needle in data:
                found.append((str(path.relative_to(site.root)), what))
    return sorted(set(found))


def same_membership(site: Site, scope: Scope, *, each_record: bool = True) -> None:
    """The hub's plan reads only what it asks about (`scoping.scoped_membership`); it must
    answer exactly as the rule evaluated over every record (`scoping.membership`), asked record
    by record or after reading the whole scope at once. (`each_record=False`: what lies below
    each record is compared for all of them together, not one by one.)"""

    def check(db: Any) -> None:
        full = scoping.membership(db.conn, scope)
        asked = scoping.scoped_membership(db.conn, scope)
        whole = scoping.scoped_membership(db.conn, scope)
        whole.read_whole()
        ids = sorted(full.existing)
        for lean in (asked, whole):
            for rid in [*ids, "no-such-record"]:
                entity = full.existing.get(rid, "household")
                assert lean.contains(rid) == full.contains(rid), (scope, rid, entity)
                assert lean.allows(entity, rid) == full.allows(entity, rid), (scope, rid)
                assert lean.decided(entity, rid) == full.decided(entity, rid), (scope, rid)
                assert lean.has_household(rid) == full.has_household(rid), (scope, rid)
                assert lean.entity_of(rid) == full.entity_of(rid), rid
                if each_record:
                    assert lean.children_of([rid]) == full.children_of([rid]), rid
                if entity in scoping.POOL:
                    assert lean.pool_open(rid) == full.pool_open(rid), (scope, rid)
            assert lean.every_inside() == full.inside, (scope, lean.every_inside() ^ full.inside)
            assert lean.children_of(ids) == full.children_of(ids)
            roots = sorted(full.projects)
            assert scoping.closure(lean, roots) == scoping.closure(full, roots)

    site.ws.read(check)


def _view_rows(conn: Any, origin: str, ranges: Any) -> Iterator[tuple[Any, ...]]:
    """The per-op path the scoped export took before: rows of the `ops` view, range by range."""
    for lo, hi in ranges:
        yield from sync_tables.ops_in_range(conn, origin, lo, hi)


def _per_op_stream(conn: Any, plan: scoped.ScopedPlan) -> Iterator[list[Any]]:
    """The scoped bundle's ops as the per-op path wrote them: an Op per view row, withheld
    where planned, as its `to_dict()`."""
    for origin, seqs in sorted(plan.send.items()):
        for row in _view_rows(conn, origin, seqs.ranges):
            op = oplog.row_to_op(row)
            if op.op_id in plan.redacted:
                op = scoping.withheld(op) or op
            yield op_records.to_record(op.to_dict())


def same_scoped_bundle(hub: Site, laptop: str) -> scoped.ScopedPlan | None:
    """The hub's plan for `laptop` (None: it has no scope) read through the stored rows in
    batches (`sync_tables.stored_lists_in_ranges`, ids and values decoded only where needed) is
    the plan read through the `ops` view op by op, and the ops the bundle carries
    (`sync_tables.op_lists_in_ranges`) are the per-op path's, record for record."""

    def check(db: Any) -> scoped.ScopedPlan | None:
        conn = db.conn
        device = exchange.find_device(exchange.stored_registry(conn), laptop)
        holding = exchange.held(conn)
        batch = exchange._scoped_plan(conn, [device], holding, False)
        saved = sync_tables.stored_lists_in_ranges
        sync_tables.stored_lists_in_ranges = _view_rows  # type: ignore[assignment]
        try:
            per_op = exchange._scoped_plan(conn, [device], holding, False)
        finally:
            sync_tables.stored_lists_in_ranges = saved
        assert batch == per_op
        if batch is None:
            return None
        assert list(scoped.op_stream(conn, batch)) == list(_per_op_stream(conn, per_op))
        return batch

    found: scoped.ScopedPlan | None = hub.ws.read(check)
    return found
