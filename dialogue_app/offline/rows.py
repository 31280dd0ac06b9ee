"""Row values in a comparable, JSON-able form (for baselines and conflicts)."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import uuid
from collections.abc import Iterable, Iterator, Mapping
from typing import Any


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
