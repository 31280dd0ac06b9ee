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
from typing import NamedTuple

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogue_app import i18n, planning
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.models import DialogueTable, Person
from dialogue_app.planning.mix import table_max_scores, table_mix
from dialogue_app.services.events import current_event
from dialogue_app.services.planning import (
    ATTENDING,
    Composition,
    LoadedProblem,
    PlanReport,
    groups_of_pairs,
    load_problem,
    same_group_pairs,
)
from dialogue_app.services.seating import words as seating_view
from dialogue_app.services.seating.edits import SeatState

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
    #: tables lack the facilitators they need and there are not enough facilitators for
    #: them: the plan was made with the rule that each table has a facilitator off
    facilitator_rule_off: bool = False


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


class TableRow(NamedTuple):
    """A table as the cards show it (read once per :class:`SeatingState`)."""

    number: int
    name: str
    venue: str
    host_id: uuid.UUID | None
    capacity_min: int
    capacity_max: int
    accessible: bool
    languages: str
    is_training: bool
    has_interpreter: bool


class SeatingState:
    """One round's plan held in memory, so that the Tables screen can show the effect of
    a hand move at once: the database is written by the edit, and the same change is
    applied here (:meth:`apply`) without reading everything back."""

    def __init__(self, lp: LoadedProblem, d: np.ndarray, people: dict,
                 tables: dict[uuid.UUID, TableRow], rounds: int) -> None:
        self.lp, self.d = lp, d
        self.people, self.tables, self.rounds = people, tables, rounds
        self.index = {pid: i for i, pid in enumerate(lp.person_ids)}
        self.table_index = {tid: g for g, tid in enumerate(lp.table_ids)}
        self.hosts = {t.host_id for t in tables.values() if t.host_id}

    @classmethod
    def load(cls, session: Session, round_no: int = 1) -> SeatingState:
        from dialogue_app.planning.distance import base_distance

        e = current_event(session)
        lp = load_problem(session, round_no)
        d = base_distance(lp.problem)
        tables = {t.id: TableRow(t.number, t.name, t.venue.name if t.venue else "", t.host_id, t.capacity_min,
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
        seat_people = self._seat_people()
        per_table: dict[int, list[str]] = {g: [] for g in range(len(lp.table_ids))}
        self._rule_warnings(result, now, seat_people, per_table)
        repeated = self._repeated_pairs()
        for g, pairs in repeated.items():
            groups = [i18n.format_list([seat_people[i].name for i in grp]) for grp in sorted(groups_of_pairs(pairs))]
            per_table[g].append(ngettext("{n} pair here sat together in an earlier round: {people}",
                                         "{n} pairs here sat together in an earlier round: {people}",
                                         len(pairs)).format(n=len(pairs), people="; ".join(groups)))
        seated_idx = now[now >= 0]
        sizes = np.bincount(seated_idx, minlength=len(lp.table_ids))
        self._homogeneous_warnings(result, sizes, per_table)
        members_of: dict[int, list[SeatPerson]] = {}
        for i, sp in enumerate(seat_people):
            if lp.current[i] >= 0:
                members_of.setdefault(int(lp.current[i]), []).append(sp)
        cards = self._cards(report, members_of, {p.id: p.name for p in seat_people}, per_table, sizes)
        # the least mixed table: the lowest share of what a table of its size could be
        mixed = [c for c in cards if c.mix is not None]
        least = min(mixed, key=lambda c: c.mix or 0.0) if len(mixed) > 1 else None
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
            facilitator_rule_off=self._facilitator_rule_off(result),
        )

    def _facilitator_rule_off(self, result: planning.PlanResult) -> bool:
        """The plan leaves tables without the facilitators they need while the event has
        too few facilitators for them (no plan could keep the rule): it was made without it."""
        if not any(v.code == "facilitator_count" for v in result.violations):
            return False
        return any(x.code == "too_few_facilitators" for x in planning.check_feasibility(self.lp.problem))

    def _seat_people(self) -> list[SeatPerson]:
        """Every person of the round as the cards list them."""
        lp, hosts = self.lp, self.hosts
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
        return seat_people

    def _rule_warnings(self, result: planning.PlanResult, now: np.ndarray, seat_people: list[SeatPerson],
                       per_table: dict[int, list[str]]) -> None:
        """Add the broken rules and the people alone with their group to their tables' warnings."""
        lp = self.lp
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

    def _homogeneous_warnings(self, result: planning.PlanResult, sizes: np.ndarray,
                              per_table: dict[int, list[str]]) -> None:
        """Warn at the tables whose people are much more alike than at most tables."""
        pair_counts = np.maximum(1.0, sizes * (sizes - 1) / 2.0)
        scores = result.table_scores if result.table_scores is not None else np.zeros(len(self.lp.table_ids))
        used = sizes > 1
        if used.any():
            mean = float((scores[used] / pair_counts[used]).mean())
            for g in np.flatnonzero(used):
                if scores[g] / pair_counts[g] < HOMOGENEOUS_SHARE * mean:
                    per_table[int(g)].append(_("Too homogeneous: people here are more alike than at most tables"))

    def _cards(self, report: PlanReport, members_of: dict[int, list[SeatPerson]], names: dict[uuid.UUID, str],
               per_table: dict[int, list[str]], sizes: np.ndarray) -> list[TableCard]:
        """One card per table, in the report's order."""
        lp = self.lp
        maxima = table_max_scores(lp.problem, sizes.tolist(), self.d)
        groups = {key: len(labels) for key, labels in zip(lp.dimension_keys, lp.category_labels, strict=True)}
        cards = []
        for g, tp in enumerate(report.tables):
            t = self.tables[tp.table_id]
            members = sorted(members_of.get(g, []), key=lambda p: (not p.is_facilitator, p.first_name.casefold()))
            here = [p for p in members if p.attendance in ATTENDING]
            away = len(members) - len(here)
            if away:
                per_table[g].append(ngettext(
                    "{n} person seated here is not coming: Rebalance (Check-in tab) frees the seat",
                    "{n} people seated here are not coming: Rebalance (Check-in tab) frees their seats",
                    away).format(n=away))
            cards.append(TableCard(
                id=tp.table_id, number=t.number, name=t.name, venue=t.venue,
                host=names.get(t.host_id, "") if t.host_id else "",
                facilitators=tuple(p.name for p in here if p.is_facilitator),
                capacity_min=t.capacity_min, capacity_max=t.capacity_max,
                guests=sum(1 for p in here if not p.is_facilitator),
                accessible=t.accessible, languages=t.languages, is_training=t.is_training,
                has_interpreter=t.has_interpreter,
                people=tuple(members), no_shows=away, score=tp.score,
                composition=_composition_for_card(tp.composition, groups),
                warnings=tuple(dict.fromkeys(per_table.get(g, []))),
                mix=table_mix(tp.score, int(sizes[g]), maxima),
            ))
        return cards

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
