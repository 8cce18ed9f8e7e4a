"""Workspace: validated writes through the op log, history, conflicts, audit events, attachments,
and the promise that a failed write changes nothing."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import tracemalloc
from pathlib import Path

import pytest

from domain.errors import UserError
from domain.validation import generate_resident_id
from services import households, requests, visits
from services.workspace import Workspace
from storage import attachments, oplog
from storage.statehash import state_hash
from tests.conftest import PROFILE
from tests.exchange_kit import swap


def make_project(ws: Workspace, code: str = "XW-2026-01") -> str:
    return ws.create(
        "project",
        {
            "code": code,
            "name": "旺庄路北侧地块",
            "district": "新吴区",
            "sub_district": "旺庄街道",
            "kind": "住宅",
            "households_planned": "120",
        },
    )


def make_household(ws: Workspace, project_id: str, name: str = "章金伟") -> str:
    return households.create_household(
        ws,
        {
            "project_id": project_id,
            "building": "3",
            "unit": "2",
            "room": "501",
            "address": "旺庄路18号3栋2单元501室",
            "head_name": name,
            "head_id_number": generate_resident_id("320214", dt.date(1948, 3, 9), 17),
            "phone": "13812345678",
        },
        members=[
            {"name": "王秀英", "relation": "配偶", "ownership_role": "产权人", "share_pct": "50"}
        ],
    )


def test_create_fills_defaults_and_materialises(ws: Workspace) -> None:
    project_id = make_project(ws)
    household_id = make_household(ws, project_id)
    row = ws.get("household", household_id)
    assert row["head_name"] == "章金伟"
    assert row["state"] == "surveying"
    assert row["district"] == "新吴区" and row["caseworker"] == PROFILE.caseworker
    page = households.detail(ws, household_id)
    assert [m["name"] for m in page["members"]] == ["王秀英"]
    assert page["members"][0]["ownership_role"] == "owner"


def test_bad_input_is_one_sentence_and_changes_nothing(ws: Workspace) -> None:
    project_id = make_project(ws)
    before = ws.read(lambda db: state_hash(db.conn))
    with pytest.raises(UserError) as caught:
        households.create_household(
            ws,
            {
                "project_id": project_id,
                "address": "x",
                "head_name": "张三",
                "head_id_number": "320214194803091234",
            },
        )
    assert "身份证" in str(caught.value)
    assert ws.read(lambda db: state_hash(db.conn)) == before


def test_a_failed_write_rolls_back_everything(ws: Workspace) -> None:
    project_id = make_project(ws)
    ops_before = ws.read(lambda db: db.conn.execute("SELECT count(*) FROM ops").fetchone()[0])
    hash_before = ws.read(lambda db: state_hash(db.conn))

    def half_then_fail(db):  # type: ignore[no-untyped-def]
        drafts = [oplog.Draft("set", "project", project_id, "name", "改了一半")]
        oplog.apply_ops(db.conn, oplog.new_local_ops(db.conn, "李明", drafts))
        raise RuntimeError("power cut")

    with pytest.raises(RuntimeError):
        ws.write(half_then_fail)
    assert (
        ws.read(lambda db: db.conn.execute("SELECT count(*) FROM ops").fetchone()[0]) == ops_before
    )
    assert ws.read(lambda db: state_hash(db.conn)) == hash_before
    assert ws.get("project", project_id)["name"] == "旺庄路北侧地块"


def test_history_shows_who_when_old_and_new(ws: Workspace) -> None:
    project_id = make_project(ws)
    household_id = make_household(ws, project_id)
    assert ws.update("household", household_id, {"attitude": "观望"}) == 1
    assert ws.update("household", household_id, {"attitude": "同意"}) == 1
    assert ws.update("household", household_id, {"attitude": "同意"}) == 0  # no change, no op
    changes = [e for e in ws.history(household_id) if e.field == "attitude"]
    assert [(e.old, e.new) for e in changes] == [([], "undecided"), (["undecided"], "agree")]
    assert all(e.author == PROFILE.caseworker and e.device == ws.device_id() for e in changes)


def test_state_rules(ws: Workspace) -> None:
    household_id = make_household(ws, make_project(ws))
    with pytest.raises(UserError) as caught:
        households.change_state(ws, household_id, "已交房")
    assert "调查中" in str(caught.value) and "已交房" in str(caught.value)
    households.change_state(ws, household_id, "已调查")
    with pytest.raises(UserError):
        ws.update("household", household_id, {"state": "已签约"})  # only through change_state
    assert ws.get("household", household_id)["state"] == "surveyed"


def test_visit_sets_attitude_and_summary(ws: Workspace) -> None:
    household_id = make_household(ws, make_project(ws))
    visits.add_visit(
        ws,
        household_id,
        {
            "visited_on": "2026-11-20",
            "attitude": "反对",
            "explained": "解释补偿方案",
            "next_visit_due": "2026-11-27",
        },
    )
    assert ws.get("household", household_id)["attitude"] == "oppose"
    row = households.list_page(ws, households.HouseholdFilter())[0]
    assert row["last_visit_on"] == "2026-11-20" and row["next_visit_due"] == "2026-11-27"
    overdue = households.HouseholdFilter(overdue_follow_up=True, today=dt.date(2026, 11, 30))
    assert households.count(ws, overdue) == 1


def test_request_lifecycle_and_overdue(ws: Workspace) -> None:
    household_id = make_household(ws, make_project(ws))
    request_id = requests.add_request(
        ws,
        {
            "household_id": household_id,
            "received_on": "2026-11-01",
            "category": "面积认定",
            "summary": "对实测面积有异议",
        },
    )
    assert ws.get("request", request_id)["deadline"] == "2026-11-16"
    flt = requests.RequestFilter(today=dt.date(2026, 11, 20))
    assert requests.register(ws, flt)[0]["overdue"] is True
    requests.add_progress(ws, request_id, "已安排复测", on=dt.date(2026, 11, 10))
    requests.close_request(ws, request_id, "复测结果已告知", on=dt.date(2026, 11, 12))
    assert requests.register(ws, flt)[0]["overdue"] is False
    with pytest.raises(UserError):
        requests.add_progress(ws, request_id, "再次进展")


def test_concurrent_edits_conflict_until_resolved(ws: Workspace, tmp_path: Path) -> None:
    household_id = make_household(ws, make_project(ws))
    with Workspace.open(tmp_path / "other.db") as other:
        other.init_profile(PROFILE.__class__("赵丽", "新吴区", "旺庄街道", "笔记本2"))
        swap(ws, other)
        ws.update("household", household_id, {"phone": "13900000001"})
        other.update("household", household_id, {"phone": "13900000002"})
        swap(ws, other)
        for side in (ws, other):
            (conflict,) = side.conflicts()
            assert conflict.field == "phone"
            assert {v.value for v in conflict.values} == {"13900000001", "13900000002"}
        assert (
            ws.get("household", household_id)["phone"]
            == other.get("household", household_id)["phone"]
        )
        ws.resolve("household", household_id, "phone", "13900000003")
        swap(ws, other)
        assert ws.conflicts() == [] and other.conflicts() == []
        assert other.get("household", household_id)["phone"] == "13900000003"
        assert ws.read(lambda db: state_hash(db.conn)) == other.read(lambda db: state_hash(db.conn))


def test_delete_against_unseen_edit_keeps_the_record(ws: Workspace, tmp_path: Path) -> None:
    household_id = make_household(ws, make_project(ws))
    with Workspace.open(tmp_path / "other.db") as other:
        other.init_profile(PROFILE)
        swap(ws, other)
        ws.delete("household", household_id)
        other.update("household", household_id, {"notes": "户主同意下周签约"})
        swap(ws, other)
        for side in (ws, other):
            row = side.get("household", household_id)
            assert row["_delete_conflict"] == 1 and row["notes"] == "户主同意下周签约"
            assert [r["id"] for r in side.delete_conflicts()] == [household_id]


def test_reveal_is_audited(ws: Workspace) -> None:
    household_id = make_household(ws, make_project(ws))
    full = ws.reveal("household", household_id, "head_id_number")
    assert len(full) == 18
    (event,) = ws.events("reveal", household_id)
    assert event.author == PROFILE.caseworker and event.value == {"field": "head_id_number"}


def test_attachment_is_streamed_and_stored_once(ws: Workspace, tmp_path: Path) -> None:
    household_id = make_household(ws, make_project(ws))
    photo = tmp_path / "房屋外景.jpg"
    with photo.open("wb") as out:
        for _ in range(30):
            out.write(os.urandom(1 << 20))
    tracemalloc.start()
    first = ws.attach(household_id, photo)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 8 << 20  # a 30 MB photo never sits in memory whole
    second = ws.attach(household_id, photo)
    rows = ws.attachments(household_id)
    assert {r["id"] for r in rows} == {first, second}
    assert len({r["sha256"] for r in rows}) == 1
    digest = hashlib.sha256()
    with ws.open_attachment(rows[0]["sha256"]) as handle:
        for piece in iter(lambda: handle.read(1 << 20), b""):
            digest.update(piece)
    assert digest.hexdigest() == rows[0]["sha256"]
    stored = ws.store.files.path_for(rows[0]["sha256"])
    assert len(list(stored.parent.parent.rglob("*"))) == 2  # one folder, one file
    # sealed on disk: the stored bytes are not the photo's
    with photo.open("rb") as original, stored.open("rb") as sealed:
        assert original.read(1 << 16) not in sealed.read(1 << 17)


def test_a_member_moved_to_another_household_leaves_the_old_one(ws: Workspace) -> None:
    project_id = make_project(ws)
    first = make_household(ws, project_id, "章金伟")
    second = make_household(ws, project_id, "单建国")
    member_id = households.add_member(ws, first, {"name": "欧阳倩"})
    assert [r["id"] for r in households.find(ws, "欧阳倩")] == [first]
    ws.update("member", member_id, {"household_id": second})
    assert [r["id"] for r in households.find(ws, "欧阳倩")] == [second]


def test_search_filters_apply_before_the_limit(ws: Workspace) -> None:
    project_id = make_project(ws)
    ids = [make_household(ws, project_id, "王伟") for _ in range(3)]
    households.change_state(ws, ids[2], "已调查")
    only = households.HouseholdFilter(state="surveyed")
    assert [r["id"] for r in households.find(ws, "王伟", limit=1, flt=only)] == [ids[2]]


def test_a_full_disk_while_attaching_is_one_sentence_and_changes_nothing(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    household_id = make_household(ws, make_project(ws))
    scan = tmp_path / "房产证.pdf"
    scan.write_bytes(b"%PDF-1.4 scan" * 1000)
    before = ws.read(lambda db: state_hash(db.conn))

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(attachments.os, "fsync", disk_full)
    with pytest.raises(UserError) as caught:
        ws.attach(household_id, scan)
    assert "磁盘已满" in str(caught.value)
    assert ws.read(lambda db: state_hash(db.conn)) == before
    assert not list(ws.store.files.root.rglob("*.pdf")) and not list(
        ws.store.files.root.glob(".incoming-*")
    )


def test_a_full_database_disk_is_one_sentence_and_rolls_back(ws: Workspace) -> None:
    project_id = make_project(ws)
    before = ws.read(lambda db: state_hash(db.conn))
    # SQLite's own "disk is full": the file may not grow past its current size.
    pages = ws.write(lambda db: db.conn.execute("PRAGMA page_count").fetchone()[0])
    ws.write(lambda db: db.conn.execute(f"PRAGMA max_page_count = {pages}"))
    # A row longer than any page's room (16 000 bytes of 4-byte characters and a 400-byte name)
    # needs a new page whatever the page size and however full the pages are.
    with pytest.raises(UserError) as caught:
        ws.update("project", project_id, {"notes": "𠈌" * 4000, "name": "𠈌" * 100})
    assert "磁盘已满" in str(caught.value)
    assert ws.read(lambda db: state_hash(db.conn)) == before
