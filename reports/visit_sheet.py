"""入户走访记录表: the one-page visit record, filled in from a visit or printed blank for the
caseworker to fill in by hand at the door; signed by the caseworkers and the resident.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer

from domain import choices as c
from domain import records as r
from domain.ids import short_id
from reports import fonts, masking
from reports import labels as lb
from reports.layout import (
    Field,
    GridCell,
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
        Field(r.PROJECT.zh, project.label if project else ""),
        Field(
            text("report_visit_record_number"),
            short_id(visit.id).upper() if visit and visit.id else "",
        ),
        Field(lb.of(H, "address"), address, wide=True),
        Field(lb.of(H, "head_name"), hh.head_name if hh else ""),
        Field(lb.of(H, "phone"), masking.phone(hh.phone, masked=masked) if hh else ""),
        Field(text("report_visit_time"), when),
        Field(lb.of(H, "state"), lb.state(hh.state) if hh else ""),
        # Lists of names break only after 、 (never inside a name).
        Field(lb.of(V, "caseworkers"), GridCell(visit.caseworkers if visit else "", names=True)),
        Field(lb.of(V, "people_met"), GridCell(visit.people_met if visit else "", names=True)),
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
        # The signatures and the resident's statement stay on one page.
        KeepTogether(
            [
                signature_row([text("report_sign_caseworker")], width),
                Spacer(1, 6 * mm),
                para(text("report_visit_resident_statement"), s.body),
                signature_row([text("report_sign_resident")], width),
            ]
        ),
    ]
    return render(story, out, info)


def _attitude_boxes(code: str | None) -> Flowable:
    """□同意　☑观望　□反对: boxes big enough to tick by hand, the choice marked with a drawn
    tick, so it reads without colour."""
    return TickBoxes([(choice.zh, choice.code == code) for choice in c.ATTITUDES])


class TickBoxes(Flowable):  # type: ignore[misc]
    """Options side by side, each a square box of BOX mm (ticked or empty) and its label."""

    BOX = 4 * mm

    def __init__(self, options: list[tuple[str, bool]]) -> None:
        super().__init__()
        self.options = options
        self.size = styles().body.fontSize

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, self.BOX + 2
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        font = fonts.body_font()
        x = 0.0
        canv.saveState()
        canv.setLineWidth(0.8)
        for label, ticked in self.options:
            canv.rect(x, 1, self.BOX, self.BOX, stroke=1, fill=0)
            if ticked:
                b = self.BOX
                canv.setLineWidth(1.4)
                path = canv.beginPath()
                path.moveTo(x + 0.2 * b, 1 + 0.5 * b)
                path.lineTo(x + 0.42 * b, 1 + 0.22 * b)
                path.lineTo(x + 0.85 * b, 1 + 0.85 * b)
                canv.drawPath(path, stroke=1, fill=0)
                canv.setLineWidth(0.8)
            baseline = 1 + (self.BOX - self.size * 0.8) / 2
            # The state as invisible text too (■ ticked, □ not): copy, search and screen
            # readers see what the drawing shows.
            marker = canv.beginText(x, baseline)
            marker.setTextRenderMode(3)
            marker.setFont(font, self.size)
            marker.textOut(fonts.safe_text("■ " if ticked else "□ ", font))
            marker.setTextRenderMode(0)  # the mode outlives the text object: the label shows
            canv.drawText(marker)
            canv.setFont(font, self.size)
            canv.drawString(x + self.BOX + 1.5 * mm, baseline, label)
            x += self.BOX + 1.5 * mm + stringWidth(label, font, self.size) + 8 * mm
        canv.restoreState()
