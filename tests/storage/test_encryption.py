"""Encryption at rest, storage side: every database file is SQLCipher, its key is wrapped by the
password in a small key file, a wrong password / damaged key file / foreign database is one
sentence and changes nothing, and a database written before encryption is converted."""

from __future__ import annotations

import shutil
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.errors import UserError
from services import households
from services.workspace import Workspace
from storage import kdf, keyring, plaintext
from storage.store import Store
from tests.conftest import PROFILE, TEST_PASSWORD

FIXTURES = Path(__file__).parent / "fixtures"
HEAD = "单建国"  # in the schema fixtures


def file_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def refusal(fn: object, *args: object, **kwargs: object) -> UserError:
    with pytest.raises(UserError) as caught:
        fn(*args, **kwargs)  # type: ignore[operator]
    return caught.value


@pytest.fixture
def made(tmp_path: Path) -> Iterator[Path]:
    db = tmp_path / "doorstep.db"
    with Workspace.open(db) as ws:
        ws.init_profile(PROFILE)
        project = ws.create(
            "project",
            {"code": "P", "name": "项目", "district": "新吴区", "sub_district": "旺庄街道"},
        )
        households.create_household(
            ws,
            {
                "project_id": project,
                "address": "1号",
                "head_name": "章金伟",
                "phone": "13812345678",
            },
        )
    yield db


def test_the_files_hold_no_plaintext(made: Path) -> None:
    for path in made.parent.iterdir():
        data = path.read_bytes()
        assert b"SQLite format 3" not in data[:16]
        for needle in ("章金伟", "13812345678", "旺庄街道"):
            assert needle.encode() not in data, (path.name, needle)
    assert keyring.key_file_path(made).is_file()


def test_repeated_opens_derive_the_key_once(made: Path, derivations: list[object]) -> None:
    keyring.forget_all()
    for _ in range(3):
        with Workspace.open(made, password=TEST_PASSWORD) as ws:
            assert ws.profile() == PROFILE
    assert len(derivations) == 1
    # a wrong password always pays the derivation, and never gets the held key
    assert refusal(Workspace.open, made, password="不是这个密码").code == "db_wrong_password"
    assert len(derivations) == 2


def test_wrong_password_changes_nothing(made: Path) -> None:
    before = file_bytes(made.parent)
    keyring.forget_all()
    assert refusal(Store, made, password="不是这个密码").code == "db_wrong_password"
    assert file_bytes(made.parent) == before


@pytest.mark.parametrize("cut", [0, 10, 100])
def test_a_truncated_key_file_is_one_sentence(made: Path, cut: int) -> None:
    key_file = keyring.key_file_path(made)
    key_file.write_bytes(key_file.read_bytes()[:cut])
    before = file_bytes(made.parent)
    error = refusal(Store, made)
    assert error.code == "db_key_file_damaged"
    assert str(key_file) in error.message()
    assert file_bytes(made.parent) == before


def test_a_database_from_another_laptop_is_refused_untouched(made: Path, tmp_path: Path) -> None:
    other = tmp_path / "other" / "doorstep.db"
    with Workspace.open(other):
        pass
    shutil.copy(made, other)  # the other laptop's key file stays
    before = file_bytes(other.parent)
    error = refusal(Store, other)
    assert error.code == "db_key_mismatch"
    assert file_bytes(other.parent) == before


def test_a_database_without_its_key_file_is_refused_untouched(made: Path) -> None:
    keyring.key_file_path(made).unlink()
    before = file_bytes(made.parent)
    error = refusal(Store, made)
    assert error.code == "db_not_database_or_no_key"
    assert file_bytes(made.parent) == before


def test_a_new_password_has_a_minimum_length(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    assert refusal(Store, db, password="短").code == "db_password_too_short"
    assert list(tmp_path.iterdir()) == []


def test_change_password_rewraps_without_touching_the_database(made: Path) -> None:
    database_before = made.read_bytes()
    keyring.change_password(made, TEST_PASSWORD, "新的密码 2027")
    assert made.read_bytes() == database_before
    keyring.forget_all()
    assert refusal(Store, made, password=TEST_PASSWORD).code == "db_wrong_password"
    with Workspace.open(made, password="新的密码 2027") as ws:
        assert ws.profile() == PROFILE


def test_a_weak_key_file_is_strengthened_outside_tests(made: Path) -> None:
    def memory() -> int:
        document = keyring._parse(
            keyring.key_file_path(made), keyring.key_file_path(made).read_bytes()
        )
        return int(document["kdf"]["memory_kib"])

    assert memory() == 64  # made by this test process's cheap setting
    keyring.use_kdf_for_new_keys(None)  # as in production
    try:
        keyring.forget_all()
        with Workspace.open(made, password=TEST_PASSWORD):
            pass
        assert memory() == kdf.Argon2Params().memory_kib
    finally:
        keyring.use_kdf_for_new_keys(kdf.Argon2Params(memory_kib=64, iterations=1, lanes=1))


def test_a_plaintext_database_is_converted_on_first_start(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    shutil.copy(FIXTURES / "schema-v3.db", db)
    assert HEAD.encode() in db.read_bytes() or db.read_bytes().startswith(b"SQLite format 3")
    with Workspace.open(db) as ws:
        assert ws.store.plaintext_removed
        assert households.count(ws, households.HouseholdFilter()) == 3
    assert not db.read_bytes().startswith(b"SQLite format 3")
    assert not plaintext.plaintext_copy_path(db).exists()
    assert not plaintext.encrypting_path(db).exists()
    with Workspace.open(db) as ws:
        assert not ws.store.plaintext_removed  # said once
    for path in tmp_path.iterdir():
        assert not path.read_bytes().startswith(b"SQLite format 3"), path.name


@settings(max_examples=25, deadline=None)
@given(
    password=st.text(min_size=8, max_size=40).filter(lambda p: len(p.strip()) >= 8),
    other=st.text(min_size=8, max_size=40),
)
def test_any_password_wraps_and_only_it_unwraps(
    tmp_path_factory: pytest.TempPathFactory, password: str, other: str
) -> None:
    db = tmp_path_factory.mktemp("wrap") / "doorstep.db"
    key = keyring.create(db, password)
    keyring.forget_all()
    assert keyring.unlock(db, unicodedata.normalize("NFD", password)) == key  # same text, any form
    if unicodedata.normalize("NFC", other) != unicodedata.normalize("NFC", password):
        keyring.forget_all()
        with pytest.raises(UserError) as caught:
            keyring.unlock(db, other)
        assert caught.value.code == "db_wrong_password"
