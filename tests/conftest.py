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
