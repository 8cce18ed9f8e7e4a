"""The building grid page (楼盘表): a cell per household in its state group's colour, the
overdue-visit triangle, "签约 x / y" per building and project, a click opens the household, the
PDF is saved, and the page fits a 1366×768 screen."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor

from domain.building_grid import GROUP_FILLS, OVERDUE_COLOUR
from services import demo, households, visits
from services.workspace import Workspace
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.pages.building_grid import BuildingGridPage, GridCanvas, tooltip
from ui.reports_page import ReportsPage

from .conftest import settle

# name, address, state, the group it is drawn in
HOMES = [
    ("甲", "春潮新村3栋1单元101室", "surveying", "unsigned"),
    ("乙", "春潮新村3栋1单元102室", "signed", "signed"),
    ("丙", "春潮新村3栋1单元201室", "vacated", "vacated"),
    ("丁", "春潮新村3栋2单元101室", "handed_over", "handed_over"),
    ("戊", "春潮新村5栋1单元101室", "no_agreement", "unsigned"),
    ("己", "梅村老街12号", "completed", "handed_over"),
]


@pytest.fixture
def homes(ws: Workspace, project: str) -> dict[str, str]:
    ids = {}
    for name, address, state, _group in HOMES:
        ids[name] = households.create_household(
            ws, {"project_id": project, "address": address, "head_name": name, "state": state}
        )
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    visits.add_visit(
        ws,
        ids["甲"],
        {"visited_on": "2026-01-05", "next_visit_due": yesterday, "attitude": "oppose"},
    )
    return ids


def _page(ctx: AppContext, qtbot: Any) -> BuildingGridPage:
    page = BuildingGridPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    settle(ctx)
    return page


def _pixel(canvas: GridCanvas, point: QPoint) -> str:
    return QColor(canvas.grab().toImage().pixel(point)).name().upper()


def test_each_state_group_has_its_colour(
    ctx: AppContext, qtbot: Any, homes: dict[str, str]
) -> None:
    page = _page(ctx, qtbot)
    canvas = page.canvas
    assert len([c for c in canvas.cells if c.household]) == len(HOMES)
    for name, _address, _state, group in HOMES:
        rect = canvas.cell_rect(homes[name])
        # Bottom right, inside the border: no text reaches there for a one-character name.
        assert _pixel(canvas, rect.bottomRight() - QPoint(6, 6)) == GROUP_FILLS[group], name
    # The overdue household carries the red corner triangle; the others do not.
    overdue = canvas.cell_rect(homes["甲"])
    assert _pixel(canvas, overdue.topRight() + QPoint(-5, 4)) == OVERDUE_COLOUR
    calm = canvas.cell_rect(homes["乙"])
    assert _pixel(canvas, calm.topRight() + QPoint(-5, 4)) == GROUP_FILLS["signed"]
    by_id = {c.household.id: c.household for c in canvas.cells if c.household}
    assert by_id[homes["甲"]].attitude == "oppose" and by_id[homes["甲"]].overdue


def test_signed_counts_per_building_and_project(
    ctx: AppContext, qtbot: Any, homes: dict[str, str]
) -> None:
    page = _page(ctx, qtbot)
    assert "签约 4 / 6" in page.summary.text() and "2" in page.summary.text()
    titles = [label.text for label in page.canvas.labels if label.kind in ("title", "signed")]
    assert titles == [
        "春潮新村 3栋", "签约 3 / 4", "春潮新村 5栋", "签约 0 / 1", "梅村老街", "签约 1 / 1",
    ]  # fmt: skip
    assert "已交房 2" in page.legend.text() and "未签约 2" in page.legend.text()
    floors = [label.text for label in page.canvas.labels if label.kind == "floor"]
    assert floors[:2] == ["2层", "1层"]


def test_clicking_a_room_opens_the_household(
    window: MainWindow, ctx: AppContext, qtbot: Any, homes: dict[str, str]
) -> None:
    page = window.show_page("grid")
    settle(ctx)
    assert isinstance(page, BuildingGridPage)
    canvas = page.canvas
    centre = canvas.cell_rect(homes["丙"]).center()
    page.scroller.ensureVisible(centre.x(), centre.y())
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=centre)
    settle(ctx)
    assert window.current_key() == "households"
    assert window.page("households").view.household_id == homes["丙"]  # type: ignore[attr-defined]
    assert ctx.current_household == homes["丙"]
    # A click between rooms opens nothing.
    window.show_page("grid")
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
    settle(ctx)
    assert window.current_key() == "grid"


def test_a_change_elsewhere_recolours_the_room(
    ctx: AppContext, qtbot: Any, homes: dict[str, str]
) -> None:
    page = _page(ctx, qtbot)
    households.change_state(ctx.ws, homes["乙"], "moving")
    households.change_state(ctx.ws, homes["乙"], "vacated")
    ctx.notify("household", homes["乙"])
    settle(ctx)
    rect = page.canvas.cell_rect(homes["乙"])
    assert _pixel(page.canvas, rect.bottomRight() - QPoint(6, 6)) == GROUP_FILLS["vacated"]


def test_saving_the_pdf(
    ctx: AppContext, qtbot: Any, homes: dict[str, str], project: str, tmp_path: Path
) -> None:
    page = _page(ctx, qtbot)
    out = tmp_path / "楼盘表.pdf"
    page.save_to(out)
    settle(ctx)
    assert out.read_bytes().startswith(b"%PDF") and page.generated is not None
    assert str(out) in page.message.text()
    event = ctx.ws.events("export", project)[-1]
    assert event.value["document"] == "grid" and event.value["file"] == "楼盘表.pdf"


def test_a_project_without_households_and_the_layout_follows_the_width(
    ctx: AppContext, qtbot: Any, ws: Workspace, project: str
) -> None:
    for i in range(1, 41):
        households.create_household(
            ws,
            {"project_id": project, "address": f"春潮新村{i}栋1单元101室", "head_name": f"户{i}"},
        )
    page = _page(ctx, qtbot)
    wide = page.canvas.height()
    page.resize(500, 700)
    settle(ctx)
    assert page.canvas.height() > wide  # fewer buildings a row: taller
    assert page.canvas.width() <= page.scroller.viewport().width() + 1
    ws.create(
        "project",
        {"code": "EMPTY", "name": "空项目", "district": "新吴区", "sub_district": "旺庄街道"},
    )
    page.reload()
    settle(ctx)
    page.project.setCurrentIndex(page.project.findText("EMPTY", Qt.MatchFlag.MatchStartsWith))
    settle(ctx)
    assert page.canvas.cells == [] and "0 / 0" in page.summary.text()


def test_fits_1366_by_768(ctx: AppContext, qtbot: Any, homes: dict[str, str]) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    page = window.show_page("grid")
    settle(ctx)
    assert page.minimumSizeHint().width() <= window.stack.width()
    assert page.minimumSizeHint().height() <= window.stack.height()
    assert page.save_pdf.isVisible() and page.save_pdf.geometry().right() <= page.width()


def test_hostile_names_and_addresses_stay_in_their_cells(
    ctx: AppContext, qtbot: Any, ws: Workspace, project: str
) -> None:
    long_name = "很长的名字" * 8  # 40 characters, the field's limit
    odd = {
        long_name: "春潮新村1栋1单元101室",
        "王🙂🙂": "春潮新村1栋1单元102室",
        "王!!!": "🏠" * 100,
        "王芳": "x" * 200,
    }
    ids = {
        name: households.create_household(
            ws, {"project_id": project, "address": address, "head_name": name}
        )
        for name, address in odd.items()
    }
    page = _page(ctx, qtbot)
    cells = {c.household.id: c for c in page.canvas.cells if c.household}
    assert cells[ids[long_name]].name.endswith("…") and len(cells[ids[long_name]].name) < 10
    assert cells[ids["王芳"]].top.endswith("…")
    assert tooltip(cells[ids["王芳"]].household).splitlines()[1] == "x" * 79 + "…"
    page.canvas.grab()  # paints without error


def test_the_keyboard_moves_between_rooms_and_opens_one(
    window: MainWindow, ctx: AppContext, qtbot: Any, homes: dict[str, str]
) -> None:
    page = window.show_page("grid")
    settle(ctx)
    canvas = page.canvas
    canvas.setFocus()
    assert canvas.current_household() == homes["丙"]  # 3栋 1单元 2层 first: top floor first
    qtbot.keyClick(canvas, Qt.Key.Key_Down)
    assert canvas.current_household() == homes["甲"]  # 101, below 201
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    assert canvas.current_household() == homes["乙"]
    qtbot.keyClick(canvas, Qt.Key.Key_End)
    assert canvas.current_household() == homes["己"]
    qtbot.keyClick(canvas, Qt.Key.Key_Home)
    qtbot.keyClick(canvas, Qt.Key.Key_Return)
    settle(ctx)
    assert window.current_key() == "households" and ctx.current_household == homes["丙"]


def test_a_long_estate_name_does_not_widen_its_building(
    ctx: AppContext, qtbot: Any, ws: Workspace, project: str
) -> None:
    estate = "春潮" * 90
    households.create_household(
        ws, {"project_id": project, "address": f"{estate}3栋1单元101室", "head_name": "王芳"}
    )
    page = _page(ctx, qtbot)
    title = next(label for label in page.canvas.labels if label.kind == "title")
    assert title.text.endswith("…") and title.rect.width() <= 330
    assert page.canvas.width() <= page.scroller.viewport().width() + 1


def test_highlighting_fades_the_other_rooms(
    ctx: AppContext, qtbot: Any, homes: dict[str, str]
) -> None:
    page = _page(ctx, qtbot)
    canvas = page.canvas

    def fill(name: str) -> str:
        return _pixel(canvas, canvas.cell_rect(homes[name]).bottomRight() - QPoint(6, 6))

    page.highlight.setCurrentIndex(page.highlight.findData("oppose"))
    assert page.highlight_count.text() == "1 户"
    assert fill("甲") == GROUP_FILLS["unsigned"]  # 甲 opposes: as it was
    assert fill("丁") not in (GROUP_FILLS["handed_over"], "#FFFFFF")  # faded, still tinted
    page.highlight.setCurrentIndex(page.highlight.findData("mine"))
    assert page.highlight_count.text() == f"{len(HOMES)} 户"  # the profile's caseworker made them
    page.highlight.setCurrentIndex(page.highlight.findData("unsigned"))
    assert page.highlight_count.text() == "2 户"
    page.highlight.setCurrentIndex(0)
    assert page.highlight_count.text() == "" and fill("丁") == GROUP_FILLS["handed_over"]


def test_go_to_a_building(ctx: AppContext, qtbot: Any, ws: Workspace, project: str) -> None:
    for i in range(1, 31):
        for floor in range(1, 7):
            households.create_household(
                ws,
                {
                    "project_id": project,
                    "address": f"春潮新村{i}栋1单元{floor}01室",
                    "head_name": f"户{i}",
                },
            )
    page = _page(ctx, qtbot)
    assert page.go_to.count() == 31 and page.go_to.itemText(30) == "春潮新村 30栋"
    assert page.scroller.verticalScrollBar().value() == 0
    page.go_to.setCurrentIndex(30)
    page.go_to.activated.emit(30)
    top = page.canvas.block_tops[29]
    assert top.y() > page.scroller.viewport().height()  # it was out of sight
    assert page.scroller.verticalScrollBar().value() == min(
        top.y() - 8, page.scroller.verticalScrollBar().maximum()
    )


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
def test_the_documents_page_appends_the_grids_to_the_weekly_report(
    ctx: AppContext, qtbot: Any, ws: Workspace
) -> None:
    demo.load_demo(ws, 30, seed=5)
    page = ReportsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    settle(ctx)
    page.kind.setCurrentIndex(page.kind.findData("weekly"))
    page.scope_kind.setCurrentIndex(page.scope_kind.findData("all"))
    settle(ctx)
    assert not page.weekly_grid.isChecked() and not page.spec().with_grid
    page.weekly_grid.setChecked(True)
    assert page.spec().with_grid
    page.generate()
    settle(ctx)
    assert page.generated is not None, page.status.text()
    text = subprocess.run(  # the preview is held in memory
        ["pdftotext", "-", "-"], input=page.generated.content, capture_output=True, check=True
    ).stdout.decode()
    assert "附：楼盘表" in text and "楼盘表" in text


def test_the_legend_entries_stand_alone_with_a_capital(
    ctx: AppContext, qtbot: Any, homes: dict[str, str], language: str
) -> None:
    """ "Not signed 2 · Agrees · Opposes" beside "visit overdue": every legend entry stands
    alone, so each starts with a capital in English."""
    page = _page(ctx, qtbot)
    entries = [text for _kind, _colour, text in page.legend.entries]
    assert len(entries) >= 5
    if language == "en":
        for text in entries:
            first = next(ch for ch in text if ch.isalpha())
            assert first.isupper(), text
