"""House tickets and resettlement flats pages over the hand-counted fixture of
tests/services/test_figures.py (today 2026-11-26): balances and bonus of the day, the redemption
preview (bonus shown before confirming, refusals in one sentence), buy-back, issuing; the flat
stock, allocation and its refusal, release, and an offline double allocation decided here."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from services import flats, households, tickets
from services.workspace import Profile, Workspace
from tests.exchange_kit import send
from tests.services.test_figures import TODAY, Fixture, build
from tests.ui.conftest import settle
from ui import formatting
from ui.context import AppContext
from ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(formatting, "today", lambda: TODAY)
    yield


@pytest.fixture
def fx(ws: Workspace) -> Fixture:
    return build(ws)


def shown(page: Any) -> dict[str, dict[str, str]]:
    return {row["房票编号"]: row for row in page.rows()}


def select(page: Any, number: str) -> None:
    for i, t in enumerate(page.model.rows):
        if t.number == number:
            page.table.selectRow(i)
            return
    raise AssertionError(number)


def test_ticket_list_redeem_preview_refusals_and_buy_back(
    fx: Fixture, window: MainWindow, ctx: AppContext, ws: Workspace
) -> None:
    window.refresh_badges()
    settle(ctx)
    keys = [spec.key for spec in window.specs]
    assert window.nav.item(keys.index("tickets")).text() == "房票 (1)"  # T1 expires 12-20

    page: Any = window.show_page("tickets")
    settle(ctx)
    rows = shown(page)
    assert set(rows) == {"T1", "T2", "T3", "T4", "T5"}
    t1 = rows["T1"]
    # T1: face 1 000 000 issued 06-01, 400 000 redeemed on 07-01 with +20 %; on 11-26 it is in
    # month 6 of use (+16 %) with 24 days left
    assert (t1["余额(元)"], t1["已购房使用(元)"], t1["已付奖励(元)"]) == (
        "600,000.00",
        "400,000.00",
        "80,000.00",
    )
    assert (t1["剩余天数"], t1["今日奖励比例"], t1["状态"]) == ("24 天", "16%", "有效")
    assert (rows["T3"]["状态"], rows["T3"]["余额(元)"]) == ("已退款", "0.00")
    assert rows["T4"]["状态"] == "已用完"
    assert page.count.text() == "共 5 张，30日内到期 1 张"
    page.expiring.setChecked(True)
    assert [t.number for t in page.model.rows] == ["T1"]
    page.expiring.setChecked(False)

    select(page, "T1")
    assert "600,000.00" in page.detail.toPlainText()
    dialog = page.redeem()
    settle(ctx)
    assert dialog.preview_label.text() == "填写金额后显示该日期对应的奖励。"
    dialog.amount.setText("700000")
    dialog.update_preview()
    settle(ctx)
    assert dialog.error.isVisibleTo(dialog)
    assert dialog.error.text() == "⚠ 本次使用 700,000.00 元超过房票余额 600,000.00 元。"
    assert not dialog.confirm.isEnabled()
    dialog.used_on.set_iso("2026-12-21")  # a day after valid_until
    dialog.amount.setText("100000")
    dialog.update_preview()
    settle(ctx)
    assert "2026-12-20" in dialog.error.text() and "已过期" in dialog.error.text()
    assert not dialog.confirm.isEnabled()
    dialog.used_on.set_iso("2026-11-26")
    dialog.update_preview()
    settle(ctx)
    assert not dialog.error.isVisibleTo(dialog)
    assert dialog.preview_label.text() == (
        "2026-11-26 使用，奖励比例 16%：奖励 16,000.00 元。向开发企业共支付 116,000.00 元；"
        "房票剩余余额 500,000.00 元。"
    )
    assert dialog.confirm.isEnabled()
    dialog.amount.setText("100000.5")  # typing again: nothing to confirm until previewed
    assert not dialog.confirm.isEnabled()
    dialog.amount.setText("100000")
    dialog.update_preview()
    settle(ctx)
    dialog.development.setText("Taihu Yunlu")
    dialog.confirm.click()
    settle(ctx)
    assert not dialog.isVisible()
    summary = tickets.ticket_summary(ws, page.current.id, today=TODAY)
    assert (summary.balance, summary.bonus_paid) == (Decimal(500_000), Decimal(96_000))
    assert shown(page)["T1"]["余额(元)"] == "500,000.00"
    assert "Taihu Yunlu" in page.detail.toPlainText()

    select(page, "T2")
    box = page.ask_settle("buyback")
    assert box is not None and "500,000.00" in box.text() and "T2" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    settle(ctx)
    assert shown(page)["T2"]["状态"] == "已回购"
    assert not page.buyback_button.isEnabled()


def test_issue_ticket_dialog(fx: Fixture, window: MainWindow, ctx: AppContext) -> None:
    page: Any = window.show_page("tickets")
    settle(ctx)
    dialog = page.issue()
    settle(ctx)
    dialog.submit()
    assert dialog.error.text() == "⚠ 请先选择住户。"
    row = {"id": fx.h["h4"], "head_name": "户h4", "address": "h4号", "project_id": fx.p1}
    dialog.picker.set_household(fx.h["h4"], row)
    settle(ctx)
    assert dialog.tiers.text.text() == "3个月内+20%；4–6个月+16%；7–18个月+12%"
    assert dialog.valid_until.iso() == "2028-05-25"  # the last day of month 18
    dialog.number.setText("T1")
    dialog.face.setText("300,000")
    dialog.submit()
    settle(ctx)
    assert dialog.error.text() == "⚠ 房票编号“T1”已经使用过，请核对编号。"
    dialog.number.setText("FP-2026-0100")
    dialog.submit()
    settle(ctx)
    assert not dialog.isVisible()
    assert page.current is not None and page.current.number == "FP-2026-0100"
    assert shown(page)["FP-2026-0100"]["票面金额(元)"] == "300,000.00"


def test_flats_allocate_refuse_release_and_decide_a_double_allocation(
    fx: Fixture, window: MainWindow, ctx: AppContext, ws: Workspace, tmp_path: Path
) -> None:
    page: Any = window.show_page("flats")
    settle(ctx)
    labels = {f["number"]: f for f in page.model.rows}
    assert set(labels) == {"101", "102", "103", "104", "105", "201", "202"}
    states = {n: page.model.data(page.model.index(i, 10)) for i, n in enumerate(labels)}
    assert states == {
        "101": "空闲",
        "102": "空闲",
        "103": "已选",
        "104": "锁定",
        "105": "临时周转",
        "201": "空闲",
        "202": "临时周转",
    }
    assert page.count.text() == "共 7 套 · 空闲 3，锁定 1，已选 1，临时周转 2"
    # h8 signed 08-01, housed 11-01 (92 days); h9 06-01 → 07-01 (30): 61 on average
    assert page.cycle.text().startswith("平均安置周期（签约至安置到位）：61 天。")

    page.select_flat(labels["104"]["id"])  # locked: refused in one sentence
    dialog = page.allocate()
    dialog.picker.set_household(fx.h["h5"], {"head_name": "户h5", "address": "h5号"})
    dialog.submit()
    settle(ctx)
    assert dialog.error.text() == "⚠ 房源“安置小区 1栋104”目前为“锁定”状态，不能分配。"
    dialog.close()

    page.select_flat(labels["101"]["id"])
    dialog = page.allocate()
    dialog.picker.set_household(fx.h["h5"], {"head_name": "户h5", "address": "h5号"})
    dialog.submit()
    settle(ctx)
    assert ws.get("flat", labels["101"]["id"])["household_id"] == fx.h["h5"]
    page.select_flat(labels["101"]["id"])
    assert not page.allocate_button.isEnabled() and page.release_button.isEnabled()
    row = next(i for i, f in enumerate(page.model.rows) if f["number"] == "101")
    assert page.model.data(page.model.index(row, 11)) == "户h5（h5号）"
    page.release()
    settle(ctx)
    assert ws.get("flat", labels["101"]["id"])["state"] == "free"

    # two laptops allocate flat 102 while apart
    other = Workspace.open(tmp_path / "other.db")
    try:
        other.init_profile(Profile("张华", "新吴区", "旺庄街道", "旺庄-笔记本2"))
        send(ws, other)
        flats.allocate(ws, labels["102"]["id"], fx.h["h7"])
        flats.allocate(other, labels["102"]["id"], fx.h["h9"])
        send(other, ws)
    finally:
        other.close()
    ctx.notify("flat", labels["102"]["id"])
    settle(ctx)
    assert page.doubles_box.title() == "重复分配待处理（1）"
    assert page.doubles.item(0, 0).text() == "安置小区 1栋102"
    claims = page.doubles.item(0, 1).text()
    assert "户h7（h7号）— 李明" in claims and "户h9（h9号）— 张华" in claims
    window.refresh_badges()
    settle(ctx)
    keys = [spec.key for spec in window.specs]
    assert window.nav.item(keys.index("flats")).text() == "安置房源 (1)"
    choices = [page.winner.itemData(i) for i in range(page.winner.count())]
    assert set(choices) == {fx.h["h7"], fx.h["h9"], ""}
    page.winner.setCurrentIndex(choices.index(fx.h["h9"]))
    page.resolve()
    settle(ctx)
    assert flats.double_allocations(ws) == []
    assert ws.get("flat", labels["102"]["id"])["household_id"] == fx.h["h9"]
    assert page.doubles_box.title() == "重复分配待处理（0）"
    assert not page.doubles_body.isVisibleTo(page)
    assert households.detail(ws, fx.h["h9"])["flats"][0]["number"] == "102"


def test_the_ticket_detail_speaks_the_chosen_language(
    fx: Fixture, ctx: AppContext, qtbot: Any, qapp: Any
) -> None:
    """The bonus tiers came out in Chinese on the English screen (3个月内+20%；…)."""
    from ui import i18n

    i18n.install(qapp, "en")
    try:
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        window.show()
        page: Any = window.show_page("tickets")
        settle(ctx)
        select(page, "T1")
        settle(ctx)
        text = page.detail.toPlainText()
        assert "Within" in text and "months" in text, text  # standing alone: a capital
        assert "个月" not in text
        horizontal, tip = Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
        titles = [page.model.headerData(i, horizontal) for i in range(page.model.columnCount())]
        tooltip = page.model.data(page.model.index(0, titles.index("Bonus today")), tip)
        assert "within" in str(tooltip) and "个月" not in str(tooltip)
        window.close()
    finally:
        i18n.install(qapp, "zh")
