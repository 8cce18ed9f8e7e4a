"""Importing a household list from the district's Excel sheet: map its columns to household
fields (remembered per header layout), see every row's problems by the row number Excel shows
(a dry run: nothing is written), then import the rows without problems in one step.

The work — reading the workbook, checking rows, writing — runs off the GUI thread
(services.xlsx_import). A file that is not a readable .xlsx is refused in one sentence and the
dialog closes with nothing changed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from domain.errors import UserError
from domain.privacy import mask_id_number, mask_phone
from services import ui_support, xlsx_import
from services.xlsx_import import ColumnMap, ImportPlan, ImportResult, Sheet
from ui import errors, i18n
from ui.context import AppContext
from ui.formatting import OVERDUE_BG, OVERDUE_FG
from ui.tasks import Progress

Index = QModelIndex | QPersistentModelIndex
EXAMPLES = 3
CHECK_DELAY_MS = 300
BY_CODE = "*"  # the project choice "each row's 项目编号" (a workbook of several projects)


class ProblemModel(QAbstractTableModel):
    """Rows of the dry run that have problems: one line per problem."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines: list[tuple[int, str, str, bool]] = []

    def set_plan(self, plan: ImportPlan | None) -> None:
        self.beginResetModel()
        self.lines = (
            []
            if plan is None
            else [
                (r.row, r.label, problem, r.duplicate)
                for r in plan.problem_rows
                for problem in r.problems
            ]
            + [
                (r.row, r.sheet, problem, False)
                for r in plan.linked_problems
                for problem in r.problems
            ]
        )
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            QCoreApplication.translate("XlsxImportDialog", "Row"),
            QCoreApplication.translate("XlsxImportDialog", "Household"),
            QCoreApplication.translate("XlsxImportDialog", "Problem"),
        )[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, label, problem, duplicate = self.lines[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            # alone in its column a problem starts with a capital ("No address …")
            return (str(row), label, i18n.heading(problem))[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and not duplicate:
            return OVERDUE_BG
        if role == Qt.ItemDataRole.ForegroundRole and not duplicate:
            return OVERDUE_FG
        return None


class XlsxImportDialog(QDialog):
    def __init__(
        self,
        ctx: AppContext,
        path: Path,
        *,
        project_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("xlsxImportDialog")
        self.setWindowTitle(self.tr("Import households from Excel"))
        self.ctx = ctx
        self.path = Path(path)
        self.sheet: Sheet | None = None
        self.plan: ImportPlan | None = None
        self.imported: ImportResult | None = None
        self._mapping_combos: list[QComboBox] = []

        self.file_label = QLabel(self.path.name, self)
        self.file_label.setObjectName("importFile")
        self.file_label.setStyleSheet("font-weight: bold;")
        self.sheet_choice = QComboBox(self)
        self.sheet_choice.setObjectName("importSheet")
        self.header_note = QLabel(self)
        self.header_note.setObjectName("importHeaderNote")
        self.header_note.setStyleSheet("color: #5f6368;")
        self.project = QComboBox(self)
        self.project.setObjectName("importProject")
        self._wanted_project = project_id
        top = QFormLayout()
        top.addRow(self.tr("File"), self.file_label)
        top.addRow(self.tr("Sheet"), self.sheet_choice)
        top.addRow(self.tr("Into project"), self.project)
        top.addRow(self.header_note)

        self.mapping = QTableWidget(0, 3, self)
        self.mapping.setObjectName("importMapping")
        self.mapping.setHorizontalHeaderLabels(
            [self.tr("Column in the sheet"), self.tr("Examples"), self.tr("Import as")]
        )
        self.mapping.verticalHeader().hide()
        self.mapping.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mapping.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.mapping.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.mapping_note = QLabel(self)
        self.mapping_note.setObjectName("importMappingNote")
        self.mapping_note.setStyleSheet("color: #5f6368;")

        self.problems = ProblemModel(self)
        self.problem_view = QTableView(self)
        self.problem_view.setObjectName("importProblems")
        self.problem_view.setModel(self.problems)
        self.problem_view.verticalHeader().hide()
        self.problem_view.setWordWrap(False)
        self.problem_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.problem_view.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel(self)
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)

        mapping_box = QWidget(self)
        mapping_layout = QVBoxLayout(mapping_box)
        mapping_layout.setContentsMargins(0, 0, 0, 0)
        mapping_layout.addWidget(QLabel(self.tr("1. Which column holds what"), self))
        mapping_layout.addWidget(self.mapping, 1)
        mapping_layout.addWidget(self.mapping_note)
        problems_box = QWidget(self)
        problems_layout = QVBoxLayout(problems_box)
        problems_layout.setContentsMargins(0, 0, 0, 0)
        problems_layout.addWidget(
            QLabel(self.tr("2. Rows with problems (they are not imported)"), self)
        )
        problems_layout.addWidget(self.problem_view, 1)
        problems_layout.addWidget(self.summary)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(mapping_box)
        split.addWidget(problems_box)
        split.setSizes([300, 260])

        self.buttons = QDialogButtonBox(self)
        self.import_button = QPushButton(self.tr("Import"), self)
        self.import_button.setObjectName("importConfirm")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.confirm)
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.buttons)
        self.resize(860, 680)

        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.check)
        self.project.currentIndexChanged.connect(self._changed)
        self.sheet_choice.currentIndexChanged.connect(self._sheet_chosen)
        self._load_projects()
        self._read(None)

    # loading ----------------------------------------------------------------------------------
    def _load_projects(self) -> None:
        ws = self.ctx.ws
        self.ctx.tasks.run(lambda: ui_support.list_projects(ws), self._projects_loaded)

    def _projects_loaded(self, projects: list[dict[str, Any]]) -> None:
        self.project.blockSignals(True)
        self.project.clear()
        for p in projects:
            self.project.addItem(i18n.bracketed(p["name"], p["code"]), str(p["id"]))
        self.project.addItem(self.tr("Each row's own project code"), BY_CODE)
        index = self.project.findData(self._wanted_project) if self._wanted_project else -1
        self.project.setCurrentIndex(max(index, 0))
        self._prefer_row_projects()
        self.project.blockSignals(False)
        self._changed()

    def _prefer_row_projects(self) -> None:
        """This program's own export (several projects, linked sheets): each row's project."""
        if self.sheet is not None and self.sheet.linked and not self._wanted_project:
            self.project.setCurrentIndex(max(self.project.findData(BY_CODE), 0))

    def _read(self, sheet_name: str | None) -> None:
        path = self.path
        self.summary.setText(self.tr("Reading the workbook…"))
        self.ctx.tasks.run(
            lambda: xlsx_import.read_sheet(path, sheet=sheet_name),
            self._sheet_read,
            self._read_failed,
            parent=self,
            label=self.tr("Reading the workbook…"),
            key=f"xlsx-read-{id(self)}",
        )

    def _read_failed(self, exc: BaseException) -> None:
        errors.show_error(self.parentWidget() or self, exc)
        self.reject()

    def _sheet_read(self, sheet: Sheet) -> None:
        self.sheet = sheet
        self.sheet_choice.blockSignals(True)
        self.sheet_choice.clear()
        self.sheet_choice.addItems(list(sheet.sheet_names))
        self.sheet_choice.setCurrentText(sheet.sheet_name)
        self.sheet_choice.setEnabled(len(sheet.sheet_names) > 1)
        self.sheet_choice.blockSignals(False)
        text = self.tr("Header on row %1; %2 row(s) of data under it.")
        self.header_note.setText(
            text.replace("%1", str(sheet.header_row)).replace("%2", str(len(sheet.rows)))
        )
        mapping, source = xlsx_import.mapping_for(sheet, data_dir=self.ctx.data_dir)
        self.mapping_note.setText(
            {
                "saved": self.tr("As you mapped this layout last time."),
                "suggested": self.tr("Suggested from the column headers; check each one."),
            }.get(source, "")
        )
        self._fill_mapping(sheet, mapping)
        self.project.blockSignals(True)
        self._prefer_row_projects()
        self.project.blockSignals(False)
        self._changed()

    def _sheet_chosen(self) -> None:
        name = self.sheet_choice.currentText()
        if self.sheet is not None and name and name != self.sheet.sheet_name:
            self._read(name)

    def _fill_mapping(self, sheet: Sheet, mapping: ColumnMap) -> None:
        self.mapping.setRowCount(len(sheet.headers))
        self._mapping_combos = []
        choices = [(f.name, i18n.pick(f.zh, i18n.heading(f.en))) for f in xlsx_import.IMPORTABLE]
        for i, header in enumerate(sheet.headers):
            self.mapping.setItem(i, 0, QTableWidgetItem(header))
            examples = [
                _cell_text(cells[i])
                for _n, cells in sheet.rows[: EXAMPLES * 3]
                if i < len(cells) and cells[i] not in (None, "")
            ][:EXAMPLES]
            self.mapping.setItem(i, 1, QTableWidgetItem(i18n.joined(examples)))
            combo = QComboBox(self.mapping)
            combo.setObjectName(f"mapColumn{i}")
            combo.addItem(self.tr("— not imported —"), None)
            for code, text in choices:
                combo.addItem(text, code)
            combo.setCurrentIndex(max(combo.findData(mapping.get(i)), 0))
            combo.currentIndexChanged.connect(self._changed)
            self.mapping.setCellWidget(i, 2, combo)
            self._mapping_combos.append(combo)

    # checking ---------------------------------------------------------------------------------
    def current_mapping(self) -> ColumnMap:
        return {
            i: str(combo.currentData())
            for i, combo in enumerate(self._mapping_combos)
            if combo.currentData()
        }

    def set_mapping(self, mapping: ColumnMap) -> None:
        """Choose fields for columns (used by tests and by people alike)."""
        for i, combo in enumerate(self._mapping_combos):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(mapping.get(i)), 0))
            combo.blockSignals(False)
        self._changed()

    def _changed(self) -> None:
        self.plan = None
        self.problems.set_plan(None)
        self.import_button.setEnabled(False)
        if self.sheet is not None and self.project.currentData():
            self._check_timer.start()

    def check(self) -> None:
        """The dry run: every row checked, nothing written."""
        self._check_timer.stop()
        sheet, project = self.sheet, self.project.currentData()
        if sheet is None or not project:
            return
        mapping = self.current_mapping()
        ws = self.ctx.ws
        self.summary.setStyleSheet("")
        self.summary.setText(self.tr("Checking the rows…"))

        def run(progress: Progress) -> ImportPlan:
            def step(done: int, total: int) -> bool:
                progress.update(done, total)
                return not progress.cancelled

            target = None if project == BY_CODE else str(project)
            return xlsx_import.dry_run(ws, sheet, mapping, target, progress=step)

        self.ctx.tasks.run(
            run,
            self._checked,
            self._check_failed,
            parent=self,
            label=self.tr("Checking the rows…"),
            key=f"xlsx-check-{id(self)}",
            with_progress=True,
            cancellable=True,
        )

    def _check_failed(self, exc: BaseException) -> None:
        # An incomplete mapping is what a person is still working on: say it here, no box.
        self.summary.setStyleSheet("color: #b3261e;")
        self.summary.setText(errors.message_for(exc))
        if not isinstance(exc, UserError):
            errors.show_error(self, exc)

    def _checked(self, plan: ImportPlan) -> None:
        if plan.cancelled:
            self.summary.setText(self.tr("Checking was stopped."))
            return
        self.plan = plan
        self.problems.set_plan(plan)
        self.problem_view.resizeColumnToContents(0)
        self.problem_view.resizeColumnToContents(1)
        ok, bad = len(plan.ok_rows), len(plan.problem_rows)
        text = self.tr(
            "%1 row(s): %2 can be imported, %3 have problems (%4 duplicates). Nothing is"
            " written until you press Import."
        )
        for key, value in (
            ("%1", len(plan.rows)),
            ("%2", ok),
            ("%3", bad),
            ("%4", plan.duplicates),
        ):
            text = text.replace(key, str(value))
        self.summary.setStyleSheet("color: #188038;" if not bad else "")
        self.summary.setText(text)
        self.import_button.setText(self.tr("Import %1 household(s)").replace("%1", str(ok)))
        self.import_button.setEnabled(ok > 0)

    # importing ----------------------------------------------------------------------------------
    def confirm(self) -> None:
        sheet, plan = self.sheet, self.plan
        if sheet is None or plan is None or not plan.ok_rows:
            return
        mapping = dict(plan.mapping)
        project = plan.project_id
        ws, data_dir = self.ctx.ws, self.ctx.data_dir
        self.import_button.setEnabled(False)

        def run() -> ImportResult:
            result = xlsx_import.import_households(ws, sheet, mapping, project)
            xlsx_import.save_mapping(sheet, mapping, data_dir)
            return result

        self.ctx.tasks.run(
            run,
            self._imported,
            self._import_failed,
            parent=self,
            label=self.tr("Importing…"),
        )

    def _import_failed(self, exc: BaseException) -> None:
        self.import_button.setEnabled(self.plan is not None and bool(self.plan.ok_rows))
        errors.show_error(self, exc)

    def _imported(self, result: ImportResult) -> None:
        self.imported = result
        self.ctx.notify("household", "")
        text = self.tr("Imported %1 household(s); %2 row(s) with problems were skipped.")
        text = text.replace("%1", str(result.imported)).replace("%2", str(result.skipped))
        if result.records:
            counts = i18n.listed(
                [f"{i18n.entity_words(entity)} {count}" for entity, count in result.records.items()]
            )
            text += "\n" + self.tr("Also imported: %1.").replace("%1", counts)
        box = QMessageBox(self.parentWidget() or self)
        box.setObjectName("importDone")
        box.setWindowTitle(self.windowTitle())
        box.setIcon(QMessageBox.Icon.Information)
        box.setText(text)
        box.open()
        self.accept()


_ID_LIKE = re.compile(r"[0-9]{17}[0-9Xx]")
_PHONE_LIKE = re.compile(r"1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}")


def _cell_text(value: Any) -> str:
    """An example cell as shown: ID and phone numbers masked, as on every screen (PIPL)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if _ID_LIKE.fullmatch(text):
        text = mask_id_number(text)
    elif _PHONE_LIKE.fullmatch(text):
        text = mask_phone(text)
    return text if len(text) <= 24 else text[:23] + "…"
