"""Rebalancing after no-shows and walk-ins: the fewest moves, proposed and applied as
one undoable edit."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogue_app import planning
from dialogue_app.errors import UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.models import Assignment, Person
from dialogue_app.services.events import current_event
from dialogue_app.services.planning import load_problem
from dialogue_app.services.seating.edits import SeatState, SetSeats, _state, table_id_by_number


@dataclass(frozen=True)
class ProposedMove:
    person_id: uuid.UUID
    code: str
    name: str
    from_table: int | None
    to_table: int


@dataclass(frozen=True)
class RebalanceProposal:
    moves: tuple[ProposedMove, ...]
    feasible: bool
    problems: tuple[str, ...]
    removed: tuple[uuid.UUID, ...]  # no-shows whose seat is freed


def propose_rebalance(session: Session, round_no: int = 1, improve_moves: int = 0) -> RebalanceProposal:
    """The fewest moves that fix tables that are too small or too full after no-shows and
    walk-ins; people already seated (checked in) never move."""
    from dialogue_app.services.planning import explain_infeasibility

    lp = load_problem(session, round_no)
    current = lp.current.copy()
    removed = []
    for i, p in enumerate(lp.problem.people):
        if not p.attending and current[i] >= 0:
            current[i] = -1
            removed.append(lp.person_ids[i])
    # rebalancing may move anyone not seated, even if locked earlier in planning
    seated = [i for i in range(len(lp.person_ids)) if lp.seated[i]]
    res = planning.rebalance(lp.problem, current, seated=seated, improve_moves=improve_moves)
    names = {p.id: f"{p.first_name} {p.last_name}".strip() for p in session.execute(
        select(Person.id, Person.first_name, Person.last_name).where(Person.id.in_(lp.person_ids)))}
    moves = tuple(
        ProposedMove(lp.person_ids[m.person], lp.codes[m.person], names.get(lp.person_ids[m.person], ""),
                     lp.table_numbers[m.from_table] if m.from_table >= 0 else None, lp.table_numbers[m.to_table])
        for m in res.moves
    )
    problems = tuple(explain_infeasibility(lp, x) for x in res.infeasibilities)
    return RebalanceProposal(moves, res.feasible, problems, tuple(removed))


def planned_rounds(session: Session) -> list[int]:
    """The event's rounds that have a plan (anybody seated), in order."""
    e = current_event(session)
    return sorted(session.scalars(
        select(Assignment.round).join(Person).where(Person.event_id == e.id, Assignment.round <= max(1, e.rounds))
        .distinct()))


def rebalance_edit(session: Session, proposal: RebalanceProposal, round_no: int = 1) -> SetSeats:
    """One undoable edit: free the no-shows' seats and apply the accepted moves."""
    states = [SeatState(pid, None, False, False) for pid in proposal.removed]
    numbers = {}
    for m in proposal.moves:
        if m.to_table not in numbers:
            numbers[m.to_table] = table_id_by_number(session, m.to_table)
        cur = _state(session, m.person_id, round_no)
        if cur.seated:
            raise UserInputError(_("{name} is already seated and is not moved.").format(name=m.name))
        states.append(SeatState(m.person_id, numbers[m.to_table], cur.locked, False))
    label = ngettext("Rebalance: {n} move", "Rebalance: {n} moves", len(proposal.moves)).format(
        n=len(proposal.moves))
    return SetSeats(tuple(states), round_no, label)
