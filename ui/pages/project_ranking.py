"""项目一盘棋: the projects of both districts in one list, ranked by the priority score, with the
formula shown in words and the weights the district office (hub role) sets for every laptop;
stock or new, the stage, the statutory step dates and the warnings of order 590.

Ranking, formula and warnings come from services.projects, off the GUI thread."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QCoreApplication, QItemSelection, QModelIndex, Qt
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStyle,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from domain.choices import PROJECT_KINDS, PROJECT_ORIGINS, PROJECT_STAGES
from domain.errors import UserError
from domain.priority import COMPONENTS, Weights
from domain.statutory import DATE_FIELDS as STAGE_DATES
from services import estimates, projects
from services.projects import Formula, RankedProject
from services.workspace import Workspace
from ui import formatting, i18n
from ui.context import AppContext
from ui.formatting import ESCALATED_BG, OVERDUE_FG
from ui.forms import error_label, set_error, show_refusal
from ui.registry import PageSpec, register_page
from ui.rows_model import ROW_ROLE, Col, RowsModel
from ui.widgets import ReloadOnChange, SharedRoom, fill_combo, list_table


def component_label(name: str) -> str:
    return {
        "urgency": QCoreApplication.translate("ProjectRankingPage", "Urgency"),
        "funding": QCoreApplication.translate("ProjectRankingPage", "Funding match"),
        "benefit": QCoreApplication.translate("ProjectRankingPage", "Benefit"),
        "households": QCoreApplication.translate("ProjectRankingPage", "Households"),
        "area": QCoreApplication.translate("ProjectRankingPage", "Area"),
    }[name]


def _missing_mark(p: RankedProject, name: str, text: str) -> str:
    return "—" if name in p.priority.missing else text


def _funding_text(p: RankedProject) -> str:
    needed, secured = p.inputs.funding_needed, p.inputs.funding_secured
    if needed is None:
        return "—"
    if not needed:
        return "100%"
    return f"{100 * (secured or 0) / needed:.0f}%"


def _estimate_text(p: RankedProject) -> str:
    """The funding need by estimate in 万元, marked as an estimate; "—" without a policy."""
    if p.funding_estimated is None:
        return "—"
    return QCoreApplication.translate("ProjectRankingPage", "%1 (estimate)").replace(
        "%1", f"{p.funding_estimated / 10_000:,.1f}"
    )


# In English the list says "Stock" or "New" under its heading "Stock or new": "Stock project"
# was cut to "Stock pr…" among 16 columns at 1366 px. The detail says it whole.
SHORT_ORIGINS = {"stock": "Stock", "new": "New"}


def _origin_text(p: RankedProject) -> str:
    if not p.origin:
        return ""
    whole = i18n.choice(PROJECT_ORIGINS, p.origin)
    return i18n.pick(whole, SHORT_ORIGINS.get(p.origin, whole))


def _warnings_text(p: RankedProject) -> str:
    return str(len(p.warnings)) if p.warnings else ""


def _worst(p: RankedProject) -> str | None:
    for severity in ("error", "warning", "due"):
        if any(w.severity == severity for w in p.warnings):
            return severity
    return None


COLUMNS = (
    Col(
        lambda: QCoreApplication.translate("ProjectRankingPage", "Rank"),
        lambda p: str(p.rank),
        True,
        lambda p: p.rank,
    ),
    Col(
        lambda: QCoreApplication.translate("ProjectRankingPage", "Priority"),
        lambda p: f"{p.score:.1f}",
        True,
        lambda p: p.score,
    ),
    Col(lambda: i18n.field_label("project", "code"), lambda p: p.code or ""),
    Col(lambda: i18n.field_label("project", "name"), lambda p: p.name or ""),
    Col(lambda: i18n.field_label("project", "district"), lambda p: p.district or ""),
    Col(lambda: i18n.field_label("project", "sub_district"), lambda p: p.sub_district or ""),
    Col(lambda: i18n.field_label("project", "origin"), _origin_text),
    Col(
        lambda: i18n.field_label("project", "stage"),
        lambda p: i18n.choice(PROJECT_STAGES, p.stage) if p.stage else "",
        key=lambda p: PROJECT_STAGES.codes().index(p.stage) if p.stage else -1,
    ),
    Col(
        lambda: QCoreApplication.translate("ProjectRankingPage", "Warnings"),
        _warnings_text,
        True,
        lambda p: len(p.warnings),
        tooltip=lambda p: "\n".join(w.message(i18n.lang()) for w in p.warnings),
    ),
    Col(
        lambda: QCoreApplication.translate("ProjectRankingPage", "Households"),
        lambda p: _missing_mark(p, "households", f"{p.households:,}"),
        True,
        lambda p: p.households,
    ),
    Col(
        lambda: QCoreApplication.translate("ProjectRankingPage", "Unsigned"),
        lambda p: f"{p.unsigned:,}",
        True,
        lambda p: p.unsigned,
    ),
    Col(
        lambda: i18n.field_label("project", "area_mu"),
        lambda p: _missing_mark(p, "area", f"{p.inputs.area_mu or 0:,.1f}"),
        True,
        lambda p: p.inputs.area_mu or 0,
    ),
    Col(
        lambda: QCoreApplication.translate("ProjectRankingPage", "Urgency"),
        lambda p: _missing_mark(p, "urgency", str(p.inputs.urgency)),
        True,
        lambda p: p.inputs.urgency or 0,
    ),
    Col(
        lambda: QCoreApplication.translate("ProjectRankingPage", "Funds secured"),
        _funding_text,
        True,
        lambda p: p.priority.components["funding"],
    ),
    Col(
        lambda: QCoreApplication.translate("ProjectRankingPage", "Funding needed, 10k yuan"),
        _estimate_text,
        True,
        lambda p: float(p.funding_estimated or 0),
        tooltip=lambda p: QCoreApplication.translate(
            "ProjectRankingPage",
            "Estimated under the project's policy in force, household by household (the typed "
            "compensation where an estimate lacks inputs); it replaces the typed funding "
            "needed in the funding match. An estimate for reference only.",
        ),
    ),
    Col(
        lambda: QCoreApplication.translate("ProjectRankingPage", "Benefit"),
        lambda p: _missing_mark(p, "benefit", str(p.inputs.benefit)),
        True,
        lambda p: p.inputs.benefit or 0,
    ),
)


# numbers and the project's code stay whole in the list; names and words give way
NUMBER_COLUMNS = tuple(i for i, column in enumerate(COLUMNS) if column.numeric)
CODE_COLUMN, DISTRICT_COLUMN, ORIGIN_COLUMN = 2, 4, 6
CODE_WIDTH = 120  # px: a code as the districts write them ("XW-2026-002") whole


def _foreground(p: RankedProject) -> QColor | None:
    return OVERDUE_FG if _worst(p) == "error" else None


def _background(p: RankedProject) -> QColor | None:
    return ESCALATED_BG if _worst(p) == "warning" else None


def _icon(p: RankedProject) -> QIcon | None:
    worst = _worst(p)
    if worst is None:
        return None
    style = QApplication.style()
    if worst == "error":
        return style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)
    if worst == "warning":
        return style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
    return style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)


def load_ranking(
    ws: Workspace, filters: dict[str, Any]
) -> tuple[list[RankedProject], Formula, list[str]]:
    needed = estimates.estimated_funding(ws, sign_on=formatting.today())
    ranked = projects.ranked_projects(ws, today=formatting.today(), estimated=needed, **filters)
    districts = sorted({p.district for p in projects.ranked_projects(ws, include_archived=True)})
    return ranked, projects.priority_formula(ws, i18n.lang()), districts


class ProjectRankingPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("projectRankingPage")
        self.ctx = ctx
        self.formula: Formula | None = None
        self.current: RankedProject | None = None

        self.formula_text = QLabel(self)
        self.formula_text.setObjectName("formulaText")
        self.formula_text.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.formula_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.definitions = QLabel(self)
        self.definitions.setObjectName("formulaDefinitions")
        self.definitions.setStyleSheet("color: #5f6368;")
        self.definitions.setWordWrap(True)
        self.weight_edits: dict[str, QDoubleSpinBox] = {}
        weights = QGridLayout()
        for column, name in enumerate(COMPONENTS):
            edit = QDoubleSpinBox(self)
            edit.setObjectName(f"weight_{name}")
            edit.setRange(0, 1)
            edit.setSingleStep(0.05)
            edit.setDecimals(2)
            weights.addWidget(QLabel(component_label(name), self), 0, column)
            weights.addWidget(edit, 1, column)
            self.weight_edits[name] = edit
        self.households_ref = QSpinBox(self)
        self.households_ref.setObjectName("householdsRef")
        self.households_ref.setRange(1, 100_000)
        self.area_ref = QDoubleSpinBox(self)
        self.area_ref.setObjectName("areaRef")
        self.area_ref.setRange(1, 100_000)
        self.area_ref.setDecimals(0)
        n = len(COMPONENTS)
        weights.addWidget(QLabel(self.tr("Households for full marks"), self), 0, n)
        weights.addWidget(self.households_ref, 1, n)
        weights.addWidget(QLabel(self.tr("Mu for full marks"), self), 0, n + 1)
        weights.addWidget(self.area_ref, 1, n + 1)
        self.save_weights = QPushButton(self.tr("Save weights"), self)
        self.save_weights.setObjectName("saveWeights")
        self.save_weights.clicked.connect(self.store_weights)
        weights.addWidget(self.save_weights, 1, n + 2)
        self.weights_note = QLabel(self)
        self.weights_note.setObjectName("weightsNote")
        self.weights_note.setStyleSheet("color: #5f6368;")
        self.weights_error = error_label(self)
        hub = ctx.profile is not None and ctx.profile.role == "hub"
        self.can_edit = hub
        editors: list[QWidget] = [*self.weight_edits.values(), self.households_ref, self.area_ref]
        for editor in editors:
            editor.setEnabled(hub)
        self.save_weights.setVisible(hub)
        self.weights_note.setText(
            self.tr("The district office sets the weights; every laptop ranks the same way.")
            if hub
            else self.tr("Weights are set by the district office (hub) and arrive with sync.")
        )
        formula_box = QGroupBox(self.tr("Priority formula"), self)
        fl = QVBoxLayout(formula_box)
        fl.addWidget(self.formula_text)
        fl.addWidget(self.definitions)
        wl = QHBoxLayout()
        wl.addLayout(weights)
        wl.addStretch(1)
        fl.addLayout(wl)
        fl.addWidget(self.weights_note)
        fl.addWidget(self.weights_error)

        self.district = QComboBox(self)
        self.district.setObjectName("districtFilter")
        self.district.addItem(self.tr("Both districts"), None)
        self.origin = QComboBox(self)
        self.origin.setObjectName("originFilter")
        self.origin.addItem(self.tr("Stock and new"), None)
        for code, text in i18n.choice_items(PROJECT_ORIGINS):
            self.origin.addItem(text, code)
        self.archived = QCheckBox(self.tr("Include archived"), self)
        for combo in (self.district, self.origin):
            combo.currentIndexChanged.connect(self.reload)
        self.archived.toggled.connect(self.reload)
        self.count = QLabel(self)
        filters = QHBoxLayout()
        filters.addWidget(self.district)
        filters.addWidget(self.origin)
        filters.addWidget(self.archived)
        filters.addStretch(1)
        filters.addWidget(self.count)

        self.model = RowsModel(
            COLUMNS,
            self,
            foreground=_foreground,
            background=_background,
            icon=_icon,
            two_line_headings=True,  # 16 columns: English titles in half the width
        )
        self.table = list_table(self.model, self, "rankingTable")
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.columns_room = SharedRoom(
            self.table, whole=NUMBER_COLUMNS, whole_up_to={CODE_COLUMN: CODE_WIDTH}
        )
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.table.activated.connect(self._open)  # double-click or Enter
        self.detail = QTextBrowser(self)
        self.detail.setObjectName("rankingDetail")
        hint = QLabel(
            self.tr("Double-click a project or press Enter to list its households."), self
        )
        hint.setStyleSheet("color: #5f6368;")

        left = QWidget(self)
        box = QVBoxLayout(left)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(filters)
        box.addWidget(self.table, 1)
        box.addWidget(hint)
        # The detail under the list, not beside it: beside it the list had 844 of a 1366 px
        # screen for its 16 columns, and in English the last ones scrolled out of view.
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([300, 200])
        layout = QVBoxLayout(self)
        layout.addWidget(formula_box)
        layout.addWidget(self.splitter, 1)
        self.reloader = ReloadOnChange(
            self, ctx.bus, self.reload, ("project", "household", "setting")
        )
        self.reload()

    # page protocol --------------------------------------------------------------------------
    def activated(self) -> None:
        self.reloader.activated()

    # loading --------------------------------------------------------------------------------
    def reload(self) -> None:
        ws = self.ctx.ws
        filters = {
            "district": self.district.currentData(),
            "origin": self.origin.currentData(),
            "include_archived": self.archived.isChecked(),
        }
        self.ctx.tasks.run(lambda: load_ranking(ws, filters), self._show, key="ranking")

    def _show(self, result: tuple[list[RankedProject], Formula, list[str]]) -> None:
        ranked, formula, districts = result
        self.formula = formula
        self.formula_text.setText(formula.text)
        self.definitions.setText(
            self.tr("; ", "between the formula's definitions").join(formula.definitions)
        )
        self._show_weights(formula.weights)
        fill_combo(self.district, self.tr("Both districts"), [(d, d) for d in districts])
        keep = self.current.id if self.current else None
        # a column that would repeat the filter's one value in every row gives its room to
        # the names (District with one district chosen, Stock or new with one origin)
        self.table.setColumnHidden(DISTRICT_COLUMN, self.district.currentData() is not None)
        self.table.setColumnHidden(ORIGIN_COLUMN, self.origin.currentData() is not None)
        self.model.set_rows(ranked)
        warned = sum(1 for p in ranked if p.warnings)
        self.count.setText(
            self.tr("%1 projects, %2 with statutory warnings")
            .replace("%1", str(len(ranked)))
            .replace("%2", str(warned))
        )
        if not self.ctx.state.value("ranking/header"):
            self.columns_room.fit()
        rows = [i for i, p in enumerate(self.model.rows) if p.id == keep] or [0]
        if self.model.rows:
            self.table.selectRow(rows[0])
        else:
            self._show_detail(None)

    def _show_weights(self, weights: Weights) -> None:
        for name, edit in self.weight_edits.items():
            edit.setValue(getattr(weights, name))
        self.households_ref.setValue(weights.households_ref)
        self.area_ref.setValue(weights.area_ref_mu)

    # detail ---------------------------------------------------------------------------------
    def _selected(self, _s: QItemSelection, _d: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        p = self.model.row(rows[0].row()) if rows else None
        self._show_detail(p)
        if p is not None:
            ws, pid = self.ctx.ws, p.id
            self.ctx.tasks.run(
                lambda: ws.get("project", pid),
                lambda row: self._show_detail(p, row),
                key="ranking-detail",
            )

    def _show_detail(self, p: RankedProject | None, row: dict[str, Any] | None = None) -> None:
        self.current = p
        if p is None:
            self.detail.setHtml("")
            return
        lang = i18n.lang()
        e = html.escape
        priority_word = self.tr("Priority")
        kind = i18n.choice(PROJECT_KINDS, p.kind) if p.kind else ""
        origin = i18n.choice(PROJECT_ORIGINS, p.origin) if p.origin else ""
        terms = " + ".join(
            f"{e(component_label(name))} {p.priority.contributions[name]:.1f}"
            for name in COMPONENTS
        )
        parts = [
            f"<h3>{e(p.name)}</h3>",
            f"<p>{e(p.code)} · {e(p.district)} {e(p.sub_district)} · {e(kind)} · {e(origin)}</p>",
            f"<p><b>{e(priority_word)} {p.score:.1f}</b> = {terms}</p>",
        ]
        if p.priority.missing:
            missing = "、".join(component_label(name) for name in p.priority.missing)
            text = self.tr("Missing, counted as 0: %1").replace("%1", missing)
            parts.append(f"<p style='color:#8a5a00'>{e(text)}</p>")
        if p.warnings:
            heading = self.tr("Statutory warnings")
            parts.append(f"<h4>{e(heading)}</h4><ul>")
            for w in p.warnings:
                colour = OVERDUE_FG.name() if w.severity == "error" else "#8a5a00"
                parts.append(f"<li style='color:{colour}'>{e(w.message(lang))}</li>")
            parts.append("</ul>")
        stage = i18n.choice(PROJECT_STAGES, p.stage) if p.stage else "—"
        stage_text = self.tr("Stage: %1").replace("%1", stage)
        parts.append(f"<h4>{e(stage_text)}</h4>")
        if row is not None:
            # three dates a line: under the list the pane is wide and low
            cells = [
                f"<td style='color:#5f6368; padding-right:8px'>"
                f"{e(i18n.field_label('project', name))}</td>"
                f"<td style='padding-right:24px'>"
                f"{e(str(row.get(name))[:10] if row.get(name) else '—')}</td>"
                for name in STAGE_DATES
            ]
            parts.append("<table>")
            for start in range(0, len(cells), 3):
                parts.append("<tr>" + "".join(cells[start : start + 3]) + "</tr>")
            parts.append("</table>")
        self.detail.setHtml("".join(parts))

    # actions --------------------------------------------------------------------------------
    def weights(self) -> Weights:
        values: dict[str, Any] = {name: edit.value() for name, edit in self.weight_edits.items()}
        values["households_ref"] = self.households_ref.value()
        values["area_ref_mu"] = self.area_ref.value()
        return Weights(**values)

    def store_weights(self) -> None:
        set_error(self.weights_error, "")
        try:
            weights = self.weights()
        except UserError as exc:
            set_error(self.weights_error, str(exc))
            return
        ws = self.ctx.ws

        self.ctx.tasks.run(
            lambda: projects.set_priority_weights(ws, weights),
            lambda _r: self.ctx.notify("setting"),
            lambda exc: show_refusal(self.weights_error, exc),
            parent=self,
        )

    def rows(self) -> list[dict[str, str]]:
        """The shown rows as text (for tests and for copying)."""
        return self.model.texts()

    def _open(self, index: QModelIndex) -> None:
        p: RankedProject | None = index.data(ROW_ROLE)
        if p is not None:
            self.ctx.bus.show_project.emit(p.id)


register_page(
    PageSpec(
        key="ranking",
        title=lambda: QCoreApplication.translate("ResettlementPages", "Project ranking"),
        icon=QStyle.StandardPixmap.SP_ArrowUp,
        factory=ProjectRankingPage,
        order=12,
        shortcut="Ctrl+8",
    )
)
