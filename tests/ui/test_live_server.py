"""An event on a shared server in the window: another organiser's change shows within a second without
losing the selection or what is being typed; File ▸ Connect to server… lists the server's events and
opens one, which then comes back in the recent list by its address."""

from __future__ import annotations

import dataclasses
import time

import pytest

from dialogue_app import storage
from dialogue_app.services import people as people_service
from tests.backends import copy_to_backend
from tests.ui.windows import open_main_window


@pytest.fixture
def server_demo(request, demo_path, server_address) -> str:
    """The demo event pushed onto the test server; its address (postgresql://…?event=NAME)."""
    store = copy_to_backend("postgresql", demo_path, request)
    store.close()
    return str(server_address)


@pytest.fixture
def server_window(qtbot, server_demo):
    """The main window with the demo event on the server open."""
    yield from open_main_window(qtbot, server_demo)


def _other_organiser_renames(location: str, person_id, first_name: str) -> None:
    other = storage.open_event(location)
    try:
        with other.session() as s:
            data = people_service.get_person(s, person_id)
            people_service.save_person(s, dataclasses.replace(data, first_name=first_name))
    finally:
        other.close()


def test_people_list_shows_another_organisers_change_and_keeps_the_selection(qtbot, server_window, server_demo):
    """A person renamed on another laptop shows in this window's People list within a second, and the
    person this organiser had selected stays selected; the title names the server event."""
    assert "on " in server_window.windowTitle() and server_window.ctx.path is None
    panel = server_window.show_area("people")
    rows = server_window.ctx.read(people_service.list_people)
    chosen, renamed = rows[3], rows[10]
    assert panel.select_person(chosen.id)
    live = server_window.ctx.live
    assert live.listener is not None and live.listener.listening
    with qtbot.waitSignal(live.refreshed, timeout=1500) as heard:
        _other_organiser_renames(server_demo, renamed.id, "Zoë-Live")
    assert "people" in heard.args[0]
    names = [panel.proxy.index(r, 1).data() for r in range(panel.proxy.rowCount())]
    assert "Zoë-Live" in names
    assert panel.selected_ids() == [chosen.id]


def test_event_settings_being_typed_are_not_overwritten(qtbot, server_window, server_demo):
    """While the organiser types a new title on the Event screen, another user's change to the event
    does not replace what is typed (the screen reloads once it is saved or shown again)."""
    from dialogue_app.services import events

    panel = server_window.show_area("event")
    panel.title.setText("My unsaved title")
    panel.title.textEdited.emit("My unsaved title")
    assert panel.busy_reason()
    with qtbot.waitSignal(server_window.ctx.live.refreshed, timeout=1500) as heard:
        other = storage.open_event(server_demo)
        try:
            with other.session() as s:
                settings = events.get_settings(s)
                events.update_settings(s, dataclasses.replace(settings, theme="Changed elsewhere"))
        finally:
            other.close()
    assert "event" in heard.args[0]
    assert panel.title.text() == "My unsaved title"


def test_connect_dialog_lists_the_servers_events_and_opens_one(qtbot, server_demo, pg_url, demo_path):
    """File ▸ Connect to server…: the organiser types the server's address, lists its events, opens
    the demo; the window shows it, and the recent list offers it again by its address."""
    from PySide6.QtCore import Qt

    from dialogue_app.storage.address import parse_address
    from dialogue_app.ui.context import AppContext
    from dialogue_app.ui.main_window import MainWindow
    from dialogue_app.ui.server_connect import ServerConnectDialog

    ctx = AppContext()
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    with qtbot.waitSignal(win.welcome.connect_requested, timeout=1000):
        win.welcome.connect_button.click()  # the welcome screen offers it as well as the File menu
    for shown in win.findChildren(ServerConnectDialog):
        shown.close()
    dialog = win.connect_to_server()
    assert not dialog.open_button.isEnabled()
    dialog.address.setText("postgresql://nobody:secret@localhost/dialogue")
    assert not dialog.list_events()
    assert "password" in dialog.message.text()
    dialog.address.setText(pg_url)
    assert dialog.list_events(), dialog.message.text()
    name = parse_address(server_demo).event
    names = [dialog.events.item(i).data(256) for i in range(dialog.events.count())]
    assert name in names
    dialog.events.setCurrentRow(names.index(name))
    assert dialog.open_button.isEnabled()
    assert dialog.open_chosen()
    assert ctx.store is not None and ctx.store.is_server and ctx.store.location == server_demo
    assert ctx.settings.recent[0] == server_demo
    assert ctx.store.label in win.windowTitle()
    assert win.close_event()
    first = win.welcome.recent.item(0)  # the welcome screen lists it by name and server, choosable
    assert first.data(256) == server_demo and ctx.store is None
    assert bool(first.flags() & Qt.ItemFlag.ItemIsEnabled) and name in first.text()
    win._fill_recent()
    entry = win.recent_menu.actions()[0]
    assert entry.isEnabled() and entry.toolTip() == server_demo
    entry.trigger()
    assert ctx.store is not None and ctx.store.location == server_demo
    ctx.close_event()


def test_connect_dialog_says_when_the_server_cannot_be_reached(qtbot):
    """A server that does not answer gives a plain message in the dialog, not a traceback."""
    from dialogue_app.ui.server_connect import ServerConnectDialog

    dialog = ServerConnectDialog(lambda _location: False)
    qtbot.addWidget(dialog)
    dialog.address.setText("postgresql://127.0.0.1:1/dialogue?connect_timeout=2")
    assert not dialog.list_events()
    assert "cannot be reached" in dialog.message.text()
    assert dialog.events.count() == 0 and not dialog.open_button.isEnabled()


@pytest.mark.parametrize("lang", ["de", "ar", "pseudo"])
def test_connect_dialog_fits_in_long_languages(qtbot, monkeypatch, server_demo, pg_url, lang):
    """The Connect to server dialog, with the server's events listed and with an error shown, has no
    clipped or overlapping text in German, Arabic or a pseudo-language 40 % longer."""
    from PySide6.QtWidgets import QApplication

    from dialogue_app import i18n
    from dialogue_app.ui.server_connect import ServerConnectDialog
    from tests.ui.clipping import clipping_problems
    from tests.ui.pseudo import use_pseudo

    if lang == "pseudo":
        use_pseudo(monkeypatch)
    else:
        i18n.set_language(lang)
    dialog = ServerConnectDialog(lambda _location: False, url=pg_url)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.width() <= 1366 and dialog.height() <= 728
    assert dialog.list_events()
    QApplication.processEvents()
    found = clipping_problems("connect-listed", dialog)
    dialog.address.setText("postgresql://nobody:secret@localhost/dialogue")
    assert not dialog.list_events()
    QApplication.processEvents()
    found += clipping_problems("connect-error", dialog)
    assert not found, "\n".join(found)


def test_file_only_actions_on_a_server_event(qtbot, server_window, tmp_path, monkeypatch):
    """On a server event, Save a Copy… writes an ordinary event file holding every row (what a pull
    gives), and Make a table package / Restore a backup are disabled with the reason as tooltip."""
    from dialogue_app import storage as st
    from dialogue_app.storage.transfer import row_counts
    from dialogue_app.ui import context

    make_package, _merge, restore = server_window.offline_actions
    assert not make_package.isEnabled() and not restore.isEnabled()
    assert "event file only" in make_package.toolTip()
    target = tmp_path / "copy.dialogue"
    monkeypatch.setitem(context.record_errors_for_tests().answers, "pull_copy", str(target))
    server_window.save_copy()
    task = server_window.copy_task
    qtbot.waitUntil(lambda: not server_window.ctx.busy, timeout=20000)
    assert task is not None and not context.REPORTED
    copy = st.open_event_file(target, read_only=True)
    try:
        assert row_counts(copy) == row_counts(server_window.ctx.store)
    finally:
        copy.close()


def test_every_area_opens_on_a_server_event(server_window):
    """Each area of the window shows a server event without an error (no screen needs a file)."""
    from dialogue_app.ui import areas, context

    for spec in areas.AREAS:
        assert server_window.show_area(spec.key) is not None, spec.key
    assert context.REPORTED == []


def test_a_burst_of_changes_elsewhere_refreshes_a_few_times_not_each_time(qtbot, server_window, server_demo):
    """Doors checking people in one after another on other laptops: the People list refreshes at most
    about twice a second, not once per check-in, and ends up showing the last change."""
    panel = server_window.show_area("people")
    rows = server_window.ctx.read(people_service.list_people)
    seen: list[object] = []
    server_window.ctx.live.refreshed.connect(seen.append)
    other = storage.open_event(server_demo)
    try:
        started = time.monotonic()
        for k, row in enumerate(rows[:20]):
            with other.session() as s:
                data = people_service.get_person(s, row.id)
                people_service.save_person(s, dataclasses.replace(data, first_name=f"Burst{k}"))
            qtbot.wait(50)
        took = time.monotonic() - started
    finally:
        other.close()
    qtbot.waitUntil(lambda: "Burst19" in [panel.proxy.index(r, 1).data() for r in range(panel.proxy.rowCount())],
                    timeout=2000)
    assert 1 <= len(seen) <= took / 0.5 + 2


def test_connect_dialog_says_when_the_server_is_not_prepared(qtbot, pg_url):
    """A database the administrator has not prepared with `server init`: the dialog says so and how,
    and offers nothing to open."""
    import uuid

    import psycopg

    from dialogue_app.ui.server_connect import ServerConnectDialog

    name = "bare_" + uuid.uuid4().hex[:8]
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        dialog = ServerConnectDialog(lambda _location: False)
        qtbot.addWidget(dialog)
        dialog.address.setText(pg_url.replace("/dialogue?", f"/{name}?", 1))
        assert not dialog.list_events()
        assert "server init" in dialog.message.text()
        assert dialog.events.count() == 0 and not dialog.open_button.isEnabled()
    finally:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}"')
