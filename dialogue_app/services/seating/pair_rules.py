"""Pair rules (sit together, sit apart): the list and its undoable edits."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogue_app.errors import NotFound, UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.models import PairRule, Person
from dialogue_app.services.events import current_event


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
