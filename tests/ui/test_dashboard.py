"""The dispatch dashboard shows the hand-counted figures of tests/services/test_figures.py (week
2026-W48, today Thursday 2026-11-26), and every number, bar, point and slice opens exactly the
records services.figures.records_behind counts for it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import QPointF, Qt

from services import projects
from services.figures import Scope, records_behind
from services.workspace import Workspace
from tests.services.test_figures import TODAY, WEEK, Fixture, build
from tests.ui.conftest import double_click, settle
from ui import formatting
from ui.context import AppContext
from ui.dialogs.records import RecordsDialog
from ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(formatting, "today", lambda: TODAY)
    yield


@pytest.fixture
def fx(ws: Workspace) -> Fixture:
    return build(ws)


def opened(page: Any, ctx: AppContext) -> RecordsDialog:
    settle(ctx)
    dialog: RecordsDialog | None = page.last_dialog
    assert dialog is not None and dialog.ids is not None
    dialog.close()
    return dialog


def test_figures_and_click_through(
    fx: Fixture, window: MainWindow, ctx: AppContext, ws: Workspace
) -> None:
    page: Any = window.show_page("dashboard")
    settle(ctx)
    page.set_scope(Scope.project(fx.p1))
    settle(ctx)
    assert page.week_value() == WEEK
    assert page.heading.text() == "新华村地块"
    assert "数据截至 2026-11-26" in page.as_of.text()
    values = {key: tile.value.text() for key, tile in page.tiles.items()}
    assert values == {
        "households_total": "10",
        "signed": "5",
        "vacated": "4",
        "handed_over_total": "2",
        "resettled": "61 天",
        "requests_received": "6",
        "requests_closed": "3",
        "requests_overdue": "2",
        "tickets": "3",
        "flats": "2",
    }
    assert page.tiles["signed"].note.text() == "签约率 50.0% · 本周 +1"
    assert page.tiles["requests_closed"].note.text() == "办结率 50.0%，按期 66.7%"
    assert page.tiles["tickets"].note.text() == "已使用 1 · 30日内到期 1"
    assert page.category_view.chart().title() == "诉求按类别（办结率 50.0%）"

    def behind(measure: str, scope: Scope | None = None, **kw: Any) -> set[str]:
        found = records_behind(ws, scope or Scope.project(fx.p1), WEEK, measure, today=TODAY, **kw)
        return set(found)

    h, r = fx.h, fx.r
    # a big number: the signed households, listed by name
    page.tiles["signed"].click()
    dialog = opened(page, ctx)
    assert (
        set(dialog.shown_ids())
        == behind("signed")
        == {h[k] for k in ["h5", "h7", "h8", "h9", "h10"]}
    )
    assert dialog.heading.text() == "新华村地块 · 已签约 · 5 户"
    assert {dialog.model.data(dialog.model.index(i, 1)) for i in range(5)} == {
        "户h5",
        "户h7",
        "户h8",
        "户h9",
        "户h10",
    }
    page.tiles["requests_overdue"].click()
    assert set(opened(page, ctx).shown_ids()) == behind("requests_overdue") == {r["r3"], r["r8"]}
    page.tiles["resettled"].click()
    assert set(opened(page, ctx).shown_ids()) == {h["h8"], h["h9"]}

    # requests by category: the overdue part of 补偿金额, the open-within-deadline part of 安置房
    page.category_sets["requests_overdue"].clicked.emit(page.category_codes.index("amount"))
    assert set(opened(page, ctx).shown_ids()) == {r["r3"]}
    page.category_sets["open_in_time"].clicked.emit(page.category_codes.index("flat"))
    assert set(opened(page, ctx).shown_ids()) == {r["r4"]}
    page.category_sets["requests_closed"].clicked.emit(page.category_codes.index("area"))
    assert set(opened(page, ctx).shown_ids()) == {r["r2"]}
    # requests by state
    page.status_slices["closed"].clicked.emit()
    assert set(opened(page, ctx).shown_ids()) == {r["r1"], r["r2"], r["r5"]}
    # the weekly trend: a point of W47 lists those signed by the end of that week
    page.trend_series["signed"].clicked.emit(QPointF(6, 4))
    w47 = set(records_behind(ws, Scope.project(fx.p1), "2026-W47", "signed", today=TODAY))
    assert set(opened(page, ctx).shown_ids()) == w47 == {h[k] for k in ["h7", "h8", "h9", "h10"]}

    # everything, then the progress bar of one project
    page.set_scope(Scope.all())
    settle(ctx)
    assert page.heading.text() == "全部项目"
    assert page.tiles["households_total"].value.text() == "13"
    assert page.tiles["flats"].value.text() == "3"
    labels = [row.project_code for row in page.group_rows]
    page.progress_sets["vacated"].clicked.emit(labels.index("JK-2"))
    dialog = opened(page, ctx)
    assert set(dialog.shown_ids()) == behind("vacated", Scope.project(fx.p2)) == {h["k2"]}

    # a sub-district of the other district
    page.set_scope(Scope.sub_district("华庄街道", "经开区"))
    settle(ctx)
    assert page.heading.text() == "经开区 华庄街道"
    assert page.tiles["households_total"].value.text() == "3"

    # a row of the list opens the household's page
    page.tiles["households_total"].click()
    settle(ctx)
    dialog = page.last_dialog
    assert set(dialog.shown_ids()) == {h["k1"], h["k2"], h["k3"]}
    double_click(dialog.table, dialog.model.index(0, 0))
    settle(ctx)
    assert window.current_key() == "households"
    dialog.close()


def test_week_choice_and_other_pages(
    fx: Fixture, window: MainWindow, ctx: AppContext, ws: Workspace
) -> None:
    page: Any = window.show_page("dashboard")
    settle(ctx)
    page.set_scope(Scope.project(fx.p1))
    settle(ctx)
    page.week.setCurrentIndex(page.week.findData("2026-W47"))
    settle(ctx)
    assert page.figures.week == "2026-W47" and page.figures.as_of.isoformat() == "2026-11-22"
    assert page.tiles["signed"].value.text() == "4"  # h5 signed on the 24th
    assert page.tiles["requests_received"].value.text() == "4"  # r1 r2 r3 r8
    page.tiles["requests_received"].click()
    dialog = opened(page, ctx)
    assert set(dialog.shown_ids()) == {fx.r[k] for k in ("r1", "r2", "r3", "r8")}

    page.tiles["tickets"].click()  # tickets and flats open their pages
    settle(ctx)
    assert window.current_key() == "tickets"
    tickets_page: Any = window.widgets["tickets"]
    assert tickets_page.expiring.isChecked()
    assert [t.number for t in tickets_page.model.rows] == ["T1"]
    window.show_page("dashboard")
    page.tiles["flats"].click()
    settle(ctx)
    assert window.current_key() == "flats"
    assert page.scope_kind.currentData() == "project"
    window.close()
    settle(ctx)
    assert ctx.state.value("dashboard/scope_kind") == "project"
    assert ctx.state.value("dashboard/scope_value") == fx.p1
    assert page.tiles["signed"].focusPolicy() == Qt.FocusPolicy.StrongFocus


def test_project_ranking_formula_weights_and_warnings(
    fx: Fixture, window: MainWindow, ctx: AppContext, ws: Workspace
) -> None:
    ws.update(
        "project",
        fx.p1,
        {"urgency": 5, "benefit": 2, "origin": "stock", "stage": "signing"}
        | {"signing_start": "2026-09-01", "signing_end": "2026-11-20"},  # ended: h1–h4 unsigned
    )
    ws.update("project", fx.p2, {"urgency": 2, "benefit": 5, "origin": "new"})
    assert ctx.profile is not None and ctx.profile.role == "laptop"
    page: Any = window.show_page("ranking")
    settle(ctx)
    assert page.formula_text.text() == projects.priority_formula(ws).text
    assert not page.save_weights.isVisibleTo(page)  # a laptop reads the district's weights
    assert not page.weight_edits["urgency"].isEnabled()
    rows = page.rows()
    # XW-1: 100 × (.35×1 + .25×0.8 + .25×0.25 + .1×12/500) = 61.5; JK-2: 58.9
    assert [(r["排名"], r["优先分"], r["项目编号"]) for r in rows] == [
        ("1", "61.5", "XW-1"),
        ("2", "58.9", "JK-2"),
    ]
    assert (rows[0]["存量/新增"], rows[0]["所处阶段"], rows[0]["法定提示"]) == (
        "存量项目",
        "签约",
        "1",
    )
    assert rows[1]["面积(亩)"] == "—"  # missing input, counted as 0
    page.table.selectRow(0)
    settle(ctx)
    text = page.detail.toPlainText()
    assert "签约期已于 2026-11-20 结束，仍有 4 户未签约" in text
    assert "签约期结束\n2026-11-20" in text

    window.close()
    settle(ctx)
    ctx.profile = replace(ctx.profile, role="hub")  # the district office
    hub = MainWindow(ctx)
    hub.show()
    try:
        page = hub.show_page("ranking")
        settle(ctx)
        assert page.save_weights.isVisibleTo(page) and page.weight_edits["urgency"].isEnabled()
        page.weight_edits["urgency"].setValue(0.05)
        page.weight_edits["benefit"].setValue(0.6)
        page.save_weights.click()
        settle(ctx)
        assert projects.priority_weights(ws).benefit == 0.6
        assert page.formula_text.text() == projects.priority_formula(ws).text
        assert [r["项目编号"] for r in page.rows()] == ["JK-2", "XW-1"]
        for name in ("urgency", "funding", "benefit", "households", "area"):
            page.weight_edits[name].setValue(0)
        page.store_weights()
        assert page.weights_error.text() == "⚠ 权重不能为负数，且至少有一项大于零。"
    finally:
        hub.close()
        settle(ctx)
