"""Every document generated from the demo data and read back with poppler: fonts embedded,
household names found, no unmasked ID number where masking is on and none at all in the
notice, page counts and totals as the database says; and the audit events."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.errors import UserError
from reports.numbers import capital_yuan
from services import documents
from services.documents import DocumentSpec
from services.figures import Scope
from services.report_data import RegisterFilter, WeeklyTexts
from tests.services.report_kit import (
    FULL_ID,
    MOBILE,
    TICKET,
    TODAY,
    WEEK,
    DemoSet,
    build_demo,
    flat_text,
    needs_poppler,
    pdf_fonts,
    pdf_pages,
)

pytestmark = needs_poppler


@pytest.fixture(scope="module")
def demo_set(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoSet]:
    found = build_demo(tmp_path_factory.mktemp("documents"))
    yield found
    found.ws.close()


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pdf")


def _generate(d: DemoSet, spec: DocumentSpec, path: Path) -> documents.Generated:
    done = documents.generate(d.ws, spec, path, today=TODAY)
    assert done.path == path and path.is_file()
    assert done.pages == pdf_pages(path)
    fonts = pdf_fonts(path)
    assert fonts and all(f["emb"] == "yes" for f in fonts), fonts
    return done


def _ids_in_db(d: DemoSet) -> set[str]:
    rows = d.all(
        "SELECT head_id_number FROM households WHERE head_id_number IS NOT NULL"
        " UNION SELECT id_number FROM members WHERE id_number IS NOT NULL"
    )
    return {r[0] for r in rows}


def test_household_file_masked_by_default(demo_set: DemoSet, out: Path) -> None:
    d = demo_set
    hid = d.ticket_household
    done = _generate(d, DocumentSpec("household", household_id=hid), out / "hh.pdf")
    text = flat_text(done.path)
    row = d.ws.get("household", hid)
    assert row["head_name"] in text
    for (name,) in d.all("SELECT name FROM members WHERE household_id = ?", hid):
        assert name in text
    assert not FULL_ID.search(text) and not MOBILE.search(text)
    assert row["head_id_number"][:6] + "********" + row["head_id_number"][-4:] in text
    assert TICKET in text and "房屋正面照片.jpg" in text
    # 楼栋/单元/房号 already in the address are not printed again beside it.
    assert row["building"] and f"{row['address']}（" not in text
    assert f"第1页共{done.pages}页" in text
    # The compensation amount in capital numerals on the money line.
    assert row["compensation_amount"]
    assert "人民币" + capital_yuan(row["compensation_amount"]) in text
    events = d.ws.events("export", hid)
    assert events and events[-1].value["full_ids"] is False
    assert events[-1].value["document"] == "household"
    assert events[-1].value["file"] == "hh.pdf" and events[-1].value["pages"] == done.pages


def test_full_ids_household_file_is_logged(demo_set: DemoSet, out: Path) -> None:
    d = demo_set
    hid = d.ticket_household
    before = len(d.ws.events(target_id=hid))
    spec = DocumentSpec("household", household_id=hid, full_ids=True)
    done = _generate(d, spec, out / "hh-full.pdf")
    text = flat_text(done.path)
    assert d.ws.get("household", hid)["head_id_number"] in text
    assert done.full_ids
    events = d.ws.events(target_id=hid)
    assert len(events) == before + 1
    event = events[-1]
    assert event.field == "export" and event.value["full_ids"] is True
    assert event.author == "李明"


def test_every_household_in_a_project_masked(demo_set: DemoSet, out: Path) -> None:
    """No household file of a whole project leaks an ID or a mobile number."""
    d = demo_set
    from services import report_data as rd

    pid = d.project_id("XW-2024-003")
    ids = rd.project_household_ids(d.ws, pid)
    assert ids
    all_ids = _ids_in_db(d)
    for i, hid in enumerate(ids[:8]):
        path = out / f"p{i}.pdf"
        _generate(d, DocumentSpec("household", household_id=hid), path)
        text = flat_text(path)
        assert d.ws.get("household", hid)["head_name"] in text
        assert not FULL_ID.search(text)
        assert not any(number in text for number in all_ids)


def test_visit_sheets(demo_set: DemoSet, out: Path) -> None:
    d = demo_set
    vid, hid = d.one("SELECT id, household_id FROM visits ORDER BY visited_on DESC LIMIT 1")
    done = _generate(d, DocumentSpec("visit", visit_id=vid), out / "visit.pdf")
    text = flat_text(done.path)
    assert d.ws.get("household", hid)["head_name"] in text
    assert "走访人员（签字）" in text and "被走访人（签字）" in text
    assert not FULL_ID.search(text)
    assert d.ws.events("export", vid)
    blank = _generate(d, DocumentSpec("visit_blank"), out / "blank.pdf")
    assert blank.pages == 1 and "入户走访记录表" in flat_text(blank.path)
    assert d.ws.events("export", "visit_blank")


def test_register_figures_match_the_database(demo_set: DemoSet, out: Path) -> None:
    d = demo_set
    done = _generate(d, DocumentSpec("requests"), out / "register.pdf")
    text = flat_text(done.path)
    received, closed = d.one(
        "SELECT count(*), sum(status = 'closed') FROM requests WHERE _deleted = 0"
    )
    rate = f"{closed / received * 100:.1f}%"
    assert f"共受理诉求{received}件，已办结{closed}件" in text
    assert f"办结率{rate}；" in text, rate
    heads = {
        r[0]
        for r in d.all(
            "SELECT h.head_name FROM requests r JOIN households h ON h.id = r.household_id"
        )
    }
    assert all(name in text for name in heads)
    overdue = d.one(
        "SELECT count(*) FROM requests WHERE status != 'closed' AND deadline < ?",
        TODAY.isoformat(),
    )[0]
    assert len(re.findall(r"▲超期\d+天", text)) == overdue > 0
    assert not FULL_ID.search(text)
    assert done.pages >= 2
    event = d.ws.events("export", "requests")[-1]
    assert event.value["rows"] == received


def test_register_with_filters(demo_set: DemoSet, out: Path) -> None:
    d = demo_set
    pid = d.project_id("XW-2024-003")
    spec = DocumentSpec("requests", register=RegisterFilter(project_id=pid, status="closed"))
    done = _generate(d, spec, out / "register-closed.pdf")
    text = flat_text(done.path)
    n = d.one("SELECT count(*) FROM requests WHERE project_id = ? AND status = 'closed'", pid)[0]
    assert "办理状态：已办结" in text and "旺庄路南侧旧住宅区房屋征收项目" in text
    assert n > 0 and f"共受理诉求{n}件，已办结{n}件" in text and "办结率100.0%" in text
    assert d.ws.events("export", pid)


def test_weekly_report(demo_set: DemoSet, out: Path) -> None:
    d = demo_set
    texts = WeeklyTexts("完成签约3户", "走访观望户12户", "春潮花园安置房交付推迟")
    spec = DocumentSpec("weekly", scope=Scope.all(), week=WEEK, texts=texts)
    done = _generate(d, spec, out / "weekly.pdf")
    text = flat_text(done.path)
    households = d.one("SELECT count(*) FROM households WHERE _deleted = 0")[0]
    assert f"共涉及被征收户{households}户" in text
    for (name,) in d.all("SELECT name FROM projects WHERE _deleted = 0"):
        assert name[:8] in text
    for phrase in ("完成签约3户", "走访观望户12户", "春潮花园安置房交付推迟", "2026年第48周"):
        assert phrase in text
    assert not FULL_ID.search(text) and not MOBILE.search(text)
    assert done.full_ids is False
    event = d.ws.events("export", "weekly:all:")[-1]
    assert event.value["week"] == WEEK


def test_notice_never_carries_numbers(demo_set: DemoSet, out: Path) -> None:
    d = demo_set
    pid = d.project_id("XW-2024-003")
    # full_ids is meaningless for a notice: it still prints none.
    spec = DocumentSpec("notice", project_id=pid, full_ids=True)
    done = _generate(d, spec, out / "notice.pdf")
    text = flat_text(done.path)
    assert not done.full_ids
    assert not FULL_ID.search(text) and not MOBILE.search(text)
    assert "********" not in text and "****" not in text
    for number in _ids_in_db(d):
        assert number not in text
    heads = [r[0] for r in d.all("SELECT head_name FROM households WHERE project_id = ?", pid)]
    assert heads and all(h in text for h in heads)
    assert d.ws.events("export", pid)[-1].value["rows"] == len(heads)


def test_preview_and_print_events(demo_set: DemoSet, out: Path) -> None:
    d = demo_set
    hid = d.flat_household
    before = len(d.ws.events(target_id=hid))

    def new_events() -> list[str]:
        return [e.field or "" for e in d.ws.events(target_id=hid)[before:]]

    masked = documents.generate(
        d.ws, DocumentSpec("household", household_id=hid), out / "pv.pdf", action="preview"
    )
    assert new_events() == []  # a masked preview shows nothing the screens do not
    documents.record_use(d.ws, masked, "print")
    assert new_events() == ["print"]
    full = documents.generate(
        d.ws,
        DocumentSpec("household", household_id=hid, full_ids=True),
        out / "pv-full.pdf",
        action="preview",
    )
    assert new_events() == ["print", "reveal"]
    assert d.ws.events(target_id=hid)[-1].value["full_ids"] is True
    documents.record_use(d.ws, full, "export", path=out / "saved.pdf")
    assert new_events() == ["print", "reveal", "export"]
    assert d.ws.events(target_id=hid)[-1].value["file"] == "saved.pdf"


def test_folder_output_and_refusals(demo_set: DemoSet, tmp_path: Path) -> None:
    d = demo_set
    hid = d.ticket_household
    done = documents.generate(d.ws, DocumentSpec("household", household_id=hid), tmp_path)
    head = d.ws.get("household", hid)["head_name"]
    assert done.path.parent == tmp_path and done.path.name.startswith(f"一户一档 {head}")
    assert done.path.suffix == ".pdf"
    with pytest.raises(UserError) as refused:
        documents.generate(d.ws, DocumentSpec("household", household_id=hid), tmp_path / "a.doc")
    assert refused.value.code == "doc_not_pdf"
    with pytest.raises(UserError) as refused:
        documents.generate(
            d.ws, DocumentSpec("household", household_id=hid), tmp_path / "no" / "a.pdf"
        )
    assert refused.value.code == "report_cannot_write"
    before = len(d.ws.events())
    with pytest.raises(UserError):
        documents.generate(d.ws, DocumentSpec("household", household_id="nope"), tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists() and len(d.ws.events()) == before
    with pytest.raises(UserError) as refused:
        DocumentSpec("brochure")
    assert refused.value.code == "doc_unknown_kind"
    assert sorted(p.name for p in tmp_path.iterdir()) == [done.path.name]  # no leftovers


def test_a_failed_build_leaves_no_file_and_no_event(
    demo_set: DemoSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    d = demo_set

    def broken(*args: object, **kwargs: object) -> int:
        raise RuntimeError("layout failed")

    prepared = documents.prepare(d.ws, DocumentSpec("visit_blank"))
    monkeypatch.setattr(documents, "render", broken)
    before = len(d.ws.events())
    with pytest.raises(RuntimeError):
        documents.generate(d.ws, prepared.spec, tmp_path / "x.pdf")
    assert list(tmp_path.iterdir()) == [] and len(d.ws.events()) == before
