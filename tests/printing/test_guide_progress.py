"""Facilitator guides report progress while their pages are drawn (the slow part), one step
per table, instead of jumping from a few percent to 100 % at the end."""

from __future__ import annotations

import traceback

from dialogue_app import exports


def test_guide_progress_moves_while_the_pages_are_drawn(seated_store, tmp_path):
    """Most progress reports of a guide PDF come from inside the page layout (reportlab's
    build), rising steadily to 100 %."""
    calls: list[tuple[float, bool]] = []

    def progress(fraction: float, message: str = "") -> None:
        drawing = any(f.name == "build" and "reportlab" in f.filename for f in traceback.extract_stack())
        calls.append((fraction, drawing))

    exports.run_export(seated_store, "facilitator-guide", tmp_path / "g.pdf", exports.ExportOptions(), progress)
    fractions = [f for f, _d in calls]
    while_drawing = [f for f, d in calls if d]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert len(while_drawing) >= 5 and while_drawing[0] < 0.5
