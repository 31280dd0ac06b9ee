"""The application context shared by the main window and every panel.

It owns the open event (an :class:`~dialogue_app.storage.EventStore`), the undo
stack and the error reporting. Panels never run SQL: they call service
functions through :meth:`AppContext.read` (short reads) and
:meth:`AppContext.apply` (undoable edits), or start long work with
:meth:`AppContext.run_task`. When data changes, :attr:`data_changed` tells every
panel which areas changed so they can redraw.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from dialogue_app import settings, storage
from dialogue_app.errors import (
    Cancelled,
    DialogueError,
    EventFileCorrupt,
    EventFileInUse,
    EventFileReadOnly,
    ServerUnavailable,
)
from dialogue_app.i18n import gettext as _
from dialogue_app.services.edits import Area, Edit, edit_areas
from dialogue_app.services.versions import StaleEdit, UndoRefused
from dialogue_app.storage.address import is_server_address
from dialogue_app.storage.retry import run_unit
from dialogue_app.ui import dialogs as dialog_service
from dialogue_app.ui.errors import SHOWN_DETAILS, error_box  # noqa: F401  (error_box: also imported from here)
from dialogue_app.ui.worker import Task, TaskHandle, run_task

log = logging.getLogger(__name__)
T = TypeVar("T")

#: Area names used in ``data_changed`` (services.edits.Area; panels may add their own).
AREAS = tuple(a.value for a in Area if a is not Area.PRIVACY)


@dataclass(frozen=True)
class Change:
    """What an edit changed (its areas), who started it (``initiator``: the panel or widget
    that applied it; None for the Undo/Redo menu) and its label; sent by
    :attr:`AppContext.changed` so a panel refreshes only what changed, and not what it
    changed itself."""

    areas: frozenset[str]
    initiator: object | None
    label: str
    undo: bool = False


class EditCommand(QUndoCommand):
    """A thin QUndoCommand around an :class:`Edit` and its inverse (already applied once)."""

    def __init__(self, ctx: AppContext, inverse: Edit, label: str, areas: frozenset[str]) -> None:
        super().__init__(label)
        self.ctx = ctx
        self.inverse = inverse
        self.areas = areas
        self._applied = True
        self._undone = False
        self._stuck = False

    def redo(self) -> None:
        if self._applied:  # the first redo happens in AppContext.apply, before the push
            self._applied = False
            return
        self._swap()

    def undo(self) -> None:
        self._swap()

    def _swap(self) -> None:
        assert self.ctx.store is not None, "no event open"
        if self._stuck:  # an earlier undo/redo failed: the stack moved, the event did not; in step again
            self._stuck = False
            return
        try:
            self.inverse = run_unit(self.ctx.store, self.inverse.apply)
        except DialogueError as exc:
            # refused because someone changed the row since (it stays refused): off the stack, which
            # stays usable, and the message says so; otherwise (e.g. the server unreachable) Redo puts
            # the stack back in step
            from dialogue_app.ui.conflict_dialog import taken_off

            final = isinstance(exc, UndoRefused)
            self.setObsolete(final)
            self._stuck = not final
            self.ctx.report_error(taken_off(exc) if final else exc)
            return
        self._undone = not self._undone
        self.ctx.announce(Change(self.areas, None, self.text(), undo=self._undone))


class AppContext(QObject):
    event_opened = Signal()
    #: the event is about to close: its file is still open (panels store what they keep)
    event_closing = Signal()
    event_closed = Signal()
    #: the set of area names whose data changed
    data_changed = Signal(object)
    #: a :class:`Change`: the areas an edit (or its undo) changed and who started it
    changed = Signal(object)
    status_message = Signal(str)
    #: a message box about an error, just before it opens (parented, filled in)
    error_shown = Signal(object)

    def __init__(self, parent: QObject | None = None, *, dialogs: dialog_service.Dialogs | None = None) -> None:
        super().__init__(parent)
        self._dialogs = dialogs
        self.store: storage.EventStore | None = None
        self.undo_stack = QUndoStack(self)
        self.settings = settings.load()
        self.window: QWidget | None = None
        self._tasks: list[TaskHandle] = []

    @property
    def dialogs(self) -> dialog_service.Dialogs:
        """The questions and messages shown to the user (ui/dialogs.py; tests install an unattended one)."""
        return self._dialogs if self._dialogs is not None else dialog_service.current()

    # --- the event document -------------------------------------------------
    @property
    def has_event(self) -> bool:
        return self.store is not None

    @property
    def busy(self) -> bool:
        """True while a task started with :meth:`run_task` is running."""
        return bool(self._tasks)

    @property
    def path(self) -> Path | None:
        """The open event's file (None: no event, or an event on a server)."""
        return self.store.path if self.store and not self.store.is_server else None

    def open_event(self, path: str | Path) -> bool:
        """Open an event file or a server event (``postgresql://…?event=NAME``); on a problem show it
        and keep the current one."""
        server = is_server_address(path)
        try:
            try:
                store = storage.open_event(path) if server else storage.open_event_file(path)
            except EventFileInUse as exc:  # another instance writes it: offer read-only
                if not self._confirm_read_only(exc):
                    return False
                store = storage.open_event_file(path, read_only=True)
        except DialogueError as exc:
            from dialogue_app.ui.restore_offer import offer_restore

            if not server and offer_restore(self, path, exc):  # damaged: its newest backup, if the user agrees
                return self.open_event(path)
            self.report_error(exc)
            return False
        problem = self._missing_event(store)
        if problem is not None:  # opening it would make every panel fail: keep the current event
            store.close()
            from dialogue_app.ui.restore_offer import offer_restore

            if not server and offer_restore(self, path, problem):  # its newest backup, if the user agrees
                return self.open_event(path)
            self.report_error(problem)
            return False
        if not store.read_only:
            self._finish_erasure(store)
            self._backup_at_open(store)
            from dialogue_app.services.offline.package import package_info

            with store.session() as s:  # a table package: keep the main file complete at all times
                store.checkpoint_after_commit = package_info(s) is not None
        self.close_event()
        self.store = store
        self.settings.add_recent(store.location)
        self._save_settings()
        if store.backup_path:
            self.status_message.emit(
                _("The file was upgraded; the original is kept as {backup}.").format(backup=store.backup_path)
            )
        if store.read_only:
            self.status_message.emit(_("This file is read-only: changes cannot be saved."))
        self.event_opened.emit()
        return True

    def _finish_erasure(self, store: storage.EventStore) -> None:
        """A forget or purge interrupted earlier (another reader, a crash, a full disk) is finished now."""
        from dialogue_app.services import privacy

        try:
            privacy.finish_pending(store)
        except DialogueError as exc:
            self.report_error(exc)

    @staticmethod
    def _missing_event(store: storage.EventStore) -> DialogueError | None:
        """The problem of a file without its event row (it may be damaged), or None."""
        from dialogue_app.services.events import has_event

        try:
            with store.session() as s:
                if has_event(s):
                    return None
        except DialogueError as exc:
            return exc
        return EventFileCorrupt(
            _("This file has no event in it (it may be damaged), so it was not opened: {path}").format(
                path=store.location),
            details=[_("Open another event, or restore a backup of this one (the app keeps one each time an "
                       "event is opened; see “dialogue-app backups”).")],
        )

    def _confirm_read_only(self, exc: EventFileInUse) -> bool:
        return self.dialogs.confirm(self.window, _("Event in use"), exc.message + "\n\n" + _("Open it read-only?"),
                                    key="open_read_only", unattended=True, about=exc)

    def _backup_at_open(self, store: storage.EventStore) -> None:
        """An automatic backup each time an event is opened for writing (the newest N are kept)."""
        from dialogue_app.storage import backups

        if store.is_server:  # the server's administrator backs it up (dialogue-app backups / pull)
            log.info("no automatic backup at opening %s: an event on a server", store.label)
            return
        try:
            backups.make_backup(store, keep=self.settings.backups_kept)
        except (DialogueError, OSError):
            log.warning("automatic backup of %s failed", store.path, exc_info=True)
            self.status_message.emit(_("Could not write the automatic backup of this event."))

    def close_event(self) -> None:
        if self.store is None:
            return
        for task in list(self._tasks):
            task.cancel()
        self.event_closing.emit()  # first: what is typed but not stored yet goes into the file
        self.undo_stack.clear()
        self.store.close()
        self.store = None
        self.event_closed.emit()

    def _save_settings(self) -> None:
        try:
            settings.save(self.settings)
        except OSError:
            log.warning("could not save settings", exc_info=True)

    # --- data access ------------------------------------------------------------
    def read(self, fn: Callable[[Session], T]) -> T:
        """Run a short read in its own session on the GUI thread. The session is rolled
        back at the end (``store.read_session``): a read never changes the file."""
        assert self.store is not None, "no event open"
        with self.store.read_session() as s:
            return fn(s)

    def try_read(self, fn: Callable[[Session], T], *, on_error: Callable[[DialogueError], None] | None = None,
                 parent: QWidget | None = None) -> T | None:
        """:meth:`read`, with an expected problem (a :class:`DialogueError`: the row vanished, a
        rule says no) shown with :meth:`report_error` (or handed to ``on_error``) instead of
        raised; None then. The one guard for reads a user's action starts."""
        try:
            return self.read(fn)
        except DialogueError as exc:
            if on_error is not None:
                on_error(exc)
            else:
                self.report_error(exc, parent)
            return None

    def write(self, fn: Callable[[Session], T], areas: Iterable[str] = ()) -> T | None:
        """A non-undoable change (e.g. a timer tick stored for crash safety)."""
        assert self.store is not None, "no event open"
        try:
            result = run_unit(self.store, fn)
        except DialogueError as exc:
            self.report_error(exc)
            return None
        if areas:
            self.data_changed.emit(set(areas))
        return result

    def apply(self, edit: Edit, areas: Iterable[str] | None = None, *,
              on_error: Callable[[DialogueError], None] | None = None, initiator: object | None = None) -> bool:
        """Apply an undoable edit in one unit of work and push it on the undo stack.

        The change is announced (:attr:`changed`, :attr:`data_changed`) with ``areas``, or
        the areas the edit says it changes (``services.edits.edit_areas``) when none are given,
        and with ``initiator`` (who applied it, e.g. the panel: it may skip its own refresh).
        An expected problem (a :class:`DialogueError`, e.g. a bad value) changes
        nothing; it is shown with :meth:`report_error`, or handed to ``on_error``
        when given (to show it next to the field instead)."""
        if self.store is None:
            return False
        if self.store.read_only:  # the change would be rolled back: say so, push nothing
            exc = EventFileReadOnly(_("This file is read-only: changes cannot be saved."))
            if on_error is not None:
                on_error(exc)
            else:
                self.report_error(exc)
            return False
        try:
            inverse = run_unit(self.store, edit.apply)  # collisions on a server: run again (storage/retry.py)
        except StaleEdit as exc:  # someone else changed it since: both values and a choice
            from dialogue_app.ui.conflict_dialog import resolve

            return resolve(self, edit, exc, areas, on_error=on_error, initiator=initiator)
        except DialogueError as exc:
            if isinstance(exc, ServerUnavailable) and on_error is None:  # kept until the server is back, or given up
                if self.dialogs.confirm(self.window, edit.label, exc.message + "\n\n" + _("Try again?"),
                                        key="retry_edit", unattended=False, about=exc):
                    return self.apply(edit, areas, initiator=initiator)
                return False
            if on_error is not None:
                on_error(exc)
            else:
                self.report_error(exc)
            return False
        changed = frozenset(edit_areas(edit) if areas is None else areas)
        cmd = EditCommand(self, inverse, edit.label, changed)
        self.undo_stack.push(cmd)
        self.announce(Change(changed, initiator, edit.label))
        return True

    def announce(self, change: Change) -> None:
        """Tell the panels what changed: :attr:`changed` with the whole :class:`Change`, then
        :attr:`data_changed` with its areas."""
        self.changed.emit(change)
        self.data_changed.emit(set(change.areas))

    def push_done(self, inverse: Edit, label: str, areas: Iterable[str]) -> None:
        """Put a change that is already written (by background work, e.g. an import) on the
        undo stack, given its inverse edit; the caller has announced the change."""
        self.undo_stack.push(EditCommand(self, inverse, label, frozenset(areas)))

    def run_task(
        self,
        title: str,
        fn: Task,
        on_success: Callable[[Any], object] | None = None,
        *,
        on_error: Callable[[BaseException], None] | None = None,
        parent: QWidget | None = None,
        cancel_text: str | None = None,
    ) -> TaskHandle:
        """Run long work on a worker thread with progress and Cancel; errors are reported."""

        def failed(exc: BaseException) -> None:
            if on_error is not None:
                on_error(exc)
            elif isinstance(exc, Cancelled):
                self.status_message.emit(_("Cancelled."))
            else:
                self.report_error(exc)

        handle = run_task(parent or self.window, title, fn, on_success, failed, cancel_text=cancel_text)
        self._tasks.append(handle)
        handle.done.connect(lambda: self._tasks.remove(handle) if handle in self._tasks else None)
        return handle

    # --- errors -----------------------------------------------------------------------
    def report_error(self, exc: BaseException, parent: QWidget | None = None) -> None:
        """Expected problems get their message; bugs are logged and get a calm pointer to
        the log. The box is on top of the window (a progress dialog is closed first, see
        :func:`~dialogue_app.ui.worker.run_task`); :attr:`error_shown` hands it out before
        it opens, so what the user would see can be checked."""
        from dialogue_app.ui.server_role import explain_refusal  # a server's refusal names the role needed

        exc = explain_refusal(self, exc)
        owner = parent if parent is not None and parent.isVisible() else self.window
        box = error_box(exc, owner.window() if owner is not None else None)
        self.error_shown.emit(box)
        self.dialogs.show_error(box, exc)


#: In tests errors are recorded here instead of shown modally.
REPORTED: list[BaseException] = []


def record_errors_for_tests() -> dialog_service.Unattended:
    """Tests: install the unattended dialog service (errors recorded in :data:`REPORTED`)."""
    service = dialog_service.current()
    if isinstance(service, dialog_service.Unattended) and service.reported is REPORTED:
        return service
    unattended = dialog_service.Unattended(REPORTED)
    dialog_service.install(unattended)
    return unattended
