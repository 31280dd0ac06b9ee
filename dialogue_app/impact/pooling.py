"""Pooling statistics across events (math + NumPy, no SciPy at run time).

Checked against statsmodels and SciPy in ``tests/impact/test_pooling.py``:

* :func:`matched_pairs_mh` — paired yes/no answers of several events: the Mantel–Haenszel
  odds ratio for matched pairs (each pair its own stratum, so the estimate is Σ no→yes / Σ yes→no)
  with the Robins–Breslow–Greenland interval and the Cochran–Mantel–Haenszel test on the
  discordant pairs (``StratifiedTable(...).test_null_odds(correction=False)``; exact binomial
  when fewer than 25 people changed, as the per-event McNemar test); the net change
  (Σ no→yes − Σ yes→no) / Σ pairs with its interval; heterogeneity between the events'
  log odds ratios (Cochran's Q, I²);
* :func:`dersimonian_laird` — random-effects pooling of per-event effects
  (``statsmodels.stats.meta_analysis.combine_effects(method_re="dl")``);
* :func:`standardised_mean_change` — per-event effect of a 5-point item: mean change / SD of the
  changes (d_z) with its standard error √(1/n + d²/2n);
* :func:`logit_share` — a share as a logit with its variance (0.5 added when it is 0 % or 100 %).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from dialogue_app.survey.stats import EXACT_MCNEMAR_BELOW, Z_975, binom_two_sided_half, chi2_1_sf, norm_sf


def chi2_sf(x: float, df: int) -> float:
    """P(X > x) for a chi-square variable with ``df`` degrees of freedom (regularised gamma)."""
    if x <= 0 or df <= 0:
        return 1.0
    a, z = df / 2.0, x / 2.0
    if z < a + 1:  # series for the lower incomplete gamma
        term = total = 1.0 / a
        k = a
        for _ in range(1000):
            k += 1
            term *= z / k
            total += term
            if abs(term) < abs(total) * 1e-15:
                break
        return max(0.0, 1.0 - total * math.exp(-z + a * math.log(z) - math.lgamma(a)))
    # continued fraction (Lentz) for the upper incomplete gamma
    tiny = 1e-300
    b = z + 1 - a
    c = 1 / tiny
    d = 1 / b
    h = d
    for i in range(1, 1000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-15:
            break
    return min(1.0, math.exp(-z + a * math.log(z) - math.lgamma(a)) * h)


@dataclass(frozen=True)
class RandomEffects:
    k: int  # events pooled
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    p_value: float  # two-sided, H0: effect 0
    tau2: float
    i2: float  # 0..1 (nan with a single event)
    q: float
    q_p_value: float


def dersimonian_laird(effects: Sequence[float], variances: Sequence[float]) -> RandomEffects:
    """DerSimonian–Laird random-effects pooled estimate with τ², I² and Cochran's Q."""
    y = np.asarray(effects, dtype=float)
    v = np.asarray(variances, dtype=float)
    k = len(y)
    nan = float("nan")
    if k == 0:
        return RandomEffects(0, nan, nan, nan, nan, nan, nan, nan, nan, nan)
    w = 1.0 / v
    fixed = float(np.sum(w * y) / np.sum(w))
    q = float(np.sum(w * (y - fixed) ** 2))
    df = k - 1
    c = float(np.sum(w) - np.sum(w**2) / np.sum(w))
    tau2 = max(0.0, (q - df) / c) if df > 0 and c > 0 else 0.0
    ws = 1.0 / (v + tau2)
    est = float(np.sum(ws * y) / np.sum(ws))
    se = float(math.sqrt(1.0 / np.sum(ws)))
    i2 = max(0.0, (q - df) / q) if df > 0 and q > 0 else (0.0 if df > 0 else nan)
    p = 2 * norm_sf(abs(est / se)) if se > 0 else nan
    return RandomEffects(k, est, se, est - Z_975 * se, est + Z_975 * se, p, tau2, i2, q,
                         chi2_sf(q, df) if df > 0 else nan)


@dataclass(frozen=True)
class Effect:
    estimate: float
    se: float

    @property
    def variance(self) -> float:
        return self.se**2

    @property
    def ci(self) -> tuple[float, float]:
        return self.estimate - Z_975 * self.se, self.estimate + Z_975 * self.se


def standardised_mean_change(diffs: Sequence[float]) -> Effect | None:
    """d_z = mean(after − before) / SD of the differences, SE √(1/n + d²/(2n)); None when it cannot be
    computed (fewer than 2 pairs, or everyone changed by exactly the same amount)."""
    d = np.asarray(diffs, dtype=float)
    n = len(d)
    if n < 2:
        return None
    sd = float(np.std(d, ddof=1))
    if sd == 0:
        return None
    dz = float(np.mean(d)) / sd
    return Effect(dz, math.sqrt(1.0 / n + dz * dz / (2.0 * n)))


def logit_share(k: int, n: int) -> Effect:
    """The logit of k/n with its SE (0.5 added to both counts when k is 0 or n)."""
    a, b = float(k), float(n - k)
    if k == 0 or k == n:
        a, b = a + 0.5, b + 0.5
    return Effect(math.log(a / b), math.sqrt(1 / a + 1 / b))


def expit(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


@dataclass(frozen=True)
class MatchedPool:
    n: int  # pairs
    yes_to_no: int
    no_to_yes: int
    odds_ratio: float  # Σ no→yes / Σ yes→no (>1: more said yes afterwards)
    or_ci_low: float
    or_ci_high: float
    statistic: float  # CMH chi-square (no continuity correction), or min(b, c) when exact
    p_value: float
    exact: bool
    net: float  # (Σ no→yes − Σ yes→no) / Σ pairs
    net_ci_low: float
    net_ci_high: float
    i2: float
    q: float


def paired_net(yes_to_no: int, no_to_yes: int, n: int) -> Effect | None:
    """Net change (c − b)/n of one set of pairs with its Wald SE √((b + c) − (c − b)²/n)/n."""
    if n <= 0:
        return None
    b, c = yes_to_no, no_to_yes
    var = ((b + c) - (c - b) ** 2 / n) / n**2
    return Effect((c - b) / n, math.sqrt(max(var, 0.0)))


def matched_pairs_mh(strata: Sequence[tuple[int, int, int]]) -> MatchedPool:
    """Pool (yes→no, no→yes, pairs) of several events (see module doc)."""
    b = sum(s[0] for s in strata)
    c = sum(s[1] for s in strata)
    n = sum(s[2] for s in strata)
    nan = float("nan")
    if b + c == 0:
        return MatchedPool(n, b, c, nan, nan, nan, 0.0, 1.0, True, 0.0 if n else nan, nan, nan, nan, nan)
    if b > 0 and c > 0:
        odds = c / b
        se = math.sqrt(1 / b + 1 / c)
        lo, hi = math.exp(math.log(odds) - Z_975 * se), math.exp(math.log(odds) + Z_975 * se)
    else:
        odds, lo, hi = (math.inf if b == 0 else 0.0), nan, nan
    if b + c < EXACT_MCNEMAR_BELOW:
        stat, p, exact = float(min(b, c)), binom_two_sided_half(min(b, c), b + c), True
    else:
        stat = (c - b) ** 2 / (b + c)
        p, exact = chi2_1_sf(stat), False
    net = paired_net(b, c, n)
    lo_n, hi_n = net.ci if net else (nan, nan)
    # heterogeneity of the events' log odds ratios (0.5 added to an event with a zero count)
    ys, vs = [], []
    for sb, sc, _sn in strata:
        if sb + sc == 0:
            continue
        bb, cc = (sb + 0.5, sc + 0.5) if sb == 0 or sc == 0 else (sb, sc)
        ys.append(math.log(cc / bb))
        vs.append(1 / bb + 1 / cc)
    het = dersimonian_laird(ys, vs) if len(ys) > 1 else None
    return MatchedPool(n, b, c, odds, lo, hi, stat, p, exact, net.estimate if net else nan, lo_n, hi_n,
                       het.i2 if het else nan, het.q if het else nan)
