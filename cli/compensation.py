"""Compensation commands: `policy list|show|import|export|copy` (JSON or Excel), `estimate HOUSEHOLD`,
`compare-policies --project P --a A --b B`, and `report estimate HOUSEHOLD` (added to the
`report` group that cli/report_commands.py builds, so that module stays untouched).

Amounts print in yuan with two decimals; --json gives fen as integers (no float on the way).
"""

from __future__ import annotations

import argparse
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from cli.args import resolve_household, resolve_project
from cli.base import Context, Subparsers, add_command, add_group, t, tr
from cli.output import key_values, table
from domain import compensation as comp
from domain import i18n
from domain.choices import POLICY_STATUSES
from domain.errors import UserError
from services import estimates, policies, policy_compare

ORDER = 75  # after the report commands (70): `report estimate` joins their group


def register(commands: Subparsers) -> None:
    policy = add_group(commands, "policy", tr("补偿方案", "compensation policies"))
    listing = add_command(policy, "list", _list, tr("列出补偿方案", "list policies"))
    listing.add_argument("--project", help=tr("只列该项目的方案和区级模板", "one project's"))

    show = add_command(policy, "show", _show, tr("查看方案的各项", "show a policy's items"))
    show.add_argument("policy", metavar="POLICY", help=tr("方案名称或编号", "name or id"))
    show.add_argument("--version", type=int, help=tr("查看较早的版本", "an earlier version"))

    imp = add_command(policy, "import", _import, tr("从 JSON 或 Excel 文件导入方案", "import"))
    imp.add_argument(
        "file", metavar="FILE", type=Path, help=tr("方案 .json 或 .xlsx 文件", ".json or .xlsx")
    )
    imp.add_argument("--project", help=tr("所属项目（不填为区级模板）", "project (else template)"))
    imp.add_argument(
        "--status",
        choices=POLICY_STATUSES.codes(),
        help=tr("in_force 执行中 | draft 草案 | template 区级模板", "status"),
    )

    exp = add_command(policy, "export", _export, tr("导出方案（JSON 或 Excel）", "export"))
    exp.add_argument("policy", metavar="POLICY", help=tr("方案名称或编号", "name or id"))
    exp.add_argument(
        "--out", required=True, type=Path, help=tr("输出的 .json 或 .xlsx 文件", ".json or .xlsx")
    )

    copy = add_command(policy, "copy", _copy, tr("把方案复制到项目", "copy into a project"))
    copy.add_argument("policy", metavar="POLICY", help=tr("方案名称或编号", "name or id"))
    copy.add_argument("--project", required=True, help=tr("目标项目", "target project"))
    copy.add_argument("--status", choices=POLICY_STATUSES.codes(), default="in_force")

    est = add_command(commands, "estimate", _estimate, tr("住户补偿测算", "estimate"))
    est.add_argument("household", metavar="HOUSEHOLD", help=tr("住户编号", "household id"))
    _estimate_options(est)
    est.add_argument(
        "--apply",
        action="store_true",
        help=tr(
            "把所选方式（--option）的合计设为住户的补偿金额（记入变更历史）",
            "set the household's compensation to the --option total (recorded)",
        ),
    )

    cmp = add_command(commands, "compare-policies", _compare, tr("两个方案比较", "compare"))
    cmp.add_argument("--project", required=True, help=tr("项目", "project"))
    cmp.add_argument("--a", required=True, help=tr("方案A（现行）", "policy A"))
    cmp.add_argument("--b", required=True, help=tr("方案B（比较）", "policy B"))
    cmp.add_argument(
        "--option", help=tr("统一按某方式测算（默认各户所选方式）", "one option for all")
    )
    cmp.add_argument("--sign-on", type=_day, help=tr("假定签约日期（默认今天）", "signing date"))
    cmp.add_argument("--xlsx", type=Path, help=tr("同时导出 Excel", "also write a workbook"))

    report = _group(commands, "report")
    sheet = add_command(report, "estimate", _report, tr("补偿测算单", "estimate sheet"))
    sheet.add_argument("household", metavar="HOUSEHOLD", help=tr("住户编号", "household id"))
    sheet.add_argument("--policy", help=tr("方案（默认项目执行中的方案）", "policy"))
    sheet.add_argument("--sign-on", type=_day, help=tr("假定签约日期（默认今天）", "signing date"))
    sheet.add_argument(
        "--out", type=Path, default=None, help=tr("PDF 文件或文件夹", "PDF file or folder")
    )
    sheet.add_argument("--today", type=_day, default=None, help=argparse.SUPPRESS)


def _group(commands: Subparsers, name: str) -> Subparsers:
    """The sub-commands of an existing group (`report`), to add one of ours to it."""
    parser = commands.choices[name]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found: Subparsers = action
            return found
    raise RuntimeError(f"{name} has no sub-commands")


def _estimate_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--policy", help=tr("方案（默认项目执行中的方案）", "policy"))
    parser.add_argument("--option", help="money | ticket | exchange（货币补偿 | 房票 | 产权调换）")
    parser.add_argument("--sign-on", type=_day, help=tr("假定签约日期（默认今天）", "signing date"))
    parser.add_argument(
        "--version",
        type=int,
        help=tr("按方案的较早版本测算（重现当时打印的测算）", "an earlier version of the policy"),
    )


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            tr("日期格式为 yyyy-mm-dd", "dates are yyyy-mm-dd")
        ) from None


def _yuan(fen: int | None) -> str:
    return "—" if fen is None else f"{Decimal(fen) / 100:,.2f}"


# policy ------------------------------------------------------------------------------------
def _list(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    project = resolve_project(ws, args.project) if args.project else None
    rows = policies.list_policies(ws, project)
    data = [
        {
            "id": p.id,
            "short_id": p.short_id,
            "name": p.name,
            "project": p.project_name,
            "status": p.status,
            "version": p.version,
            "items": len(p.policy.items),
        }
        for p in rows
    ]
    ctx.emit(
        {"policies": data},
        lambda: table(
            [tr("编号", "id"), tr("名称", "name"), tr("项目", "project"), tr("状态", "status"),
             tr("版本", "version"), tr("项数", "items")],
            [[p.short_id, p.name, p.project_name or tr("（区级模板）", "(template)"),
              _status(p.status), p.version, len(p.policy.items)]
             for p in rows],
            max_cell=40,
        ),
    )  # fmt: skip
    return 0


def _status(code: str) -> str:
    choice = POLICY_STATUSES.get(code)
    return choice.zh if i18n.language() == "zh" else choice.en


def _item_text(item: comp.LineItem) -> str:
    options = "、".join(comp.OPTION_NAMES[o][0] for o in comp.OPTIONS if o in item.options)
    uses = "、".join(comp.USE_NAMES[u][0] for u in comp.USES if u in item.uses)
    return f"{comp.KIND_NAMES[item.kind][0]}；{options}；{uses}"


def _show(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    row = policies.get_policy(ws, policies.resolve_policy(ws, args.policy))
    if args.version is not None:
        row = policies.policy_at_version(ws, row.id, args.version)
    body = comp.policy_to_json(row.policy)
    ctx.emit(
        {"id": row.id, "status": row.status, "version": row.version, "project": row.project_name}
        | body,
        lambda: (
            key_values(
                [
                    (tr("名称", "name"), row.name),
                    (tr("版本", "version"), row.version),
                    (tr("项目", "project"), row.project_name or tr("（区级模板）", "(template)")),
                    (tr("安置房结算单价", "flat price"), row.policy.exchange_flat_price),
                    (tr("说明", "note"), row.policy.note),
                ]
            )
            + "\n\n"
            + table(
                [
                    "key",
                    tr("项目", "item"),
                    tr("类型；适用方式；用途", "kind; options; uses"),
                    tr("参数", "parameters"),
                ],
                [[i.key, i.name, _item_text(i), comp.describe_item(i)] for i in row.policy.items],
                max_cell=60,
            )
        ),
    )
    return 0


def _import(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    project = resolve_project(ws, args.project) if args.project else None
    policy_id = policies.import_policy(ws, args.file, project_id=project, status=args.status)
    row = policies.get_policy(ws, policy_id)
    ctx.emit(
        {"id": policy_id, "name": row.name, "version": row.version, "status": row.status},
        tr(
            f"已导入补偿方案“{row.name}”（编号 {row.short_id}）",
            f"Imported “{row.name}” ({row.short_id})",
        ),
    )
    return 0


def _export(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    out = policies.export_policy(ws, policies.resolve_policy(ws, args.policy), args.out)
    ctx.emit({"path": str(out)}, tr(f"已导出：{out}", f"Written: {out}"))
    return 0


def _copy(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    source = policies.resolve_policy(ws, args.policy)  # a name means the district template
    new_id = policies.copy_policy(ws, source, resolve_project(ws, args.project), status=args.status)
    row = policies.get_policy(ws, new_id)
    ctx.emit(
        {"id": new_id, "name": row.name, "project": row.project_name},
        tr(f"已复制到“{row.project_name}”（编号 {row.short_id}）", f"Copied ({row.short_id})"),
    )
    return 0


# estimate ------------------------------------------------------------------------------------
def _estimate(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    household = resolve_household(ws, args.household)
    project = ws.get("household", household)["project_id"]
    policy = policies.resolve_policy(ws, args.policy, project_id=project) if args.policy else None
    chosen = [estimates.option_code(args.option)] if args.option else list(comp.OPTIONS)
    if args.apply:
        if not args.option:
            raise UserError("est_apply_needs_option")
        estimates.apply_option(ws, household, chosen[0], policy_id=policy, sign_on=args.sign_on)
    found = estimates.estimate_household(
        ws,
        household,
        policy_id=policy,
        sign_on=args.sign_on,
        version=args.version,
        language=i18n.language(),
    )
    ctx.emit(
        estimates.to_json(found, chosen) | {"applied": bool(args.apply)},
        lambda: _human(found, chosen, args.apply),
    )
    return 0


def _human(found: estimates.HouseholdEstimate, chosen: list[str], applied: bool) -> str:
    out = [
        f"{found.head_name}　{found.address}",
        tr(
            f"方案：{found.policy_name}（第 {found.policy_version} 版）　签约日期：{found.inputs.sign_on}",
            f"Policy: {found.policy_name} (version {found.policy_version})  signing: {found.inputs.sign_on}",
        ),
    ]
    for sentence in found.missing_sentences():
        out.append("! " + sentence)
    for code in chosen:
        option = found.options[code]
        out.append("")
        out.append(f"【{comp.OPTION_NAMES[code][0 if i18n.language() == 'zh' else 1]}】")
        rows: list[list[Any]] = [
            [line.name, line.formula.replace(comp.NBSP, " "), _yuan(line.fen)]
            for line in option.lines
        ]
        out.append(
            table(
                [tr("项目", "item"), tr("计算式", "formula"), tr("金额(元)", "yuan")],
                rows,
                max_cell=70,
            )
        )
        if option.total_fen is None:
            out.append(t("est_incomplete"))
        else:
            out.append(
                tr("合计：", "Total: ")
                + f"{_yuan(option.total_fen)}（{estimates.capital(option.total_fen)}）"
            )
            if option.difference_fen is not None:
                out.append(
                    tr("安置房价值：", "Flat value: ")
                    + f"{option.flat_formula.replace(comp.NBSP, ' ')} = {_yuan(option.flat_value_fen)}；"
                    + tr("差价：", "difference: ")
                    + _yuan(option.difference_fen)
                )
    out.append("")
    out.append(comp.ROUNDING_NOTE_ZH if i18n.language() == "zh" else comp.ROUNDING_NOTE_EN)
    out.append(t("est_disclaimer"))
    if applied:
        out.append(
            tr(
                "已把该方式的合计设为住户的补偿金额。",
                "The household's compensation amount is set to this total.",
            )
        )
    return "\n".join(out)


def _compare(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    project = resolve_project(ws, args.project)
    a = policies.resolve_policy(ws, args.a, project_id=project)
    b = policies.resolve_policy(ws, args.b, project_id=project)
    result = policy_compare.compare(ws, project, a, b, option=args.option, sign_on=args.sign_on)
    written = policy_compare.export_xlsx(ws, result, args.xlsx) if args.xlsx else None
    data = policy_compare.summary_json(result) | {"xlsx": str(written) if written else None}

    def human() -> str:
        lines = [
            f"{result.project_name}",
            f"A：{result.a_label}",
            f"B：{result.b_label}",
            key_values(
                [
                    (tr("住户", "households"), len(result.rows)),
                    (tr("缺少数据未计入", "incomplete (not counted)"), result.incomplete),
                    (tr("方案A所需资金(元)", "A needs (yuan)"), _yuan(result.total_a_fen)),
                    (tr("方案B所需资金(元)", "B needs (yuan)"), _yuan(result.total_b_fen)),
                    (tr("到位资金(元)", "secured (yuan)"), _yuan(result.funding_secured_fen)),
                    (tr("方案A资金缺口(元)", "A gap (yuan)"), _yuan(result.gap_a_fen)),
                    (tr("方案B资金缺口(元)", "B gap (yuan)"), _yuan(result.gap_b_fen)),
                    (tr("B比A多的户数", "better off under B"), len(result.better)),
                    (tr("多出合计(元)", "gained (yuan)"), _yuan(result.better_fen)),
                    (tr("B比A少的户数", "worse off under B"), len(result.worse)),
                    (tr("减少合计(元)", "lost (yuan)"), _yuan(result.worse_fen)),
                    (tr("不变", "unchanged"), result.same),
                ]
            ),
            "",
            table(
                [tr("差额区间(B-A)", "B-A band"), tr("户数", "households")],
                [[band.label, band.count] for band in result.bands],
            ),
        ]
        if written:
            lines.append(tr(f"已导出：{written}", f"Written: {written}"))
        return "\n".join(lines)

    ctx.emit(data, human)
    return 0


def _report(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    household = resolve_household(ws, args.household)
    project = ws.get("household", household)["project_id"]
    policy = policies.resolve_policy(ws, args.policy, project_id=project) if args.policy else None
    from services import estimate_sheet  # reportlab only when printing

    done = estimate_sheet.write_sheet(
        ws,
        household,
        args.out if args.out is not None else Path.cwd(),
        policy_id=policy,
        sign_on=args.sign_on,
        today=args.today,
    )
    ctx.emit(
        {"kind": done.kind, "path": str(done.path), "pages": done.pages, "title": done.title},
        lambda: t("doc_written", title=done.title, pages=done.pages, path=str(done.path)),
    )
    return 0
