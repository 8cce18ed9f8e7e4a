"""The lossless round trip: a workbook exported with every record kind, imported into an empty
database, gives back every record with every field (states, project codes, members, visits,
requests and their progress, tickets and their uses, flats) — a Hypothesis property over random
demo data. Attachments are files, not cells, and stay out of it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.records import ENTITIES
from services import demo, xlsx_export, xlsx_import
from services.workspace import Workspace
from services.xlsx_records import RECORD_SHEETS
from tests.services.report_kit import PROFILE, TODAY

KINDS = ("project", "household", *(r.entity for r in RECORD_SHEETS))
TYPED_FIELDS = (("household", "notes"), ("visit", "explained"), ("request", "summary"))
hostile_text = (
    st.one_of(
        st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=300),
        st.sampled_from(
            ['=HYPERLINK("http://x","y")', "+1", "@A1", "-1", "_x0041_", "a\x1bb", "长" * 4000]
        ),
    )
    .map(lambda t: t.replace("\r\n", "\n").replace("\r", "\n").strip())
    .filter(bool)
)


def content(ws: Workspace) -> dict[str, list[str]]:
    """Every live record of each kind, ids replaced by what they point to (recursively), as
    sorted JSON: two databases holding the same records compare equal."""

    def read(db: Any) -> dict[str, dict[str, dict[str, Any]]]:
        found: dict[str, dict[str, dict[str, Any]]] = {}
        for kind in KINDS:
            spec = ENTITIES[kind]
            rows = db.query(f"SELECT * FROM [{spec.table}] WHERE _deleted = 0")
            found[kind] = {r["id"]: {f: r[f] for f in spec.field_names} for r in rows}
        return found

    records = ws.read(read)

    def key(kind: str, record_id: str | None) -> Any:
        if record_id is None:
            return None
        values = records[kind][record_id]
        spec = ENTITIES[kind]
        return {
            f.name: key(f.ref, values[f.name]) if f.ref else values[f.name] for f in spec.fields
        }

    return {
        kind: sorted(json.dumps(key(kind, rid), ensure_ascii=False, sort_keys=True) for rid in ids)
        for kind, ids in records.items()
    }


def fresh(path: Path) -> Workspace:
    ws = Workspace.open(path)
    ws.init_profile(PROFILE)
    return ws


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    households=st.integers(min_value=1, max_value=24),
    seed=st.integers(0, 10_000),
    typed=st.lists(hostile_text, min_size=3, max_size=3),
)
def test_export_then_import_into_an_empty_database_loses_nothing(
    tmp_path_factory: Any, households: int, seed: int, typed: list[str]
) -> None:
    folder = tmp_path_factory.mktemp("roundtrip")
    source = fresh(folder / "source.db")
    demo.load_demo(source, households, seed=seed, today=TODAY)
    # Text a person may type: formulas, control characters, "_x0041_", line breaks, emoji.
    for (entity, field), value in zip(TYPED_FIELDS, typed, strict=True):
        first = source.read(
            lambda db, e=entity: db.conn.execute(
                f"SELECT id FROM [{ENTITIES[e].table}] ORDER BY id LIMIT 1"
            ).fetchone()
        )
        if first is not None:
            source.update(entity, first[0], {field: value})
    out = folder / "全部.xlsx"
    xlsx_export.export_households(source, out, full_ids=True)
    target = fresh(folder / "target.db")
    sheet = xlsx_import.read_sheet(out)
    mapping = xlsx_import.suggest_mapping(sheet)
    plan = xlsx_import.dry_run(target, sheet, mapping, None)
    assert plan.problem_lines() == []
    result = xlsx_import.import_households(target, sheet, mapping, None)
    assert result.imported == len(plan.rows)
    assert content(target) == content(source)
    # and read back once more, everything is a duplicate: nothing doubles
    again = xlsx_import.dry_run(target, sheet, mapping, None)
    assert again.ok_rows == [] and again.duplicates == len(again.rows)
    source.close()
    target.close()


def test_two_enterprises_at_one_address_are_not_duplicates(tmp_path: Path) -> None:
    ws = fresh(tmp_path / "a.db")
    demo.load_demo(ws, 0, seed=1, today=TODAY)
    code = ws.read(lambda db: db.conn.execute("SELECT code FROM projects LIMIT 1").fetchone()[0])
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["项目编号", "企业名称", "统一社会信用代码", "地址", "状态", "签约日期"])
    sheet.append([code, "无锡甲机械有限公司", None, "新华路88号", "已签约", dt.date(2026, 5, 1)])
    sheet.append([code, "无锡乙电子有限公司", None, "新华路88号", None, None])
    sheet.append([code, "无锡乙电子有限公司", None, "新华路 88 号", None, None])  # duplicate
    path = tmp_path / "企业.xlsx"
    book.save(path)
    read = xlsx_import.read_sheet(path)
    plan = xlsx_import.dry_run(ws, read, xlsx_import.suggest_mapping(read), None)
    assert [r.row for r in plan.ok_rows] == [2, 3]
    assert plan.duplicates == 1 and "第 3 行" in plan.rows[2].problems[0]
    result = xlsx_import.import_households(ws, read, xlsx_import.suggest_mapping(read), None)
    states = [ws.get("household", h)["state"] for h in result.household_ids]
    assert states == ["signed", "surveying"]
