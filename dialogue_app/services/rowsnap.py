"""Snapshots of a row and everything that hangs off it, for undoing a delete.

Deleting a row cascades (``ON DELETE CASCADE``) to rows that belong to it and clears
(``ON DELETE SET NULL``) links from rows that merely point at it: a survey response
linked to a participant, a commitment, a guest's host. ``snapshot`` walks the foreign
keys of the models' metadata (SQLAlchemy Core, any backend) before the delete;
``restore`` puts the rows back, parents first, and re-links what was cleared. New models
are covered without changes here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, and_, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dialogue_app.errors import UserInputError
from dialogue_app.models import Base


@dataclass(frozen=True)
class Link:
    """A column that pointed at a deleted row and was cleared by the delete."""

    table: str
    column: str
    key: tuple[tuple[str, Any], ...]  # the row's primary key
    value: Any
    stamps: tuple[tuple[str, Any], ...] = ()  # columns with an onupdate default (updated_at), as they were


@dataclass(frozen=True)
class RowSnapshot:
    rows: tuple[tuple[str, dict[str, Any]], ...]  # (table, row), parents before children
    links: tuple[Link, ...]


def _stamps(table: Table, row: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    """Values of the columns an UPDATE would bump, so that a restore leaves them as they were."""
    return tuple((c.name, row[c.name]) for c in table.columns if c.onupdate is not None)


def _key(table: Table, row: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple((c.name, row[c.name]) for c in table.primary_key.columns)


def snapshot(session: Session, table: Table, where: Any) -> RowSnapshot:
    """The rows of ``table`` matching ``where``, their cascaded dependents (recursively)
    and the SET NULL links to any of them."""
    rows: dict[tuple[str, tuple], dict[str, Any]] = {}
    links: dict[tuple[str, str, tuple], Link] = {}
    children = [(t, fk) for t in Base.metadata.sorted_tables for fk in t.foreign_keys]

    def visit(tbl: Table, clause: Any) -> None:
        pk = [c.name for c in tbl.primary_key.columns]
        fresh = []
        for m in session.execute(select(tbl).where(clause)).mappings():
            key = (tbl.name, tuple((c, m[c]) for c in pk))
            if key not in rows:
                rows[key] = r = dict(m)
                fresh.append(r)
        if not fresh:
            return
        for child, fk in children:
            if fk.column.table is not tbl:
                continue
            targets = {r[fk.column.name] for r in fresh} - {None}
            if not targets:
                continue
            match = fk.parent.in_(targets)
            rule = (fk.ondelete or "").upper()
            if rule == "CASCADE":
                visit(child, match)
            elif rule == "SET NULL":
                for hit in session.execute(select(child).where(match)):
                    values = dict(hit._mapping)
                    pk_values = _key(child, values)
                    links[(child.name, fk.parent.name, pk_values)] = Link(
                        child.name, fk.parent.name, pk_values, values[fk.parent.name], _stamps(child, values))

    visit(table, where)
    order = {t.name: i for i, t in enumerate(Base.metadata.sorted_tables)}
    ordered = sorted(rows.items(), key=lambda kv: order[kv[0][0]])
    deleted = set(rows)
    kept_links = tuple(lk for k, lk in links.items() if (k[0], k[2]) not in deleted)
    inner_links = [lk for k, lk in links.items() if (k[0], k[2]) in deleted]
    out_rows = []
    for (name, key), row in ordered:
        row = dict(row)
        for lk in inner_links:  # a deleted row pointing at another deleted row: keep the value
            if lk.table == name and lk.key == key:
                row[lk.column] = lk.value
        out_rows.append((name, row))
    return RowSnapshot(tuple(out_rows), kept_links)


def restore(session: Session, snap: RowSnapshot) -> None:
    """Insert the snapshot's rows again (parents first) and re-set the cleared links that
    are still empty; the session's loaded objects are expired."""
    tables = Base.metadata.tables
    deferred: list[tuple[Table, dict[str, Any], str, Any]] = []
    batch: list[dict[str, Any]] = []
    current: Table | None = None
    for name, row in snap.rows:  # one executemany per run of rows of the same table
        tbl = tables[name]
        if tbl is not current:
            if batch and current is not None:
                session.execute(insert(current), batch)
            current, batch = tbl, []
        row = dict(row)
        for fk in tbl.foreign_keys:  # self-references may point at a row inserted later
            if fk.column.table is tbl and row.get(fk.parent.name) is not None:
                deferred.append((tbl, dict(row), fk.parent.name, row[fk.parent.name]))
                row[fk.parent.name] = None
        batch.append(row)
    if batch and current is not None:
        session.execute(insert(current), batch)
    for tbl, row, col, value in deferred:
        session.execute(update(tbl).where(and_(*(c == row[c.name] for c in tbl.primary_key.columns)))
                        .values({col: value, **dict(_stamps(tbl, row))}))
    for lk in snap.links:
        tbl = tables[lk.table]
        cond = [tbl.c[k] == v for k, v in lk.key] + [tbl.c[lk.column].is_(None)]
        session.execute(update(tbl).where(and_(*cond)).values({lk.column: lk.value, **dict(lk.stamps)}))
    session.flush()
    session.expire_all()


def apply_or_refuse(session: Session, write: Callable[[Session], None], refusal: str) -> None:
    """Run ``write(session)`` all or nothing (a savepoint, whatever the caller does next).
    When a row it depends on has gone since (a table, a dimension, a trainee), nothing is
    written and ``UserInputError(refusal)`` tells the user why."""
    try:
        with session.begin_nested():
            write(session)
    except IntegrityError as exc:
        raise UserInputError(refusal) from exc


def restore_or_refuse(session: Session, snap: RowSnapshot, refusal: str) -> None:
    """``restore`` all or nothing (see ``apply_or_refuse``)."""
    apply_or_refuse(session, lambda s: restore(s, snap), refusal)
