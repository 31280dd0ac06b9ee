"""The main window: it only composes the welcome screen, the area panels and the
menus. Everything an area does lives in its panel module."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from dialogue_app import EVENT_SUFFIX, i18n, outputs, paths, storage
from dialogue_app.errors import DialogueError
from dialogue_app.i18n import gettext as _
from dialogue_app.services.people import has_people
from dialogue_app.ui import areas
from dialogue_app.ui.context import AppContext
from dialogue_app.ui.errors import install_error_handler
from dialogue_app.ui.panel import Panel, PlaceholderPanel
from dialogue_app.ui.welcome import WelcomeScreen

FILE_FILTER_KEY = "Event files (*.dialogue)"


def file_filter() -> str:
    return _("Event files (*.dialogue)")


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        ctx.window = self
        install_error_handler(ctx)  # one handler for the unexpected (ui/errors.py)
        self.setMinimumSize(960, 600)
        self.resize(1280, 760)
        self._panels: dict[str, QWidget] = {}
        self._handed_over = False  # True once a new window took over (language switch)
        self.demo_task = None  # creating the demo event (a TaskHandle) while it runs

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
        self.welcome.open_requested.connect(self.open_dialog)
        self.welcome.demo_requested.connect(self.open_demo)
        self.welcome.recent_chosen.connect(self.open_path)
        ctx.event_opened.connect(self._on_event_opened)
        ctx.event_closing.connect(self._retire_panels)
        ctx.event_closed.connect(self._on_event_closed)
        ctx.status_message.connect(self._show_status)
        ctx.data_changed.connect(self._on_data_changed)
        from dialogue_app.ui.privacy.banner import install_retention_banner

        install_retention_banner(self)  # shown when an event past its retention date is opened
        from dialogue_app.ui.next_step import install_next_step_bar

        install_next_step_bar(self)  # what the open event lacks, and a button that goes there
        self._on_event_closed()

    # --- menus ------------------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        m = bar.addMenu(_("&File"))
        self.act_new = self._action(m, _("&New event…"), QKeySequence.StandardKey.New, self.new_event)
        self.act_open = self._action(m, _("&Open…"), QKeySequence.StandardKey.Open, self.open_dialog)
        self.act_import = self._action(m, _("&Import people…"), QKeySequence("Ctrl+I"), self.import_people)
        self.act_import.setEnabled(False)
        self.recent_menu = QMenu(_("Open &Recent"), self)
        m.addMenu(self.recent_menu)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.act_copy = self._action(m, _("Save a &Copy…"), QKeySequence("Ctrl+Shift+S"), self.save_copy)
        self.act_export = self._action(m, _("&Export data…"), QKeySequence("Ctrl+E"), self.export_data)
        self.act_export.setEnabled(False)
        self.act_close = self._action(m, _("&Close event"), QKeySequence.StandardKey.Close, self.close_event)
        m.addSeparator()
        self.offline_actions = [
            self._action(m, _("Make a table &package…"), None, self.make_package),
            self._action(m, _("&Merge packages…"), None, self.merge_packages),
            self._action(m, _("Restore a &backup…"), None, self.restore_backup),
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
        lang_menu = s.addMenu(_("&Language"))
        group = QActionGroup(self)
        group.setExclusive(True)
        self.language_actions: dict[str, QAction] = {}
        for code in i18n.available_languages():
            act = lang_menu.addAction(i18n.language_name(code))
            act.setCheckable(True)
            act.setChecked(code == i18n.current_language())
            group.addAction(act)
            act.triggered.connect(lambda _c=False, c=code: self.set_language(c))
            self.language_actions[code] = act
        self._action(s, _("&Backups kept…"), None, self.set_backups_kept)

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
        from dialogue_app.ui.impact_dialog import ImpactDialog

        dlg = ImpactDialog(self.ctx, self)
        dlg.show()
        return dlg

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for p in self.ctx.settings.recent:
            act = self.recent_menu.addAction(Path(p).name)
            act.setToolTip(p)
            act.setEnabled(Path(p).exists())
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

    def panel(self, key: str) -> QWidget | None:
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
        self.nav.setCurrentRow(-1)
        self.nav.setCurrentRow(1 if self.ctx.read(has_people) else 0)
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
        if not self.ctx.has_event:
            return
        from dialogue_app.services.events import get_settings

        title = self.ctx.read(get_settings).title
        suffix = "  " + _("(read-only)") if self.ctx.store.read_only else ""
        from dialogue_app.offline.package import package_info

        if self.ctx.read(package_info) is not None:
            suffix += "  " + _("(table package)")
        self.setWindowTitle(f"{title} — {self.ctx.path.name}{suffix} — " + _("Day of Dialogue"))

    # --- document actions ---------------------------------------------------------------
    def open_dialog(self) -> None:
        path, _sel = QFileDialog.getOpenFileName(self, _("Open event"), str(paths.events_dir()), file_filter())
        if path:
            self.open_path(path)

    def open_path(self, path: str | Path) -> bool:
        if not self.confirm_leave():
            return False
        return self.ctx.open_event(path)

    def close_event(self) -> bool:
        """File ▸ Close event (after asking about unsaved edits); True when it closed."""
        if not self.confirm_leave():
            return False
        self.ctx.close_event()
        return True

    def confirm_leave(self) -> bool:
        """Ask about unsaved edits before the open event goes (ui/unsaved.py); True: go on."""
        from dialogue_app.ui.unsaved import confirm_leave

        return not self.ctx.has_event or confirm_leave(list(self._panels.values()), self)

    def open_demo(self) -> None:
        from dialogue_app import demo

        target = demo.default_demo_path()
        lang = i18n.current_language()

        def work(progress, should_stop):  # step by step: people, plan, facilitation, commitments, survey
            return demo.create_demo_file(target, participants=120, seed=1, lang=lang, progress=progress,
                                         should_stop=should_stop)

        if target.exists():
            self.open_path(target)
            return
        self.demo_task = self.ctx.run_task(_("Writing the demo event…"), work, self.open_path)

    def new_event(self) -> None:
        from dialogue_app.services import events
        from dialogue_app.ui.new_event_dialog import NewEventDialog

        dlg = NewEventDialog(self)
        if not dlg.exec():
            return
        values = dlg.values()
        suggested = paths.events_dir() / (values["title"].replace("/", "-") + EVENT_SUFFIX)
        path, _sel = QFileDialog.getSaveFileName(self, _("Save the new event as"), str(suggested), file_filter())
        if not path:
            return
        if not path.endswith(EVENT_SUFFIX):
            path += EVENT_SUFFIX
        try:
            store = storage.create_event_file(path, overwrite=True)
            with store.session() as s:
                events.create_event(s, **values)
            store.close()
        except DialogueError as exc:
            self.ctx.report_error(exc)
            return
        self.open_path(path)

    def import_people(self):
        """File > Import people…: the People area, then the import wizard (returned for tests)."""
        from dialogue_app.ui.import_wizard import open_import_wizard

        if not self.ctx.has_event or not self.act_import.isEnabled():
            return None
        self.show_area("people")
        return open_import_wizard(self.ctx, self)

    def save_copy(self) -> None:
        if not self.ctx.has_event:
            return
        suggested = self.ctx.path.with_name(self.ctx.path.stem + " " + _("copy") + EVENT_SUFFIX)
        path, _sel = QFileDialog.getSaveFileName(self, _("Save a copy"), str(suggested), file_filter())
        if not path:
            return
        if Path(path).resolve() == self.ctx.path:
            self.ctx.report_error(DialogueError(_("Choose another file name than the open event's.")))
            return
        if outputs.held_by_another(path):  # never replace an event another window is working in
            self.ctx.report_error(DialogueError(_(
                "{path} is open in another window or program and is not replaced. Close it there first, or "
                "choose another file name.").format(path=path)))
            return
        try:
            storage.copy_database(self.ctx.store.engine, Path(path))
        except DialogueError as exc:
            self.ctx.report_error(exc)
            return
        self.statusBar().showMessage(_("Saved a copy as {path}.").format(path=path), 8000)

    def export_data(self):
        """File > Export data…: the spreadsheet and SQLite exports (returned for tests)."""
        from dialogue_app.ui.export_dialog import ExportDialog

        if not self.ctx.has_event:
            return None
        dialog = ExportDialog(self.ctx, self)
        dialog.open()
        return dialog

    # --- working offline (dialogue_app.ui.offline_dialogs) ---------------------------------
    def make_package(self) -> None:
        from dialogue_app.ui.offline_dialogs import PackageDialog

        if self.ctx.has_event:
            PackageDialog(self.ctx, self).exec()

    def merge_packages(self) -> None:
        from dialogue_app.ui.offline_dialogs import MergeDialog

        if self.ctx.has_event:
            MergeDialog(self.ctx, self).exec()

    def restore_backup(self) -> None:
        from dialogue_app.ui.offline_dialogs import RestoreBackupDialog

        if self.ctx.has_event:
            RestoreBackupDialog(self.ctx, self).exec()

    def set_backups_kept(self) -> None:
        from dialogue_app.ui.offline_dialogs import ask_backups_kept

        ask_backups_kept(self.ctx, self)

    def set_language(self, code: str) -> bool:
        """Settings ▸ Language: remembered for the next start and, unless something on
        screen would be lost (unsaved edits, a task running, the projector open), applied
        at once by rebuilding the window in the new language. True when it switched."""
        from dialogue_app import settings

        code = i18n.normalise_language(code)
        self.ctx.settings.language = code
        settings.save(self.ctx.settings)
        if code in self.language_actions:
            self.language_actions[code].setChecked(True)
        if code == i18n.current_language():
            return False
        with i18n.language(code):  # the user chose this language: tell them in it
            reasons = self.busy_reasons()
            if reasons:
                msg = _("The language will change when you restart the app.") + "\n\n" + "\n".join(reasons)
        if reasons:
            QMessageBox.information(self, i18n.language_name(code), msg)
            return False
        from dialogue_app.ui.app import switch_language

        switch_language(self, code)
        return True

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
