"""The household finder: an index of what caseworkers type to find a household, and the ranked
query over it.

Three derived tables, all refreshed by `refresh_household_search` inside the write transaction
that changed `households` or `members` (storage.derived). Deleted households have no rows in
them, so they are never found.

- `household_search`: one row per live household — names of the head and members, their pinyin
  (domain.pinyin), the address, and the last four characters of every ID and phone number. Text
  columns hold space-separated words with a space at each end, so instr(col, ' q') means "a word
  starts with q".
- `household_keys`: the same pinyin keys and number tails, and the names (the head's, each
  member's, every two characters inside a name), one row each, in a B-tree ordered by
  (kind, key): "zjw", "zhangj", "1234", "王芳" or "王" is a range lookup, not a scan of 100 000 rows.
- `household_fts`: an FTS5 trigram index of names and address for queries of 3+ characters.

A household's `search_id` is also its `list_key` in the list index (storage/derived.py; since
migration 14): whichever of the two rows is made first takes a number above both tables' keys,
the other borrows it. The winners of a search are then read as list rows by that integer key,
from the rows' own B-tree: no household-id index of either table is read (each would be one more
page to decrypt per winner on a freshly opened database, bench/results/search.md).

A single query term is answered in stages, best kind of match first; the ranking between stages
is fixed (exact name, name prefix, part of a name, initials, pinyin, other readings, address,
ID/phone tail), so a stage that fills the limit makes every later stage unnecessary:
- Chinese (or mixed) text: names, then address. Whole names and name prefixes are key lookups
  (the head's name, then a member's; prefixes in name order). The term inside a name: two
  characters (the commonest search) are a key too; from three characters up FTS5 trigram finds
  the rows (under three it finds nothing, toolchain notes); a single character, or a query FTS5
  rejects, scans the names with instr() in index order. A Chinese query that finds nothing at
  all falls back to names that sound the same (张金伟 typed for 章金伟).
- ASCII letters: pinyin initials ("zjw") and full pinyin ("zhangjinwei", any prefix), every
  reading of every name, the likeliest reading (surname reading for the surname) ranked first.
- Digits: address (room 1503), then the last four of an ID or phone; five or more digits must be
  a suffix of the full number (a whole phone number or ID works).
Several whitespace-separated terms must all match ("王 3栋"); their scores add up.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from typing import Any

from domain.pinyin import is_han, looks_like_pinyin, name_keys, normalize_pinyin_query
from storage import project_keys
from storage.db import OperationalError

CHUNK = 500  # ids per IN (...) list, under SQLite's variable limit
_FIRST, _SECOND, _THIRD = itemgetter(0), itemgetter(1), itemgetter(2)

SEARCH_SCHEMA_SQL = """
CREATE TABLE household_search (
    -- Declared, so VACUUM cannot renumber it: household_fts and household_keys point at it.
    search_id INTEGER PRIMARY KEY,
    household_id TEXT NOT NULL UNIQUE,
    -- The project as its key in project_keys (storage/project_keys.py), since migration 12.
    project_key INTEGER,
    names TEXT NOT NULL,
    address TEXT NOT NULL,
    initials TEXT NOT NULL,
    pinyin TEXT NOT NULL,
    initials_alt TEXT NOT NULL,
    pinyin_alt TEXT NOT NULL,
    id_tails TEXT NOT NULL,
    phone_tails TEXT NOT NULL
);
-- Short queries scan names or address. These indexes are narrow copies of them (a fraction of
-- the table's bytes, so a full scan reads less), and with a project filter a range, not a scan.
CREATE INDEX household_search_names ON household_search (project_key, names);
CREATE INDEX household_search_address ON household_search (project_key, address);
CREATE TABLE household_keys (
    kind INTEGER NOT NULL,
    key TEXT NOT NULL,
    search_id INTEGER NOT NULL,
    PRIMARY KEY (kind, key, search_id)
) WITHOUT ROWID;
-- rowid = search_id. Contentless (it keeps no copy of the text, household_search has it) and
-- yet rows are deleted by rowid alone (contentless_delete, SQLite 3.43), so the index cannot
-- drift from a stale copy. Only rowids are read from it. Since migration 11.
CREATE VIRTUAL TABLE household_fts USING fts5(
    names, address, tokenize = 'trigram', content = '', contentless_delete = 1
);
"""

# The FTS index's own list of trigrams, by column (fts5vocab: nothing stored, read from the
# index). A two-character term is no trigram, but every place that holds it starts one (each
# column's text ends with a space), so the trigrams listed from it name the rows that hold it.
# Since migration 15.
TERMS_SQL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS household_fts_terms USING fts5vocab(household_fts, col)"
)
# A two-character term in more rows than this is scanned for (in the index's order): the scan
# meets the limit within a few pages, and listing the trigrams would read every row's entry.
TRIGRAM_ROWS = 20_000
# ... or in more trigrams than this (a long OR for FTS5 to merge).
TRIGRAM_TERMS = 64

# household_keys.kind
KIND_INITIALS = 1
KIND_PINYIN = 2
KIND_INITIALS_ALT = 3
KIND_PINYIN_ALT = 4
KIND_ID_TAIL = 5
KIND_PHONE_TAIL = 6
# Names (normalized, spaces removed): whole, so that exact names and prefixes are key lookups;
# and every two characters inside a name after its first, so that the commonest search (two
# characters, 王芳 or 小芳) never scans. Made from the `names` column (see _name_keys).
KIND_HEAD_NAME = 7
KIND_MEMBER_NAME = 8
KIND_NAME_PAIR = 9
_KEY_COLUMNS = (
    ("initials", KIND_INITIALS),
    ("pinyin", KIND_PINYIN),
    ("initials_alt", KIND_INITIALS_ALT),
    ("pinyin_alt", KIND_PINYIN_ALT),
    ("id_tails", KIND_ID_TAIL),
    ("phone_tails", KIND_PHONE_TAIL),
)

# Scores: higher ranks first. A head of household outranks a member with the same match.
MATCH_SCORES: dict[str, int] = {
    "name": 100,
    "member_name": 95,
    "name_prefix": 90,
    "member_name_prefix": 85,
    "name_part": 80,
    "initials": 70,
    "pinyin": 68,
    "initials_prefix": 60,
    "pinyin_prefix": 58,
    "initials_other_reading": 55,
    "pinyin_other_reading": 53,
    "homophone": 50,
    "address": 40,
    "address_inside": 39,  # the term only inside a longer number (3栋 in 13栋)
    "id_suffix": 22,
    "phone_suffix": 21,
    "id_tail": 20,
    "phone_tail": 19,
}
_KIND_BY_SCORE = {score: kind for kind, score in MATCH_SCORES.items()}
assert len(_KIND_BY_SCORE) == len(MATCH_SCORES), "scores must tell the match kinds apart"

_NUMBER = re.compile(r"\d+X?")
_NOT_ID = re.compile(r"[^0-9X]")
_NOT_DIGIT = re.compile(r"\D")
# Under binary collation no character sorts after U+10FFFF: a trigram (three characters) that
# starts with q is <= q + _PAST_ANY; pinyin keys (ASCII, or a Chinese character pypinyin cannot
# read) that start with q are < it. Names may hold U+10FFFF itself: their prefixes are bounded by
# _prefix_end.
_PAST_ANY = "\U0010ffff"


def _prefix_end(q: str) -> str | None:
    """The least text above every key that starts with q (binary collation), None if there is
    none: q with its last character stepped up, trailing U+10FFFF dropped first (a key may
    continue with U+10FFFF itself, so q + U+10FFFF is no bound). Surrogates are passed over."""
    while q and q[-1] == _PAST_ANY:
        q = q[:-1]
    if not q:
        return None
    nxt = ord(q[-1]) + 1
    return q[:-1] + chr(0xE000 if 0xD800 <= nxt <= 0xDFFF else nxt)


@dataclass(frozen=True)
class SearchHit:
    household_id: str
    score: int
    matched: tuple[str, ...]  # the match kind (a MATCH_SCORES key) of each query term
    # The household's search_id, which is its list-index row's list_key (read rows by it).
    key: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class KeyHit:
    """A household found, named by its key alone (search_id = list_key): what a caller that
    reads the winners' list rows next needs (find_keys)."""

    key: int
    score: int
    matched: tuple[str, ...]


def create_schema(conn: sqlite3.Connection) -> None:
    project_keys.create(conn)
    # One statement at a time: executescript() would commit the caller's transaction.
    for statement in SEARCH_SCHEMA_SQL.split(";"):
        if statement.strip():
            conn.execute(statement)


def normalize(text: str) -> str:
    """NFKC (full-width ３栋 and Ａ座 from spreadsheets become 3栋, a座), lower case, one space."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return " ".join(text.lower().split())


# --- indexing -----------------------------------------------------------------------------


def _words(items: Iterable[str]) -> str:
    unique = dict.fromkeys(item for item in items if item)
    return f" {' '.join(unique)} " if unique else " "


def _id_tail(value: object) -> str:
    if type(value) is str and value.isascii() and value.isdigit():
        return value[-4:] if len(value) >= 4 else ""  # the usual number: nothing to normalize
    kept = _NOT_ID.sub("", normalize(str(value)).upper()) if value else ""
    return kept[-4:] if len(kept) >= 4 else ""


def _phone_tail(value: object) -> str:
    if type(value) is str and value.isascii() and value.isdigit():
        return value[-4:] if len(value) >= 4 else ""
    kept = _NOT_DIGIT.sub("", normalize(str(value))) if value else ""
    return kept[-4:] if len(kept) >= 4 else ""


# Address parts repeat (a district, a sub-district, an estate for thousands of households).
_normalized_part = lru_cache(maxsize=4096)(normalize)


def _chunks(ids: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _marks(n: int) -> str:
    return ",".join("?" * n)


# An index row's values, as _index_row makes them: the project as its id...
_COLUMNS = ("project_id", "names", "address", *(column for column, _ in _KEY_COLUMNS))
ROW_COLUMNS = ", ".join(_COLUMNS)  # as stored up to schema 11
# ...and the columns they are stored in: the project as its key (migration 12).
_STORED = ("project_key", *_COLUMNS[1:])
# The stored columns read back as _COLUMNS values.
READ_COLUMNS = ", ".join((project_keys.ID_OF.format(key="project_key"), *_COLUMNS[1:]))
# INSERT of a whole row given as (search_id, household_id, *_COLUMNS values).
INSERT_ROW_SQL = (
    f"INSERT INTO household_search (search_id, household_id, {', '.join(_STORED)})"
    f" VALUES (?, ?, {project_keys.KEY_OF}, {','.join('?' * (len(_COLUMNS) - 1))})"
)


def insert_rows(conn: sqlite3.Connection, rows: Sequence[tuple[Any, ...]]) -> None:
    """Write new finder rows (search_id, household_id, *_COLUMNS values), their projects
    given keys first."""
    project_keys.ensure(conn, (row[2] for row in rows))
    conn.executemany(INSERT_ROW_SQL, rows)


def _key_rows(search_id: int, row: Sequence[Any]) -> list[tuple[int, str, int]]:
    """household_keys rows of one household from its index row (its _COLUMNS values), each
    once."""
    keys = [
        (kind, key, search_id)
        for (_, kind), text in zip(_KEY_COLUMNS, row[3:], strict=True)
        for key in text.split()
    ]
    keys += ((kind, key, search_id) for kind, key in _name_keys(row[1]))
    return keys


def _name_keys(names: str) -> list[tuple[int, str]]:
    """(kind, key) of the names column " head member member ": the head's name, each member's,
    and each two characters of any name that do not start it (those are prefixes)."""
    head, *members = names[1:].split(" ")  # the head's name may be empty: its word is first
    keys: dict[tuple[int, str], None] = {}
    if head:
        keys[(KIND_HEAD_NAME, head)] = None
    for name in members:
        if name:
            keys[(KIND_MEMBER_NAME, name)] = None
    for name in (head, *members):
        for start in range(1, len(name) - 1):
            keys[(KIND_NAME_PAIR, name[start : start + 2])] = None
    return list(keys)


def refresh_household_search(conn: sqlite3.Connection, household_ids: Iterable[str]) -> None:
    """Bring the finder's rows for these households in line with `households` and `members`.

    Call inside the write transaction that changed them. Households deleted or gone lose their
    rows. Only what differs is written: a household whose indexed text did not change (a new
    state, an attitude) costs a read and a comparison. Chunks of 500 ids, set-based SQL.
    """
    ids = sorted(set(household_ids))
    if not ids:
        return
    next_id = _next_key(conn)
    for chunk in _chunks(ids):
        marks = _marks(len(chunk))
        old: dict[str, tuple[Any, ...]] = {
            row[1]: (row[0], *row[2:])
            for row in conn.execute(
                f"SELECT search_id, household_id, {READ_COLUMNS} FROM household_search"
                f" WHERE household_id IN ({marks})",
                chunk,
            )
        }
        new = _index_rows(conn, chunk, marks)
        listed = _list_keys(conn, [i for i in new if i not in old])
        taken = _taken(conn, set(listed.values())) if listed else set()

        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[Any, ...]] = []
        gone: list[int] = []
        key_deletes: list[tuple[int, str, int]] = []
        key_inserts: list[tuple[int, str, int]] = []
        fts_deletes: list[int] = []
        fts_inserts: list[tuple[int, str, str]] = []
        for household_id, row in new.items():
            previous = old.get(household_id)
            if previous is None:
                # The household's list-index row, if it has one, names the key to take.
                borrowed = listed.get(household_id)
                if borrowed is not None and borrowed not in taken:
                    search_id = borrowed
                    taken.add(borrowed)
                else:
                    search_id, next_id = next_id, next_id + 1
                inserts.append((search_id, household_id, *row))
                key_inserts += _key_rows(search_id, row)
                fts_inserts.append((search_id, row[1], row[2]))
                continue
            search_id, *previous_row = previous
            if tuple(previous_row) == row:
                continue
            updates.append((*row, search_id))
            # Keys are diffed against the row that made them, not recomputed from old names:
            # nothing then depends on today's pinyin being yesterday's.
            before = set(_key_rows(search_id, previous_row))
            after = set(_key_rows(search_id, row))
            key_deletes += before - after
            key_inserts += after - before
            if previous_row[1:3] != list(row[1:3]):
                fts_deletes.append(search_id)
                fts_inserts.append((search_id, row[1], row[2]))
        for household_id, (search_id, *previous_row) in old.items():
            if household_id not in new:
                gone.append(search_id)
                key_deletes += _key_rows(search_id, previous_row)
                fts_deletes.append(search_id)

        # Deletes first: a key or FTS row may leave and come back under the same search_id.
        if key_deletes:
            conn.executemany(
                "DELETE FROM household_keys WHERE kind = ? AND key = ? AND search_id = ?",
                sorted(key_deletes),
            )
        if fts_deletes:
            conn.execute(
                f"DELETE FROM household_fts WHERE rowid IN ({_marks(len(fts_deletes))})",
                fts_deletes,
            )
        if gone:
            conn.execute(
                f"DELETE FROM household_search WHERE search_id IN ({_marks(len(gone))})", gone
            )
        if updates:
            project_keys.ensure(conn, (row[0] for row in updates))
            assignments = ", ".join(
                f"project_key = {project_keys.KEY_OF}"
                if column == "project_key"
                else f"{column} = ?"
                for column in _STORED
            )
            conn.executemany(
                f"UPDATE household_search SET {assignments} WHERE search_id = ?", updates
            )
        if inserts:
            insert_rows(conn, inserts)
        if key_inserts:
            # B-tree inserts in key order touch each page once. Three stable sorts of one field
            # each compare ints and strings alone: a third faster than comparing tuples.
            key_inserts.sort(key=_THIRD)
            key_inserts.sort(key=_SECOND)
            key_inserts.sort(key=_FIRST)
            conn.executemany(
                "INSERT INTO household_keys (kind, key, search_id) VALUES (?,?,?)", key_inserts
            )
        if fts_inserts:
            conn.executemany(
                "INSERT INTO household_fts (rowid, names, address) VALUES (?,?,?)", fts_inserts
            )


def _next_key(conn: sqlite3.Connection) -> int:
    """A key above every search_id and every list_key: a new household's number, free in both
    tables (so the list-index row made after it can borrow it)."""
    last = conn.execute("SELECT coalesce(max(search_id), 0) FROM household_search").fetchone()
    highest = int(last[0])
    try:
        listed = conn.execute("SELECT coalesce(max(list_key), 0) FROM household_summary").fetchone()
    except OperationalError:  # before migration 4 there is no list index
        return highest + 1
    return max(highest, int(listed[0])) + 1


def _list_keys(conn: sqlite3.Connection, household_ids: Sequence[str]) -> dict[str, int]:
    """The list_key of each of these households (at most CHUNK) that has a list-index row."""
    if not household_ids:
        return {}
    try:
        rows = conn.execute(
            "SELECT household_id, list_key FROM household_summary"
            f" WHERE household_id IN ({_marks(len(household_ids))})",
            list(household_ids),
        ).fetchall()
    except OperationalError:  # before migration 4, or a list index without list_key (< 11)
        return {}
    return {household_id: int(key) for household_id, key in rows}


def _taken(conn: sqlite3.Connection, keys: set[int]) -> set[int]:
    """Which of these keys a finder row already holds."""
    ordered = sorted(keys)
    return {
        row[0]
        for start in range(0, len(ordered), CHUNK)
        for row in conn.execute(
            "SELECT search_id FROM household_search"
            f" WHERE search_id IN ({_marks(len(ordered[start : start + CHUNK]))})",
            ordered[start : start + CHUNK],
        )
    }


def _index_rows(
    conn: sqlite3.Connection, chunk: Sequence[str], marks: str
) -> dict[str, tuple[Any, ...]]:
    """The _COLUMNS values of each live household in the chunk, computed from the tables."""
    households = conn.execute(
        "SELECT id, project_id, head_name, head_id_number, phone, address, district,"
        f" sub_district, building, unit, room FROM households WHERE id IN ({marks})"
        " AND _deleted = 0",
        chunk,
    ).fetchall()
    if not households:
        return {}
    members: dict[str, list[tuple[Any, Any, Any]]] = {}
    for household_id, name, id_number, phone in conn.execute(
        "SELECT household_id, name, id_number, phone FROM members"
        f" WHERE household_id IN ({marks}) AND _deleted = 0 ORDER BY household_id, id",
        chunk,
    ):
        members.setdefault(household_id, []).append((name, id_number, phone))
    return {row[0]: _index_row(row, members.get(row[0], [])) for row in households}


def _index_row(household: tuple[Any, ...], members: list[tuple[Any, Any, Any]]) -> tuple[Any, ...]:
    """The _COLUMNS values of one household and its live members."""
    _, project_id, head_name, head_id, head_phone, *address_parts = household
    # The head's name is always the first word (an empty one if missing): "name" vs
    # "member_name" ranking relies on it.
    names = [normalize(str(head_name or "")).replace(" ", "")]
    names += [normalize(str(name)).replace(" ", "") for name, _, _ in members if name]
    initials: list[str] = []
    pinyin: list[str] = []
    initials_alt: list[str] = []
    pinyin_alt: list[str] = []
    for name in names:
        if name:
            keys = name_keys(name)
            # A name of emoji or punctuation only has no reading at all.
            initials.append(keys.initials[0] if keys.initials else "")
            pinyin.append(keys.pinyin[0] if keys.pinyin else "")
            initials_alt += keys.initials[1:]
            pinyin_alt += keys.pinyin[1:]
    head, *others = names
    # The address, then the parts it does not already spell out (旺庄街道…3栋…): short queries
    # scan this column, and the scan's cost grows with its length.
    address = ""
    for part in address_parts:
        text = _normalized_part(part if type(part) is str else str(part)) if part else ""
        if text and text not in address:
            address = f"{address} {text}" if address else text
    return (
        project_id,
        f" {head} " + "".join(f"{name} " for name in dict.fromkeys(others)),
        _words(address.split(" ")),
        _words(initials),
        _words(pinyin),
        _words(initials_alt),
        _words(pinyin_alt),
        _words([_id_tail(head_id), *(_id_tail(number) for _, number, _ in members)]),
        _words([_phone_tail(head_phone), *(_phone_tail(phone) for _, _, phone in members)]),
    )


def add_term_list(conn: sqlite3.Connection) -> None:
    """Migration 15: the FTS index's term list (TERMS_SQL), which two-character terms read."""
    conn.execute(TERMS_SQL)


def add_name_keys(conn: sqlite3.Connection) -> None:
    """Migration 8: an index built before names were keys gets them, from its own names column
    (nothing else is recomputed), and the narrow search_id -> household_id index. Inside the
    caller's transaction."""
    conn.execute(
        "CREATE INDEX IF NOT EXISTS household_search_ids"
        " ON household_search (search_id, household_id)"
    )
    conn.execute(
        "DELETE FROM household_keys WHERE kind IN (?, ?, ?)",
        (KIND_HEAD_NAME, KIND_MEMBER_NAME, KIND_NAME_PAIR),
    )
    rows = sorted(
        (kind, key, search_id)
        for search_id, names in conn.execute("SELECT search_id, names FROM household_search")
        for kind, key in _name_keys(names)
    )
    conn.executemany("INSERT INTO household_keys (kind, key, search_id) VALUES (?,?,?)", rows)


def contentless_fts(conn: sqlite3.Connection) -> None:
    """Migration 11, the finder's part: the FTS index rebuilt without its own copy of names and
    address (bench/results/storage.md), from household_search's. Inside the caller's
    transaction."""
    (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'household_fts'").fetchone()
    if "contentless_delete" in sql:
        return
    conn.execute("DROP TABLE household_fts")
    statement = SEARCH_SCHEMA_SQL[SEARCH_SCHEMA_SQL.index("CREATE VIRTUAL TABLE") :]
    conn.execute(statement.strip().rstrip(";"))
    conn.execute(
        "INSERT INTO household_fts (rowid, names, address)"
        " SELECT search_id, names, address FROM household_search ORDER BY search_id"
    )


def project_keys_in_rows(conn: sqlite3.Connection) -> None:
    """Migration 12, the finder's part: the project as its key in project_keys, in the rows and
    the two indexes that hold it (search_ids kept: the keys and the FTS index point at them).
    Inside the caller's transaction."""
    have = [row[1] for row in conn.execute("PRAGMA table_info(household_search)")]
    if "project_key" in have:
        return
    project_keys.create_from(conn, "household_search")
    indexes = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'household_search'"
            " AND sql IS NOT NULL"
        )
    ]
    for name in indexes:
        conn.execute(f"DROP INDEX {name}")
    conn.execute("ALTER TABLE household_search RENAME TO household_search_v11")
    table, *new_indexes = (
        statement.strip()
        for statement in SEARCH_SCHEMA_SQL[
            : SEARCH_SCHEMA_SQL.index("CREATE TABLE household_keys")
        ].split(";")
        if statement.strip()
    )
    conn.execute(table)
    rest = ", ".join(_COLUMNS[1:])
    conn.execute(
        f"INSERT INTO household_search (search_id, household_id, project_key, {rest})"
        f" SELECT s.search_id, s.household_id, k.key, {', '.join('s.' + c for c in _COLUMNS[1:])}"
        " FROM household_search_v11 s LEFT JOIN project_keys k ON k.project_id = s.project_id"
        " ORDER BY s.search_id"
    )
    conn.execute("DROP TABLE household_search_v11")
    for statement in new_indexes:
        conn.execute(statement)


def rebuild_household_search(conn: sqlite3.Connection) -> None:
    """Recompute every row (after a change to how rows are built, e.g. new pinyin data)."""
    conn.execute("DELETE FROM household_keys")
    conn.execute("DELETE FROM household_fts")
    conn.execute("DELETE FROM household_search")
    ids = [row[0] for row in conn.execute("SELECT id FROM households WHERE _deleted = 0")]
    refresh_household_search(conn, ids)


# The finder's FTS5 index is kept in blobs of up to this many bytes (FTS5's `pgsz`, 4 050 by
# default): one fits whole in a 4 096-byte SQLCipher page (4 016 bytes after the IV and HMAC, a
# row's cell ~20 less), where each of 4 050 spilled into an overflow page (90 % full; 1.2 MiB
# of 16.6 at 100 000 households). Since migration 13.
FTS_PAGE_BYTES = 3960


def fit_text_index_pages(conn: sqlite3.Connection) -> None:
    """Keep the FTS5 index in blobs of FTS_PAGE_BYTES, its segments written again so."""
    conn.execute(
        "INSERT INTO household_fts (household_fts, rank) VALUES ('pgsz', ?)", (FTS_PAGE_BYTES,)
    )
    conn.execute("INSERT INTO household_fts (household_fts) VALUES ('optimize')")


def rebuild_schema(conn: sqlite3.Connection) -> None:
    """Drop the finder's tables, whatever shape they had, and build them anew: the migration
    step for any future change to SEARCH_SCHEMA_SQL. Inside the caller's transaction."""
    for table in ("household_fts", "household_keys", "household_search"):
        conn.execute(f"DROP TABLE IF EXISTS {table}")
    create_schema(conn)
    fit_text_index_pages(conn)
    ids = [row[0] for row in conn.execute("SELECT id FROM households WHERE _deleted = 0")]
    refresh_household_search(conn, ids)


# --- finding ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Filters:
    """Equality filters. The project is in the index rows, so stages test it in their own SQL;
    the rest are fields of `households`, tested on each stage's candidates in rank order, in
    batches, until enough pass (joining households inside a scan costs ~5 µs per matching row:
    30 ms for the 6 000 households a single 王 matches)."""

    project_id: str | None
    household_clauses: tuple[str, ...]
    household_args: tuple[object, ...]

    @property
    def index_where(self) -> str:
        return f" AND s.project_key = {project_keys.KEY_OF}" if self.project_id is not None else ""

    @property
    def index_args(self) -> list[object]:
        return [self.project_id] if self.project_id is not None else []

    @property
    def household_join(self) -> str:
        # CROSS JOIN fixes the loop order: the index drives, households is probed by key.
        # (Left to the planner, a filter once made it probe FTS per household: 10 s.)
        return " CROSS JOIN households h ON h.id = s.household_id" if self.household_clauses else ""

    @property
    def household_where(self) -> str:
        return "".join(f" AND {clause}" for clause in self.household_clauses)


def _filters(
    project_id: str | None,
    district: str | None,
    sub_district: str | None,
    state: str | Collection[str] | None,
    attitude: str | None,
    caseworker: str | None,
) -> _Filters:
    clauses: list[str] = []
    args: list[object] = []
    for column, value in (
        ("district", district),
        ("sub_district", sub_district),
        ("attitude", attitude),
        ("caseworker", caseworker),
    ):
        if value is not None:
            clauses.append(f"h.{column} = ?")
            args.append(value)
    if state is not None:
        states = [state] if isinstance(state, str) else list(state)
        clauses.append(f"h.state IN ({_marks(len(states))})" if states else "0")
        args += states
    if clauses:
        clauses.append("h._deleted = 0")
    return _Filters(project_id, tuple(clauses), tuple(args))


def split_query(query: str) -> list[str]:
    """The terms of a query. Words of letters only are one pinyin term (zhang jin wei).
    A NUL separates terms: SQLite's FTS5 query parser reads a NUL as the end of the query."""
    text = normalize(query.replace("\x00", " "))
    if not text:
        return []
    if looks_like_pinyin(text):
        return [normalize_pinyin_query(text)]
    return text.split(" ")


def find_households(
    conn: sqlite3.Connection,
    query: str,
    *,
    limit: int = 50,
    project_id: str | None = None,
    district: str | None = None,
    sub_district: str | None = None,
    state: str | Collection[str] | None = None,
    attitude: str | None = None,
    caseworker: str | None = None,
) -> list[SearchHit]:
    """Live households matching what a caseworker typed, best first, at most `limit`.

    Every whitespace-separated term must match; an empty query finds nothing (listing without a
    query is the household list's job). Filters keep households whose field equals the value
    (`state` may be several codes).
    """
    terms = split_query(query)
    if not terms or limit <= 0:
        return []
    flt = _filters(project_id, district, sub_district, state, attitude, caseworker)
    if len(terms) > 1:
        return _find_all_terms(conn, terms, limit, flt)
    found = _Stages(conn, terms[0], limit, flt).run()
    household_ids = households_of(conn, [hit.key for hit in found])
    return [
        SearchHit(household_ids[hit.key], hit.score, hit.matched, hit.key)
        for hit in found
        if hit.key in household_ids
    ]


def find_keys(
    conn: sqlite3.Connection,
    query: str,
    *,
    limit: int = 50,
    project_id: str | None = None,
    district: str | None = None,
    sub_district: str | None = None,
    state: str | Collection[str] | None = None,
    attitude: str | None = None,
    caseworker: str | None = None,
) -> list[KeyHit]:
    """find_households' hits by their keys, best first: for a caller that reads the winners'
    list rows by key next (services.households.find), so that no page is read twice."""
    terms = split_query(query)
    if not terms or limit <= 0:
        return []
    flt = _filters(project_id, district, sub_district, state, attitude, caseworker)
    if len(terms) > 1:
        hits = _find_all_terms(conn, terms, limit, flt)
        return [KeyHit(hit.key, hit.score, hit.matched) for hit in hits if hit.key is not None]
    return _Stages(conn, terms[0], limit, flt).run()


class _Stages:
    """One term, answered stage by stage in rank order until `limit` households are found.

    Stages yield search_ids (what the narrow indexes hold) in rank order; the caller names the
    few winners' households.
    """

    def __init__(self, conn: sqlite3.Connection, term: str, limit: int, flt: _Filters) -> None:
        self.conn = conn
        self.term = term
        self.limit = limit
        self.flt = flt
        self.found: dict[int, str] = {}  # search_id -> match kind, in rank order
        self.pending: dict[int, str] = {}  # candidates waiting for the households filters
        self.batch = max(64, 2 * limit)

    def full(self) -> bool:
        return len(self.found) >= self.limit

    def take(self, candidates: Iterable[tuple[int, str]]) -> None:
        """Accept candidates in rank order until the limit is reached; stop pulling then, so a
        cursor behind `candidates` stops stepping."""
        if self.full():
            return
        for search_id, kind in candidates:
            if search_id in self.found or search_id in self.pending:
                continue
            if not self.flt.household_clauses:
                self.found[search_id] = kind
            else:
                self.pending[search_id] = kind
                if len(self.pending) >= self.batch:
                    self.flush()
            if self.full():
                return
        self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        ids = list(self.pending)
        passing = {
            row[0]
            for row in self.conn.execute(
                f"SELECT s.search_id FROM household_search s{self.flt.household_join}"
                f" WHERE s.search_id IN ({_marks(len(ids))}){self.flt.household_where}",
                [*ids, *self.flt.household_args],
            )
        }
        for search_id, kind in self.pending.items():
            if search_id in passing and not self.full():
                self.found[search_id] = kind
        self.pending.clear()

    def run(self) -> list[KeyHit]:
        term = self.term
        if _NUMBER.fullmatch(term.upper()):
            self.number(term.upper())
        elif looks_like_pinyin(term):
            self.pinyin(normalize_pinyin_query(term))
        else:
            self.text(term)
        self.flush()
        if not self.found:
            return []
        return [KeyHit(i, MATCH_SCORES[kind], (kind,)) for i, kind in self.found.items()]

    # stages ---------------------------------------------------------------------------------
    def text(self, term: str) -> None:
        self.names(term)
        self.address(term)
        if not self.found and len(term) >= 2 and all(is_han(ch) for ch in term):
            # 张金伟 typed for 章金伟: same sound, another character.
            for variant in name_keys(term).pinyin[:4]:
                self.keys(KIND_PINYIN, variant, exact=True, kind="homophone")
                self.keys(KIND_PINYIN_ALT, variant, exact=True, kind="homophone")

    def pinyin(self, q: str) -> None:
        self.keys(KIND_INITIALS, q, exact=True, kind="initials")
        self.keys(KIND_PINYIN, q, exact=True, kind="pinyin")
        self.keys(KIND_INITIALS, q, exact=False, kind="initials_prefix")
        self.keys(KIND_PINYIN, q, exact=False, kind="pinyin_prefix")
        self.keys(KIND_INITIALS_ALT, q, exact=False, kind="initials_other_reading")
        self.keys(KIND_PINYIN_ALT, q, exact=False, kind="pinyin_other_reading")
        if not self.found:
            self.address(q)  # letters in an address (a座); latin names are in the keys already

    def number(self, digits: str) -> None:
        self.address(digits.lower())  # addresses are stored lower-cased
        if len(digits) == 4:
            self.keys(KIND_ID_TAIL, digits, exact=True, kind="id_tail")
            self.keys(KIND_PHONE_TAIL, digits, exact=True, kind="phone_tail")
        elif len(digits) > 4 and not self.full():
            self.take(self.suffixes(digits))

    # sources --------------------------------------------------------------------------------
    def names(self, term: str) -> None:
        """Ranked by the index: each kind of name match is a key lookup in rank order (exact
        names by search_id, prefixes in name order), stopping at the limit. Only the term
        inside a name, for one character (or three and more that FTS5 refuses), is a scan."""
        self.keys(KIND_HEAD_NAME, term, exact=True, kind="name")
        self.keys(KIND_MEMBER_NAME, term, exact=True, kind="member_name")
        self.keys(KIND_HEAD_NAME, term, exact=False, kind="name_prefix")
        self.keys(KIND_MEMBER_NAME, term, exact=False, kind="member_name_prefix")
        if self.full():
            return
        if len(term) == 2:
            self.keys(KIND_NAME_PAIR, term, exact=True, kind="name_part")
            return
        # What is left is the term inside a name; the rows found above are skipped.
        rows = self._rows(
            f"SELECT s.search_id, 0 FROM {{source}}{self.flt.index_where}", [], "names", term
        )
        self.take((search_id, "name_part") for search_id, _ in rows)

    def address(self, term: str) -> None:
        """Unscored within the stage: rows come in index order and stop at the limit. A term
        that starts with a digit first takes the addresses where it starts a number (3栋 finds
        3栋 before 13栋, which holds it only as the tail of another number)."""
        if self.full():
            return
        if term[:1].isdigit():
            where = _NUMBER_START.format(column="s.address")
            rows = self._rows(
                f"SELECT s.search_id, 0 FROM {{source}} AND {where}{self.flt.index_where}",
                [],
                "address",
                term,
                middle=[term, term],
            )
            self.take((search_id, "address") for search_id, _ in rows)
            if self.full():
                return
        rows = self._rows(
            f"SELECT s.search_id, 0 FROM {{source}}{self.flt.index_where}", [], "address", term
        )
        kind = "address_inside" if term[:1].isdigit() else "address"
        self.take((search_id, kind) for search_id, _ in rows)

    def _rows(
        self,
        sql: str,
        before: list[object],
        column: str,
        term: str,
        *,
        middle: Sequence[object] = (),
    ) -> Iterator[tuple[int, int]]:
        """Run `sql` with {source} = the rows whose `column` holds `term`: found by trigram for
        3+ characters, else (or if FTS5 refuses the query) by scanning with instr(). `middle`
        are the arguments of conditions written right after {source}."""
        after = [*middle, *self.flt.index_args]
        phrase = None
        if len(term) >= 3:
            phrase = f"{{{column}}} : {_fts_phrase(term)}"
        elif len(term) == 2:
            trigrams = self._trigrams(column, term)
            if trigrams is not None and not trigrams:
                return  # no row holds it
            if trigrams:
                phrase = f"{{{column}}} : ({' OR '.join(map(_fts_phrase, trigrams))})"
        if phrase is not None:
            if middle or self.flt.project_id is not None:
                source = (
                    "household_fts f CROSS JOIN household_search s ON s.search_id = f.rowid"
                    " WHERE household_fts MATCH ?"
                )
            else:
                # Nothing to test on the index row: the trigram index alone answers, without
                # reading a wide row (a page to decrypt) per candidate.
                source = (
                    "(SELECT rowid AS search_id FROM household_fts WHERE household_fts MATCH ?) s"
                    " WHERE 1"
                )
            try:
                cursor = self.conn.execute(sql.format(source=source), [*before, phrase, *after])
                first = cursor.fetchone()
            except OperationalError as exc:
                if "fts5" not in str(exc):
                    raise
                # Terms are quoted, so FTS5 should accept any; if not, the scan needs no parsing.
            else:
                if first is not None:
                    yield first
                    yield from cursor
                return
        source = f"household_search s WHERE instr(s.{column}, ?)"
        yield from self.conn.execute(sql.format(source=source), [*before, term, *after])

    def _trigrams(self, column: str, term: str) -> list[str] | None:
        """The trigrams of `column` that start with this two-character term ([] if none: no row
        holds it), or None where the scan answers better or alone: a term in more than
        TRIGRAM_ROWS rows or TRIGRAM_TERMS trigrams, a letter FTS5 may fold otherwise than
        normalize() did, or a file without the term list (read-only, before migration 15)."""
        if not all(ch.isascii() or ch.lower() == ch.upper() for ch in term):
            return None
        try:
            cursor = self.conn.execute(
                # A trigram is three characters: none that starts with the term sorts after
                # it followed by U+10FFFF, and that one starts with it too.
                "SELECT term, doc FROM household_fts_terms"
                " WHERE term >= ? AND term <= ? AND col = ?",
                (term, term + _PAST_ANY, column),
            )
        except OperationalError:
            return None
        trigrams: list[str] = []
        rows = 0
        for trigram, docs in cursor:
            rows += int(docs)
            trigrams.append(trigram)
            if rows > TRIGRAM_ROWS or len(trigrams) > TRIGRAM_TERMS:
                return None
        return trigrams

    def keys(self, key_kind: int, q: str, *, exact: bool, kind: str) -> None:
        if self.full():
            return
        if exact:
            condition, args = "k.key = ?", [q]
        else:
            end = _prefix_end(q)
            condition, args = "k.key >= ?", [q]
            if end is not None:
                condition, args = "k.key >= ? AND k.key < ?", [q, end]
        join = ""
        if self.flt.project_id is not None:
            join = " CROSS JOIN household_search s ON s.search_id = k.search_id"
        sql = (
            f"SELECT k.search_id FROM household_keys k{join}"
            f" WHERE k.kind = ? AND {condition}{self.flt.index_where} ORDER BY k.key, k.search_id"
        )
        rows = self.conn.execute(sql, [key_kind, *args, *self.flt.index_args])
        self.take((search_id, kind) for (search_id,) in rows)

    def suffixes(self, digits: str) -> Iterator[tuple[int, str]]:
        """Households with an ID or phone number ending in these 5+ digits, found by the tail."""
        sql = (
            "SELECT DISTINCT s.search_id, s.household_id FROM household_keys k"
            " CROSS JOIN household_search s ON s.search_id = k.search_id"
            f" WHERE k.kind IN (?, ?) AND k.key = ?{self.flt.index_where} ORDER BY k.search_id"
        )
        args = [KIND_ID_TAIL, KIND_PHONE_TAIL, digits[-4:], *self.flt.index_args]
        candidates: list[tuple[int, str]] = self.conn.execute(sql, args).fetchall()
        numbers = _numbers(self.conn, [household_id for _, household_id in candidates])
        for search_id, household_id in candidates:
            id_numbers, phones = numbers.get(household_id, ([], []))
            if any(n.endswith(digits) for n in id_numbers):
                yield search_id, "id_suffix"
            elif any(n.endswith(digits) for n in phones):
                yield search_id, "phone_suffix"


def households_of(conn: sqlite3.Connection, search_ids: list[int]) -> dict[int, str]:
    """The household of each search_id (at most a search's limit of them), read from the list
    index's rows by their key (the same number): the pages a caller reads next for the list
    rows. A household without a list-index row is named by the finder's own row."""
    found: dict[int, str] = {}
    for start in range(0, len(search_ids), CHUNK):
        chunk = search_ids[start : start + CHUNK]
        found.update(
            conn.execute(
                "SELECT list_key, household_id FROM household_summary"
                f" WHERE list_key IN ({_marks(len(chunk))})",
                chunk,
            ).fetchall()
        )
    missing = [i for i in search_ids if i not in found]
    for start in range(0, len(missing), CHUNK):
        chunk = missing[start : start + CHUNK]
        found.update(
            conn.execute(
                "SELECT search_id, household_id FROM household_search"
                f" WHERE search_id IN ({_marks(len(chunk))})",
                chunk,
            ).fetchall()
        )
    return found


# The first occurrence of the term is at the start or follows a character that is not a digit.
_NUMBER_START = (
    "(instr({column}, ?) = 1 OR substr({column}, instr({column}, ?) - 1, 1) NOT GLOB '[0-9]')"
)


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _numbers(
    conn: sqlite3.Connection, household_ids: list[str]
) -> dict[str, tuple[list[str], list[str]]]:
    """(ID numbers, phone digits) of the head and live members of each household."""
    numbers: dict[str, tuple[list[str], list[str]]] = {}
    for chunk in _chunks(household_ids):
        marks = _marks(len(chunk))
        rows = conn.execute(
            f"SELECT id, head_id_number, phone FROM households WHERE id IN ({marks})"
            " UNION ALL SELECT household_id, id_number, phone FROM members"
            f" WHERE household_id IN ({marks}) AND _deleted = 0",
            [*chunk, *chunk],
        )
        for household_id, id_number, phone in rows:
            id_numbers, phones = numbers.setdefault(household_id, ([], []))
            if id_number:
                id_numbers.append(_NOT_ID.sub("", normalize(str(id_number)).upper()))
            if phone:
                phones.append(_NOT_DIGIT.sub("", normalize(str(phone))))
    return numbers


# --- several terms ------------------------------------------------------------------------


def _term_sql(term: str) -> tuple[str, list[object], str, list[object]]:
    """(filter, its args, score expression, its args) of one term of a several-term query.

    The filter is the cheapest test that keeps every row the score can rate above zero: it runs
    on every row, the score only on the rows that pass all terms' filters.
    """
    upper = term.upper()
    branches: list[tuple[str, list[object], str]]
    where_args: list[object]
    if _NUMBER.fullmatch(upper):
        tail = f" {upper[-4:]} "
        branches = [("instr(s.address, ?)", [term], "address")]
        where = "(instr(s.address, ?)"
        where_args = [term]
        if len(upper) == 4:  # suffixes of 5+ digits are a single-term feature
            branches += [
                ("instr(s.id_tails, ?)", [tail], "id_tail"),
                ("instr(s.phone_tails, ?)", [tail], "phone_tail"),
            ]
            where += " OR instr(s.id_tails, ?) OR instr(s.phone_tails, ?)"
            where_args += [tail, tail]
        where += ")"
    elif looks_like_pinyin(term):
        q = normalize_pinyin_query(term)
        word, prefix = f" {q} ", f" {q}"
        branches = [
            ("instr(s.initials, ?)", [word], "initials"),
            ("instr(s.pinyin, ?)", [word], "pinyin"),
            ("instr(s.initials, ?)", [prefix], "initials_prefix"),
            ("instr(s.pinyin, ?)", [prefix], "pinyin_prefix"),
            ("instr(s.initials_alt, ?)", [prefix], "initials_other_reading"),
            ("instr(s.pinyin_alt, ?)", [prefix], "pinyin_other_reading"),
            ("instr(s.address, ?)", [q], "address"),
        ]
        # The keys B-tree finds the households; a scan of four key columns would cost more.
        where = (
            "(s.search_id IN (SELECT search_id FROM household_keys"
            " WHERE kind IN (1, 2, 3, 4) AND key >= ? AND key < ?) OR instr(s.address, ?))"
        )
        where_args = [q, q + _PAST_ANY, q]
    else:
        word, prefix = f" {term} ", f" {term}"
        branches = [
            ("instr(s.names, ?) = 1", [word], "name"),
            ("instr(s.names, ?)", [word], "member_name"),
            ("instr(s.names, ?) = 1", [prefix], "name_prefix"),
            ("instr(s.names, ?)", [prefix], "member_name_prefix"),
            ("instr(s.names, ?)", [term], "name_part"),
            ("instr(s.address, ?)", [term], "address"),
        ]
        if len(term) >= 3:
            # Rows holding the text somewhere, found by trigram; the score says where.
            where = "s.search_id IN (SELECT rowid FROM household_fts WHERE household_fts MATCH ?)"
            where_args = [_fts_phrase(term)]
        else:
            where = "(instr(s.names, ?) OR instr(s.address, ?))"
            where_args = [term, term]
    score = "CASE" + "".join(f" WHEN {c} THEN {MATCH_SCORES[k]}" for c, _, k in branches)
    score_args = [a for _, args, _ in branches for a in args]
    return where, where_args, score + " ELSE 0 END", score_args


def _find_all_terms(
    conn: sqlite3.Connection, terms: list[str], limit: int, flt: _Filters
) -> list[SearchHit]:
    where: list[str] = []
    where_args: list[object] = []
    scores: list[str] = []
    score_args: list[object] = []
    for term in terms:
        term_where, term_where_args, score, args = _term_sql(term)
        where.append(term_where)
        where_args += term_where_args
        scores.append(score)
        score_args += args
    columns = ", ".join(f"({score}) AS t{i}" for i, score in enumerate(scores))
    sql = (
        f"SELECT s.household_id, s.search_id, {columns}"
        f" FROM household_search s{flt.household_join}"
        f" WHERE {' AND '.join(where)}{flt.index_where}{flt.household_where}"
    )
    # Sorted here, not in SQL: ORDER BY on the sum would evaluate every CASE twice per row.
    args = [*score_args, *where_args, *flt.index_args, *flt.household_args]
    rows = conn.execute(sql, args).fetchall()
    rows.sort(key=lambda row: (-sum(row[2:]), row[1]))
    return [
        SearchHit(row[0], sum(row[2:]), tuple(_KIND_BY_SCORE[int(s)] for s in row[2:]), row[1])
        for row in rows[:limit]
    ]
