"""The facilitator screen: the guided rounds of one table with a timer, the
projector view, the talking stick, private notes, the commitment form and the
script editor.

Timing logic lives in :mod:`dialogue_app.facilitation.timer` (no Qt); this panel
only shows it, stores its state on every Start / Pause / Next / Back and ticks
the display.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import struct
import uuid
import wave
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dialogue_app import i18n, paths
from dialogue_app.facilitation.script import THEME_PLACEHOLDER, render
from dialogue_app.facilitation.timer import Clock, SystemClock, TableTimer, format_seconds
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.services import commitments as cm
from dialogue_app.services import facilitation as fac
from dialogue_app.services.events import get_settings
from dialogue_app.services.tables import list_tables
from dialogue_app.ui.commitments_panel import find_data
from dialogue_app.ui.context import AppContext
from dialogue_app.ui.panel import Panel

NORMAL_STYLE = "font-size: 54pt; font-weight: 600; padding: 4px 12px;"
OVERTIME_STYLE = ("font-size: 54pt; font-weight: 800; padding: 4px 12px; color: #ffffff; "
                  "background-color: #8b0000; border: 4px solid #000000;")
#: The first seconds of overtime flash (swapped colours, once a second: far below 3 flashes/s).
FLASH_SECONDS = 6
OVERTIME_FLASH = OVERTIME_STYLE.replace("color: #ffffff; background-color: #8b0000",
                                        "color: #8b0000; background-color: #ffffff")
PROJ_NORMAL = "font-size: 120pt; font-weight: 700; color: #ffffff; background-color: #000000;"
PROJ_OVERTIME = ("font-size: 120pt; font-weight: 900; color: #000000; background-color: #ffd400; "
                 "border: 8px solid #ffffff;")
PROJ_FLASH = PROJ_OVERTIME.replace("color: #000000; background-color: #ffd400",
                                   "color: #ffd400; background-color: #000000")


def _fmt_time(value: dt.datetime | None) -> str:
    return i18n.format_time(value) if value is not None else ""


def _isolate(text: str) -> str:
    """Wrap a name in Unicode first-strong isolates so an Arabic name does not reorder
    the text around it ("7. يوسف — 0 turns")."""
    return "\u2068" + text + "\u2069"


def _minutes(seconds: float) -> int:
    return round(abs(seconds) / 60)


def write_chime(path: Path, seconds: float = 0.6, rate: int = 22050) -> Path:
    """A soft two-tone chime as a 16-bit mono WAV (generated: no bundled audio)."""
    frames = bytearray()
    n = int(seconds * rate)
    for i in range(n):
        t = i / rate
        freq = 660.0 if t < seconds / 2 else 880.0
        envelope = min(1.0, t * 40) * max(0.0, 1.0 - t / seconds) ** 2
        frames += struct.pack("<h", int(0.25 * 32767 * envelope * math.sin(2 * math.pi * freq * t)))
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(bytes(frames))
    return path


def _chime_available() -> bool:
    """Qt Multimedia imports: the `chime` extra (PySide6-Addons) and its system libraries are there."""
    try:
        import PySide6.QtMultimedia  # noqa: F401
    except ImportError:
        return False
    return True


def _make_chime(parent):
    """A QSoundEffect with the chime, or None where Qt Multimedia or audio is missing."""
    try:
        from PySide6.QtCore import QUrl
        from PySide6.QtMultimedia import QSoundEffect

        path = paths.cache_dir() / "overtime-chime.wav"
        if not path.exists():
            write_chime(path)
        effect = QSoundEffect(parent)
        effect.setSource(QUrl.fromLocalFile(str(path)))
        effect.setVolume(0.5)
        return effect
    except (ImportError, OSError, RuntimeError):
        return None


class ProjectorWindow(QWidget):
    """A second top-level window: phase, question and the big timer, high contrast."""

    key_command = Signal(str)  # "toggle", "next", "back"
    closed = Signal()

    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setWindowTitle(_("Projector view"))
        self.setAccessibleName(_("Projector view"))
        self.setStyleSheet("background-color: #000000; color: #ffffff;")
        self.setAutoFillBackground(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(48, 32, 48, 32)
        self.phase = QLabel()
        self.phase.setStyleSheet("font-size: 30pt; font-weight: 600; color: #ffffff;")
        self.phase.setWordWrap(True)
        self.question = QLabel()
        self.question.setStyleSheet("font-size: 38pt; color: #ffffff;")
        self.question.setWordWrap(True)
        self.question.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.question.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.status = QLabel()
        self.status.setStyleSheet("font-size: 30pt; font-weight: 700; color: #ffffff;")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.timer = QLabel()
        self.timer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.timer.setStyleSheet(PROJ_NORMAL)
        for w in (self.phase, self.question, self.status, self.timer):
            lay.addWidget(w)
        lay.setStretch(1, 1)

    def show_on_best_screen(self) -> None:
        """Full screen on a second screen when there is one; else a large window."""
        screens = QGuiApplication.screens()
        own = self.screen() if self.isVisible() else QGuiApplication.primaryScreen()
        others = [s for s in screens if s is not QGuiApplication.primaryScreen()]
        if others:
            target = others[0]
            self.setGeometry(target.geometry())
            self.showFullScreen()
        else:
            geo = (own or QGuiApplication.primaryScreen()).availableGeometry()
            self.resize(min(1280, geo.width()), min(720, geo.height()))
            self.show()
        self.raise_()

    def update_view(self, phase: str, question: str, status: str, timer: str, overtime: bool,
                    flash: bool = False) -> None:
        self.phase.setText(phase)
        self.question.setText(question)
        self.status.setText(status)
        self.timer.setText(timer)
        self.timer.setStyleSheet(PROJ_FLASH if flash else PROJ_OVERTIME if overtime else PROJ_NORMAL)
        self.timer.setAccessibleName(status)

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Escape, Qt.Key.Key_F5):
            self.close()
        elif key == Qt.Key.Key_Space:
            self.key_command.emit("toggle")
        elif key == Qt.Key.Key_Right:
            self.key_command.emit("next")
        elif key == Qt.Key.Key_Left:
            self.key_command.emit("back")
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event) -> None:
        self.closed.emit()
        super().closeEvent(event)


class LivePage(QWidget):
    """The live page; Space / Left / Right reach it when the focused control does not use them."""

    command = Signal(str)

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            super().keyPressEvent(event)
        elif key == Qt.Key.Key_Space:
            self.command.emit("toggle")
        elif key == Qt.Key.Key_Right:
            self.command.emit("next")
        elif key == Qt.Key.Key_Left:
            self.command.emit("back")
        else:
            super().keyPressEvent(event)


def _label(text: str = "", *, wrap: bool = True, style: str = "") -> QLabel:
    lab = QLabel(text)
    lab.setWordWrap(wrap)
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if style:
        lab.setStyleSheet(style)
    return lab


class FacilitationPanel(Panel):
    watches = frozenset({"facilitation", "tables", "people", "event"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, clock: Clock | None = None) -> None:
        super().__init__(ctx, parent)
        self.setAccessibleName(_("Facilitation"))
        self.clock: Clock = clock or SystemClock()
        self.phases: list[fac.PhaseInfo] = []
        self.rules: tuple[str, ...] = ()
        self.theme = ""
        self.data: fac.SessionData | None = None
        self.timer: TableTimer | None = None
        self.schedule = None
        self.projector: ProjectorWindow | None = None
        self.sound_enabled = True
        self._was_overtime = False
        self._loading = False
        self.beeps = 0
        self._sound = None  # QSoundEffect, False when unavailable, None before the first try

        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Facilitation pages"))
        outer.addWidget(self.tabs)
        self._build_live()
        self._build_script()

        self.ticker = QTimer(self)
        self.ticker.setInterval(250)
        self.ticker.timeout.connect(self.update_display)
        self.notes_timer = QTimer(self)
        self.notes_timer.setSingleShot(True)
        self.notes_timer.setInterval(800)
        self.notes_timer.timeout.connect(self._save_notes)

        self.f5 = QShortcut(QKeySequence("F5"), self)
        self.f5.setContext(Qt.ShortcutContext.WindowShortcut)
        self.f5.activated.connect(self.toggle_projector)

    # ------------------------------------------------------------------ building
    def _build_live(self) -> None:
        page = LivePage()
        page.command.connect(self.command)
        page.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        page.setAccessibleName(_("Live session"))
        self.live = page
        self.tabs.addTab(page, _("&Live"))
        lay = QVBoxLayout(page)
        lay.setContentsMargins(6, 6, 6, 6)

        top = QHBoxLayout()
        self.table_combo = QComboBox()
        self.table_combo.setAccessibleName(_("Table"))
        self.table_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        lab = QLabel(_("&Table:"))
        lab.setBuddy(self.table_combo)
        top.addWidget(lab)
        top.addWidget(self.table_combo)
        self.round_label = QLabel(_("&Round:"))
        self.round_spin = QSpinBox()
        self.round_spin.setAccessibleName(_("Seating round"))
        self.round_spin.setMinimum(1)
        self.round_label.setBuddy(self.round_spin)
        top.addWidget(self.round_label)
        top.addWidget(self.round_spin)
        self.schedule_label = _label(wrap=True)
        self.schedule_label.setAccessibleName(_("Schedule"))
        top.addWidget(self.schedule_label, 1)
        self.sound_check = QCheckBox(_("&Sound at overtime"))
        self.sound_check.setChecked(True)
        self.sound_check.setAccessibleName(_("Sound at overtime"))
        self.sound_check.toggled.connect(lambda on: setattr(self, "sound_enabled", on))
        if not _chime_available():  # the [chime] extra is not installed, or its libraries are missing
            self.sound_check.setText(_("&Sound at overtime (system beep)"))
            self.sound_check.setToolTip(_("The chime is off: Qt Multimedia is not installed or cannot load, "
                                          "so the system beep sounds at overtime."))
        top.addWidget(self.sound_check)
        self.projector_btn = QPushButton(_("&Projector view (F5)"))
        self.projector_btn.setAccessibleName(_("Open or close the projector view"))
        self.projector_btn.setCheckable(True)
        self.projector_btn.clicked.connect(self.toggle_projector)
        top.addWidget(self.projector_btn)
        lay.addLayout(top)
        self.table_combo.currentIndexChanged.connect(self._table_changed)
        self.round_spin.valueChanged.connect(self._table_changed)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        lay.addWidget(split, 1)

        # left: the phase, question, timer and controls
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 6, 0)
        self.phase_label = _label(style="font-size: 14pt; font-weight: 600;")
        self.phase_label.setAccessibleName(_("Current phase"))
        self.question_label = _label(style="font-size: 19pt;")
        self.question_label.setAccessibleName(_("Main question"))
        self.question_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        ll.addWidget(self.phase_label)
        ll.addWidget(self.question_label)

        trow = QHBoxLayout()
        self.timer_label = QLabel("0:00")
        self.timer_label.setStyleSheet(NORMAL_STYLE)
        self.timer_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.timer_label.setMinimumWidth(260)
        self.timer_label.setAccessibleName(_("Timer"))
        tcol = QVBoxLayout()
        self.status_label = _label(style="font-size: 15pt; font-weight: 700;")
        self.status_label.setAccessibleName(_("Timer status"))
        self.pacing_label = _label(style="font-size: 12pt;")
        self.pacing_label.setAccessibleName(_("Planned versus actual"))
        tcol.addWidget(self.status_label)
        tcol.addWidget(self.pacing_label)
        tcol.addStretch(1)
        trow.addWidget(self.timer_label)
        trow.addLayout(tcol, 1)
        ll.addLayout(trow)

        brow = QHBoxLayout()
        self.back_btn = QPushButton(_("◀ &Back"))
        self.back_btn.setAccessibleName(_("Back to the previous phase (Left arrow)"))
        self.start_btn = QPushButton(_("&Start"))
        self.start_btn.setAccessibleName(_("Start or pause the timer (Space)"))
        self.next_btn = QPushButton(_("&Next ▶"))
        self.next_btn.setAccessibleName(_("Next phase (Right arrow)"))
        for b, cmd in ((self.back_btn, "back"), (self.start_btn, "toggle"), (self.next_btn, "next")):
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            b.setMinimumHeight(36)
            b.clicked.connect(lambda _c=False, c=cmd: self.command(c))
            brow.addWidget(b)
        ll.addLayout(brow)
        hint = _label(_("Keys: Space starts or pauses, Left and Right arrows go back or forward, "
                        "F5 opens the projector view."))
        ll.addWidget(hint)

        # the details of the phase, scrollable
        details = QWidget()
        dl = QVBoxLayout(details)
        dl.setContentsMargins(0, 0, 0, 0)
        self.commit_box = self._build_commit_form()
        dl.addWidget(self.commit_box)
        self.back_pocket_label = _label()
        self.back_pocket_label.setAccessibleName(_("Back-pocket questions"))
        self.say_label = _label()
        self.say_label.setAccessibleName(_("Instructions"))
        dl.addWidget(self.back_pocket_label)
        dl.addWidget(self.say_label)
        dl.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(details)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        ll.addWidget(scroll, 1)
        split.addWidget(left)

        # right: people and talking stick, ground rules, notes, schedule
        side = QTabWidget()
        side.setAccessibleName(_("Table details"))
        self.side_tabs = side
        people = QWidget()
        pl = QVBoxLayout(people)
        self.people_list = QListWidget()
        self.people_list.setAccessibleName(_("Talking-stick order"))
        pl.addWidget(_label(_("Talking-stick order (first names) and turns taken:")))
        pl.addWidget(self.people_list, 1)
        grid = QGridLayout()
        self.up_btn = QPushButton(_("Move &up"))
        self.down_btn = QPushButton(_("Move do&wn"))
        self.turn_btn = QPushButton(_("+1 t&urn"))
        self.unturn_btn = QPushButton(_("−1 turn"))
        self.up_btn.setAccessibleName(_("Move the person up in the talking-stick order"))
        self.down_btn.setAccessibleName(_("Move the person down in the talking-stick order"))
        self.turn_btn.setAccessibleName(_("Count a turn for the person"))
        self.unturn_btn.setAccessibleName(_("Take back a turn of the person"))
        self.up_btn.clicked.connect(lambda: self._move_person(-1))
        self.down_btn.clicked.connect(lambda: self._move_person(1))
        self.turn_btn.clicked.connect(lambda: self._turn(1))
        self.unturn_btn.clicked.connect(lambda: self._turn(-1))
        grid.addWidget(self.up_btn, 0, 0)
        grid.addWidget(self.down_btn, 0, 1)
        grid.addWidget(self.turn_btn, 1, 0)
        grid.addWidget(self.unturn_btn, 1, 1)
        pl.addLayout(grid)
        side.addTab(people, _("&People"))
        self.rules_label = _label()
        self.rules_label.setAccessibleName(_("Ground rules"))
        self.rules_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        rs = QScrollArea()
        rs.setWidgetResizable(True)
        rs.setWidget(self.rules_label)
        side.addTab(rs, _("&Ground rules"))
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setAccessibleName(_("Private notes"))
        self.notes_edit.setPlaceholderText(_("Private notes for this table (not printed, not exported)."))
        self.notes_edit.textChanged.connect(lambda: None if self._loading else self.notes_timer.start())
        side.addTab(self.notes_edit, _("N&otes"))
        self.schedule_list = QListWidget()
        self.schedule_list.setAccessibleName(_("Schedule of the day"))
        side.addTab(self.schedule_list, _("Sche&dule"))
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([660, 420])

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
        self.c_date = QDateEdit()
        self.c_date.setAccessibleName(_("Target date"))
        self.c_date.setCalendarPopup(True)
        self.c_date.setDisplayFormat(i18n.qt_date_format())
        self.c_date.setMinimumDate(QDate(2000, 1, 1))
        self.c_date.setSpecialValueText(_("No date"))
        self.c_date.setDate(QDate(2000, 1, 1))
        self.c_save = QPushButton(_("Sa&ve commitment"))
        self.c_save.setAccessibleName(_("Save the commitment"))
        self.c_save.clicked.connect(self.save_commitment)
        self.c_count = _label()
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

    def _build_script(self) -> None:
        page = QWidget()
        page.setAccessibleName(_("Script"))
        self.tabs.addTab(page, _("S&cript"))
        lay = QHBoxLayout(page)
        left = QVBoxLayout()
        self.phase_list = QListWidget()
        self.phase_list.setAccessibleName(_("Phases of the script"))
        self.phase_list.currentRowChanged.connect(self._edit_phase)
        left.addWidget(_label(_("Phases, in order:")))
        left.addWidget(self.phase_list, 1)
        g = QGridLayout()
        self.s_add = QPushButton(_("&Add phase"))
        self.s_remove = QPushButton(_("&Remove phase"))
        self.s_up = QPushButton(_("Move &up"))
        self.s_down = QPushButton(_("Move do&wn"))
        self.s_add.setAccessibleName(_("Add a phase after the selected one"))
        self.s_remove.setAccessibleName(_("Remove the selected phase"))
        self.s_up.setAccessibleName(_("Move the selected phase up"))
        self.s_down.setAccessibleName(_("Move the selected phase down"))
        self.s_add.clicked.connect(self.add_phase)
        self.s_remove.clicked.connect(self.remove_phase)
        self.s_up.clicked.connect(lambda: self.move_phase(-1))
        self.s_down.clicked.connect(lambda: self.move_phase(1))
        g.addWidget(self.s_add, 0, 0)
        g.addWidget(self.s_remove, 0, 1)
        g.addWidget(self.s_up, 1, 0)
        g.addWidget(self.s_down, 1, 1)
        left.addLayout(g)
        self.s_total = _label()
        self.s_total.setAccessibleName(_("Total planned time"))
        left.addWidget(self.s_total)
        lw = QWidget()
        lw.setLayout(left)
        lw.setMaximumWidth(340)
        lay.addWidget(lw)

        form_w = QWidget()
        form = QFormLayout(form_w)
        self.f_title = QLineEdit()
        self.f_minutes = QSpinBox()
        self.f_minutes.setRange(0, fac.MAX_MINUTES)
        self.f_minutes.setSuffix(" " + _("min"))
        self.f_purpose = QPlainTextEdit()
        self.f_question = QPlainTextEdit()
        self.f_back = QPlainTextEdit()
        self.f_say = QPlainTextEdit()
        self.f_do = QPlainTextEdit()
        self.f_capture = QCheckBox(_("Record commitments in this phase"))
        for w, h in ((self.f_purpose, 48), (self.f_question, 60), (self.f_back, 72), (self.f_say, 52),
                     (self.f_do, 52)):
            w.setMinimumHeight(h)
            w.setMaximumHeight(h + 24)
            w.setTabChangesFocus(True)
        rows = (
            (_("&Title:"), self.f_title, _("Phase title")),
            (_("&Duration:"), self.f_minutes, _("Duration in minutes")),
            (_("&Purpose:"), self.f_purpose, _("Purpose")),
            (_("&Question:"), self.f_question, _("Main question")),
            (_("&Back-pocket questions\n(one per line):"), self.f_back, _("Back-pocket questions")),
            (_("Sa&y:"), self.f_say, _("What to say")),
            (_("D&o:"), self.f_do, _("What to do")),
        )
        for text, w, name in rows:
            w.setAccessibleName(name)
            form.addRow(text, w)
        self.f_capture.setAccessibleName(_("Record commitments in this phase"))
        form.addRow("", self.f_capture)
        form.addRow("", _label(_("Write {placeholder} where the event's theme should appear.").format(
            placeholder=THEME_PLACEHOLDER)))
        self.f_save = QPushButton(_("Sa&ve phase"))
        self.f_save.setAccessibleName(_("Save the phase"))
        self.f_save.clicked.connect(self.save_phase)
        form.addRow("", self.f_save)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_w)
        lay.addWidget(scroll, 3)

        right = QVBoxLayout()
        rules_lab = QLabel(_("&Ground rules, one per line:"))
        right.addWidget(rules_lab)
        self.rules_edit = QPlainTextEdit()
        rules_lab.setBuddy(self.rules_edit)
        self.rules_edit.setAccessibleName(_("Ground rules, one per line"))
        self.rules_edit.setTabChangesFocus(True)
        right.addWidget(self.rules_edit, 1)
        self.rules_save = QPushButton(_("Save &ground rules"))
        self.rules_save.setAccessibleName(_("Save the ground rules"))
        self.rules_save.clicked.connect(self.save_rules)
        right.addWidget(self.rules_save)
        rw = QWidget()
        rw.setLayout(right)
        lay.addWidget(rw, 2)

    # ------------------------------------------------------------------ data
    def refresh(self) -> None:
        if not self.ctx.has_event:
            return
        if not self.ctx.store.read_only and not self.ctx.read(fac.has_script):
            self.ctx.write(fac.ensure_script)
        settings = self.ctx.read(get_settings)
        self.theme = settings.theme
        self.phases = self.ctx.read(fac.list_phases)
        self.rules = self.ctx.read(fac.ground_rules)
        tables = self.ctx.read(list_tables)
        self._loading = True
        try:
            current = self.table_combo.currentData()
            self.table_combo.blockSignals(True)
            self.table_combo.clear()
            for t in tables:
                label = _("Table {n}").format(n=t.number) + (f" — {t.name}" if t.name else "")
                if t.venue:
                    label += f" ({t.venue})"
                self.table_combo.addItem(label, t.id)
            idx = max(0, find_data(self.table_combo, current)) if current is not None else 0
            self.table_combo.setCurrentIndex(idx if tables else -1)
            self.table_combo.blockSignals(False)
            self.round_spin.blockSignals(True)
            self.round_spin.setMaximum(max(1, settings.rounds))
            self.round_spin.blockSignals(False)
            self.round_label.setVisible(settings.rounds > 1)
            self.round_spin.setVisible(settings.rounds > 1)
            self._fill_rules()
            self._fill_script_editor()
        finally:
            self._loading = False
        self._load_table()

    @property
    def table_id(self) -> uuid.UUID | None:
        return self.table_combo.currentData()

    def _table_changed(self) -> None:
        if not self._loading:
            self._save_notes()
            self._load_table()

    def _load_table(self) -> None:
        tid = self.table_id
        planned = [p.minutes * 60 for p in self.phases]
        if tid is None:
            self.data = None
            self.timer = TableTimer(planned, clock=self.clock)
            self.schedule = None
        else:
            self.data = self.ctx.read(lambda s: fac.load_session(s, tid, self.round_spin.value()))
            self.timer = TableTimer(planned, state=self.data.timer, clock=self.clock)
            self.schedule = self.ctx.read(lambda s: fac.table_schedule(s, tid, self.phases))
        self._was_overtime = self.timer.overtime
        self._loading = True
        try:
            self.notes_edit.setPlainText(self.data.notes if self.data else "")
        finally:
            self._loading = False
        self._fill_people()
        self._fill_schedule()
        self._show_phase()

    def _fill_people(self, select: int | None = None) -> None:
        self.people_list.clear()
        seats = self.data.seats if self.data else ()
        for i, s in enumerate(seats):
            text = ngettext("{pos}. {name} — {n} turn", "{pos}. {name} — {n} turns", s.turns).format(
                pos=i + 1, name=_isolate(s.first_name or s.code), n=s.turns)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, s.person_id)
            self.people_list.addItem(item)
        if not seats:
            item = QListWidgetItem(_("Nobody is seated at this table yet."))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.people_list.addItem(item)
        elif select is not None:
            self.people_list.setCurrentRow(min(max(0, select), len(seats) - 1))
        for combo, none_text in ((self.c_person, _("Anonymous")), (self.c_partner, _("nobody"))):
            combo.clear()
            combo.addItem(none_text, None)
            for s in seats:
                combo.addItem(f"{_isolate(s.first_name)} ({s.code})", s.person_id)

    def _fill_schedule(self) -> None:
        self.schedule_list.clear()
        s = self.schedule
        if s is None:
            self.schedule_label.setText("")
            return
        t = self.timer
        for item in s.items:
            when = f"{_fmt_time(item.start)}–{_fmt_time(item.end)}  " if item.start else ""
            text = f"{when}{item.title} · " + ngettext("{n} minute", "{n} minutes", item.minutes).format(
                n=item.minutes)
            if t is not None and item.index < t.current and t.state.run(item.index).started:
                text += " · " + _("actual {time}").format(time=format_seconds(t.phase_elapsed(item.index)))
            self.schedule_list.addItem(text)
        parts = []
        if s.start is not None:
            parts.append(_("Planned {start}–{end}").format(start=_fmt_time(s.start), end=_fmt_time(s.end)))
        parts.append(ngettext("{n} minute in all", "{n} minutes in all", s.total_minutes).format(n=s.total_minutes))
        if s.slot_minutes is not None:
            parts.append(ngettext("time slot {n} minute", "time slot {n} minutes", s.slot_minutes).format(
                n=s.slot_minutes))
        text = " · ".join(parts)
        warning = fac.schedule_warning(s)
        if warning:
            text = "⚠ " + warning + "\n" + text
            self.schedule_list.addItem("⚠ " + warning)
        self.schedule_label.setText(text)

    def _fill_rules(self) -> None:
        self.rules_label.setText(
            "<ol>" + "".join(f"<li style='margin-bottom:4px'>{html.escape(r)}</li>" for r in self.rules) + "</ol>"
            if self.rules else _("No ground rules yet: add them on the Script page."))

    # ------------------------------------------------------------------ timer display
    def _phase(self) -> fac.PhaseInfo | None:
        if self.timer is None or self.timer.finished or self.timer.current >= len(self.phases):
            return None
        return self.phases[self.timer.current]

    def _show_phase(self) -> None:
        p = self._phase()
        n = len(self.phases)
        if p is None:
            self.phase_label.setText(_("The session is finished."))
            self.question_label.setText(_("Thank you! Use Back to return to the last phase."))
            self.back_pocket_label.setText("")
            self.say_label.setText("")
            self.commit_box.setVisible(False)
        else:
            item = self.schedule.items[self.timer.current] if self.schedule else None
            when = (" · " + _fmt_time(item.start) + "–" + _fmt_time(item.end)) if item and item.start else ""
            self.phase_label.setText(
                _("Phase {i} of {n}: {title}").format(i=self.timer.current + 1, n=n, title=p.title) + when)
            self.question_label.setText(render(p.question, self.theme))
            bp = "".join(f"<li>{html.escape(render(q, self.theme))}</li>" for q in p.back_pocket)
            heading = html.escape(_("Back-pocket questions"))
            self.back_pocket_label.setText(f"<b>{heading}</b><ul>{bp}</ul>" if bp else "")
            parts = []
            for label, text in ((_("Purpose:"), p.purpose), (_("Say:"), p.say), (_("Do:"), p.do)):
                if text:
                    parts.append(f"<b>{html.escape(label)}</b> {html.escape(render(text, self.theme))}")
            self.say_label.setText("<br><br>".join(parts))
            self.commit_box.setVisible(p.captures_commitments and self.data is not None)
        if self.commit_box.isVisibleTo(self):
            self._update_commit_count()
        self.update_display()

    def update_display(self) -> None:
        t = self.timer
        if t is None:
            return
        over = t.overtime
        if t.finished:
            timer_text, status = "—", _("Finished")
        elif over:
            timer_text = "+" + format_seconds(-t.remaining())
            status = _("Overtime: {time}").format(time=timer_text)
        else:
            timer_text = format_seconds(t.remaining())
            if t.running:
                status = _("Time left: {time}").format(time=timer_text)
            elif t.started:
                status = _("Paused, {time} left").format(time=timer_text)
            else:
                status = _("Not started, {time} planned").format(time=timer_text)
        if over and t.running:
            status += " — " + _("running")
        over_by = -t.remaining() if over else 0.0
        flash = over and t.running and over_by < FLASH_SECONDS and int(over_by) % 2 == 1
        self.timer_label.setText(timer_text)
        self.timer_label.setStyleSheet(OVERTIME_FLASH if flash else OVERTIME_STYLE if over else NORMAL_STYLE)
        self.timer_label.setAccessibleName(status)
        self.status_label.setText(status.upper() if over else status)
        self.pacing_label.setText(self.pacing_text())
        self.start_btn.setText(_("&Pause") if t.running else _("&Start"))
        self.back_btn.setEnabled(t.current > 0)
        self.next_btn.setEnabled(not t.finished)
        self.start_btn.setEnabled(not t.finished and bool(self.phases))
        if over and not self._was_overtime and t.running:
            self._overtime_signal()
        self._was_overtime = over
        if self.projector is not None:
            p = self._phase()
            phase = _("Finished") if p is None else _("Phase {i} of {n}: {title}").format(
                i=t.current + 1, n=len(self.phases), title=p.title)
            self.projector.update_view(phase, render(p.question, self.theme) if p else "",
                                       status if over or not t.running else "", timer_text, over, flash)
        running = t.running or self.projector is not None
        if running and not self.ticker.isActive():
            self.ticker.start()
        elif not running and self.ticker.isActive():
            self.ticker.stop()

    def pacing_text(self) -> str:
        t = self.timer
        if t is None or not any(r.started for r in t.state.runs):
            if self.schedule and self.schedule.start:
                return _("Planned end: {end}").format(end=_fmt_time(self.schedule.end))
            return ""
        behind = t.behind_seconds()
        m = _minutes(behind)
        if m == 0:
            text = _("On schedule")
        elif behind > 0:
            text = ngettext("Behind schedule by {n} minute", "Behind schedule by {n} minutes", m).format(n=m)
        else:
            text = ngettext("Ahead of schedule by {n} minute", "Ahead of schedule by {n} minutes", m).format(n=m)
        if self.schedule and self.schedule.end:
            expected = self.schedule.end + dt.timedelta(seconds=round(behind / 60) * 60)
            text += "\n" + _("Planned end {planned}, expected {expected}").format(
                planned=_fmt_time(self.schedule.end), expected=_fmt_time(expected))
        return text

    def _overtime_signal(self) -> None:
        """A soft chime when a phase runs into overtime (the text and style say it too)."""
        if not self.sound_enabled:
            return
        self.beeps += 1
        if self._sound is None:
            self._sound = _make_chime(self) or False
        if self._sound:
            self._sound.play()
        else:
            QApplication.beep()

    # ------------------------------------------------------------------ commands
    def command(self, name: str) -> None:
        """"toggle", "start", "pause", "next" or "back"; the state is stored at once."""
        t = self.timer
        if t is None or self.table_id is None or not self.phases:
            return
        before = t.current
        {"toggle": t.toggle, "start": t.start, "pause": t.pause, "next": t.next, "back": t.back}[name]()
        self._store_state()
        if t.current != before:
            self._was_overtime = t.overtime
            self._fill_schedule()
            self._show_phase()
        else:
            self.update_display()

    def _store_state(self) -> None:
        tid, rnd, state = self.table_id, self.round_spin.value(), self.timer.state
        self.ctx.write(lambda s: fac.save_timer_state(s, tid, rnd, state))

    def _save_notes(self) -> None:
        self.notes_timer.stop()
        if self.data is None or self.ctx.store is None or self.ctx.store.read_only:
            return
        text = self.notes_edit.toPlainText()
        if text == self.data.notes:
            return
        tid, rnd = self.data.table_id, self.data.round
        self.ctx.write(lambda s: fac.save_notes(s, tid, rnd, text))
        self.data = fac.SessionData(**{**self.data.__dict__, "notes": text})

    def _reload_seats(self, select: int | None = None) -> None:
        tid, rnd = self.table_id, self.round_spin.value()
        fresh = self.ctx.read(lambda s: fac.load_session(s, tid, rnd))
        self.data = fac.SessionData(**{**fresh.__dict__, "notes": self.data.notes if self.data else fresh.notes})
        self._fill_people(select)

    def _move_person(self, delta: int) -> None:
        if self.data is None or not self.data.seats:
            return
        row = self.people_list.currentRow()
        ids = [s.person_id for s in self.data.seats]
        if not 0 <= row < len(ids) or not 0 <= row + delta < len(ids):
            return
        ids[row], ids[row + delta] = ids[row + delta], ids[row]
        tid, rnd = self.table_id, self.round_spin.value()
        self.ctx.write(lambda s: fac.set_talking_order(s, tid, rnd, ids))
        self._reload_seats(row + delta)

    def _turn(self, delta: int) -> None:
        if self.data is None or not self.data.seats:
            return
        row = self.people_list.currentRow()
        if not 0 <= row < len(self.data.seats):
            return
        pid = self.data.seats[row].person_id
        tid, rnd = self.table_id, self.round_spin.value()
        self.ctx.write(lambda s: fac.add_turn(s, tid, rnd, pid, delta))
        self._reload_seats(row)

    # ------------------------------------------------------------------ commitments
    def save_commitment(self) -> bool:
        text = self.c_text.text().strip()
        if self.table_id is None or not text:
            return False
        d = self.c_date.date()
        target = None if d == self.c_date.minimumDate() else dt.date(d.year(), d.month(), d.day())
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

    # ------------------------------------------------------------------ projector
    def toggle_projector(self) -> None:
        if self.projector is not None:
            self.projector.close()
            return
        self.projector = ProjectorWindow()
        self.projector.key_command.connect(self.command)
        self.projector.closed.connect(self._projector_closed)
        self.projector.show_on_best_screen()
        self.projector_btn.setChecked(True)
        self.update_display()

    def _projector_closed(self) -> None:
        if self.projector is not None:
            self.projector.deleteLater()
        self.projector = None
        self.projector_btn.setChecked(False)
        self.update_display()

    def busy_reason(self) -> str | None:
        # the timer and the notes are stored as they change; the projector is a window
        if self.projector is not None:
            return _("The projector view is open.")
        return None

    def view_state(self) -> dict:
        return {**super().view_state(), "table": self.table_id, "round": self.round_spin.value()}

    def restore_view_state(self, state: dict) -> None:
        super().restore_view_state(state)
        idx = find_data(self.table_combo, state.get("table"))
        self._loading = True
        try:
            self.round_spin.setValue(int(state.get("round", 1)))
            if idx >= 0:
                self.table_combo.setCurrentIndex(idx)
        finally:
            self._loading = False
        self._load_table()

    def hideEvent(self, event) -> None:
        self._save_notes()
        super().hideEvent(event)

    # ------------------------------------------------------------------ script editor
    def _fill_script_editor(self, select: int | None = None) -> None:
        row = self.phase_list.currentRow() if select is None else select
        self.phase_list.blockSignals(True)
        self.phase_list.clear()
        for p in self.phases:
            self.phase_list.addItem(
                f"{p.position + 1}. {p.title} · " + ngettext("{n} minute", "{n} minutes", p.minutes).format(
                    n=p.minutes))
        self.phase_list.blockSignals(False)
        total = sum(p.minutes for p in self.phases)
        text = ngettext("Total: {n} minute", "Total: {n} minutes", total).format(n=total)
        over = self.ctx.read(lambda s: fac.script_overruns(s, self.phases)) if self.ctx.has_event else []
        if over:
            text += "\n⚠ " + ngettext(
                "Longer than the time slot of {n} table (up to {m} minutes over).",
                "Longer than the time slot of {n} tables (up to {m} minutes over).", len(over)).format(
                n=len(over), m=max(m for _n, m in over))
        self.s_total.setText(text)
        self.phase_list.setCurrentRow(min(max(0, row), len(self.phases) - 1))
        self._edit_phase(self.phase_list.currentRow())
        self.rules_edit.setPlainText("\n".join(self.rules))

    def _edit_phase(self, row: int) -> None:
        p = self.phases[row] if 0 <= row < len(self.phases) else None
        self.f_title.setText(p.title if p else "")
        self.f_minutes.setValue(p.minutes if p else 0)
        self.f_purpose.setPlainText(p.purpose if p else "")
        self.f_question.setPlainText(p.question if p else "")
        self.f_back.setPlainText("\n".join(p.back_pocket) if p else "")
        self.f_say.setPlainText(p.say if p else "")
        self.f_do.setPlainText(p.do if p else "")
        self.f_capture.setChecked(bool(p and p.captures_commitments))

    def _selected_phase(self) -> fac.PhaseInfo | None:
        row = self.phase_list.currentRow()
        return self.phases[row] if 0 <= row < len(self.phases) else None

    def save_phase(self) -> None:
        p = self._selected_phase()
        if p is None:
            return
        info = fac.PhaseInfo(
            id=p.id, position=p.position, key=p.key, title=self.f_title.text(), minutes=self.f_minutes.value(),
            purpose=self.f_purpose.toPlainText().strip(), question=self.f_question.toPlainText().strip(),
            back_pocket=tuple(x.strip() for x in self.f_back.toPlainText().splitlines() if x.strip()),
            say=self.f_say.toPlainText().strip(), do=self.f_do.toPlainText().strip(),
            capture="commitments" if self.f_capture.isChecked() else "",
        )
        self.ctx.apply(fac.SavePhase(info, _("Edit phase “{title}”").format(title=info.title.strip())),
                       areas={"facilitation"})

    def add_phase(self) -> None:
        p = self._selected_phase()
        pos = p.position + 1 if p else len(self.phases)
        info = fac.new_phase(pos)
        if self.ctx.apply(fac.SavePhase(info, _("Add a phase")), areas={"facilitation"}):
            self._fill_script_editor(pos)
            self.f_title.setFocus()
            self.f_title.selectAll()

    def remove_phase(self) -> None:
        p = self._selected_phase()
        if p is not None:
            self.ctx.apply(fac.DeletePhase(p.id, _("Remove phase “{title}”").format(title=p.title)),
                           areas={"facilitation"})

    def move_phase(self, delta: int) -> None:
        p = self._selected_phase()
        if p is None or not 0 <= p.position + delta < len(self.phases):
            return
        if self.ctx.apply(fac.MovePhase(p.id, delta, _("Move phase “{title}”").format(title=p.title)),
                          areas={"facilitation"}):
            self._fill_script_editor(p.position + delta)

    def save_rules(self) -> None:
        rules = tuple(x.strip() for x in self.rules_edit.toPlainText().splitlines() if x.strip())
        self.ctx.apply(fac.SetGroundRules(rules, _("Edit the ground rules")), areas={"facilitation"})
