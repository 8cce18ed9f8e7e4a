"""Issue 9 item 2 and 3 (services): empty visits refused, visits corrected and voided with the
household's last-visit and next-due recomputed, households deleted with a reason."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.errors import UserError
from services import households, visits
from services.households import HouseholdFilter
from services.workspace import Workspace
from tests.services.test_workspace import make_household, make_project


def summary(ws: Workspace, household_id: str) -> dict[str, object]:
    rows = households.list_page(ws, HouseholdFilter(ids=[household_id]))
    return rows[0] if rows else {}


def ops_count(ws: Workspace) -> int:
    return int(ws.read(lambda db: db.conn.execute("SELECT count(*) FROM ops").fetchone()[0]))


@given(
    people=st.text(max_size=20),
    blanks=st.lists(st.sampled_from(["", " ", "\n", "\u3000 "]), min_size=3, max_size=3),
)
@settings(max_examples=15, deadline=None)
def test_a_visit_without_content_is_refused_and_writes_nothing(
    tmp_path_factory: pytest.TempPathFactory, people: str, blanks: list[str]
) -> None:
    path = tmp_path_factory.mktemp("empty") / "d.db"
    with Workspace.open(path) as ws:
        from tests.conftest import PROFILE

        ws.init_profile(PROFILE)
        household = make_household(ws, make_project(ws))
        before = ops_count(ws)
        values = {
            "people_met": people,
            "explained": blanks[0],
            "concerns": blanks[1],
            "next_step": blanks[2],
            "next_visit_due": "2026-12-01",
        }
        with pytest.raises(UserError) as refused:
            visits.add_visit(ws, household, values)
        assert refused.value.code == "visit_empty"
        assert ops_count(ws) == before
        assert summary(ws, household)["next_visit_due"] is None


def test_any_one_content_field_is_enough(ws: Workspace) -> None:
    household = make_household(ws, make_project(ws))
    for values in (
        {"explained": "讲解政策"},
        {"concerns": "担心过渡"},
        {"attitude": "观望"},
        {"next_step": "下周再来"},
    ):
        visits.add_visit(ws, household, values)
    assert summary(ws, household)["visit_count"] == 4


def test_correct_a_visit_keeps_the_old_value_in_history(ws: Workspace) -> None:
    household = make_household(ws, make_project(ws))
    visit = visits.add_visit(
        ws,
        household,
        {"visited_on": "2026-11-20", "explained": "讲解房票", "next_visit_due": "2026-12-01"},
    )
    assert (
        visits.update_visit(
            ws, visit, {"explained": "讲解货币补偿", "next_visit_due": "2026-12-09"}
        )
        == 2
    )
    assert ws.get("visit", visit)["explained"] == "讲解货币补偿"
    assert summary(ws, household)["next_visit_due"] == "2026-12-09"
    changes = {(e.field, tuple(e.old), e.new) for e in ws.history(visit) if e.kind == "set"}
    assert ("explained", ("讲解房票",), "讲解货币补偿") in changes
    with pytest.raises(UserError) as emptied:
        visits.update_visit(ws, visit, {"explained": ""})
    assert emptied.value.code == "visit_empty"
    assert ws.get("visit", visit)["explained"] == "讲解货币补偿"


def test_void_a_visit_recomputes_last_visit_and_next_due(ws: Workspace) -> None:
    household = make_household(ws, make_project(ws))
    visits.add_visit(
        ws,
        household,
        {"visited_on": "2026-11-01", "explained": "第一次", "next_visit_due": "2026-11-15"},
    )
    second = visits.add_visit(
        ws,
        household,
        {"visited_on": "2026-11-20", "explained": "记错了户", "next_visit_due": "2026-12-04"},
    )
    assert summary(ws, household)["last_visit_on"] == "2026-11-20"
    with pytest.raises(UserError) as no_reason:
        visits.void_visit(ws, second, "  ")
    assert no_reason.value.code == "reason_required"
    assert "作废" in str(no_reason.value)

    visits.void_visit(ws, second, "记到了隔壁户")
    row = summary(ws, household)
    assert (row["last_visit_on"], row["next_visit_due"], row["visit_count"]) == (
        "2026-11-01",
        "2026-11-15",
        1,
    )
    assert [v["id"] for v in visits.visits_between(ws)] != [second]
    listed = visits.list_visits(ws, household)
    assert [(v["explained"], v["void_reason"]) for v in listed] == [
        ("记错了户", "记到了隔壁户"),
        ("第一次", None),
    ]
    kinds = [e.kind for e in ws.history(second)]
    assert kinds == ["create", "event", "delete"]
    with pytest.raises(UserError) as again:
        visits.void_visit(ws, second, "再来一次")
    assert again.value.code == "visit_voided"
    with pytest.raises(UserError):
        visits.update_visit(ws, second, {"explained": "改"})


def test_delete_a_household_leaves_lists_and_counts_but_not_history(ws: Workspace) -> None:
    project = make_project(ws)
    household = make_household(ws, project)
    other = make_household(ws, project, "王小二")
    assert households.count(ws, HouseholdFilter()) == 2
    with pytest.raises(UserError) as no_reason:
        households.delete_household(ws, household, "")
    assert no_reason.value.code == "reason_required"
    households.delete_household(ws, household, "重复登记")
    assert households.count(ws, HouseholdFilter()) == 1
    assert [r["id"] for r in households.list_page(ws, HouseholdFilter())] == [other]
    assert households.find(ws, "zjw") == []
    (event,) = ws.events(households.DELETE_EVENT, household)
    assert event.value == {"reason": "重复登记"}
    assert ws.history(household)[-1].kind == "delete"
    assert ws.get("household", household, include_deleted=True)["head_name"] == "章金伟"


def test_a_deleted_households_requests_leave_the_register_and_counts(ws: Workspace) -> None:
    import datetime as dt

    from services import requests, today, ui_support

    project = make_project(ws)
    household = make_household(ws, project)
    old = (dt.date.today() - dt.timedelta(days=40)).isoformat()
    requests.add_request(
        ws, {"household_id": household, "category": "amount", "summary": "补偿", "received_on": old}
    )
    assert ui_support.overdue_request_count(ws) == 1
    assert today.today_list(ws).counts["request"] == 1
    households.delete_household(ws, household, "重复登记")
    assert requests.register(ws, requests.RequestFilter()) == []
    assert ui_support.overdue_request_count(ws) == 0
    assert today.today_list(ws).counts["request"] == 0


def test_reasons_may_be_4000_characters_and_no_more(ws: Workspace) -> None:
    household = make_household(ws, make_project(ws))
    first = visits.add_visit(ws, household, {"explained": "讲解"})
    second = visits.add_visit(ws, household, {"concerns": "顾虑"})
    before = ops_count(ws)
    with pytest.raises(UserError) as long_reason:
        visits.void_visit(ws, first, "长" * 4001)
    assert long_reason.value.code == "too_long" and ops_count(ws) == before
    with pytest.raises(UserError):
        households.delete_household(ws, household, "因" * 4001)
    assert ops_count(ws) == before
    visits.void_visit(ws, second, "🙂" * 4000)  # emoji-only, at the limit
    assert [v["void_reason"] for v in visits.list_visits(ws, household) if v["_deleted"]] == [
        "🙂" * 4000
    ]
