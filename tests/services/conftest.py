"""The service tests run on both backends: an event file and an event on a PostgreSQL server.

``new_event`` and ``demo_store`` here replace the root fixtures of the same name with ones
parametrised by ``backend`` (see tests/conftest.py); a test that needs a file-only feature asks
for ``sqlite_only``.
"""

from __future__ import annotations

import pytest

from tests.backends import copy_to_backend, make_event


@pytest.fixture
def new_event(backend, tmp_path, request):
    store = make_event(backend, tmp_path, request)
    yield store
    store.close()


@pytest.fixture
def demo_store(backend, demo_path, request):
    store = copy_to_backend(backend, demo_path, request)
    yield store
    store.close()


@pytest.fixture
def sqlite_only(backend):
    """Skip the PostgreSQL run of a test about a file-only feature (it says which in its docstring)."""
    if backend != "sqlite":
        pytest.skip("file-only feature")
