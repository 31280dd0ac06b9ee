"""The follow-up weeks after the day, on the Commitments screen: find a participant by code (or
name), see their commitments, set the follow-up status with the answer to "what happened?", and
record their consent to be contacted."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from dialogue_app.errors import DialogueError
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.services import commitments as cm
from dialogue_app.services import followup
from dialogue_app.services.seating.door import people_for_search
from dialogue_app.ui.panel import Panel
from dialogue_app.ui.person_finder import PersonFinder
from dialogue_app.ui.widgets.dates import date_edit, to_date


class FollowUpBox(Panel):
    """The follow-up group box of the Commitments panel and what its controls do."""

    followup_rows: list[cm.CommitmentData]

    def _build_followup(self) -> QGroupBox:
        box = QGroupBox(_("Follow-up by participant code"))
        box.setAccessibleName(_("Follow-up by participant code"))
        fl = QHBoxLayout(box)
        left = QVBoxLayout()
        code_row = QHBoxLayout()
        lab = QLabel(_("Partic&ipant code:"))
        self.code = QLineEdit()
        self.code.setAccessibleName(_("Participant code"))
        self.code.setPlaceholderText(_("Type or scan a code, or type a name, then Enter"))
        lab.setBuddy(self.code)
        self.code.returnPressed.connect(self.find_code)
        self.code_finder = PersonFinder(self.code, lambda: self.ctx.read(people_for_search))
        self.code_finder.chosen.connect(lambda _code: self.find_code())
        self.find_btn = QPushButton(_("F&ind"))
        self.find_btn.setAccessibleName(_("Find the participant's commitments"))
        self.find_btn.clicked.connect(self.find_code)
        code_row.addWidget(lab)
        code_row.addWidget(self.code, 1)
        code_row.addWidget(self.find_btn)
        left.addLayout(code_row)
        self.found_label = QLabel()
        self.found_label.setWordWrap(True)
        left.addWidget(self.found_label)
        set_row = QHBoxLayout()
        self.fu_status = QComboBox()
        self.fu_status.setAccessibleName(_("New follow-up status"))
        for s in cm.STATUS_LABELS:
            if s != "not_asked":
                self.fu_status.addItem(cm.status_label(s), s)
        self.fu_date = date_edit(dt.date.today(), _("Follow-up date"))
        self.fu_set = QPushButton(_("&Set status"))
        self.fu_set.setAccessibleName(_("Set the follow-up status of the selected commitments"))
        self.fu_set.clicked.connect(self.set_followup)
        st = QLabel(_("Stat&us:"))
        st.setBuddy(self.fu_status)
        set_row.addWidget(st)
        set_row.addWidget(self.fu_status)
        set_row.addWidget(self.fu_date)
        set_row.addWidget(self.fu_set)
        self.fu_contact = QCheckBox(_("Agreed to be &contacted for the follow-up"))
        self.fu_contact.setAccessibleName(_("The participant agreed to be contacted about their commitment"))
        self.fu_contact.setEnabled(False)
        self.fu_contact.toggled.connect(self.set_contact_consent)
        set_row.addWidget(self.fu_contact)
        set_row.addStretch(1)
        left.addLayout(set_row)
        note_row = QHBoxLayout()
        self.fu_note = QLineEdit()
        self.fu_note.setMaxLength(cm.MAX_TEXT)
        self.fu_note.setAccessibleName(_("What happened? (the participant's answer, saved with the status)"))
        self.fu_note.setPlaceholderText(_("In the participant's words; Enter sets the status"))
        self.fu_note.returnPressed.connect(self.set_followup)
        note_lab = QLabel(_("What &happened?"))
        note_lab.setBuddy(self.fu_note)
        note_row.addWidget(note_lab)
        note_row.addWidget(self.fu_note, 1)
        left.addLayout(note_row)
        self._shown_note: str | None = ""
        fl.addLayout(left, 2)
        self.found = QListWidget()
        self.found.setAccessibleName(_("The participant's commitments"))
        self.found.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.found.setMaximumHeight(110)
        self.found.setWordWrap(True)  # long answers to "what happened?" wrap instead of scrolling sideways
        self.found.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.found.itemSelectionChanged.connect(self._show_note)
        fl.addWidget(self.found, 3)
        return box

    def find_code(self, quiet: bool = False) -> None:
        code = self.code.text().strip()
        self.found.clear()
        self.fu_note.clear()
        self.followup_rows = []
        self.fu_contact.setEnabled(False)
        if not code:
            self.found_label.setText("")
            return
        try:
            name, rows = self.ctx.read(lambda s: cm.commitments_for_code(s, code))
        except DialogueError as exc:
            # a name typed instead of a code ("yilmaz"): the forgiving search, when it finds one person
            self.code_finder.reset()
            found = self.code_finder.resolve(code)
            if found is not None and found != code:
                self.code.setText(found)
                self.find_code(quiet)
                return
            if self.code_finder.matching(code):
                self.found_label.setText(_("Several people match “{text}”: choose one from the list or type the "
                                           "code.").format(text=code))
            else:
                self.found_label.setText(exc.message + " " + _("Try the start of the first or last name (accents "
                                                               "do not matter), or scan the badge."))
            return
        self.followup_rows = rows
        consent = self.ctx.read(lambda s: followup.has_contact_consent(s, code))
        self.fu_contact.blockSignals(True)
        self.fu_contact.setChecked(consent)
        self.fu_contact.setEnabled(True)
        self.fu_contact.blockSignals(False)
        self.found_label.setText(
            ngettext("{name}: {n} commitment", "{name}: {n} commitments", len(rows)).format(name=name, n=len(rows))
            if rows else _("{name} has no commitment linked to their code.").format(name=name))
        self.found.blockSignals(True)
        for r in rows:
            label = f"{r.text}  [{cm.status_label(r.followup_status)}]"
            if r.followup_note:
                label += "  " + _("“{text}”").format(text=r.followup_note)
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, r.id)
            item.setToolTip(r.followup_note)
            self.found.addItem(item)
            item.setSelected(True)
        self.found.blockSignals(False)
        self._show_note()
        if rows and not quiet:
            self.fu_status.setFocus()

    def set_contact_consent(self, given: bool) -> None:
        """Record or withdraw the found participant's consent to be contacted (undoable)."""
        code = self.code.text().strip()
        label = _("Consent to be contacted") if given else _("Consent to be contacted withdrawn")
        if code:
            self.ctx.apply(followup.SetContactConsent(code, given, label), areas={"commitments"})

    def set_followup(self) -> None:
        ids = [i.data(Qt.ItemDataRole.UserRole) for i in self.found.selectedItems()]
        if not ids:
            return
        status = self.fu_status.currentData()
        when = to_date(self.fu_date.date())
        note: str | None = self.fu_note.text().strip()
        if not note and self._shown_note is None:
            note = None  # several answers differ and the field was left empty: keep them
        label = _("Follow-up: {status}").format(status=cm.status_label(status))
        self.ctx.apply(cm.SetFollowUp(tuple(cm.FollowUpChange(i, status, when, note) for i in ids), label), areas={"commitments"})

    def _show_note(self) -> None:
        """The answer to "what happened?" of the selected commitments (when they share one) in the field."""
        ids = {i.data(Qt.ItemDataRole.UserRole) for i in self.found.selectedItems()}
        notes = {r.followup_note for r in self.followup_rows if r.id in ids}
        self._shown_note = notes.pop() if len(notes) == 1 else (None if notes else "")
        self.fu_note.setText(self._shown_note or "")
