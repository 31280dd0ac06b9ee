"""The schedule of a table: planned times per phase, total against the time slot."""

from __future__ import annotations

import datetime as dt

from dialogue_app.facilitation.schedule import build_schedule, slot_minutes
from dialogue_app.facilitation.script import render

DEFAULT = [("Opening", 10), ("Acquainted", 20), ("Experiences", 35), ("Dream", 25), ("Do", 20), ("Closing", 10)]


def test_default_fits_a_two_hour_slot():
    """The default durations add up to 120 minutes and each phase starts where the last ended."""
    s = build_schedule(DEFAULT, dt.datetime(2026, 11, 5, 18, 30), 120)
    assert s.total_minutes == 120 and not s.overruns and s.overrun_minutes == 0
    assert s.items[2].start == dt.datetime(2026, 11, 5, 19, 0)
    assert s.items[2].end == dt.datetime(2026, 11, 5, 19, 35)
    assert s.end == dt.datetime(2026, 11, 5, 20, 30)


def test_overrun_warning_when_plan_exceeds_slot():
    """A longer plan than the slot overruns by the difference; a shorter one leaves spare time."""
    longer = [*DEFAULT, ("Extra", 15)]
    s = build_schedule(longer, None, 120)
    assert s.overruns and s.overrun_minutes == 15 and s.items[0].start is None
    assert build_schedule(DEFAULT[:3], None, 120).spare_minutes == 55
    assert not build_schedule(longer, None, None).overruns


def test_slot_minutes_wraps_midnight():
    """A slot's length in minutes; unknown ends give None; past midnight wraps."""
    assert slot_minutes(dt.time(18, 30), dt.time(20, 30)) == 120
    assert slot_minutes(dt.time(23, 0), dt.time(1, 0)) == 120
    assert slot_minutes(dt.time(18, 30), None) is None


def test_theme_placeholder_and_literal_braces():
    """{theme} is filled in; other braces an organiser types stay and never crash."""
    assert render("What does {theme} mean?", "Sharing") == "What does Sharing mean?"
    assert render("Use {braces} and { theme } and {", "X") == "Use {braces} and X and {"
    assert render("{0} {}", "X") == "{0} {}"
