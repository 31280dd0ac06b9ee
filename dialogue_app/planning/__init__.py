"""Table-planning engine for Day of Dialogue events (pure Python + NumPy).

Public API (plain data in, plain data out)::

    distance_matrix(dims, values, unknown=0.5) -> ndarray
    check_feasibility(problem) -> list[Infeasibility]
    plan(problem, seconds=5.0, seed=0, progress=None, should_stop=None, max_iterations=None) -> PlanResult
    plan_rounds(problem, rounds, seconds=5.0, ...) -> RoundsResult
    rebalance(problem, current, seated, improve_moves=0) -> RebalanceResult  # .moves: list[Move]
    validate(problem, assignment) -> list[Violation]
    evaluate(problem, assignment) -> PlanResult          # report for any (hand-made) plan
    random_isolated(problem, assignment) -> float | None # people alone at a random seating
    upper_bound(dims, values, sizes=None, ranges=None, unknown=0.5, groups=()) -> float
    solve_matrix(d, lo, hi, seconds=3.0, seed=0) -> SearchOutcome   # raw MDGP
    ScoreKeeper(d, assignment, n_tables)                # fast re-scoring after one move
"""

from .bound import upper_bound, upper_bound_matrix
from .core import SearchParams
from .distance import distance_matrix
from .feasibility import CODES, check_feasibility
from .matrix import solve_matrix
from .model import (
    UNKNOWN,
    Dimension,
    DimensionSummary,
    Infeasibility,
    Move,
    Person,
    PlanProblem,
    PlanResult,
    Table,
    TableReport,
    Violation,
)
from .planner import RoundsResult, forced_pairs, max_repeat_free_rounds, pairs_of, plan, plan_rounds
from .rebalance import RebalanceResult, rebalance
from .report import evaluate, random_isolated
from .scorekeeper import ScoreKeeper
from .validate import validate

__all__ = [
    "CODES",
    "UNKNOWN",
    "Dimension",
    "DimensionSummary",
    "Infeasibility",
    "Move",
    "Person",
    "PlanProblem",
    "PlanResult",
    "RebalanceResult",
    "RoundsResult",
    "ScoreKeeper",
    "SearchParams",
    "Table",
    "TableReport",
    "Violation",
    "check_feasibility",
    "distance_matrix",
    "evaluate",
    "forced_pairs",
    "max_repeat_free_rounds",
    "pairs_of",
    "plan",
    "plan_rounds",
    "random_isolated",
    "rebalance",
    "solve_matrix",
    "upper_bound",
    "upper_bound_matrix",
    "validate",
]
