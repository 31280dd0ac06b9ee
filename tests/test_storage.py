"""The event file: creation, PRAGMAs, recognising bad files, upgrades and too-new files."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text

from dialogue_app import storage
from dialogue_app.errors import EventFileCorrupt, EventFileError, EventFileTooNew, NotAnEventFile


def _bytes(path):
    return path.read_bytes()


def test_new_file_has_wal_foreign_keys_full_sync_and_app_id(new_event):
    """A new event file uses WAL, enforces foreign keys, syncs fully and is marked as ours."""
    with new_event.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA application_id").scalar() == storage.APPLICATION_ID


def test_edits_are_committed_at_once(new_event, tmp_path):
    """An edit is on disk as soon as its unit of work ends (another connection sees it)."""
    from dialogue_app.services import people

    with new_event.session() as s:
        people.save_person(s, people.PersonData(id=people.new_person().id, first_name="Ana"))
    other = sqlite3.connect(new_event.path)
    assert other.execute("select first_name from person").fetchall() == [("Ana",)]
    other.close()


def test_a_read_session_changes_nothing_even_when_its_code_does(new_event):
    """A read that changes a row by mistake (and even flushes it) leaves the file as it was, and
    what it loaded is still readable afterwards."""
    from dialogue_app.models import Person
    from dialogue_app.services import people

    pid = people.new_person().id
    with new_event.session() as s:
        people.save_person(s, people.PersonData(id=pid, first_name="Ana"))
    with new_event.read_session() as s:
        row = s.get(Person, pid)
        assert row is not None
        row.first_name = "Changed"
        s.flush()
        s.add(Person(id=people.new_person().id, event_id=row.event_id, first_name="Ghost", code="GHOST1"))
    assert row.first_name == "Changed"  # still loaded: not expired by the rollback
    other = sqlite3.connect(new_event.path)
    assert other.execute("select first_name from person").fetchall() == [("Ana",)]
    other.close()


@pytest.mark.parametrize(
    "content",
    [b"", b"hello, this is a text file\n" * 10, b"SQLite format 3\x00" + b"\x00" * 50],
    ids=["empty", "text", "truncated"],
)
def test_not_an_event_file_is_refused_unchanged(tmp_path, content):
    """Text files, empty and truncated files give a clear message and are not touched."""
    path = tmp_path / "x.dialogue"
    path.write_bytes(content)
    with pytest.raises(NotAnEventFile) as err:
        storage.open_event_file(path)
    assert "not an event file" in str(err.value)
    assert path.read_bytes() == content


def test_foreign_sqlite_database_is_refused(tmp_path):
    """Another program's SQLite database is recognised as not ours and left alone."""
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("create table t(x)")
    con.commit()
    con.close()
    before = _bytes(path)
    with pytest.raises(NotAnEventFile, match="not an event file of this app"):
        storage.open_event_file(path)
    assert _bytes(path) == before


def test_corrupt_event_file_is_reported(new_event, tmp_path):
    """A damaged event file gives a clear message and is not modified."""
    new_event.close()
    path = new_event.path
    data = bytearray(path.read_bytes())
    # scribble over the second page (the schema and data live past the header page)
    for i in range(4096 + 8, min(len(data), 4096 * 3)):
        data[i] = 0xA5
    path.write_bytes(bytes(data))
    before = path.read_bytes()
    with pytest.raises(EventFileCorrupt):
        storage.open_event_file(path)
    assert path.read_bytes() == before


def test_missing_file_and_folder(tmp_path):
    """A missing path or a folder gives a clear error, not a traceback."""
    with pytest.raises(EventFileError, match="does not exist"):
        storage.open_event_file(tmp_path / "nope.dialogue")
    with pytest.raises(NotAnEventFile, match="folder"):
        storage.open_event_file(tmp_path)


def test_file_from_newer_app_is_refused_unchanged(new_event):
    """A file whose schema revision this app does not know is refused and unchanged."""
    with new_event.engine.begin() as conn:
        conn.execute(text("update alembic_version set version_num = 'ffffffffffff'"))
    new_event.close()
    before = new_event.path.read_bytes()
    with pytest.raises(EventFileTooNew, match="newer version"):
        storage.open_event_file(new_event.path)
    assert new_event.path.read_bytes() == before


OLDER_REVISION = "0003_training"  # before the foreign-key indexes and the network record


def _older_event_file(path):
    """An event file as an older version of the app left it: an event with one participant,
    its table and seat, then the schema taken back to :data:`OLDER_REVISION` by Alembic (on a
    plain connection, as that older app had no newer columns to keep)."""
    from alembic import command
    from sqlalchemy import create_engine

    from dialogue_app.services import events, people

    store = storage.create_event_file(path)
    with store.session() as s:
        events.create_event(s, "Dialogue in Ghent", theme="Living together", lang="en")
        people.save_person(s, people.PersonData(id=people.new_person().id, first_name="Zéphyrine",
                                                last_name="Okonkwo", email="zeph@example.net", notes="Near the door"))
    store.close()
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        cfg = storage._alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, OLDER_REVISION)
    engine.dispose()


def _revision_and_people(path):
    con = sqlite3.connect(path)
    try:
        rev = {r[0] for r in con.execute("select version_num from alembic_version")}
        rows = con.execute("select first_name, last_name, email, notes from person").fetchall()
        cols = {r[1] for r in con.execute("pragma table_info(event)")}
        title = con.execute("select title from event").fetchone()[0]
    finally:
        con.close()
    return rev, rows, cols, title


def test_older_file_is_backed_up_then_upgraded(tmp_path):
    """Opening a file written by an older version (a real older schema, made by Alembic's own
    downgrade) writes a backup next to it that still holds the original, then runs the real
    upgrade: the file is at the current schema, has the new columns and keeps its event and people."""
    path = tmp_path / "old.dialogue"
    _older_event_file(path)
    rev, rows, cols, _title = _revision_and_people(path)
    assert rev == {OLDER_REVISION} and "network_name" not in cols  # really older
    person = ("Zéphyrine", "Okonkwo", "zeph@example.net", "Near the door")
    assert rows == [person]

    opened = storage.open_event_file(path)
    try:
        assert opened.upgraded_from == OLDER_REVISION
        assert opened.backup_path is not None and opened.backup_path.exists()
        with opened.session() as s:  # the upgraded file works through the models
            from dialogue_app.services import people

            assert [p.first_name for p in people.list_people(s)] == ["Zéphyrine"]
    finally:
        opened.close()
    rev, rows, cols, title = _revision_and_people(path)
    assert rev == storage.schema_heads() and "network_name" in cols
    assert rows == [person] and title == "Dialogue in Ghent"
    # the backup is the original, older file, with its data
    b_rev, b_rows, b_cols, _ = _revision_and_people(opened.backup_path)
    assert b_rev == {OLDER_REVISION} and b_rows == [person] and "network_name" not in b_cols
    # opening the upgraded file again neither upgrades nor backs up again
    again = storage.open_event_file(path)
    assert again.upgraded_from is None and again.backup_path is None
    again.close()


def test_backup_is_consistent_copy(demo_store, tmp_path):
    """A backup made while the file is open contains all data and no WAL."""
    dest = tmp_path / "copy.dialogue"
    storage.copy_database(demo_store.engine, dest)
    con = sqlite3.connect(dest)
    n = con.execute("select count(*) from person").fetchone()[0]
    con.close()
    assert n > 60
    assert not (tmp_path / "copy.dialogue-wal").exists()


def test_create_refuses_existing_file(new_event):
    """Creating an event over an existing file is refused."""
    with pytest.raises(EventFileError, match="already exists"):
        storage.create_event_file(new_event.path)
