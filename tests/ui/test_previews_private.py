"""Previews leave no plaintext anywhere: the documents page's preview and the estimate tab's sheet
for printing are held in memory, never written to the system's temp folder or beside the data.
Only what a person saves or prints goes where they chose.

The system temp folder is pointed at a folder of this test (TMPDIR for Qt, tempfile for Python)
and scanned with every file under the test's folder, PDFs by the text they show, for the head's
name, ID number and phone: the same scan as tests/services/test_nothing_in_clear.py."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from domain import compensation as comp
from domain.validation import generate_resident_id
from services import policies
from services.workspace import Workspace
from tests.domain.test_compensation import WORKED_POLICY
from tests.services.test_nothing_in_clear import pdf_text, scan
from tests.ui.conftest import settle
from ui import estimate_tab
from ui.context import AppContext
from ui.estimate_tab import EstimateTab
from ui.reports_page import ReportsPage

HEAD = "钱永芳"
PHONE = "13912345678"
ID_NUMBER = generate_resident_id("320214", dt.date(1961, 3, 9), 17)
NEEDLES = [HEAD.encode(), HEAD.encode("gbk"), ID_NUMBER.encode(), PHONE.encode()]


@pytest.fixture
def system_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "system-temp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))  # Qt's QDir::tempPath()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def worked(ws: Workspace, project: str) -> str:
    policies.create_policy(ws, comp.parse_policy(WORKED_POLICY), project_id=project)
    return ws.create(
        "household",
        {"project_id": project, "address": "春潮新村1栋101室", "head_name": HEAD,
         "head_id_number": ID_NUMBER, "phone": PHONE,
         "measured_area": 87.03, "assessed_price": 12500, "decoration_grade": "medium",
         "approved_use": "住宅", "signed_on": "2026-12-20", "compensation_mode": "ticket"},
    )  # fmt: skip


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_previews_leave_no_plaintext_in_temp_or_beside_the_data(
    system_temp: Path,
    tmp_path: Path,
    ctx: AppContext,
    ws: Workspace,
    worked: str,
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    chosen = tmp_path / "用户选的文件夹"  # where the person saves and prints to: plaintext there
    chosen.mkdir()

    # the documents page: the household file with numbers in full, previewed
    page = ReportsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    settle(ctx)
    page.kind.setCurrentIndex(page.kind.findData("household"))
    page.household_picker.set_household(worked, {"head_name": HEAD, "address": ""})
    page.full_ids.setChecked(True)
    page.generate()
    settle(ctx)
    assert page.generated is not None, page.status.text()
    assert page.document.status() == QPdfDocument.Status.Ready
    assert page.document.pageCount() == page.generated.pages >= 1
    shown = page.document.getAllText(0).text()
    assert HEAD in shown and ID_NUMBER in shown  # the preview shows what the scan looks for
    assert scan(tmp_path, NEEDLES, skip=chosen) == []

    # saving and printing it still work, to where the person chose
    page.save_to(chosen / "一户一档.pdf")
    settle(ctx)
    assert ID_NUMBER.encode() in pdf_text((chosen / "一户一档.pdf").read_bytes())
    assert page.print_to(pdf_printer(chosen / "打印.pdf")) == page.generated.pages
    settle(ctx)

    # the estimate tab builds its sheet for the printer; look while it is being printed
    real_print = estimate_tab.print_document
    seen_while_printing: list[list[str]] = []

    def print_and_look(document: QPdfDocument, printer: QPrinter) -> int:
        seen_while_printing.append(scan(tmp_path, NEEDLES, skip=chosen))
        return real_print(document, printer)

    monkeypatch.setattr(estimate_tab, "print_document", print_and_look)
    tab = EstimateTab(ctx)
    qtbot.addWidget(tab)
    tab.show_household(worked)
    settle(ctx)
    tab.print_sheet(pdf_printer(chosen / "测算单打印.pdf"))
    settle(ctx)
    assert seen_while_printing == [[]]
    assert (chosen / "测算单打印.pdf").stat().st_size > 10_000
    assert [e.field for e in ws.events("print", worked)] == ["print", "print"]

    # nothing anywhere, the system temp folder included, while the preview is still open …
    assert scan(tmp_path, NEEDLES, skip=chosen) == []
    page.close()
    page.deleteLater()
    settle(ctx)
    # … and after
    assert scan(tmp_path, NEEDLES, skip=chosen) == []
    assert [p.name for p in system_temp.rglob("*.pdf")] == []
