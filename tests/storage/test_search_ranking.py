"""The finder's name ranking against a brute-force reference, and the cost of a name search not
growing with the number of households (issue 15: stop at the limit in SQL, rank in the index)."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.ids import uuid7
from storage import migrations, oplog, search
from storage.db import open_connection
from storage.oplog import Draft
from storage.search import MATCH_SCORES, find_households

# Few characters, so names collide, prefix one another and hold one another; "·" as in minority
# names (阿依·买买提), an emoji as in names that are only emoji. No digits or latin letters: those
# are number and pinyin queries, ranked by other stages.
ALPHABET = "王芳伟李明小·😀"
NAME_KINDS = ("name", "member_name", "name_prefix", "member_name_prefix", "name_part")
names = st.text(alphabet=ALPHABET, min_size=1, max_size=4)
households = st.lists(
    st.tuples(
        names,
        st.lists(names, max_size=3),
        st.sampled_from(["project-a", "project-b"]),
        st.sampled_from(["surveying", "signed"]),
    ),
    min_size=1,
    max_size=12,
)


def open_db(path: Path) -> sqlite3.Connection:
    conn = open_connection(path, bytes(32))
    migrations.migrate(conn, None)
    return conn


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated empty database, copied for each example (migrating costs more than a search)."""
    path = tmp_path_factory.mktemp("empty") / "empty.db"
    open_db(path).close()
    return path


def write(conn: sqlite3.Connection, drafts: list[Draft]) -> None:
    conn.execute("BEGIN IMMEDIATE")
    oplog.apply_ops(conn, oplog.new_local_ops(conn, "测试员", drafts))
    conn.execute("COMMIT")


def household_drafts(
    head: str, members: list[str], project: str = "project-a", state: str = "surveying"
) -> list[Draft]:
    household_id = uuid7()
    # Addresses of characters no name holds: address matches never mix into name ranking.
    values = {"project_id": project, "head_name": head, "address": "旺庄路1号", "state": state}
    drafts = [Draft("create", "household", household_id, None, values)]
    drafts += [
        Draft("create", "member", uuid7(), None, {"household_id": household_id, "name": name})
        for name in members
    ]
    return drafts


def reference(
    conn: sqlite3.Connection, term: str, project: str | None, state: str | None
) -> list[tuple[str, str, tuple[str, int]]]:
    """Every household a name matches, as (household id, match kind, order within the kind),
    in the documented rank: the kind (whole head name, whole member name, head name starting
    with the term, a member's name starting with it, the term inside a name); within a kind by
    the matching name (prefix kinds: the first such name in code-point order), then by the
    household's place in the index (search_id)."""
    found = []
    rows = conn.execute(
        "SELECT s.search_id, h.id, h.head_name, h.project_id, h.state FROM households h"
        " JOIN household_search s ON s.household_id = h.id WHERE h._deleted = 0"
    ).fetchall()
    for search_id, household_id, head, project_id, household_state in rows:
        if project is not None and project_id != project:
            continue
        if state is not None and household_state != state:
            continue
        members = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM members WHERE household_id = ? AND _deleted = 0", (household_id,)
            )
        ]
        head = head or ""
        if head == term:
            found.append((household_id, "name", ("", search_id)))
        elif term in members:
            found.append((household_id, "member_name", ("", search_id)))
        elif head.startswith(term):
            found.append((household_id, "name_prefix", (head, search_id)))
        elif any(name.startswith(term) for name in members):
            first = min(name for name in members if name.startswith(term))
            found.append((household_id, "member_name_prefix", (first, search_id)))
        elif any(term in name for name in [head, *members]):
            found.append((household_id, "name_part", ("", search_id)))
    return sorted(found, key=lambda hit: (NAME_KINDS.index(hit[1]), hit[2]))


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    data=households,
    pick=st.data(),
    limit=st.integers(min_value=1, max_value=8),
    project=st.sampled_from([None, "project-a"]),
    state=st.sampled_from([None, "signed"]),
)
def test_name_search_equals_a_brute_force_reference(
    tmp_path_factory: pytest.TempPathFactory,
    empty_db: Path,
    data: list[tuple[str, list[str], str, str]],
    pick: st.DataObject,
    limit: int,
    project: str | None,
    state: str | None,
) -> None:
    path = tmp_path_factory.mktemp("ranking") / "search.db"
    shutil.copy(empty_db, path)
    conn = open_connection(path, bytes(32))
    try:
        drafts = [d for head, members, p, s in data for d in household_drafts(head, members, p, s)]
        write(conn, drafts)
        every_name = [name for head, members, _, _ in data for name in [head, *members]]
        for _ in range(4):
            # A piece of a name that is there (1 to 4 characters), a whole name, or any text.
            name = pick.draw(st.sampled_from(every_name))
            start = pick.draw(st.integers(min_value=0, max_value=len(name) - 1))
            size = pick.draw(st.integers(min_value=1, max_value=len(name) - start))
            term = pick.draw(st.sampled_from([name[start : start + size], name]) | names)
            check(conn, search.normalize(term), limit, project, state)
    finally:
        conn.close()


def check(
    conn: sqlite3.Connection, term: str, limit: int, project: str | None, state: str | None
) -> None:
    expected = reference(conn, term, project, state)
    hits = find_households(conn, term, limit=limit, project_id=project, state=state)
    if not expected:
        assert not any(hit.matched[0] in NAME_KINDS for hit in hits)
        return
    got = [(hit.household_id, hit.matched[0]) for hit in hits]
    assert all(hit.score == MATCH_SCORES[hit.matched[0]] for hit in hits)
    want = [(household_id, kind) for household_id, kind, _ in expected]
    if len(term) == 1:
        # One character inside a name is found by scanning the names in index order: the kinds
        # are ranked, the order within that last kind is the index's.
        assert [kind for _, kind in got] == [kind for _, kind in want[:limit]]
        ahead = [hit for hit in want[:limit] if hit[1] != "name_part"]
        assert got[: len(ahead)] == ahead
        assert set(got) <= set(want)
    else:
        assert got == want[:limit], term


# --- cost -------------------------------------------------------------------------------------


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    connection = open_db(tmp_path / "search.db")
    yield connection
    connection.close()


def steps(conn: sqlite3.Connection, query: str, limit: int) -> int:
    """SQLite virtual-machine instructions the search runs (counted every 100): its work,
    independent of the machine's speed."""
    counted = [0]

    def tick() -> int:
        counted[0] += 1
        return 0

    conn.set_progress_handler(tick, 100)
    try:
        find_households(conn, query, limit=limit)
    finally:
        conn.set_progress_handler(None, 100)
    return counted[0]


@pytest.mark.parametrize(
    "query,limit",
    [("王芳", 5), ("芳", 5), ("小王芳", 5), ("王", 5), ("王芳", 20), ("小芳", 5)],
)
def test_a_name_search_does_not_read_every_household(
    conn: sqlite3.Connection, query: str, limit: int
) -> None:
    # Enough matches of every kind to fill the limit: head 王芳, member 王芳, head 王芳明,
    # member 王芳华, 小王芳 and 李小芳 (inside a name).
    matching = []
    for i in range(8):
        matching += household_drafts("王芳", [])
        matching += household_drafts("李四", ["王芳"])
        matching += household_drafts(f"王芳{'明亮'[i % 2]}", [])
        matching += household_drafts("赵六", ["王芳华"])
        matching += household_drafts("小王芳", [])
        matching += household_drafts("李小芳", [])
    write(conn, matching)
    before = steps(conn, query, limit)
    others = [d for i in range(600) for d in household_drafts(f"张{i}", [f"陈{i}"])]
    write(conn, others)
    after = steps(conn, query, limit)
    assert len(find_households(conn, query, limit=limit)) == limit
    # A scan of the names would do about 13 times the work (648 households against 48).
    assert after <= before * 1.5 + 10, (before, after)


def test_prefix_matches_come_in_name_order(conn: sqlite3.Connection) -> None:
    later_name = household_drafts("王芳明", [])
    earlier_name = household_drafts("王芳亮", [])  # 亮 U+4EAE sorts before 明 U+660E
    member = household_drafts("李四", ["王芳东"])
    write(conn, later_name + earlier_name + member)
    hits = find_households(conn, "王芳")
    assert [hit.household_id for hit in hits] == [
        earlier_name[0].entity_id,
        later_name[0].entity_id,
        member[0].entity_id,
    ]
    assert [hit.matched[0] for hit in hits] == ["name_prefix", "name_prefix", "member_name_prefix"]


@pytest.mark.parametrize("query", ["王芳", "王", "王芳明", "wfm", "wang", "旺庄路"])
def test_a_search_reads_no_wide_index_row(conn: sqlite3.Connection, query: str) -> None:
    """Every page read from the encrypted file is decrypted, and the wide rows of
    household_search (every name, pinyin and number tail) are too many to stay cached: stages
    and the final mapping to households read narrow indexes only (issue 11's search budget)."""
    write(conn, household_drafts("王芳明", ["张三"]) + household_drafts("李四", ["王芳"]))
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        assert find_households(conn, query)
    finally:
        conn.set_trace_callback(None)
    plans = []
    for sql in statements:  # with their values written in; "--" marks FTS5's own statements
        if not sql.startswith("--"):
            plans += [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
    wide = [
        step
        for step in plans
        if "household_search" in step.split(" USING ")[0] and "COVERING INDEX" not in step
    ]
    assert not wide, (statements, plans)
