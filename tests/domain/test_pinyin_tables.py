"""The pinyin keys of names read pypinyin's data files, not pypinyin itself: importing pypinyin
also loads its phrase segmenter and converters (~0.2-0.3 CPU s, a share of every sync import
that brings names; bench/results/sync-parts.md). Each reading taken from the files must be the
one pypinyin gives: checked here for every character and every two-character phrase it knows.
Names that need more (a phrase inside a run of three or more polyphonic characters) still ask
pypinyin."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pypinyin import Style, lazy_pinyin, pinyin
from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

from domain import pinyin as keys

ROOT = Path(__file__).resolve().parents[2]


def test_names_of_readable_characters_and_two_character_phrases_do_not_import_pypinyin() -> None:
    code = (
        "import sys; from domain.pinyin import name_keys\n"
        # a plain name, a surname reading, a polyphone, a two-character phrase (重阳), emoji
        "for name in ('王芳', '单波', '曾乐', '李重阳', '𠮷祥', '😀'): name_keys(name)\n"
        "assert name_keys('李重阳').pinyin[0] == 'lichongyang'\n"
        "assert 'pypinyin' not in sys.modules, 'pypinyin was imported'"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_every_characters_readings_are_pypinyins() -> None:
    for code_point in PINYIN_DICT:
        ch = chr(code_point)
        found = pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")
        theirs = list(dict.fromkeys(r.replace("ê", "e") for r in found[0] if r)) if found else []
        assert list(keys._toneless_readings(ch)) == theirs, ch


def test_every_two_character_phrases_reading_is_pypinyins() -> None:
    assert keys._phrase_keys() == set(PHRASES_DICT)
    for phrase in PHRASES_DICT:
        if len(phrase) == 2:
            theirs = tuple(r.replace("ê", "e") for r in lazy_pinyin(phrase, style=Style.NORMAL))
            assert keys._phrase_readings(phrase) == theirs, phrase
