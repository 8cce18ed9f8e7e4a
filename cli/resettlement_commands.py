"""Resettlement and dispatch from the command line: `ticket issue|redeem|buy-back|refund|list|
expiring`, `flat add|allocate|release|list|doubles|resolve`, `today`, `projects rank|weights`,
and the dispatch figures behind `stats --project P | --sub-district S | --district D | --week W`
(cli/setup.py's `stats` hands those options to `scoped_stats` here).

The figures, the today list, the ranking and every refusal are the services' (services.figures,
services.today, services.projects, services.tickets, services.flats) — the GUI shows the same."""

from __future__ import annotations

import argparse
import datetime as dt
from decimal import Decimal
from typing import Any

from cli.args import day_argument, parse_assignments, resolve_household, resolve_project
from cli.base import Context, Subparsers, add_command, add_group, t, tr
from cli.output import entity_label, key_values, record_json, table
from domain import i18n
from domain.choices import FLAT_STATES, PROJECT_ORIGINS, PROJECT_STAGES, TICKET_STATES
from domain.errors import Label, UserError
from domain.ids import short_id
from domain.records import FLAT
from services import figures, flats, projects, tickets
from services import today as today_service
from services.figures import DispatchFigures, Figures, Scope
from services.tickets import TicketSummary
from services.workspace import Workspace

ORDER = 55


def _date(text: str) -> dt.date:
    return day_argument(text)


def _money(value: Decimal | float) -> str:
    return f"{float(value):,.2f}"


def _pct(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


# registration ----------------------------------------------------------------------------------
def register(commands: Subparsers) -> None:
    _register_tickets(commands)
    _register_flats(commands)
    today = add_command(
        commands,
        "today",
        _today,
        tr("今日待办：到期的回访、诉求、房票和法定程序", "what is due today"),
    )
    who = today.add_mutually_exclusive_group()
    who.add_argument("--caseworker", help=tr("经办人（默认本机经办人）", "caseworker"))
    who.add_argument("--all", action="store_true", help=tr("全部经办人", "everybody"))
    today.add_argument("--sub-district", help=tr("街道", "sub-district"))
    today.add_argument("--project", help=tr("项目编号", "project code"))
    today.add_argument("--date", type=_date, help=tr("以哪一天为今天", "the day taken as today"))

    group = add_group(commands, "projects", tr("项目一盘棋：排序与权重", "project ranking"))
    rank = add_command(group, "rank", _rank, tr("按优先级排列两区全部项目", "rank all projects"))
    rank.add_argument("--district", help=tr("只看一个区", "one district only"))
    rank.add_argument("--origin", help=tr("存量 或 新增", "stock or new"))
    rank.add_argument("--archived", action="store_true", help=tr("包括已归档", "include archived"))
    rank.add_argument("--date", type=_date, help=tr("以哪一天为今天", "the day taken as today"))
    add_command(group, "weights", _weights, tr("优先级公式与权重", "the formula and its weights"))


def add_scope_options(stats: argparse.ArgumentParser) -> None:
    """The dispatch-figure options of `stats` (cli/setup.py calls this)."""
    scope = stats.add_mutually_exclusive_group()
    scope.add_argument("--project", help=tr("项目编号：该项目的调度数据", "project code"))
    scope.add_argument("--sub-district", help=tr("街道：该街道的调度数据", "sub-district"))
    scope.add_argument(
        "--all-projects", action="store_true", help=tr("全部项目的调度数据", "all projects")
    )
    stats.add_argument("--district", help=tr("区（或与 --sub-district 合用）", "district"))
    stats.add_argument("--week", help=tr("ISO 周，如 2026-W48（默认本周）", "ISO week"))
    stats.add_argument("--today", type=_date, help=tr("以哪一天为今天", "the day taken as today"))


def wants_figures(args: argparse.Namespace) -> bool:
    return any(
        getattr(args, name, None)
        for name in ("project", "sub_district", "district", "week", "all_projects")
    )


# stats → dispatch figures ------------------------------------------------------------------------
def scope_of(ws: Workspace, args: argparse.Namespace) -> Scope:
    if args.project:
        return figures.resolve_scope(ws, "project", args.project)
    if args.sub_district:
        return Scope.sub_district(args.sub_district, args.district or None)
    if args.district:
        return Scope.of_district(args.district)
    return Scope.all()


def scoped_stats(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    day = args.today or dt.date.today()
    week = args.week or figures.week_of(day)
    found = figures.dispatch_figures(ws, scope_of(ws, args), week, today=day)
    ctx.emit(found.as_dict(), lambda: _figures_text(found))
    return 0


def _figures_text(found: DispatchFigures) -> str:
    f = found.totals
    head = tr(
        f"{found.scope_label}　{found.week}（{found.week_start} 至 {found.week_end}），截至 {found.as_of}",
        f"{found.scope_label}  {found.week} ({found.week_start} to {found.week_end}), as of {found.as_of}",
    )
    pairs = [
        (
            tr("住户（计划）", "households (planned)"),
            f"{f.households_total}（{f.households_planned}）",
        ),
        (tr("已调查", "surveyed"), f"{f.surveyed}  {_pct(f.survey_rate)}"),
        (tr("已评估", "valued"), f"{f.valued}  {_pct(f.valuation_rate)}"),
        (
            tr("已签约（本周）", "signed (this week)"),
            f"{f.signed}（{f.signed_this_week}）  {_pct(f.signing_rate)}",
        ),
        (
            tr("已腾空（本周）", "vacated (this week)"),
            f"{f.vacated}（{f.vacated_this_week}）  {_pct(f.vacating_rate)}",
        ),
        (
            tr("已交房（今日/本周/剩余）", "handed over (today/week/left)"),
            f"{f.handed_over_total}（{f.handed_over_today}/{f.handed_over_this_week}/"
            f"{f.handed_over_remaining}）  {_pct(f.handover_rate)}",
        ),
        (
            tr("已拆除（面积㎡）", "demolished (m²)"),
            f"{f.demolished}（{_money(f.demolished_area_m2)}）",
        ),
        (
            tr("资金到位/所需", "funds secured/needed"),
            f"{_money(f.funding_secured)} / {_money(f.funding_needed)}  {_pct(f.secured_rate)}",
        ),
        (
            tr("已支付补偿", "compensation paid"),
            f"{_money(f.compensation_paid)}  {_pct(f.paid_rate)}",
        ),
        (
            tr("房票 出具/使用/30日内到期", "tickets issued/used/expiring"),
            f"{f.tickets_issued}/{f.tickets_used}/{f.tickets_expiring_30d}",
        ),
        (
            tr("房源 可用/已分配/临时周转/重复分配", "flats available/allocated/temporary/double"),
            f"{f.flats_available}/{f.flats_allocated}/{f.flats_temporary}/{f.flats_double_allocated}",
        ),
        (
            tr("平均安置周期（天）", "average resettlement cycle (days)"),
            "—" if f.average_cycle_days is None else f"{f.average_cycle_days:.1f}（{f.resettled}）",
        ),
        (
            tr("诉求 受理/办结/超期", "requests received/closed/overdue"),
            f"{f.requests_received}/{f.requests_closed}/{f.requests_overdue}  "
            + tr("办结率 ", "closure ")
            + _pct(f.closure_rate),
        ),
    ]
    rows = table(
        [
            tr("项目", "project"),
            tr("户数", "households"),
            tr("签约", "signed"),
            tr("腾空", "vacated"),
            tr("交房", "handed over"),
            tr("诉求", "requests"),
            tr("超期", "overdue"),
            tr("房票", "tickets"),
        ],
        [_row(p) for p in found.by_project],
    )
    return "\n\n".join([head, key_values(pairs), rows])


def _row(p: Figures) -> list[Any]:
    return [
        p.label,
        p.households_total,
        p.signed,
        p.vacated,
        p.handed_over_total,
        p.requests_received,
        p.requests_overdue,
        p.tickets_issued,
    ]


# house tickets ---------------------------------------------------------------------------------
def _register_tickets(commands: Subparsers) -> None:
    group = add_group(commands, "ticket", tr("房票", "house tickets"))
    issue = add_command(group, "issue", _ticket_issue, tr("出具房票", "issue a ticket"))
    issue.add_argument("--household", required=True, help=tr("住户编号", "household id"))
    issue.add_argument("--number", required=True, help=tr("房票编号", "ticket number"))
    issue.add_argument("--amount", required=True, help=tr("票面金额（元）", "face amount (yuan)"))
    issue.add_argument("--issued-on", type=_date, help=tr("出具日期（默认今天）", "issue date"))
    issue.add_argument(
        "--valid-until", type=_date, help=tr("有效期至（默认第18个月末）", "valid until")
    )
    issue.add_argument(
        "--tiers",
        help=tr(
            "奖励档次，如 3:20,6:16,18:12（月数:比例%%；默认按项目或区的设置）",
            "bonus tiers, e.g. 3:20,6:16,18:12 (months:percent)",
        ),
    )
    issue.add_argument("--transferable", action="store_true", help=tr("可转让", "transferable"))

    redeem = add_command(group, "redeem", _ticket_redeem, tr("购房使用房票", "redeem a ticket"))
    redeem.add_argument("ticket", help=tr("房票编号或记录编号", "ticket number or id"))
    redeem.add_argument("amount", help=tr("本次使用金额（元）", "amount used (yuan)"))
    redeem.add_argument("--on", type=_date, help=tr("使用日期（默认今天）", "date of use"))
    redeem.add_argument("--development", help=tr("楼盘", "development"))
    redeem.add_argument("--contract", help=tr("购房合同编号", "contract number"))
    for name, handler, text in (
        ("buy-back", _ticket_buy_back, tr("回购房票余额", "buy back the balance")),
        ("refund", _ticket_refund, tr("退还房票余额", "refund the balance")),
    ):
        cmd = add_command(group, name, handler, text)
        cmd.add_argument("ticket", help=tr("房票编号或记录编号", "ticket number or id"))
        cmd.add_argument("--on", type=_date, help=tr("日期（默认今天）", "date"))
    show = add_command(group, "show", _ticket_show, tr("一张房票的明细", "one ticket"))
    show.add_argument("ticket", help=tr("房票编号或记录编号", "ticket number or id"))
    show.add_argument("--date", type=_date, help=tr("以哪一天为今天", "the day taken as today"))
    listing = add_command(group, "list", _ticket_list, tr("列出房票", "list tickets"))
    listing.add_argument("--project", help=tr("项目编号", "project code"))
    listing.add_argument("--household", help=tr("住户编号", "household id"))
    listing.add_argument("--date", type=_date, help=tr("以哪一天为今天", "the day taken as today"))
    expiring = add_command(
        group, "expiring", _ticket_expiring, tr("即将到期的房票", "tickets expiring soon")
    )
    expiring.add_argument(
        "--days", type=int, default=30, help=tr("天数（默认 30）", "days (default 30)")
    )
    expiring.add_argument("--date", type=_date, help=tr("以哪一天为今天", "the day taken as today"))


def _tiers(text: str | None) -> list[dict[str, Any]] | None:
    if not text:
        return None
    found: list[dict[str, Any]] = []
    for part in text.replace("，", ",").split(","):
        months, sep, pct = part.strip().partition(":")
        if not sep:
            months, sep, pct = part.strip().partition("：")
        if not sep or not months.strip().isdigit():
            raise UserError("ticket_bad_tiers")
        found.append({"months": int(months), "pct": pct.strip().rstrip("%")})
    return found


def resolve_ticket(ws: Workspace, text: str) -> str:
    """A ticket by its number (FP-2026-0001) or its record id (full or short)."""
    needle = text.strip()
    for summary in tickets.list_tickets(ws):
        if summary.number == needle:
            return summary.id
    return ws.resolve_id("house_ticket", needle)


def _ticket_json(s: TicketSummary) -> dict[str, Any]:
    return {
        "id": s.id,
        "short_id": short_id(s.id),
        "number": s.number,
        "household_id": s.household_id,
        "household": f"{s.head_name}（{s.address}）",
        "project_id": s.project_id,
        "face_amount": float(s.face_amount),
        "issued_on": s.issued_on.isoformat(),
        "valid_until": s.valid_until.isoformat(),
        "days_left": s.days_left,
        "transferable": s.transferable,
        "tiers": [tier.to_json() for tier in s.tiers],
        "tiers_text": s.tiers_text,
        "redeemed": float(s.redeemed),
        "bonus_paid": float(s.bonus_paid),
        "bought_back": float(s.bought_back),
        "refunded": float(s.refunded),
        "balance": float(s.balance),
        "total_paid": float(s.total_paid),
        "state": s.state,
        "bonus_pct_today": float(s.bonus_pct_today),
        "overdrawn": float(s.overdrawn),
        "uses": [
            {
                "id": u.id,
                "kind": u.kind,
                "used_on": u.used_on.isoformat(),
                "amount": float(u.amount),
                "bonus_pct": float(u.bonus_pct),
                "bonus_amount": float(u.bonus_amount),
                "development": u.development,
                "contract_number": u.contract_number,
            }
            for u in s.uses
        ],
    }


def _ticket_table(rows: list[TicketSummary]) -> str:
    if not rows:
        return t("cli_none")
    lang = i18n.language()
    return table(
        [
            tr("房票编号", "number"),
            tr("住户", "household"),
            tr("票面(元)", "face"),
            tr("有效期至", "valid until"),
            tr("剩余天数", "days left"),
            tr("余额(元)", "balance"),
            tr("今日奖励", "bonus today"),
            tr("状态", "state"),
        ],
        [
            [
                s.number,
                f"{s.head_name}（{s.address}）",
                _money(s.face_amount),
                s.valid_until.isoformat(),
                s.days_left,
                _money(s.balance),
                f"{s.bonus_pct_today.normalize():f}%",
                TICKET_STATES.label(s.state, lang),
            ]
            for s in rows
        ],
    )


def _ticket_issue(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    ticket_id = tickets.issue_ticket(
        ws,
        resolve_household(ws, args.household),
        number=args.number,
        face_amount=args.amount.replace(",", ""),
        issued_on=args.issued_on,
        valid_until=args.valid_until,
        bonus_tiers=_tiers(args.tiers),
        transferable=args.transferable,
    )
    summary = tickets.ticket_summary(ws, ticket_id, today=args.issued_on)
    ctx.emit(
        _ticket_json(summary),
        lambda: (
            t("cli_created", entity=entity_label("house_ticket"), short_id=short_id(ticket_id))
            + "\n"
            + tr(
                f"房票 {summary.number}：票面 {_money(summary.face_amount)} 元，有效期至 "
                f"{summary.valid_until}，奖励 {summary.tiers_text}。",
                f"Ticket {summary.number}: face {_money(summary.face_amount)} yuan, valid until "
                f"{summary.valid_until}, bonus {summary.tiers_text}.",
            )
        ),
    )
    return 0


def _ticket_redeem(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    ticket_id = resolve_ticket(ws, args.ticket)
    use_id = tickets.redeem(
        ws,
        ticket_id,
        args.amount.replace(",", ""),
        used_on=args.on,
        development=args.development,
        contract_number=args.contract,
    )
    summary = tickets.ticket_summary(ws, ticket_id, today=args.on)
    use = next(u for u in summary.uses if u.id == use_id)
    data = _ticket_json(summary) | {"use_id": use_id}
    ctx.emit(
        data,
        lambda: tr(
            f"已登记购房使用 {_money(use.amount)} 元（{use.used_on}），奖励 "
            f"{use.bonus_pct.normalize():f}% 即 {_money(use.bonus_amount)} 元，共支付 "
            f"{_money(use.paid)} 元；房票余额 {_money(summary.balance)} 元。",
            f"Redeemed {_money(use.amount)} yuan on {use.used_on} with a "
            f"{use.bonus_pct.normalize():f}% bonus of {_money(use.bonus_amount)} yuan, "
            f"{_money(use.paid)} yuan paid; balance {_money(summary.balance)} yuan.",
        ),
    )
    return 0


def _settle(ctx: Context, args: argparse.Namespace, kind: str) -> int:
    ws = ctx.workspace()
    ticket_id = resolve_ticket(ws, args.ticket)
    action = tickets.buy_back if kind == "buyback" else tickets.refund
    use_id = action(ws, ticket_id, on=args.on)
    summary = tickets.ticket_summary(ws, ticket_id, today=args.on)
    use = next(u for u in summary.uses if u.id == use_id)
    state = TICKET_STATES.label(summary.state, i18n.language())
    ctx.emit(
        _ticket_json(summary) | {"use_id": use_id},
        lambda: tr(
            f"房票 {summary.number} 的余额 {_money(use.amount)} 元已{'回购' if kind == 'buyback' else '退还'}，房票{state}。",
            f"The balance of {_money(use.amount)} yuan of ticket {summary.number} was "
            f"{'bought back' if kind == 'buyback' else 'refunded'}; the ticket is {state}.",
        ),
    )
    return 0


def _ticket_buy_back(ctx: Context, args: argparse.Namespace) -> int:
    return _settle(ctx, args, "buyback")


def _ticket_refund(ctx: Context, args: argparse.Namespace) -> int:
    return _settle(ctx, args, "refund")


def _ticket_show(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    summary = tickets.ticket_summary(ws, resolve_ticket(ws, args.ticket), today=args.date)

    def human() -> str:
        head = key_values(
            [
                (tr("房票编号", "number"), summary.number),
                (tr("住户", "household"), f"{summary.head_name}（{summary.address}）"),
                (tr("票面金额(元)", "face amount"), _money(summary.face_amount)),
                (tr("出具日期", "issued on"), summary.issued_on.isoformat()),
                (tr("有效期至", "valid until"), f"{summary.valid_until}（{summary.days_left}）"),
                (tr("奖励档次", "bonus tiers"), summary.tiers_text),
                (tr("已购房使用(元)", "redeemed"), _money(summary.redeemed)),
                (tr("已付奖励(元)", "bonus paid"), _money(summary.bonus_paid)),
                (tr("余额(元)", "balance"), _money(summary.balance)),
                (tr("状态", "state"), TICKET_STATES.label(summary.state, i18n.language())),
            ]
        )
        if not summary.uses:
            return head
        uses = table(
            [tr("日期", "date"), tr("类别", "kind"), tr("金额", "amount"), tr("奖励", "bonus")],
            [
                [u.used_on.isoformat(), u.kind, _money(u.amount), _money(u.bonus_amount)]
                for u in summary.uses
            ],
        )
        return head + "\n\n" + uses

    ctx.emit(_ticket_json(summary), human)
    return 0


def _ticket_list(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    rows = tickets.list_tickets(
        ws,
        project_id=resolve_project(ws, args.project) if args.project else None,
        household_id=resolve_household(ws, args.household) if args.household else None,
        today=args.date,
    )
    ctx.emit({"tickets": [_ticket_json(s) for s in rows]}, lambda: _ticket_table(rows))
    return 0


def _ticket_expiring(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    rows = tickets.expiring_within(ws, args.days, today=args.date)
    ctx.emit({"tickets": [_ticket_json(s) for s in rows]}, lambda: _ticket_table(rows))
    return 0


# flats -----------------------------------------------------------------------------------------
def _register_flats(commands: Subparsers) -> None:
    group = add_group(commands, "flat", tr("安置房源", "resettlement flats"))
    add = add_command(group, "add", _flat_add, tr("新增房源", "add a flat"))
    add.add_argument("--estate", required=True, help=tr("小区", "estate"))
    add.add_argument("--building", required=True, help=tr("楼栋", "building"))
    add.add_argument("--number", required=True, help=tr("房号", "flat number"))
    add.add_argument("--unit", help=tr("单元", "unit"))
    add.add_argument("--floor", type=int, help=tr("楼层", "floor"))
    add.add_argument("--area", help=tr("面积(㎡)", "area (m²)"))
    add.add_argument("--layout", help=tr("户型，如 两室一厅", "layout"))
    add.add_argument("--district", help=tr("区（默认本机档案的区）", "district"))
    add.add_argument(
        "fields",
        nargs="*",
        metavar=tr("字段=值", "FIELD=VALUE"),
        help=tr("其他字段，如 已建成=是 交付日期=2027-06-30", "other fields"),
    )
    allocate = add_command(group, "allocate", _flat_allocate, tr("分配给住户", "allocate"))
    allocate.add_argument("flat", help=tr("房源编号", "flat id"))
    allocate.add_argument("household", help=tr("住户编号", "household id"))
    allocate.add_argument("--temporary", action="store_true", help=tr("临时周转", "temporary"))
    release = add_command(group, "release", _flat_release, tr("收回房源", "release a flat"))
    release.add_argument("flat", help=tr("房源编号", "flat id"))
    listing = add_command(group, "list", _flat_list, tr("列出房源", "list flats"))
    listing.add_argument("--district", help=tr("区", "district"))
    listing.add_argument("--state", help=tr("状态，如 空闲", "state, e.g. free"))
    listing.add_argument("--free", action="store_true", help=tr("只看可分配的", "free only"))
    add_command(group, "doubles", _flat_doubles, tr("重复分配待处理", "double allocations"))
    resolve = add_command(
        group, "resolve", _flat_resolve, tr("确定重复分配的房源归谁", "settle a double allocation")
    )
    resolve.add_argument("flat", help=tr("房源编号", "flat id"))
    who = resolve.add_mutually_exclusive_group(required=True)
    who.add_argument("--household", help=tr("分配给这户", "give it to this household"))
    who.add_argument("--nobody", action="store_true", help=tr("都不分配", "to nobody"))


def _flat_json(row: dict[str, Any]) -> dict[str, Any]:
    data = record_json("flat", row)
    data["label"] = flats.flat_label(row)
    if row.get("head_name") is not None or row.get("household_id"):
        data["household"] = f"{row.get('head_name') or ''}（{row.get('household_address') or ''}）"
    return data


def _flat_add(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    values: dict[str, Any] = parse_assignments("flat", args.fields)
    for name in ("estate", "building", "number", "unit", "floor", "area", "layout", "district"):
        if getattr(args, name) is not None:
            values[name] = getattr(args, name)
    flat_id = flats.add_flat(ws, values)
    row = ws.get("flat", flat_id)
    ctx.emit(
        _flat_json(row),
        lambda: (
            t("cli_created", entity=entity_label("flat"), short_id=short_id(flat_id))
            + f"  {flats.flat_label(row)}"
        ),
    )
    return 0


def _flat_allocate(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    flat_id = ws.resolve_id("flat", args.flat)
    household_id = resolve_household(ws, args.household)
    flats.allocate(ws, flat_id, household_id, temporary=args.temporary)
    row = flats.list_flats(ws, household_id=household_id)
    found = next((r for r in row if r["id"] == flat_id), ws.get("flat", flat_id))
    ctx.emit(
        _flat_json(found),
        lambda: tr(
            f"房源“{flats.flat_label(found)}”已分配给{found.get('head_name') or ''}（{found.get('household_address') or ''}）。",
            f"The flat “{flats.flat_label(found)}” is allocated to {found.get('head_name') or ''}.",
        ),
    )
    return 0


def _flat_release(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    flat_id = ws.resolve_id("flat", args.flat)
    flats.release(ws, flat_id)
    row = ws.get("flat", flat_id)
    ctx.emit(
        _flat_json(row),
        lambda: tr(
            f"房源“{flats.flat_label(row)}”已收回，现为空闲。",
            f"The flat “{flats.flat_label(row)}” is free again.",
        ),
    )
    return 0


def _flat_list(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    state = None
    if args.state:
        state = FLAT_STATES.lookup(args.state.strip())
        if state is None:
            spec = FLAT.field("state")
            raise UserError("not_a_choice", field=Label(spec.zh, spec.en), value=args.state)
    rows = flats.list_flats(ws, district=args.district, state=state, available_only=args.free)
    lang = i18n.language()

    def human() -> str:
        if not rows:
            return t("cli_none")
        return table(
            [
                tr("编号", "id"),
                tr("房源", "flat"),
                tr("面积", "area"),
                tr("户型", "layout"),
                tr("状态", "state"),
                tr("安置住户", "household"),
            ],
            [
                [
                    short_id(r["id"]),
                    r["label"],
                    r.get("area"),
                    r.get("layout") or "",
                    FLAT_STATES.label(r.get("state") or "free", lang),
                    f"{r['head_name']}（{r.get('household_address') or ''}）"
                    if r.get("household_id")
                    else "",
                ]
                for r in rows
            ],
        )

    ctx.emit({"flats": [_flat_json(r) for r in rows]}, human)
    return 0


def _flat_doubles(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    found = flats.double_allocations(ws)
    data = {
        "double_allocations": [
            {
                "flat_id": d.flat_id,
                "short_id": short_id(d.flat_id),
                "label": d.label,
                "district": d.district,
                "decided_at_hub": d.decided_at_hub,
                "claims": [
                    {
                        "household_id": c.household_id,
                        "household": f"{c.head_name}（{c.address}）",
                        "author": c.author,
                        "device": c.device,
                        "displayed": c.displayed,
                        "outside_scope": c.outside_scope,
                    }
                    for c in d.claims
                ],
            }
            for d in found
        ]
    }

    def human() -> str:
        if not found:
            return t("cli_none")
        return table(
            [tr("编号", "id"), tr("房源", "flat"), tr("分别分配给", "allocated to")],
            [
                [
                    short_id(d.flat_id),
                    d.label,
                    "；".join(f"{c.head_name}（{c.author}）" for c in d.claims),
                ]
                for d in found
            ],
            max_cell=60,
        )

    ctx.emit(data, human)
    return 0


def _flat_resolve(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    flat_id = ws.resolve_id("flat", args.flat)
    household_id = None if args.nobody else resolve_household(ws, args.household)
    flats.resolve_double_allocation(ws, flat_id, household_id)
    row = ws.get("flat", flat_id)
    ctx.emit(
        _flat_json(row),
        lambda: tr(
            f"房源“{flats.flat_label(row)}”的重复分配已处理。",
            f"The double allocation of “{flats.flat_label(row)}” is settled.",
        ),
    )
    return 0


# today -----------------------------------------------------------------------------------------
def _today(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    profile = ws.require_profile()
    caseworker = args.caseworker
    if caseworker is None and not args.all and not args.sub_district and profile.role != "hub":
        caseworker = profile.caseworker
    found = today_service.today_list(
        ws,
        today=args.date,
        caseworker=caseworker,
        sub_district=args.sub_district,
        project_id=resolve_project(ws, args.project) if args.project else None,
    )
    lang = i18n.language()
    kinds = {
        "visit": tr("回访", "visit"),
        "request": tr("诉求", "request"),
        "ticket": tr("房票", "ticket"),
        "statutory": tr("法定程序", "statutory"),
    }
    data = {
        "today": found.today.isoformat(),
        "caseworker": caseworker,
        "sub_district": args.sub_district,
        "counts": found.counts,
        "items": [
            {
                "kind": i.kind,
                "code": i.code,
                "severity": i.severity,
                "overdue": i.overdue,
                "due": i.due.isoformat() if i.due else None,
                "days": i.days,
                "record_entity": i.record_entity,
                "record_id": i.record_id,
                "household_id": i.household_id,
                "project_id": i.project_id,
                "title": i.title,
                "caseworker": i.caseworker,
                "sub_district": i.sub_district,
                "message": i.message(lang),
            }
            for i in found.items
        ],
    }

    def human() -> str:
        c = found.counts
        head = tr(
            f"{found.today}  {caseworker or '全部经办人'}：共 {c['total']} 项，其中逾期 {c['overdue']} 项"
            f"（回访 {c['visit']}，诉求 {c['request']}，房票 {c['ticket']}，法定程序 {c['statutory']}）",
            f"{found.today}  {caseworker or 'everybody'}: {c['total']} items, {c['overdue']} overdue "
            f"(visits {c['visit']}, requests {c['request']}, tickets {c['ticket']}, "
            f"statutory {c['statutory']})",
        )
        if not found.items:
            return head
        rows = table(
            [tr("类别", "kind"), tr("到期", "due"), tr("事项", "what"), tr("经办人", "caseworker")],
            [
                [
                    kinds[i.kind],
                    i.due.isoformat() if i.due else "",
                    (f"{i.title}：" if i.kind in ("request", "statutory") else "")
                    + i.message(lang),
                    i.caseworker or "",
                ]
                for i in found.items
            ],
            max_cell=70,
        )
        return head + "\n\n" + rows

    ctx.emit(data, human)
    return 0


# projects rank ---------------------------------------------------------------------------------
def _rank(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    origin = None
    if args.origin:
        origin = PROJECT_ORIGINS.lookup(args.origin.strip())
        if origin is None:
            raise UserError(
                "not_a_choice", field=Label("存量/新增", "stock or new"), value=args.origin
            )
    ranked = projects.ranked_projects(
        ws,
        district=args.district,
        origin=origin,
        include_archived=args.archived,
        today=args.date,
    )
    lang = i18n.language()
    formula = projects.priority_formula(ws, lang)
    data = {
        "formula": formula.text,
        "definitions": formula.definitions,
        "weights": formula.weights.as_dict(),
        "projects": [
            {
                "rank": p.rank,
                "id": p.id,
                "short_id": short_id(p.id),
                "code": p.code,
                "name": p.name,
                "district": p.district,
                "sub_district": p.sub_district,
                "origin": p.origin,
                "stage": p.stage,
                "households": p.households,
                "unsigned": p.unsigned,
                "priority": p.score,
                "components": p.priority.components,
                "contributions": p.priority.contributions,
                "missing": list(p.priority.missing),
                "warnings": [
                    {"code": w.code, "severity": w.severity, "message": w.message(lang)}
                    for w in p.warnings
                ],
            }
            for p in ranked
        ],
    }

    def human() -> str:
        lines = [formula.text, ""]
        if not ranked:
            return "\n".join([*lines, t("cli_none")])
        lines.append(
            table(
                [
                    tr("排名", "rank"),
                    tr("优先分", "priority"),
                    tr("项目编号", "code"),
                    tr("项目名称", "name"),
                    tr("区", "district"),
                    tr("存量/新增", "origin"),
                    tr("阶段", "stage"),
                    tr("户数", "households"),
                    tr("未签约", "unsigned"),
                    tr("提示", "warnings"),
                ],
                [
                    [
                        p.rank,
                        p.score,
                        p.code,
                        p.name,
                        p.district,
                        PROJECT_ORIGINS.label(p.origin, lang) if p.origin else "",
                        PROJECT_STAGES.label(p.stage, lang) if p.stage else "",
                        p.households,
                        p.unsigned,
                        len(p.warnings),
                    ]
                    for p in ranked
                ],
            )
        )
        notes = [f"{p.code}  {w.message(lang)}" for p in ranked for w in p.warnings]
        return "\n".join([*lines, *(["", *notes] if notes else [])])

    ctx.emit(data, human)
    return 0


def _weights(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    lang = i18n.language()
    formula = projects.priority_formula(ws, lang)
    ctx.emit(
        {
            "formula": formula.text,
            "definitions": formula.definitions,
            "weights": formula.weights.as_dict(),
        },
        lambda: "\n".join([formula.text, *formula.definitions]),
    )
    return 0
