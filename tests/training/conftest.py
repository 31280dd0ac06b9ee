"""Fixtures of the training tests: an empty training event and the demo training event."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from dialogue_app import storage
from dialogue_app.services import events


@pytest.fixture
def training_event(tmp_path) -> storage.EventStore:
    store = storage.create_event_file(tmp_path / "training.dialogue")
    with store.session() as s:
        events.create_event(s, "Facilitator training", date=dt.date(2026, 10, 6), kind="training",
                            table_sizes=(4, 5, 6), default_dimensions=False)
    yield store
    store.close()


@pytest.fixture(scope="session")
def demo_training_template(tmp_path_factory) -> Path:
    from dialogue_app.services.training.demo import create_demo_training

    return create_demo_training(tmp_path_factory.mktemp("trdemo") / "training.dialogue", trainees=16)


@pytest.fixture
def demo_training(tmp_path, demo_training_template) -> Path:
    path = tmp_path / "training.dialogue"
    shutil.copy(demo_training_template, path)
    return path
