"""Events on either backend for tests: an event file, or an event on the test PostgreSQL server."""

from __future__ import annotations

from pathlib import Path

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
