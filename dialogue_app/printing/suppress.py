"""Small-cell suppression for the printed report: no count below 5 is ever shown.

Uses the survey area's :func:`dialogue_app.survey.stats.suppress_small_cells`
when the build has it; :func:`hidden_cells_local` is the same rule for one row
(primary suppression of cells below 5, zero included; when exactly one cell is
hidden and the total is shown, the smallest other cell is hidden too so that
nothing can be recovered by subtraction).
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence

MIN_CELL = 5


def hidden_cells_local(counts: Sequence[int], *, total_shown: bool = True, k: int = MIN_CELL) -> list[bool]:
    hide = [c < k for c in counts]
    if total_shown and len(counts) > 1 and sum(hide) == 1:
        visible = [i for i, h in enumerate(hide) if not h]
        j = min(visible, key=lambda i: counts[i])
        hide[j] = True
    return hide


def hidden_cells(counts: Sequence[int], *, total_shown: bool = True, k: int = MIN_CELL) -> list[bool]:
    """Which of the counts of one breakdown row must be hidden (True = hide)."""
    if not counts:
        return []
    try:
        stats = importlib.import_module("dialogue_app.survey.stats")
    except ModuleNotFoundError:
        stats = None
    if stats is not None and total_shown and hasattr(stats, "suppress_small_cells"):
        return [bool(x) for x in stats.suppress_small_cells([list(counts)], k)[0]]
    return hidden_cells_local(counts, total_shown=total_shown, k=k)


def shown(count: int, hidden: bool = False) -> str | None:
    """The count as it may be printed (None when it must not be)."""
    return None if hidden or count < MIN_CELL else str(count)


def small(n: int) -> bool:
    """True when a count of people is too small to print."""
    return n < MIN_CELL
