"""The hostile path at 1366×768: the longest texts a field allows (4 000 characters, with no place
to break a line), punctuation- and emoji-only names. Everything stays readable inside its pane:
no value pushed past the right edge, no column squeezed to a character's width."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from services.requests import add_request
from services.workspace import Workspace
from tests.ui.conftest import laptop_window, settle
from ui import i18n
from ui.context import AppContext
from ui.formatting import LONGEST_UNBROKEN, breakable
from ui.main_window import MainWindow

UNBROKEN = "A" * 4000  # a pasted hash, a URL, a held-down key
PUNCTUATION = "！？……——（）【】" * 20
LONG_CHINESE = ("群众反映安置房面积不足、过渡费偏低，要求重新评估。" * 200)[:4000]


def right_edge(widget: QWidget, within: QWidget) -> int:
    return widget.mapTo(within, QPoint(widget.width(), 0)).x()


def overflowing(labels: dict[str, QLabel], within: QWidget) -> list[str]:
    """Labels reaching past `within`'s right edge, or whose text does not fit inside them (a
    word-wrapped label clips a word longer than its width)."""
    found = []
    for name, label in labels.items():
        if not label.isVisibleTo(within) or not label.text():
            continue
        if right_edge(label, within) > within.width():
            found.append(f"{name}: right edge {right_edge(label, within)} > {within.width()}")
        room = label.contentsRect()
        flags = Qt.TextFlag.TextWordWrap if label.wordWrap() else 0
        need = label.fontMetrics().boundingRect(
            QRect(0, 0, room.width(), 1_000_000), int(flags), label.text()
        )
        if need.width() > room.width() + 1 or need.height() > room.height() + 1:
            found.append(f"{name}: text needs {need.size()} in {room.size()}")
    return found


@pytest.fixture(params=["zh", "en"])
def wide_window(
    request: pytest.FixtureRequest, qapp: QApplication, ctx: AppContext, qtbot: Any
) -> Iterator[MainWindow]:
    """The main window at 1366×768 (less a task bar) in each language."""
    i18n.install(qapp, request.param)
    window = laptop_window(ctx, qtbot)
    yield window
    settle(ctx)
    i18n.install(qapp, "zh")


@pytest.mark.parametrize(
    ("notes", "address", "head"),
    [
        (UNBROKEN, PUNCTUATION, "！？……——"),
        (LONG_CHINESE, "😀" * 200, "🏠🏡🏘️"),
    ],
    ids=["unbroken-latin", "long-chinese-emoji"],
)
def test_the_household_overview_keeps_the_longest_values_inside_the_pane(
    wide_window: MainWindow,
    ctx: AppContext,
    ws: Workspace,
    project: str,
    notes: str,
    address: str,
    head: str,
) -> None:
    household = ws.create(
        "household",
        {
            "project_id": project,
            "address": address,
            "head_name": head,
            "notes": notes,
            "head_id_number": "11010519491231002X",
            "phone": "13912345678",
        },
    )
    page: Any = wide_window.show_page("households")
    page.show_household(household)
    settle(ctx)
    view = page.view
    labels = dict(view.info_labels) | {"title": view.title, "subtitle": view.subtitle}
    assert overflowing(labels, view) == []
    # the left column (project, address, head) keeps a readable width beside long notes
    narrowest = min(view.info_labels[name].width() for name in ("project_id", "address"))
    assert narrowest >= 120, narrowest
    for masked in (view.head_id, view.head_phone):  # the masked number whole, its button beside
        assert masked.label.width() >= masked.label.sizeHint().width(), masked.label.text()
        assert right_edge(masked.button, view) <= view.width()


def test_a_request_with_the_longest_unbroken_text_stays_inside_its_pane(
    wide_window: MainWindow, ctx: AppContext, ws: Workspace, project: str
) -> None:
    household = ws.create(
        "household", {"project_id": project, "address": PUNCTUATION, "head_name": "！？……——"}
    )
    add_request(
        ws, {"household_id": household, "category": "area", "summary": UNBROKEN, "reply": UNBROKEN}
    )
    page: Any = wide_window.show_page("requests")
    settle(ctx)
    page.table.selectRow(0)
    settle(ctx)
    labels = {f"label {i}": label for i, label in enumerate(page.findChildren(QLabel))}
    assert overflowing(labels, page) == []


@given(st.text(min_size=0, max_size=300))
def test_breakable_changes_only_where_a_line_could_not_break(text: str) -> None:
    shown = breakable(text)
    assert shown.replace("\u200b", "") == text.replace("\u200b", "")
    if len(text) <= LONGEST_UNBROKEN:
        assert shown == text  # short values (names, IDs to copy) are never touched


def test_the_visit_form_heading_stays_short_for_the_longest_address(
    window: MainWindow, ctx: AppContext, ws: Workspace, project: str
) -> None:
    household = ws.create(
        "household", {"project_id": project, "address": "😀" * 200, "head_name": "🏠🏡🏘️"}
    )
    form = window.open_visit_form(household)
    settle(ctx)
    heading = form.heading
    lines = heading.height() / heading.fontMetrics().lineSpacing()
    assert lines <= 3, lines  # the form's fields keep the room they need
    assert "😀" * 200 in heading.toolTip()  # the whole address is one hover away
    assert len(form.windowTitle()) < 120
    form.close()


def test_a_request_of_exactly_4000_characters_saves_and_4001_is_refused_in_a_sentence(
    window: MainWindow, ctx: AppContext, ws: Workspace, project: str
) -> None:
    from services import requests
    from ui.household_view import open_request_dialog

    household = ws.create(
        "household", {"project_id": project, "address": "😀家园1号", "head_name": "！？……——"}
    )
    before = requests.register(ws, requests.RequestFilter())
    dialog = open_request_dialog(ctx, household, window)
    dialog.form.set_values({"category": "area", "summary": UNBROKEN + "B"})
    dialog.submit()
    settle(ctx)
    refusal = dialog.form.errors["summary"]
    assert dialog.isVisible() and refusal.isVisibleTo(dialog)
    assert "4000" in refusal.text() and "\n" not in refusal.text()
    assert requests.register(ws, requests.RequestFilter()) == before  # nothing saved
    dialog.form.set_values({"summary": UNBROKEN})
    dialog.submit()
    settle(ctx)
    assert not dialog.isVisible()
    saved = requests.register(ws, requests.RequestFilter())
    assert [r["summary"] for r in saved if r["id"] not in {b["id"] for b in before}] == [UNBROKEN]


def test_the_documents_page_keeps_its_controls_whole_for_the_longest_address(
    wide_window: MainWindow, ctx: AppContext, ws: Workspace, project: str
) -> None:
    """The chosen household's 200-emoji address pushed the controls' pane wider than its room:
    the generate and Excel buttons were cut to blank strips."""
    from tests.ui.fit_check import cut_texts

    row = {"head_name": "🏠🏡", "address": "😀" * 200}
    household = ws.create("household", {"project_id": project, **row})
    page: Any = wide_window.show_page("reports")
    settle(ctx)
    page.kind.setCurrentIndex(page.kind.findData("household"))
    page.household_picker.set_household(household, row)
    settle(ctx)
    picker = page.household_picker
    controls = page.splitter.widget(0)  # the scrolling pane of controls left of the preview
    assert right_edge(picker, controls) <= controls.width()
    assert right_edge(page.generate_button, controls) <= controls.width()
    assert cut_texts(page) == []
    assert "😀" * 200 in picker.selected.toolTip()
