"""The Training area: trainees and readiness, sessions and attendance, practice rounds
with scenario cards and fictional guests, rehearsal with a fast timer, the trainer pack."""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
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
from dialogue_app.i18n import N_, ngettext
from dialogue_app.i18n import gettext as _
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


class TraineeDialog(QDialog):
    """Add a trainee to the roster."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Add trainee"))
        form = QFormLayout(self)
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
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def data(self) -> tr.TraineeData:
        return tr.TraineeData(self.first.text(), self.last.text(), self.track.currentData(), self.city.text(),
                              self.org.text(), self.lang.currentData())


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
        self.date.setDisplayFormat("yyyy-MM-dd")
        from PySide6.QtCore import QDate

        self.date.setDate(QDate.currentDate())
        self.date.setAccessibleName(_("Date"))
        form.addRow(_("&Step"), self.step)
        form.addRow(_("&Date"), self.date)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class SessionDialog(QDialog):
    """Add a training session."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Add session"))
        form = QFormLayout(self)
        self.title = QLineEdit()
        self.title.setAccessibleName(_("Title"))
        self.kind = QComboBox()
        self.kind.setAccessibleName(_("Kind"))
        for key, label in KIND_LABELS.items():
            self.kind.addItem(_(label), key)
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        from PySide6.QtCore import QDate

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
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


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
        self.add_trainee_button = QPushButton(_("Add trai&nee…"))
        self.add_trainee_button.clicked.connect(self.add_trainee)
        bar.addWidget(self.add_trainee_button)
        self.step_button = QPushButton(_("Record ste&p…"))
        self.step_button.clicked.connect(self.record_step)
        bar.addWidget(self.step_button)
        self.assign_button = QPushButton(_("Add to &dialogue event…"))
        self.assign_button.setToolTip(_("Add the selected ready trainee as a facilitator to a dialogue event file"))
        self.assign_button.clicked.connect(self.add_to_event)
        bar.addWidget(self.assign_button)
        lay.addLayout(bar)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.trainee_view, self.trainee_model, self.trainee_proxy = _view(_("Trainees"))
        self.search.textChanged.connect(self.trainee_proxy.setFilterFixedString)
        self.trainee_view.selectionModel().currentChanged.connect(lambda *_a: self._show_path())
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
        lay.addLayout(bar)
        self.att_view, self.att_model, self.att_proxy = _view(_("Attendance per session"))
        self.att_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.att_view.doubleClicked.connect(self._cycle_attendance)
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
        self.banner.setText(_("This is a dialogue event. Trainees, sessions and practice rounds belong in a "
                              "training event: create one with “New training event…” or "
                              "“dialogue-app demo-training”. The trainer pack can be printed from here."))
        for w in (self.add_trainee_button, self.step_button, self.add_session_button, self.plan_button,
                  self.assign_button):
            w.setEnabled(self.is_training and not self.ctx.store.read_only)
        self.trainees = self.ctx.read(tr.list_trainees)
        self.sessions = self.ctx.read(tr.list_sessions)
        self.attendance = self.ctx.read(tr.attendance)
        self.practice = self.ctx.read(tr.list_practice)
        self._fill_trainees()
        self._fill_attendance()
        self._fill_practice()
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
        self._show_path()

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
        self.att_model.load(headers, rows, keys)
        self.att_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

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
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        data = dlg.data()
        self.ctx.write(lambda s: tr.add_trainee(s, data), areas={"training", "people"})

    def record_step(self) -> None:
        tid = _selected_key(self.trainee_view, self.trainee_model, self.trainee_proxy)
        t = next((x for x in self.trainees if x.id == tid), None)
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
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        title, kind, date, minutes = (dlg.title.text(), dlg.kind.currentData(), dlg.date.date().toPython(),
                                      dlg.minutes.value())
        self.ctx.write(lambda s: tr.add_session(s, title, kind, date, None, minutes), areas={"training"})

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
