"""A page's background read that is running or queued when its workspace closes: the window
waits for it, drops its answer, and a page that reads again after the close gets one sentence,
never a crash (a real encrypted store, Qt offscreen)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QMessageBox

from domain.errors import UserError
from tests.ui.conftest import settle
from ui.context import AppContext
from ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
COUNT = "SELECT count(*) FROM sqlite_master"


def error_boxes(window: MainWindow) -> list[QMessageBox]:
    found = QApplication.topLevelWidgets() + window.findChildren(QMessageBox)
    unique = list({id(w): w for w in found}.values())  # a parented box is both: count it once
    return [
        w
        for w in unique
        if isinstance(w, QMessageBox) and w.objectName() == "errorBox" and w.isVisible()
    ]


def error_texts(window: MainWindow) -> list[str]:
    """What the visible error boxes say (a failure then shows which sentence appeared)."""
    return [f"{box.text()} {box.informativeText()}".strip() for box in error_boxes(window)]


def test_a_running_page_read_is_waited_for_and_its_answer_dropped(
    window: MainWindow, ctx: AppContext, qtbot: Any
) -> None:
    page = window.show_page("households")
    settle(ctx)
    inside, release = threading.Semaphore(0), threading.Event()
    answers: list[Any] = []

    def slow(db: Any) -> int:
        inside.release()
        release.wait(10)
        return int(db.execute(COUNT).fetchone()[0])

    # two slow page reads fill the pool's two threads …
    for _ in range(ctx.tasks.pool.maxThreadCount()):
        ctx.tasks.run(lambda: ctx.ws.read(slow), answers.append, answers.append, parent=page)
    # … so these wait in its queue when the workspace closes: they must never start
    started: list[str] = []
    for n in range(4):
        ctx.tasks.run(lambda n=n: started.append(str(n)), answers.append, parent=page)
    for _ in range(ctx.tasks.pool.maxThreadCount()):
        assert inside.acquire(timeout=10)
    threading.Timer(0.3, release.set).start()

    window.close_workspace()

    assert ctx.ws.store.closed
    assert not ctx.tasks.busy()
    settle(ctx)
    assert answers == []  # the page is not told about a database that is gone
    assert started == []
    assert not (ctx.db_path.parent / (ctx.db_path.name + "-wal")).exists()  # every reader closed
    assert error_texts(window) == []


def test_a_page_that_reads_after_the_close_gets_one_sentence(
    window: MainWindow, ctx: AppContext, qtbot: Any
) -> None:
    for spec in window.specs:
        window.show_page(spec.key)
        settle(ctx)
    window.close_workspace()
    for spec in window.specs:  # every page asked to show (and so to read) again
        window.show_page(spec.key)
        settle(ctx)
    boxes = error_boxes(window)
    expected = UserError("db_closed", path=str(ctx.db_path)).message()
    assert boxes and {box.text() for box in boxes} == {expected}
    window.close()
    settle(ctx)
    for box in QApplication.allWidgets():  # the boxes of tasks without a parent page too
        if isinstance(box, QMessageBox) and box.objectName() == "errorBox":
            box.close()
            box.deleteLater()
    settle(ctx)


SCRIPT = textwrap.dedent(
    """
    import faulthandler, sys, threading
    faulthandler.enable()
    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    import ui
    from tests.conftest import PROFILE
    from services.workspace import Workspace
    from ui import i18n
    from ui.app import open_context
    from ui.main_window import MainWindow
    from tests.ui.conftest import settle

    app = QApplication([])
    i18n.ensure_compiled()
    i18n.install(app, "en")
    folder = Path(sys.argv[1])
    ws = Workspace.open(folder / "doorstep.db")
    ws.init_profile(PROFILE)
    ctx = open_context(folder / "data", folder / "doorstep.db", ws)
    window = MainWindow(ctx)
    window.show()
    for spec in window.specs:
        window.show_page(spec.key)
    release = threading.Event()
    ctx.tasks.run(lambda: ws.read(lambda db: release.wait(10)), parent=window)
    threading.Timer(0.2, release.set).start()
    window.close_workspace()
    for _ in range(2):  # late reads on the same pool threads, then again
        for spec in window.specs:
            window.show_page(spec.key)
            refresh = getattr(window.widgets[spec.key], "refresh", None)
            if callable(refresh):
                refresh()
        settle(ctx)
    print("survived")
    """
)


def test_late_page_reads_after_the_close_do_not_crash_the_process(tmp_path: Path) -> None:
    """In a process of its own: a crash in the database driver would take pytest down with it."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "survived" in done.stdout
    # late reads are refused in a sentence; nothing reaches the log as a bug
    assert "bug:" not in done.stderr, done.stderr[-3000:]


def test_a_closed_window_counts_nothing_after_its_store_closes(
    window: MainWindow, ctx: AppContext, qtbot: Any
) -> None:
    """A badge count due after the window closed read the store its owner had closed meanwhile,
    and showed a sentence about a database nobody was looking at."""
    ctx.notify("household")  # starts the window's badge timer
    window.close()
    ctx.close_workspace()  # as ui.app does when its window closes
    qtbot.wait(1_200)  # longer than BADGE_REFRESH_MS
    settle(ctx)
    assert error_texts(window) == []


def test_a_change_heard_after_the_window_closed_counts_nothing(
    window: MainWindow, ctx: AppContext, qtbot: Any
) -> None:
    """A closed window still hears its context's changes (a window reopened on the same
    workspace saves a visit): its badge count must not start then and read a store closed
    meanwhile (what a test's left window did to the next test)."""
    window.close()
    ctx.notify("visit")  # heard by the closed window too
    ctx.close_workspace()
    qtbot.wait(1_200)  # longer than BADGE_REFRESH_MS
    settle(ctx)
    assert error_texts(window) == []


def test_a_window_whose_workspace_closed_goes_quiet_and_says_so_once(
    window: MainWindow, ctx: AppContext, qtbot: Any
) -> None:
    """After close_workspace the window stays on screen: its pages take no more clicks or keys,
    the status bar says the database is closed, and reads still asked of it (a change heard, a
    page refreshed) show the sentence once — not one box per page stacked over each other."""
    for spec in window.specs:
        window.show_page(spec.key)
        settle(ctx)
    window.close_workspace()
    assert not window.centralWidget().isEnabled()
    closed = UserError("db_closed", path=str(ctx.db_path)).message()
    assert window.db_label.text() == window.tr("Database closed: %1").replace(
        "%1", ctx.db_path.name
    )
    for spec in window.specs:
        page = window.show_page(spec.key)
        refresh = getattr(page, "refresh", None)
        if callable(refresh):
            refresh()
        settle(ctx)
    assert error_texts(window) == [closed]
