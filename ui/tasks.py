"""Running work off the GUI thread (Anki's CollectionOp, Picard's run_task).

    run_task(lambda: households.detail(ws, hid), on_success=self.show_detail, parent=self)

`fn` runs on a pool thread; `on_success(result)` or `on_error(exc)` is then called on the GUI
thread. Without `on_error`, a failure goes to ui.errors.show_error (UserError: one sentence; a bug:
logged and shown with details). With `label`, a progress dialog appears if the work takes longer
than ~600 ms. With `with_progress=True`, `fn` receives a `Progress` to report steps and to see
whether the user pressed Cancel (only offered when `cancellable=True`). With `busy=widget`, that
page or pane shows "正在加载…" over itself when the work takes longer than 300 ms. With `key`, a newer task
of the same key makes older ones stale: their results are dropped (search as you type).
`retire()` (the workspace is closing) drops every task's result, skips the ones not yet started
and waits for the running ones, so no page's work reads the database after it closes.

Never touch a widget inside `fn`. Database work in `fn` uses the pool thread's own reader
connection; writes go to the store's writer thread as always.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QLabel, QProgressDialog, QWidget
from shiboken6 import isValid

from domain.errors import UserError
from ui import errors

T = TypeVar("T")
log = logging.getLogger(__name__)
PROGRESS_DELAY_MS = 600
BUSY_DELAY_MS = 300  # a page or pane still waiting after this shows that it is working


class BusyOverlay(QLabel):
    """ "正在加载…" over a page or pane whose data is still coming: busy, not blank."""

    def __init__(self, target: QWidget) -> None:
        super().__init__(QCoreApplication.translate("Tasks", "Loading…"), target)
        self.setObjectName("busyOverlay")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setStyleSheet(
            "#busyOverlay { background: rgba(255, 255, 255, 190); color: #3c4043;"
            " font-size: 13pt; }"
        )
        self.setGeometry(target.rect())
        self.raise_()
        self.show()


class Cancelled(Exception):
    """Raised by Progress.check() when the user pressed Cancel; not an error."""


class Progress:
    """Given to a long task: `update(done, total, text)`, `cancelled`, `check()`."""

    def __init__(self, task: Task) -> None:
        self._task = task
        self._cancel = threading.Event()

    def update(self, done: int, total: int = 0, text: str = "") -> None:
        self._task.progressed.emit(int(done), int(total), str(text))

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled


class _Box:
    """Carries a result or an exception through a queued signal: PySide6 6.12 miscounts
    references when None itself travels in a queued Signal(object) and aborts the process."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


class Task(QObject):
    """One piece of background work; lives on the GUI thread, its `fn` on a pool thread."""

    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, str)
    done = Signal()

    def __init__(
        self,
        manager: Tasks,
        fn: Callable[..., Any],
        on_success: Callable[[Any], object] | None,
        on_error: Callable[[BaseException], object] | None,
        parent_widget: QWidget | None,
        label: str | None,
        key: str | None,
        with_progress: bool,
        cancellable: bool,
        busy: QWidget | None = None,
    ) -> None:
        super().__init__(manager)
        self.busy_target = busy
        self.overlay: BusyOverlay | None = None
        self.manager = manager
        self.fn = fn
        self.on_success = on_success
        self.on_error = on_error
        self.parent_widget = parent_widget
        self.label = label
        self.key = key
        self.generation = 0
        self.with_progress = with_progress
        self.cancellable = cancellable
        self.progress = Progress(self)
        self.finished = False
        # set by Tasks.retire (GUI thread), read by the pool thread: an Event, not a bare bool
        self.discarded = threading.Event()
        self.dialog: QProgressDialog | None = None
        # The latest step and its text, kept for the dialog that shows later: a step reported
        # before it appeared would otherwise leave it saying only "busy" until the next step.
        self.last_step: tuple[int, int] | None = None
        self.last_text = ""
        # Receivers are this object's methods: Qt queues them onto the GUI thread.
        self.succeeded.connect(self._succeeded, Qt.ConnectionType.QueuedConnection)
        self.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        self.progressed.connect(self._progressed, Qt.ConnectionType.QueuedConnection)

    # pool thread ----------------------------------------------------------------------------
    def run_in_pool(self) -> None:
        if self.discarded.is_set():  # retired before a pool thread was free: never start
            self.failed.emit(_Box(Cancelled()))
            return
        try:
            result = self.fn(self.progress) if self.with_progress else self.fn()
        except BaseException as exc:
            self.failed.emit(_Box(exc))
        else:
            self.succeeded.emit(_Box(result))

    # GUI thread -----------------------------------------------------------------------------
    @property
    def stale(self) -> bool:
        if self.discarded.is_set():
            return True
        return self.key is not None and self.manager.generation(self.key) != self.generation

    def discard(self) -> None:
        """Nobody wants the result any more: no callback runs, the overlay and dialog go now."""
        self.discarded.set()
        self.progress.cancel()  # a task that checks its Progress stops early
        self._hide_feedback()

    @property
    def orphaned(self) -> bool:
        """The widget that asked for the work is gone (its window closed): nobody to tell."""
        return self.parent_widget is not None and not isValid(self.parent_widget)

    def _callback_alive(self, callback: Callable[..., object]) -> bool:
        owner = getattr(callback, "__self__", None)
        return not isinstance(owner, QObject) or isValid(owner)

    def _show_progress(self) -> None:
        if self.finished or self.label is None or self.stale or self.orphaned:
            return
        cancel = QCoreApplication.translate("Tasks", "Cancel") if self.cancellable else ""
        dialog = QProgressDialog(self.label, cancel, 0, 0, self.parent_widget)
        dialog.setObjectName("taskProgress")
        dialog.setWindowTitle(QCoreApplication.translate("Tasks", "Please wait"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if not self.cancellable:
            dialog.setCancelButton(None)
        dialog.canceled.connect(self.progress.cancel)
        self.dialog = dialog
        self._apply_progress(dialog)
        dialog.show()

    def _show_busy(self) -> None:
        target = self.busy_target
        if self.finished or self.stale or target is None or not isValid(target):
            return
        self.overlay = BusyOverlay(target)

    @Slot(int, int, str)
    def _progressed(self, done: int, total: int, text: str) -> None:
        if text:
            self.last_text = text
        if total > 0:
            self.last_step = (done, total)
        dialog = self.dialog  # setValue may run queued events, even our own _finish
        if dialog is None or not isValid(dialog):
            return
        if dialog.wasCanceled():
            self.progress.cancel()
        self._apply_progress(dialog)

    def _apply_progress(self, dialog: QProgressDialog) -> None:
        if self.last_text:
            dialog.setLabelText(self.last_text)
        if self.last_step is not None:
            done, total = self.last_step
            dialog.setMaximum(total)
            dialog.setValue(min(done, total))

    def _hide_feedback(self) -> None:
        if self.overlay is not None and isValid(self.overlay):
            self.overlay.hide()
            self.overlay.deleteLater()
        self.overlay = None
        if self.dialog is not None and isValid(self.dialog):
            self.dialog.canceled.disconnect(self.progress.cancel)
            self.dialog.close()
            self.dialog.deleteLater()
        self.dialog = None

    def _finish(self) -> None:
        self.finished = True
        self._hide_feedback()
        self.manager._forget(self)
        self.done.emit()

    @Slot(object)
    def _succeeded(self, box: _Box) -> None:
        result = box.value
        stale = self.stale
        self._finish()
        if stale or self.on_success is None or not self._callback_alive(self.on_success):
            return
        try:
            self.on_success(result)
        except Exception as exc:
            errors.show_error(self.parent_widget, exc)

    @Slot(object)
    def _failed(self, box: _Box) -> None:
        exc: BaseException = box.value
        stale = self.stale
        self._finish()
        if isinstance(exc, Cancelled):
            return
        if stale:
            if not isinstance(exc, UserError) and not self.discarded.is_set():
                errors.report_bug(exc)
            return
        if self.orphaned:
            if not isinstance(exc, UserError):
                errors.report_bug(exc)
            return
        if self.on_error is not None and self._callback_alive(self.on_error):
            try:
                self.on_error(exc)
                return
            except Exception as inner:
                exc = inner
        errors.show_error(self.parent_widget, exc)


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.task = task
        self.setAutoDelete(True)

    def run(self) -> None:
        self.task.run_in_pool()


class Tasks(QObject):
    """The pool and the bookkeeping of running tasks; one per application."""

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._running: set[Task] = set()
        self._generations: dict[str, int] = {}

    def run(
        self,
        fn: Callable[..., T],
        on_success: Callable[[T], object] | None = None,
        on_error: Callable[[BaseException], object] | None = None,
        *,
        parent: QWidget | None = None,
        label: str | None = None,
        key: str | None = None,
        with_progress: bool = False,
        cancellable: bool = False,
        delay_ms: int = PROGRESS_DELAY_MS,
        busy: QWidget | None = None,
    ) -> Task:
        task = Task(
            self, fn, on_success, on_error, parent, label, key, with_progress, cancellable, busy
        )
        if key is not None:
            task.generation = self._generations[key] = self._generations.get(key, 0) + 1
        self._running.add(task)
        if label is not None:
            QTimer.singleShot(delay_ms, task, task._show_progress)
        if busy is not None:
            QTimer.singleShot(BUSY_DELAY_MS, task, task._show_busy)
        self.pool.start(_Runnable(task))
        return task

    def generation(self, key: str) -> int:
        return self._generations.get(key, 0)

    def invalidate(self, key: str) -> None:
        """Make running tasks of `key` stale without starting a new one."""
        self._generations[key] = self._generations.get(key, 0) + 1

    def _forget(self, task: Task) -> None:
        self._running.discard(task)
        task.deleteLater()

    def busy(self) -> bool:
        return bool(self._running)

    def retire(self, timeout_ms: int = 60_000) -> bool:
        """Before the workspace closes: every task now known is discarded (no callback runs, the
        ones still queued never start) and the running ones are waited for; False if one still
        ran after `timeout_ms` (the store's close then waits for its read)."""
        for task in list(self._running):
            task.discard()
        idle = self.pool.waitForDone(timeout_ms)
        QCoreApplication.sendPostedEvents()  # their queued answers: dropped, bookkeeping done
        return idle

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Block until the pool is idle and deliver pending results (shutdown, tests)."""
        idle = self.pool.waitForDone(timeout_ms)
        QCoreApplication.sendPostedEvents()
        QCoreApplication.processEvents()
        return idle


_default: Tasks | None = None


def tasks() -> Tasks:
    """The application's task manager (made on first use, parented to the QApplication)."""
    global _default
    if _default is None:
        _default = Tasks(QCoreApplication.instance())
    return _default


def run_task(
    fn: Callable[..., T],
    on_success: Callable[[T], object] | None = None,
    on_error: Callable[[BaseException], object] | None = None,
    **options: Any,
) -> Task:
    """`tasks().run(...)`: see the module docstring."""
    return tasks().run(fn, on_success, on_error, **options)
