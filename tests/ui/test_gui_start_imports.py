"""The window starts light (issue 11's start-up budget, bench/bench_unlock.py): the password dialog
is on screen before the database layer (sqlite-utils) is imported — that is imported while the
person types — and the main window with all its pages shows without reportlab or openpyxl, which
load when a document is printed or a workbook exported. Checked in a fresh interpreter."""

from __future__ import annotations

from tests.import_probe import printed_names
from ui.pages import MODULES
from ui.unlock_dialog import WARM_UP

PROBE = """
import sys
for name in sys.argv[1:]:
    __import__(name)
print(" ".join(sorted({name.split(".")[0] for name in sys.modules})))
"""


def loaded(*modules: str) -> set[str]:
    return printed_names(PROBE, *modules, QT_QPA_PLATFORM="offscreen")


def test_the_password_dialog_needs_no_database_layer() -> None:
    found = loaded("ui.app", "ui.unlock_dialog")
    assert "PySide6" in found  # the probe sees what is imported
    assert found.isdisjoint({"sqlite_utils", "reportlab", "openpyxl", "PIL"})


def test_the_window_and_its_pages_need_no_pdf_or_excel_library() -> None:
    pages = [name if "." in name else f"ui.pages.{name}" for name in MODULES]
    found = loaded("ui.main_window", "ui.household_view", "ui.estimate_tab", *pages)
    assert "sqlite_utils" in found
    assert found.isdisjoint({"reportlab", "openpyxl", "PIL"})
    found = loaded("ui.main_window", "services.documents", "services.estimate_sheet")
    assert found.isdisjoint({"reportlab", "openpyxl", "PIL"})


def test_the_warm_up_imports_no_qt_code() -> None:
    """It runs off the GUI thread: a module that makes a Qt object when imported (a page's feed,
    parented to the application) must not be imported there."""
    assert all(name.startswith("services.") for name in WARM_UP)  # services never import Qt
