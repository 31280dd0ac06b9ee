"""Tables and venues edited as undoable value objects: adding many at once, editing,
removing (with the seats lost and brought back), venues with an address, the number
of tables suggested for the people who are coming, and concurrent adds."""

from __future__ import annotations

import threading
import uuid

import pytest
from sqlalchemy import select

from dialogue_app import storage
from dialogue_app.errors import UserInputError
from dialogue_app.models import Assignment, DialogueTable, Person, PersonRole
from dialogue_app.services import tables
from dialogue_app.services.seating import table_edits as te


def apply(store, edit):
    with store.session() as s:
        return edit.apply(s)


def read(store, fn):
    with store.session() as s:
        return fn(s)


def add_people(store, n, attendance="registered", role="participant"):
    with store.session() as s:
        e = te.current_event(s)
        for i in range(n):
            p = Person(event_id=e.id, code=f"{role[:2]}{attendance[:2]}{i:04d}", first_name=f"P{i}",
                       attendance=attendance)
            s.add(p)
            s.flush()
            s.add(PersonRole(person_id=p.id, role=role))


def test_add_tables_with_a_new_venue_and_undo_redo(new_event):
    """Adding 17 tables with a new venue numbers them 1–17 at that venue with the given fields;
    the inverse removes tables and venue, and applying that inverse again brings back the same tables."""
    venue = te.VenueData(uuid.uuid4(), "Town hall", "Market square 1, Ghent")
    fields = te.TableFields(venue_id=venue.id, capacity_min=5, capacity_max=7, accessible=True,
                            languages="NL, fr", has_interpreter=True)
    undo = apply(new_event, te.add_tables_edit(17, fields, "Add tables", venue))
    rows = read(new_event, tables.list_tables)
    assert [t.number for t in rows] == list(range(1, 18))
    assert {(t.venue, t.capacity_min, t.capacity_max, t.accessible, t.languages, t.has_interpreter)
            for t in rows} == {("Town hall", 5, 7, True, "nl,fr", True)}
    assert read(new_event, te.list_venues)[0].address == "Market square 1, Ghent"
    assert read(new_event, te.overview) == te.TablesOverview(17, 85, 119)
    redo = apply(new_event, undo)
    assert read(new_event, tables.list_tables) == [] and read(new_event, te.list_venues) == []
    apply(new_event, redo)
    assert [t.id for t in read(new_event, tables.list_tables)] == [t.id for t in rows]
    assert read(new_event, te.list_venues)[0].tables == 17


def test_bad_input_changes_nothing(new_event):
    """A capacity of 8–6, an unknown language, no venue name or a duplicate venue name are refused
    with a message and change nothing."""
    with pytest.raises(UserInputError, match="capacity"):
        apply(new_event, te.AddTables(3, te.TableFields(capacity_min=8, capacity_max=6), "x"))
    with pytest.raises(UserInputError, match="not understood: dutch"):
        apply(new_event, te.AddTables(3, te.TableFields(languages="dutch"), "x"))
    with pytest.raises(UserInputError):
        apply(new_event, te.AddTables(0, te.TableFields(), "x"))
    with pytest.raises(UserInputError, match="needs a name"):
        apply(new_event, te.SaveVenue(te.VenueData(uuid.uuid4(), "  "), "x"))
    apply(new_event, te.SaveVenue(te.VenueData(uuid.uuid4(), "Library"), "x"))
    with pytest.raises(UserInputError, match="already a venue"):
        apply(new_event, te.SaveVenue(te.VenueData(uuid.uuid4(), "library"), "x"))
    assert read(new_event, tables.list_tables) == []
    assert len(read(new_event, te.list_venues)) == 1


def test_edit_table_and_its_inverse(new_event):
    """Editing a table changes its fields; the inverse puts the old ones back."""
    apply(new_event, te.AddTables(2, te.TableFields(), "add"))
    t = read(new_event, tables.list_tables)[1]
    before = read(new_event, lambda s: te.table_fields(s, t.id))
    new = te.TableFields(capacity_min=3, capacity_max=4, is_training=True, languages="en", name="Garden")
    undo = apply(new_event, te.EditTable(t.id, new, "edit"))
    assert read(new_event, lambda s: te.table_fields(s, t.id)) == new
    apply(new_event, undo)
    assert read(new_event, lambda s: te.table_fields(s, t.id)) == before


def test_remove_tables_with_seated_people_and_undo(demo_store):
    """Removing a planned table says how many people lose their seat; its undo gives them back
    the same seats."""
    from dialogue_app.services import planning as plan_svc

    plan_svc.plan_event(demo_store, seconds=0.2, seed=1)
    t = read(demo_store, tables.list_tables)[0]
    seated = read(demo_store, lambda s: set(s.scalars(select(Assignment.person_id)
                                                       .where(Assignment.table_id == t.id))))
    assert read(demo_store, lambda s: te.people_seated(s, [t.id])) == len(seated) > 0
    undo = apply(demo_store, te.RemoveTables((t.id,), "remove"))
    assert read(demo_store, lambda s: s.get(DialogueTable, t.id)) is None
    assert read(demo_store, lambda s: te.people_seated(s, [t.id])) == 0
    apply(demo_store, undo)
    assert read(demo_store, lambda s: set(s.scalars(select(Assignment.person_id)
                                                     .where(Assignment.table_id == t.id)))) == seated


def test_remove_venue_in_use_and_undo(new_event):
    """A venue in use says how many tables stand there; removing it leaves the tables without a
    venue, and undo links them again with the address kept."""
    v = te.VenueData(uuid.uuid4(), "School", "Rue de l'École 3", accessible=False)
    apply(new_event, te.SaveVenue(v, "venue"))
    apply(new_event, te.AddTables(4, te.TableFields(venue_id=v.id), "add"))
    assert read(new_event, te.list_venues)[0].tables == 4
    undo = apply(new_event, te.RemoveVenue(v.id, "remove venue"))
    assert {t.venue for t in read(new_event, tables.list_tables)} == {""}
    apply(new_event, undo)
    info = read(new_event, te.list_venues)[0]
    assert (info.name, info.address, info.accessible, info.tables) == ("School", "Rue de l'École 3", False, 4)
    # changing the venue and undoing it
    undo = apply(new_event, te.SaveVenue(te.VenueData(v.id, "School hall", "Rue de l'École 5"), "edit"))
    assert read(new_event, te.list_venues)[0].address == "Rue de l'École 5"
    apply(new_event, undo)
    assert read(new_event, te.list_venues)[0].address == "Rue de l'École 3"


def test_suggestion_for_68_people(new_event):
    """68 people coming at 6–8 (target 7) need 9 to 11 tables; 10 are suggested. Cancelled people and
    people without a seated role do not count."""
    add_people(new_event, 68)
    add_people(new_event, 5, attendance="cancelled")
    add_people(new_event, 3, role="trainer")
    sug = read(new_event, te.suggest_tables)
    assert (sug.people, sug.fewest, sug.most, sug.suggested, sug.to_add) == (68, 9, 11, 10, 10)
    assert sug.text() == "68 people at 6–8 per table: 9 to 11 tables; 10 suggested"
    apply(new_event, te.AddTables(4, te.TableFields(), "add"))
    assert read(new_event, te.suggest_tables).to_add == 6


def test_suggestion_without_people(new_event):
    """With nobody registered the suggestion says so instead of suggesting 0 tables."""
    sug = read(new_event, te.suggest_tables)
    assert sug.people == 0 and sug.to_add == 1 and "Nobody is registered" in sug.text()


def test_concurrent_adds_never_collide(new_event):
    """The app and a script adding tables at the same time (two connections to the file) get distinct
    numbers, 1 to 40, and neither fails on the unique (event, number) key."""
    new_event.checkpoint()  # (a file: the second connection reads the header from the main file)
    second = storage.open_event(new_event.location, lock=False)
    errors: list[BaseException] = []

    def worker(store, script):
        try:
            for _ in range(10):
                if script:  # what `dialogue-app tables FILE --add 2` does
                    read(store, lambda s: tables.add_tables(s, 2))
                else:
                    apply(store, te.AddTables(2, te.TableFields(), "add"))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(st, st is second)) for st in (new_event, second)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    second.close()
    assert errors == []
    assert [t.number for t in read(new_event, tables.list_tables)] == list(range(1, 41))
