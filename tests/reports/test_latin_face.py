"""English documents set Latin text in a Latin face (the Chinese serif faces draw Latin letters
as a typewriter would: "head of household" in UMing's monospaced glyphs); CJK stays in the CJK
face, rare characters and emoji keep their fallback faces, Chinese documents are unchanged.
Read back with poppler (pdffonts, pdftotext) from real builds."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reports import fonts
from reports import language as document_language
from reports.household_file import build_household_file
from tests.reports import fixtures

needs_poppler = pytest.mark.skipif(
    shutil.which("pdffonts") is None or shutil.which("pdftotext") is None,
    reason="poppler-utils not installed",
)
# What a Latin face is called inside the PDF, whichever this machine has (Windows: Times New
# Roman / Arial; Debian: Liberation, DejaVu).
LATIN_NAMES = re.compile(r"Liberation|TimesNewRoman|Arial|DejaVu")


def pdf_fonts(path: Path) -> list[tuple[str, str]]:
    lines = subprocess.run(
        ["pdffonts", str(path)], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    return [(line.split()[0], line.split()[-5]) for line in lines]


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture(scope="module")
def sample() -> fixtures.Sample:
    return fixtures.build()


@needs_poppler
def test_an_english_household_file_sets_latin_text_in_an_embedded_latin_face(
    sample: fixtures.Sample, tmp_path: Path
) -> None:
    english, chinese = tmp_path / "en.pdf", tmp_path / "zh.pdf"
    with document_language.set_in("en"):
        build_household_file(sample.files[0], english)
    with document_language.set_in("zh"):
        build_household_file(sample.files[0], chinese)

    used = pdf_fonts(english)
    assert any(LATIN_NAMES.search(name) for name, _ in used), used
    assert all(embedded == "yes" for _, embedded in used), used
    # the Chinese faces still print the Chinese names and addresses
    assert any(not LATIN_NAMES.search(name) for name, _ in used), used
    text = pdf_text(english)
    assert "Household expropriation file" in text
    assert "head of household" in text
    assert "章金伟" in text

    # a Chinese document keeps its one face family: nothing Latin was added to it
    assert not any(LATIN_NAMES.search(name) for name, _ in pdf_fonts(chinese))


def test_runs_put_latin_in_the_latin_face_only_in_english() -> None:
    latin = fonts.latin_face(fonts.BODY, "en")
    assert latin is not None, "no Latin TrueType face found on this machine"
    with document_language.set_in("en"):
        assert fonts.runs("Head: 章金伟 (3栋)", fonts.BODY) == [
            (latin, "Head: "),
            (fonts.BODY, "章金伟"),
            (latin, " (3"),
            (fonts.BODY, "栋"),
            (latin, ")"),
        ]
    with document_language.set_in("zh"):
        assert fonts.runs("Head: 章金伟", fonts.BODY) == [(fonts.BODY, "Head: 章金伟")]


TEXT = st.text(
    st.one_of(
        st.characters(min_codepoint=0x20, max_codepoint=0x24F),
        st.sampled_from("章金伟旺庄街道，。、（）—…“”·㵘𠈌🏢😀"),
    ),
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(TEXT, st.sampled_from(["en", "zh"]), st.sampled_from([fonts.BODY, fonts.HEADING]))
def test_runs_keep_every_character_in_a_face_that_draws_it(
    raw: str, language: str, font: str
) -> None:
    """For any text: the runs put together are the text, each run's face has each of its
    characters, and Latin letters go to the Latin face exactly when the document is English."""
    latin = fonts.latin_face(font, "en")
    with document_language.set_in(language):
        text = fonts.safe_text(raw, font, fallback=True)
        out = fonts.runs(text, font)
        assert "".join(run for _, run in out) == text
        assert all(run for _, run in out)
        for face, run in out:
            assert all(fonts.covers(c, face) for c in run), (face, run)
        if language == "zh":
            assert all(face != latin for face, _ in out)
        else:
            for face, run in out:
                if any(c.isascii() and c.isalpha() for c in run):
                    assert face == latin, (face, run)
