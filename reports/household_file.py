"""一户一档: the archive file of one household (Art.29 of the regulation).

IDs and phone numbers are masked unless the caller asks otherwise; whoever passes masked=False
is expected to have logged the reveal (services do that).
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from domain import records as r
from domain.ids import short_id
from reports import labels as lb
from reports import masking, numbers
from reports.layout import (
    ALERT_FILL,
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
from reports.model import HouseholdFile, HouseholdInfo, Request

H = r.HOUSEHOLD


def build_household_file(data: HouseholdFile, out: Output, *, masked: bool = True) -> int:
    """Write the household's file as a PDF; return the number of pages."""
    info = PageInfo(
        title=text("report_household_title") + " " + data.household.head_name,
        header_left=text("report_header_project", project=data.project.label),
        header_right=text("report_printed_on", date=lb.long_day(data.generated_on)),
        footer_left=text("report_household_footer"),
        footer_right=text("report_masked_note" if masked else "report_unmasked_note"),
    )
    width = frame_width(info)
    hh = data.household
    story: list[Flowable] = [
        title(text("report_household_title")),
        para(
            text("report_household_subtitle", number=_file_number(hh), head=hh.head_name),
            styles().subtitle,
        ),
        *section(text("report_h_basic")),
        _basic(data, width, masked),
        *_part("report_h_members", _members(data, width, masked)),
        *section(text("report_h_compensation")),
        *_compensation(data, width),
        *_part("report_h_history", _history(data, width)),
        *_part("report_h_visits", _visits(data, width)),
        *_part("report_h_requests", _requests(data, width)),
        *_part("report_h_attachments", _attachments(data, width)),
        KeepTogether(
            [
                para(text("report_h_archive"), styles().section, bold=True),
                para(text("report_archive_statement"), styles().prose),
                Spacer(1, 4 * mm),
                signature_row([text("report_sign_handler"), text("report_sign_reviewer")], width),
            ]
        ),
    ]
    return render(story, out, info)


def _file_number(hh: HouseholdInfo) -> str:
    return short_id(hh.id).upper() if hh.id else "—"


class _None(Paragraph):  # type: ignore[misc]
    """The "（无）" line of an empty part."""


def _none() -> Flowable:
    return _None(text("report_none"), styles().body)


def _part(heading: str, content: Flowable) -> list[Flowable]:
    """A numbered part; an empty one needs little room, so it does not force a new page."""
    room = 15 * mm if isinstance(content, _None) else 35 * mm
    return [*section(text(heading), room=room), content]


def _basic(data: HouseholdFile, width: float, masked: bool) -> Flowable:
    hh = data.household
    address = hh.address
    if hh.location_missing_from_address:
        address = f"{address}（{hh.location}）"
    items = [
        Field(r.PROJECT.zh, data.project.label, wide=True),
        Field(
            f"{lb.of(H, 'district')}/{lb.of(H, 'sub_district')}",
            " ".join(
                x
                for x in (
                    hh.district or data.project.district,
                    hh.sub_district or data.project.sub_district,
                )
                if x
            ),
        ),
        Field(lb.of(H, "caseworker"), hh.caseworker),
        Field(lb.of(H, "address"), address, wide=True),
        Field(lb.of(H, "head_name"), hh.head_name),
        Field(lb.of(H, "head_id_number"), masking.id_number(hh.head_id_number, masked=masked)),
        Field(lb.of(H, "phone"), masking.phone(hh.phone, masked=masked)),
        Field(lb.of(H, "state"), lb.state(hh.state)),
    ]
    if hh.enterprise_name or hh.uscc:
        items += [
            Field(lb.of(H, "enterprise_name"), hh.enterprise_name),
            Field(lb.of(H, "uscc"), hh.uscc),
        ]
    items += [
        Field(lb.of(H, "registered_area"), numbers.area(hh.registered_area, blank="")),
        Field(lb.of(H, "measured_area"), numbers.area(hh.measured_area, blank="")),
        Field(lb.of(H, "approved_use"), hh.approved_use),
        Field(lb.of(H, "actual_use"), hh.actual_use),
        Field(lb.of(H, "ownership_dispute"), lb.yes_no(hh.ownership_dispute)),
        Field(lb.of(H, "area_dispute"), lb.yes_no(hh.area_dispute)),
        Field(lb.of(H, "attitude"), lb.choice(H, "attitude", hh.attitude)),
        Field(
            lb.of(H, "compensation_mode"), lb.choice(H, "compensation_mode", hh.compensation_mode)
        ),
    ]
    if hh.risk_flags:
        items.append(Field(lb.of(H, "risk_flags"), hh.risk_flags, wide=True))
    if hh.notes:
        items.append(Field(lb.of(H, "notes"), hh.notes, wide=True))
    return form_table(items, width)


def _members(data: HouseholdFile, width: float, masked: bool) -> Flowable:
    if not data.members:
        return _none()
    m = r.MEMBER
    header = [
        head(text("report_seq")),
        head(lb.of(m, "name")),
        head(lb.of(m, "relation")),
        head(lb.of(m, "id_number")),
        head(lb.of(m, "phone")),
        head(lb.of(m, "ownership_role")),
        head(lb.of(m, "share_pct")),
        head(lb.of(m, "special_groups")),
    ]
    rows = [header]
    for i, member in enumerate(data.members, start=1):
        rows.append(
            [
                cell(i, "center"),
                cell(member.name, "center"),
                cell(member.relation, "center"),
                cell(masking.id_number(member.id_number, masked=masked), "center"),
                cell(masking.phone(member.phone, masked=masked), "center"),
                cell(lb.choice(m, "ownership_role", member.ownership_role), "center"),
                cell("" if member.share_pct is None else f"{member.share_pct:g}", "center"),
                cell(lb.choice_list(m, "special_groups", member.special_groups), "center"),
            ]
        )
    return grid_table(rows, scale_widths([9, 17, 20, 38, 27, 17, 21, 21], width))


def _compensation(data: HouseholdFile, width: float) -> list[Flowable]:
    hh = data.household
    amount = hh.compensation_amount
    paid = hh.compensation_paid
    unpaid = None if amount is None else max(0.0, amount - (paid or 0.0))
    items = [
        Field(
            lb.of(H, "compensation_mode"), lb.choice(H, "compensation_mode", hh.compensation_mode)
        ),
        Field(lb.of(H, "valued_on"), lb.day(hh.valued_on)),
        Field(lb.of(H, "compensation_amount"), numbers.yuan(amount, blank="")),
        Field(lb.of(H, "signed_on"), lb.day(hh.signed_on)),
    ]
    if amount is not None:
        items.append(
            Field(
                text("report_capital_label"),
                numbers.capital_yuan(amount, prefix="人民币"),
                wide=True,
            )
        )
    items += [
        Field(lb.of(H, "compensation_paid"), numbers.yuan(paid, blank="")),
        Field(text("report_unpaid"), numbers.yuan(unpaid, blank="")),
        Field(lb.of(H, "vacated_on"), lb.day(hh.vacated_on)),
        Field(lb.of(H, "handed_over_on"), lb.day(hh.handed_over_on)),
        Field(lb.of(H, "demolished_on"), lb.day(hh.demolished_on)),
        Field(lb.of(H, "housed_on"), lb.day(hh.housed_on)),
    ]
    out: list[Flowable] = [form_table(items, width)]
    s = styles()
    if data.flats:
        f = r.FLAT
        rows = [
            [
                head(text("report_seq")),
                head(text("report_flat")),
                head(lb.of(f, "floor")),
                head(lb.of(f, "area")),
                head(lb.of(f, "layout")),
                head(lb.of(f, "delivery_date")),
                head(lb.of(f, "state")),
            ]
        ]
        for i, flat in enumerate(data.flats, start=1):
            rows.append(
                [
                    cell(i, "center"),
                    cell(flat.label),
                    cell(flat.floor if flat.floor is not None else "", "center"),
                    cell(numbers.area(flat.area, blank=""), "right"),
                    cell(flat.layout, "center"),
                    cell(lb.day(flat.delivery_date), "center"),
                    cell(lb.choice(f, "state", flat.state), "center"),
                ]
            )
        out += [
            para(text("report_flats"), s.subsection, bold=True),
            grid_table(rows, scale_widths([9, 68, 13, 20, 20, 24, 18], width)),
        ]
    if data.tickets:
        t = r.HOUSE_TICKET
        rows = [
            [
                head(lb.of(t, "number")),
                head(lb.of(t, "face_amount")),
                head(lb.of(t, "issued_on")),
                head(lb.of(t, "valid_until")),
                head(lb.of(t, "transferable")),
                head(lb.of(t, "state")),
                head(text("report_ticket_balance")),
            ]
        ]
        uses = [
            [
                head(lb.of(t, "number")),
                head(lb.of(r.TICKET_USE, "kind")),
                head(lb.of(r.TICKET_USE, "development")),
                head(lb.of(r.TICKET_USE, "contract_number")),
                head(lb.of(r.TICKET_USE, "amount")),
                head(lb.of(r.TICKET_USE, "bonus_amount")),
                head(lb.of(r.TICKET_USE, "used_on")),
            ]
        ]
        for ticket in data.tickets:
            rows.append(
                [
                    cell(ticket.number, "center"),
                    cell(numbers.yuan(ticket.face_amount), "right"),
                    cell(lb.day(ticket.issued_on), "center"),
                    cell(lb.day(ticket.valid_until), "center"),
                    cell(lb.yes_no(ticket.transferable), "center"),
                    cell(lb.choice(t, "state", ticket.state), "center"),
                    cell(numbers.yuan(ticket.balance), "right"),
                ]
            )
            for use in ticket.uses:
                uses.append(
                    [
                        cell(ticket.number, "center"),
                        cell(lb.choice(r.TICKET_USE, "kind", use.kind), "center"),
                        cell(use.development),
                        cell(use.contract_number, "center"),
                        cell(numbers.yuan(use.amount), "right"),
                        cell(numbers.yuan(use.bonus_amount, blank=""), "right"),
                        cell(lb.day(use.used_on), "center"),
                    ]
                )
        out += [
            para(text("report_tickets"), s.subsection, bold=True),
            grid_table(rows, scale_widths([30, 28, 22, 22, 16, 18, 28], width)),
        ]
        if len(uses) > 1:
            out += [
                para(text("report_ticket_uses"), s.subsection, bold=True),
                grid_table(uses, scale_widths([27, 18, 35, 24, 24, 22, 20], width)),
            ]
    return out


def _history(data: HouseholdFile, width: float) -> Flowable:
    if not data.state_history:
        return _none()
    rows = [
        [
            head(text("report_seq")),
            head(text("report_history_when")),
            head(text("report_history_who")),
            head(text("report_history_old")),
            head(text("report_history_new")),
            head(text("report_history_note")),
        ]
    ]
    for i, change in enumerate(data.state_history, start=1):
        rows.append(
            [
                cell(i, "center"),
                cell(lb.moment(change.when), "center"),
                cell(change.who, "center"),
                cell(lb.state(change.old) or "—", "center"),
                cell(lb.state(change.new), "center"),
                cell(change.note),
            ]
        )
    return grid_table(rows, scale_widths([10, 30, 20, 26, 26, 62], width))


def _visits(data: HouseholdFile, width: float) -> Flowable:
    if not data.visits:
        return _none()
    v = r.VISIT
    rows = [
        [
            head(lb.of(v, "visited_on")),
            head(lb.of(v, "caseworkers")),
            head(lb.of(v, "people_met")),
            head(text("report_visit_content")),
            head(lb.of(v, "attitude")),
            head(lb.of(v, "next_step")),
        ]
    ]
    for visit in data.visits:
        content = visit.explained
        if visit.concerns:
            content = f"{content}\n{lb.of(v, 'concerns')}：{visit.concerns}".strip()
        step = visit.next_step
        if visit.next_visit_due:
            step = f"{step}\n{lb.of(v, 'next_visit_due')}：{lb.day(visit.next_visit_due)}".strip()
        rows.append(
            [
                cell(lb.day(visit.visited_on), "center"),
                cell(visit.caseworkers, "center"),
                cell(visit.people_met, "center"),
                cell(content),
                cell(lb.choice(v, "attitude", visit.attitude), "center"),
                cell(step),
            ]
        )
    return grid_table(rows, scale_widths([19, 22, 17, 58, 11, 47], width))


def _requests(data: HouseholdFile, width: float) -> Flowable:
    if not data.requests:
        return _none()
    q = r.REQUEST
    rows = [
        [
            head(lb.of(q, "received_on")),
            head(lb.of(q, "channel")),
            head(lb.of(q, "category")),
            head(lb.of(q, "summary")),
            head(lb.of(q, "deadline")),
            head(lb.of(q, "status")),
            head(lb.of(q, "closed_on")),
        ]
    ]
    extra = []
    for i, request in enumerate(data.requests, start=1):
        rows.append(
            [
                cell(lb.day(request.received_on), "center"),
                cell(lb.choice(q, "channel", request.channel), "center"),
                cell(lb.category(request.category), "center"),
                cell(_request_detail(request)),
                cell(lb.day(request.deadline), "center"),
                cell(
                    lb.request_status(request, data.generated_on),
                    "center",
                    bold=request.is_overdue(data.generated_on),
                ),
                cell(lb.day(request.closed_on), "center"),
            ]
        )
        if request.is_overdue(data.generated_on):
            extra.append(("BACKGROUND", (0, i), (-1, i), ALERT_FILL))
    return grid_table(rows, scale_widths([21, 18, 18, 56, 21, 23, 21], width), extra=extra)


def _request_detail(request: Request) -> str:
    q = r.REQUEST
    lines = [request.summary]
    for entry in request.progress:
        lines.append(f"· {lb.day(entry.noted_on)} {entry.text}")
    if request.reply:
        lines.append(f"{lb.of(q, 'reply')}：{request.reply}")
    if request.satisfaction:
        lines.append(
            f"{lb.of(q, 'satisfaction')}：{lb.choice(q, 'satisfaction', request.satisfaction)}"
        )
    return "\n".join(lines)


def _attachments(data: HouseholdFile, width: float) -> Flowable:
    if not data.attachments:
        return _none()
    a = r.ATTACHMENT
    rows = [
        [
            head(text("report_seq")),
            head(lb.of(a, "name")),
            head(lb.of(a, "mime")),
            head(lb.of(a, "size")),
            head(text("report_attachment_of")),
            head(text("report_attachment_hash")),
        ]
    ]
    for i, attachment in enumerate(data.attachments, start=1):
        owner = (
            r.ENTITIES[attachment.record_entity].zh
            if (attachment.record_entity in r.ENTITIES)
            else attachment.record_entity
        )
        rows.append(
            [
                cell(i, "center"),
                cell(attachment.name),
                cell(attachment.mime, "center"),
                cell(lb.file_size(attachment.size), "right"),
                cell(owner, "center"),
                cell(attachment.sha256[:16], "center"),
            ]
        )
    return grid_table(rows, scale_widths([10, 56, 26, 18, 20, 44], width))
