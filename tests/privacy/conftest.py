"""Fixtures of the privacy tests."""

from __future__ import annotations

import pytest
from privacy_helpers import Marked, add_marked_person


@pytest.fixture
def marked(demo_store) -> Marked:
    """The demo event plus one very recognisable, well-connected person."""
    return add_marked_person(demo_store)
