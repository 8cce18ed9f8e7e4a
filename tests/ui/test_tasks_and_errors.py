"""The background-task helper and how failures reach a person."""

from __future__ import annotations

import gc
import threading
import time
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QPushButton, QWidget

from domain.errors import UserError
from ui import errors
from ui.tasks import Progress, Tasks


def drain(tasks: Tasks) -> None:
    for _ in range(5):
        tasks.wait()
        QApplication.processEvents()


def test_callbacks_run_on_the_gui_thread(qapp: QApplication) -> None:
    tasks = Tasks(qapp)
    seen: list[Any] = []
    worker: list[str] = []

    def work() -> int:
        worker.append(threading.current_thread().name)
        return 42

    tasks.run(work, lambda value: seen.append((value, threading.current_thread())))
    tasks.run(lambda: None, lambda value: seen.append((value, threading.current_thread())))
    drain(tasks)
    assert sorted(seen, key=str) == sorted(
        [(42, threading.main_thread()), (None, threading.main_thread())], key=str
    )
    assert worker and worker[0] != threading.main_thread().name
    assert not tasks.busy()


def test_a_newer_task_with_the_same_key_makes_older_results_stale(qapp: QApplication) -> None:
    tasks = Tasks(qapp)
    seen: list[str] = []
    tasks.run(lambda: (time.sleep(0.2), "old")[1], seen.append, key="search")
    tasks.run(lambda: "new", seen.append, key="search")
    drain(tasks)
    assert seen == ["new"]


def test_errors_go_to_on_error_or_to_a_message_box(
    qapp: QApplication, tmp_path: Path, qtbot: Any
) -> None:
    log = errors.setup_logging(tmp_path / "logs")
    tasks = Tasks(qapp)
    caught: list[BaseException] = []
    tasks.run(
        lambda: (_ for _ in ()).throw(UserError("request_already_closed")), None, caught.append
    )
    drain(tasks)
    assert [str(e) for e in caught] == ["该诉求已经办结。"]

    parent = QWidget()
    qtbot.addWidget(parent)

    def bug() -> None:
        raise RuntimeError("a bug in the code")

    tasks.run(bug, parent=parent)
    drain(tasks)
    boxes = [w for w in parent.findChildren(QMessageBox) if w.objectName() == "errorBox"]
    assert len(boxes) == 1
    box = boxes[0]
    assert box.icon() == QMessageBox.Icon.Critical
    assert "RuntimeError: a bug in the code" in box.detailedText()
    assert "程序错误" in box.text()
    box.close()
    text = log.read_text("utf-8")
    assert "Traceback" in text and "a bug in the code" in text

    tasks.run(lambda: (_ for _ in ()).throw(UserError("request_already_closed")), parent=parent)
    drain(tasks)
    sentences = [w.text() for w in parent.findChildren(QMessageBox) if w.isVisible()]
    assert sentences == ["该诉求已经办结。"]


def test_progress_appears_for_slow_work_and_cancel_stops_it(qapp: QApplication, qtbot: Any) -> None:
    tasks = Tasks(qapp)
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    steps: list[int] = []
    # The work goes on until Cancel stops it (for 30 s at most): with a fixed length (200 steps
    # of 10 ms) it raced the test's thread, which on loaded cores could see it end first.
    # Steps before the dialog shows are not drawn, so it keeps reporting while it waits.

    def slow(progress: Progress) -> str:
        for i in range(3000):
            if progress.cancelled:
                return "stopped"
            progress.update(i % 200, 200, f"第 {i} 步")
            steps.append(i)
            time.sleep(0.01)
        return "finished"

    results: list[str] = []
    tasks.run(
        slow,
        results.append,
        parent=parent,
        label="正在处理…",
        with_progress=True,
        cancellable=True,
        delay_ms=50,
    )
    qtbot.waitUntil(
        lambda: parent.findChild(QProgressDialog, "taskProgress") is not None, timeout=3000
    )
    dialog = parent.findChild(QProgressDialog, "taskProgress")
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.maximum() == 200, timeout=3000)
    button = dialog.findChild(QPushButton)
    assert button is not None and button.text() == "取消"
    button.click()
    steps_when_cancelled = len(steps)
    drain(tasks)
    assert results == ["stopped"]
    assert len(steps) <= steps_when_cancelled + 1  # at most the step that was running


def test_a_refusal_from_a_task_without_a_parent_stays_on_screen(
    qapp: QApplication, qtbot: Any
) -> None:
    """A box nothing keeps a reference to was collected at once: the person saw no sentence."""
    tasks = Tasks(qapp)
    tasks.run(lambda: (_ for _ in ()).throw(UserError("request_already_closed")))
    drain(tasks)
    gc.collect()
    QApplication.processEvents()
    shown = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.objectName() == "errorBox" and w.isVisible()
    ]
    assert [w.text() for w in shown] == ["该诉求已经办结。"]
    for box in shown:
        box.close()


def test_progress_reported_before_the_dialog_shows_is_in_it_when_it_does(
    qapp: QApplication, qtbot: Any
) -> None:
    """A step reported before the delayed dialog appeared was dropped: the dialog said "busy"
    (no bar, the bare label) until the next step came, which for a long step is a long time."""
    tasks = Tasks(qapp)
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    shown = threading.Event()

    def one_long_step(progress: Progress) -> str:
        progress.update(3, 10, "第 3 步，共 10 步")
        shown.wait(10)  # the long step: nothing more is reported until the dialog is up
        return "done"

    results: list[str] = []
    tasks.run(
        one_long_step,
        results.append,
        parent=parent,
        label="正在处理…",
        with_progress=True,
        delay_ms=200,
    )
    qtbot.waitUntil(
        lambda: parent.findChild(QProgressDialog, "taskProgress") is not None, timeout=5000
    )
    dialog = parent.findChild(QProgressDialog, "taskProgress")
    assert dialog is not None
    seen = (dialog.maximum(), dialog.value(), dialog.labelText())
    shown.set()
    drain(tasks)
    assert seen == (10, 3, "第 3 步，共 10 步")
    assert results == ["done"]
