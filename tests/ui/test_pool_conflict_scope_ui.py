"""A double allocation across scopes on a laptop (tests/services/test_pool_conflict_scope.py):
both the flats page and the conflicts page name the other claim in one sentence, in Chinese and
English, and offer nothing that would settle it here — the district office decides at the hub."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLabel, QRadioButton

from services import flats
from tests.services.pool_conflict_kit import crossed as crossed  # a fixture
from tests.sync.sync_kit import District, sync_all
from tests.ui.conftest import settle
from tests.ui.test_sync_page import context_for
from ui.conflicts_page import ConflictsPage
from ui.context import AppContext
from ui.pages.flats import FlatsPage

SENTENCE = {"zh": "本机范围外的住户", "en": "a household outside this laptop's scope"}
HUB_NOTE = {"zh": "区征收办", "en": "district office"}


def test_flats_page_names_the_other_household_and_leaves_it_to_the_hub(
    crossed: tuple[District, str, str, str], tmp_path: Path, qtbot: Any, language: str
) -> None:
    district, _flat, _wang, _shuo = crossed
    one = district.laptops[0]
    before = one.state()
    ctx = context_for(one, tmp_path)
    page = FlatsPage(ctx)
    qtbot.addWidget(page)
    settle(ctx)
    assert page.doubles.rowCount() == 1
    claims = page.doubles.item(0, 1).text()
    assert "王大" in claims and SENTENCE[language] in claims
    assert "（）" not in claims and "()" not in claims  # no empty name, no empty address
    assert not page.winner.isEnabled() and not page.resolve_button.isEnabled()
    assert not page.decide_row.isVisibleTo(page)  # no empty "give the flat to" choice
    assert page.hub_note.isVisibleTo(page) and HUB_NOTE[language] in page.hub_note.text()
    page.resolve()  # even if pressed: nothing happens
    settle(ctx)
    assert one.state() == before and page.doubles.rowCount() == 1


def test_conflicts_page_shows_the_sentence_and_offers_no_choice(
    crossed: tuple[District, str, str, str], tmp_path: Path, qtbot: Any, language: str
) -> None:
    district, flat, _wang, _shuo = crossed
    one = district.laptops[0]
    before = one.state()
    ctx = context_for(one, tmp_path)
    page = ConflictsPage(ctx)
    qtbot.addWidget(page)
    settle(ctx)
    row = next(r for r, v in enumerate(page.views) if v.record_id == flat)
    page.table.selectRow(row)
    assert SENTENCE[language] in page.table.item(row, 3).text()
    assert page.detail.findChildren(QRadioButton, "conflictChoice") == []
    infos = [label.text() for label in page.detail.findChildren(QLabel, "conflictInfo")]
    assert any(SENTENCE[language] in text for text in infos)
    assert any("王大" in text for text in infos)  # our own household by name, not by its id
    assert not page.new_value.isVisibleTo(page) and not page.resolve_button.isEnabled()
    assert HUB_NOTE[language] in page.hub_note.text() and page.hub_note.isVisibleTo(page)
    page.resolve()
    settle(ctx)
    assert one.state() == before


def test_a_flat_held_outside_the_scope_says_so_and_is_not_free(
    crossed: tuple[District, str, str, str], tmp_path: Path, qtbot: Any, language: str
) -> None:
    district, flat, _wang, shuo = crossed
    flats.resolve_double_allocation(district.hub.ws, flat, shuo)
    sync_all(district)
    ctx = context_for(district.laptops[0], tmp_path)
    page = FlatsPage(ctx)
    qtbot.addWidget(page)
    settle(ctx)
    holder = page.model.columnCount() - 1
    assert page.model.data(page.model.index(0, holder)) == SENTENCE[language]
    page.free_only.setChecked(True)
    settle(ctx)
    assert page.model.rowCount() == 0


HUB_TITLE = {"zh": "由区征收办决定", "en": "Decided at the district office"}


def test_a_hub_only_conflict_shows_no_resolve_button_and_says_who_decides(
    crossed: tuple[District, str, str, str], tmp_path: Path, qtbot: Any, language: str
) -> None:
    """A laptop cannot settle it: a greyed Resolve button beside the note read as broken (the
    caseworker pressed it, nothing happened). The box is titled by who decides, no button."""
    district, flat, _wang, _shuo = crossed
    ctx = context_for(district.laptops[0], tmp_path)
    page = ConflictsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    settle(ctx)
    row = next(r for r, v in enumerate(page.views) if v.record_id == flat)
    page.table.selectRow(row)
    assert not page.resolve_button.isVisibleTo(page)
    assert page.detail.title() == HUB_TITLE[language]
    assert page.hub_note.isVisibleTo(page) and not page.note.isVisibleTo(page)


def test_no_conflicts_shows_the_sentence_not_an_empty_resolve_box(
    ctx: AppContext, qtbot: Any, language: str
) -> None:
    """With nothing to resolve the page says so; no empty table and greyed Resolve box."""
    page = ConflictsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    settle(ctx)
    assert page.views == [] and page.empty.isVisibleTo(page)
    assert not page.detail.isVisibleTo(page) and not page.table.isVisibleTo(page)
    assert not page.resolve_button.isVisibleTo(page)
