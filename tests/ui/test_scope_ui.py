"""Scoped sync in the GUI: the laptop's status bar names its scope; the hub's registry shows
every laptop's scope and edits it through a dialog (a new registry version); an import that
purges says how many records left."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from domain.scope import Scope
from sync.device import FAST_KDF_ENV
from tests.sync.sync_kit import PASSWORD, District, make_district, sync_all
from tests.ui.conftest import settle
from tests.ui.test_sync_page import context_for
from ui import sync_page
from ui.dialogs.scope import ScopeDialog
from ui.main_window import MainWindow
from ui.sync_page import SyncPage


@pytest.fixture
def district(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[District]:
    monkeypatch.setenv(FAST_KDF_ENV, "1")
    monkeypatch.setattr(sync_page, "ask_password", lambda parent, new=False: PASSWORD)
    made = make_district(tmp_path, laptops=1)
    yield made
    made.close()


def test_status_bar_shows_the_laptops_scope(district: District, tmp_path: Path, qtbot: Any) -> None:
    laptop = district.laptops[0]
    district.hub.sync.set_scope(PASSWORD, laptop.name, Scope.area("新吴区", "旺庄街道"))
    sync_all(district)
    ctx = context_for(laptop, tmp_path)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    settle(ctx)
    label = window.findChild(QLabel, "statusScope")
    assert label is not None and label.isVisible()
    assert label.text() == "工作范围：新吴区/旺庄街道"
    window.close()


def test_hub_registry_shows_and_edits_scopes(
    district: District, tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub, laptop = district.hub, district.laptops[0]
    ctx = context_for(hub, tmp_path)
    page = SyncPage(ctx)
    qtbot.addWidget(page)
    settle(ctx)
    assert page.scope_button.isVisibleTo(page)
    column = page.devices.columnCount() - 1
    assert page.devices.horizontalHeaderItem(column).text() == "工作范围"
    row = next(
        r for r in range(page.devices.rowCount()) if page.devices.item(r, 0).text() == laptop.name
    )
    assert page.devices.item(row, column).text() == "全区数据"

    def choose(dialog: ScopeDialog) -> int:
        dialog.by_area.setChecked(True)
        dialog.district.setText("新吴区")
        dialog.sub_district.setText("硕放街道")
        dialog.accept()
        return int(ScopeDialog.DialogCode.Accepted)

    monkeypatch.setattr(ScopeDialog, "exec", choose)
    page.devices.selectRow(row)
    page.edit_scope()
    settle(ctx)
    settle(ctx)
    (info,) = [d for d in hub.sync.devices() if d.name == laptop.name]
    assert info.scope == Scope.area("新吴区", "硕放街道")
    row = next(
        r for r in range(page.devices.rowCount()) if page.devices.item(r, 0).text() == laptop.name
    )
    assert page.devices.item(row, column).text() == "新吴区/硕放街道"


def test_scope_dialog_refuses_an_empty_choice(qtbot: Any) -> None:
    dialog = ScopeDialog("笔记本1", None, [("p1", "WZ-01", "旺庄地块")])
    qtbot.addWidget(dialog)
    dialog.by_projects.setChecked(True)
    dialog.accept()
    assert dialog.result() != ScopeDialog.DialogCode.Accepted
    assert dialog.error.text() == "请写明区（可再加街道），或至少一个项目。"
    dialog.projects.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.accept()
    assert dialog.result_scope == Scope.of_projects(["p1"])


def test_hub_lists_late_edits_on_the_sync_page(
    district: District, tmp_path: Path, qtbot: Any
) -> None:
    """A laptop edits a household the hub has meanwhile moved out of its scope: the hub keeps
    the edit and its sync page lists it (who, which record, what, when) in the late-edits tab."""
    from services import households

    hub, laptop = district.hub, district.laptops[0]
    inside = hub.ws.create(
        "project",
        {"code": "WZ-1", "name": "旺庄地块", "district": "新吴区", "sub_district": "旺庄街道"},
    )
    outside = hub.ws.create(
        "project",
        {"code": "SF-1", "name": "硕放地块", "district": "新吴区", "sub_district": "硕放街道"},
    )
    home = households.create_household(
        hub.ws, {"project_id": inside, "address": "旺庄路1号", "head_name": "章金伟"}
    )
    hub.sync.set_scope(PASSWORD, laptop.name, Scope.area("新吴区", "旺庄街道"))
    sync_all(district)
    ctx = context_for(hub, tmp_path)
    page = SyncPage(ctx)
    qtbot.addWidget(page)
    settle(ctx)
    assert page.lower_tabs.isTabVisible(1)
    assert page.lower_tabs.tabText(1) == "范围外修改"
    assert page.late_table.rowCount() == 0

    hub.ws.update("household", home, {"project_id": outside})
    laptop.ws.update("household", home, {"phone": "13900000001"})
    (got,) = hub.sync.import_files(PASSWORD, [laptop.export_one()])
    assert got.summary is not None and got.summary.late_edits == 1
    page.reload()
    settle(ctx)
    assert page.lower_tabs.tabText(1) == "范围外修改 (1)"
    assert page.late_table.rowCount() == 1
    cells = [page.late_table.item(0, c).text() for c in range(page.late_table.columnCount())]
    assert cells[1] == laptop.name
    assert "章金伟" in cells[2] and cells[2].startswith("被征收户")
    assert cells[3] == "联系电话"
    assert page.late_table.item(0, 2).data(Qt.ItemDataRole.UserRole) == home


def test_a_laptop_has_no_late_edits_tab(district: District, tmp_path: Path, qtbot: Any) -> None:
    ctx = context_for(district.laptops[0], tmp_path)
    page = SyncPage(ctx)
    qtbot.addWidget(page)
    settle(ctx)
    assert not page.lower_tabs.isTabVisible(1)


def _new_laptop(district: District, tmp_path: Path, name: str) -> Path:
    from tests.sync.sync_kit import open_site

    laptop = open_site(tmp_path / "new", name)
    district.laptops.append(laptop)  # closed with the district
    request, _ = laptop.sync.export_enrolment(PASSWORD, laptop.inbox)
    return request


def test_hub_enrolment_asks_for_the_new_laptops_scope(
    district: District, tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub = district.hub
    request = _new_laptop(district, tmp_path, "硕放-笔记本2")
    ctx = context_for(hub, tmp_path)
    page = SyncPage(ctx)
    qtbot.addWidget(page)
    settle(ctx)
    version = hub.sync.status().registry_version
    shown: list[tuple[bool, str, str]] = []

    def choose(dialog: ScopeDialog) -> int:
        # A new laptop starts at the hub's district, the sub-district still to be named.
        shown.append((dialog.by_area.isChecked(), dialog.district.text(), dialog.windowTitle()))
        dialog.sub_district.setText("硕放街道")
        dialog.accept()
        return int(ScopeDialog.DialogCode.Accepted)

    monkeypatch.setattr(ScopeDialog, "exec", choose)
    monkeypatch.setattr(page, "confirm", lambda title, text: True)
    page.import_enrolment(request)
    settle(ctx)
    settle(ctx)
    assert shown == [(True, "新吴区", "“硕放-笔记本2”的工作范围")]
    (info,) = [d for d in hub.sync.devices() if d.name == "硕放-笔记本2"]
    assert info.scope == Scope.area("新吴区", "硕放街道")
    assert hub.sync.status().registry_version == version + 1  # enrolled with its scope at once


def test_cancelling_the_scope_enrols_nothing(
    district: District, tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub = district.hub
    request = _new_laptop(district, tmp_path, "硕放-笔记本2")
    ctx = context_for(hub, tmp_path)
    page = SyncPage(ctx)
    qtbot.addWidget(page)
    settle(ctx)
    before = hub.sync.status().registry_version
    monkeypatch.setattr(ScopeDialog, "exec", lambda dialog: int(ScopeDialog.DialogCode.Rejected))
    monkeypatch.setattr(page, "confirm", lambda title, text: True)
    page.import_enrolment(request)
    settle(ctx)
    assert hub.sync.status().registry_version == before
    assert "硕放-笔记本2" not in {d.name for d in hub.sync.devices()}
