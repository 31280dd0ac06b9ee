"""What the printed documents need from the survey, read from the event into the plain dataclasses of
:mod:`dialogue_app.printing.survey_adapter` (paper forms: the items per wave; the event report: the
headline and paired figures)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from dialogue_app import i18n
from dialogue_app.i18n import gettext as _
from dialogue_app.printing.survey_adapter import SGC_BOXES, FormItem, SurveySummary, from_report, wave_label
from dialogue_app.services.events import current_event
from dialogue_app.services.survey.items import default_items
from dialogue_app.services.survey.items import instrument as survey_instrument
from dialogue_app.services.survey.report import survey_report
from dialogue_app.survey import instrument as ins

__all__ = ["instrument", "instrument_in", "summary", "wave_label"]


def instrument(session: Session, waves: tuple[str, ...]):
    """({wave: items}, self-generated-code questions [(label, boxes)]) in the active language."""
    by_wave: dict[str, list[FormItem]] = {w: [] for w in waves}
    for it in survey_instrument(session):
        opts = tuple(label for _value, label in ins.answer_options(it.kind, tuple(it.choices)))
        for w in waves:
            if w in it.waves:
                by_wave[w].append(FormItem(it.key, it.label, opts))
    questions = tuple((_(ins.SGC_QUESTIONS[el]), SGC_BOXES.get(el, 2)) for el in ins.SGC_ELEMENTS)
    return {w: tuple(v) for w, v in by_wave.items()}, questions


def instrument_in(session: Session, waves: tuple[str, ...], lang: str) -> dict[str, tuple[FormItem, ...]]:
    """{wave: items} for a respondent who reads ``lang``: a question still worded as the default gets
    the default wording in ``lang``, with the printed (event-language) wording in ``also``; a question
    the organiser wrote or edited stays theirs, in their words only."""
    defaults = {d.key: d.label for d in default_items(current_event(session).language)}
    with i18n.language(lang):
        theirs = {d.key: d.label for d in default_items(lang)}
        by_wave: dict[str, list[FormItem]] = {w: [] for w in waves}
        for it in survey_instrument(session):
            opts = tuple(label for _value, label in ins.answer_options(it.kind, tuple(it.choices)))
            label, also = it.label, ""
            if it.key in theirs and defaults.get(it.key) == it.label and theirs[it.key] != it.label:
                label, also = theirs[it.key], it.label
            for w in waves:
                if w in it.waves:
                    by_wave[w].append(FormItem(it.key, label, opts, also))
    return {w: tuple(v) for w, v in by_wave.items()}


def summary(session: Session) -> SurveySummary | None:
    """The survey's headline and paired figures, or None without any form."""
    rep = survey_report(session)
    if not sum(rep.respondents.values()):
        return None
    return from_report(rep)
