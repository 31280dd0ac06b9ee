"""Listening to an event's change notifications (see :mod:`.pg_notify`) on a thread of its own.

A :class:`ChangeListener` keeps one dedicated psycopg connection (autocommit, ``LISTEN`` on the
event's channel) and waits with ``conn.notifies(timeout=…)``. Table names arriving within a short
gathering window are handed over together, once, to ``on_change`` — called on the listener's thread:
a window hands them on to its own thread. Notifications sent by the client's own connections (their
backend pids, :meth:`ChangeListener.ignore_pid`) are left out: the client announced those changes
itself. When the connection is lost the listener reconnects (waiting a little longer each time) and
then reports :data:`EVERYTHING`, since what changed meanwhile was not heard.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable

from sqlalchemy import event
from sqlalchemy.engine import Engine

from dialogue_app.storage.address import ServerAddress
from dialogue_app.storage.pg_notify import channel_for

log = logging.getLogger(__name__)

#: Handed to ``on_change`` after a reconnection: any table may have changed.
EVERYTHING = frozenset({"*"})


class ChangeListener:
    """Hears which tables of one server event changed and reports them within about a second."""

    def __init__(
        self,
        address: ServerAddress,
        on_change: Callable[[frozenset[str]], None],
        *,
        gather: float = 0.15,
        poll: float = 0.5,
        on_state: Callable[[bool], None] | None = None,
    ) -> None:
        self.address = address
        self.channel = channel_for(address.schema)
        self.on_change = on_change
        #: called with False when the connection is lost and True when it is back (listener's thread)
        self.on_state = on_state
        self.gather = gather
        self.poll = poll
        self._own: set[int] = set()
        self._own_lock = threading.Lock()
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._conn = None
        self._hooks: list[tuple[Engine, Callable]] = []
        self._thread = threading.Thread(target=self._run, name=f"listen-{address.event}", daemon=True)

    # --- our own connections -------------------------------------------------------------
    def ignore_pid(self, pid: int) -> None:
        """Leave out notifications sent by the backend ``pid`` (one of this client's connections)."""
        with self._own_lock:
            self._own.add(pid)

    def forget_pid(self, pid: int) -> None:
        with self._own_lock:
            self._own.discard(pid)

    def _is_own(self, pid: int) -> bool:
        with self._own_lock:
            return pid in self._own

    # --- life ------------------------------------------------------------------------------
    def start(self, wait: float = 5.0) -> bool:
        """Start listening; True once the first LISTEN is in place (within ``wait`` seconds)."""
        self._thread.start()
        return self._ready.wait(wait)

    @property
    def listening(self) -> bool:
        return self._ready.is_set() and not self._stop.is_set()

    def stop(self, wait: float = 5.0) -> None:
        """Stop listening and close the connection (returns within about ``poll`` seconds)."""
        self._stop.set()
        for engine, hook in self._hooks:
            if event.contains(engine, "checkout", hook):
                event.remove(engine, "checkout", hook)
        self._hooks.clear()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(wait)

    def _connect(self):  # a psycopg.Connection
        import psycopg

        conn = psycopg.connect(
            self.address.url, autocommit=True, application_name="dialogue_app listener", connect_timeout=10
        )
        conn.execute(f'LISTEN "{self.channel}"')
        return conn

    def _run(self) -> None:
        delay = 0.5
        first = True
        while not self._stop.is_set():
            try:
                self._conn = self._connect()
            except Exception as exc:  # unreachable, login refused: try again later
                log.info("listener for %s cannot connect: %s", self.address.event, exc)
                self._stop.wait(delay)
                delay = min(delay * 2, 10.0)
                continue
            delay = 0.5
            self._ready.set()
            if not first:
                self._report_state(True)
                self._deliver(EVERYTHING)  # changes made while we were away were not heard
            first = False
            try:
                self._listen(self._conn)
            except Exception as exc:  # the connection was lost
                log.info("listener for %s lost its connection: %s", self.address.event, exc)
                if not self._stop.is_set():
                    self._report_state(False)
            finally:
                self._close()

    def _listen(self, conn) -> None:
        while not self._stop.is_set():
            # the first notice ends the wait (without stop_after the generator runs the whole poll:
            # a change was heard up to half a second late)
            tables = set(self._tables(conn.notifies(timeout=self.poll, stop_after=1)))
            if tables and self.gather > 0:  # what one save sends arrives together
                tables |= set(self._tables(conn.notifies(timeout=self.gather)))
            if tables:
                self._deliver(frozenset(tables))
            if conn.closed or conn.broken:
                raise ConnectionError("listener connection closed")

    def _tables(self, notifies: Iterable) -> Iterable[str]:
        for note in notifies:
            if note.channel == self.channel and not self._is_own(note.pid):
                yield str(note.payload)

    def _deliver(self, tables: frozenset[str]) -> None:
        try:
            self.on_change(tables)
        except Exception:  # a receiver's bug must not stop the listening
            log.exception("change receiver failed")

    def _report_state(self, connected: bool) -> None:
        if self.on_state is not None:
            try:
                self.on_state(connected)
            except Exception:
                log.exception("state receiver failed")

    def _close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except Exception:
                log.debug("closing the listener connection failed", exc_info=True)

    def ignore_engine(self, engine: Engine) -> None:
        """Leave out what the connections of ``engine`` (this client's store) send: each one's backend pid
        is noted when it is taken from the pool, before it can write."""

        def checkout(dbapi_connection, _record, _proxy) -> None:
            pid = getattr(getattr(dbapi_connection, "info", None), "backend_pid", None)
            if pid:
                self.ignore_pid(int(pid))

        event.listen(engine, "checkout", checkout)
        self._hooks.append((engine, checkout))


__all__ = ["EVERYTHING", "ChangeListener"]
