"""诉求台账: the register of residents' requests, landscape, with closure figures on top.

Overdue requests stand out three ways: a "▲超期N天" mark in the status column, bold text, and
a tinted row, so the mark survives black-and-white printing and colour blindness.
"""

from __future__ import annotations

from collections.abc import Iterator

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from domain import choices as c
from domain import records as r
from domain.i18n import heading
from domain.ids import short_id
from reports import labels as lb
from reports import numbers
from reports.grid import (
    HEAD,
    GridCell,
    GridRow,
    LongTable,
    column_width,
    column_widths,
    header_row,
    heading_room,
    word_room,
)
from reports.layout import (
    ALERT_FILL,
    HEAD_FILL,
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
    signature_row,
    styles,
    text,
    title,
)
from reports.model import Request, RequestRegister

Q = r.REQUEST


def build_request_register(data: RequestRegister, out: Output, *, masked: bool = True) -> int:
    """Write the register; return the page count.

    The register carries no ID or phone numbers, so `masked` changes nothing today; it is
    accepted so every builder is called the same way.
    """
    del masked  # nothing sensitive is printed
    info = PageInfo(
        title=text("report_register_title"),
        header_left=text("report_header_project", project=data.project.label)
        if data.project
        else data.scope_label,
        header_right=text("report_printed_on", date=lb.long_day(data.as_of)),
        footer_left=text("report_register_footer"),
        landscape=True,
    )
    width = frame_width(info)
    s = styles()
    story: list[Flowable] = [
        title(text("report_register_title")),
        para(
            text("report_register_scope", scope=data.scope_label, as_of=lb.long_day(data.as_of)),
            s.subtitle,
        ),
    ]
    if data.filters:
        story.append(para(text("report_register_filters", filters=data.filters), s.note))
    story += [
        Spacer(1, 2 * mm),
        para(
            text(
                "report_register_summary",
                received=data.received,
                closed=data.closed,
                on_time=data.closed_on_time,
                rate=numbers.percent(data.closed, data.received),
                escalated=data.escalated,
                overdue=data.overdue,
            ),
            s.body,
            bold=True,
        ),
        Spacer(1, 2 * mm),
        _category_table(data, width),
        Spacer(1, 1.5 * mm),
        para(text("report_register_legend"), s.note),
        Spacer(1, 3 * mm),
    ]
    if data.rows:
        story.append(_rows(data, width))
    else:
        story.append(para(text("report_register_empty"), s.body))
    story += [
        Spacer(1, 8 * mm),
        KeepTogether(
            signature_row([text("report_sign_compiler_short"), text("report_sign_reviewer")], width)
        ),
    ]
    return render(story, out, info)


def _category_table(data: RequestRegister, width: float) -> Flowable:
    counts = data.by_category()
    header = [head(text("report_category"))] + [head(lb.category(c.category)) for c in counts]
    header.append(head(text("report_total")))

    def line(name: str, values: list[str], total: str) -> list[Flowable]:
        return (
            [head(name)] + [cell(v, "center") for v in values] + [cell(total, "center", bold=True)]
        )

    rows = [
        header,
        line(text("report_received"), [str(c.received) for c in counts], str(data.received)),
        line(text("report_closed"), [str(c.closed) for c in counts], str(data.closed)),
        line(text("report_overdue"), [str(c.overdue) for c in counts], str(data.overdue)),
        line(
            text("report_closure_rate"),
            [numbers.percent(c.closed, c.received) for c in counts],
            numbers.percent(data.closed, data.received),
        ),
    ]
    widths = scale_widths([1.3] + [1.0] * len(counts) + [1.0], width)
    return grid_table(
        rows,
        widths,
        extra=[
            ("BACKGROUND", (0, 1), (0, -1), TOTAL_FILL),
            ("BACKGROUND", (-1, 1), (-1, -1), TOTAL_FILL),
        ],
    )


def _rows(data: RequestRegister, width: float) -> Flowable:
    """The register's rows, streamed: each page lays out only its own rows."""
    labels = [
        text("report_seq"),
        text("report_request_number"),
        lb.of(Q, "received_on"),
        text("report_household_or_project"),
        lb.of(Q, "channel"),
        lb.of(Q, "category"),
        lb.of(Q, "summary"),
        lb.of(Q, "reasonable"),
        lb.of(Q, "responsible"),
        lb.of(Q, "deadline"),
        lb.of(Q, "status"),
        lb.of(Q, "closed_on"),
        lb.of(Q, "satisfaction"),
    ]
    requests = data.rows
    days = [
        lb.day(value)
        for req in requests
        for value in (req.received_on, req.deadline, req.closed_on)
    ]
    fixed = {
        0: column_width([str(len(requests)), "99"]),
        1: column_width([_number(req) for req in requests]),
        2: column_width(days),
        9: column_width(days),
        10: column_width([lb.request_status(req, data.as_of) for req in requests]),
        11: column_width(days),
    }
    fixed = {i: max(w, heading_room(labels[i])) for i, w in fixed.items()}

    # A wrapping column of words (channel, category, …) keeps its widest word whole, in its
    # heading and in its cells (English "Reasonableness" broke into "Rea/son/able/ness").
    def choices(name: str) -> list[str]:
        options = Q.field(name).options
        return [lb.choice(Q, name, o.code) for o in options] if options is not None else []

    words = {
        4: choices("channel"),
        5: [lb.category(code) for code in (o.code for o in c.REQUEST_CATEGORIES)],
        7: choices("reasonable"),
        8: choices("level") + [req.responsible or "" for req in requests],
        12: choices("satisfaction"),
    }
    minimums = {
        i: max(word_room(words.get(i, [])), word_room([heading(labels[i])], HEAD, bold=True))
        for i in (3, 4, 5, 6, 7, 8, 12)
    }
    widths = column_widths(width, fixed, [0, 0, 0, 30, 13, 15, 60, 10, 20, 0, 0, 0, 12], minimums)
    header = header_row(labels, fill=HEAD_FILL)

    def rows() -> Iterator[GridRow]:
        for i, request in enumerate(requests, start=1):
            overdue = request.is_overdue(data.as_of)
            level = lb.choice(Q, "level", request.level)
            responsible = "\n".join(x for x in (level, request.responsible) if x)
            yield GridRow(
                [
                    GridCell(str(i), "center", bold=overdue, nowrap=True),
                    GridCell(_number(request), "center", nowrap=True),
                    GridCell(lb.day(request.received_on), "center", nowrap=True),
                    GridCell(request.household_label or text("report_project_wide")),
                    GridCell(lb.choice(Q, "channel", request.channel), "center"),
                    GridCell(lb.category(request.category), "center"),
                    GridCell(request.summary),
                    GridCell(lb.choice(Q, "reasonable", request.reasonable), "center"),
                    GridCell(responsible, "center", names=True),
                    GridCell(lb.day(request.deadline), "center", nowrap=True),
                    GridCell(
                        lb.request_status(request, data.as_of), "center", bold=overdue, nowrap=True
                    ),
                    GridCell(lb.day(request.closed_on), "center", nowrap=True),
                    GridCell(lb.choice(Q, "satisfaction", request.satisfaction), "center"),
                ],
                fill=ALERT_FILL if overdue else None,
            )

    return LongTable([header], rows(), widths)


def _number(request: Request) -> str:
    return short_id(request.id).upper() if request.id else ""
