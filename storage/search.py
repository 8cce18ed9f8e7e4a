"""The household finder: one index row per live household, and the query that ranks them.

`household_search` holds, per household, what a caseworker may type to find it: the names of the
head and members, their pinyin initials and toneless full pinyin (domain.pinyin), the address,
and the last four characters of every ID and phone number. It is derived from `households` and
`members` and refreshed by `refresh_household_search` inside the same write transaction that
changed them (storage.derived); deleted households have no row, so they are never found.

How a query term is matched, and why:
- 1-2 Chinese characters: FTS5 trigram finds nothing under three characters (toolchain notes),
  so these scan the index table with instr(). Two-character names are common; this must work.
- 3+ characters: the trigram table finds the rows, the same scoring ranks them; if it finds
  nothing (or rejects the query) the scan runs instead.
- ASCII letters: pinyin initials ("zjw") or full pinyin ("zhangjinwei", or any prefix of it),
  against every reading of every name, the likeliest reading ranked above the others.
- 4 digits (or 3 and an X): the last four of an ID or phone number; longer digit runs are
  checked as a suffix of the full numbers. Digits also match the address (room 301).
Several whitespace-separated terms must all match ("王 3栋"); their scores add up.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass

from domain.pinyin import is_han, looks_like_pinyin, name_keys, normalize_pinyin_query

CHUNK = 500  # ids per IN (...) list, under SQLite's variable limit

# Every text column holds space-separated words with a leading and a trailing space, so that
# instr(col, ' ' || q) is "some word starts with q" and instr(col, ' ' || q || ' ') is "some word
# is q". initials/pinyin hold the likeliest reading of each name; *_alt every other reading.
SEARCH_SCHEMA_SQL = """
CREATE TABLE household_search (
    household_id TEXT NOT NULL UNIQUE,
    head_name TEXT NOT NULL,
    names TEXT NOT NULL,
    initials TEXT NOT NULL,
    pinyin TEXT NOT NULL,
    initials_alt TEXT NOT NULL,
    pinyin_alt TEXT NOT NULL,
    address TEXT NOT NULL,
    id_tails TEXT NOT NULL,
    phone_tails TEXT NOT NULL
);
-- Its rowid is household_search's rowid. It keeps its own copy of the text (not external
-- content): rows are then deleted by rowid alone, and the index cannot drift from a stale copy.
CREATE VIRTUAL TABLE household_fts USING fts5(names, address, tokenize = 'trigram');
"""

# Scores: higher ranks first. The order is the brief's: exact name, name prefix, initials or
# pinyin, address, tails. A head of household outranks a member with the same match.
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
    "id_tail": 20,
    "phone_tail": 19,
    "id_suffix": 22,
    "phone_suffix": 21,
}
_KIND_BY_SCORE = {score: kind for kind, score in MATCH_SCORES.items()}
assert len(_KIND_BY_SCORE) == len(MATCH_SCORES), "scores must tell the match kinds apart"

_TAIL = re.compile(r"\d{3}[\dX]")
_DIGITS = re.compile(r"\d{5,}X?")


@dataclass(frozen=True)
class SearchHit:
    household_id: str
    score: int
    matched: tuple[str, ...]  # the match kind (a MATCH_SCORES key) of each query term


def create_schema(conn: sqlite3.Connection) -> None:
    # One statement at a time: executescript() would commit the caller's transaction.
    for statement in SEARCH_SCHEMA_SQL.split(";"):
        if statement.strip():
            conn.execute(statement)


def normalize(text: str) -> str:
    """NFKC (full-width ３栋 and Ａ座 from spreadsheets become 3栋, A座), lower case, one space."""
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def _words(items: Iterable[str]) -> str:
    unique = dict.fromkeys(item for item in items if item)
    return f" {' '.join(unique)} " if unique else " "


def _tail(value: object, *, digits_only: bool) -> str:
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value)).upper()
    kept = "".join(ch for ch in text if ch.isdigit() or (ch == "X" and not digits_only))
    return kept[-4:] if len(kept) >= 4 else ""


def _chunks(ids: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _marks(n: int) -> str:
    return ",".join("?" * n)


def refresh_household_search(conn: sqlite3.Connection, household_ids: Iterable[str]) -> None:
    """Recompute the index rows of these households from `households` and `members`.

    Call inside the write transaction that changed them. Households that are deleted or gone lose
    their row. Set-based per chunk of 500 ids: 100 000 households take a few seconds, nearly all
    of it pinyin for the names (cached per distinct name).
    """
    ids = sorted(set(household_ids))
    for chunk in _chunks(ids):
        marks = _marks(len(chunk))
        households = conn.execute(
            "SELECT id, head_name, head_id_number, phone, district, sub_district, address,"
            f" building, unit, room FROM households WHERE id IN ({marks}) AND _deleted = 0",
            chunk,
        ).fetchall()
        members: dict[str, list[tuple[object, object, object]]] = {}
        for household_id, name, id_number, phone in conn.execute(
            "SELECT household_id, name, id_number, phone FROM members"
            f" WHERE household_id IN ({marks}) AND _deleted = 0 ORDER BY household_id, id",
            chunk,
        ):
            members.setdefault(household_id, []).append((name, id_number, phone))

        conn.execute(
            "DELETE FROM household_fts WHERE rowid IN"
            f" (SELECT rowid FROM household_search WHERE household_id IN ({marks}))",
            chunk,
        )
        conn.execute(f"DELETE FROM household_search WHERE household_id IN ({marks})", chunk)
        rows = [_index_row(h, members.get(h[0], [])) for h in households]
        conn.executemany(
            "INSERT INTO household_search (household_id, head_name, names, initials, pinyin,"
            " initials_alt, pinyin_alt, address, id_tails, phone_tails)"
            " VALUES (?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
        if rows:
            conn.execute(
                "INSERT INTO household_fts (rowid, names, address)"
                " SELECT rowid, names, address FROM household_search"
                f" WHERE household_id IN ({marks})",
                chunk,
            )


def _index_row(
    household: tuple[object, ...], members: list[tuple[object, object, object]]
) -> tuple[str, ...]:
    household_id, head_name, head_id, head_phone, *address_parts = household
    head = normalize(str(head_name or ""))
    names = [head, *(normalize(str(name or "")) for name, _, _ in members)]
    names = [name for name in names if name]
    initials: list[str] = []
    pinyin: list[str] = []
    initials_alt: list[str] = []
    pinyin_alt: list[str] = []
    for name in names:
        keys = name_keys(name)
        initials += keys.initials[:1]
        pinyin += keys.pinyin[:1]
        initials_alt += keys.initials[1:]
        pinyin_alt += keys.pinyin[1:]
    id_numbers = [head_id, *(id_number for _, id_number, _ in members)]
    phones = [head_phone, *(phone for _, _, phone in members)]
    return (
        str(household_id),
        head,
        _words(names),
        _words(initials),
        _words(pinyin),
        _words(initials_alt),
        _words(pinyin_alt),
        _words([normalize(str(part)) for part in address_parts if part]),
        _words(_tail(value, digits_only=False) for value in id_numbers),
        _words(_tail(value, digits_only=True) for value in phones),
    )


def rebuild_household_search(conn: sqlite3.Connection) -> None:
    """Recompute the whole index (after a change to how it is built)."""
    conn.execute("DELETE FROM household_search")
    conn.execute("DELETE FROM household_fts")
    ids = [row[0] for row in conn.execute("SELECT id FROM households WHERE _deleted = 0")]
    refresh_household_search(conn, ids)


# --- finding ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Term:
    """One query term compiled to SQL: a cheap filter, a score expression, FTS text if any."""

    where: str
    where_args: list[object]
    score: str
    score_args: list[object]
    fts: str | None = None
    suffix: str | None = None  # digits to check against full ID and phone numbers
    homophone: _Term | None = None  # the same term widened to names that sound the same


def _case(branches: list[tuple[str, list[object], str]]) -> tuple[str, list[object]]:
    sql = "CASE"
    args: list[object] = []
    for condition, condition_args, kind in branches:
        sql += f" WHEN {condition} THEN {MATCH_SCORES[kind]}"
        args += condition_args
    return sql + " ELSE 0 END", args


def _text_term(term: str) -> _Term:
    """Chinese characters, or anything else that is not pinyin or a number: names and address."""
    branches: list[tuple[str, list[object], str]] = [
        ("s.head_name = ?", [term], "name"),
        ("instr(s.names, ?)", [f" {term} "], "member_name"),
        ("instr(s.names, ?) = 1", [" " + term], "name_prefix"),
        ("instr(s.names, ?)", [" " + term], "member_name_prefix"),
        ("instr(s.names, ?)", [term], "name_part"),
        ("instr(s.address, ?)", [term], "address"),
    ]
    where = "(instr(s.names, ?) OR instr(s.address, ?))"
    score, score_args = _case(branches)
    homophone = None
    if len(term) >= 2 and all(is_han(ch) for ch in term):
        # 张金伟 typed for 章金伟: same sound, wrong character. Only tried when nothing else
        # matched, since it costs a scan of the pinyin columns.
        words = [f" {variant} " for variant in name_keys(term).pinyin[:4]]
        extra: list[tuple[str, list[object], str]] = [
            (f"instr(s.{column}, ?)", [word], "homophone")
            for word in words
            for column in ("pinyin", "pinyin_alt")
        ]
        wide_score, wide_args = _case([*branches, *extra])
        wide_where = " OR ".join(
            ["instr(s.names, ?)", "instr(s.address, ?)"] + [c for c, _, _ in extra]
        )
        homophone = _Term(
            f"({wide_where})",
            [term, term, *(a for _, args, _ in extra for a in args)],
            wide_score,
            wide_args,
        )
    # Trigrams need three characters; spaces never occur inside a term.
    fts = '"' + term.replace('"', '""') + '"' if len(term) >= 3 else None
    return _Term(where, [term, term], score, score_args, fts, homophone=homophone)


def _pinyin_term(term: str) -> _Term:
    q = " " + term
    score, score_args = _case(
        [
            ("instr(s.initials, ?)", [q + " "], "initials"),
            ("instr(s.pinyin, ?)", [q + " "], "pinyin"),
            ("instr(s.initials, ?)", [q], "initials_prefix"),
            ("instr(s.pinyin, ?)", [q], "pinyin_prefix"),
            ("instr(s.initials_alt, ?)", [q], "initials_other_reading"),
            ("instr(s.pinyin_alt, ?)", [q], "pinyin_other_reading"),
            # Letters in a latin name or an address (A座) are still worth finding.
            ("instr(s.names, ?)", [term], "name_part"),
            ("instr(s.address, ?)", [term], "address"),
        ]
    )
    where = (
        "(instr(s.initials, ?) OR instr(s.pinyin, ?) OR instr(s.initials_alt, ?)"
        " OR instr(s.pinyin_alt, ?) OR instr(s.names, ?) OR instr(s.address, ?))"
    )
    return _Term(where, [q, q, q, q, term, term], score, score_args)


def _number_term(term: str) -> _Term:
    tail = f" {term[-4:]} "
    suffix = term if len(term) > 4 else None
    id_kind, phone_kind = ("id_suffix", "phone_suffix") if suffix else ("id_tail", "phone_tail")
    score, score_args = _case(
        [
            ("instr(s.address, ?)", [term], "address"),
            ("instr(s.id_tails, ?)", [tail], id_kind),
            ("instr(s.phone_tails, ?)", [tail], phone_kind),
            ("instr(s.names, ?)", [term], "name_part"),
        ]
    )
    where = (
        "(instr(s.id_tails, ?) OR instr(s.phone_tails, ?) OR instr(s.address, ?)"
        " OR instr(s.names, ?))"
    )
    return _Term(where, [tail, tail, term, term], score, score_args, suffix=suffix)


def _compile(term: str) -> _Term:
    upper = term.upper()
    if _TAIL.fullmatch(upper) or _DIGITS.fullmatch(upper):
        return _number_term(upper)
    if looks_like_pinyin(term):
        return _pinyin_term(normalize_pinyin_query(term))
    return _text_term(term)


def split_query(query: str) -> list[str]:
    """The terms of a query. Letters-only words are one pinyin term (zhang jin wei)."""
    text = normalize(query)
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
    """Live households matching what a caseworker typed, best first.

    Every whitespace-separated term must match; an empty query finds nothing (listing without a
    query is the household list's job). Filters narrow the result to equal field values.
    """
    terms = [_compile(term) for term in split_query(query)]
    if not terms or limit <= 0:
        return []
    filters: list[tuple[str, object]] = [
        (column, value)
        for column, value in (
            ("project_id", project_id),
            ("district", district),
            ("sub_district", sub_district),
            ("attitude", attitude),
            ("caseworker", caseworker),
        )
        if value is not None
    ]
    states = [state] if isinstance(state, str) else list(state) if state is not None else None
    hits: list[SearchHit] = []
    if any(term.fts for term in terms):
        try:
            hits = _run(conn, terms, limit, filters, states, use_fts=True)
        except sqlite3.OperationalError as exc:
            if "fts5" not in str(exc):
                raise
            # A query FTS5 cannot parse (terms are quoted, so this should not happen): the
            # scan below needs no parsing.
    if not hits:
        hits = _run(conn, terms, limit, filters, states, use_fts=False)
    if not hits and any(term.homophone for term in terms):
        wide = [term.homophone or term for term in terms]
        hits = _run(conn, wide, limit, filters, states, use_fts=False)
    return hits


def _run(
    conn: sqlite3.Connection,
    terms: list[_Term],
    limit: int,
    filters: list[tuple[str, object]],
    states: list[str] | None,
    *,
    use_fts: bool,
) -> list[SearchHit]:
    where: list[str] = []
    args: list[object] = []
    for term in terms:
        if use_fts and term.fts is not None:
            # The trigram match stands in for the instr() filter: same rows, found by index.
            where.append("s.rowid IN (SELECT rowid FROM household_fts WHERE household_fts MATCH ?)")
            args.append(term.fts)
        else:
            where.append(term.where)
            args += term.where_args
    join = ""
    if filters or states is not None:
        join = " JOIN households h ON h.id = s.household_id AND h._deleted = 0"
        for column, value in filters:
            where.append(f"h.{column} = ?")
            args.append(value)
        if states is not None:
            where.append(f"h.state IN ({_marks(len(states))})" if states else "0")
            args += states
    scores = ", ".join(f"({term.score}) AS t{i}" for i, term in enumerate(terms))
    score_args = [arg for term in terms for arg in term.score_args]
    total = " + ".join(f"t{i}" for i in range(len(terms)))
    # Suffix terms (5+ digits) are confirmed in Python against the full numbers, so fetch more.
    fetch = limit * 4 if any(term.suffix for term in terms) else limit
    sql = (
        f"SELECT household_id, {total} AS total, {', '.join(f't{i}' for i in range(len(terms)))}"
        f" FROM (SELECT s.household_id, s.head_name, {scores} FROM household_search s{join}"
        f" WHERE {' AND '.join(where)})"
        f" ORDER BY total DESC, head_name, household_id LIMIT ?"
    )
    rows = conn.execute(sql, [*score_args, *args, fetch]).fetchall()
    hits = [
        SearchHit(row[0], int(row[1]), tuple(_KIND_BY_SCORE[int(s)] for s in row[2:]))
        for row in rows
    ]
    suffixes = [(i, term.suffix) for i, term in enumerate(terms) if term.suffix]
    if suffixes:
        hits = _confirm_suffixes(conn, hits, suffixes)
    return hits[:limit]


def _confirm_suffixes(
    conn: sqlite3.Connection, hits: list[SearchHit], suffixes: list[tuple[int, str]]
) -> list[SearchHit]:
    """Keep hits whose tail match on a 5+ digit term is a real suffix of a full number, labelled
    with the kind of number it really is (the tails alone cannot tell an ID from a phone)."""
    ids = [hit.household_id for hit in hits]
    numbers: dict[str, tuple[list[str], list[str]]] = {}
    for chunk in _chunks(ids):
        marks = _marks(len(chunk))
        for household_id, id_number, phone in conn.execute(
            f"SELECT id, head_id_number, phone FROM households WHERE id IN ({marks})"
            " UNION ALL SELECT household_id, id_number, phone FROM members"
            f" WHERE household_id IN ({marks}) AND _deleted = 0",
            [*chunk, *chunk],
        ):
            id_numbers, phones = numbers.setdefault(household_id, ([], []))
            if id_number:
                id_numbers.append(unicodedata.normalize("NFKC", str(id_number)).upper())
            if phone:
                phones.append(unicodedata.normalize("NFKC", str(phone)))
    kept = []
    for hit in hits:
        matched = list(hit.matched)
        id_numbers, phones = numbers.get(hit.household_id, ([], []))
        for i, suffix in suffixes:
            if matched[i] not in ("id_suffix", "phone_suffix"):
                continue
            if any(n.endswith(suffix) for n in id_numbers):
                matched[i] = "id_suffix"
            elif any("".join(filter(str.isdigit, n)).endswith(suffix) for n in phones):
                matched[i] = "phone_suffix"
            else:
                break
        else:
            score = hit.score + sum(
                MATCH_SCORES[new] - MATCH_SCORES[old]
                for new, old in zip(matched, hit.matched, strict=True)
            )
            kept.append(SearchHit(hit.household_id, score, tuple(matched)))
    kept.sort(key=lambda hit: -hit.score)  # stable: keeps the SQL order among equals
    return kept
