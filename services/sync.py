"""Sync use cases shared by the GUI and the CLI: this computer's keys, enrolment, the device
registry, exporting and importing bundles, and reviewing and resolving conflicts.

Roles come from the profile: the district office's computer is the `hub` (it keeps and signs the
device registry, imports every laptop's bundles and exports one bundle back per laptop); every
caseworker's computer is a `laptop` (exports to the hub, imports the hub's bundle).

A private key is needed to sign or decrypt; the caller passes the password, or a callback that
asks for it (`PasswordSource`), and the unlocked keys stay in memory for the session.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Sequence, Set
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from domain import i18n
from domain.errors import UserError, text
from domain.hlc import wall_ms
from domain.ids import short_id, uuid7
from domain.ops import CREATING_KINDS, DELETED, Op
from domain.privacy import mask
from domain.records import ENTITIES, EntitySpec, FieldSpec
from domain.scope import Scope, same
from services import pool_holders
from services.workspace import Workspace
from storage import meta, oplog, scoping, sync_tables
from storage.atomic import exists
from sync import exchange
from sync import ranges as rs
from sync import registry as reg
from sync.atomic import atomic_write_bytes
from sync.bundle import BUNDLE_SUFFIX
from sync.device import DeviceKeyFile, PasswordSource
from sync.enrol import ENROL_SUFFIX, read_enrolment, write_enrolment
from sync.exchange import ExportResult as ExportResult
from sync.exchange import ImportSummary
from sync.keys import DeviceKeys, DevicePublic, Passphrase, format_fingerprint
from sync.registry import Registry, parse_registry

Password = str | PasswordSource
REGISTRY_SUFFIX = ".dsregistry"


@dataclass(frozen=True)
class DeviceInfo:
    device_id: str
    name: str
    role: str
    fingerprint: str  # for reading aloud
    enrolled_at: str
    revoked_at: str | None
    acknowledged_ops: int  # what it last said it holds (as seen here)
    scope: Scope | None = None  # a laptop's part of the district; None: everything
    scope_label: str = ""  # as a person reads it ("" for the whole district)

    def to_json(self) -> dict[str, Any]:
        return {
            "device_id": self.device_id,
            "name": self.name,
            "role": self.role,
            "fingerprint": self.fingerprint,
            "enrolled_at": self.enrolled_at,
            "revoked_at": self.revoked_at,
            "acknowledged_ops": self.acknowledged_ops,
            "scope": self.scope.to_json() if self.scope else None,
            "scope_label": self.scope_label,
        }


@dataclass(frozen=True)
class SyncStatus:
    device_id: str
    name: str
    role: str
    has_keys: bool
    fingerprint: str | None
    registry_version: int | None
    hub_name: str | None
    hub_fingerprint: str | None
    enrolled: bool  # in the registry this computer holds, not revoked
    revoked: bool
    unsent_ops: int  # record changes the hub has not acknowledged (laptops; audit entries aside)
    conflicts: int
    last_export: str | None
    scope_label: str = ""  # this laptop's part of the district ("" for everything)

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class EnrolOutcome:
    name: str  # the other device (hub side) or the hub (laptop side)
    fingerprint: str
    registry_version: int
    changed: bool

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass
class ImportOutcome:
    path: Path
    status: str  # imported | already_imported | refused
    summary: ImportSummary | None = None
    error: UserError | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"file": str(self.path), "status": self.status}
        if self.summary is not None:
            data |= self.summary.to_json()
        if self.error is not None:
            data["code"] = self.error.code
            data["reason"] = str(self.error)
        return data


@dataclass(frozen=True)
class ConflictValue:
    op_id: str
    value: Any  # stored value (what "choose this one" writes back)
    text: str  # as a person reads it (masked when sensitive)
    author: str
    device: str  # device name
    when: str  # local time of the edit
    winning: bool  # the value shown until someone resolves
    # A pool holder withheld here: a household outside this laptop's scope (text says so).
    outside_scope: bool = False

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class ConflictView:
    kind: str  # "field": concurrent values; "delete": deleted on one computer, edited on another
    entity: str
    entity_label: str
    record_id: str
    short_id: str
    title: str  # e.g. the household's head and address
    field: str
    field_label: str
    values: list[ConflictValue]
    # One value is a household outside this laptop's scope: only the hub may settle it.
    decided_at_hub: bool = False

    def to_json(self) -> dict[str, Any]:
        data = {k: getattr(self, k) for k in self.__dataclass_fields__ if k != "values"}
        data["values"] = [v.to_json() for v in self.values]
        return data


class Sync:
    """Sync use cases for one open workspace."""

    def __init__(self, ws: Workspace, key_file: DeviceKeyFile | None = None) -> None:
        self.ws = ws
        self.keys = key_file or DeviceKeyFile.for_database(ws.store.path)
        data_dir = ws.store.path.parent
        self.temp_dir = data_dir / "tmp"
        self.backup_dir = data_dir / "backups"

    # --- keys and identity -------------------------------------------------------------------
    def role(self) -> str:
        return self.ws.require_profile().role

    def is_hub(self) -> bool:
        return self.role() == "hub"

    def unlock(self, password: Password) -> DeviceKeys:
        keys = self.keys.unlock(password)
        if keys.device_id != self.ws.device_id():
            self.keys.lock()
            raise UserError("keys_other_database")
        return keys

    def init_device(self, password: str) -> DevicePublic:
        """Make this computer's keys (once). A hub also starts its device registry (version 1)."""
        profile = self.ws.require_profile()
        if self.keys.exists():
            found = self.keys.public()
            raise UserError(
                "keys_exist", fingerprint=found.fingerprint_for_reading() if found else ""
            )
        keys = DeviceKeys.generate(profile.device_name, profile.role, self.ws.device_id())
        self.keys.create(keys, password)
        if profile.role == "hub":
            first = reg.sign_registry(keys, 1, [])
            self.ws.write(lambda db: exchange.install_registry(db.conn, first))
        return keys.public

    def reenrol(self, password: str) -> tuple[DevicePublic, str]:
        """After a rollback: a new device id for this database and new keys. The old id is kept
        as retired, so ops of it that come back from the hub are taken in, and local ops that
        reused its seqs move to the new id. Returns (new public keys, old device id)."""
        profile = self.ws.require_profile()
        if profile.role == "hub":
            raise UserError("sync_hub_reenrol")
        old = self.ws.device_id()
        new_id = uuid7()

        def write(db: sqlite_utils.Database) -> None:
            sync_tables.retire_device_id(db.conn, old)
            meta.put(db.conn, "device_id", new_id)
            meta.put(db.conn, "next_seq", "1")

        keys = DeviceKeys.generate(profile.device_name, profile.role, new_id)
        self.ws.write(write)
        self.keys.create(keys, password, replace=True)
        return keys.public, old

    def public(self) -> DevicePublic | None:
        return self.keys.public()

    def registry(self) -> Registry | None:
        return self.ws.read(lambda db: exchange.stored_registry(db.conn))

    def status(self) -> SyncStatus:
        profile = self.ws.require_profile()
        public = self.keys.public()

        def read(db: sqlite_utils.Database) -> SyncStatus:
            conn = db.conn
            me = meta.device_id(conn)
            registry = exchange.stored_registry(conn)
            entry = registry.get(me) if registry else None
            unsent = 0
            if registry is not None and profile.role != "hub":
                holding = exchange.held(conn)
                for hub in registry.active("hub"):
                    missing = rs.difference(holding, exchange.acknowledged(conn, hub.device_id))
                    unsent = max(unsent, _record_changes(conn, missing))
            elif registry is None:
                unsent = _record_changes(conn, exchange.held(conn, me))
            last = sync_tables.last_export(conn)
            return SyncStatus(
                device_id=me,
                name=profile.device_name,
                role=profile.role,
                has_keys=public is not None,
                fingerprint=public.fingerprint_for_reading() if public else None,
                registry_version=registry.version if registry else None,
                hub_name=registry.hub.name if registry else None,
                hub_fingerprint=registry.hub.fingerprint_for_reading() if registry else None,
                enrolled=entry is not None and not entry.revoked,
                revoked=entry is not None and entry.revoked,
                unsent_ops=unsent,
                conflicts=_open_conflicts(conn),
                last_export=last[0] if last else None,
                scope_label=_scope_label(conn, scoping.scope_of(conn, me)),
            )

        return self.ws.read(read)

    # --- enrolment and the registry ---------------------------------------------------------
    def export_enrolment(self, password: Password, out: Path) -> tuple[Path, DevicePublic]:
        """Write this computer's enrolment file (a hub's includes its signed registry)."""
        keys = self.unlock(password)
        registry = self.registry() if self.is_hub() else None
        if self.is_hub() and registry is None:
            raise UserError("enrol_hub_no_registry")
        target = out
        if out.is_dir():
            target = out / f"{exchange.safe_name(keys.public.name)}{ENROL_SUFFIX}"
        _check_writable(target)
        return write_enrolment(target, keys, registry), keys.public

    def peek_enrolment(self, path: Path) -> DevicePublic:
        """Whose enrolment file this is (checked, not yet imported): for the fingerprint
        question a person answers before importing it."""
        return read_enrolment(path).device

    def import_enrolment(
        self,
        password: Password,
        path: Path,
        expect_fingerprint: str | None = None,
        *,
        set_scope: bool = False,
        scope: Scope | None = None,
    ) -> EnrolOutcome:
        """Hub: enrol the device whose file this is — with `set_scope`, a laptop with `scope`
        (None: the whole district) in the same registry version. Laptop: trust the hub whose
        file this is and take its registry (which must already list this computer)."""
        enrolment = read_enrolment(path)
        device = enrolment.device
        if expect_fingerprint is not None:
            wanted = expect_fingerprint.replace(" ", "").lower()
            if wanted != device.fingerprint:
                raise UserError(
                    "enrol_fingerprint_mismatch",
                    found=device.fingerprint_for_reading(),
                    expected=format_fingerprint(wanted),
                )
        if self.is_hub():
            return self._enrol_device(password, device, set_scope, scope)
        if set_scope:
            raise UserError("registry_not_hub")
        return self._trust_hub(enrolment.registry, device)

    def _enrol_device(
        self, password: Password, device: DevicePublic, set_scope: bool, scope: Scope | None
    ) -> EnrolOutcome:
        keys = self.unlock(password)
        if device.device_id == keys.device_id:
            raise UserError("enrol_needs_hub_file")
        author = self.ws.author()  # read here: a read inside a write would open a connection there

        def write(db: sqlite_utils.Database) -> EnrolOutcome:
            current = exchange.stored_registry(db.conn)
            if current is None:
                raise UserError("enrol_hub_no_registry")
            updated, changed = reg.with_device(
                current, keys, device, set_scope=set_scope, scope=scope
            )
            if changed:
                before = current.get(device.device_id)
                exchange.install_registry(db.conn, updated)
                if before is None or before.public != device:
                    _event(db, author, "enrol", device.device_id, name=device.name)
                if set_scope and not same(before.scope if before else None, scope):
                    _event(
                        db,
                        author,
                        "scope",
                        device.device_id,
                        name=device.name,
                        scope=scope.to_json() if scope else None,
                    )
            return EnrolOutcome(
                device.name, device.fingerprint_for_reading(), updated.version, changed
            )

        return self.ws.write(write)

    def _trust_hub(self, document: bytes | None, hub: DevicePublic) -> EnrolOutcome:
        if hub.role != "hub":
            raise UserError("enrol_needs_hub_file")
        if document is None:
            raise UserError("enrol_hub_no_registry")
        mine = self.keys.public()
        if mine is None:
            raise UserError("keys_file_missing", path=str(self.keys.path))
        me = self.ws.device_id()
        author = self.ws.author()

        def write(db: sqlite_utils.Database) -> EnrolOutcome:
            current = exchange.stored_registry(db.conn)
            if current is not None and current.hub.fingerprint != hub.fingerprint:
                raise UserError("enrol_hub_changed", found=hub.fingerprint_for_reading())
            candidate = parse_registry(document, current.hub if current else None)
            if candidate.hub.fingerprint != hub.fingerprint:
                raise UserError("enrol_damaged")
            entry = candidate.get(me)
            if entry is None:
                raise UserError("enrol_not_in_registry")
            if entry.public.fingerprint != mine.fingerprint:
                raise UserError("enrol_registered_other_keys")
            if entry.revoked:
                raise UserError("enrol_revoked", name=entry.public.name)
            if current is not None and candidate.version < current.version:
                raise UserError("registry_older", found=candidate.version, have=current.version)
            changed = current is None or candidate.version > current.version
            if changed:
                exchange.install_registry(db.conn, candidate)
                _event(db, author, "enrol", hub.device_id, name=hub.name)
            return EnrolOutcome(hub.name, hub.fingerprint_for_reading(), candidate.version, changed)

        return self.ws.write(write)

    def export_registry(self, out: Path) -> tuple[Path, int]:
        """The hub's signed registry as a file, for laptops (after a revocation, say)."""
        if not self.is_hub():
            raise UserError("registry_not_hub")
        registry = self.registry()
        if registry is None:
            raise UserError("registry_missing")
        target = out
        if out.is_dir():
            target = out / f"registry-v{registry.version}{REGISTRY_SUFFIX}"
        _check_writable(target)
        atomic_write_bytes(target, registry.document)
        return target, registry.version

    def import_registry(self, path: Path) -> tuple[int, bool]:
        """Take a newer registry signed by the hub this computer trusts; (version, changed)."""
        try:
            with open(path, "rb") as handle:  # to the limit only: /dev/zero never ends
                data = handle.read(reg.MAX_REGISTRY_BYTES + 1)
        except FileNotFoundError:
            raise UserError("file_not_found", path=str(path)) from None
        except OSError:
            raise UserError("file_unreadable", path=str(path)) from None

        def write(db: sqlite_utils.Database) -> tuple[int, bool]:
            current = exchange.stored_registry(db.conn)
            if current is None:
                raise UserError("registry_missing")
            if current.hub_id == meta.device_id(db.conn):
                raise UserError("registry_not_hub")
            candidate = parse_registry(data, current.hub)
            if candidate.version < current.version:
                raise UserError("registry_older", found=candidate.version, have=current.version)
            if candidate.version == current.version:
                return current.version, False
            exchange.install_registry(db.conn, candidate)
            return candidate.version, True

        return self.ws.write(write)

    def revoke(self, password: Password, device: str) -> tuple[str, int]:
        """Hub: revoke a device (stolen, lost, or its data rolled back); (name, new version)."""

        def change(
            current: Registry, keys: DeviceKeys, target: DevicePublic
        ) -> tuple[Registry, dict[str, Any] | None]:
            return reg.with_revoked(current, keys, target.device_id), {}

        return self._change_device(password, device, "revoke", change)

    def set_scope(self, password: Password, device: str, scope: Scope | None) -> tuple[str, int]:
        """Hub: set a laptop's scope (None: the whole district) as a new signed registry
        version; (name, version). The laptop purges what left on its next import."""

        def change(
            current: Registry, keys: DeviceKeys, target: DevicePublic
        ) -> tuple[Registry, dict[str, Any] | None]:
            updated, changed = reg.with_scope(current, keys, target.device_id, scope)
            return updated, ({"scope": scope.to_json() if scope else None} if changed else None)

        return self._change_device(password, device, "scope", change)

    def _change_device(
        self,
        password: Password,
        device: str,
        event: str,
        change: Callable[
            [Registry, DeviceKeys, DevicePublic], tuple[Registry, dict[str, Any] | None]
        ],
    ) -> tuple[str, int]:
        """Hub: one signed registry change about one device, installed with its audit event
        (`change` returns the new registry and the event's details, or None when nothing
        changed); (the device's name, the registry version)."""
        if not self.is_hub():
            raise UserError("registry_not_hub")
        keys = self.unlock(password)
        author = self.ws.author()

        def write(db: sqlite_utils.Database) -> tuple[str, int]:
            current = exchange.stored_registry(db.conn)
            if current is None:
                raise UserError("registry_missing")
            target = exchange.find_device(current, device)
            updated, details = change(current, keys, target)
            if details is not None:
                exchange.install_registry(db.conn, updated)
                _event(db, author, event, target.device_id, name=target.name, **details)
            return target.name, updated.version

        return self.ws.write(write)

    def scope_projects(self, codes: Sequence[str]) -> Scope:
        """A project-list scope from project codes or ids. UserError: scope_unknown_project."""

        def read(db: sqlite_utils.Database) -> list[str]:
            found = []
            for code in codes:
                row = db.conn.execute(
                    "SELECT id FROM projects WHERE (code = ? OR id = ?) AND _deleted = 0",
                    (code.strip(), code.strip()),
                ).fetchone()
                if row is None:
                    raise UserError("scope_unknown_project", project=code)
                found.append(str(row[0]))
            return found

        return Scope.of_projects(self.ws.read(read))

    def own_scope(self) -> Scope | None:
        return self.ws.read(lambda db: scoping.scope_of(db.conn, meta.device_id(db.conn)))

    def late_edits(self) -> list[dict[str, Any]]:
        """Hub: edits laptops made to records that had left their scope (kept here like any
        other edit), newest first, with the laptop's name and the record's title."""
        names = self.device_names()

        def read(db: sqlite_utils.Database) -> list[dict[str, Any]]:
            out = []
            for edit in scoping.late_edits(db.conn):
                spec = ENTITIES.get(edit.entity)
                op = oplog.ops_by_id(db.conn, [edit.op_id]).get(edit.op_id)
                out.append(
                    {
                        "device": names.get(edit.device, edit.device[-8:]),
                        "entity": edit.entity,
                        "record_id": edit.entity_id,
                        "short_id": short_id(edit.entity_id),
                        "title": _title(db.conn, spec, edit.entity_id) if spec else "",
                        "field": op.field if op else None,
                        "change": _change_label(spec, op),
                        "when": _when(op.hlc) if op else "",
                        "imported_at": edit.imported_at,
                    }
                )
            return out

        return self.ws.read(read)

    def devices(self) -> list[DeviceInfo]:
        def read(db: sqlite_utils.Database) -> list[DeviceInfo]:
            found = []
            for row in sync_tables.devices(db.conn):
                public = exchange._public(row)
                acked = rs.count(exchange.acknowledged(db.conn, row.device_id))
                scope = scoping.scope_of(db.conn, row.device_id)
                found.append(
                    DeviceInfo(
                        row.device_id,
                        row.name,
                        row.role,
                        public.fingerprint_for_reading(),
                        row.enrolled_at,
                        row.revoked_at,
                        acked,
                        scope,
                        _scope_label(db.conn, scope),
                    )
                )
            return found

        return self.ws.read(read)

    def device_names(self) -> dict[str, str]:
        """Device id -> the name people know it by (the registry's, this computer's profile)."""
        names = {d.device_id: d.name for d in self.devices()}
        profile = self.ws.profile()
        if profile is not None:
            names[self.ws.device_id()] = profile.device_name
        return names

    # --- bundles ----------------------------------------------------------------------------
    def export(
        self,
        password: Password,
        out: Path,
        *,
        to: Sequence[str] | None = None,
        all_ops: bool = False,
        passphrase: str | None = None,
        progress: exchange.Progress | None = None,
        passphrase_log_n: int | None = None,
    ) -> list[ExportResult]:
        """Laptop: one bundle for the hub. Hub: one bundle per active laptop (or for `to`).
        Each is verified on the stick before this returns."""
        self.ws.require_writable()  # an export records what it sent (and spools on this disk)
        keys = self.unlock(password)
        profile = self.ws.require_profile()
        if not exists(out) and out.suffix != BUNDLE_SUFFIX:
            raise UserError("sync_not_a_folder", path=str(out))
        if exists(out) and not out.is_dir() and (out.suffix != BUNDLE_SUFFIX or not out.is_file()):
            # an Excel list, a document, a device: never replaced by a bundle
            raise UserError("sync_out_not_a_bundle", path=str(out))
        _check_writable(out / ".probe" if out.is_dir() else out)
        secret = None
        if passphrase is not None:
            secret = (
                Passphrase(passphrase)
                if passphrase_log_n is None
                else Passphrase(passphrase, passphrase_log_n)
            )
        common: dict[str, Any] = {
            "author": self.ws.author(),
            "sender_name": profile.device_name,
            "progress": progress,
            "work_dir": self.temp_dir,
        }
        self.temp_dir.mkdir(parents=True, exist_ok=True)
        if profile.role == "hub" and not to and secret is None:
            if not out.is_dir():
                raise UserError("sync_hub_needs_folder")
            registry = self.registry()
            laptops = [
                d for d in (registry.active() if registry else []) if d.device_id != keys.device_id
            ]
            if not laptops:
                raise UserError("sync_no_laptops")
            return [
                exchange.export_bundle(
                    self.ws.store, keys, out, to=[d.device_id], all_ops=all_ops, **common
                )
                for d in laptops
            ]
        return [
            exchange.export_bundle(
                self.ws.store, keys, out, to=to, all_ops=all_ops, passphrase=secret, **common
            )
        ]

    def import_files(
        self,
        password: Password | None,
        paths: Sequence[Path],
        *,
        passphrase: str | None = None,
        progress: Callable[[int, int, str, int, int], None] | None = None,
    ) -> list[ImportOutcome]:
        """Import each file in turn; a refusal of one does not stop the others.
        `progress(file_index, file_count, stage, done, total)`."""
        self.ws.require_writable()
        keys = None
        if password is not None or self.keys.exists():
            keys = self.unlock(password if password is not None else _no_password)
        exchange.clean_temp(self.temp_dir)
        self.ws.store.files.clean_leftovers()
        outcomes = []
        for index, path in enumerate(paths):
            report = None
            if progress is not None:

                def report(stage: str, done: int, total: int, index: int = index) -> None:
                    progress(index, len(paths), stage, done, total)

            try:
                summary = exchange.import_bundle(
                    self.ws.store,
                    keys,
                    path,
                    author=self.ws.author(),
                    passphrase=passphrase,
                    temp_dir=self.temp_dir,
                    backup_dir=self.backup_dir,
                    progress=report,
                )
            except UserError as exc:
                status = "already_imported" if exc.code == "bundle_already_imported" else "refused"
                outcomes.append(ImportOutcome(path, status, error=exc))
                continue
            if summary.purge is not None:
                purge_drafts(self.ws.store.path.parent / "drafts", summary.purge.ids)
            outcomes.append(ImportOutcome(path, "imported", summary=summary))
        return outcomes

    def history(self, limit: int = 50) -> list[sync_tables.ImportRow]:
        return self.ws.read(lambda db: sync_tables.imports(db.conn, limit))

    # --- conflicts ---------------------------------------------------------------------------
    def conflicts(self, *, reveal: bool = False) -> list[ConflictView]:
        """Every open conflict: concurrent values of a field, and records deleted on one
        computer while edited on another. Deterministic order (record kind, record, field)."""
        names = self.device_names()

        def read(db: sqlite_utils.Database) -> list[ConflictView]:
            conn = db.conn
            views: list[ConflictView] = []
            rows = conn.execute(
                "SELECT entity, entity_id, field FROM conflicts ORDER BY entity, entity_id, field"
            ).fetchall()
            for entity, entity_id, name in rows:
                spec = ENTITIES.get(entity)
                if spec is None:
                    continue
                heads = oplog.field_heads(conn, entity_id, name)
                winner = heads[-1].op_id if heads else ""
                fspec = spec.field(name) if spec.has_field(name) else None
                outside: set[str] = set()
                holders: dict[str, str] | None = None
                if pool_holders.is_holder(entity, name):
                    outside = pool_holders.withheld_heads(conn, entity_id, name)
                    holders = pool_holders.household_names(conn, [h.value_of(name) for h in heads])
                values = [
                    _value_view(
                        op, name, fspec, names, op.op_id == winner, reveal, outside, holders
                    )
                    for op in reversed(heads)
                ]
                views.append(
                    ConflictView(
                        "field",
                        entity,
                        _label(spec),
                        entity_id,
                        short_id(entity_id),
                        _title(conn, spec, entity_id),
                        name,
                        _field_label(fspec, name),
                        values,
                        bool(outside),
                    )
                )
            for spec in ENTITIES.values():
                ids = [
                    r[0]
                    for r in conn.execute(
                        f"SELECT id FROM {spec.table} WHERE _delete_conflict = 1 ORDER BY id"
                    )
                ]
                for entity_id in ids:
                    views.append(_delete_view(conn, spec, entity_id, names, reveal))
            return views

        return self.ws.read(read)

    def conflict_count(self) -> int:
        return self.ws.read(lambda db: _open_conflicts(db.conn))

    def resolve(self, record: str, field_name: str, value: Any) -> ConflictView:
        """Settle one conflict with a value (typed, or "#N" for the N-th listed value); for a
        record deleted on one computer and edited on another, field `_deleted` and value
        keep/delete (保留/删除). Returns the conflict as it was."""
        views = self.conflicts(reveal=True)
        view = _find_conflict(views, record, field_name)
        self._refuse_outside_scope(view)
        if view.kind == "delete":
            choice = str(value).strip().lower()
            if choice in ("keep", "保留", "restore", "0", "false", "否"):
                self.ws.restore(view.entity, view.record_id)
            elif choice in ("delete", "删除", "1", "true", "是"):
                self.ws.delete(view.entity, view.record_id)
            else:
                raise UserError("sync_delete_choice")
            return view
        text = str(value).strip()
        chosen: Any = value
        if text.startswith("#") and text[1:].isdigit():
            index = int(text[1:]) - 1
            if not 0 <= index < len(view.values):
                raise UserError("sync_choice_index", count=len(view.values))
            chosen = view.values[index].value
        self.ws.resolve(view.entity, view.record_id, view.field, chosen)
        return view

    def resolve_with(self, view: ConflictView, value: Any) -> None:
        """The GUI's path: a listed value (its stored form) or a typed one."""
        self._refuse_outside_scope(view)
        if view.kind == "delete":
            self.resolve(view.record_id, DELETED, value)
            return
        self.ws.resolve(view.entity, view.record_id, view.field, value)

    def _refuse_outside_scope(self, view: ConflictView) -> None:
        # Judged afresh (the view may be stale): a holder claim outside this laptop's scope.
        if view.kind == "field" and pool_holders.is_holder(view.entity, view.field):
            pool_holders.refuse_if_outside_scope(self.ws, view.entity, view.record_id, view.title)


# --- helpers ------------------------------------------------------------------------------------


def _record_changes(conn: Any, ranges: rs.Ranges) -> int:
    """How many of the ops in `ranges` change records (audit entries travel but are not counted:
    every export is itself audited, and "1 change not sent" right after exporting would mislead)."""
    total = 0
    for origin, seqs in ranges.items():
        for lo, hi in seqs.ranges:
            counts = sync_tables.count_by_entity(conn, origin, lo, hi)
            total += sum(n for kind, n in counts.items() if kind != "event")
    return total


def own_scope_label(ws: Workspace) -> str:
    """This computer's scope as a person reads it ("" when it holds the whole district)."""

    def read(db: sqlite_utils.Database) -> str:
        return _scope_label(db.conn, scoping.scope_of(db.conn, meta.device_id(db.conn)))

    return ws.read(read)


def project_choices(ws: Workspace) -> list[tuple[str, str, str]]:
    """(id, code, name) of every live project, for choosing a project-list scope."""
    return ws.read(
        lambda db: [
            (str(r[0]), str(r[1] or ""), str(r[2] or ""))
            for r in db.conn.execute(
                "SELECT id, code, name FROM projects WHERE _deleted = 0 ORDER BY code, id"
            )
        ]
    )


def _scope_label(conn: sqlite3.Connection, scope: Scope | None) -> str:
    if scope is None:
        return ""
    names: dict[str, str] = {}
    if scope.projects:
        for pid in scope.projects:
            row = conn.execute("SELECT name FROM projects WHERE id = ?", (pid,)).fetchone()
            if row is not None and row[0]:
                names[pid] = str(row[0])
    return scope.label(names)


def purge_drafts(folder: Path, record_ids: set[str]) -> int:
    """Autosaved form drafts (ui/drafts.py: one JSON file each) of records that left this
    laptop's scope, or of new records under them, go with the records."""
    removed = 0
    if not record_ids or not folder.is_dir():
        return 0
    for path in folder.glob("*.json"):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        named = {str(data.get("record_id", ""))} if isinstance(data, dict) else set()
        values = data.get("values") if isinstance(data, dict) else None
        if isinstance(values, dict):
            named |= {str(v) for v in values.values() if isinstance(v, str)}
        if named & record_ids:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def _no_password(purpose: str) -> str:
    raise UserError("keys_password_needed")


def _check_writable(target: Path) -> None:
    folder = target.parent
    if not folder.is_dir():
        raise UserError("sync_not_a_folder", path=str(folder))


def _event(
    db: sqlite_utils.Database, author: str, action: str, target: str, **details: Any
) -> None:
    draft = oplog.Draft("event", "device", target, action, details)
    oplog.apply_ops(db.conn, oplog.new_local_ops(db.conn, author, [draft]))


def _open_conflicts(conn: sqlite3.Connection) -> int:
    """Fields with differing heads, plus records deleted on one computer and edited on another."""
    count = int(conn.execute("SELECT count(*) FROM conflicts").fetchone()[0])
    for spec in ENTITIES.values():
        sql = f"SELECT count(*) FROM {spec.table} WHERE _delete_conflict = 1"
        count += int(conn.execute(sql).fetchone()[0])
    return count


def _label(spec: EntitySpec) -> str:
    return spec.zh if i18n.language() == "zh" else spec.en


DELETED_FIELD = FieldSpec(DELETED, "删除状态", "deletion", "bool")


def _field_label(spec: FieldSpec | None, name: str) -> str:
    if spec is None and name == DELETED:
        spec = DELETED_FIELD
    if spec is None:
        return name
    return spec.zh if i18n.language() == "zh" else spec.en


def _change_label(spec: EntitySpec | None, op: Op | None) -> str:
    """What a late edit changed, as a person reads it: a field's label, or new / deleted."""
    if op is None:
        return ""
    if op.kind in CREATING_KINDS:
        return "新建" if i18n.language() == "zh" else "created"
    if op.kind == "delete":
        return "删除" if i18n.language() == "zh" else "deleted"
    if op.field is None:
        return ""
    return _field_label(
        spec.field(op.field) if spec and spec.has_field(op.field) else None, op.field
    )


def _when(hlc: int) -> str:
    moment = dt.datetime.fromtimestamp(wall_ms(hlc) / 1000)
    return moment.strftime("%Y-%m-%d %H:%M")


def display_value(spec: FieldSpec | None, value: Any, reveal: bool = False) -> str:
    if value is None or value == "":
        return text("sync_value_empty")
    if spec is None:
        return str(value)
    if not reveal:
        value = mask(spec, value)
    lang = i18n.language()
    if spec.kind == "choice" and spec.options is not None:
        return spec.options.label(str(value), lang)
    if spec.kind == "choices" and spec.options is not None:
        codes = value if isinstance(value, list) else _json_list(value)
        return "、".join(spec.options.label(str(c), lang) for c in codes)
    if spec.kind == "bool":
        yes, no = ("是", "否") if lang == "zh" else ("yes", "no")
        return yes if value else no
    if spec.kind == "ref":
        return short_id(str(value))
    return str(value)


def _json_list(value: Any) -> list[Any]:
    try:
        parsed = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return [value]
    return parsed if isinstance(parsed, list) else [value]


def _value_view(
    op: Op,
    name: str,
    spec: FieldSpec | None,
    names: dict[str, str],
    winning: bool,
    reveal: bool,
    outside: Set[str] = frozenset(),
    holder_names: dict[str, str] | None = None,
) -> ConflictValue:
    value = op.value_of(name)
    withheld = op.op_id in outside
    if withheld:
        shown = pool_holders.outside_household()
    elif holder_names is not None and value in holder_names:
        shown = holder_names[value]  # the household by name rather than by its short id
    else:
        shown = display_value(spec, value, reveal)
    return ConflictValue(
        op.op_id,
        value,
        shown,
        op.author,
        names.get(op.origin_device, op.origin_device[-8:]),
        _when(op.hlc),
        winning,
        withheld,
    )


_TITLE_FIELDS = ("head_name", "name", "code", "summary", "number", "address", "text", "key")


def _title(conn: Any, spec: EntitySpec, entity_id: str) -> str:
    row = conn.execute(f"SELECT * FROM {spec.table} WHERE id = ?", (entity_id,)).fetchone()
    if row is None:
        return short_id(entity_id)
    columns = [d[0] for d in conn.execute(f"SELECT * FROM {spec.table} LIMIT 0").description]
    values = dict(zip(columns, row, strict=True))
    parts = [str(values[n]) for n in _TITLE_FIELDS if values.get(n) and n in values][:2]
    return " · ".join(parts) or short_id(entity_id)


def _delete_view(
    conn: Any, spec: EntitySpec, entity_id: str, names: dict[str, str], reveal: bool
) -> ConflictView:
    heads = oplog.record_heads(conn, entity_id)
    tombstones = [op for op in heads.get(DELETED, []) if op.kind == "delete"]
    seen = {p for op in tombstones for p in op.preds}
    values: list[ConflictValue] = []
    deleted_text = text("sync_record_deleted")
    for op in tombstones:
        values.append(
            ConflictValue(
                op.op_id,
                True,
                deleted_text,
                op.author,
                names.get(op.origin_device, op.origin_device[-8:]),
                _when(op.hlc),
                False,
            )
        )
    for name, ops in sorted(heads.items()):
        if name == DELETED:
            continue
        fspec = spec.field(name) if spec.has_field(name) else None
        for op in ops:
            if op.op_id in seen or op.kind not in ("set", "resolve"):
                continue
            view = _value_view(op, name, fspec, names, False, reveal)
            label = _field_label(fspec, name)
            values.append(
                ConflictValue(
                    view.op_id,
                    view.value,
                    f"{label}: {view.text}",
                    view.author,
                    view.device,
                    view.when,
                    True,
                )
            )
    return ConflictView(
        "delete",
        spec.name,
        _label(spec),
        entity_id,
        short_id(entity_id),
        _title(conn, spec, entity_id),
        DELETED,
        _field_label(None, DELETED),
        values,
    )


def _find_conflict(views: list[ConflictView], record: str, field_name: str) -> ConflictView:
    needle = record.strip().lower().replace("-", "")
    wanted = field_name.strip()
    matches = [
        v
        for v in views
        if (v.record_id.replace("-", "") == needle or v.record_id.replace("-", "").endswith(needle))
        and len(needle) >= 4
    ]
    if not matches:
        raise UserError("sync_nothing_to_resolve", record=record, field=field_name)
    for view in matches:
        if view.kind == "delete" and wanted.lower() in ("_deleted", "deleted", "删除状态", "删除"):
            return view
        if wanted == view.field or wanted in (_field_label(_fspec(view), view.field),):
            return view
        fspec = _fspec(view)
        if fspec is not None and wanted.lower() in (fspec.zh, fspec.en.lower()):
            return view
    if len(matches) == 1 and matches[0].kind == "delete":
        return matches[0]
    raise UserError("sync_nothing_to_resolve", record=record, field=field_name)


def _fspec(view: ConflictView) -> FieldSpec | None:
    spec = ENTITIES[view.entity]
    return spec.field(view.field) if spec.has_field(view.field) else None
