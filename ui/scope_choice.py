"""The dispatch scope and week as the dashboard and the weekly report let a person choose them:
a kind combo (all / district / sub-district / project), a value combo whose entries follow the
kind (a sub-district's value is "district<TAB>sub-district", as two districts may share a
sub-district's name), and the last weeks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QComboBox

from services import figures
from services.figures import Scope
from ui import i18n

WEEKS_OFFERED = 12


def value_items(kind: str, projects: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(value, text) entries of the value combo for `kind`, from the projects there are."""
    if kind == "district":
        names = sorted({str(p["district"]) for p in projects if p.get("district")})
        return [(name, name) for name in names]
    if kind == "sub_district":
        pairs = sorted({(str(p["district"]), str(p["sub_district"])) for p in projects})
        return [(f"{d}\t{s}", f"{d} {s}") for d, s in pairs]
    if kind == "project":
        return [(str(p["id"]), i18n.bracketed(p["name"], p["code"])) for p in projects]
    return []


def scope_of(kind: str, value: Any) -> Scope:
    """The Scope the two combos stand for (everything when no value is chosen)."""
    if kind == "all" or not value:
        return Scope.all()
    if kind == "sub_district":
        district, _, sub = str(value).partition("\t")
        return Scope.sub_district(sub, district or None)
    if kind == "district":
        return Scope.of_district(str(value))
    return Scope.project(str(value))


def fill_weeks(combo: QComboBox, label: str, today: dt.date) -> None:
    """The last WEEKS_OFFERED weeks up to `today`'s, newest first; `label` is the translated
    "%1 (%2 to %3)": week, first and last day."""
    combo.blockSignals(True)
    combo.clear()
    for week in reversed(figures.weeks_back(figures.week_of(today), WEEKS_OFFERED)):
        start, end = figures.week_bounds(week)
        text = label.replace("%1", week).replace("%2", f"{start:%m-%d}")
        combo.addItem(text.replace("%3", f"{end:%m-%d}"), week)
    combo.blockSignals(False)
