"""The language a document is being set in: Chinese unless a service asks for another one (the
household file follows the interface language; the other documents are Chinese forms).

A context variable, not a global: each build runs on its own worker thread, and a thread starts
with the default (Chinese), so two documents built at once never borrow each other's language.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from domain.i18n import LANGUAGES

_LANGUAGE: ContextVar[str] = ContextVar("document_language", default="zh")


def current() -> str:
    return _LANGUAGE.get()


@contextmanager
def set_in(language: str) -> Iterator[None]:
    """Set what is built inside the block in `language` (an unknown one falls back to Chinese)."""
    token = _LANGUAGE.set(language if language in LANGUAGES else "zh")
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


def continued() -> str:
    """The mark that starts a table cell continued on the next page."""
    return "（续）" if current() == "zh" else "(cont.)"
