"""Rows of a table in the merge's terms: the columns it compares, their values (JSON-able, see
:mod:`dialogue_app.offline.rows`), a short label for conflict lists, parents before children."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Table

from dialogue_app.offline.policy import META_COLUMNS
from dialogue_app.offline.rows import LABEL_COLUMNS, norm


def data_columns(table: Table) -> list[str]:
    """The columns a merge compares: everything but the row's own timestamps."""
    return [c.name for c in table.columns if c.name not in META_COLUMNS]


def values_of(table: Table, row: Mapping[str, Any]) -> dict[str, Any]:
    return {name: norm(row[name]) for name in data_columns(table)}


def row_label(table: Table, row: Mapping[str, Any] | None, row_id: uuid.UUID | str) -> str:
    """A short human description of a row for conflict lists ("person K7QM3X Ana")."""
    parts = []
    if row is not None:
        for name in LABEL_COLUMNS:
            if name in table.c and row.get(name) not in (None, ""):
                parts.append(str(row[name]))
            if len(parts) == 2:
                break
    if not parts:
        parts.append(str(row_id)[:8])
    return f"{table.name} " + " ".join(parts)


def parents_first(table: Table, rows: list[dict]) -> list[dict]:
    """Rows ordered so that a row referring to another row of the same table comes after it."""
    self_cols = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    if not self_cols or len(rows) < 2:
        return rows
    by_id = {r["id"]: r for r in rows}
    done: set[Any] = set()
    out: list[dict] = []

    def visit(row: dict, depth: int = 0) -> None:
        if row["id"] in done:
            return
        done.add(row["id"])
        for col in self_cols:
            parent = by_id.get(row[col])
            if parent is not None and depth < len(rows):
                visit(parent, depth + 1)
        out.append(row)

    for row in rows:
        visit(row)
    return out
