"""The privacy page: what is stored, where and for how long, consent and its texts,
answering a person's request (see or erase their data), and the retention purge.

The parts: :mod:`.requests` (a person's request), :mod:`.rows` (the small widgets), :mod:`.purge` (the
retention purge) and :mod:`.banner` (the retention banner the main window installs).
"""

from __future__ import annotations

import datetime as dt
import uuid

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from dialogue_app import exports, i18n
from dialogue_app.i18n import gettext as _
from dialogue_app.services import privacy
from dialogue_app.ui.context import AppContext
from dialogue_app.ui.panel import Panel
from dialogue_app.ui.privacy.purge import confirm_and_purge
from dialogue_app.ui.privacy.requests import PersonRequests
from dialogue_app.ui.privacy.rows import RowsModel, _button, _label, _table, _when


class PrivacyPanel(PersonRequests, Panel):
    watches = frozenset({"event", "people", "tables", "privacy"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setAccessibleName(_("Privacy"))
        self._person: uuid.UUID | None = None
        self._language_chosen = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        lay = QVBoxLayout(body)
        heading = QLabel("<h2>" + _("Privacy") + "</h2>")
        lay.addWidget(heading)
        lay.addWidget(self._stored_box())
        lay.addWidget(self._retention_box())
        lay.addWidget(self._requests_box())
        lay.addWidget(self._consent_box())
        lay.addWidget(self._texts_box())
        lay.addWidget(self._exports_box())
        lay.addWidget(self._log_box())
        lay.addStretch(1)

    # --- building ---------------------------------------------------------------------------------
    def _stored_box(self) -> QGroupBox:
        box = QGroupBox(_("What is stored, where, and who can see it"))
        form = QFormLayout(box)
        self.what = _label(_(privacy.WHAT_IS_STORED))
        self.where = _label()
        self.backups = _label()
        self.who = _label(_(privacy.WHO_CAN_SEE))
        form.addRow(_("What:"), self.what)
        form.addRow(_("Where:"), self.where)
        form.addRow(_("Backups:"), self.backups)
        form.addRow(_("Who:"), self.who)
        return box

    def _retention_box(self) -> QGroupBox:
        box = QGroupBox(_("How long: retention"))
        v = QVBoxLayout(box)
        self.retention_status = _label()
        self.retention_status.setAccessibleName(_("Retention status"))
        v.addWidget(self.retention_status)
        row = QHBoxLayout()
        lab = QLabel(_("&Keep personal data until:"))
        self.retention_date = QDateEdit()
        self.retention_date.setCalendarPopup(True)
        self.retention_date.setDisplayFormat(i18n.qt_date_format())
        self.retention_date.setAccessibleName(_("Retention date"))
        lab.setBuddy(self.retention_date)
        self.save_retention = _button(_("&Save date"))
        self.save_retention.clicked.connect(self._save_retention)
        self.purge_button = _button(_("&Purge now…"))
        self.purge_button.clicked.connect(lambda: confirm_and_purge(self.ctx, self))
        row.addWidget(lab)
        row.addWidget(self.retention_date)
        row.addWidget(self.save_retention)
        row.addStretch(1)
        row.addWidget(self.purge_button)
        v.addLayout(row)
        return box


    def _consent_box(self) -> QGroupBox:
        box = QGroupBox(_("Consent for sensitive background values"))
        v = QVBoxLayout(box)
        v.addWidget(_label(_(
            "Origin and religion are special categories of personal data. A value is stored only while the "
            "person's explicit consent for that dimension is active; withdrawing deletes the value at once.")))
        self.consent_model = RowsModel(
            [_("Dimension"), _("Consented"), _("Withdrew"), _("Values"), _("Prefer not to say"),
             _("Without consent")], self)
        v.addWidget(_table(self.consent_model, _("Consent per dimension"), 2))
        self.rebalance = _label()
        self.rebalance.setAccessibleName(_("Tables to rebalance"))
        v.addWidget(self.rebalance)
        return box

    def _texts_box(self) -> QGroupBox:
        box = QGroupBox(_("Consent texts"))
        v = QVBoxLayout(box)
        row = QHBoxLayout()
        lab_d = QLabel(_("Dime&nsion:"))
        self.text_dimension = QComboBox()
        self.text_dimension.setAccessibleName(_("Dimension of the consent text"))
        lab_d.setBuddy(self.text_dimension)
        lab_l = QLabel(_("Lan&guage:"))
        self.text_language = QComboBox()
        self.text_language.setAccessibleName(_("Language of the consent text"))
        lab_l.setBuddy(self.text_language)
        for code in privacy.text_languages():
            self.text_language.addItem(i18n.language_name(code), code)
        for w in (lab_d, self.text_dimension, lab_l, self.text_language):
            row.addWidget(w)
        row.addStretch(1)
        v.addLayout(row)
        self.text_edit = QPlainTextEdit()
        self.text_edit.setAccessibleName(_("Consent text"))
        self.text_edit.setFixedHeight(110)
        v.addWidget(self.text_edit)
        row2 = QHBoxLayout()
        self.text_info = _label()
        self.text_info.setAccessibleName(_("Consent text version"))
        self.save_text = _button(_("Save as new &version"))
        self.save_text.clicked.connect(self._save_text)
        row2.addWidget(self.text_info, 1)
        row2.addWidget(self.save_text)
        v.addLayout(row2)
        self.text_dimension.currentIndexChanged.connect(self._show_text)
        self.text_language.currentIndexChanged.connect(self._show_text)
        return box

    def _exports_box(self) -> QGroupBox:
        box = QGroupBox(_("What leaves the app"))
        v = QVBoxLayout(box)
        v.addWidget(_label(_(
            "Exports are pseudonymous by default; reports show only event-level counts of at least 5. The "
            "registration list is the exception you control: it holds contact details.")
            + " " + exports.sensitive_rule()))
        model = RowsModel([_("Export"), _("Personal data it may contain")], self)
        specs = [*exports.EXPORTS, exports.SUBJECT_ACCESS]
        model.set_rows([(s.label(), _(s.personal_data)) for s in specs])
        view = _table(model, _("Exports and their personal data"), len(specs))
        view.setWordWrap(False)
        view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        v.addWidget(view)
        return box

    def _log_box(self) -> QGroupBox:
        box = QGroupBox(_("Privacy log"))
        v = QVBoxLayout(box)
        v.addWidget(_label(_(
            "What was done with personal data in this event, to show that it is handled properly. The log "
            "never names the people concerned.")))
        self.log_model = RowsModel([_("When"), _("What"), _("People concerned"), _("Records deleted"),
                                    _("Kept anonymously"), _("Mentions redacted"), _("Detail")], self)
        v.addWidget(_table(self.log_model, _("Privacy log"), 4))
        return box

    # --- refreshing -------------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.ctx.store is None:
            return
        store = self.ctx.store
        facts = self.ctx.read(lambda s: privacy.privacy_facts(store, s))
        if facts.path is None:
            self.where.setText(_("The event {label}, on a shared server: its administrator keeps the server's "
                                 "backups.").format(label=store.label))
        else:
            self.where.setText(_("The event file {path}. Nothing is stored anywhere else by the app.").format(
                path=facts.path))
        if facts.backups:
            self.backups.setText(i18n.ngettext(
                "{n} backup of this file, in {folder}.", "{n} backups of this file, in {folder}.",
                len(facts.backups)).format(n=len(facts.backups), folder=facts.backups[0].parent))
        else:
            self.backups.setText(_("No backups of this file made by the app at the moment."))
        r = facts.retention
        if r.date is None:
            self.retention_status.setText(_("No retention date is set: choose one (for example a year after the "
                                            "event) and purge the personal data then."))
            self.retention_date.setDate(QDate.currentDate().addYears(1))
        else:
            self.retention_date.setDate(QDate(r.date.year, r.date.month, r.date.day))
            if r.past:
                self.retention_status.setText("⚠ " + _("The retention date {date} has passed: anonymise the people "
                                                       "of this event now.").format(date=i18n.format_date(r.date)))
            else:
                self.retention_status.setText(i18n.ngettext(
                    "Personal data is kept until {date} ({n} day left), then anonymised.",
                    "Personal data is kept until {date} ({n} days left), then anonymised.",
                    r.days_left).format(date=i18n.format_date(r.date), n=r.days_left))
        self.purge_button.setEnabled(r.people > 0 and not store.read_only)
        self.consent_model.set_rows(
            [(c.name, c.active, c.withdrawn, c.values, c.prefer_not, c.without_consent) for c in facts.consent])
        self.log_model.set_rows([
            (_when(r.at), r.label, r.people or "", r.deleted or "", r.anonymised or "", r.redacted or "", r.detail)
            for r in self.ctx.read(privacy.privacy_log)])
        impact = self.ctx.read(privacy.tables_to_rebalance)
        if impact:
            self.rebalance.setText(_("Tables to rebalance after withdrawn consent: {tables}").format(
                tables=", ".join(str(t.number) for t in impact)))
        else:
            self.rebalance.setText(_("No table needs rebalancing after withdrawn consent."))
        if not self._language_chosen:  # start with the event's language: the texts people see
            self._language_chosen = True
            lang = self.ctx.read(privacy.event_language)
            self.text_language.blockSignals(True)
            self.text_language.setCurrentIndex(max(self.text_language.findData(lang), 0))
            self.text_language.blockSignals(False)
        current = self.text_dimension.currentData()
        self.text_dimension.blockSignals(True)
        self.text_dimension.clear()
        for c in facts.consent:
            self.text_dimension.addItem(c.name, c.key)
        idx = self.text_dimension.findData(current)
        self.text_dimension.setCurrentIndex(max(idx, 0))
        self.text_dimension.blockSignals(False)
        self._show_text()
        self._refresh_people()




    def _show_text(self) -> None:
        key = self.text_dimension.currentData()
        lang = self.text_language.currentData()
        if self.ctx.store is None or key is None:
            self.text_edit.setPlainText("")
            self.text_info.setText("")
            return
        texts = self.ctx.read(privacy.consent_texts)
        info = next((t for t in texts if t.dimension_key == key and t.language == lang), None)
        if info is None:
            return
        self.text_edit.setPlainText(info.text)
        extra = "  " + _("(the app's default text)") if info.is_default else ""
        self.text_info.setText(i18n.ngettext(
            "Version {version}; {n} consent given under it.", "Version {version}; {n} consents given under it.",
            info.given).format(version=info.version, n=info.given) + extra)

    # --- actions ----------------------------------------------------------------------------------
    def _save_retention(self) -> None:
        d = self.retention_date.date()
        self.ctx.apply(privacy.SetRetentionDate(dt.date(d.year(), d.month(), d.day()), _("Change retention date")),
                       areas={"event", "privacy"})

    def _save_text(self) -> None:
        key, lang, text = self.text_dimension.currentData(), self.text_language.currentData(), \
            self.text_edit.toPlainText()
        if key is None:
            return
        self.ctx.write(lambda s: privacy.save_consent_text(s, key, lang, text), areas={"privacy"})









