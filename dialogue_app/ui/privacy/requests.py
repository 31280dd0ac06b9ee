"""The privacy page's answer to a person's request: find them, their consents (record, withdraw),
export everything about them, forget them."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
)

from dialogue_app import i18n
from dialogue_app.errors import DialogueError
from dialogue_app.i18n import gettext as _
from dialogue_app.services import privacy
from dialogue_app.ui.privacy.rows import ALL_AREAS, RowsModel, _button, _label, _table, _when

if TYPE_CHECKING:
    from dialogue_app.ui.panel import Panel as _PanelBase
else:
    _PanelBase = object


class PersonRequests(_PanelBase):
    """The "a person asks to see or erase their data" part of :class:`PrivacyPanel` (a mixin: it builds
    its box and keeps the chosen person on the panel)."""

    _person: uuid.UUID | None

    # --- building ---------------------------------------------------------------------------------
    def _requests_box(self) -> QGroupBox:
        box = QGroupBox(_("A person asks to see or erase their data"))
        v = QVBoxLayout(box)
        v.addWidget(_label(_(privacy.HOW_TO_ANSWER)))
        row = QHBoxLayout()
        lab = QLabel(_("Fin&d a person:"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Name, code, e-mail or phone"))
        self.search.setAccessibleName(_("Find a person"))
        self.search.setClearButtonEnabled(True)
        lab.setBuddy(self.search)
        self._search_timer = QTimer(self, singleShot=True, interval=200)
        self._search_timer.timeout.connect(self._refresh_people)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        row.addWidget(lab)
        row.addWidget(self.search, 1)
        v.addLayout(row)
        self.people_model = RowsModel([_("Code"), _("Name")], self)
        self.people_view = _table(self.people_model, _("People found"), 5)
        self.people_view.selectionModel().selectionChanged.connect(self._person_chosen)
        v.addWidget(self.people_view)
        self.person_consent_model = RowsModel(
            [_("Dimension"), _("Consent"), _("Text version"), _("Given"), _("Recorded by"), _("Value held")], self)
        self.person_consent_view = _table(self.person_consent_model, _("Consent of the chosen person"), 2)
        v.addWidget(self.person_consent_view)
        buttons = QHBoxLayout()
        self.give_button = _button(_("&Record consent"))
        self.give_button.clicked.connect(self._give)
        self.withdraw_button = _button(_("&Withdraw consent"))
        self.withdraw_button.clicked.connect(self._withdraw)
        self.access_button = _button(_("E&xport everything about this person…"))
        self.access_button.clicked.connect(self._export_person)
        self.forget_button = _button(_("&Forget this person…"))
        self.forget_button.clicked.connect(self._forget)
        for b in (self.give_button, self.withdraw_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        for b in (self.access_button, self.forget_button):
            buttons.addWidget(b)
        v.addLayout(buttons)
        self.request_message = _label()
        self.request_message.setAccessibleName(_("Result"))
        v.addWidget(self.request_message)
        return box

    # --- showing ----------------------------------------------------------------------------------
    def _refresh_people(self) -> None:
        if self.ctx.store is None:
            return
        query = self.search.text()
        hits = self.ctx.read(lambda s: privacy.find_people(s, query))
        self.people_model.set_rows([(h.code, h.name) for h in hits], [h.id for h in hits])
        if self._person not in {h.id for h in hits}:
            self._person = None
        else:
            row = [h.id for h in hits].index(self._person)
            self.people_view.selectRow(row)
        self._show_person()

    def _person_chosen(self, *_args) -> None:
        rows = self.people_view.selectionModel().selectedRows()
        self._person = self.people_model.keys[rows[0].row()] if rows else None
        self._show_person()

    def _show_person(self) -> None:
        has = self._person is not None and self.ctx.store is not None
        writable = has and not self.ctx.store.read_only
        for b in (self.give_button, self.withdraw_button, self.forget_button):
            b.setEnabled(writable)
        self.access_button.setEnabled(has)
        if not has:
            self.person_consent_model.set_rows([])
            return
        pid = self._person
        state = self.ctx.try_read(lambda s: privacy.person_consents(s, pid), on_error=lambda _exc: None)
        if state is None:  # the person is gone (forgotten, or an undo)
            self._person = None
            self.person_consent_model.set_rows([])
            return
        self.person_consent_model.set_rows(
            [(c.name, _("given") if c.active else (_("withdrawn") if c.withdrawn_at else _("not given")),
              c.version, _when(c.given_at), c.recorded_by, _("yes") if c.has_value else _("no")) for c in state],
            [c.dimension_id for c in state])
        if state:
            self.person_consent_view.selectRow(0)

    def _chosen_dimension(self) -> uuid.UUID | None:
        rows = self.person_consent_view.selectionModel().selectedRows()
        return self.person_consent_model.keys[rows[0].row()] if rows else None

    # --- actions ----------------------------------------------------------------------------------
    def _give(self) -> None:
        pid, dim = self._person, self._chosen_dimension()
        if pid is None or dim is None:
            return
        self.ctx.write(lambda s: privacy.record_consent(s, pid, dim, recorded_by=_("the organiser")),
                       areas={"people", "privacy"})

    def _withdraw(self) -> None:
        pid, dim = self._person, self._chosen_dimension()
        if pid is None or dim is None:
            return
        impact = self.ctx.write(lambda s: privacy.withdraw(s, pid, dim), areas={"people", "tables", "privacy"})
        if impact is None:
            return
        self.ctx.undo_stack.clear()  # an undo step could bring the deleted value back
        msg = _("Consent withdrawn; the value was deleted.")
        if impact:
            msg += " " + _("Tables to rebalance: {tables}").format(tables=", ".join(str(t.number) for t in impact))
        self.request_message.setText(msg)

    def _export_person(self) -> None:
        pid = self._person
        if pid is None:
            return
        store = self.ctx.store
        hit = next(h for h in self.ctx.read(privacy.find_people) if h.id == pid)
        suggested = Path.home() / f"subject-access-{hit.code}.json"
        path, _sel = QFileDialog.getSaveFileName(self, _("Export everything about this person"), str(suggested),
                                                 _("JSON files (*.json)"))
        if not path:
            return
        try:
            privacy.write_subject_access(store, hit.code, Path(path))
        except (DialogueError, OSError) as exc:
            self.ctx.report_error(exc if isinstance(exc, DialogueError) else DialogueError(str(exc)))
            return
        self.request_message.setText(_("Wrote everything held about {code} to {path}.").format(code=hit.code,
                                                                                               path=path))

    def _forget(self) -> None:
        pid = self._person
        if pid is None:
            return
        hit = next((h for h in self.ctx.read(privacy.find_people) if h.id == pid), None)
        if hit is None:
            return
        answer = QMessageBox.question(
            self, _("Forget this person"),
            _("Forget {name} ({code}) everywhere? Their name, contact details, code, background values, "
              "consents, seating and notes about them are removed from this event file and the app's backups "
              "of it; their commitments and survey answers stay only as anonymous records. This cannot be "
              "undone.").format(name=hit.name, code=hit.code),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            result, cleanup = privacy.forget(self.ctx.store, pid)
        except DialogueError as exc:
            if isinstance(exc, privacy.ErasureIncomplete):  # the rows are gone; the file is cleaned by the next forget
                self.ctx.undo_stack.clear()
                self._person = None
                self.ctx.data_changed.emit(set(ALL_AREAS))
            self.ctx.report_error(exc)
            return
        self.ctx.undo_stack.clear()  # undo steps may hold the person's data
        self._person = None
        msg = _("Done: the person with code {code} was forgotten ({rows} records deleted, {anon} kept anonymously, "
                "{mentions} mentions redacted).").format(code=hit.code, rows=result.deleted_rows,
                                                         anon=result.anonymised_rows, mentions=result.redacted_mentions)
        if cleanup.backups_removed:
            msg += " " + i18n.ngettext("{n} backup was deleted.", "{n} backups were deleted.",
                                       len(cleanup.backups_removed)).format(n=len(cleanup.backups_removed))
        if result.tables:
            msg += " " + _("Tables to rebalance: {tables}").format(tables=", ".join(map(str, result.tables)))
        msg += " " + _("Delete any copies or exports you made yourself.")
        self.request_message.setText(msg)
        self.ctx.data_changed.emit(set(ALL_AREAS))
