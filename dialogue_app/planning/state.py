"""The current solution of the core search (see :mod:`.core`): the gain matrix
``M[g, u]``, table sizes, the rule bookkeeping, and every move's delta.
"""

from __future__ import annotations

import numpy as np

from .isolation import IsolationState
from .unitproblem import BIG, NEG, CoreProblem, group_sums


class State:
    """Current solution plus the gain matrix and rule bookkeeping."""

    cp: CoreProblem
    ar: np.ndarray  # 0..m-1
    version: int
    p: np.ndarray  # unit -> group
    M: np.ndarray  # (K, m): M[g, u] = sum of D[u, v] over units v in group g
    s: np.ndarray  # people per group
    Cf: np.ndarray | None  # (K, m) keep-apart conflicts per group, None without the rule
    dyn: np.ndarray  # (K, m) bool: units the hooks allow in each group
    iso: IsolationState | None
    E: np.ndarray  # M with -BIG where a unit may not join the group (M itself when plain)
    f: float  # objective
    touched: set[int]  # groups changed since the owner last looked

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
        self.touched = set(range(K))
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
        assert self.iso is not None  # called only with the isolation rule
        return self.iso.swap_delta(U, V)

    def iso_insert(self, U: np.ndarray, G: np.ndarray) -> np.ndarray:
        """Change in the isolation count of moving U to G (broadcast)."""
        assert self.iso is not None  # called only with the isolation rule
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
            assert cp.conflict is not None  # Cf is kept exactly when there are conflicts
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
            assert cp.conflict is not None  # Cf is kept exactly when there are conflicts
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
            assert self.iso is not None  # kept exactly when cp.iso is set
            S -= cp.iso.beta * self.iso.swap_matrix(R)

    def finish_inserts(self, R: np.ndarray, Ins: np.ndarray) -> None:
        """Complete the insert deltas Ins (|R|, K) made from Δ alone, in place: -inf where
        the source or the destination would leave its size range, minus the isolation price."""
        cp, s = self.cp, self.s
        pR, wR = self.p[R], cp.w[R]
        Ins[(s[pR] - wR < cp.lo[pR])[:, None] | (s[None, :] + wR[:, None] > cp.hi[None, :])] = NEG
        if cp.iso is not None:
            assert self.iso is not None  # kept exactly when cp.iso is set
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
            assert self.iso is not None  # kept exactly when cp.iso is set
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
            assert self.Cf is not None  # kept exactly when there are conflicts
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
            assert self.iso is not None  # kept exactly when cp.iso is set
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
