"""The Chinese fonts every report embeds, registered once per process on first use.

Only TrueType-outline fonts embed correctly in reportlab (see shared/notes/toolchain.md): the
built-in CID song font is never embedded and Noto CJK (CFF outlines) fails to load.

Body text prefers a serif (宋体/仿宋) face, as government forms use: on Windows SimSun
(simsun.ttc) or FangSong (simfang.ttf) with SimHei (黑体) for headings; on Debian AR PL UMing
(fonts-arphic-uming) with the shipped WenQuanYi Micro Hei for headings. Without a serif face,
Microsoft YaHei, and everywhere else the WenQuanYi Micro Hei file shipped in resources/fonts.
When body and heading are the same face, headings are drawn with a stroked outline ("faux
bold") so titles still read as bold.

Rare characters (CJK Extension A/B, real in names: 䶮 㵘 𠈌) come from fallback faces when the
body face lacks them: SimSun-ExtB on Windows, HanaMin A/B (fonts-hanazono) on Debian; emoji
from the Symbola subset shipped in resources/fonts (monochrome: reportlab draws no colour glyphs
and does not join emoji sequences, so 👨‍👩‍👧‍👦 prints as its four people).
`safe_text` keeps characters no font has from printing as empty boxes (they print as their
code point, and `missing_glyphs` collects them so the caller can warn).

A document set in English prints its Latin text (letters, digits, Western punctuation) in a
Latin face: the Chinese faces draw Latin letters poorly (UMing's are a typewriter's). A serif
body gets Times New Roman (Windows) or Liberation Serif (Debian, fonts-liberation2), a sans body
and the headings Arial or Liberation Sans; DejaVu when neither is there. Without any, Latin
text stays in the Chinese face. Chinese documents never use them.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from reports import language as document_language

BODY = "DoorstepBody"
HEADING = "DoorstepHeading"
RARE = "DoorstepRare"  # + index: DoorstepRare0, DoorstepRare1, ...
LATIN_BODY = "DoorstepLatin"
LATIN_HEADING = "DoorstepLatinHeading"

SHIPPED_FONT = Path(__file__).resolve().parent.parent / "resources" / "fonts" / "wqy-microhei.ttc"
DEBIAN_FONTS = Path("/usr/share/fonts/truetype")
# Emoji and symbols (🏢 🚪 👨 😀 ☑): a subset of Symbola shipped with the program, so a PDF prints
# them as pictures on every computer (resources/fonts/symbola-LICENCE.txt).
SHIPPED_EMOJI_FONT = SHIPPED_FONT.with_name("symbola-emoji.ttf")
# Invisible marks of emoji sequences (joiner, variation selectors, tag characters): reportlab
# draws each character alone, so they would print as code points; a family prints as its people.
_SEQUENCE_MARKS = frozenset(
    ["\u200d", *map(chr, range(0xFE00, 0xFE10)), *map(chr, range(0xE0020, 0xE0080))]
)


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

    @property
    def serif(self) -> bool:
        """Whether body text is set in a 宋体/仿宋-like face."""
        return self.body.path.name.lower() in SERIF_FILES


SERIF_FILES = frozenset({"simsun.ttc", "simfang.ttf", "uming.ttc"})


def _windows_fonts_dir() -> Path:
    return Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"


def candidates() -> list[FontChoice]:
    """Font pairs to try, best first. The shipped file is always last and always present."""
    win = _windows_fonts_dir()
    simsun = FontFile(win / "simsun.ttc")
    fangsong = FontFile(win / "simfang.ttf")
    simhei = FontFile(win / "simhei.ttf")
    yahei = FontFile(win / "msyh.ttc")
    yahei_bold = FontFile(win / "msyhbd.ttc")
    yahei_old = FontFile(win / "msyh.ttf")  # Windows 7 shipped .ttf files
    yahei_old_bold = FontFile(win / "msyhbd.ttf")
    uming = FontFile(DEBIAN_FONTS / "arphic" / "uming.ttc")  # face 0: UMing CN
    shipped = FontFile(SHIPPED_FONT)
    return [
        FontChoice(simsun, simhei),
        FontChoice(fangsong, simhei),
        FontChoice(simsun, yahei),
        FontChoice(uming, shipped),
        FontChoice(yahei, yahei_bold),
        FontChoice(yahei_old, yahei_old_bold),
        FontChoice(simsun, simsun),
        FontChoice(yahei, yahei),
        FontChoice(yahei_old, yahei_old),
        FontChoice(shipped, shipped),
    ]


def rare_candidates() -> list[FontFile]:
    """Faces tried, in order, for characters the body face lacks (CJK Extension A/B...)."""
    win = _windows_fonts_dir()
    hanazono = DEBIAN_FONTS / "hanazono"
    return [
        FontFile(win / "simsunb.ttf"),  # SimSun-ExtB
        FontFile(hanazono / "HanaMinA.ttf"),
        FontFile(hanazono / "HanaMinB.ttf"),
        FontFile(SHIPPED_FONT),  # Latin and symbols a serif body face may lack
        FontFile(SHIPPED_EMOJI_FONT),  # emoji
    ]


def latin_candidates(serif: bool) -> list[FontFile]:
    """Latin faces to try for English text, best first: serif ones for a serif body."""
    win = _windows_fonts_dir()
    serif_files = [
        FontFile(win / "times.ttf"),
        FontFile(DEBIAN_FONTS / "liberation2" / "LiberationSerif-Regular.ttf"),
        FontFile(DEBIAN_FONTS / "liberation" / "LiberationSerif-Regular.ttf"),
        FontFile(DEBIAN_FONTS / "dejavu" / "DejaVuSerif.ttf"),
    ]
    sans_files = [
        FontFile(win / "arial.ttf"),
        FontFile(DEBIAN_FONTS / "liberation2" / "LiberationSans-Regular.ttf"),
        FontFile(DEBIAN_FONTS / "liberation" / "LiberationSans-Regular.ttf"),
        FontFile(DEBIAN_FONTS / "dejavu" / "DejaVuSans.ttf"),
    ]
    return serif_files + sans_files if serif else sans_files + serif_files


# What a Latin face draws in place of the Chinese face: printable characters of the Western
# (cp1252) set. CJK punctuation (，。“”…) is outside it, or, for the shared ones, kept by the
# caller's face only when the Latin face lacks them.
def _western(code: int) -> bool:
    if code < 0x20 or 0x7F <= code < 0xA0:
        return False
    try:
        chr(code).encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


LATIN_CHARS = frozenset(chr(code) for code in range(0x20, 0x2200) if _western(code))


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode map with characters beyond U+FFFF written as UTF-16 pairs.

    reportlab writes "<%04X>", which turns 𠈌 (U+2020C) into five hex digits that viewers and
    pdftotext read as another character; the PDF specification wants UTF-16BE.
    """
    text: str = _rl_to_unicode_cmap(fontname, subset)
    for code in subset:
        if code > 0xFFFF:
            units = chr(code).encode("utf-16-be").hex().upper()
            text = text.replace(f"> <{code:04X}>", f"> <{units}>")
    return text


_rl_to_unicode_cmap = ttfonts.makeToUnicodeCMap
ttfonts.makeToUnicodeCMap = _to_unicode_cmap


class _Registry:
    """Lazily registers the first usable pair and the rare-character faces; later calls reuse
    them (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._choice: FontChoice | None = None
        self._cmap: dict[str, frozenset[int]] = {}
        self._chars: dict[str, frozenset[str]] = {}  # the same, as characters (fast subset tests)
        self._rare: list[str] = []  # registered fallback names, in order
        self._rare_loaded = False
        self.rare_files: list[FontFile] = []
        self._latin: dict[str, str] | None = None  # CJK face name -> its Latin face name
        self._latin_chars: dict[str, frozenset[str]] = {}
        self.latin_files: list[FontFile] = []

    def latin(self) -> dict[str, str]:
        """Register the Latin faces on first need (English documents only)."""
        if self._latin is not None:
            return self._latin
        choice = self.ensure()
        with self._lock:
            if self._latin is None:
                self._latin = self._register_latin(choice)
        return self._latin

    def _register_latin(self, choice: FontChoice) -> dict[str, str]:
        def load(name: str, files: list[FontFile]) -> TTFont | None:
            for font in files:
                if not font.path.is_file():
                    continue
                try:
                    face = TTFont(name, str(font.path), subfontIndex=font.subfont)
                except (TTFError, OSError, ValueError, KeyError):
                    continue
                pdfmetrics.registerFont(face)
                cmap = frozenset(face.face.charToGlyph)
                self._cmap[name] = cmap
                self._latin_chars[name] = frozenset(c for c in LATIN_CHARS if ord(c) in cmap)
                self.latin_files.append(font)
                return face
            return None

        found: dict[str, str] = {}
        if load(LATIN_BODY, latin_candidates(choice.serif)) is not None:
            found[BODY] = LATIN_BODY
        # headings are a sans (黑体) face; drawn from the body face, they follow it
        if not choice.faux_bold and load(LATIN_HEADING, latin_candidates(False)) is not None:
            found[HEADING] = LATIN_HEADING
        return found

    def latin_chars(self, latin_name: str) -> frozenset[str]:
        return self._latin_chars.get(latin_name, frozenset())

    def ensure_rare(self) -> None:
        """Register the rare-character faces on first need: they are large (HanaMin A and B
        take about a second to read) and most documents never need them."""
        choice = self.ensure()
        if self._rare_loaded:
            return
        with self._lock:
            if not self._rare_loaded:
                self._register_rare(rare_candidates(), choice)
                self._rare_loaded = True

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

    def _register_rare(self, files: Iterable[FontFile], choice: FontChoice) -> None:
        for font in files:
            if not font.path.is_file() or font == choice.body:
                continue
            if font == choice.heading:  # already loaded: reuse it rather than load it twice
                self._rare.append(HEADING)
                self.rare_files.append(font)
                continue
            name = f"{RARE}{len(self._rare)}"
            try:
                face = TTFont(name, str(font.path), subfontIndex=font.subfont)
            except (TTFError, OSError, ValueError, KeyError):
                continue
            pdfmetrics.registerFont(face)
            self._cmap[name] = frozenset(face.face.charToGlyph)
            self._rare.append(name)
            self.rare_files.append(font)

    def covers(self, font_name: str, char: str) -> bool:
        self.ensure()
        return ord(char) in self._cmap.get(font_name, self._cmap[BODY])

    def covers_all(self, font_name: str, text: str) -> bool:
        """Whether the font has every character of `text` (one set test: the common case)."""
        self.ensure()
        chars = self._chars.get(font_name)
        if chars is None:
            cmap = self._cmap.get(font_name, self._cmap[BODY])
            chars = self._chars[font_name] = frozenset(chr(c) for c in cmap)
        return chars.issuperset(text)

    def fallback_for(self, char: str) -> str | None:
        """The first registered fallback face that has `char`, or None."""
        self.ensure_rare()
        code = ord(char)
        for name in self._rare:
            if code in self._cmap[name]:
                return name
        return None


_registry = _Registry()

# Characters printed as a placeholder during the current build (see `missing_glyphs`).
_missing: ContextVar[set[str] | None] = ContextVar("doorstep_missing_glyphs", default=None)


@contextmanager
def missing_glyphs() -> Iterator[set[str]]:
    """Collect, while the block runs, every character no font on this machine can draw."""
    found: set[str] = set()
    token = _missing.set(found)
    try:
        yield found
    finally:
        _missing.reset(token)


def ensure_fonts() -> FontChoice:
    """Register the report fonts (first call only, ≈0.2 s) and say which files were chosen."""
    return _registry.ensure()


def rare_font_files() -> list[FontFile]:
    """The fallback faces found on this machine for rare characters."""
    _registry.ensure_rare()
    return list(_registry.rare_files)


def describe() -> str:
    """Which files print the documents on this machine (for the README and `report fonts`)."""
    choice = ensure_fonts()
    parts = [f"body {choice.body.path.name}", f"headings {choice.heading.path.name}"]
    rare = [f.path.name for f in rare_font_files()]
    if rare:
        parts.append("rare characters " + ", ".join(rare))
    return "; ".join(parts)


def latin_face(font_name: str, language: str | None = None) -> str | None:
    """The face that draws Latin text set in `font_name` in a document in `language` (the
    document's own by default): None in Chinese, or when no Latin face was found."""
    if (language or document_language.current()) != "en":
        return None
    if font_name not in (BODY, HEADING):
        return None
    return _registry.latin().get(font_name)


def latin_font_files() -> list[FontFile]:
    """The Latin faces English documents use on this machine."""
    _registry.latin()
    return list(_registry.latin_files)


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


def covers_all(text: str, font_name: str = BODY) -> bool:
    return _registry.covers_all(font_name, text)


def fallback_for(char: str) -> str | None:
    """The registered fallback font that draws `char` (None: no font on this machine has it)."""
    return _registry.fallback_for(char)


def safe_text(text: str, font_name: str = BODY, *, fallback: bool = False) -> str:
    """Replace characters the font cannot draw, so nothing prints as an empty box.

    Known symbols get a readable stand-in (㎡ → m² → 平方米). With `fallback`, a character a
    fallback face has is kept (the caller draws it in that face: see `runs`). Any other missing
    character becomes its code point in brackets, which a person can still look up, instead of
    a silent blank, and is collected for a warning (`missing_glyphs`).
    """
    ensure_fonts()
    if covers_all(text, font_name):
        return text
    if not _SEQUENCE_MARKS.isdisjoint(text):
        text = "".join(char for char in text if char not in _SEQUENCE_MARKS)
    out: list[str] = []
    for char in text:
        if char in "\n\r\t" or covers(char, font_name):
            out.append(char)
            continue
        if fallback and fallback_for(char) is not None:
            out.append(char)
            continue
        for stand_in in REPLACEMENTS.get(char, ()):
            if all(covers(c, font_name) for c in stand_in):
                out.append(stand_in)
                break
        else:
            if not char.isspace() and ord(char) >= 0x20 and not 0x7F <= ord(char) < 0xA0:
                found = _missing.get()
                if found is not None:
                    found.add(char)
                out.append(f"[U+{ord(char):04X}]")
    return "".join(out)


def face_for(char: str, font_name: str = BODY, latin: str | None = None) -> str:
    """The face that draws `char` of text set in `font_name`: the Latin face given for a Latin
    character, else the font itself when it has the character, else the fallback that does."""
    if latin is not None and char in _registry.latin_chars(latin):
        return latin
    if covers(char, font_name):
        return font_name
    return fallback_for(char) or font_name


def runs(text: str, font_name: str = BODY) -> list[tuple[str, str]]:
    """`text` (already through safe_text with fallback) cut into (font, text) runs: characters
    the main font lacks go to the fallback face that has them; in an English document, Latin
    characters go to the Latin face."""
    latin = latin_face(font_name)
    if latin is None:
        if covers_all(text, font_name):
            return [(font_name, text)] if text else []
    elif _registry.latin_chars(latin).issuperset(text):
        return [(latin, text)] if text else []
    out: list[tuple[str, str]] = []
    current_font = font_name
    current: list[str] = []
    for char in text:
        font = face_for(char, font_name, latin)
        if font != current_font and current:
            out.append((current_font, "".join(current)))
            current = []
        current_font = font
        current.append(char)
    if current:
        out.append((current_font, "".join(current)))
    return out


def string_width(text: str, font_name: str, size: float) -> float:
    """The width of one line as `runs` draws it (each run in its own face)."""
    clean = safe_text(text, font_name, fallback=True)
    return sum(
        float(pdfmetrics.getFont(face).stringWidth(run, size))
        for face, run in runs(clean, font_name)
    )
