"""Where the data directory lands on each operating system (platformdirs' rules forced per OS,
so the Windows answer is checked here too), and that the override wins everywhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from services import paths


@pytest.fixture(autouse=True)
def no_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(paths.DATA_DIR_ENV, raising=False)


def test_windows_uses_local_app_data_even_under_a_chinese_user_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    local = r"C:\Users\李明\AppData\Local"
    # platformdirs asks Windows for the folder; its documented override stands in for it here.
    monkeypatch.setenv("WIN_PD_OVERRIDE_LOCAL_APPDATA", local)
    assert str(paths.data_dir("win32")).replace("/", "\\") == local + r"\Doorstep"


def test_linux_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "数据"))
    assert paths.data_dir("linux") == tmp_path / "数据" / "Doorstep"


def test_macos_uses_application_support() -> None:
    assert paths.data_dir("darwin").parts[-3:] == ("Library", "Application Support", "Doorstep")


@pytest.mark.parametrize("platform", ["win32", "linux", "darwin"])
def test_the_override_wins_on_every_platform(
    platform: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path / "U盘" / "入户通"))
    assert paths.data_dir(platform) == tmp_path / "U盘" / "入户通"
    assert paths.default_db_path() == tmp_path / "U盘" / "入户通" / paths.DATABASE_NAME
