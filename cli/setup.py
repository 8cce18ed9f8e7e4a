"""Setting up and looking around: `init` (this computer's profile), `demo` (the fictional data
set), `stats` (what the database holds)."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from cli import resettlement_commands
from cli.args import day_argument
from cli.base import Context, Subparsers, add_command, t, tr
from cli.output import entity_label, key_values, table
from domain import i18n
from domain.choices import REQUEST_STATUSES
from domain.states import HOUSEHOLD_STATES
from services import demo, new_database, overview
from services.workspace import Profile

ORDER = 10


def register(commands: Subparsers) -> None:
    init = add_command(
        commands, "init", _init, tr("建立本机档案（首次使用）", "create this computer's profile")
    )
    init.add_argument("--name", required=True, help=tr("经办人姓名", "caseworker's name"))
    init.add_argument("--district", required=True, help=tr("所属区，如 新吴区", "district"))
    init.add_argument(
        "--sub-district", required=True, help=tr("所属街道，如 旺庄街道", "sub-district")
    )
    init.add_argument(
        "--device-name", required=True, help=tr("本机名称，如 旺庄-笔记本1", "computer name")
    )
    init.add_argument(
        "--role",
        choices=("laptop", "hub"),
        default="laptop",
        help=tr("laptop（街道笔记本，默认）或 hub（区征收办）", "laptop (default) or hub"),
    )

    demo_cmd = add_command(
        commands, "demo", _demo, tr("载入虚构的演示数据", "load the fictional demo data set")
    )
    demo_cmd.add_argument(
        "--households",
        type=int,
        default=demo.DEFAULT_HOUSEHOLDS,
        help=tr("住户数（默认 %(default)s）", "households (default %(default)s)"),
    )
    demo_cmd.add_argument(
        "--seed",
        type=int,
        default=demo.DEFAULT_SEED,
        help=tr("随机种子：相同种子得到相同数据", "random seed: same seed, same data"),
    )
    demo_cmd.add_argument(  # for tests that interrupt a load between batches
        "--batch-ops", type=int, default=demo.DEFAULT_BATCH_OPS, help=argparse.SUPPRESS
    )
    demo_cmd.add_argument(
        "--today",
        type=_date,
        default=None,
        help=tr("以哪一天为“今天”生成（默认今天）", "the day taken as today"),
    )

    stats = add_command(commands, "stats", _stats, tr("数据库概况", "what the database holds"))
    resettlement_commands.add_scope_options(stats)  # --project/--sub-district/--district/--week


def _date(text: str) -> dt.date:
    return day_argument(text)


def _init(ctx: Context, args: argparse.Namespace) -> int:
    with new_database.creating(ctx.db_path, close=ctx.close):
        ws = ctx.workspace(profile=False, create=True)
        profile = ws.init_profile(
            Profile(
                caseworker=args.name,
                district=args.district,
                sub_district=args.sub_district,
                device_name=args.device_name,
                role=args.role,
            )
        )
    data = {"db": str(ctx.db_path), "device_id": ws.device_id(), "profile": profile.to_dict()}
    role = (
        tr("区征收办（hub）", "district hub")
        if profile.role == "hub"
        else tr("街道笔记本", "laptop")
    )
    ctx.emit(
        data,
        lambda: t(
            "cli_init_done",
            caseworker=profile.caseworker,
            district=profile.district,
            sub_district=profile.sub_district,
            device_name=profile.device_name,
            role=role,
            path=str(ctx.db_path),
        ),
    )
    return 0


def _demo(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()

    def progress(done: int, total: int) -> bool:
        if ctx.interactive and total:
            ctx.err.write("\r" + t("cli_demo_progress", done=done, total=total))
            ctx.err.flush()
        return True

    summary = demo.load_demo(
        ws,
        args.households,
        seed=args.seed,
        today=args.today,
        batch_ops=max(1, args.batch_ops),
        progress=progress,
    )
    if ctx.interactive:
        ctx.err.write("\n")
    data = summary.to_dict()
    ctx.emit(
        data,
        lambda: t(
            "demo_resumed" if summary.resumed else "cli_demo_done",
            projects=summary.projects,
            households=summary.households,
            enterprises=summary.enterprises,
            members=summary.members,
            visits=summary.visits,
            requests=summary.requests,
            overdue=summary.overdue_requests,
            seconds=f"{summary.seconds:.1f}",
        ),
    )
    return 0


def _stats(ctx: Context, args: argparse.Namespace) -> int:
    if resettlement_commands.wants_figures(args):
        return resettlement_commands.scoped_stats(ctx, args)  # the dispatch figures
    ws = ctx.workspace()
    profile = ws.require_profile()
    figures = overview.stats(ws)
    data: dict[str, Any] = {
        "db": str(ctx.db_path),
        "db_bytes": ctx.db_path.stat().st_size,
        "device_id": ws.device_id(),
        "profile": profile.to_dict(),
        **figures,
    }

    def human() -> str:
        head = key_values(
            [
                (tr("数据库", "database"), str(ctx.db_path)),
                (
                    tr("经办人", "caseworker"),
                    f"{profile.caseworker}（{profile.district}{profile.sub_district}）",
                ),
                (tr("本机", "computer"), f"{profile.device_name}  {profile.role}"),
                (tr("修改记录", "operations"), figures["ops"]),
                (tr("待处理冲突", "open conflicts"), figures["conflicts"]),
            ]
        )
        counts = table(
            [tr("记录", "records"), tr("数量", "count")],
            [[entity_label(name), n] for name, n in figures["records"].items()],
        )
        states = table(
            [tr("住户状态", "household state"), tr("户数", "households")],
            [
                [HOUSEHOLD_STATES.label(code, i18n.language()), n]
                for code, n in _in_order(figures["households_by_state"], HOUSEHOLD_STATES.codes())
            ],
        )
        statuses = table(
            [tr("诉求状态", "request status"), tr("条数", "requests")],
            [
                [REQUEST_STATUSES.label(code, i18n.language()), n]
                for code, n in _in_order(figures["requests_by_status"], REQUEST_STATUSES.codes())
            ]
            + [[tr("其中超期未办结", "of which overdue"), figures["requests_overdue"]]],
        )
        due = t("cli_stats_visits_due", count=figures["visits_due"])
        return "\n\n".join([head, counts, states, statuses, due])

    ctx.emit(data, human)
    return 0


def _in_order(counts: dict[str, int], order: list[str]) -> list[tuple[str, int]]:
    known = [(code, counts[code]) for code in order if code in counts]
    return known + [(code, n) for code, n in counts.items() if code not in order]
