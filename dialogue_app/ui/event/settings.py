"""The Event area's settings form (a part of the panel)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

from dialogue_app import i18n
from dialogue_app.i18n import gettext as _
from dialogue_app.services import edits, event_language, events
from dialogue_app.services.events import EventSettings
from dialogue_app.ui.event.common import NO_DATE, NO_TIME, _problem_label, _pydate, _qdate, _show_problem
from dialogue_app.ui.panel import Panel

#: The parts are mixins of :class:`~dialogue_app.ui.event.panel.EventPanel` sharing its state; type
#: checkers see them as panels.
if TYPE_CHECKING:
    _PanelPart = Panel
else:
    _PanelPart = object

#: The question (yes/no) whether the unedited script and survey texts follow a new event language.
LANGUAGE_DEFAULTS_KEY = "event_language_defaults"


class SettingsForm(_PanelPart):
    """The event's settings in a form, stored with *Save settings* as one undo step."""

    _loading: bool
    _settings: EventSettings | None

    def _build_settings(self) -> QGroupBox:
        """The settings form (stored with Save settings)."""
        self.title = QLineEdit()
        self.theme = QLineEdit()
        self.theme.setPlaceholderText(_("e.g. Living together in our neighbourhood"))
        self.network = QLineEdit()  # written into survey exports, for the impact report across events
        self.network.setPlaceholderText(_("e.g. Gent, or the organising foundation"))
        for line in (self.title, self.theme, self.network):  # room to read a title; long rows wrap
            line.setMinimumWidth(line.fontMetrics().averageCharWidth() * 22)
        self.date = QDateEdit()
        self.retention = QDateEdit()
        for day in (self.date, self.retention):
            day.setCalendarPopup(True)
            day.setMinimumDate(NO_DATE)
            day.setMaximumDate(QDate(2100, 12, 31))
            day.setSpecialValueText(_("Not set"))
            day.setDisplayFormat(i18n.qt_date_format())
        self.start_time = QTimeEdit()
        self.start_time.setDisplayFormat(i18n.qt_time_format())
        self.start_time.setSpecialValueText(_("Not set"))
        self.language = QComboBox()
        self.size_min, self.size_target, self.size_max = QSpinBox(), QSpinBox(), QSpinBox()
        for box in (self.size_min, self.size_target, self.size_max):
            box.setRange(1, 50)
        self.rounds = QSpinBox()
        self.rounds.setRange(1, events.MAX_ROUNDS)
        self.unknown = QDoubleSpinBox()
        self.unknown.setRange(0.0, 1.0)
        self.unknown.setSingleStep(0.05)
        self.unknown.setDecimals(2)
        self.unknown.setToolTip(
            _("How different “prefer not to say” counts when mixing tables: 0 = same as everyone, 1 = fully different.")
        )
        names: tuple[tuple[QWidget, str], ...] = (
            (self.title, _("Event title")), (self.theme, _("Theme")), (self.date, _("Date of the event")),
            (self.start_time, _("Start time")), (self.language, _("Event language")),
            (self.size_min, _("Minimum table size")), (self.size_target, _("Target table size")),
            (self.size_max, _("Maximum table size")), (self.rounds, _("Number of rounds")),
            (self.retention, _("Delete personal data after")),
            (self.unknown, _("Distance for “prefer not to say”")),
            (self.network, _("City or organiser for survey exports")),
        )
        for w, name in names:
            w.setAccessibleName(name)
        sizes = QHBoxLayout()
        sizes.setContentsMargins(0, 0, 0, 0)
        for lab, box in ((_("min"), self.size_min), (_("target"), self.size_target), (_("max"), self.size_max)):
            label = QLabel(lab)
            label.setBuddy(box)
            sizes.addWidget(label)
            sizes.addWidget(box)
        sizes.addStretch(1)
        sizes_widget = QWidget()
        sizes_widget.setLayout(sizes)
        sizes_widget.setAccessibleName(_("Table size"))

        settings_box = QGroupBox(_("Event settings"))
        form = QFormLayout(settings_box)
        # long labels (German, …) put their field on the next line instead of squeezing it
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(_("&Title:"), self.title)
        form.addRow(_("The&me:"), self.theme)
        form.addRow(_("&Date:"), self.date)
        form.addRow(_("Sta&rt time:"), self.start_time)
        form.addRow(_("Event &language:"), self.language)
        form.addRow(_("Table size (people):"), sizes_widget)
        form.addRow(_("R&ounds:"), self.rounds)
        form.addRow(_("Delete personal data &after:"), self.retention)
        form.addRow(_("“&Prefer not to say” distance:"), self.unknown)
        form.addRow(_("City or organiser for s&urvey exports:"), self.network)
        self.save_button = QPushButton(_("Save settin&gs"))
        self.revert_button = QPushButton(_("Revert"))
        self.save_button.setAccessibleName(_("Save settings"))
        self.revert_button.setAccessibleName(_("Revert"))
        self.save_button.clicked.connect(self.save_settings)
        self.revert_button.clicked.connect(self._show_settings)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.revert_button)
        row.addWidget(self.save_button)
        form.addRow(row)
        self.settings_problem = _problem_label()
        form.addRow(self.settings_problem)
        for line in (self.title, self.theme, self.network):
            line.textEdited.connect(self._settings_edited)
        for day in (self.date, self.retention):
            day.dateChanged.connect(self._settings_edited)
        self.start_time.timeChanged.connect(self._settings_edited)
        self.language.currentIndexChanged.connect(self._settings_edited)
        for spin in (self.size_min, self.size_target, self.size_max, self.rounds):
            spin.valueChanged.connect(self._settings_edited)
        self.unknown.valueChanged.connect(self._settings_edited)
        return settings_box

    def _show_settings(self) -> None:
        st = self._settings
        if st is None:
            return
        self._loading = True
        try:
            self.title.setText(st.title)
            self.theme.setText(st.theme)
            self.network.setText(st.network_name)
            self.title.setCursorPosition(0)
            self.theme.setCursorPosition(0)
            self.date.setDate(_qdate(st.date))
            self.retention.setDate(_qdate(st.retention_date))
            self.start_time.setTime(NO_TIME if st.start_time is None else QTime(st.start_time.hour,
                                                                               st.start_time.minute))
            self.language.clear()
            codes = i18n.available_languages()
            if st.language not in codes:
                codes = [*codes, st.language]
            for code in codes:
                self.language.addItem(i18n.language_name(code), code)
            self.language.setCurrentIndex(max(0, self.language.findData(st.language)))
            self.size_min.setValue(st.table_size_min)
            self.size_target.setValue(st.table_size_target)
            self.size_max.setValue(st.table_size_max)
            self.rounds.setValue(st.rounds)
            self.unknown.setValue(st.unknown_distance)
        finally:
            self._loading = False
        _show_problem(self.settings_problem, None)
        self._set_dirty(False)

    def _set_dirty(self, dirty: bool) -> None:
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)

    def _settings_edited(self, *_args) -> None:
        if not self._loading:
            self._set_dirty(True)

    def edited_settings(self) -> EventSettings:
        st = self._settings
        assert st is not None  # only while an event's settings are shown (save_settings checks)
        t = self.start_time.time()
        return replace(
            st,
            title=self.title.text(),
            theme=self.theme.text().strip(),
            network_name=self.network.text().strip(),
            date=_pydate(self.date.date()),
            start_time=None if t == NO_TIME else dt.time(t.hour(), t.minute()),
            language=self.language.currentData() or st.language,
            table_size_min=self.size_min.value(),
            table_size_target=self.size_target.value(),
            table_size_max=self.size_max.value(),
            rounds=self.rounds.value(),
            retention_date=_pydate(self.retention.date()),
            unknown_distance=round(self.unknown.value(), 2),
        )

    def save_settings(self) -> bool:
        if self._settings is None:
            return False
        new = self.edited_settings()
        if new == self._settings:
            self._set_dirty(False)
            return True
        label = _("Change event settings")
        edit: edits.Edit = edits.SaveSettings(new, label)
        areas = {"event"}
        if new.language != self._settings.language and self._use_language_defaults(new.language):
            edit = edits.Composite(
                (edit, event_language.UseLanguageDefaults(self._settings.language, new.language, label)), label)
            areas |= {"facilitation", "surveys"}
        ok = self.ctx.apply(edit, areas=areas, on_error=lambda exc: _show_problem(self.settings_problem, exc))
        if ok:
            _show_problem(self.settings_problem, None)
        return ok

    def _use_language_defaults(self, new: str) -> bool:
        """Ask once whether the script and survey texts still worded as the default follow the new
        language (only when there are such texts); texts the organiser edited stay in any case."""
        plan = self.ctx.try_read(lambda s: event_language.plan_switch(s, new))
        if plan is None or not plan.anything:
            return False
        text = _("Also use the {language} default script and survey questions? Texts you edited stay as they "
                 "are.").format(language=i18n.language_name(new))
        return self.ctx.dialogs.confirm(self, _("Event language"), text, key=LANGUAGE_DEFAULTS_KEY, unattended=True)
