"""The Training area: trainees and readiness, sessions and attendance, practice rounds, rehearsal,
the trainer pack (the panel in ``panel``, its pages and dialogs in sibling modules)."""
