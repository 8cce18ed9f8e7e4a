"""Every PDF the program prints names the build that printed it, in the foot of every page, so the
district office can tell which laptop runs which version (issue 15): each document kind is
rendered from the demo data and the bottom strip of each page is read back with pdftotext."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.version import version
from reports.layout import MARGIN_BOTTOM
from services import documents, estimate_sheet, policies, policy_compare
from services.documents import DocumentSpec
from services.figures import Scope
from services.report_data import WeeklyTexts
from tests.services.report_kit import TODAY, WEEK, DemoSet, build_demo, needs_poppler

pytestmark = needs_poppler


@pytest.fixture(scope="module")
def demo_set(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoSet]:
    found = build_demo(tmp_path_factory.mktemp("footer"), households=30)
    yield found
    found.ws.close()


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    """Each page's width and height in points."""
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "100000", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    return [
        (float(w), float(h))
        for w, h in re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    ]


def footer_texts(pdf: Path) -> list[str]:
    """The text in the bottom margin of each page (below the frame the content flows in)."""
    strip = float(MARGIN_BOTTOM)
    texts = []
    for number, (width, height) in enumerate(page_sizes(pdf), start=1):
        # pdftotext crops in pixels at -r 72, that is in points
        args = ["-f", str(number), "-l", str(number), "-r", "72"]
        args += ["-x", "0", "-y", str(int(height - strip)), "-W", str(int(width) + 1)]
        args += ["-H", str(int(strip) + 1)]
        texts.append(
            subprocess.run(
                ["pdftotext", "-enc", "UTF-8", *args, str(pdf), "-"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
    return texts


def every_document(d: DemoSet, folder: Path) -> dict[str, Path]:
    project = d.project_id("XW-2024-003")
    household, visit = d.one(
        "SELECT h.id, v.id FROM households h JOIN visits v ON v.household_id = h.id"
        " WHERE h._deleted = 0 ORDER BY h.address LIMIT 1"
    )
    specs = {
        "household": DocumentSpec("household", household_id=household),
        "visit": DocumentSpec("visit", visit_id=visit),
        "visit_blank": DocumentSpec("visit_blank", project_id=project),
        "requests": DocumentSpec("requests"),
        "weekly": DocumentSpec(
            "weekly",
            scope=Scope.all(),
            week=WEEK,
            texts=WeeklyTexts("完成", "计划", "困难"),
            with_grid=True,
        ),
        "notice": DocumentSpec("notice", project_id=project, confirm_empty=True),
        "grid": DocumentSpec("grid", project_id=project),
    }
    assert set(specs) == set(documents.KINDS)  # a new kind must be added here
    made = {
        kind: documents.generate(d.ws, spec, folder / f"{kind}.pdf", today=TODAY).path
        for kind, spec in specs.items()
    }
    made["estimate"] = estimate_sheet.write_sheet(
        d.ws, household, folder / "estimate.pdf", today=TODAY
    ).path
    a = policies.policy_for_project(d.ws, project)
    b = next(p for p in policies.list_policies(d.ws) if p.id != a.id)
    comparison = policy_compare.compare(d.ws, project, a.id, b.id, sign_on=TODAY)
    made["policy_comparison"] = policy_compare.write_summary(
        d.ws, comparison, folder / "policy_comparison.pdf"
    )
    # and a preview held in memory, as the documents page shows it
    shown = documents.preview(d.ws, specs["household"], today=TODAY)
    assert shown.content is not None
    (folder / "preview.pdf").write_bytes(shown.content)
    made["preview"] = folder / "preview.pdf"
    return made


def test_the_version_is_in_the_footer_of_every_page_of_every_document(
    demo_set: DemoSet, tmp_path: Path
) -> None:
    expected = f"Doorstep {version()}"
    made = every_document(demo_set, tmp_path)
    missing = {}
    for kind, pdf in made.items():
        texts = footer_texts(pdf)
        assert texts, kind
        without = [i + 1 for i, text in enumerate(texts) if expected not in text]
        if without:
            missing[kind] = (without, texts[without[0] - 1])
    assert missing == {}
    assert len(footer_texts(made["weekly"])) > 1  # the grids appended: pages of another layout
