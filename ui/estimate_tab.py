"""The household page's 补偿测算 tab: the three options side by side under a policy (the
project's policy in force by default), each line's amount with its formula written out, totals
in figures and capital numerals, the exchange difference, what is missing (one sentence each),
and the actions: set 补偿金额 from an option's total, save the estimate sheet as PDF, print it.

Everything is computed by services.estimates off the GUI thread; saving and printing are logged
(services.estimate_sheet records the policy version with the event). The sheet for the printer
is built in memory and printed from a QBuffer: no plaintext copy in a temp folder.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QBuffer, QByteArray, QDate, QIODevice, QRectF, QSizeF, Qt, QTimer
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QResizeEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from domain import compensation as comp
from domain.errors import UserError, text
from services import documents, estimate_sheet, estimates, policies
from services.estimates import HouseholdEstimate
from ui import errors, i18n
from ui.context import AppContext
from ui.forms import error_label, set_error

PRINT_DPI = 300


def yuan(fen: int | None) -> str:
    return "—" if fen is None else comp.yuan_text(fen).replace(comp.NBSP, ",")


class EstimateTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("estimateTab")
        self.ctx = ctx
        self.household_id = ""
        self.project_id = ""
        self.found: HouseholdEstimate | None = None
        self._filling = False

        self.policy_combo = QComboBox(self)
        self.policy_combo.setObjectName("estimatePolicy")
        self.policy_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.policy_combo.currentIndexChanged.connect(self._policy_changed)
        self.sign_on = QDateEdit(self)
        self.sign_on.setObjectName("estimateSignOn")
        self.sign_on.setCalendarPopup(True)
        self.sign_on.setDisplayFormat("yyyy-MM-dd")
        self.sign_on.setDate(QDate.currentDate())
        self.sign_on.setToolTip(
            self.tr("The signing date the date tiers look at (the household's own when signed)")
        )
        self.sign_on.dateChanged.connect(lambda _d: self.reload())
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Policy:"), self))
        top.addWidget(self.policy_combo, 1)
        top.addWidget(QLabel(self.tr("Supposed signing date:"), self))
        top.addWidget(self.sign_on)

        self.inputs = QLabel(self)
        self.inputs.setObjectName("estimateInputs")
        self.inputs.setWordWrap(True)
        self.missing = error_label(self)
        self.missing.setObjectName("estimateMissing")
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("estimateTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(0, 130)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        # Wrapped cells need their height again whenever the columns change width.
        header.sectionResized.connect(lambda *_: self._fit_rows.start())
        self._fit_rows: QTimer = QTimer(self)
        self._fit_rows.setSingleShot(True)
        self._fit_rows.setInterval(0)
        self._fit_rows.timeout.connect(self.table.resizeRowsToContents)
        self.note = QLabel(self)
        self.note.setObjectName("estimateNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #5f6368;")

        self.option_combo = QComboBox(self)
        self.option_combo.setObjectName("applyOption")
        for code in comp.OPTIONS:
            self.option_combo.addItem(self._option_name(code), code)
        self.apply_button = QPushButton(self.tr("Set compensation amount"), self)
        self.apply_button.setObjectName("applyEstimate")
        self.apply_button.setToolTip(
            self.tr("Set the household's compensation amount to this option's total (recorded)")
        )
        self.apply_button.clicked.connect(self.apply_option)
        self.option_combo.currentIndexChanged.connect(lambda _i: self._update_apply())
        self.save_button = QPushButton(self.tr("Save PDF…"), self)
        self.save_button.setObjectName("saveEstimate")
        self.save_button.clicked.connect(self.save_pdf)
        self.print_button = QPushButton(self.tr("Print…"), self)
        self.print_button.setObjectName("printEstimate")
        self.print_button.clicked.connect(self.print_sheet)
        self.status = QLabel(self)
        self.status.setObjectName("estimateStatus")
        self.status.setWordWrap(True)
        actions = QHBoxLayout()
        actions.addWidget(self.option_combo)
        actions.addWidget(self.apply_button)
        actions.addStretch(1)
        actions.addWidget(self.save_button)
        actions.addWidget(self.print_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.inputs)
        layout.addWidget(self.missing)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        self._set_actions(False)

    def _option_name(self, code: str) -> str:
        return {
            "money": self.tr("Money"),
            "ticket": self.tr("House ticket"),
            "exchange": self.tr("Property exchange"),
        }[code]

    def _set_actions(self, enabled: bool) -> None:
        for widget in (self.apply_button, self.save_button, self.print_button):
            widget.setEnabled(enabled)

    # loading --------------------------------------------------------------------------------
    def show_household(self, household_id: str, project_id: str = "") -> None:
        if household_id != self.household_id:
            self.status.setText("")
        self.household_id = household_id
        self.project_id = project_id
        self.reload(keep_policy=False)

    def _day(self) -> dt.date:
        return cast(dt.date, self.sign_on.date().toPython())

    def reload(self, *, keep_policy: bool = True) -> None:
        if not self.household_id or self._filling:
            return
        ws, hid, day = self.ctx.ws, self.household_id, self._day()
        chosen = self.policy_combo.currentData() if keep_policy else None
        language = i18n.lang()

        def load() -> dict[str, Any]:
            project = self.project_id or ws.get("household", hid)["project_id"]
            listed = policies.list_policies(ws, project)
            refusal: UserError | None
            try:
                default = policies.policy_for_project(ws, project).id
            except UserError as exc:
                default, refusal = None, exc
            else:
                refusal = None
            policy = chosen or default
            if policy is None:
                return {"listed": listed, "policy": None, "found": None, "refusal": refusal}
            found = estimates.estimate_household(
                ws, hid, policy_id=policy, sign_on=day, language=language
            )
            return {"listed": listed, "policy": policy, "found": found, "refusal": None}

        self.ctx.tasks.run(load, self._show, self._failed, key=f"estimate-{id(self)}")

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            set_error(self.missing, str(exc))
            self._set_actions(False)
            return
        raise exc

    def _show(self, data: dict[str, Any]) -> None:
        self._filling = True
        try:
            self.policy_combo.clear()
            for row in data["listed"]:
                suffix = "" if row.project_id else self.tr(" (district template)")
                self.policy_combo.addItem(f"{row.label}{suffix}", row.id)
            if data["policy"]:
                self.policy_combo.setCurrentIndex(self.policy_combo.findData(data["policy"]))
        finally:
            self._filling = False
        found: HouseholdEstimate | None = data["found"]
        self.found = found
        if found is None:
            refusal = data["refusal"]
            set_error(self.missing, str(refusal) if refusal else "")
            self.inputs.setText("")
            self.table.setRowCount(0)
            self.note.setText("")
            self._set_actions(False)
            return
        set_error(self.missing, "\n".join(found.missing_sentences()))
        self.inputs.setText(self._inputs_text(found))
        self._fill_table(found)
        self.note.setText(
            self.tr("Policy: %1 (version %2). Signing date: %3. %4 %5")
            .replace("%1", found.policy_name)
            .replace("%2", str(found.policy_version))
            .replace("%3", found.inputs.sign_on.isoformat())
            .replace("%4", comp.ROUNDING_NOTE_ZH if i18n.lang() == "zh" else comp.ROUNDING_NOTE_EN)
            .replace("%5", text("est_disclaimer"))
        )
        self._set_actions(True)
        if found.chosen_option:
            self.option_combo.setCurrentIndex(self.option_combo.findData(found.chosen_option))
        self._update_apply()

    def _inputs_text(self, found: HouseholdEstimate) -> str:
        """What the estimate rests on: area (measured or registered), use, valuation, flat."""
        i = found.inputs
        zh = i18n.lang() == "zh"
        shown = []
        if i.area_m2 is not None:
            source = {"measured": self.tr("measured"), "registered": self.tr("registered")}
            shown.append(
                self.tr("%1 m² (%2)")
                .replace("%1", comp.decimal_text(i.area_m2))
                .replace("%2", source.get(found.area_source, ""))
            )
        if i.use:
            shown.append(comp.USE_NAMES[i.use][0 if zh else 1])
        if i.assessed_price is not None:
            shown.append(self.tr("%1 yuan/m²").replace("%1", comp.decimal_text(i.assessed_price)))
        if i.assessed_value is not None:
            shown.append(
                self.tr("assessed value %1 yuan").replace("%1", comp.decimal_text(i.assessed_value))
            )
        if i.grade:
            shown.append(comp.GRADE_NAMES[i.grade][0 if zh else 1])
        if found.flat_label:
            shown.append(found.flat_label)
        return " · ".join(shown).replace(comp.NBSP, " ")

    def _update_apply(self) -> None:
        """Only a complete option's total can become the compensation amount."""
        found = self.found
        code = self.option_combo.currentData()
        complete = found is not None and found.options[str(code)].total_fen is not None
        self.apply_button.setEnabled(complete)
        self.apply_button.setToolTip(
            self.tr("Set the household's compensation amount to this option's total (recorded)")
            if complete
            else text("est_incomplete")
        )

    def _fill_table(self, found: HouseholdEstimate) -> None:
        options = [found.options[code] for code in comp.OPTIONS]
        headers = [self.tr("Item")] + [
            self._option_name(o.option)
            + (self.tr(" (chosen)") if o.option == found.chosen_option else "")
            for o in options
        ]
        self.table.setHorizontalHeaderLabels(headers)
        names: dict[str, str] = {}
        for option in options:
            for each in option.lines:
                names.setdefault(each.key, each.name)
        rows: list[list[str]] = []
        for key, name in names.items():
            row = [name]
            for option in options:
                line = next((x for x in option.lines if x.key == key), None)
                row.append(
                    self.tr("not applicable")
                    if line is None
                    else f"{yuan(line.fen)}\n{line.formula.replace(comp.NBSP, ' ')}"
                )
            rows.append(row)
        rows.append([self.tr("Total (yuan)")] + [yuan(o.total_fen) for o in options])
        rows.append(
            [self.tr("In capitals")]
            + ["—" if o.total_fen is None else estimates.capital(o.total_fen) for o in options]
        )
        exchange = found.options["exchange"]
        if exchange.difference_fen is not None:
            flat = (
                f"{yuan(exchange.flat_value_fen)}\n"
                f"{exchange.flat_formula.replace(comp.NBSP, ' ')}\n"
                + self.tr("Difference: %1").replace("%1", yuan(exchange.difference_fen))
            )
            rows.append([self.tr("Flat value / difference"), "", "", flat])
        self.table.setRowCount(len(rows))
        bold_from = len(names)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                item = QTableWidgetItem(value)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
                if r >= bold_from:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(r, c, item)
        self._fit_rows.start()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_rows.start()

    def _policy_changed(self, _index: int) -> None:
        if not self._filling:
            self.reload()

    # actions ----------------------------------------------------------------------------------
    def apply_option(self) -> None:
        if self.found is None:
            return
        ws, hid = self.ctx.ws, self.household_id
        code = str(self.option_combo.currentData())
        policy, day = self.found.policy_id, self._day()

        def done(amount: Decimal) -> None:
            self.status.setText(
                self.tr("Compensation amount set to %1 yuan (%2, policy version %3).")
                .replace("%1", yuan(int(amount * 100)))
                .replace("%2", self._option_name(code))
                .replace("%3", str(self.found.policy_version if self.found else ""))
            )
            self.ctx.notify("household", hid)

        self.ctx.tasks.run(
            lambda: estimates.apply_option(ws, hid, code, policy_id=policy, sign_on=day),
            done,
            lambda exc: errors.show_error(self, exc),
            parent=self,
        )

    def save_pdf(self) -> None:
        if self.found is None:
            return
        folder = Path(str(self.ctx.state.value("reports/folder") or Path.home()))
        suggested = folder / estimate_sheet.default_name(self.found)
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the estimate sheet"), str(suggested), self.tr("PDF files (*.pdf)")
        )
        if chosen:
            self.save_to(Path(chosen))

    def save_to(self, path: Path) -> None:
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        ws, hid = self.ctx.ws, self.household_id
        policy, day = self.found.policy_id if self.found else None, self._day()
        self.ctx.tasks.run(
            lambda: estimate_sheet.write_sheet(ws, hid, path, policy_id=policy, sign_on=day),
            lambda done: self.status.setText(
                self.tr("Saved %1 (%2 page(s)).")
                .replace("%1", str(done.path))
                .replace("%2", str(done.pages))
            ),
            lambda exc: errors.show_error(self, exc),
            parent=self,
            label=self.tr("Writing the estimate sheet…"),
        )

    def print_sheet(self, printer: QPrinter | None = None) -> None:
        """Build the sheet off the GUI thread, then print it (a dialog unless `printer` given)."""
        if self.found is None:
            return
        ws, hid = self.ctx.ws, self.household_id
        policy, day = self.found.policy_id, self._day()
        self.ctx.tasks.run(
            lambda: estimate_sheet.preview_sheet(ws, hid, policy_id=policy, sign_on=day),
            lambda done: self._print_file(done, printer),
            lambda exc: errors.show_error(self, exc),
            parent=self,
            label=self.tr("Writing the estimate sheet…"),
        )

    def _print_file(self, done: documents.Generated, printer: QPrinter | None) -> None:
        # The sheet carries names and addresses: it stays in memory.
        buffer = QBuffer(self)
        buffer.setData(QByteArray(done.content or b""))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        document = QPdfDocument(self)
        document.load(buffer)
        try:
            if printer is None:
                printer = QPrinter(QPrinter.PrinterMode.HighResolution)
                printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
                printer.setPageOrientation(QPageLayout.Orientation.Portrait)
                printer.setDocName(done.title)
                dialog = QPrintDialog(printer, self)
                if dialog.exec() != QPrintDialog.DialogCode.Accepted:
                    return
            printed = print_document(document, printer)
        finally:
            document.close()
            document.deleteLater()
            buffer.close()
            buffer.deleteLater()
        if printed:
            ws = self.ctx.ws
            self.ctx.tasks.run(lambda: documents.record_use(ws, done, "print"), parent=self)
            self.status.setText(
                self.tr("Sent %1 page(s) to the printer.").replace("%1", str(printed))
            )


def print_document(document: QPdfDocument, printer: QPrinter) -> int:
    """Render each page of `document` onto `printer`; returns the pages printed."""
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    printed = 0
    dpi = min(printer.resolution(), PRINT_DPI)
    try:
        target = printer.pageRect(QPrinter.Unit.DevicePixel)
        for index in range(document.pageCount()):
            if printed:
                printer.newPage()
            points = document.pagePointSize(index)
            image = document.render(index, (points * (dpi / 72.0)).toSize())
            fitted = QSizeF(image.size()).scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            x = (target.width() - fitted.width()) / 2
            y = (target.height() - fitted.height()) / 2
            painter.drawImage(
                QRectF(x, y, fitted.width(), fitted.height()), image, QRectF(image.rect())
            )
            printed += 1
    finally:
        painter.end()
    return printed
