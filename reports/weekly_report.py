"""调度周报: the weekly dispatch report — the figures of shared/design/domain.md per project with
sub-district, district and overall rollups, two charts, and the three free-text sections.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from itertools import groupby
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, HRFlowable, KeepTogether, Spacer

from domain.building_grid import ProjectGrid
from reports import charts, numbers
from reports import labels as lb
from reports.building_grid import frame_height, grid_appendix
from reports.layout import (
    RED,
    TOTAL_FILL,
    Output,
    PageInfo,
    cell,
    frame_width,
    grid_table,
    head,
    number_cell,
    para,
    prose,
    render,
    scale_widths,
    section,
    signature_row,
    styles,
    text,
)
from reports.model import ProjectFigures, WeeklyReport


def build_weekly_report(
    data: WeeklyReport,
    out: Output,
    *,
    masked: bool = True,
    grids: Sequence[ProjectGrid] = (),
) -> int:
    """Write the weekly dispatch report; return the page count.

    The report holds only figures, so `masked` changes nothing; it keeps builders uniform.
    `grids`, when given, are appended as the projects' building grids (楼盘表)."""
    del masked
    period = text(
        "report_weekly_period",
        year=data.iso_year,
        week=data.iso_week,
        start=lb.day(data.week_start),
        end=lb.day(data.week_end),
    )
    info = PageInfo(
        title=f"{text('report_weekly_title')} {data.week_label}",
        header_left=data.scope_label,
        header_right=period,
        footer_left=text("report_weekly_footer"),
        footer_right=text("report_printed_on", date=lb.long_day(data.generated_on)),
    )
    width = frame_width(info)
    s = styles()
    rows = _with_rollups(data)
    total = data.total or _grand_total(data.rows)
    story: list[Flowable] = [
        para(text("report_weekly_title"), s.title, bold=True, color=RED),
        para(period, s.subtitle),
        HRFlowable(width="100%", thickness=2, color=RED, spaceBefore=0, spaceAfter=0.8 * mm),
        HRFlowable(width="100%", thickness=0.6, color=RED, spaceBefore=0, spaceAfter=2 * mm),
        para(
            text(
                "report_weekly_unit",
                unit=data.reporting_unit or data.scope_label,
                date=lb.long_day(data.generated_on),
            ),
            s.body,
        ),
        para(text("report_weekly_scope_line", scope=data.scope_label), s.body),
        Spacer(1, 1 * mm),
        para(
            text(
                "report_weekly_overview",
                projects=len(data.rows),
                total=total.households_total,
                surveyed=total.surveyed,
                signed=total.signed,
                sign_rate=numbers.percent(total.signed, total.households_total),
                vacated=total.vacated,
                vacate_rate=numbers.percent(total.vacated, total.households_total),
                handed_week=total.handed_over_this_week,
                handed_total=total.handed_over_total,
                remaining=total.handed_over_remaining,
                paid=numbers.wan_yuan(total.compensation_paid),
            ),
            s.prose,
        ),
        *_keep_with_heading(text("report_h_progress"), [_progress_table(rows, width)], len(rows)),
    ]
    if data.rows:
        story.append(Spacer(1, 3 * mm))
        for drawing in charts.progress_charts(data.rows, width):
            story.append(KeepTogether([drawing, para(text("report_chart_progress"), s.small)]))
    story += [
        *_keep_with_heading(text("report_h_funds"), [_funds_table(rows, width)], len(rows)),
        *_keep_with_heading(
            text("report_h_weekly_requests"),
            [
                para(
                    text(
                        "report_weekly_requests_overview",
                        received=total.requests_received,
                        week=total.requests_received_this_week,
                        closed=total.requests_closed,
                        on_time=total.requests_closed_on_time,
                        overdue=total.requests_overdue,
                        rate=numbers.percent(total.requests_closed, total.requests_received),
                    ),
                    s.prose,
                ),
                _requests_table(rows, width),
            ],
            len(rows),
        ),
    ]
    if data.categories:
        story += [
            Spacer(1, 3 * mm),
            KeepTogether(
                [
                    charts.category_chart(data.categories, width),
                    para(text("report_chart_requests"), s.small),
                ]
            ),
        ]
    empty = text("report_weekly_no_text")
    story += [
        *section(text("report_h_done"), room=25 * mm),
        *prose(data.done_this_week, empty=empty),
        *section(text("report_h_plan"), room=25 * mm),
        *prose(data.plan_next_week, empty=empty),
        *section(text("report_h_difficulties"), room=25 * mm),
        *prose(data.difficulties, empty=empty),
        Spacer(1, 8 * mm),
        KeepTogether(
            signature_row(
                [text("report_sign_compiler"), text("report_sign_weekly_reviewer")],
                width,
                values=[data.compiled_by, data.reviewed_by],
            )
        ),
    ]
    story += grid_appendix(grids, width, frame_height(info))
    return render(story, out, info)


def _keep_with_heading(heading: str, content: list[Flowable], rows: int) -> list[Flowable]:
    """A section whose short table stays on one page with its heading; a long table may
    split across pages (its header rows repeat)."""
    if rows <= 15:
        return [KeepTogether([para(heading, styles().section, bold=True), *content])]
    return [*section(heading), *content]


# ---------------------------------------------------------------------------------------------
# Rollups


class _Row:
    """A table row: a project's figures, or a subtotal/total drawn bold on a tint."""

    def __init__(self, figures: ProjectFigures, *, rollup: bool = False) -> None:
        self.f = figures
        self.rollup = rollup


def _grand_total(rows: Sequence[ProjectFigures]) -> ProjectFigures:
    return ProjectFigures.total(list(rows), name=text("report_grand_total"))


def _with_rollups(data: WeeklyReport) -> list[_Row]:
    """Projects grouped by district and sub-district, with subtotals that add something.

    A group gets a subtotal row when it holds more than one project and is not the only group
    of its kind (otherwise the subtotal repeats a project row or the grand total). The grand
    total appears when there is more than one project. Rollups the caller supplied are used
    as given; missing ones are summed from the project rows.
    """
    rows = data.rows
    given_subs = {(r.district, r.sub_district): r for r in data.sub_district_rows}
    given_districts = {r.district: r for r in data.district_rows}
    ordered = sorted(rows, key=lambda r: (r.district, r.sub_district))
    districts = {r.district for r in rows}
    sub_districts = {(r.district, r.sub_district) for r in rows}
    out: list[_Row] = []
    for district, in_district_iter in groupby(ordered, key=lambda r: r.district):
        in_district = list(in_district_iter)
        for sub, in_sub_iter in groupby(in_district, key=lambda r: r.sub_district):
            in_sub = list(in_sub_iter)
            out += [_Row(r) for r in in_sub]
            if len(in_sub) > 1 and len(sub_districts) > 1 and len(in_sub) < len(in_district):
                name = text("report_subtotal", name=sub)
                found = given_subs.get((district, sub))
                figures = (
                    replace(found, project_name=name)
                    if found
                    else ProjectFigures.total(
                        in_sub, name=name, district=district, sub_district=sub
                    )
                )
                out.append(_Row(figures, rollup=True))
        if len(in_district) > 1 and len(districts) > 1:
            name = text("report_subtotal", name=district)
            found_district = given_districts.get(district)
            subs_here = {r.sub_district for r in in_district}
            if found_district is None and len(subs_here) == 1:
                # One sub-district: its rollup is the district's.
                found_district = given_subs.get((district, next(iter(subs_here))))
            figures = (
                replace(found_district, project_name=name)
                if found_district
                else ProjectFigures.total(in_district, name=name, district=district)
            )
            out.append(_Row(figures, rollup=True))
    if len(rows) > 1:
        total = data.total or _grand_total(rows)
        out.append(_Row(replace(total, project_name=text("report_grand_total")), rollup=True))
    return out


def _table(
    rows: list[_Row],
    header: list[list[Any]],
    spans: list[tuple[Any, ...]],
    parts: list[float],
    width: float,
    values: Callable[[ProjectFigures], list[str]],
) -> Flowable:
    body: list[list[Any]] = [list(h) for h in header]
    extra: list[tuple[Any, ...]] = list(spans)
    for row in rows:
        index = len(body)
        body.append(
            [cell(row.f.project_name, bold=row.rollup)]
            + [number_cell(v, bold=row.rollup) for v in values(row.f)]
        )
        if row.rollup:
            extra.append(("BACKGROUND", (0, index), (-1, index), TOTAL_FILL))
    return grid_table(body, scale_widths(parts, width), header_rows=len(header), extra=extra)


def _progress_table(rows: list[_Row], width: float) -> Flowable:
    h = head
    header = [
        [
            h(text("report_col_project")),
            h(text("report_col_total")),
            h(text("report_col_surveyed")),
            h(text("report_col_valued")),
            "",
            h(text("report_col_signed")),
            "",
            h(text("report_col_vacated")),
            "",
            h(text("report_col_handover")),
            "",
            "",
            h(text("report_col_demolished")),
        ],
        [
            "",
            "",
            "",
            h(text("report_col_count")),
            h(text("report_col_valuation_rate")),
            h(text("report_col_count")),
            h(text("report_col_sign_rate")),
            h(text("report_col_count")),
            h(text("report_col_vacate_rate")),
            h(text("report_col_handed_week")),
            h(text("report_col_handed_total")),
            h(text("report_col_remaining")),
            "",
        ],
    ]
    spans = [
        ("SPAN", (0, 0), (0, 1)),
        ("SPAN", (1, 0), (1, 1)),
        ("SPAN", (2, 0), (2, 1)),
        ("SPAN", (3, 0), (4, 0)),
        ("SPAN", (5, 0), (6, 0)),
        ("SPAN", (7, 0), (8, 0)),
        ("SPAN", (9, 0), (11, 0)),
        ("SPAN", (12, 0), (12, 1)),
    ]

    def values(f: ProjectFigures) -> list[str]:
        n = f.households_total
        return [
            numbers.count(n),
            numbers.count(f.surveyed),
            numbers.count(f.valued),
            numbers.percent(f.valued, n),
            numbers.count(f.signed),
            numbers.percent(f.signed, n),
            numbers.count(f.vacated),
            numbers.percent(f.vacated, n),
            numbers.count(f.handed_over_this_week),
            numbers.count(f.handed_over_total),
            numbers.count(f.handed_over_remaining),
            numbers.area(f.demolished_area_m2),
        ]

    return _table(
        rows, header, spans, [30, 11, 13, 10, 14, 10, 14, 10, 14, 10, 10, 10, 18], width, values
    )


def _funds_table(rows: list[_Row], width: float) -> Flowable:
    h = head
    header = [
        [
            h(text("report_col_project")),
            h(text("report_col_funds")),
            "",
            "",
            "",
            h(text("report_col_tickets")),
            "",
            "",
            h(text("report_col_flats")),
            "",
            h(text("report_col_cycle")),
        ],
        [
            "",
            h(text("report_col_needed")),
            h(text("report_col_secured")),
            h(text("report_col_secured_rate")),
            h(text("report_col_paid")),
            h(text("report_col_tickets_issued")),
            h(text("report_col_tickets_used")),
            h(text("report_col_tickets_expiring")),
            h(text("report_col_flats_allocated")),
            h(text("report_col_flats_available")),
            "",
        ],
    ]
    spans = [
        ("SPAN", (0, 0), (0, 1)),
        ("SPAN", (1, 0), (4, 0)),
        ("SPAN", (5, 0), (7, 0)),
        ("SPAN", (8, 0), (9, 0)),
        ("SPAN", (10, 0), (10, 1)),
    ]

    def values(f: ProjectFigures) -> list[str]:
        cycle = f.average_cycle_days
        return [
            numbers.wan_yuan(f.funding_needed),
            numbers.wan_yuan(f.funding_secured),
            numbers.percent(f.funding_secured, f.funding_needed),
            numbers.wan_yuan(f.compensation_paid),
            numbers.count(f.tickets_issued),
            numbers.count(f.tickets_used),
            numbers.count(f.tickets_expiring_30d),
            numbers.count(f.flats_allocated),
            numbers.count(f.flats_available),
            numbers.DASH if cycle is None else f"{cycle:.0f}",
        ]

    return _table(rows, header, spans, [29, 16, 16, 13, 16, 12, 12, 13, 12, 12, 15], width, values)


def _requests_table(rows: list[_Row], width: float) -> Flowable:
    h = head
    header = [
        [
            h(text("report_col_project")),
            h(text("report_col_req_received")),
            h(text("report_col_req_week")),
            h(text("report_col_req_closed")),
            h(text("report_col_req_on_time")),
            h(text("report_col_req_overdue")),
            h(text("report_col_closure_rate")),
        ]
    ]

    def values(f: ProjectFigures) -> list[str]:
        overdue = numbers.count(f.requests_overdue)
        if f.requests_overdue:
            overdue = f"▲{overdue}"
        return [
            numbers.count(f.requests_received),
            numbers.count(f.requests_received_this_week),
            numbers.count(f.requests_closed),
            numbers.count(f.requests_closed_on_time),
            overdue,
            numbers.percent(f.requests_closed, f.requests_received),
        ]

    return _table(rows, header, [], [40, 14, 14, 14, 14, 14, 14], width, values)
