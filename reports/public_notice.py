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
    Output,
    PageInfo,
    cell,
    frame_width,
    grid_table,
    head,
    para,
    render,
    scale_widths,
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
    header = [
        head(text("report_seq")),
        head(text("report_notice_name")),
        head(lb.of(H, "address")),
        head(lb.of(H, "registered_area")),
        head(lb.of(H, "measured_area")),
        head(lb.of(H, "compensation_mode")),
        head(lb.of(H, "compensation_amount")),
        head(text("report_notice_resettlement")),
        head(lb.of(H, "signed_on")),
    ]
    rows: list[list[Flowable]] = [header]
    for i, row in enumerate(data.rows, start=1):
        name = masking.name(row.head_name) if data.mask_names else row.head_name
        rows.append(
            [
                cell(i, "center"),
                cell(name, "center"),
                cell(row.address),
                cell(numbers.area(row.registered_area, blank=""), "right"),
                cell(numbers.area(row.measured_area, blank=""), "right"),
                cell(lb.choice(H, "compensation_mode", row.compensation_mode), "center"),
                cell(numbers.yuan(row.compensation_amount, blank=""), "right"),
                cell(row.resettlement),
                cell(lb.day(row.signed_on), "center"),
            ]
        )
    registered = sum(row.registered_area or 0.0 for row in data.rows)
    rows.append(
        [
            cell(text("report_total"), "center", bold=True),
            "",
            "",
            cell(numbers.area(registered), "right", bold=True),
            cell(numbers.area(data.total_measured_area), "right", bold=True),
            "",
            cell(numbers.yuan(data.total_compensation), "right", bold=True),
            "",
            "",
        ]
    )
    last = len(rows) - 1
    return grid_table(
        rows,
        scale_widths([11, 20, 64, 18, 18, 17, 25, 64, 19], width),
        extra=[
            ("SPAN", (0, last), (2, last)),
            ("BACKGROUND", (0, last), (-1, last), TOTAL_FILL),
        ],
    )
