"""Policies as records (versions, files, templates) and estimates of real households: the
three options, missing inputs, setting 补偿金额 from an option, comparison and funding."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from domain import compensation as comp
from domain.errors import UserError
from services import demo, estimates, policies, policy_compare
from services.workspace import Workspace
from tests.domain.test_compensation import WORKED_POLICY

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def project(ws: Workspace) -> str:
    return ws.create(
        "project",
        {"code": "T-1", "name": "测试项目", "district": "新吴区", "sub_district": "旺庄街道",
         "kind": "residential", "funding_secured": 2_000_000},
    )  # fmt: skip


@pytest.fixture
def worked(ws: Workspace, project: str) -> str:
    return policies.create_policy(ws, comp.parse_policy(WORKED_POLICY), project_id=project)


def household(ws: Workspace, project: str, **values: object) -> str:
    base = {"project_id": project, "address": "春潮新村1栋101室", "head_name": "钱永芳"}
    return ws.create("household", base | values)


def test_a_household_estimate_uses_its_valuation_and_flat(
    ws: Workspace, project: str, worked: str
) -> None:
    hid = household(
        ws, project, measured_area=87.03, registered_area=80, assessed_price=12500,
        decoration_grade="medium", approved_use="住宅", signed_on="2026-12-20",
    )  # fmt: skip
    flat = ws.create(
        "flat",
        {"estate": "新华家园", "building": "3", "number": "1201", "area": 90,
         "delivery_date": "2028-06-20", "household_id": hid, "state": "chosen"},
    )  # fmt: skip
    assert flat
    found = estimates.estimate_household(ws, hid, sign_on=TODAY)
    assert found.policy_id == worked and found.policy_version == 1
    assert found.area_source == "measured"
    assert found.inputs.sign_on == dt.date(2026, 12, 20)  # signed: its own date, not `sign_on`
    assert found.options["money"].total_fen == 117_618_088  # the hand-worked household
    assert found.options["exchange"].difference_fen == 58_876_685
    assert found.flat_label.startswith("新华家园")
    data = estimates.to_json(found)
    assert data["options"]["money"]["total_yuan"] == "1176180.88"
    assert data["options"]["money"]["lines"][0]["formula"] == "12 500.00 元/㎡ × 87.03 ㎡"


def test_missing_inputs_are_sentences_and_nothing_is_guessed(
    ws: Workspace, project: str, worked: str
) -> None:
    hid = household(ws, project)  # no area, no valuation
    found = estimates.estimate_household(ws, hid, sign_on=TODAY)
    sentences = found.missing_sentences("zh")
    assert any("缺少建筑面积" in s for s in sentences)
    assert any("缺少评估单价" in s for s in sentences)
    assert all(opt.total_fen is None for opt in found.options.values())
    with pytest.raises(UserError) as caught:
        estimates.apply_option(ws, hid, "money", sign_on=TODAY)
    assert caught.value.code == "est_incomplete"
    assert ws.get("household", hid)["compensation_amount"] is None


def test_setting_the_amount_from_an_option_is_an_audited_edit(
    ws: Workspace, project: str, worked: str
) -> None:
    hid = household(
        ws, project, measured_area=87.03, assessed_price=12500, decoration_grade="medium",
        compensation_amount=1_000_000,
    )  # fmt: skip
    amount = estimates.apply_option(ws, hid, "ticket", sign_on=dt.date(2026, 12, 20))
    assert amount == Decimal("1284968.38")
    assert ws.get("household", hid)["compensation_amount"] == 1284968.38
    changes = [e for e in ws.history(hid) if e.field == "compensation_amount"]
    assert changes[-1].old == [1_000_000] and changes[-1].new == 1284968.38
    (event,) = ws.events("estimate_applied", hid)
    assert event.value["version"] == 1 and event.value["option"] == "ticket"
    assert event.value["total_fen"] == 128_496_838


def test_a_new_version_on_every_saved_change_and_no_lost_update(ws: Workspace, worked: str) -> None:
    row = policies.get_policy(ws, worked)
    raw = comp.policy_to_json(row.policy)
    raw["items"][4]["amount"] = "6000"
    assert policies.save_policy(ws, worked, comp.parse_policy(raw), expected_version=1) == 2
    assert policies.save_policy(ws, worked, comp.parse_policy(raw), expected_version=2) == 2
    with pytest.raises(UserError) as caught:
        policies.save_policy(ws, worked, row.policy, expected_version=1)
    assert caught.value.code == "policy_changed_meanwhile"
    assert policies.get_policy(ws, worked).policy.item("hardship").amount == Decimal("6000")


def test_an_earlier_version_is_rebuilt_from_the_log(
    ws: Workspace, project: str, worked: str
) -> None:
    hid = household(
        ws, project, measured_area=87.03, assessed_price=12500, decoration_grade="medium"
    )
    first = policies.get_policy(ws, worked).policy
    raw = comp.policy_to_json(first)
    raw["items"][4]["amount"] = "6000"
    second = comp.parse_policy(raw)
    policies.save_policy(ws, worked, second)
    raw["items"][4]["amount"] = "7000"
    policies.save_policy(ws, worked, comp.parse_policy(raw))
    assert policies.policy_at_version(ws, worked, 1).policy == first
    assert policies.policy_at_version(ws, worked, 2).policy == second
    then = estimates.estimate_household(ws, hid, sign_on=TODAY, version=1)
    now = estimates.estimate_household(ws, hid, sign_on=TODAY)
    assert then.policy_version == 1 and now.policy_version == 3
    assert now.options["money"].total_fen - then.options["money"].total_fen == 200_000
    with pytest.raises(UserError) as caught:
        policies.policy_at_version(ws, worked, 9)
    assert caught.value.code == "policy_no_version"


def test_import_export_round_trip_and_a_bad_file_changes_nothing(
    ws: Workspace, project: str, worked: str, tmp_path: Path
) -> None:
    out = policies.export_policy(ws, worked, tmp_path / "方案.json")
    copy = policies.import_policy(ws, out, project_id=project, status="draft")
    assert policies.get_policy(ws, copy).policy == policies.get_policy(ws, worked).policy
    bad = tmp_path / "bad.json"
    raw = json.loads(out.read_text(encoding="utf-8"))
    raw["items"][0]["kind"] = "formula"
    bad.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    before = len(policies.list_policies(ws))
    with pytest.raises(UserError) as caught:
        policies.import_policy(ws, bad)
    assert "formula" in str(caught.value)
    (tmp_path / "gbk.json").write_bytes("名称".encode("gbk"))
    with pytest.raises(UserError) as caught:
        policies.import_policy(ws, tmp_path / "gbk.json")
    assert caught.value.code == "policy_not_json"
    assert len(policies.list_policies(ws)) == before


@pytest.fixture
def demo_ws(ws: Workspace) -> Iterator[Workspace]:
    demo.load_demo(ws, 60, seed=5, today=TODAY, visits_per_household=0.5)
    yield ws


def test_demo_ships_two_example_policies_and_every_project_has_one(demo_ws: Workspace) -> None:
    templates = [p for p in policies.list_policies(demo_ws) if p.project_id is None]
    assert sorted(p.district for p in templates) == ["新吴区", "经开区"]
    assert all(p.name.startswith("示例（虚构）") for p in templates)
    projects = demo_ws.read(lambda db: [r["id"] for r in db.query("SELECT id FROM projects")])
    for project_id in projects:
        assert policies.policy_for_project(demo_ws, project_id).status == "in_force"


def test_comparison_totals_equal_the_sum_of_household_estimates(demo_ws: Workspace) -> None:
    project_id = demo_ws.read(
        lambda db: db.conn.execute("SELECT id FROM projects WHERE code = 'XW-2024-003'").fetchone()[
            0
        ]
    )
    listed = policies.list_policies(demo_ws, project_id)
    a = policies.policy_for_project(demo_ws, project_id)
    b = next(p for p in listed if p.project_id is None and p.district == "经开区")
    household(demo_ws, project_id)  # not yet valued: listed, counted in neither total
    result = policy_compare.compare(demo_ws, project_id, a.id, b.id, sign_on=TODAY)
    assert result.rows and result.complete_rows and result.incomplete == 1
    total_a = total_b = 0
    for row in result.rows:
        option = estimates.household_option(demo_ws.get("household", row.household_id), None)
        one_a = estimates.estimate_household(
            demo_ws, row.household_id, policy_id=a.id, sign_on=TODAY
        )
        one_b = estimates.estimate_household(
            demo_ws, row.household_id, policy_id=b.id, sign_on=TODAY
        )
        assert (one_a.options[option].total_fen, one_b.options[option].total_fen) == (
            row.a_fen,
            row.b_fen,
        )
        if row.complete:
            total_a += row.a_fen or 0
            total_b += row.b_fen or 0
    assert (result.total_a_fen, result.total_b_fen) == (total_a, total_b)
    assert len(result.better) + len(result.worse) + result.same == len(result.complete_rows)
    assert result.better_fen + result.worse_fen == total_b - total_a
    assert sum(band.count for band in result.bands) == len(result.complete_rows)
    assert result.gap_a_fen == total_a - result.funding_secured_fen
    funding = estimates.estimated_totals(demo_ws, sign_on=TODAY)[project_id]
    assert funding.total_fen == total_a and funding.policy_id == a.id


def test_comparison_refuses_the_same_policy_twice(demo_ws: Workspace) -> None:
    row = policies.list_policies(demo_ws)[0]
    project_id = demo_ws.read(lambda db: db.conn.execute("SELECT id FROM projects").fetchone()[0])
    with pytest.raises(UserError) as caught:
        policy_compare.compare(demo_ws, project_id, row.id, row.id)
    assert caught.value.code == "policy_same_twice"


def test_comparison_workbook(demo_ws: Workspace, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    project_id = demo_ws.read(
        lambda db: db.conn.execute("SELECT id FROM projects WHERE code = 'XW-2024-003'").fetchone()[
            0
        ]
    )
    a = policies.policy_for_project(demo_ws, project_id)
    b = next(p for p in policies.list_policies(demo_ws) if p.district == "经开区")
    result = policy_compare.compare(demo_ws, project_id, a.id, b.id, sign_on=TODAY)
    out = policy_compare.export_xlsx(demo_ws, result, tmp_path / "比较.xlsx")
    book = load_workbook(out, read_only=True)
    assert book.sheetnames == ["汇总", "逐户", "分布"]
    rows = list(book["逐户"].iter_rows(values_only=True))
    assert len(rows) == len(result.rows) + 1
    assert demo_ws.events("export", project_id)


def test_funding_uses_estimates_then_typed_amounts_and_ranks_by_them(
    ws: Workspace, project: str, worked: str
) -> None:
    from services import projects

    valued = household(
        ws, project, measured_area=87.03, assessed_price=12500, decoration_grade="medium",
        compensation_mode="money", signed_on="2026-12-20",
    )  # fmt: skip
    household(ws, project, address="2号", compensation_amount=500_000)  # typed, not valued
    household(ws, project, address="3号")  # neither: not counted
    found = estimates.estimated_totals(ws, sign_on=TODAY)[project]
    assert found.per_household[valued] == 117_618_088
    assert (found.total_fen, found.typed_fen, found.typed, found.uncovered) == (
        117_618_088, 50_000_000, 1, 1,
    )  # fmt: skip
    assert found.funding_fen == 167_618_088
    ws.update("household", valued, {"assessed_price": 13000})  # remembered totals are redone
    assert estimates.estimated_totals(ws, sign_on=TODAY)[project].total_fen > found.total_fen
    ws.update("household", valued, {"assessed_price": 12500})
    scope = estimates.funding_for_scope(ws, "district", "新吴区", sign_on=TODAY)
    assert scope.needed_fen == 167_618_088 and scope.secured_fen == 200_000_000
    assert scope.gap_fen == 167_618_088 - 200_000_000 and scope.projects == 1
    needed = estimates.estimated_funding(ws, sign_on=TODAY)
    (ranked,) = projects.ranked_projects(ws, today=TODAY, estimated=needed)
    assert ranked.funding_estimated == Decimal("1676180.88")
    assert ranked.inputs.funding_needed == 1676180.88
    (plain,) = projects.ranked_projects(ws, today=TODAY)
    assert plain.funding_estimated is None and plain.inputs.funding_needed is None


def test_hostile_names_and_a_read_only_folder(ws: Workspace, project: str, tmp_path: Path) -> None:
    import copy
    import os

    from services import estimate_sheet

    raw = copy.deepcopy(WORKED_POLICY)
    raw["name"] = "方" * 100
    raw["items"][4]["name"] = "🏠🏠🏠"  # emoji only
    policy = policies.create_policy(ws, comp.parse_policy(raw), project_id=project)
    too_long = copy.deepcopy(raw) | {"name": "方" * 101}
    with pytest.raises(UserError) as caught:
        comp.parse_policy(too_long)
    assert "100" in str(caught.value)
    hid = household(
        ws, project, measured_area=87.03, assessed_price=12500, decoration_grade="fine",
        head_name="😀", notes="备" * 4000,
    )  # fmt: skip
    done = estimate_sheet.write_sheet(ws, hid, tmp_path / "x.pdf", sign_on=TODAY)
    assert done.pages >= 1
    locked = tmp_path / "locked"
    locked.mkdir()
    os.chmod(locked, 0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        with pytest.raises(UserError) as caught:
            policies.export_policy(ws, policy, locked / "p.json")
        assert caught.value.code == "report_cannot_write"
        with pytest.raises(UserError):
            estimate_sheet.write_sheet(ws, hid, locked / "x.pdf", sign_on=TODAY)
        assert list(locked.iterdir()) == []
    finally:
        os.chmod(locked, 0o700)


def test_excel_round_trip_and_a_bad_cell(
    ws: Workspace, project: str, worked: str, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    out = policies.export_policy(ws, worked, tmp_path / "方案.xlsx")
    copy = policies.import_policy(ws, out, project_id=project, status="draft")
    assert policies.get_policy(ws, copy).policy == policies.get_policy(ws, worked).policy
    book = load_workbook(out)
    book["分档"]["C5"] = "40000"  # the second signing tier above the first
    book.save(tmp_path / "bad.xlsx")
    before = len(policies.list_policies(ws))
    with pytest.raises(UserError) as caught:
        policies.import_policy(ws, tmp_path / "bad.xlsx")
    assert "不能高于" in str(caught.value)
    (tmp_path / "fake.xlsx").write_bytes(b"not a workbook at all")
    with pytest.raises(UserError):
        policies.import_policy(ws, tmp_path / "fake.xlsx")
    assert len(policies.list_policies(ws)) == before


def test_a_policy_name_starting_with_equals_is_exported_as_text(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from services.policy_xlsx import read_policy_xlsx, write_policy_xlsx

    raw = comp.policy_to_json(comp.parse_policy(WORKED_POLICY))
    raw["name"] = '=HYPERLINK("http://x","y")'
    policy = comp.parse_policy(raw)
    out = write_policy_xlsx(policy, tmp_path / "方案.xlsx")
    book = load_workbook(out)
    cells = [c for row in book.worksheets[0].iter_rows() for c in row if c.value == raw["name"]]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)
    assert read_policy_xlsx(out).name == raw["name"]
