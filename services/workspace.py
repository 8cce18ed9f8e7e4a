"""Workspace: an open database with its profile, and the generic record operations.

Every change goes through `_commit_drafts`: drafts become ops of this device and are applied by
storage.oplog.apply_ops in one write transaction on the writer thread. Reads use the calling
thread's reader connection. Record-specific use cases live beside this module (households,
visits, requests, …) and are written in terms of these operations.
"""

from __future__ import annotations

import mimetypes
import sqlite3
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

import sqlite_utils

from domain.errors import Label, UserError
from domain.file_names import readable_name, readable_values
from domain.ids import uuid7
from domain.ops import DELETED, Op
from domain.records import ENTITIES, EntitySpec
from domain.validation import coerce
from storage import bulkload, keyring, meta, oplog, opstore, scoping
from storage.oplog import ApplyResult, Draft
from storage.store import Store

T = TypeVar("T")


@dataclass(frozen=True)
class Profile:
    caseworker: str
    district: str
    sub_district: str
    device_name: str
    role: str = "laptop"  # or "hub" at the district office

    def to_dict(self) -> dict[str, str]:
        return {
            "caseworker": self.caseworker,
            "district": self.district,
            "sub_district": self.sub_district,
            "device_name": self.device_name,
            "role": self.role,
        }


@dataclass(frozen=True)
class HistoryEntry:
    op_id: str
    hlc: int
    author: str
    device: str
    kind: str
    entity: str
    entity_id: str
    field: str | None
    old: list[Any]
    new: Any


@dataclass(frozen=True)
class ConflictValue:
    op_id: str
    value: Any
    author: str
    device: str
    hlc: int
    kind: str


@dataclass(frozen=True)
class Conflict:
    entity: str
    entity_id: str
    field: str
    values: list[ConflictValue]  # displayed (winning) value last


class Workspace:
    def __init__(self, store: Store) -> None:
        self.store = store

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        password: keyring.Password = None,
        on_step: Callable[[str], None] | None = None,
    ) -> Workspace:
        """Open (or create) the encrypted database; `password` as storage.keyring takes it.
        `on_step` is told the catalogue code of a long step of the opening before it starts
        ("db_upgrading", "db_finishing_bulk_load"), on the writer thread."""
        return cls(Store(path, password=password, on_step=on_step))

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # low-level access for sibling service modules --------------------------------------------
    def read(self, fn: Callable[[sqlite_utils.Database], T]) -> T:
        return self.store.read(fn)

    def write(self, fn: Callable[[sqlite_utils.Database], T]) -> T:
        return self.store.write(fn)

    # profile ---------------------------------------------------------------------------------
    def profile(self) -> Profile | None:
        raw = self.read(lambda db: meta.profile(db.conn))
        return None if raw is None else Profile(**raw)

    def require_profile(self) -> Profile:
        found = self.profile()
        if found is None:
            raise UserError("no_profile")
        return found

    def init_profile(self, profile: Profile) -> Profile:
        for name, value in profile.to_dict().items():
            if not value.strip():
                raise UserError("required", field=_PROFILE_LABELS[name])

        def write(db: sqlite_utils.Database) -> None:
            if meta.profile(db.conn) is not None:
                raise UserError("profile_exists")
            meta.set_profile(db.conn, profile.to_dict())

        self.write(write)
        return profile

    def update_profile(self, profile: Profile) -> None:
        self.write(lambda db: meta.set_profile(db.conn, profile.to_dict()))

    def device_id(self) -> str:
        return self.read(lambda db: meta.device_id(db.conn))

    def author(self) -> str:
        found = self.profile()
        return found.caseworker if found else ""

    # generic record operations ---------------------------------------------------------------
    def commit(
        self, drafts: Sequence[Draft], *, also: Callable[[sqlite3.Connection], None] | None = None
    ) -> ApplyResult:
        """Turn drafts into this device's ops and apply them in one transaction (with `also`,
        bookkeeping that must commit or roll back with them)."""
        return self.submit_commit(drafts, also=also).result()

    def submit_commit(
        self, drafts: Sequence[Draft], *, also: Callable[[sqlite3.Connection], None] | None = None
    ) -> Future[ApplyResult]:
        """`commit`, queued on the writer thread: the caller can prepare the next batch while
        this one is written (bulk loads). Commits run one at a time in the order submitted."""
        author = self.author()

        def write(db: sqlite_utils.Database) -> ApplyResult:
            ops = oplog.new_local_ops(db.conn, author, drafts)
            result = oplog.apply_ops(db.conn, ops)
            if also is not None:
                also(db.conn)
            return result

        return self.store.submit_write(write)

    def commit_new(self, drafts: Sequence[Draft]) -> None:
        """`commit` for drafts that create brand-new records (and record events): written by
        storage.bulkload, the same rows apply_ops would write without reading any heads (it
        falls back to apply_ops itself when a record is not new after all)."""
        author = self.author()
        new = [(d.kind, d.entity, d.entity_id, d.field, d.value, d.value_json) for d in drafts]

        def write(db: sqlite_utils.Database) -> None:
            stamp = bulkload.read_stamp(db.conn, author)
            encode = bulkload.encoder(stamp.dict_id, bulkload.dictionary(db.conn, stamp.dict_id))
            batch, _ = bulkload.make(stamp, new, encode)
            bulkload.write(db.conn, batch)

        self.store.write(write)

    def bulk_stamp(self) -> tuple[bulkload.Stamp, bytes | None]:
        """What a bulk load's next batch is numbered from, and the bytes of the dictionary its
        values are compressed with (for a helper process, which has no database)."""
        author = self.author()

        def read(db: sqlite_utils.Database) -> tuple[bulkload.Stamp, bytes | None]:
            stamp = bulkload.read_stamp(db.conn, author)
            return stamp, bulkload.dictionary(db.conn, stamp.dict_id)

        return self.read(read)

    def dictionary(self, ident: int | None) -> bytes | None:
        return self.read(lambda db: bulkload.dictionary(db.conn, ident))

    def submit_bulk(
        self,
        batch: bulkload.Batch,
        *,
        also: Callable[[sqlite3.Connection], None] | None = None,
        before: Callable[[sqlite3.Connection], object] | None = None,
    ) -> Future[int | None]:
        """`submit_commit` for a batch of brand-new records prepared by storage.bulkload (a bulk
        load's helper): the same rows apply_ops would write, in one transaction (with `before`
        and `also`, what runs in it before and after them). The future gives the newest
        dictionary's id after it (later batches are compressed with it)."""

        def write(db: sqlite_utils.Database) -> int | None:
            if before is not None:
                before(db.conn)
            newest = bulkload.write(db.conn, batch)
            if also is not None:
                also(db.conn)
            return newest

        return self.store.submit_write(write)

    def validate(self, entity: str, raw: dict[str, Any], *, partial: bool) -> dict[str, Any]:
        spec = ENTITIES[entity]
        values: dict[str, Any] = {}
        for name, value in raw.items():
            if not spec.has_field(name):
                raise UserError("unknown_field", entity=Label(spec.zh, spec.en), field=name)
            values[name] = coerce(spec.field(name), value)
        if not partial:
            for field in spec.fields:
                if field.required and values.get(field.name) is None:
                    raise UserError("required", field=Label(field.zh, field.en))
        self._check_refs(spec, values)
        return values

    def _check_refs(self, spec: EntitySpec, values: dict[str, Any]) -> None:
        refs = [(f.ref, values[f.name]) for f in spec.fields if f.ref and values.get(f.name)]
        for target, record_id in refs:
            assert target is not None
            self.get(target, record_id)

    def create_drafts(self, entity: str, raw: dict[str, Any]) -> tuple[str, list[Draft]]:
        values = {
            k: v for k, v in self.validate(entity, raw, partial=False).items() if v is not None
        }
        self._check_in_scope(entity, values)
        record_id = uuid7()
        kind = "attach" if entity == "attachment" else "create"
        return record_id, [Draft(kind, entity, record_id, None, values)]

    def _check_in_scope(self, entity: str, values: dict[str, Any]) -> None:
        """A laptop holds only its scope (docs/sync.md): it cannot create records outside it."""

        def read(db: sqlite_utils.Database) -> str | None:
            scope = scoping.scope_of(db.conn, meta.device_id(db.conn))
            if scope is None or scoping.creatable(db.conn, scope, entity, values):
                return None
            return scope.label()

        outside = self.read(read)
        if outside is not None:
            raise UserError("scope_outside", scope=outside)

    def create(self, entity: str, raw: dict[str, Any]) -> str:
        record_id, drafts = self.create_drafts(entity, raw)
        self.commit(drafts)
        return record_id

    def update_drafts(
        self, entity: str, record_id: str, raw: dict[str, Any], *, allow_managed: bool = False
    ) -> list[Draft]:
        spec = ENTITIES[entity]
        current = self.get(entity, record_id)
        for name in raw:
            if spec.has_field(name) and spec.field(name).managed and not allow_managed:
                field = spec.field(name)
                raise UserError("field_read_only", field=Label(field.zh, field.en))
        values = self.validate(entity, raw, partial=True)
        merged = current | values
        for field in spec.fields:
            if field.required and merged.get(field.name) in (None, ""):
                raise UserError("required", field=Label(field.zh, field.en))
        return [
            Draft("set", entity, record_id, name, value)
            for name, value in values.items()
            if oplog.column_value(value) != current.get(name) or self.has_conflict(record_id, name)
        ]

    def update(self, entity: str, record_id: str, raw: dict[str, Any]) -> int:
        """Set the given fields; returns how many actually changed."""
        drafts = self.update_drafts(entity, record_id, raw)
        if drafts:
            self.commit(drafts)
        return len(drafts)

    def delete(self, entity: str, record_id: str) -> None:
        self.get(entity, record_id)
        self.commit([Draft("delete", entity, record_id, DELETED, True)])

    def restore(self, entity: str, record_id: str) -> None:
        """Undo a delete (or keep a record flagged 'deleted on one laptop, edited on another')."""
        self.get(entity, record_id, include_deleted=True)
        self.commit([Draft("set", entity, record_id, DELETED, False)])

    def get(self, entity: str, record_id: str, *, include_deleted: bool = False) -> dict[str, Any]:
        spec = ENTITIES[entity]

        def read(db: sqlite_utils.Database) -> dict[str, Any] | None:
            rows = list(db.query(f"SELECT * FROM {spec.table} WHERE id = ?", [record_id]))
            return rows[0] if rows else None

        row = self.read(read)
        if row is None:
            raise UserError("record_not_found", record_id=record_id)
        if row["_deleted"] and not include_deleted:
            raise UserError("record_deleted", record_id=record_id)
        return row

    def resolve_id(self, entity: str, text: str) -> str:
        """Accept a full id or the short id people see (its last 8 hex digits)."""
        spec = ENTITIES[entity]
        needle = text.strip().lower()
        if not needle:
            raise UserError("record_not_found", record_id=text)

        def read(db: sqlite_utils.Database) -> list[str]:
            if len(needle) == 36:
                sql, args = f"SELECT id FROM {spec.table} WHERE id = ?", [needle]
            else:
                sql = f"SELECT id FROM {spec.table} WHERE replace(id, '-', '') LIKE ? LIMIT 2"
                args = ["%" + needle.replace("-", "")]
            return [row["id"] for row in db.query(sql, args)]

        found = self.read(read)
        if not found:
            raise UserError("record_not_found", record_id=text)
        if len(found) > 1:
            raise UserError("record_ambiguous", record_id=text)
        return found[0]

    def entity_of(self, record_id: str) -> str:
        def read(db: sqlite_utils.Database) -> str | None:
            row = db.conn.execute(
                "SELECT entity FROM ops WHERE entity_key = id_key(?)"
                " AND kind IN ('create','attach')",
                (record_id,),
            ).fetchone()
            return None if row is None else str(row[0])

        entity = self.read(read)
        if entity is None:
            raise UserError("record_not_found", record_id=record_id)
        return entity

    # history, conflicts, events -------------------------------------------------------------
    def history(self, record_id: str) -> list[HistoryEntry]:
        """Every change of a record, oldest first, with the values it replaced."""

        def read(db: sqlite_utils.Database) -> list[HistoryEntry]:
            rows = db.conn.execute(
                f"SELECT {oplog.OP_COLUMNS} FROM ops WHERE entity_key = id_key(?)"
                " ORDER BY hlc, op_id",
                (record_id,),
            )
            ops = [oplog.row_to_op(row) for row in rows]
            by_id = {op.op_id: op for op in ops}
            entries = []
            for op in ops:
                old = [by_id[p].value_of(op.field) for p in op.preds if p in by_id and op.field]
                new = op.value if op.kind != "delete" else None
                entries.append(
                    HistoryEntry(
                        op.op_id,
                        op.hlc,
                        op.author,
                        op.origin_device,
                        op.kind,
                        op.entity,
                        op.entity_id,
                        op.field,
                        old,
                        new,
                    )
                )
            return entries

        return self.read(read)

    def has_conflict(self, record_id: str, field: str) -> bool:
        return self.read(
            lambda db: (
                db.conn.execute(
                    "SELECT 1 FROM conflicts WHERE entity_id = ? AND field = ?", (record_id, field)
                ).fetchone()
                is not None
            )
        )

    def conflicts(self, record_id: str | None = None) -> list[Conflict]:
        def read(db: sqlite_utils.Database) -> list[Conflict]:
            sql = "SELECT entity, entity_id, field FROM conflicts"
            args: list[str] = []
            if record_id is not None:
                sql += " WHERE entity_id = ?"
                args.append(record_id)
            found = []
            for entity, entity_id, field in db.conn.execute(
                sql + " ORDER BY entity, entity_id", args
            ):
                heads = oplog.field_heads(db.conn, entity_id, field)
                found.append(
                    Conflict(
                        entity,
                        entity_id,
                        field,
                        [
                            ConflictValue(
                                op.op_id,
                                op.value_of(field),
                                op.author,
                                op.origin_device,
                                op.hlc,
                                op.kind,
                            )
                            for op in heads
                        ],
                    )
                )
            return found

        return self.read(read)

    def delete_conflicts(self) -> list[dict[str, Any]]:
        """Records deleted on one laptop and edited on another: kept, waiting for a person."""

        def read(db: sqlite_utils.Database) -> list[dict[str, Any]]:
            found = []
            for spec in ENTITIES.values():
                for row in db.query(f"SELECT * FROM {spec.table} WHERE _delete_conflict = 1"):
                    found.append({"entity": spec.name, **row})
            return found

        return self.read(read)

    def resolve(self, entity: str, record_id: str, field: str, raw_value: Any) -> None:
        """Settle a conflict: a new value whose preds are all the current heads."""
        spec = ENTITIES[entity]
        if field == DELETED:
            value: Any = bool(raw_value) and str(raw_value).lower() not in ("0", "false", "否")
        else:
            value = coerce(spec.field(field), raw_value)
        if not self.has_conflict(record_id, field):
            label = spec.field(field) if spec.has_field(field) else None
            raise UserError(
                "nothing_to_resolve", field=Label(label.zh, label.en) if label else field
            )
        self.commit([Draft("resolve", entity, record_id, field, value)])

    def record_event(self, action: str, target_entity: str, target_id: str, **details: Any) -> None:
        """An audit entry (who revealed, printed, exported, imported): an op that travels. File
        names in GBK bytes are stored as the text they stand for (domain.file_names)."""
        self.commit([Draft("event", target_entity, target_id, action, readable_values(details))])

    def events(self, action: str | None = None, target_id: str | None = None) -> list[Op]:
        def read(db: sqlite_utils.Database) -> list[Op]:
            sql = f"SELECT {oplog.OP_COLUMNS} FROM ops WHERE {opstore.EVENTS}"
            args: list[str] = []
            if action:
                sql += " AND field = ?"
                args.append(action)
            if target_id:
                sql += " AND entity_id = ?"
                args.append(target_id)
            return [oplog.row_to_op(row) for row in db.conn.execute(sql + " ORDER BY hlc", args)]

        return self.read(read)

    def reveal(self, entity: str, record_id: str, field: str) -> Any:
        """Show a masked value in full; the showing is logged (PIPL)."""
        row = self.get(entity, record_id)
        self.record_event("reveal", entity, record_id, field=field)
        return row.get(field)

    # attachments ------------------------------------------------------------------------------
    def require_writable(self) -> None:
        """Refuse, before any file is touched, a change to a database on read-only media (the
        op log's own write would refuse it only after the work done for it)."""
        if self.store.read_only:
            raise UserError("db_read_only", path=str(self.store.path))

    def attach(self, record_id: str, source: Path) -> str:
        self.require_writable()
        entity = self.entity_of(record_id)
        sha256, size = self.store.files.put_file(source)
        mime = mimetypes.guess_type(readable_name(source.name))[0] or "application/octet-stream"
        return self.create(
            "attachment",
            {
                "record_id": record_id,
                "record_entity": entity,
                "sha256": sha256,
                "name": readable_name(source.name),
                "size": size,
                "mime": mime,
            },
        )

    def attachments(self, record_id: str) -> list[dict[str, Any]]:
        return self.read(
            lambda db: list(
                db.query(
                    "SELECT * FROM attachments WHERE record_id = ? AND _deleted = 0"
                    " ORDER BY _created_hlc",
                    [record_id],
                )
            )
        )

    def open_attachment(self, sha256: str) -> BinaryIO:
        """An attachment's bytes as a stream, decrypted as they are read."""
        return self.store.files.open(sha256)

    def attachment_bytes(self, sha256: str) -> bytes:
        """An attachment's bytes, decrypted in memory (thumbnails, previews)."""
        try:
            return self.store.files.read(sha256)
        except OSError as exc:  # damaged: sealed files do not open when changed
            raise UserError("attachment_missing") from exc


_PROFILE_LABELS = {
    "caseworker": Label("姓名", "name"),
    "district": Label("区", "district"),
    "sub_district": Label("街道", "sub-district"),
    "device_name": Label("本机名称", "computer name"),
    "role": Label("角色", "role"),
}
