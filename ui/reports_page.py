"""文书与报表: choose a document (一户一档, 走访记录表, 诉求台账, 调度周报, 公示) and its scope,
generate it off the GUI thread, preview it inside the app (QtPdf), print it through the Qt print
dialog or save it; export Excel workbooks and import a household list (ui.xlsx_import_dialog).

The preview is held in memory (services.documents.preview, shown from a QBuffer): no plaintext
copy is ever written to a temp folder; saving writes only where the person chooses. Showing ID and phone numbers
in full is a choice the person makes per document and is logged (services.documents); so are
printing and saving. The weekly report's three text boxes are remembered per week and scope.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QDate,
    QIODevice,
    QPointF,
    QRectF,
    QSizeF,
    Qt,
    QTimer,
)
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from domain.choices import REQUEST_CATEGORIES, REQUEST_STATUSES
from domain.errors import Label, UserError
from services import documents, figures, households, ui_support
from services import report_data as rd
from services.documents import DocumentSpec, Generated
from services.figures import Scope
from ui import errors, formatting, i18n, scope_choice
from ui.context import AppContext
from ui.dialogs.household_picker import HouseholdPicker
from ui.registry import PageSpec, register_page
from ui.widgets import fill_combo, filter_combo, restore_layout, save_layout

if TYPE_CHECKING:  # openpyxl loads when a workbook is exported, not with the window
    from services import xlsx_export

PRINT_DPI = 300  # pages are rendered for the printer at most this fine
TEXTS_SAVE_MS = 600


def document_kinds() -> list[tuple[str, str]]:
    return [
        ("household", QCoreApplication.translate("ReportsPage", "Household file (一户一档)")),
        ("visit", QCoreApplication.translate("ReportsPage", "Visit record sheet (走访记录表)")),
        ("visit_blank", QCoreApplication.translate("ReportsPage", "Blank visit record sheet")),
        ("requests", QCoreApplication.translate("ReportsPage", "Request register (诉求台账)")),
        (
            "weekly",
            QCoreApplication.translate("ReportsPage", "Weekly dispatch report (调度周报)"),
        ),
        ("notice", QCoreApplication.translate("ReportsPage", "Public notice (公示)")),
    ]


class ReportsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportsPage")
        self.ctx = ctx
        self.projects: list[dict[str, Any]] = []
        self.generated: Generated | None = None
        self._shown: QBuffer | None = None  # the previewed PDF, in memory only
        self._confirm_empty = False  # the next notice was confirmed after a warning
        self._texts_key: tuple[Scope, str] | None = None

        # document and options ---------------------------------------------------------------
        self.kind = QComboBox(self)
        self.kind.setObjectName("documentKind")
        for code, text in document_kinds():
            self.kind.addItem(text, code)
        self.stack = QStackedWidget(self)
        self.panels: dict[str, QWidget] = {}
        self._build_household_panel()
        self._build_visit_panel()
        self._build_blank_panel()
        self._build_register_panel()
        self._build_weekly_panel()
        self._build_notice_panel()

        self.full_ids = QCheckBox(self.tr("Print ID and phone numbers in full"), self)
        self.full_ids.setObjectName("fullIds")
        self.full_ids.setToolTip(
            self.tr("Numbers are masked unless you tick this; showing them in full is logged.")
        )
        self.generate_button = QPushButton(self.tr("Generate and preview"), self)
        self.generate_button.setObjectName("generateButton")
        self.generate_button.setDefault(True)
        self.generate_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
        self.generate_button.clicked.connect(self.generate)
        self.status = QLabel(self)
        self.status.setObjectName("reportStatus")
        self.status.setWordWrap(True)

        document_box = QGroupBox(self.tr("Document"), self)
        doc_layout = QVBoxLayout(document_box)
        doc_layout.addWidget(self.kind)
        doc_layout.addWidget(self.stack)
        doc_layout.addWidget(self.full_ids)
        doc_layout.addWidget(self.generate_button)
        doc_layout.addWidget(self.status)

        excel_box = self._build_excel_box()

        controls = QWidget(self)
        controls_layout = QVBoxLayout(controls)
        controls_layout.setContentsMargins(0, 0, 6, 0)
        controls_layout.addWidget(document_box)
        controls_layout.addWidget(excel_box)
        controls_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setObjectName("reportControls")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(controls)
        scroll.setMinimumWidth(380)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        # preview ------------------------------------------------------------------------------
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("pdfPreview")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.setStyleSheet("QPdfView { background: #8a8f96; }")
        self.title = QLabel(self.tr("No document yet"), self)
        self.title.setObjectName("previewTitle")
        self.title.setStyleSheet("font-weight: bold;")
        self.pages = QLabel(self)
        self.pages.setObjectName("previewPages")
        self.print_button = QPushButton(self.tr("Print…"), self)
        self.print_button.setObjectName("printButton")
        self.print_button.setShortcut("Ctrl+P")
        self.print_button.clicked.connect(self.print_document)
        self.save_button = QPushButton(self.tr("Save as…"), self)
        self.save_button.setObjectName("saveButton")
        self.save_button.setShortcut("Ctrl+S")
        self.save_button.clicked.connect(self.save_document)
        self.fit_button = QPushButton(self.tr("Fit width"), self)
        self.fit_button.setCheckable(True)
        self.fit_button.setChecked(True)
        self.fit_button.toggled.connect(self._fit)
        for button, icon in (
            (self.print_button, QStyle.StandardPixmap.SP_DialogSaveButton),
            (self.save_button, QStyle.StandardPixmap.SP_DriveFDIcon),
        ):
            button.setEnabled(False)
            button.setIcon(self.style().standardIcon(icon))
        self.print_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon))
        bar = QHBoxLayout()
        bar.addWidget(self.title, 1)
        bar.addWidget(self.pages)
        bar.addWidget(self.fit_button)
        bar.addWidget(self.print_button)
        bar.addWidget(self.save_button)
        preview = QWidget(self)
        preview_layout = QVBoxLayout(preview)
        preview_layout.setContentsMargins(6, 0, 0, 0)
        preview_layout.addLayout(bar)
        preview_layout.addWidget(self.view, 1)

        self.splitter = QSplitter(self)
        self.splitter.setObjectName("reportsSplitter")
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(preview)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([400, 800])
        restore_layout(ctx.state, "reports/splitter", self.splitter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(TEXTS_SAVE_MS)
        self._save_timer.timeout.connect(self.save_texts)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        saved = self.ctx.state.value("reports/kind")
        self.kind.setCurrentIndex(max(self.kind.findData(saved), 0) if saved else 0)
        self._kind_changed()
        ctx.bus.changed.connect(self._data_changed)
        self._load_projects()

    # panels ---------------------------------------------------------------------------------
    def _panel(self, key: str) -> QFormLayout:
        panel = QWidget(self.stack)
        panel.setObjectName(f"panel_{key}")
        form = QFormLayout(panel)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.panels[key] = panel
        self.stack.addWidget(panel)
        return form

    def _project_combo(self, everything: str, name: str) -> QComboBox:
        combo = filter_combo(everything, [], self)
        combo.setObjectName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(16)
        return combo

    def _build_household_panel(self) -> None:
        form = self._panel("household")
        self.household_picker = HouseholdPicker(self.ctx, self)
        self.household_picker.setObjectName("householdChoice")
        form.addRow(self.household_picker)

    def _build_visit_panel(self) -> None:
        form = self._panel("visit")
        self.visit_picker = HouseholdPicker(self.ctx, self)
        self.visit_picker.setObjectName("visitHouseholdChoice")
        self.visit_choice = QComboBox(self)
        self.visit_choice.setObjectName("visitChoice")
        self.visit_picker.chosen.connect(self._load_visits)
        form.addRow(self.visit_picker)
        form.addRow(self.tr("Visit"), self.visit_choice)

    def _build_blank_panel(self) -> None:
        form = self._panel("visit_blank")
        self.blank_project = self._project_combo(self.tr("No project"), "blankProject")
        form.addRow(self.tr("Project"), self.blank_project)
        note = QLabel(self.tr("An empty form for a visit recorded on paper."), self)
        note.setWordWrap(True)
        note.setStyleSheet("color: #5f6368;")
        form.addRow(note)

    def _build_register_panel(self) -> None:
        form = self._panel("requests")
        self.register_project = self._project_combo(self.tr("All projects"), "registerProject")
        self.register_sub = filter_combo(self.tr("All sub-districts"), [], self)
        self.register_sub.setObjectName("registerSubDistrict")
        self.register_status = filter_combo(
            self.tr("All statuses"), i18n.choice_items(REQUEST_STATUSES), self
        )
        self.register_status.setObjectName("registerStatus")
        self.register_category = filter_combo(
            self.tr("All categories"), i18n.choice_items(REQUEST_CATEGORIES), self
        )
        self.register_category.setObjectName("registerCategory")
        self.register_from_on = QCheckBox(self.tr("From"), self)
        self.register_from = self._date_edit("registerFrom")
        self.register_to_on = QCheckBox(self.tr("To"), self)
        self.register_to = self._date_edit("registerTo")
        for check, edit in (
            (self.register_from_on, self.register_from),
            (self.register_to_on, self.register_to),
        ):
            edit.setEnabled(False)
            check.toggled.connect(edit.setEnabled)
        today = formatting.today()
        self.register_from.setDate(QDate(today.year, 1, 1))
        self.register_to.setDate(QDate(today.year, today.month, today.day))
        self.register_overdue = QCheckBox(self.tr("Overdue and still open only"), self)
        self.register_overdue.setObjectName("registerOverdue")
        form.addRow(self.tr("Project"), self.register_project)
        form.addRow(self.tr("Sub-district"), self.register_sub)
        form.addRow(self.tr("Status"), self.register_status)
        form.addRow(self.tr("Category"), self.register_category)
        form.addRow(self.register_from_on, self.register_from)
        form.addRow(self.register_to_on, self.register_to)
        form.addRow(self.register_overdue)

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    def _build_weekly_panel(self) -> None:
        form = self._panel("weekly")
        self.scope_kind = QComboBox(self)
        self.scope_kind.setObjectName("weeklyScopeKind")
        for code, text in (
            ("all", self.tr("All projects")),
            ("district", self.tr("District")),
            ("sub_district", self.tr("Sub-district")),
            ("project", self.tr("Project")),
        ):
            self.scope_kind.addItem(text, code)
        self.scope_value = QComboBox(self)
        self.scope_value.setObjectName("weeklyScopeValue")
        self.scope_value.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.scope_value.setMinimumContentsLength(16)
        self.week = QComboBox(self)
        self.week.setObjectName("weeklyWeek")
        scope_choice.fill_weeks(self.week, self.tr("%1 (%2 to %3)"), formatting.today())
        self.done_text = self._text_box("weeklyDone", self.tr("What was done this week"))
        self.plan_text = self._text_box("weeklyPlan", self.tr("What is planned for next week"))
        self.difficulties_text = self._text_box(
            "weeklyDifficulties", self.tr("Difficulties that need the district's coordination")
        )
        self.texts_note = QLabel(self.tr("Kept for this week and scope as you type."), self)
        self.texts_note.setStyleSheet("color: #5f6368;")
        form.addRow(self.tr("Scope"), self.scope_kind)
        form.addRow("", self.scope_value)
        form.addRow(self.tr("Week"), self.week)
        form.addRow(QLabel(self.tr("Done this week (本周完成)"), self))
        form.addRow(self.done_text)
        form.addRow(QLabel(self.tr("Plan for next week (下周计划)"), self))
        form.addRow(self.plan_text)
        form.addRow(QLabel(self.tr("Difficulties needing coordination (困难和需协调事项)"), self))
        form.addRow(self.difficulties_text)
        form.addRow(self.texts_note)
        self.weekly_grid = QCheckBox(self.tr("Append the projects' building grids (楼盘表)"), self)
        self.weekly_grid.setObjectName("weeklyWithGrid")
        form.addRow(self.weekly_grid)
        profile = self.ctx.profile
        default = "all" if profile is None or profile.role == "hub" else "sub_district"
        self.scope_kind.setCurrentIndex(max(self.scope_kind.findData(default), 0))
        self.scope_kind.currentIndexChanged.connect(self._scope_kind_changed)
        self.scope_value.currentIndexChanged.connect(self._texts_scope_changed)
        self.week.currentIndexChanged.connect(self._texts_scope_changed)
        for box in (self.done_text, self.plan_text, self.difficulties_text):
            box.textChanged.connect(self._save_timer_start)

    def _text_box(self, name: str, placeholder: str) -> QPlainTextEdit:
        box = QPlainTextEdit(self)
        box.setObjectName(name)
        box.setPlaceholderText(placeholder)
        box.setTabChangesFocus(True)
        box.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        return box

    def _build_notice_panel(self) -> None:
        form = self._panel("notice")
        self.notice_project = QComboBox(self)
        self.notice_project.setObjectName("noticeProject")
        self.notice_project.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.notice_project.setMinimumContentsLength(16)
        self.notice_signed = QCheckBox(self.tr("Only households that have signed"), self)
        self.notice_signed.setObjectName("noticeSignedOnly")
        note = QLabel(self.tr("A public notice never shows ID or phone numbers."), self)
        note.setWordWrap(True)
        note.setStyleSheet("color: #5f6368;")
        form.addRow(self.tr("Project"), self.notice_project)
        form.addRow(self.notice_signed)
        form.addRow(note)

    def _build_excel_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Excel"), self)
        self.export_current = QPushButton(self.tr("Export these figures to Excel…"), box)
        self.export_current.setObjectName("exportCurrent")
        self.export_current.clicked.connect(self.export_current_xlsx)
        self.export_project = self._project_combo(self.tr("All projects"), "exportProject")
        self.export_full_ids = QCheckBox(self.tr("ID and phone numbers in full (logged)"), box)
        self.export_full_ids.setObjectName("exportFullIds")
        self.export_households = QPushButton(self.tr("Export the household list…"), box)
        self.export_households.setObjectName("exportHouseholds")
        self.export_households.clicked.connect(self.export_households_xlsx)
        self.import_button = QPushButton(self.tr("Import households from Excel…"), box)
        self.import_button.setObjectName("importHouseholds")
        self.import_button.clicked.connect(self.import_households)
        form = QFormLayout(box)
        form.addRow(self.export_current)
        form.addRow(self.tr("Households of"), self.export_project)
        form.addRow(self.export_full_ids)
        form.addRow(self.export_households)
        form.addRow(self.import_button)
        return box

    # page protocol ----------------------------------------------------------------------------
    def activated(self) -> None:
        if not self.projects:
            self._load_projects()
        self._prefill_household()

    def _prefill_household(self) -> None:
        """The household open on the households page is the one a person means to print."""
        current = self.ctx.current_household
        if not current or self.household_picker.household_id is not None:
            return
        ws = self.ctx.ws

        def chosen(rows: list[dict[str, Any]]) -> None:
            if rows and self.household_picker.household_id is None:
                self.household_picker.set_household(current, rows[0])

        self.ctx.tasks.run(
            lambda: households.list_page(ws, households.HouseholdFilter(ids=[current]), limit=1),
            chosen,
        )

    def save_state(self) -> None:
        self.save_texts()
        save_layout(self.ctx.state, "reports/splitter", self.splitter)
        self.ctx.state.setValue("reports/kind", self.kind.currentData())

    def _data_changed(self, entity: str, _record_id: str) -> None:
        if entity == "project":
            self._load_projects()

    def _load_projects(self) -> None:
        ws = self.ctx.ws
        self.ctx.tasks.run(lambda: ui_support.list_projects(ws), self._projects_loaded)

    def _projects_loaded(self, projects: list[dict[str, Any]]) -> None:
        self.projects = projects
        items = [(str(p["id"]), i18n.bracketed(p["name"], p["code"])) for p in projects]
        for combo, everything in (
            (self.blank_project, self.tr("No project")),
            (self.register_project, self.tr("All projects")),
            (self.export_project, self.tr("All projects")),
        ):
            fill_combo(combo, everything, items)
        current = self.notice_project.currentData()
        self.notice_project.clear()
        for code, text in items:
            self.notice_project.addItem(text, code)
        self.notice_project.setCurrentIndex(max(self.notice_project.findData(current), 0))
        subs = sorted({str(p["sub_district"]) for p in projects if p.get("sub_district")})
        fill_combo(self.register_sub, self.tr("All sub-districts"), [(s, s) for s in subs])
        self._fill_scope_values()

    # the weekly scope and its remembered texts ----------------------------------------------
    def _scope_kind_changed(self) -> None:
        self._fill_scope_values()

    def _fill_scope_values(self) -> None:
        kind = self.scope_kind.currentData()
        current = self.scope_value.currentData()
        profile = self.ctx.profile
        items = scope_choice.value_items(kind, self.projects)
        fallback = ""
        if kind == "district" and profile:
            fallback = profile.district
        elif kind == "sub_district" and profile:
            fallback = f"{profile.district}\t{profile.sub_district}"
        self.scope_value.blockSignals(True)
        self.scope_value.clear()
        for code, text in items:
            self.scope_value.addItem(text, code)
        index = self.scope_value.findData(current)
        if index < 0:
            index = self.scope_value.findData(fallback)
        self.scope_value.setCurrentIndex(max(index, 0))
        self.scope_value.setVisible(kind != "all")
        self.scope_value.blockSignals(False)
        self._texts_scope_changed()

    def weekly_scope(self) -> Scope:
        return scope_choice.scope_of(self.scope_kind.currentData(), self.scope_value.currentData())

    def week_value(self) -> str:
        return str(self.week.currentData() or figures.week_of(formatting.today()))

    def texts(self) -> rd.WeeklyTexts:
        return rd.WeeklyTexts(
            self.done_text.toPlainText(),
            self.plan_text.toPlainText(),
            self.difficulties_text.toPlainText(),
        )

    def _save_timer_start(self) -> None:
        if self._texts_key is not None:
            self._save_timer.start()

    def save_texts(self) -> None:
        """Remember what is typed for the week and scope it was typed for."""
        self._save_timer.stop()
        if self._texts_key is None:
            return
        scope, week = self._texts_key
        try:
            documents.save_weekly_texts(
                self.ctx.ws, scope, week, self.texts(), data_dir=self.ctx.data_dir
            )
        except (OSError, UserError) as exc:  # say so, and keep the typing in the boxes
            errors.show_error(self, exc)

    def _texts_scope_changed(self) -> None:
        if self._save_timer.isActive():
            self.save_texts()
        scope, week = self.weekly_scope(), self.week_value()
        found = documents.load_weekly_texts(self.ctx.ws, scope, week, data_dir=self.ctx.data_dir)
        self._texts_key = None  # loading must not save the loaded text under the old key
        self.done_text.setPlainText(found.done)
        self.plan_text.setPlainText(found.plan)
        self.difficulties_text.setPlainText(found.difficulties)
        self._save_timer.stop()
        self._texts_key = (scope, week)

    # choosing ---------------------------------------------------------------------------------
    def _kind_changed(self) -> None:
        kind = str(self.kind.currentData())
        # The stack is as tall as the panel shown, not the tallest one (no gap under a short one).
        for key, panel in self.panels.items():
            policy = QSizePolicy.Policy.Preferred if key == kind else QSizePolicy.Policy.Ignored
            panel.setSizePolicy(policy, policy)
        self.stack.setCurrentWidget(self.panels[kind])
        self.stack.adjustSize()
        self.full_ids.setVisible(kind in documents.PERSONAL_KINDS)
        self.export_current.setEnabled(kind in ("requests", "weekly"))
        self.export_current.setText(
            self.tr("Export this register to Excel…")
            if kind == "requests"
            else self.tr("Export these figures to Excel…")
        )

    def _load_visits(self, household_id: str) -> None:
        ws = self.ctx.ws
        self.visit_choice.clear()
        self.ctx.tasks.run(
            lambda: rd.household_visits(ws, household_id),
            self._visits_loaded,
            key="reports-visits",
        )

    def _visits_loaded(self, rows: list[dict[str, Any]]) -> None:
        self.visit_choice.clear()
        for row in rows:
            text = f"{row['visited_on']}  {row.get('caseworkers') or ''}"
            if row.get("people_met"):
                text += f" · {row['people_met']}"
            self.visit_choice.addItem(text, row["id"])
        if not rows:
            self.visit_choice.addItem(self.tr("This household has no visit yet."), None)

    def register_filter(self) -> rd.RegisterFilter:
        def day(check: QCheckBox, edit: QDateEdit) -> dt.date | None:
            if not check.isChecked():
                return None
            d = edit.date()
            return dt.date(d.year(), d.month(), d.day())

        return rd.RegisterFilter(
            project_id=self.register_project.currentData(),
            sub_district=self.register_sub.currentData(),
            status=self.register_status.currentData(),
            category=self.register_category.currentData(),
            received_from=day(self.register_from_on, self.register_from),
            received_to=day(self.register_to_on, self.register_to),
            overdue_only=self.register_overdue.isChecked(),
        )

    def spec(self) -> DocumentSpec:
        """What the controls ask for; a UserError names what is missing."""
        kind = str(self.kind.currentData())
        full = self.full_ids.isChecked()
        if kind == "household":
            if not self.household_picker.household_id:
                raise UserError("doc_needs_target", what=Label("住户", "household"))
            return DocumentSpec(
                "household",
                household_id=self.household_picker.household_id,
                full_ids=full,
                language=i18n.lang(),  # the household file follows the interface language
            )
        if kind == "visit":
            visit_id = self.visit_choice.currentData()
            if not visit_id:
                raise UserError("doc_needs_target", what=Label("走访记录", "visit"))
            return DocumentSpec("visit", visit_id=str(visit_id), full_ids=full)
        if kind == "visit_blank":
            return DocumentSpec("visit_blank", project_id=self.blank_project.currentData())
        if kind == "requests":
            return DocumentSpec("requests", register=self.register_filter())
        if kind == "weekly":
            self.save_texts()
            return DocumentSpec(
                "weekly",
                scope=self.weekly_scope(),
                week=self.week_value(),
                texts=self.texts(),
                with_grid=self.weekly_grid.isChecked(),
            )
        project = self.notice_project.currentData()
        if not project:
            raise UserError("doc_needs_target", what=Label("项目", "project"))
        confirmed, self._confirm_empty = self._confirm_empty, False
        return DocumentSpec(
            "notice",
            project_id=str(project),
            signed_only=self.notice_signed.isChecked(),
            confirm_empty=confirmed,
        )

    # generating and previewing -----------------------------------------------------------------
    def generate(self) -> None:
        try:
            spec = self.spec()
        except UserError as exc:
            errors.show_error(self, exc)
            return
        ws = self.ctx.ws
        self.generate_button.setEnabled(False)
        self.status.setText(self.tr("Generating…"))
        self.status.setStyleSheet("")
        self.ctx.tasks.run(
            lambda: documents.preview(ws, spec),
            self._generated,
            self._generate_failed,
            parent=self,
            label=self.tr("Generating the document…"),
            key="reports-generate",
        )

    def _generate_failed(self, exc: BaseException) -> None:
        self.generate_button.setEnabled(True)
        self.status.setText("")
        if isinstance(exc, UserError) and exc.code == "doc_notice_nothing_signed":
            self._ask_empty_notice(exc)
            return
        errors.show_error(self, exc)

    def _ask_empty_notice(self, exc: UserError) -> None:
        """Warn and ask (not modal to the app): a notice with nobody signed or 0.00 yuan is
        usually printed by mistake; Yes makes it anyway."""
        box = QMessageBox(self)
        box.setObjectName("confirmEmptyNotice")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Public notice"))
        box.setText(errors.message_for(exc))
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)

        def answered(button: Any) -> None:
            if box.standardButton(button) == QMessageBox.StandardButton.Yes:
                self._confirm_empty = True
                self.generate()
            box.deleteLater()

        box.buttonClicked.connect(answered)
        box.open()

    def _generated(self, done: Generated) -> None:
        self.generate_button.setEnabled(True)
        shown = QBuffer(self)
        shown.setData(QByteArray(done.content or b""))
        shown.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.close()
        self.document.load(shown)  # the document reads from the buffer while it is shown
        if self._shown is not None:
            self._shown.close()
            self._shown.deleteLater()
        self._shown = shown
        if self.document.status() != QPdfDocument.Status.Ready:
            self.status.setText(self.tr("The preview could not be shown."))
            return
        self.generated = done
        self.view.setDocument(self.document)
        self.view.pageNavigator().jump(0, QPointF(), 0)
        self.title.setText(done.title)
        self.pages.setText(self.tr("%1 page(s)").replace("%1", str(done.pages)))
        self.print_button.setEnabled(True)
        self.save_button.setEnabled(True)
        seconds = f"{done.seconds:.1f}"
        text = self.tr("Ready: %1 page(s) in %2 s.").replace("%1", str(done.pages))
        text = text.replace("%2", seconds)
        if done.missing_glyphs:
            text += " " + self.tr("No font here has %1: printed as code points.").replace(
                "%1", " ".join(done.missing_glyphs)
            )
        if done.full_ids:
            text += " " + self.tr("It shows ID and phone numbers in full; this was logged.")
            self.status.setStyleSheet("color: #b3261e;")
        else:
            self.status.setStyleSheet("color: #188038;")
        self.status.setText(text)

    def _fit(self, on: bool) -> None:
        if on:
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        else:
            self.view.setZoomMode(QPdfView.ZoomMode.Custom)
            self.view.setZoomFactor(1.0)

    # printing and saving ------------------------------------------------------------------------
    def print_document(self) -> None:
        if self.generated is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        size = self.document.pagePointSize(0)
        landscape = size.width() > size.height()
        printer.setPageOrientation(
            QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
        )
        printer.setDocName(self.generated.title)
        printer.setFromTo(1, self.document.pageCount())
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Print %1").replace("%1", self.generated.title))
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Send the previewed pages to `printer`; log the printing. Returns pages printed."""
        done = self.generated
        if done is None:
            return 0
        count = self.document.pageCount()
        first, last = printer.fromPage(), printer.toPage()
        if first <= 0 or last <= 0:
            first, last = 1, count
        pages = range(max(first, 1) - 1, min(last, count))
        dpi = min(printer.resolution(), PRINT_DPI)
        painter = QPainter()
        if not painter.begin(printer):
            errors.show_error(self, UserError("report_cannot_write", path=printer.printerName()))
            return 0
        printed = 0
        try:
            target = printer.pageRect(QPrinter.Unit.DevicePixel)
            for index in pages:
                if printed:
                    printer.newPage()
                points = self.document.pagePointSize(index)
                image = self.document.render(index, (points * (dpi / 72.0)).toSize())
                fitted = QSizeF(image.size()).scaled(
                    target.size(), Qt.AspectRatioMode.KeepAspectRatio
                )
                x = (target.width() - fitted.width()) / 2
                y = (target.height() - fitted.height()) / 2
                painter.drawImage(
                    QRectF(x, y, fitted.width(), fitted.height()),  # origin: the printable area
                    image,
                    QRectF(image.rect()),
                )
                printed += 1
        finally:
            painter.end()
        ws = self.ctx.ws
        self.ctx.tasks.run(lambda: documents.record_use(ws, done, "print"), parent=self)
        self.status.setText(self.tr("Sent %1 page(s) to the printer.").replace("%1", str(printed)))
        return printed

    def save_document(self) -> None:
        if self.generated is None:
            return
        folder = Path(str(self.ctx.state.value("reports/folder") or Path.home()))
        suggested = folder / documents.default_filename(self.generated)
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the document"), str(suggested), self.tr("PDF files (*.pdf)")
        )
        if chosen:
            path = Path(chosen)
            if path.suffix.lower() != ".pdf":
                path = path.with_name(path.name + ".pdf")
            self.save_to(path)

    def save_to(self, path: Path) -> None:
        done = self.generated
        if done is None:
            return
        ws = self.ctx.ws
        self.ctx.state.setValue("reports/folder", str(path.parent))
        self.ctx.tasks.run(
            lambda: documents.save_copy(ws, done, path),
            lambda saved: self.status.setText(self.tr("Saved to %1.").replace("%1", str(saved))),
            parent=self,
        )

    # Excel -------------------------------------------------------------------------------------
    def _ask_xlsx(self, name: str) -> Path | None:
        folder = Path(str(self.ctx.state.value("reports/folder") or Path.home()))
        stamp = formatting.today().isoformat()
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Export to Excel"),
            str(folder / f"{name} {stamp}.xlsx"),
            self.tr("Excel workbooks (*.xlsx)"),
        )
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        self.ctx.state.setValue("reports/folder", str(path.parent))
        return path

    def export_current_xlsx(self, path: Path | None = None) -> None:
        from services import xlsx_export

        kind = self.kind.currentData()
        ws = self.ctx.ws
        if kind == "requests":
            target = path or self._ask_xlsx(self.tr("Request register"))
            if target is None:
                return
            flt = self.register_filter()
            self._run_export(lambda: xlsx_export.export_requests(ws, target, flt))
        elif kind == "weekly":
            target = path or self._ask_xlsx(self.tr("Weekly figures"))
            if target is None:
                return
            scope, week = self.weekly_scope(), self.week_value()
            self._run_export(lambda: xlsx_export.export_weekly(ws, target, scope, week))

    def export_households_xlsx(self, path: Path | None = None) -> None:
        from services import xlsx_export

        target = path or self._ask_xlsx(self.tr("Households"))
        if target is None:
            return
        ws = self.ctx.ws
        project = self.export_project.currentData()
        full = self.export_full_ids.isChecked()
        self._run_export(
            lambda: xlsx_export.export_households(ws, target, project_id=project, full_ids=full)
        )

    def _run_export(self, fn: Any) -> None:
        def done(result: xlsx_export.Exported) -> None:
            text = self.tr("Exported %1 row(s) to %2.").replace("%1", str(result.rows))
            self.status.setStyleSheet("color: #188038;")
            self.status.setText(text.replace("%2", str(result.path)))

        self.ctx.tasks.run(fn, done, parent=self, label=self.tr("Exporting to Excel…"))

    def import_households(self, path: Path | None = None) -> None:
        from ui.xlsx_import_dialog import XlsxImportDialog

        if path is None:
            folder = str(self.ctx.state.value("reports/import_folder") or Path.home())
            chosen, _filter = QFileDialog.getOpenFileName(
                self,
                self.tr("Import households from Excel"),
                folder,
                self.tr("Excel workbooks (*.xlsx);;All files (*)"),
            )
            if not chosen:
                return
            path = Path(chosen)
            self.ctx.state.setValue("reports/import_folder", str(path.parent))
        dialog = XlsxImportDialog(
            self.ctx, path, project_id=self.export_project.currentData(), parent=self
        )
        self.import_dialog = dialog
        dialog.open()

    def closeEvent(self, event: Any) -> None:
        self.save_texts()
        super().closeEvent(event)


register_page(
    PageSpec(
        key="reports",
        title=lambda: QCoreApplication.translate("Pages", "Documents"),
        icon=QStyle.StandardPixmap.SP_FileDialogDetailedView,
        factory=ReportsPage,
        order=70,
        shortcut="Ctrl+0",
    )
)
