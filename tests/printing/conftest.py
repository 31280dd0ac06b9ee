"""Fixtures of the printing tests: a demo event whose people are seated at tables."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dialogue_app import storage


def seat_everyone(store: storage.EventStore) -> None:
    """Seat the demo's people round-robin (one facilitator per table) unless a plan exists."""
    from sqlalchemy import select

    from dialogue_app.models import Assignment, DialogueTable, Person, PersonRole

    with store.session() as s:
        if s.scalars(select(Assignment.id).limit(1)).first() is not None:
            return
        tables = list(s.scalars(select(DialogueTable).order_by(DialogueTable.number)))
        people = list(s.scalars(select(Person).order_by(Person.code)))
        fac_ids = set(s.scalars(select(PersonRole.person_id).where(PersonRole.role == "facilitator")))
        facs = [p for p in people if p.id in fac_ids]
        others = [p for p in people if p.id not in fac_ids]
        for i, p in enumerate(facs):
            s.add(Assignment(person_id=p.id, table_id=tables[i % len(tables)].id, round=1))
        for i, p in enumerate(others):
            s.add(Assignment(person_id=p.id, table_id=tables[i % len(tables)].id, round=1))


@pytest.fixture(scope="session")
def seated_template(demo_template, tmp_path_factory) -> Path:
    """The 60-participant demo with everyone seated, plus a very long name and a name in Ethiopic script."""
    from dialogue_app.models import Assignment, DialogueTable, Person, PersonRole
    from dialogue_app.services.events import current_event

    target = tmp_path_factory.mktemp("printing") / "seated.dialogue"
    shutil.copyfile(demo_template, target)
    store = storage.open_event_file(target)
    try:
        seat_everyone(store)
        with store.session() as s:
            e = current_event(s)
            t = e.tables[0]
            for code, first, last in (
                ("LONGNAME1", "Maximiliane-Alexandrina-Konstantina", "van der Valk-Oosterhuis-Wolkenstein-Rodenegg"),
                ("TIGRINYA1", "ዮሃንስ", "Tesfay"),  # Ethiopic script: printed with the fallback font
            ):
                p = Person(event_id=e.id, code=code, first_name=first, last_name=last)
                p.roles = [PersonRole(role="participant")]
                s.add(p)
                s.flush()
                s.add(Assignment(person_id=p.id, table_id=t.id, round=1))
            assert isinstance(t, DialogueTable)
    finally:
        store.close()
    return target


@pytest.fixture
def seated_store(seated_template, tmp_path):
    dest = tmp_path / "seated.dialogue"
    shutil.copyfile(seated_template, dest)
    store = storage.open_event_file(dest)
    yield store
    store.close()
