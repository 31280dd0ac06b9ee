"""Working offline: table packages, merging them back (generic over ``Base.metadata``).

See :mod:`dialogue_app.services.offline.policy` for how each table travels,
:mod:`dialogue_app.services.offline.package` for cutting a package and
:mod:`dialogue_app.services.offline.merge` for bringing it back.
"""
