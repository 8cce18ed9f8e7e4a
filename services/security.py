"""Encryption at rest, as the app's use cases see it: the one password of this computer (it
opens the database and the device keys), changing it, and where it may come from.

The database key and its file are storage's (storage/keyring.py); the device key file is
sync's (sync/device.py). Changing the password rewraps both small files and never rewrites the
database.
"""

from __future__ import annotations

from pathlib import Path

from services.workspace import Workspace
from storage import keyring
from sync.device import DeviceKeyFile
from sync.device import kdf_params as device_kdf_params
from sync.keys import key_file_bytes, load_keys

PASSWORD_ENV = keyring.PASSWORD_ENV
MIN_PASSWORD_CHARS = keyring.MIN_PASSWORD_CHARS
Password = keyring.Password


def check_new_password(password: str) -> None:
    keyring.check_new_password(password)


def has_password(db_path: Path) -> bool:
    """Whether this database already has its password (a key file); if not, the first start
    sets one (a new database, or one written before encryption)."""
    return keyring.has_key_file(db_path)


def open_workspace(db_path: Path, password: str) -> Workspace:
    """Open (creating or converting) the database with the password a person typed."""
    return Workspace.open(db_path, password=password)


def change_password(db_path: Path, old: str, new: str) -> None:
    """One password for this computer: rewrap the database key and, if there is one, the device
    key file, together (a crash leaves either the old password or the new one opening both)."""
    device_keys = DeviceKeyFile.for_database(db_path)

    def companions() -> dict[Path, bytes]:
        if not device_keys.exists():
            return {}
        keys = load_keys(device_keys.path, old)
        return {device_keys.path: key_file_bytes(keys, new, kdf=device_kdf_params())}

    keyring.change_password(db_path, old, new, companions)
    device_keys.lock()


def verify_password(db_path: Path, password: str) -> None:
    """UserError("db_wrong_password") unless `password` opens this database (the lock screen).
    The right password costs no key derivation once the key is held; a wrong one always does."""
    keyring.unlock(db_path, password)
