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
from dataclasses import dataclass, field

import numpy as np

from .isolation import IsolationRule, IsolationState

BIG = 1.0e12
NEG = -np.inf


class FacilitatorHooks:
    """Rules that depend on where facilitator units sit (overridden by the rules layer)."""

    def dynamic_column(self, state: State, g: int) -> np.ndarray | None:  # pragma: no cover - interface
        """Return the (m,) bool mask of units allowed in group g given its facilitators."""
        return None

    def swap_ok(self, state: State, u: int, v: int) -> bool:  # pragma: no cover - interface
        """Extra check for swapping facilitator units u and v."""
        return True


@dataclass
class CoreProblem:
    """Input of the core search (see module docstring)."""

    D: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    w: np.ndarray | None = None
    movable: np.ndarray | None = None
    allowed: np.ndarray | None = None  # (m, K) bool
    conflict: np.ndarray | None = None  # (m, m) float 0/1, zero diagonal
    fac_units: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    hooks: FacilitatorHooks | None = None
    constant: float = 0.0  # objective part that no move changes (inside units)
    iso: IsolationRule | None = None  # "don't isolate" dimensions, priced in the objective

    def __post_init__(self) -> None:
        D = np.asarray(self.D, dtype=np.float64)
        # exactly symmetric (sums of person distances can differ in the last bit), so
        # that a swap's delta is the same seen from either unit
        self.D = np.ascontiguousarray(0.5 * (D + D.T))
        m = self.D.shape[0]
        self.m = m
        self.K = len(self.lo)
        self.lo = np.asarray(self.lo, dtype=np.int64)
        self.hi = np.asarray(self.hi, dtype=np.int64)
        if self.w is None:
            self.w = np.ones(m, dtype=np.int64)
        self.w = np.asarray(self.w, dtype=np.int64)
        if self.movable is None:
            self.movable = np.ones(m, dtype=bool)
        self.movable = np.asarray(self.movable, dtype=bool)
        self.fac_units = np.asarray(self.fac_units, dtype=np.int64)
        self.uniform = bool(np.all(self.w == 1))
        #: units of more than one person (families, hosts with guests): the only ones whose
        #: swaps can change table sizes
        self.wide = np.flatnonzero(self.w != 1)
        self.inserts = bool(np.any(self.lo != self.hi)) or not self.uniform
        self.plain = self.allowed is None and self.conflict is None and self.hooks is None
        self.allowed_t = None if self.allowed is None else np.ascontiguousarray(self.allowed.T)
        scale = float(np.abs(self.D).max()) if m > 1 else 1.0
        self.eps = 1e-9 * max(1.0, scale)
        self.mov_idx = np.flatnonzero(self.movable)
        # +inf on non-movable units so that any swap with them is -inf
        self.blocked = np.flatnonzero(~self.movable)
        self.D2 = 2.0 * self.D
        self.negative = bool((self.D < 0).any())
        self.fac_D2 = self.D2[np.ix_(self.fac_units, self.fac_units)]
        self.fac_lower = np.tril(np.ones((len(self.fac_units), len(self.fac_units)), dtype=bool))


def group_sums(D: np.ndarray, p: np.ndarray, K: int) -> np.ndarray:
    """Return G (K, m) with G[g, u] = sum of D[v, u] over rows v with p[v] == g."""
    out = np.zeros((K, D.shape[1]), dtype=np.float64)
    if D.shape[0] == 0:
        return out
    order = np.argsort(p, kind="stable")
    counts = np.bincount(p, minlength=K)
    nonempty = np.flatnonzero(counts)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))[nonempty]
    out[nonempty] = np.add.reduceat(D[order], starts, axis=0)
    return out


class State:
    """Current solution plus the gain matrix and rule bookkeeping."""

    def __init__(self, cp: CoreProblem, p: np.ndarray) -> None:
        self.cp = cp
        self.ar = np.arange(cp.m)
        #: counts every change of the plan (``MoveTable`` uses it to know it is current)
        self.version = 0
        self.reset(p)

    def reset(self, p: np.ndarray) -> None:
        """Recompute everything for assignment ``p`` (in place)."""
        cp = self.cp
        K, m = cp.K, cp.m
        self.p = np.asarray(p, dtype=np.int64).copy()
        self.M = group_sums(cp.D, self.p, K)
        self.s = np.bincount(self.p, weights=cp.w, minlength=K).astype(np.int64)
        self.Cf = group_sums(cp.conflict, self.p, K) if cp.conflict is not None else None
        self.dyn = np.ones((K, m), dtype=bool)
        self.iso = IsolationState(cp.iso, self.p, K) if cp.iso is not None else None
        if cp.hooks is not None:
            for g in range(K):
                col = cp.hooks.dynamic_column(self, g)
                if col is not None:
                    self.dyn[g] = col
        if cp.plain:
            self.E = self.M
        else:
            self.E = np.empty_like(self.M)
            for g in range(K):
                self._refresh(g)
        self.f = self.exact_objective()
        self.touched: set[int] = set(range(K))
        self.version += 1

    # -- bookkeeping -------------------------------------------------------------------
    def _refresh(self, g: int) -> None:
        cp = self.cp
        if cp.plain:
            return
        ok = self.dyn[g].copy()
        if cp.allowed_t is not None:
            ok &= cp.allowed_t[g]
        if self.Cf is not None:
            ok &= self.Cf[g] < 0.5
        self.E[g] = np.where(ok, self.M[g], self.M[g] - BIG)

    def exact_objective(self) -> float:
        """Objective recomputed from M (sum of within-group unit distances + constant),
        minus the price of isolated people when some dimension is "don't isolate"."""
        return self.diversity() - self.penalty()

    def diversity(self) -> float:
        """Sum of within-group unit distances + constant (no isolation price)."""
        return 0.5 * float(self.M[self.p, self.ar].sum()) + self.cp.constant

    def isolated(self) -> int:
        """Number of (person, dimension) isolations on "don't isolate" dimensions."""
        return self.iso.count() if self.iso is not None else 0

    def penalty(self) -> float:
        """Price of the current isolations in the objective."""
        return self.cp.iso.beta * self.isolated() if self.cp.iso is not None else 0.0

    def iso_swap(self, U: np.ndarray, V: np.ndarray) -> np.ndarray:
        """Change in the isolation count of swapping U and V (broadcast)."""
        return self.iso.swap_delta(U, V)

    def iso_insert(self, U: np.ndarray, G: np.ndarray) -> np.ndarray:
        """Change in the isolation count of moving U to G (broadcast)."""
        return self.iso.insert_delta(U, G)

    # -- moves ---------------------------------------------------------------------------
    def insert(self, u: int, g: int, delta: float) -> None:
        """Move unit u to group g (validity checked by the caller)."""
        cp = self.cp
        a = self.p[u]
        row = cp.D[u]
        self.M[a] -= row
        self.M[g] += row
        self.s[a] -= cp.w[u]
        self.s[g] += cp.w[u]
        if self.Cf is not None:
            c = cp.conflict[u]
            self.Cf[a] -= c
            self.Cf[g] += c
        self.p[u] = g
        if self.iso is not None:
            self.iso.moved(u, int(a), int(g))
            self.iso.refresh((int(a), int(g)))
        self.f += delta
        self.version += 1
        self.touched.update((int(a), int(g)))
        if not cp.plain:
            self._refresh(a)
            self._refresh(g)

    def swap(self, u: int, v: int, delta: float) -> None:
        """Swap units u and v (validity checked by the caller)."""
        cp = self.cp
        a, b = self.p[u], self.p[v]
        diff = cp.D[v] - cp.D[u]
        self.M[a] += diff
        self.M[b] -= diff
        dw = cp.w[v] - cp.w[u]
        self.s[a] += dw
        self.s[b] -= dw
        if self.Cf is not None:
            c = cp.conflict[v] - cp.conflict[u]
            self.Cf[a] += c
            self.Cf[b] -= c
        self.p[u], self.p[v] = b, a
        if self.iso is not None:
            self.iso.moved(u, int(a), int(b))
            self.iso.moved(v, int(b), int(a))
            self.iso.refresh((int(a), int(b)))
        self.f += delta
        self.version += 1
        self.touched.update((int(a), int(b)))
        if not cp.plain:
            if cp.hooks is not None and not cp.movable[u]:
                for g in (a, b):
                    col = cp.hooks.dynamic_column(self, g)
                    if col is not None:
                        self.dyn[g] = col
            self._refresh(a)
            self._refresh(b)

    # -- evaluation ----------------------------------------------------------------------
    def own(self) -> np.ndarray:
        """M[p(u), u] for every unit u."""
        return self.M[self.p, self.ar]

    def swap_deltas(self, U: np.ndarray, V: np.ndarray) -> np.ndarray:
        """Deltas of swapping U[k] with V[k] for regular movable units (-inf if invalid)."""
        cp = self.cp
        E, p = self.E, self.p
        pu, pv = p[U], p[V]
        own = self.M[pu, U], self.M[pv, V]
        d = E[pv, U] - own[0] + E[pu, V] - own[1] - 2.0 * cp.D[U, V]
        bad = (pu == pv) | ~cp.movable[U] | ~cp.movable[V] | (d < -BIG / 2)
        if not cp.uniform:
            dw = cp.w[V] - cp.w[U]
            su, sv = self.s[pu] + dw, self.s[pv] - dw
            bad |= (su < cp.lo[pu]) | (su > cp.hi[pu]) | (sv < cp.lo[pv]) | (sv > cp.hi[pv])
        if cp.iso is not None:
            d = d - cp.iso.beta * self.iso_swap(U, V)
        return np.where(bad, NEG, d)

    def insert_deltas(self, U: np.ndarray, G: np.ndarray) -> np.ndarray:
        """Deltas of moving U[k] to group G[k] (-inf if invalid)."""
        cp = self.cp
        pu = self.p[U]
        d = self.E[G, U] - self.M[pu, U]
        wu = cp.w[U]
        bad = (pu == G) | ~cp.movable[U] | (d < -BIG / 2)
        bad |= (self.s[pu] - wu < cp.lo[pu]) | (self.s[G] + wu > cp.hi[G])
        if cp.iso is not None:
            d = d - cp.iso.beta * self.iso_insert(U, G)
        return np.where(bad, NEG, d)

    def delta_matrix(self) -> np.ndarray:
        """Insert deltas Δ[g, u] (-inf at u's own group and for units that never move)."""
        cp = self.cp
        own = self.M[self.p, self.ar]
        Dl = self.E - own[None, :]
        Dl[self.p, self.ar] = NEG
        if cp.blocked.size:
            Dl[:, cp.blocked] = NEG
        return Dl

    def _sizes_broken(self, U: np.ndarray, V: np.ndarray) -> np.ndarray:
        """(|U|, |V|) bool: swapping U[i] and V[j] would take a table out of its size range."""
        cp, p, s = self.cp, self.p, self.s
        dw = cp.w[V][None, :] - cp.w[U][:, None]
        pu, pv = p[U], p[V]
        su = s[pu][:, None] + dw
        sv = s[pv][None, :] - dw
        bad = (su < cp.lo[pu][:, None]) | (su > cp.hi[pu][:, None])
        bad |= (sv < cp.lo[pv][None, :]) | (sv > cp.hi[pv][None, :])
        return bad

    def chunk_moves(self, R: np.ndarray, Dl: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray | None]:
        """Deltas of every move whose first unit is in R: swaps S (|R|, m) with S[j, v] for
        swapping R[j] and v, and inserts (|R|, K) (None when inserts are off); -inf if invalid."""
        cp = self.cp
        p = self.p
        pR = p[R]
        if Dl is None and 2 * len(R) >= cp.K:  # small instances: one K x m matrix is cheaper
            Dl = self.delta_matrix()
        if Dl is not None:
            DR = Dl[:, R]
            rows = Dl[pR]
        else:
            own = self.M[p, self.ar]
            DR = self.E[:, R] - own[R][None, :]  # (K, B) insert deltas of the chunk
            DR[pR, np.arange(len(R))] = NEG
            rows = self.E[pR] - own[None, :]  # (B, m): Δ[p_Rj, v]
            rows[pR[:, None] == p[None, :]] = NEG
            if cp.blocked.size:
                rows[:, cp.blocked] = NEG
        # swaps: S[j, v] = Δ[p_v, R_j] + Δ[p_Rj, v] - 2 D[R_j, v]
        S = DR[p].T + rows
        S -= cp.D2[R]
        self.finish_swaps(R, S)
        Ins = None
        if cp.inserts:
            Ins = DR.T.copy()  # (B, K)
            self.finish_inserts(R, Ins)
        return S, Ins

    def finish_swaps(self, R: np.ndarray, S: np.ndarray) -> None:
        """Complete the swap deltas S (|R|, m) made from Δ alone, in place: -inf where a
        table would leave its size range, minus the price of isolation."""
        cp = self.cp
        if not cp.uniform:
            # swapping two one-person units keeps both sizes: only the rows and columns of
            # wide units need the capacity test (a few, instead of a full (B, m) test)
            rw = np.flatnonzero(cp.w[R] != 1)
            if rw.size:
                S[rw] = np.where(self._sizes_broken(R[rw], self.ar), NEG, S[rw])
            if cp.wide.size:
                S[:, cp.wide] = np.where(self._sizes_broken(R, cp.wide), NEG, S[:, cp.wide])
        if cp.iso is not None:
            S -= cp.iso.beta * self.iso.swap_matrix(R)

    def finish_inserts(self, R: np.ndarray, Ins: np.ndarray) -> None:
        """Complete the insert deltas Ins (|R|, K) made from Δ alone, in place: -inf where
        the source or the destination would leave its size range, minus the isolation price."""
        cp, s = self.cp, self.s
        pR, wR = self.p[R], cp.w[R]
        Ins[(s[pR] - wR < cp.lo[pR])[:, None] | (s[None, :] + wR[:, None] > cp.hi[None, :])] = NEG
        if cp.iso is not None:
            Ins -= cp.iso.beta * self.iso.insert_matrix(R)

    def best_in_chunk(self, R: np.ndarray, Dl: np.ndarray | None = None) -> tuple[float, int, int, int]:
        """Best move with first unit in R: (delta, kind, a, b); kind 0 = insert, 1 = swap."""
        S, Ins = self.chunk_moves(R, Dl)
        k = int(np.argmax(S))
        best = float(S.flat[k])
        kind, a, b = 1, int(R[k // self.cp.m]), int(k % self.cp.m)
        if Ins is not None:
            k2 = int(np.argmax(Ins))
            v2 = float(Ins.flat[k2])
            if v2 > best:
                best, kind, a, b = v2, 0, int(R[k2 // self.cp.K]), int(k2 % self.cp.K)
        return best, kind, a, b

    def best_insert_into(self, G: np.ndarray) -> tuple[float, int, int]:
        """Best insert of any movable unit into one of the groups G: (delta, unit, group)."""
        cp = self.cp
        p, s = self.p, self.s
        own = self.M[p, self.ar]
        Ins = self.E[G] - own[None, :]  # (|G|, m)
        bad = (p[None, :] == G[:, None]) | (s[G][:, None] + cp.w[None, :] > cp.hi[G][:, None])
        bad |= (s[p] - cp.w < cp.lo[p])[None, :]
        Ins[bad] = NEG
        if cp.blocked.size:
            Ins[:, cp.blocked] = NEG
        if cp.iso is not None:
            Ins -= cp.iso.beta * self.iso.insert_into(G)
        k = int(np.argmax(Ins))
        return float(Ins.flat[k]), int(k % cp.m), int(G[k // cp.m])

    def apply(self, kind: int, a: int, b: int, delta: float) -> None:
        """Apply a move returned by ``best_in_chunk`` or the samplers."""
        if kind == 0:
            self.insert(a, b, delta)
        else:
            self.swap(a, b, delta)

    # -- facilitator swaps ---------------------------------------------------------------
    def fac_swap_delta(self, u: int, v: int) -> float:
        """Delta of swapping facilitator units u and v, -inf if a rule forbids it."""
        cp = self.cp
        a, b = self.p[u], self.p[v]
        if a == b:
            return NEG
        d = self.E[b, u] - self.M[a, u] + self.E[a, v] - self.M[b, v] - 2.0 * cp.D[u, v]
        if d < -BIG / 2:
            # conflict between u and v themselves is fine; anything else is not
            if cp.conflict is None or cp.conflict[u, v] < 0.5:
                return NEG
            d = self.M[b, u] - self.M[a, u] + self.M[a, v] - self.M[b, v] - 2.0 * cp.D[u, v]
            if self.Cf[b, u] - 1 > 0.5 or self.Cf[a, v] - 1 > 0.5:
                return NEG
            if cp.allowed_t is not None and not (cp.allowed_t[b, u] and cp.allowed_t[a, v]):
                return NEG
        if cp.w[u] != cp.w[v]:
            dw = cp.w[v] - cp.w[u]
            if not (cp.lo[a] <= self.s[a] + dw <= cp.hi[a] and cp.lo[b] <= self.s[b] - dw <= cp.hi[b]):
                return NEG
        if cp.hooks is not None and not cp.hooks.swap_ok(self, u, v):
            return NEG
        if cp.iso is not None:
            d -= cp.iso.beta * float(self.iso_swap(np.array([u]), np.array([v]))[0])
        return float(d)

    def fac_swap_matrix(self) -> np.ndarray:
        """Deltas of swapping facilitator units F[i] < F[j] (upper triangle; -inf below,
        on the diagonal and within a table). Entries that the static masks allow may
        still break the language rule: ``fac_swap_delta`` gives the exact value."""
        cp = self.cp
        F = cp.fac_units
        pf = self.p[F]
        own = self.M[pf, F]
        EF = self.E[pf][:, F]
        S = EF.T + EF - own[:, None] - own[None, :] - cp.fac_D2
        if cp.iso is not None:
            S -= cp.iso.beta * self.iso.swap_matrix(F, F)
        S[(pf[:, None] == pf[None, :]) | cp.fac_lower] = NEG
        return S

    def fac_pass(self) -> bool:
        """Apply improving facilitator swaps (best first); return True if any was made."""
        cp = self.cp
        F = cp.fac_units
        if len(F) < 2:
            return False
        made = False
        for _ in range(len(F)):
            S = self.fac_swap_matrix()
            cand = np.flatnonzero(S.ravel() > cp.eps)
            if len(cand) == 0:
                break
            cand = cand[np.argsort(-S.ravel()[cand], kind="stable")][:64]
            done = False
            for k in cand:
                u, v = int(F[k // len(F)]), int(F[k % len(F)])
                d = self.fac_swap_delta(u, v)
                if d > cp.eps:
                    self.swap(u, v, d)
                    made = done = True
                    break
            if not done:
                break
        return made


class MoveTable:
    """Every swap and insert delta of the plan, kept current move by move for the tabu walk.

    ``S[u, v]`` is the delta of swapping units u and v (symmetric; -inf when invalid or
    when u or v never moves) and ``I[u, g]`` that of moving u to group g. A move between
    groups a and b changes only the moves that involve a unit of a or b, or a or b as a
    destination (``State`` keeps every rule in the rows of a and b), so after a move the
    table recomputes those rows and columns, a few per cent of it, instead of evaluating
    a block of moves from scratch at every step. ``St`` and ``It`` are copies with the
    rows and columns of tabu units at -inf, so the best non-tabu move is one argmax.
    """

    def __init__(self, st: State) -> None:
        cp = st.cp
        self.st = st
        self.S = np.full((cp.m, cp.m), NEG)
        self.I = np.full((cp.m, cp.K), NEG) if cp.inserts else None
        self.St = self.S
        self.It = self.I
        self.version = -1
        self.inf_blocked = np.where(cp.movable, 0.0, np.inf)  # added to own deltas: -inf rows

    def current(self) -> bool:
        """True when the table describes the plan as it is now."""
        return self.version == self.st.version

    def rebuild(self, tabu: np.ndarray, rows: int) -> None:
        """Recompute every move (in blocks of ``rows`` units); ``tabu`` is the (m,) mask."""
        st, cp = self.st, self.st.cp
        mov = cp.mov_idx
        self.S.fill(NEG)
        #: insert deltas Δ[g, u] (``State.delta_matrix``), kept current with the table
        self.Dl = st.delta_matrix()
        self.stays = st.s[st.p] - cp.w < cp.lo[st.p]
        for i in range(0, len(mov), max(1, rows)):
            R = mov[i : i + rows]
            S, Ins = st.chunk_moves(R, self.Dl)
            self.S[R] = S
            if self.I is not None:
                self.I[R] = Ins
        self.St = self.S.copy()
        self.St[tabu] = NEG
        self.St[:, tabu] = NEG
        if self.I is not None:
            self.It = self.I.copy()
            self.It[tabu] = NEG
        self.version = st.version

    def moved(self, groups: tuple[int, int], tabu: np.ndarray) -> None:
        """Bring the table up to date after one move between ``groups``: the rows and
        columns of the units now in them (the same values as ``State.chunk_moves``)."""
        st, cp = self.st, self.st.cp
        p, s, Dl = st.p, st.s, self.Dl
        G = np.array(groups, dtype=np.int64)
        Zall = np.flatnonzero((p == G[0]) | (p == G[1]))
        own = st.M[p, st.ar] + self.inf_blocked  # +inf: units that never move get -inf
        # Δ changes in the rows of the two groups and in the columns of their units
        Dl[G] = st.E[G] - own[None, :]
        Dl[:, Zall] = st.E[:, Zall] - own[Zall][None, :]
        Dl[p[Zall], Zall] = NEG
        Z = Zall[cp.movable[Zall]]
        if len(Z):
            pZ = p[Z]
            A = Dl[:, Z].T  # (|Z|, K): Δ[g, z]
            S = A[:, p]
            S += Dl[pZ]
            S -= cp.D2[Z]
            st.finish_swaps(Z, S)
            self.S[Z] = S
            self.S[:, Z] = S.T
            S[:, tabu] = NEG
            S[tabu[Z]] = NEG
            self.St[Z] = S
            self.St[:, Z] = S.T
        if self.I is not None:
            cols = Dl[G].T  # (m, 2)
            self.stays[Zall] = s[p[Zall]] - cp.w[Zall] < cp.lo[p[Zall]]  # leaving would underfill
            cols[self.stays[:, None] | (cp.w[:, None] > (cp.hi[G] - s[G])[None, :])] = NEG
            if cp.iso is not None:
                cols -= cp.iso.beta * st.iso.insert_into(G).T
            self.I[:, G] = cols
            cols[tabu] = NEG
            self.It[:, G] = cols
            if len(Z):
                st.finish_inserts(Z, A)
                self.I[Z] = A
                A[tabu[Z]] = NEG
                self.It[Z] = A
        self.version = st.version

    def freed(self, units: np.ndarray, tabu: np.ndarray) -> None:
        """Units whose tenure ended: their moves count again."""
        S = self.S[units]
        S[:, tabu] = NEG
        self.St[units] = S
        self.St[:, units] = S.T
        if self.I is not None:
            self.It[units] = self.I[units]

    def best_swap(self, tabu_units: np.ndarray, room: float) -> tuple[float, int, int]:
        """Best swap that is not tabu, or that gives a new best plan (delta > room)."""
        return _best_of(self.S, self.St, tabu_units, room)

    def best_insert(self, tabu_units: np.ndarray, room: float) -> tuple[float, int, int]:
        """Best insert that is not tabu, or that gives a new best plan."""
        return _best_of(self.I, self.It, tabu_units, room)


def _best_of(full: np.ndarray, masked: np.ndarray, tabu_units: np.ndarray, room: float) -> tuple[float, int, int]:
    """(delta, row, column) of the best entry of ``masked`` (tabu rows and columns at
    -inf), or of ``full`` when a tabu move would give a new best plan (aspiration: then the
    best move of all does, and every entry equal to it is allowed)."""
    M = full if len(tabu_units) and float(full[tabu_units].max()) > room else masked
    k = int(np.argmax(M))
    return float(M.flat[k]), k // M.shape[1], k % M.shape[1]


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
                    seen: set[int] = set()
                    order = [g for g in order if not (g in seen or seen.add(g))]
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
            d = self._deltas(kind, a, b)
            ok = np.flatnonzero(d > NEG)
            if len(ok):
                k = int(ok[0])
                st.apply(int(kind[k]), int(a[k]), int(b[k]), float(d[k]))


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
) -> SearchOutcome:
    """Iterated maxima search from a feasible start ``p0``; returns the best solution.

    A descent first; then weak steps (``Searcher.weak``: the best non-tabu move of a
    sampled block, accepted even when it worsens) and, after ``params.stall`` × m weak
    steps without a new best, a strong shake of the best plan followed by a descent.
    Stops after ``seconds`` (wall clock), ``max_iterations`` iterations (an iteration is
    ``params.block`` weak steps), or when ``should_stop()`` returns True, whichever comes
    first. ``progress(best, fraction)`` is called about every 0.1 s while the best plan
    improves or time passes, and at the end. With ``max_iterations`` and no time limit
    the run is fully deterministic for a given seed.
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

    def done() -> bool:
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


def random_sizes(lo: np.ndarray, hi: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """Random group sizes within [lo, hi] summing to n (requires sum lo <= n <= sum hi)."""
    sizes = np.array(lo, dtype=np.int64).copy()
    rest = n - int(sizes.sum())
    room = np.asarray(hi) - sizes
    while rest > 0:
        open_ = np.flatnonzero(room > 0)
        g = int(rng.choice(open_))
        sizes[g] += 1
        room[g] -= 1
        rest -= 1
    return sizes


def solve_matrix(
    d: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    *,
    seconds: float | None = 3.0,
    seed: int | None = 0,
    max_iterations: int | None = None,
    progress: Callable[[float, float], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    params: SearchParams | None = None,
) -> SearchOutcome:
    """Maximally diverse grouping on a raw distance matrix with group size ranges.

    The same search as ``plan`` without side rules (used by the MDGPLIB benchmark).
    """
    d = np.asarray(d, dtype=np.float64)
    n = d.shape[0]
    lo, hi = np.asarray(lo, dtype=np.int64), np.asarray(hi, dtype=np.int64)
    if lo.sum() > n or hi.sum() < n:
        raise ValueError("group size ranges cannot hold n elements")
    rng = np.random.default_rng(seed)
    sizes = random_sizes(lo, hi, n, rng)
    p0 = rng.permutation(np.repeat(np.arange(len(lo)), sizes))
    D = d.copy()
    np.fill_diagonal(D, 0.0)
    cp = CoreProblem(D=D, lo=lo, hi=hi)
    return search(
        cp,
        p0,
        seconds=seconds,
        seed=None if seed is None else seed + 1,
        max_iterations=max_iterations,
        progress=progress,
        should_stop=should_stop,
        params=params,
    )
