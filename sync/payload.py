"""The decrypted payload of a bundle: a manifest, the attachment bytes, the ops, framed for streams.

Layout of format 2 (integers big-endian):

    magic b"DSPAYL2\\n"
    record*    tag (1 byte) | body length u64 | body
      M        the manifest, canonical JSON object; first and once
      A        SHA-256 (32 bytes) | the attachment's bytes; exactly the manifest's
               "attachments" list, in that order
      B        a batch of ops: a JSON array of ops, each an array of its fields
               (sync/op_records.py); together exactly manifest["op_count"] ops
      E        end, empty body; nothing may follow

Length-prefixed records rather than newline-separated JSON lines: a reader never scans for a
delimiter and can refuse an oversized record from its length alone, before reading it.
Attachments come before the ops so that the pass that stores them (before the import's
transaction) never reads an op, and the pass inside the transaction reads each op once, straight
into a checked `Op`. Many ops to a record: one JSON parse and one read per batch, not per op.

Format 1 (magic b"DSPAYLD\\n", bundles of format 1) had one JSON object per op in `O` records,
before the attachments. Its reader is kept: `read_payload` tells the two apart by the magic.

The manifest belongs to the caller (op counts, seq ranges, what the sender already has) except
two keys this module checks against the stream: "op_count" and "attachments" ([{"sha256",
"size"}]). An attachment is named only by its hash; nothing here ever becomes a file path.

Reading is meant for a payload that `open_bundle` has already authenticated; the checks here
catch a buggy or hostile (but enrolled) sender, and all say "altered or damaged".
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import struct
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from domain.errors import UserError
from domain.ops import Op
from sync import op_records
from sync.canonical import MalformedJSON, canonical_json, parse_canonical, parse_json
from sync.limits import (
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS,
    MAX_MANIFEST_BYTES,
    MAX_OP_BATCH_BYTES,
    MAX_OP_BYTES,
)

PAYLOAD_MAGIC = b"DSPAYL2\n"
PAYLOAD_MAGIC_V1 = b"DSPAYLD\n"
_RECORD = struct.Struct(">cQ")
TAG_MANIFEST = b"M"
TAG_OPS = b"B"
TAG_OP_V1 = b"O"
TAG_ATTACHMENT = b"A"
TAG_END = b"E"
# A writer closes a batch of ops once their values and authors reach this many characters: a few
# hundred KiB of JSON, so per-record costs vanish and a batch is nothing in memory. A batch that
# comes out larger than MAX_OP_BYTES is split under the reader's cap, MAX_OP_BATCH_BYTES.
OP_BATCH_TARGET = 256 * 1024
_PIECE = 1024 * 1024
_SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")
_MAX_OP_COUNT = 2**32


@dataclass(frozen=True)
class AttachmentEntry:
    sha256: str
    size: int


def _manifest_entries(manifest: Any) -> tuple[int, tuple[AttachmentEntry, ...]]:
    """The two keys this module owns, validated; ValueError otherwise."""
    if not isinstance(manifest, dict):
        raise ValueError("manifest is not an object")
    op_count = manifest.get("op_count")
    if type(op_count) is not int or not 0 <= op_count <= _MAX_OP_COUNT:
        raise ValueError("op_count")
    raw = manifest.get("attachments")
    if not isinstance(raw, list) or len(raw) > MAX_ATTACHMENTS:
        raise ValueError("attachments")
    entries: list[AttachmentEntry] = []
    seen: set[str] = set()
    for item in raw:
        if not isinstance(item, dict) or set(item) != {"sha256", "size"}:
            raise ValueError("attachment entry")
        sha, size = item["sha256"], item["size"]
        if not isinstance(sha, str) or not _SHA256_HEX.match(sha) or sha in seen:
            raise ValueError("attachment sha256")
        if type(size) is not int or not 0 <= size <= MAX_ATTACHMENT_BYTES:
            raise ValueError("attachment size")
        seen.add(sha)
        entries.append(AttachmentEntry(sha, size))
    return op_count, tuple(entries)


def _record(tag: bytes, body_len: int) -> bytes:
    return _RECORD.pack(tag, body_len)


# --- writing ----------------------------------------------------------------------------------


def encode_payload(
    manifest: Mapping[str, Any],
    ops: Iterable[Mapping[str, Any] | Op | list[Any]],
    open_attachment: Callable[[str], BinaryIO] | None = None,
    *,
    authenticated_store: bool = False,
) -> Iterator[bytes]:
    """Yield the payload's bytes (format 2) piece by piece; pass the result to `write_bundle`.

    `manifest` must hold "op_count" (how many ops `ops` yields) and "attachments"
    ([{"sha256", "size"}], in the order to send). `ops` are Ops, their `to_dict()`, or their
    records already (lists in sync/op_records.FIELDS order).
    `open_attachment(sha256)` opens the local stored file; its bytes are checked against the
    hash as they stream — unless `authenticated_store`: the store's own reader already proves
    them (storage/attachments.py seals each file with its hash as associated data, after
    checking that hash), so hashing again would only spend time.
    Raises ValueError for a manifest that disagrees with what is streamed (a bug), and
    UserError("sync_attachment_damaged") when a local attachment is missing or corrupt.
    """
    op_count, attachments = _manifest_entries(dict(manifest))
    if attachments and open_attachment is None:
        raise ValueError("attachments listed but no way to open them")
    body = canonical_json(dict(manifest))
    if len(body) > MAX_MANIFEST_BYTES:
        raise ValueError("manifest larger than the limit")
    yield PAYLOAD_MAGIC + _record(TAG_MANIFEST, len(body)) + body
    for entry in attachments:
        assert open_attachment is not None
        yield _record(TAG_ATTACHMENT, 32 + entry.size) + bytes.fromhex(entry.sha256)
        yield from _attachment_pieces(entry, open_attachment, not authenticated_store)
    written = 0
    batch: list[list[Any]] = []
    rough = 0
    for op in ops:
        record = op_records.to_record(op)
        batch.append(record)
        rough += len(record[8]) + len(record[4]) + 200  # value, author, the rest (characters)
        written += 1
        if rough >= OP_BATCH_TARGET:
            yield from _batch_records(batch)
            batch, rough = [], 0
    if batch:
        yield from _batch_records(batch)
    if written != op_count:
        raise ValueError(f"manifest says {op_count} ops, {written} were given")
    yield _record(TAG_END, 0)


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def _batch_records(records: list[list[Any]]) -> Iterator[bytes]:
    """One or more `B` records for `records`. One json.dumps per batch, not per op: the C
    encoder does the loop. A batch no larger than MAX_OP_BYTES cannot hold a larger op; a
    bigger one (long texts) is measured op by op and split under MAX_OP_BATCH_BYTES."""
    body = _dumps(records)
    if len(body) <= MAX_OP_BYTES:
        yield _record(TAG_OPS, len(body)) + body
        return
    group: list[bytes] = []
    size = 2
    for record in records:
        line = _dumps(record)
        if len(line) > MAX_OP_BYTES:
            raise ValueError(f"op larger than {MAX_OP_BYTES} bytes")
        if group and size + len(line) + 1 > MAX_OP_BATCH_BYTES:
            yield _joined(group)
            group, size = [], 2
        group.append(line)
        size += len(line) + 1
    yield _joined(group)


def _joined(lines: list[bytes]) -> bytes:
    body = b"[" + b",".join(lines) + b"]"
    return _record(TAG_OPS, len(body)) + body


def _attachment_pieces(
    entry: AttachmentEntry, open_attachment: Callable[[str], BinaryIO], check_hash: bool
) -> Iterator[bytes]:
    damaged = UserError("sync_attachment_damaged", sha256=entry.sha256[:12])
    digest = hashlib.sha256() if check_hash else None
    remaining = entry.size
    try:
        with open_attachment(entry.sha256) as source:
            while remaining:
                piece = source.read(min(_PIECE, remaining))
                if not piece:
                    raise damaged  # shorter than recorded
                if digest is not None:
                    digest.update(piece)
                remaining -= len(piece)
                yield piece
            if source.read(1):
                raise damaged  # longer than recorded
    except OSError as exc:
        raise damaged from exc
    # Already yielded bytes are harmless: raising here aborts the bundle being written.
    if digest is not None and digest.hexdigest() != entry.sha256:
        raise damaged


# --- reading ----------------------------------------------------------------------------------


def _damaged(reason: str) -> UserError:
    return UserError("bundle_damaged", reason=f"payload: {reason}")


def _read(handle: BinaryIO, n: int) -> bytes:
    data = handle.read(n)
    if data is None or len(data) != n:
        raise _damaged("ends early")
    return data


def _next_record(handle: BinaryIO, tag: bytes, max_len: int) -> int:
    found, length = _RECORD.unpack(_read(handle, _RECORD.size))
    if found != tag:
        raise _damaged(f"expected record {tag!r}, found {found!r}")
    if length > max_len:
        raise _damaged(f"record {tag!r} too long")
    return int(length)


def _read_end(handle: BinaryIO) -> None:
    if _next_record(handle, TAG_END, 0) != 0 or handle.read(1):
        raise _damaged("bytes after the end record")


class AttachmentSink(Protocol):
    """Where a split payload's attachment goes as it is decrypted (AttachmentStore.incoming)."""

    def write(self, piece: bytes | memoryview, /) -> object: ...

    def finish(self) -> object: ...

    def abort(self) -> None: ...


OpenAttachment = Callable[[str, int], AttachmentSink | None]


class PayloadSplitter:
    """A format-2 payload taken apart while it is decrypted: each attachment's bytes go straight
    to `open_attachment(sha256, size)`'s sink (the attachment store, which hashes and seals them
    once), everything else — magic, manifest, op records, end — to `out`, which then holds a
    payload without its attachments (read it with `read_payload(..., attachments_taken=True)`).
    A photo is thus never written to, nor read back from, the temporary payload file.

    `open_attachment` returns None for a file already stored: its bytes are skipped. The framing,
    the manifest's attachment list and each attachment's size and order are checked as
    `read_payload` checks them; `finish()` says whether the stream ended where it may. A payload
    of format 1 (ops before attachments) passes through to `out` whole: `took_attachments` is
    then False and `read_payload` stores them as before."""

    def __init__(self, out: BinaryIO, open_attachment: OpenAttachment) -> None:
        self._out = out
        self._open = open_attachment
        self._pending = bytearray()  # a record head or the manifest, until complete
        self._need = len(PAYLOAD_MAGIC)
        self._state = "magic"
        self._entries: list[AttachmentEntry] = []
        self._sink: AttachmentSink | None = None
        self._left = 0  # bytes of the current attachment still to come
        self.took_attachments = False

    def write(self, data: bytes | memoryview) -> int:
        view = memoryview(data)
        while view:
            if self._state == "pass":
                self._out.write(view)
                break
            if self._state == "body":
                n = min(self._left, len(view))
                if self._sink is not None:
                    self._sink.write(view[:n])
                self._left -= n
                view = view[n:]
                if not self._left:
                    self._end_attachment()
                continue
            n = min(self._need - len(self._pending), len(view))
            self._pending += view[:n]
            view = view[n:]
            if len(self._pending) == self._need:
                whole = bytes(self._pending)
                self._pending.clear()
                self._step(whole)
        return len(data)

    def _step(self, whole: bytes) -> None:
        if self._state == "magic":
            self._out.write(whole)
            if whole == PAYLOAD_MAGIC:
                self._state, self._need = "manifest head", _RECORD.size
            else:  # format 1 or no payload at all: read_payload decides
                self._state = "pass"
        elif self._state == "manifest head":
            self._out.write(whole)
            tag, length = _RECORD.unpack(whole)
            if tag != TAG_MANIFEST:
                raise _damaged(f"expected record {TAG_MANIFEST!r}, found {tag!r}")
            if length > MAX_MANIFEST_BYTES:
                raise _damaged(f"record {TAG_MANIFEST!r} too long")
            self._state, self._need = "manifest", int(length)
            if not length:
                self._step(b"")
        elif self._state == "manifest":
            self._out.write(whole)
            try:
                manifest = parse_canonical(whole, max_bytes=MAX_MANIFEST_BYTES)
                _, entries = _manifest_entries(manifest)
            except (MalformedJSON, ValueError) as exc:
                raise _damaged(f"manifest: {exc}") from None
            self._entries = list(reversed(entries))
            self.took_attachments = True
            self._next_attachment()
        elif self._state == "attachment head":
            entry = self._entries[-1]
            tag, length = _RECORD.unpack(whole[: _RECORD.size])
            if tag != TAG_ATTACHMENT:
                raise _damaged(f"expected record {TAG_ATTACHMENT!r}, found {tag!r}")
            if length > 32 + MAX_ATTACHMENT_BYTES:
                raise _damaged(f"record {TAG_ATTACHMENT!r} too long")
            if length != 32 + entry.size:
                raise _damaged("attachment size differs from the manifest")
            if whole[_RECORD.size :] != bytes.fromhex(entry.sha256):
                raise _damaged("attachment out of manifest order")
            self._sink = self._open(entry.sha256, entry.size)
            self._state, self._left = "body", entry.size
            if not self._left:
                self._end_attachment()

    def _end_attachment(self) -> None:
        sink, self._sink = self._sink, None
        self._entries.pop()
        if sink is not None:
            try:
                sink.finish()
            except ValueError:  # other bytes than the manifest's hash
                raise _damaged("attachment hash") from None
        self._next_attachment()

    def _next_attachment(self) -> None:
        if self._entries:
            self._state, self._need = "attachment head", _RECORD.size + 32
        else:
            self._state = "pass"  # the op records and the end record

    def finish(self) -> None:
        """The stream has ended: refuse it if it stopped inside the manifest or an attachment."""
        if self._state == "magic":  # shorter than a magic: read_payload names what is wrong
            self._out.write(bytes(self._pending))
            self._pending.clear()
            self._state = "pass"
        if self._state != "pass" or self._pending:
            raise _damaged("ends early")

    def abort(self) -> None:
        """The stream was refused or cancelled: the attachment being written leaves nothing."""
        sink, self._sink = self._sink, None
        if sink is not None:
            sink.abort()


PayloadSource = Path | Callable[[], BinaryIO]


@dataclass(frozen=True)
class Payload:
    """A payload whose manifest and attachments `read_payload` has checked; its ops are read
    once, by `iter_ops`, typically inside the import's transaction."""

    path: PayloadSource
    manifest: dict[str, Any]
    op_count: int
    attachments: tuple[AttachmentEntry, ...]
    format: int  # 2, or 1 for a bundle made before format 2
    _ops_offset: int

    def iter_ops(self) -> Iterator[Op]:
        """Each op as a checked Op, in the sender's order, streamed from the file and parsed
        once. Raises bundle_damaged at the first record or op a Doorstep writer would never
        produce — possibly after yielding others, so apply them inside a transaction: the
        error rolls it back. Format 2's end record is checked after the last op."""
        with _open(self.path) as handle:
            handle.seek(self._ops_offset)
            if self.format == 1:
                for _ in range(self.op_count):
                    yield _op_v1(_read(handle, _next_record(handle, TAG_OP_V1, MAX_OP_BYTES)))
                return
            left = self.op_count
            while left:
                length = _next_record(handle, TAG_OPS, MAX_OP_BATCH_BYTES)
                try:
                    raws = op_records.parse_batch(_read(handle, length))
                except ValueError as exc:
                    raise _damaged(str(exc)) from None
                if len(raws) > left:
                    raise _damaged("more ops than the manifest says")
                left -= len(raws)
                for raw in raws:
                    try:
                        op = op_records.from_record(raw)
                    except ValueError as exc:
                        raise _damaged(f"op: {exc}") from None
                    yield op
            _read_end(handle)


def _op_v1(body: bytes) -> Op:
    """Format 1: the strict parser (duplicate keys, NaN/Infinity, depth) — these bundles are
    rare now, so its cost no longer matters."""
    try:
        return op_records.from_object(parse_json(body, max_bytes=MAX_OP_BYTES))
    except MalformedJSON as exc:
        raise _damaged(f"op: {exc}") from None
    except ValueError as exc:
        raise _damaged(f"op: {exc}") from None


StoreAttachment = Callable[[str, int, Iterator[bytes]], object]


def _open(source: PayloadSource) -> BinaryIO:
    """A payload file, or a function opening one (an OpenedBundle's sealed temp file)."""
    return source.open("rb") if isinstance(source, Path) else source()


def read_payload(
    path: PayloadSource,
    store_attachment: StoreAttachment | None = None,
    *,
    store_checks_hashes: bool = False,
    attachments_taken: bool = False,
) -> Payload:
    """Check the manifest and the attachments in one streaming pass, handing each attachment to
    `store_attachment`; the ops are left for `Payload.iter_ops` (format 1: only their framing
    is read here, to reach the attachments behind them).

    `store_attachment(sha256, size, pieces)` may consume `pieces` (e.g. into
    `AttachmentStore.put_pieces(pieces, expect=sha256)`) or ignore them (e.g. already stored).
    The iterator raises UserError("bundle_damaged") at its end if the bytes do not match the
    hash, so a store that renames only after the loop never keeps a wrong file. With
    `store_checks_hashes` the store promises to check each hash itself (AttachmentStore.put_pieces
    with `expect`), and an attachment it skips is never used: the bytes are not hashed twice.
    With `attachments_taken` the payload is what a `PayloadSplitter` left: the attachments were
    checked and stored while it was decrypted, and their records are not in it.
    Raises UserError("bundle_damaged") for any framing, count, size or hash error.
    """
    with _open(path) as handle:
        magic = handle.read(len(PAYLOAD_MAGIC))
        if magic not in (PAYLOAD_MAGIC, PAYLOAD_MAGIC_V1):
            raise _damaged("magic")
        version = 2 if magic == PAYLOAD_MAGIC else 1
        length = _next_record(handle, TAG_MANIFEST, MAX_MANIFEST_BYTES)
        try:
            manifest = parse_canonical(_read(handle, length), max_bytes=MAX_MANIFEST_BYTES)
            op_count, attachments = _manifest_entries(manifest)
        except (MalformedJSON, ValueError) as exc:
            raise _damaged(f"manifest: {exc}") from None
        ops_offset = handle.tell()
        if version == 1:
            for _ in range(op_count):
                handle.seek(_next_record(handle, TAG_OP_V1, MAX_OP_BYTES), 1)
        for entry in () if attachments_taken else attachments:
            length = _next_record(handle, TAG_ATTACHMENT, 32 + MAX_ATTACHMENT_BYTES)
            if length != 32 + entry.size:
                raise _damaged("attachment size differs from the manifest")
            if _read(handle, 32) != bytes.fromhex(entry.sha256):
                raise _damaged("attachment out of manifest order")
            pieces = _verified_pieces(handle, entry, not store_checks_hashes)
            if store_attachment is not None:
                store_attachment(entry.sha256, entry.size, pieces)
            for _ in pieces:  # whatever the store left unread: still read and hash it
                pass
        if version == 2:
            ops_offset = handle.tell()
        else:
            _read_end(handle)
    return Payload(path, manifest, op_count, attachments, version, ops_offset)


def _verified_pieces(
    handle: BinaryIO, entry: AttachmentEntry, check_hash: bool = True
) -> Iterator[bytes]:
    digest = hashlib.sha256() if check_hash else None
    remaining = entry.size
    while remaining:
        piece = _read(handle, min(_PIECE, remaining))
        if digest is not None:
            digest.update(piece)
        remaining -= len(piece)
        yield piece
    if digest is not None and not hmac.compare_digest(digest.hexdigest(), entry.sha256):
        raise _damaged("attachment hash")
