"""The policy comparison at 1366×768 in Chinese and English: its chart counts households in
whole steps (25 households, a top of 30, read 0, 7, 15, 22, 30), and its address column keeps the unit and
room of a long address ("旺庄街道春潮新村2栋1单元10…" hid which 10x room)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCharts import QValueAxis

from domain.policy_comparison import ComparedHousehold, Comparison, bands_of
from tests.ui.conftest import shown_text
from tests.ui.test_dashboard_empty import tick_values
from ui.context import AppContext
from ui.pages.policy_comparison import PolicyComparisonPage


def comparison(count: int) -> Comparison:
    rows = [
        ComparedHousehold(
            f"h{i}",
            f"住户{i}",
            f"旺庄街道春潮新村{i % 3 + 1}栋1单元{101 + i}室",
            "signed",
            "money",
            1_000_000_00,
            1_000_000_00 - 120_000_00 - i * 100,  # all in the -20万 ~ -10万 band
        )
        for i in range(count)
    ]
    return Comparison(
        "p1", "旺庄路项目", "a", "A", "b", "B", None, dt.date(2026, 12, 6), rows, 0, bands_of(rows)
    )


@pytest.mark.parametrize("count", [1, 3, 25, 118])
def test_the_chart_counts_in_whole_steps(
    ctx: AppContext, qtbot: Any, language: str, count: int
) -> None:
    page = PolicyComparisonPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    page.show_result(comparison(count))
    axes = [a for a in page.chart_view.chart().axes() if isinstance(a, QValueAxis)]
    assert len(axes) == 1
    ticks = tick_values(axes[0])
    assert len(ticks) >= 2 and ticks[-1] >= count
    assert all(abs(t - round(t)) < 1e-9 for t in ticks), ticks


def test_the_address_column_keeps_the_room(ctx: AppContext, qtbot: Any, language: str) -> None:
    page = PolicyComparisonPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    result = comparison(3)
    page.show_result(result)
    table = page.table
    for row in range(table.rowCount()):
        seen = shown_text(table, row, 1)
        address = table.item(row, 1).text()
        # whole, or shortened to the estate's start and the room whole (ui.short_address)
        assert seen.rstrip("室").endswith(address[-4:-1]), (address, seen)
        assert seen == address or seen[:1] == address[len("旺庄街道")], (address, seen)
