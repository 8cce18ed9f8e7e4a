"""The Excel import pauses the cyclic garbage collector while it checks and writes: its rows,
values and drafts are acyclic and freed by reference counting, and the collector walked them
again and again (686 collections in a 10 000-row import, 0.3–0.4 s of its wall time on shared
cores; its CPU did not measurably change). It runs again once the import ends, however it ends."""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path

import pytest
from openpyxl import Workbook

from domain.validation import generate_resident_id
from services import xlsx_import
from services.workspace import Workspace

ROWS = 450


def _district_list(path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["序号", "被征收人", "公民身份号码", "联系电话", "房屋坐落", "证载面积"])
    for n in range(ROWS):
        born = dt.date(1950 + n % 50, 1 + n % 12, 1 + n % 28)
        number = generate_resident_id("320214", born, n % 1000)
        sheet.append([n + 1, f"住户{n}", number, f"139{n:08d}", f"新华路{n + 1}号", 60 + n % 40])
    book.save(path)


def _project(ws: Workspace) -> str:
    return ws.create(
        "project",
        {"code": "XH-01", "name": "新华路地块", "district": "新吴区", "sub_district": "旺庄街道"},
    )


def test_the_collector_is_paused_while_importing_and_runs_again_after(
    ws: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "清单.xlsx"
    _district_list(path)
    project = _project(ws)
    sheet = xlsx_import.read_sheet(path)
    mapping, _ = xlsx_import.mapping_for(sheet)
    seen: list[bool] = []

    def progress(done: int, total: int) -> None:
        seen.append(gc.isenabled())

    assert gc.isenabled()
    result = xlsx_import.import_households(ws, sheet, mapping, project, progress=progress)
    assert len(result.household_ids) == ROWS
    assert seen and not any(seen)
    assert gc.isenabled()


def test_an_import_that_fails_lets_the_collector_run_again(ws: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "清单.xlsx"
    _district_list(path)
    project = _project(ws)
    sheet = xlsx_import.read_sheet(path)
    mapping, _ = xlsx_import.mapping_for(sheet)

    def progress(done: int, total: int) -> None:
        raise RuntimeError("stopped")

    with pytest.raises(RuntimeError):
        xlsx_import.import_households(ws, sheet, mapping, project, progress=progress)
    assert gc.isenabled()
