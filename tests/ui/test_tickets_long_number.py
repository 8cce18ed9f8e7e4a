"""The house-ticket list at 1366×768 with the longest ticket number allowed (40 characters,
found walking the pages): the number column took its whole width (~357 px) and, in English,
pushed the balance and the state — what a caseworker acts on — beyond the right edge. The number
column stops at CONTENT_COLUMN_MAX like every column sized to its contents; its tooltip is
whole. The household column leaves room for a 4-character estate beside the room (at 150 px
"长江…1-1-101" read the same for 长江一村 and 长江二村)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from services import demo, households, tickets
from services.workspace import Workspace
from tests.ui.conftest import laptop_window, settle, shown_text
from ui import i18n
from ui.context import AppContext
from ui.widgets import CONTENT_COLUMN_MAX

NUMBER = "Z" * 40


def test_a_long_ticket_number_leaves_balance_and_state_on_screen(
    ws: Workspace, ctx: AppContext, project: str, qtbot: Any, language: str
) -> None:
    demo.load_demo(ws, 60, seed=3)
    household = households.create_household(
        ws, {"project_id": project, "address": "长江一村1栋1单元101室", "head_name": "章金伟"}
    )
    tickets.issue_ticket(
        ws, household, number=NUMBER, face_amount=999_999_999, valid_until="2026-12-20"
    )
    window = laptop_window(ctx, qtbot)
    page: Any = window.show_page("tickets")
    settle(ctx)
    table, model = page.table, page.model
    assert table.columnWidth(0) <= CONTENT_COLUMN_MAX
    wanted = {
        i18n.field_label("house_ticket", "state"),
        page.tr("Balance (yuan)"),
        page.tr("Days left"),
    }
    for column in range(model.columnCount()):
        title = model.headerData(column, Qt.Orientation.Horizontal, 0)
        if title in wanted:
            wanted.discard(title)
            right = table.columnViewportPosition(column) + table.columnWidth(column)
            assert right <= table.viewport().width(), (title, right, table.viewport().width())
    assert wanted == set()
    row = next(r for r, t in enumerate(model.rows) if t.number == NUMBER)
    assert NUMBER in model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
    # the household's estate whole beside its room: "长江…1-1-101" reads the same for 长江二村
    assert "长江一村" in shown_text(table, row, 1), shown_text(table, row, 1)
    window.close()
    settle(ctx)
