"""Printed materials: badges, table cards and name tents, facilitator guides, paper
survey forms, commitment cards and the event report (PDF, made with reportlab).

Each document is a pure renderer over the plain input dataclasses of
:mod:`dialogue_app.printing.inputs` (built from the event file by
:mod:`dialogue_app.services.printing.collect`); its writer with the export signature
``fn(store, out, options, progress, should_stop) -> int`` declared in
:mod:`dialogue_app.exports` is in :mod:`dialogue_app.services.printing.writers`. Shared building
blocks live in :mod:`dialogue_app.printing.common`.
"""
