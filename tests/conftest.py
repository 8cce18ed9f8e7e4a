"""Shared fixtures: a fresh database per test, the Chinese language by default."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

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
from storage import keyring
from storage.kdf import Argon2Params

TEST_PASSWORD = os.environ["DOORSTEP_PASSWORD"]

# The tests' typist: the password a person would type at the prompt, also when a test removes
# $DOORSTEP_PASSWORD to check the sync commands' own refusal.
keyring.set_password_source(lambda purpose: TEST_PASSWORD)
# Key files made by this test process use a cheap Argon2id (thousands of databases are made);
# production never calls this, and rewraps any weaker file with the default settings.
keyring.use_kdf_for_new_keys(Argon2Params(memory_kib=64, iterations=1, lanes=1))

# Hypothesis profiles. The default keeps the suite fast; `HYPOTHESIS_PROFILE=long` runs every
# property that takes its example count from the profile (the CLI fuzzing in
# tests/cli/test_fuzz_cli.py among them) with 50 times as many examples and no deadline.
# The suite (and CI) replays the same examples every run, so a red run is a regression, never
# luck; `HYPOTHESIS_PROFILE=long` explores new ones (50x as many, a fresh seed each run).
# No deadline in either: Hypothesis's default 200 ms per example failed properties whose
# process a loaded machine paused for a moment ("FlakyFailure ... DeadlineExceeded"); speed is
# measured in bench/, never as a timed assertion in a test.
settings.register_profile("fast", settings.get_profile("default"), derandomize=True, deadline=None)
settings.register_profile("long", max_examples=5000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fast"))


def examples(fast: int) -> int:
    """A property's example count: `fast` by default, 50× under HYPOTHESIS_PROFILE=long."""
    return fast * 50 if settings.default.max_examples >= 5000 else fast


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
