"""The dispatch dashboard of a new laptop (no project, no household yet) and of a small one, in
Chinese and English: the heading names the scope as a heading ("All projects", not "all
projects"), and the count axes step in whole numbers — a range of 0 to 1 with "%d" labels
read 0, 0, 1, 1 on the axis of the week-by-week chart."""

from __future__ import annotations

from typing import Any

from PySide6.QtCharts import QValueAxis

from services.workspace import Workspace
from tests.ui.conftest import laptop_window, settle
from ui.context import AppContext
from ui.main_window import MainWindow


def tick_values(axis: QValueAxis) -> list[float]:
    """The values the axis labels, as Qt Charts places them."""
    low, high = axis.min(), axis.max()
    if axis.tickType() == QValueAxis.TickType.TicksDynamic:
        step, value, found = axis.tickInterval(), axis.tickAnchor(), []
        while value > low:
            value -= step
        while value <= high + 1e-9:
            if value >= low - 1e-9:
                found.append(value)
            value += step
        return found
    count = axis.tickCount()
    return [low + (high - low) * i / (count - 1) for i in range(count)]


def count_axes(page: Any) -> list[QValueAxis]:
    axes = []
    for view in (page.trend_view, page.category_view):
        for axis in view.chart().axes():
            if isinstance(axis, QValueAxis):
                axes.append(axis)
    assert axes
    return axes


def check_whole_ticks(page: Any) -> None:
    for axis in count_axes(page):
        ticks = tick_values(axis)
        assert len(ticks) >= 2, ticks
        labels = [f"{t:.6g}" for t in ticks]
        assert all(abs(t - round(t)) < 1e-9 for t in ticks), labels
        assert len(set(round(t) for t in ticks)) == len(ticks), labels


def open_dashboard(ctx: AppContext, qtbot: Any) -> tuple[MainWindow, Any]:
    window = laptop_window(ctx, qtbot)
    page: Any = window.show_page("dashboard")
    settle(ctx)
    return window, page


def test_a_new_laptops_dashboard(ctx: AppContext, qtbot: Any, language: str) -> None:
    window, page = open_dashboard(ctx, qtbot)
    assert page.heading.text() == ("全部项目" if language == "zh" else "All projects")
    check_whole_ticks(page)
    window.close()
    settle(ctx)


def test_a_small_sub_districts_dashboard(
    ctx: AppContext, ws: Workspace, project: str, qtbot: Any, language: str
) -> None:
    for i in range(3):
        ws.create(
            "household",
            {
                "project_id": project,
                "address": f"{i + 1}栋101室",
                "head_name": "王芳",
                "state": "signed",
            },
        )
    window, page = open_dashboard(ctx, qtbot)
    check_whole_ticks(page)
    window.close()
    settle(ctx)
