"""The today view: the list and its counts are services.today's, per caseworker and per
sub-district; the navigation badge carries the count; a row opens its household or project.
Data: the hand-counted fixture of tests/services/test_figures.py plus a colleague's household
with a visit due, and a signing period about to end (today is 2026-11-26)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from services import households, visits
from services import today as today_service
from services.workspace import Workspace
from tests.services.test_figures import TODAY, Fixture, build
from tests.ui.conftest import double_click, settle
from ui import formatting
from ui.context import AppContext
from ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(formatting, "today", lambda: TODAY)
    yield


@pytest.fixture
def fx(ws: Workspace) -> Fixture:
    found = build(ws)
    colleague = households.create_household(
        ws,
        {
            "project_id": found.p2,
            "address": "k9号",
            "head_name": "户k9",
            "caseworker": "王静",
            "sub_district": "华庄街道",
            "district": "经开区",
        },
    )
    visits.add_visit(
        ws,
        colleague,
        {"visited_on": "2026-11-01", "explained": "讲解方案", "next_visit_due": "2026-11-20"},
    )  # six days overdue
    found.h["k9"] = colleague
    # 李明's project: the signing period ends in nine days with households unsigned
    ws.update("project", found.p1, {"signing_start": "2026-10-01", "signing_end": "2026-12-05"})
    return found


def texts(page: Any, column: int) -> list[str]:
    model = page.model
    return [model.data(model.index(i, column)) for i in range(model.rowCount())]


def test_counts_per_caseworker_and_sub_district(
    fx: Fixture, window: MainWindow, ctx: AppContext, ws: Workspace
) -> None:
    mine = today_service.today_list(ws, today=TODAY, caseworker="李明")
    everybody = today_service.today_list(ws, today=TODAY)
    # hand count for 李明: requests r3 (overdue 6 days) and r7 (overdue 1 day), ticket T1
    # (expires 12-20), the signing period of 新华村地块; 王静's visit is not his
    assert mine.counts == {
        "visit": 0,
        "request": 2,
        "ticket": 1,
        "statutory": 1,
        "overdue": 2,
        "total": 4,
    }
    assert everybody.counts["total"] == 5 and everybody.counts["visit"] == 1

    window.refresh_badges()
    settle(ctx)
    keys = [spec.key for spec in window.specs]
    assert window.nav.item(keys.index("today")).text() == "今日待办 (4)"

    page: Any = window.show_page("today")
    settle(ctx)
    assert page.caseworker.currentData() == "李明"  # a laptop opens on its caseworker's list
    assert page.model.rowCount() == 4
    assert [r.record_id for r in page.model.rows] == [i.record_id for i in mine.items]
    buttons = {k: b.text() for k, b in page.kind_buttons.items()}
    assert buttons == {
        "all": "全部 4",
        "visit": "回访 0",
        "request": "诉求 2",
        "ticket": "房票 1",
        "statutory": "法定程序 1",
        "overdue": "逾期 2",
    }
    assert texts(page, 1)[:2] == ["逾期 6 天", "逾期 1 天"]
    assert "户h3（h3号）：诉求“诉求r3”已于 2026-11-20 到期，超期 6 天未办结。" in texts(page, 3)
    assert any(t.startswith("新华村地块：签约期将于 2026-12-05 结束") for t in texts(page, 3))

    page.kind_buttons["request"].click()
    assert [r.record_id for r in page.model.rows] == [fx.r["r3"], fx.r["r7"]]
    page.kind_buttons["overdue"].click()
    assert page.model.rowCount() == 2
    page.kind_buttons["all"].click()

    # the summary: each caseworker's counts, as services.today counts them
    settle(ctx)
    summary = {row.name: row.counts for row in page.summary_model.rows}
    assert summary["李明"] == mine.counts
    assert summary["王静"] == today_service.today_counts(ws, today=TODAY, caseworker="王静")
    assert summary["王静"]["visit"] == 1
    row = next(i for i, r in enumerate(page.summary_model.rows) if r.name == "王静")
    double_click(page.summary_table, page.summary_model.index(row, 0))
    settle(ctx)
    assert page.caseworker.currentData() == "王静"
    assert [r.record_id for r in page.model.rows] == [fx.h["k9"]]
    assert texts(page, 3) == ["户k9（k9号）：应于 2026-11-20 回访，已逾期 6 天。"]

    page.group_by.setCurrentIndex(page.group_by.findData("sub_district"))
    settle(ctx)
    by_sub = {row.name: row.counts for row in page.summary_model.rows}
    assert by_sub["华庄街道"] == today_service.today_counts(
        ws, today=TODAY, sub_district="华庄街道"
    )
    page.set_filter(caseworker=None, sub_district="旺庄街道")
    settle(ctx)
    expected = today_service.today_list(ws, today=TODAY, sub_district="旺庄街道")
    assert page.kind_buttons["all"].text() == f"全部 {expected.counts['total']}"

    page.set_filter()  # everybody
    settle(ctx)
    assert page.model.rowCount() == everybody.counts["total"]

    # a visit opens the household's page; a statutory step lists the project's households
    index = next(i for i, r in enumerate(page.model.rows) if r.kind == "visit")
    double_click(page.table, page.model.index(index, 0))
    settle(ctx)
    assert window.current_key() == "households"
    households_page: Any = window.widgets["households"]
    assert households_page.view.household_id == fx.h["k9"]


def test_hub_sees_everybody_and_an_empty_list_says_so(
    window: MainWindow, ctx: AppContext, ws: Workspace
) -> None:
    page: Any = window.show_page("today")
    settle(ctx)
    assert page.model.rowCount() == 0 and page.empty.isVisibleTo(page)
    assert page.empty.text() == "今天没有到期事项。"
    profile = ws.require_profile()
    ws.update_profile(type(profile)(**(profile.to_dict() | {"role": "hub"})))
    from ui.pages.today import default_caseworker, today_badge

    assert default_caseworker(ws) is None and today_badge(ws) == 0


def test_a_slow_summary_says_it_is_loading(
    fx: Fixture, window: MainWindow, ctx: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Busy, not blank: the count per caseworker beside the list says 正在加载… while it comes."""
    import threading

    from PySide6.QtWidgets import QLabel

    page: Any = window.show_page("today")
    settle(ctx)
    real = today_service.today_counts_by
    release = threading.Event()

    def slow(*args: Any, **kwargs: Any) -> Any:
        release.wait(10)  # held until the page has shown it is loading (no race with load)
        return real(*args, **kwargs)

    monkeypatch.setattr(today_service, "today_counts_by", slow)

    def overlays() -> list[Any]:
        found = page.summary_table.findChildren(QLabel, "busyOverlay")
        return [w for w in found if w.isVisible()]

    page.reload_summary()
    qtbot.waitUntil(lambda: bool(overlays()), timeout=5_000)
    assert "正在加载" in overlays()[0].text()
    release.set()
    settle(ctx)
    assert overlays() == []
    assert page.summary_model.rowCount() > 0
