"""Documents and spreadsheets: `report household|visit|requests|weekly|notice|grid` (PDF),
`export-xlsx households|requests|weekly`, and `import-xlsx FILE --project P`.

Every PDF and workbook written is logged as an "export" event (with whether ID numbers were
shown in full); a household file with --full-ids says so on stderr as well.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from cli.args import choice_code, day_argument, resolve_household, resolve_project
from cli.base import Context, Subparsers, add_command, add_group, dumps, t, tr
from cli.output import entity_label, label
from domain import i18n
from domain.choices import REQUEST_CATEGORIES, REQUEST_STATUSES
from domain.errors import UserError
from domain.records import REQUEST
from domain.validation import coerce
from services import weekly_texts
from services.figures import Scope
from services.report_data import RegisterFilter, WeeklyTexts
from services.workspace import Workspace
from services.xlsx_files import EXPORT_KINDS

if TYPE_CHECKING:
    from services import xlsx_import
    from services.documents import DocumentSpec, Generated

ORDER = 70


def register(commands: Subparsers) -> None:
    report = add_group(commands, "report", t("doc_cli_report"))

    household = add_command(
        report, "household", _household, tr("一户一档（住户档案）", "one household's file")
    )
    household.add_argument("id", metavar="ID", help=tr("住户编号（完整或后 8 位）", "household id"))
    household.add_argument(
        "--full-ids",
        action="store_true",
        help=tr(
            "打印完整身份证号和电话（会记入操作日志）",
            "print ID and phone numbers in full (logged)",
        ),
    )
    _out(household)

    visit = add_command(report, "visit", _visit, tr("入户走访记录表", "visit record sheet"))
    visit.add_argument(
        "id", metavar="VISIT_ID", nargs="?", help=tr("走访记录编号", "visit record id")
    )
    visit.add_argument(
        "--blank", action="store_true", help=tr("空白表（纸面走访用）", "a blank form")
    )
    visit.add_argument(
        "--household", help=tr("空白表上预先填写的住户", "household to pre-fill a blank form")
    )
    visit.add_argument("--project", help=tr("空白表上的项目", "project of a blank form"))
    visit.add_argument(
        "--full-ids", action="store_true", help=tr("打印完整号码（会记入日志）", "numbers in full")
    )
    _out(visit)

    reqs = add_command(report, "requests", _requests, tr("群众诉求台账", "request register"))
    _register_filters(reqs)
    _out(reqs)

    weekly = add_command(report, "weekly", _weekly, tr("调度周报", "weekly dispatch report"))
    weekly.add_argument("--week", help=tr("ISO 周，如 2026-W48（默认本周）", "ISO week"))
    _scope_options(weekly)
    weekly.add_argument("--done", help=tr("本周完成", "done this week"))
    weekly.add_argument("--plan", help=tr("下周计划", "plan for next week"))
    weekly.add_argument(
        "--difficulties", help=tr("困难和需协调事项", "difficulties needing coordination")
    )
    weekly.add_argument(
        "--with-grid",
        action="store_true",
        help=tr("附上各项目的楼盘表", "append the projects' building grids"),
    )
    _out(weekly)

    notice = add_command(report, "notice", _notice, tr("征收补偿情况公示", "public notice"))
    notice.add_argument("--project", required=True, help=tr("项目编号", "project"))
    notice.add_argument(
        "--signed-only", action="store_true", help=tr("只列已签约的住户", "signed households only")
    )
    notice.add_argument(
        "--confirm-empty",
        action="store_true",
        help=tr(
            "没有已签约住户或补偿总额为 0 时仍然生成",
            "make it even with no signed household or a 0.00 total",
        ),
    )
    _out(notice)

    grid = add_command(report, "grid", _grid, t("grid_cli_help"))
    grid.add_argument("--project", required=True, help=tr("项目编号", "project"))
    _out(grid)

    export = add_command(commands, "export-xlsx", _export, t("doc_cli_export"))
    export.add_argument("kind", choices=EXPORT_KINDS, metavar="KIND", help="|".join(EXPORT_KINDS))
    export.add_argument(
        "--out", required=True, type=Path, help=tr("输出的 .xlsx 文件", ".xlsx file")
    )
    export.add_argument(
        "--full-ids",
        action="store_true",
        help=tr("住户表含完整身份证号和电话（会记入日志）", "households: numbers in full (logged)"),
    )
    export.add_argument("--week", help=tr("weekly：ISO 周，如 2026-W48", "weekly: ISO week"))
    _register_filters(export, with_project=False)
    _scope_options(export)

    imp = add_command(commands, "import-xlsx", _import, t("doc_cli_import"))
    imp.add_argument(
        "file", metavar="FILE", type=Path, help=tr("Excel 文件（.xlsx）", ".xlsx file")
    )
    imp.add_argument(
        "--project",
        help=tr(
            "导入到哪个项目（表中有“项目编号”列时可省略）",
            "target project (may be left out when the sheet has a project code column)",
        ),
    )
    imp.add_argument(
        "--mapping",
        type=Path,
        help=tr(
            '列对应 JSON 文件：{"columns": {"表头": "字段"}}',
            'column mapping JSON: {"columns": {"header": "field"}}',
        ),
    )
    imp.add_argument("--sheet", help=tr("工作表名称（默认第一个有数据的）", "worksheet name"))
    imp.add_argument(
        "--dry-run", action="store_true", help=tr("只检查，不写入", "check only, write nothing")
    )


# ---------------------------------------------------------------------------------------------
# shared options


def _out(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help=tr("输出的 PDF 文件或文件夹（默认当前文件夹）", "PDF file or folder (default: here)"),
    )
    parser.add_argument("--today", type=_day, default=None, help=argparse.SUPPRESS)


def _register_filters(parser: argparse.ArgumentParser, *, with_project: bool = True) -> None:
    if with_project:
        parser.add_argument("--project", help=tr("项目", "project"))
        parser.add_argument("--sub-district", help=tr("街道", "sub-district"))
    parser.add_argument("--status", help=tr("办理状态：待办、办理中、已上报、已办结", "status"))
    parser.add_argument("--category", help=tr("诉求类别", "category"))
    parser.add_argument(
        "--from", dest="date_from", help=tr("受理日期自（含）", "received on or after")
    )
    parser.add_argument(
        "--to", dest="date_to", help=tr("受理日期至（含）", "received on or before")
    )
    parser.add_argument("--overdue", action="store_true", help=tr("只列超期未办结", "overdue only"))
    if not with_project:
        parser.add_argument("--today", type=_day, default=None, help=argparse.SUPPRESS)


def _scope_options(parser: argparse.ArgumentParser) -> None:
    if not any(a.dest == "project" for a in parser._actions):
        parser.add_argument("--project", help=tr("项目", "project"))
    if not any(a.dest == "sub_district" for a in parser._actions):
        parser.add_argument("--sub-district", help=tr("街道", "sub-district"))
    parser.add_argument("--district", help=tr("区", "district"))
    parser.add_argument(
        "--all", action="store_true", help=tr("全部项目（区征收办）", "every project")
    )


def _day(text: str) -> dt.date:
    return day_argument(text)


def _date_option(text: str | None) -> dt.date | None:
    if not text:
        return None
    value = coerce(REQUEST.field("received_on"), text)
    return dt.date.fromisoformat(str(value))


def _register_filter(ws: Workspace, args: argparse.Namespace) -> RegisterFilter:
    project = getattr(args, "project", None)
    return RegisterFilter(
        project_id=resolve_project(ws, project) if project else None,
        sub_district=(getattr(args, "sub_district", None) or "").strip() or None,
        status=choice_code(REQUEST_STATUSES, args.status, REQUEST.field("status")),
        category=choice_code(REQUEST_CATEGORIES, args.category, REQUEST.field("category")),
        received_from=_date_option(args.date_from),
        received_to=_date_option(args.date_to),
        overdue_only=args.overdue,
    )


def _scope(ws: Workspace, args: argparse.Namespace) -> Scope:
    """--project / --sub-district / --district / --all; by default the laptop's own
    sub-district, or everything at the district office's hub."""
    given = [
        name
        for name in ("project", "sub_district", "district")
        if (getattr(args, name, None) or "").strip()
    ]
    if args.all:
        given.append("all")
    if len(given) > 1:
        raise UserError("doc_one_scope")
    if args.project:
        return Scope.project(resolve_project(ws, args.project))
    if args.sub_district:
        return Scope.sub_district(args.sub_district.strip())
    if args.district:
        return Scope.of_district(args.district.strip())
    profile = ws.require_profile()
    if args.all or profile.role == "hub":
        return Scope.all()
    return Scope.sub_district(profile.sub_district, profile.district)


def _this_week(today: dt.date | None) -> str:
    year, week, _ = (today or dt.date.today()).isocalendar()
    return f"{year}-W{week:02d}"


def _emit_generated(ctx: Context, done: Generated) -> None:
    if done.full_ids:
        ctx.note(t("doc_full_ids_logged"))
    if done.missing_glyphs:
        ctx.note(t("doc_missing_glyphs", chars=" ".join(done.missing_glyphs)))
    ctx.emit(
        {
            "kind": done.kind,
            "path": str(done.path),
            "pages": done.pages,
            "title": done.title,
            "full_ids": done.full_ids,
            "seconds": round(done.seconds, 3),
        },
        lambda: t("doc_written", title=done.title, pages=done.pages, path=str(done.path)),
    )


def _spec(kind: str, **fields: object) -> DocumentSpec:
    # reportlab loads only for a command that prints: `--help` and other commands start fast
    from services.documents import DocumentSpec

    return DocumentSpec(kind, **fields)  # type: ignore[arg-type]


def _generate(ctx: Context, spec: DocumentSpec, args: argparse.Namespace) -> int:
    from services import documents

    ws = ctx.workspace()
    out = args.out if args.out is not None else Path.cwd()
    done = documents.generate(ws, spec, out, today=args.today)
    _emit_generated(ctx, done)
    return 0


# ---------------------------------------------------------------------------------------------
# report ...


def _household(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    spec = _spec(
        "household",
        household_id=resolve_household(ws, args.id),
        full_ids=args.full_ids,
        language=i18n.language(),  # the household file follows --lang (Chinese by default)
    )
    return _generate(ctx, spec, args)


def _visit(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    if bool(args.blank) == bool(args.id):
        raise UserError("doc_visit_or_blank")
    if args.blank:
        spec = _spec(
            "visit_blank",
            household_id=resolve_household(ws, args.household) if args.household else None,
            project_id=resolve_project(ws, args.project) if args.project else None,
            full_ids=args.full_ids,
        )
    else:
        spec = _spec("visit", visit_id=ws.resolve_id("visit", args.id), full_ids=args.full_ids)
    return _generate(ctx, spec, args)


def _requests(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    return _generate(ctx, _spec("requests", register=_register_filter(ws, args)), args)


def _weekly(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    scope = _scope(ws, args)
    week = args.week or _this_week(args.today)
    typed = {"done": args.done, "plan": args.plan, "difficulties": args.difficulties}
    # What was typed last time for this week and scope (in the GUI or here) fills the sections
    # not given now; what is given now is remembered.
    problem = weekly_texts.import_legacy_file(ws)
    if problem is not None:
        ctx.note(t(problem.code, **problem.params))
    remembered = weekly_texts.load(ws, scope, week)
    texts = WeeklyTexts(
        done=typed["done"] if typed["done"] is not None else remembered.done,
        plan=typed["plan"] if typed["plan"] is not None else remembered.plan,
        difficulties=typed["difficulties"]
        if typed["difficulties"] is not None
        else remembered.difficulties,
    )
    if any(v is not None for v in typed.values()):
        weekly_texts.check(texts)  # a text too long is refused before anything is printed
    spec = _spec("weekly", scope=scope, week=week, texts=texts, with_grid=args.with_grid)
    code = _generate(ctx, spec, args)
    # Remembered only once the report is made: a refused command changes nothing (what was typed
    # is still on the command line).
    if any(v is not None for v in typed.values()):
        weekly_texts.save(ws, scope, week, texts)
    return code


def _notice(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    spec = _spec(
        "notice",
        project_id=resolve_project(ws, args.project),
        signed_only=args.signed_only,
        confirm_empty=args.confirm_empty,
    )
    return _generate(ctx, spec, args)


def _grid(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    return _generate(ctx, _spec("grid", project_id=resolve_project(ws, args.project)), args)


# ---------------------------------------------------------------------------------------------
# export-xlsx, import-xlsx


def _export(ctx: Context, args: argparse.Namespace) -> int:
    from services import xlsx_export

    ws = ctx.workspace()
    if args.kind == "households":
        project = resolve_project(ws, args.project) if args.project else None
        done = xlsx_export.export_households(
            ws, args.out, project_id=project, full_ids=args.full_ids
        )
    elif args.kind == "requests":
        done = xlsx_export.export_requests(
            ws, args.out, _register_filter(ws, args), today=args.today
        )
    else:
        scope = _scope(ws, args)
        week = args.week or _this_week(args.today)
        done = xlsx_export.export_weekly(ws, args.out, scope, week, today=args.today)
    if done.full_ids:
        ctx.note(t("doc_full_ids_logged"))
    ctx.emit(
        {"kind": done.kind, "path": str(done.path), "rows": done.rows, "full_ids": done.full_ids},
        lambda: t("xlsx_exported", rows=done.rows, path=str(done.path)),
    )
    return 0


def _import(ctx: Context, args: argparse.Namespace) -> int:
    from services import xlsx_import

    ws = ctx.workspace()
    project_id = resolve_project(ws, args.project) if args.project else None
    sheet = xlsx_import.read_sheet(args.file, sheet=args.sheet)
    mapping, source = xlsx_import.mapping_for(sheet, mapping_file=args.mapping)
    names = xlsx_import.mapping_as_names(sheet, mapping)
    # Check (or import) first: a refusal's sentence must be the first line on stderr.
    if args.dry_run:
        plan = xlsx_import.dry_run(ws, sheet, mapping, project_id)
        _mapping_notes(ctx, sheet, mapping, names)
        if source == "file":
            xlsx_import.save_mapping(sheet, mapping)
        _emit_plan(ctx, plan, names, imported=None)
        return 0
    try:
        result = xlsx_import.import_households(ws, sheet, mapping, project_id)
    except xlsx_import.NothingToImport as refused:
        if ctx.json:
            ctx.out.write(dumps({"error": {"code": refused.code, "message": refused.message()}}))
            ctx.out.write("\n")
        ctx.err.write("\n".join([refused.message(), *refused.plan.problem_lines()]) + "\n")
        return 2
    _mapping_notes(ctx, sheet, mapping, names)
    saved = xlsx_import.save_mapping(sheet, mapping)
    if source != "saved" and not ctx.json:
        ctx.note(t("xlsx_mapping_saved", path=str(saved)))
    _emit_plan(ctx, result.plan, names, imported=result)
    return 0


def _mapping_notes(
    ctx: Context, sheet: xlsx_import.Sheet, mapping: dict[int, str], names: dict[str, str]
) -> None:
    if ctx.json:
        return
    pairs = "；".join(f"{header} → {_field_label(name)}" for header, name in names.items())
    ctx.note(t("xlsx_mapping_used", pairs=pairs))
    unmapped = [h for i, h in enumerate(sheet.headers) if i not in mapping]
    if unmapped:
        ctx.note(t("xlsx_unmapped_columns", columns="、".join(unmapped)))


def _field_label(name: str) -> str:
    from services import xlsx_import

    spec = xlsx_import.importable_field(name)
    return label(spec) if spec is not None else name


def _emit_plan(
    ctx: Context,
    plan: xlsx_import.ImportPlan,
    names: dict[str, str],
    *,
    imported: xlsx_import.ImportResult | None,
) -> None:
    data = {
        "file": plan.sheet.name,
        "sheet": plan.sheet.sheet_name,
        "header_row": plan.sheet.header_row,
        "mapping": names,
        "rows": len(plan.rows),
        "ok": len(plan.ok_rows),
        "duplicates": plan.duplicates,
        "problems": [
            {"row": r.row, "duplicate": r.duplicate, "problems": list(r.problems)}
            for r in plan.problem_rows
        ],
        "totals_skipped": plan.sheet.totals_skipped,
        "linked_problems": [
            {"sheet": r.sheet, "row": r.row, "problems": list(r.problems)}
            for r in plan.linked_problems
        ],
        "records": imported.records if imported else {},
        "dry_run": imported is None,
        "imported": imported.imported if imported else 0,
        "household_ids": list(imported.household_ids) if imported else [],
    }

    def human() -> str:
        lines = plan.problem_lines()
        if imported is None:
            lines.append(
                t(
                    "xlsx_dry_run_summary",
                    name=plan.sheet.name,
                    rows=len(plan.rows),
                    ok=len(plan.ok_rows),
                    problems=len(plan.problem_rows),
                    duplicates=plan.duplicates,
                )
            )
        else:
            lines.append(
                t(
                    "xlsx_imported",
                    name=plan.sheet.name,
                    ok=imported.imported,
                    problems=imported.skipped,
                )
            )
            if imported.records:
                counts = "、".join(
                    f"{entity_label(entity)} {n}" for entity, n in imported.records.items()
                )
                lines.append(t("xlsx_imported_records", counts=counts))
        return "\n".join(lines)

    ctx.emit(data, human)
