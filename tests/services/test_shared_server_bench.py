"""The shared-server load test's logic with small numbers (not timed): two door processes, an
organiser and a plan on a 60-person event on the test server. What a maintainer would notice: the
benchmark's figures add up, and the doors and the plan lose, duplicate or move nobody."""

from __future__ import annotations

from benchmarks.shared_server import Load, median_of, run_once, text


def test_load_test_bookkeeping_on_a_small_event(pg_url, demo_path):
    """Everybody is checked in exactly once (each code scanned twice by a second door is answered
    "already"), the plan moves nobody the doors sent to a table, and whatever went wrong can
    only be a stale organiser save (the part of the issue that versions every row)."""
    load = Load(doors=2, overlap=4, plan_seconds=0.5, plan_delay=0.2, think=0.05)
    res = run_once(pg_url, demo_path, load, "bench_smoke")
    assert res["answers"] == res["people"] + 2 * 4
    assert res["checked_in"] == res["people"]
    assert res["already_answers"] >= 2 * 4 - res["duplicated_checkins"]
    assert res["lost_or_duplicated_otherwise"] == 0
    assert res["moved_by_plan"] == 0
    assert res["plan"] is not None and res["organiser_edits"] >= 1
    assert 0 < res["p50_ms"] <= res["p95_ms"] <= res["max_ms"]
    summary = median_of([res, res]) | {"runs": 2, "doors": 2}
    assert summary["p95_ms"] == res["p95_ms"]
    assert "lost check-ins" in text(summary)
