"""Fixtures for the offline tests: a demo event where everybody has a seat."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import select

from dialogue_app import storage
from dialogue_app.models import Assignment, DialogueTable, Person


def seat_everyone(store: storage.EventStore) -> None:
    """Seat every person without a seat round-robin (hosts at their own table)."""
    with store.session() as s:
        tables = list(s.scalars(select(DialogueTable).order_by(DialogueTable.number)))
        hosts = {t.host_id: t for t in tables if t.host_id}
        seated = set(s.scalars(select(Assignment.person_id)))
        i = 0
        for p in s.scalars(select(Person).order_by(Person.code)):
            if p.id in seated:
                continue
            table = hosts.get(p.id) or tables[i % len(tables)]
            if p.id not in hosts:
                i += 1
            s.add(Assignment(person_id=p.id, table_id=table.id, round=1))


@pytest.fixture(scope="session")
def seated_template(demo_template, tmp_path_factory):
    target = tmp_path_factory.mktemp("seated") / "seated.dialogue"
    shutil.copyfile(demo_template, target)
    store = storage.open_event_file(target)
    seat_everyone(store)
    store.close()
    return target


@pytest.fixture
def seated_path(tmp_path, seated_template):
    """A fresh copy of the 60-participant demo with everybody seated (organiser's file)."""
    dest = tmp_path / "organiser.dialogue"
    shutil.copyfile(seated_template, dest)
    return dest
