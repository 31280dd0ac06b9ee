"""The schema of an event file: Alembic's configuration, the heads this app writes, upgrading."""

from __future__ import annotations

import functools
import importlib.resources


def _alembic_config():  # imported lazily: Alembic costs start-up time
    from alembic.config import Config

    cfg = Config()
    location = importlib.resources.files("dialogue_app.models") / "migrations"
    cfg.set_main_option("script_location", str(location))
    return cfg


@functools.lru_cache(maxsize=1)
def _script_directory():
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config())


def schema_heads() -> set[str]:
    """The revision(s) this version of the app writes."""
    return set(_script_directory().get_heads())


def _upgrade(conn, target: str) -> None:
    from alembic import command

    cfg = _alembic_config()
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, target)


def _current_revisions(conn) -> set[str]:
    from alembic.runtime.migration import MigrationContext

    return set(MigrationContext.configure(conn).get_current_heads())
