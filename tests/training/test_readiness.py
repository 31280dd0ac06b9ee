"""The readiness rules (training.readiness.check_readiness)."""

from __future__ import annotations

import datetime as dt

from dialogue_app.training.readiness import check_readiness

D = dt.date


def test_basic_cofacilitation_and_practice_make_ready():
    """Basic training + co-facilitated once + a practice evening: ready, since the latest of the three."""
    r = check_readiness("facilitator", [("basic_training", D(2026, 10, 6)), ("co_facilitated", D(2026, 11, 5)),
                                        ("practice_evening", D(2026, 10, 20))])
    assert r.ready and r.missing == ()
    assert r.since == D(2026, 11, 5)


def test_each_requirement_is_needed():
    """Leaving out any one requirement makes the trainee not ready and names what is missing."""
    full = [("basic_training", D(2026, 1, 1)), ("co_facilitated", D(2026, 1, 2)), ("practice_evening", D(2026, 1, 3))]
    for i, (step, _d) in enumerate(full):
        r = check_readiness("facilitator", full[:i] + full[i + 1:])
        assert not r.ready
        assert r.missing == (step,)
        assert r.since is None


def test_taking_part_alone_is_not_enough_and_facilitating_counts_as_experience():
    """Only having taken part in a dialogue is not enough; having facilitated alone counts like co-facilitating."""
    assert check_readiness("facilitator", [("dialogue", D(2026, 1, 1))]).missing == (
        "basic_training", "co_facilitated", "practice_evening")
    r = check_readiness("facilitator", [("basic_training", None), ("facilitated", D(2026, 2, 1)),
                                        ("practice_evening", D(2026, 3, 1))])
    assert r.ready
    assert r.since is None  # one step has no date


def test_coordinator_track_has_its_own_rules():
    """Coordinators need the basic training and a coordinator session, not co-facilitation."""
    assert check_readiness("coordinator", [("basic_training", D(2026, 1, 1)),
                                           ("coordinator_session", D(2026, 1, 9))]).ready
    assert check_readiness("coordinator", [("basic_training", D(2026, 1, 1))]).missing == ("coordinator_session",)
