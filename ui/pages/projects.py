"""项目: the expropriation projects with their household and request counts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from domain.choices import PROJECT_KINDS, PROJECT_STAGES
from services import ui_support
from ui import i18n
from ui.context import AppContext
from ui.forms import RecordDialog
from ui.registry import PageSpec, register_page
from ui.widgets import ReloadOnChange, SharedRoom, restore_layout, save_columns

# Widths a person dragged (projects/header kept every width, the program's too, and a list
# restored them on a narrower screen and scrolled sideways; the old key is left unread).
COLUMNS_KEY = "projects/columns"


class ProjectsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("projectsPage")
        self.ctx = ctx
        self.table = QTableWidget(0, 10, self)
        self.table.setObjectName("projectTable")
        headers = [
            i18n.field_label("project", f)
            for f in ("code", "name", "district", "sub_district", "kind", "stage", "plan_year")
        ]
        headers += [self.tr("Households"), self.tr("Signed"), self.tr("Open requests")]
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self._restored = False  # a layout the person made is kept as it is
        # the year and counts stay whole; a long name takes the spare width (cut at 220 px
        # before, with half the screen empty to its right)
        self.columns_room = SharedRoom(self.table, whole=range(6, 10), extra=8)
        self.table.itemActivated.connect(self._open)
        new = QPushButton(self.tr("New project…"), self)
        new.setObjectName("newProject")
        new.clicked.connect(self.new_project)
        hint = QLabel(
            self.tr("Double-click a project or press Enter to list its households."), self
        )
        hint.setStyleSheet("color: #5f6368;")
        top = QHBoxLayout()
        top.addWidget(hint, 1)
        top.addWidget(new)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self._restored = restore_layout(ctx.state, COLUMNS_KEY, self.table.horizontalHeader())
        self.reloader = ReloadOnChange(self, ctx.bus, self.reload)
        self.reload()

    def activated(self) -> None:
        self.reloader.activated()

    def save_state(self) -> None:
        save_columns(self.ctx.state, COLUMNS_KEY, self.columns_room)

    def reload(self) -> None:
        ws = self.ctx.ws
        self.ctx.tasks.run(lambda: ui_support.list_projects(ws), self._show, key="projects-page")

    def _show(self, projects: list[dict[str, Any]]) -> None:
        table = self.table
        table.setSortingEnabled(False)
        table.setRowCount(len(projects))
        for r, p in enumerate(projects):
            cells: list[Any] = [
                p.get("code") or "",
                p.get("name") or "",
                p.get("district") or "",
                p.get("sub_district") or "",
                i18n.choice(PROJECT_KINDS, p.get("kind")),
                i18n.choice(PROJECT_STAGES, p.get("stage")),
                p.get("plan_year") or "",
                p.get("household_count") or 0,
                p.get("signed_count") or 0,
                p.get("open_requests") or 0,
            ]
            for c, value in enumerate(cells):
                item = QTableWidgetItem()
                item.setData(Qt.ItemDataRole.DisplayRole, value)
                item.setData(Qt.ItemDataRole.UserRole, p["id"])
                if isinstance(value, int):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                table.setItem(r, c, item)
        table.setSortingEnabled(True)
        self._fit()

    def _fit(self) -> None:
        """Every column in view at 1366 px in English too (Signed and Open requests were
        beyond the edge): a title keeps the sort arrow's room only where it is drawn."""
        if not self._restored:
            self.columns_room.fit()

    def _open(self, item: QTableWidgetItem) -> None:
        self.ctx.bus.show_project.emit(str(item.data(Qt.ItemDataRole.UserRole)))

    def new_project(self) -> None:
        ws = self.ctx.ws
        profile = self.ctx.profile
        dialog = RecordDialog(
            self.ctx,
            self.tr("New project"),
            "project",
            (
                "code",
                "name",
                "district",
                "sub_district",
                "kind",
                "stage",
                "plan_year",
                "households_planned",
                "area_m2",
            ),
            lambda values: ws.create(
                "project", {k: v for k, v in values.items() if v not in ("", None)}
            ),
            lambda project_id: self.ctx.notify("project", str(project_id)),
            self,
        )
        if profile is not None:
            dialog.form.set_values(
                {"district": profile.district, "sub_district": profile.sub_district}
            )
        dialog.open()


register_page(
    PageSpec(
        key="projects",
        title=lambda: QCoreApplication.translate("Pages", "Projects"),
        icon=QStyle.StandardPixmap.SP_DirIcon,
        factory=ProjectsPage,
        order=10,
        shortcut="Ctrl+1",
    )
)
