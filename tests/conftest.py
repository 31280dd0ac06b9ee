"""Shared fixtures: every test gets its own data directory (never the user's real
one) and the English interface; event files live in the test's tmp_path.

Set ``DIALOGUE_APP_BLOCK_QT=1`` to make PySide6 unimportable: the domain tests
must pass that way (CI runs them so), and the UI tests skip themselves.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

if os.environ.get("DIALOGUE_APP_BLOCK_QT") == "1":

    class _BlockQt:
        def find_spec(self, name, path=None, target=None):
            if name == "PySide6" or name.startswith("PySide6.") or name.startswith("shiboken6"):
                # ModuleNotFoundError, not ImportError: pytest 9's importorskip
                # skips only on the former (a plain ImportError is an error there)
                raise ModuleNotFoundError(f"{name} is blocked for this test run", name=name)
            return None

    sys.meta_path.insert(0, _BlockQt())
    collect_ignore_glob = ["ui/*"]

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# A safety net for session-scoped fixtures: never the user's real data directory.
os.environ["DIALOGUE_APP_DATA_DIR"] = tempfile.mkdtemp(prefix="dialogue-tests-")

from dialogue_app import i18n, paths, storage


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path_factory, monkeypatch):
    """A fresh data directory per test; English interface."""
    d = tmp_path_factory.mktemp("data")
    monkeypatch.setenv(paths.ENV_DATA_DIR, str(d))
    paths.set_data_dir(d)
    i18n.set_language("en")
    yield d
    paths.set_data_dir(None)


@pytest.fixture
def new_event(tmp_path) -> storage.EventStore:
    """An empty event (default dimensions, no people) in tmp_path/event.dialogue."""
    from dialogue_app.services import events

    store = storage.create_event_file(tmp_path / "event.dialogue")
    with store.session() as s:
        events.create_event(s, "Test event", theme="Living together", lang="en")
    yield store
    store.close()


@pytest.fixture(scope="session")
def pg_url() -> str:
    """A PostgreSQL server prepared with ``server init`` (a throw-away cluster started for this run,
    or ``DIALOGUE_APP_TEST_PG``). Skips when no server is installed, except under
    ``DIALOGUE_APP_REQUIRE_PG=1`` (CI), where a missing server fails the run."""
    from dialogue_app.storage import pg_server

    given = os.environ.get("DIALOGUE_APP_TEST_PG")
    if given:
        pg_server.init_server(given)
        yield given
        return
    from tests import pgcluster

    bindir = pgcluster.server_bindir()
    problem = None if bindir else "no PostgreSQL server is installed"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        problem = "psycopg is not installed (pip install -e '.[test]')"
    if problem:
        if os.environ.get("DIALOGUE_APP_REQUIRE_PG") == "1":
            pytest.fail(f"the PostgreSQL tests must run here: {problem}")
        pytest.skip(problem)
    with pgcluster.throwaway_cluster(bindir) as url:
        pg_server.init_server(url)
        yield url


_SERVER_EVENTS = iter(range(1, 10**9))


@pytest.fixture
def server_address(pg_url):
    """A fresh, unused event name on the test server (the event is dropped afterwards if made)."""
    from dialogue_app.storage import address, pg_server

    where = address.ServerAddress(address.parse_server_url(pg_url)[0], f"t{next(_SERVER_EVENTS)}")
    yield where
    pg_server.drop_server_event(where)


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request) -> str:
    """Runs a test once on an event file and once on an event on a PostgreSQL server."""
    return request.param


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """A 60-participant demo event, built once per test run (copy it before changing it)."""
    from dialogue_app.services import demo

    target = tmp_path_factory.mktemp("demo-template") / "demo.dialogue"
    demo.create_demo_file(target, participants=60, seed=3, lang="en")
    return target


@pytest.fixture
def demo_path(tmp_path, demo_template) -> Path:
    """Path of a fresh copy of the 60-participant demo event."""
    dest = tmp_path / "demo.dialogue"
    shutil.copyfile(demo_template, dest)
    return dest


@pytest.fixture
def demo_store(demo_path) -> storage.EventStore:
    store = storage.open_event_file(demo_path)
    yield store
    store.close()
