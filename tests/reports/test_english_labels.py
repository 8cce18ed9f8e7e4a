"""An English household file and request register name their fields as labels and column
headers do: with a capital ("Registered area (m²)", "Relation to head", "Received on"), not the
words used inside a sentence ("registered area (m²)"). Chinese documents are unchanged. Read back
from real builds with pdftotext."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from reports import language as document_language
from reports.household_file import build_household_file
from reports.request_register import build_request_register
from tests.reports import fixtures

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils not installed"
)


def pdf_text(path: Path) -> str:
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    )
    return done.stdout


@pytest.fixture(scope="module")
def sample() -> fixtures.Sample:
    return fixtures.build()


@needs_poppler
@pytest.mark.parametrize("language", ["en", "zh"])
def test_field_labels_in_documents(sample: fixtures.Sample, tmp_path: Path, language: str) -> None:
    file_pdf, register_pdf = tmp_path / "file.pdf", tmp_path / "register.pdf"
    with document_language.set_in(language):
        build_household_file(sample.files[0], file_pdf)
        build_request_register(sample.register, register_pdf)
    text = pdf_text(file_pdf) + pdf_text(register_pdf)
    if language == "en":
        for label in ("Registered area (m²)", "Relation to head", "Caseworker", "Closed on"):
            assert label in text, label
        for words in ("registered area (m²)", "relation to head", "closed on"):
            assert words not in text, words
    else:
        for label in ("登记面积(㎡)", "与户主关系", "责任人", "办结日期"):
            assert label in text, label


@needs_poppler
def test_the_english_register_keeps_its_words_whole(
    sample: fixtures.Sample, tmp_path: Path
) -> None:
    """Its narrow columns broke English words anywhere: "Chann/el", "Rea/son/able/ness",
    "valuatio/n", "satisf/action". A column is now at least as wide as its widest word (the
    request's summary gives way); Chinese words have no such limit and are unchanged."""
    out = tmp_path / "register.pdf"
    with document_language.set_in("en"):
        build_request_register(sample.register, out)
    words = set(pdf_text(out).split())
    for word in ("Channel", "Category", "Reasonableness", "Responsible", "satisfaction"):
        assert word in words, word
    # values alone in their cells start with a capital, as on the screen
    for value in ("Valuation", "Procedure", "Reasonable", "Compensation", "allowance"):
        assert value in words, value


@needs_poppler
def test_english_column_headings_start_with_a_capital(
    sample: fixtures.Sample, tmp_path: Path
) -> None:
    out = tmp_path / "register.pdf"
    with document_language.set_in("en"):
        build_request_register(sample.register, out)
    words = set(pdf_text(out).split())
    assert {"No.", "Number", "Household", "Deadline"} <= words
    assert not {"number", "household"} & words


@needs_poppler
def test_english_heading_cells_start_with_a_capital(
    sample: fixtures.Sample, tmp_path: Path
) -> None:
    """The register's figures by category read "category / received / closed / overdue /
    closure rate" down its side in English."""
    out = tmp_path / "register.pdf"
    with document_language.set_in("en"):
        build_request_register(sample.register, out)
    words = set(pdf_text(out).split())
    assert {"Category", "Received", "Closed", "Overdue", "Total"} <= words, words


@needs_poppler
def test_english_household_file_labels_and_subheadings(
    sample: fixtures.Sample, tmp_path: Path
) -> None:
    """ "compensation unpaid (yuan)", "house tickets", "uses", "balance (yuan)" stood in lower
    case among capitalised labels."""
    out = tmp_path / "file.pdf"
    with document_language.set_in("en"):
        build_household_file(sample.files[0], out)
    text = pdf_text(out)
    for label in ("House tickets", "Uses", "Balance"):
        assert label in text, label
    assert "compensation unpaid" not in text and "house tickets\n" not in text


@needs_poppler
def test_english_household_file_values_standing_alone_start_with_a_capital(
    sample: fixtures.Sample, tmp_path: Path
) -> None:
    """A value alone in a cell or beside its label starts with a capital, as on the screen:
    "Spouse", "Son", "Owner", "Signed", not "spouse" among "Relation to head" and "Name"."""
    import re

    out = tmp_path / "file.pdf"
    with document_language.set_in("en"):
        build_household_file(sample.files[0], out)
    text = pdf_text(out)
    for value in ("Spouse", "Son", "Owner", "House ticket", "Residential", "No"):
        assert re.search(rf"\b{value}\b", text), value
    # 住宅 is a usual word, in the document's language as on the screen; 住宅（底层经营）, typed
    # otherwise, stays as typed
    for words in ("spouse", "son", "owner", "no"):
        assert not re.search(rf"\b{words}\b", text), words
