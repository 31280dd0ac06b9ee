"""A door volunteer undoes a walk-in they just added (a typo, the wrong person): on a shared server
the door role may not read people's background values, consent or notes, so the undo removes only
what the door added — the person, their role and seat — and says so in words when more has been
added since (then an organiser removes them)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dialogue_app import storage
from dialogue_app.models import Assignment, Person
from dialogue_app.services import seating
from dialogue_app.services.seating import door as door_service
from dialogue_app.services.versions import UndoRefused
from tests import test_server_roles as roles

demo_server = roles.demo_server  # the demo event on the test server (a fixture)
login = roles.login  # a new login with a role (a fixture)
open_as = roles.open_as


def _walk_ins(address, name):
    with storage.open_event(str(address)) as admin, admin.read_session() as s:
        return s.execute(select(Person.code, Person.first_name, Assignment.round)
                         .outerjoin(Assignment, Assignment.person_id == Person.id)
                         .where(Person.first_name == name)).all()


def _free_table(address) -> int:
    with storage.open_event(str(address)) as admin, admin.read_session() as s:
        return min(o.number for o in door_service.table_options(s).options if o.free)


def test_door_undoes_and_redoes_a_walk_in(pg_url, demo_server, login):
    """The door adds a walk-in at a table, presses Undo: the walk-in and their seat are gone; Redo
    brings them back with the same code at the same table."""
    store = open_as(pg_url, login("door"), demo_server)
    try:
        table = _free_table(demo_server)
        with store.session() as s:
            undo = seating.AddWalkIn("Zeynep", "Typo", table, 1, "Add walk-in").apply(s)
        [(code, _name, _round)] = _walk_ins(demo_server, "Zeynep")
        with store.session() as s:
            redo = undo.apply(s)
        assert _walk_ins(demo_server, "Zeynep") == []
        with store.session() as s:
            redo.apply(s)
        assert _walk_ins(demo_server, "Zeynep") == [(code, "Zeynep", 1)]
    finally:
        store.close()


def test_door_undo_refused_in_words_when_an_organiser_added_to_the_walk_in(pg_url, demo_server, login):
    """When an organiser has since recorded more about the walk-in (a background value), the door's
    Undo is refused with a sentence saying an organiser can remove them; nothing is deleted."""
    from dialogue_app.models import Category, PersonValue

    store = open_as(pg_url, login("door"), demo_server)
    try:
        with store.session() as s:
            undo = seating.AddWalkIn("Yusuf", "Later", None, 1, "Add walk-in").apply(s)
        with storage.open_event(str(demo_server)) as admin, admin.session() as s:
            pid = s.scalars(select(Person.id).where(Person.first_name == "Yusuf")).one()
            category = s.scalars(select(Category).limit(1)).one()
            s.add(PersonValue(person_id=pid, dimension_id=category.dimension_id, category_id=category.id))
        with pytest.raises(UndoRefused) as refused, store.session() as s:
            undo.apply(s)
        assert "cannot be removed at the door" in refused.value.message and "People" in refused.value.message
        assert len(_walk_ins(demo_server, "Yusuf")) == 1
    finally:
        store.close()


def test_door_undo_on_an_event_not_prepared_again_says_so(pg_url, demo_server, login):
    """On an event whose server was prepared by an older app (no undo function yet), the door's Undo
    says that the administrator runs ``server init`` again; the walk-in stays; after it, Undo works."""
    from sqlalchemy import text

    from dialogue_app.storage import pg_server

    store = open_as(pg_url, login("door"), demo_server)
    try:
        with store.session() as s:
            undo = seating.AddWalkIn("Older", "Server", None, 1, "Add walk-in").apply(s)
        with storage.open_event(str(demo_server)) as admin, admin.session() as s:
            s.execute(text("DROP FUNCTION dialogue_undo_walk_in(uuid)"))
        with pytest.raises(UndoRefused, match="server init"), store.session() as s:
            undo.apply(s)
        assert len(_walk_ins(demo_server, "Older")) == 1
        pg_server.init_server(pg_url)
        with store.session() as s:
            undo.apply(s)
        assert _walk_ins(demo_server, "Older") == []
    finally:
        store.close()
