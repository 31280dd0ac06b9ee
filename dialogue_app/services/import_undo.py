"""Taking an import back, and doing it again (Edit ▸ Undo / Redo after the import wizard).

An import adds people (with their roles, values and consents), adds categories to open
dimensions and brings people already in the event up to date. ``undo_import`` removes
exactly that: the people it added (and whatever has come to hang off them since, kept
for a redo), the rows it added to people already there, the categories it created, and
it puts back the columns and values it changed, but only where they still hold what the
import wrote, so that a later change (a check-in, an edit) is never overwritten.
``redo_import`` writes it all again, all or nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from dialogue_app.i18n import gettext as _
from dialogue_app.importing.model import ImportChanges
from dialogue_app.models import Base, Category, Person, PersonValue
from dialogue_app.services import rowsnap


@dataclass(frozen=True)
class UndoneImport:
    """An import taken back: what ``redo_import`` needs to write it again."""

    changes: ImportChanges
    people: rowsnap.RowSnapshot  # the people the import added, as they were at the undo
    categories: tuple[dict[str, Any], ...]  # categories the import created and the undo removed
    rows: tuple[tuple[str, dict[str, Any]], ...]  # rows it added to people already in the event


def _set_columns(session: Session, changes: ImportChanges, *, forward: bool) -> None:
    """Set each changed column to its value after (forward) or before the import, where
    it still holds the other one; ``updated_at`` goes last and only where nothing else
    has touched the row since. One executemany per table, column and kind of old value."""
    tables = Base.metadata.tables
    groups: dict[tuple[str, str, bool], list[dict[str, Any]]] = {}
    for name, rid, column, before, after in changes.columns:
        old, new = (before, after) if forward else (after, before)
        groups.setdefault((name, column, old is None), []).append({"b_id": rid, "b_old": old, "b_new": new})
    for (name, column, old_null), params in sorted(groups.items(), key=lambda kv: kv[0][1] == "updated_at"):
        t = tables[name]
        keep: dict[str, Any] = {} if column == "updated_at" else {"updated_at": t.c.updated_at}  # no onupdate stamp
        keep["row_version"] = t.c.row_version + 1  # a change: an editor open on the row sees it is stale
        match = t.c[column].is_(None) if old_null else t.c[column] == bindparam("b_old")
        stmt = update(t).where(t.c.id == bindparam("b_id"), match).values({column: bindparam("b_new"), **keep})
        session.execute(stmt, [p if not old_null else {"b_id": p["b_id"], "b_new": p["b_new"]} for p in params])


def _insert(session: Session, rows: Iterable[tuple[str, dict[str, Any]]]) -> None:
    """Insert (table name, row) pairs, one executemany per table, in the given order of tables."""
    tables = Base.metadata.tables
    by_table: dict[str, list[dict[str, Any]]] = {}
    for name, row in rows:
        by_table.setdefault(name, []).append(row)
    for name, batch in by_table.items():
        session.execute(insert(tables[name]), batch)


def undo_import(session: Session, changes: ImportChanges) -> UndoneImport:
    """Take an import back (see the module docstring); returns what a redo needs."""
    tables = Base.metadata.tables
    person = cast(Table, Person.__table__)  # typed as any FROM clause; a mapped class's table is a Table
    people = rowsnap.snapshot(session, person, Person.id.in_(changes.created_people))
    if changes.created_people:
        session.execute(delete(person).where(Person.id.in_(changes.created_people)))
    rows: list[tuple[str, dict[str, Any]]] = []
    by_table: dict[str, list[uuid.UUID]] = {}
    for name, rid in changes.added_rows:
        by_table.setdefault(name, []).append(rid)
    for name, ids in by_table.items():
        tbl = tables[name]
        rows.extend((name, dict(r._mapping)) for r in session.execute(select(tbl).where(tbl.c.id.in_(ids))))
        session.execute(delete(tbl).where(tbl.c.id.in_(ids)))
    _set_columns(session, changes, forward=False)
    # a category the import created goes again unless someone's value uses it by now
    used = set(session.scalars(select(PersonValue.category_id)
                               .where(PersonValue.category_id.in_(changes.created_categories))))
    gone = [c for c in changes.created_categories if c not in used]
    cat = cast(Table, Category.__table__)
    categories = tuple(dict(r._mapping) for r in session.execute(select(cat).where(cat.c.id.in_(gone))))
    if gone:
        session.execute(delete(cat).where(cat.c.id.in_(gone)))
    session.flush()
    session.expire_all()
    return UndoneImport(changes, people, categories, tuple(rows))


def redo_import(session: Session, undone: UndoneImport) -> ImportChanges:
    """Write an import taken back by ``undo_import`` again, all or nothing: when
    something it depends on has gone since (a dimension, a person it updated), nothing
    is written and the user is told why."""

    def write(s: Session) -> None:
        _insert(s, ((Category.__tablename__, row) for row in undone.categories))
        rowsnap.restore(s, undone.people)
        _insert(s, undone.rows)
        _set_columns(s, undone.changes, forward=True)

    rowsnap.apply_or_refuse(session, write, _(
        "The import can no longer be done again: something it depended on has been changed or removed since."))
    session.expire_all()
    return undone.changes
