"""The request register: overdue and escalated rows stand out by colour and icon; progress,
escalation and closing with a reply; filters."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt

from services import requests
from services.workspace import Workspace
from tests.ui.conftest import settle, type_text
from tests.ui.test_households_ui import make_household
from ui.context import AppContext
from ui.formatting import ESCALATED_BG, OVERDUE_BG
from ui.main_window import MainWindow


def test_register_marks_overdue_rows_and_closes_with_a_reply(
    window: MainWindow, ctx: AppContext, ws: Workspace, project: str
) -> None:
    household = make_household(ws, project)
    old = (dt.date.today() - dt.timedelta(days=40)).isoformat()
    late = requests.add_request(
        ws,
        {
            "household_id": household,
            "category": "amount",
            "summary": "补偿太低",
            "received_on": old,
        },
    )
    fresh = requests.add_request(
        ws, {"household_id": household, "category": "flat", "summary": "想要低楼层"}
    )
    page: Any = window.show_page("requests")
    settle(ctx)
    model = page.model
    assert model.rowCount() == 2
    by_id = {row["id"]: i for i, row in enumerate(model.rows)}
    late_row, fresh_row = by_id[late], by_id[fresh]
    bg = Qt.ItemDataRole.BackgroundRole
    icon = Qt.ItemDataRole.DecorationRole
    assert model.data(model.index(late_row, 3), bg) == OVERDUE_BG
    assert model.data(model.index(late_row, 0), icon) is not None  # not colour alone
    assert model.data(model.index(fresh_row, 3), bg) is None
    assert model.data(model.index(fresh_row, 0), icon) is None
    assert "逾期 1 件" in page.count.text()
    window.refresh_badges()
    settle(ctx)
    keys = [spec.key for spec in window.specs]
    assert window.nav.item(keys.index("requests")).text() == "诉求 (1)"

    page.overdue_filter.setChecked(True)
    settle(ctx)
    assert [r["id"] for r in model.rows] == [late]
    page.overdue_filter.setChecked(False)
    settle(ctx)

    page.table.selectRow({row["id"]: i for i, row in enumerate(model.rows)}[fresh])
    settle(ctx)
    type_text(page.progress_text, "已联系安置房源负责人。")
    page.add_progress.click()
    settle(ctx)
    assert ws.get("request", fresh)["status"] == "in_progress"
    assert "已联系安置房源负责人" in page.detail.toPlainText()

    page.escalate.click()
    settle(ctx)
    assert ws.get("request", fresh)["status"] == "escalated"
    row = {r["id"]: i for i, r in enumerate(model.rows)}[fresh]
    assert model.data(model.index(row, 3), bg) == ESCALATED_BG
    assert model.data(model.index(row, 0), icon) is not None

    page.close_button.click()  # no reply yet: refused inline, in one sentence
    settle(ctx)
    assert page.error.isVisible() and "答复意见" in page.error.text()
    type_text(page.reply_text, "已安排三楼房源。")
    page.close_button.click()
    settle(ctx)
    request = ws.get("request", fresh)
    assert request["status"] == "closed" and request["reply"] == "已安排三楼房源。"
