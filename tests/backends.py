"""Events on either backend for tests: an event file, or an event on the test PostgreSQL server."""

from __future__ import annotations

from pathlib import Path

import pytest

from dialogue_app import storage


def make_event(backend: str, tmp_path: Path, request) -> storage.EventStore:
    """An empty event (default dimensions, no people) on ``backend``."""
    from dialogue_app.services import events

    if backend == "postgresql":
        store = storage.create_event(str(request.getfixturevalue("server_address")))
    else:
        store = storage.create_event_file(tmp_path / "event.dialogue")
    with store.session() as s:
        events.create_event(s, "Test event", theme="Living together", lang="en")
    return store


def copy_to_backend(backend: str, path: Path, request) -> storage.EventStore:
    """The event file ``path`` opened as it is (sqlite), or pushed onto the test server (postgresql)."""
    if backend == "sqlite":
        return storage.open_event_file(path)
    from dialogue_app.storage.transfer import copy_event

    target = storage.create_event(str(request.getfixturevalue("server_address")))
    with storage.open_event_file(path, read_only=True) as source:
        copy_event(source, target)
    return target


# The fixtures a test folder uses to run on both backends: its conftest.py imports them
# (``from tests.backends import demo_store, new_event, sqlite_only``), replacing the root fixtures of
# the same name with ones parametrised by ``backend``.


@pytest.fixture
def new_event(backend, tmp_path, request):
    """An empty event on each backend."""
    store = make_event(backend, tmp_path, request)
    yield store
    store.close()


@pytest.fixture
def demo_store(backend, demo_path, request):
    """The 60-person demo event on each backend."""
    store = copy_to_backend(backend, demo_path, request)
    yield store
    store.close()


@pytest.fixture
def sqlite_only(backend):
    """Skip the PostgreSQL run of a test about a file-only matter (it says which in its docstring)."""
    if backend != "sqlite":
        pytest.skip("file-only: an event file's bytes, its WAL, its backups or its lock")


@pytest.fixture
def other(new_event, backend):
    """A second organiser's own store on the same event: a second engine on the file, or a second
    connection to the server event (as another laptop would have)."""
    if backend == "sqlite":
        store = storage.EventStore(path=new_event.path, engine=storage.make_engine(new_event.path))
    else:
        store = storage.open_event(new_event.location)
    yield store
    store.close()


def apply_edit(store: storage.EventStore, edit):
    """Apply one undoable edit in its own unit of work; returns its inverse."""
    with store.session() as s:
        return edit.apply(s)
