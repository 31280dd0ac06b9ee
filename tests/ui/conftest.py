"""Fixtures of the GUI tests: a main window at 1366×768 with the demo event open,
errors recorded instead of shown, and confirmations answered without a dialog."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from dialogue_app.ui import context, people_panel, unsaved
from tests.ui.windows import open_main_window


@pytest.fixture(autouse=True)
def _no_modal(monkeypatch):
    dialogs = context.record_errors_for_tests()
    context.REPORTED.clear()
    monkeypatch.setitem(dialogs.answers, people_panel.CONFIRM_KEY, True)
    # closing a window with unsaved edits (pytest-qt closes it after each test) discards them
    monkeypatch.setitem(dialogs.answers, unsaved.KEY, unsaved.Button.Discard)
    yield
    context.REPORTED.clear()


@pytest.fixture
def window(qtbot, demo_path):
    """The main window (1366×768) with a fresh copy of the 60-participant demo open."""
    yield from open_main_window(qtbot, demo_path)


@pytest.fixture
def planned_tables(qtbot, demo_path):
    """(main window, Tables panel): a fresh demo planned with seed 4, the Tables screen shown at 1366×768."""
    from dialogue_app.services import planning as plan_svc
    from dialogue_app.ui.context import AppContext
    from dialogue_app.ui.main_window import MainWindow

    ctx = AppContext()
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    assert w.open_path(demo_path)
    plan_svc.plan_event(ctx.store, seconds=None, iterations=20, seed=4)
    panel = w.show_area("tables")
    panel.refresh()
    yield w, panel
    ctx.close_event()


@pytest.fixture
def people(window):
    """The People panel of the open demo, shown."""
    panel = window.show_area("people")
    assert panel is not None and panel.model.rowCount() > 0
    return panel


@pytest.fixture
def event(window):
    """The Event panel of the open demo, shown."""
    panel = window.show_area("event")
    assert panel is not None
    return panel


@pytest.fixture
def seated(tmp_path, demo_template):
    """A copy of the demo event (not open) with everyone seated: the organiser's file that
    table packages are made from."""
    import shutil

    from dialogue_app import storage
    from tests.offline.conftest import seat_everyone

    path = tmp_path / "organiser.dialogue"
    shutil.copyfile(demo_template, path)
    store = storage.open_event_file(path)
    seat_everyone(store)
    store.close()
    return path


@pytest.fixture
def other(window):
    """A second organiser's connection to the open event file (as a second app would have)."""
    from dialogue_app import storage

    path = window.ctx.store.path
    store = storage.EventStore(path=path, engine=storage.make_engine(path))
    yield store
    store.close()
