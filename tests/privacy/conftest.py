"""Fixtures of the privacy tests, which run on both backends: an event file and an event on the test
PostgreSQL server (``new_event`` and ``demo_store`` are parametrised by ``backend``, as in
tests/services). A test about a file-only matter (its bytes, its WAL, the command line on a file)
asks for ``sqlite_only`` and says why in its docstring."""

from __future__ import annotations

import pytest
from privacy_helpers import Marked, add_marked_person

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
    """Skip the PostgreSQL run of a test about a file-only matter (it says which in its docstring)."""
    if backend != "sqlite":
        pytest.skip("file-only: the bytes of an event file, its WAL or its backups")


@pytest.fixture
def marked(demo_store) -> Marked:
    """The demo event plus one very recognisable, well-connected person."""
    return add_marked_person(demo_store)
