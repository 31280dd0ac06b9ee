"""The main window: it only composes the welcome screen, the area panels and the
menus. Everything an area does lives in its panel module."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from dialogue_app import i18n
from dialogue_app.i18n import gettext as _
from dialogue_app.services.people import has_people
from dialogue_app.ui import areas, language_menu
from dialogue_app.ui.context import AppContext
from dialogue_app.ui.document_actions import DocumentActions
from dialogue_app.ui.errors import install_error_handler
from dialogue_app.ui.panel import Panel, PlaceholderPanel
from dialogue_app.ui.welcome import WelcomeScreen


class MainWindow(QMainWindow):
    #: the bars other modules add (ui/privacy_panel.py, ui/next_step.py)
    retention_banner: Any
    next_step_bar: Any

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        ctx.window = self
        install_error_handler(ctx.report_error)  # one handler for the unexpected (ui/errors.py)
        self.setMinimumSize(960, 600)
        self.resize(1280, 760)
        self._panels: dict[str, QWidget] = {}
        self._handed_over = False  # True once a new window took over (language switch)
        self.demo_task = None  # creating the demo event (a TaskHandle) while it runs
        self.documents = DocumentActions(self)  # File menu: new, open, save a copy, close, export…

        self.welcome = WelcomeScreen()
        self.nav = QListWidget()
        self.nav.setAccessibleName(_("Areas"))
        self.nav.setMaximumWidth(200)
        self.nav.setMinimumWidth(150)
        self.pages = QStackedWidget()
        for i, spec in enumerate(areas.AREAS):
            item = QListWidgetItem(_(spec.title))
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            item.setToolTip(_(spec.placeholder) + f"  (Ctrl+{i + 1})")
            self.nav.addItem(item)
        areas.style_navigation(self.nav)  # pictograms, visible selection, accessible names
        self.nav.currentRowChanged.connect(self._show_area)
        workspace = QWidget()
        lay = QHBoxLayout(workspace)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.nav)
        lay.addWidget(self.pages, 1)
        self.central = QStackedWidget()
        self.central.addWidget(self.welcome)
        self.central.addWidget(workspace)
        self.setCentralWidget(self.central)

        self._build_menus()
        self.welcome.new_requested.connect(self.new_event)
        self.welcome.open_requested.connect(self.documents.open_dialog)
        self.welcome.demo_requested.connect(self.documents.open_demo)
        self.welcome.recent_chosen.connect(self.open_path)
        self.welcome.connect_requested.connect(self.connect_to_server)
        ctx.event_opened.connect(self._on_event_opened)
        ctx.event_closing.connect(self._retire_panels)
        ctx.event_closed.connect(self._on_event_closed)
        ctx.status_message.connect(self._show_status)
        ctx.data_changed.connect(self._on_data_changed)
        from dialogue_app.ui.privacy.banner import install_retention_banner

        install_retention_banner(self)  # shown when an event past its retention date is opened
        from dialogue_app.ui.next_step import install_next_step_bar

        install_next_step_bar(self)  # what the open event lacks, and a button that goes there
        from dialogue_app.ui.live_refresh import install_live_refresh

        install_live_refresh(ctx)  # a server event: other users' changes show within a second
        self._on_event_closed()

    # --- menus ------------------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        m = bar.addMenu(_("&File"))
        docs = self.documents
        self.act_new = self._action(m, _("&New event…"), QKeySequence.StandardKey.New, self.new_event)
        self.act_open = self._action(m, _("&Open…"), QKeySequence.StandardKey.Open, docs.open_dialog)
        self.act_connect = self._action(m, _("Connect to &server…"), None, self.connect_to_server)
        self.act_import = self._action(m, _("&Import people…"), QKeySequence("Ctrl+I"), self.import_people)
        self.act_import.setEnabled(False)
        self.recent_menu = QMenu(_("Open &Recent"), self)
        m.addMenu(self.recent_menu)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.act_copy = self._action(m, _("Save a &Copy…"), QKeySequence("Ctrl+Shift+S"), docs.save_copy)
        from dialogue_app.ui.server_transfer import add_transfer_actions

        self.transfer_actions = add_transfer_actions(self, m)  # Upload to server… / Save a copy as file…
        self.act_export = self._action(m, _("&Export data…"), QKeySequence("Ctrl+E"), self.export_data)
        self.act_export.setEnabled(False)
        self.act_close = self._action(m, _("&Close event"), QKeySequence.StandardKey.Close, self.close_event)
        m.addSeparator()
        self.offline_actions = [
            self._action(m, _("Make a table &package…"), None, docs.make_package),
            self._action(m, _("&Merge packages…"), None, docs.merge_packages),
            self._action(m, _("Restore a &backup…"), None, docs.restore_backup),
        ]
        self._action(m, _("Impac&t across events…"), None, self.open_impact)
        m.addSeparator()
        self.act_quit = self._action(m, _("&Quit"), QKeySequence.StandardKey.Quit, self.close)

        e = bar.addMenu(_("&Edit"))
        undo = self.ctx.undo_stack.createUndoAction(self, _("&Undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.ctx.undo_stack.createRedoAction(self, _("&Redo"))
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        e.addAction(undo)
        e.addAction(redo)
        self.act_undo, self.act_redo = undo, redo

        v = bar.addMenu(_("&View"))
        self.area_actions = []
        for i, spec in enumerate(areas.AREAS):
            act = self._action(v, _(spec.title), QKeySequence(f"Ctrl+{i + 1}"), lambda _c=False, r=i: self.show_area_row(r))
            self.area_actions.append(act)

        s = bar.addMenu(_("&Settings"))
        self.language_actions: dict[str, QAction] = language_menu.build_language_menu(self, s)
        self._action(s, _("&Backups kept…"), None, docs.set_backups_kept)

        h = bar.addMenu(_("&Help"))
        self._action(h, _("&About"), None, self.about)

    def _action(self, menu: QMenu, text: str, shortcut, slot) -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(shortcut)
        act.triggered.connect(slot)
        menu.addAction(act)
        return act

    def open_impact(self):
        return self.documents.open_impact()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        from dialogue_app.ui.server_connect import recent_entry

        for p in self.ctx.settings.recent:
            name, available = recent_entry(p)
            act = self.recent_menu.addAction(name)
            act.setToolTip(p)
            act.setEnabled(available)
            act.triggered.connect(lambda _c=False, path=p: self.open_path(path))
        if not self.ctx.settings.recent:
            self.recent_menu.addAction(_("No recent events")).setEnabled(False)

    # --- areas ------------------------------------------------------------------------
    def show_area(self, key: str) -> QWidget | None:
        for row, spec in enumerate(areas.AREAS):
            if spec.key == key:
                self.show_area_row(row)
                return self._panels.get(key)
        return None

    def show_area_row(self, row: int) -> None:
        if self.ctx.has_event:
            self.nav.setCurrentRow(row)

    def panel(self, key: str) -> QWidget:
        """The panel of an area (created on demand)."""
        if key not in self._panels:
            spec = next(s for s in areas.AREAS if s.key == key)
            cls = areas.panel_class(spec)
            widget = cls(self.ctx) if cls is not None else PlaceholderPanel(self.ctx, _(spec.title), _(spec.placeholder))
            self._panels[key] = widget
            self.pages.addWidget(widget)
        return self._panels[key]

    def _show_area(self, row: int) -> None:
        if row < 0 or not self.ctx.has_event:
            return
        spec = areas.AREAS[row]
        self.pages.setCurrentWidget(self.panel(spec.key))

    def _show_status(self, message: str) -> None:
        self.statusBar().showMessage(message, 10000)

    def _on_data_changed(self, changed: set[str]) -> None:
        if "event" in changed:
            self._update_title()

    def _retire_panels(self) -> None:
        """The event goes: hide the panels while its file is still open (they store what
        they keep on hiding), cut them off from the context and delete them."""
        self.central.setCurrentIndex(0)
        for w in list(self._panels.values()):
            if isinstance(w, Panel):
                w.retire()
            self.pages.removeWidget(w)
            w.deleteLater()
        self._panels.clear()

    def _on_event_opened(self) -> None:
        self._retire_panels()
        self.central.setCurrentIndex(1)
        for act in (self.act_import, self.act_copy, self.act_export, self.act_close, *self.area_actions,
                    *self.offline_actions):
            act.setEnabled(True)
        from dialogue_app.ui.package_guard import IMPORT_REASON, disable_in_package

        disable_in_package(self.ctx, self.act_import, IMPORT_REASON)
        from dialogue_app.ui.server_connect import disable_file_only

        disable_file_only(self.ctx, [self.offline_actions[0], self.offline_actions[2]])  # packages, backups
        self.nav.setCurrentRow(-1)
        from dialogue_app.ui.server_role import apply_role  # on a server: what the user's role allows

        self.nav.setCurrentRow(apply_role(self, 1 if self.ctx.read(has_people) else 0))
        self.nav.setFocus()
        self._update_title()

    def _on_event_closed(self) -> None:
        self._retire_panels()
        self.welcome.set_recent(self.ctx.settings.recent)
        self.central.setCurrentIndex(0)
        for act in (self.act_import, self.act_copy, self.act_export, self.act_close, *self.area_actions,
                    *self.offline_actions):
            act.setEnabled(False)
        self.setWindowTitle(_("Day of Dialogue"))

    def _update_title(self) -> None:
        store = self.ctx.store
        if store is None:
            return
        from dialogue_app.services.events import get_settings

        title = self.ctx.read(get_settings).title
        suffix = "  " + _("(read-only)") if store.read_only else ""
        from dialogue_app.services.offline.package import package_info

        if self.ctx.read(package_info) is not None:
            suffix += "  " + _("(table package)")
        self.setWindowTitle(f"{title} — {store.label}{suffix} — " + _("Day of Dialogue"))

    # --- document actions (ui/document_actions.py) and the language (ui/language_menu.py) ---
    def open_path(self, path: str | Path) -> bool:
        return self.documents.open_path(path)

    def connect_to_server(self):
        """File ▸ Connect to server…: an event on a shared server (ui/server_connect.py; returned for tests)."""
        from dialogue_app.ui.server_connect import open_connect_dialog

        return open_connect_dialog(self)

    def close_event(self) -> bool:
        """File ▸ Close event (after asking about unsaved edits); True when it closed."""
        return self.documents.close_event()

    def confirm_leave(self) -> bool:
        """Ask about unsaved edits before the open event goes (ui/unsaved.py); True: go on."""
        return self.documents.confirm_leave()

    def new_event(self) -> None:
        self.documents.new_event()

    def import_people(self):
        """File > Import people…: the People area, then the import wizard (returned for tests)."""
        return self.documents.import_people()

    def save_copy(self) -> None:
        self.documents.save_copy()

    def export_data(self):
        """File > Export data…: the spreadsheet and SQLite exports (returned for tests)."""
        return self.documents.export_data()

    def set_language(self, code: str) -> bool:
        """Settings ▸ Language (ui/language_menu.py); True when the window was rebuilt in it."""
        return language_menu.set_language(self, code)

    def open_panels(self) -> list[QWidget]:
        """The panels made so far (the areas visited since the event opened)."""
        return list(self._panels.values())

    def busy_reasons(self) -> list[str]:
        """What rebuilding the window now would lose, one sentence each (empty: nothing)."""
        reasons = [_("A task is still running.")] if self.ctx.busy else []
        for widget in self._panels.values():
            reason = widget.busy_reason() if isinstance(widget, Panel) else None
            if reason:
                reasons.append(reason)
        return reasons

    def take_over(self, old: MainWindow) -> None:
        """Stand in for ``old`` (same event, area, page, size and place), which closes
        without closing the event. Used to switch the language without a restart."""
        row = old.nav.currentRow()
        shown = old.pages.currentWidget() if old.ctx.has_event else None
        state = shown.view_state() if isinstance(shown, Panel) else {}
        full, maximised = old.isFullScreen(), old.isMaximized()
        self.setGeometry(old.geometry())
        old.hide()  # first: panels store what they keep on hiding (facilitation notes)
        if full:
            self.showFullScreen()
        elif maximised:
            self.showMaximized()
        else:
            self.show()
        if self.ctx.has_event:
            self._on_event_opened()
            self.retention_banner.check()
            if row >= 0:
                self.nav.setCurrentRow(row)
            panel = self.pages.currentWidget()
            if state and isinstance(panel, Panel):
                panel.restore_view_state(state)
        old._handed_over = True
        old.close()
        old.deleteLater()
        self.activateWindow()
        self.statusBar().showMessage(
            _("Interface language: {language}.").format(language=i18n.language_name(i18n.current_language())),
            10000)

    def about(self) -> None:
        from dialogue_app import __version__

        QMessageBox.about(
            self,
            _("About"),
            _("Day of Dialogue, version {version}. Works fully offline; your data stays in your event files.").format(
                version=__version__
            ),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._handed_over:
            if not self.confirm_leave():
                event.ignore()
                return
            self.ctx.close_event()
        super().closeEvent(event)


__all__ = ["MainWindow", "Panel"]
