"""一户一档: the archive file of one household (Art.29 of the regulation), in the document's
language (reports.language: Chinese unless the service asks for the interface's English).

IDs and phone numbers are masked unless the caller asks otherwise; whoever passes masked=False
is expected to have logged the reveal (services do that).
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from domain import records as r
from domain.choices import RELATION_WORDS, USE_WORDS
from domain.i18n import heading
from domain.ids import short_id
from reports import labels as lb
from reports import language as document_language
from reports import masking, numbers
from reports.layout import (
    ALERT_FILL,
    Column,
    Field,
    Output,
    PageInfo,
    form_table,
    frame_width,
    para,
    records_table,
    render,
    section,
    signature_row,
    styles,
    text,
    title,
)
from reports.model import Flat, HouseholdFile, HouseholdInfo, Request

H = r.HOUSEHOLD


def build_household_file(data: HouseholdFile, out: Output, *, masked: bool = True) -> int:
    """Write the household's file as a PDF; return the number of pages."""
    info = PageInfo(
        title=text("report_household_title") + " " + data.household.head_name,
        header_left=text("report_header_project", project=_project_label(data)),
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


def _zh() -> bool:
    return document_language.current() == "zh"


def _label_width() -> float:
    """The form's label column: English labels are longer than their Chinese ones."""
    return float(29 * mm if _zh() else 36 * mm)


def _project_label(data: HouseholdFile) -> str:
    project = data.project
    if not project.code:
        return project.name
    return text("report_bracketed", head=project.name, inner=project.code)


def _flat_label(flat: Flat) -> str:
    """新华家园 3栋2单元1201室, or in English "Xinhua Garden, building 3, unit 2, room 1201"."""
    if _zh():
        return flat.label
    parts = [flat.estate, f"building {flat.building}" if flat.building else ""]
    parts += [f"unit {flat.unit}" if flat.unit else "", f"room {flat.number}"]
    return ", ".join(part for part in parts if part.strip())


def _file_number(hh: HouseholdInfo) -> str:
    return short_id(hh.id).upper() if hh.id else "—"


class _None(Paragraph):  # type: ignore[misc]
    """The "（无）" line of an empty part."""


def _none() -> Flowable:
    return _None(text("report_none"), styles().body)


def _part(title: str, content: Flowable) -> list[Flowable]:
    """A numbered part; an empty one needs little room, so it does not force a new page."""
    room = 15 * mm if isinstance(content, _None) else 35 * mm
    return [*section(text(title), room=room), content]


def _basic(data: HouseholdFile, width: float, masked: bool) -> Flowable:
    hh = data.household
    address = hh.address
    if hh.location_missing_from_address:
        address = text("report_bracketed", head=address, inner=hh.location)
    items = [
        Field(lb.entity_label(r.PROJECT), _project_label(data), wide=True),
        Field(
            f"{lb.of(H, 'district')}{'/' if _zh() else ' / '}{lb.of(H, 'sub_district')}",
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
        Field(lb.of(H, "approved_use"), lb.usual(hh.approved_use, USE_WORDS)),
        Field(lb.of(H, "actual_use"), lb.usual(hh.actual_use, USE_WORDS)),
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
    return form_table(items, width, label_width=_label_width())


def _members(data: HouseholdFile, width: float, masked: bool) -> Flowable:
    if not data.members:
        return _none()
    m = r.MEMBER
    columns = [
        Column(text("report_seq"), align="center", nowrap=True),
        Column(lb.of(m, "name"), 17, "center"),
        Column(lb.of(m, "relation"), 14, "center"),
        Column(lb.of(m, "id_number"), align="center", nowrap=True),
        Column(lb.of(m, "phone"), align="center", nowrap=True),
        Column(lb.of(m, "ownership_role"), 14, "center"),
        Column(lb.of(m, "share_pct"), align="center", nowrap=True),
        Column(lb.of(m, "special_groups"), 21, "center", names=True),
    ]
    rows = [
        [
            str(i),
            member.name,
            lb.usual(member.relation, RELATION_WORDS),
            masking.id_number(member.id_number, masked=masked),
            masking.phone(member.phone, masked=masked),
            lb.choice(m, "ownership_role", member.ownership_role),
            "" if member.share_pct is None else f"{member.share_pct:g}",
            lb.choice_list(m, "special_groups", member.special_groups),
        ]
        for i, member in enumerate(data.members, start=1)
    ]
    return records_table(columns, rows, width)


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
    if amount is not None and _zh():
        # 大写金额: a Chinese financial form; an English file gives the amount in figures only.
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
    out: list[Flowable] = [form_table(items, width, label_width=_label_width())]
    s = styles()
    if data.flats:
        f = r.FLAT
        flat_columns = [
            Column(text("report_seq"), align="center", nowrap=True),
            Column(text("report_flat"), 68),
            Column(lb.of(f, "floor"), align="center", nowrap=True),
            Column(lb.of(f, "area"), align="right", nowrap=True),
            Column(lb.of(f, "layout"), 20, "center"),
            Column(lb.of(f, "delivery_date"), align="center", nowrap=True),
            Column(lb.of(f, "state"), 18, "center"),
        ]
        flat_rows = [
            [
                str(i),
                _flat_label(flat),
                str(flat.floor) if flat.floor is not None else "",
                numbers.area(flat.area, blank=""),
                flat.layout,
                lb.day(flat.delivery_date),
                lb.choice(f, "state", flat.state),
            ]
            for i, flat in enumerate(data.flats, start=1)
        ]
        out += [
            para(text("report_flats"), s.subsection, bold=True),
            records_table(flat_columns, flat_rows, width),
        ]
    if data.tickets:
        t = r.HOUSE_TICKET
        u = r.TICKET_USE
        ticket_columns = [
            Column(lb.of(t, "number"), align="center", nowrap=True),
            Column(lb.of(t, "face_amount"), align="right", nowrap=True),
            Column(lb.of(t, "issued_on"), align="center", nowrap=True),
            Column(lb.of(t, "valid_until"), align="center", nowrap=True),
            Column(lb.of(t, "transferable"), 16, "center"),
            Column(lb.of(t, "state"), 18, "center"),
            Column(text("report_ticket_balance"), align="right", nowrap=True),
        ]
        use_columns = [
            Column(lb.of(t, "number"), align="center", nowrap=True),
            Column(lb.of(u, "kind"), 18, "center"),
            Column(lb.of(u, "development"), 40),
            Column(lb.of(u, "contract_number"), align="center", nowrap=True),
            Column(lb.of(u, "amount"), align="right", nowrap=True),
            Column(lb.of(u, "bonus_amount"), align="right", nowrap=True),
            Column(lb.of(u, "used_on"), align="center", nowrap=True),
        ]
        ticket_rows = []
        use_rows = []
        for ticket in data.tickets:
            ticket_rows.append(
                [
                    ticket.number,
                    numbers.yuan(ticket.face_amount),
                    lb.day(ticket.issued_on),
                    lb.day(ticket.valid_until),
                    lb.yes_no(ticket.transferable),
                    lb.choice(t, "state", ticket.state),
                    numbers.yuan(ticket.balance),
                ]
            )
            for use in ticket.uses:
                use_rows.append(
                    [
                        ticket.number,
                        lb.choice(u, "kind", use.kind),
                        use.development,
                        use.contract_number,
                        numbers.yuan(use.amount),
                        numbers.yuan(use.bonus_amount, blank=""),
                        lb.day(use.used_on),
                    ]
                )
        out += [
            para(heading(text("report_tickets")), s.subsection, bold=True),
            records_table(ticket_columns, ticket_rows, width),
        ]
        if use_rows:
            out += [
                para(heading(text("report_ticket_uses")), s.subsection, bold=True),
                records_table(use_columns, use_rows, width),
            ]
    return out


def _history(data: HouseholdFile, width: float) -> Flowable:
    if not data.state_history:
        return _none()
    columns = [
        Column(text("report_seq"), align="center", nowrap=True),
        Column(text("report_history_when"), align="center", nowrap=True),
        Column(text("report_history_who"), 20, "center", names=True),
        Column(text("report_history_old"), 22, "center"),
        Column(text("report_history_new"), 22, "center"),
        Column(text("report_history_note"), 62),
    ]
    rows = [
        [
            str(i),
            lb.moment(change.when),
            change.who,
            lb.state(change.old) or "—",
            lb.state(change.new),
            change.note,
        ]
        for i, change in enumerate(data.state_history, start=1)
    ]
    return records_table(columns, rows, width)


def _visits(data: HouseholdFile, width: float) -> Flowable:
    if not data.visits:
        return _none()
    v = r.VISIT
    columns = [
        Column(lb.of(v, "visited_on"), align="center", nowrap=True),
        Column(lb.of(v, "caseworkers"), 20, "center", names=True),
        Column(lb.of(v, "people_met"), 17, "center", names=True),
        Column(text("report_visit_content"), 60),
        Column(lb.of(v, "attitude"), 10, "center"),
        Column(lb.of(v, "next_step"), 45),
    ]
    rows = []
    for visit in data.visits:
        content = visit.explained
        if visit.concerns:
            concerns = text("report_label_value", label=lb.of(v, "concerns"), value=visit.concerns)
            content = f"{content}\n{concerns}".strip()
        step = visit.next_step
        if visit.next_visit_due:
            due = text(
                "report_label_value",
                label=lb.of(v, "next_visit_due"),
                value=lb.day(visit.next_visit_due),
            )
            step = f"{step}\n{due}".strip()
        rows.append(
            [
                lb.day(visit.visited_on),
                visit.caseworkers,
                visit.people_met,
                content,
                lb.choice(v, "attitude", visit.attitude),
                step,
            ]
        )
    return records_table(columns, rows, width)


def _requests(data: HouseholdFile, width: float) -> Flowable:
    if not data.requests:
        return _none()
    q = r.REQUEST
    columns = [
        Column(lb.of(q, "received_on"), align="center", nowrap=True),
        Column(lb.of(q, "channel"), 14, "center"),
        Column(lb.of(q, "category"), 14, "center"),
        Column(lb.of(q, "summary"), 70),
        Column(lb.of(q, "deadline"), align="center", nowrap=True),
        Column(lb.of(q, "status"), align="center", nowrap=True),
        Column(lb.of(q, "closed_on"), align="center", nowrap=True),
    ]
    rows = []
    fills: list[Any] = []
    overdue: list[bool] = []
    for request in data.requests:
        late = request.is_overdue(data.generated_on)
        rows.append(
            [
                lb.day(request.received_on),
                lb.choice(q, "channel", request.channel),
                lb.category(request.category),
                _request_detail(request),
                lb.day(request.deadline),
                lb.request_status(request, data.generated_on),
                lb.day(request.closed_on),
            ]
        )
        fills.append(ALERT_FILL if late else None)
        overdue.append(late)
    return records_table(columns, rows, width, fills=fills, bold=overdue)


def _request_detail(request: Request) -> str:
    q = r.REQUEST
    lines = [request.summary]
    for entry in request.progress:
        lines.append(f"· {lb.day(entry.noted_on)} {entry.text}")
    if request.reply:
        lines.append(text("report_label_value", label=lb.of(q, "reply"), value=request.reply))
    if request.satisfaction:
        satisfaction = lb.choice(q, "satisfaction", request.satisfaction)
        lines.append(text("report_label_value", label=lb.of(q, "satisfaction"), value=satisfaction))
    return "\n".join(lines)


def _attachments(data: HouseholdFile, width: float) -> Flowable:
    if not data.attachments:
        return _none()
    a = r.ATTACHMENT
    columns = [
        Column(text("report_seq"), align="center", nowrap=True),
        Column(lb.of(a, "name"), 56),
        Column(lb.of(a, "mime"), 26, "center"),
        Column(lb.of(a, "size"), align="right", nowrap=True),
        Column(text("report_attachment_of"), 16, "center"),
        Column(text("report_attachment_hash"), align="center", nowrap=True),
    ]
    rows = []
    for i, attachment in enumerate(data.attachments, start=1):
        owner = (
            lb.entity_label(r.ENTITIES[attachment.record_entity])
            if (attachment.record_entity in r.ENTITIES)
            else attachment.record_entity
        )
        rows.append(
            [
                str(i),
                attachment.name,
                attachment.mime,
                lb.file_size(attachment.size),
                owner,
                attachment.sha256[:16],
            ]
        )
    return records_table(columns, rows, width)
