"""Shared fixtures: a fresh database per test, the Chinese language by default."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from domain import i18n
from services.workspace import Profile, Workspace

# Hypothesis profiles. The default keeps the suite fast; `HYPOTHESIS_PROFILE=long` runs every
# property that takes its example count from the profile (the CLI fuzzing in
# tests/cli/test_fuzz_cli.py among them) with 50 times as many examples and no deadline.
settings.register_profile("fast", settings.get_profile("default"))
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
