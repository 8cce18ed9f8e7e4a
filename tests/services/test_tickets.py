"""House tickets through the real store: issue, redeem with the day's bonus, refusals that write
nothing, buy-back and refund, per-project tiers as a shared setting, the expiring list, and two
laptops redeeming the same ticket offline."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from domain.errors import UserError
from domain.tickets import DEFAULT_TIERS, BonusTier
from services import households, tickets
from services.projects import create_project
from services.workspace import Profile, Workspace
from tests.exchange_kit import send

D = dt.date


def project(ws: Workspace, code: str = "XW-2026-01") -> str:
    return create_project(ws, {"code": code, "name": f"{code} 地块"})


def household(ws: Workspace, project_id: str, name: str = "章金伟", room: str = "501") -> str:
    return households.create_household(
        ws, {"project_id": project_id, "address": f"旺庄路18号{room}室", "head_name": name}
    )


def count_uses(ws: Workspace) -> int:
    return ws.read(lambda db: db.conn.execute("SELECT count(*) FROM ticket_uses").fetchone()[0])


def test_issue_with_defaults(ws: Workspace) -> None:
    hid = household(ws, project(ws))
    tid = tickets.issue_ticket(
        ws, hid, number="FP-001", face_amount="1000000", issued_on=D(2026, 1, 15)
    )
    row = ws.get("house_ticket", tid)
    assert row["valid_until"] == "2027-07-14"
    assert row["state"] == "active"
    assert (
        row["bonus_tiers"] == '[{"months":3,"pct":20},{"months":6,"pct":16},{"months":18,"pct":12}]'
    )
    summary = tickets.ticket_summary(ws, tid, today=D(2026, 2, 1))
    assert summary.face_amount == Decimal("1000000.00")
    assert summary.balance == Decimal("1000000.00")
    assert summary.tiers == DEFAULT_TIERS
    assert summary.bonus_pct_today == Decimal(20)
    assert summary.head_name == "章金伟"


def test_redeem_records_the_bonus_of_its_date(ws: Workspace) -> None:
    hid = household(ws, project(ws))
    tid = tickets.issue_ticket(
        ws, hid, number="FP-002", face_amount=1_000_000, issued_on=D(2026, 1, 15)
    )
    use_id = tickets.redeem(
        ws,
        tid,
        "600000.50",
        used_on=D(2026, 5, 1),
        development="太湖新城·悦府",
        contract_number="WX-2026-0931",
    )
    use = ws.get("ticket_use", use_id)
    assert (use["kind"], use["amount"], use["bonus_pct"], use["bonus_amount"]) == (
        "redemption",
        600000.5,
        16.0,
        96000.08,  # 600000.50 × 16 % = 96000.08 (fen rounded down)
    )
    assert use["development"] == "太湖新城·悦府"
    summary = tickets.ticket_summary(ws, tid, today=D(2026, 5, 1))
    assert summary.redeemed == Decimal("600000.50")
    assert summary.bonus_paid == Decimal("96000.08")
    assert summary.balance == Decimal("399999.50")
    assert summary.total_paid == Decimal("696000.58")
    assert [u.development for u in summary.uses] == ["太湖新城·悦府"]

    tickets.redeem(ws, tid, "399999.50", used_on=D(2026, 8, 1))
    summary = tickets.ticket_summary(ws, tid, today=D(2026, 8, 2))
    assert summary.balance == 0
    assert summary.state == summary.stored_state == "used_up"


def test_refusals_write_nothing(ws: Workspace) -> None:
    hid = household(ws, project(ws))
    tid = tickets.issue_ticket(
        ws,
        hid,
        number="FP-003",
        face_amount=500_000,
        issued_on=D(2026, 1, 15),
        valid_until=D(2026, 12, 31),
    )
    before = count_uses(ws)
    with pytest.raises(UserError) as err:
        tickets.redeem(ws, tid, 500_000.01, used_on=D(2026, 3, 1))
    assert err.value.message("zh") == "本次使用 500,000.01 元超过房票余额 500,000.00 元。"
    with pytest.raises(UserError) as err:
        tickets.redeem(ws, tid, 1000, used_on=D(2027, 1, 1))
    assert err.value.code == "ticket_expired_on"
    assert count_uses(ws) == before
    with pytest.raises(UserError) as err:
        tickets.issue_ticket(ws, hid, number="FP-003", face_amount=1, issued_on=D(2026, 1, 15))
    assert err.value.code == "ticket_number_taken"
    with pytest.raises(UserError) as err:
        tickets.issue_ticket(
            ws,
            hid,
            number="FP-004",
            face_amount=1,
            issued_on=D(2026, 1, 15),
            valid_until=D(2026, 1, 1),
        )
    assert err.value.code == "ticket_valid_before_issue"


def test_buy_back_after_expiry_and_refund(ws: Workspace) -> None:
    hid = household(ws, project(ws))
    tid = tickets.issue_ticket(
        ws,
        hid,
        number="FP-005",
        face_amount=800_000,
        issued_on=D(2026, 1, 15),
        valid_until=D(2026, 12, 31),
    )
    tickets.redeem(ws, tid, 300_000, used_on=D(2026, 2, 1))
    assert tickets.ticket_summary(ws, tid, today=D(2027, 1, 5)).state == "expired"
    use_id = tickets.buy_back(ws, tid, on=D(2027, 1, 5))
    assert ws.get("ticket_use", use_id)["amount"] == 500_000.0
    summary = tickets.ticket_summary(ws, tid, today=D(2027, 1, 5))
    assert (summary.state, summary.stored_state, summary.balance) == (
        "bought_back",
        "bought_back",
        0,
    )
    assert summary.bought_back == Decimal("500000.00")
    with pytest.raises(UserError) as err:
        tickets.refund(ws, tid, on=D(2027, 1, 6))
    assert err.value.code == "ticket_closed"

    other = tickets.issue_ticket(
        ws, hid, number="FP-006", face_amount=1000, issued_on=D(2026, 1, 15)
    )
    tickets.refund(ws, other, on=D(2026, 2, 1))
    assert tickets.ticket_summary(ws, other, today=D(2026, 2, 1)).state == "refunded"


def test_tiers_per_project_are_a_shared_setting(ws: Workspace) -> None:
    first, second = project(ws, "P-1"), project(ws, "P-2")
    tickets.set_bonus_tiers(ws, '[{"months": 6, "pct": 10}]', project_id=first)
    tickets.set_bonus_tiers(ws, [BonusTier(2, Decimal(25))])  # district default
    assert tickets.bonus_tiers_for(ws, first) == (BonusTier(6, Decimal(10)),)
    assert tickets.bonus_tiers_for(ws, second) == (BonusTier(2, Decimal(25)),)
    a = tickets.issue_ticket(
        ws, household(ws, first), number="A", face_amount=100_000, issued_on=D(2026, 1, 1)
    )
    b = tickets.issue_ticket(
        ws,
        household(ws, second, "王秀英", "502"),
        number="B",
        face_amount=100_000,
        issued_on=D(2026, 1, 1),
    )
    use_a = tickets.redeem(ws, a, 100_000, used_on=D(2026, 5, 1))
    use_b = tickets.redeem(ws, b, 100_000, used_on=D(2026, 2, 1))
    assert ws.get("ticket_use", use_a)["bonus_amount"] == 10_000.0
    assert ws.get("ticket_use", use_b)["bonus_amount"] == 25_000.0
    # a later change of the setting leaves issued tickets on their printed terms
    tickets.set_bonus_tiers(ws, '[{"months": 6, "pct": 1}]', project_id=first)
    assert tickets.ticket_summary(ws, a).tiers == (BonusTier(6, Decimal(10)),)
    settings = ws.read(lambda db: db.conn.execute("SELECT count(*) FROM settings").fetchone()[0])
    assert settings == 2  # changed in place, not a new record each time


def test_expiring_within(ws: Workspace) -> None:
    pid = project(ws)
    hid = household(ws, pid)
    today = D(2026, 11, 26)
    soon = tickets.issue_ticket(
        ws, hid, number="S", face_amount=1000, issued_on=D(2025, 6, 1), valid_until=D(2026, 12, 26)
    )
    tickets.issue_ticket(
        ws,
        hid,
        number="LATER",
        face_amount=1000,
        issued_on=D(2025, 6, 1),
        valid_until=D(2026, 12, 27),
    )
    tickets.issue_ticket(
        ws,
        hid,
        number="GONE",
        face_amount=1000,
        issued_on=D(2025, 6, 1),
        valid_until=D(2026, 11, 25),
    )
    used = tickets.issue_ticket(
        ws,
        hid,
        number="USED",
        face_amount=1000,
        issued_on=D(2025, 6, 1),
        valid_until=D(2026, 12, 1),
    )
    tickets.redeem(ws, used, 1000, used_on=D(2026, 1, 1))
    today_ticket = tickets.issue_ticket(
        ws, hid, number="TODAY", face_amount=1000, issued_on=D(2025, 6, 1), valid_until=today
    )
    found = tickets.expiring_within(ws, 30, today=today)
    assert [t.id for t in found] == [today_ticket, soon]
    assert found[1].days_left == 30
    assert tickets.expiring_within(ws, 30, today=today, sub_district="别的街道") == []


def test_two_laptops_redeeming_offline_keep_both_and_flag_the_overdraw(tmp_path: Path) -> None:
    a = Workspace.open(tmp_path / "a.db")
    b = Workspace.open(tmp_path / "b.db")
    try:
        for ws, name in ((a, "甲"), (b, "乙")):
            ws.init_profile(Profile(name, "新吴区", "旺庄街道", name))
        tid = tickets.issue_ticket(
            a, household(a, project(a)), number="FP-9", face_amount=100_000, issued_on=D(2026, 1, 1)
        )
        send(a, b)
        tickets.redeem(a, tid, 80_000, used_on=D(2026, 2, 1))
        tickets.redeem(b, tid, 50_000, used_on=D(2026, 2, 2))
        send(a, b)
        send(b, a)
        for ws in (a, b):
            summary = tickets.ticket_summary(ws, tid, today=D(2026, 3, 1))
            assert summary.redeemed == Decimal("130000.00")
            assert summary.balance == 0
            assert summary.overdrawn == Decimal("30000.00")
            assert len(summary.uses) == 2
    finally:
        a.close()
        b.close()
