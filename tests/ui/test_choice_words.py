"""Choice values and usual words on screen, in Chinese and in English.

A value standing alone — a table cell, an overview value, a filter entry — starts with a capital
in English ("Undecided", "Active", "Son"), as the labels beside it do; inside a sentence it keeps
its words ("Back to valued", "62 flats · free 26, reserved 9"). The History tab shows a member's
relation and a building's use in the interface language, as the overview does: it showed the
stored word (子) in English."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QComboBox, QTableWidget

from domain.choices import (
    ATTITUDES,
    FLAT_STATES,
    OWNERSHIP_ROLES,
    RELATION_WORDS,
    TICKET_STATES,
    USE_WORDS,
)
from domain.states import HOUSEHOLD_STATES
from services import flats, households, tickets
from services.workspace import Workspace
from tests.ui.conftest import laptop_window, settle
from tests.ui.test_households_ui import open_household
from ui import i18n
from ui.context import AppContext


def alone(choices: Any, code: str, language: str) -> str:
    """How a value standing alone reads: the Chinese word, or the English one with a capital."""
    choice = choices.get(code)
    return choice.zh if language == "zh" else choice.en[:1].upper() + choice.en[1:]


MEMBER: dict[str, str] = {}


@pytest.fixture
def household(ws: Workspace, project: str) -> str:
    household = households.create_household(
        ws,
        {
            "project_id": project,
            "address": "3栋2单元501室",
            "head_name": "章金伟",
            "attitude": "undecided",
            "approved_use": "住宅",
        },
    )
    MEMBER["id"] = ws.create(
        "member",
        {
            "household_id": household,
            "name": "章小明",
            "relation": "子",
            "ownership_role": "owner",
        },
    )
    tickets.issue_ticket(
        ws, household, number="XWFP-1", face_amount=100_000, issued_on="2026-06-01"
    )
    flats.add_flat(
        ws, {"estate": "安置小区", "building": "1", "number": "101", "district": "新吴区"}
    )
    return household


def cells(table: Any, column: int) -> list[str]:
    model = table.model()
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_values_standing_alone_start_with_a_capital(
    ctx: AppContext, qtbot: Any, household: str, language: str
) -> None:
    window = laptop_window(ctx, qtbot)
    page = open_household(window, ctx, household)
    keys = [c.key for c in page.model.columns]
    (state,) = cells(page.table, keys.index("state"))
    assert state == alone(HOUSEHOLD_STATES, "surveying", language)
    assert cells(page.table, keys.index("attitude")) == [alone(ATTITUDES, "undecided", language)]
    entries = [page.attitude_filter.itemText(i) for i in range(1, page.attitude_filter.count())]
    assert entries == [alone(ATTITUDES, code, language) for code in ATTITUDES.codes()]

    overview = {
        name: label.text().replace("\u200b", "") for name, label in page.view.info_labels.items()
    }
    assert overview["attitude"] == alone(ATTITUDES, "undecided", language)
    assert overview["approved_use"] == alone(USE_WORDS, "residential", language)
    members = page.view.members_table
    row = [members.item(0, c).text() for c in range(members.columnCount())]
    assert alone(RELATION_WORDS, "son", language) in row
    assert alone(OWNERSHIP_ROLES, "owner", language) in row
    states = page.view.findChild(QComboBox, "stateCombo")
    moves = [states.itemText(i) for i in range(states.count())]
    assert any(alone(HOUSEHOLD_STATES, "surveyed", language) in text for text in moves), moves

    tickets_page: Any = window.show_page("tickets")
    settle(ctx)
    titles = [
        tickets_page.model.columns[c].title() for c in range(tickets_page.model.columnCount())
    ]
    (ticket_state,) = cells(
        tickets_page.table, titles.index(i18n.field_label("house_ticket", "state"))
    )
    assert ticket_state == alone(TICKET_STATES, "active", language)
    tickets_page.table.selectRow(0)
    settle(ctx)
    detail = tickets_page.detail.toPlainText()
    assert ("不可转让" if language == "zh" else "Not transferable") in detail, detail

    flats_page: Any = window.show_page("flats")
    settle(ctx)
    titles = [flats_page.model.columns[c].title() for c in range(flats_page.model.columnCount())]
    (flat_state,) = cells(flats_page.table, titles.index(i18n.field_label("flat", "state")))
    assert flat_state == alone(FLAT_STATES, "free", language)
    # inside the count's sentence the state keeps its word
    free = FLAT_STATES.get("free")
    assert (free.zh if language == "zh" else free.en) + " 1" in flats_page.count.text()
    window.close()
    settle(ctx)


def test_history_shows_relation_words_in_the_interface_language(
    ctx: AppContext, ws: Workspace, qtbot: Any, household: str, language: str
) -> None:
    ws.update("member", MEMBER["id"], {"relation": "女"})
    ws.update("household", household, {"actual_use": "商业"})
    window = laptop_window(ctx, qtbot)
    page = open_household(window, ctx, household)
    table: QTableWidget = page.view.history_table
    rows = [
        [table.item(r, c).text().replace("\u200b", "") for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]
    son, daughter = (alone(RELATION_WORDS, code, language) for code in ("son", "daughter"))
    relation = i18n.field_label("member", "relation")
    (changed,) = [row for row in rows if row[3].endswith(relation)]
    assert changed[4:6] == [son, daughter], changed
    (created,) = [row for row in rows if son in row[5] and relation in row[5]]
    assert "子" not in created[5] or language == "zh", created
    use = i18n.field_label("household", "actual_use")
    (use_row,) = [row for row in rows if row[3] == use]
    assert use_row[5] == alone(USE_WORDS, "commercial", language), use_row
    window.close()
    settle(ctx)
