"""Shared fixtures: a fresh database per test, the Chinese language by default."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Temporary folders (tmp_path, tempfile, and the programs tests start) in memory when the
# machine has /dev/shm: thousands of databases write with synchronous=FULL, and on a shared
# disk the flushes, not the work, were 40 % of the sync and storage tests' time. A TMPDIR that
# is set already wins; a small /dev/shm (a container's 64 MB) is not used: the package test
# alone writes a few hundred MB.
if (
    "TMPDIR" not in os.environ
    and os.access("/dev/shm", os.W_OK)
    and shutil.disk_usage("/dev/shm").free >= 4 << 30
):
    os.environ["TMPDIR"] = "/dev/shm"
    tempfile.tempdir = None  # read again from TMPDIR
# The password of every test database. In the environment, so the CLI and programs started as
# subprocesses find it as a person's script would.
os.environ.setdefault("DOORSTEP_PASSWORD", "街道 2026 密码")

from domain import i18n
from services.workspace import Profile, Workspace
from storage import kdf, keyring
from storage.kdf import Argon2Params

TEST_PASSWORD = os.environ["DOORSTEP_PASSWORD"]

# The tests' typist: the password a person would type at the prompt, also when a test removes
# $DOORSTEP_PASSWORD to check the sync commands' own refusal.
keyring.set_password_source(lambda purpose: TEST_PASSWORD)
# Key files made by this test process use a cheap Argon2id (thousands of databases are made);
# production never calls this, and rewraps any weaker file with the default settings.
keyring.use_kdf_for_new_keys(Argon2Params(memory_kib=64, iterations=1, lanes=1))

# Hypothesis profiles. The default keeps the suite fast; `HYPOTHESIS_PROFILE=long` runs every
# property with 50 times as many examples and no deadline: a count written in the test
# (`@settings(max_examples=40)`, a stateful machine's settings) is multiplied at collection
# (`pytest_collection_modifyitems` below), a test without one takes the profile's 5 000.
# The suite (and CI) replays the same examples every run, so a red run is a regression, never
# luck; `HYPOTHESIS_PROFILE=long` explores new ones (50x as many, a fresh seed each run).
# No deadline in either: Hypothesis's default 200 ms per example failed properties whose
# process a loaded machine paused for a moment ("FlakyFailure ... DeadlineExceeded"); speed is
# measured in bench/, never as a timed assertion in a test.
LONG_FACTOR = 50
settings.register_profile("fast", settings.get_profile("default"), derandomize=True, deadline=None)
settings.register_profile("long", max_examples=100 * LONG_FACTOR, deadline=None)
HYPOTHESIS_PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "fast")
settings.load_profile(HYPOTHESIS_PROFILE)


def examples(fast: int) -> int:
    """A property's example count as the default run uses it (the long profile multiplies
    every test's count at collection, this one too)."""
    return fast


def _scaled(own: settings) -> settings:
    """A test's settings under the long profile: its own count 50 times (once)."""
    if own.max_examples >= settings.default.max_examples:
        return own  # the profile's count (5 000): already the long one
    return settings(own, max_examples=own.max_examples * LONG_FACTOR)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under HYPOTHESIS_PROFILE=long, each property's written count grows with the profile."""
    if HYPOTHESIS_PROFILE != "long":
        return
    done: set[int] = set()  # a parametrized test is one function for many items
    for item in items:
        test = getattr(item, "obj", None)
        test = getattr(test, "__func__", test)  # a test method: its function
        if not getattr(test, "is_hypothesis_test", False):
            continue
        if getattr(test, "_hypothesis_state_machine_class", None) is not None:
            owner: Any = item.cls  # a stateful machine's TestCase: its class attribute
            name = "settings"
        else:
            owner, name = test, "_hypothesis_internal_use_settings"  # what @given runs with
        if id(owner) not in done:
            done.add(id(owner))
            setattr(owner, name, _scaled(getattr(owner, name)))


PROFILE = Profile(
    caseworker="李明", district="新吴区", sub_district="旺庄街道", device_name="旺庄-笔记本1"
)


@pytest.fixture(autouse=True)
def chinese() -> Iterator[None]:
    i18n.set_language("zh")
    yield
    i18n.set_language("zh")


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    workspace = Workspace.open(tmp_path / "doorstep.db")
    workspace.init_profile(PROFILE)
    yield workspace
    workspace.close()


@pytest.fixture
def derivations(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every key derivation (the costly Argon2id step of opening a database) from now on."""
    calls: list[object] = []
    real = kdf.derive_new

    def counting(*args: object) -> object:
        calls.append(args)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(keyring, "derive_new", counting)
    return calls
