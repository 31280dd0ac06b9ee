"""After the search, keep people from sitting alone with their group (see
:mod:`.isolation`): **repair** brings someone of the person's category to the table or
moves the person where their category sits, until no such move is left; **polish** is a
descent that never lets the number of isolated people grow.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .state import State
from .unitproblem import NEG


def _best(st: State, swaps: tuple[np.ndarray, np.ndarray],
          inserts: tuple[np.ndarray, np.ndarray]) -> tuple[float, int, int, int, float] | None:
    """Best candidate move that removes isolation: (score, kind, a, b, delta)."""
    best: tuple[float, int, int, int, float] | None = None
    for kind, (A, B) in ((1, swaps), (0, inserts)):
        if len(A) == 0:
            continue
        if kind == 1:
            df, di = st.swap_deltas(A, B), st.iso_swap(A, B)
        else:
            df, di = st.insert_deltas(A, B), st.iso_insert(A, B)
        score = np.where((df > NEG) & (di < 0), df, NEG)
        j = int(np.argmax(score))
        if score[j] > NEG and (best is None or score[j] > best[0]):
            best = (float(score[j]), kind, int(A[j]), int(B[j]), float(df[j]))
    return best


def repair(st: State, stop: Callable[[], bool] = lambda: False) -> int:
    """Greedy moves that each lower the isolation count, best in the priced objective
    first; returns the number of moves."""
    cp = st.cp
    if cp.iso is None:
        return 0
    assert st.iso is not None  # kept exactly when cp.iso is set
    movable = cp.movable
    K = cp.K
    moves = 0
    progress = True
    while progress and not stop():
        progress = False
        for k, g, c in cp.iso.instances(st.iso.T):
            if st.iso.T[k][g, c] != 1:
                continue  # already mended by an earlier move of this pass
            x = cp.iso.X[k][:, c]
            p = st.p
            here = np.flatnonzero(p == g)
            mates = here[movable[here] & (x[here] == 0)]
            same = np.flatnonzero((x > 0) & (p != g) & movable)
            # bring a unit of the same category here: swap with a tablemate, or insert
            A = np.repeat(same, len(mates))
            B = np.tile(mates, len(same))
            ins_u, ins_g = same, np.full(len(same), g)
            # or move the isolated person to a table where their category already sits
            u = here[x[here] > 0]
            if len(u) == 1 and movable[u[0]]:
                dest = np.flatnonzero((st.iso.T[k][:, c] >= 1) & (np.arange(K) != g))
                others = np.flatnonzero(np.isin(p, dest) & movable & (x == 0))
                A = np.concatenate([A, np.full(len(others), u[0])])
                B = np.concatenate([B, others])
                ins_u = np.concatenate([ins_u, np.full(len(dest), u[0])])
                ins_g = np.concatenate([ins_g, dest])
            if not cp.inserts:
                ins_u, ins_g = ins_u[:0], ins_g[:0]
            found = _best(st, (A, B), (ins_u, ins_g))
            if found is None:
                continue
            _, kind, a, b, delta = found
            st.apply(kind, a, b, delta)
            moves += 1
            progress = True
            if stop():
                break
    return moves


def polish(st: State, chunk: int, stop: Callable[[], bool] = lambda: False, top: int = 256) -> int:
    """Descent on the objective over moves that never add isolation; returns the number
    of moves."""
    cp = st.cp
    mov = cp.mov_idx
    if len(mov) < 2:
        return 0
    B = max(1, min(len(mov), chunk // max(1, cp.m)))
    moves = 0
    improved = True
    while improved and not stop():
        improved = False
        for start in range(0, len(mov), B):
            R = mov[start : start + B]
            S, Ins = st.chunk_moves(R)
            best: tuple[float, int, int, int] | None = None
            for kind, Mx in [(1, S)] + ([(0, Ins)] if Ins is not None else []):
                flat = Mx.ravel()
                cand = np.flatnonzero(flat > cp.eps)
                if len(cand) == 0:
                    continue
                if len(cand) > top:
                    cand = cand[np.argpartition(-flat[cand], top - 1)[:top]]
                width = Mx.shape[1]
                A, Bv = R[cand // width], cand % width
                di = st.iso_swap(A, Bv) if kind == 1 else st.iso_insert(A, Bv)
                ok = np.flatnonzero(di <= 0)
                if len(ok) == 0:
                    continue
                j = ok[int(np.argmax(flat[cand[ok]]))]
                if best is None or flat[cand[j]] > best[0]:
                    best = (float(flat[cand[j]]), kind, int(A[j]), int(Bv[j]))
            if best is not None:
                st.apply(best[1], best[2], best[3], best[0])
                moves += 1
                improved = True
            if stop():
                break
    return moves
