"""The languages a table reads, for the projector view (issue 32): which languages other than the
event's its participants read (``printing.inputs.person_language``: the first recorded language with a
catalog), and each phase's question in them where the event still asks the default question."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogue_app import i18n
from dialogue_app.models import Person
from dialogue_app.printing.inputs import person_language
from dialogue_app.services.events import current_event
from dialogue_app.services.facilitation.script import default_phases, list_phases
from dialogue_app.services.facilitation.sessions import find_table, table_people

#: at most this many languages besides the event's next to each other on the projector
MOST_LANGUAGES = 2


@dataclass(frozen=True)
class TableQuestions:
    """A table's other languages (most read first) and, per phase id, the phase's question in each of
    them (the script's template, ``{theme}`` not filled in): only where the event still asks the
    default question; a question the organiser wrote or edited has no other wording."""

    language: str  # the event's
    languages: tuple[str, ...]
    questions: dict[uuid.UUID, tuple[tuple[str, str], ...]]

    def question_in(self, phase_id: uuid.UUID) -> tuple[tuple[str, str], ...]:
        """(language, question template) pairs of a phase, in the order of :attr:`languages`."""
        return self.questions.get(phase_id, ())


def table_languages(session: Session, table: uuid.UUID | int, round_: int = 1,
                    most: int = MOST_LANGUAGES) -> tuple[str, ...]:
    """The languages other than the event's that the people at a table in a round read, the most read
    first, at most ``most``."""
    e = current_event(session)
    t = find_table(session, table)
    ids = [p.person_id for p in table_people(session, t.id, round_)]
    if not ids:
        return ()
    available = tuple(i18n.available_languages())
    counts: Counter[str] = Counter()
    for spoken in session.scalars(select(Person.languages).where(Person.id.in_(ids))):
        lang = person_language(spoken or "", e.language, available)
        if lang:
            counts[lang] += 1
    return tuple(lang for lang, _n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:most])


def table_questions(session: Session, table: uuid.UUID | int, round_: int = 1) -> TableQuestions:
    """The current script's questions in a table's other languages (nothing is written)."""
    e = current_event(session)
    langs = table_languages(session, table, round_)
    phases = list_phases(session)
    defaults = {d.key: d.question for d in default_phases(e.language)}
    theirs = {lang: {d.key: d.question for d in default_phases(lang)} for lang in langs}
    questions: dict[uuid.UUID, tuple[tuple[str, str], ...]] = {}
    for p in phases:
        if not p.key or not p.question or defaults.get(p.key) != p.question:
            continue  # the organiser's own words: theirs only
        questions[p.id] = tuple((lang, theirs[lang][p.key]) for lang in langs
                                if p.key in theirs[lang] and theirs[lang][p.key] != p.question)
    return TableQuestions(e.language, langs, questions)
