"""GUI fixtures: one session QApplication speaking Chinese (pytest-qt's qapp), a fresh database
and data directory per test, the main window over them, and helpers to type Chinese (an input
method commit: qtbot.keyClicks with non-ASCII text aborts Qt 6.12) and to wait for background
tasks."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

import ui  # noqa: F401  (pins None/True/False against the PySide6 6.12 refcount bug)
from services.workspace import Workspace
from ui import config, i18n
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.tasks import tasks


@pytest.fixture(scope="session", autouse=True)
def chinese_translations(qapp: QApplication) -> Iterator[None]:
    i18n.ensure_compiled()
    i18n.install(qapp, "zh")
    yield


@pytest.fixture
def project(ws: Workspace) -> str:
    return ws.create(
        "project",
        {
            "code": "WZ-2026-01",
            "name": "旺庄新村改造",
            "district": "新吴区",
            "sub_district": "旺庄街道",
        },
    )


@pytest.fixture
def ctx(ws: Workspace, tmp_path: Path) -> Iterator[AppContext]:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    context = AppContext(
        ws=ws,
        db_path=ws.store.path,
        data_dir=data_dir,
        config=config.Config(data_dir),
        state=config.ui_state(data_dir),
        tasks=tasks(),
        profile=ws.profile(),
    )
    yield context
    settle(context)


@pytest.fixture(params=["zh", "en"])
def language(qapp: QApplication, request: pytest.FixtureRequest) -> Iterator[str]:
    """Each test that asks for it runs in Chinese and in English; Chinese again after."""
    i18n.install(qapp, request.param)
    yield request.param
    i18n.install(qapp, "zh")


def laptop_window(ctx: AppContext, qtbot: Any) -> MainWindow:
    """The main window shown at a caseworker's 1366x768 (less the taskbar), settled; the test
    closes it."""
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    settle(ctx)
    return window


@pytest.fixture
def window(ctx: AppContext, qtbot: Any) -> Iterator[MainWindow]:
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    settle(ctx)
    yield win
    for form in list(win.visit_forms.values()):
        form.close()
    # Closed before its store closes: a timer it started (the badge count after a change) must
    # not fire in the next test and read a store that is gone.
    win.close()
    settle(ctx)


def settle(ctx: AppContext, timeout: float = 10.0) -> None:
    """Let background tasks finish and their callbacks (and the ones they start) run."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        ctx.tasks.wait(int(timeout * 1000))
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        if not ctx.tasks.busy():
            QCoreApplication.processEvents()
            if not ctx.tasks.busy():
                return
    raise AssertionError("background tasks did not finish")


def type_text(widget: QWidget, text: str) -> None:
    """Type text as an input method commits it (works for Chinese)."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@pytest.fixture(autouse=True)
def close_left_error_boxes() -> Iterator[None]:
    """Each test sees only the error boxes it caused: a box without a parent stays on screen
    until closed (ui.errors keeps it), and one a test provoked on purpose must not be taken for
    the next test's."""
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.objectName() == "errorBox":
            widget.close()
            widget.deleteLater()


@pytest.fixture(autouse=True)
def delete_windows_left_over(qapp: QApplication) -> Iterator[None]:
    """Each test starts without the windows of the tests before it. pytest-qt closes a test's
    windows and asks Qt to delete them later, but "later" comes only when an event loop runs,
    so without this hundreds of main windows (19 000 widgets) piled up over tests/ui: every
    language switch retranslated all of them (the long-values tests took 15-18 s of CPU each
    instead of 1 s) and a window left visible could take the focus a later test waits for."""
    yield
    for widget in QApplication.topLevelWidgets():
        if widget.parent() is None:
            widget.close()
            widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def shown_text(table: Any, row: int, column: int) -> str:
    """A cell's text as the table paints it: as its delegate makes it, elided to the cell."""
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

    index = table.model().index(row, column)
    option = QStyleOptionViewItem()
    table.initViewItemOption(option)
    option.rect = table.visualRect(index)
    table.itemDelegateForIndex(index).initStyleOption(option, index)
    style = table.style()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1
    width = option.rect.width() - 2 * margin
    if not option.icon.isNull():
        width -= option.decorationSize.width() + 2 * margin
    return str(option.fontMetrics.elidedText(option.text, option.textElideMode, width))


def double_click(view: Any, index: Any) -> None:
    """A real double-click on a row of a table (the mouse's way to open it)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    view.scrollTo(index)
    where = view.visualRect(index).center()
    # A press first, as from a real mouse: the view acts on a double-click only on the row
    # the button went down on.
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
