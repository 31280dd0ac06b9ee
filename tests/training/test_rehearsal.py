"""Rehearsal: the table timer with a clock running faster (injected fake clock)."""

from __future__ import annotations

import pytest

from dialogue_app.facilitation.timer import FakeClock, TableTimer
from dialogue_app.training.rehearsal import SpeedClock, real_minutes


def test_twenty_minute_round_takes_five_minutes_at_factor_four():
    """At speed 4 a 20-minute phase is over after 5 real minutes, and pausing stops the fast clock too."""
    base = FakeClock()
    clock = SpeedClock(4, base)
    timer = TableTimer([20 * 60, 35 * 60], clock=clock)
    timer.start()
    base.advance(150)  # 2.5 real minutes
    assert timer.elapsed() == pytest.approx(600)
    assert timer.remaining() == pytest.approx(600)
    assert not timer.overtime
    timer.pause()
    base.advance(600)
    assert timer.elapsed() == pytest.approx(600)
    timer.start()
    base.advance(151)
    assert timer.overtime
    assert real_minutes(20, 4) == 5


def test_speed_clock_wall_time_runs_fast_too():
    """Both monotonic and wall-clock time run at the factor (stored state stays consistent)."""
    base = FakeClock()
    clock = SpeedClock(10, base)
    t0, m0 = clock.now(), clock.monotonic()
    base.advance(6)
    assert (clock.now() - t0).total_seconds() == pytest.approx(60)
    assert clock.monotonic() - m0 == pytest.approx(60)


def test_speed_factor_must_be_positive():
    """A factor of zero or less is refused."""
    with pytest.raises(ValueError):
        SpeedClock(0, FakeClock())
