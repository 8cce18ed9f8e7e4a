"""The database key: 32 random bytes, wrapped by the caseworker's password, in a small file beside
the database (``doorstep.db`` -> ``doorstep-db.key``).

Wrapping: Argon2id (storage/kdf.py, the same derivation as the device key file) turns the password
into a key-encryption key, AES-256-GCM seals the database key under it; the KDF settings and salt
are bound as associated data. Changing the password rewrites only this small file (atomically),
never the database. A plain checksum tells a damaged file from a wrong password.

One derivation per process per key file: an unwrapped key is kept in memory (as the GUI must keep
it anyway) and handed out again when the same password is given (compared through an HMAC with a
per-process secret, never stored), or when no password is given at all (the process already
holds the key). A wrong password always pays the full derivation.

Where the password comes from when the caller gives none: a source the embedding program
registered (`set_password_source`), else $DOORSTEP_PASSWORD, else the one-sentence refusal.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from domain.errors import UserError
from storage.atomic import atomic_write_bytes, fsync_dir, temp_name_for
from storage.kdf import (
    Argon2Params,
    KdfParams,
    derive_new,
    hex_bytes,
    kdf_record,
    normalise_secret,
    params_from_record,
)

KEY_FILE_SUFFIX = "-db.key"
KEY_FILE_FORMAT = "doorstep-database-key"
KEY_FILE_VERSION = 1
MAX_KEY_FILE_BYTES = 16 * 1024
KEY_BYTES = 32
MIN_PASSWORD_CHARS = 8
PASSWORD_ENV = "DOORSTEP_PASSWORD"
_AAD_LABEL = b"doorstep database key file v1\x00"

# purpose ("unlock" or "new") -> the password, or None when this source has none
PasswordSource = Callable[[str], "str | None"]
Password = str | PasswordSource | None


def key_file_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.stem + KEY_FILE_SUFFIX)


def subkey(key: bytes, purpose: str) -> bytes:
    """A key for one purpose (attachments, drafts, temp files) derived from the database key, so
    one password unlocks everything and no two purposes share a key."""
    label = b"doorstep " + purpose.encode("ascii") + b" v1"
    return HKDF(algorithm=SHA256(), length=32, salt=None, info=label).derive(key)


@dataclass
class _Cached:
    password_tag: bytes
    key: bytes


class _Keyring:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.change_lock = threading.RLock()  # a change and a recovery never interleave
        self.cache: dict[tuple[str, bytes], _Cached] = {}
        self.tag_secret = secrets.token_bytes(32)
        self.source: PasswordSource | None = None
        self.new_key_kdf: KdfParams = Argon2Params()
        self.production_kdf = True

    def tag(self, password: str) -> bytes:
        return hmac.new(self.tag_secret, normalise_secret(password), "sha256").digest()


_ring = _Keyring()


def set_password_source(source: PasswordSource | None) -> None:
    """Where a password comes from when a caller opens a database without giving one (the GUI's
    dialog, a test's typist)."""
    _ring.source = source


def use_kdf_for_new_keys(params: KdfParams | None) -> None:
    """Tests only: the KDF settings for key files made from now on in this process (None: the
    production default). No setting, file or environment variable reaches this; and a key file
    weaker than the default is rewrapped with the default at its next unlock in any process that
    did not call this."""
    _ring.new_key_kdf = params or Argon2Params()
    _ring.production_kdf = params is None


def new_key_kdf() -> KdfParams:
    """The KDF settings for a key file made now (the device key file uses them too)."""
    return _ring.new_key_kdf


def resolve_password(password: Password, purpose: str) -> str:
    sources: list[Password] = [password, _ring.source, lambda _p: os.environ.get(PASSWORD_ENV)]
    for source in sources:
        value = source(purpose) if callable(source) else source
        if value:
            return value
    raise UserError("db_password_needed")


def has_key_file(db_path: Path) -> bool:
    recover(db_path)
    return key_file_path(db_path).is_file()


def unlock(db_path: Path, password: Password = None) -> bytes:
    """The database key from its key file; UserError for a missing or damaged file or a wrong
    password. With no password given, a key this process already holds is returned."""
    recover(db_path)
    path = key_file_path(db_path)
    data = _read(path)
    identity = _identity(path, data)
    cached = _ring.cache.get(identity)
    if password is None and cached is not None:
        return cached.key
    secret = resolve_password(password, "unlock")
    tag = _ring.tag(secret)
    if cached is not None and hmac.compare_digest(cached.password_tag, tag):
        return cached.key
    document = _parse(path, data)
    key, params = _unwrap(document, secret)
    # A file made with weaker settings (by a test run, or an older version) is strengthened.
    # Not on read-only media (a write-protected stick): there it opens as it is, without paying
    # a second derivation for a rewrite that cannot happen; a start from a writable place
    # strengthens it.
    if (
        _ring.production_kdf
        and isinstance(params, Argon2Params)
        and isinstance(_ring.new_key_kdf, Argon2Params)
        and params.weaker_than(_ring.new_key_kdf)
        and _writable(path.parent)
    ):
        try:
            _write(path, key, secret, _ring.new_key_kdf)
        except OSError:
            pass
        else:
            data = _read(path)
            identity = _identity(path, data)
    with _ring.lock:
        _ring.cache[identity] = _Cached(tag, key)
    return key


def create(db_path: Path, password: Password = None) -> bytes:
    """A new random database key, wrapped by a new password (the first run sets it)."""
    path = key_file_path(db_path)
    if path.exists():
        raise UserError("db_key_exists", path=str(path))
    secret = resolve_password(password, "new")
    check_new_password(secret)
    key = secrets.token_bytes(KEY_BYTES)
    path.parent.mkdir(parents=True, exist_ok=True)
    _write(path, key, secret, _ring.new_key_kdf)
    with _ring.lock:
        _ring.cache[_identity(path, _read(path))] = _Cached(_ring.tag(secret), key)
    return key


def check_new_password(secret: str) -> None:
    if len(secret.strip()) < MIN_PASSWORD_CHARS:
        raise UserError("db_password_too_short", min=MIN_PASSWORD_CHARS)


def change_password(
    db_path: Path, old: str, new: str, companions: Callable[[], dict[Path, bytes]] | None = None
) -> None:
    """Rewrap the database key under a new password; the database itself is not touched.

    `companions` gives other files to rewrite in the same change (the device key file under the
    same new password). Every new file is written beside its target (``.new``), then a journal
    naming them is written (the commit point), then each is renamed into place and the journal
    removed; `recover` finishes or forgets an interrupted change, so after a crash at any moment
    either the old password opens everything or the new one does."""
    check_new_password(new)
    path = key_file_path(db_path)
    key = unlock(db_path, old)
    files = dict(companions() if companions else {})
    files[path] = _wrapped(key, new, _ring.new_key_kdf)
    with _ring.change_lock:
        for target, data in files.items():
            atomic_write_bytes(_new_name(target), data, private=True)
        journal = _journal_path(db_path)
        atomic_write_bytes(journal, _canonical([str(t) for t in files]), private=True)
        recover(db_path)
    with _ring.lock:
        _ring.cache = {k: v for k, v in _ring.cache.items() if k[0] != str(path.resolve())}
        _ring.cache[_identity(path, _read(path))] = _Cached(_ring.tag(new), key)


def _journal_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.stem + "-password.journal")


def _new_name(target: Path) -> Path:
    return target.with_name(target.name + ".new")


def recover(db_path: Path) -> None:
    """Finish a password change the journal committed; forget one it did not."""
    with _ring.change_lock:
        _recover(db_path)


def _recover(db_path: Path) -> None:
    # On read-only media nothing can be finished or cleaned: the files stay as they are (the
    # old password still opens them) until a start from a writable place.
    journal = _journal_path(db_path)
    try:
        targets = [Path(t) for t in json.loads(journal.read_bytes())]
    except FileNotFoundError:
        for stale in db_path.parent.glob(f"{db_path.stem}-*.key.new"):
            with contextlib.suppress(OSError):
                stale.unlink(missing_ok=True)
        return
    except (OSError, ValueError):
        try:
            journal.unlink(missing_ok=True)  # a torn journal: the change never committed
        except OSError:
            return
        return _recover(db_path)
    try:
        for target in targets:
            if _new_name(target).exists():
                os.replace(_new_name(target), target)
        fsync_dir(db_path.parent)
        journal.unlink()
    except OSError:
        return


def _writable(folder: Path) -> bool:
    """Whether a file can be made in `folder` (not a write-protected stick or folder); tried
    rather than asked, as Windows does not say it for folders."""
    probe = temp_name_for(folder / "doorstep-write-probe")
    try:
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError:
        return False
    with contextlib.suppress(OSError):
        os.unlink(probe)
    return True


def forget_all() -> None:
    """Drop every key this process holds (tests; a locked app keeps its open Store's key)."""
    with _ring.lock:
        _ring.cache.clear()


# --- the file --------------------------------------------------------------------------------


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _identity(path: Path, data: bytes) -> tuple[str, bytes]:
    return str(path.resolve()), hashlib.sha256(data).digest()


def _read(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_KEY_FILE_BYTES + 1)
    except FileNotFoundError:
        raise UserError("db_key_file_missing", path=str(path)) from None
    except OSError:
        raise UserError("file_unreadable", path=str(path)) from None


def _parse(path: Path, data: bytes) -> dict[str, Any]:
    damaged = UserError("db_key_file_damaged", path=str(path))
    if len(data) > MAX_KEY_FILE_BYTES:
        raise damaged
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise damaged from None
    if not isinstance(document, dict) or document.get("format") != KEY_FILE_FORMAT:
        raise damaged
    version = document.get("version")
    if type(version) is int and version > KEY_FILE_VERSION:
        raise UserError("db_key_file_newer", path=str(path))
    fields = {"format", "version", "kdf", "nonce", "wrapped", "checksum"}
    if version != KEY_FILE_VERSION or set(document) != fields:
        raise damaged
    try:
        checksum = hex_bytes(document["checksum"], 32)
        hex_bytes(document["nonce"], 12)
        hex_bytes(document["wrapped"], KEY_BYTES + 16)
        params_from_record(document["kdf"])
    except ValueError:
        raise damaged from None
    rest = _canonical({k: v for k, v in document.items() if k != "checksum"})
    if not hmac.compare_digest(hashlib.sha256(rest).digest(), checksum):
        raise damaged
    return document


def _aad(document: dict[str, Any]) -> bytes:
    return _AAD_LABEL + _canonical({k: document[k] for k in ("format", "version", "kdf", "nonce")})


def _unwrap(document: dict[str, Any], secret: str) -> tuple[bytes, KdfParams]:
    params, salt = params_from_record(document["kdf"])
    kek, _ = derive_new(secret, salt, params)
    try:
        key = AESGCM(kek).decrypt(
            bytes.fromhex(document["nonce"]), bytes.fromhex(document["wrapped"]), _aad(document)
        )
    except InvalidTag:
        raise UserError("db_wrong_password") from None
    return key, params


def _write(path: Path, key: bytes, secret: str, params: KdfParams) -> None:
    atomic_write_bytes(path, _wrapped(key, secret, params), private=True)


def _wrapped(key: bytes, secret: str, params: KdfParams) -> bytes:
    salt = os.urandom(16)
    kek, used = derive_new(secret, salt, params)
    nonce = os.urandom(12)
    document: dict[str, Any] = {
        "format": KEY_FILE_FORMAT,
        "version": KEY_FILE_VERSION,
        "kdf": kdf_record(used, salt),
        "nonce": nonce.hex(),
    }
    document["wrapped"] = AESGCM(kek).encrypt(nonce, key, _aad(document)).hex()
    document["checksum"] = hashlib.sha256(_canonical(document)).hexdigest()
    return _canonical(document)
