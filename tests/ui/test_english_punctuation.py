"""English screens use English punctuation: the household's resettlement tab said
"compensation mode：—" with a Chinese full-width colon (seen on the 1366×768 screenshots)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from ui import i18n
from ui.context import AppContext
from ui.household_edit import ResettlementPanel

EXPECTED = {
    ("en", None): "Compensation mode: —",
    ("en", "ticket"): "Compensation mode: house ticket",
    ("zh", None): "补偿方式：—",
    ("zh", "ticket"): "补偿方式：房票",
}


@pytest.fixture(params=["en", "zh"])
def language(qapp: QApplication, request: pytest.FixtureRequest) -> Iterator[str]:
    i18n.install(qapp, request.param)
    yield request.param
    i18n.install(qapp, "zh")


@pytest.mark.parametrize("mode", [None, "ticket"])
def test_the_compensation_mode_line_uses_the_languages_colon(
    ctx: AppContext, qtbot: Any, language: str, mode: str | None
) -> None:
    panel = ResettlementPanel(ctx)
    qtbot.addWidget(panel)
    panel.set_data({"id": "h1", "compensation_mode": mode}, [], [])
    assert panel.mode_label.text() == EXPECTED[(language, mode)]
