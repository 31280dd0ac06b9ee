"""Printed documents, the database side: the collectors read the event file and hand the plain inputs
of :mod:`dialogue_app.printing.inputs` to the renderers of :mod:`dialogue_app.printing`; the export
writers (one per printed document) run a collector and a renderer in the document's language."""
