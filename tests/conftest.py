"""Shared fixtures: a fresh database per test, the Chinese language by default."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from domain import i18n
from services.workspace import Profile, Workspace

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
