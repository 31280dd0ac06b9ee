"""Events on a shared PostgreSQL server: addresses, the registry, schema versions (a real server)."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from dialogue_app import storage
from dialogue_app.errors import EventFileError
from dialogue_app.models import Base, Event
from dialogue_app.services import events
from dialogue_app.storage import address, pg_server


def test_a_password_in_the_address_is_refused_with_where_to_put_it():
    """Credentials never in a URL (shell history, settings): the message names libpq's own means."""
    with pytest.raises(address.ServerAddressError) as err:
        address.parse_address("postgresql://anne:secret@db.example/dialogue?event=day")
    assert "pgpass" in str(err.value) and "PGPASSWORD" in str(err.value)
    with pytest.raises(address.ServerAddressError):
        address.parse_address("postgresql://db.example/dialogue?event=day&password=secret")


def test_addresses_name_their_event_once_and_keep_tls_options():
    """?event= or --event (not two different names); sslmode and other libpq options pass through."""
    where = address.parse_address("postgresql://anne@db.example/dialogue?sslmode=verify-full&event=Day-2027")
    assert isinstance(where, address.ServerAddress)
    assert where.event == "day-2027" and where.schema == "ev_day_2027"
    assert "sslmode=verify-full" in where.url and "event" not in where.url
    assert address.parse_address("postgresql://db.example/dialogue", "day") == address.ServerAddress(
        "postgresql://db.example/dialogue", "day"
    )
    with pytest.raises(address.ServerAddressError):
        address.parse_address("postgresql://db.example/dialogue?event=a", "b")
    with pytest.raises(address.ServerAddressError, match="Name the event"):
        address.parse_address("postgresql://db.example/dialogue")
    with pytest.raises(address.ServerAddressError):
        address.parse_address("postgresql://db.example/dialogue?event=a;drop table")
    assert address.parse_address("my event.dialogue").name == "my event.dialogue"  # type: ignore[union-attr]


def test_an_event_made_on_the_server_reopens_listed_and_alone_in_its_schema(pg_url, server_address):
    """Create, fill, list and reopen a server event; a second event with the same name is refused."""
    store = storage.create_event(str(server_address), title="City day")
    with store.session() as s:
        events.create_event(s, "City day", theme="Living together", lang="en")
    store.close()
    names = [info.name for info in pg_server.list_events(pg_url)]
    assert server_address.event in names
    with storage.open_event(pg_url, event=server_address.event) as again:
        with again.read_session() as s:
            assert [e.title for e in s.scalars(select(Event))] == ["City day"]
        assert again.is_server and server_address.event in again.label
        with pytest.raises(EventFileError, match="event file only"):
            _ = again.path
    with pytest.raises(EventFileError, match="already has an event"):
        storage.create_event(str(server_address))


def test_opening_an_unknown_event_or_an_unprepared_server_says_what_to_do(pg_url):
    """No event of that name: said so; a database nobody prepared: the administrator's command."""
    with pytest.raises(EventFileError, match="no event called"):
        storage.open_event(pg_url, event="nothing-here")
    admin = pg_server.make_server_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS bare"))
        conn.execute(text("CREATE DATABASE bare"))
    admin.dispose()
    bare = pg_url.replace("/dialogue?", "/bare?")
    with pytest.raises(EventFileError, match="server init"):
        pg_server.list_events(bare)


def test_an_older_event_schema_is_upgraded_by_server_init_not_by_whoever_connects(pg_url, server_address):
    """Upgrading is the administrator's step (`server init`, after a backup), never a side effect of
    connecting: an event one migration behind is refused with that command, then `server init`
    brings it up with Alembic and it opens."""
    from alembic import command

    from dialogue_app.storage.schema import _alembic_config

    storage.create_event(str(server_address)).close()
    engine = pg_server.make_server_engine(pg_url, server_address.schema)
    with engine.begin() as conn:
        cfg = _alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0006_followup_note")
    engine.dispose()
    with pytest.raises(EventFileError, match="server init"):
        storage.open_event(str(server_address))
    assert pg_server.init_server(pg_url) == [server_address.event]
    storage.open_event(str(server_address)).close()


def test_the_migrations_build_on_postgresql_exactly_the_models(pg_url, server_address):
    """Alembic's chain on PostgreSQL gives the models' schema: autogenerate finds no difference."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    storage.create_event(str(server_address)).close()
    engine = pg_server.make_server_engine(pg_url, server_address.schema)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": False}), Base.metadata)
    engine.dispose()
    assert diff == []


def test_server_init_twice_changes_nothing_and_upgrades_nothing_current(pg_url, server_address):
    """`server init` is idempotent: a second run upgrades no event that is already current."""
    storage.create_event(str(server_address)).close()
    assert pg_server.init_server(pg_url) == []


def test_a_copy_never_goes_into_an_event_that_holds_rows(tmp_path, demo_path):
    """copy_event fills a new event only: a target with rows is refused and keeps every one of them."""
    from dialogue_app.storage.transfer import copy_event, row_counts

    target = storage.create_event_file(tmp_path / "target.dialogue")
    with target.session() as s:
        events.create_event(s, "Kept", theme="", lang="en")
    before = row_counts(target)
    with storage.open_event_file(demo_path, read_only=True) as source, pytest.raises(ValueError):
        copy_event(source, target)
    assert row_counts(target) == before
    target.close()
