"""Loading an event's round from the database into the planning engine's problem
(:class:`planning.PlanProblem`), with the mapping back to the event's records.

Capacities in the event file count the guests at a table; the facilitator
seat(s) come on top (one, two at a training table), so the engine's table
size is the capacity plus the facilitator seats.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, cast

import numpy as np
from sqlalchemy import literal, select
from sqlalchemy.orm import Session

from dialogue_app import planning
from dialogue_app.models import (
    Assignment,
    DialogueTable,
    Dimension,
    PairRule,
    Person,
    PersonRole,
    PersonValue,
)
from dialogue_app.services.events import current_event
from dialogue_app.services.server_role import current_role

ATTENDING = ("registered", "present")


@dataclass(frozen=True)
class LoadedProblem:
    """The engine's problem plus the mapping back to the event's records."""

    problem: planning.PlanProblem
    person_ids: list[uuid.UUID]
    codes: list[str]
    first_names: list[str]
    table_ids: list[uuid.UUID]
    table_numbers: list[int]
    dimension_keys: list[str]
    dimension_names: list[str]
    sensitive: list[bool]
    category_labels: list[list[str]]
    round: int
    current: np.ndarray  # the stored plan of this round (-1: not seated)
    locked: np.ndarray  # bool per person
    seated: np.ndarray  # bool per person (seated at check-in: never moved)


def _languages(text: str) -> frozenset[str]:
    return frozenset(x.strip().lower() for x in (text or "").split(",") if x.strip())


def load_problem(session: Session, round_no: int = 1, *, keep_current_as_locks: bool = False,
                 facilitator_rule: bool = True) -> LoadedProblem:
    """Read the event into a :class:`planning.PlanProblem` for one round.

    ``facilitator_rule=False`` (facilitators not assigned yet): no table needs a
    facilitator, the facilitator seats do not count towards a table's minimum, and a
    table's own languages serve the language rule (with its interpreter)."""
    e = current_event(session)
    tables = list(session.scalars(select(DialogueTable).where(DialogueTable.event_id == e.id)
                                  .order_by(DialogueTable.number)))
    dims = list(session.scalars(select(Dimension).where(Dimension.event_id == e.id)
                                .order_by(Dimension.position, Dimension.key)))
    roles: dict[uuid.UUID, set[str]] = {}
    for pid, role in session.execute(select(PersonRole.person_id, PersonRole.role).join(Person)
                                     .where(Person.event_id == e.id)):
        roles.setdefault(pid, set()).add(role)
    # a door volunteer's connection may not read phone numbers or background values: it plans without them
    background = current_role(session).reads_background
    rows = [
        p for p in session.execute(
            select(Person.id, Person.code, Person.first_name, Person.last_name, Person.email,
                   Person.phone if background else literal("").label("phone"),
                   Person.languages, Person.wheelchair, Person.attendance, Person.invited_by_id)
            .where(Person.event_id == e.id)
        )
        if roles.get(p.id, set()) & {"participant", "host", "facilitator"}
    ]
    dim_col = {d.id: j for j, d in enumerate(dims)}
    cat_index = {d.id: {c.id: k for k, c in enumerate(d.categories)} for d in dims}
    row_values: dict[uuid.UUID, list[int]] = {p.id: [planning.UNKNOWN] * len(dims) for p in rows}
    for pid, did, cid in session.execute(
        select(PersonValue.person_id, PersonValue.dimension_id, PersonValue.category_id)
        .join(Person).where(Person.event_id == e.id)
    ) if background else ():
        vals = row_values.get(pid)
        if vals is None or cid is None or did not in dim_col:
            continue
        vals[dim_col[did]] = cat_index[did].get(cid, planning.UNKNOWN)
    people = stable_order(rows, roles, row_values)
    index = {p.id: i for i, p in enumerate(people)}
    table_index = {t.id: g for g, t in enumerate(tables)}
    values = np.full((len(people), len(dims)), planning.UNKNOWN, dtype=np.int64)
    for i, p in enumerate(people):
        values[i, :] = row_values[p.id]
    current = np.full(len(people), -1, dtype=np.int64)
    locked = np.zeros(len(people), dtype=bool)
    seated = np.zeros(len(people), dtype=bool)
    for a in session.scalars(select(Assignment).join(Person).where(Person.event_id == e.id,
                                                                    Assignment.round == round_no)):
        k = index.get(a.person_id)
        if k is None or a.table_id not in table_index:
            continue
        current[k] = table_index[a.table_id]
        locked[k] = a.locked
        seated[k] = a.seated
    host_table = {t.host_id: g for g, t in enumerate(tables) if t.host_id is not None}
    engine_people = []
    for i, p in enumerate(people):
        r = roles.get(p.id, set())
        lock = None
        if locked[i] or seated[i] or (keep_current_as_locks and current[i] >= 0):
            lock = int(current[i])
        elif p.id in host_table:
            lock = host_table[p.id]
        host = index.get(p.invited_by_id) if p.invited_by_id in host_table else None
        engine_people.append(planning.Person(
            is_facilitator="facilitator" in r,
            locked_table=lock,
            needs_accessible=bool(p.wheelchair),
            languages=_languages(p.languages),
            host=host,
            attending=p.attendance in ATTENDING,
        ))
    engine_tables = []
    for t in tables:
        seats = 2 if t.is_training else 1
        engine_tables.append(planning.Table(
            min_size=t.capacity_min + (seats if facilitator_rule else 0), max_size=t.capacity_max + seats,
            accessible=t.accessible, languages=frozenset() if facilitator_rule else _languages(t.languages),
            training=t.is_training, interpreter=t.has_interpreter,
        ))
    apart, together_pairs, soft = _pair_rules(session, e.id, index)
    met = _met_before(session, e.id, index, round_no)
    problem = planning.PlanProblem(
        tables=engine_tables,
        people=engine_people,
        dims=[planning.Dimension(name=d.key, kind=cast(Literal["nominal", "ordinal"], d.kind),
                                 n_categories=max(2, len(d.categories)), weight=d.weight,
                                 dont_isolate=d.dont_isolate) for d in dims],
        values=values,
        unknown=e.unknown_distance,
        apart=apart,
        together=groups_of_pairs(together_pairs),
        soft_pairs=soft,
        met_before=met,
        facilitators_required=facilitator_rule,
    )
    return LoadedProblem(
        problem=problem, person_ids=[p.id for p in people], codes=[p.code for p in people],
        first_names=[p.first_name for p in people], table_ids=[t.id for t in tables],
        table_numbers=[t.number for t in tables], dimension_keys=[d.key for d in dims],
        dimension_names=[d.name for d in dims], sensitive=[d.sensitive for d in dims],
        category_labels=[[c.label for c in d.categories] for d in dims], round=round_no,
        current=current, locked=locked, seated=seated,
    )


def stable_order(rows: list, roles: dict[uuid.UUID, set[str]], values: dict[uuid.UUID, list[int]]) -> list:
    """The people in an order that depends only on what they are, never on random
    participant codes or database order, so that a fresh import of the same file plans
    the same: by name, contact details, needs, roles, values and the host's name; the
    code decides only between people identical in all of these."""
    by_id = {p.id: p for p in rows}

    def name(p) -> tuple[str, str]:
        return (p.last_name or "").casefold(), (p.first_name or "").casefold()

    def key(p) -> tuple:
        host = by_id.get(p.invited_by_id)
        return (*name(p), p.first_name or "", p.last_name or "", p.email or "", p.phone or "",
                p.languages or "", bool(p.wheelchair), p.attendance or "", tuple(sorted(roles.get(p.id, ()))),
                tuple(values.get(p.id, ())), name(host) if host is not None else ("", ""), p.code)

    return sorted(rows, key=key)


def _pair_rules(session: Session, event_id: uuid.UUID, index: dict[uuid.UUID, int]
                ) -> tuple[list[tuple[int, int]], list[tuple[int, int]], dict[tuple[int, int], float]]:
    """The event's pair rules in engine indices: hard "apart" pairs, hard "together" pairs,
    and the soft ones as weights (positive: together)."""
    apart: list[tuple[int, int]] = []
    together_pairs: list[tuple[int, int]] = []
    soft: dict[tuple[int, int], float] = {}
    for r in session.execute(select(PairRule.person_a_id, PairRule.person_b_id, PairRule.hard, PairRule.kind,
                                    PairRule.weight).where(PairRule.event_id == event_id)):
        a, b = index.get(r.person_a_id), index.get(r.person_b_id)
        if a is None or b is None:
            continue
        if r.hard:
            (together_pairs if r.kind == "together" else apart).append((a, b))
        else:
            key = (min(a, b), max(a, b))
            soft[key] = soft.get(key, 0.0) + (abs(r.weight) if r.kind == "together" else -abs(r.weight))
    # in engine order, not database order: the same rules give the same plan
    norm = sorted((min(a, b), max(a, b)) for a, b in apart)
    return norm, sorted((min(a, b), max(a, b)) for a, b in together_pairs), dict(sorted(soft.items()))


def _met_before(session: Session, event_id: uuid.UUID, index: dict[uuid.UUID, int],
                round_no: int) -> list[tuple[int, int]]:
    """The pairs (engine indices) who sat at one table in a round before ``round_no``."""
    met: list[tuple[int, int]] = []
    if round_no > 1:
        earlier: dict[tuple[int, uuid.UUID], list[int]] = {}
        for pid, tid, rnd in session.execute(
            select(Assignment.person_id, Assignment.table_id, Assignment.round).join(Person)
            .where(Person.event_id == event_id, Assignment.round < round_no)
        ):
            if pid in index:
                earlier.setdefault((rnd, tid), []).append(index[pid])
        for members in earlier.values():
            members.sort()
            met.extend((x, y) for k, x in enumerate(members) for y in members[k + 1:])
    return sorted(met)  # (a pair that met in two rounds counts twice)


def groups_of_pairs(pairs: Iterable[tuple[int, int]]) -> list[list[int]]:
    """The groups of people the pairs link (each sorted; union-find)."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        parent[find(a)] = find(b)
    groups: dict[int, list[int]] = {}
    for x in list(parent):
        groups.setdefault(find(x), []).append(x)
    return sorted(sorted(g) for g in groups.values() if len(g) > 1)
