"""Writing the demo event reports real progress: the planning run (most of the time) moves the
bar step by step, instead of the bar standing still until the end."""

from __future__ import annotations

from dialogue_app.services import demo


def test_demo_creation_reports_progress_during_planning(tmp_path):
    """Fractions rise from 0 to 1 and several fall inside the planning step's share, each
    with the planning step's message."""
    seen: list[tuple[float, str]] = []
    demo.create_demo_file(tmp_path / "demo.dialogue", participants=40, seed=1,
                          progress=lambda f, message="": seen.append((f, message)))
    fractions = [f for f, _m in seen]
    assert fractions[-1] == 1.0
    assert fractions == sorted(fractions)
    lo = demo.PEOPLE_SHARE
    hi = lo + demo.STEP_SHARES["planning"]
    planning = {round(f, 3) for f, m in seen if lo < f < hi and m == demo.step_message("planning")}
    assert len(planning) >= 3
