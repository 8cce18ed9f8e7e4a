"""What the screenshot scripts share: the repository on sys.path, a demo database in a new
temporary data directory, the application opened on a data directory as a caseworker starts it
(language, translations, Chinese font, main window), letting the window settle before grabbing
it to docs/img, and closing it all.

Qt and ui/ are imported only inside the functions, so a script may parse its arguments and set
QT_SCALE_FACTOR (Screens(scale=...)) before any of Qt is loaded.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "img"
DB_NAME = "doorstep.db"
# The throwaway demo databases are encrypted like any other; this is their password.
os.environ.setdefault("DOORSTEP_PASSWORD", "screenshots 2026")

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from services.demo import DemoSummary
    from services.workspace import Workspace
    from ui.main_window import MainWindow

Driven = TypeVar("Driven")


def demo_workspace(
    prefix: str,
    households: int,
    device_name: str = "旺庄-笔记本1",
    role: str = "laptop",
) -> tuple[Path, Workspace, DemoSummary]:
    """A new temporary data directory whose database holds the demo data set (caseworker 李明
    of 旺庄街道). The workspace is left open for the caller to look things up; it closes it."""
    from services import demo
    from services.workspace import Profile, Workspace

    data_dir = Path(tempfile.mkdtemp(prefix=prefix))
    ws = Workspace.open(data_dir / DB_NAME)
    ws.init_profile(Profile("李明", "新吴区", "旺庄街道", device_name, role=role))
    return data_dir, ws, demo.load_demo(ws, households)


def typed(thing: object, kind: type[Driven]) -> Driven:
    """`thing` as the class the script drives, so mypy checks the attributes a script touches
    against its real ones (a page, a dialog the script opened, an editor of its form)."""
    assert isinstance(thing, kind), f"{type(thing).__name__} is not a {kind.__name__}"
    return thing


def show_page(window: MainWindow, key: str, kind: type[Driven]) -> Driven:
    """Show the page `key` and return it as `kind`."""
    return typed(window.show_page(key), kind)


class Screens:
    """The application opened on `data_dir` in `language`; `grab` saves a widget as
    `out/screen-<name><suffix>.png` once pending tasks and events have settled."""

    def __init__(
        self,
        data_dir: Path,
        *,
        out: Path = OUT,
        language: str = "zh",
        scale: float = 1.0,
        settle_ms: int = 500,
        suffix: str = "",
    ) -> None:
        if scale != 1.0:
            os.environ["QT_SCALE_FACTOR"] = str(scale)
        from ui import app as ui_app
        from ui import config, i18n

        config.Config(data_dir).set(config.LANGUAGE, language)
        self.app = ui_app.make_application([])
        i18n.ensure_compiled()
        i18n.install(self.app, language)
        ui_app.ensure_chinese_font()
        ui_app.ensure_emoji_font()
        self.ctx = ui_app.open_context(data_dir, data_dir / DB_NAME)
        self.out = out
        self.settle_ms = settle_ms
        self.suffix = suffix

    def main_window(self, width: int, height: int) -> MainWindow:
        from ui.main_window import MainWindow

        window = MainWindow(self.ctx)
        window.resize(width, height)
        window.show()
        return window

    def settle(self, ms: int | None = None) -> None:
        """Wait for the background tasks, then let Qt draw for `ms` milliseconds."""
        from PySide6.QtCore import QCoreApplication, QEventLoop

        self.ctx.tasks.wait()
        end = time.monotonic() + (self.settle_ms if ms is None else ms) / 1000
        while time.monotonic() < end:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        self.ctx.tasks.wait()
        QCoreApplication.processEvents()

    def grab(self, widget: QWidget, name: str) -> None:
        from PySide6.QtGui import QGuiApplication

        self.settle()
        if QGuiApplication.platformName() == "offscreen":
            pixmap = widget.grab()  # offscreen grabWindow ignores the scale factor
        else:
            pixmap = widget.screen().grabWindow(widget.winId())
        self.out.mkdir(parents=True, exist_ok=True)
        path = self.out / f"screen-{name}{self.suffix}.png"
        pixmap.save(str(path))
        print(path, pixmap.width(), pixmap.height())

    def close(self, window: MainWindow) -> None:
        window.close()
        self.ctx.tasks.wait()
        self.ctx.close_workspace()
