"""Charts for the weekly dispatch report, drawn with reportlab.graphics (vector, no images).

Series colours differ in lightness as well as hue so they stay apart on a black-and-white
printer, and every bar carries its number.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors

from reports import fonts
from reports.layout import text
from reports.model import CategoryCount, ProjectFigures
from reports.numbers import ratio

SERIES = (
    colors.HexColor("#1F4E79"),  # dark
    colors.HexColor("#5B9BD5"),  # middle
    colors.HexColor("#C9DDF0"),  # light
)
ALERT = colors.HexColor("#C00000")
PROJECTS_PER_CHART = 10
LABEL_SIZE = 8


def _rate(part: int, whole: int) -> float:
    value = ratio(part, whole)
    return round(value * 100, 1) if value is not None else 0.0


def _short(name: str, limit: int = 16) -> str:
    name = fonts.safe_text(name)
    return name if len(name) <= limit else name[: limit - 1] + "…"


def progress_charts(rows: Sequence[ProjectFigures], width: float) -> list[Drawing]:
    """Signing, vacating and handover rate per project as horizontal bars, ten to a chart."""
    drawings = []
    for start in range(0, len(rows), PROJECTS_PER_CHART):
        drawings.append(_progress_chart(rows[start : start + PROJECTS_PER_CHART], width))
    return drawings


def _progress_chart(rows: Sequence[ProjectFigures], width: float) -> Drawing:
    font = fonts.body_font()
    # Bars are listed top to bottom in table order; the chart draws category 0 at the bottom.
    ordered = list(reversed(rows))
    per_project = 34.0
    label_width = 128.0
    legend_height = 22.0
    plot_height = per_project * len(ordered)
    height = plot_height + legend_height + 24
    drawing = _drawing(width, height)
    chart = HorizontalBarChart()
    chart.x = label_width
    chart.y = 18
    chart.width = width - label_width - 30
    chart.height = plot_height
    chart.data = [
        [_rate(r.signed, r.households_total) for r in ordered],
        [_rate(r.vacated, r.households_total) for r in ordered],
        [_rate(r.handed_over_total, r.households_total) for r in ordered],
    ]
    # The first series is drawn lowest inside a group; list them so 签约 reads first (top).
    chart.data = list(reversed(chart.data))
    fills = list(reversed(SERIES))
    for index, fill in enumerate(fills):
        chart.bars[index].fillColor = fill
        chart.bars[index].strokeColor = colors.HexColor("#333333")
        chart.bars[index].strokeWidth = 0.3
    chart.barWidth = 7
    chart.groupSpacing = 8
    chart.barSpacing = 1
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = 100
    chart.valueAxis.valueStep = 20
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = LABEL_SIZE
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#DDDDDD")
    chart.valueAxis.gridStrokeWidth = 0.4
    chart.categoryAxis.categoryNames = [_short(r.project_name) for r in ordered]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = LABEL_SIZE
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.barLabelFormat = "%.1f"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 6.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    drawing.add(chart)
    drawing.add(
        _legend(
            [
                text("report_legend_signed"),
                text("report_legend_vacated"),
                text("report_legend_handed"),
            ],
            SERIES,
            x=label_width,
            y=height - 8,
        )
    )
    return drawing


def category_chart(categories: Sequence[CategoryCount], width: float) -> Drawing:
    """Requests received, closed and overdue per category, as grouped columns."""
    from reports.labels import category

    font = fonts.body_font()
    height = 190.0
    drawing = _drawing(width, height)
    chart = VerticalBarChart()
    chart.x = 34
    chart.y = 30
    chart.width = width - 50
    chart.height = height - 66
    chart.data = [
        [c.received for c in categories],
        [c.closed for c in categories],
        [c.overdue for c in categories],
    ]
    fills = (SERIES[0], SERIES[2], ALERT)
    for index, fill in enumerate(fills):
        chart.bars[index].fillColor = fill
        chart.bars[index].strokeColor = colors.HexColor("#333333")
        chart.bars[index].strokeWidth = 0.3
    top = max([c.received for c in categories] + [1])
    step = max(1, -(-top // 5))
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = step * 5 + (step if top >= step * 5 else 0)
    chart.valueAxis.valueStep = step
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = LABEL_SIZE
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#DDDDDD")
    chart.valueAxis.gridStrokeWidth = 0.4
    chart.categoryAxis.categoryNames = [fonts.safe_text(category(c.category)) for c in categories]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = LABEL_SIZE
    chart.categoryAxis.labels.dy = -2
    chart.barLabelFormat = _hide_zero
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 6.5
    chart.barLabels.nudge = 5
    chart.barSpacing = 1
    chart.groupSpacing = 10
    drawing.add(chart)
    drawing.add(
        _legend(
            [text("report_received"), text("report_closed"), text("report_col_req_overdue")],
            fills,
            x=34,
            y=height - 8,
        )
    )
    return drawing


def _legend(names: Sequence[str], fills: Sequence[colors.Color], *, x: float, y: float) -> Legend:
    legend = Legend()
    legend.x = x
    legend.y = y
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 70
    legend.dx = 8
    legend.dy = 8
    legend.fontName = fonts.body_font()
    legend.fontSize = LABEL_SIZE
    legend.strokeWidth = 0.3
    legend.strokeColor = colors.HexColor("#333333")
    legend.colorNamePairs = [
        (fill, fonts.safe_text(name)) for fill, name in zip(fills, names, strict=True)
    ]
    return legend


def _drawing(width: float, height: float) -> Drawing:
    drawing = Drawing(width, height)
    # The renderer starts each drawing in Helvetica (never embedded) unless told otherwise.
    drawing.initialFontName = fonts.body_font()
    drawing.initialFontSize = LABEL_SIZE
    return drawing


def _hide_zero(value: float) -> str:
    return "" if not value else f"{value:g}"
