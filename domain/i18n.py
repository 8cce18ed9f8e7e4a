"""The language that non-Qt layers speak to a person: Simplified Chinese by default, English on request.

Qt widgets use Qt Linguist; messages raised below ui/ come from the catalogue in domain/messages.py
and are rendered in the language chosen here, so the CLI and the GUI say the same sentence.
"""

from __future__ import annotations

LANGUAGES = ("zh", "en")
_current = "zh"


def set_language(language: str) -> None:
    global _current
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    _current = language


def language() -> str:
    return _current


def heading(text: str) -> str:
    """A name standing alone — a form label, a column header, a document heading — starts with a
    capital in English ("Head of household"); the domain's English names are the words used
    inside a sentence ("Please fill in “head of household”."). Chinese has no capitals."""
    return text[:1].upper() + text[1:]


def bracketed(head: str, inner: str) -> str:
    """`head（inner）` in Chinese, `head (inner)` in English: no full-width punctuation in an
    English interface."""
    if not inner:
        return head
    return f"{head}（{inner}）" if _current == "zh" else f"{head} ({inner})"
