"""补偿方案: the compensation policies — a list (project policies and district templates) and an
editor for one: its name, status, flat settlement price and default transition months, and its
line items, each of a fixed kind (domain.compensation.KINDS) with the parameters of that kind,
the options and the uses it applies to. No formula language: a kind and its numbers.

Saving checks the whole policy with domain.compensation.parse_policy (one sentence when wrong,
nothing written) and writes it as the next version (services.policies.save_policy refuses when
someone else saved meanwhile). Import and export a small JSON file; copy a template into a
project.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from domain import compensation as comp
from domain.choices import POLICY_STATUSES
from domain.errors import UserError
from services import policies, ui_support
from services.policies import PolicyRow
from ui import errors, i18n
from ui.context import AppContext
from ui.forms import error_label, set_error
from ui.registry import PageSpec, register_page
from ui.widgets import ReloadOnChange

LINE_PARAMS = ("price", "minimum", "amount", "percent")


def kind_label(code: str) -> str:
    zh, en = comp.KIND_NAMES[code]
    return zh if i18n.lang() == "zh" else en


class ItemEditor(QGroupBox):
    """One line item: its key, name, kind, options, uses and the parameters of its kind."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("policyItemEditor")
        self.setTitle(self.tr("Line item"))
        self.item: dict[str, Any] | None = None
        self.earlier: list[tuple[str, str]] = []
        self._filling = False
        self.key = QLineEdit(self)
        self.key.setObjectName("itemKey")
        self.name = QLineEdit(self)
        self.name.setObjectName("itemName")
        self.kind = QComboBox(self)
        self.kind.setObjectName("itemKind")
        for code in comp.KINDS:
            self.kind.addItem(kind_label(code), code)
        self.options = {code: QCheckBox(self._option(code), self) for code in comp.OPTIONS}
        self.uses = {code: QCheckBox(self._use(code), self) for code in comp.USES}
        self.source = QComboBox(self)
        for code, label in (
            ("policy_price", self.tr("the policy's price per m²")),
            ("assessed_price", self.tr("the household's assessed price per m²")),
            ("assessed_value", self.tr("the household's assessed value")),
        ):
            self.source.addItem(label, code)
        self.price = QLineEdit(self)
        self.price.setObjectName("itemPrice")
        self.minimum = QLineEdit(self)
        self.amount = QLineEdit(self)
        self.amount.setObjectName("itemAmount")
        self.percent = QLineEdit(self)
        self.grades = {code: QLineEdit(self) for code in comp.GRADES}
        self.times = {code: QSpinBox(self) for code in comp.OPTIONS}
        for spin in self.times.values():
            spin.setRange(1, 4)
        self.months = QSpinBox(self)
        self.months.setRange(-1, comp.MAX_MONTHS)
        self.months.setSpecialValueText(self.tr("until the flat is delivered"))
        self.unit = QComboBox(self)
        for code, label in (
            ("fixed", self.tr("a sum per household")),
            ("per_m2", self.tr("a sum per m²")),
            ("percent", self.tr("a percentage of other lines")),
        ):
            self.unit.addItem(label, code)
        self.of = QListWidget(self)
        self.of.setMaximumHeight(90)
        self.tiers = QTableWidget(0, 2, self)
        self.tiers.setObjectName("itemTiers")
        self.tiers.setHorizontalHeaderLabels(
            [self.tr("Until (yyyy-mm-dd, empty: any later date)"), self.tr("Value")]
        )
        self.tiers.horizontalHeader().setStretchLastSection(True)
        self.tiers.setMaximumHeight(130)
        add_tier = QPushButton(self.tr("Add tier"), self)
        add_tier.clicked.connect(lambda: self.tiers.insertRow(self.tiers.rowCount()))
        remove_tier = QPushButton(self.tr("Remove tier"), self)
        remove_tier.clicked.connect(lambda: self.tiers.removeRow(self.tiers.currentRow()))

        form = QFormLayout(self)
        form.addRow(self.tr("Key"), self.key)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Kind"), self.kind)
        boxes = QGridLayout()  # two rows: options, then uses (narrow enough for 1366 px)
        for column, box in enumerate(self.options.values()):
            boxes.addWidget(box, 0, column)
        for column, box in enumerate(self.uses.values()):
            boxes.addWidget(box, 1, column)
        form.addRow(self.tr("Applies to"), boxes)
        self.rows: dict[str, list[QWidget]] = {}

        def row(name: str, label: str, widget: QWidget | QHBoxLayout | QGridLayout) -> None:
            if isinstance(widget, QWidget):
                holder = widget
            else:
                holder = QWidget(self)
                holder.setLayout(widget)
            form.addRow(label, holder)
            self.rows.setdefault(name, []).append(holder)

        row("source", self.tr("Price from"), self.source)
        row("price", self.tr("Price (yuan per m², or per m² per month)"), self.price)
        row("minimum", self.tr("Minimum (yuan, per time)"), self.minimum)
        times = QHBoxLayout()
        for code, spin in self.times.items():
            times.addWidget(QLabel(self._option(code), self))
            times.addWidget(spin)
        row("times", self.tr("Times"), times)
        grades = QGridLayout()
        for index, (code, edit) in enumerate(self.grades.items()):
            name = comp.GRADE_NAMES[code][0 if i18n.lang() == "zh" else 1]
            grades.addWidget(QLabel(name, self), index // 2, (index % 2) * 2)
            grades.addWidget(edit, index // 2, (index % 2) * 2 + 1)
        row("grades", self.tr("Price per m² by grade"), grades)

        row("months", self.tr("Months"), self.months)
        row("amount", self.tr("Amount (yuan)"), self.amount)
        row("percent", self.tr("Percentage"), self.percent)
        row("unit", self.tr("Each tier is"), self.unit)
        row("of", self.tr("Of the lines"), self.of)
        tier_buttons = QHBoxLayout()
        tier_buttons.addWidget(add_tier)
        tier_buttons.addWidget(remove_tier)
        tier_buttons.addStretch(1)
        row("tiers", self.tr("Tiers by signing date"), self.tiers)
        row("tiers", "", tier_buttons)
        self.kind.currentIndexChanged.connect(self._show_rows)
        self.unit.currentIndexChanged.connect(self._show_rows)
        self.source.currentIndexChanged.connect(self._show_rows)
        # only the first kind's rows until an item is shown: all of them at once are taller than
        # a 768-pixel screen, and the window would grow past its bottom edge
        self._show_rows()
        self.setEnabled(False)

    def _option(self, code: str) -> str:
        return comp.OPTION_NAMES[code][0 if i18n.lang() == "zh" else 1]

    def _use(self, code: str) -> str:
        return comp.USE_NAMES[code][0 if i18n.lang() == "zh" else 1]

    def _show_rows(self) -> None:
        kind = self.kind.currentData()
        visible = {
            "area_price": {"source"} | ({"price"} if self.source.currentData() == "policy_price" else set()),
            "grade_area": {"grades"},
            "area_minimum": {"price", "minimum", "times"},
            "monthly": {"price", "months"},
            "fixed": {"amount"},
            "percent": {"percent", "of"},
            "date_tiers": {"unit", "tiers"} | ({"of"} if self.unit.currentData() == "percent" else set()),
        }[kind]  # fmt: skip
        form = self.layout()
        assert isinstance(form, QFormLayout)
        for name, widgets in self.rows.items():
            for widget in widgets:
                form.setRowVisible(widget, name in visible)

    def edit(self, item: dict[str, Any] | None, earlier: list[tuple[str, str]]) -> None:
        """Show `item` (the JSON form, edited in place by `store`)."""
        self.item, self.earlier = item, earlier
        self.setEnabled(item is not None)
        if item is None:
            return
        self._filling = True
        self.key.setText(str(item.get("key", "")))
        self.name.setText(str(item.get("name", "")))
        self.kind.setCurrentIndex(max(self.kind.findData(item.get("kind")), 0))
        for code, box in self.options.items():
            box.setChecked(code in item.get("options", comp.OPTIONS))
        for code, box in self.uses.items():
            box.setChecked(code in item.get("uses", comp.USES))
        self.source.setCurrentIndex(max(self.source.findData(item.get("source")), 0))
        for name in LINE_PARAMS:
            getattr(self, name).setText(str(item.get(name, "") or ""))
        for code, edit in self.grades.items():
            edit.setText(str((item.get("grades") or {}).get(code, "")))
        for code, spin in self.times.items():
            spin.setValue(int((item.get("times") or {}).get(code, 1)))
        months = item.get("months")
        self.months.setValue(-1 if months is None else int(months))
        self.unit.setCurrentIndex(max(self.unit.findData(item.get("unit", "fixed")), 0))
        self.of.clear()
        for key, name in earlier:
            entry = QListWidgetItem(i18n.bracketed(name, key), self.of)
            entry.setData(Qt.ItemDataRole.UserRole, key)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(
                Qt.CheckState.Checked if key in (item.get("of") or []) else Qt.CheckState.Unchecked
            )
        tiers = item.get("tiers") or []
        self.tiers.setRowCount(len(tiers))
        for r, tier in enumerate(tiers):
            self.tiers.setItem(r, 0, QTableWidgetItem(str(tier.get("until") or "")))
            self.tiers.setItem(r, 1, QTableWidgetItem(str(tier.get("value", ""))))
        self._filling = False
        self._show_rows()

    def store(self) -> None:
        """Write what the widgets show back into the item (only the keys of its kind)."""
        item = self.item
        if item is None or self._filling:
            return
        kind = str(self.kind.currentData())
        kept: dict[str, Any] = {
            "key": self.key.text().strip(),
            "name": self.name.text().strip(),
            "kind": kind,
            "options": [c for c, box in self.options.items() if box.isChecked()],
            "uses": [c for c, box in self.uses.items() if box.isChecked()],
        }
        if kind == "area_price":
            kept["source"] = self.source.currentData()
            if kept["source"] == "policy_price":
                kept["price"] = self.price.text().strip()
        elif kind == "grade_area":
            kept["grades"] = {
                c: e.text().strip() for c, e in self.grades.items() if e.text().strip()
            }
        elif kind == "area_minimum":
            kept |= {
                "price": self.price.text().strip(),
                "minimum": self.minimum.text().strip() or "0",
            }
            kept["times"] = {c: s.value() for c, s in self.times.items()}
        elif kind == "monthly":
            kept["price"] = self.price.text().strip()
            if self.months.value() >= 0:
                kept["months"] = self.months.value()
        elif kind == "fixed":
            kept["amount"] = self.amount.text().strip()
        elif kind == "percent":
            kept |= {"percent": self.percent.text().strip(), "of": self._checked_of()}
        else:
            kept["unit"] = self.unit.currentData()
            if kept["unit"] == "percent":
                kept["of"] = self._checked_of()
            kept["tiers"] = [
                {"until": self._cell(r, 0) or None, "value": self._cell(r, 1)}
                for r in range(self.tiers.rowCount())
                if self._cell(r, 0) or self._cell(r, 1)
            ]
        item.clear()
        item.update(kept)

    def _cell(self, row: int, column: int) -> str:
        found = self.tiers.item(row, column)
        return found.text().strip() if found else ""

    def _checked_of(self) -> list[str]:
        return [
            str(self.of.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.of.count())
            if self.of.item(i).checkState() == Qt.CheckState.Checked
        ]


class PoliciesPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("policiesPage")
        self.ctx = ctx
        self.rows: list[PolicyRow] = []
        self.current: PolicyRow | None = None
        self.items: list[dict[str, Any]] = []

        self.listing = QListWidget(self)
        self.listing.setObjectName("policyList")
        self.listing.setSpacing(3)
        self.listing.setWordWrap(True)
        self.listing.currentRowChanged.connect(self._chosen)
        new_button = QPushButton(self.tr("New policy"), self)
        new_button.setObjectName("newPolicy")
        new_button.setToolTip(self.tr("A district template with one item, to fill in"))
        new_button.clicked.connect(self.new_policy)
        import_button = QPushButton(self.tr("Import JSON…"), self)
        import_button.setObjectName("importPolicy")
        import_button.clicked.connect(self.import_file)
        self.export_button = QPushButton(self.tr("Export JSON…"), self)
        self.export_button.setObjectName("exportPolicy")
        self.export_button.clicked.connect(self.export_file)
        self.copy_project = QComboBox(self)
        self.copy_project.setObjectName("copyToProject")
        self.copy_button = QPushButton(self.tr("Copy into project"), self)
        self.copy_button.setObjectName("copyPolicy")
        self.copy_button.clicked.connect(self.copy_into_project)
        left = QWidget(self)
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addWidget(self.listing, 1)
        files = QHBoxLayout()
        files.addWidget(new_button)
        files.addWidget(import_button)
        files.addWidget(self.export_button)
        left_box.addLayout(files)
        left_box.addWidget(self.copy_project)
        left_box.addWidget(self.copy_button)

        self.name = QLineEdit(self)
        self.name.setObjectName("policyName")
        self.status = QComboBox(self)
        self.status.setObjectName("policyStatus")
        for choice in POLICY_STATUSES:
            self.status.addItem(i18n.choice(POLICY_STATUSES, choice.code), choice.code)
        self.flat_price = QLineEdit(self)
        self.flat_price.setObjectName("policyFlatPrice")
        self.default_months = QSpinBox(self)
        self.default_months.setRange(0, comp.MAX_MONTHS)
        self.version = QLabel(self)
        self.version.setObjectName("policyVersion")
        header = QFormLayout()
        header.addRow(self.tr("Name"), self.name)
        header.addRow(self.tr("Status"), self.status)
        header.addRow(self.tr("Flat settlement price (yuan per m²)"), self.flat_price)
        header.addRow(self.tr("Transition months when no flat is chosen"), self.default_months)
        header.addRow(self.tr("Version"), self.version)

        self.item_list = QListWidget(self)
        self.item_list.setObjectName("policyItems")
        self.item_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.item_list.currentRowChanged.connect(self._item_chosen)
        self.editor = ItemEditor(self)
        buttons = QHBoxLayout()
        for label, name, slot in (
            (self.tr("Add item"), "addItem", self.add_item),
            (self.tr("Remove item"), "removeItem", self.remove_item),
            (self.tr("Up"), "itemUp", lambda: self.move_item(-1)),
            (self.tr("Down"), "itemDown", lambda: self.move_item(1)),
        ):
            button = QPushButton(label, self)
            button.setObjectName(name)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.save_button = QPushButton(self.tr("Save as new version"), self)
        self.save_button.setObjectName("savePolicy")
        self.save_button.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton)
        )
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.save_button)
        self.error = error_label(self)
        self.error.setObjectName("policyError")
        self.message = QLabel(self)
        self.message.setObjectName("policyMessage")
        items_row = QSplitter(Qt.Orientation.Horizontal, self)
        items_row.addWidget(self.item_list)
        items_row.addWidget(self.editor)
        items_row.setStretchFactor(1, 3)
        right = QWidget(self)
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        right_box.addLayout(header)
        right_box.addWidget(items_row, 1)
        right_box.addLayout(buttons)
        right_box.addWidget(self.error)
        right_box.addWidget(self.message)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.reloader = ReloadOnChange(self, ctx.bus, self.reload, ("policy", "project"))
        self.reload()

    def activated(self) -> None:
        self.reloader.activated()

    # loading ----------------------------------------------------------------------------------
    def reload(self) -> None:
        ws = self.ctx.ws
        self.ctx.tasks.run(
            lambda: (policies.list_policies(ws), ui_support.list_projects(ws)),
            self._show,
            key="policies-page",
        )

    def _show(self, found: tuple[list[PolicyRow], list[dict[str, Any]]]) -> None:
        rows, projects = found
        keep = self.current.id if self.current else None
        self.rows = rows
        self.listing.blockSignals(True)
        self.listing.clear()
        for row in rows:
            status = i18n.choice(POLICY_STATUSES, row.status)
            template = self.tr("district template")
            where = f"{row.project_name} · {status}" if row.project_name else template
            entry = QListWidgetItem(f"{row.label}\n{where}")
            entry.setData(Qt.ItemDataRole.UserRole, row.id)
            self.listing.addItem(entry)
        self.listing.blockSignals(False)
        self.copy_project.clear()
        for project in projects:
            # The code only (long names would be cut in the narrow list); the name as a tip.
            self.copy_project.addItem(
                project.get("code") or project.get("name") or "", project["id"]
            )
            self.copy_project.setItemData(
                self.copy_project.count() - 1,
                project.get("name") or "",
                Qt.ItemDataRole.ToolTipRole,
            )
        index = next((i for i, r in enumerate(rows) if r.id == keep), 0 if rows else -1)
        self.listing.setCurrentRow(index)
        if index >= 0:
            self._chosen(index)

    def _chosen(self, index: int) -> None:
        if not 0 <= index < len(self.rows):
            self.current = None
            return
        row = self.rows[index]
        self.current = row
        body = comp.policy_to_json(row.policy)
        self.name.setText(row.name)
        self.status.setCurrentIndex(max(self.status.findData(row.status), 0))
        self.flat_price.setText(body.get("exchange_flat_price") or "")
        self.default_months.setValue(row.policy.default_months)
        self.version.setText(str(row.version))
        self.items = copy.deepcopy(body["items"])
        self.note = row.policy.note
        self.district = row.policy.district
        self._fill_items(0)
        set_error(self.error, "")

    def _fill_items(self, select: int) -> None:
        self.item_list.blockSignals(True)
        self.item_list.clear()
        for item in self.items:
            self.item_list.addItem(
                i18n.bracketed(str(item.get("name", "")), kind_label(str(item.get("kind"))))
            )
        self.item_list.blockSignals(False)
        self.item_list.setCurrentRow(min(select, len(self.items) - 1))
        self._item_chosen(self.item_list.currentRow())

    def _item_chosen(self, index: int) -> None:
        self.editor.store()
        if 0 <= index < len(self.items):
            earlier = [(str(i.get("key")), str(i.get("name"))) for i in self.items[:index]]
            self.editor.edit(self.items[index], earlier)
        else:
            self.editor.edit(None, [])

    # items ------------------------------------------------------------------------------------
    def add_item(self) -> None:
        self.editor.store()
        keys = {str(i.get("key")) for i in self.items}
        number = len(self.items) + 1
        while f"item{number}" in keys:
            number += 1
        self.items.append(
            {"key": f"item{number}", "name": self.tr("New item"), "kind": "fixed", "amount": "0"}
        )
        self._fill_items(len(self.items) - 1)

    def remove_item(self) -> None:
        index = self.item_list.currentRow()
        if 0 <= index < len(self.items):
            self.editor.item = None
            del self.items[index]
            self._fill_items(max(index - 1, 0))

    def move_item(self, step: int) -> None:
        self.editor.store()
        index = self.item_list.currentRow()
        target = index + step
        if 0 <= index < len(self.items) and 0 <= target < len(self.items):
            self.items[index], self.items[target] = self.items[target], self.items[index]
            self.editor.item = None
            self._fill_items(target)

    def raw(self) -> dict[str, Any]:
        """The policy as the editor shows it, in its JSON form."""
        self.editor.store()
        raw: dict[str, Any] = {
            "name": self.name.text(),
            "district": getattr(self, "district", ""),
            "note": getattr(self, "note", ""),
            "default_months": self.default_months.value(),
            "items": copy.deepcopy(self.items),
        }
        if self.flat_price.text().strip():
            raw["exchange_flat_price"] = self.flat_price.text().strip()
        return raw

    def save(self) -> None:
        current = self.current
        if current is None:
            return
        try:
            policy = comp.parse_policy(self.raw())
        except UserError as exc:
            set_error(self.error, str(exc))
            return
        set_error(self.error, "")
        ws, status = self.ctx.ws, str(self.status.currentData())

        def done(version: int) -> None:
            self.message.setText(self.tr("Saved as version %1.").replace("%1", str(version)))
            self.ctx.notify("policy", current.id)
            self.reload()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, UserError):
                set_error(self.error, str(exc))
            else:
                errors.show_error(self, exc)

        self.ctx.tasks.run(
            lambda: policies.save_policy(
                ws, current.id, policy, expected_version=current.version, status=status
            ),
            done,
            failed,
            parent=self,
        )

    # files and copies -------------------------------------------------------------------------
    def import_file(self, path: Path | None = None) -> None:
        if path is None:
            chosen, _f = QFileDialog.getOpenFileName(
                self, self.tr("Import a policy"), str(Path.home()), "JSON, Excel (*.json *.xlsx)"
            )
            if not chosen:
                return
            path = Path(chosen)
        ws, file = self.ctx.ws, path
        self._run(lambda: policies.import_policy(ws, file), self.tr("Imported."))

    def export_file(self, path: Path | None = None) -> None:
        current = self.current
        if current is None:
            return
        if path is None:
            chosen, _f = QFileDialog.getSaveFileName(
                self,
                self.tr("Export the policy"),
                str(Path.home() / f"{current.name}.json"),
                "JSON (*.json);;Excel (*.xlsx)",
            )
            if not chosen:
                return
            path = Path(chosen)
        ws, out = self.ctx.ws, path
        self._run(lambda: policies.export_policy(ws, current.id, out), self.tr("Exported."))

    def new_policy(self) -> None:
        ws = self.ctx.ws
        profile = self.ctx.profile
        raw = {
            "name": self.tr("New compensation policy"),
            "district": profile.district if profile else "",
            "items": [
                {
                    "key": "house_value",
                    "name": "被征收房屋价值补偿",
                    "kind": "area_price",
                    "source": "assessed_price",
                }
            ],
        }
        policy = comp.parse_policy(raw)
        self._run(lambda: policies.create_policy(ws, policy), self.tr("Created."))

    def copy_into_project(self) -> None:
        current, project = self.current, self.copy_project.currentData()
        if current is None or not project:
            return
        ws = self.ctx.ws
        self._run(
            lambda: policies.copy_policy(ws, current.id, str(project)),
            self.tr("Copied into the project (in force there)."),
        )

    def _run(self, job: Any, message: str) -> None:
        def done(_result: object) -> None:
            self.message.setText(message)
            self.ctx.notify("policy", "")
            self.reload()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, UserError):
                set_error(self.error, str(exc))
            else:
                errors.show_error(self, exc)

        set_error(self.error, "")
        self.ctx.tasks.run(job, done, failed, parent=self)


register_page(
    PageSpec(
        key="policies",
        title=lambda: QCoreApplication.translate("Pages", "Compensation policies"),
        icon=QStyle.StandardPixmap.SP_FileDialogDetailedView,
        factory=PoliciesPage,
        order=36,
    )
)
