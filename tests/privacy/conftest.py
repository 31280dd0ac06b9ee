"""Fixtures of the privacy tests, which run on both backends: an event file and an event on the test
PostgreSQL server (``new_event`` and ``demo_store`` are parametrised by ``backend``, as in
tests/services). A test about a file-only matter (its bytes, its WAL, the command line on a file)
asks for ``sqlite_only`` and says why in its docstring."""

from __future__ import annotations

import pytest
from privacy_helpers import Marked, add_marked_person

from tests.backends import demo_store, new_event, sqlite_only  # noqa: F401  (fixtures on both backends)


@pytest.fixture
def marked(demo_store) -> Marked:  # noqa: F811  (the fixture imported above)
    """The demo event plus one very recognisable, well-connected person."""
    return add_marked_person(demo_store)
