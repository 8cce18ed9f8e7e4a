"""UserError: the one exception type whose message a person is meant to read.

Anything else that escapes is a bug: logged with a traceback and shown in a details box.
"""

from __future__ import annotations

import errno
from pathlib import Path
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


def file_refusal(exc: OSError, path: Path, *, disk_full: str, otherwise: str) -> UserError:
    """The sentence for a file the system would not take: a full disk, read-only media and a
    name too long say so; `disk_full` and `otherwise` name the writer's own sentences."""
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return UserError(disk_full, path=str(path))
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return UserError("file_read_only", path=str(path))
    if exc.errno == errno.ENAMETOOLONG:
        return UserError("file_name_too_long", name=path.name)
    return UserError(otherwise, path=str(path))


def caused_by(exc: BaseException, kind: type[BaseException], depth: int = 20) -> bool:
    """Whether `kind` is `exc` or in its chain of causes (libraries wrap what they raise)."""
    seen: BaseException | None = exc
    for _ in range(depth):
        if seen is None:
            return False
        if isinstance(seen, kind):
            return True
        seen = seen.__cause__ or seen.__context__
    return False
