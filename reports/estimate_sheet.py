"""补偿测算单: one household's compensation estimate on A4 — the three options side by side,
then each option's lines with the formula written out, subtotals, totals in figures and in
capital numerals, the flat's price difference for property exchange, what is missing, and the
policy and version the figures come from. Every page says "测算仅供参考，以签订的补偿协议为准".

Data in (EstimateSheet, built by services.estimate_sheet), file out; never opens the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from domain import compensation as comp
from domain.compensation import Estimate, OptionEstimate
from reports import labels as lb
from reports.layout import (
    RED,
    TOTAL_FILL,
    Field,
    Output,
    PageInfo,
    cell,
    form_table,
    frame_width,
    grid_table,
    head,
    para,
    render,
    scale_widths,
    section,
    signature_row,
    styles,
    text,
    title,
)
from reports.numbers import capital_yuan

CHAPTER = "一二三四五六七八九十"


@dataclass(frozen=True)
class EstimateSheet:
    household_label: str  # head of household or enterprise
    address: str
    project_name: str
    policy_name: str
    policy_version: int
    sign_on: date
    signed: bool  # sign_on is the household's signing date, not a supposed one
    area_text: str  # "87.03 ㎡（实测面积）" or ""
    use_text: str
    assessed_price_text: str
    grade_text: str
    flat_text: str
    estimate: Estimate
    missing: list[str]  # one sentence each
    generated_on: date
    options: tuple[str, ...] = comp.OPTIONS
    chosen_option: str | None = None
    notes: list[str] = field(default_factory=list)


def _yuan(fen: int | None) -> str:
    return "—" if fen is None else comp.yuan_text(fen)


def build_estimate_sheet(data: EstimateSheet, out: Output, *, masked: bool = True) -> int:
    """Write the estimate sheet; return the page count. (`masked` is accepted like the other
    builders; the sheet carries no ID or phone numbers.)"""
    disclaimer = text("est_disclaimer")
    info = PageInfo(
        title=f"{text('est_sheet_title')} {data.household_label}",
        header_left=text("report_header_project", project=data.project_name),
        header_right=text("report_printed_on", date=lb.long_day(data.generated_on)),
        footer_left=disclaimer,
        footer_right=f"补偿方案第 {data.policy_version} 版",
    )
    width = frame_width(info)
    s = styles()
    sign_text = data.sign_on.isoformat() + ("（已签约）" if data.signed else "（假定签约日期）")
    story: list[Flowable] = [
        title(text("est_sheet_title")),
        para(disclaimer, s.subtitle, bold=True, color=RED),
        form_table(
            [
                Field("户主/单位", data.household_label),
                Field("签约日期", sign_text),
                Field("房屋地址", data.address, wide=True),
                Field("建筑面积", data.area_text or "（缺）"),
                Field("房屋用途", data.use_text or "（缺）"),
                Field("评估单价", data.assessed_price_text or "（缺）"),
                Field("装修档次", data.grade_text or "（缺）"),
                Field("安置房源", data.flat_text or "未选定", wide=True),
                Field("补偿方案", f"{data.policy_name}（第 {data.policy_version} 版）", wide=True),
            ],
            width,
        ),
    ]
    if data.missing:
        story += section("缺少的测算数据", room=25 * mm)
        story += [para(f"{i}. {m}", s.body) for i, m in enumerate(data.missing, start=1)]
    story += section("一、三种补偿方式对照")
    story.append(_side_by_side(data, width))
    for number, code in enumerate(data.options, start=2):
        story += section(f"{CHAPTER[number - 1]}、{comp.OPTION_NAMES[code][0]}明细", room=45 * mm)
        story += _option_detail(data.estimate.option(code), width)
    story += [
        Spacer(1, 3 * mm),
        para(f"说明：{comp.ROUNDING_NOTE_ZH}{disclaimer}。", s.note),
        *[para(note, s.note) for note in data.notes],
        Spacer(1, 8 * mm),
        signature_row(["测算人（签字）：", "被征收人（签字）："], width),
    ]
    return render(story, out, info)


def _side_by_side(data: EstimateSheet, width: float) -> Flowable:
    options = [data.estimate.option(code) for code in data.options]
    names: dict[str, str] = {}
    for option in options:
        for line in option.lines:
            names.setdefault(line.key, line.name)
    header = [head("项目")] + [
        head(
            comp.OPTION_NAMES[o.option][0] + ("（已选）" if o.option == data.chosen_option else "")
        )
        for o in options
    ]
    rows: list[list[object]] = [header]
    for key, name in names.items():
        row: list[object] = [cell(name)]
        for option in options:
            fen = next((line.fen for line in option.lines if line.key == key), None)
            row.append(cell("不适用" if fen is None else _yuan(fen), "right"))
        rows.append(row)
    rows.append(
        [cell("合计（元）", bold=True)]
        + [cell(_yuan(o.total_fen), "right", bold=True) for o in options]
    )
    rows.append(
        [cell("大写")]
        + [
            cell("—" if o.total_fen is None else capital_yuan(Decimal(o.total_fen) / 100))
            for o in options
        ]
    )
    exchange = next((o for o in options if o.option == "exchange"), None)
    if exchange is not None and exchange.difference_fen is not None:
        rows.append(
            [cell("产权调换差价（元）")]
            + [
                cell(_yuan(o.difference_fen) if o.option == "exchange" else "", "right")
                for o in options
            ]
        )
    total_row = len(names) + 1
    widths = scale_widths([1.25] + [1.0] * len(options), width)
    return grid_table(
        rows,
        widths,
        extra=[("BACKGROUND", (0, total_row), (-1, total_row + 1), TOTAL_FILL)],
    )


def _option_detail(option: OptionEstimate, width: float) -> list[Flowable]:
    rows: list[list[object]] = [[head("序号"), head("项目"), head("计算式"), head("金额（元）")]]
    for number, line in enumerate(option.lines, start=1):
        rows.append(
            [
                cell(str(number), "center"),
                cell(line.name),
                cell(line.formula),
                cell(_yuan(line.fen), "right"),
            ]
        )
    subtotal = _yuan(option.total_fen if option.complete else option.partial_fen)
    label = "小计" if option.complete else "已算项目小计（缺少数据，不是合计）"
    rows.append([cell(""), cell(label, bold=True), cell(""), cell(subtotal, "right", bold=True)])
    widths = scale_widths([0.45, 1.6, 4.0, 1.35], width)
    flow: list[Flowable] = [
        grid_table(rows, widths, extra=[("BACKGROUND", (0, -1), (-1, -1), TOTAL_FILL)])
    ]
    s = styles()
    if option.total_fen is not None:
        flow.append(Spacer(1, 1.5 * mm))
        flow.append(
            para(
                f"{comp.OPTION_NAMES[option.option][0]}合计：{_yuan(option.total_fen)} 元"
                f"（大写：{capital_yuan(Decimal(option.total_fen) / 100, prefix='人民币')}）",
                s.body,
                bold=True,
            )
        )
        if option.flat_value_fen is not None:
            diff = option.difference_fen or 0
            who = "应付被征收人" if diff >= 0 else "被征收人应补交"
            flow.append(
                para(
                    f"安置房价值：{option.flat_formula} = {_yuan(option.flat_value_fen)} 元；"
                    f"差价 {who} {_yuan(abs(diff))} 元（大写：{capital_yuan(Decimal(abs(diff)) / 100, prefix='人民币')}）",
                    s.body,
                )
            )
    else:
        flow.append(para("缺少测算数据，本方式不计合计。", s.body, color=RED))
    return [KeepTogether(flow)] if len(option.lines) < 14 else flow
