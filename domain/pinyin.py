"""Pinyin keys for finding people by name: initials ("zjw" for 章金伟) and toneless full pinyin.

Caseworkers type pinyin initials or full pinyin instead of switching input method. pypinyin's
default reading is often wrong for surnames (单 is Shàn, not dān; 曾 is Zēng; 区 is Ōu), and a
name's polyphonic characters cannot be resolved without asking the person, so every reading is
indexed: the likeliest combination first (surname reading for the surname), then the others in
order of how far they stray from it, capped so that a name full of polyphones cannot explode.

pypinyin costs ~0.2-0.3 s to import (its phrase segmenter and converters load with it), so
characters and two-character phrases are read from its data files instead (_char_table,
_phrase_text: ~0.06 s, once, when a name first needs them); pypinyin itself is imported only for
a phrase inside a longer run of polyphonic characters. tests/domain/test_pinyin_tables.py checks
every reading so read against pypinyin's own.
"""

from __future__ import annotations

import heapq
import json
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.util import find_spec
from pathlib import Path

# At most this many variants per key kind; a 6-character name of triple readings has 729.
MAX_VARIANTS = 16

# Single surnames whose surname reading is not (or not always) pypinyin's first reading. The
# readings listed come first, in this order; pypinyin's other readings follow them.
SURNAME_READINGS: dict[str, tuple[str, ...]] = {
    "单": ("shan",),
    "曾": ("zeng",),
    "解": ("xie",),
    "仇": ("qiu",),
    "区": ("ou",),
    "查": ("zha",),
    "覃": ("qin", "tan"),
    "朴": ("piao",),
    "盖": ("ge", "gai"),
    "尉": ("wei", "yu"),  # single surname Wèi; Yù belongs to the compound 尉迟
    "乐": ("yue", "le"),
    "缪": ("miao",),
    "秘": ("bi",),
    "种": ("chong",),
    "黑": ("he", "hei"),
    "郇": ("huan", "xun"),
    "隗": ("wei", "kui"),
    "阚": ("kan",),
    "谌": ("chen", "shen"),
    "员": ("yun", "yuan"),
    "蕃": ("pi",),
    "句": ("gou",),
    "能": ("nai",),
    "召": ("shao",),
    "繁": ("po",),
    "洗": ("xian",),
    "冼": ("xian",),
    "重": ("chong",),
    "柏": ("bai",),
    "翟": ("zhai", "di"),
    "莘": ("shen", "xin"),
    "薄": ("bo",),
    "都": ("du",),
    "费": ("fei", "bi"),
    "长": ("chang",),
    "隽": ("juan",),
    "折": ("she",),
    "佴": ("nai",),
    "祭": ("zhai",),
    "乜": ("nie",),
    "车": ("che",),
    "宿": ("su",),
    "贲": ("ben",),
    "角": ("jue",),
    "石": ("shi",),
    "朝": ("chao",),
    "盛": ("sheng",),
    "褚": ("chu",),
    "汤": ("tang",),
    "谷": ("gu",),
    "圈": ("quan",),
    "於": ("yu",),
    "那": ("na",),
    "阿": ("a",),
    "燕": ("yan",),
    "殷": ("yin",),
    "沈": ("shen",),
    "宁": ("ning",),
    "任": ("ren",),
    "华": ("hua",),
    "纪": ("ji",),
    "葛": ("ge",),
    "行": ("xing",),
    "万": ("wan",),
}

# Compound surnames and their readings, one per character. Only applied when the name is longer
# than the surname: a two-character name like 司马 is more likely surname 司 plus given name 马.
# 单于 (Chányú) is left out on purpose: 单 + a given name starting with 于 is far more common today.
COMPOUND_SURNAMES: dict[str, tuple[str, ...]] = {
    "欧阳": ("ou", "yang"),
    "司马": ("si", "ma"),
    "诸葛": ("zhu", "ge"),
    "上官": ("shang", "guan"),
    "尉迟": ("yu", "chi"),
    "令狐": ("ling", "hu"),
    "长孙": ("zhang", "sun"),
    "万俟": ("mo", "qi"),
    "澹台": ("tan", "tai"),
    "皇甫": ("huang", "fu"),
    "宇文": ("yu", "wen"),
    "慕容": ("mu", "rong"),
    "司徒": ("si", "tu"),
    "司空": ("si", "kong"),
    "公孙": ("gong", "sun"),
    "东方": ("dong", "fang"),
    "夏侯": ("xia", "hou"),
    "闻人": ("wen", "ren"),
    "赫连": ("he", "lian"),
    "呼延": ("hu", "yan"),
    "端木": ("duan", "mu"),
    "轩辕": ("xuan", "yuan"),
    "濮阳": ("pu", "yang"),
    "淳于": ("chun", "yu"),
    "太史": ("tai", "shi"),
    "申屠": ("shen", "tu"),
    "公羊": ("gong", "yang"),
    "钟离": ("zhong", "li"),
    "宗政": ("zong", "zheng"),
    "仲孙": ("zhong", "sun"),
    "百里": ("bai", "li"),
    "南宫": ("nan", "gong"),
    "西门": ("xi", "men"),
    "第五": ("di", "wu"),
    "亓官": ("qi", "guan"),
    "拓跋": ("tuo", "ba"),
    "公冶": ("gong", "ye"),
    "谷梁": ("gu", "liang"),
    "乐正": ("yue", "zheng"),
    "鲜于": ("xian", "yu"),
    "左丘": ("zuo", "qiu"),
    "东郭": ("dong", "guo"),
    "子车": ("zi", "ju"),
    "颛孙": ("zhuan", "sun"),
    "完颜": ("wan", "yan"),
    "独孤": ("du", "gu"),
    "纳兰": ("na", "lan"),
    "爱新觉罗": ("ai", "xin", "jue", "luo"),
}

# Below this many combinations, enumerating all of them beats the best-first search.
_SMALL_PRODUCT = 64

_COMPOUND_LENGTHS = sorted({len(s) for s in COMPOUND_SURNAMES}, reverse=True)

# Code point ranges treated as Chinese characters (〇, CJK unified ideographs with extensions
# A-I, and the compatibility ideographs) — the ranges pypinyin's dictionary covers.
_HAN_RANGES = (
    (0x3007, 0x3007),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2FA1F),
    (0x30000, 0x323AF),
)


def is_han(ch: str) -> bool:
    if "\u4e00" <= ch <= "\u9fff":  # the common case, checked first: this runs per character
        return True
    cp = ord(ch)
    return any(low <= cp <= high for low, high in _HAN_RANGES)


@dataclass(frozen=True)
class NameKeys:
    """Every initials string and every toneless full-pinyin string of one name, likeliest first."""

    initials: tuple[str, ...]
    pinyin: tuple[str, ...]


def _data_file(name: str) -> Path:
    """One of pypinyin's data files, found without importing the package."""
    spec = find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("pypinyin")
    return Path(next(iter(spec.submodule_search_locations))) / name


@cache
def _char_table() -> dict[str, str]:
    """pypinyin's readings of each character: code point (as text) -> tone-marked readings,
    comma-separated (what pypinyin.pinyin_dict holds)."""
    with _data_file("pinyin_dict.json").open(encoding="utf-8") as file:
        table: dict[str, str] = json.load(file)
    return table


def _toneless(reading: str) -> str:
    """A tone-marked reading as pypinyin's Style.NORMAL writes it: ü as v, the tone dropped;
    and ê (欸/誒; nobody can type it) as e."""
    decomposed = unicodedata.normalize("NFD", reading).replace("u\u0308", "v")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _toneless_readings(ch: str) -> tuple[str, ...]:
    """Every toneless reading of one character, in pypinyin's order, each once."""
    found = _char_table().get(str(ord(ch)))
    return _unique(_toneless(r) for r in found.split(",") if r) if found else ()


@cache  # bounded by the character set (~30 000 entries at most)
def _readings(ch: str) -> tuple[str, ...]:
    """All toneless readings of one Chinese character, pypinyin's order; () if it has none."""
    readings = _toneless_readings(ch)
    # Input methods spell ü as v (吕 lv), which pypinyin follows; some people type u (lu), so
    # that spelling is kept too, after every real reading.
    return _unique([*readings, *(r.replace("v", "u") for r in readings)])


# A phrase's line in pypinyin's phrases_dict.json (one key per line, its readings below).
_PHRASE_LINE = re.compile(r'^"([^"\n]+)": \[$', re.MULTILINE)


@cache
def _phrase_text() -> str:
    return _data_file("phrases_dict.json").read_text(encoding="utf-8")


@cache
def _phrase_entries() -> dict[str, int]:
    """Each phrase of pypinyin's dictionary file -> where its readings start in the text: the
    keys found by line (parsing the whole file as JSON costs twice as much)."""
    return {found[1]: found.end() - 1 for found in _PHRASE_LINE.finditer(_phrase_text())}


@cache
def _phrase_keys() -> frozenset[str]:
    """The phrases pypinyin's dictionary reads; pypinyin's own if the file is laid out
    otherwise than _PHRASE_LINE expects."""
    found = frozenset(_phrase_entries())
    if not found:
        from pypinyin.constants import PHRASES_DICT

        return frozenset(PHRASES_DICT)
    return found


def _phrase_readings(run: str) -> tuple[str, ...] | None:
    """One reading per character using pypinyin's phrase dictionary (重阳 chóngyáng, not zhòng).
    A two-character phrase is read from the dictionary's file (its first readings: what
    pypinyin's lazy_pinyin gives, tests/domain/test_pinyin_tables.py); a longer run is cut into
    phrases by pypinyin itself."""
    at = _phrase_entries().get(run) if len(run) == 2 else None
    if at is not None:
        entry, _ = json.JSONDecoder().raw_decode(_phrase_text(), at)
        return tuple(_toneless(readings[0]) for readings in entry)
    from pypinyin import Style, lazy_pinyin

    found = lazy_pinyin(run, style=Style.NORMAL, errors="ignore")
    return tuple(r.replace("ê", "e") for r in found) if len(found) == len(run) else None


def _has_phrase(run: str) -> bool:
    """Whether some 2+ character stretch of the run is in pypinyin's phrase dictionary.

    A dictionary probe costs well under a microsecond, a lazy_pinyin call ~70; most given names
    hold no dictionary phrase, and bulk indexing runs this for every person in the database.
    """
    phrases = _phrase_keys()
    return any(run[i:j] in phrases for i in range(len(run) - 1) for j in range(i + 2, len(run) + 1))


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


@lru_cache(maxsize=65536)
def _char_slot(ch: str) -> tuple[str, ...] | None:
    """A character's reading options; None for characters a pinyin search ignores.

    Whitespace and punctuation (the · in 阿卜杜·热合曼, brackets) are dropped: nobody types them
    into a pinyin search. Other non-Chinese characters pass through lower-cased. A Chinese
    character pypinyin cannot read stands for itself, so there is still one slot per character.
    """
    if is_han(ch):
        return _readings(ch) or (ch,)
    return (ch.lower(),) if ch.isalnum() else None


@lru_cache(maxsize=65536)
def _initials(slot: tuple[str, ...]) -> tuple[str, ...]:
    return _unique(reading[0] for reading in slot)


def _slots(name: str) -> list[tuple[str, ...]]:
    """The reading options of each typed unit, the preferred reading first."""
    chars: list[str] = []
    slots: list[tuple[str, ...]] = []
    for ch in name:
        slot = _char_slot(ch)
        if slot is not None:
            chars.append(ch)
            slots.append(slot)
    if not chars:
        return slots

    # Preferred readings: the surname's, then pypinyin's phrase reading of the given name.
    surname_len = 1  # most Chinese surnames are one character
    for length in _COMPOUND_LENGTHS:
        compound = COMPOUND_SURNAMES.get("".join(chars[:length])) if len(chars) > length else None
        if compound is not None:
            for i, reading in enumerate(compound):
                slots[i] = _unique((reading, *slots[i]))
            surname_len = length
            break
    else:
        surname = SURNAME_READINGS.get(chars[0])
        if surname is not None:
            slots[0] = _unique((*surname, *slots[0]))
    start = surname_len
    while start < len(chars):
        # Phrase readings only matter over a run of Chinese characters with some polyphone.
        end = start
        while end < len(chars) and is_han(chars[end]) and slots[end][0] != chars[end]:
            end += 1
        if end - start >= 2 and any(len(slots[i]) > 1 for i in range(start, end)):
            run = "".join(chars[start:end])
            phrase = _phrase_readings(run) if _has_phrase(run) else None
            for offset, reading in enumerate(phrase or ()):
                slots[start + offset] = _unique((reading, *slots[start + offset]))
        start = max(end, start + 1)
    return slots


def _best_combinations(slots: list[tuple[str, ...]], limit: int) -> tuple[str, ...]:
    """Up to `limit` distinct joined strings, ordered by total distance from the first options.

    Best-first search over index vectors (sum of indices, then the vector itself for a
    deterministic tie-break): never enumerates the full product, which grows as 3**n.
    """
    if not slots:
        return ()
    total = math.prod(len(slot) for slot in slots)
    if total == 1:  # the common case: no polyphones at all
        return ("".join(slot[0] for slot in slots),)
    if total <= _SMALL_PRODUCT:
        # Growing the strings slot by slot yields them in lexicographic order of their index
        # vectors, and sort() is stable: the same order as the search below, far cheaper.
        grown: list[tuple[int, str]] = [(0, "")]
        for slot in slots:
            grown = [
                (cost + i, text + option) for cost, text in grown for i, option in enumerate(slot)
            ]
        grown.sort(key=lambda item: item[0])
        return _unique(text for _, text in grown)[:limit]
    start = (0,) * len(slots)
    heap: list[tuple[int, tuple[int, ...]]] = [(0, start)]
    queued = {start}
    out: dict[str, None] = {}
    pops = 0
    # Different vectors can join to the same string; bound the work, not only the output.
    while heap and len(out) < limit and pops < limit * 8:
        cost, vector = heapq.heappop(heap)
        pops += 1
        out.setdefault("".join(slot[i] for slot, i in zip(slots, vector, strict=True)), None)
        for pos, slot in enumerate(slots):
            if vector[pos] + 1 < len(slot):
                nxt = (*vector[:pos], vector[pos] + 1, *vector[pos + 1 :])
                if nxt not in queued:
                    queued.add(nxt)
                    heapq.heappush(heap, (cost + 1, nxt))
    return tuple(out)


@lru_cache(maxsize=65536)
def name_keys(name: str) -> NameKeys:
    """Initials and full-pinyin variants of a person's name, likeliest first, deterministic."""
    slots = _slots(name)
    initial_slots = [_initials(slot) for slot in slots]
    return NameKeys(
        initials=_best_combinations(initial_slots, MAX_VARIANTS),
        pinyin=_best_combinations(slots, MAX_VARIANTS),
    )


def keys_text(name: str) -> tuple[str, str]:
    """(initials, full pinyin) as space-separated variants, for two TEXT columns.

    Match a typed query q against any variant with `instr(' ' || col, ' ' || q)` (prefix of a
    variant) — the first variant alone also answers `col LIKE q || '%'`.
    """
    keys = name_keys(name)
    return " ".join(keys.initials), " ".join(keys.pinyin)


def normalize_pinyin_query(query: str) -> str:
    """Lower-case, without the spaces and apostrophes people type between syllables (xi'an)."""
    return "".join(ch for ch in query.strip().lower() if ch not in " '’")


def looks_like_pinyin(query: str) -> bool:
    """True when the query is ASCII letters only (spaces and apostrophes between syllables allowed)."""
    text = normalize_pinyin_query(query)
    return bool(text) and text.isascii() and text.isalpha()
