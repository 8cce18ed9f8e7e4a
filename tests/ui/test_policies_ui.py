"""The policy comparison page (table, chart, click-through, Excel and PDF) and the policy editor
(edit an item, save a new version, a bad edit refused in one sentence with nothing written)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from services import demo, policies
from services.workspace import Workspace
from tests.ui.conftest import settle
from ui.context import AppContext
from ui.main_window import MainWindow

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def demo_ws(ws: Workspace) -> Workspace:
    demo.load_demo(ws, 40, seed=5, today=TODAY, visits_per_household=0.3)
    return ws


def project_id(ws: Workspace, code: str) -> str:
    return str(
        ws.read(
            lambda db: db.conn.execute("SELECT id FROM projects WHERE code = ?", (code,))
        ).fetchone()[0]
    )


def test_comparison_table_chart_click_through_and_exports(
    demo_ws: Workspace, window: MainWindow, ctx: AppContext, qtbot: Any, tmp_path: Path
) -> None:
    page: Any = window.show_page("policy_comparison")
    settle(ctx)
    pid = project_id(demo_ws, "XW-2024-003")
    page.select_project(pid)
    settle(ctx)
    a = policies.get_policy(demo_ws, page.policy_a.currentData())
    b = policies.get_policy(demo_ws, page.policy_b.currentData())
    assert a.project_id == pid and a.status == "in_force"
    assert b.project_id is None and b.district == "经开区"
    page.compare_button.click()
    settle(ctx)
    result = page.result
    households = demo_ws.read(
        lambda db: db.conn.execute(
            "SELECT count(*) FROM households WHERE project_id = ?", (pid,)
        ).fetchone()[0]
    )
    assert page.table.rowCount() == len(result.rows) == households
    complete = {row.household_id for row in result.complete_rows}
    shown_a = sum(
        page.table.item(r, 3).data(Qt.ItemDataRole.UserRole + 1)
        for r in range(page.table.rowCount())
        if page.table.item(r, 3).data(Qt.ItemDataRole.UserRole) in complete
    )
    assert shown_a == result.total_a_fen
    page.table.sortItems(5, Qt.SortOrder.AscendingOrder)  # by B − A, as amounts not text
    differences = [page.table.item(r, 5).data(Qt.ItemDataRole.UserRole + 1) for r in range(3)]
    assert differences == sorted(r.difference_fen for r in result.complete_rows)[:3]
    assert f"{result.total_a_fen / 1_000_000:,.1f}" in page.summary.text()
    assert page.chart_view.chart().series()
    with qtbot.waitSignal(ctx.bus.open_household, timeout=2000) as opened:
        page.table.itemActivated.emit(page.table.item(0, 0))
    assert opened.args == [page.table.item(0, 0).data(Qt.ItemDataRole.UserRole)]
    page.export_xlsx(tmp_path / "比较.xlsx")
    page.export_pdf(tmp_path / "比较.pdf")
    settle(ctx)
    assert (tmp_path / "比较.xlsx").is_file() and (tmp_path / "比较.pdf").is_file()
    assert len(demo_ws.events("export", pid)) == 2


def test_editor_saves_a_new_version_and_refuses_a_bad_one(
    demo_ws: Workspace, window: MainWindow, ctx: AppContext, tmp_path: Path
) -> None:
    page: Any = window.show_page("policies")
    settle(ctx)
    assert page.listing.count() == 8
    current = page.current
    fixed = next(i for i, item in enumerate(page.items) if item["kind"] == "area_minimum")
    page.item_list.setCurrentRow(fixed)
    page.editor.price.setText("25")
    page.save_button.click()
    settle(ctx)
    saved = policies.get_policy(demo_ws, current.id)
    assert saved.version == 2 and str(saved.policy.item("moving").price) == "25"
    assert page.version.text() == "2"
    tiers = next(i for i, item in enumerate(page.items) if item["kind"] == "date_tiers")
    page.item_list.setCurrentRow(tiers)
    page.editor.tiers.item(1, 1).setText("99")  # a later tier worth more than the first
    page.save_button.click()
    settle(ctx)
    assert "不能高于" in page.error.text()
    assert policies.get_policy(demo_ws, current.id).version == 2
    page.export_file(tmp_path / "方案.json")
    settle(ctx)
    page.import_file(tmp_path / "方案.json")
    settle(ctx)
    assert page.listing.count() == 9
    page.new_policy()
    settle(ctx)
    assert page.listing.count() == 10


def test_dashboard_and_ranking_show_funding_by_estimate(
    demo_ws: Workspace, window: MainWindow, ctx: AppContext
) -> None:
    dashboard: Any = window.show_page("dashboard")
    settle(ctx)
    text = dashboard.funding.text()
    assert text.startswith("测算所需资金：") and "测算仅供参考" in text
    ranking: Any = window.show_page("ranking")
    settle(ctx)
    model = ranking.model
    headers = [
        model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        for c in range(model.columnCount())
    ]
    column = headers.index("所需资金（万元，测算）")
    shown = [
        model.data(model.index(r, column), Qt.ItemDataRole.DisplayRole)
        for r in range(model.rowCount())
    ]
    # projects still being surveyed have neither estimates nor typed amounts: a dash
    assert any(value.endswith("（测算）") for value in shown)
    assert all(value.endswith("（测算）") or value == "—" for value in shown)
