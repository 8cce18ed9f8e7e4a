from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.pinyin import (
    MAX_VARIANTS,
    NameKeys,
    is_han,
    keys_text,
    looks_like_pinyin,
    name_keys,
    normalize_pinyin_query,
)

ROOT = Path(__file__).resolve().parents[2]


def test_plain_name() -> None:
    assert name_keys("章金伟") == NameKeys(initials=("zjw",), pinyin=("zhangjinwei",))


def test_two_character_name() -> None:
    keys = name_keys("李明")
    assert keys.initials[0] == "lm"
    assert keys.pinyin[0] == "liming"


@pytest.mark.parametrize(
    ("name", "initials", "full", "other"),
    [
        ("单雄信", "sxx", "shanxiongxin", "danxiongxin"),
        ("曾国藩", "zgf", "zengguofan", "cengguofan"),
        ("解缙", "xj", "xiejin", "jiejin"),
        ("区伟", "ow", "ouwei", "quwei"),
        ("仇英", "qy", "qiuying", "chouying"),
        ("查良镛", "zly", "zhaliangyong", "chaliangyong"),
        ("覃明", "qm", "qinming", "tanming"),
        ("朴成", "pc", "piaocheng", "pucheng"),
        ("盖聂", "gn", "genie", "gainie"),
    ],
)
def test_surname_reading_comes_first_and_others_are_kept(
    name: str, initials: str, full: str, other: str
) -> None:
    keys = name_keys(name)
    assert keys.initials[0] == initials
    assert keys.pinyin[0] == full
    # The dictionary reading stays searchable: someone may type what pypinyin would say.
    assert other in keys.pinyin
    assert other[0] + initials[1:] in keys.initials


def test_shan_initial_is_s_first() -> None:
    keys = name_keys("单")
    assert keys.initials[0] == "s"
    assert keys.pinyin[0] == "shan"
    assert set(keys.initials) == {"s", "d", "c"}


def test_compound_surnames() -> None:
    assert name_keys("欧阳修").initials[0] == "oyx"
    assert name_keys("欧阳修").pinyin[0] == "ouyangxiu"
    assert name_keys("尉迟恭").pinyin[0] == "yuchigong"
    assert name_keys("长孙无忌").pinyin[0] == "zhangsunwuji"
    assert name_keys("万俟卨").pinyin[0] == "moqixie"
    # Single surname 尉 reads Wèi; only the compound reads Yù.
    assert name_keys("尉立新").pinyin[0] == "weilixin"


def test_given_name_uses_phrase_reading_first() -> None:
    # Per character 重 reads zhòng first; the phrase 重阳 reads chóngyáng.
    assert name_keys("李重阳").pinyin[0] == "lichongyang"
    assert "lizhongyang" in name_keys("李重阳").pinyin


def test_u_umlaut_spellings() -> None:
    keys = name_keys("吕布")
    assert keys.pinyin[0] == "lvbu"
    assert "lubu" in keys.pinyin
    assert keys.initials == ("lb",)


def test_non_chinese_pass_through_lower_cased() -> None:
    assert name_keys("张三A") == NameKeys(initials=("zsa",), pinyin=("zhangsana",))
    # Separators nobody types in a pinyin search are dropped.
    assert name_keys("阿卜杜·热合曼").initials[0].startswith("abd")
    assert name_keys("") == NameKeys(initials=(), pinyin=())


def test_unknown_character_keeps_its_place() -> None:
    keys = name_keys("兙金")  # U+5159 has no reading in pypinyin
    assert keys.initials == ("兙j",)


def test_polyphones_are_capped() -> None:
    keys = name_keys("重重重重重重重重重重重重")
    assert 1 < len(keys.initials) <= MAX_VARIANTS
    assert 1 < len(keys.pinyin) <= MAX_VARIANTS
    assert len(set(keys.pinyin)) == len(keys.pinyin)


def test_keys_text() -> None:
    assert keys_text("章金伟") == ("zjw", "zhangjinwei")
    initials, full = keys_text("曾国藩")
    assert initials == "zgf cgf"
    assert full == "zengguofan cengguofan"
    assert keys_text("") == ("", "")


def test_looks_like_pinyin() -> None:
    assert looks_like_pinyin("zjw")
    assert looks_like_pinyin("ZhangJinWei")
    assert looks_like_pinyin("zhang jin wei")
    assert looks_like_pinyin("xi'an")
    assert not looks_like_pinyin("")
    assert not looks_like_pinyin("   ")
    assert not looks_like_pinyin("3栋")
    assert not looks_like_pinyin("1234")
    assert not looks_like_pinyin("章jw")
    assert not looks_like_pinyin("zjw1")
    assert not looks_like_pinyin("ü")
    assert normalize_pinyin_query(" Zhang Jin'Wei ") == "zhangjinwei"


def test_import_is_cheap() -> None:
    # pypinyin costs ~0.2 s to import; the module must defer it to first use.
    code = "import sys, domain.pinyin; assert 'pypinyin' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_is_han() -> None:
    assert is_han("章")
    assert is_han("〇")
    assert is_han("\U00020bb7")  # 𠮷, extension B: common in real names
    assert not is_han("a")
    assert not is_han("·")


cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
cjk_names = st.text(alphabet=cjk, min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(cjk_names)
def test_any_cjk_name(name: str) -> None:
    keys = name_keys(name)
    assert keys.initials and keys.pinyin
    assert len(keys.initials) <= MAX_VARIANTS
    assert len(keys.pinyin) <= MAX_VARIANTS
    for variant in keys.initials:
        assert len(variant) == len(name)
    assert len(set(keys.initials)) == len(keys.initials)
    assert len(set(keys.pinyin)) == len(keys.pinyin)
    # Deterministic: a fresh computation (bypassing the cache) gives the same answer.
    assert name_keys.__wrapped__(name) == keys
    initials, full = keys_text(name)
    assert initials.split(" ") == list(keys.initials)
    assert full.split(" ") == list(keys.pinyin)


def test_deterministic_across_processes() -> None:
    # String hashing is salted per process; nothing in the ordering may depend on it.
    code = "from domain.pinyin import keys_text; print(keys_text('重重重朝长乐单'))"
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
            env={"PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1
