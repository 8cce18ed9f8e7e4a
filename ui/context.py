"""What every page and dialog is given: the open workspace, where its files are, the task
runner, UI-state settings, and the signals that keep pages in step with each other."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal

from ui.config import Config
from ui.tasks import Tasks

if TYPE_CHECKING:  # the password dialog (ui.forms -> here) shows before the database layer loads
    from services.workspace import Profile, Workspace


class Bus(QObject):
    # entity ("household", "visit", …) and record id after a change was committed here
    changed = Signal(str, str)
    # the household a caseworker is looking at ("" when none): Ctrl+N records a visit for it
    household_selected = Signal(str)
    # ask the main window to show a household's page
    open_household = Signal(str)
    # ask the main window to open the visit form for a household (id, what to call it)
    record_visit = Signal(str, str)
    # ask the main window to list a project's households
    show_project = Signal(str)


@dataclass
class AppContext:
    ws: Workspace
    db_path: Path
    data_dir: Path
    config: Config
    state: QSettings
    tasks: Tasks
    bus: Bus = field(default_factory=Bus)
    profile: Profile | None = None
    current_household: str = ""
    current_title: str = ""

    def __post_init__(self) -> None:
        from ui import drafts  # drafts are sealed under this workspace's key

        drafts.use_workspace(self.ws)

    def select_household(self, household_id: str, title: str = "") -> None:
        self.current_household, self.current_title = household_id, title
        self.bus.household_selected.emit(household_id)

    @property
    def drafts_dir(self) -> Path:
        return self.data_dir / "drafts"

    def notify(self, entity: str, record_id: str = "") -> None:
        self.bus.changed.emit(entity, record_id)

    def close_workspace(self) -> None:
        """Close the database after the pages' background work: their results are dropped, the
        work not yet started never starts, the running work ends first (its connection is not
        pulled away under it). A read after this is refused in one sentence (db_closed)."""
        self.tasks.retire()
        self.ws.close()
