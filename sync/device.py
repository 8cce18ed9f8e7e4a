"""This computer's device keys: where the key file lives and how its password is asked for.

The key file sits in the data directory next to the database (``doorstep.db`` ->
``doorstep-device.key``), encrypted under the user's password (sync.keys: Argon2id). The password
is asked for only when a private key is needed (export, import, enrolment) through a callback
the caller supplies: the CLI reads --password-file, $DOORSTEP_PASSWORD or a prompt; the GUI shows
a dialog. Unlocked keys stay in memory for the session so a person types the password once.

The key's device id is the database's device id: the ops this computer makes and the bundles it
signs carry the same id, so the hub can tell which laptop an op came from.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

from domain.errors import UserError
from storage import keyring
from storage.kdf import ScryptParams
from sync.canonical import MalformedJSON, parse_json
from sync.keys import Argon2Params, DeviceKeys, DevicePublic, load_keys, save_keys
from sync.limits import MAX_KEY_FILE_BYTES

KEY_FILE_SUFFIX = "-device.key"
# No longer read: an environment variable must not be able to weaken a user's key file. New key
# files take the KDF settings of storage.keyring (the production default; a test process sets a
# cheap one in-process with keyring.use_kdf_for_new_keys). The name stays for old imports.
FAST_KDF_ENV = "DOORSTEP_INSECURE_FAST_KDF"

# purpose ("unlock", "new") -> the password, or raise (e.g. Cancelled) to give up
PasswordSource = Callable[[str], str]


def key_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.stem + KEY_FILE_SUFFIX)


def kdf_params() -> Argon2Params | ScryptParams:
    return keyring.new_key_kdf()


class DeviceKeyFile:
    """The key file of one database, and its keys once unlocked."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._keys: DeviceKeys | None = None
        self._lock = threading.Lock()

    @classmethod
    def for_database(cls, db_path: Path) -> DeviceKeyFile:
        return cls(key_path(db_path))

    def exists(self) -> bool:
        return self.path.is_file()

    def public(self) -> DevicePublic | None:
        """The public half, readable without the password (it is stored in clear)."""
        if self._keys is not None:
            return self._keys.public
        try:
            data = self.path.read_bytes()[: MAX_KEY_FILE_BYTES + 1]
        except FileNotFoundError:
            return None
        except OSError:
            raise UserError("file_unreadable", path=str(self.path)) from None
        try:
            document = parse_json(data, max_bytes=MAX_KEY_FILE_BYTES)
        except MalformedJSON:
            raise UserError("keys_file_damaged", path=str(self.path)) from None
        if not isinstance(document, dict):
            raise UserError("keys_file_damaged", path=str(self.path))
        try:
            return DevicePublic.from_dict(document.get("public"))
        except UserError:
            raise UserError("keys_file_damaged", path=str(self.path)) from None

    def create(self, keys: DeviceKeys, password: str, *, replace: bool = False) -> None:
        if self.exists() and not replace:
            found = self.public()
            raise UserError(
                "keys_exist", fingerprint=found.fingerprint_for_reading() if found else ""
            )
        if replace and self.exists():
            # Keep the previous keys beside the new ones: bundles already on their way to the
            # old keys can still be opened by hand.
            old = self.path.with_name(self.path.name + ".old")
            os.replace(self.path, old)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        save_keys(self.path, keys, password, kdf=kdf_params())
        with self._lock:
            self._keys = keys

    def unlocked(self) -> DeviceKeys | None:
        return self._keys

    def unlock(self, password: str | PasswordSource) -> DeviceKeys:
        with self._lock:
            if self._keys is not None:
                return self._keys
        if not self.exists():
            raise UserError("keys_file_missing", path=str(self.path))
        secret = password if isinstance(password, str) else password("unlock")
        keys = load_keys(self.path, secret)
        with self._lock:
            self._keys = keys
        return keys

    def lock(self) -> None:
        with self._lock:
            self._keys = None
