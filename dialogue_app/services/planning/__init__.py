"""Table planning on an event file (database side): loading the event into the planning
engine (:mod:`.problem`), running it and storing the plan (:mod:`.run`), and the plan in
words and numbers (:mod:`.report`). The public names are re-exported here.
"""

from dialogue_app.services.planning.problem import (
    ATTENDING,
    LoadedProblem,
    groups_of_pairs,
    load_problem,
)
from dialogue_app.services.planning.report import (
    Composition,
    PlanReport,
    TablePlan,
    explain_infeasibility,
    report_for,
    same_group_pairs,
    same_group_text,
)
from dialogue_app.services.planning.run import (
    DEMO_ORDER,
    DEMO_PLAN_LIMIT,
    MAX_SECONDS,
    PlanInfeasible,
    PlanOutcome,
    Progress,
    default_seconds,
    plan_event,
    populate_demo,
    store_plan,
)

__all__ = [
    "ATTENDING",
    "DEMO_ORDER",
    "DEMO_PLAN_LIMIT",
    "MAX_SECONDS",
    "Composition",
    "LoadedProblem",
    "PlanInfeasible",
    "PlanOutcome",
    "PlanReport",
    "Progress",
    "TablePlan",
    "default_seconds",
    "explain_infeasibility",
    "groups_of_pairs",
    "load_problem",
    "plan_event",
    "populate_demo",
    "report_for",
    "same_group_pairs",
    "same_group_text",
    "store_plan",
]
