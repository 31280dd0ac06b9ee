"""Every swap and insert delta of the plan, kept current move by move (see
:class:`MoveTable` and :mod:`.core`).
"""

from __future__ import annotations

import numpy as np

from .state import State
from .unitproblem import NEG


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
                assert st.iso is not None  # kept exactly when cp.iso is set
                cols -= cp.iso.beta * st.iso.insert_into(G).T
            self.I[:, G] = cols
            assert self.It is not None  # a copy of I
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
            assert self.It is not None  # a copy of I
            self.It[units] = self.I[units]

    def best_swap(self, tabu_units: np.ndarray, room: float) -> tuple[float, int, int]:
        """Best swap that is not tabu, or that gives a new best plan (delta > room)."""
        return _best_of(self.S, self.St, tabu_units, room)

    def best_insert(self, tabu_units: np.ndarray, room: float) -> tuple[float, int, int]:
        """Best insert that is not tabu, or that gives a new best plan."""
        assert self.I is not None and self.It is not None  # asked only when inserts are moves
        return _best_of(self.I, self.It, tabu_units, room)


def _best_of(full: np.ndarray, masked: np.ndarray, tabu_units: np.ndarray, room: float) -> tuple[float, int, int]:
    """(delta, row, column) of the best entry of ``masked`` (tabu rows and columns at
    -inf), or of ``full`` when a tabu move would give a new best plan (aspiration: then the
    best move of all does, and every entry equal to it is allowed)."""
    M = full if len(tabu_units) and float(full[tabu_units].max()) > room else masked
    k = int(np.argmax(M))
    return float(M.flat[k]), k // M.shape[1], k % M.shape[1]
