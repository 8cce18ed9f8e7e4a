"""A household's resettlement tab at 1366×768 with the longest values its records allow (found
walking the pages in English): a 40-character ticket number made its column ~335 px wide and
pushed the ticket's validity and state out of the tab, which scrolled sideways (in English
by 274 px, in Chinese by 139). Columns sized to their text stop at CONTENT_COLUMN_MAX, the
first column gives way to the panel's width, the long cell is cut and its tooltip whole."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea

from services import flats, households, tickets
from services.workspace import Workspace
from tests.ui.conftest import laptop_window, settle
from tests.ui.test_households_ui import open_household
from ui.context import AppContext
from ui.household_edit import ResettlementPanel
from ui.widgets import CONTENT_COLUMN_MAX

NUMBER = "Z" * 40
ESTATE = "安" * 40


def test_long_ticket_and_flat_values_keep_every_column_in_view(
    ctx: AppContext, ws: Workspace, project: str, qtbot: Any, language: str
) -> None:
    household = households.create_household(
        ws,
        {
            "project_id": project,
            "address": "旺庄街道长江一村12栋3单元1502室",
            "head_name": "章金伟",
        },
    )
    tickets.issue_ticket(
        ws, household, number=NUMBER, face_amount=999_999_999, valid_until="2026-12-20"
    )
    flat = flats.add_flat(
        ws, {"estate": ESTATE, "building": "1", "number": "9" * 10, "district": "新吴区"}
    )
    flats.allocate(ws, flat, household)
    window = laptop_window(ctx, qtbot)
    page = open_household(window, ctx, household)
    panel = page.view.findChild(ResettlementPanel)
    assert panel is not None
    page.view.tabs.setCurrentWidget(panel)
    settle(ctx)
    scroll = panel.findChild(QScrollArea)
    assert scroll.horizontalScrollBar().maximum() == 0  # the tab does not scroll sideways
    for table in (panel.tickets_table, panel.flats_table):
        header = table.horizontalHeader()
        for column in range(table.columnCount()):
            if column < table.columnCount() - 1:  # the last one takes the spare width
                assert header.sectionSize(column) <= CONTENT_COLUMN_MAX, column
            right = header.sectionViewportPosition(column) + header.sectionSize(column)
            assert right <= table.viewport().width(), (column, right, table.viewport().width())
    cell = panel.tickets_table.item(0, 0)
    assert cell.text() == NUMBER and NUMBER in cell.data(Qt.ItemDataRole.ToolTipRole)
    flat_cell = panel.flats_table.item(0, 0)
    assert ESTATE in flat_cell.data(Qt.ItemDataRole.ToolTipRole)
    window.close()
    settle(ctx)


def test_an_ordinary_ticket_number_is_whole_where_there_is_room(
    ctx: AppContext, ws: Workspace, project: str, qtbot: Any, language: str
) -> None:
    """The room was read in the panel's own resize, before its scroll area's viewport had
    followed: it was the hidden tab's 68 px, so "XWFP-2026-00013" was cut to "XWFP-2026-0…"
    beside a last column stretched over half the tab."""
    household = households.create_household(
        ws,
        {
            "project_id": project,
            "address": "旺庄街道长江一村12栋3单元1502室",
            "head_name": "章金伟",
        },
    )
    tickets.issue_ticket(
        ws, household, number="XWFP-2026-00013", face_amount=921_500, valid_until="2028-02-08"
    )
    window = laptop_window(ctx, qtbot)
    page = open_household(window, ctx, household)
    panel = page.view.findChild(ResettlementPanel)
    assert panel is not None
    page.view.tabs.setCurrentWidget(panel)
    settle(ctx)
    table = panel.tickets_table
    assert table.horizontalHeader().sectionSize(0) >= table.sizeHintForColumn(0)
    window.close()
    settle(ctx)
