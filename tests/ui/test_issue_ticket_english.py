"""The issue-ticket dialog's bonus tiers in words stand alone under the table: in English they
start with a capital ("Within 3 months+20%; …"), as the tickets page writes them (found walking
the dialogs in English at 1366×768)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import QWidget

from domain.tickets import BonusTier
from tests.ui.conftest import settle
from ui.context import AppContext
from ui.dialogs.tickets import IssueTicketDialog


def test_the_tiers_in_words_start_with_a_capital(
    ctx: AppContext, project: str, qtbot: Any, language: str
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = IssueTicketDialog(ctx, parent)
    settle(ctx)  # the project's own tiers arrive first
    dialog.tiers.set_tiers((BonusTier(3, Decimal(20)), BonusTier(6, Decimal(16))))
    words = dialog.tiers.text.text()
    if language == "en":
        assert words == "Within 3 months+20%; months 4–6+16%", words
    else:
        assert words == "3个月内+20%；4–6个月+16%", words
    dialog.tiers.set_tiers(())
    assert dialog.tiers.text.text() in ("No bonus", "无奖励")
    dialog.close()
