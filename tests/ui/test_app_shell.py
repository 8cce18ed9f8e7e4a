"""First run, the navigation registry, the lazily fetched household list, the status bar,
persisted layout, and a 150 % scaling screenshot."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel, QStyle

from services import demo
from services.workspace import Workspace
from tests.ui.conftest import settle, type_text
from ui import registry
from ui.context import AppContext
from ui.first_run import FirstRunDialog
from ui.main_window import MainWindow
from ui.registry import PageSpec
from ui.tasks import tasks

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def empty_ws(tmp_path: Path) -> Iterator[Workspace]:
    workspace = Workspace.open(tmp_path / "new.db")
    yield workspace
    workspace.close()


def test_first_run_makes_the_profile_and_loads_demo_data(empty_ws: Workspace, qtbot: Any) -> None:
    dialog = FirstRunDialog(empty_ws, tasks())
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.caseworker, "王芳")
    type_text(dialog.district, "新吴区")
    type_text(dialog.sub_district, "旺庄街道")
    dialog.device_name.setText("")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.buttons.isEnabled(), timeout=5000)
    assert "本机名称" in dialog.error.text()  # refused in one sentence, inline
    assert empty_ws.profile() is None
    type_text(dialog.device_name, "旺庄-笔记本2")
    assert not dialog.error.isVisible()  # fixed: the refusal does not linger
    dialog.demo.setChecked(True)
    dialog.demo_count.setValue(12)
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=20000)
    profile = empty_ws.profile()
    assert profile is not None and profile.caseworker == "王芳" and profile.role == "laptop"
    assert demo.has_households(empty_ws)


def test_the_district_office_chooses_the_hub_role(empty_ws: Workspace, qtbot: Any) -> None:
    dialog = FirstRunDialog(empty_ws, tasks())
    qtbot.addWidget(dialog)
    assert [dialog.role.itemText(i) for i in range(2)] == ["街道笔记本", "区征收办（中心）"]
    type_text(dialog.caseworker, "周主任")
    type_text(dialog.district, "新吴区")
    type_text(dialog.sub_district, "区征收办")
    dialog.role.setCurrentIndex(1)
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=5000)
    profile = empty_ws.profile()
    assert profile is not None and profile.role == "hub"


def test_navigation_is_built_from_the_registry(ctx: AppContext, qtbot: Any) -> None:
    made: list[AppContext] = []

    def factory(context: AppContext) -> QLabel:
        made.append(context)
        return QLabel("同步")

    registry.register_page(
        PageSpec(
            key="test-sync",
            title=lambda: "同步",
            icon=QStyle.StandardPixmap.SP_BrowserReload,
            factory=factory,
            order=50,
            badge=lambda ws: 3,
        )
    )
    try:
        win = MainWindow(ctx)
        qtbot.addWidget(win)
        win.show()
        settle(ctx)
        titles = [win.nav.item(i).text() for i in range(win.nav.count())]
        core = ["项目", "住户", "走访", "诉求", "同步 (3)"]  # other pages may sit between
        assert [title for title in titles if title in core] == core
        assert made == []  # pages are made when first shown
        win.show_page("test-sync")
        assert made == [ctx]
        assert "数据库" in win.db_label.text() and ctx.db_path.name in win.db_label.text()
        assert win.db_label.toolTip() == str(ctx.db_path)  # the whole path, without widening
        assert "李明" in win.profile_label.text() and "旺庄-笔记本1" in win.profile_label.text()
        win.close()
    finally:
        registry.unregister_page("test-sync")


def test_household_list_fetches_pages_lazily_and_keeps_layout(
    ctx: AppContext, ws: Workspace, qtbot: Any
) -> None:
    demo.load_demo(ws, 450, visits_per_household=0.5, requests_per_household=0.1)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    page: Any = win.show_page("households")
    settle(ctx)
    model = page.model
    assert model.total == 450
    assert model.rowCount() == model.PAGE  # only the first page is in memory
    assert model.canFetchMore()
    page.table.scrollToBottom()
    settle(ctx)
    model.fetchMore()
    settle(ctx)
    assert model.PAGE < model.rowCount() <= 450
    while model.canFetchMore():
        model.fetchMore()
        settle(ctx)
    assert model.rowCount() == 450
    assert len({row["id"] for row in model.rows}) == 450

    page.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    settle(ctx)
    names = [row["head_name"] for row in model.rows]
    assert names == sorted(names, reverse=True)

    page.table.setColumnWidth(0, 333)
    page.splitter.setSizes([700, 400])
    win.close()
    again = MainWindow(ctx)
    qtbot.addWidget(again)
    again.show()
    page2: Any = again.show_page("households")
    settle(ctx)
    assert page2.table.columnWidth(0) == 333
    again.close()


def test_screenshot_at_150_percent_scaling(tmp_path: Path) -> None:
    """A real run of the screenshot script with QT_SCALE_FACTOR=1.5 (offscreen)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "screenshots.py"),
            "--out",
            str(tmp_path),
            "--households",
            "20",
            "--scale",
            "1.5",
            "--only",
            "households",
        ],
        check=True,
        env=env,
        capture_output=True,
        timeout=120,
        cwd=ROOT,
    )
    image = QImage(str(tmp_path / "screen-households.png"))
    assert not image.isNull()
    assert image.width() >= 1360 * 1.5 - 2  # drawn at 1.5x device pixels
    QCoreApplication.processEvents()
