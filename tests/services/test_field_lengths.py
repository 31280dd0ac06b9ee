"""Texts longer than their field allows: the same clear message on an event file and on a server,
and nothing written (tests/services runs every test on both backends)."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from dialogue_app.errors import UserInputError
from dialogue_app.importing import guess_mapping, read_table
from dialogue_app.models import Person
from dialogue_app.services import events, people
from dialogue_app.services.importing import apply, validate


def _count(store) -> int:
    with store.read_session() as s:
        return int(s.scalar(select(func.count()).select_from(Person)) or 0)


def test_overlong_first_name_is_refused_by_name(new_event):
    """An organiser who pastes a 250-character first name reads "First name is too long: at most 200
    characters." on a laptop file and on a server alike, and the person is not saved."""
    data = people.PersonData(id=uuid.uuid4(), first_name="A" * 250, last_name="Jansen")
    with pytest.raises(UserInputError) as caught, new_event.session() as s:
        people.save_person(s, data)
    assert str(caught.value) == "First name is too long: at most 200 characters."
    assert _count(new_event) == 0


def test_several_overlong_fields_are_all_named(new_event):
    """Two fields too long at once: the first is the message, the other is listed with it."""
    data = people.PersonData(id=uuid.uuid4(), first_name="Maria", last_name="B" * 201, phone="6" * 65)
    with pytest.raises(UserInputError) as caught, new_event.session() as s:
        people.save_person(s, data)
    assert {caught.value.message, *caught.value.details} == {
        "Last name is too long: at most 200 characters.", "Phone is too long: at most 64 characters."}
    assert _count(new_event) == 0


def test_overlong_event_title_changes_nothing(new_event):
    """Renaming the event to a 300-character title is refused; the old title stays."""
    with pytest.raises(UserInputError, match="Event title is too long"), new_event.session() as s:
        events.current_event(s).title = "T" * 300
    with new_event.read_session() as s:
        assert events.current_event(s).title == "Test event"


def test_import_reports_overlong_cells_per_row(new_event, tmp_path):
    """A registration list with a 250-character first name and a cell naming 60 languages: each row
    gets its own error and the other rows are imported, on both backends (the server used to refuse
    the whole import with a database error)."""
    path = tmp_path / "people.csv"
    many = ", ".join(["nl", "en", "fr", "de", "es", "it", "pt", "pl", "tr", "uk", "ar", "so", "ti", "ru", "zh",
                      "ja", "ko", "hi", "bn", "ur", "fa", "ps", "ku", "am", "sw", "yo", "ig", "ha", "zu", "xh",
                      "af", "sv", "no", "da", "fi", "et", "lv", "lt", "cs", "sk", "sl", "hr", "sr", "bs", "mk",
                      "bg", "ro", "hu", "el", "sq", "hy", "ka", "az", "kk", "uz", "tg", "ky", "mn", "th", "vi"])
    path.write_text(
        "First name,Last name,Languages\n"
        f"{'A' * 250},Jansen,nl\n"
        f"Polyglot,Smit,\"{many}\"\n"
        "Maria,de Vries,nl\n",
        encoding="utf-8",
    )
    table = read_table(path)
    with new_event.session() as s:
        preview = validate(s, table, guess_mapping(table.headers, events.list_dimensions(s)))
        messages = sorted((e.row, e.message) for e in preview.errors)
        apply(s, preview, valid_only=True)
    assert [row for row, _m in messages] == [2, 3]
    assert "too long" in messages[0][1]
    assert messages[1][1] == "Languages is too long: at most 100 characters."
    assert _count(new_event) == 1


def test_an_old_overlong_name_does_not_block_other_changes(new_event, sqlite_only):
    """An event file from an older version may hold a 250-character name (SQLite never refused it).
    Checking that person in still works; only changing the name itself asks for a shorter one.
    (File-only: a server never held such a value.)"""
    from sqlalchemy import update

    data = people.PersonData(id=uuid.uuid4(), first_name="Maria", last_name="Jansen")
    with new_event.session() as s:
        people.save_person(s, data)
        s.execute(update(Person).where(Person.id == data.id).values(first_name="A" * 250))
    with new_event.session() as s:
        s.get(Person, data.id).attendance = "present"
    with pytest.raises(UserInputError, match="Last name is too long"), new_event.session() as s:
        s.get(Person, data.id).last_name = "B" * 201
    with new_event.read_session() as s:
        p = s.get(Person, data.id)
        assert (p.attendance, len(p.first_name), p.last_name) == ("present", 250, "Jansen")


def test_a_bulk_write_past_the_check_is_refused_in_words_on_a_server(new_event, backend):
    """A bulk write that bypasses the per-row check (Core UPDATE) is still refused in words on a
    server, not with a driver error, and nothing is saved. (Server-only: SQLite stores any length.)"""
    from sqlalchemy import update

    from dialogue_app.models import Event

    if backend != "postgresql":
        pytest.skip("SQLite stores any length")
    with pytest.raises(UserInputError, match="A text is too long for the server"), new_event.session() as s:
        s.execute(update(Event).values(title="T" * 300))
    with new_event.read_session() as s:
        assert events.current_event(s).title == "Test event"
