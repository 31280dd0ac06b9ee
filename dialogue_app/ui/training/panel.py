"""The Training area: trainees and readiness, sessions and attendance, practice rounds
with scenario cards and fictional guests, rehearsal with a fast timer, the trainer pack."""

from __future__ import annotations

import dataclasses
import uuid
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dialogue_app import i18n
from dialogue_app.errors import DialogueError
from dialogue_app.i18n import N_, ngettext
from dialogue_app.i18n import gettext as _
from dialogue_app.services import edits
from dialogue_app.services import training as tr
from dialogue_app.services.events import get_settings
from dialogue_app.training import content
from dialogue_app.training.readiness import STEP_LABELS
from dialogue_app.training.rehearsal import SPEED_FACTORS, SpeedClock
from dialogue_app.ui.context import AppContext
from dialogue_app.ui.panel import Panel

TRACK_LABELS = {"facilitator": N_("Facilitator"), "coordinator": N_("Coordinator")}
KIND_LABELS = {"basic": N_("Basic training"), "practice": N_("Practice evening"),
               "coordinator": N_("Coordinator session"), "other": N_("Other")}
STATUS_LABELS = {"present": N_("present"), "absent": N_("absent"), "excused": N_("excused")}
STATUS_CYCLE = (None, "present", "absent", "excused")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


class RowsModel(QAbstractTableModel):
    """Plain rows of texts (precomputed from DTOs) with one key per row."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.headers: list[str] = []
        self.rows: list[tuple[str, ...]] = []
        self.keys: list[object] = []
        self.sort_keys: list[tuple] = []

    def load(self, headers: list[str], rows: list[tuple[str, ...]], keys: list[object],
             sort_keys: list[tuple] | None = None) -> None:
        self.beginResetModel()
        self.headers, self.rows, self.keys = headers, rows, keys
        self.sort_keys = sort_keys or [tuple(r) for r in rows]
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.rows[index.row()][index.column()]
        if role == SORT_ROLE:
            key = self.sort_keys[index.row()]
            return key[index.column()] if index.column() < len(key) else self.rows[index.row()][index.column()]
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


def _view(name: str) -> tuple[QTableView, RowsModel, QSortFilterProxyModel]:
    model = RowsModel()
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterKeyColumn(-1)
    view = QTableView()
    view.setModel(proxy)
    view.setAccessibleName(name)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(False)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    return view, model, proxy


def _selected_key(view: QTableView, model: RowsModel, proxy: QSortFilterProxyModel):
    idx = view.currentIndex()
    if not idx.isValid():
        return None
    return model.keys[proxy.mapToSource(idx).row()]


def _num(x: float) -> str:
    return i18n.format_number(int(x)) if float(x).is_integer() else i18n.format_decimal(x, 1)


def _date_text(d) -> str:
    return i18n.format_date(d) if d else ""


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
                              None if undated else self.date.date().toPython(), self.minutes.value())


class RehearsalDialog(QDialog):
    """The facilitator screen for one practice table, with a timer running ``factor`` times as fast."""

    def __init__(self, ctx: AppContext, table_id: uuid.UUID, round_: int, factor: float, parent=None) -> None:
        super().__init__(parent)
        from dialogue_app.ui.commitments_panel import find_data
        from dialogue_app.ui.facilitation_panel import FacilitationPanel

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


class TrainingPanel(Panel):
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
        self.banner = QLabel()
        self.banner.setWordWrap(True)
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

    # ------------------------------------------------------------------ building
    def _build_trainees(self) -> None:
        page = QWidget()
        lay = QVBoxLayout(page)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search trainees"))
        self.search.setAccessibleName(_("Search trainees"))
        bar.addWidget(self.search, 1)
        self.ready_only = QCheckBox(_("Only &ready to facilitate"))
        self.ready_only.setAccessibleName(_("Only ready to facilitate"))
        self.ready_only.toggled.connect(self._fill_trainees)
        bar.addWidget(self.ready_only)
        lay.addLayout(bar)
        # the roster's own actions on the left, what follows from the training on the right
        actions = QHBoxLayout()
        self.add_trainee_button = QPushButton(_("Add trai&nee…"))
        self.add_trainee_button.clicked.connect(self.add_trainee)
        actions.addWidget(self.add_trainee_button)
        self.edit_trainee_button = QPushButton(_("Ed&it trainee…"))
        self.edit_trainee_button.setAccessibleName(_("Edit trainee"))
        self.edit_trainee_button.setToolTip(_("Correct the selected trainee's details (Enter or double-click)"))
        self.edit_trainee_button.clicked.connect(self.edit_trainee)
        actions.addWidget(self.edit_trainee_button)
        self.remove_trainee_button = QPushButton(_("Re&move trainee"))
        self.remove_trainee_button.setAccessibleName(_("Remove trainee"))
        self.remove_trainee_button.setToolTip(_("Remove the selected trainee from the training (Delete)"))
        self.remove_trainee_button.clicked.connect(self.remove_trainee)
        actions.addWidget(self.remove_trainee_button)
        actions.addStretch(1)
        self.step_button = QPushButton(_("Record ste&p…"))
        self.step_button.clicked.connect(self.record_step)
        actions.addWidget(self.step_button)
        self.assign_button = QPushButton(_("Add to &dialogue event…"))
        self.assign_button.setToolTip(_("Add the selected ready trainee as a facilitator to a dialogue event file"))
        self.assign_button.clicked.connect(self.add_to_event)
        actions.addWidget(self.assign_button)
        lay.addLayout(actions)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.trainee_view, self.trainee_model, self.trainee_proxy = _view(_("Trainees"))
        self.search.textChanged.connect(self.trainee_proxy.setFilterFixedString)
        self.trainee_view.selectionModel().currentChanged.connect(lambda *_a: self._trainee_changed())
        self.trainee_view.doubleClicked.connect(lambda _i: self.edit_trainee())
        for key, slot in ((Qt.Key.Key_Return, self.edit_trainee), (Qt.Key.Key_Enter, self.edit_trainee),
                          (Qt.Key.Key_Delete, self.remove_trainee)):
            sc = QShortcut(QKeySequence(key), self.trainee_view)
            sc.setContext(Qt.ShortcutContext.WidgetShortcut)
            sc.activated.connect(slot)
        split.addWidget(self.trainee_view)
        self.path_view = QTextBrowser()
        self.path_view.setAccessibleName(_("Path of the selected trainee"))
        split.addWidget(self.path_view)
        split.setSizes([960, 280])
        lay.addWidget(split, 1)
        self.tabs.addTab(page, _("&Trainees"))

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

    def _build_practice(self) -> None:
        page = QWidget()
        lay = QVBoxLayout(page)
        bar = QHBoxLayout()
        lbl = QLabel(_("Trainees per ta&ble:"))
        self.size_spin = QSpinBox()
        self.size_spin.setRange(2, 12)
        self.size_spin.setValue(5)
        self.size_spin.setAccessibleName(_("Trainees per table"))
        lbl.setBuddy(self.size_spin)
        bar.addWidget(lbl)
        bar.addWidget(self.size_spin)
        lbl = QLabel(_("Ro&unds:"))
        self.rounds_spin = QSpinBox()
        self.rounds_spin.setRange(0, 20)
        self.rounds_spin.setSpecialValueText(_("until everyone has facilitated"))
        self.rounds_spin.setAccessibleName(_("Rounds"))
        lbl.setBuddy(self.rounds_spin)
        bar.addWidget(lbl)
        bar.addWidget(self.rounds_spin)
        self.plan_button = QPushButton(_("P&lan practice rounds"))
        self.plan_button.clicked.connect(self.plan)
        bar.addWidget(self.plan_button)
        bar.addStretch(1)
        lbl = QLabel(_("Spee&d:"))
        self.speed_combo = QComboBox()
        for f in SPEED_FACTORS:
            self.speed_combo.addItem(_("{factor}× (a 20-minute round in {real} min)").format(
                factor=f, real=_num(20 / f)), f)
        self.speed_combo.setCurrentIndex(SPEED_FACTORS.index(4))
        self.speed_combo.setAccessibleName(_("Rehearsal speed"))
        lbl.setBuddy(self.speed_combo)
        bar.addWidget(lbl)
        bar.addWidget(self.speed_combo)
        self.rehearse_button = QPushButton(_("&Rehearse…"))
        self.rehearse_button.setToolTip(_("Open the facilitator screen for the selected practice table"))
        self.rehearse_button.clicked.connect(self.rehearse)
        bar.addWidget(self.rehearse_button)
        lay.addLayout(bar)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.practice_view, self.practice_model, self.practice_proxy = _view(_("Practice tables"))
        self.practice_view.selectionModel().currentChanged.connect(lambda *_a: self._show_card())
        split.addWidget(self.practice_view)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        lbl = QLabel(_("S&cenario card:"))
        self.scenario_combo = QComboBox()
        self.scenario_combo.setAccessibleName(_("Scenario card"))
        self.scenario_combo.addItem(_("No scenario"), "")
        for sc in content.SCENARIOS:
            self.scenario_combo.addItem(_(sc.title), sc.key)
        self.scenario_combo.activated.connect(self._deal)
        lbl.setBuddy(self.scenario_combo)
        row = QHBoxLayout()
        row.addWidget(lbl)
        row.addWidget(self.scenario_combo, 1)
        rl.addLayout(row)
        self.card_view = QTextBrowser()
        self.card_view.setAccessibleName(_("Scenario card and practice guests"))
        rl.addWidget(self.card_view, 1)
        split.addWidget(right)
        split.setSizes([720, 520])
        lay.addWidget(split, 1)
        self.tabs.addTab(page, _("Practice r&ounds"))

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

    def _fill_trainees(self) -> None:
        current = _selected_key(self.trainee_view, self.trainee_model, self.trainee_proxy)
        rows, keys, sorts = [], [], []
        for t in self.trainees:
            if self.ready_only.isChecked() and not (t.ready and t.track == "facilitator"):
                continue
            if t.ready:
                state = _("✔ ready to coordinate") if t.track == "coordinator" else _("✔ ready")
            else:
                state = _("not yet: {steps}").format(
                    steps=", ".join(_(STEP_LABELS[m]) for m in t.missing))
            rows.append((t.name, _(TRACK_LABELS.get(t.track, t.track)), t.city, t.organisation,
                         i18n.language_name(t.language) if t.language else "", str(t.sessions_attended),
                         str(t.turns), state))
            keys.append(t.id)
            sorts.append((t.name.lower(), t.track, t.city, t.organisation, t.language, t.sessions_attended, t.turns,
                          (not t.ready, len(t.missing))))
        headers = [_("Name"), _("Track"), _("City"), _("Organisation"), _("Language"), _("Sessions"),
                   _("Turns"), _("Ready to facilitate")]
        self.trainee_model.load(headers, rows, keys, sorts)
        hh = self.trainee_view.horizontalHeader()
        for c in range(len(headers) - 1):
            hh.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        if current is not None and current in keys:
            src = self.trainee_model.index(keys.index(current), 0)
            self.trainee_view.setCurrentIndex(self.trainee_proxy.mapFromSource(src))
        elif rows:
            self.trainee_view.setCurrentIndex(self.trainee_proxy.index(0, 0))
        self._trainee_changed()

    def _trainee_changed(self) -> None:
        self._show_path()
        self._update_buttons()

    def _writable(self) -> bool:
        return self.is_training and self.ctx.store is not None and not self.ctx.store.read_only

    def _current_trainee(self) -> tr.TraineeInfo | None:
        tid = _selected_key(self.trainee_view, self.trainee_model, self.trainee_proxy)
        return next((x for x in self.trainees if x.id == tid), None)

    def _current_session(self) -> tr.SessionInfo | None:
        """The session whose column holds the current cell of the attendance grid."""
        idx = self.att_view.currentIndex()
        col = self.att_proxy.mapToSource(idx).column() if idx.isValid() else 0
        sid = self._session_columns[col] if col < len(self._session_columns) else None
        return next((s for s in self.sessions if s.id == sid), None)

    def _session_name(self, s: tr.SessionInfo) -> str:
        return f"{s.title} ({_date_text(s.date)})" if s.date else s.title

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

    def _show_path(self) -> None:
        tid = _selected_key(self.trainee_view, self.trainee_model, self.trainee_proxy)
        t = next((x for x in self.trainees if x.id == tid), None)
        if t is None:
            self.path_view.setHtml("")
            return
        from html import escape

        lines = [f"<h3>{escape(t.name)}</h3>"]
        if t.ready:
            if t.track == "coordinator":
                state = _("Ready to coordinate")
            elif t.ready_since:
                state = _("Ready to facilitate since {date}").format(date=_date_text(t.ready_since))
            else:
                state = _("Ready to facilitate")
            lines.append("<p><b>" + escape(state) + "</b></p>")
        else:
            lines.append("<p>" + escape(_("Still needed: {steps}").format(
                steps=", ".join(_(STEP_LABELS[m]) for m in t.missing))) + "</p>")
        lines.append("<ul>")
        for st in t.steps:
            src = _(" (attendance)") if st.source == "session" else ""
            lines.append(f"<li>{escape(_date_text(st.date))} — {escape(_(STEP_LABELS.get(st.step, st.step)))}"
                         f"{escape(src)}</li>")
        lines.append("</ul>")
        if not t.steps:
            lines.append("<p>" + escape(_("No steps recorded yet.")) + "</p>")
        self.path_view.setHtml("".join(lines))

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
            current = (self.att_model.keys[src.row()], self._session_columns[src.column()]
                       if src.column() < len(self._session_columns) else None)
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

    def _fill_practice(self) -> None:
        current = _selected_key(self.practice_view, self.practice_model, self.practice_proxy)
        rows, keys, sorts = [], [], []
        for p in self.practice:
            sc = content.scenario(p.scenario)
            rows.append((str(p.round), str(p.number), p.facilitator, ", ".join(p.members[1:]),
                         _(sc.title) if sc else ""))
            keys.append((p.table_id, p.round))
            sorts.append((p.round, p.number, p.facilitator, "", p.scenario))
        self.practice_model.load([_("Round"), _("Table"), _("Facilitator"), _("Trainees"), _("Scenario")],
                                 rows, keys, sorts)
        hh = self.practice_view.horizontalHeader()
        for c in (0, 1, 2, 4):
            hh.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        hh.setStretchLastSection(False)
        hh.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        if current in keys:
            self.practice_view.setCurrentIndex(self.practice_proxy.mapFromSource(
                self.practice_model.index(keys.index(current), 0)))
        elif rows:
            self.practice_view.setCurrentIndex(self.practice_proxy.index(0, 0))
        self.rehearse_button.setEnabled(bool(rows))
        self._show_card()

    def _current_practice(self) -> tr.PracticeTableInfo | None:
        key = _selected_key(self.practice_view, self.practice_model, self.practice_proxy)
        return next((p for p in self.practice if (p.table_id, p.round) == key), None)

    def _show_card(self) -> None:
        from html import escape

        p = self._current_practice()
        self.scenario_combo.setEnabled(p is not None and self.is_training)
        if p is None:
            self.card_view.setHtml("<p>" + escape(_("Plan practice rounds to see the tables, their scenario "
                                                    "cards and the fictional guests.")) + "</p>")
            return
        self.scenario_combo.setCurrentIndex(max(0, self.scenario_combo.findData(p.scenario)))
        heading = _("Round {r}, table {n}").format(r=p.round, n=p.number)
        parts = [f"<h3>{escape(heading)}</h3>",
                 "<p>" + escape(_("{name} facilitates.").format(name=p.facilitator)) + "</p>"]
        sc = content.scenario(p.scenario)
        if sc:
            parts.append(f"<h4>{escape(_(sc.title))}</h4><p>{escape(_(sc.situation))}</p>")
            parts.append("<p><b>" + escape(_("What the facilitator can do")) + "</b></p><ul>")
            parts += [f"<li>{escape(_(m))}</li>" for m in sc.moves]
            parts.append("</ul>")
        parts.append("<h4>" + escape(_("Practice guests (fictional)")) + "</h4><ul>")
        for g in tr.practice_personas(p.number, p.round, max(1, len(p.members) - 1)):
            name = _("{name}, {age}").format(name=f"{g.first_name} {g.last_name}", age=g.age)
            parts.append(f"<li><b>{escape(name)}</b> — {escape(_(g.sketch))}</li>")
        parts.append("</ul>")
        self.card_view.setHtml("".join(parts))

    # ------------------------------------------------------------------ actions
    def add_trainee(self) -> None:
        dlg = TraineeDialog(self)
        new_id = uuid.uuid4()
        while dlg.exec() == QDialog.DialogCode.Accepted:
            data = dlg.data()
            label = _("Add {name}").format(name=f"{data.first_name.strip()} {data.last_name.strip()}".strip())
            if self.ctx.apply(tr.AddTrainee(data, label, new_id), areas={"training", "people"},
                              on_error=dlg.show_problem):
                self._select_trainee(new_id)
                return

    def _select_trainee(self, person_id: uuid.UUID) -> None:
        if person_id in self.trainee_model.keys:
            src = self.trainee_model.index(self.trainee_model.keys.index(person_id), 0)
            self.trainee_view.setCurrentIndex(self.trainee_proxy.mapFromSource(src))

    def edit_trainee(self) -> None:
        t = self._current_trainee()
        if t is None or not self._writable():
            return
        try:
            before = self.ctx.read(lambda s: tr.trainee_data(s, t.id))
        except DialogueError as exc:
            self.ctx.report_error(exc)
            return
        dlg = TraineeDialog(self, before)
        while dlg.exec() == QDialog.DialogCode.Accepted:
            data = dlg.data()
            if data.stripped() == before:  # nothing but spaces: no undo step
                return
            label = _("Edit {name}").format(name=f"{data.first_name.strip()} {data.last_name.strip()}".strip())
            if self.ctx.apply(tr.SaveTrainee(t.id, data, label), areas={"training", "people"},
                              on_error=dlg.show_problem):
                return

    def remove_trainee(self) -> None:
        from dialogue_app.ui.people_panel import confirm

        t = self._current_trainee()
        if t is None or not self._writable():
            return
        question = _("Remove {name} from the training? Their steps, attendance and places at practice tables "
                     "are removed too. You can undo this with Ctrl+Z.").format(name=t.name)
        if confirm(self, _("Remove trainee"), question):
            self.ctx.apply(edits.DeletePerson(t.id, _("Remove {name}").format(name=t.name)),
                           areas={"training", "people", "tables"})

    def record_step(self) -> None:
        t = self._current_trainee()
        if t is None:
            return
        dlg = StepDialog(t.name, self)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        date = dlg.date.date().toPython()
        step = dlg.step.currentData()
        self.ctx.apply(tr.AddStep(t.id, step, date, _("Record a step for {name}").format(name=t.name)),
                       areas={"training"})

    def add_session(self) -> None:
        dlg = SessionDialog(self)
        new_id = uuid.uuid4()
        while dlg.exec() == QDialog.DialogCode.Accepted:
            data = dlg.values()
            if self.ctx.apply(tr.AddSession(data, _("Add {name}").format(name=data.title.strip()), new_id),
                              areas={"training"}, on_error=dlg.show_problem):
                idx = self.att_view.currentIndex()
                row = self.att_proxy.mapToSource(idx).row() if idx.isValid() else 0
                self._set_attendance_cell(self.att_model.keys[row] if self.att_model.keys else None, new_id)
                return

    def edit_session(self) -> None:
        session = self._current_session()
        if session is None or not self._writable():
            return
        try:
            before = self.ctx.read(lambda s: tr.session_data(s, session.id))
        except DialogueError as exc:
            self.ctx.report_error(exc)
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
        if not index.isValid() or not self.is_training or self.ctx.store.read_only:
            return
        row, col = index.row(), index.column()
        src = self.att_proxy.mapToSource(index)
        if src.column() == 0:
            return
        person = self.att_model.keys[src.row()]
        session = self.sessions[src.column() - 1]
        now = self.attendance.get((session.id, person))
        nxt = STATUS_CYCLE[(STATUS_CYCLE.index(now) + 1) % len(STATUS_CYCLE)]
        self.ctx.apply(tr.SetAttendance(session.id, person, nxt, _("Attendance")), areas={"training"})
        self.att_view.setCurrentIndex(self.att_proxy.index(row, col))  # the model was reloaded

    def plan(self) -> None:
        size = self.size_spin.value()
        rounds = self.rounds_spin.value() or None
        store = self.ctx.store

        def task(progress, should_stop):
            progress(0.0)
            with store.session() as s:
                return tr.plan_practice(s, size=size, rounds=rounds, should_stop=should_stop)

        def done(summary: tr.PracticeSummary) -> None:
            self.ctx.data_changed.emit({"training", "tables"})
            msg = _("{rounds} rounds at {tables} tables; {repeats} repeated pairs.").format(
                rounds=summary.rounds, tables=summary.tables, repeats=summary.repeated_pairs)
            self.ctx.status_message.emit(msg)

        self.ctx.run_task(_("Planning practice rounds"), task, done, parent=self)

    def _deal(self) -> None:
        p = self._current_practice()
        if p is None:
            return
        key = self.scenario_combo.currentData()
        self.ctx.write(lambda s: tr.deal_scenario(s, p.table_id, p.round, key), areas={"training"})

    def rehearse(self) -> None:
        p = self._current_practice()
        if p is None:
            return
        dlg = RehearsalDialog(self.ctx, p.table_id, p.round, float(self.speed_combo.currentData()), self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.rehearsals.append(dlg)
        dlg.finished.connect(lambda *_a: self.rehearsals.remove(dlg) if dlg in self.rehearsals else None)
        dlg.show()

    def add_to_event(self) -> None:
        tid = _selected_key(self.trainee_view, self.trainee_model, self.trainee_proxy)
        t = next((x for x in self.trainees if x.id == tid), None)
        if t is None:
            return
        path, _f = QFileDialog.getOpenFileName(self, _("Choose the dialogue event"), "",
                                               _("Event files (*.dialogue)"))
        if not path:
            return
        if self.ctx.write(lambda s: tr.add_facilitator_to_event(s, t.id, Path(path))) is not None:
            self.ctx.status_message.emit(_("{name} was added as a facilitator to {file}.").format(
                name=t.name, file=Path(path).name))

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
        from dialogue_app.errors import DialogueError
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
