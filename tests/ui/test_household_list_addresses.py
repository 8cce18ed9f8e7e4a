"""The households list at 1366×768 in both languages: neighbours' addresses share a long start
(街道, estate, building) and differ at the end (unit, room). Cut at the end, every row read
"华庄街道华庄新…" and a caseworker could not tell 201室 from 202室 without hovering; the column
now keeps the end of an address and cuts its start."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionViewItem

from services.workspace import Workspace
from tests.ui.conftest import settle
from ui import i18n
from ui.context import AppContext
from ui.main_window import MainWindow

ADDRESSES = (
    "华庄街道华庄新村1栋1单元201室",
    "华庄街道华庄新村1栋1单元202室",
    "华庄街道华庄新村1栋2单元201室",
)


@pytest.fixture(params=["zh", "en"])
def language(qapp: QApplication, request: pytest.FixtureRequest) -> Iterator[str]:
    i18n.install(qapp, request.param)
    yield request.param
    i18n.install(qapp, "zh")


def shown_text(table: Any, row: int, column: int) -> str:
    """The text as the table paints it: the cell's text elided to the cell's width."""
    index = table.model().index(row, column)
    option = QStyleOptionViewItem()
    table.initViewItemOption(option)
    option.rect = table.visualRect(index)
    table.itemDelegateForIndex(index).initStyleOption(option, index)
    style = table.style()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1
    width = option.rect.width() - 2 * margin
    return option.fontMetrics.elidedText(option.text, option.textElideMode, width)


def test_neighbours_addresses_read_differently_in_the_list(
    ctx: AppContext, ws: Workspace, project: str, qtbot: Any, language: str
) -> None:
    for address in ADDRESSES:
        ws.create("household", {"project_id": project, "address": address, "head_name": "王芳"})
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    settle(ctx)
    page: Any = window.show_page("households")
    settle(ctx)
    column = [c.key for c in page.model.columns].index("address")
    shown = [shown_text(page.table, row, column) for row in range(len(ADDRESSES))]
    texts = [page.model.index(row, column).data() for row in range(len(ADDRESSES))]
    assert sorted(texts) == sorted(ADDRESSES)
    assert len(set(shown)) == len(ADDRESSES), shown
    for text, seen in zip(texts, shown, strict=True):
        assert text.endswith(seen.lstrip("…")), (text, seen)  # the end is kept whole
    window.close()
    settle(ctx)
