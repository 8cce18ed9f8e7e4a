"""Starting the GUI: data directory, log file, language, fonts, the database, first-run setup,
then the main window. main.py calls `run()` when started without a command."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QStyle

from domain.errors import UserError
from domain.errors import text as catalogue_text
from services import paths
from ui import config, errors, i18n
from ui.i18n import lang
from ui.tasks import tasks

if TYPE_CHECKING:
    from services.private_files import PrivateFiles
    from services.workspace import Workspace
    from ui.context import AppContext

log = logging.getLogger(__name__)
BUNDLED_FONT = i18n.ROOT / "resources" / "fonts" / "wqy-microhei.ttc"
BUNDLED_EMOJI_FONT = BUNDLED_FONT.with_name("symbola-emoji.ttf")
# Colour or monochrome emoji faces a system may have; Qt falls back to them by itself.
SYSTEM_EMOJI_FAMILIES = (
    "Segoe UI Emoji",  # Windows 8.1 and later
    "Segoe UI Symbol",  # Windows 7
    "Noto Color Emoji",
    "Apple Color Emoji",
    "Noto Emoji",
    "Twemoji Mozilla",
    "Symbola",
)
_emoji_family = ""


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="doorstep", add_help=False)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--screenshot", type=Path, default=None)
    known, _qt_args = parser.parse_known_args(argv)
    return known


def ensure_chinese_font() -> None:
    """Use the bundled WenQuanYi Micro Hei when the system has no font with Chinese glyphs."""
    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    if families or not BUNDLED_FONT.exists():
        return
    if QFontDatabase.addApplicationFont(str(BUNDLED_FONT)) < 0:
        log.warning("could not load %s", BUNDLED_FONT)


def ensure_emoji_font() -> None:
    """Emoji (🏢 🚪 👨‍👩‍👧‍👦) come from the system's emoji face when it has one; otherwise from the
    shipped Symbola subset, put after the application font's families so Qt tries it before
    drawing a box (only for glyphs the Chinese and Latin faces lack)."""
    global _emoji_family
    installed = set(QFontDatabase.families())
    for family in SYSTEM_EMOJI_FAMILIES:
        if family in installed:
            _emoji_family = family
            return
    if not BUNDLED_EMOJI_FONT.exists():
        return
    font_id = QFontDatabase.addApplicationFont(str(BUNDLED_EMOJI_FONT))
    loaded = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not loaded:
        log.warning("could not load %s", BUNDLED_EMOJI_FONT)
        return
    _emoji_family = loaded[0]
    font = QGuiApplication.font()
    families = [f for f in font.families() or [font.family()] if f != _emoji_family]
    font.setFamilies([*families, _emoji_family])
    QGuiApplication.setFont(font)


def emoji_family() -> str:
    """The face emoji are drawn from ("" until ensure_emoji_font found one)."""
    return _emoji_family


def make_application(argv: list[str]) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication([sys.argv[0] if sys.argv else "doorstep", *argv])
    app.setApplicationName("Doorstep")
    app.setOrganizationName("Doorstep")
    return app


def open_context(data_dir: Path, db_path: Path, ws: Workspace | None = None) -> AppContext:
    """Open the database (creating it on first run) and gather what the pages share."""
    from services.workspace import Workspace
    from ui.context import AppContext

    data_dir.mkdir(parents=True, exist_ok=True)
    ws = ws or Workspace.open(db_path)
    return AppContext(
        ws=ws,
        db_path=db_path,
        data_dir=data_dir,
        config=config.Config(data_dir),
        state=config.ui_state(data_dir),
        tasks=tasks(),
        profile=ws.profile(),
    )


class _FirstRunStopped(Exception):
    """The first run ended before its profile was made."""


def start_workspace(data_dir: Path, db_path: Path) -> tuple[AppContext, PrivateFiles] | int:
    """The password dialog, the database opened, and on the first run the caseworker's
    profile: what the window needs, or the exit code when there is no window to show.

    A first run goes through services.new_database.creating as `init` does: a database is
    made whole (password and profile) or not at all, so a first run stopped before its
    profile — by the person, or by a full disk in one sentence — leaves no files."""
    from services import new_database
    from services.private_files import PrivateFiles
    from ui.first_run import FirstRunDialog
    from ui.unlock_dialog import UnlockDialog

    data_dir.mkdir(parents=True, exist_ok=True)
    opened: list[tuple[AppContext, PrivateFiles]] = []
    unlock: UnlockDialog | None = None

    def close_opened() -> None:
        """Close what this start opened, once (creating's clean-up may have done it)."""
        if opened:
            close(*opened.pop())
        elif unlock is not None and unlock.workspace is not None:
            tasks().wait(60_000)  # the device keys' opening, still on its way
            unlock.workspace.close()
        if unlock is not None:
            unlock.workspace = None

    try:
        with new_database.creating(db_path, close=close_opened):
            # The password dialog comes first and fast; what the window needs is imported while
            # the person types (UnlockDialog's warm-up), so the key derivation is most of the
            # wait after OK.
            unlock = UnlockDialog(db_path, tasks())
            if unlock.exec() != QDialog.DialogCode.Accepted or unlock.workspace is None:
                raise _FirstRunStopped
            ctx = open_context(data_dir, db_path, unlock.workspace)
            private_files = PrivateFiles.of(ctx.ws)
            opened.append((ctx, private_files))
            unlock.workspace = None  # the context holds it now
            private_files.clean()  # what a crash left in tmp/ (sealed temp files, open copies)
            if ctx.ws.store.plaintext_removed:
                QMessageBox.information(
                    None, "入户通 Doorstep", catalogue_text("db_plaintext_removed", lang())
                )
            if ctx.profile is None:
                dialog = FirstRunDialog(ctx.ws, ctx.tasks)
                if dialog.exec() != QDialog.DialogCode.Accepted or dialog.profile is None:
                    raise _FirstRunStopped
                ctx.profile = dialog.profile
    except _FirstRunStopped:
        close_opened()  # a database that existed before stays, closed
        return 0
    except UserError as exc:
        close_opened()
        QMessageBox.warning(None, i18n.app_name(), str(exc))
        return 2
    return ctx, private_files


def close(ctx: AppContext, private_files: PrivateFiles) -> None:
    ctx.tasks.wait(60_000)  # answers still on their way reach the pages that asked
    private_files.clean()
    ctx.close_workspace()


def run(argv: list[str] | None = None) -> int:
    args = parse_args(list(sys.argv[1:] if argv is None else argv))
    data_dir = args.data_dir or (args.db.parent if args.db else paths.data_dir())
    db_path = args.db or data_dir / paths.DATABASE_NAME
    if args.data_dir is None and args.db is not None and not os.access(data_dir, os.W_OK):
        data_dir = paths.data_dir()  # a database on read-only media: settings and logs stay here
    errors.setup_logging(
        paths.log_dir()
        if args.data_dir is None and data_dir == paths.data_dir()
        else data_dir / "logs"
    )
    app = make_application([])
    i18n.ensure_compiled()
    language = config.Config(data_dir).get(config.LANGUAGE)
    i18n.install(app, language)
    ensure_chinese_font()
    ensure_emoji_font()
    app.setWindowIcon(app.style().standardIcon(QStyle.StandardPixmap.SP_DirHomeIcon))
    errors.install_excepthook()
    if args.screenshot is not None:
        from ui import screenshot

        screenshot.arm(app, args.screenshot)

    started = start_workspace(data_dir, db_path)
    if isinstance(started, int):
        return started
    ctx, private_files = started
    from ui.main_window import MainWindow

    try:
        window = MainWindow(ctx)
        window.setWindowIcon(QIcon(app.windowIcon()))
        window.show_first()
        code = app.exec()
    finally:
        close(ctx, private_files)
    QCoreApplication.processEvents()
    return int(code)
