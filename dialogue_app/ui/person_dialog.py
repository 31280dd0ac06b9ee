"""The person editor: contact details, roles, needs, attendance and one value per
diversity dimension. A sensitive dimension has its own explicit consent box: its
value can only be chosen while consent is ticked, and unticking withdraws the
consent and clears the value."""

from __future__ import annotations

import uuid
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from dialogue_app import exports, vocab
from dialogue_app.i18n import gettext as _
from dialogue_app.services.events import DimensionInfo
from dialogue_app.services.people import PersonData
from dialogue_app.wording import Attendance, Role, attendance_label, role_label

#: combo data for "no value recorded" (None means "prefer not to say")
NO_VALUE = "none"
PREFER_NOT = "pnts"


class DimensionEditor:
    """The combo (and for sensitive dimensions the consent box) of one dimension."""

    def __init__(self, dim: DimensionInfo, value, has_value: bool, consent: bool) -> None:
        self.dim = dim
        self.combo = QComboBox()
        self.combo.setAccessibleName(dim.name)
        self.combo.addItem(_("(no value)"), NO_VALUE)
        self.combo.addItem(_(vocab.PREFER_NOT_TO_SAY), PREFER_NOT)
        for c in dim.categories:
            self.combo.addItem(c.label, str(c.id))
        if has_value:
            self.combo.setCurrentIndex(1 if value is None else max(0, self.combo.findData(str(value))))
        self.consent: QCheckBox | None = None
        if dim.sensitive:
            self.consent = QCheckBox(_("Consent given (sensitive)"))
            self.consent.setAccessibleName(_("Consent for {name}").format(name=dim.name))
            self.consent.setToolTip(
                _("{name} is sensitive: record a value only with the person's explicit consent. "
                  "Unticking withdraws consent and deletes the value.").format(name=dim.name)
            )
            self.consent.setChecked(consent)
            self.consent.toggled.connect(self._consent_toggled)
            self._consent_toggled(consent)

    def _consent_toggled(self, on: bool) -> None:
        self.combo.setEnabled(on)
        if not on:
            self.combo.setCurrentIndex(0)

    def value(self) -> tuple[bool, uuid.UUID | None]:
        """(has a value, category id or None for "prefer not to say")."""
        data = self.combo.currentData()
        if data == NO_VALUE:
            return False, None
        if data == PREFER_NOT:
            return True, None
        return True, uuid.UUID(data)

    @property
    def consented(self) -> bool:
        return self.consent is not None and self.consent.isChecked()


class PersonDialog(QDialog):
    def __init__(self, data: PersonData, dimensions: list[DimensionInfo], title: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self._data = data

        # --- person -----------------------------------------------------------------------
        self.first_name = QLineEdit(data.first_name)
        self.last_name = QLineEdit(data.last_name)
        self.email = QLineEdit(data.email)
        self.phone = QLineEdit(data.phone)
        self.code = QLineEdit(data.code)
        self.code.setPlaceholderText(_("made automatically"))
        self.languages = QLineEdit(data.languages.replace(",", ", "))
        self.languages.setPlaceholderText(_("e.g. nl, fr, en"))
        self.attendance = QComboBox()
        for a in Attendance:
            self.attendance.addItem(attendance_label(a), a.value)
        self.attendance.setCurrentIndex(max(0, self.attendance.findData(data.attendance)))
        self.wheelchair = QCheckBox(_("Uses a &wheelchair"))
        self.wheelchair.setChecked(data.wheelchair)
        self.needs = QLineEdit(data.needs)
        self.needs.setPlaceholderText(_("e.g. hearing loop, large print"))
        self.notes = QPlainTextEdit(data.notes)
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.notes.fontMetrics().height() * 3 + 16)
        for w, name in (
            (self.first_name, _("First name")), (self.last_name, _("Last name")), (self.email, _("E-mail")),
            (self.phone, _("Phone")), (self.code, _("Code")), (self.languages, _("Languages")),
            (self.attendance, _("Attendance")), (self.wheelchair, _("Uses a wheelchair")),
            (self.needs, _("Accessibility needs")), (self.notes, _("Notes")),
        ):
            w.setAccessibleName(name)

        self.role_boxes: dict[str, QCheckBox] = {}
        roles_row = QHBoxLayout()
        mnemonic: dict[str, str] = {Role.PARTICIPANT: _("&Participant"), Role.HOST: _("&Host"),
                                    Role.FACILITATOR: _("&Facilitator"), Role.TRAINER: _("T&rainer")}
        for r in [role.value for role in Role]:
            box = QCheckBox(mnemonic.get(r, role_label(r)))
            box.setAccessibleName(role_label(r))
            box.setChecked(r in data.roles)
            self.role_boxes[r] = box
            roles_row.addWidget(box)
        roles_row.addStretch(1)
        roles_widget = QWidget()
        roles_widget.setLayout(roles_row)
        roles_row.setContentsMargins(0, 0, 0, 0)
        roles_widget.setAccessibleName(_("Roles"))
        roles_widget.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

        person_box = QGroupBox(_("Person"))
        form = QFormLayout(person_box)
        form.addRow(_("F&irst name:"), self.first_name)
        form.addRow(_("&Last name:"), self.last_name)
        form.addRow(_("E-&mail:"), self.email)
        form.addRow(_("Pho&ne:"), self.phone)
        form.addRow(_("Co&de:"), self.code)
        form.addRow(_("Roles:"), roles_widget)
        form.addRow(_("Lan&guages:"), self.languages)
        form.addRow(_("&Attendance:"), self.attendance)
        form.addRow("", self.wheelchair)
        form.addRow(_("N&eeds:"), self.needs)
        form.addRow(_("N&otes:"), self.notes)

        # --- dimensions ------------------------------------------------------------------------
        self.dim_editors: list[DimensionEditor] = []
        dim_box = QGroupBox(_("Diversity"))
        grid = QGridLayout(dim_box)
        row = 0
        for d in dimensions:
            ed = DimensionEditor(d, data.values.get(d.id), d.id in data.values, d.id in data.consents)
            self.dim_editors.append(ed)
            label = QLabel(d.name + ":")
            label.setBuddy(ed.combo)
            grid.addWidget(label, row, 0)
            grid.addWidget(ed.combo, row, 1)
            if ed.consent is not None:
                grid.addWidget(ed.consent, row + 1, 1)
                row += 1
            row += 1
        if not dimensions:
            grid.addWidget(QLabel(_("This event has no diversity dimensions.")), 0, 0)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(row, 1)
        note = QLabel(exports.sensitive_rule())  # generated from dialogue_app/exports.py
        note.setWordWrap(True)
        grid.addWidget(note, row + 1, 0, 1, 2)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(dim_box)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setAccessibleName(_("Diversity"))
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        dim_box.setMinimumWidth(dim_box.sizeHint().width())
        scroll.setMinimumWidth(dim_box.sizeHint().width() + 24)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setAccessibleName(_("OK"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(_("Cancel"))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName(_("Problem"))
        self.problem.hide()

        columns = QHBoxLayout()
        columns.addWidget(person_box, 1)
        columns.addWidget(scroll, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(900, 560)
        self.first_name.setFocus()

    def _accept(self) -> None:
        if not (self.first_name.text().strip() or self.last_name.text().strip()):
            self._show_problem(_("Enter a first or last name."))
            self.first_name.setFocus()
            return
        if not any(b.isChecked() for b in self.role_boxes.values()):
            self._show_problem(_("Choose at least one role."))
            self.role_boxes[Role.PARTICIPANT].setFocus()
            return
        self.accept()

    def _show_problem(self, text: str) -> None:
        self.problem.setText("⚠ " + text)
        self.problem.show()

    def data(self) -> PersonData:
        """The edited person (the values of sensitive dimensions only with consent)."""
        values: dict[uuid.UUID, uuid.UUID | None] = {}
        consents = set()
        for ed in self.dim_editors:
            if ed.dim.sensitive:
                if not ed.consented:
                    continue
                consents.add(ed.dim.id)
            has, cat = ed.value()
            if has:
                values[ed.dim.id] = cat
        # consents on dimensions not shown (none today) are kept as they were
        shown = {ed.dim.id for ed in self.dim_editors}
        consents |= {d for d in self._data.consents if d not in shown}
        return replace(
            self._data,
            first_name=self.first_name.text().strip(),
            last_name=self.last_name.text().strip(),
            email=self.email.text().strip(),
            phone=self.phone.text().strip(),
            code=self.code.text().strip(),
            roles=frozenset(r for r, b in self.role_boxes.items() if b.isChecked()),
            languages=self.languages.text(),
            wheelchair=self.wheelchair.isChecked(),
            needs=self.needs.text().strip(),
            attendance=self.attendance.currentData(),
            notes=self.notes.toPlainText(),
            values=values,
            consents=frozenset(consents),
        )
