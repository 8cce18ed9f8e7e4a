"""The projects and flats lists at 1366×768 in both languages (found walking the pages in
English). Projects: every column was as wide as its heading plus room for a sort arrow plus
16 px, and in English the last two — Signed and Open requests, the figures a project is
followed by — were beyond the right edge; the arrow's room is now kept only where it is drawn
(ui.widgets.drawn_heading_width), in every list whose columns fit their titles. Flats: with a
40-character estate the allocated household, the last column, kept the 220 px its contents
asked for although it was set to stretch, and ended beyond the edge."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from services import demo, flats, households
from services.workspace import Workspace
from tests.ui.conftest import laptop_window, settle, shown_text
from ui.context import AppContext
from ui.widgets import drawn_heading_width


def test_every_project_column_is_in_view_at_1366(
    ctx: AppContext, ws: Workspace, qtbot: Any, language: str
) -> None:
    demo.load_demo(ws, 60, seed=3)
    window = laptop_window(ctx, qtbot)
    page: Any = window.show_page("projects")
    settle(ctx)
    table = page.table
    header = table.horizontalHeader()
    for sorted_by in (None, 9, 1):  # as it opens, then sorted by Open requests, by name
        if sorted_by is not None:
            table.sortByColumn(sorted_by, Qt.SortOrder.DescendingOrder)
            settle(ctx)
        for column in range(table.columnCount()):
            title = table.horizontalHeaderItem(column).text()
            right = header.sectionViewportPosition(column) + header.sectionSize(column)
            assert right <= table.viewport().width(), (title, right, table.viewport().width())
            assert header.sectionSize(column) >= drawn_heading_width(header, column), title
            if column >= 6:  # years and counts whole
                for row in range(table.rowCount()):
                    assert shown_text(table, row, column) == table.item(row, column).text()
    window.close()
    settle(ctx)


def test_every_flat_column_is_in_view_at_1366(
    ctx: AppContext, ws: Workspace, project: str, qtbot: Any, language: str
) -> None:
    demo.load_demo(ws, 60, seed=3)
    household = households.create_household(
        ws, {"project_id": project, "address": "长江一村1栋1单元101室", "head_name": "🏠！？" * 13}
    )  # the longest estate and name
    flat = flats.add_flat(
        ws, {"estate": "安" * 40, "building": "1", "number": "9" * 10, "district": "新吴区"}
    )
    flats.allocate(ws, flat, household)
    window = laptop_window(ctx, qtbot)
    page: Any = window.show_page("flats")
    settle(ctx)
    table, model = page.table, page.model
    header = table.horizontalHeader()
    for column in range(model.columnCount()):
        title = model.headerData(column, Qt.Orientation.Horizontal, 0)
        right = header.sectionViewportPosition(column) + header.sectionSize(column)
        assert right <= table.viewport().width(), (title, right, table.viewport().width())
        assert header.sectionSize(column) >= drawn_heading_width(header, column), title
    window.close()
    settle(ctx)
