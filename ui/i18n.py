"""Languages of the GUI: Qt Linguist catalogues for our own strings, Qt's qtbase catalogue for
standard buttons, and the domain labels (fields, choices) in the same language.

Source strings in the code are English (`self.tr("...")`); resources/translations/*.ts hold the
Chinese and English catalogues, compiled to .qm by `build_translations()` (pyside6-lrelease).
`python scripts/build_translations.py --update` re-extracts strings from ui/ with lupdate.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QTranslator,
)
from PySide6.QtGui import QGuiApplication

from domain import i18n as domain_i18n
from domain.choices import USUAL_WORDS, ChoiceList, usual_label
from domain.records import ENTITIES

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = {"zh": "zh_CN", "en": "en"}


def ts_path(language: str) -> Path:
    return TRANSLATIONS / f"doorstep_{LANGUAGES[language]}.ts"


def qm_path(language: str) -> Path:
    return ts_path(language).with_suffix(".qm")


def _tool(name: str) -> str:
    """A PySide6 tool from the interpreter's environment (the venv), else from PATH."""
    beside = Path(sys.executable).with_name(name)
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"{name} not found; install PySide6")
    return found


def build_translations(*, update_sources: bool = False) -> list[Path]:
    """Compile every .ts to .qm (and first refresh the .ts from ui/ when asked)."""
    built = []
    for language in LANGUAGES:
        ts = ts_path(language)
        if update_sources:
            sources = sorted(str(p) for p in (ROOT / "ui").rglob("*.py"))
            subprocess.run(
                [
                    _tool("pyside6-lupdate"),
                    *sources,
                    "-no-obsolete",
                    "-locations",
                    "none",
                    "-source-language",
                    "en",
                    "-target-language",
                    LANGUAGES[language],
                    "-ts",
                    str(ts),
                ],
                check=True,
                capture_output=True,
            )
        qm = qm_path(language)
        subprocess.run(
            [_tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=True
        )
        built.append(qm)
    return built


def ensure_compiled() -> None:
    """Build the .qm files when they are missing or older than their sources (a fresh clone).
    A packaged build ships only the .qm files, so there is nothing to compare with there."""
    stale = [
        lang
        for lang in LANGUAGES
        if ts_path(lang).exists()
        and (
            not qm_path(lang).exists()
            or qm_path(lang).stat().st_mtime < ts_path(lang).stat().st_mtime
        )
    ]
    if stale:
        try:
            build_translations()
        except (OSError, subprocess.CalledProcessError):
            log.warning("could not compile translations", exc_info=True)


_installed: list[QTranslator] = []


# Qt's own file dialog labels that qtbase_zh_CN lacks (it has "Look in:", not "&Look in:"):
# our catalogue carries them, so the file dialog is all Chinese.
QT_GAPS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
)


def app_name() -> str:
    """The program's one name in the interface language: 入户通 or Doorstep."""
    return QCoreApplication.translate("App", "Doorstep")


def install(app: QCoreApplication, language: str) -> None:
    """Speak `language` ("zh" or "en") in Qt's own dialogs, our widgets and domain sentences;
    the window titles end in the program's name in that language, once."""
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    domain_i18n.set_language(language)
    QLocale.setDefault(
        QLocale(
            QLocale.Language.Chinese if language == "zh" else QLocale.Language.English,
            QLocale.Country.China if language == "zh" else QLocale.Country.UnitedStates,
        )
    )
    if language == "zh":
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        qtbase = QTranslator(app)
        if qtbase.load("qtbase_zh_CN", qt_dir):
            app.installTranslator(qtbase)
            _installed.append(qtbase)
        else:
            log.warning("qtbase_zh_CN not found in %s", qt_dir)
    ours = QTranslator(app)
    if ours.load(str(qm_path(language))):
        app.installTranslator(ours)
        _installed.append(ours)
    else:
        log.warning("translation %s not loaded", qm_path(language))
    if isinstance(app, QGuiApplication):
        app.setApplicationDisplayName(app_name())


def lang() -> str:
    return domain_i18n.language()


def pick(zh: str, en: str) -> str:
    return zh if lang() == "zh" else en


def labelled(label: str, value: str) -> str:
    """ "label：value" in Chinese, "label: value" in English (English screens use English
    punctuation)."""
    return f"{label}：{value}" if lang() == "zh" else f"{label}: {value}"


def bracketed(head: str, inner: str) -> str:
    """ "旺庄路项目（XW-01）" in Chinese, "旺庄路项目 (XW-01)" in English."""
    return domain_i18n.bracketed(head, inner)


def joined(parts: list[str]) -> str:
    """Clauses of a note: "a；b" in Chinese, "a; b" in English."""
    return ("；" if lang() == "zh" else "; ").join(parts)


def listed(parts: list[str]) -> str:
    """Items of a list: "a、b" in Chinese, "a, b" in English."""
    return ("、" if lang() == "zh" else ", ").join(parts)


heading = domain_i18n.heading


def field_label(entity: str, name: str) -> str:
    """A field's name as a label or header: 户主姓名 / Head of household."""
    spec = ENTITIES[entity].field(name)
    return pick(spec.zh, heading(spec.en))


def field_words(entity: str, name: str) -> str:
    """A field's name inside a sentence: 户主姓名 / head of household."""
    spec = ENTITIES[entity].field(name)
    return pick(spec.zh, spec.en)


def entity_words(entity: str) -> str:
    """A record kind's name inside a sentence or a list: 家庭成员 / household member."""
    spec = ENTITIES[entity]
    return pick(spec.zh, spec.en)


def entity_label(entity: str) -> str:
    """A record kind's name as a label or header: 家庭成员 / Household member."""
    spec = ENTITIES[entity]
    return pick(spec.zh, heading(spec.en))


def choice(choices: ChoiceList, code: str | None) -> str:
    """A choice's name standing alone — a cell, a value beside its label, a filter entry:
    有效 / Active."""
    return heading(choices.label(code, lang()))


def choice_words(choices: ChoiceList, code: str | None) -> str:
    """A choice's name inside a sentence: 有效 / active ("Back to valued")."""
    return choices.label(code, lang())


def choice_items(choices: ChoiceList) -> list[tuple[str, str]]:
    """The entries of a choice's combo or buttons, each standing alone."""
    return [(c.code, heading(pick(c.zh, c.en))) for c in choices]


def usual(value: str | None, words: ChoiceList) -> str:
    """A free-text value standing alone (a relation, a building's use): one of the usual
    `words` in the interface language ("Son" for 子), anything else exactly as typed."""
    return usual_label(value, words, lang())


def field_value(entity: str, name: str, value: object) -> str | None:
    """A stored value of a choice field, or of a free-text field with usual words, as it
    stands alone in the interface language; None for any other field (the caller formats)."""
    spec = ENTITIES[entity].field(name)
    if spec.options is not None and isinstance(value, str):
        return choice(spec.options, value)
    words = USUAL_WORDS.get((entity, name))
    if words is not None and isinstance(value, str):
        return usual(value, words)
    return None
