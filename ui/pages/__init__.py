"""The pages of the main window. Each module registers itself (ui.registry.register_page) when
imported; a new page is a new module here plus its name in MODULES."""

from __future__ import annotations

import importlib

MODULES: tuple[str, ...] = ("projects", "households", "visits", "requests")
MODULES += ("today", "project_ranking", "tickets", "flats", "dashboard")  # resettlement, dispatch
MODULES += ("policies", "policy_comparison")  # compensation policies and their comparison
MODULES += ("building_grid",)  # 楼盘表
MODULES += ("ui.reports_page",)  # documents and Excel (a full module name: it lives in ui/)
MODULES += ("ui.sync_page", "ui.conflicts_page")  # USB sync and conflict review


def load_pages() -> None:
    for name in MODULES:
        importlib.import_module(name if "." in name else f"{__name__}.{name}")
