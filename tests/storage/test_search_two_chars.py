"""A two-character term that few names hold goes on to the address stage. FTS5's trigrams find
nothing under three characters, so that stage scanned every household's address (~7 ms at
100 000 households, bench/results/search.md). The trigrams that start with the two characters,
read from the FTS index's own term list, name the rows instead; a term many addresses hold
still scans, and meets the limit within a few pages."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.ids import uuid7
from storage import migrations, oplog, search
from storage.db import open_connection
from storage.oplog import Draft
from storage.search import find_households


def open_db(path: Path) -> sqlite3.Connection:
    conn = open_connection(path, bytes(32))
    migrations.migrate(conn, None)
    return conn


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    connection = open_db(tmp_path / "search.db")
    yield connection
    connection.close()


def write(conn: sqlite3.Connection, households: list[tuple[str, str, str]]) -> list[str]:
    """Households (head's name, address, project) written through the op log; their ids."""
    made = []
    drafts = []
    for head, address, project in households:
        household_id = uuid7()
        made.append(household_id)
        values = {"project_id": project, "head_name": head, "address": address}
        drafts.append(Draft("create", "household", household_id, None, values))
    conn.execute("BEGIN IMMEDIATE")
    oplog.apply_ops(conn, oplog.new_local_ops(conn, "测试员", drafts))
    conn.execute("COMMIT")
    return made


def statements(conn: sqlite3.Connection, query: str, **filters: str) -> list[str]:
    ran: list[str] = []
    conn.set_trace_callback(ran.append)
    try:
        find_households(conn, query, **filters)
    finally:
        conn.set_trace_callback(None)
    return ran


def test_a_rare_two_character_term_does_not_scan_the_addresses(
    conn: sqlite3.Connection,
) -> None:
    ids = write(
        conn,
        [("过勇", "旺庄路1号", "p")]
        + [(f"李{n}", f"旺庄路{n}号", "p") for n in range(60)]
        + [("张三", "过勇巷2号", "p"), ("王五", "春潮花园3栋过勇", "q")],
    )
    for filters in ({}, {"project_id": "p"}):
        ran = statements(conn, "过勇", **filters)
        assert not [sql for sql in ran if "instr(s.address" in sql], ran
    hits = find_households(conn, "过勇")
    # (the address stage is unscored: its two in the index's order)
    assert hits[0].household_id == ids[0] and hits[0].matched == ("name",)
    assert {hit.household_id for hit in hits[1:]} == {ids[-2], ids[-1]}
    assert [hit.matched for hit in hits[1:]] == [("address",), ("address",)]
    assert [hit.household_id for hit in find_households(conn, "过勇", project_id="q")] == [ids[-1]]
    # a term no address holds: the term list says so, and no row is read
    ran = statements(conn, "赵钱")
    assert not [sql for sql in ran if "household_search" in sql or "{address}" in sql], ran


def test_a_term_many_addresses_hold_scans_and_stops_at_the_limit(
    conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "TRIGRAM_ROWS", 20)
    write(conn, [(f"李{n}", f"旺庄路{n}号", "p") for n in range(60)])
    assert any("instr(s.address" in sql for sql in statements(conn, "旺庄"))
    assert len(find_households(conn, "旺庄", limit=50)) == 50


def test_without_the_term_list_the_addresses_are_scanned(conn: sqlite3.Connection) -> None:
    """A file opened read-only before migration 15 has no term list: the scan answers."""
    household = write(conn, [("李明", "过勇巷2号", "p")])
    conn.execute("DROP TABLE household_fts_terms")
    assert [hit.household_id for hit in find_households(conn, "过勇")] == household


# Characters that collide, an emoji, a letter, a digit and the last code point; a space only
# between address words.
ADDRESS_ALPHABET = "旺庄过勇3栋a😀·\U0010ffff"
households = st.lists(
    st.tuples(
        st.text(alphabet="李过勇", min_size=1, max_size=3),
        st.text(alphabet=ADDRESS_ALPHABET + " ", min_size=0, max_size=8),
        st.sampled_from(["p", "q"]),
    ),
    min_size=1,
    max_size=10,
)


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("empty") / "empty.db"
    open_db(path).close()
    return path


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    data=households,
    term=st.text(alphabet=ADDRESS_ALPHABET, min_size=2, max_size=2),
    project=st.sampled_from([None, "p"]),
    limit=st.integers(min_value=1, max_value=12),
)
def test_the_term_list_finds_what_the_scan_finds(
    tmp_path_factory: pytest.TempPathFactory,
    empty_db: Path,
    data: list[tuple[str, str, str]],
    term: str,
    project: str | None,
    limit: int,
) -> None:
    """Every household whose address holds the term, by either path: the same set (and within
    the limit, as many); and each path's hits are what the brute force names."""
    path = tmp_path_factory.mktemp("two") / "search.db"
    shutil.copy(empty_db, path)
    conn = open_connection(path, bytes(32))
    try:
        write(conn, data)
        stored = conn.execute(
            "SELECT household_id, names, address, (SELECT project_id FROM households h"
            " WHERE h.id = household_id) FROM household_search"
        ).fetchall()
        expected = {
            household_id
            for household_id, names, address, project_id in stored
            if (term in names or term in address) and project in (None, project_id)
        }
        found = {
            hit.household_id for hit in find_households(conn, term, limit=100, project_id=project)
        }
        assert found == expected
        limited = find_households(conn, term, limit=limit, project_id=project)
        assert len(limited) == min(limit, len(expected))
        assert {hit.household_id for hit in limited} <= expected
        scanned = search.TRIGRAM_ROWS
        search.TRIGRAM_ROWS = -1  # every term scans
        try:
            by_scan = find_households(conn, term, limit=100, project_id=project)
        finally:
            search.TRIGRAM_ROWS = scanned
        assert {hit.household_id for hit in by_scan} == found
    finally:
        conn.close()


def test_an_upgraded_file_gets_the_term_list(tmp_path: Path) -> None:
    """Migration 15 on a schema-12 file: the term list answers two-character address terms
    as the scan did."""
    from services.workspace import Workspace
    from storage import keyring
    from tests.storage.test_finder_list_keys import FIXTURES

    path = tmp_path / "doorstep.db"
    shutil.copy(FIXTURES / "schema-v12-4k.db", path)
    shutil.copy(FIXTURES / "schema-v12-4k-db.key", keyring.key_file_path(path))
    with Workspace.open(path) as ws:

        def both(db: sqlite_utils.Database, term: str) -> tuple[set[str], set[str]]:
            conn = db.conn
            found = {hit.household_id for hit in find_households(conn, term, limit=999)}
            held = {
                row[0]
                for row in conn.execute(
                    "SELECT household_id FROM household_search WHERE instr(names, ?)"
                    " OR instr(address, ?)",
                    (term, term),
                )
            }
            return found, held

        listed = ws.read(
            lambda db: db.conn.execute("SELECT count(*) FROM household_fts_terms").fetchone()[0]
        )
        assert listed > 0
        addresses = ws.read(
            lambda db: [row[0] for row in db.conn.execute("SELECT address FROM household_search")]
        )
        terms = {a.strip()[i : i + 2] for a in addresses for i in range(0, len(a.strip()) - 1)}
        terms = {t for t in terms if " " not in t}
        assert terms
        for term in sorted(terms)[:40]:
            found, held = ws.read(lambda db, t=term: both(db, t))
            assert found == held, term


def test_a_term_followed_by_the_last_code_point_is_found(conn: sqlite3.Connection) -> None:
    """The trigram 过勇 + U+10FFFF is the last that starts with 过勇: the range includes it."""
    household = write(conn, [("李明", "过勇\U0010ffff", "p")])
    assert [hit.household_id for hit in find_households(conn, "过勇")] == household
