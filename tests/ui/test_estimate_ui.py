"""The household page's estimate tab: the hand-worked household's lines with formulas side by
side, missing inputs as sentences, setting 补偿金额 from an option, saving and printing the sheet
(both logged with the policy version)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtPrintSupport import QPrinter

from domain import compensation as comp
from services import policies
from services.workspace import Workspace
from tests.domain.test_compensation import WORKED_POLICY
from tests.ui.conftest import settle
from ui.context import AppContext
from ui.estimate_tab import EstimateTab


@pytest.fixture
def tab(ctx: AppContext, qtbot: Any) -> EstimateTab:
    widget = EstimateTab(ctx)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    return widget


@pytest.fixture
def worked(ws: Workspace, project: str) -> str:
    policies.create_policy(ws, comp.parse_policy(WORKED_POLICY), project_id=project)
    return ws.create(
        "household",
        {"project_id": project, "address": "春潮新村1栋101室", "head_name": "钱永芳",
         "measured_area": 87.03, "assessed_price": 12500, "decoration_grade": "medium",
         "approved_use": "住宅", "signed_on": "2026-12-20", "compensation_mode": "ticket"},
    )  # fmt: skip


def cells(tab: EstimateTab) -> list[list[str]]:
    table = tab.table
    return [
        [table.item(r, c).text() if table.item(r, c) else "" for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def test_three_options_side_by_side_with_formulas(
    tab: EstimateTab, ctx: AppContext, worked: str
) -> None:
    tab.show_household(worked)
    settle(ctx)
    rows = cells(tab)
    house = next(r for r in rows if r[0] == "房屋价值补偿")
    assert house[1].startswith("1,087,875.00") and "12 500.00 元/㎡ × 87.03 ㎡" in house[1]
    total = next(r for r in rows if r[0] == "合计（元）")
    # no flat here: 临时安置费 runs the policy's default 24 months (15 × 87.03 × 24 = 31 330.80)
    assert total[1:] == ["1,176,180.88", "1,284,968.38", "1,208,599.55"]
    assert tab.table.horizontalHeaderItem(2).text().endswith("（已选）")
    assert tab.missing.text() == ""
    assert "87.03 ㎡（实测）" in tab.inputs.text() and "中档" in tab.inputs.text()
    assert "第 1 版" in tab.note.text() or "version 1" in tab.note.text()
    assert tab.option_combo.currentData() == "ticket"


def test_missing_inputs_are_sentences_and_apply_is_off(
    tab: EstimateTab, ctx: AppContext, ws: Workspace, project: str, worked: str
) -> None:
    bare = ws.create("household", {"project_id": project, "address": "2号", "head_name": "张三"})
    tab.show_household(bare)
    settle(ctx)
    assert "缺少建筑面积" in tab.missing.text() and "缺少评估单价" in tab.missing.text()
    assert not tab.apply_button.isEnabled()


def test_apply_save_and_print_are_recorded(
    tab: EstimateTab, ctx: AppContext, ws: Workspace, worked: str, tmp_path: Path
) -> None:
    tab.show_household(worked)
    settle(ctx)
    tab.apply_button.click()
    settle(ctx)
    assert ws.get("household", worked)["compensation_amount"] == 1284968.38
    assert "1,284,968.38" in tab.status.text()
    tab.save_to(tmp_path / "测算单.pdf")
    settle(ctx)
    assert (tmp_path / "测算单.pdf").stat().st_size > 10_000
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    tab.print_sheet(printer)
    settle(ctx)
    assert (tmp_path / "printed.pdf").is_file()
    (export,) = ws.events("export", worked)
    (printed,) = ws.events("print", worked)
    assert export.value["version"] == printed.value["version"] == 1
    assert [e.field for e in ws.events("estimate_applied", worked)] == ["estimate_applied"]
