"""Practice rounds for the trainees, and handing ready trainees to a dialogue event as facilitators."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from dialogue_app import codes
from dialogue_app.errors import NotFound, UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.models import Assignment, DialogueTable, Person, PersonRole
from dialogue_app.models.training import (
    PracticeTurn,
)
from dialogue_app.services.events import current_event
from dialogue_app.services.training.rows import (
    PracticeSummary,
    PracticeTableInfo,
    _check_training,
)
from dialogue_app.services.training.trainees import list_trainees
from dialogue_app.training import content
from dialogue_app.training.schedule import practice_schedule

# --- practice rounds ----------------------------------------------------------------------

def plan_practice(session: Session, size: int = 5, rounds: int | None = None, *, seed: int = 0,
                  track: str | None = "facilitator", should_stop: Callable[[], bool] | None = None
                  ) -> PracticeSummary:
    """Plan practice tables for the trainees (of ``track``; None: everyone) and store them.

    Replaces earlier practice tables: DialogueTables marked ``is_training`` with
    Assignments per round, and a PracticeTurn per table and round naming the facilitator
    and the scenario card dealt to it (cards are dealt in rotation).
    """
    e = _check_training(session)
    people = [t for t in list_trainees(session) if track is None or t.track == track]
    if len(people) < 2:
        raise UserInputError(_("Add at least two trainees before planning practice tables."))
    if not 2 <= size <= 12:
        raise UserInputError(_("A practice table seats between 2 and 12 trainees."))
    cities = {c: i for i, c in enumerate(sorted({t.city for t in people}))}
    sched = practice_schedule(len(people), size, rounds, groups=[cities[t.city] for t in people], seed=seed,
                              should_stop=should_stop)
    # replace earlier practice tables
    old = session.scalars(select(DialogueTable.id).where(DialogueTable.event_id == e.id,
                                                         DialogueTable.is_training.is_(True))).all()
    if old:
        session.execute(delete(PracticeTurn).where(PracticeTurn.table_id.in_(old)))
        session.execute(delete(Assignment).where(Assignment.table_id.in_(old)))
        session.execute(delete(DialogueTable).where(DialogueTable.id.in_(old)))
        session.flush()
    used = set(session.scalars(select(DialogueTable.number).where(DialogueTable.event_id == e.id)))
    n_tables = max(len(r) for r in sched.rounds)
    tables = []
    number = 1
    for i in range(n_tables):
        while number in used:
            number += 1
        t = DialogueTable(id=uuid.uuid4(), event_id=e.id, number=number, is_training=True,
                          name=_("Practice table {n}").format(n=i + 1), capacity_min=2, capacity_max=12,
                          languages=e.language)
        used.add(number)
        session.add(t)
        tables.append(t)
    session.flush()
    ids = [t.id for t in people]
    session.execute(delete(Assignment).where(Assignment.person_id.in_(ids)))
    deal = 0
    for r, rnd in enumerate(sched.rounds, start=1):
        for ti, pt in enumerate(rnd):
            for m in pt.members:
                session.add(Assignment(person_id=ids[m], table_id=tables[ti].id, round=r))
            session.add(PracticeTurn(event_id=e.id, table_id=tables[ti].id, round=r,
                                     facilitator_id=ids[pt.facilitator],
                                     scenario=content.SCENARIOS[deal % len(content.SCENARIOS)].key))
            deal += 1
    e.rounds = len(sched.rounds)
    session.flush()
    return PracticeSummary(len(sched.rounds), n_tables, sched.repeated_pairs,
                           tuple(people[i].name for i in sched.unfacilitated))


def list_practice(session: Session) -> list[PracticeTableInfo]:
    """Every practice table in every round, ordered by round and table number."""
    e = current_event(session)
    # keyed by the optional facilitator id too (a turn without one finds "")
    names: dict[uuid.UUID | None, str] = {p.id: f"{p.first_name} {p.last_name}".strip()
                                          for p in session.scalars(select(Person).where(Person.event_id == e.id))}
    members: dict[tuple[uuid.UUID, int], list[uuid.UUID]] = defaultdict(list)
    for pid, tid, rnd in session.execute(
        select(Assignment.person_id, Assignment.table_id, Assignment.round)
        .join(DialogueTable, DialogueTable.id == Assignment.table_id)
        .where(DialogueTable.event_id == e.id, DialogueTable.is_training.is_(True))
    ):
        members[(tid, rnd)].append(pid)
    rows = session.execute(
        select(PracticeTurn, DialogueTable.number).join(DialogueTable, DialogueTable.id == PracticeTurn.table_id)
        .where(PracticeTurn.event_id == e.id).order_by(PracticeTurn.round, DialogueTable.number)
    ).all()
    out = []
    for turn, number in rows:
        ms = sorted(members[(turn.table_id, turn.round)], key=lambda p: (p != turn.facilitator_id, names.get(p, "")))
        out.append(PracticeTableInfo(turn.table_id, number, turn.round, turn.facilitator_id,
                                     names.get(turn.facilitator_id, ""), tuple(names.get(p, "") for p in ms),
                                     turn.scenario))
    return out


def deal_scenario(session: Session, table_id: uuid.UUID, round_: int, key: str) -> str:
    """Give a practice table another scenario card ("" for none); returns the previous key."""
    if key and content.scenario(key) is None:
        raise UserInputError(_("Unknown scenario “{key}”.").format(key=key))
    turn = session.scalars(select(PracticeTurn).where(PracticeTurn.table_id == table_id,
                                                      PracticeTurn.round == round_)).first()
    if turn is None:
        raise NotFound(_("This practice table no longer exists."))
    before, turn.scenario = turn.scenario, key
    session.flush()
    return before


def practice_personas(table_number: int, round_: int, n: int = 6) -> list[content.Persona]:
    """The fictional guests a practice table can play (the same for a table and round every time)."""
    return content.practice_personas(n, seed=1000 * round_ + table_number)


# --- handing ready trainees to a dialogue event --------------------------------------------

def add_facilitator_to_event(session: Session, trainee_id: uuid.UUID, target) -> uuid.UUID:
    """Add a ready trainee as a facilitator to the dialogue event file ``target`` (a path).

    The trainee's name, e-mail and language are copied; nothing else. Refused for
    trainees who are not ready, and when the target already has a person with the same
    name and e-mail.
    """
    from dialogue_app import storage
    from dialogue_app.services.events import current_event as target_event

    info = next((t for t in list_trainees(session) if t.id == trainee_id), None)
    if info is None:
        raise NotFound(_("This trainee no longer exists."))
    if not info.ready:
        raise UserInputError(_("{name} is not ready to facilitate yet.").format(name=info.name))
    p = session.get_one(Person, trainee_id)
    store = storage.open_event_file(target)
    try:
        with store.session() as s:
            ev = target_event(s)
            if ev.kind == "training":
                raise UserInputError(_("Choose a dialogue event, not a training event."))
            for other in s.scalars(select(Person).where(Person.event_id == ev.id,
                                                        Person.first_name == p.first_name,
                                                        Person.last_name == p.last_name)):
                if other.email == p.email:
                    raise UserInputError(_("{name} is already in that event.").format(name=info.name))
            taken = set(s.scalars(select(Person.code).where(Person.event_id == ev.id)))
            new = Person(id=uuid.uuid4(), event_id=ev.id, code=codes.new_code(taken), first_name=p.first_name,
                         last_name=p.last_name, email=p.email, phone=p.phone,
                         languages=info.language or p.languages)
            new.roles = [PersonRole(role="facilitator")]
            s.add(new)
            new_id = new.id
    finally:
        store.close()
    return new_id
