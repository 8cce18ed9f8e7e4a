"""Every message in every catalogue: both languages, the same placeholders, renderable.

Generic on purpose: it guards catalogues written later by other areas too.
"""

from __future__ import annotations

import string

import pytest

from domain.errors import Label, UserError
from domain.i18n import LANGUAGES
from domain.messages import MESSAGES

CODES = sorted(MESSAGES)


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_there_are_messages() -> None:
    assert len(CODES) > 10


@pytest.mark.parametrize("code", CODES)
def test_both_languages_exist(code: str) -> None:
    texts = MESSAGES[code]
    assert set(texts) == set(LANGUAGES), f"{code}: languages {sorted(texts)}"
    for language in LANGUAGES:
        assert isinstance(texts[language], str) and texts[language].strip(), (code, language)


@pytest.mark.parametrize("code", CODES)
def test_same_placeholders(code: str) -> None:
    zh, en = (placeholders(MESSAGES[code][language]) for language in ("zh", "en"))
    assert zh == en, f"{code}: zh has {sorted(zh)}, en has {sorted(en)}"
    # UserError passes keyword parameters only: "{}" or "{0}" could never be filled
    assert all(name and not name.isdigit() for name in zh), code


@pytest.mark.parametrize("code", CODES)
def test_renders_in_both_languages(code: str) -> None:
    fields = [
        (name, spec)
        for _, name, spec, _ in string.Formatter().parse(MESSAGES[code]["zh"])
        if name is not None
    ]
    # a placeholder with a format spec ({amount:,.2f}) gets a number; the rest a bilingual Label
    params: dict[str, object] = {
        name: 1234 if spec else Label(f"中{name}", f"en-{name}") for name, spec in fields
    }
    error = UserError(code, **params)
    for language in LANGUAGES:
        text = error.message(language)
        for name, value in params.items():
            if isinstance(value, Label):
                assert (value.zh if language == "zh" else value.en) in text, (code, name)
