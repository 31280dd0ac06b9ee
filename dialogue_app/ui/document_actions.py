"""The File menu's document actions: new, open, open the demo, save a copy, close, export,
import people, working offline (packages, merge, backups) and the impact across events.

The main window owns one :class:`DocumentActions` and wires its menus and the welcome
screen to it; files are chosen through the dialog service (``ctx.dialogs``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from dialogue_app import EVENT_SUFFIX, i18n, outputs, paths
from dialogue_app.errors import DialogueError
from dialogue_app.i18n import gettext as _
from dialogue_app.ui.context import AppContext

FILE_FILTER_KEY = "Event files (*.dialogue)"


def file_filter() -> str:
    return _("Event files (*.dialogue)")


class DocumentActions:
    """What the File menu does with the event document, for one main window."""

    def __init__(self, window: Any) -> None:
        #: the main window (its panels, status bar and area navigation)
        self.window = window
        self.ctx: AppContext = window.ctx

    @property
    def _parent(self) -> QWidget:
        return self.window

    def open_dialog(self) -> None:
        path = self.ctx.dialogs.choose_open_file(self._parent, _("Open event"), str(paths.events_dir()),
                                                 file_filter(), key="open_event")
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

        return not self.ctx.has_event or confirm_leave(self.window.open_panels(), self._parent, self.ctx.dialogs)

    def open_demo(self) -> None:
        from dialogue_app.services import demo

        target = demo.default_demo_path()
        lang = i18n.current_language()

        def work(progress, should_stop):  # step by step: people, plan, facilitation, commitments, survey
            return demo.create_demo_file(target, participants=120, seed=1, lang=lang, progress=progress,
                                         should_stop=should_stop)

        if target.exists():
            self.open_path(target)
            return
        self.window.demo_task = self.ctx.run_task(_("Writing the demo event…"), work, self.open_path)

    def new_event(self) -> None:
        from dialogue_app.services import events
        from dialogue_app.ui.new_event_dialog import NewEventDialog

        dlg = NewEventDialog(self._parent)
        if not dlg.exec():
            return
        values = dlg.values()
        suggested = paths.events_dir() / (values["title"].replace("/", "-") + EVENT_SUFFIX)
        path = self.ctx.dialogs.choose_save_file(self._parent, _("Save the new event as"), str(suggested),
                                                 file_filter(), key="new_event")
        if not path:
            return
        try:
            written = events.create_event_file(path, overwrite=True, **values)
        except DialogueError as exc:
            self.ctx.report_error(exc)
            return
        self.open_path(written)

    def import_people(self) -> Any:
        """File > Import people…: the People area, then the import wizard (returned for tests)."""
        from dialogue_app.ui.importing.wizard import open_import_wizard

        if not self.ctx.has_event or not self.window.act_import.isEnabled():
            return None
        self.window.show_area("people")
        return open_import_wizard(self.ctx, self._parent)

    def save_copy(self) -> None:
        from dialogue_app import storage

        if self.ctx.store is not None and self.ctx.store.is_server:
            self._save_server_copy()
            return
        if not self.ctx.has_event or self.ctx.path is None or self.ctx.store is None:
            return
        suggested = self.ctx.path.with_name(self.ctx.path.stem + " " + _("copy") + EVENT_SUFFIX)
        path = self.ctx.dialogs.choose_save_file(self._parent, _("Save a copy"), str(suggested), file_filter(),
                                                 key="save_copy")
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
        self.window.statusBar().showMessage(_("Saved a copy as {path}.").format(path=path), 8000)

    def _save_server_copy(self) -> None:
        """Save a Copy… of a server event: File ▸ Save a copy as file… (one consistent read of every row)."""
        from dialogue_app.ui.server_transfer import save_copy_as_file

        self.window.copy_task = save_copy_as_file(self.ctx, self._parent)

    def export_data(self) -> Any:
        """File > Export data…: the spreadsheet and SQLite exports (returned for tests)."""
        from dialogue_app.ui.export_dialog import ExportDialog

        if not self.ctx.has_event:
            return None
        dialog = ExportDialog(self.ctx, self._parent)
        dialog.open()
        return dialog

    def open_impact(self) -> Any:
        from dialogue_app.ui.impact_dialog import ImpactDialog

        dlg = ImpactDialog(self.ctx, self._parent)
        dlg.show()
        return dlg

    # --- working offline (dialogue_app.ui.offline) --------------------------------------
    def make_package(self) -> None:
        from dialogue_app.ui.offline.package_dialog import PackageDialog

        if self.ctx.has_event:
            PackageDialog(self.ctx, self._parent).exec()

    def merge_packages(self) -> None:
        from dialogue_app.ui.offline.merge_dialog import MergeDialog

        if self.ctx.has_event:
            MergeDialog(self.ctx, self._parent).exec()

    def restore_backup(self) -> None:
        from dialogue_app.ui.offline.backups_dialog import RestoreBackupDialog

        if self.ctx.has_event:
            RestoreBackupDialog(self.ctx, self._parent).exec()

    def set_backups_kept(self) -> None:
        from dialogue_app.ui.offline.backups_dialog import ask_backups_kept

        ask_backups_kept(self.ctx, self._parent)
