"""The commitment form on the Live page: shown in the phases that record commitments; Enter
saves a commitment of the selected table (undoable)."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton

from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.services import commitments as cm
from dialogue_app.ui.facilitation.state import FacilitationState
from dialogue_app.ui.widgets.dates import date_edit, to_date
from dialogue_app.ui.widgets.labels import label


class CommitmentForm(FacilitationState):
    """Builds the form and saves what it holds."""

    def _build_commit_form(self) -> QGroupBox:
        box = QGroupBox(_("Record a commitment (Enter saves)"))
        box.setAccessibleName(_("Record a commitment"))
        form = QFormLayout(box)
        self.c_text = QLineEdit()
        self.c_text.setAccessibleName(_("Commitment"))
        self.c_text.setPlaceholderText(_("Tomorrow I will…"))
        self.c_text.returnPressed.connect(self.save_commitment)
        self.c_person = QComboBox()
        self.c_person.setAccessibleName(_("Participant"))
        self.c_partner = QComboBox()
        self.c_partner.setAccessibleName(_("Together with"))
        self.c_kind = QComboBox()
        self.c_kind.setAccessibleName(_("Kind of commitment"))
        for k in cm.KIND_LABELS:
            self.c_kind.addItem(cm.kind_label(k), k)
        self.c_date = date_edit(None, _("Target date"))
        self.c_save = QPushButton(_("Sa&ve commitment"))
        self.c_save.setAccessibleName(_("Save the commitment"))
        self.c_save.clicked.connect(self.save_commitment)
        self.c_count = label()
        form.addRow(_("&Commitment:"), self.c_text)
        row = QHBoxLayout()
        row.addWidget(self.c_person, 1)
        row.addWidget(QLabel(_("with")))
        row.addWidget(self.c_partner, 1)
        form.addRow(_("&Who:"), row)
        row2 = QHBoxLayout()
        row2.addWidget(self.c_kind, 1)
        row2.addWidget(self.c_date)
        form.addRow(_("&Kind, date:"), row2)
        row3 = QHBoxLayout()
        row3.addWidget(self.c_count, 1)
        row3.addWidget(self.c_save)
        form.addRow(row3)
        for lab_w, w in ((form.labelForField(self.c_text), self.c_text), (form.labelForField(row), self.c_person),
                         (form.labelForField(row2), self.c_kind)):
            if isinstance(lab_w, QLabel):
                lab_w.setBuddy(w)
        return box

    def save_commitment(self) -> bool:
        text = self.c_text.text().strip()
        if self.table_id is None or not text:
            return False
        target = to_date(self.c_date.date())  # the minimum date is "No date"
        data = cm.CommitmentData(
            id=uuid.uuid4(), text=text, table_id=self.table_id, person_id=self.c_person.currentData(),
            partner_id=self.c_partner.currentData(), kind=self.c_kind.currentData(), target_date=target,
        )
        if not self.ctx.apply(cm.SaveCommitment(data, _("Record a commitment")), areas={"commitments"}):
            return False
        self.c_text.clear()
        self.c_person.setCurrentIndex(0)
        self.c_partner.setCurrentIndex(0)
        self.c_kind.setCurrentIndex(0)
        self.c_date.setDate(self.c_date.minimumDate())
        self.c_text.setFocus()
        self._update_commit_count()
        return True

    def _update_commit_count(self) -> None:
        tid = self.table_id
        if tid is None:
            self.c_count.setText("")
            return
        n = len(self.ctx.read(lambda s: cm.list_commitments(s, tid)))
        self.c_count.setText(ngettext("{n} commitment recorded at this table",
                                      "{n} commitments recorded at this table", n).format(n=n))
