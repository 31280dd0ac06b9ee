"""Plain data types of the planning engine (inputs and outputs).

Everything here is plain data: people, tables and rules are referred to by their
*index* in ``PlanProblem.people`` / ``PlanProblem.tables``. The engine never produces
user-visible text; problems are reported as machine codes plus the indices involved.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

UNKNOWN = -1
"""Value used in ``values`` for "prefer not to say" / missing."""


@dataclass(frozen=True)
class Dimension:
    """One background dimension (e.g. neighbourhood, age band).

    ``kind``: ``"nominal"`` (distance 1 when categories differ) or ``"ordinal"``
    (distance ``|a - b| / (n_categories - 1)``). ``weight`` multiplies the dimension's
    distance (weights are *not* normalised; d(i, j) lies in ``[0, sum of weights]``).
    ``dont_isolate``: nobody should be the only one of their (known) category at a
    table: the planner avoids it where the rules allow (see
    ``PlanProblem.avoid_isolation``) and reports who is left alone.
    """

    name: str
    kind: Literal["nominal", "ordinal"] = "nominal"
    n_categories: int = 2
    weight: float = 1.0
    dont_isolate: bool = False


@dataclass(frozen=True)
class Table:
    """A table: capacity range, accessibility and language facilities.

    ``languages``: languages served at the table regardless of who facilitates
    (e.g. a table hosted in that language). ``interpreter``: everybody is served.
    ``training``: a training table needs two facilitators instead of one.
    """

    min_size: int
    max_size: int
    accessible: bool = True
    languages: frozenset[str] = frozenset()
    training: bool = False
    interpreter: bool = False

    @property
    def facilitators_needed(self) -> int:
        """Number of facilitator seats at this table (2 at training tables, else 1)."""
        return 2 if self.training else 1


@dataclass(frozen=True)
class Person:
    """One resident (or facilitator).

    ``languages``: an empty set means "no language requirement". ``host``: index of the
    person who invited this guest; the guest always sits at the host's table.
    ``locked_table``: table index the person must keep (plan-the-rest, reserved seats).
    """

    is_facilitator: bool = False
    locked_table: int | None = None
    needs_accessible: bool = False
    languages: frozenset[str] = frozenset()
    host: int | None = None
    attending: bool = True


@dataclass(frozen=True)
class PlanProblem:
    """Everything the planner needs (frozen: the input the services hand to the engine;
    ``dataclasses.replace`` makes a changed copy).

    Give either ``distance`` (an n x n symmetric matrix, zero diagonal) or ``dims`` +
    ``values`` (int matrix n x len(dims), ``-1`` = unknown). When both are given the
    explicit matrix wins for the search and ``dims``/``values`` are used for the bound
    and explanations. ``soft_pairs[(i, j)]`` is added to d(i, j) (positive: wish to sit
    together, negative: rather apart). ``met_before`` lists pairs who already met (for
    multi-round planning); each such pair costs ``repeat_penalty`` (default: above the
    largest single-pair gain). ``facilitators_required=False`` switches the facilitator
    rule off (then facilitators are seated like everybody else and only table languages
    and interpreters serve the language rule). ``avoid_isolation=False`` only reports
    people isolated on ``dont_isolate`` dimensions instead of avoiding it (avoiding it
    costs diversity: minorities sit in twos instead of one per table).
    ``spread_unknowns=False`` lets the search seat people who did not say (``-1``) wherever
    diversity alone puts them (by default they are spread: see ``distance.spread_unknowns``).
    """

    tables: Sequence[Table]
    people: Sequence[Person]
    dims: Sequence[Dimension] = ()
    values: np.ndarray | None = None
    distance: np.ndarray | None = None
    unknown: float = 0.5
    apart: Sequence[tuple[int, int]] = ()
    together: Sequence[Sequence[int]] = ()
    soft_pairs: Mapping[tuple[int, int], float] = field(default_factory=dict)
    met_before: Sequence[tuple[int, int]] = ()
    repeat_penalty: float | None = None
    facilitators_required: bool = True
    avoid_isolation: bool = True
    spread_unknowns: bool = True

    @property
    def n_people(self) -> int:
        """Number of people (attending or not)."""
        return len(self.people)

    @property
    def n_tables(self) -> int:
        """Number of tables."""
        return len(self.tables)


@dataclass(frozen=True)
class Infeasibility:
    """Why no plan can exist. ``code`` is machine-readable (see ``feasibility.CODES``)."""

    code: str
    people: tuple[int, ...] = ()
    tables: tuple[int, ...] = ()
    detail: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Violation:
    """A broken hard rule found by ``validate`` (should never happen for engine plans)."""

    code: str
    people: tuple[int, ...] = ()
    tables: tuple[int, ...] = ()


@dataclass(frozen=True)
class Move:
    """Move ``person`` from table ``from_table`` (-1: not seated yet) to ``to_table``."""

    person: int
    from_table: int
    to_table: int


@dataclass(frozen=True)
class DimensionSummary:
    """Composition of one table on one dimension (counts include ``-1`` = unknown)."""

    dimension: int
    counts: Mapping[int, int]
    blau: float


@dataclass(frozen=True)
class TableReport:
    """Per-table figures: score (sum of within-table distances), size and composition."""

    table: int
    size: int
    score: float
    dimensions: tuple[DimensionSummary, ...] = ()


@dataclass
class PlanResult:
    """Outcome of ``plan``.

    ``assignment[i]`` is the table of person i (-1 when not attending or when nothing
    was planned). ``score`` is the diversity (sum over tables of within-table base
    distances, without soft-pair or repeat terms); ``objective`` is what the search
    maximised. ``share_of_bound = score / upper_bound``; ``normalised_regret =
    (UB - score) / (UB - random)``, where ``random`` is the expected score of a uniformly
    random plan with the same table sizes. ``isolated`` holds (person, dimension) pairs.
    """

    assignment: np.ndarray
    feasible: bool
    infeasibilities: list[Infeasibility] = field(default_factory=list)
    score: float = 0.0
    objective: float = 0.0
    upper_bound: float | None = None
    share_of_bound: float | None = None
    random_score: float | None = None
    normalised_regret: float | None = None
    table_scores: np.ndarray | None = None
    worst_table: int | None = None
    isolated: list[tuple[int, int]] = field(default_factory=list)
    tables: list[TableReport] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    iterations: int = 0
    seconds: float = 0.0
    stopped: bool = False
    #: the ``incumbent`` given to ``plan`` was at least as good as anything the search
    #: found, so it is returned unchanged
    kept_incumbent: bool = False
    #: the score equals the upper bound (and nobody is alone on a "don't isolate"
    #: dimension the planner honours): no plan can mix more, so the search stopped there
    proven_optimal: bool = False
