"""The smallest fix for an impossible plan, in the event's terms, and the undoable edit
that makes it (tables added, a table made accessible or given an interpreter, larger
tables, an "apart" rule dropped), through the tables editor's and pair rules' edits.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogue_app import planning
from dialogue_app.errors import NotFound
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.models import PairRule
from dialogue_app.planning.fixes import Fix, smallest_fix
from dialogue_app.services import edits
from dialogue_app.services.planning import LoadedProblem, load_problem
from dialogue_app.services.seating import table_edits
from dialogue_app.services.seating.pair_rules import DeletePairRule


@dataclass(frozen=True)
class PlanFix:
    """A fix the feasibility check has been re-run on. ``tables``: table numbers (for
    ``add_tables``: the table the new ones are made like); ``count``: tables to add or
    places more per table; ``size``: guests per added table; ``people``: participant codes."""

    kind: str
    text: str
    tables: tuple[int, ...]
    table_ids: tuple[uuid.UUID, ...]
    people: tuple[str, ...]
    person_ids: tuple[uuid.UUID, ...]
    count: int = 0
    size: int = 0

    def to_json(self) -> dict:
        out: dict = {"kind": self.kind, "text": self.text}
        if self.kind == "add_tables":
            out.update(tables=self.count, size=self.size, like_table=self.tables[0])
        else:
            out["tables"] = list(self.tables)
        if self.kind == "raise_max":
            out["by"] = self.count
        if self.people:
            out["people"] = list(self.people)
        return out


def propose_fix(session: Session, round_no: int = 1) -> PlanFix | None:
    """The smallest fix for the round's impossible rules (None: a plan can be made, or no
    single change of the kinds the engine knows is enough)."""
    lp = load_problem(session, round_no)
    fix = smallest_fix(lp.problem, planning.check_feasibility(lp.problem))
    return None if fix is None else _in_event_terms(session, lp, fix)


def _name(lp: LoadedProblem, i: int) -> str:
    return f"{lp.first_names[i]} ({lp.codes[i]})"


def _in_event_terms(session: Session, lp: LoadedProblem, fix: Fix) -> PlanFix:
    numbers = tuple(lp.table_numbers[g] for g in fix.tables)
    ids = tuple(lp.table_ids[g] for g in fix.tables)
    tabs = ", ".join(str(n) for n in numbers)
    size = 0
    if fix.kind == "add_tables":
        size = table_edits.table_fields(session, ids[0]).capacity_max
        text = ngettext("Smallest fix: add {n} table for {size} guests.",
                        "Smallest fix: add {n} tables for {size} guests.", fix.count).format(n=fix.count, size=size)
    elif fix.kind == "raise_max" and len(fix.tables) == lp.problem.n_tables > 1:
        text = _("Smallest fix: raise every table's maximum size by {k}.").format(k=fix.count)
    elif fix.kind == "raise_max":
        text = ngettext("Smallest fix: raise the maximum size of table {tables} by {k}.",
                        "Smallest fix: raise the maximum size of tables {tables} by {k}.",
                        len(numbers)).format(tables=tabs, k=fix.count)
    elif fix.kind == "mark_accessible":
        text = ngettext("Smallest fix: mark table {tables} wheelchair accessible.",
                        "Smallest fix: mark tables {tables} wheelchair accessible.", len(numbers)).format(tables=tabs)
    elif fix.kind == "interpreter":
        text = _("Smallest fix: an interpreter at table {table}.").format(table=tabs)
    else:
        a, b = fix.people
        text = _("Smallest fix: drop the “apart” rule between {a} and {b}.").format(a=_name(lp, a), b=_name(lp, b))
    return PlanFix(fix.kind, text, numbers, ids, tuple(lp.codes[i] for i in fix.people),
                   tuple(lp.person_ids[i] for i in fix.people), fix.count, size)


def fix_edit(session: Session, fix: PlanFix) -> edits.Edit:
    """The undoable edit that makes ``fix`` (labelled with its sentence, for Edit ▸ Undo)."""
    label = fix.text
    if fix.kind == "add_tables":
        like = table_edits.table_fields(session, fix.table_ids[0])
        fields = replace(like, has_interpreter=False, is_training=False, name="")
        return table_edits.AddTables(fix.count, fields, label)
    if fix.kind == "drop_apart":
        a, b = fix.person_ids
        rule = session.scalars(select(PairRule).where(
            PairRule.kind == "apart", PairRule.hard.is_(True),
            ((PairRule.person_a_id == a) & (PairRule.person_b_id == b))
            | ((PairRule.person_a_id == b) & (PairRule.person_b_id == a)))).first()
        if rule is None:
            raise NotFound(_("That rule no longer exists."))
        return DeletePairRule(rule.id, label)
    changes = []
    for tid in fix.table_ids:
        f = table_edits.table_fields(session, tid)
        if fix.kind == "raise_max":
            f = replace(f, capacity_max=f.capacity_max + fix.count)
        elif fix.kind == "mark_accessible":
            f = replace(f, accessible=True)
        else:  # interpreter
            f = replace(f, has_interpreter=True)
        changes.append(table_edits.EditTable(tid, f, label))
    return changes[0] if len(changes) == 1 else edits.Composite(tuple(changes), label)
