"""Every document, built from the fixture and read back with poppler: fonts embedded, text
extractable, personal numbers masked (or absent from the notice), page furniture present."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from domain.errors import UserError
from reports import fonts
from reports.household_file import build_household_file
from reports.model import ProjectFigures, WeeklyReport
from reports.public_notice import build_public_notice
from reports.request_register import build_request_register
from reports.visit_sheet import build_visit_sheet
from reports.weekly_report import build_weekly_report
from tests.reports import fixtures

pytestmark = pytest.mark.skipif(
    shutil.which("pdffonts") is None or shutil.which("pdftotext") is None,
    reason="poppler-utils not installed",
)

FULL_ID = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")
MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")


@dataclass(frozen=True)
class Built:
    path: Path
    pages: int

    def text(self, first: int | None = None, last: int | None = None) -> str:
        args = ["pdftotext", "-enc", "UTF-8"]
        if first:
            args += ["-f", str(first), "-l", str(last or first)]
        return subprocess.run(
            [*args, str(self.path), "-"], check=True, capture_output=True, text=True
        ).stdout

    def flat(self, first: int | None = None) -> str:
        """The text with all white space removed (pdftotext spaces CJK runs unevenly)."""
        return re.sub(r"\s+", "", self.text(first))

    def fonts(self) -> list[dict[str, str]]:
        out = subprocess.run(
            ["pdffonts", str(self.path)], check=True, capture_output=True, text=True
        ).stdout.splitlines()
        rows = []
        for line in out[2:]:
            # name, type (may hold spaces), encoding, emb, sub, uni, object, id
            parts = line.split()
            rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4]})
        return rows


@pytest.fixture(scope="module")
def sample() -> fixtures.Sample:
    return fixtures.build()


@pytest.fixture(scope="module")
def docs(sample: fixtures.Sample, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    out = tmp_path_factory.mktemp("reports")
    enterprise = sample.files[13]
    jobs: dict[str, tuple[Callable[..., int], Any, dict[str, Any]]] = {
        "household": (build_household_file, sample.files[0], {}),
        "household_unmasked": (build_household_file, enterprise, {"masked": False}),
        "household_masked_ent": (build_household_file, enterprise, {}),
        "visit": (build_visit_sheet, sample.visit_sheet, {}),
        "visit_blank": (build_visit_sheet, sample.blank_sheet, {}),
        "register": (build_request_register, sample.register, {}),
        "weekly": (build_weekly_report, sample.weekly, {}),
        "notice": (build_public_notice, sample.notice, {}),
    }
    built = {}
    for name, (build, data, kwargs) in jobs.items():
        path = out / f"{name}.pdf"
        built[name] = Built(path, build(data, path, **kwargs))
    return built


ALL = [
    "household",
    "household_unmasked",
    "household_masked_ent",
    "visit",
    "visit_blank",
    "register",
    "weekly",
    "notice",
]


@pytest.mark.parametrize("name", ALL)
def test_every_font_is_embedded(docs: dict[str, Built], name: str) -> None:
    used = docs[name].fonts()
    assert used, "no fonts listed"
    for font in used:
        assert font["emb"] == "yes", f"{name}: {font['name']} not embedded"
        assert font["sub"] == "yes", f"{name}: {font['name']} embedded whole, not as a subset"
    assert not any(f["name"].startswith(("Helvetica", "STSong", "Times")) for f in used)


@pytest.mark.parametrize("name", ALL)
def test_no_character_prints_as_a_box(docs: dict[str, Built], name: str) -> None:
    """Every character on the page is one an embedded font (body or fallback) can draw."""
    text = docs[name].text()
    missing = {
        ch
        for ch in text
        if not ch.isspace() and not fonts.covers(ch) and fonts.fallback_for(ch) is None
    }
    assert not missing, f"{name}: glyphs missing for {sorted(missing)}"


@pytest.mark.parametrize("name", ALL)
def test_page_numbers_on_every_page(docs: dict[str, Built], name: str) -> None:
    doc = docs[name]
    for page in range(1, doc.pages + 1):
        assert f"第{page}页共{doc.pages}页" in doc.flat(page), (name, page)
    assert f"第{doc.pages + 1}页" not in doc.flat()


@pytest.mark.parametrize(
    ("name", "low", "high"),
    [
        ("household", 1, 4),
        ("household_unmasked", 1, 4),
        ("visit", 1, 1),
        ("visit_blank", 1, 1),
        ("register", 2, 5),
        ("weekly", 2, 4),
        ("notice", 1, 2),
    ],
)
def test_page_counts(docs: dict[str, Built], name: str, low: int, high: int) -> None:
    pages = docs[name].pages
    assert low <= pages <= high
    info = subprocess.run(
        ["pdfinfo", str(docs[name].path)], capture_output=True, text=True, check=False
    ).stdout
    if info:
        assert re.search(rf"^Pages:\s+{pages}$", info, re.MULTILINE)


def test_household_file_content(docs: dict[str, Built], sample: fixtures.Sample) -> None:
    f = sample.files[0]
    text = docs["household"].text()
    for needle in (
        "房屋征收一户一档",
        f.household.head_name,
        f.members[1].name,
        "一、基本情况",
        "七、附件目录",
        "经办人（签字）",
        "房屋正面照片.jpg",
        "补偿金额大写",
        "壹佰陆拾壹万叁仟贰佰陆拾捌元贰角伍分",
    ):
        assert needle in text, needle
    # the project and the date head every page
    for page in range(1, docs["household"].pages + 1):
        page_text = docs["household"].text(page)
        assert f.project.code in page_text and "2026年11月26日" in page_text


@pytest.mark.parametrize("name", ["household", "household_masked_ent", "visit", "register"])
def test_masked_documents_hold_no_full_id_or_phone(
    docs: dict[str, Built], sample: fixtures.Sample, name: str
) -> None:
    text = docs[name].text()
    assert not FULL_ID.findall(text), name
    assert not MOBILE.findall(text), name
    if name.startswith("household"):
        assert re.search(r"[0-9]{6}\*{8}[0-9]{3}[0-9X]", text), "masked ID not shown"
        assert re.search(r"1[3-9][0-9]\*{4}[0-9]{4}", text), "masked phone not shown"
        assert "身份证号、电话已脱敏" in text


def test_unmasked_household_file_shows_numbers(
    docs: dict[str, Built], sample: fixtures.Sample
) -> None:
    f = sample.files[13]
    text = docs["household_unmasked"].text()
    assert f.household.head_id_number and f.household.head_id_number in text
    assert f.household.phone and f.household.phone in text
    assert "含完整个人信息" in text
    assert f.household.enterprise_name in text and f.household.uscc in text


def test_notice_has_no_personal_numbers(docs: dict[str, Built], sample: fixtures.Sample) -> None:
    text = docs["notice"].text()
    assert not FULL_ID.findall(text)
    assert not MOBILE.findall(text)
    assert "*" not in text  # not even masked forms: the numbers are simply not there
    for f in sample.files:
        for member in f.members:
            assert member.id_number is None or member.id_number[-6:] not in text
    for row in sample.notice.rows:
        assert row.head_name in text
    assert "房屋征收补偿情况公示" in text and "合计" in text


def test_visit_sheets(docs: dict[str, Built], sample: fixtures.Sample) -> None:
    filled = docs["visit"].text()
    assert "入户走访记录表" in filled and sample.visit_sheet.household is not None
    assert sample.visit_sheet.household.head_name in filled
    assert "■ 同意" in filled and "□ 观望" in filled
    blank = docs["visit_blank"].text()
    for needle in ("入户走访记录表", "走访人员（签字）", "被走访人（签字）", "□ 同意", "□ 反对"):
        assert needle in blank, needle
    assert "■" not in blank
    assert not any(f.household.head_name in blank for f in sample.files)


def test_register_marks_overdue_in_words(docs: dict[str, Built], sample: fixtures.Sample) -> None:
    register = sample.register
    text = docs["register"].text()
    assert register.overdue > 0 and register.escalated > 0
    assert len(re.findall(r"▲超期[0-9]+天", text)) == register.overdue
    assert f"办结率 {register.closed * 100 / register.received:.1f}%" in text
    assert "超期办结" in text  # closed, but late
    for status in ("待办", "办理中", "已上报", "已办结"):
        assert status in text
    for category in register.by_category():
        assert category.received > 0


def test_weekly_report_content(docs: dict[str, Built], sample: fixtures.Sample) -> None:
    text = docs["weekly"].text()
    for needle in (
        "房屋征收工作调度周报",
        "2026年第48周",
        "一、征收进度",
        "签约率",
        "腾空率",
        "办结率",
        "四、本周完成",
        "五、下周计划",
        "六、困难和需协调事项",
        "图1",
        "图2",
        "总计",
        "新华村地块完成签约3户",
    ):
        assert needle in text, needle
    for row in sample.weekly.rows:
        assert row.project_code == "" or row.project_name[:6] in text


def test_weekly_uses_supplied_rollups(tmp_path: Path, sample: fixtures.Sample) -> None:
    rows = list(sample.weekly.rows)
    second = replace(rows[0], project_code="XW-2026-009", project_name="旺庄街道春潮片区项目")
    given_sub = ProjectFigures.total(
        [rows[0], second], name="x", district="新吴区", sub_district="旺庄街道"
    )
    given_sub = replace(given_sub, flats_available=77)  # the district stock, counted once
    report = WeeklyReport(
        scope_label="测试",
        iso_year=2026,
        iso_week=48,
        generated_on=fixtures.TODAY,
        rows=(rows[0], second, rows[1]),
        sub_district_rows=(given_sub,),
    )
    path = tmp_path / "weekly.pdf"
    build_weekly_report(report, path)
    text = Built(path, 0).text()
    # One sub-district in 新吴区: one subtotal row, from the rollup supplied for that street.
    assert "新吴区小计" in text and "旺庄街道小计" not in text
    assert "77" in text


def test_file_like_output_and_empty_documents(sample: fixtures.Sample) -> None:
    bare = replace(
        sample.files[0],
        members=(),
        state_history=(),
        visits=(),
        requests=(),
        tickets=(),
        flats=(),
        attachments=(),
    )
    buffer = io.BytesIO()
    pages = build_household_file(bare, buffer)
    assert pages <= 2
    assert buffer.getvalue().startswith(b"%PDF")
    empty_register = replace(sample.register, rows=())
    buffer = io.BytesIO()
    assert build_request_register(empty_register, buffer) == 1


def test_unwritable_target_is_a_user_error_and_leaves_nothing(
    tmp_path: Path, sample: fixtures.Sample
) -> None:
    with pytest.raises(UserError) as caught:
        build_visit_sheet(sample.blank_sheet, tmp_path / "missing" / "sheet.pdf")
    assert caught.value.code == "report_cannot_write"
    target = tmp_path / "sheet.pdf"
    build_visit_sheet(sample.blank_sheet, target)
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["sheet.pdf"]


def test_a_failed_build_leaves_no_file(tmp_path: Path, sample: fixtures.Sample) -> None:
    broken = replace(sample.weekly, iso_week=99)  # no such week: fails while building
    with pytest.raises(ValueError):
        build_weekly_report(broken, tmp_path / "weekly.pdf")
    assert list(tmp_path.iterdir()) == []


def test_rare_characters_print_from_a_fallback_font_and_only_unknown_ones_are_spelled_out(
    tmp_path: Path, sample: fixtures.Sample
) -> None:
    """Extension A/B name characters (䶮 㵘 𠈌 𠮷) print from fonts-hanazono / SimSun-ExtB; a
    character no font on the machine has (Extension G) prints as its code point and is
    reported for a warning."""
    if not fonts.rare_font_files():
        pytest.skip("no fallback font for rare characters on this machine")
    rare = "䶮㵘𠈌\U00020bb7"
    unknown = "\U0003134a"  # CJK extension G: in no font installed here
    assert fonts.fallback_for(unknown) is None and not fonts.covers(unknown)
    f = sample.files[1]
    data = replace(f, household=replace(f.household, head_name=f"王{rare}{unknown}"))
    path = tmp_path / "rare.pdf"
    with fonts.missing_glyphs() as missing:
        build_household_file(data, path)
    text = Built(path, 0).text()
    assert f"王{rare}[U+3134A]" in text
    assert missing == {unknown}
