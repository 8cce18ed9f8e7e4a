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
