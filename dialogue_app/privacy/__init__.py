"""Personal data handled lawfully: the pure parts.

* :mod:`.texts`: the default consent texts (translated).

The database-bound parts (the registry of personal tables, erasure, subject access,
the consent hook, scrubbing copies, suppression) live in :mod:`dialogue_app.services.privacy`.
"""
