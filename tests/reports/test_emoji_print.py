"""Emoji in a household's texts (🏢 🚪, a joined family 👨‍👩‍👧‍👦, 🏘️ with its variation selector)
print as pictures from the emoji face shipped in resources/fonts, never as code points; the
invisible joiners and selectors leave no trace (reportlab does not join sequences: a family prints
as its four people, which a reader still understands)."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from reports import fonts
from reports.household_file import build_household_file
from tests.reports import fixtures

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"
TEXT = f"🏢 3栋 🚪 101 {FAMILY} 🏘️ 😀"


def test_the_emoji_face_is_shipped_with_its_licence() -> None:
    assert fonts.SHIPPED_EMOJI_FONT.is_file()
    assert (fonts.SHIPPED_EMOJI_FONT.parent / "symbola-LICENCE.txt").is_file()
    assert fonts.SHIPPED_EMOJI_FONT.stat().st_size < 1_500_000  # a subset: emoji and symbols


def test_emoji_print_as_pictures_not_code_points(tmp_path: Path) -> None:
    sample = fixtures.build()
    f = sample.files[1]
    data = replace(f, household=replace(f.household, head_name=TEXT, notes=TEXT * 3))
    path = tmp_path / "emoji.pdf"
    with fonts.missing_glyphs() as missing:
        build_household_file(data, path)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert missing == set()
    assert "[U+" not in text
    for char in ("🏢", "🚪", "👨", "👩", "👧", "👦", "🏘", "😀"):
        assert char in text, char
    assert fonts.safe_text(TEXT, fallback=True).count("\u200d") == 0
    assert "\ufe0f" not in fonts.safe_text(TEXT, fallback=True)
