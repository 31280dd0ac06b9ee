"""The service tests run on both backends: an event file and an event on a PostgreSQL server.

``new_event`` and ``demo_store`` here replace the root fixtures of the same name with ones
parametrised by ``backend`` (see tests/conftest.py); a test that needs a file-only feature asks
for ``sqlite_only``.
"""

from __future__ import annotations

from tests.backends import demo_store, new_event, other, sqlite_only  # noqa: F401  (fixtures on both backends)
