"""Per-item results of each event and pooled over events (see docs/notes/impact.md).

An item is pooled over the events that asked it the same way (same key, kind and waves
compared); events that asked it differently form a separate line and the difference is listed,
never mixed. Every figure that leaves is an aggregate: an event with fewer than 5 people for an
item shows no figures of its own (it still counts in the pooled result), and a count of people
below 5 (moved up, moved down) is not shown.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from dialogue_app import i18n
from dialogue_app.i18n import gettext as _
from dialogue_app.impact import pooling
from dialogue_app.impact.reader import EventExport
from dialogue_app.survey import instrument as ins
from dialogue_app.survey import stats

MIN_CELL = stats.MIN_CELL
NAN = float("nan")
ANALYSED_KINDS = ("yes_no", "agree5", "freq5")


def analysis_of(kind: str, waves: Sequence[str]) -> tuple[str, tuple[str, ...]] | None:
    """("paired-yes-no" | "paired-scale" | "after-share", waves compared) as the event report analyses it."""
    if kind not in ANALYSED_KINDS:
        return None
    if "before" in waves and ("after" in waves or "follow-up" in waves):
        later = "after" if "after" in waves else "follow-up"
        return ("paired-yes-no" if kind == "yes_no" else "paired-scale"), ("before", later)
    later = "after" if "after" in waves else ("follow-up" if "follow-up" in waves else "")
    return ("after-share", (later,)) if later else None


@dataclass(frozen=True)
class EventResult:
    event: str
    year: int | None
    language: str
    n: int  # pairs (paired items) or answers (shares)
    #: the figure on the forest chart: net change (paired yes/no, −1..1), d_z (paired 5-point), share (0..1)
    estimate: float = NAN
    ci_low: float = NAN
    ci_high: float = NAN
    up: float | None = None  # share of pairs that moved up (None: fewer than 5 people, or not paired)
    down: float | None = None
    effect_size: float | None = None  # rank-biserial r (paired 5-point)
    p_value: float | None = None
    later_answers: int = 0  # answers in the later wave (pairing rate = n / later_answers)
    odds_ratio: float = NAN  # paired yes/no: no→yes / yes→no with its 95% interval
    or_ci_low: float = NAN
    or_ci_high: float = NAN
    #: "" | "none" (nobody) | "small" (fewer than 5: not shown) | "constant" (everyone changed alike)
    #: | "few-changed" (fewer than 5 moved one way: no net change or odds ratio shown)
    note: str = ""

    @property
    def shown(self) -> bool:
        return self.n >= MIN_CELL

    @property
    def pairing_rate(self) -> float:
        return self.n / self.later_answers if self.later_answers else NAN


@dataclass(frozen=True)
class Pooled:
    k: int  # events that contributed
    n: int  # people (pairs or answers) over those events
    estimate: float = NAN
    ci_low: float = NAN
    ci_high: float = NAN
    p_value: float = NAN
    exact: bool = False
    i2: float = NAN
    tau2: float = NAN
    up: float | None = None
    down: float | None = None
    odds_ratio: float = NAN
    or_ci_low: float = NAN
    or_ci_high: float = NAN
    later_answers: int = 0

    @property
    def pairing_rate(self) -> float:
        return self.n / self.later_answers if self.later_answers else NAN


@dataclass(frozen=True)
class ItemImpact:
    key: str
    label: str
    kind: str
    analysis: str
    waves: tuple[str, ...]
    events: tuple[EventResult, ...]
    pooled: Pooled
    by_year: tuple[tuple[int, Pooled], ...] = ()
    variant: int = 0  # > 0: the same key asked differently by some events (listed in differences)


@dataclass(frozen=True)
class Difference:
    key: str
    what: str  # "missing" | "asked-differently" | "wording"
    events: tuple[str, ...]


@dataclass(frozen=True)
class EventInfo:
    name: str
    year: int | None
    network_name: str
    language: str
    instrument_version: str
    schema_version: str
    forms: dict[str, int]
    form_languages: dict[str, int]
    match_rate: float


@dataclass(frozen=True)
class ImpactReport:
    events: tuple[EventInfo, ...]
    items: tuple[ItemImpact, ...]
    differences: tuple[Difference, ...] = field(default_factory=tuple)


def _is_positive(kind: str, value: str) -> bool:
    return value == "yes" if kind == "yes_no" else value in ("4", "5")


def _masked(count: int, n: int) -> float | None:
    return count / n if n and count >= MIN_CELL else None


def _event_result(ev: EventExport, key: str, kind: str, analysis: str, waves: tuple[str, ...]) -> tuple:
    """(EventResult, raw aggregate for pooling): counts stay inside the analysis."""
    later = waves[-1]
    later_answers = sum(1 for w in ev.answers.values() if key in w.get(later, {}))
    base: dict[str, Any] = {"event": ev.name, "year": ev.year, "language": ev.language, "later_answers": later_answers}
    if analysis == "after-share":
        vals = [w[later][key] for w in ev.answers.values() if key in w.get(later, {})]
        n, k = len(vals), sum(_is_positive(kind, v) for v in vals)
        base["later_answers"] = n
        note = "none" if n == 0 else ("small" if n < MIN_CELL else "")
        if note:
            return EventResult(n=n, note=note, **base), (k, n)
        s = stats.wilson(k, n)
        return EventResult(n=n, estimate=s.share, ci_low=s.ci_low, ci_high=s.ci_high, **base), (k, n)
    pairs = [(w[waves[0]][key], w[later][key]) for w in ev.answers.values()
             if key in w.get(waves[0], {}) and key in w.get(later, {})]
    n = len(pairs)
    if analysis == "paired-yes-no":
        b = sum(1 for x, y in pairs if x == "yes" and y == "no")
        c = sum(1 for x, y in pairs if x == "no" and y == "yes")
        raw: tuple = (b, c, n)
        if n < MIN_CELL:
            return EventResult(n=n, note="none" if n == 0 else "small", **base), raw
        if min(b, c) < MIN_CELL:  # the net change or odds ratio would give the small count away
            return EventResult(n=n, up=_masked(c, n), down=_masked(b, n), p_value=stats.mcnemar(b, c).p_value,
                               note="few-changed", **base), raw
        net = pooling.paired_net(b, c, n)
        assert net is not None  # n >= MIN_CELL > 0
        lo, hi = net.ci
        mp = pooling.matched_pairs_mh([raw])
        return EventResult(n=n, estimate=net.estimate, ci_low=max(-1.0, lo), ci_high=min(1.0, hi),
                           up=_masked(c, n), down=_masked(b, n), p_value=stats.mcnemar(b, c).p_value,
                           odds_ratio=mp.odds_ratio, or_ci_low=mp.or_ci_low, or_ci_high=mp.or_ci_high, **base), raw
    before = [float(x) for x, _y in pairs]
    after = [float(y) for _x, y in pairs]
    diffs = [a - b for b, a in zip(before, after, strict=True)]
    eff = pooling.standardised_mean_change(diffs)
    up = sum(1 for d in diffs if d > 0)
    down = sum(1 for d in diffs if d < 0)
    raw = (eff, up, down, n)
    if n < MIN_CELL:
        return EventResult(n=n, note="none" if n == 0 else "small", **base), raw
    w = stats.wilcoxon(before, after)
    if eff is None:
        return EventResult(n=n, up=_masked(up, n), down=_masked(down, n), effect_size=w.effect_size,
                           p_value=w.p_value, note="constant", **base), raw
    lo, hi = eff.ci
    return EventResult(n=n, estimate=eff.estimate, ci_low=lo, ci_high=hi, up=_masked(up, n), down=_masked(down, n),
                       effect_size=w.effect_size, p_value=w.p_value, **base), raw


def _pool(analysis: str, raws: list, later_answers: int) -> Pooled:
    if analysis == "after-share":
        raws = [r for r in raws if r[1] > 0]
        n = sum(r[1] for r in raws)
        if not raws:
            return Pooled(0, 0, later_answers=later_answers)
        effs = [pooling.logit_share(k, m) for k, m in raws]
        re = pooling.dersimonian_laird([e.estimate for e in effs], [e.variance for e in effs])
        return Pooled(re.k, n, pooling.expit(re.estimate), pooling.expit(re.ci_low), pooling.expit(re.ci_high),
                      NAN, False, re.i2, re.tau2, later_answers=later_answers)
    if analysis == "paired-yes-no":
        raws = [r for r in raws if r[2] > 0]
        if not raws:
            return Pooled(0, 0, later_answers=later_answers)
        mp = pooling.matched_pairs_mh(raws)
        if min(mp.yes_to_no, mp.no_to_yes) < MIN_CELL:
            return Pooled(len(raws), mp.n, p_value=mp.p_value, exact=mp.exact, up=_masked(mp.no_to_yes, mp.n),
                          down=_masked(mp.yes_to_no, mp.n), later_answers=later_answers)
        return Pooled(len(raws), mp.n, mp.net, max(-1.0, mp.net_ci_low), min(1.0, mp.net_ci_high), mp.p_value,
                      mp.exact, mp.i2, NAN, _masked(mp.no_to_yes, mp.n), _masked(mp.yes_to_no, mp.n),
                      mp.odds_ratio, mp.or_ci_low, mp.or_ci_high, later_answers=later_answers)
    usable = [r for r in raws if r[0] is not None]
    n = sum(r[3] for r in raws)
    up, down = sum(r[1] for r in raws), sum(r[2] for r in raws)
    if not usable:
        return Pooled(0, n, up=_masked(up, n), down=_masked(down, n), later_answers=later_answers)
    re = pooling.dersimonian_laird([r[0].estimate for r in usable], [r[0].variance for r in usable])
    return Pooled(re.k, n, re.estimate, re.ci_low, re.ci_high, re.p_value, False, re.i2, re.tau2,
                  _masked(up, n), _masked(down, n), later_answers=later_answers)


def _label(key: str, evs: Sequence[EventExport]) -> str:
    """The question in the active language: a default item's own translation, else the wording of an
    event in that language, else the first event's."""
    default = next((d for d in ins.DEFAULT_ITEMS if d.key == key), None)
    stored = {ev.items[key].label for ev in evs}
    if default is not None and any(_matches_default(default.label, s) for s in stored):
        return _(default.label)
    lang = i18n.current_language()
    return next((ev.items[key].label for ev in evs if ev.language == lang), evs[0].items[key].label)


def _matches_default(msgid: str, label: str) -> bool:
    for lang in i18n.available_languages():
        with i18n.language(lang):
            if _(msgid) == label:
                return True
    return False


def build_report(exports: Sequence[EventExport], progress: Callable[[int, int], None] | None = None) -> ImpactReport:
    """Analyse every item over the given events (ordered by date, then name)."""
    exports = sorted(exports, key=lambda e: (e.date is None, e.date or 0, e.name))
    infos = []
    for ev in exports:
        after = [w for w in ev.answers.values() if w.get("after")]
        linked = sum(1 for w in after if w.get("before"))
        infos.append(EventInfo(ev.name, ev.year, ev.network_name, ev.language, ev.instrument_version,
                               ev.schema_version, dict(ev.forms), dict(ev.form_languages),
                               linked / len(after) if after else NAN))
    # item key -> variant (kind, analysis, waves) -> events
    order: list[str] = []
    variants: dict[str, dict[tuple, list[EventExport]]] = defaultdict(lambda: defaultdict(list))
    labels: dict[str, Counter] = defaultdict(Counter)
    for ev in exports:
        for it in ev.items.values():
            a = analysis_of(it.kind, it.waves)
            if a is None:
                continue
            if it.key not in variants:
                order.append(it.key)
            variants[it.key][(it.kind, *a)].append(ev)
            labels[it.key][(ev.language, it.label)] += 1
    differences: list[Difference] = []
    items: list[ItemImpact] = []
    total = max(1, len(order))
    for step, key in enumerate(order):
        groups = sorted(variants[key].items(), key=lambda kv: -len(kv[1]))
        having = {ev.name for _v, evs in groups for ev in evs}
        missing = tuple(ev.name for ev in exports if ev.name not in having)
        if missing:
            differences.append(Difference(key, "missing", missing))
        if len(groups) > 1:
            for _v, evs in groups[1:]:
                differences.append(Difference(key, "asked-differently", tuple(ev.name for ev in evs)))
        wordings = {lab for (_lang, lab) in labels[key]}
        langs = {lang for (lang, _lab) in labels[key]}
        if len(wordings) > len(langs):
            differences.append(Difference(key, "wording", tuple(sorted({
                ev.name for _v, evs in groups for ev in evs
                if ev.items[key].label != labels[key].most_common(1)[0][0][1]}))))
        for variant, ((kind, analysis, waves), evs) in enumerate(groups):
            results, raws = [], []
            for ev in evs:
                res, raw = _event_result(ev, key, kind, analysis, waves)
                results.append(res)
                raws.append(raw)
            pooled = _pool(analysis, raws, sum(r.later_answers for r in results))
            by_year = []
            for year in sorted({r.year for r in results if r.year is not None}):
                idx = [i for i, r in enumerate(results) if r.year == year]
                by_year.append((year, _pool(analysis, [raws[i] for i in idx],
                                            sum(results[i].later_answers for i in idx))))
            label = _label(key, evs)
            items.append(ItemImpact(key, label, kind, analysis, waves, tuple(results), pooled, tuple(by_year), variant))
        if progress:
            progress(step + 1, total)
    return ImpactReport(tuple(infos), tuple(items), tuple(differences))


def clean(x):
    """JSON-safe: NaN and infinity become None."""
    return None if isinstance(x, float) and (math.isnan(x) or math.isinf(x)) else x
