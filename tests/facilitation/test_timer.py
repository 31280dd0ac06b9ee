"""The table timer with an injected clock: start, pause, next, back, overtime, resume."""

from __future__ import annotations

import datetime as dt

from dialogue_app.facilitation.timer import FakeClock, TableTimer, TimerState, format_seconds

PLAN = [600, 1200, 2100]  # 10, 20, 35 minutes


def test_counts_down_only_while_running():
    """Remaining time drops while running and stays put while paused or not started."""
    clock = FakeClock()
    t = TableTimer(PLAN, clock=clock)
    clock.advance(30)
    assert t.remaining() == 600 and not t.running
    t.start()
    clock.advance(90)
    assert t.remaining() == 510
    t.pause()
    clock.advance(300)
    assert t.remaining() == 510
    t.toggle()
    clock.advance(10)
    assert t.remaining() == 500 and t.running


def test_overtime_is_negative_remaining():
    """Past the planned time the timer counts on into overtime."""
    clock = FakeClock()
    t = TableTimer(PLAN, clock=clock)
    t.start()
    clock.advance(600 + 135)
    assert t.overtime and t.remaining() == -135
    assert format_seconds(t.remaining()) == "2:15"
    assert t.behind_seconds() == 135


def test_next_starts_the_following_phase_and_tracks_pacing():
    """Next closes the phase, starts the next one at once, and pacing adds actual minus planned."""
    clock = FakeClock()
    t = TableTimer(PLAN, clock=clock)
    t.start()
    clock.advance(480)  # 2 minutes early
    t.next()
    assert t.current == 1 and t.running and t.elapsed() == 0
    assert t.behind_seconds() == -120
    clock.advance(1200 + 300)  # 5 minutes over
    assert t.behind_seconds() == 180
    t.next()
    t.next()
    assert t.finished and not t.running and t.remaining() == 0


def test_back_resumes_previous_phase_time():
    """Back returns to the previous phase, which continues from the time it had used."""
    clock = FakeClock()
    t = TableTimer(PLAN, clock=clock)
    t.start()
    clock.advance(100)
    t.next()
    clock.advance(50)
    t.back()
    assert t.current == 0 and t.running
    assert t.elapsed() == 100
    clock.advance(20)
    assert t.elapsed() == 120
    assert t.state.run(1).started_at is None


def test_resume_after_restart_uses_stored_wall_clock_state():
    """A new timer built from the stored state (new process: new monotonic origin) keeps the time."""
    clock = FakeClock()
    t = TableTimer(PLAN, clock=clock)
    t.start()
    clock.advance(200)
    t.pause()
    clock.advance(60)  # paused: does not count
    stored = t.start()
    clock.advance(100)
    # crash: the process dies; 40 s later the app is back with another monotonic clock
    clock.advance(40)
    clock2 = FakeClock(start=clock.now())
    clock2._mono = 5.0
    t2 = TableTimer(PLAN, state=stored, clock=clock2)
    assert t2.running and t2.elapsed() == 340
    clock2.advance(60)
    assert t2.remaining() == 600 - 400


def test_resume_while_paused_and_wall_clock_jump_between_stores():
    """A paused session resumes paused; monotonic timing ignores wall-clock jumps in-process."""
    clock = FakeClock()
    t = TableTimer(PLAN, clock=clock)
    t.start()
    clock.advance(100)
    clock._wall += dt.timedelta(hours=1)  # the laptop's clock is corrected
    clock.advance(50)
    assert t.elapsed() == 150
    state = t.pause()
    clock.advance(1000)
    t2 = TableTimer(PLAN, state=state, clock=clock)
    assert not t2.running and t2.elapsed() == 150


def test_state_with_fewer_phases_than_the_script():
    """A stored state from a shorter (or longer) script is clamped, never crashes."""
    clock = FakeClock()
    t = TableTimer([60, 60], state=TimerState(current=5), clock=clock)
    assert t.finished
    t.back()
    assert t.current == 1
