"""The Chinese fonts every report embeds, registered once per process on first use.

Only TrueType-outline fonts embed correctly in reportlab (see shared/notes/toolchain.md): the
built-in CID song font is never embedded and Noto CJK (CFF outlines) fails to load. On
Windows we prefer the system's SimSun (宋体) for body text and SimHei (黑体) for headings, as
government forms use; otherwise Microsoft YaHei; everywhere else the WenQuanYi Micro Hei file
shipped in resources/fonts. When body and heading are the same face, headings are drawn with a
stroked outline ("faux bold") so titles still read as bold.

`safe_text` keeps characters the chosen font lacks from printing as empty boxes.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

BODY = "DoorstepBody"
HEADING = "DoorstepHeading"

SHIPPED_FONT = Path(__file__).resolve().parent.parent / "resources" / "fonts" / "wqy-microhei.ttc"


@dataclass(frozen=True)
class FontFile:
    path: Path
    subfont: int = 0  # face index inside a .ttc collection


@dataclass(frozen=True)
class FontChoice:
    body: FontFile
    heading: FontFile

    @property
    def faux_bold(self) -> bool:
        """Headings need a drawn outline because no separate bold/heading face was found."""
        return self.body == self.heading


def _windows_fonts_dir() -> Path:
    return Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"


def candidates() -> list[FontChoice]:
    """Font pairs to try, best first. The shipped file is always last and always present."""
    win = _windows_fonts_dir()
    simsun = FontFile(win / "simsun.ttc")
    simhei = FontFile(win / "simhei.ttf")
    yahei = FontFile(win / "msyh.ttc")
    yahei_bold = FontFile(win / "msyhbd.ttc")
    yahei_old = FontFile(win / "msyh.ttf")  # Windows 7 shipped .ttf files
    yahei_old_bold = FontFile(win / "msyhbd.ttf")
    shipped = FontFile(SHIPPED_FONT)
    return [
        FontChoice(simsun, simhei),
        FontChoice(yahei, yahei_bold),
        FontChoice(yahei_old, yahei_old_bold),
        FontChoice(simsun, simsun),
        FontChoice(yahei, yahei),
        FontChoice(yahei_old, yahei_old),
        FontChoice(shipped, shipped),
    ]


class _Registry:
    """Lazily registers the first usable pair; later calls reuse it (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._choice: FontChoice | None = None
        self._cmap: dict[str, frozenset[int]] = {}

    def ensure(self) -> FontChoice:
        if self._choice is not None:
            return self._choice
        with self._lock:
            if self._choice is None:
                self._choice = self._register(candidates())
        return self._choice

    def _register(self, choices: Iterable[FontChoice]) -> FontChoice:
        failed: set[FontFile] = set()
        errors: list[str] = []

        def load(name: str, font: FontFile) -> TTFont | None:
            if font in failed or not font.path.is_file():
                return None
            try:
                return TTFont(name, str(font.path), subfontIndex=font.subfont)
            except (TTFError, OSError, ValueError, KeyError) as exc:
                errors.append(f"{font.path}: {exc}")
                failed.add(font)
                return None

        for choice in choices:
            body = load(BODY, choice.body)
            if body is None:
                continue
            heading = body if choice.faux_bold else load(HEADING, choice.heading)
            if heading is None:
                continue
            pdfmetrics.registerFont(body)
            self._cmap[BODY] = frozenset(body.face.charToGlyph)
            if heading is not body:
                pdfmetrics.registerFont(heading)
                self._cmap[HEADING] = frozenset(heading.face.charToGlyph)
            else:
                self._cmap[HEADING] = self._cmap[BODY]
            return choice
        raise RuntimeError("no usable Chinese TrueType font found: " + "; ".join(errors))

    def covers(self, font_name: str, char: str) -> bool:
        self.ensure()
        return ord(char) in self._cmap.get(font_name, self._cmap[BODY])


_registry = _Registry()


def ensure_fonts() -> FontChoice:
    """Register the report fonts (first call only, ≈0.2 s) and say which files were chosen."""
    return _registry.ensure()


def faux_bold() -> bool:
    return ensure_fonts().faux_bold


def body_font() -> str:
    ensure_fonts()
    return BODY


def heading_font() -> str:
    """The registered name for titles and headings (the body face when no heading face exists)."""
    return BODY if ensure_fonts().faux_bold else HEADING


# Stand-ins for symbols a font may lack; each is tried in order.
REPLACEMENTS: dict[str, tuple[str, ...]] = {
    "㎡": ("m²", "平方米"),
    "²": ("2",),
    "☑": ("■", "[√]"),
    "☐": ("□", "[ ]"),
    "✗": ("✘", "×", "x"),
    "⚠": ("▲", "!"),
    "✓": ("√", "v"),
    "\u00a0": (" ",),
}


def covers(char: str, font_name: str = BODY) -> bool:
    return _registry.covers(font_name, char)


def safe_text(text: str, font_name: str = BODY) -> str:
    """Replace characters the font cannot draw, so nothing prints as an empty box.

    Known symbols get a readable stand-in (㎡ → m² → 平方米); any other missing character
    (a rare name character outside the font, say) becomes its code point in brackets, which a
    person can still look up, instead of a silent blank.
    """
    ensure_fonts()
    out: list[str] = []
    for char in text:
        if char in "\n\r\t" or covers(char, font_name):
            out.append(char)
            continue
        for stand_in in REPLACEMENTS.get(char, ()):
            if all(covers(c, font_name) for c in stand_in):
                out.append(stand_in)
                break
        else:
            out.append(f"[U+{ord(char):04X}]")
    return "".join(out)
