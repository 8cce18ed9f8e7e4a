"""入户走访记录表: the one-page visit record, filled in from a visit or printed blank for the
caseworker to fill in by hand at the door; signed by the caseworkers and the resident.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from domain import choices as c
from domain import records as r
from reports import labels as lb
from reports import masking
from reports.layout import (
    Field,
    Output,
    PageInfo,
    form_table,
    frame_width,
    para,
    render,
    signature_row,
    styles,
    text,
    title,
)
from reports.model import VisitSheet

V = r.VISIT
H = r.HOUSEHOLD
CHECKED, UNCHECKED = "■", "□"


def build_visit_sheet(data: VisitSheet, out: Output, *, masked: bool = True) -> int:
    """Write the visit record sheet (blank where `data` has no visit); return the page count."""
    project = data.project
    hh = data.household
    visit = data.visit
    info = PageInfo(
        title=text("report_visit_title"),
        header_left=text("report_header_project", project=project.label) if project else "",
        header_right=text("report_printed_on", date=lb.long_day(data.generated_on)),
        footer_left=text("report_visit_footer"),
        footer_right=text("report_masked_note" if masked else "report_unmasked_note"),
    )
    width = frame_width(info)
    address = ""
    if hh:
        address = hh.address
        if hh.location_missing_from_address:
            address = f"{address}（{hh.location}）"
    if visit:
        when = lb.long_day(visit.visited_on)
        next_due = lb.long_day(visit.next_visit_due) or ""
        attachments = text("report_visit_attachments_n", count=visit.attachment_count)
    else:
        when = text("report_visit_time_blank")
        next_due = text("report_visit_next_blank")
        attachments = text("report_visit_attachments")
    items = [
        Field(r.PROJECT.zh, project.label if project else "", wide=True),
        Field(lb.of(H, "address"), address, wide=True),
        Field(lb.of(H, "head_name"), hh.head_name if hh else ""),
        Field(lb.of(H, "phone"), masking.phone(hh.phone, masked=masked) if hh else ""),
        Field(text("report_visit_time"), when),
        Field(lb.of(H, "state"), lb.state(hh.state) if hh else ""),
        Field(lb.of(V, "caseworkers"), visit.caseworkers if visit else ""),
        Field(lb.of(V, "people_met"), visit.people_met if visit else ""),
        Field(lb.of(V, "explained"), visit.explained if visit else "", wide=True, height=44 * mm),
        Field(lb.of(V, "concerns"), visit.concerns if visit else "", wide=True, height=44 * mm),
        Field(lb.of(V, "attitude"), _attitude_boxes(visit.attitude if visit else None), wide=True),
        Field(lb.of(V, "next_step"), visit.next_step if visit else "", wide=True, height=22 * mm),
        Field(lb.of(V, "next_visit_due"), next_due),
        Field(r.ATTACHMENT.zh, attachments),
    ]
    s = styles()
    story: list[Flowable] = [
        title(text("report_visit_title")),
        Spacer(1, 3 * mm),
        form_table(items, width, row_height=8 * mm),
        Spacer(1, 5 * mm),
        signature_row([text("report_sign_caseworker")], width),
        Spacer(1, 6 * mm),
        para(text("report_visit_resident_statement"), s.body),
        signature_row([text("report_sign_resident")], width),
    ]
    return render(story, out, info)


def _attitude_boxes(code: str | None) -> str:
    """□同意　■观望　□反对: the choice marked with a filled box, so it reads without colour."""
    return "　　".join(
        f"{CHECKED if choice.code == code else UNCHECKED} {choice.zh}" for choice in c.ATTITUDES
    )
