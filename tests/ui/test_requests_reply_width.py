"""The reply a caseworker types to close a request has the panel's width, as the progress note
above it has: at 1366×768 the form's labels took half of it ("Follow-up satisfaction" in
English), leaving a box 150 pixels wide for a reply. In Chinese and English."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import settle
from ui import i18n
from ui.context import AppContext
from ui.main_window import MainWindow


@pytest.fixture(params=["zh", "en"])
def language(qapp: QApplication, request: pytest.FixtureRequest) -> Iterator[str]:
    i18n.install(qapp, request.param)
    yield request.param
    i18n.install(qapp, "zh")


def test_the_reply_box_is_as_wide_as_the_progress_note(
    ctx: AppContext, qtbot: Any, language: str
) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    settle(ctx)
    page: Any = window.show_page("requests")
    settle(ctx)
    progress, reply = page.progress_text.width(), page.reply_text.width()
    assert reply >= progress * 0.9, (reply, progress)
    window.close()
    settle(ctx)
