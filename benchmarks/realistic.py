"""Seeded generator of realistic Day of Dialogue events (PLANNING.md, "How to measure").

Backgrounds are skewed and correlated: culture drives religion, neighbourhood and home
language; organisations have Zipf sizes; culture has a rare (~1.5%) category; age band
and education are ordinal (education mildly tied to age). Rule layers can be switched
on one by one: ``apart`` (5% keep-apart pairs), ``together`` (couples and families),
``fac`` (one facilitator per table, two at a few training tables), ``lang``
(languages, one interpreter table), ``acc`` (wheelchair users, accessible tables),
``lock`` (a few locked people), ``host`` (invited guests). ``undisclosed`` is not a rule but
data: 2-8 % "prefer not to say" per dimension (drawn either way, so switching it off
leaves everything else of the event unchanged).
"""

from __future__ import annotations

import numpy as np

from dialogue_app.planning import Dimension, Person, PlanProblem, Table

ALL_LAYERS = frozenset({"apart", "together", "fac", "lang", "acc", "lock", "host", "undisclosed"})
#: not in ``all`` (PLANNING.md's layers): the planner keeps people from being the only one
#: of their culture or religion at a table, as the app does by default (without it those
#: dimensions are only reported)
EXTRA_LAYERS = frozenset({"isolate"})

CULTURE_P = np.array([0.44, 0.2, 0.12, 0.1, 0.075, 0.05, 0.015])
LANG_OF_CULTURE = ["nl", "ar", "tr", "pl", "en", "so", "ti"]


def dimensions() -> list[Dimension]:
    """The event's dimensions (culture and religion are "don't isolate")."""
    return [
        Dimension("culture", "nominal", 7, 1.0, dont_isolate=True),
        Dimension("religion", "nominal", 5, 1.0, dont_isolate=True),
        Dimension("neighbourhood", "nominal", 8, 1.0),
        Dimension("organisation", "nominal", 0, 0.5),  # n_categories set by generate()
        Dimension("age", "ordinal", 6, 1.0),
        Dimension("education", "ordinal", 4, 0.75),
        Dimension("gender", "nominal", 3, 0.75),
    ]


def _table_sizes(n: int, rng: np.random.Generator) -> list[tuple[int, int]]:
    """Table ranges with targets 6-8 whose min/max sums bracket n."""
    targets: list[int] = []
    while sum(targets) < n:
        targets.append(int(rng.choice([6, 7, 8])))
    ranges = [(t - 1 if t > 6 else 6, t) for t in targets]
    while sum(lo for lo, _ in ranges) > n:  # too many seats at the minimum: relax
        k = int(np.argmax([lo for lo, _ in ranges]))
        lo, hi = ranges[k]
        ranges[k] = (max(1, lo - 1), hi)
    return ranges


def generate(n: int, seed: int = 0, layers: frozenset[str] = ALL_LAYERS) -> PlanProblem:
    """A seeded realistic problem with n people and the chosen rule layers."""
    rng = np.random.default_rng(seed)
    ranges = _table_sizes(n, rng)
    K = len(ranges)
    dims = dimensions()
    n_org = max(3, n // 12)
    dims[3] = Dimension("organisation", "nominal", n_org, 0.5)
    culture = rng.choice(len(CULTURE_P), n, p=CULTURE_P)
    rel_table = rng.dirichlet(np.full(5, 0.4), len(CULTURE_P))
    religion = np.array([rng.choice(5, p=rel_table[c]) for c in culture])
    hood_table = rng.dirichlet(np.full(8, 0.6), len(CULTURE_P))
    hood = np.array([rng.choice(8, p=hood_table[c]) for c in culture])
    zipf = 1.0 / np.arange(1, n_org + 1)
    org = rng.choice(n_org, n, p=zipf / zipf.sum())
    age = rng.choice(6, n, p=[0.12, 0.18, 0.2, 0.2, 0.17, 0.13])
    edu = np.clip(rng.integers(0, 4, n) - (age >= 4) + (age <= 1) * 0, 0, 3)
    gender = rng.choice(3, n, p=[0.49, 0.49, 0.02])
    values = np.stack([culture, religion, hood, org, age, edu, gender], axis=1).astype(np.int64)
    unknown_rate = [0.02, 0.08, 0.03, 0.02, 0.02, 0.05, 0.03]
    for k, r in enumerate(unknown_rate):
        hidden = rng.random(n) < r
        if "undisclosed" in layers:
            values[hidden, k] = -1
    training = [("fac" in layers) and (g % 20 == 7) for g in range(K)]
    accessible = [("acc" not in layers) or rng.random() < 0.4 or g == 0 for g in range(K)]
    interp_table = int(rng.integers(0, K))
    # without facilitators, tables themselves serve Dutch plus one other language
    served = [frozenset({"nl", LANG_OF_CULTURE[1 + g % 5]}) if "lang" in layers and "fac" not in layers
              else frozenset() for g in range(K)]
    tables = [Table(lo, hi, accessible=accessible[g], training=training[g], languages=served[g],
                    interpreter=("lang" in layers and g == interp_table)) for g, (lo, hi) in enumerate(ranges)]
    # facilitators
    fac = np.zeros(n, dtype=bool)
    if "fac" in layers:
        need = sum(t.facilitators_needed for t in tables)
        fac[rng.choice(n, need, replace=False)] = True
    # languages: most speak Dutch; some only their culture's language; facilitators are bilingual
    langs: list[frozenset[str]] = [frozenset() for _ in range(n)]
    if "lang" in layers:
        for i in range(n):
            home = LANG_OF_CULTURE[culture[i]] if culture[i] >= 0 else "nl"
            if fac[i]:
                langs[i] = frozenset({"nl", str(rng.choice(LANG_OF_CULTURE[1:6]))})
            elif home != "nl" and rng.random() < 0.08:
                langs[i] = frozenset({home})
            else:
                langs[i] = frozenset({"nl"} | ({home} if rng.random() < 0.5 else set()))
    wheel = ("acc" in layers) & (rng.random(n) < 0.02) & ~fac
    together: list[tuple[int, ...]] = []
    taken = np.zeros(n, dtype=bool) | fac
    if "together" in layers:
        n_groups = int(0.05 * n)  # couples and families: ~12% of people
        for _ in range(n_groups):
            free = np.flatnonzero(~taken)
            if len(free) < 4:
                break
            size = int(rng.choice([2, 2, 2, 3, 4]))
            head = int(rng.choice(free))
            same = free[(culture[free] == culture[head]) & (free != head)]
            if len(same) < size - 1:
                continue
            members = [head, *(int(x) for x in rng.choice(same, size - 1, replace=False))]
            taken[members] = True
            together.append(tuple(members))
            for i in members[1:]:  # families share background and language
                values[i, 0], values[i, 2] = values[head, 0], values[head, 2]
                langs[i] = langs[head]
    hosts: dict[int, int] = {}
    if "host" in layers:
        for _ in range(max(1, n // 100)):
            free = np.flatnonzero(~taken)
            if len(free) < 2:
                break
            h, gst = (int(x) for x in rng.choice(free, 2, replace=False))
            hosts[gst] = h
            taken[[h, gst]] = True
            langs[gst] = langs[h]
    locks: dict[int, int] = {}
    if "lock" in layers:
        per_table = np.zeros(K, dtype=int)
        for i in rng.choice(np.flatnonzero(~taken), max(1, n // 40), replace=False):
            if langs[i] and "nl" not in langs[i]:
                continue
            g = int(rng.integers(0, K))
            if (wheel[i] and not accessible[g]) or per_table[g] >= 2:
                continue
            locks[int(i)] = g
            per_table[g] += 1
    apart: list[tuple[int, int]] = []
    if "apart" in layers:
        group_of = {i: k for k, grp in enumerate(together) for i in grp}
        while len(apart) < int(0.05 * n):
            a, b = (int(x) for x in rng.choice(n, 2, replace=False))
            if a in group_of and group_of.get(b) == group_of[a]:
                continue
            if a in locks and b in locks and locks[a] == locks[b]:
                continue
            if hosts.get(a) == b or hosts.get(b) == a:
                continue
            apart.append((a, b))
    people = [
        Person(is_facilitator=bool(fac[i]), locked_table=locks.get(i), needs_accessible=bool(wheel[i]),
               languages=langs[i], host=hosts.get(i))
        for i in range(n)
    ]
    return PlanProblem(tables=tables, people=people, dims=dims, values=values, apart=apart, together=together,
                       facilitators_required="fac" in layers, avoid_isolation="isolate" in layers)
