"""English screens use English punctuation: the household's resettlement tab said
"compensation mode：—" with a Chinese full-width colon (seen on the 1366×768 screenshots)."""

from __future__ import annotations

from typing import Any

import pytest

from ui.context import AppContext
from ui.household_edit import ResettlementPanel

EXPECTED = {
    ("en", None): "Compensation mode: —",
    ("en", "ticket"): "Compensation mode: House ticket",  # a value standing alone
    ("zh", None): "补偿方式：—",
    ("zh", "ticket"): "补偿方式：房票",
}


@pytest.mark.parametrize("mode", [None, "ticket"])
def test_the_compensation_mode_line_uses_the_languages_colon(
    ctx: AppContext, qtbot: Any, language: str, mode: str | None
) -> None:
    panel = ResettlementPanel(ctx)
    qtbot.addWidget(panel)
    panel.set_data({"id": "h1", "compensation_mode": mode}, [], [])
    assert panel.mode_label.text() == EXPECTED[(language, mode)]


FULL_WIDTH = set("（）；：，、")


def test_project_choices_and_titles_use_the_languages_brackets(
    ctx: AppContext, ws: Any, project: str, qtbot: Any, language: str
) -> None:
    """ "旺庄新村改造（WZ-2026-01）" and "Edit household 章金伟（3栋2单元501室）" kept their full-width
    brackets on English screens."""
    from PySide6.QtWidgets import QComboBox, QDialog

    from tests.ui.conftest import settle
    from ui.main_window import MainWindow

    household = ws.create(
        "household", {"project_id": project, "address": "3栋2单元501室", "head_name": "章金伟"}
    )
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    settle(ctx)
    page: Any = window.show_page("households")
    page.new_household()
    settle(ctx)
    dialog = page.findChild(QDialog, "householdDialog")
    combo = dialog.findChild(QComboBox, "field_project_id")
    texts = [combo.itemText(i) for i in range(combo.count()) if combo.itemText(i)]
    dialog._unsaved_discarding = True
    dialog.reject()
    page.show_household(household)
    settle(ctx)
    page.view.edit_household()
    settle(ctx)
    edit = window.findChild(QDialog, "householdEditDialog")
    title = edit.windowTitle()
    edit_combo = edit.findChild(QComboBox, "field_project_id")
    texts.append(edit_combo.currentText())
    edit.close()
    window.close()
    settle(ctx)
    if language == "en":
        assert texts == ["旺庄新村改造 (WZ-2026-01)"] * 2
        assert "章金伟 (3栋2单元501室)" in title and not FULL_WIDTH & set(title)
    else:
        assert texts == ["旺庄新村改造（WZ-2026-01）"] * 2
        assert "章金伟（3栋2单元501室）" in title


def test_the_funding_line_uses_the_languages_brackets(
    ctx: AppContext, qtbot: Any, language: str
) -> None:
    from services.estimates import FundingEstimate
    from ui.pages.dashboard import DashboardPage

    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.show_funding(FundingEstimate(1_000_000_000, 600_000_000, 2, 1, 3, 1))
    text = page.funding.text()
    if language == "en":
        assert not FULL_WIDTH & set(text), text
        assert text.endswith("; an estimate for reference only)"), text
    else:
        assert text.endswith("；测算仅供参考）"), text
