"""Encryption at rest, as the app's use cases see it: the one password of this computer (it
opens the database and the device keys), changing it, and where it may come from.

The database key and its file are storage's (storage/keyring.py); the device key file is
sync's (sync/device.py). Changing the password rewraps both small files and never rewrites the
database.

One password per session: the GUI opens the database with the password a person types, then
opens the device keys with the same password off the GUI thread (`open_device_keys`) and keeps
them in memory for the session (`session_keys`), as the database key is kept; the password
itself is not kept. Signing and decrypting bundles then need no second typing. Device keys under
another password (made before one password opened both) are asked for as before, once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from domain.errors import UserError
from storage import keyring
from sync.device import DeviceKeyFile, PasswordSource
from sync.device import kdf_params as device_kdf_params
from sync.keys import DeviceKeys, key_file_bytes, load_keys

if TYPE_CHECKING:  # the password dialog shows before the database layer is imported
    from services.workspace import Workspace

PASSWORD_ENV = keyring.PASSWORD_ENV
MIN_PASSWORD_CHARS = keyring.MIN_PASSWORD_CHARS
Password = keyring.Password


def check_new_password(password: str) -> None:
    keyring.check_new_password(password)


def has_password(db_path: Path) -> bool:
    """Whether this database already has its password (a key file); if not, the first start
    sets one (a new database, or one written before encryption)."""
    return keyring.has_key_file(db_path)


def open_workspace(
    db_path: Path, password: str, *, on_step: Callable[[str], None] | None = None
) -> Workspace:
    """Open (creating or converting) the database with the password a person typed; `on_step`
    as Workspace.open takes it (the catalogue code of a long step, before it starts)."""
    from services.workspace import Workspace

    return Workspace.open(db_path, password=password, on_step=on_step)


def change_password(db_path: Path, old: str, new: str) -> None:
    """One password for this computer: rewrap the database key and, if there is one, the device
    key file, together (a crash leaves either the old password or the new one opening both)."""
    # storage.store loads the database layer, which the password dialog must not wait for
    from storage.store import on_read_only_media

    if on_read_only_media(db_path):  # the new key files could not be written beside it
        raise UserError("db_read_only", path=str(db_path))
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


OPENING_WAIT_SECONDS = 60  # never wait forever for an opening that did not run


class SessionKeys(DeviceKeyFile):
    """This computer's device key file as the GUI holds it for a session: opened once with the
    password that opened Doorstep. An unlock asked for while that opening is still running
    waits for it (off the GUI thread) instead of asking the person."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self._settled = threading.Event()
        self._settled.set()

    def opening(self) -> bool:
        """Whether the keys are being opened with the start-up password right now."""
        return not self._settled.is_set()

    def unlock(self, password: str | PasswordSource) -> DeviceKeys:
        self._settled.wait(OPENING_WAIT_SECONDS)
        return super().unlock(password)

    def open_later(self, password: str) -> Callable[[], bool]:
        """Mark the keys as being opened now, and return the work that opens them with
        `password` (to run off the GUI thread); it says whether they opened."""
        self._settled.clear()

        def work() -> bool:
            try:
                if self.exists() and self.unlocked() is None:
                    DeviceKeyFile.unlock(self, password)
                return self.unlocked() is not None
            except UserError:
                return False
            finally:
                self._settled.set()

        return work


_sessions: dict[str, SessionKeys] = {}
_sessions_lock = threading.Lock()


def session_keys(db_path: Path) -> SessionKeys:
    """The device key file of this database as this process holds it (one per database)."""
    name = str(Path(db_path).resolve())
    with _sessions_lock:
        found = _sessions.get(name)
        if found is None:
            found = _sessions[name] = SessionKeys(DeviceKeyFile.for_database(db_path).path)
        return found


def open_device_keys(db_path: Path, password: str) -> Callable[[], bool]:
    """The work (to run off the GUI thread) that opens the session's device keys with `password`,
    the one that just opened the database. It returns whether they opened: False when this
    computer has no keys yet, or they are under another password (the sync page then asks)."""
    return session_keys(db_path).open_later(password)
