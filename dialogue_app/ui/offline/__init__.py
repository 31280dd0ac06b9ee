"""Dialogs for working offline, reached from the File menu of the main window: make table packages
(:mod:`.package_dialog`), merge them back (:mod:`.merge_dialog`), restore a backup and choose how many
are kept (:mod:`.backups_dialog`). They only call :mod:`dialogue_app.services.offline` and
:mod:`dialogue_app.storage.backups`; long work runs through ``ctx.run_task`` (worker thread, progress, Cancel).
"""
