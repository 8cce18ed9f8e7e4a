"""Two policies side by side for one project (政策融合衔接, 资金匹配): every household under each,
the difference, how many are better or worse off and by how much, and the funding each policy
needs against the project's 到位资金.

Each household is estimated under the option it chose (补偿方式; money when none or mixed), or
under one option for all when asked. A household whose estimate lacks an input under either
policy is listed as incomplete and counted in neither total: the totals are exactly the sum of
the complete per-household estimates (tests/services/test_estimates.py checks it).

Better off / worse off: B − A per household (B is the policy being considered, A the one in
force). Differences are grouped into bands for the distribution chart.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from domain import compensation as comp
from domain.errors import UserError
from domain.ids import short_id
from domain.policy_comparison import ComparedHousehold, Comparison, bands_of
from services import estimates, policies
from services.workspace import Workspace


def compare(
    ws: Workspace,
    project_id: str,
    a_id: str,
    b_id: str,
    *,
    option: str | None = None,
    sign_on: dt.date | None = None,
) -> Comparison:
    if a_id == b_id:
        raise UserError("policy_same_twice")
    code = estimates.option_code(option) if option else None
    a, b = policies.get_policy(ws, a_id), policies.get_policy(ws, b_id)
    day = sign_on or dt.date.today()
    project, rows, flats = estimates.project_households(ws, project_id)
    found: list[ComparedHousehold] = []
    for household in rows:
        chosen = estimates.household_option(household, code)
        totals = []
        for policy in (a, b):
            one = estimates.estimate_rows(
                household,
                project,
                flats.get(household["id"]),
                policy,
                day,
                (chosen,),
                formulas=False,
            )
            totals.append(one.options[chosen].total_fen)
        found.append(
            ComparedHousehold(
                household_id=household["id"],
                head_name=household.get("enterprise_name") or household.get("head_name") or "",
                address=household.get("address") or "",
                state=household.get("state"),
                option=chosen,
                a_fen=totals[0],
                b_fen=totals[1],
            )
        )
    secured = project.get("funding_secured")
    return Comparison(
        project_id=project_id,
        project_name=project.get("name") or "",
        a_id=a.id,
        a_label=a.label,
        b_id=b.id,
        b_label=b.label,
        option=code,
        as_of=day,
        rows=found,
        funding_secured_fen=comp.round_fen(Decimal(str(secured))) if secured else 0,
        bands=bands_of(found),
    )


def summary_json(result: Comparison) -> dict[str, Any]:
    return {
        "project": result.project_name,
        "a": {"id": result.a_id, "policy": result.a_label, "total_fen": result.total_a_fen},
        "b": {"id": result.b_id, "policy": result.b_label, "total_fen": result.total_b_fen},
        "option": result.option or "each household's own",
        "households": len(result.rows),
        "incomplete": result.incomplete,
        "better_off": len(result.better),
        "better_off_fen": result.better_fen,
        "worse_off": len(result.worse),
        "worse_off_fen": result.worse_fen,
        "unchanged": result.same,
        "funding_secured_fen": result.funding_secured_fen,
        "gap_a_fen": result.gap_a_fen,
        "gap_b_fen": result.gap_b_fen,
        "distribution": [{"band": b.label, "households": b.count} for b in result.bands],
        "rows": [
            {
                "household": short_id(r.household_id),
                "head_name": r.head_name,
                "address": r.address,
                "option": r.option,
                "a_fen": r.a_fen,
                "b_fen": r.b_fen,
                "difference_fen": r.difference_fen,
            }
            for r in result.rows
        ],
    }


def export_xlsx(ws: Workspace, result: Comparison, out: Path) -> Path:
    """The comparison as a workbook: a summary sheet and one row per household; logged."""
    from openpyxl import Workbook

    from services.xlsx_export import Column, _check_out, _save, write_sheet

    out = _check_out(Path(out))
    book = Workbook(write_only=True)
    money = "#,##0.00"

    def yuan(fen: int | None) -> float | None:
        return None if fen is None else fen / 100

    summary = book.create_sheet("汇总")
    facts = [
        ("项目", result.project_name),
        ("方案A", result.a_label),
        ("方案B", result.b_label),
        ("测算方式", comp.OPTION_NAMES[result.option][0] if result.option else "各户所选方式"),
        ("签约日期假定", result.as_of.isoformat()),
        ("住户数", len(result.rows)),
        ("缺少数据未计入", result.incomplete),
        ("方案A所需资金(元)", yuan(result.total_a_fen)),
        ("方案B所需资金(元)", yuan(result.total_b_fen)),
        ("到位资金(元)", yuan(result.funding_secured_fen)),
        ("方案A资金缺口(元)", yuan(result.gap_a_fen)),
        ("方案B资金缺口(元)", yuan(result.gap_b_fen)),
        ("B比A增加的户数", len(result.better)),
        ("增加金额合计(元)", yuan(result.better_fen)),
        ("B比A减少的户数", len(result.worse)),
        ("减少金额合计(元)", yuan(result.worse_fen)),
        ("不变户数", result.same),
        ("说明", "测算仅供参考，以签订的补偿协议为准；" + comp.ROUNDING_NOTE_ZH),
    ]
    write_sheet(
        summary,
        [Column("项目", lambda r: r["k"]), Column("数值", lambda r: r["v"], money)],
        [{"k": k, "v": v} for k, v in facts],
    )
    households = book.create_sheet("逐户")
    columns = [
        Column("编号", lambda r: r["id"], text=True),
        Column("户主/单位", lambda r: r["head_name"]),
        Column("地址", lambda r: r["address"]),
        Column("测算方式", lambda r: r["option"]),
        Column("方案A(元)", lambda r: r["a"], money),
        Column("方案B(元)", lambda r: r["b"], money),
        Column("差额B-A(元)", lambda r: r["difference"], money),
        Column("备注", lambda r: r["note"]),
    ]
    rows = [
        {
            "id": short_id(r.household_id),
            "head_name": r.head_name,
            "address": r.address,
            "option": comp.OPTION_NAMES[r.option][0],
            "a": yuan(r.a_fen),
            "b": yuan(r.b_fen),
            "difference": yuan(r.difference_fen),
            "note": "" if r.complete else "缺少测算数据",
        }
        for r in result.rows
    ]
    write_sheet(households, columns, rows)
    bands = book.create_sheet("分布")
    write_sheet(
        bands,
        [Column("差额区间(元)", lambda r: r["label"]), Column("户数", lambda r: r["count"])],
        [{"label": b.label, "count": b.count} for b in result.bands],
    )
    _save(book, out)
    ws.record_event(
        "export",
        "project",
        result.project_id,
        document="policy_comparison",
        file=out.name,
        a=result.a_id,
        b=result.b_id,
    )
    return out


def write_summary(ws: Workspace, result: Comparison, out: Path, *, action: str = "export") -> Path:
    """The printable summary (PDF, written atomically by reports.layout.render); logged."""
    from reports.policy_comparison import build_comparison_summary

    out = Path(out)
    if out.suffix.lower() != ".pdf":
        raise UserError("doc_not_pdf", path=str(out))
    if not out.parent.is_dir():
        raise UserError("report_cannot_write", path=str(out))
    pages = build_comparison_summary(result, out)
    if action != "preview":
        ws.record_event(
            action,
            "project",
            result.project_id,
            document="policy_comparison",
            file=out.name,
            a=result.a_id,
            b=result.b_id,
            pages=pages,
        )
    return out
