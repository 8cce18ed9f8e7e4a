"""The idle lock: after N minutes without keyboard or mouse input (setting, default 10; 0 =
never) a lock screen covers the main window and every other window of the app is hidden. The
lock screen shows nothing personal: no record, no name, no window title beyond the app's. Forms
stay open underneath (their drafts are kept and autosaved as before), background tasks keep
running and finish, and the password unlocks (three wrong tries: a 30-second wait). Copies of
attachments opened in other programs are deleted when the lock comes on."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from domain.errors import UserError
from services import security
from services.private_files import PrivateFiles
from ui import config
from ui.context import AppContext
from ui.forms import error_label, set_error

TRIES_BEFORE_WAIT = 3
WAIT_SECONDS = 30
INPUT_EVENTS = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.InputMethod,
}


class LockScreen(QWidget):
    """Covers the whole main window (menus and status bar included)."""

    def __init__(self, lock: IdleLock, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.lock = lock
        self.setAutoFillBackground(True)
        self.setStyleSheet("#lockScreen { background: palette(window); }")
        title = QLabel(self.tr("Doorstep is locked"), self)
        title.setObjectName("lockTitle")
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        hint = QLabel(self.tr("Type the password to go on."), self)
        self.password = QLineEdit(self)
        self.password.setObjectName("lockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaximumWidth(320)
        self.password.returnPressed.connect(self.submit)
        self.button = QPushButton(self.tr("Unlock"), self)
        self.button.setObjectName("unlockButton")
        self.button.clicked.connect(self.submit)
        self.error = error_label(self)
        self.error.setMaximumWidth(420)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (title, hint, self.password, self.button, self.error):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.wrong_tries = 0
        self.wait_left = 0
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)
        self.hide()

    def submit(self) -> None:
        if self.wait_left > 0 or not self.button.isEnabled():
            return
        password = self.password.text()
        self.button.setEnabled(False)
        ctx = self.lock.ctx
        ctx.tasks.run(
            lambda: security.verify_password(ctx.db_path, password),
            lambda _none: self.lock.unlock(),
            self._refused,
            parent=self,
        )

    def _refused(self, exc: BaseException) -> None:
        self.button.setEnabled(True)
        self.password.selectAll()
        if not isinstance(exc, UserError):
            raise exc
        if exc.code != "db_wrong_password":
            set_error(self.error, str(exc))
            return
        self.wrong_tries += 1
        if self.wrong_tries % TRIES_BEFORE_WAIT == 0:
            self.wait_left = WAIT_SECONDS
            self.button.setEnabled(False)
            self.timer.start()
            self._show_wait(str(exc))
        else:
            set_error(self.error, str(exc))

    def _show_wait(self, first: str = "") -> None:
        waiting = self.tr("Wait %1 seconds before the next try.").replace("%1", str(self.wait_left))
        set_error(self.error, f"{first} {waiting}".strip())

    def _tick(self) -> None:
        self.wait_left -= 1
        if self.wait_left <= 0:
            self.timer.stop()
            self.button.setEnabled(True)
            set_error(self.error, "")
            return
        self._show_wait()

    def reset(self) -> None:
        self.password.clear()
        set_error(self.error, "")


class IdleLock(QObject):
    """Watches the application's input; locks `window` after the configured idle time."""

    def __init__(self, window: QMainWindow, ctx: AppContext) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = ctx
        self.screen = LockScreen(self, window)
        self.locked = False
        self._hidden: list[QWidget] = []
        self._disabled: list[QAction] = []
        self._title = ""
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        self.set_minutes(int(ctx.config.get(config.IDLE_LOCK_MINUTES)))
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        window.installEventFilter(self)

    def set_minutes(self, minutes: int) -> None:
        self.set_interval_ms(minutes * 60_000)

    def set_interval_ms(self, interval: int) -> None:
        self.timer.stop()
        self.interval_ms = max(0, interval)
        if self.interval_ms and not self.locked:
            self.timer.start(self.interval_ms)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Resize and self.locked:
            self.screen.setGeometry(self.window.rect())
        elif event.type() in INPUT_EVENTS and not self.locked and self.interval_ms:
            self.timer.start(self.interval_ms)
        return False

    def lock(self) -> None:
        if self.locked:
            return
        self.locked = True
        self.timer.stop()
        PrivateFiles.of(self.ctx.ws).clean_open_copies()
        self._title = self.window.windowTitle()
        self.window.setWindowTitle(self.tr("Doorstep (locked)"))
        self._hidden = [
            w
            for w in QApplication.topLevelWidgets()
            if w is not self.window and w.isVisible() and w.isWindow()
        ]
        # The window's own parts are hidden too (not just covered): nothing personal is left
        # for a screenshot, a screen reader or a resize to show.
        self._hidden += [
            w
            for w in self.window.children()
            if isinstance(w, QWidget) and w is not self.screen and w.isVisible()
        ]
        for widget in self._hidden:
            widget.hide()
        # Shortcuts must not open anything under the lock screen.
        self._disabled = [a for a in self.window.findChildren(QAction) if a.isEnabled()]
        for action in self._disabled:
            action.setEnabled(False)
        self.screen.reset()
        self.screen.setGeometry(self.window.rect())
        self.screen.show()
        self.screen.raise_()
        self.screen.password.setFocus()

    def unlock(self) -> None:
        if not self.locked:
            return
        self.locked = False
        self.screen.hide()
        self.screen.reset()
        self.screen.wrong_tries = 0
        self.window.setWindowTitle(self._title)
        for action in self._disabled:
            action.setEnabled(True)
        for widget in self._hidden:
            widget.show()
        self._hidden, self._disabled = [], []
        if self.interval_ms:
            self.timer.start(self.interval_ms)
