"""Working offline: table packages, merging them back (generic over ``Base.metadata``).

See :mod:`dialogue_app.offline.policy` for how each table travels,
:mod:`dialogue_app.offline.package` for cutting a package and
:mod:`dialogue_app.offline.merge` for bringing it back.
"""
