"""The Live page of the Facilitation area: its layout (phase, question, timer, controls, phase
details; the side tabs with the talking stick, ground rules, notes and schedule) and the lists
it shows."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
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

from dialogue_app.facilitation.timer import format_seconds
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.services import facilitation as fac
from dialogue_app.ui.facilitation.chime import chime_available
from dialogue_app.ui.facilitation.live_timer import NORMAL_STYLE
from dialogue_app.ui.facilitation.state import FacilitationState
from dialogue_app.ui.widgets.dates import format_time
from dialogue_app.ui.widgets.labels import isolate, label


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


class LivePageView(FacilitationState):
    """Builds the Live page and fills its lists; the talking stick's buttons."""

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
        self.schedule_label = label(wrap=True)
        self.schedule_label.setAccessibleName(_("Schedule"))
        top.addWidget(self.schedule_label, 1)
        self.sound_check = QCheckBox(_("&Sound at overtime"))
        self.sound_check.setChecked(True)
        self.sound_check.setAccessibleName(_("Sound at overtime"))
        self.sound_check.toggled.connect(lambda on: setattr(self, "sound_enabled", on))
        if not chime_available():  # the [chime] extra is not installed, or its libraries are missing
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
        self.phase_label = label(style="font-size: 14pt; font-weight: 600;")
        self.phase_label.setAccessibleName(_("Current phase"))
        self.question_label = label(style="font-size: 19pt;")
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
        self.status_label = label(style="font-size: 15pt; font-weight: 700;")
        self.status_label.setAccessibleName(_("Timer status"))
        self.pacing_label = label(style="font-size: 12pt;")
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
        self.languages_check = QCheckBox(_("Show the &question in the table's languages"))
        self.languages_check.setAccessibleName(self.languages_check.text().replace("&", ""))
        self.languages_check.setChecked(True)
        self.languages_check.setEnabled(False)  # until a table whose people read other languages is shown
        self.languages_check.toggled.connect(lambda _on: self.update_display())
        ll.addWidget(self.languages_check)
        hint = label(_("Keys: Space starts or pauses, Left and Right arrows go back or forward, "
                        "F5 opens the projector view."))
        ll.addWidget(hint)

        # the details of the phase, scrollable
        details = QWidget()
        dl = QVBoxLayout(details)
        dl.setContentsMargins(0, 0, 0, 0)
        self.commit_box = self._build_commit_form()
        dl.addWidget(self.commit_box)
        self.back_pocket_label = label()
        self.back_pocket_label.setAccessibleName(_("Back-pocket questions"))
        self.say_label = label()
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
        pl.addWidget(label(_("Talking-stick order (first names) and turns taken:")))
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
        self.rules_label = label()
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

    def _fill_people(self, select: int | None = None) -> None:
        self.people_list.clear()
        seats = self.data.seats if self.data else ()
        for i, s in enumerate(seats):
            text = ngettext("{pos}. {name} — {n} turn", "{pos}. {name} — {n} turns", s.turns).format(
                pos=i + 1, name=isolate(s.first_name or s.code), n=s.turns)
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
                combo.addItem(f"{isolate(s.first_name)} ({s.code})", s.person_id)

    def _fill_schedule(self) -> None:
        self.schedule_list.clear()
        s = self.schedule
        if s is None:
            self.schedule_label.setText("")
            return
        t = self.timer
        for item in s.items:
            when = f"{format_time(item.start)}–{format_time(item.end)}  " if item.start else ""
            text = f"{when}{item.title} · " + ngettext("{n} minute", "{n} minutes", item.minutes).format(
                n=item.minutes)
            if t is not None and item.index < t.current and t.state.run(item.index).started:
                text += " · " + _("actual {time}").format(time=format_seconds(t.phase_elapsed(item.index)))
            self.schedule_list.addItem(text)
        parts = []
        if s.start is not None:
            parts.append(_("Planned {start}–{end}").format(start=format_time(s.start), end=format_time(s.end)))
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

    def _reload_seats(self, select: int | None = None) -> None:
        tid, rnd = self._table_round()
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
        tid, rnd = self._table_round()
        self.ctx.write(lambda s: fac.set_talking_order(s, tid, rnd, ids))
        self._reload_seats(row + delta)

    def _turn(self, delta: int) -> None:
        if self.data is None or not self.data.seats:
            return
        row = self.people_list.currentRow()
        if not 0 <= row < len(self.data.seats):
            return
        pid = self.data.seats[row].person_id
        tid, rnd = self._table_round()
        self.ctx.write(lambda s: fac.add_turn(s, tid, rnd, pid, delta))
        self._reload_seats(row)
