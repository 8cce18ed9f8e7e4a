"""The catalogues: every source string translated, placeholders kept, Qt's own buttons in
Chinese, and English selectable."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from domain import i18n as domain_i18n
from ui import i18n

PLACEHOLDER = re.compile(r"%(?:\d+|n|L\d+)|\{[A-Za-z_]*\}")
CATALOGUES = [i18n.ts_path(lang) for lang in i18n.LANGUAGES]


def messages(path: Path) -> list[tuple[str, str, str | None, str | None]]:
    found = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type") if translation is not None else None
            text = translation.text if translation is not None else None
            found.append((name, message.findtext("source") or "", text, kind))
    return found


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.name)
def test_every_translation_keeps_its_placeholders(path: Path) -> None:
    broken = [
        (context, source, text)
        for context, source, text, _kind in messages(path)
        if text and sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text))
    ]
    assert broken == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.name)
def test_every_string_is_translated(path: Path) -> None:
    missing = [
        (context, source)
        for context, source, text, kind in messages(path)
        if not text or kind in ("unfinished", "vanished", "obsolete")
    ]
    assert missing == []


def test_placeholder_check_catches_a_lost_placeholder(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ts"
    bad.write_text(
        '<?xml version="1.0" encoding="utf-8"?><TS version="2.1" language="zh_CN"><context>'
        "<name>X</name><message><source>%1 households</source><translation>共户</translation>"
        "</message></context></TS>",
        encoding="utf-8",
    )
    with pytest.raises(AssertionError):
        test_every_translation_keeps_its_placeholders(bad)


def test_every_tr_string_in_ui_is_in_the_catalogue(tmp_path: Path) -> None:
    """A string added to the code but not to the .ts would show in English to Chinese users."""
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (i18n.ROOT / "ui").rglob("*.py"))
    subprocess.run(
        [i18n._tool("pyside6-lupdate"), *sources, "-ts", str(fresh)],
        check=True,
        capture_output=True,
    )
    in_code = {(c, s) for c, s, _t, _k in messages(fresh)}
    in_catalogue = {(c, s) for c, s, _t, _k in messages(i18n.ts_path("zh"))}
    assert in_code - in_catalogue == set(), (
        "run: python scripts/build_translations.py --update, then translate"
    )


def test_standard_buttons_are_chinese_and_english_can_be_chosen(qapp: QApplication) -> None:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Save
    )
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
    assert QCoreApplication.translate("Pages", "Households") == "住户"
    try:
        i18n.install(qapp, "en")
        assert QCoreApplication.translate("Pages", "Households") == "Households"
        assert domain_i18n.language() == "en"
        assert i18n.field_label("household", "head_name") == "Head of household"
    finally:
        i18n.install(qapp, "zh")
    assert QCoreApplication.translate("Pages", "Households") == "住户"


def test_no_tr_inside_f_strings() -> None:
    """lupdate does not look inside f-strings: a tr() there is never translated."""
    import ast

    found = []
    for path in sorted((i18n.ROOT / "ui").rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                for inner in ast.walk(node):
                    if (
                        isinstance(inner, ast.Call)
                        and isinstance(inner.func, ast.Attribute)
                        and inner.func.attr in ("tr", "translate")
                    ):
                        found.append(f"{path.name}:{inner.lineno}")
    assert found == []
