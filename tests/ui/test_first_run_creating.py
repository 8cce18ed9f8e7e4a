"""The window's first run makes a whole database or nothing, as `init` does
(services.new_database.creating): stopped before the profile is made, or stopped by a full
disk, it leaves no database or key file behind, and a full disk is one sentence.

Driven through ui.app.start_workspace with its real modal dialogs: a timer acts on whichever
dialog is showing, as a person would. The full disk is a small tmpfs (root mounts it)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from tests.cli.test_hostile_media import fill, small_disk
from tests.conftest import TEST_PASSWORD
from ui import app as ui_app
from ui import i18n
from ui.first_run import FirstRunDialog
from ui.unlock_dialog import UnlockDialog

DATABASE_FILES = ("doorstep.db", "doorstep.db-wal", "doorstep.db-shm", "doorstep.db-journal")


def database_files(folder: Path) -> list[str]:
    """The database's files and its key file, wherever under `folder`."""
    if not folder.exists():
        return []
    return sorted(
        str(p.relative_to(folder))
        for p in folder.rglob("*")
        if p.name in DATABASE_FILES or p.name.endswith(".key")
    )


class Person:
    """Acts on the modal dialog showing now, one step per dialog, checked every 20 ms (the
    dialogs run their own event loops, so the test cannot act between them)."""

    def __init__(self, steps: list[Callable[[QWidget], bool]]) -> None:
        self.steps = steps
        self.said: list[str] = []  # what each message box said
        self.seen: list[str] = []
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._act)
        self.timer.start()

    def _act(self) -> None:
        shown = QApplication.activeModalWidget()
        if shown is None or not shown.isVisible():
            return
        if isinstance(shown, QMessageBox):  # a sentence: read it and close the box
            self.said.append(shown.text())
            shown.done(0)
            return
        if self.steps and self.steps[0](shown):
            self.steps.pop(0)
            self.seen.append(type(shown).__name__)

    def stop(self) -> None:
        self.timer.stop()


def set_password(widget: QWidget) -> bool:
    if not isinstance(widget, UnlockDialog) or not widget.ok_button().isEnabled():
        return False
    widget.password.setText(TEST_PASSWORD)
    widget.again.setText(TEST_PASSWORD)
    widget.submit()
    return True


def cancel_first_run(widget: QWidget) -> bool:
    if not isinstance(widget, FirstRunDialog):
        return False
    widget.reject()
    return True


def give_profile(then: Callable[[FirstRunDialog], None] = lambda _d: None) -> Callable[..., bool]:
    def step(widget: QWidget) -> bool:
        if not isinstance(widget, FirstRunDialog):
            return False
        then(widget)
        widget.caseworker.setText("李明")
        widget.district.setText("新吴区")
        widget.sub_district.setText("旺庄街道")
        widget.device_name.setText("旺庄-笔记本1")
        widget.submit()
        return True

    return step


def refused_then_cancelled(widget: QWidget) -> bool:
    """After a refusal under the fields: the person gives up."""
    if not isinstance(widget, QDialog) or not getattr(widget, "error", None):
        return False
    if not widget.error.text():  # type: ignore[attr-defined]
        return False
    refusals.append(widget.error.text())  # type: ignore[attr-defined]
    widget.reject()
    return True


refusals: list[str] = []


@pytest.fixture
def person(qapp: QApplication) -> Iterator[Callable[[list[Callable[[QWidget], bool]]], Person]]:
    made: list[Person] = []

    def start(steps: list[Callable[[QWidget], bool]]) -> Person:
        made.append(Person(steps))
        return made[-1]

    refusals.clear()
    yield start
    for each in made:
        each.stop()


def start(folder: Path) -> Any:
    return ui_app.start_workspace(folder / "data", folder / "new" / "doorstep.db")


def test_a_first_run_stopped_at_the_profile_leaves_no_database(tmp_path: Path, person: Any) -> None:
    """Before: the password made the database; a Cancel at the profile left it, half made."""
    acting = person([set_password, cancel_first_run])
    assert start(tmp_path) == 0
    assert acting.seen == ["UnlockDialog", "FirstRunDialog"]
    assert database_files(tmp_path) == []


def test_a_first_run_that_makes_its_profile_keeps_the_database(tmp_path: Path, person: Any) -> None:
    acting = person([set_password, give_profile()])
    started = start(tmp_path)
    assert not isinstance(started, int), acting.said
    ctx, private_files = started
    assert ctx.profile is not None and ctx.profile.caseworker == "李明"
    ui_app.close(ctx, private_files)
    assert "new/doorstep.db" in database_files(tmp_path)


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("leave", [0, 16 * 1024, 160 * 1024])
def test_a_first_run_on_a_full_disk_is_one_sentence_and_leaves_nothing(
    tmp_path: Path, person: Any, qapp: QApplication, leave: int, language: str
) -> None:
    """Before: with 16 KiB left the database "was not a Doorstep database"; with more, "the
    change was not saved" — and the key file and half a database stayed."""
    i18n.install(qapp, language)
    try:
        with small_disk(tmp_path) as disk:
            fill(disk, leave)
            acting = person([set_password, refused_then_cancelled])
            assert start(disk) in (0, 2)
            said = acting.said + refusals
            assert len(said) == 1, said
            assert ("磁盘" if language == "zh" else "disk") in said[0], said
            assert said[0].count("。" if language == "zh" else ". ") <= 1, said
            assert database_files(disk) == []
    finally:
        i18n.install(qapp, "zh")


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_disk_that_fills_before_the_profile_is_one_sentence_and_leaves_nothing(
    tmp_path: Path, person: Any, qapp: QApplication, language: str
) -> None:
    """The password made the database; the disk filled while the person typed the profile."""
    i18n.install(qapp, language)
    try:
        with small_disk(tmp_path, "8m") as disk:
            acting = person(
                [set_password, give_profile(lambda _d: fill(disk)), refused_then_cancelled]
            )
            assert start(disk) == 0
            said = acting.said + refusals
            assert len(said) == 1, said
            assert ("磁盘" if language == "zh" else "disk") in said[0], said
            assert database_files(disk) == []
    finally:
        i18n.install(qapp, "zh")
