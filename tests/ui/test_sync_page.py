"""The sync and conflicts pages: export to a (stand-in) USB stick says "safe to remove" only after
the bundle is on it; import shows one summary row per bundle, refusals as their sentence; the
conflicts page lists each value with who/when/which computer, resolves by choosing one, and the
status bar shows how many are open."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QRadioButton

from domain.version import version
from services import households
from sync.device import FAST_KDF_ENV
from tests.sync.sync_kit import PASSWORD, District, Site, make_district, sync_all
from tests.ui.conftest import settle
from ui import config, conflicts_page, sync_page
from ui.conflicts_page import ConflictsPage
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.sync_page import SyncPage
from ui.tasks import tasks


@pytest.fixture
def district(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[District]:
    monkeypatch.setenv(FAST_KDF_ENV, "1")
    monkeypatch.setattr(sync_page, "ask_password", lambda parent, new=False: PASSWORD)
    made = make_district(tmp_path, laptops=1)
    yield made
    made.close()


def context_for(site: Site, tmp_path: Path) -> AppContext:
    data_dir = tmp_path / f"ui-{site.name}"
    data_dir.mkdir(exist_ok=True)
    return AppContext(
        ws=site.ws,
        db_path=site.db,
        data_dir=data_dir,
        config=config.Config(data_dir),
        state=config.ui_state(data_dir),
        tasks=tasks(),
        profile=site.ws.profile(),
    )


def make_conflict(district: District) -> str:
    hub, laptop = district.hub, district.laptops[0]
    project = hub.ws.create(
        "project",
        {"code": "P-1", "name": "旺庄路北侧地块", "district": "新吴区", "sub_district": "旺庄街道"},
    )
    household = households.create_household(
        hub.ws, {"project_id": project, "address": "旺庄路18号", "head_name": "章金伟"}
    )
    sync_all(district)
    sync_all(district)
    hub.ws.update("household", household, {"notes": "区里：补偿方案已解释"})
    laptop.ws.update("household", household, {"notes": "街道：户主要求再谈"})
    sync_all(district)
    return household


def test_export_says_safe_to_remove_only_with_the_bundle_on_the_stick(
    district: District, tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop = district.laptops[0]
    stick = tmp_path / "U盘"
    stick.mkdir()
    monkeypatch.setattr(sync_page, "removable_drives", lambda: [("KINGSTON (U盘)", stick)])
    ctx = context_for(laptop, tmp_path)
    page = SyncPage(ctx)
    qtbot.addWidget(page)
    settle(ctx)
    assert page.fingerprint_label.text() == laptop.sync.status().fingerprint
    assert "已登记" in page.enrolled_label.text()
    assert page.drive_combo.currentData() == str(stick)
    laptop.ws.create(
        "project", {"code": "P-9", "name": "地块", "district": "新吴区", "sub_district": "旺庄街道"}
    )
    page.export_button.click()
    settle(ctx)
    (bundle,) = stick.glob("*.dsbundle")
    assert bundle.name.startswith("笔记本1_to_区征收办_")
    assert "可以安全拔出" in page.export_result.text() and bundle.name in page.export_result.text()


def test_import_shows_a_row_per_bundle(district: District, tmp_path: Path, qtbot: Any) -> None:
    hub, laptop = district.hub, district.laptops[0]
    laptop.ws.create(
        "project", {"code": "P-9", "name": "地块", "district": "新吴区", "sub_district": "旺庄街道"}
    )
    bundle = laptop.export_one()
    junk = tmp_path / "照片.dsbundle"
    junk.write_bytes(b"\xff\xd8\xff\xe0" + bytes(100))
    ctx = context_for(hub, tmp_path)
    page = SyncPage(ctx)
    qtbot.addWidget(page)
    settle(ctx)
    assert page.revoke_button.isVisibleTo(page)  # the hub keeps the registry
    page.import_files([bundle, bundle, junk])
    settle(ctx)
    rows = [
        [page.results.item(r, c).text() for c in range(page.results.columnCount())]
        for r in range(page.results.rowCount())
    ]
    assert rows[0][1] == "笔记本1" and rows[0][2].startswith("2") and "征收项目 1" in rows[0][2]
    assert rows[0][6] == f"已导入；对方程序版本：{version()}。"
    assert rows[1][6] == "已经导入过（0 条变更）"
    assert rows[2][6] == "这个文件不是入户通同步包。"
    devices = {page.devices.item(r, 0).text() for r in range(page.devices.rowCount())}
    assert devices == {"区征收办", "笔记本1"}


def test_conflicts_page_resolves_by_choosing_a_value(
    district: District, tmp_path: Path, qtbot: Any
) -> None:
    household = make_conflict(district)
    hub = district.hub
    ctx = context_for(hub, tmp_path)
    page = ConflictsPage(ctx)
    qtbot.addWidget(page)
    settle(ctx)
    assert page.table.rowCount() == 1
    assert page.table.item(0, 2).text() == "备注"
    choices = page.detail.findChildren(QRadioButton, "conflictChoice")
    texts = [c.text() for c in choices]
    assert (
        len(texts) == 2
        and any("笔记本1" in t for t in texts)
        and any("区征收办" in t for t in texts)
    )
    street = next(c for c in choices if "街道：户主要求再谈" in c.text())
    street.setChecked(True)
    page.resolve_button.click()
    settle(ctx)
    assert page.table.rowCount() == 0 and page.empty.isVisibleTo(page)
    assert hub.ws.get("household", household)["notes"] == "街道：户主要求再谈"


def test_delete_against_edit_is_kept_or_deleted_by_a_person(
    district: District, tmp_path: Path, qtbot: Any
) -> None:
    hub, laptop = district.hub, district.laptops[0]
    project = hub.ws.create(
        "project", {"code": "P-1", "name": "地块", "district": "新吴区", "sub_district": "旺庄街道"}
    )
    household = households.create_household(
        hub.ws, {"project_id": project, "address": "1号", "head_name": "王五"}
    )
    sync_all(district)
    sync_all(district)
    hub.ws.delete("household", household)
    laptop.ws.update("household", household, {"notes": "已约下周签约"})
    sync_all(district)
    ctx = context_for(hub, tmp_path)
    page = ConflictsPage(ctx)
    qtbot.addWidget(page)
    settle(ctx)
    assert page.table.rowCount() == 1
    infos = [label.text() for label in page.detail.findChildren(QLabel, "conflictInfo")]
    assert any("删除了这条记录" in t for t in infos) and any("已约下周签约" in t for t in infos)
    keep = next(
        c for c in page.detail.findChildren(QRadioButton, "conflictChoice")
        if c.property("choice") == "keep"
    )  # fmt: skip
    keep.setChecked(True)
    page.resolve_button.click()
    settle(ctx)
    assert page.table.rowCount() == 0
    row = hub.ws.get("household", household)
    assert row["_deleted"] == 0 and row["_delete_conflict"] == 0


def test_status_bar_counts_open_conflicts(district: District, tmp_path: Path, qtbot: Any) -> None:
    make_conflict(district)
    ctx = context_for(district.hub, tmp_path)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    settle(ctx)
    settle(ctx)
    label = window.findChild(QLabel, conflicts_page.STATUS_LABEL)
    assert label is not None and label.isVisible()
    assert "冲突待处理：1" in label.text()
    nav = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert "冲突 (1)" in nav and "同步" in nav
    window.close()


@pytest.mark.parametrize(
    ("root", "system", "platform", "offered"),
    [
        ("E:/", "C:/", "win32", True),
        ("c:/", "C:/", "win32", False),
        ("C:\\", "C:/", "win32", False),
        ("/media/李明/KINGSTON", "/", "linux", True),
        ("/run/media/u/U盘", "/", "linux", True),
        ("/home", "/", "linux", False),
        ("/", "/", "linux", False),
        ("/Volumes/STICK", "/", "darwin", True),
    ],
)
def test_which_volumes_are_offered_as_usb_sticks(
    root: str, system: str, platform: str, offered: bool
) -> None:
    assert sync_page.looks_removable(root, system, platform) is offered


def test_the_volumes_qt_reports_here_are_listed_without_error() -> None:
    for label, root in sync_page.removable_drives():
        assert label and root.is_dir()


def test_a_missing_fingerprint_reads_as_plain_text_not_in_the_fingerprint_face(
    ctx: AppContext, qtbot: Any
) -> None:
    page = SyncPage(ctx)
    qtbot.addWidget(page)
    settle(ctx)
    assert page.status is not None and not page.status.fingerprint
    assert page.fingerprint_label.text() == "（尚未生成）"
    assert page.fingerprint_label.font() == page.name_label.font()
