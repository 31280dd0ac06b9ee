"""The shared server cannot be reached while an organiser saves: she is told, and the edit is not
lost: "Try again?" saves it once the server is back; "No" leaves everything as it was."""

from __future__ import annotations

import re

import pytest

from dialogue_app import storage
from dialogue_app.errors import ServerUnavailable
from dialogue_app.services import edits, events, people
from dialogue_app.storage.pg_server import make_server_engine
from dialogue_app.storage.server_store import ServerEventStore
from dialogue_app.ui import dialogs
from dialogue_app.ui.context import AppContext


class _NetworkBack(dialogs.Unattended):
    """Answers "Try again?" with Yes after the network is back (the test puts the reachable store in)."""

    def __init__(self, ctx_store: list, reachable) -> None:
        super().__init__([])
        self.ctx_store, self.reachable, self.asked = ctx_store, reachable, 0

    def confirm(self, parent, title, text, *, key, unattended, about=None, buttons=dialogs.Button.Yes):
        if key != "retry_edit":
            return super().confirm(parent, title, text, key=key, unattended=unattended, about=about)
        self.asked += 1
        self.reported.append(about)
        self.ctx_store[0].store = self.reachable
        return True


@pytest.fixture
def stores(server_address):
    """(the event on the server, the same event through an address nobody answers at)."""
    store = storage.create_event(str(server_address))
    with store.session() as s:
        events.create_event(s, "Test event", theme="Living together", lang="en")
    gone = re.sub(r"port=\d+", "port=1", server_address.url)
    unreachable = ServerEventStore(server_address, make_server_engine(gone, server_address.schema))
    yield store, unreachable
    unreachable.close()
    store.close()


def test_a_save_while_the_server_is_unreachable_is_kept_and_saved_on_try_again(qtbot, stores):
    """The save fails (server unreachable): the organiser is asked "Try again?" with the reason;
    once the server answers again her edit is saved and can be undone."""
    store, unreachable = stores
    holder: list = []
    service = _NetworkBack(holder, store)
    ctx = AppContext(dialogs=service)
    holder.append(ctx)
    ctx.store = unreachable
    pid = people.new_person().id
    assert ctx.apply(edits.SavePerson(people.PersonData(id=pid, first_name="Ana"), "Add Ana"))
    assert service.asked == 1 and isinstance(service.reported[0], ServerUnavailable)
    with store.read_session() as s:
        assert people.get_person(s, pid).first_name == "Ana"
    assert ctx.undo_stack.canUndo()
    ctx.store = None


def test_no_leaves_everything_as_it_was(qtbot, stores):
    """Answering No: nothing saved, nothing on the undo stack, the reason was shown."""
    store, unreachable = stores
    service = dialogs.Unattended([], {"retry_edit": False})
    ctx = AppContext(dialogs=service)
    ctx.store = unreachable
    assert not ctx.apply(edits.SavePerson(people.PersonData(id=people.new_person().id, first_name="Ana"), "Add"))
    assert [type(e) for e in service.reported] == [ServerUnavailable] and not ctx.undo_stack.canUndo()
    with store.read_session() as s:
        assert not people.list_people(s)
    ctx.store = None
