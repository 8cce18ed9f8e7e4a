"""The household file (一户一档) follows the interface language: Chinese by default (the form the
archive keeps), English when the caseworker works in English — every heading, label, choice and
page furniture, read back from the PDF with poppler."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from services import flats, households, requests, visits
from services.documents import DocumentSpec, generate
from services.workspace import Workspace

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
BUILD_LABEL = re.compile(r"入户通 Doorstep \S+")  # the build's name is bilingual on every paper


@pytest.fixture
def household(ws: Workspace) -> str:
    """A household whose own texts are all Latin, so any Chinese left is the document's."""
    project = ws.create(
        "project",
        {"code": "WZ-1", "name": "Wangzhuang North", "district": "Xinwu", "sub_district": "WZ"},
    )
    hid = households.create_household(
        ws,
        {
            "project_id": project,
            "address": "18 Wangzhuang Road",
            "head_name": "Zhang Jinwei",
            "head_id_number": "11010519491231002X",
            "phone": "13912345678",
            "attitude": "undecided",
            "compensation_mode": "money",
            "compensation_amount": 1234567.5,
            "notes": "Asked twice about the moving allowance",
        },
        members=[{"name": "Li Hong", "relation": "配偶", "special_groups": ["hardship"]}],
    )
    households.change_state(ws, hid, "surveyed")
    visits.add_visit(
        ws,
        hid,
        {"explained": "The compensation plan", "concerns": "Moving costs", "attitude": "undecided"},
    )
    request = requests.add_request(
        ws, {"household_id": hid, "category": "area", "summary": "Area measured too small"}
    )
    requests.add_progress(ws, request, "Surveyor booked")
    flat = flats.add_flat(ws, {"estate": "Anju Garden", "building": "1", "number": "101"})
    flats.allocate(ws, flat, hid)
    return hid


def _text(path: Path) -> str:
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return BUILD_LABEL.sub("", out).replace("李明", "")  # the caseworker (the fixture's author)


def test_the_household_file_is_chinese_by_default(
    ws: Workspace, household: str, tmp_path: Path
) -> None:
    done = generate(ws, DocumentSpec("household", household_id=household), tmp_path / "a.pdf")
    flat = re.sub(r"\s+", "", _text(done.path))
    for words in ("房屋征收一户一档", "一、基本情况", "户主姓名", "第1页共", "配偶", "已调查"):
        assert words in flat, words
    assert done.title.startswith("一户一档")


def test_the_household_file_in_english_has_no_chinese_of_its_own(
    ws: Workspace, household: str, tmp_path: Path
) -> None:
    spec = DocumentSpec("household", household_id=household, language="en")
    done = generate(ws, spec, tmp_path / "b.pdf")
    text = _text(done.path)
    assert CJK.findall(text) == [], sorted(set(CJK.findall(text)))
    single = re.sub(r"\s+", " ", text)
    for words in ("Household expropriation file", "1. Basic facts", "Page 1 of", "spouse"):
        assert words.lower() in single.lower(), words
    assert "Zhang Jinwei" in single and "Area measured too small" in single
    assert done.title.lower().startswith("household file")


def test_other_documents_stay_chinese_whatever_the_language(
    ws: Workspace, household: str, tmp_path: Path
) -> None:
    spec = DocumentSpec("requests", language="en")
    done = generate(ws, spec, tmp_path / "c.pdf")
    assert "群众诉求台账" in re.sub(r"\s+", "", _text(done.path))
