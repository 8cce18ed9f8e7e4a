"""The weekly report's texts live in the database (issue 10 item 11): per week and scope, written
through the op log (so they sync and show in history), never shared between two databases that
use one data folder; the old weekly-texts.json is brought in once and never overwritten when it
cannot be read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from domain.errors import UserError
from services import documents, weekly_texts
from services.figures import Scope
from services.report_data import WeeklyTexts
from services.workspace import Workspace
from tests.services.report_kit import PROFILE, WEEK

SCOPE = Scope.sub_district("旺庄街道", "新吴区")


def _ws(folder: Path, name: str = "a.db") -> Workspace:
    ws = Workspace.open(folder / name)
    ws.init_profile(PROFILE)
    return ws


def _setting_ops(ws: Workspace) -> int:
    return int(
        ws.read(
            lambda db: db.conn.execute(
                "SELECT count(*) FROM ops WHERE entity = 'setting'"
            ).fetchone()[0]
        )
    )


def test_texts_are_kept_per_week_and_scope_in_the_op_log(tmp_path: Path) -> None:
    ws = _ws(tmp_path)
    texts = WeeklyTexts("完成签约3户", "走访观望户", "安置房交付推迟")
    assert documents.load_weekly_texts(ws, SCOPE, WEEK, data_dir=tmp_path).empty
    assert documents.save_weekly_texts(ws, SCOPE, WEEK, texts, data_dir=tmp_path) == 3
    assert _setting_ops(ws) == 3  # one op per section, applied by the one write path
    assert documents.load_weekly_texts(ws, SCOPE, "2026w48", data_dir=tmp_path) == texts
    assert documents.load_weekly_texts(ws, SCOPE, "2026-W47", data_dir=tmp_path).empty
    assert documents.load_weekly_texts(ws, Scope.all(), WEEK, data_dir=tmp_path).empty
    # Saving the same again writes nothing; a change writes one op.
    assert documents.save_weekly_texts(ws, SCOPE, WEEK, texts, data_dir=tmp_path) == 0
    changed = WeeklyTexts("完成签约4户", texts.plan, texts.difficulties)
    assert documents.save_weekly_texts(ws, SCOPE, WEEK, changed, data_dir=tmp_path) == 1
    assert documents.load_weekly_texts(ws, SCOPE, WEEK, data_dir=tmp_path) == changed
    documents.save_weekly_texts(ws, SCOPE, WEEK, WeeklyTexts(), data_dir=tmp_path)
    assert documents.load_weekly_texts(ws, SCOPE, WEEK, data_dir=tmp_path).empty
    assert list(tmp_path.glob("*.json")) == []  # nothing in the shared data folder


def test_two_databases_sharing_a_data_folder_keep_their_own_texts(tmp_path: Path) -> None:
    first, second = _ws(tmp_path, "first.db"), _ws(tmp_path, "second.db")
    documents.save_weekly_texts(first, SCOPE, WEEK, WeeklyTexts("甲"), data_dir=tmp_path)
    assert documents.load_weekly_texts(second, SCOPE, WEEK, data_dir=tmp_path).empty


def test_a_text_over_the_limit_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    ws = _ws(tmp_path)
    too_long = WeeklyTexts("好" * 4000, "计" * 4001)
    with pytest.raises(UserError) as caught:
        documents.save_weekly_texts(ws, SCOPE, WEEK, too_long, data_dir=tmp_path)
    assert caught.value.code == "too_long"
    assert _setting_ops(ws) == 0
    longest = WeeklyTexts("好" * 4000, "“引号”\\" * 500, "，" * 4000)
    documents.save_weekly_texts(ws, SCOPE, WEEK, longest, data_dir=tmp_path)
    assert documents.load_weekly_texts(ws, SCOPE, WEEK, data_dir=tmp_path) == longest


def test_the_old_file_is_brought_in_once_without_overwriting_newer_text(tmp_path: Path) -> None:
    ws = _ws(tmp_path)
    documents.save_weekly_texts(ws, SCOPE, WEEK, WeeklyTexts(plan="库里的计划"), data_dir=tmp_path)
    old = {
        f"{WEEK}|{weekly_texts.scope_key(SCOPE)}": {"done": "旧完成", "plan": "旧计划"},
        "2026-W47|all|": {"difficulties": "旧困难"},
        "not a week|all|": {"done": "x"},
    }
    legacy = tmp_path / weekly_texts.LEGACY_FILE
    legacy.write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    found = documents.load_weekly_texts(ws, SCOPE, WEEK, data_dir=tmp_path)
    assert found == WeeklyTexts("旧完成", "库里的计划", "")
    assert weekly_texts.load(ws, Scope.all(), "2026-W47").difficulties == "旧困难"
    assert not legacy.exists() and (tmp_path / weekly_texts.IMPORTED_FILE).exists()
    before = _setting_ops(ws)
    documents.load_weekly_texts(ws, SCOPE, WEEK, data_dir=tmp_path)
    assert _setting_ops(ws) == before


def test_a_damaged_old_file_is_left_untouched_and_reported(tmp_path: Path) -> None:
    ws = _ws(tmp_path)
    legacy = tmp_path / weekly_texts.LEGACY_FILE
    legacy.write_bytes(b'{"2026-W48|all|": {"done": "\xff\xfe broken')
    problem = weekly_texts.import_legacy_file(ws, tmp_path)
    assert problem is not None and problem.code == "doc_weekly_texts_unreadable"
    documents.save_weekly_texts(ws, SCOPE, WEEK, WeeklyTexts("新"), data_dir=tmp_path)
    assert legacy.read_bytes() == b'{"2026-W48|all|": {"done": "\xff\xfe broken'
    assert documents.load_weekly_texts(ws, SCOPE, WEEK, data_dir=tmp_path).done == "新"
