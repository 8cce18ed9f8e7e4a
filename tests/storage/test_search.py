"""The household finder over a real database file: the schema from the migrations, rows written
through the op log (so the finder is refreshed the way the application refreshes it)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from domain.ids import uuid7
from domain.ops import DELETED
from storage import migrations, oplog, search
from storage.db import open_connection
from storage.oplog import Draft
from storage.search import SearchHit, find_households

PROJECT = "project-a"
OTHER_PROJECT = "project-b"


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    connection = open_connection(tmp_path / "search.db", bytes(32))
    migrations.migrate(connection, None)
    yield connection
    connection.close()


def write(conn: sqlite3.Connection, drafts: list[Draft]) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        oplog.apply_ops(conn, oplog.new_local_ops(conn, "测试员", drafts))
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def add(
    conn: sqlite3.Connection,
    head: str,
    address: str = "旺庄路1号",
    members: tuple[str | dict[str, Any], ...] = (),
    **fields: Any,
) -> str:
    household_id = uuid7()
    values = {"project_id": PROJECT, "head_name": head, "address": address, **fields}
    drafts = [Draft("create", "household", household_id, None, values)]
    for member in members:
        data = {"name": member} if isinstance(member, str) else dict(member)
        drafts.append(
            Draft("create", "member", uuid7(), None, {"household_id": household_id, **data})
        )
    write(conn, drafts)
    return household_id


def delete(entity: str, record_id: str) -> Draft:
    return Draft("delete", entity, record_id, DELETED, True)


def ids(hits: list[SearchHit]) -> list[str]:
    return [hit.household_id for hit in hits]


def kinds(hits: list[SearchHit]) -> list[str]:
    return [hit.matched[0] for hit in hits]


# --- names ------------------------------------------------------------------------------------


def test_one_and_two_character_names(conn: sqlite3.Connection) -> None:
    wang_fang = add(conn, "王芳")
    wang_wei = add(conn, "王伟")
    add(conn, "李明")
    assert set(ids(find_households(conn, "王"))) == {wang_fang, wang_wei}
    assert find_households(conn, "王伟") == [SearchHit(wang_wei, 100, ("name",))]
    assert ids(find_households(conn, "芳")) == [wang_fang]


def test_ranking_exact_then_prefix_then_part_then_address(conn: sqlite3.Connection) -> None:
    by_address = add(conn, "赵六", address="王伟路8号")
    part = add(conn, "李王伟")
    member_prefix = add(conn, "钱七", members=("王伟东",))
    head_prefix = add(conn, "王伟明")
    member_exact = add(conn, "孙八", members=("王伟",))
    head_exact = add(conn, "王伟")
    hits = find_households(conn, "王伟")
    assert ids(hits) == [head_exact, member_exact, head_prefix, member_prefix, part, by_address]
    assert kinds(hits) == [
        "name",
        "member_name",
        "name_prefix",
        "member_name_prefix",
        "name_part",
        "address",
    ]
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)


def test_three_or_more_characters_use_trigrams(conn: sqlite3.Connection) -> None:
    target = add(conn, "章金伟", members=("欧阳建华",))
    add(conn, "章金")
    assert find_households(conn, "章金伟") == [SearchHit(target, 100, ("name",))]
    assert ids(find_households(conn, "欧阳建华")) == [target]
    assert kinds(find_households(conn, "欧阳建")) == ["member_name_prefix"]
    assert kinds(find_households(conn, "金伟")) == ["name_part"]


def test_limit(conn: sqlite3.Connection) -> None:
    for given in "一二三四五":
        add(conn, "王" + given)
    assert len(find_households(conn, "王", limit=3)) == 3
    assert len(find_households(conn, "wang", limit=2)) == 2
    assert find_households(conn, "王", limit=0) == []


def test_empty_query_finds_nothing(conn: sqlite3.Connection) -> None:
    add(conn, "王芳")
    assert find_households(conn, "") == []
    assert find_households(conn, "   ") == []


# --- pinyin -----------------------------------------------------------------------------------


def test_initials(conn: sqlite3.Connection) -> None:
    target = add(conn, "章金伟")
    add(conn, "张三")
    assert find_households(conn, "zjw") == [SearchHit(target, 70, ("initials",))]
    assert find_households(conn, "ZJW") == [SearchHit(target, 70, ("initials",))]
    assert set(kinds(find_households(conn, "z"))) == {"initials_prefix"}
    assert len(find_households(conn, "z")) == 2


def test_full_pinyin_and_prefixes(conn: sqlite3.Connection) -> None:
    target = add(conn, "章金伟")
    other = add(conn, "张静")
    assert find_households(conn, "zhangjinwei") == [SearchHit(target, 68, ("pinyin",))]
    assert find_households(conn, "zhang jin wei") == [SearchHit(target, 68, ("pinyin",))]
    # Within a stage keys come in key order (the B-tree's, so the lookup can stop early).
    assert ids(find_households(conn, "zhangj")) == [other, target]  # zhangjing < zhangjinwei
    assert set(ids(find_households(conn, "zhang"))) == {target, other}


def test_member_names_are_found_by_pinyin(conn: sqlite3.Connection) -> None:
    target = add(conn, "李明", members=("王秀英",))
    assert ids(find_households(conn, "wxy")) == [target]
    assert ids(find_households(conn, "wangxiuying")) == [target]


def test_surname_readings(conn: sqlite3.Connection) -> None:
    shan = add(conn, "单建国")
    ding = add(conn, "丁建国")
    zeng = add(conn, "曾国强")
    ou = add(conn, "区伟")
    assert find_households(conn, "sjg") == [SearchHit(shan, 70, ("initials",))]
    # The dictionary reading of 单 (dān) still finds him, below a real dān/dīng reading.
    hits = find_households(conn, "djg")
    assert ids(hits) == [ding, shan]
    assert kinds(hits) == ["initials", "initials_other_reading"]
    assert ids(find_households(conn, "zengguoqiang")) == [zeng]
    assert ids(find_households(conn, "zengg")) == [zeng]
    assert ids(find_households(conn, "zgq")) == [zeng]
    assert ids(find_households(conn, "ouwei")) == [ou]


def test_name_matches_outrank_pinyin_matches(conn: sqlite3.Connection) -> None:
    by_name = add(conn, "li")  # a latin name is its own pinyin key
    by_pinyin = add(conn, "李四")
    assert ids(find_households(conn, "li")) == [by_name, by_pinyin]


# --- address ----------------------------------------------------------------------------------


def test_address_fragments(conn: sqlite3.Connection) -> None:
    wangzhuang = add(
        conn,
        "王芳",
        address="春潮花园3栋2单元501室",
        district="新吴区",
        sub_district="旺庄街道",
        building="3栋",
    )
    shuofang = add(conn, "李明", address="新光村13栋", district="新吴区", sub_district="硕放街道")
    assert find_households(conn, "旺庄街道") == [SearchHit(wangzhuang, 40, ("address",))]
    assert ids(find_households(conn, "旺庄")) == [wangzhuang]
    assert set(ids(find_households(conn, "3栋"))) == {wangzhuang, shuofang}
    assert ids(find_households(conn, "３栋")) == ids(find_households(conn, "3栋"))  # full width
    assert ids(find_households(conn, "春潮花园3栋")) == [wangzhuang]
    assert ids(find_households(conn, "501")) == [wangzhuang]
    assert set(ids(find_households(conn, "新吴区"))) == {wangzhuang, shuofang}


def test_letters_in_an_address(conn: sqlite3.Connection) -> None:
    target = add(conn, "王芳", address="金城苑B座")
    assert ids(find_households(conn, "b座")) == [target]
    assert ids(find_households(conn, "B座")) == [target]


# --- numbers ----------------------------------------------------------------------------------


def test_last_four_of_id_or_phone(conn: sqlite3.Connection) -> None:
    by_id = add(conn, "王芳", head_id_number="320214194803091234")
    by_phone = add(conn, "李明", phone="138 0000 1234")
    by_member = add(conn, "赵六", members=({"name": "赵小六", "id_number": "32021420100101567X"},))
    hits = find_households(conn, "1234")
    assert ids(hits) == [by_id, by_phone]
    assert kinds(hits) == ["id_tail", "phone_tail"]
    assert ids(find_households(conn, "567x")) == [by_member]
    assert ids(find_households(conn, "567X")) == [by_member]
    assert find_households(conn, "9999") == []


def test_address_outranks_tails(conn: sqlite3.Connection) -> None:
    by_tail = add(conn, "王芳", phone="13800001503")
    by_room = add(conn, "李明", address="春潮花园1503室")
    assert ids(find_households(conn, "1503")) == [by_room, by_tail]


def test_whole_numbers_and_suffixes(conn: sqlite3.Connection) -> None:
    target = add(conn, "王芳", phone="13812345678", head_id_number="320214194803091234")
    add(conn, "李明", phone="13999995678")  # same tail, different number
    assert find_households(conn, "13812345678") == [SearchHit(target, 21, ("phone_suffix",))]
    assert find_households(conn, "12345678") == [SearchHit(target, 21, ("phone_suffix",))]
    assert find_households(conn, "320214194803091234") == [SearchHit(target, 22, ("id_suffix",))]
    assert find_households(conn, "88885678") == []


# --- what the index holds ---------------------------------------------------------------------


def test_deleted_households_are_never_found(conn: sqlite3.Connection) -> None:
    gone = add(conn, "王芳", phone="13812345678", members=("李四",))
    kept = add(conn, "王芳")
    write(conn, [delete("household", gone)])
    for query in ("王芳", "王", "wf", "wangfang", "1234", "李四", "旺庄路", "13812345678"):
        assert gone not in ids(find_households(conn, query)), query
    assert ids(find_households(conn, "王芳")) == [kept]
    assert conn.execute(
        "SELECT count(*) FROM household_search WHERE household_id = ?", (gone,)
    ).fetchone() == (0,)


def test_member_changes_reach_the_index(conn: sqlite3.Connection) -> None:
    household = add(conn, "王芳")
    member = uuid7()
    write(
        conn, [Draft("create", "member", member, None, {"household_id": household, "name": "李四"})]
    )
    assert ids(find_households(conn, "李四")) == [household]
    write(conn, [Draft("set", "member", member, "name", "李五")])
    assert find_households(conn, "李四") == []
    assert find_households(conn, "lisi") == []
    assert find_households(conn, "lw") == [SearchHit(household, 70, ("initials",))]
    assert ids(find_households(conn, "李五")) == [household]
    write(conn, [delete("member", member)])
    assert find_households(conn, "李五") == []
    assert find_households(conn, "lw") == []
    assert ids(find_households(conn, "王芳")) == [household]


def test_household_edits_reach_the_index(conn: sqlite3.Connection) -> None:
    household = add(conn, "王芳", address="旺庄路1号")
    write(conn, [Draft("set", "household", household, "head_name", "王芬")])
    write(conn, [Draft("set", "household", household, "address", "春潮路9号")])
    assert find_households(conn, "王芳") == []
    assert find_households(conn, "wangfang") == []
    assert ids(find_households(conn, "王芬")) == [household]
    assert ids(find_households(conn, "春潮路")) == [household]
    assert find_households(conn, "旺庄路") == []


def index_state(conn: sqlite3.Connection) -> tuple[list[Any], ...]:
    return (
        conn.execute(
            f"SELECT household_id, {search.READ_COLUMNS} FROM household_search"
            " ORDER BY household_id"
        ).fetchall(),
        conn.execute(
            "SELECT s.household_id, k.kind, k.key FROM household_keys k"
            " JOIN household_search s USING (search_id) ORDER BY 1, 2, 3"
        ).fetchall(),
        conn.execute(
            "SELECT s.household_id, f.names, f.address FROM household_fts f"
            " JOIN household_search s ON s.search_id = f.rowid ORDER BY 1"
        ).fetchall(),
    )


def test_refresh_is_idempotent_and_equals_a_rebuild(conn: sqlite3.Connection) -> None:
    kept = add(conn, "单建国", members=("曾小明", {"name": "李四", "phone": "13800001111"}))
    gone = add(conn, "王芳")
    add(conn, "欧阳修", head_id_number="32021419480309123X")
    write(conn, [delete("household", gone)])
    before = index_state(conn)
    assert len(before[0]) == 2
    assert len(before[2]) == 2  # FTS rows: exactly one per index row
    keys = {(kind, key) for household_id, kind, key in before[1] if household_id == kept}
    assert (search.KIND_INITIALS, "sjg") in keys
    assert (search.KIND_PHONE_TAIL, "1111") in keys

    conn.execute("BEGIN IMMEDIATE")
    all_ids = [row[0] for row in conn.execute("SELECT id FROM households")]
    writes = conn.total_changes
    search.refresh_household_search(conn, all_ids)
    assert conn.total_changes == writes  # nothing indexed changed, so nothing is written
    conn.execute("COMMIT")
    assert index_state(conn) == before

    conn.execute("BEGIN IMMEDIATE")
    search.rebuild_household_search(conn)
    conn.execute("COMMIT")
    assert index_state(conn) == before

    conn.execute("BEGIN IMMEDIATE")
    search.rebuild_schema(conn)
    conn.execute("COMMIT")
    assert index_state(conn) == before
    # its text index still in blobs that fit a page (migration 13 set it; a rebuild drops it)
    pgsz = conn.execute("SELECT v FROM household_fts_config WHERE k = 'pgsz'").fetchone()
    assert pgsz == (search.FTS_PAGE_BYTES,)


def test_bulk_refresh_in_one_transaction(conn: sqlite3.Connection) -> None:
    # More households than one chunk, written as a bundle import would write them.
    drafts = [
        Draft(
            "create",
            "household",
            uuid7(),
            None,
            {"project_id": PROJECT, "head_name": f"王{i}号", "address": f"旺庄路{i}号"},
        )
        for i in range(search.CHUNK * 2 + 7)
    ]
    write(conn, drafts)
    assert conn.execute("SELECT count(*) FROM household_search").fetchone() == (len(drafts),)
    assert conn.execute("SELECT count(*) FROM household_fts").fetchone() == (len(drafts),)
    assert ids(find_households(conn, "王1000号")) == [drafts[1000].entity_id]
    assert len(find_households(conn, "旺庄路", limit=2000)) == len(drafts)


# --- filters, several terms, fallbacks --------------------------------------------------------


def test_filters(conn: sqlite3.Connection) -> None:
    a = add(conn, "王芳", state="surveying", sub_district="旺庄街道", attitude="agree")
    b = add(conn, "王芳", project_id=OTHER_PROJECT, state="signed", sub_district="硕放街道")
    for query in ("王芳", "王", "wf", "wangfang", "旺庄路", "旺庄"):
        assert ids(find_households(conn, query, project_id=PROJECT)) == [a], query
        assert ids(find_households(conn, query, project_id=OTHER_PROJECT)) == [b], query
        assert ids(find_households(conn, query, state="signed")) == [b], query
        assert ids(find_households(conn, query, sub_district="旺庄街道")) == [a], query
        assert ids(
            find_households(conn, query, state=["signed", "surveying"], attitude="agree")
        ) == [a]
        assert find_households(conn, query, state=[]) == []
        assert find_households(conn, query, project_id="none") == []


def test_several_terms_must_all_match(conn: sqlite3.Connection) -> None:
    target = add(conn, "王芳", address="春潮花园3栋")
    add(conn, "王伟", address="春潮花园5栋")
    add(conn, "李明", address="春潮花园3栋")
    hits = find_households(conn, "王 3栋")
    assert hits == [SearchHit(target, 90 + 40, ("name_prefix", "address"))]
    assert ids(find_households(conn, "wf 春潮花园")) == [target]
    assert ids(find_households(conn, "春潮花园 王芳")) == [target]
    assert find_households(conn, "王 9栋") == []


def test_homophone_fallback(conn: sqlite3.Connection) -> None:
    target = add(conn, "章金伟")
    assert find_households(conn, "张金伟") == [SearchHit(target, 50, ("homophone",))]
    add(conn, "张金伟")
    assert kinds(find_households(conn, "张金伟")) == ["name"]  # only when nothing else matched


@pytest.mark.parametrize("query", ['"', '王"', 'a"b', "*", "AND", "NEAR(", "{names}:", "%", "_"])
def test_odd_queries_do_not_break(conn: sqlite3.Connection, query: str) -> None:
    add(conn, "王芳", address='旺庄路"1"号')
    find_households(conn, query)
    find_households(conn, query + "旺庄路")
    find_households(conn, "王 " + query)


def test_results_are_deterministic(conn: sqlite3.Connection) -> None:
    for given in "一二三四五六七八九十":
        add(conn, "王" + given, members=("王小" + given,))
    for query in ("王", "w", "wang", "旺庄路", "王 旺庄"):
        assert find_households(conn, query) == find_households(conn, query)


def test_filters_reach_past_many_non_matching_candidates(conn: sqlite3.Connection) -> None:
    # Households filters are checked on candidates in batches; the matches here come after
    # several batches of candidates that fail the filter, in every kind of stage.
    drafts = [
        Draft(
            "create",
            "household",
            uuid7(),
            None,
            {
                "project_id": PROJECT,
                "head_name": f"王{i}",
                "address": f"旺庄路{i}号",
                "phone": f"1380000{i:04d}",
                "state": "signed" if i >= 290 else "surveying",
            },
        )
        for i in range(300)
    ]
    write(conn, drafts)
    wanted = {draft.entity_id for draft in drafts[290:]}
    for query in ("王", "w", "wang", "旺庄路", "旺庄"):
        hits = find_households(conn, query, state="signed", limit=5)
        assert len(hits) == 5 and set(ids(hits)) <= wanted, query
        assert set(ids(find_households(conn, query, state="signed"))) == wanted, query


def test_a_name_continuing_with_the_last_code_point_is_a_prefix_match(
    conn: sqlite3.Connection,
) -> None:
    """Prefix lookups bound the keys that start with the term: U+10FFFF right after it is such
    a key too (it was ranked as a part of the name, found by the scan)."""
    household = add(conn, "王\U0010ffff芳")
    assert find_households(conn, "王") == [SearchHit(household, 90, ("name_prefix",))]
    assert find_households(conn, "王\U0010ffff") == [SearchHit(household, 90, ("name_prefix",))]
