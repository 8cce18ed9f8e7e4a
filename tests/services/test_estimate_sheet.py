"""The estimate sheet PDF: the hand-worked household's figures, formulas and capital numerals on
paper, the disclaimer on every page, and the export event naming the policy version."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from domain import compensation as comp
from domain.errors import UserError
from services import estimate_sheet, policies
from services.workspace import Workspace
from tests.domain.test_compensation import WORKED_POLICY

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")


def pdf_text(path: Path) -> str:
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return re.sub(r"\s+", "", out)


def test_sheet_carries_formulas_totals_and_the_disclaimer(ws: Workspace, tmp_path: Path) -> None:
    project = ws.create(
        "project",
        {"code": "T", "name": "测试项目", "district": "新吴区", "sub_district": "旺庄街道"},
    )
    policy = policies.create_policy(ws, comp.parse_policy(WORKED_POLICY), project_id=project)
    hid = ws.create(
        "household",
        {"project_id": project, "address": "春潮新村1栋101室", "head_name": "钱永芳",
         "measured_area": 87.03, "assessed_price": 12500, "decoration_grade": "medium",
         "approved_use": "住宅"},
    )  # fmt: skip
    done = estimate_sheet.write_sheet(
        ws, hid, tmp_path / "测算单.pdf", sign_on=dt.date(2026, 12, 20), today=dt.date(2026, 12, 6)
    )
    text = pdf_text(done.path)
    assert "测算仅供参考，以签订的补偿协议为准" in text
    assert text.count("测算仅供参考，以签订的补偿协议为准") >= done.pages + 1  # title + footers
    assert "12500.00元/㎡×87.03㎡" in text
    assert "1176180.88" in text  # money total (grouping spaces dropped by the whitespace strip)
    assert "人民币壹佰壹拾柒万陆仟壹佰捌拾元捌角捌分" in text
    assert "第1版" in text
    (event,) = ws.events("export", hid)
    assert event.value["policy"] == policy and event.value["version"] == 1
    assert event.value["totals_fen"]["money"] == 117_618_088
    assert not list(tmp_path.glob(".*part*"))


def test_a_sheet_names_what_is_missing(ws: Workspace, tmp_path: Path) -> None:
    project = ws.create(
        "project",
        {"code": "T", "name": "测试项目", "district": "新吴区", "sub_district": "旺庄街道",
         "kind": "residential"},
    )  # fmt: skip
    policies.create_policy(ws, comp.parse_policy(WORKED_POLICY), project_id=project)
    hid = ws.create("household", {"project_id": project, "address": "1号", "head_name": "张三"})
    done = estimate_sheet.write_sheet(ws, hid, tmp_path)
    text = pdf_text(done.path)
    assert "缺少建筑面积" in text and "缺少评估单价" in text
    with pytest.raises(UserError):
        estimate_sheet.write_sheet(ws, hid, tmp_path / "no-such-folder" / "x.pdf")
