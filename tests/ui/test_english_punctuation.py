"""Every page in English: a sentence written in English ends and separates its parts in English
punctuation ("prevails。" and "(at most 1)；A missing input" came from joining with Chinese marks)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QLabel

from services import demo
from services.workspace import Workspace
from tests.ui.conftest import settle
from ui import i18n
from ui.context import AppContext
from ui.main_window import MainWindow

CJK = re.compile(r"[\u3400-\u9fff]")
CHINESE_MARKS = re.compile(r"[。；，：]")


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    i18n.install(qapp, "en")
    yield
    i18n.install(qapp, "zh")


def test_english_labels_use_english_punctuation(
    english: None, ws: Workspace, ctx: AppContext, qtbot: Any
) -> None:
    demo.load_demo(ws, 30, seed=3)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    settle(ctx)
    found = []
    for spec in window.specs:
        page = window.show_page(spec.key)
        settle(ctx)
        for label in page.findChildren(QLabel):
            text = label.text()
            # English prose (no Chinese data in it) with a Chinese mark joined in
            if label.isVisibleTo(page) and not CJK.search(text) and CHINESE_MARKS.search(text):
                found.append(f"{spec.key}: {text[:120]!r}")
    assert found == [], "\n".join(found)
    window.close()


def test_one_household_found_is_singular_in_english(
    english: None, ws: Workspace, project: str, ctx: AppContext, qtbot: Any
) -> None:
    """ "1 households found" under a search that found one."""
    ws.create("household", {"project_id": project, "address": "春潮新村1号", "head_name": "章金伟"})
    ws.create("household", {"project_id": project, "address": "春潮新村2号", "head_name": "李明"})
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    page: Any = window.show_page("households")
    settle(ctx)
    assert page.count_label.text() == "2 households"
    page.search.setText("zjw")
    page._search_now()
    settle(ctx)
    assert page.count_label.text() == "1 household found"
    window.close()
