"""Where a line of Chinese text may break: the rules every document shares.

- No line starts with closing punctuation (，。、；：？！）」』〉》 …) and none ends with an opening
  bracket (（「『〈《 …) — the usual Chinese typesetting rules (GB/T 15834).
- Numbers, IDs, codes, dates and Latin words stay whole: "160,460.00", "XWFP-2026-0002",
  "2026-11-26" and "33" break only when they are wider than the whole line.
- A list of names ("陈晓燕、周涛") breaks only after 、 (names mode).

`break_lines` takes characters and their widths and returns line spans; the paragraph class in
reports.layout and the table in reports.grid both use it, so a cell and a paragraph break alike.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# A line never starts with these (closing marks, pauses, unit signs) ...
NO_LINE_START = frozenset(
    "，。、；：？！）」』〉》】〕｝〗”’…‥·・％‰℃—～,.;:?!)]}%>"
    "\u3001\u3002\uff09\uff0c\uff1a\uff1b\uff1f\uff01"
)
# ... and never ends with these (opening brackets, currency signs that lead a figure).
NO_LINE_END = frozenset("（「『〈《【〔｛〖“‘([{<¥￥$＄")
# Runs kept on one line: digits and Latin letters (half- and full-width), joined by the marks
# that sit inside numbers, dates, codes and e-mail-like strings.
_WORD_CHAR = r"0-9A-Za-z\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\u00C0-\u024F"
KEEP_RUN = re.compile(rf"[{_WORD_CHAR}]+(?:[-‐–./:,_+@#'’·×*]+[{_WORD_CHAR}]+)*")
NAME_SEPARATORS = frozenset("、，,;；/／ \u3000")
SPACES = frozenset(" \u3000\u00a0\t")
FUZZ = 1e-6


def allowed_breaks(text: str, *, names: bool = False) -> list[bool]:
    """allowed[i]: a line may start at character i (i = 0 is always False)."""
    n = len(text)
    if names:
        allowed = [i > 0 and text[i - 1] in NAME_SEPARATORS for i in range(n)]
    else:
        allowed = [i > 0 for i in range(n)]
    for match in KEEP_RUN.finditer(text):  # "160,460.00": its comma is no list separator
        for i in range(match.start() + 1, match.end()):
            allowed[i] = False
    for i in range(1, n):
        if allowed[i] and (
            text[i] in NO_LINE_START or text[i - 1] in NO_LINE_END or text[i] in SPACES
        ):
            allowed[i] = False
    return allowed


def _fallback(text: str, start: int, stop: int) -> int:
    """A forced break inside an unbreakable run wider than the line: still keep punctuation
    rules when some position allows it."""
    for j in range(stop, start, -1):
        if text[j] not in NO_LINE_START and text[j - 1] not in NO_LINE_END:
            return j
    return stop


def break_lines(
    text: str,
    widths: Sequence[float],
    max_widths: Sequence[float] | float,
    *,
    names: bool = False,
    allowed: Sequence[bool] | None = None,
) -> list[tuple[int, int]]:
    """Greedy line breaking of one hard line: [(start, end), ...] spans covering `text`.

    `max_widths` may give the first lines their own width (an indented first line); the last
    entry is used for every further line.
    """
    n = len(text)
    if n == 0:
        return [(0, 0)]
    limits = [max_widths] if isinstance(max_widths, int | float) else list(max_widths)
    if sum(widths) <= limits[0] + FUZZ:
        return [(0, n)]
    ok = allowed if allowed is not None else allowed_breaks(text, names=names)
    # A "name" wider than the line (no 、 to break at) still breaks by the ordinary rules.
    soft = allowed_breaks(text) if names else ok
    spans: list[tuple[int, int]] = []
    start = 0
    while start < n:
        limit = limits[min(len(spans), len(limits) - 1)] + FUZZ
        width = 0.0
        i = start
        last_ok = -1
        last_soft = -1
        while i < n:
            if i > start and ok[i]:
                last_ok = i
            if i > start and soft[i]:
                last_soft = i
            grown = width + widths[i]
            if grown > limit and i > start:
                break
            width = grown
            i += 1
        if i >= n:
            spans.append((start, n))
            break
        after_spaces = i
        while after_spaces < n and text[after_spaces] in SPACES:
            after_spaces += 1
        if (
            after_spaces > i
            and (after_spaces >= n or text[after_spaces] not in NO_LINE_START)
            and text[i - 1] not in NO_LINE_END
        ):
            end = after_spaces  # a space at the end of a line takes no visible room
        elif last_ok > start:
            end = last_ok
        elif soft[i]:
            end = i
        elif last_soft > start:
            end = last_soft
        elif text[i] in NO_LINE_START and (i + 1 >= n or text[i + 1] not in NO_LINE_START):
            end = i + 1  # a number as wide as the line: its closing mark hangs in the margin
        else:
            end = _fallback(text, start, i)
        spans.append((start, end))
        start = end
    return spans


__all__ = ["NO_LINE_END", "NO_LINE_START", "allowed_breaks", "break_lines"]
