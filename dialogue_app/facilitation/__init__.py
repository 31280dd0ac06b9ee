"""Facilitation domain logic without Qt: the timer, the schedule and the default script."""
