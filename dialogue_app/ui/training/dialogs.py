"""The Training area's dialogs: a trainee, a step on a trainee's path, a session, a rehearsal."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from typing import cast

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
)

from dialogue_app import i18n
from dialogue_app.errors import DialogueError
from dialogue_app.i18n import gettext as _
from dialogue_app.services import training as tr
from dialogue_app.training.readiness import STEP_LABELS
from dialogue_app.training.rehearsal import SpeedClock
from dialogue_app.ui.context import AppContext
from dialogue_app.ui.training.common import KIND_LABELS, TRACK_LABELS, _num


class _FormDialog(QDialog):
    """A form with OK/Cancel and a line for a problem found when saving (the dialog stays open)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(380)
        self.form = QFormLayout(self)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName(_("Problem"))
        self.problem.setStyleSheet("color:#a40000")
        self.problem.hide()

    def _finish(self) -> None:
        self.form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.form.addRow(buttons)

    def show_problem(self, exc: DialogueError) -> None:
        self.problem.setText("⚠ " + exc.message)
        self.problem.show()


class TraineeDialog(_FormDialog):
    """Add a trainee to the roster, or (given their current ``data``) correct their details."""

    def __init__(self, parent=None, data: tr.TraineeData | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Edit trainee") if data else _("Add trainee"))
        self.initial = data or tr.TraineeData("")
        form = self.form
        self.first = QLineEdit()
        self.last = QLineEdit()
        self.track = QComboBox()
        for key, label in TRACK_LABELS.items():
            self.track.addItem(_(label), key)
        self.city = QLineEdit()
        self.org = QLineEdit()
        self.lang = QComboBox()
        for code in i18n.available_languages():
            self.lang.addItem(i18n.language_name(code), code)
        for label, w in ((_("&First name"), self.first), (_("&Last name"), self.last), (_("&Track"), self.track),
                         (_("&City"), self.city), (_("&Organisation"), self.org), (_("Lan&guage"), self.lang)):
            w.setAccessibleName(label.replace("&", ""))
            form.addRow(label, w)
        if data is not None:
            self.first.setText(data.first_name)
            self.last.setText(data.last_name)
            self.city.setText(data.city)
            self.org.setText(data.organisation)
            if self.track.findData(data.track) < 0:
                self.track.addItem(data.track, data.track)
            self.track.setCurrentIndex(self.track.findData(data.track))
            if self.lang.findData(data.language) < 0:  # e.g. a language without a catalog, or none
                self.lang.addItem(i18n.language_name(data.language) if data.language else "—", data.language)
            self.lang.setCurrentIndex(self.lang.findData(data.language))
        self._finish()

    def data(self) -> tr.TraineeData:
        """The values entered (what the form does not show, such as the e-mail address, is kept)."""
        return dataclasses.replace(self.initial, first_name=self.first.text(), last_name=self.last.text(),
                                   track=self.track.currentData(), city=self.city.text(),
                                   organisation=self.org.text(), language=self.lang.currentData())


class StepDialog(QDialog):
    """Record a dated step on a trainee's path."""

    def __init__(self, name: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Record a step for {name}").format(name=name))
        form = QFormLayout(self)
        self.step = QComboBox()
        for key in tr.ALL_STEPS:
            self.step.addItem(_(STEP_LABELS[key]), key)
        self.step.setAccessibleName(_("Step"))
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat(i18n.qt_date_format())
        self.date.setDate(QDate.currentDate())
        self.date.setAccessibleName(_("Date"))
        form.addRow(_("&Step"), self.step)
        form.addRow(_("&Date"), self.date)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class SessionDialog(_FormDialog):
    """Add a training session, or (given its current ``data``) change it."""

    def __init__(self, parent=None, data: tr.SessionData | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Edit session") if data else _("Add session"))
        form = self.form
        self.title = QLineEdit()
        self.title.setAccessibleName(_("Title"))
        self.kind = QComboBox()
        self.kind.setAccessibleName(_("Kind"))
        for key, label in KIND_LABELS.items():
            self.kind.addItem(_(label), key)
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat(i18n.qt_date_format())
        self.date.setDate(QDate.currentDate())
        self.date.setAccessibleName(_("Date"))
        self.minutes = QSpinBox()
        self.minutes.setRange(10, 24 * 60)
        self.minutes.setValue(120)
        self.minutes.setAccessibleName(_("Minutes"))
        form.addRow(_("&Title"), self.title)
        form.addRow(_("&Kind"), self.kind)
        form.addRow(_("&Date"), self.date)
        form.addRow(_("&Minutes"), self.minutes)
        if data is not None:
            self.title.setText(data.title)
            self.kind.setCurrentIndex(max(0, self.kind.findData(data.kind)))
            if data.date is None:  # keep "no date" unless the trainer picks one
                self.date.setSpecialValueText(_("No date"))
                self.date.setDate(self.date.minimumDate())
            else:
                self.date.setDate(QDate(data.date.year, data.date.month, data.date.day))
            self.minutes.setValue(data.minutes)
        self._finish()

    def values(self) -> tr.SessionData:
        undated = bool(self.date.specialValueText()) and self.date.date() == self.date.minimumDate()
        return tr.SessionData(self.title.text(), self.kind.currentData(),
                              None if undated else cast(dt.date, self.date.date().toPython()),  # stubs: object
                              self.minutes.value())


class RehearsalDialog(QDialog):
    """The facilitator screen for one practice table, with a timer running ``factor`` times as fast."""

    def __init__(self, ctx: AppContext, table_id: uuid.UUID, round_: int, factor: float, parent=None) -> None:
        super().__init__(parent)
        from dialogue_app.ui.facilitation.panel import FacilitationPanel
        from dialogue_app.ui.widgets.combos import find_data

        self.setWindowTitle(_("Rehearsal at {factor}× speed").format(factor=_num(factor)))
        self.resize(1280, 720)
        layout = QVBoxLayout(self)
        banner = QLabel(_("Rehearsal: the timer runs {factor} times as fast (a 20-minute round takes {real} "
                          "minutes).").format(factor=_num(factor), real=_num(20 / factor)))
        banner.setStyleSheet("background:#fff4d6; padding:6px; font-weight:bold")
        banner.setWordWrap(True)
        layout.addWidget(banner)
        self.clock = SpeedClock(factor)
        self.panel = FacilitationPanel(ctx, self, clock=self.clock)
        layout.addWidget(self.panel)
        self.panel.refresh()
        self.panel._stale = False
        self.panel.round_spin.setValue(round_)
        idx = find_data(self.panel.table_combo, table_id)
        if idx >= 0:
            self.panel.table_combo.setCurrentIndex(idx)
        self.panel._load_table()
