"""The printed building grid (楼盘表): landscape A4, A3 when a building is too wide, buildings
wider than A3 cut into bands and taller than a page continued, every household on paper."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from domain.address_parse import parse_placement
from domain.building_grid import GROUPS, GridHousehold, ProjectGrid, arrange
from reports.building_grid import build_building_grid, choose_paper

pytestmark = pytest.mark.skipif(
    shutil.which("pdfinfo") is None or shutil.which("pdftotext") is None,
    reason="poppler-utils not installed",
)
DAY = dt.date(2026, 11, 26)
A4_LANDSCAPE = "841.89 x 595.276"
A3_LANDSCAPE = "1190.55 x 841.89"


def _grid(addresses: list[str], names: list[str] | None = None) -> ProjectGrid:
    names = names or [f"户{i:04d}" for i in range(len(addresses))]
    codes = GROUPS.codes()
    found = [
        GridHousehold(
            f"h{i}",
            name,
            address,
            codes[i % 4],
            attitude=("agree", "undecided", "oppose", None)[i % 4],
            overdue=i % 5 == 0,
            placement=parse_placement("", "", "", address),
        )
        for i, (address, name) in enumerate(zip(addresses, names, strict=True))
    ]
    return arrange("p", "XW-01", "春潮新村地块", found, DAY)


def _info(path: Path) -> tuple[int, str]:
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    pages = re.search(r"^Pages:\s+(\d+)", out, re.MULTILINE)
    size = re.search(r"^Page size:\s+([\d.]+ x [\d.]+)", out, re.MULTILINE)
    assert pages and size, out
    return int(pages.group(1)), size.group(1)


def _text(path: Path) -> str:
    out = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return re.sub(r"\s+", "", out)


def _flats(building: int, units: int, floors: int, per_floor: int) -> list[str]:
    return [
        f"春潮新村{building}栋{u}单元{f}{p:02d}室"
        for u in range(1, units + 1)
        for f in range(1, floors + 1)
        for p in range(1, per_floor + 1)
    ]


def test_a_small_project_on_one_a4_landscape_page(tmp_path: Path) -> None:
    grid = _grid(_flats(1, 2, 6, 2) + _flats(2, 2, 6, 2) + ["梅村老街12号", "梅村老街3号", "村东"])
    out = tmp_path / "grid.pdf"
    assert build_building_grid(grid, out) == 1
    assert _info(out) == (1, A4_LANDSCAPE)
    text = _text(out)
    assert "楼盘表" in text and "签约38/51（74.5%）" in text
    assert "春潮新村1栋签约18/24" in text and "梅村老街签约1/2" in text and "地址未能识别" in text
    assert "1单元" in text and "6层" in text and "12号" in text
    assert all(f"户{i:04d}" in text for i in range(51))
    for code in GROUPS.codes():
        assert GROUPS.label(code) in text


def test_a3_when_a_building_is_wider_than_a4(tmp_path: Path) -> None:
    wide = _grid(_flats(1, 2, 3, 10))  # 20 rooms a floor: 311 mm
    assert choose_paper(wide) == "A3"
    out = tmp_path / "wide.pdf"
    build_building_grid(wide, out)
    assert _info(out)[1] == A3_LANDSCAPE
    assert choose_paper(_grid(_flats(1, 4, 3, 4))) == "A4"  # 16 rooms a floor: 255 mm


def test_wider_than_a3_is_cut_into_bands_and_taller_than_a_page_continues(tmp_path: Path) -> None:
    grid = _grid(_flats(1, 1, 2, 60) + _flats(2, 1, 60, 1))  # 60 rooms a floor; 60 floors
    out = tmp_path / "huge.pdf"
    pages = build_building_grid(grid, out)
    assert _info(out) == (pages, A3_LANDSCAPE) and pages >= 2
    text = _text(out)
    assert all(f"户{i:04d}" in text for i in range(grid.tally.total))
    assert "春潮新村2栋（续）" in text and "60层" in text


def test_hostile_text_prints(tmp_path: Path) -> None:
    long = "很长的名字" * 800  # 4 000 characters
    grid = _grid(
        ["春潮新村1栋1单元101室", "春潮新村1栋1单元102室", "𠈌" * 50 + "号" * 10, "🏠" * 4000],
        [long, "🙂🙂", "䶮𠈌", "＜script＞&amp;"],
    )
    out = tmp_path / "hostile.pdf"
    assert build_building_grid(grid, out) >= 1
    text = _text(out)
    # Where "…" cuts depends on the body font's widths (serif UMing here, YaHei or WenQuanYi
    # elsewhere): check the start of the cut text and the mark.
    assert "很长的" in text and "＜scrip" in text and "…" in text
    assert "🏠" in text and "[U+" not in text  # emoji from the shipped emoji face


def test_an_empty_project(tmp_path: Path) -> None:
    out = tmp_path / "empty.pdf"
    assert build_building_grid(_grid([]), out) == 1
    assert "该项目还没有住户。" in _text(out)
