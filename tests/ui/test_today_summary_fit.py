"""Today at 1366×768, in Chinese and in English: the summary per caseworker shows every count
without scrolling sideways (in English its number columns, each as wide as its heading plus
room for a sort arrow, pushed Statutory and Total out of view — in Chinese Total too), and an
item's household keeps its estate whole beside the room ("长江一村1-2-601", not "长江…1-2-601",
which reads the same for 长江二村)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from services import demo, households, visits
from services.workspace import Workspace
from tests.ui.conftest import laptop_window, settle, shown_text
from ui.context import AppContext
from ui.widgets import drawn_heading_width

ESTATES = ("长江一村", "长江二村")


def test_every_summary_count_is_in_view_at_1366(
    ctx: AppContext, ws: Workspace, qtbot: Any, language: str
) -> None:
    demo.load_demo(ws, 60, seed=3)
    window = laptop_window(ctx, qtbot)
    page: Any = window.show_page("today")
    settle(ctx)
    table, model = page.summary_table, page.summary_model
    header = table.horizontalHeader()
    assert model.rowCount() > 3
    for sorted_by in (None, 5, 0):  # as it opens (by Overdue), then sorted by another column
        if sorted_by is not None:
            table.sortByColumn(sorted_by, Qt.SortOrder.DescendingOrder)
            settle(ctx)
        room = table.viewport().width()
        for column in range(model.columnCount()):
            right = header.sectionViewportPosition(column) + header.sectionSize(column)
            title = model.headerData(column, Qt.Orientation.Horizontal, 0)
            assert header.sectionViewportPosition(column) >= 0 and right <= room, (title, right)
            if column:  # every count's heading whole (its sort arrow too), and its numbers
                assert header.sectionSize(column) >= drawn_heading_width(header, column), title
                for row in range(model.rowCount()):
                    assert shown_text(table, row, column) == model.index(row, column).data()
        assert table.horizontalScrollBar().maximum() == 0
    window.close()
    settle(ctx)


def test_an_items_estate_is_whole_beside_its_room(
    ctx: AppContext, ws: Workspace, project: str, qtbot: Any, language: str
) -> None:
    for estate in ESTATES:
        household = households.create_household(
            ws,
            {
                "project_id": project,
                "address": f"旺庄街道{estate}1栋2单元601室",
                "head_name": "蒋文文",
                "caseworker": "李明",
            },
        )
        visits.add_visit(
            ws,
            household,
            {"visited_on": "2026-01-02", "explained": "讲解方案", "next_visit_due": "2026-01-23"},
        )
    window = laptop_window(ctx, qtbot)
    page: Any = window.show_page("today")
    settle(ctx)
    for whose in ("李明", None):  # this laptop's caseworker, then everybody (the hub's view)
        page.caseworker.setCurrentIndex(page.caseworker.findData(whose))
        settle(ctx)
        shown = [shown_text(page.table, row, 3) for row in range(page.model.rowCount())]
        for estate in ESTATES:
            assert any(estate in text and "601" in text for text in shown), (whose, shown)
    window.close()
    settle(ctx)
