"""The password dialog before anything is shown: the first start sets the password (twice, a
minimum length), a later start opens with it; a wrong one is one sentence, three wrong ones
make the dialog wait before the next try."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from services.workspace import Workspace
from storage import keyring
from tests.conftest import PROFILE, TEST_PASSWORD
from ui.tasks import tasks
from ui.unlock_dialog import WAIT_SECONDS, UnlockDialog


def _submit(qtbot: QtBot, dialog: UnlockDialog, password: str, again: str | None = None) -> None:
    dialog.password.setText(password)
    dialog.again.setText(password if again is None else again)
    dialog.submit()


def test_first_start_sets_the_password(qtbot: QtBot, tmp_path: Path) -> None:
    db = tmp_path / "doorstep.db"
    dialog = UnlockDialog(db, tasks())
    qtbot.addWidget(dialog)
    assert dialog.new and dialog.again.isVisibleTo(dialog)
    _submit(qtbot, dialog, "短密码")
    assert "至少需要 8 个字符" in dialog.error.text() and not db.exists()
    _submit(qtbot, dialog, "一个足够长的密码", "另一个足够长的密码")
    assert "两次输入的密码不一致" in dialog.error.text() and not db.exists()
    _submit(qtbot, dialog, "一个足够长的密码")
    qtbot.waitUntil(lambda: dialog.workspace is not None, timeout=10_000)
    dialog.workspace.close()  # type: ignore[union-attr]
    assert keyring.has_key_file(db)
    assert not db.read_bytes().startswith(b"SQLite format 3")
    keyring.forget_all()
    with Workspace.open(db, password="一个足够长的密码") as ws:
        assert ws.profile() is None


def test_a_wrong_password_is_one_sentence_and_three_make_it_wait(
    qtbot: QtBot, tmp_path: Path
) -> None:
    db = tmp_path / "doorstep.db"
    with Workspace.open(db) as ws:
        ws.init_profile(PROFILE)
    dialog = UnlockDialog(db, tasks())
    qtbot.addWidget(dialog)
    assert not dialog.new and not dialog.again.isVisibleTo(dialog)
    for attempt in range(1, 4):
        _submit(qtbot, dialog, "不是这个密码")
        qtbot.waitUntil(lambda a=attempt: dialog.wrong_tries == a, timeout=10_000)
        assert "密码不对" in dialog.error.text()
    assert dialog.workspace is None
    assert not dialog.ok_button().isEnabled() and dialog.wait_left == WAIT_SECONDS
    assert f"{WAIT_SECONDS} 秒" in dialog.error.text()
    _submit(qtbot, dialog, TEST_PASSWORD)  # ignored while waiting
    assert dialog.workspace is None
    dialog.wait_left = 1  # the 30 seconds, elapsed
    dialog._tick()
    assert dialog.ok_button().isEnabled()
    _submit(qtbot, dialog, TEST_PASSWORD)
    qtbot.waitUntil(lambda: dialog.workspace is not None, timeout=10_000)
    assert dialog.workspace is not None and dialog.workspace.profile() == PROFILE
    dialog.workspace.close()


def test_opening_after_a_killed_bulk_load_says_so_in_its_progress(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The indexes a killed `demo` left to build are built as the database opens (tens of
    seconds at 100 000 households): the opening's progress says so, not "Opening…" alone."""
    import datetime as dt

    from domain.messages import MESSAGES
    from services import demo
    from storage import bulkload
    from ui.tasks import Task, Tasks

    db = tmp_path / "doorstep.db"
    with Workspace.open(db) as ws:
        ws.init_profile(PROFILE)
        demo.load_demo(ws, 20, seed=5, today=dt.date(2026, 11, 26), helper=False)
        ws.write(lambda store_db: bulkload.defer_indexes(store_db.conn))  # killed mid-load
    started: list[Task] = []
    run = Tasks.run

    def recording(self: Tasks, *args: Any, **kwargs: Any) -> Task:
        task = run(self, *args, **kwargs)
        started.append(task)
        return task

    monkeypatch.setattr(Tasks, "run", recording)
    dialog = UnlockDialog(db, tasks())
    qtbot.addWidget(dialog)
    _submit(qtbot, dialog, TEST_PASSWORD)
    qtbot.waitUntil(lambda: dialog.workspace is not None, timeout=10_000)
    assert dialog.workspace is not None
    assert not dialog.workspace.read(lambda store_db: bulkload.indexes_deferred(store_db.conn))
    dialog.workspace.close()
    (opening,) = [task for task in started if task.label == dialog.tr("Opening…")]
    assert opening.last_text == MESSAGES["db_finishing_bulk_load"]["zh"]
