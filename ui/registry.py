"""The pages of the main window's navigation, registered by the modules that build them.

A page module calls `register_page` at import time; ui/pages/__init__.py lists the modules to
import. The main window builds its navigation from `pages()` in `order`, and knows nothing else
about them:

    register_page(PageSpec(
        key="sync",
        title=lambda: QCoreApplication.translate("Pages", "Sync"),
        icon=QStyle.StandardPixmap.SP_BrowserReload,
        factory=SyncPage,                      # called with the AppContext; returns a QWidget
        order=50,
        badge=lambda ws: len(ws.conflicts()),  # optional; runs off the GUI thread; 0/None hides
        shortcut="Ctrl+5",
    ))

A page widget may define `activated()` (called each time it is shown) and `refresh()` (called
after data changed elsewhere while it was hidden, when it is shown again).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QStyle, QWidget

if TYPE_CHECKING:
    from services.workspace import Workspace
    from ui.context import AppContext


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: Callable[[], str]
    icon: QStyle.StandardPixmap | Callable[[], QIcon]
    factory: Callable[[AppContext], QWidget]
    order: int = 100
    badge: Callable[[Workspace], int | None] | None = None
    shortcut: str | None = None

    def make_icon(self, style: QStyle) -> QIcon:
        if isinstance(self.icon, QStyle.StandardPixmap):
            return style.standardIcon(self.icon)
        return self.icon()


_pages: dict[str, PageSpec] = {}


def register_page(spec: PageSpec) -> PageSpec:
    """Add (or replace, by key) a page of the navigation."""
    _pages[spec.key] = spec
    return spec


def unregister_page(key: str) -> None:
    _pages.pop(key, None)


def pages() -> list[PageSpec]:
    return sorted(_pages.values(), key=lambda spec: (spec.order, spec.key))
