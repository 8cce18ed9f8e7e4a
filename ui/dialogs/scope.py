"""The hub's dialog for a laptop's scope: the whole district's data, a district (and
sub-district), or chosen projects. Returns a domain Scope (None: everything); the sync page
saves it as a new signed registry version."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from domain.errors import UserError
from domain.scope import Scope


class ScopeDialog(QDialog):
    def __init__(
        self,
        device_name: str,
        current: Scope | None,
        projects: list[tuple[str, str, str]],
        parent: QWidget | None = None,
        *,
        new_in: str = "",
    ) -> None:
        """`new_in`: a laptop being enrolled in this district: the dialog starts at the district
        with the sub-district to fill in (a laptop holds only what its caseworkers need)."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Scope of “%1”").replace("%1", device_name))
        self.result_scope: Scope | None = None
        explain = QLabel(
            self.tr(
                "The laptop will hold only these records; what leaves is removed from it at its "
                "next import (its unsent edits still reach the hub)."
            ),
            self,
        )
        explain.setWordWrap(True)
        self.everything = QRadioButton(self.tr("All data of the district"), self)
        self.everything.setObjectName("scopeEverything")
        self.by_area = QRadioButton(self.tr("A district and sub-district"), self)
        self.by_area.setObjectName("scopeByArea")
        self.by_projects = QRadioButton(self.tr("Chosen projects"), self)
        self.by_projects.setObjectName("scopeByProjects")
        group = QButtonGroup(self)
        for button in (self.everything, self.by_area, self.by_projects):
            group.addButton(button)
        self.district = QLineEdit(self)
        self.district.setObjectName("scopeDistrict")
        self.sub_district = QLineEdit(self)
        self.sub_district.setObjectName("scopeSubDistrict")
        self.sub_district.setPlaceholderText(self.tr("empty: the whole district"))
        area = QFormLayout()
        area.addRow(self.tr("District"), self.district)
        area.addRow(self.tr("Sub-district"), self.sub_district)
        self.projects = QListWidget(self)
        self.projects.setObjectName("scopeProjects")
        chosen = set(current.projects) if current else set()
        for project_id, code, name in projects:
            item = QListWidgetItem(f"{code}  {name}", self.projects)
            item.setData(Qt.ItemDataRole.UserRole, project_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = project_id in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        if current is None and new_in:
            self.by_area.setChecked(True)
            self.district.setText(new_in)
            self.sub_district.setFocus()
        elif current is None:
            self.everything.setChecked(True)
        elif current.projects:
            self.by_projects.setChecked(True)
        else:
            self.by_area.setChecked(True)
            self.district.setText(current.district)
            self.sub_district.setText(current.sub_district)
        self.error = QLabel(self)
        self.error.setObjectName("scopeError")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.everything)
        layout.addWidget(self.by_area)
        layout.addLayout(area)
        layout.addWidget(self.by_projects)
        layout.addWidget(self.projects, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(480, 460)

    def chosen(self) -> Scope | None:
        """The scope the dialog shows; UserError when it names none."""
        if self.everything.isChecked():
            return None
        if self.by_area.isChecked():
            return Scope.area(self.district.text(), self.sub_district.text())
        ids = [
            str(self.projects.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.projects.count())
            if self.projects.item(i).checkState() == Qt.CheckState.Checked
        ]
        return Scope.of_projects(ids)

    def accept(self) -> None:
        try:
            self.result_scope = self.chosen()
        except UserError as exc:
            self.error.setText(str(exc))  # one sentence; the dialog stays open
            return
        super().accept()
