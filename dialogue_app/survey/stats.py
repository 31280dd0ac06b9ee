"""Survey statistics with the standard library and NumPy only (no SciPy at run time).

Every function here is pure and checked against SciPy / statsmodels in
``tests/survey/test_stats.py``:

* :func:`wilson` — Wilson score 95% interval of a proportion
  (``statsmodels.stats.proportion.proportion_confint(method="wilson")``);
* :func:`mcnemar` — McNemar's test of paired yes/no answers: the exact
  two-sided binomial test on the discordant pairs when fewer than 25 people
  changed, otherwise the chi-square statistic with continuity correction
  (``statsmodels.stats.contingency_tables.mcnemar(exact=..., correction=True)``);
* :func:`wilcoxon` — Wilcoxon signed-rank test of paired 5-point answers with
  **zero differences discarded** (Wilcoxon's "wilcox" method, SciPy's default),
  choosing the method exactly as ``scipy.stats.wilcoxon(method="auto")``:
  exact null distribution when n ≤ 50 and there are no ties and no zeros;
  exact enumeration of all sign flips (SciPy's permutation test) when n ≤ 13
  with ties or zeros; otherwise the normal approximation with tie correction
  and without continuity correction. n counts the pairs including the zero
  differences, as SciPy does; the effect size is the matched-pairs
  rank-biserial correlation (R+ − R−) / (R+ + R−) over the non-zero differences;
* :func:`holm` — Holm's step-down adjustment
  (``statsmodels.stats.multitest.multipletests(method="holm")``);
* :func:`suppress_small_cells` — primary and secondary suppression of
  breakdown tables.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

Z_975 = 1.959963984540054  # the 97.5% quantile of the standard normal
MIN_CELL = 5
EXACT_MCNEMAR_BELOW = 25


def norm_sf(z: float) -> float:
    """P(Z > z) for a standard normal Z."""
    return 0.5 * math.erfc(z / math.sqrt(2.0))


def chi2_1_sf(x: float) -> float:
    """P(X > x) for a chi-square variable with one degree of freedom."""
    if x <= 0:
        return 1.0
    return math.erfc(math.sqrt(x / 2.0))


# --- proportions ------------------------------------------------------------------------
@dataclass(frozen=True)
class Share:
    k: int
    n: int
    share: float
    ci_low: float
    ci_high: float


def wilson(k: int, n: int, z: float = Z_975) -> Share:
    """The share k/n with its Wilson score interval (nan when n is 0)."""
    if n <= 0:
        nan = float("nan")
        return Share(k, n, nan, nan, nan)
    p = k / n
    z2 = z * z
    denom = 1.0 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
    return Share(k, n, p, max(0.0, centre - half), min(1.0, centre + half))


# --- McNemar -------------------------------------------------------------------------------
@dataclass(frozen=True)
class McNemarResult:
    yes_to_no: int
    no_to_yes: int
    statistic: float
    p_value: float
    exact: bool


def binom_two_sided_half(k: int, n: int) -> float:
    """Two-sided exact binomial p-value of k successes in n trials with p = 1/2."""
    if n == 0:
        return 1.0
    k = min(k, n - k)
    tail = sum(math.comb(n, i) for i in range(k + 1)) / 2.0**n
    return min(1.0, 2.0 * tail)


def mcnemar(yes_to_no: int, no_to_yes: int) -> McNemarResult:
    """McNemar's test on the two counts of change (exact below 25 changes)."""
    b, c = int(yes_to_no), int(no_to_yes)
    n = b + c
    if n < EXACT_MCNEMAR_BELOW:
        return McNemarResult(b, c, float(min(b, c)), binom_two_sided_half(min(b, c), n), True)
    # as statsmodels: (|b - c| - 1)² / (b + c)
    stat = (abs(b - c) - 1.0) ** 2 / n
    return McNemarResult(b, c, stat, chi2_1_sf(stat), False)


# --- Wilcoxon signed-rank ----------------------------------------------------------------
@dataclass(frozen=True)
class WilcoxonResult:
    n: int  # pairs, including zero differences
    n_nonzero: int
    statistic: float  # min(R+, R-) as SciPy reports for the two-sided test
    r_plus: float
    r_minus: float
    p_value: float
    effect_size: float  # matched-pairs rank-biserial correlation, positive = after higher
    method: str  # "exact" | "permutation" | "approx"
    improved: int
    unchanged: int
    worsened: int


def rankdata(values: np.ndarray) -> np.ndarray:
    """Average ranks (1-based) of ``values``, ties sharing their mean rank."""
    values = np.asarray(values, dtype=float)
    order = np.argsort(values, kind="mergesort")
    ranks = np.empty(len(values), dtype=float)
    sorted_vals = values[order]
    i = 0
    n = len(values)
    while i < n:
        j = i
        while j + 1 < n and sorted_vals[j + 1] == sorted_vals[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2.0 + 1.0
        i = j + 1
    return ranks


def _sign_flip_counts(doubled_ranks: Sequence[int]) -> np.ndarray:
    """counts[s] = number of sign patterns whose doubled R+ equals s."""
    total = int(sum(doubled_ranks))
    counts = np.zeros(total + 1, dtype=float)
    counts[0] = 1.0
    for r in doubled_ranks:
        r = int(r)
        if r == 0:
            counts = counts * 2.0
            continue
        shifted = np.zeros_like(counts)
        shifted[r:] = counts[:-r] if r else counts
        counts = counts + shifted
    return counts


def wilcoxon(before: Sequence[float], after: Sequence[float]) -> WilcoxonResult:
    """Two-sided Wilcoxon signed-rank test of after − before (see the module docstring)."""
    x = np.asarray(before, dtype=float)
    y = np.asarray(after, dtype=float)
    d = y - x
    n = len(d)
    improved = int(np.sum(d > 0))
    worsened = int(np.sum(d < 0))
    unchanged = int(np.sum(d == 0))
    nz = d[d != 0]
    m = len(nz)
    if m == 0:
        return WilcoxonResult(n, 0, 0.0, 0.0, 0.0, 1.0, 0.0, "none", improved, unchanged, worsened)
    ranks = rankdata(np.abs(nz))
    r_plus = float(np.sum(ranks[nz > 0]))
    r_minus = float(np.sum(ranks[nz < 0]))
    effect = (r_plus - r_minus) / (r_plus + r_minus)
    has_ties = len(np.unique(np.abs(nz))) < m
    has_zeros = unchanged > 0
    if n <= 50 and not (has_ties or has_zeros):
        method = "exact"
    elif n <= 13:
        method = "permutation"
    else:
        method = "approx"
    if method in ("exact", "permutation"):
        doubled = [round(2 * r) for r in ranks]
        counts = _sign_flip_counts(doubled)
        probs = counts / counts.sum()
        obs = 2 * r_plus
        if method == "exact":
            # SciPy rounds the statistic up for the cdf and down for the sf (integral here anyway)
            lo = math.ceil(r_plus) * 2
            hi = math.floor(r_plus) * 2
            p_less = float(probs[: lo + 1].sum())
            p_greater = float(probs[hi:].sum())
        else:
            support = np.arange(len(probs))
            gamma = abs(obs) * 1e-14
            p_less = float(probs[support <= obs + gamma].sum())
            p_greater = float(probs[support >= obs - gamma].sum())
        p = min(1.0, 2.0 * min(p_less, p_greater))
    else:
        _vals, tie_counts = np.unique(np.abs(nz), return_counts=True)
        mn = m * (m + 1) / 4.0
        var = (m * (m + 1) * (2 * m + 1) - float(np.sum(tie_counts**3 - tie_counts)) / 2.0) / 24.0
        se = math.sqrt(var)
        z = (r_plus - mn) / se if se > 0 else 0.0
        p = min(1.0, 2.0 * norm_sf(abs(z)))
    return WilcoxonResult(n, m, min(r_plus, r_minus), r_plus, r_minus, p, effect, method,
                          improved, unchanged, worsened)


# --- multiple testing ------------------------------------------------------------------
def holm(p_values: Sequence[float]) -> list[float]:
    """Holm-adjusted p-values in the input order (nan stays nan and is not counted)."""
    idx = [i for i, p in enumerate(p_values) if not math.isnan(p)]
    out = [float("nan")] * len(p_values)
    m = len(idx)
    order = sorted(idx, key=lambda i: p_values[i])
    running = 0.0
    for rank, i in enumerate(order):
        adj = min(1.0, (m - rank) * p_values[i])
        running = max(running, adj)
        out[i] = running
    return out


# --- small cells -----------------------------------------------------------------------
def suppress_small_cells(counts: Sequence[Sequence[int]], min_cell: int = MIN_CELL) -> np.ndarray:
    """Which cells of a breakdown table must be hidden (True = suppress).

    ``counts`` is a rows × columns table whose row and column totals are shown
    (or can be worked out). Primary suppression hides every cell below
    ``min_cell`` (zero included: "nobody at table 3 said no" discloses as much
    as a 1). Secondary suppression then hides, in every row and every column
    that has exactly one hidden cell, the smallest visible cell too, so that no
    hidden cell can be recovered by subtraction from the totals; this repeats
    until nothing changes. A row or column with a single cell whose total is
    shown cannot hide that cell: the caller must hide the total as well
    (see :func:`suppress_totals`).
    """
    a = np.asarray(counts, dtype=float)
    if a.ndim == 1:
        a = a[None, :]
    hide = a < min_cell
    changed = True
    while changed:
        changed = False
        for axis in (0, 1):
            lines = hide if axis == 1 else hide.T
            vals = a if axis == 1 else a.T
            for i in range(lines.shape[0]):
                if lines.shape[1] > 1 and lines[i].sum() == 1:
                    visible = np.where(~lines[i])[0]
                    j = visible[np.argmin(vals[i, visible])]
                    lines[i, j] = True
                    changed = True
    return hide


def suppress_totals(totals: Sequence[int], min_cell: int = MIN_CELL) -> np.ndarray:
    """Hide the row totals below ``min_cell``, and one more when exactly one is hidden
    and the grand total is shown."""
    return suppress_small_cells([list(totals)], min_cell)[0]


def counts_by_group(pairs: Iterable[tuple[str, str]]) -> dict[str, dict[str, int]]:
    """{group: {value: count}} from (group, value) pairs, e.g. forms per wave and language: the
    answers to one item are pooled over its wordings and only counted per language here."""
    out: dict[str, dict[str, int]] = {}
    for group, value in pairs:
        inner = out.setdefault(group, {})
        inner[value] = inner.get(value, 0) + 1
    return {g: dict(sorted(v.items())) for g, v in out.items()}
