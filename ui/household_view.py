"""One household's page: basic information and members (ID and phone masked, revealed only on
request, each reveal logged), the visit timeline, requests, attachments, every change, and its
resettlement (安置: house tickets and flats). 编辑 opens ui.household_edit's dialog for the
household's details; members are added, changed and removed here."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QSize, Qt, QUrl, Signal
from PySide6.QtGui import (
    QDesktopServices,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QIcon,
    QImage,
    QImageReader,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStyle,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from domain import privacy
from domain.choices import (
    ATTITUDES,
    COMPENSATION_MODES,
    OWNERSHIP_ROLES,
    RELATION_WORDS,
    REQUEST_CATEGORIES,
    REQUEST_STATUSES,
    SPECIAL_GROUPS,
    USE_WORDS,
)
from domain.errors import UserError
from domain.records import ENTITIES
from domain.states import HOUSEHOLD_STATES, is_step_back, next_states
from services import households, requests, tickets, ui_support, visits
from services.private_files import PrivateFiles
from services.workspace import HistoryEntry
from ui import formatting, i18n
from ui.context import AppContext
from ui.estimate_tab import EstimateTab
from ui.formatting import (
    ESCALATED_BG,
    OVERDUE_BG,
    OVERDUE_FG,
    breakable,
    clipped,
    date_text,
    hlc_text,
    value_text,
)
from ui.forms import RecordDialog, error_label, set_error, show_refusal
from ui.household_edit import (
    MEMBER_FIELDS,
    HouseholdEditDialog,
    MemberDialog,
    ResettlementPanel,
    share_total_text,
)
from ui.long_cells import LongTextColumns, long_item
from ui.reason_dialog import ReasonDialog
from ui.widgets import SharedRoom, record_table

THUMB = QSize(96, 96)
TITLE_CHARS = 80  # the heading's name and address; longer ones end in "…" (the overview has all)
VISIT_FIELDS = (
    "visited_on",
    "caseworkers",
    "people_met",
    "explained",
    "concerns",
    "attitude",
    "next_step",
    "next_visit_due",
)
IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/bmp", "image/webp", "image/tiff")


# The members table's English headings, shortened: beside the households list (581 px at
# 1366x768) the field names pushed "Ownership share (%)" beyond the edge. Chinese keeps the
# field names; the whole name is the heading's tooltip.
MEMBER_SHORT_HEADINGS = {
    "relation": "Relation",
    "ownership_role": "Role",
    "share_pct": "Share (%)",
    "special_groups": "Groups",
}


def member_heading(name: str) -> str:
    short = MEMBER_SHORT_HEADINGS.get(name)
    return (
        i18n.pick(i18n.field_label("member", name), short)
        if short
        else i18n.field_label("member", name)
    )


class MaskedValue(QWidget):
    """A masked ID or phone number with a Show button; showing it records an audit event."""

    revealed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.entity = ""
        self.record_id = ""
        self.field = ""
        self.label = QLabel(self)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.button = QToolButton(self)
        self.button.setObjectName("revealButton")
        self.button.setText(self.tr("Show"))
        self.button.setToolTip(self.tr("Show the full number (this is recorded)"))
        self.button.clicked.connect(self.reveal)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.button)
        layout.addStretch(1)

    def set_value(self, entity: str, record_id: str, field: str, value: Any) -> None:
        self.entity, self.record_id, self.field = entity, record_id, field
        spec = ENTITIES[entity].field(field)
        masked = privacy.mask(spec, value)
        self.label.setText(str(masked) if masked else "—")
        self.button.setVisible(bool(value))
        self.button.setEnabled(True)

    def reveal(self) -> None:
        entity, record_id, field, ws = self.entity, self.record_id, self.field, self.ctx.ws
        self.button.setEnabled(False)
        self.ctx.tasks.run(
            lambda: ws.reveal(entity, record_id, field), self._shown, self._failed, parent=self
        )

    def _shown(self, value: Any) -> None:
        self.label.setText(str(value or ""))
        self.button.hide()
        self.revealed.emit(str(value or ""))

    def _failed(self, exc: BaseException) -> None:
        self.button.setEnabled(True)
        raise exc


class AttachmentList(QListWidget):
    """Thumbnails of attachments; files dropped on it are attached."""

    files_dropped = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachments")
        self.setViewMode(QListWidget.ViewMode.IconMode)
        self.setIconSize(THUMB)
        self.setGridSize(QSize(THUMB.width() + 48, THUMB.height() + 44))
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setMovement(QListWidget.Movement.Static)
        self.setWordWrap(True)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        files = [path for path in paths if path.is_file()]
        if files:
            event.acceptProposedAction()
            self.files_dropped.emit(files)
        else:
            event.ignore()


def load_thumbnail(data: bytes, mime: str) -> QImage | None:
    """A small preview of an image (or a PDF's first page) from its bytes, in memory (the stored
    file is encrypted; no plaintext copy is written); runs on a pool thread."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    if mime in IMAGE_TYPES:
        reader = QImageReader(buffer)
        reader.setAutoTransform(True)
        size = reader.size()
        if size.isValid():
            reader.setScaledSize(size.scaled(THUMB, Qt.AspectRatioMode.KeepAspectRatio))
        image = reader.read()
        return None if image.isNull() else image
    if mime == "application/pdf":
        try:
            from PySide6.QtPdf import QPdfDocument
        except ImportError:
            return None
        document = QPdfDocument()
        document.load(buffer)
        if document.pageCount() < 1:
            return None
        page = document.pagePointSize(0).toSize().scaled(THUMB, Qt.AspectRatioMode.KeepAspectRatio)
        image = document.render(0, page)
        document.close()
        return None if image.isNull() else image
    return None


class HouseholdView(QWidget):
    """Shows one household; `show_household(id)` loads it off the GUI thread."""

    loaded = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("householdView")
        self.ctx = ctx
        self.household_id = ""
        self.data: dict[str, Any] = {}
        self._build()
        self.setEnabled(False)
        ctx.bus.changed.connect(self._changed)

    # layout ---------------------------------------------------------------------------------
    def _build(self) -> None:
        self.title = QLabel(self.tr("Choose a household from the list"), self)
        self.title.setObjectName("householdTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.subtitle = QLabel(self)
        self.subtitle.setWordWrap(True)

        self.visit_button = QPushButton(self.tr("Record visit (Ctrl+N)"), self)
        self.visit_button.setObjectName("recordVisit")
        self.visit_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon))
        self.visit_button.clicked.connect(self.record_visit)
        self.request_button = QPushButton(self.tr("Log request"), self)
        self.request_button.setObjectName("logRequest")
        self.request_button.clicked.connect(self.log_request)
        self.edit_button = QPushButton(self.tr("Edit"), self)
        self.edit_button.setObjectName("editHousehold")
        self.edit_button.setToolTip(self.tr("Edit the household's details"))
        self.edit_button.clicked.connect(self.edit_household)
        self.delete_button = QPushButton(self.tr("Delete…"), self)
        self.delete_button.setObjectName("deleteHousehold")
        self.delete_button.setToolTip(self.tr("Delete (注销) this household, with a reason"))
        self.delete_button.clicked.connect(self.delete_household)
        self.last_dialog: QDialog | None = None
        self.last_box: QMessageBox | None = None
        self.state_combo = QComboBox(self)
        self.state_combo.setObjectName("stateCombo")
        self.state_combo.setMinimumContentsLength(10)
        self.state_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.state_combo.currentIndexChanged.connect(lambda _i: self._state_chosen())
        self.state_button = QPushButton(self.tr("Change state"), self)
        self.state_button.setObjectName("changeState")
        self.state_button.clicked.connect(self.change_state)
        self.state_error = error_label(self)
        self.state_error.setObjectName("stateError")

        # Two rows, so the pane fits beside the list on a 1366-pixel screen in English too.
        actions = QVBoxLayout()
        buttons = QHBoxLayout()
        buttons.addWidget(self.visit_button)
        buttons.addWidget(self.request_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        state_row = QHBoxLayout()
        state_row.addWidget(QLabel(self.tr("State:"), self))
        state_row.addWidget(self.state_combo)
        state_row.addWidget(self.state_button)
        state_row.addStretch(1)
        actions.addLayout(buttons)
        actions.addLayout(state_row)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("householdTabs")
        self.tabs.setDocumentMode(True)
        # Seven tabs (with their counts) on a 1366-px laptop in English: a little less padding.
        self.tabs.tabBar().setStyleSheet("QTabBar::tab { padding: 4px 7px; }")
        self.tabs.addTab(self._build_overview(), self.tr("Overview"))
        self.timeline = QTextBrowser(self)
        self.timeline.setObjectName("visitTimeline")
        self.timeline.setOpenLinks(False)
        self.timeline.anchorClicked.connect(self._timeline_link)
        self.tabs.addTab(self.timeline, self.tr("Visits"))
        self.requests_table = record_table(
            self,
            "householdRequests",
            [
                i18n.field_label("request", f)
                for f in ("received_on", "category", "summary", "status", "deadline")
            ],
        )
        self.requests_fit = LongTextColumns(self.requests_table, {2})  # the summary
        self.tabs.addTab(self.requests_table, self.tr("Requests"))
        self.tabs.addTab(self._build_attachments(), self.tr("Attachments"))
        self.history_table = record_table(
            self,
            "historyTable",
            [
                self.tr("When"),
                self.tr("Who"),
                self.tr("Computer"),
                self.tr("What"),
                self.tr("Old value"),
                self.tr("New value"),
            ],
        )
        self.history_fit = LongTextColumns(self.history_table, {4, 5})  # old and new values
        self.tabs.addTab(self.history_table, self.tr("History"))
        self.resettlement = ResettlementPanel(self.ctx, self)
        self.tabs.addTab(self.resettlement, self.tr("Resettlement"))
        self.estimate = EstimateTab(self.ctx, self)  # 补偿测算 (ui/estimate_tab.py)
        self.tabs.addTab(self.estimate, self.tr("Estimate"))

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addLayout(actions)
        layout.addWidget(self.state_error)
        layout.addWidget(self.tabs, 1)

    def _build_overview(self) -> QWidget:
        page = QWidget(self)
        grid = QGridLayout()
        self.info_labels: dict[str, QLabel] = {}
        left = QFormLayout()
        right = QFormLayout()
        left_fields = (
            "project_id",
            "address",
            "head_name",
            "caseworker",
            "attitude",
            "compensation_mode",
        )
        right_fields = (
            "registered_area",
            "measured_area",
            "approved_use",
            "actual_use",
            "risk_flags",
            "notes",
        )
        for form, names in ((left, left_fields), (right, right_fields)):
            for name in names:
                label = QLabel(page)
                label.setWordWrap(True)
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                self.info_labels[name] = label
                form.addRow(i18n.field_label("household", name) + ":", label)
        self.head_id = MaskedValue(self.ctx, page)
        self.head_id.setObjectName("headIdNumber")
        self.head_phone = MaskedValue(self.ctx, page)
        self.head_phone.setObjectName("headPhone")
        left.addRow(i18n.field_label("household", "head_id_number") + ":", self.head_id)
        left.addRow(i18n.field_label("household", "phone") + ":", self.head_phone)
        for masked in (self.head_id, self.head_phone):  # an 18-character ID, whole, when shown
            masked.label.setMinimumWidth(masked.label.fontMetrics().horizontalAdvance("0" * 18))
        # Long notes on the right must not squeeze the project and address on the left to a
        # character's width: the left keeps at least the room its labels and an ID number with
        # its Show button need.
        for column, form in enumerate((left, right)):
            half = QWidget(page)
            half.setLayout(form)
            form.setContentsMargins(0, 0, 0, 0)
            if form is left:
                half.setMinimumWidth(form.minimumSize().width())
            grid.addWidget(half, 0, column)
            grid.setColumnStretch(column, 1)

        self.members_table = record_table(
            self, "membersTable", [member_heading(f) for f in MEMBER_FIELDS]
        )
        for column, name in enumerate(MEMBER_FIELDS):  # a shortened heading whole on hover
            heading = self.members_table.horizontalHeaderItem(column)
            if heading is not None:
                heading.setToolTip(i18n.field_label("member", name))
        self.members_table.setMinimumHeight(120)
        # the masked ID and phone and the share whole; names and groups give way
        self.members_room = SharedRoom(self.members_table, whole=(2, 3, 5), extra=8)
        self.members_table.itemSelectionChanged.connect(self._member_selected)
        self.reveal_member_id = QPushButton(self.tr("Show ID"), page)
        self.reveal_member_id.setObjectName("revealMemberId")
        self.reveal_member_id.clicked.connect(lambda: self._reveal_member("id_number"))
        self.reveal_member_phone = QPushButton(self.tr("Show phone"), page)
        self.reveal_member_phone.setObjectName("revealMemberPhone")
        self.reveal_member_phone.clicked.connect(lambda: self._reveal_member("phone"))
        self.add_member_button = QPushButton(self.tr("Add"), page)
        self.add_member_button.setObjectName("addMember")
        self.add_member_button.clicked.connect(self.add_member)
        self.edit_member_button = QPushButton(self.tr("Change…"), page)
        self.edit_member_button.setObjectName("editMember")
        self.edit_member_button.clicked.connect(self.edit_member)
        self.members_table.activated.connect(lambda _i: self.edit_member())  # or Enter
        self.remove_member_button = QPushButton(self.tr("Remove…"), page)
        self.remove_member_button.setObjectName("removeMember")
        self.remove_member_button.clicked.connect(self.remove_member)
        self.share_note = QLabel(page)
        self.share_note.setObjectName("shareNote")
        self.share_note.setStyleSheet(f"color: {OVERDUE_FG.name()};")
        self.share_note.hide()
        members_heading = QHBoxLayout()
        members_heading.addWidget(QLabel("<b>" + self.tr("Household members") + "</b>", page))
        members_heading.addWidget(self.share_note)
        members_heading.addStretch(1)
        member_actions = QHBoxLayout()  # a row of its own: the pane stays narrow
        member_actions.addWidget(self.reveal_member_id)
        member_actions.addWidget(self.reveal_member_phone)
        member_actions.addWidget(self.add_member_button)
        member_actions.addWidget(self.edit_member_button)
        member_actions.addWidget(self.remove_member_button)
        member_actions.addStretch(1)
        self._member_selected()

        inner = QWidget(page)
        box = QVBoxLayout(inner)
        box.addLayout(grid)
        box.addLayout(members_heading)
        box.addLayout(member_actions)
        box.addWidget(self.members_table, 1)
        scroll = QScrollArea(page)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        outer = QVBoxLayout(page)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        return page

    def _build_attachments(self) -> QWidget:
        page = QWidget(self)
        self.attachment_list = AttachmentList(page)
        self.attachment_list.files_dropped.connect(self.attach_files)
        self.attachment_list.itemActivated.connect(lambda _item: self.open_attachment())
        add = QPushButton(self.tr("Add photo or scan…"), page)
        add.setObjectName("addAttachment")
        add.clicked.connect(self.choose_files)
        self.open_button = QPushButton(self.tr("Open original"), page)
        self.open_button.setObjectName("openAttachment")
        self.open_button.clicked.connect(self.open_attachment)
        hint = QLabel(self.tr("Drag photos or scans here to attach them."), page)
        hint.setStyleSheet("color: palette(mid);")
        hint.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(self.open_button)
        row.addStretch(1)
        row.addWidget(hint)
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(self.attachment_list, 1)
        return page

    # loading --------------------------------------------------------------------------------
    def show_household(self, household_id: str) -> None:
        self.household_id = household_id
        set_error(self.state_error, "")
        if not household_id:
            # nothing chosen: no stale name or figures left on screen, no late answer shown
            self.ctx.tasks.invalidate(f"household-view-{id(self)}")
            self.data = {}
            self.title.setText(self.tr("Choose a household from the list"))
            self.subtitle.clear()
            self.setEnabled(False)
            return
        ws, day = self.ctx.ws, formatting.today()

        def load() -> dict[str, Any]:
            found = households.detail(ws, household_id)
            found["history"] = ui_support.household_history(ws, household_id)
            found["devices"] = ui_support.device_names(ws)
            found["thumbs"] = {}
            found["visit_log"] = visits.list_visits(ws, household_id)
            found["ticket_summaries"] = tickets.list_tickets(
                ws, household_id=household_id, today=day
            )
            return found

        self.ctx.tasks.run(
            load, self._show, self._load_failed, key=f"household-view-{id(self)}", busy=self.tabs
        )

    def reload(self) -> None:
        if self.household_id:
            self.show_household(self.household_id)

    def _changed(self, entity: str, record_id: str) -> None:
        if self.household_id and self.isVisible():
            self.reload()

    def _load_failed(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):  # deleted meanwhile, for example
            self.title.setText(str(exc))
            self.setEnabled(False)
            return
        raise exc

    def _show(self, data: dict[str, Any]) -> None:
        self.data = data
        h = data["household"]
        if h["id"] != self.household_id:
            return
        self.setEnabled(True)
        # the title stays a line or two; the overview below shows the whole address
        title = f"{h.get('head_name') or ''}　{h.get('address') or ''}"
        self.title.setText(breakable(clipped(title, TITLE_CHARS)))
        self.title.setToolTip(title if len(title) > TITLE_CHARS else "")
        project = data.get("project") or {}
        self.subtitle.setText(
            breakable(
                " · ".join(
                    part
                    for part in (
                        project.get("name"),
                        h.get("district"),
                        h.get("sub_district"),
                        i18n.choice(HOUSEHOLD_STATES, h.get("state")),
                    )
                    if part
                )
            )
        )
        self._fill_overview(h, project)
        self._fill_states(h.get("state") or "surveying")
        self._fill_members(data["members"])
        self._fill_timeline(data.get("visit_log", data["visits"]))
        self._fill_requests(data["requests"])
        self._fill_attachments(data["attachments"])
        self._fill_history(data["history"], data["devices"])
        self.resettlement.set_data(h, data["ticket_summaries"], data["flats"])
        self.estimate.show_household(h["id"], h.get("project_id") or "")
        counts = (
            None,
            len(data["visits"]),
            len(data["requests"]),
            len(data["attachments"]),
            None,
            self.resettlement.count() or None,
        )
        titles = (
            self.tr("Overview"),
            self.tr("Visits"),
            self.tr("Requests"),
            self.tr("Attachments"),
            self.tr("History"),
            self.tr("Resettlement"),
        )
        for i, (title, n) in enumerate(zip(titles, counts, strict=True)):
            self.tabs.setTabText(i, title if n is None else f"{title} ({n})")
        self.loaded.emit(h["id"])

    def _fill_overview(self, h: dict[str, Any], project: dict[str, Any]) -> None:
        values = {
            "project_id": project.get("name", ""),
            "attitude": i18n.choice(ATTITUDES, h.get("attitude")),
            "compensation_mode": i18n.choice(COMPENSATION_MODES, h.get("compensation_mode")),
            "approved_use": i18n.usual(h.get("approved_use"), USE_WORDS),
            "actual_use": i18n.usual(h.get("actual_use"), USE_WORDS),
        }
        for name, label in self.info_labels.items():
            text = values[name] if name in values else value_text(h.get(name))
            label.setText(breakable(text) or "—")
        self.head_id.set_value("household", h["id"], "head_id_number", h.get("head_id_number"))
        self.head_phone.set_value("household", h["id"], "phone", h.get("phone"))

    def _fill_states(self, current: str) -> None:
        """Only the moves the state rules allow from here: forward steps first, then the steps
        back, labelled 退回 (they ask for a reason). Nothing offered can be refused later."""
        self.state_combo.blockSignals(True)
        self.state_combo.clear()
        order = HOUSEHOLD_STATES.codes()
        allowed = sorted(
            next_states(current), key=lambda c: (is_step_back(current, c), order.index(c))
        )
        for code in allowed:
            name = i18n.choice(HOUSEHOLD_STATES, code)
            if is_step_back(current, code):
                words = i18n.choice_words(HOUSEHOLD_STATES, code)  # inside a phrase
                self.state_combo.addItem(self.tr("Back to %1").replace("%1", words), code)
            else:
                self.state_combo.addItem("→ " + name, code)
        self.state_combo.setCurrentIndex(0 if allowed else -1)
        self.state_combo.setEnabled(bool(allowed))
        self.state_combo.blockSignals(False)
        self._state_chosen()

    def _state_chosen(self) -> None:
        """The button says what it will do: 变更状态 forward, 退回… back."""
        set_error(self.state_error, "")
        code = self.state_combo.currentData()
        current = (self.data.get("household") or {}).get("state") or "surveying"
        back = bool(code) and is_step_back(current, code)
        self.state_button.setText(self.tr("Move back…") if back else self.tr("Change state"))
        self.state_button.setEnabled(bool(code))

    def _fill_members(self, members: list[dict[str, Any]]) -> None:
        table = self.members_table
        table.setRowCount(len(members))
        spec = ENTITIES["member"]
        for row, member in enumerate(members):
            groups = member.get("special_groups")
            if isinstance(groups, str) and groups.startswith("["):
                import json

                groups = json.loads(groups)
            cells = [
                member.get("name") or "",
                i18n.usual(member.get("relation"), RELATION_WORDS),
                str(privacy.mask(spec.field("id_number"), member.get("id_number")) or ""),
                str(privacy.mask(spec.field("phone"), member.get("phone")) or ""),
                i18n.choice(OWNERSHIP_ROLES, member.get("ownership_role")),
                value_text(member.get("share_pct")),
                i18n.listed([i18n.choice(SPECIAL_GROUPS, g) for g in groups or []]),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, member["id"])
                if text:
                    item.setToolTip(text)  # whole, where a long name is cut
                table.setItem(row, column, item)
        self.members_room.fit()
        self._member_selected()
        note = share_total_text(members)
        self.share_note.setText(f"⚠ {note}" if note else "")
        self.share_note.setVisible(bool(note))

    def _fill_timeline(self, rows: list[dict[str, Any]]) -> None:
        """Every visit, newest first, each with 更正 / 作废 links; a voided one stays, struck
        through, with its reason."""
        if not rows:
            empty = html.escape(self.tr("No visits yet."))
            self.timeline.setHtml(f"<p style='color:#5f6368'>{empty}</p>")
            return
        parts = []
        for visit in rows:
            voided = bool(visit.get("_deleted"))
            head = (
                f"<b>{html.escape(date_text(visit.get('visited_on')))}</b>"
                f"　{html.escape(visit.get('caseworkers') or '')}"
            )
            if visit.get("attitude"):
                head += "　" + html.escape(
                    f"{i18n.field_label('visit', 'attitude')}: "
                    f"{i18n.choice(ATTITUDES, visit['attitude'])}"
                )
            if voided:
                note = self.tr("Voided: %1").replace("%1", visit.get("void_reason") or "")
                head = f"<s>{head}</s>　<span style='color:#b3261e'>{html.escape(note)}</span>"
            else:
                edit = html.escape(self.tr("Correct"))
                void = html.escape(self.tr("Void…"))
                head += (
                    f"　<a href='edit:{visit['id']}'>{edit}</a>"
                    f"　<a href='void:{visit['id']}'>{void}</a>"
                )
            rows_html = []
            for name in ("people_met", "explained", "concerns", "next_step", "next_visit_due"):
                value = visit.get(name)
                if value:
                    rows_html.append(
                        f"<tr><td style='color:#5f6368; padding-right:8px' valign='top'>"
                        f"{html.escape(i18n.field_label('visit', name))}</td>"
                        f"<td>{html.escape(str(value)).replace(chr(10), '<br>')}</td></tr>"
                    )
            style = "margin-bottom:10px" + ("; color:#80868b" if voided else "")
            parts.append(
                f"<div style='{style}'>{head}<table style='margin-left:12px'>"
                f"{''.join(rows_html)}</table></div><hr>"
            )
        self.timeline.setHtml("".join(parts))

    def _timeline_link(self, url: QUrl) -> None:
        action, _, visit_id = url.toString().partition(":")
        visit = next(
            (
                v
                for v in self.data.get("visit_log", [])
                if v["id"] == visit_id and not v["_deleted"]
            ),
            None,
        )
        if visit is None:
            return
        if action == "edit":
            self.correct_visit(visit)
        elif action == "void":
            self.void_visit(visit)

    def correct_visit(self, visit: dict[str, Any]) -> RecordDialog:
        """更正: the visit's fields in a form; each change is an ordinary edit with history."""
        ws, visit_id, household_id = self.ctx.ws, str(visit["id"]), self.household_id
        dialog = RecordDialog(
            self.ctx,
            self.tr("Correct visit of %1").replace("%1", date_text(visit.get("visited_on"))),
            "visit",
            VISIT_FIELDS,
            lambda values: visits.update_visit(ws, visit_id, values),
            lambda _n: self.ctx.notify("visit", household_id),
            self,
        )
        dialog.form.set_values(visit)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def void_visit(self, visit: dict[str, Any]) -> ReasonDialog:
        """作废: kept in the history with the reason; it leaves the counts and the dates."""
        ws, visit_id, household_id = self.ctx.ws, str(visit["id"]), self.household_id
        dialog = ReasonDialog(
            self.tr("Void visit"),
            self.tr(
                "Void the visit of %1? It stays in the history, but no longer counts and no "
                "longer sets the last-visit and next-visit dates."
            ).replace("%1", date_text(visit.get("visited_on"))),
            self.tr("Void"),
            self,
        )
        dialog.given.connect(
            lambda reason: self.ctx.tasks.run(
                lambda: visits.void_visit(ws, visit_id, reason),
                lambda _r: self.ctx.notify("visit", household_id),
                parent=self,
            )
        )
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def delete_household(self) -> ReasonDialog | None:
        """注销: the household leaves every list and count; the history keeps it."""
        if not self.household_id or not self.data:
            return None
        ws, household_id = self.ctx.ws, self.household_id
        dialog = ReasonDialog(
            self.tr("Delete household"),
            self.tr(
                "Delete the household of %1? It leaves every list and count; its history is "
                "kept and travels with the next sync."
            ).replace("%1", self.title_text()),
            self.tr("Delete"),
            self,
        )

        def deleted(_r: object) -> None:
            if self.household_id == household_id:
                self.show_household("")
                self.ctx.select_household("")
            self.ctx.notify("household", household_id)

        dialog.given.connect(
            lambda reason: self.ctx.tasks.run(
                lambda: households.delete_household(ws, household_id, reason),
                deleted,
                parent=self,
            )
        )
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def _fill_requests(self, rows: list[dict[str, Any]]) -> None:
        table = self.requests_table
        table.setRowCount(len(rows))
        today = __import__("datetime").date.today()
        warn = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for r, row in enumerate(rows):
            overdue = requests.is_overdue(row, today)
            escalated = row.get("status") == "escalated"
            cells = [
                date_text(row.get("received_on")),
                i18n.choice(REQUEST_CATEGORIES, row.get("category")),
                (row.get("summary") or "").replace("\n", " "),
                i18n.choice(REQUEST_STATUSES, row.get("status")),
                date_text(row.get("deadline")),
            ]
            for c, text in enumerate(cells):
                item = long_item(text)
                item.setData(Qt.ItemDataRole.UserRole, row["id"])
                if overdue:
                    item.setBackground(OVERDUE_BG)
                    item.setForeground(OVERDUE_FG)
                elif escalated:
                    item.setBackground(ESCALATED_BG)
                table.setItem(r, c, item)
            first = table.item(r, 0)
            if first is not None and (overdue or escalated):
                first.setIcon(warn)
                first.setToolTip(self.tr("Overdue") if overdue else self.tr("Escalated"))
        self.requests_fit.fit()

    def _fill_attachments(self, rows: list[dict[str, Any]]) -> None:
        self.attachment_list.clear()
        file_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        for row in rows:
            item = QListWidgetItem(file_icon, row.get("name") or "")
            item.setData(Qt.ItemDataRole.UserRole, row)
            item.setToolTip(f"{row.get('name')}\n{row.get('mime')}\n{row.get('size') or 0:,} B")
            self.attachment_list.addItem(item)
        self.open_button.setEnabled(bool(rows))
        wanted = [
            (row["sha256"], row.get("mime") or "")
            for row in rows
            if (row.get("mime") or "") in (*IMAGE_TYPES, "application/pdf")
        ]
        if not wanted:
            return
        ws = self.ctx.ws

        def thumbs() -> dict[str, QImage]:
            found = {}
            for sha, mime in wanted:
                try:
                    image = load_thumbnail(ws.attachment_bytes(sha), mime)
                except UserError:
                    continue
                if image is not None:
                    found[sha] = image
            return found

        self.ctx.tasks.run(thumbs, self._show_thumbs, key=f"thumbs-{id(self)}")

    def _show_thumbs(self, images: dict[str, QImage]) -> None:
        for i in range(self.attachment_list.count()):
            item = self.attachment_list.item(i)
            row = item.data(Qt.ItemDataRole.UserRole)
            image = images.get(row["sha256"]) if isinstance(row, dict) else None
            if image is not None:
                item.setIcon(QIcon(QPixmap.fromImage(image)))

    def _fill_history(
        self, entries: list[tuple[str, HistoryEntry]], devices: dict[str, str]
    ) -> None:
        table = self.history_table
        rows: list[list[str]] = []
        for entity, entry in reversed(entries):
            rows.extend(self._history_rows(entity, entry, devices))
        table.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                table.setItem(r, c, long_item(text))
        self.history_fit.fit()

    def _history_rows(
        self, entity: str, entry: HistoryEntry, devices: dict[str, str]
    ) -> list[list[str]]:
        when = hlc_text(entry.hlc)
        device = devices.get(entry.device, entry.device[-8:])
        spec = ENTITIES[entity]
        prefix = "" if entity == "household" else f"{i18n.entity_label(entity)} · "

        def shown(field: str, value: Any) -> str:
            if not spec.has_field(field):
                return value_text(value)
            fs = spec.field(field)
            named = i18n.field_value(entity, field, value)  # a choice or a usual word
            if named is not None:
                return named
            masked = privacy.mask(fs, value)
            return value_text(masked)

        def label(field: str) -> str:
            if spec.has_field(field):
                return prefix + i18n.field_label(entity, field)
            return prefix + field

        def words(field: str) -> str:  # inside a sentence: "Revealed head's ID number"
            if spec.has_field(field):
                return prefix + i18n.field_words(entity, field)
            return prefix + field

        base = [when, entry.author, device]
        if entry.kind in ("create", "attach") and isinstance(entry.new, dict):
            # One row per new record: its filled-in fields, references left out.
            pair = self.tr("%1: %2", "a field and its value")
            parts = [
                pair.replace("%1", i18n.field_label(entity, field.name)).replace(
                    "%2", shown(field.name, entry.new[field.name])
                )
                for field in spec.fields
                if field.kind != "ref" and entry.new.get(field.name) not in ("", None)
            ]
            joined = self.tr("; ", "between a new record's fields").join(parts)
            return [[*base, prefix + self.tr("Created"), "", joined]]
        if entry.kind == "event":
            details = entry.new if isinstance(entry.new, dict) else {}
            target = details.get("field", "")
            what = self.tr("Revealed %1").replace("%1", words(target) if target else "")
            reason = str(details.get("reason") or "")
            if entry.field == "state_back":
                old_state = i18n.choice(HOUSEHOLD_STATES, details.get("from"))
                new_state = i18n.choice(HOUSEHOLD_STATES, details.get("to"))
                what = self.tr("Moved back: %1").replace("%1", reason)
                return [[*base, what, old_state, new_state]]
            if entry.field in ("void", "delete_reason"):
                verb = self.tr("Voided") if entry.field == "void" else self.tr("Deleted")
                return [[*base, f"{prefix}{verb}", "", reason]]
            return [[*base, what if entry.field == "reveal" else f"{prefix}{entry.field}", "", ""]]
        if entry.kind == "delete":
            return [[*base, prefix + self.tr("Deleted"), "", ""]]
        field = entry.field or ""
        old = " / ".join(shown(field, value) for value in entry.old if value is not None)
        return [[*base, label(field), old, shown(field, entry.new)]]

    # actions --------------------------------------------------------------------------------
    def title_text(self) -> str:
        h = self.data.get("household") or {}
        return f"{h.get('head_name') or ''} {h.get('address') or ''}".strip()

    def record_visit(self) -> None:
        if self.household_id:
            self.ctx.bus.record_visit.emit(self.household_id, self.title_text())

    def change_state(self) -> None:
        code = self.state_combo.currentData()
        if not self.household_id or not code:
            return
        current = (self.data.get("household") or {}).get("state") or "surveying"
        if not is_step_back(current, code):
            self._move_state(code, None)
            return
        name = i18n.choice_words(HOUSEHOLD_STATES, code)  # quoted inside a sentence
        dialog = ReasonDialog(
            self.tr("Move the state back"),
            self.tr(
                "Why does this household go back to “%1”? The reason is kept in the history."
            ).replace("%1", name),
            self.tr("Move back"),
            self,
        )
        dialog.given.connect(lambda reason: self._move_state(code, reason))
        self.last_dialog = dialog
        dialog.open()

    def _move_state(self, code: str, reason: str | None) -> None:
        ws, household_id = self.ctx.ws, self.household_id
        set_error(self.state_error, "")
        self.state_button.setEnabled(False)

        def done(_: object) -> None:
            self.state_button.setEnabled(True)
            self.ctx.notify("household", household_id)

        def failed(exc: BaseException) -> None:
            self.state_button.setEnabled(True)
            show_refusal(self.state_error, exc)

        self.ctx.tasks.run(
            lambda: households.change_state(ws, household_id, code, reason=reason),
            done,
            failed,
            parent=self,
        )

    def _selected_member(self) -> str | None:
        items = self.members_table.selectedItems()
        return str(items[0].data(Qt.ItemDataRole.UserRole)) if items else None

    def _member_selected(self) -> None:
        chosen = self._selected_member() is not None
        self.reveal_member_id.setEnabled(chosen)
        self.reveal_member_phone.setEnabled(chosen)
        self.edit_member_button.setEnabled(chosen)
        self.remove_member_button.setEnabled(chosen)

    def _reveal_member(self, field: str) -> None:
        member_id = self._selected_member()
        if member_id is None:
            return
        row = self.members_table.currentRow()
        column = 2 if field == "id_number" else 3
        ws = self.ctx.ws

        def shown(value: Any) -> None:
            item = self.members_table.item(row, column)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == member_id:
                item.setText(str(value or ""))
            self.members_table.resizeColumnToContents(column)

        self.ctx.tasks.run(lambda: ws.reveal("member", member_id, field), shown, parent=self)

    def edit_household(self) -> HouseholdEditDialog | None:
        """编辑: the details form, once the project list is read (off the GUI thread)."""
        if not self.household_id or not self.data:
            return None
        ws, household = self.ctx.ws, dict(self.data["household"])
        self.edit_button.setEnabled(False)

        def show(projects: list[dict[str, Any]]) -> None:
            self.edit_button.setEnabled(True)
            dialog = HouseholdEditDialog(self.ctx, household, projects, self)
            self.last_dialog = dialog
            dialog.open()

        def failed(exc: BaseException) -> None:
            self.edit_button.setEnabled(True)
            raise exc

        self.ctx.tasks.run(lambda: ui_support.list_projects(ws), show, failed, parent=self)
        return None

    def _member(self, member_id: str) -> dict[str, Any] | None:
        return next((m for m in self.data.get("members", []) if m["id"] == member_id), None)

    def add_member(self) -> MemberDialog | None:
        if not self.household_id:
            return None
        dialog = MemberDialog(self.ctx, self.household_id, None, self)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def edit_member(self) -> MemberDialog | None:
        member_id = self._selected_member()
        member = self._member(member_id) if member_id else None
        if member is None:
            return None
        dialog = MemberDialog(self.ctx, self.household_id, member, self)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def remove_member(self) -> None:
        member_id = self._selected_member()
        member = self._member(member_id) if member_id else None
        if member is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Remove…"),
            self.tr("Remove %1 from this household? The change is kept in the history.").replace(
                "%1", member.get("name") or ""
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("removeMemberBox")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        ws, household_id, mid = self.ctx.ws, self.household_id, str(member["id"])

        def answered(_result: int) -> None:
            if box.standardButton(box.clickedButton()) != QMessageBox.StandardButton.Yes:
                return
            self.ctx.tasks.run(
                lambda: ws.delete("member", mid),
                lambda _r: self.ctx.notify("member", household_id),
                parent=self,
            )

        box.finished.connect(answered)
        self.last_box = box
        box.open()

    def log_request(self) -> None:
        open_request_dialog(self.ctx, self.household_id, self)

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Attach photos or scans"),
            str(Path.home()),
            self.tr(
                "Photos and scans (*.jpg *.jpeg *.png *.gif *.bmp *.tif *.tiff *.pdf);;"
                "All files (*)"
            ),
        )
        if files:
            self.attach_files([Path(f) for f in files])

    def attach_files(self, paths: list[Path]) -> None:
        if not self.household_id:
            return
        ws, household_id = self.ctx.ws, self.household_id

        def attach() -> list[str]:
            return [ws.attach(household_id, path) for path in paths]

        self.ctx.tasks.run(
            attach,
            lambda _ids: self.ctx.notify("attachment", household_id),
            parent=self,
            label=self.tr("Adding attachments…"),
        )

    def open_attachment(self) -> None:
        item = self.attachment_list.currentItem() or self.attachment_list.item(0)
        if item is None:
            return
        row = item.data(Qt.ItemDataRole.UserRole)
        ws = self.ctx.ws

        def copy_out() -> Path:
            # Another program needs a plaintext file with the real name: a private copy, deleted
            # when the app closes or locks (services/private_files.py).
            with ws.open_attachment(str(row["sha256"])) as source:
                return PrivateFiles.of(ws).open_copy(str(row.get("name") or "file"), source)

        self.ctx.tasks.run(
            copy_out,
            lambda path: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))),
            parent=self,
        )


def open_request_dialog(ctx: AppContext, household_id: str, parent: QWidget) -> RecordDialog:
    """Log a request (诉求) for a household: received today, deadline in 15 days by default."""
    ws = ctx.ws
    dialog = RecordDialog(
        ctx,
        QCoreApplication.translate("HouseholdView", "Log request"),
        "request",
        ("received_on", "channel", "category", "summary", "level", "responsible", "deadline"),
        lambda values: requests.add_request(
            ws,
            {k: v for k, v in values.items() if v not in ("", None)}
            | {"household_id": household_id},
        ),
        lambda request_id: ctx.notify("request", str(request_id)),
        parent,
    )
    import datetime as dt

    dialog.form.set_values(
        {
            "received_on": dt.date.today().isoformat(),
            "channel": "visit",
            "level": "sub_district",
            "responsible": ctx.profile.caseworker if ctx.profile else "",
        }
    )
    dialog.open()
    return dialog
