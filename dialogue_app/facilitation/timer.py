"""The table timer: pure logic with an injected clock.

Elapsed time inside the running process comes from a monotonic clock (immune to
wall-clock jumps). What is stored, on every Start / Pause / Next / Back, are
wall-clock UTC times plus accumulated pause seconds per phase; after a crash or
restart :class:`TableTimer` is rebuilt from that state and continues with the
right remaining time. Ticks are never stored.

The stored state is kept consistent with the monotonic elapsed time: whenever
it is written, ``pause_seconds`` is set so that
``(now - started_at) - pause_seconds`` equals the elapsed time just measured.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol


class Clock(Protocol):
    def monotonic(self) -> float: ...

    def now(self) -> dt.datetime:
        """Wall-clock UTC time, naive."""
        ...


class SystemClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class FakeClock:
    """A clock for tests and demos: advance it by hand."""

    def __init__(self, start: dt.datetime | None = None) -> None:
        self._mono = 1000.0
        self._wall = start or dt.datetime(2026, 11, 5, 17, 30)

    def monotonic(self) -> float:
        return self._mono

    def now(self) -> dt.datetime:
        return self._wall

    def advance(self, seconds: float) -> None:
        self._mono += seconds
        self._wall += dt.timedelta(seconds=seconds)


@dataclass(frozen=True)
class PhaseRunState:
    """How one phase ran (UTC wall-clock times); all None while not started."""

    started_at: dt.datetime | None = None
    ended_at: dt.datetime | None = None
    paused_at: dt.datetime | None = None
    pause_seconds: float = 0.0

    @property
    def started(self) -> bool:
        return self.started_at is not None

    def wall_elapsed(self, now: dt.datetime) -> float:
        """Elapsed seconds according to the stored wall-clock state."""
        if self.started_at is None:
            return 0.0
        end = self.ended_at or self.paused_at or now
        return max(0.0, (end - self.started_at).total_seconds() - self.pause_seconds)


@dataclass(frozen=True)
class TimerState:
    """What is stored: the current phase index and one run per phase."""

    current: int = 0
    runs: tuple[PhaseRunState, ...] = ()

    def run(self, i: int) -> PhaseRunState:
        return self.runs[i] if 0 <= i < len(self.runs) else PhaseRunState()


def _fmt(seconds: float) -> str:
    s = int(abs(seconds) + 0.999) if seconds > 0 else int(abs(seconds))
    h, rest = divmod(s, 3600)
    m, sec = divmod(rest, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


def format_seconds(seconds: float) -> str:
    """Clock-style "m:ss" (or "h:mm:ss"), of the absolute value."""
    return _fmt(seconds)


class TableTimer:
    """The timer of one table session over a script of planned durations (seconds)."""

    def __init__(self, planned: Sequence[float], state: TimerState | None = None, clock: Clock | None = None) -> None:
        self.clock = clock or SystemClock()
        self.planned = [float(p) for p in planned]
        state = state or TimerState()
        runs = list(state.runs[: len(self.planned)])
        runs += [PhaseRunState()] * (len(self.planned) - len(runs))
        self._runs = runs
        self._current = min(max(0, state.current), len(self.planned))
        self._anchor()

    # --- internal -------------------------------------------------------------------
    def _anchor(self) -> None:
        """Take the current phase's elapsed time from the stored state; time on from here."""
        run = self._run
        self._base = run.wall_elapsed(self.clock.now()) if run else 0.0
        self._mono0 = self.clock.monotonic()

    @property
    def _run(self) -> PhaseRunState | None:
        return self._runs[self._current] if self._current < len(self._runs) else None

    def _set_run(self, run: PhaseRunState) -> None:
        self._runs[self._current] = run

    def _consistent(self, run: PhaseRunState, now: dt.datetime, elapsed: float, end: dt.datetime | None) -> float:
        """pause_seconds that makes the wall-clock formula give ``elapsed`` at ``end or now``."""
        assert run.started_at is not None
        return max(0.0, ((end or now) - run.started_at).total_seconds() - elapsed)

    # --- reading ----------------------------------------------------------------------
    @property
    def state(self) -> TimerState:
        return TimerState(self._current, tuple(self._runs))

    @property
    def current(self) -> int:
        return self._current

    @property
    def finished(self) -> bool:
        return self._current >= len(self.planned)

    @property
    def running(self) -> bool:
        run = self._run
        return bool(run and run.started_at and run.paused_at is None and run.ended_at is None)

    @property
    def started(self) -> bool:
        return bool(self._run and self._run.started)

    def elapsed(self) -> float:
        """Seconds spent in the current phase."""
        if self._run is None:
            return 0.0
        if self.running:
            return self._base + max(0.0, self.clock.monotonic() - self._mono0)
        return self._base

    def planned_seconds(self) -> float:
        return self.planned[self._current] if not self.finished else 0.0

    def remaining(self) -> float:
        """Seconds left in the current phase; negative in overtime."""
        return self.planned_seconds() - self.elapsed()

    @property
    def overtime(self) -> bool:
        return not self.finished and self.remaining() < 0

    def phase_elapsed(self, i: int) -> float:
        """Seconds spent in phase ``i`` (the current one included)."""
        if i == self._current:
            return self.elapsed()
        run = self._runs[i] if 0 <= i < len(self._runs) else PhaseRunState()
        return run.wall_elapsed(self.clock.now())

    def behind_seconds(self) -> float:
        """Positive: behind schedule by that many seconds; negative: ahead.

        Finished phases count with their actual minus planned time; the current
        phase counts only once it overruns (its remaining time may still be used).
        Phases skipped without starting count as planned time saved.
        """
        total = 0.0
        for i in range(min(self._current, len(self.planned))):
            total += self.phase_elapsed(i) - self.planned[i]
        if not self.finished:
            total += max(0.0, self.elapsed() - self.planned[self._current])
        return total

    # --- commands (each returns the new state to store) --------------------------------
    def start(self) -> TimerState:
        if self.finished or self.running:
            return self.state
        now = self.clock.now()
        run = self._run
        assert run is not None  # not finished: the current phase has a run
        if not run.started:
            self._set_run(PhaseRunState(started_at=now))
            self._base = 0.0
        else:
            elapsed = self._base
            self._set_run(replace(run, paused_at=None, ended_at=None,
                                  pause_seconds=self._consistent(run, now, elapsed, None)))
        self._mono0 = self.clock.monotonic()
        return self.state

    def pause(self) -> TimerState:
        if not self.running:
            return self.state
        now = self.clock.now()
        elapsed = self.elapsed()
        run = self._run
        assert run is not None  # running: the current phase has a run
        self._set_run(replace(run, paused_at=now, pause_seconds=self._consistent(run, now, elapsed, now)))
        self._base = elapsed
        return self.state

    def toggle(self) -> TimerState:
        return self.pause() if self.running else self.start()

    def _close_current(self, now: dt.datetime) -> bool:
        """End the current phase's run; returns whether it was running."""
        run = self._run
        if run is None or not run.started:
            return False
        was_running = self.running
        elapsed = self.elapsed()
        self._set_run(PhaseRunState(started_at=run.started_at, ended_at=now, paused_at=None,
                                    pause_seconds=self._consistent(run, now, elapsed, now)))
        return was_running

    def next(self) -> TimerState:
        """Close this phase and go to the next (it starts at once when the timer was running)."""
        if self.finished:
            return self.state
        now = self.clock.now()
        was_running = self._close_current(now)
        self._current += 1
        self._base = 0.0
        self._mono0 = self.clock.monotonic()
        if not self.finished and was_running:
            self._set_run(PhaseRunState(started_at=now))
        return self.state

    def back(self) -> TimerState:
        """Go back to the previous phase; it continues from the time it had used."""
        if self._current == 0:
            return self.state
        now = self.clock.now()
        was_running = self.running
        if not self.finished:
            self._set_run(PhaseRunState())  # the phase left is not counted
        self._current -= 1
        run = self._run
        assert run is not None  # an earlier phase always has a run
        self._anchor()
        if run.started:
            elapsed = self._base
            if was_running:
                self._set_run(PhaseRunState(started_at=run.started_at,
                                            pause_seconds=self._consistent(run, now, elapsed, None)))
            else:
                self._set_run(PhaseRunState(started_at=run.started_at, paused_at=now,
                                            pause_seconds=self._consistent(run, now, elapsed, now)))
            self._base = elapsed
        elif was_running:
            self._set_run(PhaseRunState(started_at=now))
            self._base = 0.0
        self._mono0 = self.clock.monotonic()
        return self.state
