"""同步: this computer's keys and enrolment, exporting a bundle to a USB stick, importing bundles,
and (on the district hub) the device registry.

Every file and database step runs off the GUI thread (ui.tasks). Export offers the removable
drives Qt sees (QStorageInfo) and says "safe to remove" only after services.sync has written the
bundle through a temp file, fsynced, renamed, read it back and verified it. Import takes any
number of files and shows one summary row per bundle: from which device, new changes per record
kind, already known, conflicts created, attachments received, or the one-sentence refusal.

The page's own texts are in the .ts catalogue (context "SyncPage"); sentences about outcomes and
refusals come from the domain catalogue (domain.messages), and record kinds from domain.records.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QStorageInfo, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from domain.errors import text as catalogue_text
from domain.records import ENTITIES
from domain.scope import Scope
from services import security
from services.sync import (
    DeviceInfo,
    ExportResult,
    ImportOutcome,
    Sync,
    SyncStatus,
    project_choices,
)
from ui import errors
from ui.context import AppContext
from ui.i18n import entity_label, entity_words, lang
from ui.registry import PageSpec, register_page
from ui.tasks import Progress

REMOVABLE_ROOTS = ("/media/", "/run/media/", "/mnt/", "/Volumes/")
_syncs: dict[int, Sync] = {}


def sync_for(ctx: AppContext) -> Sync:
    """One Sync per open workspace, over the device keys the session opened at start with the
    password that opened Doorstep (services.security.session_keys): typed once per session."""
    found = _syncs.get(id(ctx.ws))
    if found is None or found.ws is not ctx.ws:
        keys = security.session_keys(ctx.ws.store.path)
        found = _syncs[id(ctx.ws)] = Sync(ctx.ws, key_file=keys)
    return found


def sentence(code: str, **params: Any) -> str:
    return catalogue_text(code, lang(), **params)


def list_separator() -> str:
    return QCoreApplication.translate("SyncPage", ", ", "between the items of a list")


def removable_drives() -> list[tuple[str, Path]]:
    """Writable mounted volumes that look like USB sticks: (label, root folder)."""
    system = QStorageInfo.root().rootPath()
    found = []
    for volume in QStorageInfo.mountedVolumes():
        if not volume.isValid() or not volume.isReady() or volume.isReadOnly():
            continue
        root = volume.rootPath()
        if not looks_removable(root, system, sys.platform):
            continue
        free = volume.bytesAvailable() / 1024**3
        label = (
            QCoreApplication.translate("SyncPage", "%1  (%2, %3 GB free)")
            .replace("%3", f"{free:,.1f}")
            .replace("%2", root)
            .replace("%1", volume.displayName() or root)
        )
        found.append((label, Path(root)))
    return found


def looks_removable(root: str, system_root: str, platform: str) -> bool:
    """Qt cannot tell a USB stick from a disk: on Windows every drive letter but the system's is
    offered (sticks get D:, E:, …); elsewhere the folders where sticks are mounted."""
    if platform == "win32":
        return root.rstrip("/\\").upper() != system_root.rstrip("/\\").upper()
    return root.startswith(REMOVABLE_ROOTS)


def ask_password(parent: QWidget, *, new: bool = False) -> str | None:
    """The password of this computer's keys (twice when choosing a new one); None if cancelled."""
    title = QCoreApplication.translate("SyncPage", "Password of this computer's keys")
    prompt = (
        QCoreApplication.translate("SyncPage", "Choose a password for this computer's keys:")
        if new
        else QCoreApplication.translate("SyncPage", "Password of this computer's keys:")
    )
    first, ok = QInputDialog.getText(parent, title, prompt, QLineEdit.EchoMode.Password)
    if not ok:
        return None
    if new:
        again, ok = QInputDialog.getText(
            parent,
            title,
            QCoreApplication.translate("SyncPage", "Type it again:"),
            QLineEdit.EchoMode.Password,
        )
        if not ok:
            return None
        if again != first:
            QMessageBox.warning(parent, title, sentence("keys_password_mismatch"))
            return None
    return first


def kinds_text(kinds: dict[str, int]) -> str:
    parts = []
    for kind, count in kinds.items():
        if kind == "event":
            label = sentence("sync_kind_event")
        elif kind in ENTITIES:
            label = entity_words(kind)  # counted inside a sentence
        else:
            label = kind
        parts.append(f"{label} {count}")
    return list_separator().join(parts)


class SyncPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncPage")
        self.ctx = ctx
        self.sync = sync_for(ctx)
        self.status: SyncStatus | None = None
        self.device_infos: dict[str, DeviceInfo] = {}
        self._extra_folders: list[Path] = []

        grid = QGridLayout(self)
        grid.addWidget(self._build_device_box(), 0, 0)
        grid.addWidget(self._build_export_box(), 0, 1)
        grid.addWidget(self._build_import_box(), 1, 0, 1, 2)
        grid.addWidget(self._build_hub_tabs(), 2, 0, 1, 2)
        grid.setRowStretch(1, 3)
        grid.setRowStretch(2, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.refresh_drives()
        self.reload()

    # --- building ----------------------------------------------------------------------------
    def _build_device_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("This computer"), self)
        form = QFormLayout()
        self.name_label = QLabel(box)
        self.role_label = QLabel(box)
        self.fingerprint_label = QLabel(box)
        self.fingerprint_label.setObjectName("syncFingerprint")
        # a fingerprint is read aloud digit by digit over the phone: large, fixed-width
        self.fingerprint_font = QFont("monospace")
        self.fingerprint_font.setStyleHint(QFont.StyleHint.TypeWriter)
        self.fingerprint_font.setPointSizeF(self.fingerprint_font.pointSizeF() * 1.3)
        self.fingerprint_font.setBold(True)
        self.fingerprint_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.enrolled_label = QLabel(box)
        self.enrolled_label.setObjectName("syncEnrolled")
        self.hub_label = QLabel(box)
        self.unsent_label = QLabel(box)
        self.unsent_label.setObjectName("syncUnsent")
        form.addRow(self.tr("Name"), self.name_label)
        form.addRow(self.tr("Role"), self.role_label)
        form.addRow(self.tr("Key fingerprint"), self.fingerprint_label)
        form.addRow(self.tr("Enrolment"), self.enrolled_label)
        form.addRow(self.tr("District hub"), self.hub_label)
        form.addRow(self.tr("Not yet sent"), self.unsent_label)
        self.init_button = QPushButton(self.tr("Make this computer's keys…"), box)
        self.init_button.setObjectName("syncInitKeys")
        self.init_button.clicked.connect(self.init_keys)
        self.enrol_export_button = QPushButton(self.tr("Write enrolment file…"), box)
        self.enrol_export_button.setObjectName("syncEnrolExport")
        self.enrol_export_button.clicked.connect(self.export_enrolment)
        self.enrol_import_button = QPushButton(self.tr("Import enrolment file…"), box)
        self.enrol_import_button.setObjectName("syncEnrolImport")
        self.enrol_import_button.clicked.connect(self.import_enrolment)
        buttons = QHBoxLayout()
        for button in (self.init_button, self.enrol_export_button, self.enrol_import_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(box)
        layout.addLayout(form)
        layout.addLayout(buttons)
        hint = QLabel(
            self.tr(
                "Enrol at the district office: both sides write an enrolment file, import the "
                "other's, and compare the fingerprints on both screens."
            ),
            box,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #5f6368;")
        layout.addWidget(hint)
        layout.addStretch(1)
        return box

    def _build_export_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Export to a USB stick"), self)
        self.drive_combo = QComboBox(box)
        self.drive_combo.setObjectName("syncDrives")
        self.drive_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.drive_combo.setMinimumContentsLength(24)
        refresh = QPushButton(
            self.style().standardIcon(QStyle.StandardPixmap.SP_BrowserReload), "", box
        )
        refresh.setToolTip(self.tr("Look for USB sticks again"))
        refresh.clicked.connect(self.refresh_drives)
        other = QPushButton(self.tr("Other folder…"), box)
        other.setObjectName("syncOtherFolder")
        other.clicked.connect(self.choose_folder)
        row = QHBoxLayout()
        row.addWidget(self.drive_combo, 1)
        row.addWidget(refresh)
        row.addWidget(other)
        self.export_button = QPushButton(
            self.style().standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton),
            self.tr("Export bundle"),
            box,
        )
        self.export_button.setObjectName("syncExport")
        self.export_button.clicked.connect(self.export)
        self.export_result = QLabel(box)
        self.export_result.setObjectName("syncExportResult")
        self.export_result.setWordWrap(True)
        self.export_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        explain = QLabel(
            self.tr(
                "A laptop exports every change the hub has not acknowledged; the hub writes one "
                "bundle per laptop. The file is read back and checked: remove the stick only "
                "when it says so."
            ),
            box,
        )
        explain.setWordWrap(True)
        explain.setStyleSheet("color: #5f6368;")
        layout = QVBoxLayout(box)
        layout.addLayout(row)
        layout.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.export_result)
        layout.addWidget(explain)
        layout.addStretch(1)
        return box

    def _build_import_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Import bundles"), self)
        self.import_button = QPushButton(
            self.style().standardIcon(QStyle.StandardPixmap.SP_DialogOpenButton),
            self.tr("Choose bundles to import…"),
            box,
        )
        self.import_button.setObjectName("syncImport")
        self.import_button.clicked.connect(self.choose_and_import)
        hint = QLabel(
            self.tr(
                "Choose any number of files, in any order; importing one twice changes nothing."
            ),
            box,
        )
        hint.setStyleSheet("color: #5f6368;")
        top = QHBoxLayout()
        top.addWidget(self.import_button)
        top.addWidget(hint, 1)
        self.results = QTableWidget(0, 7, box)
        self.results.setObjectName("syncImportResults")
        self.results.setHorizontalHeaderLabels(
            [
                self.tr("File"),
                self.tr("From"),
                self.tr("New changes"),
                self.tr("Already here"),
                self.tr("New conflicts"),
                self.tr("Attachments"),
                self.tr("Result"),
            ]
        )
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.verticalHeader().hide()
        self.results.setWordWrap(True)
        header = self.results.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(box)
        layout.addLayout(top)
        layout.addWidget(self.results, 1)
        return box

    def _build_hub_tabs(self) -> QTabWidget:
        """The device registry and (on the hub) the late edits, as two tabs: at 1366×768 there
        is room for one table below the import results."""
        self.lower_tabs = QTabWidget(self)
        self.lower_tabs.setObjectName("syncLowerTabs")
        self.lower_tabs.addTab(self._build_registry_box(), self.tr("Device registry"))
        self.lower_tabs.addTab(self._build_late_box(), self.tr("Late edits"))
        return self.lower_tabs

    def _build_late_box(self) -> QWidget:
        box = QWidget(self)
        hint = QLabel(
            self.tr(
                "Edits a laptop made to a record that had already left its scope. They are "
                "kept here like any other edit: pass them on to whoever now holds the record."
            ),
            box,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #5f6368;")
        self.late_table = QTableWidget(0, 5, box)
        self.late_table.setObjectName("syncLateEdits")
        self.late_table.setHorizontalHeaderLabels(
            [
                self.tr("Received"),
                self.tr("From laptop"),
                self.tr("Record"),
                self.tr("Change"),
                self.tr("Edited on the laptop"),
            ]
        )
        self.late_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.late_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.late_table.verticalHeader().hide()
        header = self.late_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(box)
        layout.addWidget(hint)
        layout.addWidget(self.late_table, 1)
        return box

    def _build_registry_box(self) -> QWidget:
        box = QWidget(self)
        self.registry_box = box
        self.devices = QTableWidget(0, 7, box)
        self.devices.setObjectName("syncDevices")
        self.devices.setHorizontalHeaderLabels(
            [
                self.tr("Name"),
                self.tr("Role"),
                self.tr("Fingerprint"),
                self.tr("Enrolled"),
                self.tr("Status"),
                self.tr("Acknowledged changes"),
                self.tr("Scope"),
            ]
        )
        self.devices.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.devices.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.devices.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.devices.verticalHeader().hide()
        # Seven columns at 1366×768: each as wide as its header and text, the scope takes the rest.
        self.devices.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.devices.horizontalHeader().setStretchLastSection(True)
        self.revoke_button = QPushButton(self.tr("Revoke the selected device…"), box)
        self.revoke_button.setObjectName("syncRevoke")
        self.revoke_button.clicked.connect(self.revoke)
        self.scope_button = QPushButton(self.tr("Scope of the selected laptop…"), box)
        self.scope_button.setObjectName("syncScope")
        self.scope_button.clicked.connect(self.edit_scope)
        self.registry_export_button = QPushButton(self.tr("Write the registry…"), box)
        self.registry_export_button.clicked.connect(self.export_registry)
        self.registry_import_button = QPushButton(self.tr("Import a newer registry…"), box)
        self.registry_import_button.setObjectName("syncRegistryImport")
        self.registry_import_button.clicked.connect(self.import_registry)
        buttons = QHBoxLayout()
        buttons.addWidget(self.revoke_button)
        buttons.addWidget(self.scope_button)
        buttons.addWidget(self.registry_export_button)
        buttons.addWidget(self.registry_import_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(box)
        layout.addWidget(self.devices, 1)
        layout.addLayout(buttons)
        return box

    # --- state -------------------------------------------------------------------------------
    def activated(self) -> None:
        self.refresh_drives()
        self.reload()

    def refresh(self) -> None:
        self.reload()

    def reload(self) -> None:
        def read() -> tuple[SyncStatus, list[DeviceInfo], list[dict[str, Any]]]:
            status = self.sync.status()
            late = self.sync.late_edits() if status.role == "hub" else []
            return status, self.sync.devices(), late

        self.ctx.tasks.run(read, self._show, parent=self, key="sync-status")

    def _show(self, result: tuple[SyncStatus, list[DeviceInfo], list[dict[str, Any]]]) -> None:
        status, devices, late = result
        self.status = status
        hub = status.role == "hub"
        self.name_label.setText(status.name)
        self.role_label.setText(
            self.tr("district hub") if hub else self.tr("laptop", "the role of this computer")
        )
        self.fingerprint_label.setText(status.fingerprint or self.tr("(none yet)"))
        self.fingerprint_label.setFont(
            self.fingerprint_font if status.fingerprint else self.name_label.font()
        )
        if status.revoked:
            enrolled = self.tr("revoked; contact the district office")
        elif status.enrolled:
            enrolled = self.tr("enrolled (registry version %1)").replace(
                "%1", str(status.registry_version)
            )
        else:
            enrolled = self.tr("not enrolled")
        self.enrolled_label.setText(enrolled)
        self.hub_label.setText(
            f"{status.hub_name}  {status.hub_fingerprint}" if status.hub_name else "—"
        )
        if hub:
            self.unsent_label.setText("—")
        else:
            self.unsent_label.setText(self.tr("%1 changes").replace("%1", str(status.unsent_ops)))
        self.init_button.setVisible(not status.has_keys)
        self.enrol_export_button.setEnabled(status.has_keys)
        self.enrol_import_button.setEnabled(status.has_keys)
        self.export_button.setEnabled(status.has_keys and (status.enrolled or hub))
        self.import_button.setEnabled(status.has_keys)
        self.revoke_button.setVisible(hub)
        self.scope_button.setVisible(hub)
        self.registry_export_button.setVisible(hub)
        self.registry_import_button.setVisible(not hub)
        self._fill_devices(devices)
        self.lower_tabs.setTabVisible(1, hub)
        self._fill_late(late)

    def _fill_late(self, edits: list[dict[str, Any]]) -> None:
        title = self.tr("Late edits")
        self.lower_tabs.setTabText(1, f"{title} ({len(edits)})" if edits else title)
        self.late_table.setRowCount(len(edits))
        for row, edit in enumerate(edits):
            kind = entity_label(edit["entity"]) if edit["entity"] in ENTITIES else edit["entity"]
            record = f"{kind} · {edit['title']} [{edit['short_id']}]"
            cells = [
                edit["imported_at"].replace("T", " ")[:16],
                edit["device"],
                record,
                edit["change"],
                edit["when"],
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, edit["record_id"])
                item.setToolTip(text)
                self.late_table.setItem(row, column, item)

    def _fill_devices(self, devices: list[DeviceInfo]) -> None:
        self.device_infos = {d.device_id: d for d in devices}
        own = self.status.device_id if self.status else ""
        self.devices.setRowCount(len(devices))
        for row, device in enumerate(devices):
            status = (
                self.tr("revoked %1").replace("%1", device.revoked_at[:10])
                if device.revoked_at
                else self.tr("active")
            )
            cells = [
                device.name,
                self.tr("hub") if device.role == "hub" else self.tr("laptop", "in the device list"),
                device.fingerprint,
                device.enrolled_at[:10],
                status,
                "—" if device.device_id == own else str(device.acknowledged_ops),
                "—" if device.role == "hub" else (device.scope_label or self.tr("whole district")),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, device.device_id)
                if device.revoked_at:
                    item.setForeground(Qt.GlobalColor.gray)
                self.devices.setItem(row, column, item)

    # --- drives ---------------------------------------------------------------------------------
    def refresh_drives(self) -> None:
        current = self.drive_combo.currentData()
        self.drive_combo.clear()
        for label, root in removable_drives():
            self.drive_combo.addItem(label, str(root))
        for folder in self._extra_folders:
            self.drive_combo.addItem(str(folder), str(folder))
        if self.drive_combo.count() == 0:
            self.drive_combo.addItem(self.tr("(no USB stick found)"), None)
        index = self.drive_combo.findData(current)
        self.drive_combo.setCurrentIndex(max(index, 0))

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder"))
        if chosen:
            self.use_folder(Path(chosen))

    def use_folder(self, folder: Path) -> None:
        if folder not in self._extra_folders:
            self._extra_folders.append(folder)
        self.refresh_drives()
        self.drive_combo.setCurrentIndex(self.drive_combo.findData(str(folder)))

    def target_folder(self) -> Path | None:
        data = self.drive_combo.currentData()
        if data:
            return Path(str(data))
        self.choose_folder()
        data = self.drive_combo.currentData()
        return Path(str(data)) if data else None

    # --- the password ---------------------------------------------------------------------------
    def _password(self, *, needed: bool = True) -> str | None:
        """The password when the keys are still locked; "" when they are open already (or being
        opened with the password typed at start: the work then waits for that)."""
        keys = self.sync.keys
        opening = isinstance(keys, security.SessionKeys) and keys.opening()
        if keys.unlocked() is not None or opening or not needed:
            return ""
        return ask_password(self)

    def _run(
        self,
        fn: Callable[..., Any],
        on_success: Callable[[Any], None],
        label: str,
        *,
        progress: bool = False,
    ) -> None:
        def failed(exc: BaseException) -> None:
            if getattr(exc, "code", "") == "keys_wrong_password":
                self.sync.keys.lock()
            errors.show_error(self, exc)
            self.reload()

        self.ctx.tasks.run(fn, on_success, failed, parent=self, label=label, with_progress=progress)

    # --- actions ---------------------------------------------------------------------------------
    def init_keys(self) -> None:
        # One password per computer: the keys are protected by the password that opens Doorstep.
        password = ask_password(self)
        if password is None:
            return
        db_path = self.ctx.db_path

        def make_keys() -> Any:
            security.verify_password(db_path, password)
            return self.sync.init_device(password)

        self._run(
            make_keys,
            lambda public: self._done(
                sentence(
                    "sync_device_initialised",
                    name=public.name,
                    fingerprint=public.fingerprint_for_reading(),
                )
            ),
            self.tr("Making keys…"),
        )

    def export_enrolment(self) -> None:
        folder = self.target_folder()
        password = self._password()
        if folder is None or password is None:
            return
        self._run(
            lambda: self.sync.export_enrolment(password, folder),
            lambda result: self._done(
                sentence(
                    "sync_enrol_written",
                    file=str(result[0]),
                    fingerprint=result[1].fingerprint_for_reading(),
                )
            ),
            self.tr("Writing the enrolment file…"),
        )

    def import_enrolment(self, path: Path | None = None) -> None:
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self,
                self.tr("Choose an enrolment file"),
                str(self.drive_combo.currentData() or ""),
                self.tr("Enrolment files (*.dsenrol);;All files (*)"),
            )
            if not chosen:
                return
            path = Path(chosen)
        try:
            other = self.sync.peek_enrolment(path)
        except Exception as exc:
            errors.show_error(self, exc)
            return
        question = (
            self.tr(
                "This is the enrolment file of “%1”.\n\nDoes the other computer's screen show "
                "this fingerprint?\n\n%2\n\nEnrol only if it matches exactly."
            )
            .replace("%2", other.fingerprint_for_reading())
            .replace("%1", other.name)
        )
        if not self.confirm(self.tr("Compare fingerprints"), question):
            return
        hub = self.status is not None and self.status.role == "hub"
        set_scope, scope = False, None
        if hub and other.role == "laptop":
            # Data protection: the hub decides what the new laptop holds before it gets anything.
            known = self.device_infos.get(other.device_id)
            answer = self.ask_scope(other.name, known.scope if known else None, known is None)
            if answer is None:
                return
            set_scope, scope = True, answer[0]
        password = self._password(needed=hub)
        if password is None:
            return

        def done(outcome: Any) -> None:
            if hub:
                code = "sync_enrolled_device" if outcome.changed else "sync_already_enrolled"
            else:
                code = "sync_enrolled_here"
            self._done(
                sentence(
                    code,
                    name=outcome.name,
                    hub=outcome.name,
                    fingerprint=outcome.fingerprint,
                    version=outcome.registry_version,
                )
            )

        fingerprint = other.fingerprint
        self._run(
            lambda: self.sync.import_enrolment(
                password, path, fingerprint, set_scope=set_scope, scope=scope
            ),
            done,
            self.tr("Enrolling…"),
        )

    def ask_scope(self, name: str, current: Scope | None, new: bool) -> tuple[Scope | None] | None:
        """The scope the hub user chooses for a laptop ((None,) for the whole district), or None
        when they cancel."""
        from ui.dialogs.scope import ScopeDialog

        profile = self.ctx.profile
        district = profile.district if profile is not None and new else ""
        dialog = ScopeDialog(name, current, project_choices(self.sync.ws), self, new_in=district)
        if dialog.exec() != ScopeDialog.DialogCode.Accepted:
            return None
        return (dialog.result_scope,)

    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def export(self) -> None:
        folder = self.target_folder()
        if folder is None:
            return
        password = self._password()
        if password is None:
            return
        self.export_result.setText(self.tr("Exporting…"))

        def work(progress: Progress) -> list[ExportResult]:
            def report(stage: str, done: int, total: int) -> None:
                progress.update(done, total)

            return self.sync.export(password, folder, progress=report)

        self._run(work, self._exported, self.tr("Writing the bundle…"), progress=True)

    def _exported(self, results: list[ExportResult]) -> None:
        lines = [
            sentence(
                "sync_exported",
                file=r.path.name,
                ops=r.op_count,
                attachments=r.attachments,
                to=list_separator().join(r.recipients),
            )
            for r in results
        ]
        self.export_result.setText("\n".join(lines))
        self.export_result.setStyleSheet("color: #1e7e34;")
        self.ctx.notify("sync", "")
        self.reload()

    def choose_and_import(self) -> None:
        chosen, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Choose bundles"),
            str(self.drive_combo.currentData() or ""),
            self.tr("Bundles (*.dsbundle);;All files (*)"),
        )
        if chosen:
            self.import_files([Path(p) for p in chosen])

    def import_files(self, paths: list[Path]) -> None:
        password = self._password()
        if password is None:
            return
        # translated here, on the GUI thread; report() runs on the worker
        stages = {
            "decrypt": self.tr("%1 of %2: decrypting…"),
            "apply": self.tr("%1 of %2: applying…"),
        }

        def work(progress: Progress) -> list[ImportOutcome]:
            def report(index: int, count: int, stage: str, done: int, total: int) -> None:
                text = (
                    stages["decrypt" if stage == "decrypt" else "apply"]
                    .replace("%1", str(index + 1))
                    .replace("%2", str(count))
                )
                progress.update(done, total, text)

            return self.sync.import_files(password, paths, progress=report)

        self._run(work, self._imported, self.tr("Importing…", "bundles"), progress=True)

    def _imported(self, outcomes: list[ImportOutcome]) -> None:
        for outcome in outcomes:
            row = self.results.rowCount()
            self.results.insertRow(row)
            s = outcome.summary
            if outcome.status == "imported" and s is not None:
                kinds = kinds_text(s.new_by_kind)
                new = str(s.new_ops)
                if kinds:
                    new = self.tr("%1 (%2)").replace("%2", kinds).replace("%1", new)
                result = self.tr("imported")
                if s.registry_version is not None:
                    registry = sentence("sync_registry_updated", version=s.registry_version)
                    result = self.tr("%1; %2").replace("%2", registry).replace("%1", result)
                if s.records_left:
                    left = sentence("cli_records_left", count=s.records_left)
                    result = self.tr("%1; %2").replace("%2", left).replace("%1", result)
                if s.sender_version:  # which build the sending computer runs
                    built = sentence("sync_sender_version", version=s.sender_version)
                    result = self.tr("%1; %2").replace("%2", built).replace("%1", result)
                cells = [outcome.path.name, s.sender_name, new, str(s.known_ops),
                         str(s.conflicts_created), str(s.attachments_received), result]  # fmt: skip
            elif outcome.status == "already_imported":
                cells = [outcome.path.name, "", "0", "", "", "",
                         self.tr("already imported (0 changes)")]  # fmt: skip
            else:
                cells = [outcome.path.name, "", "", "", "", "", str(outcome.error)]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if outcome.status == "refused":
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.results.setItem(row, column, item)
        self.results.resizeRowsToContents()
        self.results.scrollToBottom()
        if any(o.status == "imported" for o in outcomes):
            self.ctx.notify("sync", "")
        self.reload()

    def selected_device(self) -> str | None:
        items = self.devices.selectedItems()
        return str(items[0].data(Qt.ItemDataRole.UserRole)) if items else None

    def revoke(self) -> None:
        device = self.selected_device()
        if device is None:
            return
        item = self.devices.item(self.devices.currentRow(), 0)
        name = item.text() if item is not None else device
        question = self.tr(
            "Revoke “%1”? Bundles from it will be refused and none sent to it. This "
            "cannot be undone."
        ).replace("%1", name)
        if not self.confirm(self.tr("Revoke device"), question):
            return
        password = self._password()
        if password is None:
            return
        self._run(
            lambda: self.sync.revoke(password, device),
            lambda result: self._done(sentence("sync_revoked", name=result[0], version=result[1])),
            self.tr("Revoking…"),
        )

    def edit_scope(self) -> None:
        """Hub: which part of the district the selected laptop holds (a new registry version)."""
        device = self.selected_device()
        info = self.device_infos.get(device or "") if device else None
        if info is None or info.role != "laptop":
            return
        chosen = self.ask_scope(info.name, info.scope, False)
        if chosen is None:
            return
        scope = chosen[0]
        password = self._password()
        if password is None:
            return
        label = scope.label() if scope else sentence("scope_whole_district")
        self._run(
            lambda: self.sync.set_scope(password, info.device_id, scope),
            lambda result: self._done(
                sentence("cli_scope_set", name=result[0], scope=label, version=result[1])
            ),
            self.tr("Saving the scope…"),
        )

    def export_registry(self) -> None:
        folder = self.target_folder()
        if folder is None:
            return
        self._run(
            lambda: self.sync.export_registry(folder),
            lambda result: self._done(
                sentence("sync_registry_written", file=str(result[0]), version=result[1])
            ),
            self.tr("Writing the registry…"),
        )

    def import_registry(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose a registry file"),
            str(self.drive_combo.currentData() or ""),
            self.tr("Registry (*.dsregistry);;All files (*)"),
        )
        if not chosen:
            return
        path = Path(chosen)

        def done(result: tuple[int, bool]) -> None:
            version, changed = result
            code = "sync_registry_updated" if changed else "sync_registry_same"
            self._done(sentence(code, version=version))

        self._run(
            lambda: self.sync.import_registry(path), done, self.tr("Importing…", "the registry")
        )

    def _done(self, text: str) -> None:
        self.reload()
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Sync"), text, parent=self)
        box.setObjectName("syncMessage")
        box.open()


register_page(
    PageSpec(
        key="sync",
        title=lambda: QCoreApplication.translate("Pages", "Sync"),
        icon=QStyle.StandardPixmap.SP_BrowserReload,
        factory=SyncPage,
        order=80,
        shortcut="Ctrl+Shift+S",
    )
)
