"""What the parts of the Facilitation panel share: the panel's state and the widgets and
methods one part builds and another uses. Each part (live page, timer, commitment form and script
editor) is a class on this base; :class:`~.panel.FacilitationPanel` joins them."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QWidget,
)

from dialogue_app.facilitation.schedule import Schedule
from dialogue_app.facilitation.timer import Clock, TableTimer
from dialogue_app.services import facilitation as fac
from dialogue_app.ui.facilitation.projector import ProjectorWindow
from dialogue_app.ui.panel import Panel


class FacilitationState(Panel):
    """Declarations only (no behaviour but :attr:`table_id`)."""

    # the state (set in FacilitationPanel.__init__)
    clock: Clock
    phases: list[fac.PhaseInfo]
    rules: tuple[str, ...]
    theme: str
    data: fac.SessionData | None
    table_questions: fac.TableQuestions | None  # the question in the table's other languages
    timer: TableTimer | None
    schedule: Schedule | None
    projector: ProjectorWindow | None
    sound_enabled: bool
    _was_overtime: bool
    _loading: bool
    beeps: int
    _sound: Any  # QSoundEffect, False when unavailable, None before the first try
    tabs: QTabWidget
    ticker: QTimer
    notes_timer: QTimer

    # the live page (live_page.py)
    live: QWidget
    table_combo: QComboBox
    round_label: QLabel
    round_spin: QSpinBox
    sound_check: QCheckBox
    projector_btn: QPushButton
    languages_check: QCheckBox
    phase_label: QLabel
    question_label: QLabel
    timer_label: QLabel
    status_label: QLabel
    pacing_label: QLabel
    back_btn: QPushButton
    start_btn: QPushButton
    next_btn: QPushButton
    back_pocket_label: QLabel
    say_label: QLabel
    people_list: QListWidget
    notes_edit: QPlainTextEdit
    # the commitment form (commitment_form.py)
    commit_box: QGroupBox
    c_text: QLineEdit
    c_person: QComboBox
    c_partner: QComboBox
    c_kind: QComboBox
    c_date: QDateEdit
    c_count: QLabel

    # methods of one part that another calls
    command: Callable[[str], None]
    update_display: Callable[[], None]
    toggle_projector: Callable[[], None]
    _table_changed: Callable[[], None]
    _build_commit_form: Callable[[], QGroupBox]
    _update_commit_count: Callable[[], None]
    _fill_schedule: Callable[[], None]
    _show_phase: Callable[[], None]

    @property
    def table_id(self) -> uuid.UUID | None:
        return self.table_combo.currentData()

    def _table_round(self) -> tuple[uuid.UUID, int]:
        """The table and round of the loaded session (a session is loaded only for a table)."""
        tid = self.table_id
        assert tid is not None
        return tid, self.round_spin.value()
