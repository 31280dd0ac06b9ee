"""The Tables screen and check-in (database side): the stored plan as table cards
(:mod:`.view`), hand moves as undoable edits (:mod:`.edits`), check-in by code
(:mod:`.checkin`) and at the door (:mod:`.door`), rebalancing (:mod:`.rebalance`), pair
rules (:mod:`.pair_rules`), the words of the screen (:mod:`.words`), the seating list
export (:mod:`.export`) and the tables and venues editor (:mod:`.table_edits`).

The names of the former ``services/seating.py`` are re-exported here so that
``from dialogue_app.services import seating; seating.seating(s)`` keeps working.
"""

from dialogue_app.services.seating.checkin import (
    AddWalkIn,
    AttendanceState,
    CheckIn,
    CheckInOverview,
    CheckInResult,
    CloseCheckIn,
    RestoreAttendance,
    TableArrivals,
    WaitingPerson,
    _attendance_state,
    add_walk_in,
    check_in,
    checkin_overview,
    close_check_in,
    later_tables,
    lookup_code,
    then_text,
)
from dialogue_app.services.seating.edits import (
    SeatState,
    SetSeats,
    _assignment,
    _state,
    lock_edit,
    met_before,
    move_edit,
    plan_with_undo,
    restore_edit,
    round_states,
    swap_edit,
    table_id_by_number,
)
from dialogue_app.services.seating.pair_rules import (
    DeletePairRule,
    PairRuleInfo,
    SavePairRule,
    list_pair_rules,
)
from dialogue_app.services.seating.rebalance import (
    ProposedMove,
    RebalanceProposal,
    planned_rounds,
    propose_rebalance,
    rebalance_edit,
)
from dialogue_app.services.seating.view import (
    HOMOGENEOUS_SHARE,
    CardComposition,
    Seating,
    SeatingState,
    SeatPerson,
    TableCard,
    _even_blau,
    seating,
)

__all__ = [
    "HOMOGENEOUS_SHARE",
    "AddWalkIn",
    "AttendanceState",
    "CardComposition",
    "CheckIn",
    "CheckInOverview",
    "CheckInResult",
    "CloseCheckIn",
    "DeletePairRule",
    "PairRuleInfo",
    "ProposedMove",
    "RebalanceProposal",
    "RestoreAttendance",
    "SavePairRule",
    "SeatPerson",
    "SeatState",
    "Seating",
    "SeatingState",
    "SetSeats",
    "TableArrivals",
    "TableCard",
    "WaitingPerson",
    "_assignment",
    "_attendance_state",
    "_even_blau",
    "_state",
    "add_walk_in",
    "check_in",
    "checkin_overview",
    "close_check_in",
    "later_tables",
    "list_pair_rules",
    "lock_edit",
    "lookup_code",
    "met_before",
    "move_edit",
    "plan_with_undo",
    "planned_rounds",
    "propose_rebalance",
    "rebalance_edit",
    "restore_edit",
    "round_states",
    "seating",
    "swap_edit",
    "table_id_by_number",
    "then_text",
]
