"""UserError: the one exception type whose message a person is meant to read.

Anything else that escapes is a bug: logged with a traceback and shown in a details box.
"""

from __future__ import annotations

from typing import Any

from domain import i18n
from domain.messages import MESSAGES


class UserError(Exception):
    """A refusal caused by the user's input or situation, with a one-sentence message in zh and en."""

    def __init__(self, code: str, **params: Any) -> None:
        if code not in MESSAGES:
            raise KeyError(f"no message for {code!r}")
        self.code = code
        self.params = params
        super().__init__(self.message())

    def message(self, language: str | None = None) -> str:
        return text(self.code, language, **self.params)

    def __str__(self) -> str:
        return self.message()


class Label:
    """A name in both languages, used as an error parameter (for example a field's label)."""

    def __init__(self, zh: str, en: str) -> None:
        self.zh = zh
        self.en = en

    def __str__(self) -> str:
        return self.zh if i18n.language() == "zh" else self.en


def text(code: str, language: str | None = None, **params: Any) -> str:
    """A catalogue sentence in `language` (default: the current one), Labels rendered in it."""
    lang = language or i18n.language()
    localised = {k: _localise(v, lang) for k, v in params.items()}
    return MESSAGES[code][lang].format(**localised)


def _localise(value: Any, lang: str) -> Any:
    if isinstance(value, Label):
        return value.zh if lang == "zh" else value.en
    return value
