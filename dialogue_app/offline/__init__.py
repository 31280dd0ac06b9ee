"""Working offline: table packages and merging them back, the pure side.

:mod:`.policy` is the registry of how each table travels, :mod:`.rows` the JSON-able form of row
values, :mod:`.package` what a package is in plain terms, :mod:`.validate_package` the limits and
refusals of a package check, and :mod:`.merge` the merge's rules, conflicts and report. The database
side (cutting, checking and merging package files) is :mod:`dialogue_app.services.offline`.
"""
