"""调度看板: the dispatch figures of a project, a sub-district, a district or everything, for one
ISO week — big numbers a supervisor reads at a glance and four charts (progress by project,
the weekly trend, requests by category with the closure rate, requests by state).

Every number and every bar, point and slice opens the records behind it: the ids come from
services.figures.records_behind with the same scope, week and definition as the figure. The
figures and the records are computed off the GUI thread (ui.tasks)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QHorizontalStackedBarSeries,
    QLineSeries,
    QPieSeries,
    QPieSlice,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, QMargins, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from domain.choices import REQUEST_STATUSES
from services import estimates, figures, requests, ui_support
from services.figures import DispatchFigures, Figures, Scope
from services.requests import RequestFilter
from ui import formatting, i18n, scope_choice
from ui.chart_axes import count_axis
from ui.context import AppContext
from ui.dialogs.records import RecordsDialog, open_records
from ui.registry import PageSpec, register_page
from ui.rows_model import pct_text
from ui.widgets import ReloadOnChange

MAX_PROJECT_BARS = 10
LABEL_CHARS = 14

BLUE, AMBER, GREEN, RED, GREY = "#1a73e8", "#e37400", "#188038", "#d93025", "#5f6368"
STATUS_COLOURS = {"open": "#8ab4f8", "in_progress": BLUE, "escalated": AMBER, "closed": GREEN}


NAME_SUFFIXES = ("房屋征收项目", "征收项目", "项目")


def elide(text: str, limit: int = LABEL_CHARS) -> str:
    """A chart label: a project's name without the suffix every project shares, cut to fit."""
    for suffix in NAME_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            text = text[: -len(suffix)]
            break
    return text if len(text) <= limit else text[: limit - 1] + "…"


def status_as_of(row: dict[str, Any], as_of: dt.date) -> str:
    """A request's status on `as_of`, as services.figures counts requests_by_status."""
    if figures.request_closed(row, as_of):
        return "closed"
    status = str(row.get("status") or "open")
    return "in_progress" if status == "closed" else status


class Tile(QFrame):
    """A big number with its title and a note under it; clicking opens what it counts."""

    clicked = Signal()

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName(f"tile_{key}")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.title = QLabel(self)
        self.title.setObjectName("tileTitle")
        self.value = QLabel("—", self)
        self.value.setObjectName("tileValue")
        self.note = QLabel(self)
        self.note.setObjectName("tileNote")
        for label in (self.title, self.value, self.note):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        # five tiles a row fit a 1366-pixel screen only if long English notes may wrap
        self.title.setWordWrap(True)
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(0)
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        layout.addWidget(self.note)
        self.set_alarm(False)

    def set_alarm(self, alarm: bool, *, note_only: bool = False) -> None:
        """Red for a number that needs action (or only its note, when the number is fine)."""
        colour = RED if alarm and not note_only else "#202124"
        note = RED if alarm and note_only else "#5f6368"
        self.setStyleSheet(
            f"#{self.objectName()} {{ background: white; border: 1px solid #dadce0;"
            " border-radius: 6px; }"
            f" #{self.objectName()}:hover, #{self.objectName()}:focus"
            " { border: 1px solid #1a73e8; background: #f4f8fe; }"
            " #tileTitle { color: #5f6368; font-size: 10pt; }"
            f" #tileValue {{ color: {colour}; font-size: 22pt; font-weight: bold; }}"
            f" #tileNote {{ color: {note}; font-size: 9pt; }}"
        )

    def set_values(self, title: str, value: str, note: str, tooltip: str = "") -> None:
        self.title.setText(title)
        self.value.setText(value)
        self.note.setText(note)
        self.setToolTip(
            tooltip
            or QCoreApplication.translate("Tile", "Click to list the records behind this number.")
        )

    def click(self) -> None:
        self.clicked.emit()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    font = QFont(chart.titleFont())
    font.setPointSize(11)
    font.setBold(True)
    chart.setTitleFont(font)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(6)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    return chart


def _chart_view(name: str, parent: QWidget) -> QChartView:
    view = QChartView(_chart(""), parent)
    view.setObjectName(name)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(300)
    return view


def _clear(chart: QChart) -> None:
    chart.removeAllSeries()
    for axis in chart.axes():
        chart.removeAxis(axis)
        axis.deleteLater()


def _bar_set(label: str, colour: str, values: list[float]) -> QBarSet:
    bar = QBarSet(label)
    bar.setColor(QColor(colour))
    bar.setBorderColor(QColor(colour))
    bar.append(values)
    return bar


class DashboardPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardPage")
        self.ctx = ctx
        self.figures: DispatchFigures | None = None
        self.projects: list[dict[str, Any]] = []
        self.last_dialog: RecordsDialog | None = None
        self.group_rows: list[Figures] = []
        self.category_codes: list[str] = []

        self.scope_kind = QComboBox(self)
        self.scope_kind.setObjectName("scopeKind")
        for code, text in (
            ("all", self.tr("All projects")),
            ("district", self.tr("District")),
            ("sub_district", self.tr("Sub-district")),
            ("project", self.tr("Project")),
        ):
            self.scope_kind.addItem(text, code)
        self.scope_value = QComboBox(self)
        self.scope_value.setObjectName("scopeValue")
        self.scope_value.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.scope_value.setMinimumWidth(200)
        self.week = QComboBox(self)
        self.week.setObjectName("weekChoice")
        self.week.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_BrowserReload)
        )
        self.refresh_button.clicked.connect(self.reload)
        self.as_of = QLabel(self)
        self.as_of.setObjectName("asOf")
        self.as_of.setStyleSheet("color: #5f6368;")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Scope"), self))
        top.addWidget(self.scope_kind)
        top.addWidget(self.scope_value)
        top.addSpacing(12)
        top.addWidget(QLabel(self.tr("Week"), self))
        top.addWidget(self.week)
        top.addWidget(self.refresh_button)
        top.addStretch(1)
        top.addWidget(self.as_of)

        self.heading = QLabel(self)
        self.heading.setObjectName("dashboardHeading")
        self.heading.setStyleSheet("font-size: 15pt; font-weight: bold; color: #202124;")

        self.tiles: dict[str, Tile] = {}
        tiles = QGridLayout()
        tiles.setSpacing(8)
        keys = (
            "households_total",
            "signed",
            "vacated",
            "handed_over_total",
            "resettled",
            "requests_received",
            "requests_closed",
            "requests_overdue",
            "tickets",
            "flats",
        )
        for i, key in enumerate(keys):
            tile = Tile(key, self)
            tile.clicked.connect(lambda key=key: self.open_tile(key))
            self.tiles[key] = tile
            tiles.addWidget(tile, i // 5, i % 5)

        self.progress_view = _chart_view("progressChart", self)
        self.trend_view = _chart_view("trendChart", self)
        self.category_view = _chart_view("categoryChart", self)
        self.status_view = _chart_view("statusChart", self)
        charts = QGridLayout()
        charts.setSpacing(8)
        charts.addWidget(self.progress_view, 0, 0)
        charts.addWidget(self.trend_view, 0, 1)
        charts.addWidget(self.category_view, 1, 0)
        charts.addWidget(self.status_view, 1, 1)
        hint = QLabel(
            self.tr(
                "Click a number, bar, point or slice to list the households or requests behind it."
            ),
            self,
        )
        hint.setStyleSheet("color: #5f6368;")
        hint.setWordWrap(True)

        # The funding figure by estimate (compensation policies), labelled as one: a line of its
        # own under the tiles, loaded by its own task (services.estimates.funding_for_scope).
        self.funding = QLabel(self)
        self.funding.setObjectName("fundingEstimate")
        self.funding.setWordWrap(True)
        self.funding.setStyleSheet("color: #202124;")

        body = QWidget(self)
        box = QVBoxLayout(body)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.heading)
        box.addLayout(tiles)
        box.addWidget(self.funding)
        box.addLayout(charts, 1)
        box.addWidget(hint)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)

        scope_choice.fill_weeks(self.week, self.tr("%1 (%2 to %3)"), formatting.today())
        self.scope_kind.currentIndexChanged.connect(self._kind_changed)
        self.scope_value.currentIndexChanged.connect(self._value_changed)
        self.week.currentIndexChanged.connect(self.reload)
        self.reloader = ReloadOnChange(self, ctx.bus, self.reload)
        self._restore_scope_kind()
        self._load_options()

    # page protocol --------------------------------------------------------------------------
    def activated(self) -> None:
        self.reloader.activated()

    def save_state(self) -> None:
        self.ctx.state.setValue("dashboard/scope_kind", self.scope_kind.currentData())
        self.ctx.state.setValue("dashboard/scope_value", self.scope_value.currentData() or "")

    # scope and week -------------------------------------------------------------------------
    def _restore_scope_kind(self) -> None:
        saved = self.ctx.state.value("dashboard/scope_kind")
        profile = self.ctx.profile
        default = "all" if profile is None or profile.role == "hub" else "sub_district"
        index = self.scope_kind.findData(saved if saved else default)
        self.scope_kind.blockSignals(True)
        self.scope_kind.setCurrentIndex(max(index, 0))
        self.scope_kind.blockSignals(False)

    def _load_options(self) -> None:
        ws = self.ctx.ws
        self.ctx.tasks.run(lambda: ui_support.list_projects(ws), self._options_loaded)

    def _options_loaded(self, projects: list[dict[str, Any]]) -> None:
        self.projects = projects
        saved = self.ctx.state.value("dashboard/scope_value")
        profile = self.ctx.profile
        default = f"{profile.district}\t{profile.sub_district}" if profile else ""
        self._fill_values(str(saved) if saved else default)
        self.reload()

    def _fill_values(self, wanted: str = "") -> None:
        kind = self.scope_kind.currentData()
        current = wanted or self.scope_value.currentData()
        self.scope_value.blockSignals(True)
        self.scope_value.clear()
        for code, text in scope_choice.value_items(kind, self.projects):
            self.scope_value.addItem(text, code)
        index = self.scope_value.findData(current)
        if index < 0 and kind == "district" and self.ctx.profile is not None:
            index = self.scope_value.findData(self.ctx.profile.district)
        self.scope_value.setCurrentIndex(max(index, 0))
        self.scope_value.setVisible(kind != "all")
        self.scope_value.blockSignals(False)

    def _kind_changed(self) -> None:
        self._fill_values()
        self.reload()

    def _value_changed(self) -> None:
        self.reload()

    def set_scope(self, scope: Scope) -> None:
        """Show `scope` (used by tests and by other pages that link here)."""
        self.scope_kind.blockSignals(True)
        self.scope_kind.setCurrentIndex(max(self.scope_kind.findData(scope.kind), 0))
        self.scope_kind.blockSignals(False)
        if scope.kind == "sub_district":
            district = scope.district or next(
                (p["district"] for p in self.projects if p.get("sub_district") == scope.value),
                "",
            )
            self._fill_values(f"{district}\t{scope.value}")
        else:
            self._fill_values(scope.value or "")
        self.reload()

    def scope(self) -> Scope:
        return scope_choice.scope_of(self.scope_kind.currentData(), self.scope_value.currentData())

    def week_value(self) -> str:
        return str(self.week.currentData() or figures.week_of(formatting.today()))

    # loading --------------------------------------------------------------------------------
    def reload(self) -> None:
        ws, scope, week, today = self.ctx.ws, self.scope(), self.week_value(), formatting.today()
        self.as_of.setText(self.tr("Loading…"))
        self.ctx.tasks.run(
            lambda: figures.dispatch_figures(ws, scope, week, today=today, language=i18n.lang()),
            self.show_figures,
            key="dashboard-figures",
            busy=self,
        )
        self.ctx.tasks.run(
            lambda: estimates.funding_for_scope(
                ws, scope.kind, scope.value, scope.district, sign_on=today
            ),
            self.show_funding,
            key="dashboard-funding",
        )

    def show_funding(self, found: estimates.FundingEstimate) -> None:
        if not found.projects:
            self.funding.setText(
                self.tr("Funding by estimate: no project in this scope has a policy in force.")
            )
            return
        text = (
            self.tr(
                "Funding needed by estimate: %1 (10k yuan) for %2 project(s) · secured %3 · gap %4"
            )
            .replace("%1", f"{found.needed_fen / 1_000_000:,.1f}")
            .replace("%2", str(found.projects))
            .replace("%3", f"{found.secured_fen / 1_000_000:,.1f}")
            .replace("%4", f"{found.gap_fen / 1_000_000:,.1f}")
        )
        notes = []
        if found.typed:
            notes.append(
                self.tr("%1 household(s) by their typed amount").replace("%1", str(found.typed))
            )
        if found.uncovered:
            notes.append(
                self.tr("%1 household(s) without estimate or amount not counted").replace(
                    "%1", str(found.uncovered)
                )
            )
        if found.projects_without:
            notes.append(
                self.tr("%1 project(s) without a policy").replace("%1", str(found.projects_without))
            )
        notes.append(self.tr("an estimate for reference only"))
        self.funding.setText(i18n.bracketed(text, i18n.joined(notes)))

    def show_figures(self, found: DispatchFigures) -> None:
        self.figures = found
        t = found.totals
        self.heading.setText(i18n.heading(found.scope_label))  # "All projects" as a heading
        self.as_of.setText(
            self.tr("%1, figures as of %2")
            .replace("%1", found.week)
            .replace("%2", found.as_of.isoformat())
        )
        self._fill_tiles(t)
        self._progress_chart(found)
        self._trend_chart(found)
        self._category_chart(found)
        self._status_chart(found)

    def _fill_tiles(self, t: Figures) -> None:
        this_week = self.tr("this week +%1")
        self.tiles["households_total"].set_values(
            self.tr("Households"),
            f"{t.households_total:,}",
            self.tr("planned %1, surveyed %2")
            .replace("%1", f"{t.households_planned:,}")
            .replace("%2", pct_text(t.survey_rate)),
        )
        self.tiles["signed"].set_values(
            self.tr("Signed"),
            f"{t.signed:,}",
            self.tr("signing rate %1").replace("%1", pct_text(t.signing_rate))
            + " · "
            + this_week.replace("%1", str(t.signed_this_week)),
        )
        self.tiles["vacated"].set_values(
            self.tr("Vacated"),
            f"{t.vacated:,}",
            self.tr("vacating rate %1").replace("%1", pct_text(t.vacating_rate))
            + " · "
            + this_week.replace("%1", str(t.vacated_this_week)),
        )
        self.tiles["handed_over_total"].set_values(
            self.tr("Handed over"),
            f"{t.handed_over_total:,}",
            self.tr("handover rate %1, %2 to go")
            .replace("%1", pct_text(t.handover_rate))
            .replace("%2", f"{t.handed_over_remaining:,}"),
        )
        cycle = t.average_cycle_days
        self.tiles["resettled"].set_values(
            self.tr("Average resettlement cycle"),
            "—" if cycle is None else self.tr("%1 days").replace("%1", f"{cycle:.0f}"),
            self.tr("%1 households housed").replace("%1", f"{t.resettled:,}"),
            self.tr("Days from signing to being housed, averaged over the households housed."),
        )
        self.tiles["requests_received"].set_values(
            self.tr("Requests received"),
            f"{t.requests_received:,}",
            this_week.replace("%1", str(t.requests_received_this_week))
            + " · "
            + self.tr("open %1").replace("%1", f"{t.requests_open:,}"),
        )
        self.tiles["requests_closed"].set_values(
            self.tr("Requests closed"),
            f"{t.requests_closed:,}",
            self.tr("closure rate %1, on time %2")
            .replace("%1", pct_text(t.closure_rate))
            .replace("%2", pct_text(t.on_time_rate)),
        )
        self.tiles["requests_overdue"].set_values(
            self.tr("Overdue requests"),
            f"{t.requests_overdue:,}",
            self.tr("open past their deadline"),
        )
        self.tiles["requests_overdue"].set_alarm(t.requests_overdue > 0)
        self.tiles["tickets"].set_values(
            self.tr("House tickets issued"),
            f"{t.tickets_issued:,}",
            self.tr("used %1 · expiring in 30 days %2")
            .replace("%1", f"{t.tickets_used:,}")
            .replace("%2", f"{t.tickets_expiring_30d:,}"),
            self.tr("Click to open the house tickets."),
        )
        self.tiles["tickets"].set_alarm(t.tickets_expiring_30d > 0, note_only=True)
        note = (
            self.tr("allocated %1 · temporary %2")
            .replace("%1", f"{t.flats_allocated:,}")
            .replace("%2", f"{t.flats_temporary:,}")
        )
        if t.flats_double_allocated:
            note += " · " + self.tr("double %1").replace("%1", str(t.flats_double_allocated))
        self.tiles["flats"].set_values(
            self.tr("Flats available"),
            f"{t.flats_available:,}",
            note,
            self.tr("Click to open the resettlement flats."),
        )
        self.tiles["flats"].set_alarm(t.flats_double_allocated > 0, note_only=True)

    # charts ---------------------------------------------------------------------------------
    def _groups(self, found: DispatchFigures) -> list[Figures]:
        if len(found.by_project) <= MAX_PROJECT_BARS:
            return list(found.by_project)
        return list(found.by_sub_district)

    def _progress_chart(self, found: DispatchFigures) -> None:
        chart = self.progress_view.chart()
        _clear(chart)
        chart.setTitle(self.tr("Signing, vacating and handover (% of households)"))
        rows = list(reversed(self._groups(found)))  # the first group at the top
        self.group_rows = rows
        series = QHorizontalBarSeries()
        measures = (
            ("signed", self.tr("Signed"), BLUE, lambda f: f.signing_rate),
            ("vacated", self.tr("Vacated"), AMBER, lambda f: f.vacating_rate),
            ("handed_over_total", self.tr("Handed over"), GREEN, lambda f: f.handover_rate),
        )
        self.progress_sets: dict[str, QBarSet] = {}
        for measure, label, colour, rate in reversed(measures):
            values = [round((rate(f) or 0) * 100, 1) for f in rows]
            bar = _bar_set(label, colour, values)
            bar.setLabelColor(QColor("#202124"))
            bar.clicked.connect(lambda i, m=measure, n=label: self.open_group(i, m, n))
            series.append(bar)
            self.progress_sets[measure] = bar
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value%")
        series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setBarWidth(0.8)
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.setTruncateLabels(False)
        categories.append([elide(f.label) for f in rows])
        chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(categories)
        percent = QValueAxis()
        percent.setRange(0, 110)  # room for the labels after a full bar
        percent.setLabelFormat("%d")
        percent.setTickInterval(20)
        percent.setTickType(QValueAxis.TickType.TicksDynamic)
        percent.setTickAnchor(0)
        chart.addAxis(percent, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(percent)
        chart.legend().setReverseMarkers(True)  # reading order: signed, vacated, handed over

    def _trend_chart(self, found: DispatchFigures) -> None:
        chart = self.trend_view.chart()
        _clear(chart)
        chart.setTitle(self.tr("Progress week by week (households, cumulative)"))
        points = found.trend
        weeks = QBarCategoryAxis()
        weeks.append([self.tr("W%1").replace("%1", p.week[-2:]) for p in points])
        values = QValueAxis()
        values.setLabelFormat("%d")
        top = max([1, *(max(p.signed_total, p.vacated_total, p.handed_over_total) for p in points)])
        count_axis(values, top * 1.15)  # room for the point labels above the top
        chart.addAxis(weeks, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        self.trend_series: dict[str, QLineSeries] = {}
        for measure, label, colour, attr in (
            ("signed", self.tr("Signed"), BLUE, "signed_total"),
            ("vacated", self.tr("Vacated"), AMBER, "vacated_total"),
            ("handed_over_total", self.tr("Handed over"), GREEN, "handed_over_total"),
        ):
            line = QLineSeries()
            line.setName(label)
            pen = QPen(QColor(colour))
            pen.setWidth(3)
            line.setPen(pen)
            line.setPointsVisible(True)
            line.setPointLabelsVisible(True)
            line.setPointLabelsFormat("@yPoint")
            line.setPointLabelsClipping(False)
            line.setPointLabelsColor(QColor(colour))
            values_seen = [getattr(point, attr) for point in points]
            for i, value in enumerate(values_seen):
                line.append(QPointF(i, value))
            for i, value in enumerate(values_seen):
                # a label where the line moves (and at both ends): flat stretches stay quiet
                moved = i in (0, len(values_seen) - 1) or value != values_seen[i - 1]
                if not moved:
                    line.setPointConfiguration(
                        i, {QLineSeries.PointConfiguration.LabelVisibility: False}
                    )
            line.clicked.connect(lambda p, m=measure, n=label: self.open_week(round(p.x()), m, n))
            chart.addSeries(line)
            line.attachAxis(weeks)
            line.attachAxis(values)
            self.trend_series[measure] = line

    def _category_chart(self, found: DispatchFigures) -> None:
        chart = self.category_view.chart()
        _clear(chart)
        rate = pct_text(found.totals.closure_rate)
        chart.setTitle(self.tr("Requests by category (closure rate %1)").replace("%1", rate))
        rows = [c for c in found.requests_by_category if c.received]
        rows = list(reversed(rows)) if rows else list(reversed(found.requests_by_category))
        self.category_codes = [c.category for c in rows]
        series = QHorizontalStackedBarSeries()
        sets = (
            ("requests_closed", self.tr("Closed"), GREEN, [c.closed for c in rows]),
            (
                "open_in_time",
                self.tr("Open, within deadline"),
                BLUE,
                [c.received - c.closed - c.overdue for c in rows],
            ),
            ("requests_overdue", self.tr("Overdue"), RED, [c.overdue for c in rows]),
        )
        self.category_sets: dict[str, QBarSet] = {}
        for measure, label, colour, values in sets:
            bar = _bar_set(label, colour, [float(v) for v in values])
            bar.setLabelColor(QColor("white"))
            bar.clicked.connect(lambda i, m=measure, n=label: self.open_category(i, m, n))
            series.append(bar)
            self.category_sets[measure] = bar
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value")
        series.setBarWidth(0.7)
        chart.addSeries(series)
        axis = QBarCategoryAxis()
        axis.setTruncateLabels(False)
        axis.append([c.label for c in rows])
        chart.addAxis(axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis)
        values_axis = QValueAxis()
        values_axis.setLabelFormat("%d")
        count_axis(values_axis, max([1, *(c.received for c in rows)]))
        chart.addAxis(values_axis, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(values_axis)

    def _status_chart(self, found: DispatchFigures) -> None:
        chart = self.status_view.chart()
        _clear(chart)
        total = sum(found.requests_by_status.values())
        chart.setTitle(self.tr("Requests by state (%1 in all)").replace("%1", str(total)))
        series = QPieSeries()
        series.setHoleSize(0.38)
        series.setPieSize(0.72)
        self.status_slices: dict[str, QPieSlice] = {}
        for code in REQUEST_STATUSES.codes():
            count = found.requests_by_status.get(code, 0)
            if not count:
                continue
            label = i18n.choice(REQUEST_STATUSES, code)
            piece = series.append(f"{label} {count}", count)
            piece.setColor(QColor(STATUS_COLOURS.get(code, GREY)))
            piece.setLabelVisible(True)
            piece.setLabelArmLengthFactor(0.12)
            piece.clicked.connect(lambda c=code, n=label: self.open_status(c, n))
            self.status_slices[code] = piece
        chart.addSeries(series)
        chart.legend().hide()  # each slice carries its label and count

    # click-through --------------------------------------------------------------------------
    def _open(self, title: str, kind: str, load: Callable[[], list[str]]) -> RecordsDialog:
        self.last_dialog = open_records(self.ctx, title, kind, load, self)
        return self.last_dialog

    def open_measure(
        self,
        measure: str,
        title: str,
        *,
        scope: Scope | None = None,
        week: str | None = None,
        category: str | None = None,
    ) -> RecordsDialog:
        ws, today = self.ctx.ws, formatting.today()
        scope = scope or self.scope()
        week = week or self.week_value()
        kind = "request" if measure in figures.REQUEST_MEASURES else "household"
        return self._open(
            title,
            kind,
            lambda: figures.records_behind(
                ws, scope, week, measure, today=today, category=category
            ),
        )

    def open_tile(self, key: str) -> None:
        if key in ("tickets", "flats"):
            show = getattr(self.window(), "show_page", None)
            if callable(show):
                page = show(key)
                if key == "tickets" and hasattr(page, "show_expiring"):
                    page.show_expiring()
            return
        tile = self.tiles[key]
        self.open_measure(key, f"{self.heading.text()} · {tile.title.text()}")

    def open_group(self, index: int, measure: str, label: str) -> None:
        if not 0 <= index < len(self.group_rows):
            return
        row = self.group_rows[index]
        if row.level == "project":
            scope = Scope.project(row.key)
        else:
            scope = Scope.sub_district(row.sub_district, row.district or None)
        self.open_measure(measure, f"{row.label} · {label}", scope=scope)

    def open_week(self, index: int, measure: str, label: str) -> None:
        if self.figures is None or not 0 <= index < len(self.figures.trend):
            return
        point = self.figures.trend[index]
        title = f"{self.heading.text()} · {point.week} · {label}"
        self.open_measure(measure, title, week=point.week)

    def open_category(self, index: int, measure: str, label: str) -> None:
        if not 0 <= index < len(self.category_codes):
            return
        code = self.category_codes[index]
        ws, scope, week, today = self.ctx.ws, self.scope(), self.week_value(), formatting.today()
        title = f"{self.heading.text()} · {self._category_label(code)} · {label}"
        if measure != "open_in_time":
            self.open_measure(measure, title, category=code)
            return

        def load() -> list[str]:
            def behind(m: str) -> list[str]:
                return figures.records_behind(ws, scope, week, m, today=today, category=code)

            late = set(behind("requests_overdue"))
            return [i for i in behind("requests_open") if i not in late]

        self._open(title, "request", load)

    def _category_label(self, code: str) -> str:
        if self.figures is not None:
            for c in self.figures.requests_by_category:
                if c.category == code:
                    return c.label
        return code

    def open_status(self, status: str, label: str) -> None:
        if self.figures is None:
            return
        ws, scope, week, today = self.ctx.ws, self.scope(), self.week_value(), formatting.today()
        as_of = self.figures.as_of

        def load() -> list[str]:
            ids = set(figures.records_behind(ws, scope, week, "requests_received", today=today))
            rows = requests.register(ws, RequestFilter(), limit=10_000_000)
            rows = [r for r in rows if r["id"] in ids]
            return [r["id"] for r in rows if status_as_of(r, as_of) == status]

        self._open(f"{self.heading.text()} · {label}", "request", load)


register_page(
    PageSpec(
        key="dashboard",
        title=lambda: QCoreApplication.translate("ResettlementPages", "Dispatch dashboard"),
        icon=QStyle.StandardPixmap.SP_FileDialogInfoView,
        factory=DashboardPage,
        order=60,
        shortcut="Ctrl+7",
    )
)
