"""The impact report's results as plain sentences (through :mod:`dialogue_app.survey.plain`)."""

from __future__ import annotations

from dialogue_app.impact.analysis import EventResult, ItemImpact, Pooled
from dialogue_app.survey import plain


def _effect(item: ItemImpact, r: EventResult | Pooled) -> dict:
    if item.analysis == "paired-yes-no":
        return {"effect_kind": "or", "effect": r.odds_ratio, "effect_low": r.or_ci_low, "effect_high": r.or_ci_high}
    if item.analysis == "paired-scale":
        return {"effect_kind": "d", "effect": r.estimate, "effect_low": r.ci_low, "effect_high": r.ci_high}
    return {"share": r.estimate, "share_low": r.ci_low, "share_high": r.ci_high}


def pooled_facts(item: ItemImpact, pooled: Pooled | None = None) -> plain.Facts:
    p = pooled or item.pooled
    return plain.Facts(
        key=item.key, label=item.label, kind=item.kind, analysis=item.analysis, n=p.n, later_wave=item.waves[-1],
        up=p.up, down=p.down, p_value=None if item.analysis == "after-share" else p.p_value,
        pairing_rate=p.pairing_rate, events=p.k, i2=p.i2, **_effect(item, p))


def event_facts(item: ItemImpact, r: EventResult) -> plain.Facts:
    return plain.Facts(
        key=item.key, label=item.label, kind=item.kind, analysis=item.analysis, n=r.n, later_wave=item.waves[-1],
        up=r.up, down=r.down, p_value=None if item.analysis == "after-share" else r.p_value,
        pairing_rate=r.pairing_rate, **_effect(item, r))


def pooled_sentence(item: ItemImpact, pooled: Pooled | None = None) -> str:
    return plain.sentence(pooled_facts(item, pooled))


def event_sentence(item: ItemImpact, r: EventResult) -> str:
    return plain.sentence(event_facts(item, r))
