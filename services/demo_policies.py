"""The two example compensation policies of the demo data — 示例（虚构）, fictional figures shaped
like a 经开区 policy and a 新吴区 policy (shared/design/domain.md: no real rates are claimed).

Each district gets its policy as a district template (区级模板), and every demo project gets a
copy of its district's policy in force, so the comparison page can set one against the other at
once. The signing-reward and ticket-bonus dates are counted from the demo's `today`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

EXAMPLE_MARK = "示例（虚构）"
EXAMPLE_NOTE = "本方案为演示用示例，所有金额和日期纯属虚构，不代表任何实际补偿政策。"


def _day(today: dt.date, days: int) -> str:
    return (today + dt.timedelta(days=days)).isoformat()


def jingkai(today: dt.date) -> dict[str, Any]:
    """经开区-shaped: moderate moving and transition rates, a fixed signing reward."""
    return {
        "name": f"{EXAMPLE_MARK}经开区房屋征收补偿方案",
        "district": "经开区",
        "note": EXAMPLE_NOTE,
        "exchange_flat_price": "7200",
        "default_months": 24,
        "items": [
            {"key": "house_value", "name": "被征收房屋价值补偿", "kind": "area_price",
             "source": "assessed_price"},
            {"key": "decoration", "name": "装饰装修补偿", "kind": "grade_area",
             "grades": {"simple": "200", "ordinary": "400", "medium": "700", "fine": "1000"}},
            {"key": "moving", "name": "搬迁费", "kind": "area_minimum", "price": "15",
             "minimum": "1500", "times": {"money": 1, "ticket": 1, "exchange": 2}},
            {"key": "transition", "name": "临时安置费", "kind": "monthly", "price": "18",
             "options": ["exchange"]},
            {"key": "equipment", "name": "设备移装费", "kind": "fixed", "amount": "3000"},
            {"key": "business_loss", "name": "停产停业损失补偿", "kind": "percent",
             "percent": "6", "of": ["house_value"], "uses": ["non_residential"]},
            {"key": "ticket_bonus", "name": "房票奖励", "kind": "date_tiers", "unit": "percent",
             "of": ["house_value", "decoration"], "options": ["ticket"],
             "tiers": [{"until": _day(today, 90), "value": "15"},
                       {"until": _day(today, 180), "value": "10"},
                       {"until": None, "value": "5"}]},
            {"key": "sign_reward", "name": "按期签约搬迁奖励", "kind": "date_tiers",
             "unit": "fixed",
             "tiers": [{"until": _day(today, 60), "value": "50000"},
                       {"until": _day(today, 150), "value": "30000"}]},
        ],
    }  # fmt: skip


def xinwu(today: dt.date) -> dict[str, Any]:
    """新吴区-shaped: a money-and-ticket housing subsidy, a signing reward per ㎡."""
    return {
        "name": f"{EXAMPLE_MARK}新吴区房屋征收补偿方案",
        "district": "新吴区",
        "note": EXAMPLE_NOTE,
        "exchange_flat_price": "6500",
        "default_months": 30,
        "items": [
            {"key": "house_value", "name": "被征收房屋价值补偿", "kind": "area_price",
             "source": "assessed_price"},
            {"key": "decoration", "name": "装饰装修补偿", "kind": "grade_area",
             "grades": {"simple": "300", "ordinary": "500", "medium": "800", "fine": "1200"}},
            {"key": "moving", "name": "搬迁费", "kind": "area_minimum", "price": "20",
             "minimum": "2000", "times": {"exchange": 2}},
            {"key": "transition", "name": "临时安置费", "kind": "monthly", "price": "20",
             "options": ["exchange"]},
            {"key": "housing_subsidy", "name": "货币化安置补贴", "kind": "percent",
             "percent": "8", "of": ["house_value"], "options": ["money", "ticket"],
             "uses": ["residential"]},
            {"key": "business_loss", "name": "停产停业损失补偿", "kind": "percent",
             "percent": "8", "of": ["house_value"], "uses": ["non_residential"]},
            {"key": "ticket_bonus", "name": "房票奖励", "kind": "date_tiers", "unit": "percent",
             "of": ["house_value"], "options": ["ticket"],
             "tiers": [{"until": _day(today, 90), "value": "20"},
                       {"until": _day(today, 180), "value": "16"},
                       {"until": _day(today, 540), "value": "12"}]},
            {"key": "sign_reward", "name": "按期签约奖励", "kind": "date_tiers", "unit": "per_m2",
             "tiers": [{"until": _day(today, 60), "value": "300"},
                       {"until": _day(today, 150), "value": "150"}]},
        ],
    }  # fmt: skip


def by_district(today: dt.date) -> dict[str, dict[str, Any]]:
    return {"经开区": jingkai(today), "新吴区": xinwu(today)}
