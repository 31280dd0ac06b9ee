"""The Training area: trainees and readiness, sessions and attendance, practice rounds
with scenario cards and fictional guests, rehearsal with a fast timer, the trainer pack."""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from dialogue_app import i18n
from dialogue_app.errors import DialogueError
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.services import training as tr
from dialogue_app.services.events import get_settings
from dialogue_app.ui.context import AppContext
from dialogue_app.ui.panel import Panel
from dialogue_app.ui.training.dialogs import RehearsalDialog
from dialogue_app.ui.training.practice import PracticePage
from dialogue_app.ui.training.sessions import SessionsPage
from dialogue_app.ui.training.trainees import TraineesPage
from dialogue_app.ui.widgets.wrapping import keep_wrapped_height


class TrainingPanel(TraineesPage, SessionsPage, PracticePage, Panel):
    watches = frozenset({"training", "people", "event", "tables"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setAccessibleName(_("Training"))
        self.trainees: list[tr.TraineeInfo] = []
        self.sessions: list[tr.SessionInfo] = []
        self.practice: list[tr.PracticeTableInfo] = []
        self.is_training = True
        self.rehearsals: list[RehearsalDialog] = []
        self._session_columns: list[uuid.UUID | None] = [None]  # the session of each attendance column
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        self.banner = keep_wrapped_height(QLabel())
        self.banner.setStyleSheet("background:#fff4d6; padding:6px")
        self.banner.hide()
        top = QHBoxLayout()
        top.addWidget(self.banner, 1)
        self.new_training_button = QPushButton(_("Ne&w training event…"))
        self.new_training_button.setToolTip(_("Create a new, empty training event file and open it"))
        self.new_training_button.clicked.connect(self.new_training_event)
        self.new_training_button.hide()
        top.addWidget(self.new_training_button)
        self.demo_training_button = QPushButton(_("Open the demo trainin&g"))
        self.demo_training_button.setToolTip(_("A fictional training event with trainees, sessions and practice "
                                               "rounds, to look around in"))
        self.demo_training_button.clicked.connect(self.open_demo_training)
        self.demo_training_button.hide()
        top.addWidget(self.demo_training_button)
        outer.addLayout(top)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Training pages"))
        outer.addWidget(self.tabs)
        self._build_trainees()
        self._build_sessions()
        self._build_practice()
        bottom = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setAccessibleName(_("Training summary"))
        bottom.addWidget(self.summary, 1)
        self.pack_button = QPushButton(_("Write trainer pac&k…"))
        self.pack_button.setAccessibleName(_("Write trainer pack"))
        self.pack_button.clicked.connect(self.write_pack)
        bottom.addWidget(self.pack_button)
        outer.addLayout(bottom)


    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        if not self.ctx.has_event:
            return
        settings = self.ctx.read(get_settings)
        self.is_training = settings.kind == "training"
        self.banner.setVisible(not self.is_training)
        self.new_training_button.setVisible(not self.is_training)
        self.demo_training_button.setVisible(not self.is_training)
        self.banner.setText(_("This is a dialogue event. Trainees, sessions and practice rounds belong in a "
                              "training event: create one with “New training event…”, or look around in "
                              "“Open the demo training”. The trainer pack can be printed from here."))
        for w in (self.add_trainee_button, self.add_session_button, self.plan_button):
            w.setEnabled(self._writable())
        self.trainees = self.ctx.read(tr.list_trainees)
        self.sessions = self.ctx.read(tr.list_sessions)
        self.attendance = self.ctx.read(tr.attendance)
        self.practice = self.ctx.read(tr.list_practice)
        self._fill_trainees()
        self._fill_attendance()
        self._fill_practice()
        self._update_buttons()
        ready = sum(t.ready and t.track == "facilitator" for t in self.trainees)
        self.summary.setText(
            ngettext("{n} trainee", "{n} trainees", len(self.trainees)).format(n=len(self.trainees)) + " · "
            + ngettext("{n} ready to facilitate", "{n} ready to facilitate", ready).format(n=ready) + " · "
            + ngettext("{n} session", "{n} sessions", len(self.sessions)).format(n=len(self.sessions)))

    def _writable(self) -> bool:
        return self.is_training and self.ctx.store is not None and not self.ctx.store.read_only

    def _update_buttons(self) -> None:
        """Edit and remove act on the current trainee / the session of the current column, when writable."""
        writable = self._writable()
        has_trainee = self._current_trainee() is not None
        for b in (self.edit_trainee_button, self.remove_trainee_button, self.step_button, self.assign_button):
            b.setEnabled(writable and has_trainee)
        session = self._current_session()
        self.edit_session_button.setEnabled(writable and session is not None)
        self.remove_session_button.setEnabled(writable and session is not None)
        if session is not None:
            self.session_choice.setText(_("Selected session: {session}").format(session=self._session_name(session)))
        elif self.sessions:
            self.session_choice.setText(_("To edit or remove a session, move to a cell in its column."))
        else:
            self.session_choice.setText(_("No sessions yet: add the first one with “Add session…”."))

    # ------------------------------------------------------------------ actions
    def open_demo_training(self) -> None:
        """Write the demo training event (once, in the data folder) in the background and open it."""
        from dialogue_app.services.demo import default_demo_path
        from dialogue_app.services.training.demo import create_demo_training

        target = default_demo_path().with_name("demo-training.dialogue")
        if target.exists():
            self.ctx.open_event(target)
            return
        lang = i18n.current_language()
        self.ctx.run_task(_("Writing the demo training event…"),
                          lambda progress, should_stop: create_demo_training(target, lang=lang),
                          self.ctx.open_event)

    def new_training_event(self) -> None:
        path, _f = QFileDialog.getSaveFileName(self, _("New training event"), _("training.dialogue"),
                                               _("Event files (*.dialogue)"))
        if path:
            self.create_training_event(Path(path))

    def create_training_event(self, path: Path) -> bool:
        """Write an empty training event (in the interface language) to ``path`` and open it."""
        from dialogue_app import storage
        from dialogue_app.services import events

        if path.suffix != ".dialogue":
            path = path.with_name(path.name + ".dialogue")
        try:
            store = storage.create_event_file(path, overwrite=True)
            try:
                with store.session() as s:
                    events.create_event(s, _("Facilitator training"), lang=i18n.current_language(),
                                        kind="training", table_sizes=(4, 5, 6), default_dimensions=False)
            finally:
                store.close()
        except DialogueError as exc:
            self.ctx.report_error(exc)
            return False
        return self.ctx.open_event(path)

    def write_pack(self) -> None:
        path, _f = QFileDialog.getSaveFileName(self, _("Write trainer pack"), _("trainer-pack.pdf"),
                                               _("PDF files (*.pdf)"))
        if not path:
            return
        self.export_pack(Path(path))

    def export_pack(self, out: Path) -> None:
        from dialogue_app import exports

        store = self.ctx.store

        def task(progress, should_stop):
            return exports.run_export(store, "trainer-pack", out, exports.ExportOptions(),
                                      lambda f, *a, **k: progress(f), should_stop)

        self.ctx.run_task(_("Writing the trainer pack"), task,
                          lambda n: self.ctx.status_message.emit(_("Wrote {path}.").format(path=out)), parent=self)
