"""kill -9 during password changes: afterwards exactly one of the two passwords opens the
database AND the device keys (one password per computer), and the database was never rewritten."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from domain.errors import UserError
from services import security
from services.sync import Sync
from services.workspace import Workspace
from storage import keyring
from sync.device import FAST_KDF_ENV, DeviceKeyFile
from tests.conftest import PROFILE
from tests.crash_kit import kill_when_ready
from tests.services.crash_password import PASSWORDS


def _opens(db: Path, password: str) -> bool:
    keyring.forget_all()
    try:
        keyring.unlock(db, password)
    except UserError as exc:
        assert exc.code == "db_wrong_password"
        return False
    return True


def test_kill_during_password_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(FAST_KDF_ENV, "1")
    db = tmp_path / "doorstep.db"
    with Workspace.open(db, password=PASSWORDS[0]) as ws:
        ws.init_profile(PROFILE)
        Sync(ws).init_device(PASSWORDS[0])
    database = db.read_bytes()
    rng = random.Random(11)
    for _ in range(5):
        kill_when_ready("tests.services.crash_password", str(db), after=rng.uniform(0.0, 0.3))
        works = [p for p in PASSWORDS if _opens(db, p)]
        assert len(works) == 1, works
        DeviceKeyFile.for_database(db).unlock(works[0])  # the same password opens the keys
        assert not list(tmp_path.glob("*.new")) and not list(tmp_path.glob("*.journal"))
        assert db.read_bytes() == database
        # and it goes on working: change it back to the first one for the next round
        if works[0] != PASSWORDS[0]:
            security.change_password(db, works[0], PASSWORDS[0])
