"""Keys from something a person types: Argon2id (scrypt where OpenSSL lacks it), and the record
of the settings used, so a key file written anywhere is read anywhere.

The device key file (sync/keys.py) and the database key file (storage/keyring.py) both derive
their wrapping key here. A record read from a file is bounded before any work is done, so a
tampered file cannot ask for unbounded memory or time before the password is even checked.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

# Passphrase recipient (emergency bundles) and the scrypt fallback: r=8, p=1, n = 2**log_n.
# 2**17 costs 128 MiB and about half a second on a field laptop.
SCRYPT_LOG_N_DEFAULT = 17
SCRYPT_LOG_N_MIN = 10
SCRYPT_LOG_N_MAX = 20
# Argon2id bounds accepted when loading a key file.
ARGON2_MAX_MEMORY_KIB = 1024 * 1024
ARGON2_MAX_ITERATIONS = 16
ARGON2_MAX_LANES = 16

_HEX_RE = re.compile(r"^(?:[0-9a-f]{2})*$")
_PASSPHRASE_SALT_LABEL = b"doorstep passphrase v1\x00"


def normalise_secret(secret: str) -> bytes:
    # The same password typed through different input methods can arrive as different code
    # point sequences (composed vs decomposed); NFC makes them derive the same key.
    return unicodedata.normalize("NFC", secret).encode("utf-8")


def hex_bytes(value: Any, length: int | None = None) -> bytes:
    """Decode lowercase hex from an untrusted document; ValueError if it is anything else."""
    if not isinstance(value, str) or not _HEX_RE.match(value):
        raise ValueError("not lowercase hex")
    raw = bytes.fromhex(value)
    if length is not None and len(raw) != length:
        raise ValueError(f"expected {length} bytes, got {len(raw)}")
    return raw


@dataclass(frozen=True)
class Argon2Params:
    """RFC 9106's second recommended setting: 64 MiB, 3 passes, 4 lanes (~0.2 s on a laptop)."""

    memory_kib: int = 64 * 1024
    iterations: int = 3
    lanes: int = 4

    def weaker_than(self, other: Argon2Params) -> bool:
        return self.memory_kib < other.memory_kib or self.iterations < other.iterations


@dataclass(frozen=True)
class ScryptParams:
    log_n: int = SCRYPT_LOG_N_DEFAULT


KdfParams = Argon2Params | ScryptParams


def scrypt_key(secret: str, salt: bytes, log_n: int) -> bytes:
    """A 32-byte key from a passphrase; r=8, p=1 as `age` uses. The caller bounds log_n."""
    kdf = Scrypt(salt=_PASSPHRASE_SALT_LABEL + salt, length=32, n=1 << log_n, r=8, p=1)
    return kdf.derive(normalise_secret(secret))


def argon2_key(secret: str, salt: bytes, params: Argon2Params) -> bytes:
    kdf = Argon2id(
        salt=salt,
        length=32,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return kdf.derive(normalise_secret(secret))


def derive_new(secret: str, salt: bytes, params: KdfParams) -> tuple[bytes, KdfParams]:
    """Derive with `params`; an OpenSSL without Argon2 falls back to scrypt (and says so)."""
    try:
        if isinstance(params, Argon2Params):
            return argon2_key(secret, salt, params), params
        return scrypt_key(secret, salt, params.log_n), params
    except UnsupportedAlgorithm:
        fallback = ScryptParams()
        return scrypt_key(secret, salt, fallback.log_n), fallback


def kdf_record(params: KdfParams, salt: bytes) -> dict[str, Any]:
    if isinstance(params, Argon2Params):
        return {
            "name": "argon2id",
            "salt": salt.hex(),
            "memory_kib": params.memory_kib,
            "iterations": params.iterations,
            "lanes": params.lanes,
        }
    return {"name": "scrypt", "salt": salt.hex(), "log_n": params.log_n}


def bounded_int(value: Any, low: int, high: int) -> int:
    if type(value) is not int or not low <= value <= high:
        raise ValueError("out of range")
    return value


def params_from_record(kdf: Any) -> tuple[KdfParams, bytes]:
    """The settings and salt a record names; ValueError for anything a tampered file might ask."""
    if not isinstance(kdf, dict):
        raise ValueError("kdf")
    salt = hex_bytes(kdf.get("salt"), 16)
    if kdf.get("name") == "argon2id" and set(kdf) == {
        "name",
        "salt",
        "memory_kib",
        "iterations",
        "lanes",
    }:
        lanes = bounded_int(kdf["lanes"], 1, ARGON2_MAX_LANES)
        return (
            Argon2Params(
                memory_kib=bounded_int(kdf["memory_kib"], 8 * lanes, ARGON2_MAX_MEMORY_KIB),
                iterations=bounded_int(kdf["iterations"], 1, ARGON2_MAX_ITERATIONS),
                lanes=lanes,
            ),
            salt,
        )
    if kdf.get("name") == "scrypt" and set(kdf) == {"name", "salt", "log_n"}:
        return ScryptParams(bounded_int(kdf["log_n"], SCRYPT_LOG_N_MIN, SCRYPT_LOG_N_MAX)), salt
    raise ValueError("unknown kdf")


def derive_from_record(secret: str, kdf: Any) -> bytes:
    """Derive the file key as the record says, refusing parameters a tampered file might ask for."""
    params, salt = params_from_record(kdf)
    if isinstance(params, Argon2Params):
        return argon2_key(secret, salt, params)
    return scrypt_key(secret, salt, params.log_n)
