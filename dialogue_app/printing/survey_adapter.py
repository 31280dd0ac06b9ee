"""What the printed documents need from the survey area, as plain dataclasses.

The survey area (``dialogue_app.services.survey``) owns the instrument and the
statistics. This module reads them lazily and converts them; when the survey
area is not part of the build, the paper forms use the method's default
instrument (METHOD.md) and the report says that no survey results exist.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from sqlalchemy.orm import Session

from dialogue_app.i18n import N_
from dialogue_app.i18n import gettext as _


@dataclass(frozen=True)
class Headline:
    """A post-survey share: ``k`` of ``n`` said yes (or agreed)."""

    label: str
    n: int
    k: int
    share: float
    low: float | None = None  # Wilson 95% interval
    high: float | None = None


@dataclass(frozen=True)
class PairedRow:
    """Before/after change of one item among matched respondents."""

    label: str
    n: int
    improved: int
    unchanged: int
    worsened: int
    p_value: float | None = None  # Holm-adjusted when the survey area provides it
    test: str = ""


@dataclass(frozen=True)
class SurveySummary:
    responses_before: int
    responses_after: int
    matched: int
    invited: int
    headline: tuple[Headline, ...] = ()
    paired: tuple[PairedRow, ...] = ()
    match_rate: float | None = None
    response_rate: float | None = None


def _survey_module():
    try:
        return importlib.import_module("dialogue_app.services.survey")
    except ModuleNotFoundError as exc:
        if exc.name and "dialogue_app.services.survey".startswith(exc.name):
            return None
        raise


# --- the default instrument (used only without the survey area) -----------------------------

FREQUENCY = (N_("Never"), N_("Rarely"), N_("Sometimes"), N_("Often"), N_("Very often"))
AGREEMENT = (N_("Strongly disagree"), N_("Disagree"), N_("Neither agree nor disagree"), N_("Agree"),
             N_("Strongly agree"))
YES_NO = (N_("Yes"), N_("No"))

#: (key, label, options, before, after)
DEFAULT_ITEMS = (
    ("contact_frequency", N_("How often do you talk with people of a different background?"), FREQUENCY, True, True),
    ("connected", N_("I feel connected to people in my city who differ from me"), AGREEMENT, True, True),
    ("trust", N_("I trust neighbours of other backgrounds"), AGREEMENT, True, True),
    ("intend_action", N_("I intend to do something concrete on this theme"), YES_NO, True, True),
    ("met_new", N_("I met people here I had never spoken to before"), YES_NO, False, True),
    ("view_changed", N_("My view on the theme changed"), YES_NO, False, True),
    ("exchanged_contacts", N_("I exchanged contact details with someone"), YES_NO, False, True),
    ("felt_heard", N_("I felt heard and could speak as much as others"), AGREEMENT, False, True),
    ("recommend", N_("I would take part again / recommend it"), AGREEMENT, False, True),
)

DEFAULT_CODE_QUESTIONS = (
    (N_("Second letter of your mother's first name"), 1),
    (N_("Your birth month (01–12)"), 2),
    (N_("Number of older brothers and sisters"), 1),
    (N_("First letter of the street you grew up in"), 1),
)


def _default_instrument():
    from dialogue_app.printing.collect import FormItem

    def items(wave: str):
        return tuple(FormItem(key, _(label), tuple(_(o) for o in opts))
                     for key, label, opts, before, after in DEFAULT_ITEMS
                     if (before if wave == "before" else after))

    return items("before"), items("after"), tuple((_(q), n) for q, n in DEFAULT_CODE_QUESTIONS)


def _options(item) -> tuple[str, ...]:
    opts = getattr(item, "options", None) or getattr(item, "choices", None)
    if opts:
        return tuple(getattr(o, "label", o) for o in opts)
    kind = str(getattr(item, "type", getattr(item, "kind", "")))
    if "freq" in kind:
        return tuple(_(o) for o in FREQUENCY)
    if "yes" in kind or "bool" in kind:
        return tuple(_(o) for o in YES_NO)
    return tuple(_(o) for o in AGREEMENT)


def instrument(session: Session):
    """(before items, after items, self-generated-code questions) in the active language."""
    from dialogue_app.printing.collect import FormItem

    mod = _survey_module()
    if mod is None or not hasattr(mod, "list_items"):
        return _default_instrument()
    before, after = [], []
    for item in mod.list_items(session):
        waves = getattr(item, "waves", ("before", "after"))
        if isinstance(waves, str):
            waves = tuple(w.strip() for w in waves.split(","))
        fi = FormItem(getattr(item, "key", ""), getattr(item, "label", ""), _options(item))
        if "before" in waves:
            before.append(fi)
        if "after" in waves or "follow-up" in waves or "followup" in waves:
            after.append(fi)
    questions = _default_instrument()[2]
    if hasattr(mod, "code_questions"):
        questions = tuple((getattr(q, "label", str(q)), int(getattr(q, "length", 1) or 1))
                          for q in mod.code_questions(session))
    return tuple(before), tuple(after), questions


def summary(session: Session) -> SurveySummary | None:
    """The survey's headline and paired figures, or None when there is no survey area or no answer."""
    mod = _survey_module()
    if mod is None or not hasattr(mod, "survey_report"):
        return None
    rep = mod.survey_report(session)
    return from_report(rep)


def from_report(rep) -> SurveySummary | None:
    if rep is None:
        return None
    g = getattr
    headline = tuple(
        Headline(label=g(h, "label", ""), n=int(g(h, "n", 0)), k=int(g(h, "k", g(h, "yes", 0))),
                 share=float(g(h, "share", g(h, "proportion", 0.0))), low=g(h, "low", None),
                 high=g(h, "high", None))
        for h in g(rep, "headline", g(rep, "post_only", ()))
    )
    paired = tuple(
        PairedRow(label=g(p, "label", ""), n=int(g(p, "n", 0)), improved=int(g(p, "improved", 0)),
                  unchanged=int(g(p, "unchanged", 0)), worsened=int(g(p, "worsened", 0)),
                  p_value=g(p, "p_holm", g(p, "p_value", None)), test=g(p, "test", ""))
        for p in g(rep, "paired", ())
    )
    return SurveySummary(
        responses_before=int(g(rep, "responses_before", 0)), responses_after=int(g(rep, "responses_after", 0)),
        matched=int(g(rep, "matched", 0)), invited=int(g(rep, "invited", 0)), headline=headline, paired=paired,
        match_rate=g(rep, "match_rate", None), response_rate=g(rep, "response_rate", None),
    )
