"""The bulk-load path (storage/bulkload.py) writes exactly the database apply_ops writes: every
table compared row for row, both paths run on the same ops in one transaction (a savepoint rolled
back between them), for demo data and for any values Hypothesis makes up."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.ids import uuid7, uuid7_time_ms
from domain.ops import Op
from domain.records import ENTITIES
from services import demo
from services.workspace import Workspace
from storage import bulkload, oplog, opstore, search
from storage.oplog import Draft

Snapshot = dict[str, list[tuple[Any, ...]]]

# The FTS index's segment layout depends on how its rows were batched, not on what it holds:
# its text (or, contentless, each row's size) is compared, and what a query finds.
_LAYOUT = ("household_fts_data", "household_fts_idx", "household_fts_config")


def snapshot(conn: sqlite3.Connection) -> Snapshot:
    tables = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'household_fts'"
            " AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
        if row[0] not in _LAYOUT
    ]
    found = {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
    words = [row[0] for row in conn.execute("SELECT names FROM household_search")]
    found["fts: found"] = sorted(
        conn.execute(
            "SELECT rowid FROM household_fts WHERE household_fts MATCH ?", (f'"{word}"',)
        ).fetchone()
        or (None,)
        for name in words
        for word in name.split()
        if len(word) >= 3 and '"' not in word
    )
    return found


def both_paths(
    ws: Workspace,
    drafts: list[Draft],
    *,
    before: Callable[[sqlite3.Connection], None] = print,
    finder_later: bool = False,
) -> tuple[Snapshot, Snapshot]:
    """The database after apply_ops of the drafts' ops, and after the bulk path of the same ops
    (what a load's helper makes of them), from the same starting state. With `finder_later`,
    the batch comes without the finder's rows, as a demo's helper sends it."""
    author = ws.author()

    def run(db: Any) -> tuple[Snapshot, Snapshot]:
        conn = db.conn
        if before is not print:
            before(conn)
        stamp = bulkload.read_stamp(conn, author)
        encode = bulkload.encoder(stamp.dict_id, bulkload.dictionary(conn, stamp.dict_id))
        conn.execute("SAVEPOINT paths")
        ops = oplog.new_local_ops(conn, author, drafts)
        oplog.apply_ops(conn, ops)
        through_apply = snapshot(conn)
        conn.execute("ROLLBACK TO paths")
        batch = bulkload.prepare(ops, stamp, encode)
        if finder_later:
            batch = dataclasses.replace(
                batch, households=[], search_rows=None, key_rows=[], summarised=[],
                searched=[], projects=[], finder_made=False,
            )  # fmt: skip
        bulkload.write(conn, batch)
        through_bulk = snapshot(conn)
        conn.execute("RELEASE paths")
        return through_apply, through_bulk

    return ws.store.write(run)


def assert_same(a: Snapshot, b: Snapshot) -> None:
    assert a.keys() == b.keys()
    for table in a:
        assert a[table] == b[table], table


def _project(ws: Workspace) -> str:
    return ws.create(
        "project", {"code": "XH-01", "name": "新华路", "district": "新吴区", "sub_district": "旺庄"}
    )


def test_demo_batches_write_what_apply_ops_writes(ws: Workspace) -> None:
    generator = demo.DemoGenerator(
        40, today=dt.date(2026, 12, 1), me="李明", my_sub_district="旺庄街道"
    )
    maker = demo.DraftMaker()
    ws.commit(maker.drafts(generator.projects() + generator.policies()))
    households = [record for group in generator.households() for record in group]
    drafts = maker.drafts(households)
    # Once into an empty finder, once over rows already there (search ids carry on).
    assert_same(*both_paths(ws, drafts[: len(drafts) // 2]))
    ws.commit(drafts[: len(drafts) // 2])
    assert_same(*both_paths(ws, drafts[len(drafts) // 2 :]))


def test_a_batch_sent_without_its_finder_rows_writes_what_apply_ops_writes(ws: Workspace) -> None:
    """A demo's helper leaves the finder's rows to the loading process (bulkload.add_finder);
    a batch written before anyone made them gets them made by `write`, the same rows."""
    generator = demo.DemoGenerator(
        30, today=dt.date(2026, 12, 1), me="李明", my_sub_district="旺庄"
    )
    maker = demo.DraftMaker()
    ws.commit(maker.drafts(generator.projects() + generator.policies()))
    drafts = maker.drafts([record for group in generator.households() for record in group])
    assert_same(*both_paths(ws, drafts, finder_later=True))


def test_a_batch_that_trains_the_first_dictionary_writes_what_apply_ops_writes(
    ws: Workspace,
) -> None:
    generator = demo.DemoGenerator(
        400, today=dt.date(2026, 12, 1), me="李明", my_sub_district="旺庄街道"
    )
    maker = demo.DraftMaker()
    ws.commit(maker.drafts(generator.projects() + generator.policies()))
    households = [record for group in generator.households() for record in group]
    drafts = maker.drafts(households)
    assert len(drafts) > opstore.TRAIN_AT[0]  # the batch trains the first dictionary
    assert_same(*both_paths(ws, drafts))


_TEXT = st.text(st.characters(codec="utf-8"), max_size=12)
_VALUE = st.one_of(_TEXT, st.none(), st.integers(-5, 99999), st.floats(-1e3, 1e3), st.booleans())


@st.composite
def new_records(draw: st.DrawFn, project_id: str, old_household: str) -> list[Draft]:
    """Households with members, visits and requests (some pointing at a household already
    held), events, and values of every JSON type in text columns."""
    drafts: list[Draft] = []
    households = []
    for _ in range(draw(st.integers(0, 4))):
        household = uuid7()
        households.append(household)
        values = {
            "project_id": draw(st.sampled_from([project_id, None])),
            "head_name": draw(st.one_of(_TEXT, st.sampled_from(["章金伟", "欧阳 娜娜", "😀", ""]))),
            "address": draw(_VALUE),
            "phone": draw(st.one_of(st.from_regex(r"1[3-9]\d{9}", fullmatch=True), _VALUE)),
            "room": draw(_VALUE),
            "state": draw(st.sampled_from(["surveyed", "signed", None])),
            "uscc": draw(st.sampled_from([None, "91320214MA1XXXXX0X"])),
        }
        drafts.append(
            Draft(
                "create",
                "household",
                household,
                None,
                {k: v for k, v in values.items() if v is not None},
            )
        )
    targets = [*households, old_household, "not-a-household"]
    for _ in range(draw(st.integers(0, 6))):
        values = {"household_id": draw(st.sampled_from(targets)), "name": draw(_VALUE)}
        if draw(st.booleans()):
            values["id_number"] = draw(_VALUE)
        drafts.append(Draft("create", "member", uuid7(), None, values))
    for _ in range(draw(st.integers(0, 3))):
        day = draw(st.dates(dt.date(2025, 1, 1), dt.date(2027, 1, 1))).isoformat()
        drafts.append(
            Draft("create", "visit", uuid7(), None,
                  {"household_id": draw(st.sampled_from(targets)), "visited_on": day,
                   "next_visit_due": draw(st.sampled_from([day, None]))})
        )  # fmt: skip
    for _ in range(draw(st.integers(0, 2))):
        drafts.append(
            Draft("create", "request", uuid7(), None,
                  {"household_id": draw(st.sampled_from(targets)), "subject": draw(_TEXT),
                   "status": draw(st.sampled_from(["open", "closed", None]))})
        )  # fmt: skip
    if draw(st.booleans()):
        drafts.append(
            Draft("create", "project", uuid7(), None, {"code": draw(_TEXT), "name": "新"})
        )
    if draw(st.booleans()):
        drafts.append(Draft("event", "project", project_id, "import", {"rows": draw(_VALUE)}))
    return draw(st.permutations(drafts))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_new_records_write_what_apply_ops_writes(ws: Workspace, data: st.DataObject) -> None:
    held = ws.read(lambda db: db.conn.execute("SELECT id FROM projects LIMIT 1").fetchone())
    project_id = _project(ws) if held is None else held[0]
    old = ws.read(lambda db: db.conn.execute("SELECT id FROM households LIMIT 1").fetchone())
    if old is None:
        old = (
            ws.create(
                "household", {"project_id": project_id, "head_name": "王芳", "address": "新华路3号"}
            ),
        )
    drafts = data.draw(new_records(project_id, old[0]))
    assert_same(*both_paths(ws, drafts))


def test_a_record_with_ops_already_held_goes_through_apply_ops(ws: Workspace) -> None:
    project = _project(ws)
    household = uuid7()
    author = ws.author()
    # An edit that arrived before its record's create (a sync can bring them so): not new.
    early = ws.store.write(
        lambda db: oplog.new_local_ops(
            db.conn, author, [Draft("set", "household", household, "head_name", "李四")]
        )
    )

    def hold_the_edit(conn: sqlite3.Connection) -> None:
        oplog.apply_ops(conn, early)

    drafts = [
        Draft("create", "household", household, None, {"project_id": project, "head_name": "张三"}),
        Draft("create", "member", uuid7(), None, {"household_id": household, "name": "张三"}),
    ]
    assert_same(*both_paths(ws, drafts, before=hold_the_edit))


def test_a_batch_numbered_before_another_write_is_renumbered(ws: Workspace) -> None:
    """A helper's batch numbered from a stamp that another write has since used: written with
    the next seqs, clock values and search ids, and the rows agree with a rebuild from the log."""
    project = _project(ws)
    author = ws.author()
    stamp = ws.read(lambda db: bulkload.read_stamp(db.conn, author))
    encode = bulkload.encoder(stamp.dict_id, None)
    household = uuid7()
    drafts = [
        Draft("create", "household", household, None, {"project_id": project, "head_name": "张三"}),
        Draft("create", "member", uuid7(), None, {"household_id": household, "name": "李娜"}),
    ]
    batch, _ = bulkload.make(stamp, news(drafts), encode)
    ws.create(
        "household", {"project_id": project, "head_name": "王芳", "address": "新华路5号"}
    )  # in between
    ws.store.write(lambda db: bulkload.write(db.conn, batch))

    def check(db: Any) -> None:
        conn = db.conn
        seqs = [row[0] for row in conn.execute("SELECT origin_seq FROM op_log ORDER BY rowid")]
        assert seqs == list(range(1, len(seqs) + 1))
        hlcs = [row[0] for row in conn.execute("SELECT hlc FROM op_log ORDER BY rowid")]
        assert hlcs == sorted(set(hlcs))
        assert (
            int(conn.execute("SELECT value FROM meta WHERE key='clock_last'").fetchone()[0])
            == hlcs[-1]
        )
        records = [spec.table for spec in ENTITIES.values()]
        written = {t: rows for t, rows in snapshot(conn).items() if t in records}
        oplog.rebuild_materialised(conn)
        assert_same(written, {t: rows for t, rows in snapshot(conn).items() if t in records})
        raise _RollBack

    with pytest.raises(_RollBack):  # the rebuild is only looked at
        ws.store.write(check)
    assert ws.get("member", drafts[1].entity_id)["name"] == "李娜"
    assert [hit.household_id for hit in search_for(ws, "李娜")] == [household]


def last_values(ws: Workspace, count: int) -> list[Any]:
    """The op log's last `count` values as stored, oldest first."""
    rows = ws.read(
        lambda db: db.conn.execute(
            "SELECT value FROM op_log ORDER BY rowid DESC LIMIT ?", (count,)
        ).fetchall()
    )
    return [row[0] for row in reversed(rows)]


def news(drafts: list[Draft]) -> list[bulkload.New]:
    return [(d.kind, d.entity, d.entity_id, d.field, d.value, d.value_json) for d in drafts]


def test_op_keys_are_uuid7s_in_the_form_the_log_stores() -> None:
    keys = bulkload.op_keys(500)
    assert len(set(keys)) == 500
    for key in keys:
        text = opstore.id_text(key)
        assert uuid.UUID(text).version == 7 and uuid.UUID(text).variant == uuid.RFC_4122
        assert opstore.id_key(text) == key
        assert abs(uuid7_time_ms(text) - time.time() * 1000) < 60_000


class _RollBack(Exception):
    pass


def search_for(ws: Workspace, text: str) -> list[search.SearchHit]:
    return ws.read(lambda db: search.find_households(db.conn, text))


def test_a_batch_encoded_before_a_dictionary_was_trained_is_encoded_again(ws: Workspace) -> None:
    generator = demo.DemoGenerator(
        300, today=dt.date(2026, 12, 1), me="李明", my_sub_district="旺庄街道"
    )
    maker = demo.DraftMaker()
    ws.commit(maker.drafts(generator.projects() + generator.policies()))
    groups = list(generator.households())
    first = maker.drafts([r for g in groups[:200] for r in g])
    later = maker.drafts([r for g in groups[200:] for r in g])
    author = ws.author()
    stamp = ws.read(lambda db: bulkload.read_stamp(db.conn, author))
    assert stamp.dict_id is None
    encode = bulkload.encoder(None, None)
    batch, stamp = bulkload.make(stamp, news(first), encode)
    second, _ = bulkload.make(stamp, news(later), encode)  # made while the first was written
    trained = ws.store.write(lambda db: bulkload.write(db.conn, batch))
    assert trained is not None  # the first batch passed TRAIN_AT: a dictionary now
    ws.store.write(lambda db: bulkload.write(db.conn, second))
    texts = ws.read(
        lambda db: db.conn.execute(
            "SELECT count(*) FROM op_log WHERE typeof(value) = 'text' AND length(value) >= 200"
        ).fetchone()[0]
    )
    assert texts == 0  # every long value compressed, the second batch's too


def test_a_batch_compressed_with_an_older_dictionary_is_written_as_it_was_made(
    ws: Workspace,
) -> None:
    """A dictionary trained while a batch was in flight does not make the writer decode and
    compress that batch again (~11 % of a load's writer samples, py-spy): each value names the
    dictionary it was compressed with, and every dictionary is kept, so it reads back the same."""
    generator = demo.DemoGenerator(
        400, today=dt.date(2026, 12, 1), me="李明", my_sub_district="旺庄街道"
    )
    maker = demo.DraftMaker()
    ws.commit(maker.drafts(generator.projects() + generator.policies()))
    groups = list(generator.households())
    author = ws.author()
    stamp = ws.read(lambda db: bulkload.read_stamp(db.conn, author))
    first, stamp = bulkload.make(
        stamp,
        news(maker.drafts([r for g in groups[:200] for r in g])),
        bulkload.encoder(None, None),
    )
    older = ws.store.write(lambda db: bulkload.write(db.conn, first))
    assert older is not None
    data = ws.read(lambda db: bulkload.dictionary(db.conn, older))
    stamp = dataclasses.replace(stamp, dict_id=older)
    encode = bulkload.encoder(older, data)
    second, stamp = bulkload.make(
        stamp, news(maker.drafts([r for g in groups[200:300] for r in g])), encode
    )
    third, _ = bulkload.make(
        stamp, news(maker.drafts([r for g in groups[300:] for r in g])), encode
    )
    ws.store.write(lambda db: bulkload.write(db.conn, second))
    # a newer dictionary, trained while the third batch was made with the older one
    newer = ws.store.write(
        lambda db: (
            opstore.train(db.conn, db.conn.execute("SELECT max(rowid) FROM op_log").fetchone()[0])
            and bulkload.read_stamp(db.conn, author).dict_id
        )
    )
    assert isinstance(newer, int) and newer != older
    ws.store.write(lambda db: bulkload.write(db.conn, third))
    made = [row[8] for row in third.op_rows]
    stored = last_values(ws, len(made))
    assert stored == made  # byte for byte: not compressed again
    assert any(isinstance(value, bytes) for value in stored)
    texts = ws.read(
        lambda db: [
            row[0]
            for row in db.conn.execute(
                "SELECT op_value(value) FROM op_log ORDER BY rowid DESC LIMIT ?", (len(made),)
            )
        ][::-1]
    )
    assert texts == ws.read(lambda db: [opstore.decode(db.conn, value) for value in made])


LATER = 10**9  # a made_at above every op held: the dictionary taken as the newest


def test_a_batch_the_newest_dictionary_compresses_much_better_is_compressed_again(
    ws: Workspace,
) -> None:
    """Values made with a dictionary that knows little of them (trained on other values: as
    one trained before a new project's ids came) are compressed again with the newest one,
    which was trained on them: they end smaller than they were made."""
    import zstandard

    generator = demo.DemoGenerator(
        400, today=dt.date(2026, 12, 1), me="李明", my_sub_district="旺庄街道"
    )
    maker = demo.DraftMaker()
    ws.commit(maker.drafts(generator.projects() + generator.policies()))
    groups = list(generator.households())
    ws.commit(maker.drafts([r for g in groups[:200] for r in g]))
    author = ws.author()
    unrelated = zstandard.train_dictionary(
        4096, [f"line {n}: {'x' * (n % 40)} {n * 7919}".encode() for n in range(2000)]
    ).as_bytes()
    older = opstore.dict_id(unrelated)
    ws.store.write(
        lambda db: db.conn.execute(
            "INSERT INTO op_dicts (id, made_at, data) VALUES (?, ?, ?)",
            (older, LATER, unrelated),
        )
    )
    stamp = ws.read(lambda db: bulkload.read_stamp(db.conn, author))
    assert stamp.dict_id == older
    batch, _ = bulkload.make(
        stamp,
        news(maker.drafts([r for g in groups[200:] for r in g])),
        bulkload.encoder(older, unrelated),
    )
    newer = ws.store.write(
        lambda db: (
            opstore.train(db.conn, db.conn.execute("SELECT max(rowid) FROM op_log").fetchone()[0])
            # made after the unrelated one
            and db.conn.execute(
                "UPDATE op_dicts SET made_at = ? WHERE made_at = (SELECT max(made_at) FROM"
                " op_dicts WHERE made_at < ?)",
                (LATER + 1, LATER),
            ).rowcount
            == 1
            and bulkload.read_stamp(db.conn, author).dict_id
        )
    )
    assert isinstance(newer, int) and newer != older
    ws.store.write(lambda db: bulkload.write(db.conn, batch))
    made = [row[8] for row in batch.op_rows]
    stored = last_values(ws, len(made))
    assert sum(map(len, stored)) < 0.9 * sum(map(len, made))
    texts = ws.read(lambda db: [opstore.decode(db.conn, value) for value in stored])
    assert texts == ws.read(lambda db: [opstore.decode(db.conn, value) for value in made])


def test_ops_of_a_batch_must_be_creates_and_events() -> None:
    stamp = bulkload.Stamp("dev", 1, "me", 1, 0, 0, None)
    op = Op("o1", "dev", 1, 5, "me", "household", "h1", "head_name", '"x"', ("p",), "set")
    try:
        bulkload.prepare([op], stamp, str)
    except ValueError:
        return
    raise AssertionError("a set op was taken for a create")


def test_only_records_not_newer_than_every_record_held_are_looked_up(ws: Workspace) -> None:
    """The freshness check: a record whose stored id sorts after every record id in the log
    (UUIDv7: made now) can have no op held and is not looked up; an older id is."""
    project = _project(ws)
    older = str(uuid.UUID(int=uuid.UUID(uuid7()).int - (1 << 100)))  # earlier in time
    time.sleep(0.002)
    author = ws.author()
    looked_up: list[str] = []

    def write(drafts: list[Draft]) -> None:
        def run(db: Any) -> None:
            conn = db.conn
            stamp = bulkload.read_stamp(conn, author)
            encode = bulkload.encoder(stamp.dict_id, bulkload.dictionary(conn, stamp.dict_id))
            ops = oplog.new_local_ops(conn, author, drafts)
            conn.set_trace_callback(looked_up.append)
            try:
                bulkload.write(conn, bulkload.prepare(ops, stamp, encode))
            finally:
                conn.set_trace_callback(None)

        ws.store.write(run)

    def lookups() -> list[str]:
        found = [s for s in looked_up if s.startswith("SELECT 1 FROM op_log WHERE entity_id IN")]
        looked_up.clear()
        return found

    new = [
        Draft("create", "household", uuid7(), None, {"project_id": project, "head_name": name})
        for name in ("张三", "李四")
    ]
    write(new)
    assert lookups() == []
    write([Draft("create", "household", older, None, {"project_id": project, "head_name": "王五"})])
    assert len(lookups()) == 1
    names = ws.read(lambda db: db.conn.execute("SELECT head_name FROM households").fetchall())
    assert sorted(name for (name,) in names) == ["张三", "李四", "王五"]
