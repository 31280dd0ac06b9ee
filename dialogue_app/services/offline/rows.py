"""Row values in a comparable, JSON-able form (for baselines and conflicts)."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import uuid
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from sqlalchemy import Table

from dialogue_app.services.offline.policy import META_COLUMNS


def norm(value: Any) -> Any:
    """A JSON-able value that compares equal exactly when the database values are equal."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    return value


def data_columns(table: Table) -> list[str]:
    """The columns a merge compares: everything but the row's own timestamps."""
    return [c.name for c in table.columns if c.name not in META_COLUMNS]


def values_of(table: Table, row: Mapping[str, Any]) -> dict[str, Any]:
    return {name: norm(row[name]) for name in data_columns(table)}


def dumps(values: Mapping[str, Any]) -> str:
    return json.dumps(values, ensure_ascii=False, sort_keys=True)


def loads(text: str) -> dict[str, Any] | None:
    """Stored values; None for the "deleted" marker (empty text)."""
    return json.loads(text) if text else None


def chunks(items: Iterable[Any], size: int = 500) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


LABEL_COLUMNS = ("code", "number", "first_name", "name", "title", "label", "text", "role", "position", "round")


def row_label(table: Table, row: Mapping[str, Any] | None, row_id: uuid.UUID) -> str:
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
