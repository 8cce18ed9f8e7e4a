"""补偿方案比较与资金测算: the printable summary of a policy comparison for one project — the
funding each policy needs against 到位资金 and the gap, how many households are better or worse
off and by how much, the distribution of the difference as a bar chart, and the households
that change most. Data in (domain.policy_comparison.Comparison, built by services.policy_compare), file out.
"""

from __future__ import annotations

from decimal import Decimal

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from domain import compensation as comp
from domain.policy_comparison import Comparison
from reports import fonts
from reports.layout import (
    RED,
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
    styles,
    text,
    title,
)
from reports.numbers import capital_yuan

TOP_CHANGES = 15


def _yuan(fen: int | None) -> str:
    return "—" if fen is None else comp.yuan_text(fen)


def build_comparison_summary(data: Comparison, out: Output, *, masked: bool = True) -> int:
    disclaimer = text("est_disclaimer")
    info = PageInfo(
        title=f"{text('est_compare_title')} {data.project_name}",
        header_left=text("report_header_project", project=data.project_name),
        header_right=f"测算签约日期：{data.as_of.isoformat()}",
        footer_left=disclaimer,
    )
    width = frame_width(info)
    s = styles()
    option = comp.OPTION_NAMES[data.option][0] if data.option else "各户所选方式（未选按货币补偿）"
    story: list[Flowable] = [
        title(text("est_compare_title")),
        para(disclaimer, s.subtitle, bold=True, color=RED),
        form_table(
            [
                Field("项目", data.project_name, wide=True),
                Field("方案A", data.a_label, wide=True),
                Field("方案B", data.b_label, wide=True),
                Field("测算方式", option),
                Field("住户数", f"{len(data.rows)} 户（缺少数据 {data.incomplete} 户未计入）"),
            ],
            width,
        ),
    ]
    story += section("一、资金需求与到位资金")
    story.append(
        grid_table(
            [
                [head(""), head("方案A"), head("方案B"), head("B−A")],
                [
                    cell("所需资金（元）"),
                    cell(_yuan(data.total_a_fen), "right"),
                    cell(_yuan(data.total_b_fen), "right"),
                    cell(_yuan(data.total_b_fen - data.total_a_fen), "right"),
                ],
                [
                    cell("到位资金（元）"),
                    cell(_yuan(data.funding_secured_fen), "right"),
                    cell(_yuan(data.funding_secured_fen), "right"),
                    cell(""),
                ],
                [
                    cell("资金缺口（元）", bold=True),
                    cell(_yuan(data.gap_a_fen), "right", bold=True),
                    cell(_yuan(data.gap_b_fen), "right", bold=True),
                    cell(_yuan(data.gap_b_fen - data.gap_a_fen), "right"),
                ],
            ],
            scale_widths([1.3, 1.2, 1.2, 1.2], width),
        )
    )
    story.append(Spacer(1, 2 * mm))
    story.append(
        para(
            f"方案B所需资金大写：{capital_yuan(Decimal(data.total_b_fen) / 100, prefix='人民币')}；"
            "缺口为负表示到位资金有余。",
            s.note,
        )
    )
    story += section("二、住户得失")
    story.append(
        grid_table(
            [
                [head(""), head("户数"), head("金额合计（元）")],
                [cell("方案B比A多"), cell(str(len(data.better)), "right"), cell(_yuan(data.better_fen), "right")],
                [cell("方案B比A少"), cell(str(len(data.worse)), "right"), cell(_yuan(data.worse_fen), "right")],
                [cell("不变"), cell(str(data.same), "right"), cell("", "right")],
                [cell("缺少测算数据"), cell(str(data.incomplete), "right"), cell("未计入", "right")],
            ],
            scale_widths([1.5, 1, 1.5], width),
        )
    )  # fmt: skip
    story += section("三、差额分布（方案B − 方案A，户数）", room=70 * mm)
    story.append(_distribution_chart(data, width))
    changes = sorted(data.complete_rows, key=lambda r: abs(r.difference_fen or 0), reverse=True)
    if changes:
        story += section(f"四、差额最大的 {min(TOP_CHANGES, len(changes))} 户")
        rows: list[list[object]] = [
            [
                head("户主/单位"),
                head("地址"),
                head("方案A（元）"),
                head("方案B（元）"),
                head("差额（元）"),
            ]
        ]
        for row in changes[:TOP_CHANGES]:
            rows.append(
                [
                    cell(row.head_name),
                    cell(row.address),
                    cell(_yuan(row.a_fen), "right"),
                    cell(_yuan(row.b_fen), "right"),
                    cell(_yuan(row.difference_fen), "right"),
                ]
            )
        story.append(grid_table(rows, scale_widths([1.1, 2.4, 1.2, 1.2, 1.1], width)))
    story += [Spacer(1, 3 * mm), para(f"说明：{comp.ROUNDING_NOTE_ZH}{disclaimer}。", s.note)]
    return render(story, out, info)


def _distribution_chart(data: Comparison, width: float) -> Drawing:
    font = fonts.body_font()
    height = 170.0
    drawing = Drawing(width, height)
    drawing.initialFontName = font
    drawing.initialFontSize = 8
    chart = VerticalBarChart()
    chart.x, chart.y = 30, 34
    chart.width, chart.height = width - 40, height - 50
    chart.data = [[band.count for band in data.bands]]
    chart.bars[0].fillColor = colors.HexColor("#1F4E79")
    chart.bars[0].strokeColor = colors.HexColor("#333333")
    top = max([band.count for band in data.bands] + [1])
    step = max(1, -(-top // 5))
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = step * 5 + (step if top >= step * 5 else 0)
    chart.valueAxis.valueStep = step
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 8
    chart.categoryAxis.categoryNames = [fonts.safe_text(band.label) for band in data.bands]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 30
    chart.categoryAxis.labels.dy = -8
    chart.barLabelFormat = lambda v: "" if not v else f"{v:g}"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 5
    drawing.add(chart)
    return drawing
