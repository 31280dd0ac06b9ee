"""Pair rules (sit together, sit apart): the list and its undoable edits."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from dialogue_app.errors import NotFound, UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.models import PairRule, Person
from dialogue_app.services import edits, versions
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
    #: the rule's version when read (0: new or not known): a save finding another one is refused
    row_version: int = field(default=0, compare=False)


def list_pair_rules(session: Session) -> list[PairRuleInfo]:
    e = current_event(session)
    names = _names(session, Person.event_id == e.id)
    return [
        PairRuleInfo(r.id, r.person_a_id, r.person_b_id, names.get(r.person_a_id, ""), names.get(r.person_b_id, ""),
                     r.kind, r.hard, r.weight, r.note, row_version=r.row_version)
        for r in session.scalars(select(PairRule).where(PairRule.event_id == e.id))
    ]


def _names(session: Session, where: ColumnElement[bool]) -> dict[uuid.UUID, str]:
    """People's full names by id, for those matching ``where``."""
    return {p.id: f"{p.first_name} {p.last_name}".strip() for p in session.execute(
        select(Person.id, Person.first_name, Person.last_name).where(where))}


def _rule_info(session: Session, r: PairRule) -> PairRuleInfo:
    names = _names(session, Person.id.in_((r.person_a_id, r.person_b_id)))
    return PairRuleInfo(r.id, r.person_a_id, r.person_b_id, names.get(r.person_a_id, ""),
                        names.get(r.person_b_id, ""), r.kind, r.hard, r.weight, r.note, row_version=r.row_version)


def _kind(kind: str) -> str:
    return _("must sit together") if kind == "together" else _("must sit apart")


def _fields() -> tuple[versions.FieldSpec, ...]:
    """A rule's fields as the Pair rules dialog names them (for a refused save: theirs and mine)."""
    return (("kind", _("&Rule:"), _kind), ("hard", _("Hard or soft"), lambda h: _("hard") if h else _("soft")),
            ("weight", _("Strength:"), lambda w: f"{w:g}"), ("note", _("&Note:")))


def save_pair_rule(session: Session, i: PairRuleInfo) -> PairRuleInfo | None:
    """Add or change a pair rule; returns the rule before (None: it is new)."""
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
        before = _rule_info(session, r)
    r.person_a_id, r.person_b_id = a, b
    r.kind, r.hard, r.weight, r.note = i.kind, i.hard, i.weight, i.note
    session.flush()
    return before


def delete_pair_rule(session: Session, rule_id: uuid.UUID) -> PairRuleInfo:
    """Delete a pair rule; returns it (saving it again brings it back)."""
    r = session.get(PairRule, rule_id)
    if r is None:
        raise NotFound(_("That rule no longer exists."))
    info = _rule_info(session, r)
    session.delete(r)
    session.flush()
    return info


#: Pair rules as generic rows: a deleted rule comes back by saving it again.
PAIR_RULE_ROWS: edits.RowKind[PairRuleInfo, PairRuleInfo] = edits.RowKind(
    save=save_pair_rule, delete=delete_pair_rule, restore=save_pair_rule,
    data_id=lambda r: r.id, snapshot_id=lambda r: r.id, areas=frozenset({edits.Area.TABLES}),
    model=PairRule, describe=lambda r: " – ".join(n for n in (r.name_a, r.name_b) if n) or _("Pair rules"),
    fields=_fields,
)


class SavePairRule(edits.SaveRow[PairRuleInfo, PairRuleInfo]):
    """Undoable: add or change a pair rule (sit together, sit apart)."""

    def __init__(self, info: PairRuleInfo, label: str) -> None:
        super().__init__(PAIR_RULE_ROWS, info, label)


class DeletePairRule(edits.DeleteRow[PairRuleInfo, PairRuleInfo]):
    """Undoable: delete a pair rule (the inverse puts it back)."""

    def __init__(self, rule_id: uuid.UUID, label: str) -> None:
        super().__init__(PAIR_RULE_ROWS, rule_id, label)
