"""The sync and conflicts pages speak the chosen language through the .ts catalogue: built in
English they show the English sources, built in Chinese the reviewed Chinese wording. And no page
passes its own bilingual text to i18n.pick, which is kept for labels that come bilingual from the
domain (field labels, choices)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QRadioButton, QTableWidgetItem

from sync.device import FAST_KDF_ENV
from tests.sync.sync_kit import PASSWORD, District, make_district
from tests.ui.conftest import settle
from tests.ui.test_sync_page import context_for, make_conflict
from ui import conflicts_page, i18n, sync_page
from ui.conflicts_page import ConflictsPage
from ui.sync_page import SyncPage


@pytest.fixture
def two_sites(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[District]:
    monkeypatch.setenv(FAST_KDF_ENV, "1")
    monkeypatch.setattr(sync_page, "ask_password", lambda parent, new=False: PASSWORD)
    made = make_district(tmp_path, laptops=1)
    yield made
    made.close()


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    i18n.install(qapp, "en")
    try:
        yield
    finally:
        i18n.install(qapp, "zh")


def _text(item: QTableWidgetItem | None) -> str:
    assert item is not None
    return item.text()


def _sync_texts(page: SyncPage) -> list[str]:
    return [
        page.export_button.text(),
        page.import_button.text(),
        page.role_label.text(),
        page.enrolled_label.text(),
        page.unsent_label.text(),
        _text(page.results.horizontalHeaderItem(2)),
        _text(page.devices.horizontalHeaderItem(5)),
    ]


def test_sync_page_in_english(
    two_sites: District, tmp_path: Path, qtbot: Any, english: None
) -> None:
    laptop = two_sites.laptops[0]
    page = SyncPage(context_for(laptop, tmp_path))
    qtbot.addWidget(page)
    settle(page.ctx)
    version = laptop.sync.status().registry_version
    assert _sync_texts(page) == [
        "Export bundle",
        "Choose bundles to import…",
        "Laptop",  # a value standing alone starts with a capital, as everywhere in English
        f"Enrolled (registry version {version})",
        f"{laptop.sync.status().unsent_ops} changes",
        "New changes",
        "Acknowledged changes",
    ]
    assert sync_page.list_separator() == ", "
    hub = SyncPage(context_for(two_sites.hub, tmp_path))
    qtbot.addWidget(hub)
    settle(hub.ctx)
    roles = {_text(hub.devices.item(r, 1)) for r in range(hub.devices.rowCount())}
    assert hub.role_label.text() == "District hub" and roles == {"Hub", "Laptop"}
    for column in (4, 6):  # status, scope
        values = {_text(hub.devices.item(r, column)) for r in range(hub.devices.rowCount())}
        assert all(not v[:1].islower() for v in values), values


def test_sync_page_in_chinese(two_sites: District, tmp_path: Path, qtbot: Any) -> None:
    laptop = two_sites.laptops[0]
    page = SyncPage(context_for(laptop, tmp_path))
    qtbot.addWidget(page)
    settle(page.ctx)
    version = laptop.sync.status().registry_version
    assert _sync_texts(page) == [
        "导出同步包",
        "选择同步包导入…",
        "街道笔记本",
        f"已登记（登记表第 {version} 版）",
        f"{laptop.sync.status().unsent_ops} 条变更",
        "新增变更",
        "已确认的变更",
    ]
    hub = SyncPage(context_for(two_sites.hub, tmp_path))
    qtbot.addWidget(hub)
    settle(hub.ctx)
    roles = {_text(hub.devices.item(r, 1)) for r in range(hub.devices.rowCount())}
    assert hub.role_label.text() == "区征收办中心" and roles == {"中心", "笔记本"}
    assert sync_page.list_separator() == "、"


def _conflict_texts(page: ConflictsPage) -> tuple[list[str], str, str, list[str]]:
    headers = [_text(page.table.horizontalHeaderItem(c)) for c in range(4)]
    choices = [c.text() for c in page.detail.findChildren(QRadioButton, "conflictChoice")]
    return headers, page.detail.title(), page.resolve_button.text(), choices


def test_conflicts_page_in_both_languages(two_sites: District, tmp_path: Path, qtbot: Any) -> None:
    make_conflict(two_sites)
    ctx = context_for(two_sites.hub, tmp_path)
    page = ConflictsPage(ctx)
    qtbot.addWidget(page)
    settle(ctx)
    headers, title, button, choices = _conflict_texts(page)
    assert headers == ["记录类型", "记录", "字段", "各方的值"]
    assert (title, button) == ("处理冲突", "采用")
    assert sum("（当前显示）\n" in c for c in choices) == 1
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    i18n.install(app, "en")
    try:
        english = ConflictsPage(ctx)
        qtbot.addWidget(english)
        settle(ctx)
        headers, title, button, choices = _conflict_texts(english)
        assert headers == ["Kind", "Record", "Field", "Values"]
        assert (title, button) == ("Resolve", "Resolve")
        assert sum(" (shown now)\n" in c for c in choices) == 1
        # no main window here: nothing to label, no error
        conflicts_page.show_in_status_bars(str(ctx.db_path), 2)
    finally:
        i18n.install(app, "zh")


def _literal_text(node: ast.expr) -> bool:
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str)
    )


def test_pick_is_only_given_domain_labels() -> None:
    """A literal handed to pick() is UI text outside the catalogue: it belongs in self.tr()."""
    found = []
    for path in sorted((i18n.ROOT / "ui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else None
            if isinstance(node.func, ast.Name):
                name = node.func.id
            if name == "pick" and any(_literal_text(arg) for arg in node.args):
                found.append(f"{path.relative_to(i18n.ROOT)}:{node.lineno}")
    assert found == []
