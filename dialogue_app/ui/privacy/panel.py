"""The privacy page: what is stored, where and for how long, consent and its texts,
answering a person's request (see or erase their data), and the retention purge.

Also the retention banner shown when an event past its retention date is opened
(:func:`install_retention_banner`, installed by the main window).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from dialogue_app import exports, i18n
from dialogue_app.errors import DialogueError
from dialogue_app.i18n import gettext as _
from dialogue_app.services import privacy
from dialogue_app.ui.context import AppContext
from dialogue_app.ui.panel import Panel

ALL_AREAS = {"event", "people", "tables", "facilitation", "commitments", "surveys", "reports", "training", "privacy"}


class RowsModel(QAbstractTableModel):
    """A read-only table over rows of display strings; the row's key in UserRole."""

    def __init__(self, headers: Sequence[str], parent=None) -> None:
        super().__init__(parent)
        self.headers = list(headers)
        self.rows: list[tuple] = []
        self.keys: list[object] = []

    def set_rows(self, rows: Sequence[tuple], keys: Sequence[object] | None = None) -> None:
        self.beginResetModel()
        self.rows = [tuple(r) for r in rows]
        self.keys = list(keys) if keys is not None else [None] * len(self.rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return str(self.rows[index.row()][index.column()])
        if role == Qt.ItemDataRole.UserRole:
            return self.keys[index.row()]
        return None


def _table(model: RowsModel, name: str, rows_visible: int = 4) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    rows_h = view.verticalHeader().defaultSectionSize() * rows_visible
    view.setFixedHeight(view.horizontalHeader().sizeHint().height() + rows_h + 2 * view.frameWidth() + 2)
    return view


def _label(text: str = "") -> QLabel:
    lab = QLabel(text)
    lab.setWordWrap(True)
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return lab


def _button(text: str, name: str | None = None) -> QPushButton:
    b = QPushButton(text)
    b.setAccessibleName(name or text.replace("&", ""))
    return b


def _when(value: dt.datetime | None) -> str:
    """A stored UTC time, shown in the computer's local time."""
    if not value:
        return ""
    local = value.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)
    return i18n.format_datetime(local, "short")


def confirm_and_purge(ctx: AppContext, parent: QWidget | None = None) -> None:
    """Ask, then anonymise every person of the open event (on a worker thread)."""
    if ctx.store is None:
        return
    status = ctx.read(privacy.retention_status)
    text = i18n.ngettext(
        "Anonymise {n} person of this event? Names, contact details, background values, consents, seating and "
        "notes are removed; commitments and survey answers stay as anonymous records. The app's backups of "
        "this file are deleted. This cannot be undone.",
        "Anonymise all {n} people of this event? Names, contact details, background values, consents, seating "
        "and notes are removed; commitments and survey answers stay as anonymous records. The app's backups "
        "of this file are deleted. This cannot be undone.",
        status.people,
    ).format(n=status.people)
    if not status.past:
        text = _("The retention date has not passed yet.") + "\n\n" + text
    answer = QMessageBox.question(parent or ctx.window, _("Purge personal data"), text,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    if answer != QMessageBox.StandardButton.Yes:
        return
    store = ctx.store

    def work(progress, should_stop):
        return privacy.purge(store)

    def done(result) -> None:
        ctx.undo_stack.clear()  # undo steps hold the removed data
        ctx.data_changed.emit(set(ALL_AREAS))
        forgot, _cleanup = result
        ctx.status_message.emit(
            i18n.ngettext("Anonymised {n} person.", "Anonymised {n} people.", forgot.people).format(n=forgot.people)
        )

    def failed(exc: BaseException) -> None:
        if isinstance(exc, privacy.ErasureIncomplete):  # the people are gone; the file is cleaned later
            ctx.undo_stack.clear()
            ctx.data_changed.emit(set(ALL_AREAS))
        ctx.report_error(exc, parent)

    ctx.run_task(_("Anonymising the people of this event…"), work, done, on_error=failed, parent=parent)


class PrivacyPanel(Panel):
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
        try:
            state = self.ctx.read(lambda s: privacy.person_consents(s, pid))
        except DialogueError:
            self._person = None
            self.person_consent_model.set_rows([])
            return
        self.person_consent_model.set_rows(
            [(c.name, _("given") if c.active else (_("withdrawn") if c.withdrawn_at else _("not given")),
              c.version, _when(c.given_at), c.recorded_by, _("yes") if c.has_value else _("no")) for c in state],
            [c.dimension_id for c in state])
        if state:
            self.person_consent_view.selectRow(0)

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

    def _chosen_dimension(self) -> uuid.UUID | None:
        rows = self.person_consent_view.selectionModel().selectedRows()
        return self.person_consent_model.keys[rows[0].row()] if rows else None

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


class RetentionBanner(QToolBar):
    """Shown at the top of the window while the open event is past its retention date."""

    def __init__(self, window: QMainWindow, ctx: AppContext) -> None:
        super().__init__(_("Retention"), window)
        self.window_ = window
        self.ctx = ctx
        self.setObjectName("retention_banner")
        self.setMovable(False)
        self.setFloatable(False)
        self.setAccessibleName(_("Retention notice"))
        self.message = QLabel()
        self.message.setAccessibleName(_("Retention notice"))
        self.message.setContentsMargins(8, 4, 8, 4)
        self.addWidget(self.message)
        review = _button(_("Review &privacy"))
        review.clicked.connect(lambda: window.show_area("privacy"))
        purge = _button(_("Purge now…"))
        purge.clicked.connect(lambda: confirm_and_purge(ctx, window))
        later = _button(_("Not now"))
        later.clicked.connect(self.hide)
        for b in (review, purge, later):
            self.addWidget(b)
        self.setStyleSheet("QToolBar#retention_banner { background: #fff4ce; border-bottom: 1px solid #c8a600; }")
        self.hide()
        ctx.event_opened.connect(self.check)
        ctx.event_closed.connect(self.hide)
        ctx.data_changed.connect(self._on_data_changed)  # bound methods: gone with the banner

    def _on_data_changed(self, areas: set[str]) -> None:
        if {"event", "privacy"} & set(areas):
            self.check()

    def check(self) -> None:
        if self.ctx.store is None:
            self.hide()
            return
        status = self.ctx.read(privacy.retention_status)
        if status.past and status.people > 0:
            self.message.setText("⚠ " + i18n.ngettext(
                "The retention date {date} of this event has passed; {n} person's data is still here.",
                "The retention date {date} of this event has passed; {n} people's data is still here.",
                status.people).format(date=i18n.format_date(status.date), n=status.people))
            self.show()
        else:
            self.hide()


def install_retention_banner(window: QMainWindow) -> RetentionBanner:
    """Add the retention banner to the main window (hidden until needed)."""
    banner = RetentionBanner(window, window.ctx)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, banner)
    window.retention_banner = banner
    return banner
