"""The main window: navigation built from the page registry, the status bar naming the open
database and profile, the global shortcuts (Ctrl+F find, Ctrl+N record a visit) and the window
state that persists between runs."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QByteArray, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from domain.version import version
from services.sync import own_scope_label
from ui import i18n, registry
from ui.context import AppContext, Bus
from ui.drafts import Drafts
from ui.pages import load_pages
from ui.registry import PageSpec
from ui.settings_dialog import SettingsDialog
from ui.visit_form import DRAFT_KIND, VisitForm

log = logging.getLogger(__name__)
BADGE_REFRESH_MS = 800
MAXIMISE_AT_WIDTH = 1440  # a first window on a screen this wide or narrower is maximised


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.ctx = ctx
        # Qt appends the display name (入户通 / Doorstep) unless the title already ends in it
        self.setWindowTitle(i18n.app_name())
        load_pages()
        self.specs: list[PageSpec] = registry.pages()
        self.widgets: dict[str, QWidget] = {}
        self.badges: dict[str, int | None] = {}
        self.visit_forms: dict[str, VisitForm] = {}
        self._badge_timer = QTimer(self)
        self._badge_timer.setSingleShot(True)
        self._badge_timer.setInterval(BADGE_REFRESH_MS)
        self._badge_timer.timeout.connect(self.refresh_badges)

        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setSpacing(2)
        self.nav.setFrameShape(QFrame.Shape.NoFrame)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setStyleSheet(
            "#navigation { background: palette(window); font-size: 11pt; }"
            " #navigation::item { padding: 8px 6px; border-radius: 4px; }"
            " #navigation::item:selected { background: palette(highlight);"
            " color: palette(highlighted-text); }"
        )
        self.stack = QStackedWidget(self)
        for spec in self.specs:
            item = QListWidgetItem(spec.make_icon(self.style()), spec.title())
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            if spec.shortcut:
                item.setToolTip(spec.shortcut)
            self.nav.addItem(item)
            self.stack.addWidget(QWidget(self.stack))  # placeholder until first shown
        self.nav.setFixedWidth(self._nav_width())
        self.nav.currentRowChanged.connect(self.show_page_at)

        self.drafts_bar = self._build_drafts_bar()
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.drafts_bar)
        right_layout.addWidget(self.stack, 1)
        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.nav)
        layout.addWidget(right, 1)
        self.setCentralWidget(central)

        self._build_status_bar()
        self._build_menus()
        ctx.bus.record_visit.connect(self.open_visit_form)
        ctx.bus.open_household.connect(self.open_household)
        ctx.bus.show_project.connect(self.show_project)
        ctx.bus.changed.connect(self._count_badges_soon)

        self._restore_window()
        start = str(ctx.state.value("window/page", "households"))
        self.show_page(start if start in [s.key for s in self.specs] else "households")
        self.refresh_badges()
        self.refresh_drafts_bar()
        from ui.idle_lock import IdleLock  # the lock screen after N idle minutes

        self.idle_lock = IdleLock(self, ctx)

    # layout ---------------------------------------------------------------------------------
    def _nav_width(self, texts: list[str] | None = None) -> int:
        """Wide enough for every entry as shown (badges included), so the navigation never
        scrolls sideways: with 100 000 households a badge has five digits."""
        self.nav.ensurePolished()  # the style sheet's font size
        metrics = self.nav.fontMetrics()
        shown = texts or [s.title() + " (999)" for s in self.specs]
        widest = max((metrics.horizontalAdvance(text) for text in shown), default=80)
        return widest + self.nav.iconSize().width() + 48

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.db_label = QLabel(self)
        self.db_label.setObjectName("statusDatabase")
        # the file name only: a full path is wider than a 1366-pixel screen (tooltip has it)
        self.db_label.setText(self.tr("Database: %1").replace("%1", self.ctx.db_path.name))
        self.db_label.setToolTip(str(self.ctx.db_path))
        self.profile_label = QLabel(self)
        self.profile_label.setObjectName("statusProfile")
        profile = self.ctx.profile
        if profile is not None:
            who = f"{profile.caseworker} · {profile.district} {profile.sub_district} · {profile.device_name}"
        else:
            who = "—"
        self.profile_label.setText(self.tr("Profile: %1").replace("%1", who))
        self.scope_label = QLabel(self)
        self.scope_label.setObjectName("statusScope")
        self.refresh_scope()
        self.ctx.bus.changed.connect(
            lambda entity, _id: self.refresh_scope() if entity == "sync" else None
        )
        bar.addPermanentWidget(self.scope_label)
        bar.addPermanentWidget(self.profile_label)
        bar.addPermanentWidget(self.db_label)

    def refresh_scope(self) -> None:
        """Which part of the district this laptop holds (set by the hub; one-row read)."""
        if self.ctx.profile is None or self.ctx.profile.role == "hub":
            self.scope_label.hide()
            return
        label = own_scope_label(self.ctx.ws) or self.tr("whole district")
        self.scope_label.setText(self.tr("Scope: %1").replace("%1", label))
        self.scope_label.setToolTip(
            self.tr("This laptop holds only the records of its scope, set by the district office.")
        )
        self.scope_label.show()

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&File"))
        settings = QAction(self.tr("&Settings…"), self)
        settings.triggered.connect(self.open_settings)
        file_menu.addAction(settings)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        work = menu.addMenu(self.tr("&Work"))
        find = QAction(self.tr("&Find household"), self)
        find.setObjectName("actionFind")
        find.setShortcut(QKeySequence("Ctrl+F"))
        find.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        find.triggered.connect(self.find_household)
        work.addAction(find)
        visit = QAction(self.tr("Record &visit"), self)
        visit.setObjectName("actionRecordVisit")
        visit.setShortcut(QKeySequence("Ctrl+N"))
        visit.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        visit.triggered.connect(self.record_visit)
        work.addAction(visit)
        work.addSeparator()
        self.page_actions: list[QAction] = []
        for spec in self.specs:
            action = QAction(spec.title(), self)
            if spec.shortcut:
                action.setShortcut(QKeySequence(spec.shortcut))
            action.triggered.connect(lambda _c=False, key=spec.key: self.show_page(key))
            work.addAction(action)
            self.page_actions.append(action)
        help_menu = menu.addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About Doorstep"), self)
        about.triggered.connect(self.about)
        help_menu.addAction(about)

    def _build_drafts_bar(self) -> QFrame:
        bar = QFrame(self)
        bar.setObjectName("draftsBar")
        bar.setStyleSheet(
            "#draftsBar { background: #fff4d6; border: 1px solid #e0c36a; border-radius: 4px; }"
        )
        self.drafts_text = QLabel(bar)
        self.drafts_text.setWordWrap(True)
        button = QPushButton(self.tr("Continue"), bar)
        button.setObjectName("continueDraft")
        button.clicked.connect(self.continue_draft)
        row = QHBoxLayout(bar)
        row.addWidget(self.drafts_text, 1)
        row.addWidget(button)
        bar.hide()
        return bar

    # pages ----------------------------------------------------------------------------------
    def page(self, key: str) -> QWidget:
        """The page widget for `key`, made on first use."""
        if key not in self.widgets:
            index = [s.key for s in self.specs].index(key)
            widget = self.specs[index].factory(self.ctx)
            old = self.stack.widget(index)
            if old is not None:
                self.stack.removeWidget(old)
                old.deleteLater()
            self.stack.insertWidget(index, widget)
            self.widgets[key] = widget
        return self.widgets[key]

    def show_page(self, key: str) -> QWidget:
        index = [s.key for s in self.specs].index(key)
        if self.nav.currentRow() != index:
            self.nav.setCurrentRow(index)  # comes back through show_page_at
        else:
            self.show_page_at(index)
        return self.widgets[key]

    def show_page_at(self, index: int) -> None:
        if index < 0:
            return
        spec = self.specs[index]
        widget = self.page(spec.key)
        self.stack.setCurrentIndex(index)
        activated = getattr(widget, "activated", None)
        if callable(activated):
            activated()

    def current_key(self) -> str:
        row = self.nav.currentRow()
        return self.specs[row].key if row >= 0 else ""

    def _count_badges_soon(self) -> None:
        if self.isVisible():  # a closed window counts nothing (its store may be closed next)
            self._badge_timer.start()

    def refresh_badges(self) -> None:
        ws = self.ctx.ws
        wanted = [(s.key, s.badge) for s in self.specs if s.badge is not None]
        if not wanted:
            return

        def count() -> dict[str, int | None]:
            return {key: badge(ws) for key, badge in wanted if badge is not None}

        self.ctx.tasks.run(count, self._show_badges, key="nav-badges", parent=self)

    def _show_badges(self, counts: dict[str, int | None]) -> None:
        self.badges.update(counts)
        texts = []
        for row, spec in enumerate(self.specs):
            n = self.badges.get(spec.key)
            item = self.nav.item(row)
            item.setText(f"{spec.title()} ({n})" if n else spec.title())
            texts.append(item.text())
        self.nav.setFixedWidth(max(self._nav_width(), self._nav_width(texts)))

    # actions --------------------------------------------------------------------------------
    def find_household(self) -> None:
        page: Any = self.show_page("households")
        page.focus_search()

    def record_visit(self) -> None:
        """Ctrl+N: on the households page, for the household in its detail pane once a running
        search has delivered its rows; elsewhere, for the household chosen on that page."""
        page: Any = self.widgets.get("households")
        if page is not None and self.current_key() == "households":
            page.when_settled(lambda: self._record_visit_for(page.current_household()))
        else:
            self._record_visit_for(self.ctx.current_household)

    def _record_visit_for(self, household_id: str) -> None:
        if not household_id:
            self.statusBar().showMessage(self.tr("Choose a household first."), 5000)
            return
        self.open_visit_form(household_id)

    def open_visit_form(self, household_id: str, title: str = "") -> VisitForm:
        form = self.visit_forms.get(household_id)
        if form is not None:
            form.raise_()
            form.activateWindow()
            return form
        form = VisitForm(self.ctx, household_id, title, self)
        self.visit_forms[household_id] = form
        form.finished.connect(lambda _r: self._visit_form_closed(household_id))
        form.destroyed.connect(lambda _o=None: self.visit_forms.pop(household_id, None))
        form.saved.connect(lambda _id: self.statusBar().showMessage(self.tr("Visit saved."), 5000))
        form.show()
        return form

    def _visit_form_closed(self, household_id: str) -> None:
        self.visit_forms.pop(household_id, None)
        self.refresh_drafts_bar()

    def open_household(self, household_id: str) -> None:
        page: Any = self.show_page("households")
        page.show_household(household_id)

    def show_project(self, project_id: str) -> None:
        page: Any = self.show_page("households")
        page.show_project(project_id)

    def refresh_drafts_bar(self) -> None:
        pending = [
            d
            for d in Drafts(self.ctx.drafts_dir).all(DRAFT_KIND)
            if d.record_id not in self.visit_forms
        ]
        if not pending:
            self.drafts_bar.hide()
            return
        names = "、".join(d.title or d.record_id[-8:] for d in pending[:3])
        if len(pending) > 3:
            names += " …"
        self.drafts_text.setText(
            self.tr("Unsaved visit drafts (%1): %2")
            .replace("%1", str(len(pending)))
            .replace("%2", names)
        )
        self.drafts_bar.show()

    def continue_draft(self) -> None:
        pending = [
            d
            for d in Drafts(self.ctx.drafts_dir).all(DRAFT_KIND)
            if d.record_id not in self.visit_forms
        ]
        if pending:
            draft = pending[0]
            self.open_visit_form(draft.record_id, draft.title)
        self.refresh_drafts_bar()

    def open_settings(self) -> None:
        dialog = SettingsDialog(self.ctx, self)
        dialog.language_chosen.connect(self.switch_language)
        dialog.open()

    def switch_language(self, language: str) -> MainWindow:
        """Apply a new interface language at once: Qt's and our translators are swapped and
        the window is built again in that language where it stood (same page, same size);
        open visit forms keep their drafts, so nothing typed is lost."""
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        for form in list(self.visit_forms.values()):
            form.close()  # its draft is written; the new window offers it back
        self.save_state()
        self.ctx.tasks.wait(10_000)  # answers for this window's pages arrive while they live
        i18n.install(app, language)
        # A fresh bus: the old window's pages stop hearing about changes with it.
        fresh = MainWindow(replace(self.ctx, bus=Bus()))
        fresh.setWindowIcon(self.windowIcon())
        fresh.setGeometry(self.geometry())
        if self.isMaximized():
            fresh.showMaximized()
        else:
            fresh.show()
        _open_windows.append(fresh)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.close()
        return fresh

    def about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Doorstep"),
            self.tr("Doorstep (入户通) — offline casework for house expropriation.")
            + "\n"
            + self.tr("Version %1").replace("%1", version()),
        )

    # persistence ----------------------------------------------------------------------------
    def _restore_window(self) -> None:
        geometry = self.ctx.state.value("window/geometry")
        self.restored_geometry = isinstance(geometry, QByteArray | bytes) and bool(geometry)
        if self.restored_geometry:
            self.restoreGeometry(QByteArray(geometry))
        else:
            self.resize(1280, 720)
        state = self.ctx.state.value("window/state")
        if isinstance(state, QByteArray | bytes) and state:
            self.restoreState(QByteArray(state))

    def show_first(self) -> None:
        """Show the window on start. Without a saved geometry it uses the screen's available
        area: maximised on a laptop screen (1440 px wide or less — the common 1366×768), else a
        large window centred; a saved geometry is clipped to the screen it is on."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        if room is None:
            self.show()
            return
        if not self.restored_geometry:
            if room.width() <= MAXIMISE_AT_WIDTH:
                self.setGeometry(room)
                self.showMaximized()
                return
            width, height = min(1440, room.width() - 80), min(900, room.height() - 60)
            self.setGeometry(
                room.x() + (room.width() - width) // 2,
                room.y() + (room.height() - height) // 2,
                width,
                height,
            )
        elif not room.contains(self.frameGeometry()):
            self.setGeometry(self.geometry().intersected(room))
        self.show()

    def save_state(self) -> None:
        state = self.ctx.state
        state.setValue("window/geometry", self.saveGeometry())
        state.setValue("window/state", self.saveState())
        state.setValue("window/page", self.current_key())
        for widget in self.widgets.values():
            save = getattr(widget, "save_state", None)
            if callable(save):
                save()
        state.sync()

    def close_workspace(self) -> None:
        """Close the database under this window (the window stays, its pages go quiet): visit
        forms write their drafts, the window's state is saved, the pages' background work is
        discarded or waited for, then the store closes. A page asked to read after this shows
        one sentence (db_closed), never a crash."""
        for form in list(self.visit_forms.values()):
            form.close()
        self.save_state()
        self._badge_timer.stop()
        self.ctx.close_workspace()
        # the window stays on screen but takes no more clicks or keys: nothing to act on
        central = self.centralWidget()
        assert central is not None  # set in __init__
        central.setEnabled(False)
        self.menuBar().setEnabled(False)
        self.db_label.setText(self.tr("Database closed: %1").replace("%1", self.ctx.db_path.name))

    def closeEvent(self, event: QCloseEvent) -> None:
        self._badge_timer.stop()  # a closed window counts nothing (its store may close next)
        for form in list(self.visit_forms.values()):
            form.close()  # writes its draft
        self.save_state()
        if self in _open_windows:
            _open_windows.remove(self)
        super().closeEvent(event)


# Windows made by switch_language: held here, since nothing else keeps them alive.
_open_windows: list[MainWindow] = []
