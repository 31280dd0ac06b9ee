"""The facilitator screen: the guided rounds of one table with a timer, the
projector view, the talking stick, private notes, the commitment form and the
script editor.

Timing logic lives in :mod:`dialogue_app.facilitation.timer` (no Qt); this panel
only shows it, stores its state on every Start / Pause / Next / Back and ticks
the display.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from dialogue_app.facilitation.timer import Clock, SystemClock, TableTimer
from dialogue_app.i18n import gettext as _
from dialogue_app.services import facilitation as fac
from dialogue_app.services.events import get_settings
from dialogue_app.services.tables import list_tables
from dialogue_app.ui.context import AppContext
from dialogue_app.ui.facilitation.commitment_form import CommitmentForm
from dialogue_app.ui.facilitation.live_page import LivePageView
from dialogue_app.ui.facilitation.live_timer import LiveTimerView
from dialogue_app.ui.facilitation.projector import ProjectorWindow
from dialogue_app.ui.facilitation.script_editor import ScriptEditor
from dialogue_app.ui.widgets.combos import find_data


class FacilitationPanel(LivePageView, LiveTimerView, CommitmentForm, ScriptEditor):
    watches = frozenset({"facilitation", "tables", "people", "event"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, clock: Clock | None = None) -> None:
        super().__init__(ctx, parent)
        self.setAccessibleName(_("Facilitation"))
        self.clock: Clock = clock or SystemClock()
        self.phases: list[fac.PhaseInfo] = []
        self.rules: tuple[str, ...] = ()
        self.theme = ""
        self.data: fac.SessionData | None = None
        self.table_questions: fac.TableQuestions | None = None
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

    def refresh(self) -> None:
        if not self.ctx.has_event:
            return
        assert self.ctx.store is not None  # has_event
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

    def _table_changed(self) -> None:
        if not self._loading:
            self._save_notes()
            self._load_table()

    def _load_table(self) -> None:
        tid = self.table_id
        planned = [p.minutes * 60 for p in self.phases]
        if tid is None:
            self.data = None
            self.table_questions = None
            self.timer = TableTimer(planned, clock=self.clock)
            self.schedule = None
        else:
            self.data = self.ctx.read(lambda s: fac.load_session(s, tid, self.round_spin.value()))
            self.table_questions = self.ctx.read(lambda s: fac.table_questions(s, tid, self.round_spin.value()))
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
        self.languages_check.setEnabled(bool(self.table_questions and self.table_questions.languages))
        self._show_phase()

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
