"""A database on read-only media (a write-protected stick, a read-only folder) still unlocks: a key
file made with weaker KDF settings is strengthened only where it can be written, so on read-only
media the unlock reads it as it is (without paying a second key derivation for a rewrite that
cannot happen), leaves every file as it was, and the next writable start strengthens it; a stale
leftover of an interrupted password change does not stop it either."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from services.workspace import Workspace
from storage import kdf, keyring
from tests.cli.test_hostile_input import read_only
from tests.conftest import PROFILE, TEST_PASSWORD

CHEAP = kdf.Argon2Params(memory_kib=64, iterations=1, lanes=1)  # tests/conftest.py's setting


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def key_memory(db: Path) -> int:
    path = keyring.key_file_path(db)
    return int(keyring._parse(path, path.read_bytes())["kdf"]["memory_kib"])


@pytest.fixture
def production_kdf() -> Iterator[None]:
    keyring.use_kdf_for_new_keys(None)
    try:
        yield
    finally:
        keyring.use_kdf_for_new_keys(CHEAP)


def test_a_weak_key_file_on_read_only_media_unlocks_and_waits_for_a_writable_start(
    tmp_path: Path, derivations: list[object], production_kdf: None
) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    db = stick / "doorstep.db"
    keyring.use_kdf_for_new_keys(CHEAP)
    with Workspace.open(db) as ws:
        ws.init_profile(PROFILE)
    key = keyring.unlock(db)
    keyring.use_kdf_for_new_keys(None)  # as in production from here on
    assert key_memory(db) == CHEAP.memory_kib
    # a password change interrupted before its commit left a wrapped key beside the file
    (stick / "doorstep-db.key.new").write_bytes(b"left by a crash")
    before = files(stick)
    derivations.clear()
    with read_only(stick) as mounted:
        keyring.forget_all()
        assert keyring.unlock(mounted / "doorstep.db", TEST_PASSWORD) == key
        assert len(derivations) == 1  # no second derivation for a rewrite that cannot happen
        keyring.forget_all()
        with Workspace.open(mounted / "doorstep.db", password=TEST_PASSWORD) as ws:
            assert ws.profile() == PROFILE  # the database reads
        assert files(mounted) == before
    assert files(stick) == before
    # writable again: the next start strengthens the key file and clears the leftover
    keyring.forget_all()
    assert keyring.unlock(db, TEST_PASSWORD) == key
    assert key_memory(db) == kdf.Argon2Params().memory_kib
    assert not (stick / "doorstep-db.key.new").exists()
    keyring.forget_all()
    with Workspace.open(db, password=TEST_PASSWORD) as ws:
        assert ws.profile() == PROFILE
