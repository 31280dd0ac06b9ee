"""Helpers for the import tests: writing files in any encoding and taking a
snapshot of everything an import could change in an event."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import select

from dialogue_app.models import Category, Consent, Person, PersonRole, PersonValue

_TABLES = (Person, PersonRole, PersonValue, Category, Consent)


def table_text(rows: list[list[str]], delimiter: str = ",") -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


@pytest.fixture
def write_csv(tmp_path):
    """write_csv(rows, name=..., encoding=..., delimiter=...) -> Path of a CSV file."""

    def _write(rows, name="people.csv", encoding="utf-8", delimiter=",") -> Path:
        path = tmp_path / name
        path.write_bytes(table_text(rows, delimiter).encode(encoding))
        return path

    return _write


def snapshot(store) -> dict[str, list[tuple]]:
    """Every row of the people-related tables (sorted), to prove nothing changed."""
    out = {}
    with store.reader() as s:
        for model in _TABLES:
            # row_version only goes forward (an undo is a change too: an editor open on the row sees it)
            cols = [c for c in model.__table__.columns if c.name != "row_version"]
            out[model.__tablename__] = sorted(
                tuple(str(v) for v in row) for row in s.execute(select(*cols)).all()
            )
    return out


@pytest.fixture
def snap():
    return snapshot
