"""The "name (address)" columns of Today, House tickets, Flats and Requests at 1366×768, in Chinese and in
English. Two households of one project may share a head's name and, in different estates, the
same building, unit and room; cut at the end, their cells read alike ("王芳（旺庄街道华庄新…").
Each cell now shows the name and what tells the address apart (its estate and its room,
ui.short_address), and its tooltip the whole text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt

from services import flats, requests, tickets, visits
from services.workspace import Workspace
from tests.ui.conftest import laptop_window, settle, shown_text
from ui import formatting
from ui.context import AppContext

TODAY = dt.date(2026, 11, 26)
HOUSEHOLDS = (
    ("王芳", "旺庄街道华庄新村1栋1单元201室"),
    ("王芳", "旺庄街道春潮花园1栋1单元201室"),
    ("王芳", "旺庄街道华庄新村1栋1单元202室"),
    ("王芳", "旺庄街道长江一村1栋1单元201室"),
)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(formatting, "today", lambda: TODAY)
    yield


@pytest.fixture
def alike(ws: Workspace, project: str) -> list[str]:
    """Four households of 李明 whose cells looked alike, each with an overdue visit, a ticket
    about to expire and a flat."""
    ids = []
    for n, (name, address) in enumerate(HOUSEHOLDS):
        household = ws.create(
            "household",
            {
                "project_id": project,
                "head_name": name,
                "address": address,
                "caseworker": "李明",
                "sub_district": "旺庄街道",
            },
        )
        visits.add_visit(
            ws,
            household,
            {"visited_on": "2026-10-01", "explained": "讲解方案", "next_visit_due": "2026-11-20"},
        )
        tickets.issue_ticket(
            ws,
            household,
            number=f"XWFP-2026-{n:05}",
            face_amount=1_000_000,
            issued_on="2026-06-01",
            valid_until="2026-12-10",
        )
        flat = flats.add_flat(
            ws, {"estate": "安置小区", "building": "1", "number": f"10{n}", "district": "新吴区"}
        )
        flats.allocate(ws, flat, household)
        requests.add_request(
            ws,
            {
                "household_id": household,
                "project_id": project,
                "received_on": "2026-11-20",
                "category": "amount",
                "deadline": "2026-12-05",
                "summary": "认为补偿单价低于周边",
            },
        )
        ids.append(household)
    return ids


def addresses_in(text: str) -> list[str]:
    return [address for _name, address in HOUSEHOLDS if address in text]


def check_column(page: Any, column: int, rows: list[int]) -> None:
    """The rows' cells as painted differ from each other, each naming its household's estate
    and room, and each tooltip holds the whole text."""
    model = page.table.model()
    shown = {}
    for row in rows:
        text = model.index(row, column).data()
        (address,) = addresses_in(text)
        seen = shown_text(page.table, row, column)
        shown[address] = seen
        assert "王芳" in seen, seen
        estate, room = address[len("旺庄街道") :][:2], address[-4:-1]
        assert estate in seen and room in seen, (address, seen)
        # the whole text (after the row's marks: "Overdue; …" on the requests page)
        assert model.index(row, column).data(Qt.ItemDataRole.ToolTipRole).endswith(text)
    assert len(set(shown.values())) == len(HOUSEHOLDS), shown


def rows_of_households(page: Any, column: int) -> list[int]:
    model = page.table.model()
    return [r for r in range(model.rowCount()) if addresses_in(model.index(r, column).data())]


def test_today_tells_the_households_apart(
    alike: list[str], ctx: AppContext, qtbot: Any, language: str
) -> None:
    window = laptop_window(ctx, qtbot)
    page: Any = window.show_page("today")
    settle(ctx)
    page.show_kind("visit")
    what = 3
    rows = rows_of_households(page, what)
    assert len(rows) == len(HOUSEHOLDS)
    check_column(page, what, rows)
    window.close()


def test_tickets_tell_the_households_apart(
    alike: list[str], ctx: AppContext, qtbot: Any, language: str
) -> None:
    window = laptop_window(ctx, qtbot)
    page: Any = window.show_page("tickets")
    settle(ctx)
    rows = rows_of_households(page, 1)
    assert len(rows) == len(HOUSEHOLDS)
    check_column(page, 1, rows)
    window.close()


def test_flats_tell_the_households_apart(
    alike: list[str], ctx: AppContext, qtbot: Any, language: str
) -> None:
    window = laptop_window(ctx, qtbot)
    page: Any = window.show_page("flats")
    settle(ctx)
    household = page.model.columnCount() - 1
    rows = rows_of_households(page, household)
    assert len(rows) == len(HOUSEHOLDS)
    check_column(page, household, rows)
    window.close()


def test_todays_what_column_takes_the_spare_width(
    alike: list[str], ctx: AppContext, qtbot: Any, language: str
) -> None:
    """The What column stretches; the last column (Sub-district) stretched too and took half
    the spare width, so What, the column that tells the items apart, was the narrowest."""
    window = laptop_window(ctx, qtbot)
    page: Any = window.show_page("today")
    settle(ctx)
    header = page.table.horizontalHeader()
    last = header.count() - 1
    assert header.sectionSize(last) <= max(90, header.sectionSizeFromContents(last).width())
    room = page.table.viewport().width()
    assert sum(header.sectionSize(c) for c in range(header.count())) <= room
    window.close()


def test_requests_tell_the_households_apart(
    alike: list[str], ctx: AppContext, qtbot: Any, language: str
) -> None:
    from ui.pages.requests import COLUMNS

    window = laptop_window(ctx, qtbot)
    page: Any = window.show_page("requests")
    settle(ctx)
    column = COLUMNS.index("address")
    rows = rows_of_households(page, column)
    assert len(rows) == len(HOUSEHOLDS)
    check_column(page, column, rows)
    window.close()
