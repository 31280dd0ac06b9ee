"""Iterated maxima search (Lai & Hao 2016) over "units", vectorised with NumPy.

A *unit* is a person or a group of people glued together (keep-together groups, host
and invited guests). The core sees units with integer sizes ``w``, a unit distance
matrix ``D`` (sum of person distances between two units, zero diagonal), per-group
capacity ranges ``[lo_g, hi_g]`` counted in people, and optional hard rules:

* ``allowed[u, g]`` static mask (accessibility, language served by the table, locks);
* ``conflict[u, v]`` keep-apart matrix (units in conflict never share a group);
* ``movable[u]``: regular units that may be inserted / swapped; the others never move,
  except *facilitator units* (``fac_units``) which only swap with each other, so every
  group keeps its number of facilitator seats;
* ``hooks`` for rules that depend on where facilitators sit (languages).

Hard rules live in the move set: a move that would break one is never evaluated as
valid, so the current solution is feasible at all times.

The state keeps ``M[g, u] = sum of D[u, v] over units v in group g`` (stored group-major
so that the O(m) row updates after a move touch contiguous memory). Insert delta is
``M[g, u] - M[p(u), u]``; swap delta is ``Δu + Δv - 2 D[u, v]``.

The search: a descent (best improving insert or swap until none is left), then weak
steps, each the best move of a sampled block of rows that is not *tabu* (a unit that
moved stays put for a random tenure of m/32 to m/8 steps unless moving it gives a new
best plan), accepted even when it worsens the plan; after 30·m weak steps without a new
best (0.1·m when "don't isolate" is priced), a strong random shake of the best plan and a
descent. Lai & Hao's weak perturbation is the best of a random sample of moves, undone by
the next descent as often as not; on people data, whose distances take a handful of
values, the plans sit on wide plateaus, and the tabu memory is what walks them (an
iterated tabu search in the manner of Palubeckis et al. 2011; see docs/notes/planning.md
for the measurements).

Between about 200 and 700 units a block would be a sample of the moves; there the walk
keeps a ``MoveTable`` of every swap and insert delta instead, updated after each move in
the rows and columns of the two tables it touched, so each step takes the best of all
moves for the price of a sampled block.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .movetable import MoveTable
from .state import State
from .unitproblem import BIG, NEG, CoreProblem


@dataclass
class SearchParams:
    """Tuning knobs of the iterated maxima search (tuned on MDGPLIB n = 120 and the
    realistic generator at n = 120 / 480; see docs/notes/planning.md)."""

    tenure: tuple[float, float] = (1 / 32, 1 / 8)  # tabu tenure range, as shares of the number of units
    stall: float = 30.0  # weak steps without a new best, in multiples of the units, before a strong shake
    # the same with "don't isolate" priced: its price makes the plan's pairing of minorities
    # rigid for the walk, and shaking often re-pairs them (fewer people alone at 120-2,000)
    stall_isolation: float = 0.1
    block: int = 10  # weak steps per iteration (the unit of ``max_iterations``)
    strong_moves: int | None = None  # default 4 m / (3 K) (tuned on MDGPLIB n = 120: 10 runs × 6 instances)
    chunk_elems: int = 40000  # target size of a vectorised evaluation block
    table_units: int = 700  # up to this many units the walk keeps every move's delta (MoveTable)


@dataclass
class SearchOutcome:
    """Best solution found by ``search``."""

    p: np.ndarray
    objective: float
    iterations: int
    seconds: float
    stopped: bool


def bound_tolerance(bound: float, eps: float = 0.0) -> float:
    """How close to an upper bound a score must come to count as reaching it (float sums)."""
    return eps + 1e-9 * max(1.0, abs(bound))


class Searcher:
    """Runs descent, perturbations and the iterated maxima search on a ``State``."""

    def __init__(self, state: State, rng: np.random.Generator, params: SearchParams) -> None:
        self.st = state
        self.rng = rng
        self.params = params
        cp = state.cp
        mov = cp.mov_idx
        B = max(1, min(len(mov), params.chunk_elems // max(1, cp.m)))
        self.B = B
        self.abort: Callable[[], bool] = lambda: False
        self.step = 0
        self.until = np.zeros(cp.m, dtype=np.int64)  # tabu: a unit may move again after this step
        lo = max(2, round(params.tenure[0] * cp.m))
        self.tenure = (lo, max(lo + 1, round(params.tenure[1] * cp.m)))
        #: every move kept current for the walk when a step would otherwise see only a
        #: sample of them, up to ``params.table_units`` units (an (m, m) table; above, each
        #: step evaluates a random block of rows); small problems evaluate every move anyway
        self.table = MoveTable(state) if len(mov) > B and cp.m <= params.table_units else None

    def _chunks(self) -> list[np.ndarray]:
        mov = self.st.cp.mov_idx
        if len(mov) == 0:
            return []
        perm = self.rng.permutation(mov)
        return [perm[i : i + self.B] for i in range(0, len(perm), self.B)]

    def descent(self) -> None:
        """Improve until no insert/swap (and no facilitator swap) improves.

        Only moves whose delta can have changed are re-examined: after a move between
        groups a and b, the deltas of moves that involve neither a unit of a or b nor
        a or b as destination are unchanged. So groups are marked dirty when touched,
        and a dirty group is clean once no move out of, into or across it improves.
        """
        st, cp = self.st, self.st.cp
        if len(cp.mov_idx) <= self.B:
            return self._descent_full()
        movable = cp.movable
        evals = 0
        while True:
            dirty = set(st.touched)
            st.touched.clear()
            order = [int(g) for g in self.rng.permutation(sorted(dirty))]
            while order:
                evals += 1
                if evals % 64 == 0 and self.abort():
                    return
                # take dirty groups until the chunk has about B rows
                take, rows = [], 0
                sizes = np.bincount(st.p[movable], minlength=cp.K)
                while order and (rows == 0 or rows + sizes[order[0]] <= self.B):
                    g = order.pop(0)
                    take.append(g)
                    rows += sizes[g]
                G = np.array(take, dtype=np.int64)
                R = np.flatnonzero(movable & np.isin(st.p, G))
                best, kind, a, b = (NEG, 1, -1, -1) if len(R) == 0 else st.best_in_chunk(R)
                if cp.inserts:
                    d2, u2, g2 = st.best_insert_into(G)
                    if d2 > best:
                        best, kind, a, b = d2, 0, u2, g2
                if best > cp.eps:
                    st.apply(kind, a, b, best)
                    new = [g for g in st.touched if g not in order]
                    st.touched.clear()
                    order = take + [g for g in order if g not in take] + [g for g in new if g not in take]
                    order = list(dict.fromkeys(order))  # first occurrences, in order
            if not st.fac_pass():
                return
            if not st.touched:
                return

    def _descent_full(self) -> None:
        """Best-improvement descent over all units at once (small instances)."""
        st, cp = self.st, self.st.cp
        R = cp.mov_idx
        evals = 0
        while True:
            while len(R):
                evals += 1
                if evals % 64 == 0 and self.abort():
                    return
                delta, kind, a, b = st.best_in_chunk(R)
                if delta <= cp.eps:
                    break
                st.apply(kind, a, b, delta)
            st.touched.clear()
            if not st.fac_pass():
                return

    def _random_moves(self, count: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Sample candidate moves; returns (kind, a, b) arrays (deltas via ``_deltas``)."""
        cp = self.st.cp
        mov = cp.mov_idx
        a = mov[self.rng.integers(0, len(mov), count)]
        b = mov[self.rng.integers(0, len(mov), count)]
        kind = np.ones(count, dtype=np.int64)
        if cp.inserts:
            ins = self.rng.random(count) < 0.5
            kind[ins] = 0
            b = np.where(ins, self.rng.integers(0, cp.K, count), b)
        return kind, a, b

    def _deltas(self, kind: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        st = self.st
        out = np.full(len(kind), NEG)
        sw = kind == 1
        if sw.any():
            out[sw] = st.swap_deltas(a[sw], b[sw])
        if (~sw).any():
            out[~sw] = st.insert_deltas(a[~sw], b[~sw])
        return out

    def weak(self, best_f: float) -> bool:
        """One weak step: the best move of a sampled block (every move when the problem
        is small or the ``MoveTable`` holds them) that is not tabu, applied even when it
        worsens the plan. A unit that moved stays put for a random tenure, unless moving
        it gives a new best plan (aspiration). Walks along the plateaus that people data is full of, where a
        descent stops and a random kick is undone by the next descent. Returns False when
        no move is allowed at all."""
        st, cp = self.st, self.st.cp
        self.step += 1
        step = self.step
        mov = cp.mov_idx
        best, kind, a, b = NEG, 1, -1, -1
        room = best_f - st.f + cp.eps  # a move above this gives a new best plan
        table = self.table
        if table is not None and len(mov) >= 2:
            tabu = self.until > step
            if not table.current():
                table.rebuild(tabu, self.B)
            else:
                free = np.flatnonzero(self.until == step)
                if len(free):
                    table.freed(free, tabu)
            tabu_units = np.flatnonzero(tabu & cp.movable)
            best, a, b = table.best_swap(tabu_units, room)
            if table.I is not None:
                d, u, g = table.best_insert(tabu_units, room)
                if d > best:
                    best, kind, a, b = d, 0, u, g
        elif len(mov) >= 2:
            R = mov if len(mov) <= self.B else self.rng.choice(mov, self.B, replace=False)
            swaps, inserts = st.chunk_moves(R)
            tabu_r = self.until[R] > step
            tabu_v = self.until > step
            swaps[(tabu_r[:, None] | tabu_v[None, :]) & (swaps <= room)] = NEG
            k = int(np.argmax(swaps))
            best, kind, a, b = float(swaps.flat[k]), 1, int(R[k // cp.m]), int(k % cp.m)
            if inserts is not None:
                inserts[tabu_r[:, None] & (inserts <= room)] = NEG
                k = int(np.argmax(inserts))
                if inserts.flat[k] > best:
                    best, kind, a, b = float(inserts.flat[k]), 0, int(R[k // cp.K]), int(k % cp.K)
        F = cp.fac_units
        if len(F) >= 2 and (len(F) <= 64 or step % 4 == 0 or best == NEG):
            fs = st.fac_swap_matrix().ravel()
            tabu_f = self.until[F] > step
            fs[((tabu_f[:, None] | tabu_f[None, :]).ravel()) & (fs <= room)] = NEG
            cand = np.flatnonzero(fs > max(best, -BIG / 2))
            for k in cand[np.argsort(-fs[cand], kind="stable")][:8]:
                u, v = int(F[k // len(F)]), int(F[k % len(F)])
                d = st.fac_swap_delta(u, v)
                if d > best and (d > room or not (self.until[u] > step or self.until[v] > step)):
                    best, kind, a, b = d, 1, u, v
                    break
        if best < -BIG / 2:  # nothing but moves that break a rule
            return False
        groups = (int(st.p[a]), int(b if kind == 0 else st.p[b]))
        st.apply(kind, a, b, best)
        lo, hi = self.tenure
        self.until[a] = step + self.rng.integers(lo, hi + 1)
        if kind == 1:
            self.until[b] = step + self.rng.integers(lo, hi + 1)
        if table is not None and table.version == st.version - 1:
            table.moved(groups, self.until > step)
        return True

    def strong(self) -> None:
        """Random shake of about m/K valid moves, always accepted."""
        st, cp = self.st, self.st.cp
        if len(cp.mov_idx) < 2:
            return
        n_moves = self.params.strong_moves or max(2, (4 * cp.m) // max(1, 3 * cp.K))
        F = cp.fac_units
        p_fac = len(F) / max(1, cp.m) if len(F) >= 2 else 0.0
        for _ in range(n_moves):
            if p_fac and self.rng.random() < p_fac:
                u, v = self.rng.choice(F, 2, replace=False)
                d = st.fac_swap_delta(int(u), int(v))
                if d > NEG:
                    st.swap(int(u), int(v), d)
                continue
            kind, a, b = self._random_moves(16)
            ds = self._deltas(kind, a, b)
            ok = np.flatnonzero(ds > NEG)
            if len(ok):
                k = int(ok[0])
                st.apply(int(kind[k]), int(a[k]), int(b[k]), float(ds[k]))


def search(
    cp: CoreProblem,
    p0: np.ndarray,
    *,
    seconds: float | None = 5.0,
    seed: int | None = 0,
    max_iterations: int | None = None,
    progress: Callable[[float, float], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    params: SearchParams | None = None,
    target: float | None = None,
) -> SearchOutcome:
    """Iterated maxima search from a feasible start ``p0``; returns the best solution.

    A descent first; then weak steps (``Searcher.weak``: the best non-tabu move of a
    sampled block, accepted even when it worsens) and, after ``params.stall`` × m weak
    steps without a new best, a strong shake of the best plan followed by a descent.
    Stops after ``seconds`` (wall clock), ``max_iterations`` iterations (an iteration is
    ``params.block`` weak steps), or when ``should_stop()`` returns True, whichever comes
    first. ``progress(best, fraction)`` is called about every 0.1 s while the best plan
    improves or time passes, and at the end. With ``max_iterations`` and no time limit
    the run is fully deterministic for a given seed. ``target``: an upper bound on the
    objective; a plan that reaches it cannot be beaten, so the search stops there.
    """
    t0 = time.perf_counter()
    params = params or SearchParams()
    rng = np.random.default_rng(seed)
    st = State(cp, p0)
    sr = Searcher(st, rng, params)
    deadline = None if seconds is None else t0 + seconds
    stopped = False
    last_report = [t0]

    def fraction() -> float:
        parts = []
        if deadline is not None and seconds:
            parts.append((time.perf_counter() - t0) / seconds)
        if max_iterations:
            parts.append(iterations / max_iterations)
        return float(min(1.0, max(parts))) if parts else 0.0

    def out_of_time() -> bool:
        nonlocal stopped
        if should_stop is not None and should_stop():
            stopped = True
            return True
        return deadline is not None and time.perf_counter() >= deadline

    iterations = 0
    sr.abort = out_of_time
    sr.descent()
    best_f, best_p = st.f, st.p.copy()
    shown = st.f + st.penalty()  # progress shows diversity, not the price of people alone
    if progress is not None:
        progress(shown, fraction())

    reached = (lambda: False) if target is None else (lambda: best_f >= target - bound_tolerance(target, cp.eps))

    def done() -> bool:
        if reached():
            return True
        if max_iterations is not None and iterations >= max_iterations:
            return True
        return out_of_time()

    movable_any = len(cp.mov_idx) >= 2 or len(cp.fac_units) >= 2
    stall = max(50, int((params.stall if cp.iso is None else params.stall_isolation) * cp.m))
    since_best = 0
    while movable_any and not done():
        for _ in range(params.block):
            if not sr.weak(best_f):
                since_best = stall  # every move is tabu or invalid: shake
                break
            if st.f > best_f + cp.eps:
                best_f, best_p = st.f, st.p.copy()
                since_best = 0
                shown = st.f + st.penalty()
            else:
                since_best += 1
        iterations += 1
        if progress is not None and time.perf_counter() - last_report[0] > 0.1:
            progress(shown, fraction())
            last_report[0] = time.perf_counter()
        if since_best >= stall and not done():
            # strong perturbation: back to the best plan, a random shake, a descent
            st.reset(best_p)
            sr.strong()
            sr.descent()
            since_best = 0
            if st.f > best_f + cp.eps:
                best_f, best_p = st.f, st.p.copy()
                shown = st.f + st.penalty()
                if progress is not None:
                    progress(shown, fraction())
    final = State(cp, best_p)
    if progress is not None:
        progress(final.diversity(), 1.0)
    return SearchOutcome(best_p, final.f, iterations, time.perf_counter() - t0, stopped)
