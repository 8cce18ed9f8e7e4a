"""Lean derived tables (migration 11, storage/derived.py and storage/search.py): the list index
as a rowid table whose indexes hold a small integer key instead of the 36-character household
id, and the finder's FTS index without its own copy of the text — migrated from a database the
previous code wrote (tests/storage/fixtures/make_schema_v10.py.txt) with every list row and
finder row as before, and kept right by every later write."""

from __future__ import annotations

import re
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from domain import choices
from services import households
from services.households import HouseholdFilter
from services.workspace import Workspace
from storage import derived, migrations, opstore, project_keys, search
from storage.db import open_connection
from storage.statehash import state_hash
from tests.conftest import PROFILE

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT = {"code": "P-1", "name": "地块", "district": "新吴区", "sub_district": "旺庄街道"}
ATTITUDES = choices.ATTITUDES.codes()
SUMMARY = ", ".join(derived.SUMMARY_COLUMNS)


def _keyed(conn: sqlite3.Connection) -> bool:
    """The list index and finder hold projects as keys (schema 12 and later)."""
    return any(
        row[1] == "project_key" for row in conn.execute("PRAGMA table_info(household_summary)")
    )


def _derived(conn: sqlite3.Connection) -> tuple[object, ...]:
    """The list index's and the finder's content, projects named by their ids."""
    keyed = _keyed(conn)
    summary = conn.execute(
        f"SELECT {derived.SUMMARY_READ if keyed else SUMMARY} FROM household_summary"
        " ORDER BY household_id"
    ).fetchall()
    finder = conn.execute(
        f"SELECT search_id, household_id, {search.READ_COLUMNS if keyed else search.ROW_COLUMNS}"
        " FROM household_search ORDER BY 1"
    ).fetchall()
    keys = conn.execute("SELECT * FROM household_keys ORDER BY 1, 2, 3").fetchall()
    fts_rows = conn.execute("SELECT rowid FROM household_fts ORDER BY 1").fetchall()
    return summary, finder, keys, fts_rows


def _v10(path: Path) -> tuple[tuple[object, ...], str, list[str]]:
    """The schema-v10 fixture: its list index, finder and state as that code wrote them, and the
    households in the order they were made."""
    shutil.copy(FIXTURES / "schema-v10.db", path)
    with closing(sqlite3.connect(path)) as plain:
        opstore.register(plain)
        assert plain.execute("PRAGMA user_version").fetchone()[0] == 10
        made = [row[0] for row in plain.execute("SELECT id FROM households ORDER BY rowid")]
        return _derived(plain), state_hash(plain), made


def _table_sql(ws: Workspace, name: str) -> str:
    return str(
        ws.read(
            lambda db: db.conn.execute(
                "SELECT sql FROM sqlite_master WHERE name = ?", (name,)
            ).fetchone()[0]
        )
    )


def test_migration_11_keeps_the_list_index_and_the_finder(tmp_path: Path) -> None:
    path = tmp_path / "v10.db"
    before, before_state, made = _v10(path)
    assert len(before[0]) == 29  # 30 households, one deleted
    with Workspace.open(path) as ws:
        assert ws.store.migrations_applied == [
            name for version, name, _ in migrations.MIGRATIONS if version > 10
        ]
        # the address keys in their compact form (the padded ones of schema 10 turn into them)
        at = derived.SUMMARY_COLUMNS.index("address_key")
        compact = [
            (*row[:at], derived.natural_key(row[at]), *row[at + 1 :])
            for row in before[0]  # type: ignore[attr-defined]
        ]
        assert compact != before[0]
        assert ws.read(lambda db: _derived(db.conn)) == (compact, *before[1:])
        assert ws.read(lambda db: state_hash(db.conn)) == before_state
        assert "list_key INTEGER PRIMARY KEY" in _table_sql(ws, "household_summary")
        assert "WITHOUT ROWID" not in _table_sql(ws, "household_summary")
        assert "contentless_delete = 1" in _table_sql(ws, "household_fts")
        # equal rows keep the finder's order (migration 14 numbers the list index as the finder:
        # the order households were made in, by household id within one save)
        live = [h for h in made if h in {row[0] for row in before[0]}]
        keyed = ws.read(
            lambda db: [
                row[0]
                for row in db.conn.execute("SELECT household_id FROM household_summary ORDER BY 1")
            ]
        )
        assert sorted(keyed) == sorted(live)
        by_key = ws.read(
            lambda db: [
                row[0]
                for row in db.conn.execute(
                    "SELECT household_id FROM household_summary ORDER BY list_key"
                )
            ]
        )
        by_search_id = ws.read(
            lambda db: [
                row[0]
                for row in db.conn.execute(
                    "SELECT household_id FROM household_search ORDER BY search_id"
                )
            ]
        )
        assert by_key == by_search_id and sorted(by_key) == sorted(live)
        # the list still pages in address order, and the finder still finds by 3+ characters
        # (FTS), by two (keys) and by pinyin
        page = households.list_page(ws, HouseholdFilter(), limit=1000)
        keys = [derived.natural_key(row["address"]) for row in page]
        assert keys == sorted(keys) and len(page) == 29
        head = page[0]["head_name"]
        address = page[0]["address"]
        assert page[0]["id"] in [hit["id"] for hit in households.find(ws, address[-4:])]
        assert page[0]["id"] in [hit["id"] for hit in households.find(ws, head)]
        assert households.find(ws, "欧阳新户主")[0]["head_name"] == "欧阳新户主"


def test_new_database_has_the_lean_shapes(ws: Workspace) -> None:
    assert "list_key INTEGER PRIMARY KEY" in _table_sql(ws, "household_summary")
    assert "contentless_delete = 1" in _table_sql(ws, "household_fts")
    due_by = _table_sql(ws, "household_summary_due_by")
    assert due_by.endswith("project_key, household_id)")


def _plan(ws: Workspace, sql: str, *args: object) -> list[str]:
    return ws.read(
        lambda db: [row[3] for row in db.conn.execute("EXPLAIN QUERY PLAN " + sql, args)]
    )


def test_pages_and_due_visits_are_read_from_the_indexes(ws: Workspace) -> None:
    """A list page in any sort order is a walk of one index (its entries end in list_key); the Today page's due visits name their households from the due-date index alone."""
    project = ws.create("project", PROJECT)
    households.create_household(ws, {"project_id": project, "head_name": "王芳", "address": "1号"})
    for sort, column in households.SORTABLE.items():
        for direction in ("ASC", "DESC"):
            plan = _plan(
                ws,
                "SELECT s.list_key FROM household_summary s WHERE 1"
                f" ORDER BY s.{column} {direction}, s.list_key {direction} LIMIT 100 OFFSET 0",
            )
            # never a sort of the whole list (by next visit, ties on one date are put in
            # list_key order as they are read, as they were in household id order before)
            assert "USE TEMP B-TREE FOR ORDER BY" not in plan, (sort, plan)
            assert any("household_summary_" in step for step in plan), (sort, plan)
    plan = _plan(
        ws,
        "SELECT s.list_key FROM household_summary s"
        f" WHERE s.project_key = {project_keys.KEY_OF}"
        " ORDER BY s.address_key, s.list_key LIMIT 100",
        project,
    )
    assert plan == [
        "SEARCH s USING COVERING INDEX household_summary_project_address (project_key=?)",
        "SCALAR SUBQUERY 1",
        "SEARCH project_keys USING COVERING INDEX sqlite_autoindex_project_keys_1 (project_id=?)",
    ], plan
    plan = _plan(
        ws,
        "SELECT household_id, project_key FROM household_summary"
        " WHERE next_visit_due IS NOT NULL AND next_visit_due <= ?"
        " AND coalesce(state, '') != 'completed' AND caseworker = ?",
        "2026-12-01",
        "李明",
    )
    assert len(plan) == 1 and "COVERING INDEX household_summary_due_by" in plan[0], plan


def _list_keys(ws: Workspace) -> dict[str, int]:
    return dict(
        ws.read(
            lambda db: db.conn.execute("SELECT household_id, list_key FROM household_summary")
        ).fetchall()
    )


@settings(max_examples=10, deadline=None)
@given(
    edits=st.lists(
        st.tuples(
            st.integers(0, 4),
            st.sampled_from(["head_name", "attitude", "address", "visit", "delete"]),
            st.text(min_size=1, max_size=12),
        ),
        max_size=8,
    )
)
def test_a_household_keeps_its_list_key_through_any_edit(
    tmp_path_factory: object, edits: list[tuple[int, str, str]]
) -> None:
    """Whatever is written, the list index holds the live households with the figures a rebuild
    from the rows gives, and a household that stays keeps the key its row was made with (equal
    rows keep their place in the list)."""
    folder = tmp_path_factory.mktemp("keys")  # type: ignore[attr-defined]
    with Workspace.open(folder / "k.db") as ws:
        ws.init_profile(PROFILE)
        project = ws.create("project", PROJECT)
        made = [
            households.create_household(
                ws, {"project_id": project, "head_name": f"户主{n}", "address": f"{n}号"}
            )
            for n in range(5)
        ]
        first = _list_keys(ws)
        deleted: set[str] = set()
        for n, what, text in edits:
            household = made[n]
            if household in deleted:
                continue
            if what == "delete":
                households.delete_household(ws, household, "测试")
                deleted.add(household)
            elif what == "visit":
                ws.create(
                    "visit",
                    {
                        "household_id": household,
                        "visited_on": "2026-12-01",
                        "caseworkers": text,
                        "next_visit_due": f"2026-12-{2 + len(text):02d}",
                    },
                )
            elif what == "attitude":
                ws.update("household", household, {what: ATTITUDES[len(text) % len(ATTITUDES)]})
            else:
                ws.update("household", household, {what: text})
        keys = _list_keys(ws)
        assert set(keys) == set(made) - deleted
        assert all(keys[h] == first[h] for h in keys)
        rows = ws.read(
            lambda db: db.conn.execute(
                f"SELECT {derived.SUMMARY_READ} FROM household_summary ORDER BY household_id"
            ).fetchall()
        )

        def rebuilt(db: object) -> list[object]:
            conn = db.conn  # type: ignore[attr-defined]
            conn.execute("DELETE FROM household_summary")
            derived.refresh_summary(conn, [r[0] for r in conn.execute("SELECT id FROM households")])
            return conn.execute(
                f"SELECT {derived.SUMMARY_READ} FROM household_summary ORDER BY household_id"
            ).fetchall()

        assert ws.store.write(rebuilt) == rows


def test_an_upgrade_that_frees_a_twelfth_of_the_file_gives_it_back(tmp_path: Path) -> None:
    """Migration 11 at 100 000 households rewrites the list index and the FTS index and leaves
    8.8 % of the file free (bench/results/storage.md): the upgrade ends with a VACUUM."""
    with closing(open_connection(tmp_path / "f.db", None)) as conn:
        conn.execute("CREATE TABLE filler (n INTEGER PRIMARY KEY, data BLOB)")
        conn.executemany(
            "INSERT INTO filler (data) VALUES (?)", [(bytes(3000),) for _ in range(1000)]
        )
        conn.execute("DELETE FROM filler WHERE n % 12 = 0")  # one page in twelve freed
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        free = conn.execute("PRAGMA freelist_count").fetchone()[0]
        assert 0.07 < free / pages < 0.1
        migrations._vacuum_if_any_free(conn)
        assert conn.execute("PRAGMA freelist_count").fetchone()[0] == 0


def _padded_key(text: str) -> str:
    """The address sort key up to schema 10: every run of digits zero-padded to ten."""
    return re.sub(r"\d+", lambda m: m.group().zfill(10), text)


def _sign(a: str, b: str) -> int:
    return (a > b) - (a < b)


ADDRESS_TEXT = st.text(alphabet=st.sampled_from("0123456789０３栋单元室号-A ")) | st.text(
    max_size=30
)


@given(a=ADDRESS_TEXT, b=ADDRESS_TEXT)
def test_the_compact_address_key_sorts_as_the_padded_one(a: str, b: str) -> None:
    """Migration 11's address key writes each run of digits as its length and its digits (3栋 ->
    '13栋', 1501室 -> '41501室') where the old one padded it to ten: the same order for every
    address whose numbers have up to ten digits, in fewer bytes."""
    runs = [len(m.group()) for m in re.finditer(r"\d+", a + " " + b)]
    assume(all(n <= 10 for n in runs))
    assert _sign(derived.natural_key(a), derived.natural_key(b)) == _sign(  # type: ignore[arg-type]
        _padded_key(a), _padded_key(b)
    )
    assert len(derived.natural_key(a) or "") <= len(_padded_key(a))


def test_the_address_key_puts_3_before_10() -> None:
    keys = ["10栋", "3栋", "3栋2单元", "3栋10单元", "003栋1单元", "1234567890号", "99号"]
    assert sorted(keys, key=lambda k: derived.natural_key(k) or "") == [
        "3栋", "003栋1单元", "3栋2单元", "3栋10单元", "10栋", "99号", "1234567890号",
    ]  # fmt: skip
    assert derived.natural_key("华庄新村1栋1单元101室") == "华庄新村11栋11单元3101室"
