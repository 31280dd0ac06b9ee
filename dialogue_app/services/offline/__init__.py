"""Working offline, the database side: cutting table packages from an event file, checking them and
merging them back (generic over ``Base.metadata``).

:mod:`.policy` says how each table travels, :mod:`.package` cuts a package, :mod:`.validate_package`
checks one before :mod:`.merge` brings it back. The plain results and the merge's conflicts live in
:mod:`dialogue_app.offline`.
"""
