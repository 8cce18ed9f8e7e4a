"""Issue 9 item 7: every page fits a 1366×768 laptop in Chinese and in English — no text cut or
elided, no minimum width wider than the screen, acting columns on screen, no sideways scrolling
in the navigation even with four-digit badges."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from services import demo
from services.workspace import Workspace
from tests.ui.conftest import settle
from tests.ui.fit_check import cut_dates, cut_texts, too_wide
from ui import i18n
from ui.context import AppContext
from ui.main_window import MainWindow

SCREEN_W, SCREEN_H = 1366, 768
AVAILABLE_H = 728  # a 40 px task bar
# Pages merged while still in progress that do not fit yet; each with its owner and what is
# wrong, listed here openly (the lead tracks them) rather than left to fail everyone's CI.
NOT_FITTING_YET: dict[str, str] = {}


@pytest.fixture
def english_too(qapp: QApplication, request: pytest.FixtureRequest) -> Iterator[str]:
    language = request.param
    i18n.install(qapp, language)
    yield language
    i18n.install(qapp, "zh")


def acting_columns_hidden(page: Any) -> dict[str, list[str]]:
    """下次走访 (with its overdue mark), 未办结诉求 and 所属项目 are on screen, not behind the
    horizontal scrollbar."""
    table, model = page.table, page.model
    hidden = []
    for i, column in enumerate(model.columns):
        if column.key in ("head_name", "next_visit_due", "open_requests", "project_name"):
            right = table.columnViewportPosition(i) + table.columnWidth(i)
            if right > table.viewport().width():
                hidden.append(f"{column.title()!r} ends at {right} > {table.viewport().width()}")
    return {"household columns": hidden} if hidden else {}


@pytest.mark.parametrize("english_too", ["zh", "en"], indirect=True)
def test_every_page_fits_1366x768(
    english_too: str, ws: Workspace, ctx: AppContext, qtbot: Any
) -> None:
    demo.load_demo(ws, 60, seed=3)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(SCREEN_W, AVAILABLE_H)
    window.show()
    settle(ctx)
    window._show_badges({spec.key: 12_345 for spec in window.specs if spec.badge})
    problems: dict[str, list[str]] = {}
    for spec in window.specs:
        if spec.key in NOT_FITTING_YET:
            continue
        page = window.show_page(spec.key)
        settle(ctx)
        if spec.key == "households":
            page.table.selectRow(0)  # type: ignore[attr-defined]
            settle(ctx)
            problems.update(acting_columns_hidden(page))
        found = too_wide(window, SCREEN_W)
        found += too_wide(page, SCREEN_W - window.nav.width() - 16)
        found += cut_texts(window)
        found += cut_dates(window)
        if window.width() > SCREEN_W:
            found.append(f"the window grew to {window.width()} px")
        if window.height() > AVAILABLE_H:  # its bottom (status bar, buttons) below the screen
            found.append(f"the window grew to {window.height()} px tall")
        if found:
            problems[spec.key] = found
    nav = window.nav
    metrics = nav.fontMetrics()
    for row in range(nav.count()):
        text = nav.item(row).text()
        # icon, the item's padding (6 px each side) and a little air
        need = metrics.horizontalAdvance(text) + nav.iconSize().width() + 2 * 6 + 8
        if need > nav.viewport().width():
            problems.setdefault("navigation", []).append(
                f"{text!r}: {need} > {nav.viewport().width()}"
            )
    report = "\n".join(f"{key}: {p}" for key, found in problems.items() for p in found)
    assert problems == {}, report
    assert window.width() <= SCREEN_W
    window.close()


def test_the_first_window_uses_the_available_screen(ctx: AppContext, qtbot: Any) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert not window.restored_geometry
    window.show_first()
    room = window.screen().availableGeometry()
    assert room.width() <= 1440  # the offscreen screen is a small one
    qtbot.waitUntil(window.isVisible, timeout=2000)
    assert window.isMaximized()
    assert room.contains(window.frameGeometry().topLeft())
    window.close()


def test_small_dialogs_are_wide_enough_for_their_titles(ctx: AppContext, qtbot: Any) -> None:
    from ui.forms import TITLE_BAR_ROOM, RecordDialog
    from ui.reason_dialog import ReasonDialog

    title = "Correct the visit of 2026-11-20 to the household of a very long name"
    record = RecordDialog(ctx, title, "visit", ("visited_on",), lambda v: None)
    reason = ReasonDialog(title, "Why?", "Void")
    for dialog in (record, reason):
        qtbot.addWidget(dialog)
        need = dialog.fontMetrics().horizontalAdvance(title) + TITLE_BAR_ROOM
        room = dialog.screen().availableGeometry().width()
        assert dialog.minimumWidth() >= min(need, room * 3 // 4)
    hostile = RecordDialog(ctx, "长" * 4000, "visit", ("visited_on",), lambda v: None)
    qtbot.addWidget(hostile)
    assert hostile.minimumWidth() <= hostile.screen().availableGeometry().width()
