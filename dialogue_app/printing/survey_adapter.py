"""What the printed documents need from the survey area, as plain dataclasses.

The survey area owns the instrument (``services.survey.instrument``,
``survey.instrument``: answer options, self-generated-code questions) and the
statistics (``services.survey.survey_report``); ``services.survey.printing`` reads them
into these dataclasses (no database here). ``survey.instrument`` and ``survey.plain`` are
imported lazily: in a build without the survey area wave names stay as keys and the report has
no sentences.
"""

from __future__ import annotations

import importlib
import math
from dataclasses import dataclass

#: Boxes on the paper form per self-generated-code element (letters 1, numbers up to 2 digits).
SGC_BOXES = {"mother_letter": 1, "birth_month": 2, "older_siblings": 2, "birthplace_letter": 1, "birth_day": 2}


@dataclass(frozen=True)
class FormItem:
    key: str
    label: str
    options: tuple[str, ...]  # the answer labels, one tick box each; empty: a free-text answer
    also: str = ""  # the question in the event's language, printed below it on a form in another language


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


def wave_label(wave: str) -> str:
    ins = _module("dialogue_app.survey.instrument")
    return ins.wave_label(wave) if ins is not None else wave


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
