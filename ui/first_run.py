"""First run: the caseworker profile (name, district, sub-district, this laptop's name), then an
offer to load the demo data set, loaded off the GUI thread with progress and Cancel."""

from __future__ import annotations

import socket
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from services.workspace import Profile, Workspace
from ui.forms import error_label, set_error, show_refusal
from ui.save_once import save_once
from ui.tasks import Progress, Tasks

DEMO_HOUSEHOLDS = 300


def demo_available() -> bool:
    try:
        from services import demo  # noqa: F401
    except ImportError:
        return False
    return True


def load_demo(ws: Workspace, households: int, progress: Progress) -> Any:
    """Runs on a pool thread; stops between batches when Cancel was pressed."""
    from services import demo

    def report(done: int, total: int) -> bool:
        progress.update(done, total)
        return not progress.cancelled

    return demo.load_demo(ws, households, progress=report)


class FirstRunDialog(QDialog):
    def __init__(self, ws: Workspace, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunDialog")
        self.ws = ws
        self.tasks = tasks
        self.profile: Profile | None = None
        self.setWindowTitle(self.tr("Welcome to Doorstep"))
        intro = QLabel(
            self.tr(
                "Before you start, tell Doorstep who works on this computer. These details are "
                "written into every record you make and shown to colleagues after sync."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.caseworker = QLineEdit(self)
        self.caseworker.setObjectName("caseworker")
        self.district = QLineEdit(self)
        self.district.setObjectName("district")
        self.district.setPlaceholderText(self.tr("e.g. 新吴区"))
        self.sub_district = QLineEdit(self)
        self.sub_district.setObjectName("sub_district")
        self.sub_district.setPlaceholderText(self.tr("e.g. 旺庄街道"))
        self.device_name = QLineEdit(socket.gethostname()[:40], self)
        self.device_name.setObjectName("device_name")
        # The district office runs the same program as the hub that merges every laptop.
        self.role = QComboBox(self)
        self.role.setObjectName("role")
        self.role.addItem(self.tr("Sub-district laptop"), "laptop")
        self.role.addItem(self.tr("District office (hub)"), "hub")
        self.demo = QCheckBox(
            self.tr("Load the demo data set (fictional households for practice)"), self
        )
        self.demo.setObjectName("loadDemo")
        self.demo_count = QSpinBox(self)
        self.demo_count.setRange(10, 100_000)
        self.demo_count.setValue(DEMO_HOUSEHOLDS)
        self.demo_count.setSuffix(self.tr(" households"))
        self.demo_count.setEnabled(False)
        self.demo.toggled.connect(self.demo_count.setEnabled)
        if not demo_available():
            self.demo.hide()
            self.demo_count.hide()
        form = QFormLayout()
        form.addRow(self.tr("Your name") + " *", self.caseworker)
        form.addRow(self.tr("District") + " *", self.district)
        form.addRow(self.tr("Sub-district") + " *", self.sub_district)
        form.addRow(self.tr("This computer's name") + " *", self.device_name)
        form.addRow(self.tr("This computer is"), self.role)
        form.addRow(self.demo)
        form.addRow(self.tr("Demo size"), self.demo_count)
        self.error = error_label(self)
        # a refusal says what to fix; once the person edits, it has done its job
        for line in (self.caseworker, self.district, self.sub_district, self.device_name):
            line.textEdited.connect(self._clear_error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def submit(self) -> None:
        profile = Profile(
            caseworker=self.caseworker.text().strip(),
            district=self.district.text().strip(),
            sub_district=self.sub_district.text().strip(),
            device_name=self.device_name.text().strip(),
            role=str(self.role.currentData()),
        )
        set_error(self.error, "")
        ws = self.ws
        save_once(
            self.buttons,
            self.tasks,
            lambda: ws.init_profile(profile),
            self._profile_made,
            self._failed,
            parent=self,
        )

    def _profile_made(self, profile: Profile) -> None:
        self.profile = profile
        if not self.demo.isChecked() or self.demo.isHidden():
            self.accept()
            return
        ws, count = self.ws, self.demo_count.value()
        self.buttons.setEnabled(False)  # the profile is made: OK again would make it twice
        self.tasks.run(
            lambda progress: load_demo(ws, count, progress),
            lambda _summary: self.accept(),
            self._demo_failed,
            parent=self,
            label=self.tr("Loading the demo data…"),
            with_progress=True,
            cancellable=True,
        )

    def _demo_failed(self, exc: BaseException) -> None:
        # The profile exists; a failed or refused demo load must not keep the person out.
        self.accept()
        raise exc

    def _clear_error(self, _text: str = "") -> None:
        set_error(self.error, "")

    def _failed(self, exc: BaseException) -> None:
        show_refusal(self.error, exc)
