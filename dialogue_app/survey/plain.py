"""Survey results in plain words, for a city councillor rather than a statistician.

:func:`sentence` turns one result (of one event, or pooled over events) into one sentence in the
active language: what changed, how many people it rests on, how often forms could be paired, how
large the effect is with its 95 % interval, and what the p-value means ("unlikely to be chance").
A small-sample warning is added below :data:`SMALL_N` people. Used by the event report PDF, the
Surveys area and the impact report. Pure: no Qt, no database.

Effect-size words (conventional thresholds): rank-biserial r 0.1 / 0.3 / 0.5, standardised mean
change d 0.2 / 0.5 / 0.8, odds ratio 1.5 / 2.5 / 4.3 for small / moderate / large.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TypeGuard

from dialogue_app import i18n
from dialogue_app.i18n import N_, ngettext
from dialogue_app.i18n import gettext as _
from dialogue_app.survey.instrument import HEADLINES

SMALL_N = 20

#: Per default item: (more, fewer, no change) — the sentence's opening.
PAIRED_PHRASES = {
    "connected": (N_("After the day more participants felt connected to people who differ from them"),
                  N_("After the day fewer participants felt connected to people who differ from them"),
                  N_("After the day participants felt about as connected to people who differ from them as "
                     "before")),
    "trust": (N_("After the day more participants trusted neighbours of other backgrounds"),
              N_("After the day fewer participants trusted neighbours of other backgrounds"),
              N_("After the day participants trusted neighbours of other backgrounds about as much as before")),
    "intend_action": (N_("After the day more participants intended to do something concrete on the theme"),
                      N_("After the day fewer participants intended to do something concrete on the theme"),
                      N_("After the day about as many participants intended to do something concrete on the "
                         "theme as before")),
    "talk_other_backgrounds": (
        N_("Weeks after the day participants talked more often with people of a different background"),
        N_("Weeks after the day participants talked less often with people of a different background"),
        N_("Weeks after the day participants talked about as often with people of a different background as "
           "before")),
}
GENERIC_PHRASES = {
    "after": (N_("After the day answers to “{label}” went up"), N_("After the day answers to “{label}” went down"),
              N_("After the day answers to “{label}” stayed about the same")),
    "follow-up": (N_("Weeks after the day answers to “{label}” went up"),
                  N_("Weeks after the day answers to “{label}” went down"),
                  N_("Weeks after the day answers to “{label}” stayed about the same")),
}
SIZE_WORDS = (N_("a very small effect"), N_("a small effect"), N_("a moderate effect"), N_("a large effect"))
THRESHOLDS = {"r": (0.1, 0.3, 0.5), "d": (0.2, 0.5, 0.8), "or": (math.log(1.5), math.log(2.5), math.log(4.3))}
EFFECT_NAMES = {"r": N_("r"), "d": N_("d"), "or": N_("odds ratio")}


@dataclass(frozen=True)
class Facts:
    """What a sentence needs; ``effect_kind`` is "r" (rank-biserial), "d" (standardised mean change) or
    "or" (odds ratio, 1 = no change). Shares are fractions; None = not known or hidden (fewer than 5)."""

    key: str
    label: str
    kind: str
    analysis: str  # "paired-yes-no" | "paired-scale" | "after-share"
    n: int
    later_wave: str = "after"
    up: float | None = None
    down: float | None = None
    share: float | None = None
    share_low: float | None = None
    share_high: float | None = None
    effect_kind: str = ""
    effect: float | None = None
    effect_low: float | None = None
    effect_high: float | None = None
    p_value: float | None = None
    pairing_rate: float | None = None
    events: int = 0  # > 0: pooled over this many events
    i2: float | None = None


def _ok(x: object) -> TypeGuard[float]:
    """A number that can be shown (not None, NaN or infinite)."""
    return x is not None and not (isinstance(x, float) and (math.isnan(x) or math.isinf(x)))


def pct(x: float | None) -> str:
    return i18n.format_percent(x) if _ok(x) else _("fewer than 5 people")


def size_word(kind: str, effect: float) -> str:
    x = abs(math.log(effect)) if kind == "or" else abs(effect)
    level = sum(x >= t for t in THRESHOLDS[kind])
    return _(SIZE_WORDS[level])


def chance_words(p: float) -> str:
    """The p-value with its meaning."""
    if p < 0.001:
        return _("very unlikely to be chance (p < 0.001)")
    shown = i18n.format_decimal(p, 3 if p < 0.01 else 2)
    if p < 0.05:
        return _("unlikely to be chance (p = {p})").format(p=shown)
    return _("could well be chance (p = {p})").format(p=shown)


def _effect_part(f: Facts) -> str:
    if not (f.effect_kind and _ok(f.effect)):
        return ""
    name = _(EFFECT_NAMES[f.effect_kind])
    value = i18n.format_decimal(f.effect, 2)
    if _ok(f.effect_low) and _ok(f.effect_high):
        return _("{size}, {name} = {value}, 95% CI {low} to {high}").format(
            size=size_word(f.effect_kind, f.effect), name=name, value=value,
            low=i18n.format_decimal(f.effect_low, 2), high=i18n.format_decimal(f.effect_high, 2))
    return _("{size}, {name} = {value}").format(size=size_word(f.effect_kind, f.effect), name=name, value=value)


def _who(f: Facts) -> str:
    n = i18n.format_number(f.n)
    if f.analysis == "after-share":
        who = ngettext("{n} person answered", "{n} people answered", f.n).format(n=n)
    elif f.events:
        who = ngettext("{n} person at {events} who filled in both forms",
                       "{n} people at {events} who filled in both forms", f.n).format(
            n=n, events=ngettext("{k} event", "{k} events", f.events).format(k=f.events))
    else:
        who = ngettext("{n} person who filled in both forms", "{n} people who filled in both forms",
                       f.n).format(n=n)
    if f.analysis != "after-share" and _ok(f.pairing_rate):
        who = _("{who}, {rate} of the later forms could be paired").format(
            who=who, rate=i18n.format_percent(f.pairing_rate))
    if f.analysis == "after-share" and f.events:
        who = _("{who} at {events}").format(who=who, events=ngettext("{k} event", "{k} events", f.events)
                                           .format(k=f.events))
    return who


def _agreement(f: Facts) -> str:
    if f.events < 2 or not _ok(f.i2):
        return ""
    if f.i2 < 0.25:
        return _("the events agree")
    if f.i2 < 0.5:
        return _("the events differ somewhat")
    return _("the events differ a lot")


def sentence(f: Facts) -> str:
    """One result as one sentence in the active language (see the module doc)."""
    if f.n == 0:
        return _("“{label}”: nobody answered this in both forms.").format(label=f.label) \
            if f.analysis != "after-share" else _("“{label}”: nobody answered this.").format(label=f.label)
    if f.n < 5:
        return _("“{label}”: fewer than 5 people answered, too few to say anything.").format(label=f.label)
    details = [_who(f)]
    if f.analysis == "after-share":
        if f.key in HEADLINES:
            head = _(HEADLINES[f.key]).format(pct=pct(f.share))
        elif f.kind == "yes_no":
            head = _("{pct} answered yes to “{label}”").format(pct=pct(f.share), label=f.label)
        else:
            head = _("{pct} agreed with “{label}”").format(pct=pct(f.share), label=f.label)
        if _ok(f.share_low) and _ok(f.share_high):
            details.insert(0, _("95% CI {low} to {high}").format(low=i18n.format_percent(f.share_low),
                                                                 high=i18n.format_percent(f.share_high)))
        text = head
    else:
        up = f.up if _ok(f.up) else None
        down = f.down if _ok(f.down) else None
        if _ok(f.p_value) and f.p_value < 0.05 and _ok(f.effect):
            positive = f.effect > (1.0 if f.effect_kind == "or" else 0.0)
            which = 0 if positive else 1
        else:
            which = 2
        phrases = PAIRED_PHRASES.get(f.key) or GENERIC_PHRASES.get(f.later_wave, GENERIC_PHRASES["after"])
        head = _(phrases[which]).format(label=f.label)
        text = _("{head}: {up} moved up, {down} down").format(head=head, up=pct(up), down=pct(down))
        effect = _effect_part(f)
        if effect:
            details.append(effect)
        if _ok(f.p_value):
            details.append(chance_words(f.p_value))
    agreement = _agreement(f)
    if agreement:
        details.append(agreement)
    out = _("{text} ({details}).").format(text=text, details=_("; ").join(details))
    if f.n < SMALL_N:
        out += " " + _("Careful: few people, so this can easily change with the next event.")
    return out


def rank_biserial_ci(r: float, n_nonzero: int) -> tuple[float, float]:
    """95% interval of the matched-pairs rank-biserial r on the Fisher-z scale with
    SE = √((2n³ + 3n² + n)/6) / ((n² + n)/2) over the non-zero differences (as R's ``effectsize``)."""
    n = n_nonzero
    if n < 2:
        return float("nan"), float("nan")
    se = math.sqrt((2 * n**3 + 3 * n**2 + n) / 6) / ((n**2 + n) / 2)
    z = math.atanh(max(-0.9999, min(0.9999, r)))
    return math.tanh(z - 1.959963984540054 * se), math.tanh(z + 1.959963984540054 * se)


def facts_from_item(it) -> Facts:
    """Facts of one event's result (``services.survey.ItemResult``); shares of fewer than 5 people are hidden."""
    later = it.waves[-1] if it.waves else "after"
    base = {"key": it.key, "label": it.label, "kind": it.kind, "analysis": it.analysis, "n": it.n,
            "later_wave": later}
    if it.analysis == "after-share":
        return Facts(share=it.share, share_low=it.ci_low, share_high=it.ci_high, **base)
    rate = it.n / (it.n + it.unmatched) if (it.n + it.unmatched) else None
    p = it.p_holm if _ok(it.p_holm) else it.p_value  # as the results table (Holm across items)
    if it.analysis == "paired-yes-no":
        b, c = it.yes_to_no or 0, it.no_to_yes or 0
        low = high = odds = None
        if min(b, c) >= 5:  # below 5 the odds ratio would give the small count away
            odds = c / b
            se = math.sqrt(1 / b + 1 / c)
            low, high = math.exp(math.log(odds) - 1.959963984540054 * se), math.exp(
                math.log(odds) + 1.959963984540054 * se)
        return Facts(up=c / it.n if it.n and c >= 5 else None, down=b / it.n if it.n and b >= 5 else None,
                     effect_kind="or", effect=odds, effect_low=low, effect_high=high, p_value=p, pairing_rate=rate,
                     **base)
    n = it.n
    up = round((it.improved or 0) * n)
    down = round((it.worsened or 0) * n)
    low, high = rank_biserial_ci(it.effect_size, up + down) if _ok(it.effect_size) else (None, None)
    return Facts(up=it.improved if up >= 5 else None, down=it.worsened if down >= 5 else None, effect_kind="r",
                 effect=it.effect_size, effect_low=low, effect_high=high, p_value=p, pairing_rate=rate, **base)


def item_sentences(report) -> list[str]:
    """One sentence per analysed item of a ``SurveyReport`` that has answers, in the active language."""
    return [sentence(facts_from_item(it)) for it in report.items if it.n]
