"""Device identity (signing + encryption keys), its password-protected file, and passphrase keys.

A device is an Ed25519 key (signs the bundles it sends) and an X25519 key (receives bundle file
keys), plus a device id that is never reused. The public half travels in enrolment files and in
the hub's device registry; people compare the fingerprint read aloud at the district office.

The private half lives in one file encrypted under the user's password: Argon2id (memory-hard,
exposed by `cryptography` >= 44) derives the key, AES-256-GCM encrypts, and the file is written
atomically. Scrypt is the fallback where the OpenSSL build lacks Argon2, and the KDF used is
recorded in the file, so either loads anywhere.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from domain.errors import UserError
from domain.ids import uuid7
from storage.atomic import atomic_write_bytes
from storage.kdf import (
    SCRYPT_LOG_N_DEFAULT,
    argon2_key,
    bounded_int,
    derive_from_record,
    derive_new,
    kdf_record,
)
from storage.kdf import Argon2Params as Argon2Params
from storage.kdf import ScryptParams as ScryptParams
from storage.kdf import hex_bytes as hex_bytes
from storage.kdf import normalise_secret as normalise_secret
from storage.kdf import scrypt_key as scrypt_key
from sync.canonical import MalformedJSON, canonical_json, parse_json
from sync.limits import MAX_KEY_FILE_BYTES

ROLES = ("laptop", "hub")
MAX_DEVICE_NAME = 100
KEY_FILE_FORMAT = "doorstep-device-keys"
KEY_FILE_VERSION = 1

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_FINGERPRINT_LABEL = b"doorstep device fingerprint v1\x00"
_KEY_FILE_AAD_LABEL = b"doorstep device key file v1\x00"


@dataclass(frozen=True)
class DevicePublic:
    """What other computers know about a device: safe to print, copy and publish."""

    device_id: str
    name: str
    role: str
    sign_pub: bytes = field(repr=False)
    box_pub: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if not UUID_RE.match(self.device_id):
            raise ValueError(f"device_id is not a lowercase UUID: {self.device_id!r}")
        if self.role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}: {self.role!r}")
        if not self.name or len(self.name) > MAX_DEVICE_NAME:
            raise ValueError("device name must be 1-100 characters")
        if len(self.sign_pub) != 32 or len(self.box_pub) != 32:
            raise ValueError("public keys are 32 bytes each")

    @property
    def fingerprint(self) -> str:
        """16 lowercase hex digits naming both public keys (not the id or name, which may change)."""
        digest = hashlib.sha256(_FINGERPRINT_LABEL + self.sign_pub + self.box_pub)
        return digest.hexdigest()[:16]

    def fingerprint_for_reading(self) -> str:
        """The fingerprint in four groups, e.g. "3F2A 9C01 7B44 E0D5", for reading aloud."""
        return format_fingerprint(self.fingerprint)

    def verify(self, signature: bytes, message: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.sign_pub).verify(signature, message)
        except (InvalidSignature, ValueError):
            return False
        return True

    def to_dict(self) -> dict[str, str]:
        return {
            "device_id": self.device_id,
            "name": self.name,
            "role": self.role,
            "sign_pub": self.sign_pub.hex(),
            "box_pub": self.box_pub.hex(),
        }

    @classmethod
    def from_dict(cls, data: Any) -> DevicePublic:
        """Read an enrolment record; UserError("device_info_invalid") for anything malformed."""
        try:
            if not isinstance(data, dict) or set(data) != {
                "device_id",
                "name",
                "role",
                "sign_pub",
                "box_pub",
            }:
                raise ValueError("wrong fields")
            name = data["name"]
            if not isinstance(name, str) or not isinstance(data["device_id"], str):
                raise ValueError("wrong types")
            return cls(
                device_id=data["device_id"],
                name=name,
                role=data["role"],
                sign_pub=hex_bytes(data["sign_pub"], 32),
                box_pub=hex_bytes(data["box_pub"], 32),
            )
        except (ValueError, TypeError):
            raise UserError("device_info_invalid") from None


def format_fingerprint(fingerprint: str) -> str:
    upper = fingerprint.upper()
    return " ".join(upper[i : i + 4] for i in range(0, len(upper), 4))


class DeviceKeys:
    """A device's private keys. Never printed, never written except through `save_keys`."""

    def __init__(
        self,
        device_id: str,
        name: str,
        role: str,
        sign_key: Ed25519PrivateKey,
        box_key: X25519PrivateKey,
    ) -> None:
        self._sign_key = sign_key
        self._box_key = box_key
        self.public = DevicePublic(
            device_id=device_id,
            name=name,
            role=role,
            sign_pub=sign_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw),
            box_pub=box_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw),
        )

    @classmethod
    def generate(cls, name: str, role: str, device_id: str | None = None) -> DeviceKeys:
        return cls(
            device_id=device_id or uuid7(),
            name=name,
            role=role,
            sign_key=Ed25519PrivateKey.generate(),
            box_key=X25519PrivateKey.generate(),
        )

    @property
    def device_id(self) -> str:
        return self.public.device_id

    def __repr__(self) -> str:
        return f"DeviceKeys(device_id={self.device_id!r}, fingerprint={self.public.fingerprint!r})"

    def sign(self, message: bytes) -> bytes:
        return self._sign_key.sign(message)

    def exchange(self, peer_box_pub: bytes) -> bytes:
        """X25519 shared secret with a peer's public key; ValueError for a degenerate key."""
        return self._box_key.exchange(X25519PublicKey.from_public_bytes(peer_box_pub))

    def _private_bytes(self) -> bytes:
        raw = (Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        return self._sign_key.private_bytes(*raw) + self._box_key.private_bytes(*raw)


# --- key derivation from something a person types: storage/kdf.py (shared with the database
# key file); the old private names stay for callers and tests.
_argon2_key = argon2_key
_kdf_record = kdf_record
_bounded_int = bounded_int
_derive_from_record = derive_from_record


# --- the key file ---------------------------------------------------------------------------


def save_keys(
    path: Path, keys: DeviceKeys, password: str, *, kdf: Argon2Params | ScryptParams | None = None
) -> None:
    """Encrypt the private keys under `password` and write them atomically (owner-only file)."""
    atomic_write_bytes(path, key_file_bytes(keys, password, kdf=kdf), private=True)


def key_file_bytes(
    keys: DeviceKeys, password: str, *, kdf: Argon2Params | ScryptParams | None = None
) -> bytes:
    """The key file's content: the private keys encrypted under `password`."""
    if not password:
        raise UserError("keys_password_empty")
    salt = os.urandom(16)
    key, params = derive_new(password, salt, kdf or Argon2Params())
    nonce = os.urandom(12)
    document: dict[str, Any] = {
        "format": KEY_FILE_FORMAT,
        "version": KEY_FILE_VERSION,
        "public": keys.public.to_dict(),
        "kdf": kdf_record(params, salt),
        "nonce": nonce.hex(),
    }
    # The public part and KDF settings are bound as associated data: editing them (to swap in
    # another device's public keys, or weaker KDF settings) makes decryption fail.
    aad = _KEY_FILE_AAD_LABEL + canonical_json(document)
    ciphertext = AESGCM(key).encrypt(nonce, keys._private_bytes(), aad)
    document["ciphertext"] = ciphertext.hex()
    # A plain checksum over everything else, so a damaged file is told apart from a wrong
    # password (GCM alone cannot say which). It protects nothing: the GCM tag does that.
    document["checksum"] = hashlib.sha256(canonical_json(document)).hexdigest()
    return canonical_json(document)


def load_keys(path: Path, password: str) -> DeviceKeys:
    """Read the key file; UserError for a missing, damaged or newer file or a wrong password."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_KEY_FILE_BYTES + 1)
    except FileNotFoundError:
        raise UserError("keys_file_missing", path=str(path)) from None
    except OSError:
        raise UserError("file_unreadable", path=str(path)) from None
    damaged = UserError("keys_file_damaged", path=str(path))
    try:
        document = parse_json(data, max_bytes=MAX_KEY_FILE_BYTES)
    except MalformedJSON:
        raise damaged from None
    if not isinstance(document, dict) or document.get("format") != KEY_FILE_FORMAT:
        raise damaged
    version = document.get("version")
    if type(version) is int and version > KEY_FILE_VERSION:
        raise UserError("keys_file_newer")
    expected = {"format", "version", "public", "kdf", "nonce", "ciphertext"}
    try:
        if version != KEY_FILE_VERSION or set(document) != expected | {"checksum"}:
            raise ValueError("wrong fields")
        public = DevicePublic.from_dict(document["public"])
        nonce = hex_bytes(document["nonce"], 12)
        ciphertext = hex_bytes(document["ciphertext"], 64 + 16)
        checksum = hex_bytes(document["checksum"], 32)
        rest = canonical_json({k: v for k, v in document.items() if k != "checksum"})
        if not hmac.compare_digest(hashlib.sha256(rest).digest(), checksum):
            raise ValueError("checksum")
        key = derive_from_record(password, document["kdf"])
    except (ValueError, UserError):  # UserError: the public part failed DevicePublic.from_dict
        raise damaged from None
    aad_document = {k: document[k] for k in expected - {"ciphertext"}}
    aad = _KEY_FILE_AAD_LABEL + canonical_json(aad_document)
    try:
        private = AESGCM(key).decrypt(nonce, ciphertext, aad)
    except InvalidTag:
        raise UserError("keys_wrong_password") from None
    keys = DeviceKeys(
        device_id=public.device_id,
        name=public.name,
        role=public.role,
        sign_key=Ed25519PrivateKey.from_private_bytes(private[:32]),
        box_key=X25519PrivateKey.from_private_bytes(private[32:]),
    )
    if keys.public != public:
        raise damaged
    return keys


@dataclass(frozen=True)
class Passphrase:
    """The recipient of an emergency bundle: whoever knows this passphrase (only as sole recipient).

    `log_n` is the scrypt cost; leave the default except in tests.
    """

    secret: str = field(repr=False)
    log_n: int = SCRYPT_LOG_N_DEFAULT
