"""The Sessions and attendance tab of the Training area (a part of the panel)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.services import training as tr
from dialogue_app.ui.training.common import STATUS_CYCLE, STATUS_LABELS, PanelPart, _date_text, _view
from dialogue_app.ui.training.dialogs import SessionDialog


class SessionsPage(PanelPart):
    """The Sessions and attendance tab: the attendance grid (a column per session), adding, changing
    and removing sessions, cycling a trainee's attendance."""

    trainees: list[tr.TraineeInfo]
    sessions: list[tr.SessionInfo]
    attendance: dict[tuple[uuid.UUID, uuid.UUID], str]
    is_training: bool
    tabs: QTabWidget
    _session_columns: list[uuid.UUID | None]

    if TYPE_CHECKING:  # the panel's
        def _writable(self) -> bool: ...

        def _update_buttons(self) -> None: ...

    def _build_sessions(self) -> None:
        page = QWidget()
        lay = QVBoxLayout(page)
        bar = QHBoxLayout()
        hint = QLabel(_("Double-click or press Space on a cell to cycle: present, absent, excused, not recorded."))
        hint.setWordWrap(True)
        bar.addWidget(hint, 1)
        self.add_session_button = QPushButton(_("Add sess&ion…"))
        self.add_session_button.clicked.connect(self.add_session)
        bar.addWidget(self.add_session_button)
        self.edit_session_button = QPushButton(_("E&dit session…"))
        self.edit_session_button.setAccessibleName(_("Edit session"))
        self.edit_session_button.clicked.connect(self.edit_session)
        bar.addWidget(self.edit_session_button)
        self.remove_session_button = QPushButton(_("Re&move session"))
        self.remove_session_button.setAccessibleName(_("Remove session"))
        self.remove_session_button.clicked.connect(self.remove_session)
        bar.addWidget(self.remove_session_button)
        lay.addLayout(bar)
        self.session_choice = QLabel()
        self.session_choice.setAccessibleName(_("Selected session"))
        lay.addWidget(self.session_choice)
        self.att_view, self.att_model, self.att_proxy = _view(_("Attendance per session"))
        self.att_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.att_view.doubleClicked.connect(self._cycle_attendance)
        self.att_view.selectionModel().currentChanged.connect(lambda *_a: self._update_buttons())
        space = QShortcut(QKeySequence(Qt.Key.Key_Space), self.att_view)
        space.setContext(Qt.ShortcutContext.WidgetShortcut)
        space.activated.connect(lambda: self._cycle_attendance(self.att_view.currentIndex()))
        lay.addWidget(self.att_view, 1)
        self.tabs.addTab(page, _("Sessions and &attendance"))

    def _current_session(self) -> tr.SessionInfo | None:
        """The session whose column holds the current cell of the attendance grid."""
        idx = self.att_view.currentIndex()
        col = self.att_proxy.mapToSource(idx).column() if idx.isValid() else 0
        sid = self._session_columns[col] if col < len(self._session_columns) else None
        return next((s for s in self.sessions if s.id == sid), None)

    def _session_name(self, s: tr.SessionInfo) -> str:
        return f"{s.title} ({_date_text(s.date)})" if s.date else s.title

    def _fill_attendance(self) -> None:
        headers = [_("Name")] + [f"{s.title}\n{_date_text(s.date)}" for s in self.sessions]
        rows, keys = [], []
        for t in self.trainees:
            row = [t.name]
            for s in self.sessions:
                st = self.attendance.get((s.id, t.id))
                row.append(_(STATUS_LABELS[st]) if st else "")
            rows.append(tuple(row))
            keys.append(t.id)
        idx = self.att_view.currentIndex()
        if idx.isValid():  # the same trainee and session stay current after a reload
            src = self.att_proxy.mapToSource(idx)
            current = (cast(uuid.UUID, self.att_model.keys[src.row()]),  # the rows are keyed by trainee id
                       self._session_columns[src.column()] if src.column() < len(self._session_columns) else None)
        else:
            current = None
        self._session_columns = [None] + [s.id for s in self.sessions]
        self.att_model.load(headers, rows, keys)
        self.att_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        if current is not None:
            self._set_attendance_cell(*current)

    def _set_attendance_cell(self, person_id: uuid.UUID | None, session_id: uuid.UUID | None) -> None:
        """Make the cell of ``person_id`` (else the first row) in ``session_id``'s column (else the names) current."""
        keys = self.att_model.keys
        if not keys:
            return
        col = self._session_columns.index(session_id) if session_id in self._session_columns else 0
        if person_id in keys:
            idx = self.att_proxy.mapFromSource(self.att_model.index(keys.index(person_id), col))
        else:
            idx = self.att_proxy.index(0, col)
        self.att_view.setCurrentIndex(idx)
        self.att_view.scrollTo(idx)

    def add_session(self) -> None:
        dlg = SessionDialog(self)
        new_id = uuid.uuid4()
        while dlg.exec() == QDialog.DialogCode.Accepted:
            data = dlg.values()
            if self.ctx.apply(tr.AddSession(data, _("Add {name}").format(name=data.title.strip()), new_id),
                              areas={"training"}, on_error=dlg.show_problem):
                idx = self.att_view.currentIndex()
                row = self.att_proxy.mapToSource(idx).row() if idx.isValid() else 0
                person = cast(uuid.UUID, self.att_model.keys[row]) if self.att_model.keys else None  # a trainee id
                self._set_attendance_cell(person, new_id)
                return

    def edit_session(self) -> None:
        session = self._current_session()
        if session is None or not self._writable():
            return
        before = self.ctx.try_read(lambda s: tr.session_data(s, session.id))
        if before is None:
            return
        dlg = SessionDialog(self, before)
        while dlg.exec() == QDialog.DialogCode.Accepted:
            data = dlg.values()
            if data.stripped() == before:  # nothing but spaces: no undo step
                return
            if self.ctx.apply(tr.SaveSession(session.id, data, _("Edit {name}").format(name=data.title.strip())),
                              areas={"training"}, on_error=dlg.show_problem):
                return

    def remove_session(self) -> None:
        from dialogue_app.ui.people_panel import confirm

        session = self._current_session()
        if session is None or not self._writable():
            return
        if session.date:
            question = _("Remove the session “{title}” of {date}?").format(title=session.title,
                                                                          date=_date_text(session.date))
        else:
            question = _("Remove the session “{title}”?").format(title=session.title)
        n = sum(1 for sid, _p in self.attendance if sid == session.id)
        if n:
            question += " " + ngettext("The attendance recorded for {n} trainee is removed too.",
                                       "The attendance recorded for {n} trainees is removed too.", n).format(n=n)
        question += " " + _("You can undo this with Ctrl+Z.")
        if confirm(self, _("Remove session"), question):
            self.ctx.apply(tr.RemoveSession(session.id, _("Remove {name}").format(name=session.title)),
                           areas={"training"})

    def _cycle_attendance(self, index) -> None:
        if not index.isValid() or not self.is_training:
            return
        assert self.ctx.store is not None  # a cell is shown: an event is open
        if self.ctx.store.read_only:
            return
        row, col = index.row(), index.column()
        src = self.att_proxy.mapToSource(index)
        if src.column() == 0:
            return
        person = cast(uuid.UUID, self.att_model.keys[src.row()])  # the rows are keyed by trainee id
        session = self.sessions[src.column() - 1]
        now = self.attendance.get((session.id, person))
        nxt = STATUS_CYCLE[(STATUS_CYCLE.index(now) + 1) % len(STATUS_CYCLE)]
        self.ctx.apply(tr.SetAttendance(session.id, person, nxt, _("Attendance")), areas={"training"})
        self.att_view.setCurrentIndex(self.att_proxy.index(row, col))  # the model was reloaded
