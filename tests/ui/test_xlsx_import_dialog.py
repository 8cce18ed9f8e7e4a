"""The import dialog with this program's own export: each row goes to its 项目编号 (chosen by
itself), the linked sheets come along, and the empty database ends up holding everything."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from services import demo, xlsx_export
from services.workspace import Workspace
from tests.conftest import PROFILE
from tests.ui.conftest import settle
from ui.context import AppContext
from ui.xlsx_import_dialog import BY_CODE, XlsxImportDialog


def _count(ws: Workspace, table: str) -> int:
    return int(ws.read(lambda db: db.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]))


def test_own_export_is_restored_into_an_empty_database(
    ws: Workspace, ctx: AppContext, qtbot: Any, tmp_path: Path
) -> None:
    source = Workspace.open(tmp_path / "source.db")
    source.init_profile(PROFILE)
    demo.load_demo(source, 8, seed=4)
    out = xlsx_export.export_households(source, tmp_path / "全部.xlsx", full_ids=True).path
    dialog = XlsxImportDialog(ctx, out)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    assert dialog.project.currentData() == BY_CODE
    plan = dialog.plan
    assert plan is not None and plan.project_id is None and not plan.problem_lines()
    assert dialog.import_button.isEnabled()
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.imported is not None, timeout=10_000)
    settle(ctx)
    assert dialog.imported is not None and dialog.imported.records["member"] == _count(
        source, "members"
    )
    for table in ("projects", "households", "members", "visits", "requests", "flats"):
        assert _count(ws, table) == _count(source, table), table
    source.close()
