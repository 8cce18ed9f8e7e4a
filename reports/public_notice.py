"""公示: the per-household compensation results of a project, for posting (Art.29).

It is built from PublicNotice, a type with no ID-number or phone field, so a notice cannot
print them whatever the caller passes.
"""

from __future__ import annotations

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from domain import records as r
from reports import labels as lb
from reports import masking, numbers
from reports.layout import (
    TOTAL_FILL,
    Column,
    Output,
    PageInfo,
    frame_width,
    para,
    records_table,
    render,
    styles,
    text,
    title,
)
from reports.model import PublicNotice

H = r.HOUSEHOLD


def build_public_notice(data: PublicNotice, out: Output, *, masked: bool = True) -> int:
    """Write the notice; return the page count.

    A notice never carries ID or phone numbers (its type has no such fields), so `masked`
    has nothing to hide; names are masked only when the notice itself says so (mask_names).
    """
    del masked
    project_name = data.project.name
    info = PageInfo(
        title=data.title or text("report_notice_title", project=project_name),
        header_left=text("report_header_project", project=data.project.label),
        header_right=text("report_printed_on", date=lb.long_day(data.issued_on)),
        footer_left=text("report_notice_footer"),
        footer_right=text("report_notice_no_personal"),
        landscape=True,
    )
    width = frame_width(info)
    s = styles()
    story: list[Flowable] = [
        title(data.title or text("report_notice_title", project=project_name)),
        Spacer(1, 2 * mm),
        para(data.preamble or text("report_notice_preamble", project=project_name), s.prose),
    ]
    period = ""
    if data.period_start and data.period_end:
        period = text(
            "report_notice_period",
            start=lb.long_day(data.period_start),
            end=lb.long_day(data.period_end),
        )
    supervision = data.supervision or text("report_notice_supervision_default")
    total = data.total_compensation
    story += [
        para(period + supervision, s.prose),
        para(
            text(
                "report_notice_summary",
                households=len(data.rows),
                signed=data.signed,
                area=numbers.area(data.total_measured_area),
                amount=numbers.yuan(total),
                capital=numbers.capital_yuan(total, prefix="人民币"),
            ),
            s.prose,
        ),
        Spacer(1, 2 * mm),
        _table(data, width),
        Spacer(1, 6 * mm),
    ]
    right = ParagraphStyle("notice-sign", parent=s.body, alignment=TA_RIGHT)
    story.append(
        KeepTogether(
            [
                para(data.issuer, right),
                para(lb.long_day(data.issued_on), right),
            ]
        )
    )
    return render(story, out, info)


def _table(data: PublicNotice, width: float) -> Flowable:
    """One row per household in the order given (services sort addresses naturally), then the
    totals. Figures and dates are sized to fit; names, addresses and resettlement share the
    rest by their content."""
    columns = [
        Column(text("report_seq"), align="center", nowrap=True),
        Column(text("report_notice_name"), 24, "center"),
        Column(lb.of(H, "address"), 50),
        Column(lb.of(H, "registered_area"), align="right", nowrap=True),
        Column(lb.of(H, "measured_area"), align="right", nowrap=True),
        Column(lb.of(H, "compensation_mode"), 12, "center"),
        Column(lb.of(H, "compensation_amount"), align="right", nowrap=True),
        Column(text("report_notice_resettlement"), 40),
        Column(lb.of(H, "signed_on"), align="center", nowrap=True),
    ]
    rows: list[list[str]] = []
    for i, row in enumerate(data.rows, start=1):
        name = masking.name(row.head_name) if data.mask_names else row.head_name
        rows.append(
            [
                str(i),
                name,
                row.address,
                numbers.area(row.registered_area, blank=""),
                numbers.area(row.measured_area, blank=""),
                lb.choice(H, "compensation_mode", row.compensation_mode),
                numbers.yuan(row.compensation_amount, blank=""),
                row.resettlement,
                lb.day(row.signed_on),
            ]
        )
    registered = sum(row.registered_area or 0.0 for row in data.rows)
    rows.append(
        [
            "",
            text("report_total"),
            "",
            numbers.area(registered),
            numbers.area(data.total_measured_area),
            "",
            numbers.yuan(data.total_compensation),
            "",
            "",
        ]
    )
    bold = [False] * (len(rows) - 1) + [True]
    fills = [None] * (len(rows) - 1) + [TOTAL_FILL]
    return records_table(columns, rows, width, fills=fills, bold=bold)
