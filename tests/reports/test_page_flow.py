"""Long text, page flow and form details of the printed documents (issue 13 items 1, 4, 8) and
the full-disk sentence (issue 10 item 15), each built from the report fixtures and read back
with poppler."""

from __future__ import annotations

import errno
import re
import subprocess
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from reportlab.lib.units import mm

from domain.errors import UserError
from reports import grid, layout
from reports.household_file import build_household_file
from reports.model import StateChange, Visit
from reports.request_register import build_request_register
from reports.visit_sheet import TickBoxes, build_visit_sheet
from reports.weekly_report import build_weekly_report
from tests.reports import fixtures
from tests.services.report_kit import needs_poppler

pytestmark = needs_poppler

LONG = "".join(
    f"第{i}项：补偿金额{i * 1000 + 460:,}.00元，合同号XWFP-2026-{i:04d}；请尽快答复！"
    for i in range(1, 200)
)[:4000]
CODES = re.findall(r"XWFP-2026-\d{4}|[\d,]+\.00", LONG[:3900])


def in_order(needle: str, haystack: str) -> bool:
    """`needle` appears in `haystack` in order (page furniture and （续） may sit between)."""
    position = 0
    for char in needle:
        position = haystack.find(char, position) + 1
        if not position:
            return False
    return True


@pytest.fixture(scope="module")
def sample() -> fixtures.Sample:
    return fixtures.build()


def pages_text(path: Path) -> list[str]:
    raw = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return raw.split("\f")[:-1]


def flat(value: str) -> str:
    return re.sub(r"\s+", "", value)


def test_a_4000_character_request_prints_across_pages_with_continued_marks(
    tmp_path: Path, sample: fixtures.Sample
) -> None:
    """Was: LayoutError (exit 1) above ~450 characters. The tall row starts on page 1 right
    under the summary (no blank first page) and continues with （续）."""
    register = sample.register
    first = replace(register.rows[0], summary=LONG)
    data = replace(register, rows=(first, *register.rows[1:]))
    path = tmp_path / "register.pdf"
    pages = build_request_register(data, path)
    texts = pages_text(path)
    assert pages == len(texts) > 2
    assert flat(LONG)[:40] in flat(texts[0])  # the row begins on page 1
    assert "（续）" in texts[1]
    assert in_order(flat(LONG), flat("".join(texts)))
    joined = "".join(texts)
    assert all(code in joined for code in CODES)  # never split across lines


def test_a_4000_character_visit_prints_in_the_file_and_on_the_sheet(
    tmp_path: Path, sample: fixtures.Sample
) -> None:
    """Was: LayoutError above ~800–1 200 characters."""
    f = sample.files[1]
    visit = replace(f.visits[0], explained=LONG, concerns=LONG[::-1])
    build_household_file(replace(f, visits=(visit, *f.visits[1:])), tmp_path / "file.pdf")
    whole = "".join(pages_text(tmp_path / "file.pdf"))
    assert in_order(flat(LONG), flat(whole)) and all(code in whole for code in CODES)
    sheet = replace(sample.visit_sheet, visit=visit)
    pages = build_visit_sheet(sheet, tmp_path / "sheet.pdf")
    texts = pages_text(tmp_path / "sheet.pdf")
    assert pages == len(texts) >= 2 and "（续）" in "".join(texts[1:])
    assert "走访人员（签字）" in texts[-1] and "被走访人（签字）" in texts[-1]


def test_a_4000_character_weekly_text_prints_whole(tmp_path: Path, sample: fixtures.Sample) -> None:
    """Was: "Splitting error", and the typed text was lost."""
    data = replace(sample.weekly, done_this_week=LONG, plan_next_week=LONG, difficulties=LONG)
    path = tmp_path / "weekly.pdf"
    build_weekly_report(data, path)
    whole = flat("".join(pages_text(path)))
    assert whole.count(flat(LONG)[-300:]) == 3 and in_order(flat(LONG) * 3, whole)


FURNITURE = re.compile(r"^(项目：|打印日期|入户通|第 \d+ 页|身份证号)")
HEADINGS = re.compile(r"^[一二三四五六七八]、")


@pytest.mark.parametrize("history", [0, 4, 9, 14, 19, 24, 29])
def test_no_heading_is_left_at_the_foot_of_a_page(
    tmp_path: Path, sample: fixtures.Sample, history: int
) -> None:
    """A heading always has some of its content under it on the same page (五、走访记录 was
    stranded at the bottom of page 1)."""
    f = sample.files[1]
    changes = tuple(
        StateChange(datetime(2026, 1, 1) + timedelta(days=i), "沈建明", None, "surveying", "登记")
        for i in range(history)
    )
    visits = tuple(
        Visit(f.visits[0].visited_on, "沈建明、顾晓东", explained=LONG[: 300 + 40 * i])
        for i in range(3)
    )
    path = tmp_path / "file.pdf"
    build_household_file(replace(f, state_history=changes, visits=visits), path)
    for number, page in enumerate(pages_text(path), start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        for index, line in enumerate(lines):
            if HEADINGS.match(line):
                after = lines[index + 1] if index + 1 < len(lines) else ""
                assert after and not FURNITURE.match(after), (history, number, line)


def test_the_running_header_is_not_cut_while_there_is_room(tmp_path: Path) -> None:
    info = layout.PageInfo(
        "t",
        header_left="项目：旺庄街道新华村地块旧城改造二期补充征收项目（JK-2026-00017）",
        header_right="打印日期：2026年11月26日",
    )
    path = tmp_path / "header.pdf"
    layout.render([layout.para("正文")], path, info)
    assert "（JK-2026-00017）" in pages_text(path)[0]


def test_form_details(tmp_path: Path, sample: fixtures.Sample) -> None:
    """填报单位 is the office, not the scope; 审核人 has a line and a date; the register has a
    signature block; the visit sheet has a record number; tick boxes are at least 3.5 mm."""
    weekly = replace(sample.weekly, reporting_unit="新吴区 旺庄街道办事处")
    build_weekly_report(weekly, tmp_path / "weekly.pdf")
    text = "".join(pages_text(tmp_path / "weekly.pdf"))
    assert "填报单位：新吴区 旺庄街道办事处" in text
    assert f"统计范围：{sample.weekly.scope_label}" in text
    assert re.search(r"审核人：\s*(\S+\s*)?日期：", text)
    build_request_register(sample.register, tmp_path / "register.pdf")
    last = pages_text(tmp_path / "register.pdf")[-1]
    assert "制表人（签字）：" in last and "审核人（签字）：" in last and "日期：" in last
    visit = replace(sample.visit_sheet.visit, id="0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")
    sheet = replace(sample.visit_sheet, visit=visit)
    build_visit_sheet(sheet, tmp_path / "visit.pdf")
    text = pages_text(tmp_path / "visit.pdf")[0]
    assert re.search(r"记录编号\s*[0-9A-F]{8}", text)
    assert 3.5 * mm <= TickBoxes.BOX
    assert "■ 观望" in text or "■ 同意" in text or "■ 反对" in text


def test_nowrap_columns_fit_their_content() -> None:
    widths = grid.column_widths(500, {0: grid.column_width(["2026-11-26", "160,460.00"])}, [0, 1])
    for value in ("2026-11-26", "160,460.00"):
        assert grid.text_width(value) + grid.PAD_LEFT + grid.PAD_RIGHT <= widths[0]
        assert grid.text_width(value, bold=True) + grid.PAD_LEFT + grid.PAD_RIGHT <= widths[0]


def test_english_headings_keep_their_words_beside_a_long_column() -> None:
    """The household file's English visit table broke "attitud-e observ-ed" and "caseworke-rs":
    a long "explained" column took the short columns' room below their headings' two lines."""
    columns = [
        layout.Column("date of visit", nowrap=True),
        layout.Column("caseworkers present", 20, names=True),  # the weights _visits gives
        layout.Column("people met", 17, names=True),
        layout.Column("explained and concerns", 60),
        layout.Column("attitude observed", 10),
        layout.Column("agreed next step", 45),
    ]
    rows = [["2026-11-04", "华小燕、谢丽强", "户主及配偶", LONG[:400], "agrees", LONG[:200]]]
    table = layout.records_table(columns, rows, 180 * mm)
    for column, width in zip(columns, table.widths, strict=True):  # type: ignore[attr-defined]
        assert width >= grid.heading_room(column.label) - 0.01, column.label
    assert sum(table.widths) == pytest.approx(180 * mm)  # type: ignore[attr-defined]


def test_a_full_disk_says_the_disk_is_full() -> None:
    """A real ENOSPC (writing to /dev/full) gives the disk-full sentence, not "check the folder"."""
    try:
        with open("/dev/full", "wb") as sink:
            sink.write(b"%PDF")
            sink.flush()
    except OSError as exc:
        assert exc.errno == errno.ENOSPC
        error = layout.write_error(exc, Path("周报.pdf"))
    else:  # pragma: no cover - /dev/full is on every Linux
        pytest.skip("no /dev/full")
    assert error.code == "report_disk_full" and "磁盘已满" in error.message("zh")


def test_a_pdf_on_a_full_filesystem_is_refused_in_one_sentence(
    tmp_path: Path, sample: fixtures.Sample
) -> None:
    """A 64 KB tmpfs fills up while the register is written: one sentence, no file left."""
    mount = tmp_path / "small"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True
    )
    if made.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        with pytest.raises(UserError) as caught:
            build_request_register(sample.register, mount / "台账.pdf")
        assert caught.value.code == "report_disk_full"
        assert list(mount.iterdir()) == []
    finally:
        unmounted = subprocess.run(["umount", str(mount)], capture_output=True)
        if unmounted.returncode != 0:
            subprocess.run(["umount", "-l", str(mount)], check=False)
    assert unmounted.returncode == 0, "the PDF file was left open"


def _content_streams(path: Path) -> list[str]:
    """Every Flate-compressed stream of the PDF that is drawing code (pages and forms)."""
    import zlib

    out = []
    for raw in re.findall(rb"stream\r?\n(.*?)endstream", path.read_bytes(), re.S):
        try:
            out.append(zlib.decompress(raw).decode("latin-1"))
        except zlib.error:
            continue  # fonts and images
    return [s for s in out if " Tj" in s or "Tf" in s]


def test_only_the_tick_markers_are_invisible_text(tmp_path: Path, sample: fixtures.Sample) -> None:
    """The ■/□ markers are invisible text (render mode 3) for copy and screen readers; the
    mode must not leak into the labels beside them or any later text."""
    build_visit_sheet(sample.visit_sheet, tmp_path / "visit.pdf")
    invisible = 0
    for stream in _content_streams(tmp_path / "visit.pdf"):
        mode = 0
        for token in re.finditer(r"(\d) Tr|\) Tj|\] TJ", stream):
            if token.group(1) is not None:
                mode = int(token.group(1))
            elif mode == 3:
                invisible += 1
    assert invisible == 3  # one marker per attitude box, nothing else
