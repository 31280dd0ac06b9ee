"""Several doors at once (each its own connection, as on the day): nothing lost, nothing counted
twice, the same code scanned at two doors gives one check-in and one "already checked in at
10:42", and two walk-ins at the last free seat of a table do not both get it (both backends)."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import select

from dialogue_app import storage
from dialogue_app.errors import UserInputError
from dialogue_app.models import Assignment, Person
from dialogue_app.services import seating, tables
from dialogue_app.services.seating.door_checks import already_text, guests_at


def _door(store):
    """A second connection to the same event (another door's laptop)."""
    if not store.is_server:
        store.checkpoint()  # (a file: the second connection reads the header from the main file)
    return storage.open_event(store.location, lock=False)


def _codes(store):
    with store.session() as s:
        return sorted(s.scalars(select(Person.code).where(Person.attendance == "registered")))


def test_same_code_at_two_doors_one_check_in_one_already(demo_store):
    """Door 2 scans a code while door 1's check-in of it is still being written: door 2 waits a
    moment and then says "already checked in at 10:42" (door 1's time) instead of checking the
    person in a second time."""
    code = _codes(demo_store)[0]
    door2 = _door(demo_store)
    out = {}
    try:
        with demo_store.session() as s:
            first = seating.check_in(s, code)
            th = threading.Thread(target=lambda: out.setdefault("r", _check_in(door2, code)))
            th.start()
            time.sleep(0.6)  # door 2 is now waiting for door 1's write
        th.join(30)
    finally:
        door2.close()
    second = out["r"]
    assert not first.already and second.already
    assert second.checked_in_at == first.checked_in_at
    if first.table is not None:
        assert "was already checked in at" in already_text(second.name, second.checked_in_at, second.table)


def _check_in(store, code):
    with store.session() as s:
        return seating.check_in(s, code)


def test_four_doors_lose_nothing_and_count_nothing_twice(demo_store):
    """Four doors check everybody in at once, each its share plus some codes scanned at two
    doors: everybody is present and seated exactly once, and every code has exactly one
    "checked in" answer (the others say "already")."""
    codes = _codes(demo_store)
    shares = [codes[k::4] + codes[(k + 1) % 4::4][:3] for k in range(4)]  # 3 overlaps per door
    doors = [_door(demo_store) for _ in range(4)]
    results: list[list] = [[] for _ in range(4)]
    errors: list[BaseException] = []

    def work(k):
        try:
            for c in shares[k]:
                results[k].append(_check_in(doors[k], c))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(120)
    for d in doors:
        d.close()
    assert errors == []
    fresh = [r.code for rs in results for r in rs if not r.already]
    assert sorted(fresh) == codes  # each exactly once
    assert sum(len(rs) for rs in results) == len(codes) + 12
    with demo_store.session() as s:
        present = set(s.scalars(select(Person.code).where(Person.attendance == "present")))
        unseated = s.scalars(select(Assignment).join(Person).where(
            Person.code.in_(codes), Assignment.round == 1, Assignment.seated.is_(False))).all()
    assert set(codes) <= present and unseated == []


def test_walk_ins_at_two_doors_never_share_the_last_seat(new_event):
    """Two doors seat a walk-in at the last free seat of table 1 at the same moment: the first
    gets it, the second is told the table has no free seat any more (and nothing is added), so
    the table never holds more guests than it has seats."""
    with new_event.session() as s:
        tables.add_tables(s, 2, capacity=(1, 2))
        seating.add_walk_in(s, "Ana", table_number=1)
    door2 = _door(new_event)
    out: dict = {}

    def second():
        try:
            with door2.session() as s:
                out["r"] = seating.add_walk_in(s, "Bo", table_number=1)
        except UserInputError as exc:
            out["error"] = exc

    try:
        with new_event.session() as s:
            seating.add_walk_in(s, "Cem", table_number=1)
            th = threading.Thread(target=second)
            th.start()
            time.sleep(0.6)
        th.join(30)
    finally:
        door2.close()
    assert "no free seat any more" in str(out.get("error"))
    with new_event.session() as s:
        t1 = tables.list_tables(s)[0]
        assert guests_at(s, t1.id, 1) == 2
        assert s.scalars(select(Person).where(Person.first_name == "Bo")).first() is None


@pytest.mark.parametrize("doors", [4])
def test_walk_ins_at_four_doors_get_distinct_codes(new_event, doors):
    """Four doors register walk-ins at once: every walk-in is there once, each with their own code."""
    stores = [_door(new_event) for _ in range(doors)]
    errors: list[BaseException] = []

    def work(k):
        try:
            for i in range(8):
                with stores[k].session() as s:
                    seating.add_walk_in(s, f"Door{k}", f"Guest{i}")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(doors)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(120)
    for st in stores:
        st.close()
    assert errors == []
    with new_event.session() as s:
        rows = s.execute(select(Person.first_name, Person.last_name, Person.code).where(Person.walk_in)).all()
    assert len(rows) == doors * 8 == len({r.code for r in rows}) == len({(r[0], r[1]) for r in rows})
