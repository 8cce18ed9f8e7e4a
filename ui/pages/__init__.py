"""The pages of the main window. Each module registers itself (ui.registry.register_page) when
imported; a new page is a new module here plus its name in MODULES."""

from __future__ import annotations

import importlib

MODULES = ("projects", "households", "visits", "requests")


def load_pages() -> None:
    for name in MODULES:
        importlib.import_module(f"{__name__}.{name}")
