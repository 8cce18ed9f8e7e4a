"""The reply a caseworker types to close a request has the panel's width, as the progress note
above it has: at 1366×768 the form's labels took half of it ("Follow-up satisfaction" in
English), leaving a box 150 pixels wide for a reply. In Chinese and English."""

from __future__ import annotations

from typing import Any

from tests.ui.conftest import laptop_window, settle
from ui.context import AppContext


def test_the_reply_box_is_as_wide_as_the_progress_note(
    ctx: AppContext, qtbot: Any, language: str
) -> None:
    window = laptop_window(ctx, qtbot)
    page: Any = window.show_page("requests")
    settle(ctx)
    progress, reply = page.progress_text.width(), page.reply_text.width()
    assert reply >= progress * 0.9, (reply, progress)
    window.close()
    settle(ctx)
