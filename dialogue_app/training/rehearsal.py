"""Rehearsal: the facilitator screen with a clock that runs faster.

:class:`SpeedClock` wraps any clock of :mod:`dialogue_app.facilitation.timer` and lets
time pass ``factor`` times as fast from the moment it is made: with factor 4, a
20-minute round is over in 5 real minutes. The table timer needs no change: it simply
reads this clock.
"""

from __future__ import annotations

import datetime as dt

from dialogue_app.facilitation.timer import Clock, SystemClock

SPEED_FACTORS = (1, 2, 4, 6, 10)


class SpeedClock:
    """A clock running ``factor`` times as fast as ``base`` (both monotonic and wall time)."""

    def __init__(self, factor: float = 4.0, base: Clock | None = None) -> None:
        if factor <= 0:
            raise ValueError("the speed factor must be positive")
        self.base = base or SystemClock()
        self.factor = float(factor)
        self._mono0 = self.base.monotonic()
        self._wall0 = self.base.now()

    def monotonic(self) -> float:
        return self._mono0 + (self.base.monotonic() - self._mono0) * self.factor

    def now(self) -> dt.datetime:
        return self._wall0 + (self.base.now() - self._wall0) * self.factor


def real_minutes(planned_minutes: float, factor: float) -> float:
    """How long a phase of ``planned_minutes`` takes in real time at ``factor``."""
    return planned_minutes / factor
