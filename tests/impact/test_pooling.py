"""Pooled statistics across events, checked against statsmodels and SciPy on generated data."""

from __future__ import annotations

import datetime as dt
import math
import random

import numpy as np
import pytest
from scipy import stats as sps
from statsmodels.stats.contingency_tables import StratifiedTable, mcnemar
from statsmodels.stats.meta_analysis import combine_effects

from dialogue_app.impact import pooling
from dialogue_app.impact.analysis import build_report
from dialogue_app.impact.reader import read_export
from dialogue_app.services.survey.sample import write_sample_export


def _pair_tables(strata):
    """One 2×2 table per discordant pair (rows before/after, columns yes/no): the matched-pairs layout."""
    tables = []
    for b, c, _n in strata:
        tables += [np.array([[1, 0], [0, 1]])] * b  # yes before, no after
        tables += [np.array([[0, 1], [1, 0]])] * c  # no before, yes after
    return tables


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_matched_pairs_mh_equals_statsmodels_stratified_table(seed):
    """The Mantel–Haenszel odds ratio, its interval and the CMH test on the discordant pairs of several
    events (one with few pairs, one with none) equal statsmodels' StratifiedTable over the pairs."""
    rng = random.Random(seed)
    strata = [(rng.randint(5, 30), rng.randint(10, 40), 0) for _ in range(5)]
    strata = [(b, c, b + c + rng.randint(10, 60)) for b, c, _ in strata] + [(1, 2, 4), (0, 0, 0)]
    mp = pooling.matched_pairs_mh(strata)
    st = StratifiedTable(_pair_tables(strata))
    # statsmodels' odds ratio compares before with after: ours (after vs before) is its inverse
    assert mp.odds_ratio == pytest.approx(1 / st.oddsratio_pooled)
    assert math.log(mp.odds_ratio) == pytest.approx(-st.logodds_pooled)
    se = math.sqrt(1 / mp.yes_to_no + 1 / mp.no_to_yes)
    assert se == pytest.approx(st.logodds_pooled_se)
    lo, hi = st.oddsratio_pooled_confint()
    assert (mp.or_ci_low, mp.or_ci_high) == pytest.approx((1 / hi, 1 / lo))
    test = st.test_null_odds(correction=False)
    assert not mp.exact
    assert mp.statistic == pytest.approx(test.statistic)
    assert mp.p_value == pytest.approx(test.pvalue)
    # the same as McNemar on the summed table, without continuity correction
    b, c = mp.yes_to_no, mp.no_to_yes
    assert mp.p_value == pytest.approx(mcnemar([[10, b], [c, 10]], exact=False, correction=False).pvalue)


def test_matched_pairs_few_changes_uses_exact_test():
    """Fewer than 25 people changed over all events: the exact binomial test, as statsmodels' exact McNemar."""
    strata = [(2, 6, 20), (1, 4, 9), (0, 0, 3), (0, 0, 0)]
    mp = pooling.matched_pairs_mh(strata)
    assert mp.exact
    assert mp.p_value == pytest.approx(mcnemar([[5, 3], [10, 5]], exact=True).pvalue)
    assert mp.n == 32 and mp.net == pytest.approx((10 - 3) / 32)


@pytest.mark.parametrize("seed", [4, 5])
def test_dersimonian_laird_equals_statsmodels(seed):
    """Random-effects pooling (estimate, SE, interval, τ², I², Q) equals statsmodels' combine_effects(dl)."""
    rng = np.random.default_rng(seed)
    eff = rng.normal(0.3, 0.2, size=7)
    var = rng.uniform(0.005, 0.05, size=7)
    re = pooling.dersimonian_laird(eff, var)
    ref = combine_effects(eff, var, method_re="dl")
    assert re.estimate == pytest.approx(ref.mean_effect_re)
    assert re.se == pytest.approx(ref.sd_eff_w_re)
    assert re.tau2 == pytest.approx(ref.tau2)
    assert re.q == pytest.approx(ref.q)
    assert re.i2 == pytest.approx(ref.i2)
    assert re.q_p_value == pytest.approx(sps.chi2.sf(ref.q, 6))
    summary = ref.summary_frame()
    assert re.ci_low == pytest.approx(summary.loc["random effect", "ci_low"])
    assert re.ci_high == pytest.approx(summary.loc["random effect", "ci_upp"])


@pytest.mark.parametrize(("x", "df"), [(0.5, 1), (3.2, 4), (30.0, 11), (7.0, 2), (150.0, 40)])
def test_chi2_sf_equals_scipy(x, df):
    """The chi-square tail used for Cochran's Q equals SciPy's."""
    assert pooling.chi2_sf(x, df) == pytest.approx(sps.chi2.sf(x, df), rel=1e-9, abs=1e-15)


def test_standardised_mean_change_and_its_se():
    """d_z = mean / SD of the changes (SciPy's ttest_rel t / √n); no effect when everyone changed alike."""
    rng = np.random.default_rng(7)
    before = rng.integers(1, 6, 40)
    after = np.clip(before + rng.integers(-1, 3, 40), 1, 5)
    eff = pooling.standardised_mean_change(after - before)
    t = sps.ttest_rel(after, before).statistic
    assert eff.estimate == pytest.approx(t / math.sqrt(40))
    assert eff.se == pytest.approx(math.sqrt(1 / 40 + eff.estimate**2 / 80))
    assert pooling.standardised_mean_change([1, 1, 1]) is None
    assert pooling.standardised_mean_change([1]) is None


@pytest.fixture
def six_events(tmp_path):
    """Six generated exports: four ordinary events, one with 4 respondents, one where nobody came back."""
    rng = random.Random(11)
    paths = [write_sample_export(tmp_path / f"e{i}.sqlite", title="Day", city=city, date=dt.date(2022 + i % 3, 5, 1),
                                 respondents=rng.randint(40, 120), rng=rng, shift=0.2 + 0.1 * i)
             for i, city in enumerate(["Gent", "Lyon", "Rotterdam", "Malmö"])]
    paths.append(write_sample_export(tmp_path / "few.sqlite", title="Small", city="Ede", date=dt.date(2023, 6, 1),
                                     respondents=4, rng=rng, pair_rate=1.0))
    paths.append(write_sample_export(tmp_path / "none.sqlite", title="Nobody back", city="Ede",
                                     date=dt.date(2024, 6, 1), respondents=30, rng=rng, pair_rate=0.0))
    return paths


def _pairs(export, key, later="after"):
    return [(w["before"][key], w[later][key]) for w in export.answers.values()
            if key in w.get("before", {}) and key in w.get(later, {})]


def test_report_pools_paired_yes_no_as_statsmodels(six_events):
    """The pooled yes/no item of six events equals statsmodels' CMH over the pairs read independently."""
    exports = [read_export(p) for p in six_events]
    report = build_report(exports)
    item = next(i for i in report.items if i.key == "intend_action")
    strata = []
    for ex in exports:
        pairs = _pairs(ex, "intend_action")
        strata.append((sum(p == ("yes", "no") for p in pairs), sum(p == ("no", "yes") for p in pairs), len(pairs)))
    st = StratifiedTable(_pair_tables(strata))
    assert item.pooled.odds_ratio == pytest.approx(1 / st.oddsratio_pooled)
    assert item.pooled.p_value == pytest.approx(st.test_null_odds(correction=False).pvalue)
    assert item.pooled.k == 5  # the event without pairs does not count
    notes = {r.event: r.note for r in item.events}
    assert notes["Ede 2023-06-01"] == "small" and notes["Ede 2024-06-01"] == "none"
    small = next(r for r in item.events if r.note == "small")
    assert math.isnan(small.estimate) and small.up is None  # no figures of an event below 5 people


def test_report_pools_scale_items_as_statsmodels(six_events):
    """The pooled 5-point item: per-event d_z pooled with DerSimonian–Laird equals combine_effects on the same data."""
    exports = [read_export(p) for p in six_events]
    report = build_report(exports)
    item = next(i for i in report.items if i.key == "connected")
    eff, var = [], []
    for ex in exports:
        pairs = _pairs(ex, "connected")
        if len(pairs) < 2:
            continue
        d = np.array([int(a) - int(b) for b, a in pairs], dtype=float)
        dz = d.mean() / d.std(ddof=1)
        eff.append(dz)
        var.append(1 / len(d) + dz**2 / (2 * len(d)))
    ref = combine_effects(np.array(eff), np.array(var), method_re="dl")
    assert item.pooled.k == len(eff) == 5
    assert item.pooled.estimate == pytest.approx(ref.mean_effect_re)
    assert item.pooled.tau2 == pytest.approx(ref.tau2)
    assert item.pooled.i2 == pytest.approx(ref.i2)


def test_report_pools_shares_on_the_logit_scale(six_events):
    """'Met new people': per-event logit shares pooled with DerSimonian–Laird, as combine_effects, back-transformed."""
    exports = [read_export(p) for p in six_events]
    item = next(i for i in build_report(exports).items if i.key == "met_new_people")
    eff, var = [], []
    for ex in exports:
        vals = [w["after"]["met_new_people"] for w in ex.answers.values() if "met_new_people" in w.get("after", {})]
        if not vals:
            continue
        k, n = sum(v == "yes" for v in vals), len(vals)
        eff.append(math.log(k / (n - k)) if 0 < k < n else math.log((k + 0.5) / (n - k + 0.5)))
        var.append(1 / k + 1 / (n - k) if 0 < k < n else 1 / (k + 0.5) + 1 / (n - k + 0.5))
    ref = combine_effects(np.array(eff), np.array(var), method_re="dl").summary_frame()
    expit = sps.logistic.cdf
    assert item.pooled.estimate == pytest.approx(expit(ref.loc["random effect", "eff"]))
    assert item.pooled.ci_low == pytest.approx(expit(ref.loc["random effect", "ci_low"]))
