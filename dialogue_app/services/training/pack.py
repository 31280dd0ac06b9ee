"""The trainer pack's inputs read from the event, and the export that writes it (see
:mod:`dialogue_app.training.pack` for the drawing)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from dialogue_app import i18n
from dialogue_app.printing.common import Steps, atomic_pdf, register_fonts
from dialogue_app.services.events import current_event
from dialogue_app.services.training.practice import list_practice
from dialogue_app.services.training.sessions import list_sessions
from dialogue_app.services.training.trainees import list_trainees
from dialogue_app.training.pack import PackInput, PackPracticeTable, PackSession, PackTrainee, render_pack


def collect_pack(session: Session, options: object = None) -> PackInput:
    """The pack's inputs: the event, its trainees, sessions and practice tables."""
    e = current_event(session)
    trainees = list_trainees(session)
    sessions = tuple(
        PackSession(s.title, s.date, s.start_time, s.kind) for s in list_sessions(session))
    practice = tuple(PackPracticeTable(t.round, t.number, t.facilitator, t.members, t.scenario)
                     for t in list_practice(session))
    return PackInput(e.title, e.theme, e.date,
                     tuple(PackTrainee(t.name, t.city, t.track) for t in trainees), sessions, practice)


def write_trainer_pack(store, out: Path, options, progress: Callable[..., None],
                       should_stop: Callable[[], bool]) -> int:
    """Write the trainer pack of the event in ``store`` to ``out`` (PDF); returns the sections written.

    The printed documents' frame: the inputs in one read in the document language (the event's or
    ``options.lang``), then drawn to ``out`` atomically with progress and cancel."""
    steps0 = Steps(1, progress, should_stop)
    steps0.check()
    progress(0.0)
    with store.session() as s:
        lang = options.lang or current_event(s).language
        with i18n.language(lang):
            data = collect_pack(s, options)
    steps0.check()
    progress(0.1)
    register_fonts()
    with i18n.language(lang), atomic_pdf(out) as tmp:
        n = render_pack(data, tmp, make_steps=lambda total: Steps(total, progress, should_stop, 0.1, 1.0))
    progress(1.0)
    return n
