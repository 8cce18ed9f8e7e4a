"""The password, before anything else is shown: set it on the first start (twice, a minimum
length), type it on every later start. The database is opened off the GUI thread (the key
derivation takes a noticeable fraction of a second). After three wrong passwords the dialog
waits 30 seconds before the next try: never a lockout that could lose data.

The same password then opens this computer's device keys in the background while the window
shows (services.security.open_device_keys): the sync page does not ask for it again."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from domain.errors import UserError, text
from services import security
from ui.forms import error_label, set_error
from ui.tasks import Tasks

if TYPE_CHECKING:
    from services.workspace import Workspace

TRIES_BEFORE_WAIT = 3
WAIT_SECONDS = 30
# Imported while the person types: the database layer and the services the window's pages use
# (no Qt and no ui module: some create Qt objects when imported, which belongs to the GUI
# thread). The main window then imports its own modules quickly.
WARM_UP = (
    "services.workspace",
    "services.private_files",
    "services.sync",
    "services.households",
    "services.figures",
    "services.today",
    "services.report_data",
    "services.documents",
    "services.estimates",
    "services.policy_compare",
    "services.tickets",
    "services.flats",
    "services.drafts",
)


# Then, on the GUI thread while the dialog waits for the person, one module per turn of the
# event loop (each a few tens of milliseconds: typing stays smooth): the window and its pages.
UI_WARM_UP = ("ui.main_window", "ui.household_view", "ui.pages")


def ui_modules() -> list[str]:
    from ui.pages import MODULES

    return [*UI_WARM_UP, *(name if "." in name else f"ui.pages.{name}" for name in MODULES)]


def warm_up() -> None:
    """Import what comes after the password, off the GUI thread, so the wait after OK is the
    key derivation and the window, not imports."""
    for name in WARM_UP:
        importlib.import_module(name)


class UnlockDialog(QDialog):
    def __init__(self, db_path: Path, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unlockDialog")
        self.db_path = db_path
        self.tasks = tasks
        self.new = not security.has_password(db_path)
        self.workspace: Workspace | None = None
        self.wrong_tries = 0
        self.wait_left = 0
        self.setWindowTitle(self.tr("Doorstep"))
        if self.new:
            intro = self.tr(
                "Choose a password for Doorstep on this computer (at least %1 characters). "
                "Everything Doorstep keeps here is stored encrypted under it. If it is "
                "forgotten, the district office sets the computer up again; what never "
                "reached the district office is then lost."
            ).replace("%1", str(security.MIN_PASSWORD_CHARS))
        else:
            intro = self.tr("Type the password to open Doorstep.")
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit()
        self.again.setObjectName("passwordAgain")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("Password:"), self.password)
        if self.new:
            form.addRow(self.tr("Type it again:"), self.again)
        self.error = error_label(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)
        self.setMinimumWidth(460)
        # A word-wrapped label reports its height for the width it gets: give it the width
        # first, then let the dialog take the height (English is longer than Chinese).
        self.intro.setMinimumWidth(430)
        self.adjustSize()
        self._ui_modules: list[str] = []
        self._warm_timer = QTimer(self)  # a child: it stops with the dialog
        self._warm_timer.setInterval(0)
        self._warm_timer.timeout.connect(self._import_next)
        self.tasks.run(warm_up, lambda _none: self._warm_up_ui(), parent=self)

    def _warm_up_ui(self) -> None:
        self._ui_modules = ui_modules()
        self._warm_timer.start()

    def _import_next(self) -> None:
        if not self._ui_modules or not self.isVisible():
            self._warm_timer.stop()
            return
        importlib.import_module(self._ui_modules.pop(0))

    def ok_button(self) -> QWidget:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        return button

    def submit(self) -> None:
        if self.wait_left > 0 or not self.ok_button().isEnabled():
            return
        password = self.password.text()
        if self.new:
            try:
                security.check_new_password(password)
            except UserError as exc:
                self._say(str(exc))
                return
            if self.again.text() != password:
                self._say(str(UserError("db_password_mismatch")))
                return
        self._say("")
        self.ok_button().setEnabled(False)
        self.tasks.run(
            # a long step of the opening (an upgrade, a killed bulk load's indexes) is said in
            # the progress dialog instead of "Opening…" alone
            lambda progress: security.open_workspace(
                self.db_path, password, on_step=lambda code: progress.update(0, 0, text(code))
            ),
            lambda ws: self._opened(ws, password),
            self._refused,
            parent=self,
            label=self.tr("Opening…"),
            with_progress=True,
        )

    def _opened(self, ws: Workspace, password: str) -> None:
        self.workspace = ws
        # Not awaited: the window shows meanwhile; the password goes with the work and is not kept.
        self.tasks.run(security.open_device_keys(ws.store.path, password))
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.ok_button().setEnabled(True)
        if not isinstance(exc, UserError):
            raise exc
        self.password.selectAll()
        self.password.setFocus()
        if exc.code != "db_wrong_password":
            self._say(str(exc))
            return
        self.wrong_tries += 1
        if self.wrong_tries % TRIES_BEFORE_WAIT == 0:
            self.wait_left = WAIT_SECONDS
            self.ok_button().setEnabled(False)
            self.timer.start()
            self._show_wait(str(exc))
        else:
            self._say(str(exc))

    def _show_wait(self, first: str = "") -> None:
        waiting = self.tr("Wait %1 seconds before the next try.").replace("%1", str(self.wait_left))
        self._say(f"{first} {waiting}".strip())

    def _tick(self) -> None:
        self.wait_left -= 1
        if self.wait_left <= 0:
            self.timer.stop()
            self.ok_button().setEnabled(True)
            self._say("")
            return
        self._show_wait()

    def _say(self, text: str) -> None:
        """A sentence under the fields; the dialog grows to show it whole."""
        set_error(self.error, text)
        self.adjustSize()
