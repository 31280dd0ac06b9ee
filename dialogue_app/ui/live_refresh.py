"""Live screens for an event on a server: another user's change shows within a second.

While a server event is open, a :class:`~dialogue_app.storage.pg_listen.ChangeListener` hears which
tables other clients changed; :class:`LiveRefresh` carries them to the window's thread (a Qt signal),
maps them to areas (``services.live``) and announces them like a local edit, so each panel reloads
what it shows — keeping its selection, as after a local edit. A panel holding typed, unsaved input
(``Panel.busy_reason``) is not reloaded under the user's hands: it is marked stale and reloads when it
is shown again. Dialogs are never touched. This client's own changes are not heard twice.
"""

from __future__ import annotations

import contextlib
import logging
import time

from PySide6.QtCore import QObject, QTimer, Signal

from dialogue_app.i18n import gettext as _
from dialogue_app.services.live import ChangeListener, areas_for_tables
from dialogue_app.ui.context import AppContext, Change

log = logging.getLogger(__name__)

#: Seconds between two refreshes for others' changes (what arrives meanwhile is gathered into the next).
MIN_INTERVAL = 0.5


class LiveRefresh(QObject):
    """Owned by an :class:`AppContext`: listens while a server event is open, stops when it closes."""

    #: a frozenset of table names changed by others (emitted on the listener's thread, received on ours)
    tables_changed = Signal(object)
    #: the listening connection was lost (False) or is back (True)
    connection_changed = Signal(bool)
    #: the areas just refreshed after others' changes (for tests and the status bar)
    refreshed = Signal(object)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.ctx = ctx
        self.listener: ChangeListener | None = None
        self._pending: set[str] = set()
        self._last = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._refresh)
        self.tables_changed.connect(self._on_tables)
        self.connection_changed.connect(self._on_connection)
        ctx.event_opened.connect(self.start)
        ctx.event_closing.connect(self.stop)

    def start(self) -> None:
        """Listen to the open event when it is on a server (a file has no other writers to hear)."""
        self.stop()
        store = self.ctx.store
        if store is None or not store.is_server:
            return
        address = getattr(store, "address", None)
        if address is None:
            return
        listener = ChangeListener(address, self.tables_changed.emit, on_state=self.connection_changed.emit)
        listener.ignore_engine(store.engine)
        self.listener = listener
        if not listener.start(wait=5.0):
            log.warning("live updates for %s are not running yet", store.label)

    def stop(self) -> None:
        self._timer.stop()
        self._pending.clear()
        listener, self.listener = self.listener, None
        if listener is not None:
            listener.stop(wait=1.0)  # a thread still connecting to a gone server is left to end by itself

    def _on_tables(self, tables: frozenset[str]) -> None:
        if self.listener is None or not self.ctx.has_event:
            return  # a late message from an event already closed
        self._pending |= {str(a) for a in areas_for_tables(tables)}
        if not self._timer.isActive():  # a busy server (four doors checking in) refreshes at most twice a second
            wait = self._last + MIN_INTERVAL - time.monotonic()
            self._timer.start(max(0, int(wait * 1000)))

    def _refresh(self) -> None:
        areas, self._pending = frozenset(self._pending), set()
        if not areas or self.listener is None or not self.ctx.has_event:
            return
        self._last = time.monotonic()
        with _busy_panels_left_alone(self.ctx):
            self.ctx.announce(Change(areas, self, _("Changes by other users")))
        self.refreshed.emit(areas)

    def _on_connection(self, connected: bool) -> None:
        if connected:
            self.ctx.status_message.emit(_("Connected to the server again; the screens show its latest data."))
        else:
            self.ctx.status_message.emit(
                _("The connection to the server was lost; other users' changes show again once it is back.")
            )


@contextlib.contextmanager
def _busy_panels_left_alone(ctx: AppContext):
    """While announcing others' changes, panels with unsaved input do not reload (they are marked stale)."""
    window = ctx.window
    panels = window.open_panels() if window is not None and hasattr(window, "open_panels") else []
    held = []
    for panel in panels:
        busy = getattr(panel, "busy_reason", None)
        slot = getattr(panel, "_on_data_changed", None)
        if busy is not None and slot is not None and busy():
            with contextlib.suppress(RuntimeError, TypeError):
                ctx.data_changed.disconnect(slot)
                held.append((panel, slot))
    try:
        yield
    finally:
        for panel, slot in held:
            panel._stale = True
            ctx.data_changed.connect(slot)


def install_live_refresh(ctx: AppContext) -> LiveRefresh:
    """Give ``ctx`` live screens for server events (once)."""
    existing = getattr(ctx, "live", None)
    if isinstance(existing, LiveRefresh):
        return existing
    live = LiveRefresh(ctx)
    ctx.live = live  # type: ignore[attr-defined]
    return live


__all__ = ["LiveRefresh", "install_live_refresh"]
