"""Training mode: trainees, practice tables, rehearsal, readiness and the trainer pack."""
