"""The policy comparison before its first run: an empty table and a blank chart said nothing;
the line above them now says what to do (in the interface language)."""

from __future__ import annotations

from typing import Any

from tests.ui.conftest import settle
from ui.context import AppContext
from ui.pages.policy_comparison import PolicyComparisonPage

EXPECTED = {
    "en": "Choose the project and the two policies, then press Compare.",
    "zh": "选好项目和两个方案，然后点“比较”。",
}


def test_before_the_first_comparison_the_page_says_what_to_do(
    ctx: AppContext, qtbot: Any, language: str
) -> None:
    page = PolicyComparisonPage(ctx)
    qtbot.addWidget(page)
    page.show()
    settle(ctx)
    assert page.table.rowCount() == 0
    assert page.summary.isVisible() and page.summary.text() == EXPECTED[language]
