"""Making a document: what to print (DocumentSpec), building its data (services.report_data),
writing the PDF with the reports/ builder, and the audit event that says who produced which
document and whether it showed ID and phone numbers in full (PIPL, shared/design/domain.md).

    spec = DocumentSpec("household", household_id=hid, full_ids=True)
    done = generate(ws, spec, Path("一户一档.pdf"))          # logs an "export" event
    record_use(ws, done, "print")                             # the GUI printed that file
    shown = preview(ws, spec)                                 # in memory: shown.content
    save_copy(ws, shown, Path("D:/一户一档.pdf"))              # the person saves it: "export"

A preview is never written to a file (docs/security.md: nothing personal in plaintext on the
disk but what a person saves or prints on purpose): the PDF is built into memory and the GUI
shows, prints and saves it from there.

Events: "export" when a document is written to a file a person chose, "print" when it is sent
to a printer, "reveal" when an in-app preview shows numbers in full. A masked preview is not
logged: it shows nothing the screens do not already show.

The three free-text sections of the weekly report are kept in the database per week and scope
(services.weekly_texts), so the GUI and the CLI find what was typed last time, and they sync.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import os
import re
import secrets
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from domain.errors import Label, UserError, text
from domain.i18n import LANGUAGES
from domain.ids import short_id
from reports import numbers
from services import building_grid, weekly_texts
from services import report_data as rd
from services.figures import Scope
from services.workspace import Workspace
from storage.atomic import discard, exists

KINDS = ("household", "visit", "visit_blank", "requests", "weekly", "notice", "grid")
# Documents that can carry ID and phone numbers; the others never print them.
PERSONAL_KINDS = ("household", "visit", "visit_blank")
ACTIONS = ("export", "print", "preview")
_MAX_EVENT_ID = 64  # sync refuses longer entity ids


@dataclass(frozen=True)
class DocumentSpec:
    """One document to make. Which fields matter depends on `kind`:

    household   household_id                    (full_ids: print numbers in full, logged)
    visit       visit_id
    visit_blank household_id or project_id, or neither (an empty form)
    requests    register (filters; all requests when None)
    weekly      scope, week, texts (with_grid: the projects' building grids appended)
    notice      project_id (signed_only: only households that signed)
    grid        project_id (the building grid, 楼盘表)
    """

    kind: str
    household_id: str | None = None
    visit_id: str | None = None
    project_id: str | None = None
    register: rd.RegisterFilter | None = None
    scope: Scope | None = None
    week: str | None = None
    texts: rd.WeeklyTexts = field(default_factory=rd.WeeklyTexts)
    full_ids: bool = False
    signed_only: bool = False
    confirm_empty: bool = False  # notice: make it even with 0 signed households or 0.00 yuan
    with_grid: bool = False  # weekly: append the projects' building grids
    # The household file follows the interface language; the other documents are Chinese forms.
    language: str = "zh"

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise UserError("doc_unknown_kind", kind=self.kind, kinds="、".join(KINDS))

    @property
    def shows_full_ids(self) -> bool:
        return self.full_ids and self.kind in PERSONAL_KINDS


@dataclass(frozen=True)
class Generated:
    """A document written to `path`, or held in memory (`content`) for a preview; `path` is
    then only the name a saved copy would get."""

    kind: str
    path: Path
    pages: int
    title: str  # e.g. "一户一档 章金伟"
    full_ids: bool
    target_entity: str  # what the audit event names: household, visit, project or document
    target_id: str
    details: dict[str, Any]  # what the audit event records besides the action
    seconds: float
    # Characters no font on this computer has (printed as [U+XXXX]): worth a warning.
    missing_glyphs: tuple[str, ...] = ()
    content: bytes | None = None  # the PDF of a preview, never written to a file


@dataclass(frozen=True)
class Prepared:
    """A document's data, ready for its builder (the slow part is the builder)."""

    spec: DocumentSpec
    data: Any
    build: Callable[..., int]
    title: str
    target_entity: str
    target_id: str
    details: dict[str, Any]
    language: str = "zh"  # what the builder sets the document in


def zh(code: str, **params: Any) -> str:
    """Documents are Chinese forms whatever the interface language."""
    return text(code, "zh", **params)


def prepare(ws: Workspace, spec: DocumentSpec, *, today: dt.date | None = None) -> Prepared:
    """Read what the document needs from the database."""
    # The builders (and reportlab, ~0.5 s to import) load when a document is made, not with the
    # window that can make one.
    from reports.household_file import build_household_file
    from reports.public_notice import build_public_notice
    from reports.request_register import build_request_register
    from reports.visit_sheet import build_visit_sheet
    from reports.weekly_report import build_weekly_report

    day = today or dt.date.today()
    details: dict[str, Any] = {"document": spec.kind, "full_ids": spec.shows_full_ids}
    if spec.kind == "household":
        if not spec.household_id:
            raise UserError("doc_needs_target", what=Label("住户", "household"))
        language = spec.language if spec.language in LANGUAGES else "zh"
        file = rd.household_file(ws, spec.household_id, today=day, language=language)
        name = file.household.enterprise_name or file.household.head_name
        details["household"] = short_id(spec.household_id)
        return Prepared(
            spec,
            file,
            build_household_file,
            f"{text('doc_title_household', language)} {name}",
            "household",
            spec.household_id,
            details,
            language,
        )
    if spec.kind == "visit":
        if not spec.visit_id:
            raise UserError("doc_needs_target", what=Label("走访记录", "visit"))
        sheet = rd.visit_sheet(ws, spec.visit_id, today=day)
        name = sheet.household.head_name if sheet.household else ""
        return Prepared(
            spec,
            sheet,
            build_visit_sheet,
            f"{zh('doc_title_visit')} {name}".strip(),
            "visit",
            spec.visit_id,
            details,
        )
    if spec.kind == "visit_blank":
        sheet = rd.blank_visit_sheet(
            ws, household_id=spec.household_id, project_id=spec.project_id, today=day
        )
        name = sheet.household.head_name if sheet.household else ""
        if spec.household_id:
            entity, target = "household", spec.household_id
        elif spec.project_id:
            entity, target = "project", spec.project_id
        else:
            entity, target = "document", "visit_blank"
        return Prepared(
            spec,
            sheet,
            build_visit_sheet,
            f"{zh('doc_title_visit_blank')} {name}".strip(),
            entity,
            target,
            details,
        )
    if spec.kind == "requests":
        flt = spec.register or rd.RegisterFilter()
        register = rd.request_register(ws, flt, today=day)
        details |= {
            "scope": register.scope_label,
            "filters": register.filters,
            "rows": register.received,
        }
        entity, target = ("project", flt.project_id) if flt.project_id else ("document", "requests")
        return Prepared(
            spec,
            register,
            build_request_register,
            f"{zh('doc_title_requests')} {register.scope_label}",
            entity,
            target,
            details,
        )
    if spec.kind == "weekly":
        if not spec.week:
            raise UserError("doc_no_week")
        scope = spec.scope or Scope.all()
        report = rd.weekly_report(ws, scope, spec.week, spec.texts, today=day)
        details |= {"scope": report.scope_label, "week": report.week_label}
        if scope.kind == "project" and scope.value:
            entity, target = "project", scope.value
        else:
            entity, target = "document", f"weekly:{scope.kind}:{scope.value or ''}"
        build: Callable[..., int] = build_weekly_report
        if spec.with_grid:
            grids = building_grid.grids_of(ws, [r.project_code for r in report.rows], today=day)
            build = functools.partial(build_weekly_report, grids=grids)
            details["grids"] = len(grids)
        return Prepared(
            spec,
            report,
            build,
            f"{zh('doc_title_weekly')} {report.week_label} {report.scope_label}",
            entity,
            target[:_MAX_EVENT_ID],
            details,
        )
    if spec.kind == "grid":
        return _prepare_grid(ws, spec, day, details)
    # notice
    if not spec.project_id:
        raise UserError("doc_needs_target", what=Label("项目", "project"))
    notice = rd.public_notice(ws, spec.project_id, today=day, signed_only=spec.signed_only)
    if (notice.signed == 0 or not notice.total_compensation) and not spec.confirm_empty:
        # A notice is posted on a wall: one saying nobody signed or nothing was paid is
        # usually printed by mistake, so ask first.
        raise UserError(
            "doc_notice_nothing_signed",
            signed=notice.signed,
            amount=numbers.yuan(notice.total_compensation),
        )
    details["rows"] = len(notice.rows)
    return Prepared(
        spec,
        notice,
        build_public_notice,
        f"{zh('doc_title_notice')} {notice.project.name}",
        "project",
        spec.project_id,
        details,
    )


def _prepare_grid(
    ws: Workspace, spec: DocumentSpec, day: dt.date, details: dict[str, Any]
) -> Prepared:
    from reports.building_grid import build_building_grid

    if not spec.project_id:
        raise UserError("doc_needs_target", what=Label("项目", "project"))
    grid = building_grid.project_grid(ws, spec.project_id, today=day)
    details |= {"households": grid.tally.total, "signed": grid.tally.signed}
    title = zh("grid_doc_title", project=grid.title)
    return Prepared(spec, grid, build_building_grid, title, "project", spec.project_id, details)


def render(prepared: Prepared, out: Path | io.BytesIO) -> int:
    """Write the PDF (atomically: a cancelled or failed build leaves no file) or into memory;
    return pages."""
    from reports import language

    with language.set_in(prepared.language):
        return prepared.build(prepared.data, out, masked=not prepared.spec.shows_full_ids)


def preview(ws: Workspace, spec: DocumentSpec, *, today: dt.date | None = None) -> Generated:
    """Build the document in memory for the in-app preview: no file anywhere. Logged as a
    "reveal" when it shows numbers in full (record_use); saving it is `save_copy`."""
    from reports import fonts

    began = time.perf_counter()
    prepared = prepare(ws, spec, today=today)
    sink = io.BytesIO()
    with fonts.missing_glyphs() as missing:
        pages = render(prepared, sink)
    done = _generated(
        spec, prepared, Path(default_filename(prepared.title, today=today)), pages, missing
    )
    done = replace(done, content=sink.getvalue())
    record_use(ws, done, "preview")
    return replace(done, seconds=time.perf_counter() - began)


def _generated(
    spec: DocumentSpec, prepared: Prepared, path: Path, pages: int, missing: set[str]
) -> Generated:
    return Generated(
        kind=spec.kind,
        path=path,
        pages=pages,
        title=prepared.title,
        full_ids=spec.shows_full_ids,
        target_entity=prepared.target_entity,
        target_id=prepared.target_id,
        details=dict(prepared.details, pages=pages),
        seconds=0.0,
        missing_glyphs=tuple(sorted(missing)),
    )


def generate(
    ws: Workspace,
    spec: DocumentSpec,
    out: Path,
    *,
    action: str = "export",
    today: dt.date | None = None,
) -> Generated:
    """Build the data, write the PDF to `out`, and log the event for `action`.

    `out` may be a folder: the file is then named after the document (default_filename)."""
    from reports import fonts
    from reports.layout import write_error

    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    out = Path(out)
    into_folder = exists(out) and out.is_dir()  # exists: a name too long is one sentence
    if not into_folder and out.suffix.lower() != ".pdf":
        raise UserError("doc_not_pdf", path=str(out))
    if not into_folder and not out.parent.is_dir():
        raise UserError("report_cannot_write", path=str(out))
    began = time.perf_counter()
    prepared = prepare(ws, spec, today=today)
    if into_folder:
        out = out / default_filename(prepared.title, today=today)
    # Written beside the target and moved into place only after the event is recorded: a file
    # showing numbers in full never exists without its log entry.
    tmp = out.with_name(f".{out.stem}.{secrets.token_hex(4)}.part.pdf")
    try:
        with fonts.missing_glyphs() as missing, naming(out, tmp):
            pages = render(prepared, tmp)
        done = _generated(spec, prepared, out, pages, missing)
        record_use(ws, done, action)
        try:
            os.replace(tmp, out)
        except OSError as exc:
            raise write_error(exc, out) from exc
    finally:
        discard(tmp)
    return replace(done, seconds=time.perf_counter() - began)


@contextlib.contextmanager
def naming(out: Path, tmp: Path) -> Iterator[None]:
    """A refusal that names the hidden temporary file a document is written to names the file
    the person asked for instead."""
    try:
        yield
    except UserError as exc:
        if exc.params.get("path") != str(tmp):
            raise
        raise UserError(exc.code, **{**exc.params, "path": str(out)}) from exc


def record_use(ws: Workspace, done: Generated, action: str, path: Path | None = None) -> None:
    """Log what became of a generated document: exported to a file, printed, or previewed.

    A preview is logged only when it shows numbers in full (then as a "reveal")."""
    if action == "preview":
        if not done.full_ids:
            return
        event = "reveal"
        details = dict(done.details, field="head_id_number")
    elif action in ("export", "print"):
        event = action
        details = dict(done.details)
    else:
        raise ValueError(f"unknown action {action!r}")
    if event == "export":
        details["file"] = (path or done.path).name
    ws.record_event(event, done.target_entity, done.target_id, **details)


def save_copy(ws: Workspace, done: Generated, dest: Path) -> Path:
    """Save a previewed document (held in memory, or a file) where the person chose
    (atomically), logged as an export."""
    from reports.layout import write_error

    dest = Path(dest)
    if dest.suffix.lower() != ".pdf":
        raise UserError("doc_not_pdf", path=str(dest))
    if not dest.parent.is_dir():
        raise UserError("report_cannot_write", path=str(dest))
    tmp = dest.with_name(f".{dest.stem}.{secrets.token_hex(4)}.part.pdf")
    try:
        try:
            if done.content is not None:
                with open(tmp, "wb") as sink:
                    sink.write(done.content)
            else:
                shutil.copyfile(done.path, tmp)
        except OSError as exc:
            raise write_error(exc, dest) from exc
        record_use(ws, done, "export", path=dest)
        try:
            os.replace(tmp, dest)
        except OSError as exc:
            raise write_error(exc, dest) from exc
    finally:
        discard(tmp)
    return dest


def default_filename(done_or_title: Generated | str, *, today: dt.date | None = None) -> str:
    """A file name a person recognises: "一户一档 章金伟 2026-11-26.pdf"."""
    title = done_or_title.title if isinstance(done_or_title, Generated) else done_or_title
    day = (today or dt.date.today()).isoformat()
    safe = re.sub(r'[\\/:*?"<>|\r\n\t]+', " ", title).strip()
    safe = re.sub(r"\s+", " ", safe)[:80].strip()
    # ext4 takes 255 bytes per name (80 Chinese characters are 240); the temporary file written
    # first (".<name>.1a2b3c4d.part.pdf") needs room too
    while len(safe.encode("utf-8")) > NAME_BYTES:
        safe = safe[:-1].rstrip()
    return f"{safe} {day}.pdf"


NAME_BYTES = 180  # the title part of a document's default file name, in UTF-8 bytes


# ---------------------------------------------------------------------------------------------
# The weekly report's free text, kept in the database per week and scope (services.weekly_texts)


def scope_key(scope: Scope | None) -> str:
    return weekly_texts.scope_key(scope)


def load_weekly_texts(
    ws: Workspace, scope: Scope | None, week: str, *, data_dir: Path | None = None
) -> rd.WeeklyTexts:
    """What was typed for this week and scope last time (empty when nothing was). The old
    weekly-texts.json in `data_dir` is brought in first, once."""
    weekly_texts.import_legacy_file(ws, data_dir)
    return weekly_texts.load(ws, scope, week)


def save_weekly_texts(
    ws: Workspace,
    scope: Scope | None,
    week: str,
    texts: rd.WeeklyTexts,
    *,
    data_dir: Path | None = None,
) -> int:
    """Keep the texts in the database (one transaction); returns how many sections changed."""
    weekly_texts.import_legacy_file(ws, data_dir)
    return weekly_texts.save(ws, scope, week, texts)
