"""方案比较: two compensation policies over one project's households (政策融合衔接, 资金匹配) —
the funding each needs against 到位资金 and the gap, how many households are better or worse off
and by how much, the distribution of the difference as a chart, and a table of every household
(double-click opens it). Export to Excel and a printable summary (both logged).

The comparison runs off the GUI thread (services.policy_compare.compare).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, cast

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from domain.errors import UserError, text
from domain.policy_comparison import Comparison
from services import policies, policy_compare, ui_support
from ui import errors
from ui.chart_axes import count_axis
from ui.context import AppContext
from ui.forms import error_label, set_error
from ui.registry import PageSpec, register_page
from ui.widgets import AddressDelegate, ReloadOnChange, WholeHeaders

GREEN, RED = QColor("#188038"), QColor("#d93025")


SORT_ROLE = Qt.ItemDataRole.UserRole + 1


class NumberItem(QTableWidgetItem):
    """A cell that sorts by its amount in fen (a missing one first), not by its text."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.data(SORT_ROLE), other.data(SORT_ROLE)
        if mine is None or theirs is None:
            return mine is None and theirs is not None
        return bool(mine < theirs)


def yuan(fen: int | None) -> str:
    return "—" if fen is None else f"{fen / 100:,.2f}"


def wan(fen: int) -> str:
    return f"{fen / 1_000_000:,.1f}"


class PolicyComparisonPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("policyComparisonPage")
        self.ctx = ctx
        self.result: Comparison | None = None

        self.project = QComboBox(self)
        self.project.setObjectName("compareProject")
        self.project.setMinimumContentsLength(16)
        self.project.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.project.currentIndexChanged.connect(self._project_changed)
        self.policy_a = QComboBox(self)
        self.policy_a.setObjectName("comparePolicyA")
        self.policy_b = QComboBox(self)
        self.policy_b.setObjectName("comparePolicyB")
        for combo in (self.policy_a, self.policy_b):
            combo.setMinimumContentsLength(18)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
        self.option = QComboBox(self)
        self.option.setObjectName("compareOption")
        self.option.addItem(self.tr("Each household's option"), None)
        self.option.addItem(self.tr("Money"), "money")
        self.option.addItem(self.tr("House ticket"), "ticket")
        self.option.addItem(self.tr("Property exchange"), "exchange")
        self.sign_on = QDateEdit(self)
        self.sign_on.setObjectName("compareSignOn")
        self.sign_on.setCalendarPopup(True)
        self.sign_on.setDisplayFormat("yyyy-MM-dd")
        self.sign_on.setDate(QDate.currentDate())
        self.compare_button = QPushButton(self.tr("Compare"), self)
        self.compare_button.setObjectName("compareButton")
        self.compare_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
        self.compare_button.clicked.connect(self.compare)
        self.xlsx_button = QPushButton(self.tr("Excel…"), self)
        self.xlsx_button.setObjectName("compareXlsx")
        self.xlsx_button.clicked.connect(self.export_xlsx)
        self.pdf_button = QPushButton(self.tr("Printable summary…"), self)
        self.pdf_button.setObjectName("comparePdf")
        self.pdf_button.clicked.connect(self.export_pdf)

        choose = QGridLayout()
        choose.addWidget(QLabel(self.tr("Project"), self), 0, 0)
        choose.addWidget(self.project, 0, 1)
        choose.addWidget(QLabel(self.tr("Option"), self), 0, 2)
        choose.addWidget(self.option, 0, 3)
        choose.addWidget(QLabel(self.tr("Signing date"), self), 0, 4)
        choose.addWidget(self.sign_on, 0, 5)
        # each policy on a row of its own: its long name whole on a 1366-pixel screen
        choose.addWidget(QLabel(self.tr("Policy A (in force)"), self), 1, 0)
        choose.addWidget(self.policy_a, 1, 1, 1, 5)
        choose.addWidget(QLabel(self.tr("Policy B (considered)"), self), 2, 0)
        choose.addWidget(self.policy_b, 2, 1, 1, 5)
        choose.setColumnStretch(1, 1)
        choose.setColumnStretch(3, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.compare_button)
        buttons.addStretch(1)
        buttons.addWidget(self.xlsx_button)
        buttons.addWidget(self.pdf_button)

        self.error = error_label(self)
        self.summary = QLabel(self)
        self.summary.setObjectName("compareSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # until the first comparison the table and chart are empty: say how to fill them
        self.summary.setText(
            self.tr("Choose the project and the two policies, then press Compare.")
        )

        self.table = QTableWidget(0, 6, self)
        self.table.setObjectName("compareTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Household"),
                self.tr("Address"),
                self.tr("Option"),
                self.tr("Policy A (yuan)"),
                self.tr("Policy B (yuan)"),
                self.tr("B − A (yuan)"),
            ]
        )
        WholeHeaders(self.table.horizontalHeader())  # no "Policy A (yu…" in English
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemActivated.connect(self._open)
        self.table.setItemDelegateForColumn(1, AddressDelegate(self.table))  # its unit and room
        self.chart_view = QChartView(QChart(), self)
        self.chart_view.setObjectName("compareChart")
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumWidth(340)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.chart_view)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([700, 420])
        splitter.setChildrenCollapsible(False)
        self.status = QLabel(self)
        self.status.setObjectName("compareStatus")
        hint = QLabel(
            self.tr(
                "Double-click a household or press Enter to open it. %1 Households lacking an "
                "input under either policy are listed but counted in neither total."
            ).replace(
                "%1", text("est_disclaimer") + self.tr(".", "the end of the disclaimer sentence")
            ),
            self,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #5f6368;")

        layout = QVBoxLayout(self)
        layout.addLayout(choose)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addWidget(hint)
        layout.addWidget(self.status)
        self._set_exports(False)
        self.reloader = ReloadOnChange(self, ctx.bus, self._load_projects, ("project", "policy"))
        self._load_projects()

    def activated(self) -> None:
        self.reloader.activated()

    def _set_exports(self, enabled: bool) -> None:
        self.xlsx_button.setEnabled(enabled)
        self.pdf_button.setEnabled(enabled)

    # choices ----------------------------------------------------------------------------------
    def _load_projects(self) -> None:
        ws = self.ctx.ws
        self.ctx.tasks.run(lambda: ui_support.list_projects(ws), self._show_projects)

    def _show_projects(self, rows: list[dict[str, Any]]) -> None:
        keep = self.project.currentData()
        self.project.blockSignals(True)
        self.project.clear()
        for row in rows:
            self.project.addItem(f"{row.get('code') or ''} {row.get('name') or ''}", row["id"])
        index = self.project.findData(keep)
        self.project.setCurrentIndex(max(index, 0))
        self.project.blockSignals(False)
        self._project_changed()

    def select_project(self, project_id: str) -> None:
        index = self.project.findData(project_id)
        if index >= 0:
            self.project.setCurrentIndex(index)

    def _project_changed(self, _index: int = 0) -> None:
        project = self.project.currentData()
        if not project:
            return
        ws = self.ctx.ws
        self.ctx.tasks.run(
            lambda: policies.list_policies(ws, project), self._show_policies, key="compare-list"
        )

    def _show_policies(self, rows: list[policies.PolicyRow]) -> None:
        for combo in (self.policy_a, self.policy_b):
            combo.clear()
            for row in rows:
                where = row.project_name or self.tr("district template")
                combo.addItem(f"{row.label} · {where}", row.id)
        in_force = [i for i, r in enumerate(rows) if r.project_id and r.status == "in_force"]
        a = in_force[-1] if in_force else 0
        self.policy_a.setCurrentIndex(a)
        a_name = rows[a].name if rows else ""
        other = [i for i, r in enumerate(rows) if i != a and r.name != a_name]
        self.policy_b.setCurrentIndex(other[0] if other else min(1, len(rows) - 1))

    # comparing --------------------------------------------------------------------------------
    def compare(self) -> None:
        project = self.project.currentData()
        a, b = self.policy_a.currentData(), self.policy_b.currentData()
        if not (project and a and b):
            return
        ws, option = self.ctx.ws, self.option.currentData()
        day = cast(dt.date, self.sign_on.date().toPython())
        set_error(self.error, "")
        self.compare_button.setEnabled(False)

        def failed(exc: BaseException) -> None:
            self.compare_button.setEnabled(True)
            if isinstance(exc, UserError):
                set_error(self.error, str(exc))
            else:
                errors.show_error(self, exc)

        self.ctx.tasks.run(
            lambda: policy_compare.compare(ws, project, a, b, option=option, sign_on=day),
            self.show_result,
            failed,
            parent=self,
            label=self.tr("Comparing the policies…"),
            key="compare-run",
        )

    def show_result(self, result: Comparison) -> None:
        self.compare_button.setEnabled(True)
        self.result = result
        self._set_exports(True)
        self.summary.setText(
            self.tr(
                "<b>Funding needed</b>: A %1, B %2 (10k yuan) · secured %3 · gap A %4, B %5<br>"
                "<b>Better off under B</b>: %6 households, +%7 · <b>worse off</b>: %8 "
                "households, %9 · unchanged %10 · lacking inputs %11"
            )
            .replace("%10", str(result.same))
            .replace("%11", str(result.incomplete))
            .replace("%1", wan(result.total_a_fen))
            .replace("%2", wan(result.total_b_fen))
            .replace("%3", wan(result.funding_secured_fen))
            .replace("%4", wan(result.gap_a_fen))
            .replace("%5", wan(result.gap_b_fen))
            .replace("%6", str(len(result.better)))
            .replace("%7", wan(result.better_fen))
            .replace("%8", str(len(result.worse)))
            .replace("%9", wan(result.worse_fen))
        )
        table = self.table
        table.setSortingEnabled(False)
        table.setRowCount(len(result.rows))
        names = {"money": self.tr("Money"), "ticket": self.tr("House ticket")}
        names["exchange"] = self.tr("Property exchange")
        for r, row in enumerate(result.rows):
            values: list[Any] = [
                row.head_name,
                row.address,
                names[row.option],
                row.a_fen,
                row.b_fen,
                row.difference_fen,
            ]
            for c, value in enumerate(values):
                item = NumberItem() if c >= 3 else QTableWidgetItem()
                if c >= 3:
                    item.setText(yuan(value))
                    item.setData(SORT_ROLE, value)
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                    if c == 5 and value:
                        item.setForeground(GREEN if value > 0 else RED)
                else:
                    item.setText(str(value))
                item.setData(Qt.ItemDataRole.UserRole, row.household_id)
                if not row.complete:
                    item.setToolTip(self.tr("Lacks an input for an estimate"))
                table.setItem(r, c, item)
        table.setSortingEnabled(True)
        table.resizeColumnToContents(0)
        self._chart(result)

    def _chart(self, result: Comparison) -> None:
        chart = QChart()
        chart.setTitle(self.tr("Households by difference B − A (yuan)"))
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.legend().hide()
        bar = QBarSet(self.tr("Households"))
        bar.setColor(QColor("#1a73e8"))
        bar.append([float(band.count) for band in result.bands])
        # Horizontal bars: the band labels ("-10万 ~ -5万") stay readable on the left axis.
        series = QHorizontalBarSeries()
        series.append(bar)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsOutsideEnd)
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append([band.label for band in result.bands])
        chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(categories)
        values = QValueAxis()
        count_axis(values, max([band.count for band in result.bands] + [1]) * 1.2)
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(values)
        old = self.chart_view.chart()
        self.chart_view.setChart(chart)
        old.deleteLater()

    def _open(self, item: QTableWidgetItem) -> None:
        self.ctx.bus.open_household.emit(str(item.data(Qt.ItemDataRole.UserRole)))

    # exports ----------------------------------------------------------------------------------
    def _ask(self, title: str, name: str, filter_text: str) -> Path | None:
        folder = Path(str(self.ctx.state.value("reports/folder") or Path.home()))
        chosen, _f = QFileDialog.getSaveFileName(self, title, str(folder / name), filter_text)
        return Path(chosen) if chosen else None

    def _file_name(self, suffix: str) -> str:
        result = self.result
        project = result.project_name if result else ""
        return f"补偿方案比较 {project} {dt.date.today().isoformat()}{suffix}"

    def export_xlsx(self, path: Path | None = None) -> None:
        if self.result is None:
            return
        path = path or self._ask(
            self.tr("Export the comparison"), self._file_name(".xlsx"), "Excel (*.xlsx)"
        )
        if path is None:
            return
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        ws, result = self.ctx.ws, self.result
        self._run_export(lambda: policy_compare.export_xlsx(ws, result, path))

    def export_pdf(self, path: Path | None = None) -> None:
        if self.result is None:
            return
        path = path or self._ask(
            self.tr("Save the printable summary"),
            self._file_name(".pdf"),
            self.tr("PDF files (*.pdf)"),
        )
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        ws, result = self.ctx.ws, self.result
        self._run_export(lambda: policy_compare.write_summary(ws, result, path))

    def _run_export(self, job: Any) -> None:
        self.ctx.tasks.run(
            job,
            lambda out: self.status.setText(self.tr("Saved %1").replace("%1", str(out))),
            lambda exc: errors.show_error(self, exc),
            parent=self,
            label=self.tr("Writing…"),
        )


register_page(
    PageSpec(
        key="policy_comparison",
        title=lambda: QCoreApplication.translate("Pages", "Policy comparison"),
        icon=QStyle.StandardPixmap.SP_FileDialogContentsView,
        factory=PolicyComparisonPage,
        order=37,
    )
)
