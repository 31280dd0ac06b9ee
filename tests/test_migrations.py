"""The Alembic history: one linear chain, and upgrading a new file gives exactly the models' schema."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from dialogue_app import storage
from dialogue_app.models import Base


def test_single_head():
    """Parallel work must be chained: one head, so every file upgrades the same way."""
    assert len(storage.schema_heads()) == 1


def test_migrations_match_models(tmp_path):
    """A file created through the migrations has every table and column the models declare."""
    store = storage.create_event_file(tmp_path / "m.dialogue")
    try:
        with store.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    finally:
        store.close()
    # SQLite reflection cannot see some constraint names; only real structural differences count
    structural = [d for d in diff if d[0] in ("add_table", "remove_table", "add_column", "remove_column")]
    assert structural == []
