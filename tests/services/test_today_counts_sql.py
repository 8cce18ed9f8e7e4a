"""today_counts_by counts visits and requests in SQL (per name and due date); on random data it
must give exactly what the plain way gives: every item of the whole today_list, counted for each
name the caseworker / sub-district filters would select it by."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from services import households, requests, today, visits
from services.projects import create_project
from services.workspace import Workspace
from tests.conftest import PROFILE, examples

TODAY = dt.date(2026, 11, 26)
PEOPLE = st.sampled_from([None, "李明", "张华", "王静"])
SUB_DISTRICTS = st.sampled_from([None, "旺庄街道", "梅村街道"])
OFFSET = st.integers(-6, 6)


def on(offset: int) -> str:
    return (TODAY + dt.timedelta(days=offset)).isoformat()


def reference(ws: Workspace, group: str) -> dict[str, dict[str, int]]:
    """The plain way: every item, once for each name it counts for."""
    found = today.today_list(ws, today=TODAY)

    def project_members(db: Any) -> dict[str, set[str]]:
        members: dict[str, set[str]] = {}
        for project_id, name in db.conn.execute(
            f"SELECT project_id, {group} FROM households WHERE _deleted = 0"
        ):
            if name:
                members.setdefault(project_id, set()).add(name)
        return members

    by_project = ws.read(project_members)
    grouped: dict[str, list[today.TodayItem]] = {}
    for item in found.items:
        if item.kind == "statutory":
            names = set(by_project.get(item.project_id or "", ()))
            if group == "sub_district" and item.sub_district:
                names.add(item.sub_district)
        elif group == "sub_district":
            names = {item.sub_district} if item.sub_district else set()
        elif item.kind == "request":
            names = {n for n in (item.caseworker, item.responsible) if n}
        else:
            names = {item.caseworker} if item.caseworker else set()
        for name in names:
            grouped.setdefault(name, []).append(item)
    return {name: today.TodayList(TODAY, items).counts for name, items in grouped.items()}


household_spec = st.fixed_dictionaries(
    {
        "project": st.integers(0, 1),
        "caseworker": PEOPLE,
        "sub_district": SUB_DISTRICTS,
        "completed": st.booleans(),
        "deleted": st.integers(0, 4).map(lambda n: n == 0),
        "visits": st.lists(st.tuples(st.integers(-20, 0), OFFSET), max_size=2),
    }
)
request_spec = st.fixed_dictionaries(
    {
        "household": st.none() | st.integers(0, 7),
        "deadline": OFFSET,
        "closed": st.integers(0, 3).map(lambda n: n == 0),
        "responsible": PEOPLE,
    }
)


@settings(
    max_examples=examples(8),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    project_subs=st.tuples(SUB_DISTRICTS, SUB_DISTRICTS),
    homes=st.lists(household_spec, min_size=1, max_size=8),
    asks=st.lists(request_spec, max_size=8),
)
@example(  # found by Hypothesis: two sub-districts' requests of one project counted as one
    project_subs=(None, None),
    homes=[
        {
            "project": 0,
            "caseworker": None,
            "sub_district": "梅村街道",
            "completed": False,
            "deleted": False,
            "visits": [],
        }
    ],
    asks=[
        {"household": None, "deadline": 0, "closed": False, "responsible": None},
        {"household": 0, "deadline": 0, "closed": False, "responsible": None},
    ],
)
def test_sql_counts_equal_the_plain_count(
    project_subs: tuple[str | None, str | None],
    homes: list[dict[str, Any]],
    asks: list[dict[str, Any]],
) -> None:
    with (
        tempfile.TemporaryDirectory() as folder,
        Workspace.open(Path(folder) / "doorstep.db") as ws,
    ):
        ws.init_profile(PROFILE)
        projects = [
            create_project(
                ws,
                {"code": f"P-{i}", "name": f"地块{i}", "signing_end": on(10)}
                | ({"sub_district": sub} if sub else {}),
            )
            for i, sub in enumerate(project_subs)
        ]
        ids = []
        for i, home in enumerate(homes):
            values: dict[str, Any] = {
                "project_id": projects[home["project"]],
                "address": f"{i + 1}栋",
                "head_name": f"户{i}",
            }
            if home["caseworker"]:
                values["caseworker"] = home["caseworker"]
            if home["sub_district"]:
                values["sub_district"] = home["sub_district"]
            if home["completed"]:
                values["state"] = "completed"
            household_id = households.create_household(ws, values)
            ids.append(household_id)
            for visited, due in home["visits"]:
                visits.add_visit(
                    ws,
                    household_id,
                    {"explained": "走访", "visited_on": on(visited), "next_visit_due": on(due)},
                )
        for i, ask in enumerate(asks):
            values = {
                "project_id": projects[0],
                "received_on": on(-10),
                "category": "amount",
                "summary": f"诉求{i}",
                "deadline": on(ask["deadline"]),
            }
            if ask["household"] is not None and ask["household"] < len(ids):
                values["household_id"] = ids[ask["household"]]
            if ask["responsible"]:
                values["responsible"] = ask["responsible"]
            if ask["closed"]:
                values |= {"status": "closed", "closed_on": on(-1), "reply": "已答复"}
            requests.add_request(ws, values)
        for household_id, home in zip(ids, homes, strict=True):
            if home["deleted"]:
                households.delete_household(ws, household_id, "重复登记")

        for group in today.GROUPS:
            assert today.today_counts_by(ws, group, today=TODAY) == reference(ws, group), group


def test_today_reads_no_whole_table_of_requests_or_households(ws: Workspace) -> None:
    """At 100 000 households a scan of every request (300 000) or household row is what made
    Today slow: each statement the list and the counts run finds its rows through an index
    (storage/due_index.py) or the narrow list index."""
    from services import demo

    demo.load_demo(ws, 30, seed=3, today=TODAY)
    statements: list[str] = []
    ws.read(lambda db: db.conn.set_trace_callback(statements.append))
    try:
        today.today_list(ws, today=TODAY, caseworker=PROFILE.caseworker)
        for group in today.GROUPS:
            today.today_counts_by(ws, group, today=TODAY)
    finally:
        ws.read(lambda db: db.conn.set_trace_callback(None))
    selects = [s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]
    assert len(selects) >= 8
    for sql in selects:
        plan = ws.read(
            lambda db, sql=sql: [r[3] for r in db.conn.execute("EXPLAIN QUERY PLAN " + sql)]
        )
        scans = [step for step in plan if step.startswith("SCAN") and "INDEX" not in step]
        assert not [s for s in scans if s.split()[1] in ("requests", "households", "r", "h")], (
            sql,
            plan,
        )
