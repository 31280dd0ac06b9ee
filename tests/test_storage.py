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


def test_older_file_is_backed_up_then_upgraded(tmp_path, monkeypatch):
    """Opening a file at an older schema revision writes a backup next to it, then upgrades."""
    path = tmp_path / "old.dialogue"
    store = storage.create_event_file(path)
    store.close()
    heads = storage.schema_heads()
    # Pretend the app has one more revision than the file: the file is "older".
    monkeypatch.setattr(storage, "_upgrade", lambda conn, target: None)
    real_sd = storage._script_directory

    class FakeScript:
        def __init__(self):
            self.inner = real_sd()

        def get_heads(self):
            return ["9999"]

        def walk_revisions(self):
            class R:
                revision = "9999"

            return [*self.inner.walk_revisions(), R()]

    monkeypatch.setattr(storage, "_script_directory", FakeScript)
    opened = storage.open_event_file(path)
    assert opened.backup_path is not None and opened.backup_path.exists()
    assert opened.upgraded_from == ",".join(sorted(heads))
    opened.close()
    # the backup is itself a healthy event file
    monkeypatch.undo()
    storage.open_event_file(opened.backup_path).close()


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
