"""诉求台账: the request register. Overdue rows are red with a warning icon, escalated rows amber
with an up-arrow icon (colour is never the only cue); progress entries, escalation, closing with
a reply."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QItemSelection,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyle,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from domain.choices import (
    REQUEST_CATEGORIES,
    REQUEST_CHANNELS,
    REQUEST_STATUSES,
    RESPONSIBLE_LEVELS,
    SATISFACTION,
    ChoiceList,
)
from services import requests, ui_support
from services.requests import RequestFilter
from services.workspace import Workspace
from ui import i18n
from ui.context import AppContext
from ui.formatting import ESCALATED_BG, OVERDUE_BG, OVERDUE_FG, date_text
from ui.forms import error_label, set_error, show_refusal
from ui.registry import PageSpec, register_page
from ui.rows_model import HOUSEHOLD_ROLE
from ui.widgets import (
    ReloadOnChange,
    fill_combo,
    filter_combo,
    list_table,
    restore_layout,
    save_layout,
)

Index = QModelIndex | QPersistentModelIndex
REGISTER_LIMIT = 20_000  # newest first; narrow the filters to see older ones
# v2: the deadline column widened; v3: the choice columns fit their words (old widths cut them);
# v4: the status column fits 超期办结 / "closed late"
HEADER_STATE = "requests/header-v4"
COLUMNS = (  # what a caseworker acts on first: the deadline sits beside the status
    "received_on",
    "address",
    "category",
    "summary",
    "status",
    "deadline",
    "level",
    "responsible",
)


def closed_late_text() -> str:
    """超期办结: closed, after the deadline."""
    return QCoreApplication.translate("RequestModel", "closed late")


class RequestModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[dict[str, Any]] = []
        self.sort_column = 0
        self.sort_order = Qt.SortOrder.DescendingOrder

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self._sort_rows()
        self.endResetModel()

    def _sort_rows(self) -> None:
        name = COLUMNS[self.sort_column]
        self.rows.sort(
            key=lambda r: self.text(r, name),
            reverse=self.sort_order == Qt.SortOrder.DescendingOrder,
        )

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        name = COLUMNS[section]
        if name == "address":
            return QCoreApplication.translate("RequestModel", "Household")
        return i18n.field_label("request", name)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        name = COLUMNS[index.column()]
        overdue = bool(row.get("overdue")) and row.get("status") != "closed"
        escalated = row.get("status") == "escalated"
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, name)
        if role == HOUSEHOLD_ROLE and name == "address" and row.get("address"):
            head = row.get("head_name") or ""
            return (f"{head} " if head else "", row["address"], "", "")
        if role == Qt.ItemDataRole.BackgroundRole:
            if overdue:
                return OVERDUE_BG
            if escalated:
                return ESCALATED_BG
        if role == Qt.ItemDataRole.ForegroundRole and overdue:
            return OVERDUE_FG
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0:
            style = QApplication.style()
            if overdue:
                return style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            if escalated:
                return style.standardIcon(QStyle.StandardPixmap.SP_ArrowUp)
        if role == Qt.ItemDataRole.ToolTipRole:
            marks = []
            if overdue:
                marks.append(QCoreApplication.translate("RequestModel", "Overdue"))
            if row.get("closed_late"):
                marks.append(
                    QCoreApplication.translate("RequestModel", "Closed after its deadline")
                )
            if escalated:
                marks.append(QCoreApplication.translate("RequestModel", "Escalated"))
            return "; ".join([*marks, self.text(row, name)])
        return None

    @staticmethod
    def text(row: dict[str, Any], name: str) -> str:
        value = row.get(name)
        if name == "address":
            return f"{row.get('head_name') or ''} {row.get('address') or ''}".strip()
        if name == "category":
            return i18n.choice(REQUEST_CATEGORIES, value)
        if name == "status":
            if row.get("closed_late"):  # a status of its own, short enough for the column
                return closed_late_text()
            return i18n.choice(REQUEST_STATUSES, value)
        if name == "level":
            return i18n.choice(RESPONSIBLE_LEVELS, value)
        if name in ("received_on", "deadline"):
            return date_text(value)
        return str(value or "").replace("\n", " ")

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_column, self.sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        self._sort_rows()
        self.layoutChanged.emit()


def overdue_count(ws: Workspace) -> int:
    return ui_support.overdue_request_count(ws)


class RequestsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("requestsPage")
        self.ctx = ctx
        self.current: dict[str, Any] | None = None
        self._acting = False  # a progress entry, escalation or closing is being saved

        self.project_filter = filter_combo(self.tr("All projects"), [], self)
        self.status_filter = filter_combo(
            self.tr("All statuses"), i18n.choice_items(REQUEST_STATUSES), self
        )
        self.status_filter.setObjectName("statusFilter")
        self.category_filter = filter_combo(
            self.tr("All categories"), i18n.choice_items(REQUEST_CATEGORIES), self
        )
        self.category_filter.setObjectName("categoryFilter")
        self.overdue_filter = QCheckBox(self.tr("Overdue only"), self)
        self.overdue_filter.setObjectName("overdueOnly")
        for combo in (self.project_filter, self.status_filter, self.category_filter):
            combo.currentIndexChanged.connect(self.reload)
        self.overdue_filter.toggled.connect(self.reload)
        self.count = QLabel(self)
        style = self.style()
        legend = QHBoxLayout()
        for icon, text in (
            (QStyle.StandardPixmap.SP_MessageBoxWarning, self.tr("Overdue")),
            (QStyle.StandardPixmap.SP_ArrowUp, self.tr("Escalated to the district")),
        ):
            mark = QLabel(self)
            mark.setPixmap(style.standardIcon(icon).pixmap(16, 16))
            legend.addWidget(mark)
            legend.addWidget(QLabel(text, self))
        legend.addStretch(1)
        legend.addWidget(self.count)

        self.model = RequestModel(self)
        self.table = list_table(self.model, self, "requestTable", alternating=False)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.table.activated.connect(self._open_household)  # double-click or Enter

        filters = QHBoxLayout()
        for widget in (
            self.project_filter,
            self.status_filter,
            self.category_filter,
            self.overdue_filter,
        ):
            filters.addWidget(widget)
        filters.addStretch(1)
        left = QWidget(self)
        box = QVBoxLayout(left)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(filters)
        box.addWidget(self.table, 1)
        box.addLayout(legend)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("requestsSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self._build_detail())
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        if not restore_layout(ctx.state, "requests/splitter", self.splitter):
            self.splitter.setSizes([900, 340])
        if not restore_layout(ctx.state, HEADER_STATE, self.table.horizontalHeader()):
            # the deadline shows its whole date ("2026-12…" hid the day); the summary gives way
            metrics = self.fontMetrics()
            date_width = metrics.horizontalAdvance("0000-00-00") + 16
            deadline = max(64, date_width)

            def choice_width(choices: ChoiceList, least: int, *more: str) -> int:
                # a category, status or level whole ("compensati…" in English)
                words = [label for _code, label in i18n.choice_items(choices)] + list(more)
                return max(least, *(metrics.horizontalAdvance(w) + 16 for w in words))

            category = choice_width(REQUEST_CATEGORIES, 96)
            status = choice_width(REQUEST_STATUSES, 70, closed_late_text())
            level = choice_width(RESPONSIBLE_LEVELS, 70)
            # the summary gives way (its whole text is in the detail pane), down to 120
            grown = (deadline - 64) + (category - 96) + (status - 70) + (level - 70)
            summary = max(120, 190 - grown)
            widths = (124, 170, category, summary, status, deadline, level, 96)
            for column, width in enumerate(widths):
                self.table.setColumnWidth(column, width)
        self.reloader = ReloadOnChange(
            self, ctx.bus, self.reload, ("request", "request_progress", "project", "household")
        )
        self._load_projects()
        self.reload()

    def _build_detail(self) -> QWidget:
        panel = QWidget(self)
        self.detail = QTextBrowser(panel)
        self.detail.setObjectName("requestDetail")
        self.progress_text = QPlainTextEdit(panel)
        self.progress_text.setObjectName("progressText")
        self.progress_text.setTabChangesFocus(True)
        self.progress_text.setPlaceholderText(self.tr("What was done, who was contacted…"))
        self.progress_text.setMaximumHeight(80)
        self.add_progress = QPushButton(self.tr("Add progress entry"), panel)
        self.add_progress.setObjectName("addProgress")
        self.add_progress.clicked.connect(self._add_progress)
        self.escalate = QPushButton(self.tr("Escalate to the district"), panel)
        self.escalate.setObjectName("escalate")
        self.escalate.clicked.connect(self._escalate)
        self.reply_text = QPlainTextEdit(panel)
        self.reply_text.setObjectName("replyText")
        self.reply_text.setTabChangesFocus(True)
        self.reply_text.setMaximumHeight(80)
        self.satisfaction = QComboBox(panel)
        self.satisfaction.addItem("", None)
        for code, text in i18n.choice_items(SATISFACTION):
            self.satisfaction.addItem(text, code)
        self.close_button = QPushButton(self.tr("Close with this reply"), panel)
        self.close_button.setObjectName("closeRequest")
        self.close_button.clicked.connect(self._close)
        self.error = error_label(panel)

        progress_box = QGroupBox(self.tr("Progress"), panel)
        pl = QVBoxLayout(progress_box)
        pl.addWidget(self.progress_text)
        row = QHBoxLayout()
        row.addWidget(self.escalate)
        row.addStretch(1)
        row.addWidget(self.add_progress)
        pl.addLayout(row)
        close_box = QGroupBox(self.tr("Reply and close"), panel)
        cl = QFormLayout(close_box)
        # Labels above their fields: the reply gets the panel's whole width, not what the
        # longest label ("Follow-up satisfaction") leaves of it.
        cl.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        cl.addRow(i18n.field_label("request", "reply"), self.reply_text)
        cl.addRow(i18n.field_label("request", "satisfaction"), self.satisfaction)
        cl.addRow("", self.close_button)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.detail, 1)
        layout.addWidget(progress_box)
        layout.addWidget(close_box)
        layout.addWidget(self.error)
        self._enable_actions()
        return panel

    # page protocol --------------------------------------------------------------------------
    def activated(self) -> None:
        self.reloader.activated()

    def save_state(self) -> None:
        save_layout(self.ctx.state, "requests/splitter", self.splitter)
        save_layout(self.ctx.state, HEADER_STATE, self.table.horizontalHeader())

    # loading --------------------------------------------------------------------------------
    def _load_projects(self) -> None:
        ws = self.ctx.ws
        self.ctx.tasks.run(
            lambda: ui_support.list_projects(ws),
            lambda projects: fill_combo(
                self.project_filter,
                self.tr("All projects"),
                [(p["id"], p["name"]) for p in projects],
            ),
        )

    def reload(self) -> None:
        flt = RequestFilter(
            project_id=self.project_filter.currentData(),
            status=self.status_filter.currentData(),
            category=self.category_filter.currentData(),
            overdue_only=self.overdue_filter.isChecked(),
            today=dt.date.today(),
        )
        ws = self.ctx.ws
        self.ctx.tasks.run(
            lambda: requests.register(ws, flt, limit=REGISTER_LIMIT),
            self._show,
            key="requests-page",
            busy=self.table,
        )

    def _show(self, rows: list[dict[str, Any]]) -> None:
        keep = self.current["id"] if self.current else None
        self.model.set_rows(rows)
        overdue = sum(1 for r in rows if r.get("overdue") and r.get("status") != "closed")
        text = self.tr("%1 requests, %2 overdue").replace("%1", str(len(rows)))
        text = text.replace("%2", str(overdue))
        late = sum(1 for r in rows if r.get("closed_late"))
        if late:
            text += self.tr(", %1 closed late").replace("%1", str(late))
        if len(rows) >= REGISTER_LIMIT:
            more = self.tr("(the newest %1 shown; narrow the filters)")
            text += " " + more.replace("%1", str(REGISTER_LIMIT))
        self.count.setText(text)
        self.current = None
        for i, row in enumerate(rows):
            if row["id"] == keep:
                self.table.selectRow(i)
                break
        else:
            self._show_detail(None)

    # detail ---------------------------------------------------------------------------------
    def _selected(self, _s: QItemSelection, _d: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        row = self.model.rows[rows[0].row()] if rows else None
        self._show_detail(row)
        if row is not None:
            ws, request_id = self.ctx.ws, row["id"]
            self.ctx.tasks.run(
                lambda: ui_support.request_progress(ws, request_id),
                lambda entries: self._show_detail(row, entries),
                key="request-progress",
            )

    def _show_detail(
        self, row: dict[str, Any] | None, progress: list[dict[str, Any]] | None = None
    ) -> None:
        self.current = row
        set_error(self.error, "")
        self._enable_actions()
        import html

        if row is None:  # not a blank box: say what it is for
            hint = self.tr(
                "Choose a request in the list to see it here, log progress, escalate or close it."
            )
            self.detail.setHtml(f'<p style="color: #5f6368;">{html.escape(hint)}</p>')
            return

        def line(name: str, value: str) -> str:
            return (
                f"<tr><td style='color:#5f6368; padding-right:8px'>"
                f"{html.escape(i18n.field_label('request', name))}</td>"
                f"<td>{html.escape(value)}</td></tr>"
            )

        overdue_text = self.tr("Overdue")
        escalated_text = self.tr("Escalated")
        progress_text = self.tr("Progress")
        marks = ""
        if row.get("overdue") and row.get("status") != "closed":
            marks += (
                f" <span style='color:{OVERDUE_FG.name()}'>⚠ {html.escape(overdue_text)}</span>"
            )
        if row.get("status") == "escalated":
            marks += f" <span style='color:#8a5a00'>↑ {html.escape(escalated_text)}</span>"
        parts = [
            f"<h3>{html.escape(RequestModel.text(row, 'address'))}{marks}</h3>",
            f"<p>{html.escape(row.get('summary') or '').replace(chr(10), '<br>')}</p><table>",
            line("received_on", date_text(row.get("received_on"))),
            line("channel", i18n.choice(REQUEST_CHANNELS, row.get("channel"))),
            line("category", RequestModel.text(row, "category")),
            line("status", RequestModel.text(row, "status")),
            line("level", RequestModel.text(row, "level")),
            line("responsible", row.get("responsible") or ""),
            line("deadline", date_text(row.get("deadline"))),
        ]
        if row.get("reply"):
            parts.append(line("reply", row["reply"]))
            parts.append(line("closed_on", date_text(row.get("closed_on"))))
        parts.append("</table>")
        if progress:
            parts.append(f"<h4>{html.escape(progress_text)}</h4><ul>")
            for entry in progress:
                parts.append(
                    f"<li><b>{html.escape(date_text(entry.get('noted_on')))}</b> "
                    f"{html.escape(entry.get('text') or '')}</li>"
                )
            parts.append("</ul>")
        self.detail.setHtml("".join(parts))

    def _enable_actions(self) -> None:
        open_ = self.current is not None and self.current.get("status") != "closed"
        for widget in (
            self.add_progress,
            self.escalate,
            self.close_button,
            self.progress_text,
            self.reply_text,
            self.satisfaction,
        ):
            widget.setEnabled(open_)
        if self.current is not None and self.current.get("status") == "escalated":
            self.escalate.setEnabled(False)

    # actions --------------------------------------------------------------------------------
    def _run(self, fn: Any, clear: QPlainTextEdit | None = None) -> None:
        if self.current is None or self._acting:
            return  # one action at a time: a double-click wrote the same entry twice
        request_id = self.current["id"]
        set_error(self.error, "")
        self._acting = True

        def done(_: object) -> None:
            self._acting = False
            if clear is not None:
                clear.clear()
            self.ctx.notify("request", request_id)

        def failed(exc: BaseException) -> None:
            self._acting = False
            show_refusal(self.error, exc)

        self.ctx.tasks.run(lambda: fn(request_id), done, failed, parent=self)

    def _add_progress(self) -> None:
        text, ws = self.progress_text.toPlainText(), self.ctx.ws
        if not text.strip():
            set_error(self.error, self.tr("Write what was done first."))
            return
        self._run(lambda rid: requests.add_progress(ws, rid, text), self.progress_text)

    def _escalate(self) -> None:
        ws = self.ctx.ws
        self._run(lambda rid: ui_support.escalate_request(ws, rid))

    def _close(self) -> None:
        reply, ws = self.reply_text.toPlainText(), self.ctx.ws
        satisfaction = self.satisfaction.currentData()
        self._run(
            lambda rid: requests.close_request(ws, rid, reply, satisfaction=satisfaction),
            self.reply_text,
        )

    def _open_household(self, index: QModelIndex) -> None:
        row = self.model.rows[index.row()]
        if row.get("household_id"):
            self.ctx.bus.open_household.emit(row["household_id"])


register_page(
    PageSpec(
        key="requests",
        title=lambda: QCoreApplication.translate("Pages", "Requests"),
        icon=QStyle.StandardPixmap.SP_MessageBoxInformation,
        factory=RequestsPage,
        order=40,
        badge=overdue_count,
        shortcut="Ctrl+4",
    )
)
