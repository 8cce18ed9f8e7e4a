"""The public notice in natural address order and its warn-and-ask (issue 13 item 5), the
serif body face and the rare-character warning (items 6–7), through the services."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from domain.errors import UserError
from reports import fonts
from services import documents
from services import report_data as rd
from services.documents import DocumentSpec
from services.workspace import Workspace
from tests.services.report_kit import PROFILE, needs_poppler

TODAY = dt.date(2026, 11, 26)
ADDRESSES = [
    "旺庄苑16栋",
    "旺庄苑1栋",
    "旺庄苑3栋",
    "旺庄路160号",
    "旺庄路19号",
    "新村十号",
    "新村二号",
]


def _project(ws: Workspace, *, signed: bool) -> str:
    project = ws.create(
        "project",
        {"code": "XW-9", "name": "自然排序地块", "district": "新吴区", "sub_district": "旺庄街道"},
    )
    for i, address in enumerate(ADDRESSES):
        values = {"project_id": project, "address": address, "head_name": f"住户{i}"}
        if signed:
            values |= {"signed_on": "2026-11-01", "compensation_amount": 1000.0 + i}
        ws.create("household", values)
    return project


def test_the_notice_lists_addresses_in_natural_order(tmp_path: Path) -> None:
    ws = Workspace.open(tmp_path / "n.db")
    ws.init_profile(PROFILE)
    notice = rd.public_notice(ws, _project(ws, signed=True), today=TODAY)
    assert [row.address for row in notice.rows] == [
        "新村二号",
        "新村十号",
        "旺庄苑1栋",
        "旺庄苑3栋",
        "旺庄苑16栋",
        "旺庄路19号",
        "旺庄路160号",
    ]


def test_a_notice_with_nobody_signed_is_asked_about_first(tmp_path: Path) -> None:
    ws = Workspace.open(tmp_path / "n.db")
    ws.init_profile(PROFILE)
    project = _project(ws, signed=False)
    out = tmp_path / "公示.pdf"
    with pytest.raises(UserError) as caught:
        documents.generate(ws, DocumentSpec("notice", project_id=project), out, today=TODAY)
    assert caught.value.code == "doc_notice_nothing_signed"
    assert "0 户已签约" in caught.value.message("zh") and "0.00" in caught.value.message("zh")
    assert not out.exists() and ws.events("export") == []
    spec = DocumentSpec("notice", project_id=project, confirm_empty=True)
    assert documents.generate(ws, spec, out, today=TODAY).pages >= 1


@needs_poppler
def test_body_text_is_set_in_a_serif_face_when_the_machine_has_one(tmp_path: Path) -> None:
    order = [c.body.path.name for c in fonts.candidates()]
    assert order[:2] == ["simsun.ttc", "simfang.ttf"]  # Windows: 宋体, then 仿宋
    assert order.index("uming.ttc") < order.index("msyh.ttc") < order.index("wqy-microhei.ttc")
    if not (fonts.DEBIAN_FONTS / "arphic" / "uming.ttc").is_file():
        pytest.skip("fonts-arphic-uming is not installed")
    assert fonts.ensure_fonts().serif
    ws = Workspace.open(tmp_path / "f.db")
    ws.init_profile(PROFILE)
    project = _project(ws, signed=True)
    done = documents.generate(ws, DocumentSpec("notice", project_id=project), tmp_path, today=TODAY)
    listed = subprocess.run(["pdffonts", str(done.path)], capture_output=True, text=True).stdout
    assert "UMing" in listed and "WenQuanYi" in listed  # serif body, sans headings


def test_a_character_no_font_has_is_reported(tmp_path: Path) -> None:
    ws = Workspace.open(tmp_path / "g.db")
    ws.init_profile(PROFILE)
    project = _project(ws, signed=True)
    unknown = "\U0003134a"  # CJK extension G: in no font installed here
    assert fonts.fallback_for(unknown) is None
    household = rd.project_household_ids(ws, project)[0]
    ws.update("household", household, {"head_name": f"王{unknown}"})
    done = documents.generate(
        ws, DocumentSpec("household", household_id=household), tmp_path, today=TODAY
    )
    assert done.missing_glyphs == (unknown,)
    if fonts.rare_font_files():  # 䶮 (Extension A) prints from the fallback face: no warning
        ws.update("household", household, {"head_name": "王䶮"})
        again = documents.generate(
            ws, DocumentSpec("household", household_id=household), tmp_path / "a.pdf", today=TODAY
        )
        assert again.missing_glyphs == ()
