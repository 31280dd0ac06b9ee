"""The survey statistics agree with SciPy / statsmodels on randomised data."""

from __future__ import annotations

import math

import numpy as np
import pytest

from dialogue_app.survey import stats

scipy_stats = pytest.importorskip("scipy.stats")
sm_prop = pytest.importorskip("statsmodels.stats.proportion")
sm_ct = pytest.importorskip("statsmodels.stats.contingency_tables")
sm_mt = pytest.importorskip("statsmodels.stats.multitest")


def test_wilson_matches_statsmodels():
    """Wilson 95% intervals equal statsmodels' proportion_confint(method="wilson")."""
    rng = np.random.default_rng(1)
    for _ in range(300):
        n = int(rng.integers(1, 400))
        k = int(rng.integers(0, n + 1))
        lo, hi = sm_prop.proportion_confint(k, n, alpha=0.05, method="wilson")
        s = stats.wilson(k, n)
        assert s.share == pytest.approx(k / n)
        assert s.ci_low == pytest.approx(lo, abs=1e-12)
        assert s.ci_high == pytest.approx(hi, abs=1e-12)


def test_mcnemar_matches_statsmodels_and_binomtest():
    """Exact below 25 changes (= scipy binomtest), chi-square with continuity correction above."""
    rng = np.random.default_rng(2)
    for _ in range(400):
        b = int(rng.integers(0, 40))
        c = int(rng.integers(0, 40))
        if b + c == 0:
            continue
        r = stats.mcnemar(b, c)
        exact = b + c < 25
        ref = sm_ct.mcnemar([[int(rng.integers(0, 50)), b], [c, int(rng.integers(0, 50))]], exact=exact,
                            correction=True)
        assert r.exact is exact
        assert r.p_value == pytest.approx(ref.pvalue, rel=1e-9, abs=1e-12)
        assert r.statistic == pytest.approx(ref.statistic, rel=1e-9)
        if exact:
            assert r.p_value == pytest.approx(scipy_stats.binomtest(min(b, c), b + c, 0.5).pvalue, rel=1e-9)
        assert (r.yes_to_no, r.no_to_yes) == (b, c)


def _likert_pairs(rng, n, spread=5, shift=0.0):
    before = rng.integers(1, spread + 1, n)
    after = np.clip(before + np.round(rng.normal(shift, 1.0, n)).astype(int), 1, spread)
    return before, after


@pytest.mark.parametrize("n", [5, 8, 11, 13, 14, 20, 35, 50, 51, 120, 400])
def test_wilcoxon_matches_scipy_on_likert_data(n):
    """Ties and zeros as in real 5-point data: statistic and p-value equal scipy's wilcoxon (auto)."""
    rng = np.random.default_rng(n)
    for _ in range({13: 1, 11: 2}.get(n, 15)):  # scipy enumerates 2**n sign flips slowly
        before, after = _likert_pairs(rng, n, shift=float(rng.uniform(-0.5, 0.8)))
        if np.all(before == after):
            continue
        r = stats.wilcoxon(before, after)
        ref = scipy_stats.wilcoxon(after, before, zero_method="wilcox", method="auto")
        assert r.statistic == pytest.approx(float(ref.statistic), rel=1e-12)
        assert r.p_value == pytest.approx(float(ref.pvalue), rel=1e-7, abs=1e-12)


@pytest.mark.parametrize("n", [3, 6, 10, 20, 33, 50, 60])
def test_wilcoxon_matches_scipy_without_ties(n):
    """Continuous differences (no ties, no zeros): exact up to 50 pairs, normal above, as scipy."""
    rng = np.random.default_rng(100 + n)
    for _ in range(15):
        x = rng.normal(0, 1, n)
        y = x + rng.normal(float(rng.uniform(-0.5, 0.5)), 1, n)
        r = stats.wilcoxon(x, y)
        ref = scipy_stats.wilcoxon(y, x)
        assert r.method == ("exact" if n <= 50 else "approx")
        assert r.statistic == pytest.approx(float(ref.statistic), rel=1e-12)
        assert r.p_value == pytest.approx(float(ref.pvalue), rel=1e-9, abs=1e-14)


def test_wilcoxon_effect_size_and_shares():
    """Rank-biserial is (R+ - R-)/(R+ + R-) over non-zero differences; shares count every pair."""
    before = [1, 2, 3, 3, 4, 5, 2]
    after = [2, 4, 3, 2, 5, 5, 5]
    r = stats.wilcoxon(before, after)
    d = np.array(after) - np.array(before)
    nz = d[d != 0]
    ranks = scipy_stats.rankdata(np.abs(nz))
    rp, rm = ranks[nz > 0].sum(), ranks[nz < 0].sum()
    assert r.effect_size == pytest.approx((rp - rm) / (rp + rm))
    assert (r.improved, r.unchanged, r.worsened) == (4, 2, 1)
    assert r.n == 7 and r.n_nonzero == 5


def test_wilcoxon_all_unchanged_is_p_one():
    """With no change at all there is nothing to test: p = 1 and effect 0."""
    r = stats.wilcoxon([3, 4], [3, 4])
    assert r.p_value == 1.0 and r.effect_size == 0.0


def test_holm_matches_statsmodels():
    """Holm-adjusted p-values equal multipletests(method="holm"), in input order."""
    rng = np.random.default_rng(5)
    for _ in range(20):  # multipletests is slow (~0.15 s a call)
        m = int(rng.integers(1, 12))
        p = list(rng.uniform(0, 0.2, m) ** 2)
        ref = sm_mt.multipletests(p, method="holm")[1]
        assert stats.holm(p) == pytest.approx(list(ref), rel=1e-12)
    assert math.isnan(stats.holm([0.01, float("nan")])[1])


def test_suppression_primary_and_secondary():
    """Cells below 5 are hidden, and a second cell in any row/column that would give one away."""
    counts = [[10, 3, 12], [8, 9, 7], [20, 11, 6]]
    hide = stats.suppress_small_cells(counts)
    assert hide[0, 1]
    # row 0 and column 1 need a second hidden cell each
    assert hide[0].sum() >= 2 and hide[:, 1].sum() >= 2
    for line in list(hide) + list(hide.T):
        assert line.sum() != 1
    assert not stats.suppress_small_cells([[5, 6], [7, 8]]).any()
    assert stats.suppress_small_cells([[5, 0, 9]]).tolist() == [[True, True, False]]


def test_suppression_randomised_never_leaves_a_recoverable_cell():
    """On random tables: every small cell hidden and no row or column with exactly one hidden cell."""
    rng = np.random.default_rng(9)
    for _ in range(200):
        shape = (int(rng.integers(2, 8)), int(rng.integers(2, 5)))
        counts = rng.integers(0, 15, shape)
        hide = stats.suppress_small_cells(counts)
        assert hide[counts < 5].all()
        assert all(line.sum() != 1 for line in list(hide) + list(hide.T))
