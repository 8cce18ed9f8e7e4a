"""Issue 9 item 9: a language switch applies at once, Qt's own dialogs speak the chosen language,
coded values follow it, and each language has one clean window title."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication, QFileDialog, QLabel
from shiboken6 import isValid

from services.workspace import Workspace
from tests.ui.conftest import settle
from tests.ui.test_households_ui import make_household
from ui import config, i18n
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.settings_dialog import SettingsDialog


def test_switching_language_applies_at_once_with_one_title(
    ctx: AppContext, ws: Workspace, project: str, qapp: QApplication
) -> None:
    household = make_household(ws, project)
    window = MainWindow(ctx)  # not handed to qtbot: the switch deletes it
    window.show()
    page: Any = window.show_page("households")
    settle(ctx)
    assert window.windowTitle() == "入户通" and qapp.applicationDisplayName() == "入户通"
    form = window.open_visit_form(household)
    form.concerns.setPlainText("换语言前写的字")
    dialog = SettingsDialog(ctx, window)
    chosen: list[MainWindow] = []
    dialog.language_chosen.connect(lambda lang: chosen.append(window.switch_language(lang)))
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    try:
        dialog.accept()
        settle(ctx)
        (english,) = chosen
        assert ctx.config.get(config.LANGUAGE) == "en"
        assert not isValid(window) or not window.isVisible()
        assert english.isVisible()
        assert english.windowTitle() == "Doorstep" == qapp.applicationDisplayName()
        nav = [english.nav.item(i).text() for i in range(english.nav.count())]
        assert "Households" in nav
        page = english.show_page("households")
        settle(english.ctx)
        states = {page.model.data(page.model.index(r, 5)) for r in range(page.model.rowCount())}
        assert states == {"Surveying"}  # a coded value, in the interface language, alone
        assert english.drafts_bar.isVisible()  # the visit typed before the switch is kept
        english.continue_draft()
        assert english.visit_forms[household].concerns.toPlainText() == "换语言前写的字"
        for form in list(english.visit_forms.values()):
            form.close()
    finally:
        i18n.install(qapp, "zh")
        for made in chosen:
            made.close()
        settle(ctx)


def test_qt_file_dialog_is_all_chinese(qapp: QApplication) -> None:
    dialog = QFileDialog(None, "选择文件")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert not any("Look in" in t or "Files of" in t for t in texts), texts
    assert any("查找范围" in t for t in texts)
    dialog.deleteLater()


def test_usual_relation_words_follow_the_language() -> None:
    from domain.choices import relation_text

    assert relation_text("配偶", "en") == "spouse" and relation_text("spouse", "zh") == "配偶"
    assert relation_text("表舅", "en") == "表舅"  # free text stays as typed
    from domain.choices import USE_WORDS, usual_word

    assert usual_word("住宅", USE_WORDS, "en") == "residential"
    assert usual_word("住宅兼商业", USE_WORDS, "en") == "residential and commercial"


def test_no_full_width_brackets_in_english() -> None:
    from domain import i18n as domain_i18n

    try:
        domain_i18n.set_language("en")
        assert domain_i18n.bracketed("Zhang Jinwei", "3栋") == "Zhang Jinwei (3栋)"
        domain_i18n.set_language("zh")
        assert domain_i18n.bracketed("章金伟", "3栋") == "章金伟（3栋）"
        assert domain_i18n.bracketed("章金伟", "") == "章金伟"
    finally:
        domain_i18n.set_language("zh")
