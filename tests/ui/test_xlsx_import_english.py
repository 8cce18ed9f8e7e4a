"""The Excel import dialog read in English: a column's examples are separated by "; " (not the
Chinese "；"), and a row's problem, standing alone in its column, starts with a capital ("No
address …", the command line's "row 6: no address …" keeps its word). In Chinese unchanged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from domain.validation import generate_resident_id
from ui.context import AppContext
from ui.xlsx_import_dialog import XlsxImportDialog


def test_examples_and_problems_read_in_the_language(
    ctx: AppContext, project: str, qtbot: Any, tmp_path: Path, language: str
) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["被征收人", "公民身份号码", "房屋坐落"])
    sheet.append(["章国庆", generate_resident_id("320214", dt.date(1950, 3, 9), 1), "新华里18号"])
    sheet.append(["解明", None, None])  # no address
    path = tmp_path / "清单.xlsx"
    book.save(path)
    dialog = XlsxImportDialog(ctx, path, project_id=project)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    examples = [dialog.mapping.item(r, 1).text() for r in range(dialog.mapping.rowCount())]
    problems = [dialog.problems.index(r, 2).data() for r in range(dialog.problems.rowCount())]
    assert any("章国庆" in e and "解明" in e for e in examples), examples
    assert problems
    if language == "en":
        assert all("；" not in e for e in examples), examples
        assert "章国庆; 解明" in examples
        assert all(p[:1].isupper() for p in problems), problems
    else:
        assert "章国庆；解明" in examples
