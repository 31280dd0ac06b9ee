"""Shared helpers for the planning tests: brute force and planted random problems."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import numpy as np

from dialogue_app.planning import Dimension, Person, PlanProblem, Table


def _mdgplib() -> Path:
    """The MDGPLIB instances (not redistributable, so not in the repository): the folder
    named by DIALOGUE_APP_MDGPLIB, else ``shared/bench/mdgplib`` beside the checkout (or
    beside its parent, for worktrees)."""
    if os.environ.get("DIALOGUE_APP_MDGPLIB"):
        return Path(os.environ["DIALOGUE_APP_MDGPLIB"])
    here = Path(__file__).resolve()
    for up in (2, 3):
        p = (here.parents[up] / "../shared/bench/mdgplib").resolve()
        if p.exists():
            return p
    return (here.parents[2] / "../shared/bench/mdgplib").resolve()


MDGPLIB = _mdgplib()


def all_assignments(n: int, lo: list[int], hi: list[int]) -> np.ndarray:
    """Every labelled assignment of n items to len(lo) groups with sizes in [lo, hi]."""
    K = len(lo)
    labels = np.array(list(itertools.product(range(K), repeat=n)), dtype=np.int64).reshape(-1, n)
    counts = np.stack([(labels == g).sum(axis=1) for g in range(K)], axis=1)
    ok = np.all((counts >= np.array(lo)) & (counts <= np.array(hi)), axis=1)
    return labels[ok]


def brute_force(d: np.ndarray, lo: list[int], hi: list[int]) -> float:
    """Exact optimum of the grouping problem by full enumeration (tiny n only)."""
    A = all_assignments(d.shape[0], lo, hi)
    tri = np.triu(d, 1)
    best = -np.inf
    for chunk in np.array_split(A, max(1, len(A) // 4096)):
        same = chunk[:, :, None] == chunk[:, None, :]
        best = max(best, float((same * tri[None]).sum(axis=(1, 2)).max()))
    return best


def random_dims(rng: np.random.Generator, n: int, n_dims: int = 2, unknown_rate: float = 0.0):
    """Random dimensions and values (some ordinal), with optional unknowns."""
    dims, cols = [], []
    for k in range(n_dims):
        kind = "ordinal" if k % 2 else "nominal"
        nc = int(rng.integers(2, 5))
        dims.append(Dimension(f"d{k}", kind, nc, float(rng.choice([0.5, 1.0, 2.0])), dont_isolate=k == 0))
        col = rng.integers(0, nc, n)
        col[rng.random(n) < unknown_rate] = -1
        cols.append(col)
    return dims, np.stack(cols, axis=1)


def planted_problem(seed: int, n_tables: int = 4, layers: frozenset[str] = frozenset({"all"})) -> PlanProblem:
    """A random problem with every rule layer, built around a hidden feasible plan."""
    rng = np.random.default_rng(seed)
    on = (lambda x: True) if "all" in layers else (lambda x: x in layers)
    sizes = rng.integers(4, 7, n_tables)
    planted = np.repeat(np.arange(n_tables), sizes)
    rng.shuffle(planted)
    n = len(planted)
    training = [bool(on("fac") and g == 0 and sizes[g] >= 5) for g in range(n_tables)]
    tables_acc = [bool(rng.random() < 0.6) or g == 1 for g in range(n_tables)]
    langs = ["nl", "en", "ar", "tr"]
    fac = np.zeros(n, dtype=bool)
    fac_langs: dict[int, set[str]] = {}
    if on("fac"):
        for g in range(n_tables):
            members = np.flatnonzero(planted == g)
            for i in members[: 2 if training[g] else 1]:
                fac[i] = True
                fac_langs[int(i)] = {"nl", str(rng.choice(langs[1:]))}
    people = []
    for i in range(n):
        g = planted[i]
        lang: frozenset[str] = frozenset()
        if on("lang"):
            if fac[i]:
                lang = frozenset(fac_langs[i])
            elif on("fac") and rng.random() < 0.5:
                served = set().union(*(fac_langs[int(f)] for f in np.flatnonzero(fac & (planted == g))))
                lang = frozenset({str(rng.choice(sorted(served)))})
        acc = bool(on("acc") and tables_acc[g] and rng.random() < 0.15)
        lock = int(g) if on("lock") and rng.random() < 0.1 else None
        people.append(Person(is_facilitator=bool(fac[i]), locked_table=lock, needs_accessible=acc, languages=lang))
    # hosts: a guest invited by someone at the same planted table
    if on("host"):
        for i in range(n):
            same = np.flatnonzero((planted == planted[i]) & ~fac)
            if not fac[i] and rng.random() < 0.08 and len(same) > 1:
                h = int(rng.choice(same[same != i]))
                if people[h].host is None:
                    p = people[i]
                    people[i] = Person(p.is_facilitator, p.locked_table, p.needs_accessible, p.languages, host=h)
    apart = []
    if on("apart"):
        for _ in range(n // 4):
            a, b = rng.integers(0, n, 2)
            if planted[a] != planted[b]:
                apart.append((int(a), int(b)))
    together = []
    if on("together"):
        for g in range(n_tables):
            members = np.flatnonzero((planted == g) & ~fac)
            if len(members) >= 3 and rng.random() < 0.5:
                together.append(tuple(int(x) for x in members[:2]))
    # guests must not be apart from hosts (keep the planted plan valid)
    tables = [Table(int(max(1, s - 1)), int(s + 1), accessible=tables_acc[g], training=training[g])
              for g, s in enumerate(sizes)]
    dims, values = random_dims(rng, n, 3, unknown_rate=0.1)
    return PlanProblem(tables=tables, people=people, dims=dims, values=values, apart=apart, together=together,
                       facilitators_required=on("fac"))


def minority_problem(avoid: bool) -> PlanProblem:
    """16 people at 4 tables of 4 with a minority of 4 and one person of a unique category."""
    # 4 tables of 4; origin: 11 of category 0, 4 of category 1, one person of category 2.
    # Diversity alone spreads category 1 one per table.
    origin = np.array([0] * 11 + [1] * 4 + [2])
    age = np.arange(16) % 4
    values = np.stack([origin, age], axis=1)
    dims = [Dimension("origin", "nominal", 3, 1.0, dont_isolate=True), Dimension("age", "ordinal", 4, 1.0)]
    return PlanProblem(tables=[Table(4, 4) for _ in range(4)], people=[Person() for _ in range(16)], dims=dims,
                       values=values, facilitators_required=False, avoid_isolation=avoid)
