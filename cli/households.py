"""Households (被征收户): `household add|set|show|find|list`.

`household set ID field=value ...` is how scripts edit: fields by code or Chinese label, a state
change goes through the household state machine (services.households.change_state), everything
else through the validated update every other editor uses.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from cli.args import (
    choice_code,
    parse_assignments,
    parse_member,
    resolve_household,
    resolve_project,
    resolve_refs,
)
from cli.base import Context, Subparsers, add_command, add_group, t, tr
from cli.output import (
    display,
    emit_created,
    entity_label,
    key_values,
    label,
    record_json,
    table,
)
from cli.records import HISTORY_HEADERS, history_json, history_rows
from domain import i18n
from domain.choices import ATTITUDES, REQUEST_CATEGORIES, REQUEST_STATUSES
from domain.errors import Label, UserError
from domain.ids import short_id
from domain.privacy import mask_id_number, mask_phone
from domain.records import HOUSEHOLD, MEMBER, REQUEST, VISIT
from domain.states import HOUSEHOLD_STATES, INITIAL_STATE, can_move, is_step_back
from services import households
from services.households import HouseholdFilter
from services.requests import is_overdue

ORDER = 30
SORTS = tuple(households.SORTABLE)


def register(commands: Subparsers) -> None:
    group = add_group(commands, "household", tr("被征收户", "households"))

    add = add_command(group, "add", _add, tr("登记住户", "add a household"))
    add.add_argument("--project", help=tr("所属项目（项目编号或编号）", "project (code or id)"))
    add.add_argument("--head", help=tr("户主姓名", "head of household"))
    add.add_argument("--id-number", help=tr("户主身份证号", "head's ID number"))
    add.add_argument("--phone", help=tr("联系电话", "phone"))
    add.add_argument("--address", help=tr("地址（不填则由楼栋/单元/房号组成）", "address"))
    add.add_argument(
        "--member",
        action="append",
        default=[],
        metavar=tr("成员", "MEMBER"),
        help=tr(
            "家庭成员，如 姓名=王芳;与户主关系=配偶;身份证号=…（可重复）",
            "a member, e.g. name=Wang Fang;relation to head=spouse (repeatable)",
        ),
    )
    add.add_argument(
        "fields",
        nargs="*",
        metavar=tr("字段=值", "FIELD=VALUE"),
        help=tr("其他字段，如 楼栋=3 单元=2 房号=301", "other fields"),
    )

    set_cmd = add_command(
        group, "set", _set, tr("修改住户字段（含状态）", "edit a household's fields")
    )
    set_cmd.add_argument("id", metavar="ID", help=tr("住户编号（完整或后 8 位）", "household id"))
    set_cmd.add_argument(
        "fields",
        nargs="+",
        metavar=tr("字段=值", "FIELD=VALUE"),
        help=tr("如 态度=同意 状态=已调查；值留空表示清空", "e.g. attitude=agree"),
    )
    set_cmd.add_argument(
        "--reason",
        help=tr("状态退回时必填的原因", "the reason, required when a state moves back"),
    )

    show = add_command(group, "show", _show, tr("查看住户档案", "show a household's file"))
    show.add_argument("id", metavar="ID", help=tr("住户编号（完整或后 8 位）", "household id"))
    show.add_argument(
        "--reveal",
        action="store_true",
        help=tr(
            "显示完整身份证号和电话（会记录查看日志）",
            "show ID and phone numbers in full (the viewing is logged)",
        ),
    )

    find = add_command(group, "find", _find, tr("查找住户", "find households"))
    find.add_argument(
        "query",
        nargs="+",
        help=tr(
            "姓名、拼音首字母、拼音、地址片段或证件/电话后四位",
            "name, pinyin initials, pinyin, address or last 4 digits",
        ),
    )
    find.add_argument("--project", help=tr("只在此项目中查找", "only in this project"))
    find.add_argument("--limit", type=int, default=20)

    delete = add_command(
        group, "delete", _delete, tr("注销住户（历史保留）", "delete a household (kept in history)")
    )
    delete.add_argument("id", metavar="ID", help=tr("住户编号（完整或后 8 位）", "household id"))
    delete.add_argument(
        "--reason", required=True, help=tr("注销原因（必填）", "why it is deleted (required)")
    )

    lst = add_command(group, "list", _list, tr("住户列表", "list households"))
    lst.add_argument("--project", help=tr("项目", "project"))
    lst.add_argument("--state", help=tr("状态，如 协商中", "state"))
    lst.add_argument("--attitude", help=tr("态度：同意、观望、反对", "attitude"))
    lst.add_argument("--sub-district", help=tr("街道", "sub-district"))
    lst.add_argument("--caseworker", help=tr("责任人", "caseworker"))
    lst.add_argument(
        "--overdue", action="store_true", help=tr("只列走访已过期的", "visit overdue only")
    )
    lst.add_argument("--sort", choices=SORTS, default="address")
    lst.add_argument("--desc", action="store_true", help=tr("倒序", "descending"))
    lst.add_argument("--offset", type=int, default=0)
    lst.add_argument("--limit", type=int, default=50)


# --- add / set ---------------------------------------------------------------------------


def _add(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    values: dict[str, Any] = parse_assignments("household", args.fields)
    for option, name in (
        ("head", "head_name"),
        ("id_number", "head_id_number"),
        ("phone", "phone"),
        ("address", "address"),
        ("project", "project_id"),
    ):
        if getattr(args, option):
            values[name] = getattr(args, option)
    if "state" in values and HOUSEHOLD_STATES.lookup(values["state"]) != INITIAL_STATE:
        field = HOUSEHOLD.field("state")
        raise UserError("field_read_only", field=Label(field.zh, field.en))
    if not values.get("project_id"):
        field = HOUSEHOLD.field("project_id")
        raise UserError("required", field=Label(field.zh, field.en))
    values = resolve_refs(ws, "household", values)
    members = [parse_member(text) for text in args.member]
    household_id = households.create_household(ws, values, members)
    emit_created(ctx, ws, "household", household_id)
    return 0


def _set(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    household_id = resolve_household(ws, args.id)
    values: dict[str, Any] = parse_assignments("household", args.fields)
    values = resolve_refs(ws, "household", values)
    new_state = values.pop("state", None)
    before = ws.get("household", household_id)
    old_state = before["state"] or INITIAL_STATE
    if new_state is not None:
        code = HOUSEHOLD_STATES.lookup(new_state.strip())
        stepping_back = code is not None and is_step_back(old_state, code)
        if (
            code is None
            or code == old_state
            or not can_move(old_state, code)
            or (stepping_back and not (args.reason or "").strip())
        ):
            households.change_state(ws, household_id, new_state)  # raises the reason
    # Check every field before anything is written, so a bad value changes nothing.
    drafts = ws.update_drafts("household", household_id, values) if values else []
    if drafts:
        ws.commit(drafts)
    changed = [d.field for d in drafts if d.field]
    if new_state is not None:
        households.change_state(ws, household_id, new_state, reason=args.reason)
        changed.append("state")
    after = ws.get("household", household_id)
    data = {
        "id": household_id,
        "short_id": short_id(household_id),
        "changed": changed,
        "household": record_json("household", after),
    }

    def human() -> str:
        if not changed:
            return t("cli_unchanged")
        lines = []
        for name in changed:
            spec = HOUSEHOLD.field(name)
            old, new = display(spec, before.get(name)), display(spec, after.get(name))
            lines.append(f"{label(spec)}：{old or '∅'} → {new or '∅'}")
        head = t(
            "cli_updated",
            entity=entity_label("household"),
            short_id=short_id(household_id),
            count=len(changed),
        )
        return "\n".join([head, *lines])

    ctx.emit(data, human)
    return 0


def _delete(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    household_id = resolve_household(ws, args.id)
    households.delete_household(ws, household_id, args.reason)
    reason = args.reason.strip()
    ctx.emit(
        {"id": household_id, "short_id": short_id(household_id), "deleted": True, "reason": reason},
        lambda: t("household_delete_done", short_id=short_id(household_id), reason=reason),
    )
    return 0


# --- show --------------------------------------------------------------------------------


def _show(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    household_id = resolve_household(ws, args.id)
    if args.reveal:
        _log_reveals(ws, household_id)
    found = households.detail(ws, household_id)
    reveal = bool(args.reveal)
    household = found["household"]
    project = found["project"]
    today = dt.date.today()
    data: dict[str, Any] = {
        "household": record_json("household", household, reveal=reveal),
        "project": record_json("project", project) if project else None,
        "members": [record_json("member", m, reveal=reveal) for m in found["members"]],
        "visits": [record_json("visit", v) for v in found["visits"]],
        "requests": [
            record_json("request", r)
            | {
                "overdue": is_overdue(r, today),
                "progress": [record_json("request_progress", p) for p in r["progress"]],
            }
            for r in found["requests"]
        ],
        "attachments": [record_json("attachment", a) for a in found["attachments"]],
        "state_history": history_json(found["state_history"]),
        "revealed": reveal,
    }

    def human() -> str:
        lang = i18n.language()
        title = f"{entity_label('household')} {short_id(household_id)}  {household['head_name']}  {household['address']}"
        if project:
            title += f"\n{tr('项目', 'project')}：{project['code']} {project['name']}"
        skip = ("project_id", "head_name", "address", "notes")
        pairs = [
            (label(f), display(f, household.get(f.name), reveal=reveal))
            for f in HOUSEHOLD.fields
            if f.name not in skip
        ]
        if household.get("notes"):
            pairs.append((label(HOUSEHOLD.field("notes")), household["notes"]))
        sections = [title, key_values(pairs)]
        members = found["members"]
        sections.append(_section(tr("家庭成员", "members"), len(members)))
        if members:
            cols = (
                "name",
                "relation",
                "id_number",
                "phone",
                "ownership_role",
                "share_pct",
                "special_groups",
            )
            sections.append(
                table(
                    [label(MEMBER.field(c)) for c in cols],
                    [
                        [display(MEMBER.field(c), m.get(c), reveal=reveal) for c in cols]
                        for m in members
                    ],
                )
            )
        visits = found["visits"]
        sections.append(_section(tr("走访记录", "visits"), len(visits)))
        if visits:
            visit_cols = (
                "visited_on",
                "caseworkers",
                "attitude",
                "explained",
                "concerns",
                "next_visit_due",
            )
            shown = visits[:10]
            sections.append(
                table(
                    [label(VISIT.field(c)) for c in visit_cols],
                    [[display(VISIT.field(c), v.get(c)) for c in visit_cols] for v in shown],
                    max_cell=30,
                )
            )
            if len(visits) > len(shown):
                sections.append(t("cli_more", count=len(visits) - len(shown)))
        reqs = found["requests"]
        sections.append(_section(tr("群众诉求", "requests"), len(reqs)))
        if reqs:
            sections.append(
                table(
                    [
                        tr("编号", "id"),
                        label(REQUEST.field("received_on")),
                        label(REQUEST.field("category")),
                        label(REQUEST.field("status")),
                        label(REQUEST.field("deadline")),
                        tr("超期", "overdue"),
                        tr("进展", "progress"),
                    ],
                    [
                        [
                            short_id(r["id"]),
                            r["received_on"],
                            REQUEST_CATEGORIES.label(r["category"], lang),
                            REQUEST_STATUSES.label(r["status"], lang),
                            r["deadline"] or "",
                            tr("超期", "OVERDUE") if is_overdue(r, today) else "",
                            len(r["progress"]),
                        ]
                        for r in reqs
                    ],
                )
            )
        if found["attachments"]:
            sections.append(_section(tr("附件", "attachments"), len(found["attachments"])))
            sections.append(
                table(
                    [tr("编号", "id"), tr("文件名", "name"), tr("大小", "size")],
                    [
                        [short_id(a["id"]), a["name"], _size(a["size"])]
                        for a in found["attachments"]
                    ],
                )
            )
        sections.append(_section(tr("状态变化", "state history"), len(found["state_history"])))
        sections.append(
            table(HISTORY_HEADERS(), history_rows(found["state_history"], only="state"))
        )
        if not reveal:
            sections.append(t("cli_masked_note"))
        return "\n\n".join(s for s in sections if s)

    ctx.emit(data, human)
    return 0


def _log_reveals(ws: Any, household_id: str) -> None:
    """Showing numbers in full is logged, one audit event per value shown (PIPL)."""
    household = ws.get("household", household_id)
    for name in ("head_id_number", "phone"):
        if household.get(name):
            ws.reveal("household", household_id, name)
    for member in households.detail(ws, household_id)["members"]:
        for name in ("id_number", "phone"):
            if member.get(name):
                ws.reveal("member", member["id"], name)


def _section(title: str, count: int) -> str:
    return f"【{title}】{count}"


def _size(n: Any) -> str:
    size = float(n or 0)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return str(n)


# --- find / list ---------------------------------------------------------------------------

LIST_FIELDS = (
    "id",
    "project_id",
    "project_name",
    "district",
    "sub_district",
    "address",
    "head_name",
    "head_id_number",
    "phone",
    "state",
    "attitude",
    "caseworker",
    "last_visit_on",
    "next_visit_due",
    "open_requests",
    "visit_count",
)


def row_json(row: dict[str, Any]) -> dict[str, Any]:
    data = {name: row.get(name) for name in LIST_FIELDS}
    data["short_id"] = short_id(row["id"])
    data["head_id_number"] = mask_id_number(row.get("head_id_number")) or None
    data["phone"] = mask_phone(row.get("phone")) or None
    data["conflicts"] = int(row.get("_conflicts") or 0)
    return data


def rows_table(rows: list[dict[str, Any]]) -> str:
    lang = i18n.language()
    return table(
        [
            tr("编号", "id"),
            label(HOUSEHOLD.field("head_name")),
            label(HOUSEHOLD.field("head_id_number")),
            label(HOUSEHOLD.field("phone")),
            label(HOUSEHOLD.field("address")),
            label(HOUSEHOLD.field("state")),
            label(HOUSEHOLD.field("attitude")),
            tr("最近走访", "last visit"),
            tr("未办结诉求", "open requests"),
        ],
        [
            [
                short_id(row["id"]),
                row["head_name"],
                mask_id_number(row.get("head_id_number")),
                mask_phone(row.get("phone")),
                row["address"],
                HOUSEHOLD_STATES.label(row["state"], lang),
                ATTITUDES.label(row["attitude"], lang),
                row.get("last_visit_on") or "",
                row.get("open_requests") or 0,
            ]
            for row in rows
        ],
    )


def _find(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    query = " ".join(args.query)
    project_id = resolve_project(ws, args.project) if args.project else None
    rows = households.find(ws, query, limit=max(1, args.limit), project_id=project_id)
    data = {"query": query, "households": [row_json(row) for row in rows]}
    ctx.emit(data, lambda: rows_table(rows) if rows else t("cli_found_none", query=query))
    return 0


def _list(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    flt = HouseholdFilter(
        project_id=resolve_project(ws, args.project) if args.project else None,
        state=choice_code(HOUSEHOLD_STATES, args.state, HOUSEHOLD.field("state")),
        attitude=choice_code(ATTITUDES, args.attitude, HOUSEHOLD.field("attitude")),
        sub_district=args.sub_district,
        caseworker=args.caseworker,
        overdue_follow_up=args.overdue,
    )
    limit = max(1, min(args.limit, 10_000))
    offset = max(0, args.offset)
    total = households.count(ws, flt)
    rows = households.list_page(
        ws, flt, sort=args.sort, descending=args.desc, offset=offset, limit=limit
    )
    data = {
        "total": total,
        "offset": offset,
        "limit": limit,
        "households": [row_json(row) for row in rows],
    }

    def human() -> str:
        if not rows:
            return t("cli_list_empty", total=total)
        footer = t("cli_list_footer", total=total, first=offset + 1, last=offset + len(rows))
        return rows_table(rows) + "\n" + footer

    ctx.emit(data, human)
    return 0
