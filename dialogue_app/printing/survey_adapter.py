"""What the printed documents need from the survey area, as plain dataclasses.

The survey area owns the instrument (``services.survey.instrument``,
``survey.instrument``: answer options, self-generated-code questions) and the
statistics (``services.survey.survey_report``). They are imported lazily: in a
build without the survey area the paper forms cannot be made and the report
has no survey section.
"""

from __future__ import annotations

import importlib
import math
from dataclasses import dataclass

from sqlalchemy.orm import Session

from dialogue_app.errors import UserInputError
from dialogue_app.i18n import gettext as _

#: Boxes on the paper form per self-generated-code element (letters 1, numbers up to 2 digits).
SGC_BOXES = {"mother_letter": 1, "birth_month": 2, "older_siblings": 2, "birthplace_letter": 1, "birth_day": 2}


@dataclass(frozen=True)
class FormItem:
    key: str
    label: str
    options: tuple[str, ...]  # the answer labels, one tick box each; empty: a free-text answer


@dataclass(frozen=True)
class Headline:
    """A share of the respondents of one wave (yes, or agree / strongly agree)."""

    label: str
    n: int
    k: int
    share: float
    low: float | None = None  # Wilson 95% interval
    high: float | None = None
    headline: str = ""  # the survey area's sentence ("80% met residents ...") when it has one


@dataclass(frozen=True)
class PairedRow:
    """Before/after change of one item among linked respondents (counts of people)."""

    label: str
    kind: str  # yes_no | scale
    n: int
    improved: int  # yes_no: no → yes
    unchanged: int
    worsened: int  # yes_no: yes → no
    p_holm: float | None = None
    method: str = ""


@dataclass(frozen=True)
class SurveySummary:
    participants: int
    respondents: dict  # wave -> forms
    response_rate: dict  # wave -> fraction
    match_rate: float | None
    matched: int
    headline: tuple[Headline, ...] = ()
    paired: tuple[PairedRow, ...] = ()
    plain: tuple[str, ...] = ()  # every result as a sentence (survey.plain), in the document language


def _module(name: str):
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name and name.startswith(exc.name):
            return None
        raise


def _num(x) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


def _count(fraction, n: int) -> int:
    f = _num(fraction)
    return 0 if f is None else round(f * n)


def instrument(session: Session, waves: tuple[str, ...]):
    """({wave: items}, self-generated-code questions [(label, boxes)]) in the active language."""
    svc = _module("dialogue_app.services.survey")
    ins = _module("dialogue_app.survey.instrument")
    if svc is None or ins is None:
        raise UserInputError(_("Paper survey forms need the survey part of the app, which this version lacks."))
    by_wave: dict[str, list[FormItem]] = {w: [] for w in waves}
    for it in svc.instrument(session):
        opts = tuple(label for _value, label in ins.answer_options(it.kind, tuple(it.choices)))
        for w in waves:
            if w in it.waves:
                by_wave[w].append(FormItem(it.key, it.label, opts))
    questions = tuple((_(ins.SGC_QUESTIONS[el]), SGC_BOXES.get(el, 2)) for el in ins.SGC_ELEMENTS)
    return {w: tuple(v) for w, v in by_wave.items()}, questions


def wave_label(wave: str) -> str:
    ins = _module("dialogue_app.survey.instrument")
    return ins.wave_label(wave) if ins is not None else wave


def summary(session: Session) -> SurveySummary | None:
    """The survey's headline and paired figures, or None without a survey area or any form."""
    svc = _module("dialogue_app.services.survey")
    if svc is None or not hasattr(svc, "survey_report"):
        return None
    rep = svc.survey_report(session)
    if not sum(rep.respondents.values()):
        return None
    return from_report(rep)


def from_report(rep) -> SurveySummary:
    headline, paired = [], []
    for it in rep.items:
        if it.analysis == "after-share":
            share = _num(it.share)
            if share is None:
                continue
            headline.append(Headline(label=it.label, n=it.n, k=round(share * it.n), share=share,
                                     low=_num(it.ci_low), high=_num(it.ci_high), headline=it.headline or ""))
        elif it.analysis == "paired-yes-no":
            yn, ny = it.yes_to_no or 0, it.no_to_yes or 0
            paired.append(PairedRow(it.label, "yes_no", it.n, improved=ny, unchanged=it.n - yn - ny, worsened=yn,
                                    p_holm=_num(it.p_holm), method=it.method))
        elif it.analysis == "paired-scale":
            n = it.n
            paired.append(PairedRow(it.label, "scale", n, improved=_count(it.improved, n),
                                    unchanged=_count(it.unchanged, n), worsened=_count(it.worsened, n),
                                    p_holm=_num(it.p_holm), method=it.method))
    return SurveySummary(
        participants=rep.participants, respondents=dict(rep.respondents),
        response_rate={w: r for w, r in rep.response_rate.items() if _num(r) is not None},
        match_rate=_num(rep.match_rate), matched=rep.matched, headline=tuple(headline), paired=tuple(paired),
        plain=tuple(plain_sentences(rep)),
    )


def plain_sentences(rep) -> list[str]:
    plain = _module("dialogue_app.survey.plain")
    return plain.item_sentences(rep) if plain is not None else []
