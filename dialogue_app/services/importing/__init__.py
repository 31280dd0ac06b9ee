"""The database side of importing a registration list: :func:`validate` loads what the
event knows (dimensions, people, consents) and has :mod:`dialogue_app.importing` check
the rows against it; :func:`apply` writes a validated preview."""

from __future__ import annotations

from dialogue_app.services.importing.people_import import apply, consented, load_facts, validate

__all__ = ["apply", "consented", "load_facts", "validate"]
