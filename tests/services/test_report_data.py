"""services.report_data: the document inputs built from the demo database agree with the
database counted independently (plain SQL here, not the service's own code)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.errors import UserError
from reports import model as m
from services import report_data as rd
from services import requests, visits
from services.figures import Scope
from tests.services.report_kit import ESTATE, TICKET, TODAY, WEEK, DemoSet, build_demo


@pytest.fixture(scope="module")
def demo_set(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoSet]:
    found = build_demo(tmp_path_factory.mktemp("report-data"))
    yield found
    found.ws.close()


def test_household_file_holds_the_whole_household(demo_set: DemoSet) -> None:
    d = demo_set
    hid = d.ticket_household
    file = rd.household_file(d.ws, hid, today=TODAY)
    row = d.ws.get("household", hid)
    assert file.household.head_name == row["head_name"]
    assert file.household.head_id_number == row["head_id_number"]
    assert (
        file.project.code == d.one("SELECT code FROM projects WHERE id = ?", row["project_id"])[0]
    )
    members = d.one("SELECT count(*) FROM members WHERE household_id = ? AND _deleted = 0", hid)
    assert len(file.members) == members[0] > 0
    assert all(isinstance(x.special_groups, tuple) for x in file.members)
    n_visits = d.one("SELECT count(*) FROM visits WHERE household_id = ? AND _deleted = 0", hid)
    assert len(file.visits) == n_visits[0]
    assert [v.visited_on for v in file.visits] == sorted(v.visited_on for v in file.visits)
    assert [t.number for t in file.tickets] == [TICKET]
    assert file.tickets[0].uses and file.tickets[0].uses[0].amount == 500000
    assert file.tickets[0].balance == pytest.approx(734567.89)
    assert [a.name for a in file.attachments] == ["房屋正面照片.jpg"]
    assert file.state_history and file.state_history[0].old is None
    assert (
        file.state_history[0].new
        == d.one(
            "SELECT json_extract(value_json, '$.state') FROM ops WHERE entity_id = ? AND kind = 'create'",
            hid,
        )[0]
    )
    assert file.generated_on == TODAY and file.generated_by == "李明"


def test_household_file_requests_carry_their_progress(demo_set: DemoSet) -> None:
    d = demo_set
    hid, n = d.one(
        "SELECT r.household_id, count(*) FROM request_progress p JOIN requests r"
        " ON r.id = p.request_id WHERE r.household_id IS NOT NULL GROUP BY r.household_id"
        " ORDER BY 2 DESC LIMIT 1"
    )
    file = rd.household_file(d.ws, hid, today=TODAY)
    assert sum(len(q.progress) for q in file.requests) == n
    head = d.ws.get("household", hid)["head_name"]
    assert all(q.household_label.startswith(head) for q in file.requests)


def test_state_history_follows_each_move(tmp_path: Path) -> None:
    from services import households
    from services.workspace import Workspace
    from tests.services.report_kit import PROFILE

    ws = Workspace.open(tmp_path / "one.db")
    try:
        ws.init_profile(PROFILE)
        pid = ws.create(
            "project",
            {"code": "T-1", "name": "测试项目", "district": "新吴区", "sub_district": "旺庄街道"},
        )
        hid = households.create_household(
            ws, {"project_id": pid, "address": "新华路1号", "head_name": "章金伟"}
        )
        households.change_state(ws, hid, "surveyed")
        households.change_state(ws, hid, "confirming")
        file = rd.household_file(ws, hid, today=TODAY)
        assert [(c.old, c.new) for c in file.state_history] == [
            (None, "surveying"),
            ("surveying", "surveyed"),
            ("surveyed", "confirming"),
        ]
        assert file.state_history[0].note == "建档"
        vid = visits.add_visit(ws, hid, {"visited_on": "2026-11-20", "explained": "讲解方案"})
        ws.attach(vid, _file(tmp_path / "现场.jpg"))
        again = rd.household_file(ws, hid, today=TODAY)
        assert again.visits[0].attachment_count == 1
        assert [a.record_entity for a in again.attachments] == ["visit"]
    finally:
        ws.close()


def _file(path: Path) -> Path:
    path.write_bytes(b"photo")
    return path


def test_visit_sheet_and_blank_forms(demo_set: DemoSet) -> None:
    d = demo_set
    vid, hid = d.one("SELECT id, household_id FROM visits ORDER BY visited_on DESC LIMIT 1")
    sheet = rd.visit_sheet(d.ws, vid, today=TODAY)
    row = d.ws.get("visit", vid)
    assert sheet.visit is not None and sheet.visit.visited_on.isoformat() == row["visited_on"]
    assert sheet.visit.caseworkers == row["caseworkers"]
    assert sheet.household is not None and sheet.household.id == hid
    blank = rd.blank_visit_sheet(d.ws, today=TODAY)
    assert blank.visit is None and blank.household is None and blank.project is None
    pre = rd.blank_visit_sheet(d.ws, household_id=hid, today=TODAY)
    assert pre.visit is None and pre.household is not None and pre.project is not None
    with pytest.raises(UserError):
        rd.visit_sheet(d.ws, "no-such-visit", today=TODAY)


def test_register_totals_match_the_database(demo_set: DemoSet) -> None:
    d = demo_set
    register = rd.request_register(d.ws, today=TODAY)
    received, closed = d.one(
        "SELECT count(*), sum(status = 'closed') FROM requests WHERE _deleted = 0"
    )
    overdue = d.one(
        "SELECT count(*) FROM requests WHERE _deleted = 0 AND status != 'closed' AND deadline < ?",
        TODAY.isoformat(),
    )[0]
    assert register.received == received > 0
    assert register.closed == closed
    assert register.overdue == overdue > 0
    assert sum(c.received for c in register.by_category()) == received
    assert register.scope_label == "全部项目"
    assert register.filters == "办理状态：全部；诉求类别：全部；受理日期：全部"


def test_register_filters(demo_set: DemoSet) -> None:
    d = demo_set
    pid = d.one("SELECT project_id FROM requests GROUP BY project_id ORDER BY count(*) DESC")[0]
    by_project = rd.request_register(d.ws, rd.RegisterFilter(project_id=pid), today=TODAY)
    assert (
        by_project.received == d.one("SELECT count(*) FROM requests WHERE project_id = ?", pid)[0]
    )
    assert by_project.project is not None and by_project.scope_label == by_project.project.label

    sub = d.one("SELECT sub_district FROM projects WHERE id = ?", pid)[0]
    by_sub = rd.request_register(d.ws, rd.RegisterFilter(sub_district=sub), today=TODAY)
    expected = d.one(
        "SELECT count(*) FROM requests r JOIN projects p ON p.id = r.project_id"
        " WHERE p.sub_district = ?",
        sub,
    )[0]
    assert by_sub.received == expected and by_sub.scope_label.endswith(sub)

    closed = rd.request_register(d.ws, rd.RegisterFilter(status="closed"), today=TODAY)
    assert closed.received == closed.closed > 0
    assert "办理状态：已办结" in closed.filters

    start, end = dt.date(2026, 10, 1), dt.date(2026, 10, 31)
    october = rd.request_register(
        d.ws, rd.RegisterFilter(received_from=start, received_to=end), today=TODAY
    )
    expected = d.one(
        "SELECT count(*) FROM requests WHERE received_on BETWEEN ? AND ?",
        start.isoformat(),
        end.isoformat(),
    )[0]
    assert october.received == expected > 0
    assert all(start <= r.received_on <= end for r in october.rows)
    assert "受理日期：2026-10-01 至 2026-10-31" in october.filters

    overdue = rd.request_register(d.ws, rd.RegisterFilter(overdue_only=True), today=TODAY)
    assert overdue.received == overdue.overdue > 0

    with pytest.raises(UserError) as refused:
        rd.request_register(d.ws, rd.RegisterFilter(received_from=end, received_to=start))
    assert refused.value.code == "doc_dates_reversed"


def test_weekly_report_from_the_dispatch_figures(demo_set: DemoSet) -> None:
    d = demo_set
    texts = rd.WeeklyTexts("完成签约3户", "走访观望户", "安置房交付推迟")
    report = rd.weekly_report(d.ws, Scope.all(), WEEK, texts, today=TODAY)
    households = d.one("SELECT count(*) FROM households WHERE _deleted = 0")[0]
    projects = d.one("SELECT count(*) FROM projects WHERE _deleted = 0")[0]
    assert report.total is not None and report.total.households_total == households
    assert len(report.rows) == projects
    assert sum(r.households_total for r in report.rows) == households
    assert (report.iso_year, report.iso_week) == (2026, 48)
    assert report.done_this_week == "完成签约3户" and report.difficulties == "安置房交付推迟"
    assert report.compiled_by == "李明"
    signed = d.one(
        "SELECT count(*) FROM households WHERE _deleted = 0 AND signed_on <= ?",
        TODAY.isoformat(),
    )[0]
    assert report.total.signed >= signed > 0
    tickets = d.one("SELECT count(*) FROM house_tickets WHERE issued_on <= ?", TODAY.isoformat())
    assert report.total.tickets_issued == tickets[0] >= 1
    allocated = d.one(
        "SELECT count(*) FROM flats WHERE household_id IS NOT NULL AND state != 'temporary'"
    )
    assert report.total.flats_allocated == allocated[0] >= 1
    assert {r.sub_district for r in report.sub_district_rows} >= {
        r.sub_district for r in report.rows
    }
    received = d.one(
        "SELECT count(*) FROM requests WHERE _deleted = 0 AND received_on <= ?", TODAY.isoformat()
    )[0]
    assert sum(c.received for c in report.categories) == received


def test_weekly_report_for_one_project_and_one_sub_district(demo_set: DemoSet) -> None:
    d = demo_set
    pid = d.one("SELECT project_id FROM households GROUP BY project_id ORDER BY count(*) DESC")[0]
    one = rd.weekly_report(d.ws, Scope.project(pid), WEEK, today=TODAY)
    assert [r.project_code for r in one.rows] == [
        d.one("SELECT code FROM projects WHERE id = ?", pid)[0]
    ]
    n = d.one("SELECT count(*) FROM households WHERE project_id = ? AND _deleted = 0", pid)[0]
    assert one.rows[0].households_total == n
    sub = rd.weekly_report(d.ws, Scope.sub_district("旺庄街道", "新吴区"), WEEK, today=TODAY)
    expected = d.one(
        "SELECT count(*) FROM households WHERE sub_district = '旺庄街道' AND _deleted = 0"
    )[0]
    assert sub.total is not None and sub.total.households_total == expected
    with pytest.raises(UserError):
        rd.weekly_report(d.ws, Scope.all(), "2026-W60", today=TODAY)


def test_notice_lists_the_project_without_personal_numbers(demo_set: DemoSet) -> None:
    d = demo_set
    pid = d.ws.get("household", d.flat_household)["project_id"]
    notice = rd.public_notice(d.ws, pid, today=TODAY)
    n = d.one("SELECT count(*) FROM households WHERE project_id = ? AND _deleted = 0", pid)[0]
    assert len(notice.rows) == n
    names = {f.name for f in dataclasses.fields(m.NoticeRow)}
    assert not names & m.SENSITIVE_FIELD_NAMES
    flat_head = d.ws.get("household", d.flat_household)["head_name"]
    assert any(r.head_name == flat_head and ESTATE in r.resettlement for r in notice.rows)
    assert notice.issuer.endswith("房屋征收办公室")
    assert notice.period_end == TODAY + dt.timedelta(days=14)
    signed = rd.public_notice(d.ws, pid, today=TODAY, signed_only=True)
    n_signed = d.one(
        "SELECT count(*) FROM households WHERE project_id = ? AND _deleted = 0"
        " AND signed_on IS NOT NULL",
        pid,
    )[0]
    assert all(r.signed_on for r in signed.rows) and len(signed.rows) == n_signed
    assert all(r.address.count("栋") <= 1 for r in notice.rows)  # location not repeated


def test_register_rows_come_from_the_register_service(demo_set: DemoSet) -> None:
    """The PDF register and the screen's register list the same requests in the same order."""
    d = demo_set
    screen = requests.register(d.ws, requests.RequestFilter(today=TODAY))
    paper = rd.request_register(d.ws, today=TODAY)
    assert [r["id"] for r in screen] == [r.id for r in paper.rows]
