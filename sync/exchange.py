"""Export and import of op bundles: the op log meets the bundle file.

Export (any device): every op this copy holds that the recipient has not acknowledged — a set
difference of seq ranges per origin device — plus the attachment files those ops name, in one
bundle encrypted to the recipient(s). The manifest says which ranges it carries (`ranges`) and
everything the sender holds (`have`); the receiver stores `have` as the sender's acknowledgement,
so the next bundle back carries only what is missing. Sending too much is harmless: import is
idempotent. A hub's bundles also carry its signed device registry, so revocations travel.

Import, in the order of shared/design/sync.md; nothing touches the database until the last step:
open_bundle (size, magic, header, sender known and not revoked, signature, schema, already
imported?, addressed to us, decrypt to a private temp file on this computer's disk; the
attachments are taken out of the decrypted stream on the way, checked against the manifest and
their hashes, and stored and fsynced in the content-addressed store: a refusal removes them) ->
read_payload (manifest limits; format 1: the attachments, stored here) -> rollback check (the sender says it holds ops of *this* device that this copy lacks)
-> a backup first when the bundle is large -> ONE write transaction: ops applied in batches by
storage.oplog.apply_ops, the ops checked against the manifest's ranges, the sender's
acknowledgement, a newer registry, the bundle id and an `import` audit event. Any error inside
rolls the whole transaction back: an import is all or nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from domain.errors import UserError
from domain.file_names import readable_name
from domain.ops import CREATING_KINDS, Op
from domain.records import ENTITIES
from domain.scope import Scope
from storage import meta, oplog, schema, scoping, sync_tables
from storage.attachments import Incoming
from storage.db import STREAM_CACHE_KIB
from storage.gcpause import paused_gc
from storage.migrations import SCHEMA_VERSION
from storage.store import Store
from sync import ranges as rs
from sync import scoped
from sync.bundle import BUNDLE_SUFFIX, open_bundle, peek_header, write_bundle
from sync.keys import DeviceKeys, DevicePublic, Passphrase
from sync.payload import AttachmentSink, encode_payload, read_payload
from sync.ranges import Ranges, RangeSet
from sync.registry import Registry, parse_registry

CONTENT = "doorstep-ops"  # header `extra.content`: what the payload is
# Ops per apply_ops call inside the one import transaction: memory is bounded by the batch, not
# by the bundle (an op may be up to 1 MiB, so bytes are bounded too). Bigger batches are faster
# (a record edited in many batches is rewritten once per batch): 10 000 ops of a typical bundle
# peak at about 160 MB for the whole process (bench/results/sync.md).
APPLY_BATCH = 10_000
APPLY_BATCH_BYTES = 32 * 1024 * 1024
LARGE_IMPORT_OPS = 20_000  # from this many ops, the database is backed up before importing
KEEP_BACKUPS = 3
_MAX_ID = 64
_SAFE_NAME = re.compile(r'[\x00-\x1f<>:"/\\|?*\s]+')
_active = threading.Lock()
_imports_running = 0

Progress = Callable[[str, int, int], None]  # (stage, done, total); raising cancels


# --- registry lookups ---------------------------------------------------------------------------


def _public(row: sync_tables.DeviceRow) -> DevicePublic:
    return DevicePublic(
        row.device_id, row.name, row.role, bytes.fromhex(row.sign_pub), bytes.fromhex(row.box_pub)
    )


def stored_registry(conn: sqlite3.Connection) -> Registry | None:
    found = sync_tables.registry(conn)
    if found is None:
        return None
    return parse_registry(found[2], None)


def install_registry(conn: sqlite3.Connection, registry: Registry) -> None:
    """Make `registry` this copy's registry (the caller has checked signer and version)."""
    sync_tables.put_registry(conn, registry.version, registry.hub_id, registry.document)
    sync_tables.replace_devices(
        conn,
        [
            sync_tables.DeviceRow(
                e.device_id,
                e.public.name,
                e.public.role,
                e.public.sign_pub.hex(),
                e.public.box_pub.hex(),
                e.enrolled_at,
                e.revoked_at,
            )
            for e in registry.entries
        ],
    )
    scoping.put_scopes(conn, {e.device_id: e.scope for e in registry.entries})


def known_device(store: Store, device_id: str) -> DevicePublic | None:
    row = store.read(lambda db: sync_tables.device(db.conn, device_id))
    return None if row is None else _public(row)


def is_revoked(store: Store, device_id: str) -> bool:
    row = store.read(lambda db: sync_tables.device(db.conn, device_id))
    return row is not None and row.revoked_at is not None


def device_name(conn: sqlite3.Connection, device_id: str) -> str:
    row = sync_tables.device(conn, device_id)
    return row.name if row is not None else device_id[-8:]


def find_device(registry: Registry, text: str) -> DevicePublic:
    """A device of the registry named by full id, the last 8 hex digits of its id, its
    fingerprint or its exact name. UserError: device_unknown, device_ambiguous."""
    needle = text.strip()
    compact = needle.lower().replace(" ", "").replace("-", "")
    found = [
        e.public
        for e in registry.entries
        if needle in (e.device_id, e.public.name)
        or (len(compact) >= 8 and e.device_id.replace("-", "").endswith(compact))
        or compact == e.public.fingerprint
    ]
    unique = {p.device_id: p for p in found}
    if len(unique) > 1:  # a name used again after a re-enrolment: the active device is meant
        active = {k: v for k, v in unique.items() if not _revoked(registry, k)}
        unique = active if len(active) == 1 else unique
    if not unique:
        raise UserError("device_unknown", device=text)
    if len(unique) > 1:
        raise UserError("device_ambiguous", device=text)
    return next(iter(unique.values()))


def _revoked(registry: Registry, device_id: str) -> bool:
    entry = registry.get(device_id)
    return entry is not None and entry.revoked


def held(conn: sqlite3.Connection, origin: str | None = None) -> Ranges:
    return {o: RangeSet(p) for o, p in sync_tables.held_ranges(conn, origin).items()}


def acknowledged(conn: sqlite3.Connection, peer: str) -> Ranges:
    return {o: RangeSet(p) for o, p in sync_tables.peer_ranges(conn, peer).items()}


def _check_own_keys(conn: sqlite3.Connection, keys: DeviceKeys) -> None:
    if keys.device_id != meta.device_id(conn):
        raise UserError("keys_other_database")


# --- export -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportResult:
    path: Path
    bundle_id: str
    number: int
    recipients: tuple[str, ...]  # names
    op_count: int
    by_kind: dict[str, int]
    attachments: int
    attachment_bytes: int
    missing_attachments: int
    size: int

    def to_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "bundle_id": self.bundle_id,
            "number": self.number,
            "recipients": list(self.recipients),
            "op_count": self.op_count,
            "by_kind": self.by_kind,
            "attachments": self.attachments,
            "attachment_bytes": self.attachment_bytes,
            "missing_attachments": self.missing_attachments,
            "size": self.size,
        }


def safe_name(text: str, limit: int = 40) -> str:
    """A piece of a file name that every file system (FAT32 on sticks included) accepts."""
    cleaned = _SAFE_NAME.sub("-", text).strip(".- ")
    return cleaned[:limit] or "device"


def bundle_file_name(sender: str, recipient: str, number: int, when: datetime) -> str:
    """Who, to whom, when, and which: ``旺庄-笔记本1_to_区征收办_20261120-1530_0007.dsbundle``."""
    stamp = when.strftime("%Y%m%d-%H%M")
    return f"{safe_name(sender)}_to_{safe_name(recipient)}_{stamp}_{number:04d}{BUNDLE_SUFFIX}"


def recipients_for(
    registry: Registry | None, me: str, to: Sequence[str] | None
) -> list[DevicePublic]:
    """Whom a bundle goes to: the named devices, or by default every active hub.
    UserError: sync_not_enrolled, device_unknown, device_revoked, sync_no_recipients."""
    if registry is None:
        raise UserError("sync_not_enrolled")
    if to:
        chosen = [find_device(registry, t) for t in to]
        for device in chosen:
            entry = registry.get(device.device_id)
            if entry is not None and entry.revoked:
                raise UserError("device_revoked", name=device.name)
    else:
        chosen = [d for d in registry.active("hub") if d.device_id != me]
    chosen = [d for d in chosen if d.device_id != me]
    if not chosen:
        raise UserError("sync_no_recipients")
    return list({d.device_id: d for d in chosen}.values())


def export_bundle(
    store: Store,
    keys: DeviceKeys,
    out: Path,
    *,
    to: Sequence[str] | None = None,
    passphrase: Passphrase | None = None,
    all_ops: bool = False,
    author: str = "",
    sender_name: str | None = None,
    progress: Progress | None = None,
    work_dir: Path | None = None,
    chunk_size: int = 65536,
) -> ExportResult:
    """Write one bundle for `to` (default: the hub) into `out` (a folder: a name that says who,
    when and which is chosen; or a file path). Returns after the file was read back and verified:
    only then may anyone say "safe to remove". An emergency bundle (`passphrase`) carries
    everything this copy holds, readable with the passphrase by any enrolled computer."""

    def build(db: sqlite_utils.Database) -> ExportResult:
        conn = db.conn
        me = meta.device_id(conn)
        _check_own_keys(conn, keys)
        if sync_tables.unsettled_retired_ids(conn):
            raise UserError("sync_import_hub_first")
        registry = stored_registry(conn)
        recipients: list[DevicePublic] = []
        if passphrase is None:
            recipients = recipients_for(registry, me, to)
        holding = held(conn)
        send: Ranges = {}
        plan = _scoped_plan(conn, recipients, holding, all_ops) if passphrase is None else None
        if plan is not None:
            send = plan.send
            filtered.append((recipients[0].device_id, plan.scope))
        elif passphrase is not None or all_ops or _scope_lifted(conn, recipients):
            send = dict(holding)
        else:
            for device in recipients:
                send = rs.union(send, rs.difference(holding, acknowledged(conn, device.device_id)))
        number = sync_tables.next_export_number(conn)
        label = "+".join(d.name for d in recipients) if recipients else "passphrase"
        target = out
        if out.is_dir():
            me_name = sender_name or keys.public.name
            target = out / bundle_file_name(me_name, label, number, datetime.now())
        counts: Counter[str] = Counter()
        files: dict[str, int] = {}
        missing = 0
        attach_values: list[str] = []
        if plan is not None:
            counts.update(plan.counts)
            attach_values = plan.attach_values
        else:
            for origin, seqs in send.items():
                for lo, hi in seqs.ranges:
                    found, values = sync_tables.counts_and_attachments(conn, origin, lo, hi)
                    counts.update(found)
                    attach_values += values
        for raw in attach_values:
            sha = _attachment_sha(raw)
            if sha is None or sha in files:
                continue
            try:
                files[sha] = store.files.size(sha)
            except OSError:
                missing += 1  # never received here: the op travels, the file cannot
        op_count = rs.count(send)
        # A laptop acknowledges what it accounts for: what it holds and what the hub told it
        # lies outside its scope (docs/sync.md, "Acknowledgements with a filtered stream").
        covered = {o: RangeSet(p) for o, p in scoping.covered(conn).items()}
        manifest: dict[str, Any] = {
            "op_count": op_count,
            "attachments": [{"sha256": s, "size": n} for s, n in sorted(files.items())],
            "sender": me,
            "ranges": rs.to_json(send),
            "have": rs.to_json(rs.union(holding, covered)),
            "counts": dict(sorted(counts.items())),
            "registry": registry.document.decode("utf-8") if registry is not None else None,
            "number": number,
            "confirmed_scope": _confirmed_scope(conn),
            "confirmed_number": int(meta.get(conn, CONFIRMED_NUMBER) or 0),
            "evaluated": rs.to_json(covered),
        }
        if plan is not None:
            manifest |= {
                "scope": plan.scope.to_json(),
                "covers": rs.to_json(plan.covers),
                "redacted": sorted(plan.redacted),
            }

        def op_dicts() -> Iterator[dict[str, Any] | Op | list[Any]]:
            if plan is not None:
                yield from scoped.op_stream(conn, plan)
                return
            for origin, seqs in sorted(send.items()):
                for lo, hi in seqs.ranges:
                    # already the payload's op records (sync/op_records.py): no Op made per op
                    yield from sync_tables.op_lists_in_range(conn, origin, lo, hi)

        estimate = op_count * 400 + sum(files.values())
        report = None
        if progress is not None:
            report = _bytes_progress(progress, estimate)
        path = write_bundle(
            target,
            keys,
            passphrase if passphrase is not None else recipients,
            encode_payload(manifest, op_dicts(), store.files.open, authenticated_store=True),
            {"content": CONTENT},
            schema_version=SCHEMA_VERSION,
            work_dir=work_dir,
            progress=report,
            chunk_size=chunk_size,
        )
        header = peek_header(path)
        return ExportResult(
            path=path,
            bundle_id=header.bundle_id,
            number=number,
            recipients=tuple(d.name for d in recipients),
            op_count=op_count,
            by_kind=dict(sorted(counts.items())),
            attachments=len(files),
            attachment_bytes=sum(files.values()),
            missing_attachments=missing,
            size=path.stat().st_size,
        )

    filtered: list[tuple[str, Scope]] = []
    # On a reader of its own with a small cache: the log is streamed once, page after page.
    result = store.read(build, cache_kib=STREAM_CACHE_KIB)

    def record(db: sqlite_utils.Database) -> None:
        conn = db.conn
        for laptop, scope in filtered:
            # Until the laptop confirms what it holds, assume at most what this bundle filtered
            # for: lifting its scope later must then send it everything it was never given.
            scoping.mark_peer_filtered(conn, laptop, scope)
        sync_tables.record_export(
            conn,
            result.number,
            result.bundle_id,
            json.dumps(list(result.recipients), ensure_ascii=False),
            result.op_count,
            result.path.name,
        )
        draft = oplog.Draft(
            "event",
            "bundle",
            result.bundle_id,
            "export",
            {"to": list(result.recipients), "ops": result.op_count, "file": result.path.name},
        )
        oplog.apply_ops(conn, oplog.new_local_ops(conn, author, [draft]))

    store.write(record)
    return result


def _scoped_plan(
    conn: sqlite3.Connection, recipients: list[DevicePublic], holding: Ranges, all_ops: bool
) -> scoped.ScopedPlan | None:
    """The filtered plan for a bundle to one laptop that has a scope; None: send unfiltered."""
    if len(recipients) != 1 or recipients[0].role != "laptop":
        return None
    laptop = recipients[0].device_id
    scope = scoping.scope_of(conn, laptop)
    if scope is None:
        return None
    acked = {} if all_ops else acknowledged(conn, laptop)
    evaluated = scoping.peer_evaluated(conn, laptop)
    return scoped.plan(
        conn,
        scope,
        holding,
        acked,
        scoping.peer_scope(conn, laptop),
        laptop=laptop,
        evaluated=rs.from_json(evaluated) if evaluated is not None else None,
    )


def _scope_lifted(conn: sqlite3.Connection, recipients: list[DevicePublic]) -> bool:
    """A laptop whose scope was removed still accounts for what its old scope left out: it gets
    everything once, until it confirms it holds the whole district."""
    if len(recipients) != 1 or recipients[0].role != "laptop":
        return False
    known, old = scoping.peer_scope(conn, recipients[0].device_id)
    return known and old is not None and scoping.scope_of(conn, recipients[0].device_id) is None


CONFIRMED_SCOPE = "sync_confirmed_scope"  # meta: the scope of the newest hub bundle imported
CONFIRMED_NUMBER = "sync_confirmed_number"


def _confirmed_scope(conn: sqlite3.Connection) -> Any:
    found = meta.get(conn, CONFIRMED_SCOPE)
    return json.loads(found) if found else None


def _bytes_progress(progress: Progress, estimate: int) -> Callable[[int], None]:
    def report(done: int) -> None:
        progress("write", done, max(done, estimate))

    return report


def _attachment_sha(value_json: str) -> str | None:
    try:
        value = json.loads(value_json)
    except ValueError:
        return None
    sha = value.get("sha256") if isinstance(value, dict) else None
    if isinstance(sha, str) and re.fullmatch(r"[0-9a-f]{64}", sha):
        return sha
    return None


# --- import -------------------------------------------------------------------------------------


@dataclass
class ImportSummary:
    path: Path
    bundle_id: str
    sender_id: str
    sender_name: str
    sender_role: str
    created_at: str
    status: str = "imported"  # or "already_imported"
    new_ops: int = 0
    known_ops: int = 0
    new_by_kind: dict[str, int] = field(default_factory=dict)
    conflicts_created: int = 0
    attachments_received: int = 0
    attachments_in_bundle: int = 0
    far_ahead: int = 0
    registry_version: int | None = None  # a newer registry came with the bundle
    renumbered: int = 0
    records_left: int = 0  # records purged here because they left this laptop's scope
    left_by_kind: dict[str, int] = field(default_factory=dict)
    late_edits: int = 0  # hub: edits of records that had left the sender's scope
    purge: scoping.Purge | None = None
    sender_version: str | None = None  # the program that wrote the bundle (format 2 on)
    # A scoped laptop: an older hub bundle that arrived after a newer one, applied as lost
    # (docs/sync.md, "Lost, duplicated or reordered sticks").
    superseded: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "file": str(self.path),
            "status": self.status,
            "bundle_id": self.bundle_id,
            "from": {"device_id": self.sender_id, "name": self.sender_name},
            "created_at": self.created_at,
            "new_ops": self.new_ops,
            "known_ops": self.known_ops,
            "new_by_kind": self.new_by_kind,
            "conflicts_created": self.conflicts_created,
            "attachments_received": self.attachments_received,
            "attachments_in_bundle": self.attachments_in_bundle,
            "far_ahead": self.far_ahead,
            "registry_version": self.registry_version,
            "records_left": self.records_left,
            "left_by_kind": self.left_by_kind,
            "late_edits": self.late_edits,
            "sender_version": self.sender_version,
            "superseded": self.superseded,
        }


def _damaged(reason: str) -> UserError:
    return UserError("bundle_damaged", reason=reason)


def clean_temp(temp_dir: Path) -> int:
    """Remove decrypted payloads a killed import left behind (they hold personal data); only
    when no import of this process is running."""
    removed = 0
    with _active:
        if _imports_running == 0 and temp_dir.is_dir():
            for leftover in temp_dir.glob("doorstep-payload-*.tmp"):
                leftover.unlink(missing_ok=True)
                removed += 1
    return removed


@contextlib.contextmanager
def _running() -> Iterator[None]:
    global _imports_running
    with _active:
        _imports_running += 1
    try:
        yield
    finally:
        with _active:
            _imports_running -= 1


def import_bundle(
    store: Store,
    keys: DeviceKeys | None,
    path: Path,
    *,
    author: str = "",
    passphrase: str | None = None,
    temp_dir: Path,
    backup_dir: Path | None = None,
    progress: Progress | None = None,
    batch: int | None = None,
) -> ImportSummary:
    """Check, decrypt and apply one bundle, all or nothing. Raises UserError with the one
    sentence for every refusal (bundle_*, sync_rolled_back, seq_reused, …); the database is
    untouched then."""
    me = store.read(lambda db: meta.device_id(db.conn))
    if keys is not None and keys.device_id != me:
        raise UserError("keys_other_database")
    temp_dir.mkdir(parents=True, exist_ok=True)
    with _running():
        return _import(
            store,
            keys,
            path,
            me,
            author,
            passphrase,
            temp_dir,
            backup_dir,
            progress,
            batch or APPLY_BATCH,
        )


def _import(
    store: Store,
    keys: DeviceKeys | None,
    path: Path,
    me: str,
    author: str,
    passphrase: str | None,
    temp_dir: Path,
    backup_dir: Path | None,
    progress: Progress | None,
    batch: int,
) -> ImportSummary:
    received: list[str] = []  # files this import stored (none was there before)

    def open_attachment(sha: str, size: int) -> AttachmentSink | None:
        if store.files.has(sha):
            return None  # its bytes are skipped, not hashed: this file is never used
        return _Received(store.files.incoming(sha), received)

    try:
        opened = open_bundle(
            path,
            keys,
            lambda device_id: known_device(store, device_id),
            lambda device_id: is_revoked(store, device_id),
            passphrase,
            max_schema_version=SCHEMA_VERSION,
            already_imported=lambda bundle_id: store.read(
                lambda db: sync_tables.is_imported(db.conn, bundle_id)
            ),
            temp_dir=temp_dir,
            progress=(lambda done, total: progress("decrypt", done, total)) if progress else None,
            open_attachment=open_attachment,
        )
    except BaseException:
        # Refused after some photos were stored (a later chunk or the bundle's hash): nothing
        # names them, so they go (unless something else here names the same file meanwhile).
        _remove_unused(store, received)
        raise
    with opened:
        header = opened.header
        sender = opened.sender
        if header.extra != {"content": CONTENT}:
            raise _damaged("not an ops bundle")

        def store_attachment(sha: str, size: int, pieces: Iterator[bytes]) -> None:
            if store.files.has(sha):
                return  # read_payload still reads the bytes (not used, so not hashed)
            store.files.put_pieces(pieces, expect=sha)
            received.append(sha)

        try:
            payload = read_payload(
                opened.open_payload,
                store_attachment,  # a bundle of format 1: its attachments follow its ops
                store_checks_hashes=True,
                attachments_taken=opened.attachments_taken,
            )
        except ValueError:  # put_pieces(expect=…) found other bytes than the hash says
            raise _damaged("attachment hash") from None
        manifest = payload.manifest
        try:
            carried_claim = rs.from_json(manifest.get("ranges"))
            have = rs.from_json(manifest.get("have"))
            counts = manifest.get("counts")
            if manifest.get("sender") != sender.device_id or not isinstance(counts, dict):
                raise ValueError("sender or counts")
            registry_doc = manifest.get("registry")
            if registry_doc is not None and not isinstance(registry_doc, str):
                raise ValueError("registry")
            extras = _ScopeExtras.read(manifest)
        except ValueError as exc:
            raise _damaged(f"manifest: {exc}") from None
        if rs.count(carried_claim) != payload.op_count:
            raise _damaged("manifest ranges and op count differ")

        # The sender holds ops this computer made and no longer has: this copy was restored
        # from an older backup (or copied). Its next ops would reuse those seqs: refuse now.
        mine = store.read(lambda db: _accounted(db.conn, me)).get(me, RangeSet())
        claimed_mine = have.get(me, RangeSet()) | carried_claim.get(me, RangeSet())
        if not claimed_mine.issubset(mine):
            raise UserError("sync_rolled_back")

        if backup_dir is not None and payload.op_count >= LARGE_IMPORT_OPS:
            _backup(store, backup_dir)

        summary = ImportSummary(
            path=path,
            bundle_id=header.bundle_id,
            sender_id=sender.device_id,
            sender_name=sender.name,
            sender_role=sender.role,
            created_at=header.created_at,
            attachments_received=len(received),
            attachments_in_bundle=len(payload.attachments),
            sender_version=header.app_version,
        )

        def recorded(conn: sqlite3.Connection) -> None:
            sync_tables.record_import(
                conn,
                sync_tables.ImportRow(
                    header.bundle_id,
                    sender.device_id,
                    header.created_at,
                    "",
                    summary.new_ops,
                    summary.known_ops,
                    summary.conflicts_created,
                    summary.attachments_received,
                    readable_name(path.name),  # a stick named in GBK bytes (domain.file_names)
                ),
            )
            event = oplog.Draft(
                "event",
                "bundle",
                header.bundle_id,
                "import",
                {
                    "from": sender.device_id,
                    "file": readable_name(path.name),
                    "new_ops": summary.new_ops,
                    "known_ops": summary.known_ops,
                    "conflicts": summary.conflicts_created,
                    "version": header.app_version,
                },
            )
            oplog.apply_ops(conn, oplog.new_local_ops(conn, author, [event]))

        def apply(db: sqlite_utils.Database) -> None:
            conn = db.conn
            if sender.role == "hub" and _superseded(conn, extras):
                summary.superseded = True
                summary.attachments_received = 0
                recorded(conn)
                return
            before = sync_tables.conflict_keys(conn)
            retired = sync_tables.retired_ids(conn)
            seen: dict[str, list[int]] = {}
            new_by_kind: Counter[str] = Counter()
            pending: list[Op] = []
            done = 0
            local_redacted = scoping.redacted_ids(conn)
            unredacted: dict[str, str] = {}
            redacted_values: dict[str, str] = {}
            sender_scope = scoping.scope_of(conn, sender.device_id)
            late_candidates: list[Op] = []
            regained: dict[str, str] = {}
            # The finder and the list index are refreshed once for the whole import, not once per
            # batch (a household whose records span batches is indexed once).
            deferred = oplog.DerivedPending()

            def flush() -> None:
                nonlocal done
                if not pending:
                    return
                if extras.redacted or local_redacted:  # scoped sync only: most imports skip this
                    for op in pending:
                        if op.op_id in extras.redacted:
                            redacted_values[op.op_id] = op.value_json
                        elif op.op_id in local_redacted:  # its holder entered this scope
                            scoping.unredact(conn, op)
                            local_redacted.discard(op.op_id)
                            unredacted[op.entity_id] = op.entity
                if sender_scope is not None:
                    own = [
                        op
                        for op in pending
                        if op.origin_device == sender.device_id and op.kind != "event"
                    ]
                    held_already = oplog.held_op_ids(conn, [op.op_id for op in own])
                    late_candidates.extend(op for op in own if op.op_id not in held_already)
                if sender.role == "hub":  # a laptop: records its purge left as kept ops only
                    regained.update(scoping.rowless_among(conn, pending))
                if retired:
                    summary.renumbered += _move_colliding(conn, pending, retired, me)
                events = {op.op_id: op for op in pending if op.kind == "event"}
                if events:
                    known = oplog.held_op_ids(conn, list(events))
                    for op_id, op in events.items():
                        if op_id not in known:
                            new_by_kind[op.entity] -= 1
                            new_by_kind["event"] += 1
                try:
                    result = oplog.apply_ops(conn, pending, defer=deferred)
                except UserError as exc:
                    if exc.code == "seq_reused":
                        device = str(exc.params.get("device", ""))
                        if device == me:
                            raise UserError("sync_rolled_back") from exc
                        raise UserError("seq_reused", device=device_name(conn, device)) from exc
                    raise
                summary.new_ops += result.new_ops
                summary.known_ops += result.known_ops
                summary.far_ahead += result.far_ahead
                new_by_kind.update(result.new_by_entity)
                done += len(pending)
                pending.clear()
                if progress is not None:
                    progress("apply", done, payload.op_count)

            pending_bytes = 0
            for op in payload.iter_ops():  # parsed once and checked (sync/op_records.py)
                seen.setdefault(op.origin_device, []).append(op.origin_seq)
                pending.append(op)
                pending_bytes += len(op.value_json) + 64 * (len(op.preds) + 8)
                if len(pending) >= batch or pending_bytes >= APPLY_BATCH_BYTES:
                    flush()
                    pending_bytes = 0
            flush()
            oplog.refresh_derived(conn, deferred)
            if regained:
                # Their kept ops were in the log without heads (the purge removed the record's
                # heads with its row): every head and row is computed again from the whole log.
                oplog.rebuild_records(conn, regained)
            carried: Ranges = {}
            for origin, seqs in seen.items():
                seqs.sort()
                if len(set(seqs)) != len(seqs):
                    raise _damaged("an op repeated")
                carried[origin] = RangeSet.from_sorted_seqs(seqs)
            if carried != carried_claim:
                raise _damaged("ops differ from the manifest's ranges")
            summary.new_by_kind = _kinds(new_by_kind, summary.new_ops)
            _mark_withheld(conn, redacted_values)
            if unredacted:
                oplog.rematerialise(conn, unredacted)

            if sender.role == "hub":
                summary.renumbered += _settle_retired(conn, rs.union(have, carried), me)
            acked = rs.union(acknowledged(conn, sender.device_id), rs.union(have, carried))
            sync_tables.set_peer_ranges(
                conn, sender.device_id, {o: list(r.ranges) for o, r in acked.items()}
            )
            if registry_doc is not None:
                summary.registry_version = _maybe_newer_registry(conn, me, registry_doc)
            extras.remember(conn, sender)
            if sender_scope is not None and late_candidates:
                summary.late_edits = _late_edits(
                    conn, sender.device_id, sender_scope, late_candidates
                )
            found = purge_out_of_scope(conn)
            if found is not None:
                summary.purge = found
                summary.records_left = found.count
                summary.left_by_kind = dict(sorted(found.records.items()))
            after = sync_tables.conflict_keys(conn)
            summary.conflicts_created = len(after - before)
            recorded(conn)

        with paused_gc():  # every op is parsed and applied in it: no cycles to collect
            store.write(apply)
        if summary.superseded:  # its files were stored while reading: none is used
            used = store.read(lambda db: scoping.referenced_files(db.conn, received))
            for sha in set(received) - used:
                store.files.delete(sha)
        if summary.purge is not None:
            after_purge(store, summary.purge, backup_dir)
        return summary


class _Received:
    """A file an import is storing; its hash is noted once it is in place."""

    def __init__(self, incoming: Incoming, received: list[str]) -> None:
        self._incoming = incoming
        self._received = received
        self.write = incoming.write
        self.abort = incoming.abort

    def finish(self) -> None:
        self._incoming.finish()
        self._received.append(self._incoming.sha256)


def _remove_unused(store: Store, shas: list[str]) -> None:
    """Remove files a refused import stored. Each was absent before it (an import skips a file
    already held), and nothing of the bundle was written, so only a record saved meanwhile could
    name one (a caseworker attaching the very same photo): those stay. An attach op whose record
    a scope purge removed names a file the purge deleted too: removing it again restores what
    was. Best effort — the refusal being reported matters more than a file named by nothing."""
    if not shas:
        return
    with contextlib.suppress(Exception):
        named = store.read(lambda db: _named_by_records(db.conn, shas))
        for sha in set(shas) - named:
            store.files.delete(sha)


def _named_by_records(conn: sqlite3.Connection, shas: list[str]) -> set[str]:
    named: set[str] = set()
    for start in range(0, len(shas), 500):  # under SQLite's variable limit
        part = shas[start : start + 500]
        rows = conn.execute(
            f"SELECT DISTINCT sha256 FROM attachments WHERE sha256 IN ({','.join('?' * len(part))})",
            part,
        )
        named.update(str(row[0]) for row in rows)
    return named


@dataclass(frozen=True)
class _ScopeExtras:
    """The manifest's scoped-sync keys (docs/sync.md); all optional, so bundles of copies
    without scopes read as before."""

    covers: Ranges | None
    redacted: frozenset[str]
    scope: Any  # the scope the hub evaluated (a Scope's JSON) or None
    has_scope: bool
    number: int | None
    confirmed: Any
    confirmed_number: int
    evaluated: Any

    @classmethod
    def read(cls, manifest: dict[str, Any]) -> _ScopeExtras:
        covers = rs.from_json(manifest["covers"]) if "covers" in manifest else None
        redacted = manifest.get("redacted", [])
        if not isinstance(redacted, list) or not all(
            isinstance(i, str) and 0 < len(i) <= _MAX_ID for i in redacted
        ):
            raise ValueError("redacted")
        number = manifest.get("number")
        if number is not None and (type(number) is not int or not 0 < number < 2**53):
            raise ValueError("number")
        scope = manifest.get("scope")
        confirmed = manifest.get("confirmed_scope")
        Scope.from_json(scope)  # ValueError when malformed
        Scope.from_json(confirmed)
        confirmed_number = manifest.get("confirmed_number", 0)
        if type(confirmed_number) is not int or not 0 <= confirmed_number < 2**53:
            raise ValueError("confirmed_number")
        evaluated = manifest.get("evaluated")
        if evaluated is not None:
            rs.from_json(evaluated)  # ValueError when malformed
        return cls(
            covers,
            frozenset(redacted),
            scope,
            "scope" in manifest,
            number,
            confirmed,
            confirmed_number,
            evaluated,
        )

    def remember(self, conn: sqlite3.Connection, sender: DevicePublic) -> None:
        if self.covers is not None:
            now = {o: RangeSet(p) for o, p in scoping.covered(conn).items()}
            merged = rs.union(now, self.covers)
            scoping.set_covered(conn, {o: list(r.ranges) for o, r in merged.items()})
        if self.number is None:
            return
        if sender.role == "hub":
            newest = int(meta.get(conn, CONFIRMED_NUMBER) or 0)
            if self.number >= newest:  # a late old bundle cannot roll the confirmation back
                meta.put(conn, CONFIRMED_NUMBER, str(self.number))
                scope = json.dumps(self.scope, ensure_ascii=False) if self.has_scope else ""
                meta.put(conn, CONFIRMED_SCOPE, scope if self.scope is not None else "")
        else:
            if self.confirmed_number:  # it has imported a hub bundle: its holdings are known
                scoping.put_peer_scope(
                    conn, sender.device_id, self.number, self.confirmed, self.evaluated
                )


def _superseded(conn: sqlite3.Connection, extras: _ScopeExtras) -> bool:
    """On a scoped laptop, is this hub bundle older than the newest one imported here? Then it
    is taken as lost: the newer bundle carried everything of it that still matters for the
    newer scope (the hub never assumes delivery). Applying it could bring back the stale
    history of a record whose move out of the scope this copy was already told about and
    dropped (it held no row of it then): the record would stay, never told again."""
    newest = int(meta.get(conn, CONFIRMED_NUMBER) or 0)
    if extras.number is None or extras.number >= newest:
        return False
    return _confirmed_scope(conn) is not None


def _accounted(conn: sqlite3.Connection, origin: str) -> Ranges:
    """What this copy accounts for of one origin: held, or covered by a hub bundle (purged on
    purpose or outside its scope) — never mistaken for a rollback."""
    mine = held(conn, origin)
    covered = {o: RangeSet(p) for o, p in scoping.covered(conn).items() if o == origin}
    return rs.union(mine, covered)


def _mark_withheld(conn: sqlite3.Connection, values: dict[str, str]) -> None:
    """Ops stored as they came with the holder withheld are marked so (a later full copy
    replaces them); an op this copy already held in full stays full until the purge decides."""
    if not values:
        return
    found = oplog.ops_by_id(conn, list(values))
    scoping.mark_redacted(conn, [i for i, op in found.items() if op.value_json == values[i]])


def _late_edits(conn: sqlite3.Connection, device: str, scope: Scope, ops: list[Op]) -> int:
    m = scoping.scoped_membership(conn, scope)
    late = [
        op
        for op in ops
        if m.decided(op.entity, op.entity_id) and not m.allows(op.entity, op.entity_id)
    ]
    return scoping.record_late_edits(conn, device, late)


def purge_out_of_scope(conn: sqlite3.Connection) -> scoping.Purge | None:
    """On a laptop with a scope: purge every record outside it (inside the caller's write
    transaction). This laptop's edits the hub has not acknowledged stay until it has."""
    registry = stored_registry(conn)
    me = meta.device_id(conn)
    if registry is None or registry.hub_id == me:
        return None
    # The scope of the newest hub bundle imported, not the registry's: what this copy holds
    # must match what the hub believes it holds (a registry taken from a file alone changes
    # nothing until the hub's next bundle, which carries the data of the new scope).
    confirmed = _confirmed_scope(conn)
    scope = Scope.from_json(confirmed) if confirmed is not None else None
    if scope is None:
        if scoping.covered(conn):  # it was scoped once: records it purged may be whole again
            back = scoping.rowless(conn, scoping.membership(conn, Scope(projects=("",))))
            if back:
                oplog.rebuild_records(conn, back)
        return None
    hub_has = acknowledged(conn, registry.hub_id).get(me, RangeSet())

    def keep(origin: str, seq: int) -> bool:
        return origin == me and seq not in hub_has

    m = scoping.membership(conn, scope)
    back = scoping.rowless(conn, m)
    if back:  # kept ops of a purged record that came back into the scope: show it again
        oplog.rebuild_records(conn, back)
        m = scoping.membership(conn, scope)
    found = scoping.purge(conn, m, keep)
    return found if found.ids or found.redacted else None


def after_purge(store: Store, found: scoping.Purge, backup_dir: Path | None) -> None:
    """After the purge committed: files no record names any more, the backups that still hold
    the purged records, and the database's free pages and WAL."""
    used = store.read(lambda db: scoping.referenced_files(db.conn, found.files))
    for sha in found.files - used:
        store.files.delete(sha)
    stale = list(store.path.parent.glob(f"{store.path.name}.v*.bak"))  # made before migrating
    if backup_dir is not None and backup_dir.is_dir():
        stale += backup_dir.glob(f"{store.path.stem}-before-import-*.db")
    for old in stale:
        with contextlib.suppress(OSError):
            os.unlink(old)
    store.compact()


def _kinds(counter: Counter[str], total: int) -> dict[str, int]:
    return {k: v for k, v in sorted(counter.items()) if v}


def _move_colliding(conn: sqlite3.Connection, ops: list[Op], retired: set[str], me: str) -> int:
    """After a re-enrolment: an incoming op of this computer's *old* id whose seq this copy
    used for a different op (made after the rollback, never sent) moves that local op to the
    new id, so both are kept and neither seq is used twice."""
    moved = 0
    for op in ops:
        if op.origin_device not in retired:
            continue
        local = sync_tables.op_at(conn, op.origin_device, op.origin_seq)
        if local is not None and local != op.op_id:
            _move_to(conn, local, me)
            moved += 1
    return moved


def _settle_retired(conn: sqlite3.Connection, hub_holds: Ranges, me: str) -> int:
    """The first bundle from the hub after a re-enrolment says what the hub holds of the old id.
    Local ops of the old id it lacks exist only on this computer (the hub is the only way out):
    they move to the new id and travel from now on under it."""
    moved = 0
    for old in sync_tables.unsettled_retired_ids(conn):
        local = held(conn, old).get(old, RangeSet())
        for seq in local - hub_holds.get(old, RangeSet()):
            op_id = sync_tables.op_at(conn, old, seq)
            if op_id is not None:
                _move_to(conn, op_id, me)
                moved += 1
        sync_tables.settle_retired_id(conn, old)
    return moved


def _move_to(conn: sqlite3.Connection, op_id: str, me: str) -> None:
    sync_tables.renumber_op(conn, op_id, me, meta.next_seq(conn, 1))
    found = oplog.ops_by_id(conn, [op_id]).get(op_id)
    if found is not None and found.kind in CREATING_KINDS and found.entity in ENTITIES:
        table = ENTITIES[found.entity].table
        conn.execute(
            f"UPDATE {table} SET _created_device = {schema.CREATED_DEVICE_VALUE} WHERE id = ?",
            (me, found.entity_id),
        )


def _maybe_newer_registry(conn: sqlite3.Connection, me: str, document: str) -> int | None:
    """Install a registry that came inside a bundle when it is newer and signed by the hub this
    copy trusts; anything else is ignored (the bundle itself was fine)."""
    current = stored_registry(conn)
    if current is None or current.hub_id == me:
        return None
    try:
        candidate = parse_registry(document.encode("utf-8"), current.hub)
    except UserError:
        return None
    if candidate.version <= current.version:
        return None
    install_registry(conn, candidate)
    return candidate.version


def _backup(store: Store, backup_dir: Path) -> Path:
    backup_dir.mkdir(parents=True, exist_ok=True)
    target = backup_dir / f"{store.path.stem}-before-import-{time.strftime('%Y%m%d-%H%M%S')}.db"
    sync_tables.backup_file(store.path, target, store.key)
    old = sorted(backup_dir.glob(f"{store.path.stem}-before-import-*.db"))
    for stale in old[:-KEEP_BACKUPS]:
        with contextlib.suppress(OSError):
            os.unlink(stale)
    return target
