"""Writing the demo event reports real progress: the planning run (most of the time) moves the
bar step by step, instead of the bar standing still until the end."""

from __future__ import annotations

from dialogue_app import demo


def test_demo_creation_reports_progress_during_planning(tmp_path):
    """Fractions rise from 0 to 1 and several fall inside the planning share (0.1-0.95)."""
    seen: list[float] = []
    demo.create_demo_file(tmp_path / "demo.dialogue", participants=40, seed=1, progress=seen.append)
    assert seen[-1] == 1.0
    assert seen == sorted(seen)
    assert len({round(f, 3) for f in seen if 0.1 < f < 0.95}) >= 3
