"""The bundle file: one signed, encrypted file that carries a payload from one device to others.

Layout (all integers big-endian):

    fixed part   62 bytes, the same layout in every format version:
                 magic b"DSBNDL\\r\\n" | format version u16 | header length u32 |
                 total file length u64 | SHA-256 of the header (32) |
                 first 8 bytes of SHA-256 of everything before (a checksum of the fixed part)
    header       canonical JSON (sorted keys, no spaces, UTF-8), at most 64 KiB
    payload      the payload (sync/payload.py), compressed as one zstd frame (format 2; format 1
                 did not compress), then AES-256-GCM STREAM, as in `age`: chunk i (from 0) is
                 encrypted under the file
                 key with nonce = i as 11 bytes || 0x01 if it is the last chunk else 0x00.
                 Every chunk but the last holds exactly `chunk_size` plaintext bytes; the last
                 holds 1..chunk_size (0 only when it is the only chunk).
    trailer      Ed25519 signature by the sender over fixed part + header (64 bytes)

Why the pieces are there:
- The fixed-part checksum, the header hash and the total length are plain integrity checks that
  need no key. They let the reader tell "cut short" (file shorter than it says) from "damaged"
  (any flipped bit) before it even looks up the sender, so the person gets the right sentence.
  They protect nothing against a forger; the signature does that.
- The header carries the ciphertext's SHA-256 and size, so the signature over fixed part +
  header covers every byte. Without it, any *recipient* (who knows the file key) could forge
  chunks that pass GCM for the other recipients.
- The chunks' associated data is SHA-256 of the header minus its `payload` description. (The
  whole header cannot be used: it holds the ciphertext hash, which depends on the associated
  data.) It binds the chunks to this bundle id, sender and recipient list.
- The last-chunk flag makes a stream that stops early fail to decrypt even where the file
  length looks consistent: a missing last chunk is reported as "incomplete".
- Compression comes before encryption (ciphertext does not compress): ops shrink about 9-fold,
  photos pass through zstd's raw blocks at memory speed. The signed header states the unpacked
  size; a reader refuses one over MAX_UNPACKED_BYTES before decrypting, and stops the moment the
  stream unpacks to more than stated, so a bundle built to unpack to gigabytes costs nothing.
- Format 2 headers name the program version that wrote the bundle (`app_version`), so the
  district office can tell which laptop runs which build. Format 1 bundles are still read.

Key wrapping: a fresh random 32-byte file key per bundle, wrapped for each recipient by X25519
(ephemeral key, recipient box key) -> HKDF-SHA256 with both public keys in `info` -> AES-256-GCM,
or, for an emergency bundle, by a scrypt key from a passphrase (then the only recipient). Both
wrapping keys are single-use, so the wrap uses a fixed zero nonce, as `age` does.

Reading checks, in this order, each refusal a UserError with its own code: size limits -> magic
-> fixed-part checksum -> format version -> header length -> total length (truncated vs extra
bytes) -> header hash -> header JSON and fields (recipient count before anything else) ->
sender known -> sender not revoked -> signature -> versions the header requires -> already
imported -> this computer is a recipient -> chunk by chunk decryption -> ciphertext hash.
Plaintext goes to a private temp file that is deleted on any refusal, so a caller never sees
bytes that have not passed every check. (In format 2, "decryption" includes unpacking,
bounded by the unpacked size that the signed header states.)
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import hmac
import os
import re
import shutil
import struct
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO, Protocol, runtime_checkable

import zstandard
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from domain.errors import UserError
from domain.ids import uuid7
from domain.version import version as program_version
from storage.sealed import SealedWriter, open_sealed
from sync.atomic import atomic_writer
from sync.canonical import MalformedJSON, canonical_json, parse_canonical
from sync.keys import UUID_RE, DeviceKeys, DevicePublic, Passphrase, hex_bytes, scrypt_key
from sync.limits import (
    COMPRESSION_LEVEL,
    DEFAULT_CHUNK_SIZE,
    FORMAT_VERSION,
    MAX_BUNDLE_BYTES,
    MAX_CHUNK_SIZE,
    MAX_HEADER_BYTES,
    MAX_RECIPIENTS,
    MAX_UNPACKED_BYTES,
    MAX_ZSTD_WINDOW,
    MIN_CHUNK_SIZE,
    MIN_PASSPHRASE_CHARS,
    OLDEST_FORMAT_VERSION,
    READER_VERSION,
    SCRYPT_LOG_N_MAX,
    SCRYPT_LOG_N_MIN,
)
from sync.payload import OpenAttachment, PayloadSplitter

__all__ = [
    "BUNDLE_SUFFIX",
    "BundleHeader",
    "OpenedBundle",
    "Passphrase",
    "PassphraseStanza",
    "X25519Stanza",
    "open_bundle",
    "peek_header",
    "verify_bundle",
    "write_bundle",
]

BUNDLE_SUFFIX = ".dsbundle"
# CR LF in the magic: a copy that mangled line endings is refused as "not a bundle" at once.
MAGIC = b"DSBNDL\r\n"
_FIXED_BODY = struct.Struct(">8sHIQ32s")
FIXED_CHECK_LEN = 8
FIXED_LEN = _FIXED_BODY.size + FIXED_CHECK_LEN
SIGNATURE_LEN = 64
TAG_LEN = 16
CIPHER = "aes-256-gcm-stream"
COMPRESSION = "zstd"
KDF_SCRYPT = "scrypt"

_ZERO_NONCE = bytes(12)
_WRAP_AAD = b"doorstep bundle v1 file key"
_X25519_INFO = b"doorstep bundle v1 x25519\x00"
_PAYLOAD_AAD_LABEL = b"doorstep bundle v1 payload\x00"
_COPY_PIECE = 256 * 1024  # copy and read-back buffer: memory stays flat
_UNPACK_PIECE = 256 * 1024  # the most the decompressor hands over at once
_SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")
_FINGERPRINT_HEX = re.compile(r"^[0-9a-f]{16}$")
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
_APP_VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$")  # PEP 440 and a little more
_MAX_INT = 2**53  # every integer in a header must survive any JSON reader unchanged


# --- header -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class X25519Stanza:
    device_id: str
    fingerprint: str
    ephemeral: bytes = field(repr=False)
    wrapped_key: bytes = field(repr=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": "x25519",
            "device_id": self.device_id,
            "fingerprint": self.fingerprint,
            "ephemeral": self.ephemeral.hex(),
            "wrapped_key": self.wrapped_key.hex(),
        }


@dataclass(frozen=True)
class PassphraseStanza:
    salt: bytes = field(repr=False)
    log_n: int
    wrapped_key: bytes = field(repr=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": "passphrase",
            "kdf": KDF_SCRYPT,
            "salt": self.salt.hex(),
            "log_n": self.log_n,
            "r": 8,
            "p": 1,
            "wrapped_key": self.wrapped_key.hex(),
        }


Stanza = X25519Stanza | PassphraseStanza


@dataclass(frozen=True)
class BundleHeader:
    """The header as parsed; the only bundle metadata that is readable without a key.

    It is not encrypted, so it holds no personal data: ids, fingerprints, counts and sizes.
    """

    bundle_id: str
    created_at: str
    sender_device_id: str
    sender_fingerprint: str
    schema_version: int
    min_reader_version: int
    recipients: tuple[Stanza, ...]
    chunk_size: int
    chunk_count: int
    ciphertext_size: int
    ciphertext_sha256: str
    extra: dict[str, Any]
    format_version: int = FORMAT_VERSION
    app_version: str | None = None  # the program that wrote it (format 2 on)
    unpacked_size: int | None = None  # the payload's size before compression (format 2 on)

    @property
    def is_passphrase(self) -> bool:
        return any(isinstance(r, PassphraseStanza) for r in self.recipients)

    @property
    def recipient_device_ids(self) -> tuple[str, ...]:
        return tuple(r.device_id for r in self.recipients if isinstance(r, X25519Stanza))

    @property
    def plaintext_size(self) -> int:
        """The payload's size as the reader hands it out (unpacked)."""
        if self.unpacked_size is not None:
            return self.unpacked_size
        return self.packed_size

    @property
    def packed_size(self) -> int:
        """What the chunks decrypt to: the compressed payload (format 1: the payload itself)."""
        return self.ciphertext_size - TAG_LEN * self.chunk_count

    def to_json(self) -> dict[str, Any]:
        return _header_document(
            _pre_payload_document(
                self.bundle_id,
                self.created_at,
                self.sender_device_id,
                self.sender_fingerprint,
                self.schema_version,
                self.min_reader_version,
                self.recipients,
                self.extra,
                self.app_version,
            ),
            self.chunk_size,
            self.chunk_count,
            self.ciphertext_size,
            self.ciphertext_sha256,
            self.unpacked_size,
        )


def _pre_payload_document(
    bundle_id: str,
    created_at: str,
    sender_device_id: str,
    sender_fingerprint: str,
    schema_version: int,
    min_reader_version: int,
    recipients: Sequence[Stanza],
    extra: Mapping[str, Any],
    app_version: str | None,
) -> dict[str, Any]:
    document = {
        "bundle_id": bundle_id,
        "created_at": created_at,
        "sender": {"device_id": sender_device_id, "fingerprint": sender_fingerprint},
        "schema_version": schema_version,
        "min_reader_version": min_reader_version,
        "recipients": [r.to_json() for r in recipients],
        "extra": dict(extra),
    }
    if app_version is not None:  # format 2 on
        document["app_version"] = app_version
    return document


def _header_document(
    pre: Mapping[str, Any],
    chunk_size: int,
    chunk_count: int,
    size: int,
    sha256: str,
    unpacked_size: int | None,
) -> dict[str, Any]:
    document = dict(pre)
    document["payload"] = {
        "cipher": CIPHER,
        "chunk_size": chunk_size,
        "chunk_count": chunk_count,
        "ciphertext_size": size,
        "ciphertext_sha256": sha256,
    }
    if unpacked_size is not None:  # format 2 on
        document["payload"] |= {"compression": COMPRESSION, "unpacked_size": unpacked_size}
    return document


def _payload_aad(document: Mapping[str, Any]) -> bytes:
    pre = {k: v for k, v in document.items() if k != "payload"}
    return hashlib.sha256(_PAYLOAD_AAD_LABEL + canonical_json(pre)).digest()


def _damaged(reason: str) -> UserError:
    # `reason` is not in the sentence; it is kept on the exception for logs and tests.
    return UserError("bundle_damaged", reason=reason)


def _chunk_layout(ciphertext_size: int, chunk_size: int) -> tuple[int, int]:
    """(chunk count, size of the last ciphertext chunk) implied by the sizes, or ValueError."""
    full = chunk_size + TAG_LEN
    if ciphertext_size < TAG_LEN:
        raise ValueError("ciphertext shorter than one tag")
    count = max(1, -(-ciphertext_size // full))
    last = ciphertext_size - (count - 1) * full
    if last == TAG_LEN and count > 1:
        raise ValueError("empty last chunk after full chunks")
    return count, last


def _field(obj: Mapping[str, Any], keys: set[str]) -> None:
    if set(obj) != keys:
        raise ValueError(f"fields {sorted(obj)} != {sorted(keys)}")


def _int(value: Any, low: int, high: int = _MAX_INT) -> int:
    if type(value) is not int or not low <= value <= high:
        raise ValueError("integer out of range")
    return value


def _str(value: Any, pattern: re.Pattern[str]) -> str:
    if not isinstance(value, str) or not pattern.match(value):
        raise ValueError("malformed string")
    return value


def _parse_stanza(raw: Any) -> Stanza:
    if not isinstance(raw, dict):
        raise ValueError("recipient is not an object")
    kind = raw.get("kind")
    if kind == "x25519":
        _field(raw, {"kind", "device_id", "fingerprint", "ephemeral", "wrapped_key"})
        return X25519Stanza(
            device_id=_str(raw["device_id"], UUID_RE),
            fingerprint=_str(raw["fingerprint"], _FINGERPRINT_HEX),
            ephemeral=hex_bytes(raw["ephemeral"], 32),
            wrapped_key=hex_bytes(raw["wrapped_key"], 32 + TAG_LEN),
        )
    if kind == "passphrase":
        _field(raw, {"kind", "kdf", "salt", "log_n", "r", "p", "wrapped_key"})
        if raw["kdf"] != KDF_SCRYPT or raw["r"] != 8 or raw["p"] != 1:
            raise ValueError("unsupported passphrase parameters")
        return PassphraseStanza(
            salt=hex_bytes(raw["salt"], 16),
            # Bounded here, before any key derivation, so a header cannot ask for gigabytes.
            log_n=_int(raw["log_n"], SCRYPT_LOG_N_MIN, SCRYPT_LOG_N_MAX),
            wrapped_key=hex_bytes(raw["wrapped_key"], 32 + TAG_LEN),
        )
    raise ValueError("unknown recipient kind")


_HEADER_FIELDS = {
    "bundle_id",
    "created_at",
    "sender",
    "schema_version",
    "min_reader_version",
    "recipients",
    "payload",
    "extra",
}
_PAYLOAD_FIELDS = {"cipher", "chunk_size", "chunk_count", "ciphertext_size", "ciphertext_sha256"}


def _parse_header(document: Any, ciphertext_size: int, version: int) -> BundleHeader:
    """Validate a parsed header of format `version`; ValueError for anything a Doorstep writer
    of that format would never produce."""
    if not isinstance(document, dict):
        raise ValueError("header is not an object")
    packed = version >= 2
    _field(document, _HEADER_FIELDS | {"app_version"} if packed else _HEADER_FIELDS)
    raw_recipients = document["recipients"]
    # Counted before any stanza is even looked at, let alone used in a key exchange.
    if not isinstance(raw_recipients, list) or not 1 <= len(raw_recipients) <= MAX_RECIPIENTS:
        raise ValueError("recipient count")
    recipients = tuple(_parse_stanza(r) for r in raw_recipients)
    if any(isinstance(r, PassphraseStanza) for r in recipients) and len(recipients) != 1:
        raise ValueError("a passphrase must be the only recipient")
    sender = document["sender"]
    if not isinstance(sender, dict):
        raise ValueError("sender")
    _field(sender, {"device_id", "fingerprint"})
    payload = document["payload"]
    if not isinstance(payload, dict):
        raise ValueError("payload")
    _field(
        payload, _PAYLOAD_FIELDS | {"compression", "unpacked_size"} if packed else _PAYLOAD_FIELDS
    )
    if payload["cipher"] != CIPHER:
        raise ValueError("cipher")
    if packed and payload["compression"] != COMPRESSION:
        raise ValueError("compression")
    chunk_size = _int(payload["chunk_size"], MIN_CHUNK_SIZE, MAX_CHUNK_SIZE)
    if _int(payload["ciphertext_size"], 0) != ciphertext_size:
        raise ValueError("ciphertext size disagrees with the file length")
    count, _ = _chunk_layout(ciphertext_size, chunk_size)
    if _int(payload["chunk_count"], 1) != count:
        raise ValueError("chunk count disagrees with the sizes")
    extra = document["extra"]
    if not isinstance(extra, dict):
        raise ValueError("extra")
    return BundleHeader(
        bundle_id=_str(document["bundle_id"], UUID_RE),
        created_at=_str(document["created_at"], _TIMESTAMP),
        sender_device_id=_str(sender["device_id"], UUID_RE),
        sender_fingerprint=_str(sender["fingerprint"], _FINGERPRINT_HEX),
        schema_version=_int(document["schema_version"], 0),
        min_reader_version=_int(document["min_reader_version"], 1),
        recipients=recipients,
        chunk_size=chunk_size,
        chunk_count=count,
        ciphertext_size=ciphertext_size,
        ciphertext_sha256=_str(payload["ciphertext_sha256"], _SHA256_HEX),
        extra=extra,
        format_version=version,
        # Any size is read here; the limit is applied once the signature has vouched for it.
        app_version=_str(document["app_version"], _APP_VERSION) if packed else None,
        unpacked_size=_int(payload["unpacked_size"], 0) if packed else None,
    )


def _fixed_part(version: int, header_len: int, total_len: int, header_sha256: bytes) -> bytes:
    body = _FIXED_BODY.pack(MAGIC, version, header_len, total_len, header_sha256)
    return body + hashlib.sha256(body).digest()[:FIXED_CHECK_LEN]


# --- key wrapping -----------------------------------------------------------------------------


def _x25519_wrap_key(shared: bytes, ephemeral_pub: bytes, recipient_pub: bytes) -> bytes:
    hkdf = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=None,
        info=_X25519_INFO + ephemeral_pub + recipient_pub,
    )
    return hkdf.derive(shared)


def _wrap_for_device(file_key: bytes, recipient: DevicePublic) -> X25519Stanza:
    ephemeral = X25519PrivateKey.generate()
    ephemeral_pub = ephemeral.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient.box_pub))
    wrap_key = _x25519_wrap_key(shared, ephemeral_pub, recipient.box_pub)
    return X25519Stanza(
        device_id=recipient.device_id,
        fingerprint=recipient.fingerprint,
        ephemeral=ephemeral_pub,
        wrapped_key=AESGCM(wrap_key).encrypt(_ZERO_NONCE, file_key, _WRAP_AAD),
    )


def _wrap_for_passphrase(file_key: bytes, passphrase: Passphrase) -> PassphraseStanza:
    salt = os.urandom(16)
    wrap_key = scrypt_key(passphrase.secret, salt, passphrase.log_n)
    return PassphraseStanza(
        salt=salt,
        log_n=passphrase.log_n,
        wrapped_key=AESGCM(wrap_key).encrypt(_ZERO_NONCE, file_key, _WRAP_AAD),
    )


def _unwrap_file_key(
    header: BundleHeader, my_keys: DeviceKeys | None, passphrase: str | None
) -> bytes:
    if header.is_passphrase:
        stanza = header.recipients[0]
        assert isinstance(stanza, PassphraseStanza)
        if passphrase is None:
            raise UserError("bundle_needs_passphrase")
        wrap_key = scrypt_key(passphrase, stanza.salt, stanza.log_n)
        try:
            return AESGCM(wrap_key).decrypt(_ZERO_NONCE, stanza.wrapped_key, _WRAP_AAD)
        except InvalidTag:
            raise UserError("bundle_wrong_passphrase") from None
    if my_keys is None:
        raise UserError("bundle_not_for_this_computer")
    me = my_keys.public
    # Matching on the fingerprint too: a bundle made for this device's previous keys is not
    # addressed to the keys it has now.
    mine = [
        r
        for r in header.recipients
        if isinstance(r, X25519Stanza)
        and r.device_id == me.device_id
        and r.fingerprint == me.fingerprint
    ]
    if not mine:
        raise UserError("bundle_not_for_this_computer")
    for stanza in mine:
        try:
            shared = my_keys.exchange(stanza.ephemeral)
        except ValueError:  # a low-order point gives an all-zero secret; cryptography refuses it
            continue
        wrap_key = _x25519_wrap_key(shared, stanza.ephemeral, me.box_pub)
        try:
            return AESGCM(wrap_key).decrypt(_ZERO_NONCE, stanza.wrapped_key, _WRAP_AAD)
        except InvalidTag:
            continue
    # Signed by a known device yet unopenable: that sender wrote a broken bundle.
    raise _damaged("recipient stanza does not open")


def _nonce(counter: int, last: bool) -> bytes:
    return counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


# --- writing ----------------------------------------------------------------------------------


@runtime_checkable
class Readable(Protocol):
    def read(self, size: int, /) -> bytes: ...


def _pieces(payload: Iterable[bytes] | Readable | bytes, size: int) -> Iterable[bytes]:
    if isinstance(payload, bytes | bytearray):
        return [bytes(payload)]
    if isinstance(payload, Readable):
        reader = payload
        return iter(lambda: reader.read(size), b"")
    return payload


class _Unpacked:
    """Counts the payload bytes that went into the compressor."""

    def __init__(self) -> None:
        self.size = 0


def _packed_chunks(
    payload: Iterable[bytes] | Readable | bytes, chunk_size: int, level: int, unpacked: _Unpacked
) -> Iterator[tuple[bytes, bool]]:
    """The caller's pieces compressed into one zstd frame, cut into (chunk, is_last); one chunk
    of look-ahead finds the last. Every chunk but the last is exactly `chunk_size` bytes."""
    compressor = zstandard.ZstdCompressor(
        level=level, write_checksum=True, write_content_size=False
    )
    chunker = compressor.chunker(chunk_size=chunk_size)
    pending: bytes | None = None

    def outputs() -> Iterator[bytes]:
        for piece in _pieces(payload, chunk_size):
            unpacked.size += len(piece)
            if unpacked.size > MAX_UNPACKED_BYTES:
                raise UserError(
                    "bundle_payload_too_large", limit_mb=MAX_UNPACKED_BYTES // (1024 * 1024)
                )
            yield from chunker.compress(piece)
        yield from chunker.finish()  # type: ignore[no-untyped-call]

    for chunk in outputs():
        if pending is not None:
            yield pending, False
        pending = chunk
    yield (pending if pending is not None else b""), True


def _new_created_at() -> str:
    now = datetime.now(UTC)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


def _max_ciphertext(header_len_guess: int) -> int:
    return MAX_BUNDLE_BYTES - FIXED_LEN - header_len_guess - SIGNATURE_LEN


def write_bundle(
    out_path: Path,
    sender: DeviceKeys,
    recipients: Sequence[DevicePublic] | Passphrase,
    payload: Iterable[bytes] | Readable | bytes,
    header_extra: Mapping[str, Any] | None = None,
    *,
    schema_version: int,
    min_reader_version: int = READER_VERSION,
    bundle_id: str | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    work_dir: Path | None = None,
    progress: Callable[[int], None] | None = None,
    compression_level: int | None = None,
) -> Path:
    """Compress `payload`, encrypt it for `recipients`, sign it, write it to `out_path` durably,
    verify it. (`compression_level`: zstd's, default COMPRESSION_LEVEL; for measuring.)

    Returns `out_path` once the file on disk has been read back and checked; only then may the
    UI say "safe to remove". Memory stays at a few chunks whatever the payload size.

    The header needs the ciphertext's hash and size, known only after encrypting, and the
    header comes first in the file. So the ciphertext is first streamed into an anonymous temp
    file in `work_dir` (default: the system temp dir, normally the internal disk; it holds only
    ciphertext), then fixed part + header + ciphertext + signature are copied to a temp file
    beside `out_path`, fsynced and renamed. That costs one extra local write, and keeps the
    stick holding either no bundle or a complete one.

    `header_extra` travels in clear: ids and counts only, never personal data.
    Raises UserError: bundle_too_many_recipients, bundle_passphrase_too_short,
    bundle_payload_too_large, bundle_disk_full, bundle_write_failed, bundle_verify_failed.
    """
    # Everything that can be refused is refused before a key is made or a byte is written.
    if isinstance(recipients, Passphrase):
        if len(recipients.secret) < MIN_PASSPHRASE_CHARS:
            raise UserError("bundle_passphrase_too_short", limit=MIN_PASSPHRASE_CHARS)
        if not SCRYPT_LOG_N_MIN <= recipients.log_n <= SCRYPT_LOG_N_MAX:
            raise ValueError(f"scrypt log_n {recipients.log_n} outside the readable range")
        devices: list[DevicePublic] = []
    else:
        devices = list({r.fingerprint: r for r in recipients}.values())
        if not devices:
            raise ValueError("a bundle needs at least one recipient")
        if len(devices) > MAX_RECIPIENTS:
            raise UserError("bundle_too_many_recipients", limit=MAX_RECIPIENTS)
    if not MIN_CHUNK_SIZE <= chunk_size <= MAX_CHUNK_SIZE:
        raise ValueError(f"chunk size {chunk_size} outside {MIN_CHUNK_SIZE}..{MAX_CHUNK_SIZE}")
    _int(schema_version, 0)
    _int(min_reader_version, 1)
    bundle_id = _str(bundle_id or uuid7(), UUID_RE)

    file_key = AESGCM.generate_key(bit_length=256)
    stanzas: list[Stanza]
    if isinstance(recipients, Passphrase):
        stanzas = [_wrap_for_passphrase(file_key, recipients)]
    else:
        stanzas = [_wrap_for_device(file_key, d) for d in devices]
    pre = _pre_payload_document(
        bundle_id,
        _new_created_at(),
        sender.device_id,
        sender.public.fingerprint,
        schema_version,
        min_reader_version,
        stanzas,
        header_extra or {},
        program_version(),
    )
    # The payload description adds under 300 bytes; refuse an oversized header up front.
    pre_len = len(canonical_json(pre))
    if pre_len + 512 > MAX_HEADER_BYTES:
        raise ValueError("header_extra makes the header larger than the limit")
    aad = _payload_aad(pre)
    aes = AESGCM(file_key)

    try:
        with tempfile.TemporaryFile(dir=work_dir) as ciphertext:
            digest = hashlib.sha256()
            size = 0
            count = 0
            unpacked = _Unpacked()
            level = COMPRESSION_LEVEL if compression_level is None else compression_level
            limit = _max_ciphertext(pre_len + 512)
            for chunk, last in _packed_chunks(payload, chunk_size, level, unpacked):
                sealed = aes.encrypt(_nonce(count, last), chunk, aad)
                size += len(sealed)
                if size > limit:
                    raise UserError(
                        "bundle_payload_too_large", limit_mb=MAX_BUNDLE_BYTES // (1024 * 1024)
                    )
                digest.update(sealed)
                ciphertext.write(sealed)
                count += 1
                if progress is not None:
                    progress(unpacked.size)
            document = _header_document(
                pre, chunk_size, count, size, digest.hexdigest(), unpacked.size
            )
            header = canonical_json(document)
            total_len = FIXED_LEN + len(header) + size + SIGNATURE_LEN
            fixed = _fixed_part(FORMAT_VERSION, len(header), total_len, _sha256(header))
            signature = sender.sign(fixed + header)
            ciphertext.seek(0)
            with atomic_writer(out_path) as out:
                out.write(fixed)
                out.write(header)
                _copy_file(ciphertext, out, size)
                out.write(signature)
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise UserError("bundle_disk_full") from exc
        raise UserError("bundle_write_failed", path=str(out_path)) from exc

    # Read back what the file system now holds. (The OS may answer from its cache rather than
    # the stick; fsync above is what makes the bytes reach the device.)
    try:
        written = verify_bundle(out_path, sender.public)
        if canonical_json(written.to_json()) != header:
            raise _damaged("header read back differs")
    except (UserError, OSError) as exc:
        with contextlib.suppress(OSError):
            out_path.unlink()
        raise UserError("bundle_verify_failed") from exc
    return out_path


def _copy_file(source: BinaryIO, out: BinaryIO, size: int) -> None:
    """`size` bytes from `source` to the end of `out`: in the kernel where it can (Linux's
    sendfile: no copy through Python's buffers), else piece by piece."""
    if hasattr(os, "sendfile") and sys.platform.startswith("linux"):
        out.flush()
        try:
            done = 0
            while done < size:
                sent = os.sendfile(out.fileno(), source.fileno(), done, size - done)
                if sent == 0:
                    raise OSError(errno.EIO, "the ciphertext ended early")
                done += sent
            out.seek(0, os.SEEK_END)  # the file object's position follows the fd's again
            return
        except OSError as exc:
            if exc.errno not in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP) or done:
                raise
    shutil.copyfileobj(source, out, _COPY_PIECE)


def _sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


# --- reading ----------------------------------------------------------------------------------


@dataclass
class _Envelope:
    fixed: bytes
    header_bytes: bytes
    document: dict[str, Any]
    header: BundleHeader
    total_len: int


def _read_exact(handle: BinaryIO, n: int) -> bytes:
    data = handle.read(n)
    return data if data is not None else b""


def _read_envelope(handle: BinaryIO, file_size: int) -> _Envelope:
    """Every check that needs no key: sizes, magic, checksums, version, header syntax."""
    if file_size > MAX_BUNDLE_BYTES:
        raise UserError("bundle_too_large", limit_mb=MAX_BUNDLE_BYTES // (1024 * 1024))
    fixed = _read_exact(handle, FIXED_LEN)
    if fixed[: len(MAGIC)] != MAGIC:
        # An empty file or a piece of the magic is what an interrupted copy leaves behind.
        if len(fixed) < len(MAGIC) and MAGIC.startswith(fixed):
            raise UserError("bundle_incomplete")
        if _fixed_part_checks_out(MAGIC + fixed[len(MAGIC) :]):
            raise _damaged("magic")  # a bundle whose first bytes were altered
        raise UserError("bundle_not_a_bundle")
    if len(fixed) < FIXED_LEN:
        raise UserError("bundle_incomplete")
    body, check = fixed[: _FIXED_BODY.size], fixed[_FIXED_BODY.size :]
    if not hmac.compare_digest(hashlib.sha256(body).digest()[:FIXED_CHECK_LEN], check):
        raise _damaged("fixed part checksum")
    _, version, header_len, total_len, header_sha256 = _FIXED_BODY.unpack(body)
    # The fixed part's layout never changes between versions, so its checksum could be trusted
    # before the version is read: a flipped bit here says "damaged", not "newer version".
    if version > FORMAT_VERSION:
        raise UserError("bundle_newer_version")
    if version < OLDEST_FORMAT_VERSION:
        raise _damaged(f"format version {version}")
    if not 1 <= header_len <= MAX_HEADER_BYTES:
        raise _damaged("header length")
    if not FIXED_LEN + header_len + TAG_LEN + SIGNATURE_LEN <= total_len <= MAX_BUNDLE_BYTES:
        raise _damaged("total length")
    if file_size < total_len:
        raise UserError("bundle_incomplete")
    if file_size > total_len:
        raise _damaged("bytes after the end")
    header_bytes = _read_exact(handle, header_len)
    if len(header_bytes) != header_len:
        raise UserError("bundle_incomplete")  # the file shrank while we read it
    if not hmac.compare_digest(_sha256(header_bytes), header_sha256):
        raise _damaged("header hash")
    try:
        document = parse_canonical(header_bytes, max_bytes=MAX_HEADER_BYTES)
        header = _parse_header(
            document, total_len - FIXED_LEN - header_len - SIGNATURE_LEN, version
        )
    except (MalformedJSON, ValueError) as exc:
        raise _damaged(f"header: {exc}") from None
    return _Envelope(fixed, header_bytes, document, header, total_len)


def _fixed_part_checks_out(fixed: bytes) -> bool:
    if len(fixed) < FIXED_LEN:
        return False
    body, check = fixed[: _FIXED_BODY.size], fixed[_FIXED_BODY.size :]
    return hmac.compare_digest(hashlib.sha256(body).digest()[:FIXED_CHECK_LEN], check)


def _check_signature(handle: BinaryIO, envelope: _Envelope, sender: DevicePublic) -> None:
    handle.seek(envelope.total_len - SIGNATURE_LEN)
    signature = _read_exact(handle, SIGNATURE_LEN)
    if len(signature) != SIGNATURE_LEN:
        raise UserError("bundle_incomplete")
    if not sender.verify(signature, envelope.fixed + envelope.header_bytes):
        raise _damaged("signature")


def _sender(
    header: BundleHeader,
    known_devices: Callable[[str], DevicePublic | None],
    is_revoked: Callable[[str], bool],
) -> DevicePublic:
    sender = known_devices(header.sender_device_id)
    if sender is None:
        raise UserError("bundle_sender_unknown")
    if is_revoked(header.sender_device_id):
        raise UserError("bundle_sender_revoked")
    if sender.fingerprint != header.sender_fingerprint:
        # The registry knows this device by other keys: whoever signed this is not that device.
        raise UserError("bundle_sender_unknown", reason="fingerprint differs from the registry")
    return sender


def _open(path: Path) -> tuple[BinaryIO, int]:
    try:
        if path.exists() and not path.is_file():
            # a pipe would block the open until someone writes to it; a device never ends
            raise UserError("bundle_not_a_bundle")
        handle = path.open("rb")
    except FileNotFoundError:
        raise UserError("file_not_found", path=str(path)) from None
    except OSError:
        raise UserError("file_unreadable", path=str(path)) from None
    try:
        size = os.fstat(handle.fileno()).st_size
    except OSError:
        handle.close()
        raise UserError("file_unreadable", path=str(path)) from None
    return handle, size


@dataclass
class OpenedBundle:
    """A bundle that passed every check, its plaintext in a private temp file, itself sealed
    (storage/sealed.py) under a random key that exists only in this object's memory: the decrypted
    ops never reach the disk in clear, and a temp file a crash left behind opens for nobody.

    Use as a context manager (or call `close`) so the temp file is deleted.
    """

    header: BundleHeader
    sender: DevicePublic
    payload_path: Path
    payload_size: int
    payload_key: bytes = field(repr=False, default=b"")
    # The attachments went to open_bundle's `open_attachment` as they were decrypted; the temp
    # file holds the rest (sync.payload.PayloadSplitter).
    attachments_taken: bool = False

    def open_payload(self) -> BinaryIO:
        """The plaintext payload as a seekable stream."""
        return open_sealed(self.payload_path, self.payload_key)  # type: ignore[return-value]

    def read_payload_bytes(self) -> bytes:
        with self.open_payload() as handle:
            return handle.read()

    def close(self) -> None:
        self.payload_path.unlink(missing_ok=True)

    def __enter__(self) -> OpenedBundle:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def peek_header(path: Path) -> BundleHeader:
    """The header, checked for integrity but NOT authenticated: for listing a stick, no more."""
    handle, size = _open(path)
    with handle:
        try:
            return _read_envelope(handle, size).header
        except OSError:
            raise UserError("file_unreadable", path=str(path)) from None


def verify_bundle(path: Path, sender: DevicePublic) -> BundleHeader:
    """Check a bundle's integrity and signature without a recipient key (the writer's read-back).

    Streams the ciphertext through SHA-256; raises the same UserErrors as `open_bundle`.
    """
    handle, size = _open(path)
    with handle:
        envelope = _read_envelope(handle, size)
        header = envelope.header
        if header.sender_fingerprint != sender.fingerprint:
            raise UserError("bundle_sender_unknown", reason="fingerprint differs")
        _check_signature(handle, envelope, sender)
        handle.seek(FIXED_LEN + len(envelope.header_bytes))
        digest = hashlib.sha256()
        remaining = header.ciphertext_size
        while remaining:
            piece = _read_exact(handle, min(remaining, _COPY_PIECE))
            if not piece:
                raise UserError("bundle_incomplete")
            digest.update(piece)
            remaining -= len(piece)
        if digest.hexdigest() != header.ciphertext_sha256:
            raise _damaged("ciphertext hash")
        return header


def open_bundle(
    path: Path,
    my_keys: DeviceKeys | None,
    known_devices: Callable[[str], DevicePublic | None],
    is_revoked: Callable[[str], bool],
    passphrase: str | None = None,
    *,
    max_schema_version: int | None = None,
    already_imported: Callable[[str], bool] | None = None,
    temp_dir: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    open_attachment: OpenAttachment | None = None,
) -> OpenedBundle:
    """Check and decrypt a bundle; return its plaintext as a temp file, or raise UserError.

    `known_devices(device_id)` gives the registry's public record (None if unknown);
    `is_revoked(device_id)` says whether the registry has revoked it. `max_schema_version`:
    refuse bundles from a newer database schema. `already_imported(bundle_id)`: refuse a bundle
    this database has recorded, before spending time decrypting it. `temp_dir` receives the
    plaintext: it must be on this computer's disk, never on the stick. `progress(done, total)`
    reports ciphertext bytes; raising from it cancels (the temp file is removed).
    `open_attachment(sha256, size)`: the payload's attachments are handed to it while they are
    decrypted, and left out of the temp file (`OpenedBundle.attachments_taken`; see
    sync.payload.PayloadSplitter). Those it stored stay stored if a later check refuses the
    bundle: the caller decides what to remove.

    Codes: file_not_found, file_unreadable, bundle_too_large, bundle_incomplete,
    bundle_not_a_bundle, bundle_damaged, bundle_newer_version, bundle_sender_unknown,
    bundle_sender_revoked, bundle_already_imported, bundle_not_for_this_computer,
    bundle_needs_passphrase, bundle_wrong_passphrase, bundle_no_room_to_unpack.
    """
    handle, size = _open(path)
    with handle:
        try:
            return _open_checked(
                handle,
                size,
                my_keys,
                known_devices,
                is_revoked,
                passphrase,
                max_schema_version,
                already_imported,
                temp_dir,
                progress,
                open_attachment,
            )
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
                raise UserError("bundle_no_room_to_unpack") from exc
            raise UserError("file_unreadable", path=str(path)) from exc


def _open_checked(
    handle: BinaryIO,
    size: int,
    my_keys: DeviceKeys | None,
    known_devices: Callable[[str], DevicePublic | None],
    is_revoked: Callable[[str], bool],
    passphrase: str | None,
    max_schema_version: int | None,
    already_imported: Callable[[str], bool] | None,
    temp_dir: Path | None,
    progress: Callable[[int, int], None] | None,
    open_attachment: OpenAttachment | None,
) -> OpenedBundle:
    envelope = _read_envelope(handle, size)
    header = envelope.header
    sender = _sender(header, known_devices, is_revoked)
    _check_signature(handle, envelope, sender)
    # Only now is the header authentic, so only now are its version claims believed: an edited
    # version number must read as "damaged", not as "upgrade the program".
    if header.min_reader_version > READER_VERSION:
        raise UserError("bundle_newer_version")
    if max_schema_version is not None and header.schema_version > max_schema_version:
        raise UserError("bundle_newer_version")
    if header.unpacked_size is not None and header.unpacked_size > MAX_UNPACKED_BYTES:
        raise UserError("bundle_unpacks_too_large", limit_mb=MAX_UNPACKED_BYTES // (1024 * 1024))
    if already_imported is not None and already_imported(header.bundle_id):
        raise UserError("bundle_already_imported")
    file_key = _unwrap_file_key(header, my_keys, passphrase)
    # The unpacked payload goes to a temp file: refuse now rather than fill the disk halfway.
    if _free_bytes(temp_dir) < header.plaintext_size * 1.01:
        raise UserError("bundle_no_room_to_unpack")

    fd, name = tempfile.mkstemp(dir=temp_dir, prefix="doorstep-payload-", suffix=".tmp")
    payload_path = Path(name)
    payload_key = os.urandom(32)
    splitter: PayloadSplitter | None = None
    try:
        with os.fdopen(fd, "wb") as out, SealedWriter(out, payload_key) as sealed:
            sink: Any = sealed
            if open_attachment is not None:
                sink = splitter = PayloadSplitter(sealed, open_attachment)  # type: ignore[arg-type]
            _decrypt_stream(handle, envelope, file_key, sink, progress)
            if splitter is not None:
                splitter.finish()
    except BaseException:
        if splitter is not None:
            splitter.abort()
        payload_path.unlink(missing_ok=True)
        raise
    return OpenedBundle(
        header,
        sender,
        payload_path,
        header.plaintext_size,
        payload_key,
        attachments_taken=splitter is not None and splitter.took_attachments,
    )


def _free_bytes(folder: Path | None) -> float:
    try:
        return shutil.disk_usage(folder or tempfile.gettempdir()).free
    except OSError:  # no such folder: creating the temp file there says so
        return float("inf")


def _decrypt_stream(
    handle: BinaryIO,
    envelope: _Envelope,
    file_key: bytes,
    out: BinaryIO,
    progress: Callable[[int, int], None] | None,
) -> None:
    header = envelope.header
    aes = AESGCM(file_key)
    aad = _payload_aad(envelope.document)
    full = header.chunk_size + TAG_LEN
    count, last_len = _chunk_layout(header.ciphertext_size, header.chunk_size)
    digest = hashlib.sha256()
    handle.seek(FIXED_LEN + len(envelope.header_bytes))
    done = 0
    sink = _UnpackedSink(out, header.unpacked_size) if header.unpacked_size is not None else None
    unpack = sink.unpacker() if sink is not None else None
    for index in range(count):
        last = index == count - 1
        sealed = _read_exact(handle, last_len if last else full)
        if len(sealed) != (last_len if last else full):
            raise UserError("bundle_incomplete")  # the file shrank while we read it
        digest.update(sealed)
        try:
            plain = aes.decrypt(_nonce(index, last), sealed, aad)
        except InvalidTag:
            if last and _opens(aes, _nonce(index, False), sealed, aad):
                # A genuine middle chunk where the last should be: the stream was cut.
                raise UserError("bundle_incomplete") from None
            raise _damaged(f"chunk {index} does not decrypt") from None
        if unpack is None:
            out.write(plain)
        else:
            try:
                unpack.write(plain)
            except zstandard.ZstdError as exc:
                raise _damaged(f"compressed stream: {exc}") from None
        done += len(sealed)
        if progress is not None:
            progress(done, header.ciphertext_size)
    if sink is not None:
        sink.check_complete()
    # GCM has vouched for each chunk under the file key; the signed hash also rules out a
    # forgery by another recipient who knows that key.
    if digest.hexdigest() != header.ciphertext_sha256:
        raise _damaged("ciphertext hash")


class _UnpackedSink:
    """Where the decompressor writes, in pieces of at most _UNPACK_PIECE bytes: it refuses the
    first byte beyond the size the signed header states, so memory and disk stay bounded
    whatever the compressed stream asks for."""

    def __init__(self, out: BinaryIO, expected: int) -> None:
        self._out = out
        self._expected = expected
        self.size = 0

    def unpacker(self) -> Any:
        decompressor = zstandard.ZstdDecompressor(max_window_size=MAX_ZSTD_WINDOW)
        # Any object with write() will do; the stubs ask for IO[bytes].
        sink: Any = self
        return decompressor.stream_writer(sink, write_size=_UNPACK_PIECE, closefd=False)

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self._expected:
            raise _damaged("unpacks to more than the header says")
        self._out.write(data)
        return len(data)

    def check_complete(self) -> None:
        if self.size != self._expected:
            raise _damaged("unpacks to less than the header says")


def _opens(aes: AESGCM, nonce: bytes, sealed: bytes, aad: bytes) -> bool:
    try:
        aes.decrypt(nonce, sealed, aad)
    except InvalidTag:
        return False
    return True
