"""The estimate sheet (补偿测算单) as a document: its data from an estimate, the PDF, and the
audit event — "export" when written to a file a person chose, "print" when the GUI printed it —
naming the policy, its version and each option's total, so the paper can be matched to the
figures it showed even after the policy changes.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import secrets
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from domain import compensation as comp
from domain.choices import DECORATION_GRADES
from domain.errors import UserError
from domain.ids import short_id
from services import documents, estimates
from services.documents import Generated
from services.estimates import HouseholdEstimate
from services.workspace import Workspace
from storage.atomic import discard, exists

if TYPE_CHECKING:  # reportlab loads when a sheet is made, not with the window
    from reports.estimate_sheet import EstimateSheet

KIND = "estimate"
AREA_SOURCES = {"measured": "实测面积", "registered": "登记面积"}


def sheet_data(found: HouseholdEstimate, *, today: dt.date | None = None) -> EstimateSheet:
    from reports.estimate_sheet import EstimateSheet

    inputs = found.inputs
    area = ""
    if inputs.area_m2 is not None:
        area = (
            f"{comp.decimal_text(inputs.area_m2)} ㎡（{AREA_SOURCES.get(found.area_source, '')}）"
        )
    price = ""
    if inputs.assessed_price is not None:
        price = f"{comp.decimal_text(inputs.assessed_price)} 元/㎡"
    if inputs.assessed_value is not None:
        price = (
            price + "；" if price else ""
        ) + f"评估总价 {comp.decimal_text(inputs.assessed_value)} 元"
    flat = found.flat_label
    if flat and inputs.flat_area is not None:
        flat += f"，{comp.decimal_text(inputs.flat_area)} ㎡"
    if flat and inputs.flat_delivery is not None:
        flat += f"，交付 {inputs.flat_delivery.isoformat()}"
    return EstimateSheet(
        household_label=found.head_name,
        address=found.address,
        project_name=found.project_name,
        policy_name=found.policy_name,
        policy_version=found.policy_version,
        sign_on=inputs.sign_on,
        signed=found.signed,
        area_text=area,
        use_text=comp.USE_NAMES[inputs.use][0] if inputs.use else "",
        assessed_price_text=price,
        grade_text=DECORATION_GRADES.get(inputs.grade).zh if inputs.grade else "",
        flat_text=flat,
        estimate=found.estimate,
        missing=found.missing_sentences("zh"),
        generated_on=today or dt.date.today(),
        chosen_option=found.chosen_option,
    )


def default_name(found: HouseholdEstimate, today: dt.date | None = None) -> str:
    return documents.default_filename(f"补偿测算单 {found.head_name}", today=today)


def write_sheet(
    ws: Workspace,
    household_id: str,
    out: Path,
    *,
    policy_id: str | None = None,
    sign_on: dt.date | None = None,
    action: str = "export",
    today: dt.date | None = None,
) -> Generated:
    """Write the sheet's PDF to `out` (a .pdf file, or a folder) and log `action`.

    The file is moved into place only after its event is recorded (as services.documents)."""
    from reports.estimate_sheet import build_estimate_sheet

    began = time.perf_counter()
    found = estimates.estimate_household(ws, household_id, policy_id=policy_id, sign_on=sign_on)
    out = Path(out)
    if exists(out) and out.is_dir():  # exists: a name too long is one sentence
        out = out / default_name(found, today)
    if out.suffix.lower() != ".pdf":
        raise UserError("doc_not_pdf", path=str(out))
    if not out.parent.is_dir():
        raise UserError("report_cannot_write", path=str(out))
    tmp = out.with_name(f".{out.stem}.{secrets.token_hex(4)}.part.pdf")
    try:
        with documents.naming(out, tmp):
            pages = build_estimate_sheet(sheet_data(found, today=today), tmp)
        done = _generated(found, household_id, out, pages)
        if action != "preview":
            documents.record_use(ws, done, action)
        try:
            os.replace(tmp, out)
        except OSError as exc:
            raise UserError("report_cannot_write", path=str(out)) from exc
    finally:
        discard(tmp)
    return replace(done, seconds=time.perf_counter() - began)


def preview_sheet(
    ws: Workspace,
    household_id: str,
    *,
    policy_id: str | None = None,
    sign_on: dt.date | None = None,
    today: dt.date | None = None,
) -> Generated:
    """The sheet built in memory (`content`), never written to a file: the GUI prints it from
    there (documents.record_use(..., "print")) or saves it (documents.save_copy)."""
    from reports.estimate_sheet import build_estimate_sheet

    began = time.perf_counter()
    found = estimates.estimate_household(ws, household_id, policy_id=policy_id, sign_on=sign_on)
    sink = io.BytesIO()
    pages = build_estimate_sheet(sheet_data(found, today=today), sink)
    done = _generated(found, household_id, Path(default_name(found, today)), pages)
    return replace(done, content=sink.getvalue(), seconds=time.perf_counter() - began)


def _generated(found: HouseholdEstimate, household_id: str, path: Path, pages: int) -> Generated:
    return Generated(
        kind=KIND,
        path=path,
        pages=pages,
        title=f"补偿测算单 {found.head_name}",
        full_ids=False,
        target_entity="household",
        target_id=household_id,
        details={
            "document": KIND,
            "household": short_id(household_id),
            "policy": found.policy_id,
            "version": found.policy_version,
            "sign_on": found.inputs.sign_on.isoformat(),
            "totals_fen": {k: v.total_fen for k, v in found.options.items()},
            "pages": pages,
        },
        seconds=0.0,
    )


def total_yuan(fen: int | None) -> Decimal | None:
    return None if fen is None else Decimal(fen) / 100
