"""The input of the core search (see :mod:`.core`), prepared: units with sizes, their
distance matrix, capacity ranges and hard-rule masks, and the arrays every move reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from .isolation import IsolationRule

BIG = 1.0e12
NEG = -np.inf


class Placed(Protocol):
    """What a rule hook reads of the search state (:class:`.state.State`): the plan."""

    p: np.ndarray  # unit -> group


class Positions:
    """A plan as the rule hooks read it, outside the search (a start, rebalancing, the door)."""

    def __init__(self, p: np.ndarray) -> None:
        self.p = p


class FacilitatorHooks:
    """Rules that depend on where facilitator units sit (overridden by the rules layer)."""

    def dynamic_column(self, state: Placed, g: int) -> np.ndarray | None:  # pragma: no cover - interface
        """Return the (m,) bool mask of units allowed in group g given its facilitators."""
        return None

    def swap_ok(self, state: Placed, u: int, v: int) -> bool:  # pragma: no cover - interface
        """Extra check for swapping facilitator units u and v."""
        return True


@dataclass
class CoreProblem:
    """Input of the core search (see :mod:`.core`), with the arrays prepared from it
    (declared below the inputs, computed once in ``__post_init__``)."""

    D: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    w: np.ndarray = None  # type: ignore[assignment]  # None: one person per unit (set in __post_init__)
    movable: np.ndarray = None  # type: ignore[assignment]  # None: every unit moves (set in __post_init__)
    allowed: np.ndarray | None = None  # (m, K) bool
    conflict: np.ndarray | None = None  # (m, m) float 0/1, zero diagonal
    fac_units: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    hooks: FacilitatorHooks | None = None
    constant: float = 0.0  # objective part that no move changes (inside units)
    iso: IsolationRule | None = None  # "don't isolate" dimensions, priced in the objective

    # -- prepared (not arguments) ----------------------------------------------------
    m: int = field(init=False, repr=False, compare=False)  # units
    K: int = field(init=False, repr=False, compare=False)  # groups (tables)
    uniform: bool = field(init=False, repr=False, compare=False)  # every unit is one person
    #: units of more than one person (families, hosts with guests): the only ones whose
    #: swaps can change table sizes
    wide: np.ndarray = field(init=False, repr=False, compare=False)
    inserts: bool = field(init=False, repr=False, compare=False)  # inserts can be valid moves
    plain: bool = field(init=False, repr=False, compare=False)  # no mask, conflict nor hook
    allowed_t: np.ndarray | None = field(init=False, repr=False, compare=False)  # (K, m) allowed
    eps: float = field(init=False, repr=False, compare=False)  # improvement threshold
    mov_idx: np.ndarray = field(init=False, repr=False, compare=False)  # movable units
    blocked: np.ndarray = field(init=False, repr=False, compare=False)  # units that never move
    D2: np.ndarray = field(init=False, repr=False, compare=False)  # 2 D
    negative: bool = field(init=False, repr=False, compare=False)  # D has negative entries
    fac_D2: np.ndarray = field(init=False, repr=False, compare=False)  # 2 D among facilitator units
    fac_lower: np.ndarray = field(init=False, repr=False, compare=False)  # lower triangle mask of those

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
