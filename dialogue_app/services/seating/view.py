"""The Tables screen and check-in: the stored plan as table cards with scores and
warnings in words, hand moves (move, swap, lock) as undoable edits, check-in by
participant code, walk-ins, and rebalancing with the fewest moves.

Privacy: a table card shows category counts only for non-sensitive dimensions;
for sensitive ones (origin, religion) it shows the number of different groups
and the Blau index, never which label a person holds.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogue_app import i18n, planning
from dialogue_app.codes import normalise_code
from dialogue_app.errors import NotFound, UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.models import Assignment, DialogueTable, PairRule, Person, PersonRole, utcnow
from dialogue_app.planning.mix import table_max_scores, table_mix
from dialogue_app.services import people as people_service
from dialogue_app.services.events import check_event_round, check_round, current_event
from dialogue_app.services.planning import (
    ATTENDING,
    Composition,
    LoadedProblem,
    PlanReport,
    groups_of_pairs,
    load_problem,
    plan_event,
    same_group_pairs,
)
from dialogue_app.services.seating import words as seating_view
from dialogue_app.wording import table_sequence

#: A table whose mean pair distance is below this share of the event's mean is "too homogeneous".
HOMOGENEOUS_SHARE = 0.75


@dataclass(frozen=True)
class SeatPerson:
    id: uuid.UUID
    code: str
    first_name: str
    last_name: str
    is_facilitator: bool
    is_host: bool
    locked: bool
    seated: bool
    attendance: str
    wheelchair: bool
    languages: str
    table: int | None  # table number

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class TableCard:
    id: uuid.UUID
    number: int
    name: str
    venue: str
    host: str
    facilitators: tuple[str, ...]
    capacity_min: int
    capacity_max: int
    guests: int  # seated people who are not facilitators
    accessible: bool
    languages: str
    is_training: bool
    has_interpreter: bool
    people: tuple[SeatPerson, ...]
    no_shows: int
    score: float
    composition: tuple[Composition, ...]
    warnings: tuple[str, ...]
    #: the score as a share of the most mixed table of its size this event's people allow
    #: (``planning.mix``); None below two people
    mix: float | None = None


@dataclass(frozen=True)
class Seating:
    round: int
    rounds: int
    tables: tuple[TableCard, ...]
    unseated: tuple[SeatPerson, ...]
    score: float
    upper_bound: float | None
    share_of_bound: float | None
    violations: int
    #: people alone with their group on a "don't isolate" dimension (None: no such dimension)
    isolated: int | None = None
    #: expected score of seating the same people at random (same table sizes), as a share
    #: of the upper bound, and how much of the gap from there to the bound this plan
    #: closes (1 - normalised regret); None without a bound or with fewer than two people
    random_share: float | None = None
    gap_closed: float | None = None
    #: the table with the lowest mean difference per pair (number) and its score
    least_mixed_table: int | None = None
    least_mixed_score: float | None = None
    #: when the plan keeps people from sitting alone with their group: how many would at a
    #: random seating (expected), which is why the plan is then compared with the bound only
    random_isolated: float | None = None
    #: pairs at one table who already sat together in an earlier round (None in round 1);
    #: pairs every plan seats together (families, hosts with their guests, people locked
    #: at one table) are not counted
    repeated_pairs: int | None = None
    #: of those, the pairs who share a group on a "don't isolate" dimension
    repeated_same_group: int = 0
    #: the least mixed table's mix (share of the most mixed a table of its size could be)
    least_mixed_mix: float | None = None
    #: people who are coming and have a seat in this round
    seated: int = 0


@dataclass(frozen=True)
class CardComposition(Composition):
    """A dimension on a table card; for a sensitive one (no counts) its mix: the Blau index
    as a share of the most even spread the people here could have over its groups."""

    mix: float | None = None


def _even_blau(n: int, k: int) -> float:
    """The largest Blau index of ``n`` people over ``k`` groups (spread evenly)."""
    k = min(n, k)
    if n <= 1 or k <= 1:
        return 0.0
    q, r = divmod(n, k)
    return 1.0 - (r * (q + 1) ** 2 + (k - r) * q * q) / (n * n)


def _composition_for_card(comp: Iterable[Composition], groups: dict[str, int]) -> tuple[Composition, ...]:
    out: list[Composition] = []
    for c in comp:
        if c.sensitive:
            known = sum(n for k, n in c.counts.items() if k != "?")
            best = _even_blau(known, groups.get(c.key, 0))
            blau = c.blau if known else 0.0
            out.append(CardComposition(c.dimension, c.key, True, {}, blau,
                                       mix=min(1.0, blau / best) if best > 0 else None))
        else:
            out.append(c)
    return tuple(out)


def seating(session: Session, round_no: int = 1) -> Seating:
    """Everything the Tables screen shows for one round."""
    return SeatingState.load(session, round_no).view()


class SeatingState:
    """One round's plan held in memory, so that the Tables screen can show the effect of
    a hand move at once: the database is written by the edit, and the same change is
    applied here (:meth:`apply`) without reading everything back."""

    def __init__(self, lp: LoadedProblem, d: np.ndarray, people: dict, tables: dict, rounds: int) -> None:
        self.lp, self.d = lp, d
        self.people, self.tables, self.rounds = people, tables, rounds
        self.index = {pid: i for i, pid in enumerate(lp.person_ids)}
        self.table_index = {tid: g for g, tid in enumerate(lp.table_ids)}
        self.hosts = {t[3] for t in tables.values() if t[3]}

    @classmethod
    def load(cls, session: Session, round_no: int = 1) -> SeatingState:
        from dialogue_app.planning.distance import base_distance

        e = current_event(session)
        lp = load_problem(session, round_no)
        d = base_distance(lp.problem)
        tables = {t.id: (t.number, t.name, t.venue.name if t.venue else "", t.host_id, t.capacity_min,
                         t.capacity_max, t.accessible, t.languages, t.is_training, t.has_interpreter)
                  for t in session.scalars(select(DialogueTable).where(DialogueTable.event_id == e.id))}
        people = {
            p.id: p for p in session.execute(
                select(Person.id, Person.code, Person.first_name, Person.last_name, Person.attendance,
                       Person.wheelchair, Person.languages).where(Person.event_id == e.id))
        }
        return cls(lp, d, people, tables, max(1, e.rounds))

    def apply(self, states: Iterable[SeatState]) -> None:
        """Mirror an applied :class:`SetSeats` edit in memory."""
        for st in states:
            i = self.index.get(st.person_id)
            if i is None:
                continue
            self.lp.current[i] = self.table_index.get(st.table_id, -1) if st.table_id is not None else -1
            self.lp.locked[i] = st.locked
            self.lp.seated[i] = st.seated

    def view(self) -> Seating:
        from dialogue_app.services.planning import report_for

        lp = self.lp
        # people not coming (absent, cancelled) keep their seat until the tables are
        # rebalanced: listed and marked on their card, but the scores, rules and counts are
        # those of the people who are there
        now = self._attending_plan()
        # the bound depends on how many people sit alone ("don't isolate"); cached otherwise
        result = planning.evaluate(lp.problem, now, self.d)
        report = report_for(lp, result)
        hosts = self.hosts
        seat_people: list[SeatPerson] = []
        for i, pid in enumerate(lp.person_ids):
            p = self.people[pid]
            g = int(lp.current[i])
            seat_people.append(SeatPerson(
                id=pid, code=p.code, first_name=p.first_name, last_name=p.last_name,
                is_facilitator=lp.problem.people[i].is_facilitator, is_host=pid in hosts,
                locked=bool(lp.locked[i]), seated=bool(lp.seated[i]), attendance=p.attendance,
                wheelchair=p.wheelchair, languages=p.languages, table=lp.table_numbers[g] if g >= 0 else None,
            ))
        per_table: dict[int, list[str]] = {g: [] for g in range(len(lp.table_ids))}
        # nobody seated yet: the screen says so; no rule is "broken" by an empty round
        for v in result.violations if (now >= 0).any() else ():
            text = self._violation_text(v, seat_people)
            for g in v.tables or ():
                per_table.setdefault(g, []).append(text)
            if not v.tables:
                for i in v.people:
                    g = int(lp.current[i])
                    if g >= 0:
                        per_table[g].append(text)
        isolated: dict[int, dict[str, list[str]]] = {}
        for i, j in result.isolated:
            g = int(lp.current[i])
            if g >= 0:
                isolated.setdefault(g, {}).setdefault(lp.dimension_names[j], []).append(seat_people[i].name)
        for g, dims in isolated.items():
            for dim, who in sorted(dims.items()):
                per_table[g].append(seating_view.isolated_text(who, dim))
        repeated = self._repeated_pairs()
        for g, pairs in repeated.items():
            groups = [i18n.format_list([seat_people[i].name for i in grp]) for grp in sorted(groups_of_pairs(pairs))]
            per_table[g].append(ngettext("{n} pair here sat together in an earlier round: {people}",
                                         "{n} pairs here sat together in an earlier round: {people}",
                                         len(pairs)).format(n=len(pairs), people="; ".join(groups)))
        seated_idx = now[now >= 0]
        sizes = np.bincount(seated_idx, minlength=len(lp.table_ids))
        maxima = table_max_scores(lp.problem, sizes.tolist(), self.d)
        groups = {key: len(labels) for key, labels in zip(lp.dimension_keys, lp.category_labels, strict=True)}
        pair_counts = np.maximum(1.0, sizes * (sizes - 1) / 2.0)
        scores = result.table_scores if result.table_scores is not None else np.zeros(len(lp.table_ids))
        used = sizes > 1
        if used.any():
            mean = float((scores[used] / pair_counts[used]).mean())
            for g in np.flatnonzero(used):
                if scores[g] / pair_counts[g] < HOMOGENEOUS_SHARE * mean:
                    per_table[int(g)].append(_("Too homogeneous: people here are more alike than at most tables"))
        names = {p.id: p.name for p in seat_people}
        members_of: dict[int, list[SeatPerson]] = {}
        for i, sp in enumerate(seat_people):
            if lp.current[i] >= 0:
                members_of.setdefault(int(lp.current[i]), []).append(sp)
        cards = []
        for g, tp in enumerate(report.tables):
            (number, name, venue, host_id, cmin, cmax, accessible, languages, training,
             interpreter) = self.tables[tp.table_id]
            members = sorted(members_of.get(g, []), key=lambda p: (not p.is_facilitator, p.first_name.casefold()))
            here = [p for p in members if p.attendance in ATTENDING]
            away = len(members) - len(here)
            if away:
                per_table[g].append(ngettext(
                    "{n} person seated here is not coming: Rebalance (Check-in tab) frees the seat",
                    "{n} people seated here are not coming: Rebalance (Check-in tab) frees their seats",
                    away).format(n=away))
            cards.append(TableCard(
                id=tp.table_id, number=number, name=name, venue=venue,
                host=names.get(host_id, "") if host_id else "",
                facilitators=tuple(p.name for p in here if p.is_facilitator),
                capacity_min=cmin, capacity_max=cmax, guests=sum(1 for p in here if not p.is_facilitator),
                accessible=accessible, languages=languages, is_training=training, has_interpreter=interpreter,
                people=tuple(members), no_shows=away, score=tp.score,
                composition=_composition_for_card(tp.composition, groups),
                warnings=tuple(dict.fromkeys(per_table.get(g, []))),
                mix=table_mix(tp.score, int(sizes[g]), maxima),
            ))
        # the least mixed table: the lowest share of what a table of its size could be
        mixed = [c for c in cards if c.mix is not None]
        least = min(mixed, key=lambda c: c.mix) if len(mixed) > 1 else None
        unseated = tuple(p for i, p in enumerate(seat_people)
                         if lp.current[i] < 0 and p.attendance in ("registered", "present"))
        return Seating(
            round=lp.round, rounds=self.rounds, tables=tuple(cards), unseated=unseated, score=report.score,
            upper_bound=report.upper_bound, share_of_bound=report.share_of_bound, violations=len(result.violations),
            isolated=(len({i for i, _ in result.isolated})
                      if any(dim.dont_isolate for dim in lp.problem.dims) else None),
            random_share=report.random_share,
            gap_closed=None if report.normalised_regret is None else 1.0 - report.normalised_regret,
            least_mixed_table=least.number if least is not None else None,
            least_mixed_score=least.score if least is not None else None,
            least_mixed_mix=least.mix if least is not None else None,
            seated=len(seated_idx),
            random_isolated=report.random_isolated,
            repeated_pairs=sum(len(p) for p in repeated.values()) if lp.round > 1 else None,
            repeated_same_group=same_group_pairs(lp, [pair for p in repeated.values() for pair in p]),
        )

    def _violation_text(self, v: planning.Violation, seat_people: list[SeatPerson]) -> str:
        """A broken rule naming its people and tables ("Fatima Yılmaz (table 3) is not at the
        table of their host Jan de Vries (table 5)")."""
        lp = self.lp

        def table_of(i: int) -> int | None:
            g = int(lp.current[i])
            return g if g >= 0 else None

        return seating_view.violation_text(
            v.code, v.people, v.tables, lambda i: seat_people[i].name, table_of,
            lambda g: lp.table_numbers[g], lambda g: lp.problem.tables[g].facilitators_needed)

    def _attending_plan(self) -> np.ndarray:
        """The plan without the seats of people who are not coming."""
        attending = np.array([p.attending for p in self.lp.problem.people], dtype=bool)
        return np.where(attending, self.lp.current, -1)

    def _repeated_pairs(self) -> dict[int, list[tuple[int, int]]]:
        """Per table, the attending pairs who already sat together in an earlier round,
        without those every plan seats together (with the locks as they are now)."""
        lp = self.lp
        if lp.round <= 1 or not lp.problem.met_before:
            return {}
        now = self._attending_plan()
        met = {(min(a, b), max(a, b)) for a, b in lp.problem.met_before}
        fixed = lp.locked | lp.seated | np.array([pid in self.hosts for pid in lp.person_ids], dtype=bool)
        again = (planning.pairs_of(now) & met) - planning.forced_pairs(lp.problem, now, fixed)
        out: dict[int, list[tuple[int, int]]] = {}
        for i, j in sorted(again):
            out.setdefault(int(now[i]), []).append((i, j))
        return out


# --- hand edits (undoable) ----------------------------------------------------


def _assignment(session: Session, person_id: uuid.UUID, round_no: int) -> Assignment | None:
    return session.scalars(
        select(Assignment).where(Assignment.person_id == person_id, Assignment.round == round_no)
    ).first()


@dataclass(frozen=True)
class SeatState:
    person_id: uuid.UUID
    table_id: uuid.UUID | None
    locked: bool
    seated: bool


def _seat(person_id: uuid.UUID, a: Assignment | None) -> SeatState:
    if a is None:
        return SeatState(person_id, None, False, False)
    return SeatState(person_id, a.table_id, a.locked, a.seated)


def _state(session: Session, person_id: uuid.UUID, round_no: int) -> SeatState:
    return _seat(person_id, _assignment(session, person_id, round_no))


@dataclass(frozen=True)
class SetSeats:
    """Set the seats of several people in one round; the inverse restores them."""

    states: tuple[SeatState, ...]
    round: int
    label: str

    def apply(self, session: Session) -> SetSeats:
        # one query and one flush for the lot: undoing a plan of 2,000 people stays quick
        ids = [st.person_id for st in self.states]
        current: dict[uuid.UUID, Assignment] = {}
        for k in range(0, len(ids), 500):
            current.update((a.person_id, a) for a in session.scalars(
                select(Assignment).where(Assignment.round == self.round, Assignment.person_id.in_(ids[k:k + 500]))))
        # people to seat who have no seat yet must still exist (checked before any change)
        new = list({st.person_id for st in self.states if st.table_id is not None} - current.keys())
        found: set[uuid.UUID] = set()
        for k in range(0, len(new), 500):
            found.update(session.scalars(select(Person.id).where(Person.id.in_(new[k:k + 500]))))
        if len(found) < len(new):
            raise NotFound(_("That person no longer exists."))
        before = tuple(_seat(pid, current.get(pid)) for pid in ids)
        for st in self.states:
            a = current.get(st.person_id)
            if st.table_id is None:
                if a is not None:
                    session.delete(a)
                continue
            if a is None:
                a = Assignment(person_id=st.person_id, round=self.round, table_id=st.table_id)
                session.add(a)
            a.table_id, a.locked, a.seated = st.table_id, st.locked, st.seated
        session.flush()
        return SetSeats(before, self.round, self.label)


def round_states(session: Session, round_no: int) -> tuple[SeatState, ...]:
    """Every person's seat in a round (no table: ``table_id`` None), to put back later."""
    seats = {a.person_id: a for a in session.scalars(select(Assignment).where(Assignment.round == round_no))}
    return tuple(_seat(pid, seats.get(pid)) for pid in session.scalars(select(Person.id)))


def restore_edit(session: Session, before: Iterable[SeatState], round_no: int, label: str) -> SetSeats | None:
    """The edit that puts back the seats of ``before`` (from :func:`round_states`) for the
    people whose seat has changed since, e.g. to undo a plan; None when nothing changed."""
    now = {st.person_id: st for st in round_states(session, round_no)}
    changed = tuple(st for st in before if st.person_id in now and now[st.person_id] != st)
    return SetSeats(changed, round_no, label) if changed else None


def plan_with_undo(store, round_no: int, label: str, **kwargs) -> tuple[list[PlanReport], SetSeats | None]:
    """``plan_event`` for one round (long work: a worker thread), with the edit that puts
    the plan it replaced back (None when nothing changed)."""
    with store.session() as s:
        before = round_states(s, round_no)
    reports = plan_event(store, round_no=round_no, **kwargs)
    with store.session() as s:
        return reports, restore_edit(s, before, round_no, label)


def move_edit(session: Session, person_ids: Iterable[uuid.UUID], table_id: uuid.UUID | None,
              round_no: int) -> SetSeats:
    """Move people to a table (or off every table); locks are kept."""
    ids = list(person_ids)
    if table_id is not None and session.get(DialogueTable, table_id) is None:
        raise NotFound(_("That table no longer exists."))
    states = []
    for pid in ids:
        cur = _state(session, pid, round_no)
        states.append(SeatState(pid, table_id, cur.locked, cur.seated if table_id == cur.table_id else False))
    label = ngettext("Move {n} person", "Move {n} people", len(ids)).format(n=len(ids))
    return SetSeats(tuple(states), round_no, label)


def swap_edit(session: Session, a: uuid.UUID, b: uuid.UUID, round_no: int) -> SetSeats:
    """Swap the tables of two people (dropping a person on a person)."""
    sa, sb = _state(session, a, round_no), _state(session, b, round_no)
    return SetSeats((SeatState(a, sb.table_id, sa.locked, False), SeatState(b, sa.table_id, sb.locked, False)),
                    round_no, _("Swap two people"))


def lock_edit(session: Session, person_ids: Iterable[uuid.UUID], locked: bool, round_no: int) -> SetSeats:
    states = []
    for pid in person_ids:
        cur = _state(session, pid, round_no)
        if cur.table_id is None:
            continue
        states.append(SeatState(pid, cur.table_id, locked, cur.seated))
    if not states:
        raise UserInputError(_("Only seated people can be locked."))
    label = (ngettext("Lock {n} person", "Lock {n} people", len(states)) if locked else
             ngettext("Unlock {n} person", "Unlock {n} people", len(states))).format(n=len(states))
    return SetSeats(tuple(states), round_no, label)


def table_id_by_number(session: Session, number: int) -> uuid.UUID:
    e = current_event(session)
    t = session.scalars(select(DialogueTable).where(DialogueTable.event_id == e.id,
                                                    DialogueTable.number == number)).first()
    if t is None:
        raise NotFound(_("There is no table {number}.").format(number=number))
    return t.id


def met_before(session: Session, person_id: uuid.UUID, round_no: int) -> list[str]:
    """Names of the people this person already sat with in rounds before ``round_no``."""
    mine = session.execute(select(Assignment.table_id, Assignment.round)
                           .where(Assignment.person_id == person_id, Assignment.round < round_no)).all()
    names: set[str] = set()
    for tid, rnd in mine:
        for first, last in session.execute(
            select(Person.first_name, Person.last_name).join(Assignment, Assignment.person_id == Person.id)
            .where(Assignment.table_id == tid, Assignment.round == rnd, Person.id != person_id)
        ):
            names.add(f"{first} {last}".strip())
    return sorted(names, key=str.casefold)


# --- check-in ---------------------------------------------------------------------


@dataclass(frozen=True)
class CheckInResult:
    person_id: uuid.UUID
    code: str
    name: str
    table: int | None
    already: bool
    #: the person's tables in the event's later rounds (None: no seat yet in that round)
    later: tuple[int | None, ...] = ()


@dataclass(frozen=True)
class WaitingPerson:
    name: str
    code: str
    table: int | None
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    no_show: bool = False  # marked "not arrived" when check-in was closed

    @property
    def search_parts(self) -> tuple[str, ...]:
        return (self.first_name, self.last_name, self.code, self.email)


@dataclass(frozen=True)
class TableArrivals:
    number: int
    arrived: int
    missing: int  # not (yet) here: registered, absent or cancelled


@dataclass(frozen=True)
class CheckInOverview:
    waiting: tuple[WaitingPerson, ...]  # seated-role people not checked in yet, by name
    tables: tuple[TableArrivals, ...]
    arrived: int = 0  # registered people (not walk-ins) who checked in
    expected: int = 0  # registered people (not walk-ins, not cancelled)
    walk_ins: int = 0  # walk-ins present


def checkin_overview(session: Session, round_no: int = 1) -> CheckInOverview:
    """What the check-in desk shows after every scan: three plain queries, no scoring."""
    e = current_event(session)
    seated_roles = {"participant", "host", "facilitator"}
    roles: dict[uuid.UUID, set[str]] = {}
    for pid, role in session.execute(select(PersonRole.person_id, PersonRole.role).join(Person)
                                     .where(Person.event_id == e.id)):
        roles.setdefault(pid, set()).add(role)
    numbers = {tid: n for tid, n in session.execute(
        select(DialogueTable.id, DialogueTable.number).where(DialogueTable.event_id == e.id))}
    seat = dict(session.execute(select(Assignment.person_id, Assignment.table_id).join(Person)
                                .where(Person.event_id == e.id, Assignment.round == round_no)).all())
    arrived = dict.fromkeys(numbers.values(), 0)
    missing = dict.fromkeys(numbers.values(), 0)
    waiting = []
    came = expected = walk_ins = 0
    for pid, code, first, last, email, attendance, walk_in in session.execute(
        select(Person.id, Person.code, Person.first_name, Person.last_name, Person.email, Person.attendance,
               Person.walk_in)
        .where(Person.event_id == e.id)
    ):
        if not roles.get(pid, set()) & seated_roles:
            continue
        number = numbers.get(seat.get(pid))
        if number is not None:
            (arrived if attendance == "present" else missing)[number] += 1
        if walk_in:
            walk_ins += attendance == "present"
        elif attendance != "cancelled":
            expected += 1
            came += attendance == "present"
        if attendance != "present":
            waiting.append(WaitingPerson(f"{first} {last}".strip(), code, number, first or "", last or "",
                                         email or "", attendance == "absent"))
    waiting.sort(key=lambda w: w.name.casefold())
    return CheckInOverview(
        tuple(waiting), tuple(TableArrivals(n, arrived[n], missing[n]) for n in sorted(numbers.values())),
        came, expected, walk_ins,
    )


def check_in(session: Session, code: str, round_no: int = 1) -> CheckInResult:
    """Mark the person with this code present; their seat becomes "seated" (never moved by rebalancing)."""
    check_round(round_no)
    text = normalise_code(code)
    if not text:
        raise UserInputError(_("Type or scan a participant code."))
    e = current_event(session)
    check_event_round(e, round_no)
    p = session.scalars(select(Person).where(Person.event_id == e.id, Person.code == text)).first()
    if p is None:
        raise NotFound(_("No person has the code “{code}”.").format(code=code.strip()))
    already = p.attendance == "present"
    p.attendance = "present"
    if p.checked_in_at is None:
        p.checked_in_at = utcnow()
    a = _assignment(session, p.id, round_no)
    number = None
    if a is not None:
        a.seated = True
        number = session.get(DialogueTable, a.table_id).number
    session.flush()
    return CheckInResult(p.id, p.code, f"{p.first_name} {p.last_name}".strip(), number, already,
                         later_tables(session, p.id, round_no, e.rounds))


def add_walk_in(session: Session, first_name: str, last_name: str = "", *, languages: str = "",
                wheelchair: bool = False, table_number: int | None = None, round_no: int = 1) -> CheckInResult:
    """Register someone who walks in: present at once, seated at a table if one is given."""
    check_round(round_no)
    check_event_round(current_event(session), round_no)
    data = people_service.PersonData(
        id=people_service.new_person().id, first_name=first_name, last_name=last_name, languages=languages,
        wheelchair=wheelchair, attendance="present",
    )
    people_service.save_person(session, data)
    p = session.get(Person, data.id)
    p.walk_in = True
    number = None
    if table_number is not None:
        tid = table_id_by_number(session, table_number)
        session.add(Assignment(person_id=p.id, table_id=tid, round=round_no, seated=True))
        number = table_number
    session.flush()
    return CheckInResult(p.id, p.code, f"{p.first_name} {p.last_name}".strip(), number, False)


def close_check_in(session: Session) -> int:
    """Everyone registered who did not check in becomes absent (a no-show). Returns how many."""
    e = current_event(session)
    n = 0
    for p in session.scalars(select(Person).where(Person.event_id == e.id, Person.attendance == "registered")):
        roles = {r.role for r in p.roles}
        if roles & {"participant", "host", "facilitator"}:
            p.attendance = "absent"
            n += 1
    session.flush()
    return n


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


# --- pair rules ---------------------------------------------------------------------


@dataclass(frozen=True)
class PairRuleInfo:
    id: uuid.UUID
    person_a: uuid.UUID
    person_b: uuid.UUID
    name_a: str
    name_b: str
    kind: str  # together | apart
    hard: bool
    weight: float
    note: str


def list_pair_rules(session: Session) -> list[PairRuleInfo]:
    e = current_event(session)
    names = {p.id: f"{p.first_name} {p.last_name}".strip() for p in session.execute(
        select(Person.id, Person.first_name, Person.last_name).where(Person.event_id == e.id))}
    return [
        PairRuleInfo(r.id, r.person_a_id, r.person_b_id, names.get(r.person_a_id, ""), names.get(r.person_b_id, ""),
                     r.kind, r.hard, r.weight, r.note)
        for r in session.scalars(select(PairRule).where(PairRule.event_id == e.id))
    ]


@dataclass(frozen=True)
class SavePairRule:
    info: PairRuleInfo
    label: str

    def apply(self, session: Session):
        i = self.info
        if i.person_a == i.person_b:
            raise UserInputError(_("A pair rule needs two different people."))
        if i.kind not in ("together", "apart"):
            raise UserInputError(_("A pair rule is “together” or “apart”."))
        if not 0 < i.weight <= 10:
            raise UserInputError(_("The strength of a rule must be between 0 and 10."))
        e = current_event(session)
        a, b = sorted((i.person_a, i.person_b), key=str)
        clash = session.scalars(select(PairRule).where(
            ((PairRule.person_a_id == a) & (PairRule.person_b_id == b))
            | ((PairRule.person_a_id == b) & (PairRule.person_b_id == a)), PairRule.id != i.id)).first()
        if clash is not None:
            raise UserInputError(_("These two people already have a rule; edit that one."))
        r = session.get(PairRule, i.id)
        before = None
        if r is None:
            r = PairRule(id=i.id, event_id=e.id)
            session.add(r)
        else:
            before = self._info(r)
        r.person_a_id, r.person_b_id = a, b
        r.kind, r.hard, r.weight, r.note = i.kind, i.hard, i.weight, i.note
        session.flush()
        return DeletePairRule(i.id, self.label) if before is None else SavePairRule(before, self.label)

    @staticmethod
    def _info(r: PairRule) -> PairRuleInfo:
        return PairRuleInfo(r.id, r.person_a_id, r.person_b_id, "", "", r.kind, r.hard, r.weight, r.note)


@dataclass(frozen=True)
class DeletePairRule:
    rule_id: uuid.UUID
    label: str

    def apply(self, session: Session):
        r = session.get(PairRule, self.rule_id)
        if r is None:
            raise NotFound(_("That rule no longer exists."))
        info = SavePairRule._info(r)
        session.delete(r)
        session.flush()
        return SavePairRule(info, self.label)



# --- undoable check-in ------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceState:
    person_id: uuid.UUID
    attendance: str
    checked_in_at: object
    seated: bool


@dataclass(frozen=True)
class RestoreAttendance:
    states: tuple[AttendanceState, ...]
    round: int
    label: str

    def apply(self, session: Session) -> RestoreAttendance:
        before = tuple(_attendance_state(session, s.person_id, self.round) for s in self.states)
        for st in self.states:
            p = session.get(Person, st.person_id)
            if p is None:
                continue
            p.attendance, p.checked_in_at = st.attendance, st.checked_in_at
            a = _assignment(session, st.person_id, self.round)
            if a is not None:
                a.seated = st.seated
        session.flush()
        return RestoreAttendance(before, self.round, self.label)


def _attendance_state(session: Session, person_id: uuid.UUID, round_no: int) -> AttendanceState:
    p = session.get(Person, person_id)
    a = _assignment(session, person_id, round_no)
    return AttendanceState(person_id, p.attendance, p.checked_in_at, bool(a and a.seated))


@dataclass(frozen=True)
class CheckIn:
    """Check a person in by code (undoable)."""

    code: str
    round: int
    label: str

    def apply(self, session: Session) -> RestoreAttendance:
        e = current_event(session)
        p = session.scalars(select(Person).where(Person.event_id == e.id,
                                                 Person.code == normalise_code(self.code))).first()
        before = (_attendance_state(session, p.id, self.round),) if p is not None else ()
        check_in(session, self.code, self.round)
        return RestoreAttendance(before, self.round, self.label)


@dataclass(frozen=True)
class CloseCheckIn:
    """Everyone registered who did not come becomes absent (undoable)."""

    round: int
    label: str

    def apply(self, session: Session) -> RestoreAttendance:
        e = current_event(session)
        ids = list(session.scalars(select(Person.id).where(Person.event_id == e.id,
                                                           Person.attendance == "registered")))
        before = tuple(_attendance_state(session, pid, self.round) for pid in ids)
        close_check_in(session)
        return RestoreAttendance(before, self.round, self.label)


def lookup_code(session: Session, code: str, round_no: int = 1) -> CheckInResult:
    """Who has this code and where do they sit (no change)."""
    e = current_event(session)
    p = session.scalars(select(Person).where(Person.event_id == e.id, Person.code == normalise_code(code))).first()
    if p is None:
        raise NotFound(_("No person has the code “{code}”.").format(code=code.strip()))
    a = _assignment(session, p.id, round_no)
    number = session.get(DialogueTable, a.table_id).number if a is not None else None
    return CheckInResult(p.id, p.code, f"{p.first_name} {p.last_name}".strip(), number, p.attendance == "present",
                         later_tables(session, p.id, round_no, e.rounds))


def then_text(r: CheckInResult) -> str:
    """"(then 7)" (or "(then 7 → 12)") when the person changes tables in later rounds."""
    if r.table is None or not any(t is not None and t != r.table for t in r.later):
        return ""
    return _("(then {tables})").format(tables=table_sequence(r.later))


def later_tables(session: Session, person_id: uuid.UUID, round_no: int, rounds: int) -> tuple[int | None, ...]:
    """The person's table numbers in the rounds after ``round_no`` up to ``rounds``."""
    if round_no >= rounds:
        return ()
    numbers = dict(session.execute(
        select(Assignment.round, DialogueTable.number).join(DialogueTable, DialogueTable.id == Assignment.table_id)
        .where(Assignment.person_id == person_id, Assignment.round > round_no, Assignment.round <= rounds)
    ).all())
    return tuple(numbers.get(r) for r in range(round_no + 1, rounds + 1))


@dataclass(frozen=True)
class AddWalkIn:
    first_name: str
    last_name: str
    table_number: int | None
    round: int
    label: str
    wheelchair: bool = False
    languages: str = ""

    def apply(self, session: Session):
        from dialogue_app.services.edits import DeletePerson

        r = add_walk_in(session, self.first_name, self.last_name, table_number=self.table_number,
                        round_no=self.round, wheelchair=self.wheelchair, languages=self.languages)
        return DeletePerson(r.person_id, self.label)
