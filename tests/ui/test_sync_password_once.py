"""One password per session: the password typed at start opens the database and, in the background
while the window shows, this computer's device keys too, so the sync page signs and encrypts a
bundle without asking for it again (docs/security.md, "The password"). Device keys under another
password (made before the two were one) are still asked for, once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from services.workspace import Workspace
from storage import keyring
from tests.sync.sync_kit import PASSWORD, make_district
from tests.ui.conftest import settle
from ui import config, sync_page
from ui.context import AppContext
from ui.sync_page import SyncPage
from ui.tasks import tasks
from ui.unlock_dialog import UnlockDialog

PAGES: list[SyncPage] = []


def close(ctx: AppContext) -> None:
    """Pages go before their database closes (as the window's do): a page left open would read
    the closed database when its next event comes."""
    settle(ctx)
    while PAGES:
        page = PAGES.pop()
        page.close()
        page.deleteLater()
    settle(ctx)
    ctx.ws.close()


def start(qtbot: QtBot, db: Path, password: str, data_dir: Path) -> AppContext:
    """What ui.app.run does: the password dialog, then the context the pages share."""
    keyring.forget_all()  # a new process holds no key yet
    dialog = UnlockDialog(db, tasks())
    qtbot.addWidget(dialog)
    dialog.password.setText(password)
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.workspace is not None, timeout=20_000)
    ws = dialog.workspace
    assert isinstance(ws, Workspace)
    data_dir.mkdir(exist_ok=True)
    ctx = AppContext(
        ws=ws,
        db_path=db,
        data_dir=data_dir,
        config=config.Config(data_dir),
        state=config.ui_state(data_dir),
        tasks=tasks(),
        profile=ws.profile(),
    )
    settle(ctx)  # the keys open while the window shows, before a person reaches the sync page
    return ctx


@pytest.fixture
def laptop_db(tmp_path: Path) -> Path:
    district = make_district(tmp_path / "district", laptops=1)
    db = district.laptops[0].db
    district.close()
    return db


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Each time the sync page would show its password box (answered with the password)."""
    calls: list[bool] = []

    def ask(parent: Any, *, new: bool = False) -> str:
        calls.append(new)
        return PASSWORD

    monkeypatch.setattr(sync_page, "ask_password", ask)
    return calls


def export_to_stick(qtbot: QtBot, ctx: AppContext, stick: Path) -> Path:
    stick.mkdir(exist_ok=True)
    page = SyncPage(ctx)
    PAGES.append(page)
    settle(ctx)
    page.use_folder(stick)
    ctx.ws.create(
        "project", {"code": "P-9", "name": "地块", "district": "新吴区", "sub_district": "旺庄街道"}
    )
    page.export_button.click()
    settle(ctx)
    (bundle,) = stick.glob("*.dsbundle")
    assert "可以安全拔出" in page.export_result.text()
    return bundle


def test_the_sync_page_uses_the_keys_opened_at_start(
    qtbot: QtBot, laptop_db: Path, tmp_path: Path, asked: list[bool]
) -> None:
    ctx = start(qtbot, laptop_db, PASSWORD, tmp_path / "ui")
    try:
        export_to_stick(qtbot, ctx, tmp_path / "U盘")
        assert asked == []  # typed once, at start
        export_to_stick(qtbot, ctx, tmp_path / "U盘2")
        assert asked == []
    finally:
        close(ctx)


def test_keys_under_another_password_are_asked_for_once(
    qtbot: QtBot, laptop_db: Path, tmp_path: Path, asked: list[bool]
) -> None:
    # the database's password changed alone (as before one password opened both)
    keyring.change_password(laptop_db, PASSWORD, "另一个数据库密码")
    ctx = start(qtbot, laptop_db, "另一个数据库密码", tmp_path / "ui")
    try:
        export_to_stick(qtbot, ctx, tmp_path / "U盘")
        assert asked == [False]  # the keys' own password, asked for …
        export_to_stick(qtbot, ctx, tmp_path / "U盘2")
        assert asked == [False]  # … once this session
    finally:
        close(ctx)
