"""Recording a visit (走访记录): today and me by default, one Save, keyboard all the way.

Tab walks the fields in reading order (multi-line fields pass Tab on instead of inserting it);
Ctrl+S or Ctrl+Enter saves; Esc closes and keeps the draft. What is typed is autosaved to a draft
file a moment after each edit (ui.drafts); opening the form again for the household brings it
back with a banner that offers to discard it. A refusal (a bad date, say) is shown inline and
nothing typed is lost.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from domain.choices import ATTITUDES
from domain.errors import UserError
from services import visits
from ui import i18n
from ui.context import AppContext
from ui.drafts import Drafts
from ui.formatting import breakable, clipped
from ui.forms import DateField, error_label, set_error, show_refusal

DRAFT_KIND = "visit"
AUTOSAVE_MS = 400
NEXT_VISIT_DAYS = 14
HEADING_CHARS = 60


class VisitForm(QDialog):
    saved = Signal(str)  # visit id

    def __init__(
        self, ctx: AppContext, household_id: str, title: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("visitForm")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.ctx = ctx
        self.household_id = household_id
        self.household_title = title
        self.drafts = Drafts(ctx.drafts_dir)
        self._saving = False
        self._finished = False
        self.setWindowTitle(self.tr("Record visit") + (f" — {title}" if title else ""))
        self._build()
        self._load_heading()
        self._defaults = self.values()
        self._restore_draft()
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.save_draft)
        self._watch()
        self.resize(640, 640)
        self.people_met.setFocus()

    # layout ---------------------------------------------------------------------------------
    def _build(self) -> None:
        def label(name: str) -> str:
            return i18n.field_label("visit", name)

        me = self.ctx.profile.caseworker if self.ctx.profile else ""
        # Whose visit this is, in large type: a visit on the wrong family is the worst mistake.
        self.heading = QLabel(self.household_title or "…", self)
        self.heading.setObjectName("visitHousehold")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner = QFrame(self)
        self.banner.setObjectName("draftBanner")
        self.banner.setStyleSheet(
            "#draftBanner { background: #fff4d6; border: 1px solid #e0c36a; border-radius: 4px; }"
        )
        self.banner_text = QLabel(self.banner)
        self.banner_text.setWordWrap(True)
        self.discard_button = QPushButton(self.tr("Discard draft"), self.banner)
        self.discard_button.setObjectName("discardDraft")
        self.discard_button.clicked.connect(self.ask_discard_draft)
        row = QHBoxLayout(self.banner)
        row.addWidget(self.banner_text, 1)
        row.addWidget(self.discard_button)
        self.banner.hide()

        self.visited_on = DateField(dt.date.today(), self)
        self.visited_on.setObjectName("visited_on")
        self.visited_on.setMinimumWidth(self.fontMetrics().horizontalAdvance("2026-11-26") + 60)
        self.caseworkers = QLineEdit(me, self)
        self.caseworkers.setObjectName("caseworkers")
        self.people_met = QLineEdit(self)
        self.people_met.setObjectName("people_met")
        self.people_met.setPlaceholderText(self.tr("e.g. the head of household and his wife"))
        self.explained = self._text("explained")
        self.concerns = self._text("concerns")
        self.attitude = QComboBox(self)
        self.attitude.setObjectName("attitude")
        self.attitude.addItem(self.tr("(not noted)"), None)
        for code, text in i18n.choice_items(ATTITUDES):
            self.attitude.addItem(text, code)
        self.next_step = self._text("next_step")
        self.plan_next = QCheckBox(self.tr("Plan the next visit"), self)
        self.plan_next.setObjectName("plan_next")
        self.plan_next.setChecked(True)
        self.next_visit_due = DateField(dt.date.today() + dt.timedelta(days=NEXT_VISIT_DAYS), self)
        self.next_visit_due.setObjectName("next_visit_due")
        self.plan_next.toggled.connect(self.next_visit_due.setEnabled)
        next_row = QHBoxLayout()
        next_row.addWidget(self.plan_next)
        next_row.addWidget(self.next_visit_due)
        next_row.addStretch(1)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        date_row = QHBoxLayout()
        date_row.addWidget(self.visited_on)
        date_row.addStretch(1)
        form.addRow(label("visited_on") + " *", date_row)
        form.addRow(label("caseworkers") + " *", self.caseworkers)
        form.addRow(label("people_met"), self.people_met)
        form.addRow(label("explained"), self.explained)
        # an empty visit is refused here, under the first of the fields that would fill it
        self.content_error = error_label(self)
        self.content_error.setObjectName("contentError")
        form.addRow("", self.content_error)
        form.addRow(label("concerns"), self.concerns)
        form.addRow(label("attitude"), self.attitude)
        form.addRow(label("next_step"), self.next_step)
        form.addRow(label("next_visit_due"), next_row)

        self.error = error_label(self)
        self.status = QLabel(self)
        self.status.setObjectName("draftStatus")
        self.status.setWordWrap(True)  # a disk refusal is a whole sentence
        self.status.setStyleSheet("color: #5f6368;")
        self.status.setText(self.tr("Ctrl+S saves · Esc closes and keeps the draft"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close, self
        )
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setObjectName("saveVisit")
        save.setToolTip("Ctrl+S / Ctrl+Enter")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.banner)
        layout.addLayout(form, 1)
        layout.addWidget(self.error)
        layout.addLayout(bottom)
        for keys in ("Ctrl+S", "Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.submit)

        order: list[QWidget] = [
            self.visited_on,
            self.caseworkers,
            self.people_met,
            self.explained,
            self.concerns,
            self.attitude,
            self.next_step,
            self.plan_next,
            self.next_visit_due,
            save,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def _text(self, name: str) -> QPlainTextEdit:
        edit = QPlainTextEdit(self)
        edit.setObjectName(name)
        edit.setTabChangesFocus(True)
        edit.setMinimumHeight(64)
        return edit

    def _watch(self) -> None:
        for line in (self.caseworkers, self.people_met):
            line.textChanged.connect(self._edited)
        for text in (self.explained, self.concerns, self.next_step):
            text.textChanged.connect(self._edited)
        self.attitude.currentIndexChanged.connect(self._edited)
        self.plan_next.toggled.connect(self._edited)
        self.visited_on.dateChanged.connect(self._edited)
        self.next_visit_due.dateChanged.connect(self._edited)

    def _load_heading(self) -> None:
        ws, household_id = self.ctx.ws, self.household_id
        self.ctx.tasks.run(
            lambda: visits.household_heading(ws, household_id),
            self._show_heading,
            lambda exc: show_refusal(self.error, exc),
            parent=self,
        )

    def _show_heading(self, heading: dict[str, str]) -> None:
        parts = [heading["head_name"], heading["address"]]
        if heading["id_last4"]:
            parts.append(self.tr("ID …%1").replace("%1", heading["id_last4"]))
        text = " · ".join(p for p in parts if p)
        self.household_title = f"{heading['head_name']} {heading['address']}".strip()
        # a line or two however long the address (it may hold 200 characters): the form's
        # fields keep their room; the whole of it is in the tooltip
        self.heading.setText(breakable(clipped(text, HEADING_CHARS)))
        self.heading.setToolTip(text if len(text) > HEADING_CHARS else "")
        self.setWindowTitle(self.tr("Record visit") + f" — {clipped(text, HEADING_CHARS)}")

    # values ---------------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        return {
            "visited_on": self.visited_on.iso(),
            "caseworkers": self.caseworkers.text(),
            "people_met": self.people_met.text(),
            "explained": self.explained.toPlainText(),
            "concerns": self.concerns.toPlainText(),
            "attitude": self.attitude.currentData(),
            "next_step": self.next_step.toPlainText(),
            "plan_next": self.plan_next.isChecked(),
            "next_visit_due": self.next_visit_due.iso(),
        }

    def set_values(self, values: dict[str, Any]) -> None:
        self.visited_on.set_iso(str(values.get("visited_on") or ""))
        self.caseworkers.setText(str(values.get("caseworkers") or ""))
        self.people_met.setText(str(values.get("people_met") or ""))
        self.explained.setPlainText(str(values.get("explained") or ""))
        self.concerns.setPlainText(str(values.get("concerns") or ""))
        self.attitude.setCurrentIndex(max(self.attitude.findData(values.get("attitude")), 0))
        self.next_step.setPlainText(str(values.get("next_step") or ""))
        self.plan_next.setChecked(bool(values.get("plan_next", True)))
        if values.get("next_visit_due"):
            self.next_visit_due.set_iso(str(values["next_visit_due"]))

    def is_blank(self) -> bool:
        return self.values() == self._defaults

    def service_values(self) -> dict[str, Any]:
        raw = self.values()
        plan = raw.pop("plan_next")
        if not plan:
            raw["next_visit_due"] = None
        return {k: v for k, v in raw.items() if v not in ("", None)}

    # drafts ---------------------------------------------------------------------------------
    def _restore_draft(self) -> None:
        draft = self.drafts.load(DRAFT_KIND, self.household_id)
        if draft is None:
            return
        self.set_values(draft.values)
        when = draft.saved_at.replace("T", " ")
        self.banner_text.setText(
            self.tr("Restored a draft saved at %1 that was never saved as a visit.").replace(
                "%1", when
            )
        )
        self.banner.show()

    def _edited(self) -> None:
        if not self._finished:
            self._autosave.start()

    def save_draft(self) -> None:
        if self._finished:
            return
        if self.is_blank():
            self.drafts.discard(DRAFT_KIND, self.household_id)
            return
        try:
            self.drafts.save(DRAFT_KIND, self.household_id, self.household_title, self.values())
        except UserError as exc:  # a full or unwritable disk: said beside the form, once per try
            self.status.setText(str(exc))
            return
        self.status.setText(
            self.tr("Draft saved %1").replace("%1", dt.datetime.now().strftime("%H:%M:%S"))
        )

    def ask_discard_draft(self) -> None:
        """丢弃草稿 asks once: the draft may be an hour at the door."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Discard draft"),
            self.tr("Throw away everything typed in this draft? This cannot be undone."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("discardDraftBox")
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Discard"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("Keep the draft"))
        box.setDefaultButton(QMessageBox.StandardButton.No)

        def answered(_result: int) -> None:
            if box.standardButton(box.clickedButton()) == QMessageBox.StandardButton.Yes:
                self.discard_draft()

        box.finished.connect(answered)
        box.open()

    def discard_draft(self) -> None:
        self.drafts.discard(DRAFT_KIND, self.household_id)
        self.set_values(self._defaults)
        self.drafts.discard(DRAFT_KIND, self.household_id)
        self._autosave.stop()
        self.banner.hide()
        self.status.setText(self.tr("Draft discarded"))
        self.people_met.setFocus()

    # saving ---------------------------------------------------------------------------------
    def submit(self) -> None:
        if self._saving or self._finished:
            return
        self._saving = True
        self.save_draft()  # the words are on disk before the database is even asked
        set_error(self.error, "")
        set_error(self.content_error, "")
        self.buttons.setEnabled(False)
        ws, household_id, values = self.ctx.ws, self.household_id, self.service_values()
        self.ctx.tasks.run(
            lambda: visits.add_visit(ws, household_id, values),
            self._saved,
            self._failed,
            parent=self,
            label=self.tr("Saving the visit…"),
        )

    def _saved(self, visit_id: str) -> None:
        self._saving = False
        self._finished = True
        self._autosave.stop()
        self.drafts.discard(DRAFT_KIND, self.household_id)
        self.ctx.notify("visit", self.household_id)
        self.saved.emit(visit_id)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._saving = False
        self.buttons.setEnabled(True)
        if isinstance(exc, UserError) and exc.code == "visit_empty":
            show_refusal(self.content_error, exc)
            self.explained.setFocus()
            return
        show_refusal(self.error, exc)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_draft()
        super().closeEvent(event)

    def reject(self) -> None:  # Esc
        self.save_draft()
        super().reject()
