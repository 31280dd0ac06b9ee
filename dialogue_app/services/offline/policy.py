"""How each table of an event file travels in a table package: the registry of
:mod:`dialogue_app.offline.policy` applied to the tables of ``Base.metadata`` (a table's own
``info={"package": ...}`` first, then the registry, else a policy inferred from its foreign keys)."""

from __future__ import annotations

from sqlalchemy import Table

from dialogue_app.models import Base
from dialogue_app.offline.policy import (
    ALL,
    ANCHORS,
    CONTACT_COLUMNS,
    EVENT,
    META_COLUMNS,
    NEVER,
    PEOPLE,
    POLICIES,
    POLICY_KINDS,
    RETURN,
    SCOPED,
    STRIPPED,
    TABLES,
)

__all__ = [
    "ALL", "ANCHORS", "CONTACT_COLUMNS", "EVENT", "META_COLUMNS", "NEVER", "PEOPLE", "POLICIES", "POLICY_KINDS",
    "RETURN", "SCOPED", "STRIPPED", "TABLES", "explicit_policy", "infer_policy", "policy", "stripped_columns",
    "travelling_tables", "undecided_tables",
]


def explicit_policy(table: Table) -> str | None:
    """The policy a table declares (model info) or the registry names; None when undecided."""
    declared = table.info.get("package")
    if declared in POLICY_KINDS:
        return declared
    return POLICIES.get(table.name)


def infer_policy(table: Table) -> str:
    """A sensible policy from foreign keys alone (used for tables nobody registered yet)."""
    targets = {fk.column.table.name for fk in table.foreign_keys}
    if targets & {"dialogue_table", "person"}:
        return SCOPED
    known = [Base.metadata.tables[t] for t in targets if t in Base.metadata.tables and t != table.name]
    if any(explicit_policy(t) == SCOPED for t in known):
        return SCOPED
    if any(explicit_policy(t) == RETURN for t in known):
        return RETURN
    if targets <= {"event"} or all(policy(Base.metadata.tables[t]) == ALL for t in targets - {"event"}):
        return ALL
    return NEVER


def policy(table: Table) -> str:
    return explicit_policy(table) or infer_policy(table)


def stripped_columns(table: Table, *, with_contacts: bool) -> frozenset[str]:
    cols = set(STRIPPED.get(table.name, frozenset()))
    if not with_contacts:
        cols |= CONTACT_COLUMNS.get(table.name, frozenset())
    return frozenset(c for c in cols if c in table.c)


def travelling_tables() -> list[Table]:
    """Every table that travels out in a package, parents before children."""
    return [t for t in Base.metadata.sorted_tables if policy(t) not in (NEVER, RETURN)]


def undecided_tables() -> list[str]:
    return sorted(t.name for t in Base.metadata.sorted_tables if explicit_policy(t) is None)
