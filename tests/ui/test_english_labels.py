"""Labels standing alone — the household overview's field names, table headers, form labels —
start with a capital in English ("Head of household:", not "head of household:"); the domain
keeps its in-sentence words ("Please fill in “head of household”."). In Chinese they are the
Chinese field names."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QTableWidget, QWidget

from domain.records import ENTITIES
from services.workspace import Workspace
from tests.ui.conftest import laptop_window, settle
from tests.ui.test_households_ui import open_household
from ui import i18n
from ui.context import AppContext


def form_labels(root: QWidget) -> list[str]:
    texts = []
    for form in root.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            if item is not None and isinstance(item.widget(), QLabel):
                texts.append(item.widget().text())
    return texts


def headers(table: QTableWidget) -> list[str]:
    return [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]


def check(texts: list[str], language: str, zh_labels: set[str]) -> None:
    assert texts
    for text in texts:
        bare = text.rstrip(":：* ").strip()
        if language == "en":
            first = next(ch for ch in bare if ch.isalpha())
            assert first.isupper(), text
        else:
            assert bare in zh_labels, text


@pytest.fixture
def household(ws: Workspace, project: str) -> str:
    household = ws.create(
        "household", {"project_id": project, "address": "3栋2单元501室", "head_name": "章金伟"}
    )
    ws.create("member", {"household_id": household, "name": "章金伟", "relation": "户主"})
    return household


def zh_of(*entities: str) -> set[str]:
    return {f.zh for e in entities for f in ENTITIES[e].fields}


def test_household_overview_labels_and_member_headers(
    ctx: AppContext, qtbot: Any, household: str, language: str
) -> None:
    window = laptop_window(ctx, qtbot)
    page = open_household(window, ctx, household)
    overview = page.view.tabs.widget(0)
    labels = form_labels(overview)
    assert len(labels) == 14
    check(labels, language, zh_of("household"))
    check(headers(page.view.members_table), language, zh_of("member"))
    if language == "en":
        assert "Head of household:" in labels
        assert "Registered area (m²):" in labels
        assert "Head's ID number:" in labels
    window.close()
    settle(ctx)


def test_edit_dialog_and_visit_form_labels(
    ctx: AppContext, qtbot: Any, household: str, language: str
) -> None:
    window = laptop_window(ctx, qtbot)
    page = open_household(window, ctx, household)
    page.view.edit_button.click()
    settle(ctx)
    dialog = window.findChild(QDialog, "householdEditDialog")
    assert dialog is not None
    check(form_labels(dialog), language, zh_of("household"))
    dialog.close()
    window.record_visit()
    settle(ctx)
    form = next(iter(window.visit_forms.values()))
    check(form_labels(form), language, zh_of("visit"))
    form.discard_draft()
    form.close()
    window.close()
    settle(ctx)


def test_in_a_sentence_a_field_keeps_its_lower_case_words(language: str) -> None:
    from domain.errors import Label, UserError

    spec = ENTITIES["household"].field("head_name")
    sentence = str(UserError("required", field=Label(spec.zh, spec.en)))
    assert sentence == (
        "请填写“户主姓名”。" if language == "zh" else "Please fill in “head of household”."
    )
    assert i18n.field_label("household", "head_name") == (
        "户主姓名" if language == "zh" else "Head of household"
    )
    assert i18n.field_words("household", "head_name") == (
        "户主姓名" if language == "zh" else "head of household"
    )


def test_record_kinds_in_a_list_keep_their_words(language: str) -> None:
    """ "12 (household 3, visit 5, audit entries 4)": kinds counted inside a sentence are words,
    not headings ("Household 3, Visit 5, audit entries 4" mixed the two)."""
    from ui.sync_page import kinds_text

    text = kinds_text({"household": 3, "visit": 5, "event": 4})
    if language == "en":
        assert text == "household 3, visit 5, audit entries 4"
    else:
        assert text.startswith("被征收户 3") and text.endswith("操作记录 4")
