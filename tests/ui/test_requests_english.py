"""The request register read in English at 1366×768: a category, a status or a level is a word
the caseworker scans down the list — "compensati…", "in progr…", "sub-dist…" were cut."""

from __future__ import annotations

from typing import Any

from domain.choices import REQUEST_CATEGORIES, REQUEST_STATUSES, RESPONSIBLE_LEVELS
from tests.ui.conftest import settle
from ui import i18n
from ui.context import AppContext
from ui.pages.requests import COLUMNS, RequestsPage

CHOICES = {
    "category": REQUEST_CATEGORIES,
    "status": REQUEST_STATUSES,
    "level": RESPONSIBLE_LEVELS,
}
CELL_MARGIN = 10  # the item view's padding either side of a cell's text


def test_every_choice_is_whole_in_its_column(ctx: AppContext, qtbot: Any, language: str) -> None:
    page = RequestsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    settle(ctx)
    metrics = page.table.fontMetrics()
    for name, choices in CHOICES.items():
        column = COLUMNS.index(name)
        for _code, label in i18n.choice_items(choices):
            need = metrics.horizontalAdvance(label) + CELL_MARGIN
            assert need <= page.table.columnWidth(column), (name, label, need)


def test_no_request_chosen_says_what_the_empty_pane_is_for(
    ctx: AppContext, qtbot: Any, language: str
) -> None:
    """The pane beside the register was a blank white box until a row was clicked."""
    page = RequestsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    settle(ctx)
    assert page.current is None
    expected = {
        "en": "Choose a request in the list to see it here, log progress, escalate or close it.",
        "zh": "在左侧列表中选择一条诉求，即可在这里查看、登记进展、上报或办结。",
    }
    assert page.detail.toPlainText().strip() == expected[language]


def test_a_late_closure_is_whole_in_its_column(ctx: AppContext, qtbot: Any, language: str) -> None:
    """ "closed · cl…" (已办结 · 超期…): a request closed after its deadline now reads
    "closed late" (超期办结) alone, whole in the status column."""
    from ui.pages.requests import RequestModel

    page = RequestsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    settle(ctx)
    text = RequestModel.text({"status": "closed", "closed_late": 1}, "status")
    assert text == ("超期办结" if language == "zh" else "closed late")
    need = page.table.fontMetrics().horizontalAdvance(text) + CELL_MARGIN
    assert need <= page.table.columnWidth(COLUMNS.index("status")), (text, need)
