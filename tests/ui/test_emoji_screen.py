"""Emoji outside the Chinese fonts (🏢 🚪 👨‍👩‍👧‍👦) are drawn from a face that has them — the
system's emoji font where there is one (Segoe UI Emoji on Windows), else the emoji face shipped in
resources/fonts — never as empty boxes."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication, QTextLayout
from PySide6.QtWidgets import QApplication

from ui import app as ui_app


def _glyphs(text: str) -> list[tuple[str, int]]:
    """(face, glyph) for each glyph the application's font lays `text` out with."""
    layout = QTextLayout(text, QGuiApplication.font())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return [
        (run.rawFont().familyName(), glyph)
        for run in layout.glyphRuns()
        for glyph in run.glyphIndexes()
    ]


def test_emoji_have_glyphs_on_screen(qapp: QApplication) -> None:
    before = QGuiApplication.font()
    try:
        ui_app.ensure_chinese_font()
        ui_app.ensure_emoji_font()
        for emoji in ("🏢", "🚪", "😀", "👨"):
            found = _glyphs(emoji)
            assert found and all(glyph != 0 for _face, glyph in found), (emoji, found)
            assert ui_app.emoji_family() in {face for face, _ in found}, (emoji, found)
        assert _glyphs("中")[0][0] != ui_app.emoji_family()  # Chinese keeps its own face
    finally:
        QGuiApplication.setFont(before)
