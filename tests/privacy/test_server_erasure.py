"""Forgetting, backups, integrity checks and "one at a time" for an event on a PostgreSQL server
(the counterparts of the file-only VACUUM, byte scan, online backup and OS lock)."""

from __future__ import annotations

import stat

import pytest
from privacy_helpers import add_marked_person, encodings, traces
from sqlalchemy import func, select, text

from dialogue_app import storage
from dialogue_app.errors import EventFileInUse
from dialogue_app.models import Base, Person
from dialogue_app.services import privacy
from dialogue_app.services.events import current_event
from dialogue_app.storage import backups
from dialogue_app.storage.pg_backup import list_server_backups, server_integrity_check
from dialogue_app.storage.pg_lock import alone
from dialogue_app.storage.transfer import row_counts
from tests.backends import copy_to_backend


@pytest.fixture
def server_demo(demo_path, request):
    """The demo event pushed onto the test server."""
    store = copy_to_backend("postgresql", demo_path, request)
    yield store
    store.close()


def _last_vacuum(store, table: str):
    with store.engine.connect() as conn:
        conn.execute(text("SELECT pg_stat_clear_snapshot()"))
        return conn.execute(
            text("SELECT last_vacuum FROM pg_stat_user_tables WHERE schemaname = :s AND relname = :t"),
            {"s": store.address.schema, "t": table},
        ).scalar()


def test_forget_on_a_server_vacuums_cleans_backups_and_says_what_the_server_keeps(server_demo):
    """Forgetting on a server: the person is in no row or text of the event, the tables were vacuumed,
    the pulled backup on this computer (which held the name) is gone, and the privacy log tells the
    privacy officer that the server's WAL, archives, base backups and replicas keep old copies until
    their retention ends."""
    m = add_marked_person(server_demo)
    copy = backups.make_backup(server_demo)
    assert any(b in copy.read_bytes() for b in encodings(m.identifiers[2]))
    assert _last_vacuum(server_demo, "person") is None

    result, cleanup = privacy.forget(server_demo, m.id)

    assert result.people == 1 and result.deleted_rows >= 8 and result.redacted_mentions >= 3
    assert cleanup.backups_removed == (copy,) and not copy.exists()
    assert traces(server_demo, m.identifiers) == []
    assert _last_vacuum(server_demo, "person") is not None
    with server_demo.read_session() as s:
        newest = privacy.privacy_log(s)[0]
    assert newest.action == "server_erasure" and newest.detail == ""
    assert "write-ahead log" in newest.label and "base backups" in newest.label and "replicas" in newest.label
    with server_demo.read_session() as s:
        assert privacy.finish_pending(server_demo) is None  # nothing left pending


def test_forget_waits_for_a_merge_or_forget_running_elsewhere(server_demo):
    """While another organiser merges packages or forgets someone in the same server event, a forget is
    refused at once with who is busy, and nothing is erased; afterwards it works."""
    m = add_marked_person(server_demo)
    other = storage.open_event(server_demo.location)  # a second organiser's connection
    try:
        with alone(other), pytest.raises(EventFileInUse, match=r"^postgres is merging packages or forgetting people in “t"):
            privacy.forget(server_demo, m.id)
        with server_demo.read_session() as s:
            assert s.get(Person, m.id) is not None
        privacy.forget(server_demo, m.id)
        with server_demo.read_session() as s:
            assert s.get(Person, m.id) is None
    finally:
        other.close()


def test_a_server_backup_is_a_private_event_file_named_by_event(server_demo):
    """The backup of a server event is an ordinary, private event file in the app's backups folder, in a
    folder named after the event, holding every row; the server event passes its integrity check."""
    assert server_integrity_check(server_demo) == "ok"
    dest = backups.make_backup(server_demo)
    assert dest.parent.parent == backups.backups_root()
    assert dest.parent.name.startswith(f"server-{server_demo.address.event}-")
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600
    assert list_server_backups(server_demo.address) == [dest]
    with storage.open_event_file(dest, read_only=True) as copy:
        assert storage.integrity_check(dest) == "ok"
        assert row_counts(copy) == row_counts(server_demo)
        with copy.read_session() as s:
            assert s.scalar(select(func.count()).select_from(Person)) > 60


def test_integrity_check_names_what_is_wrong_on_the_server(server_demo):
    """An event whose table was dropped on the server fails the integrity check with the server's words
    instead of a traceback."""
    with server_demo.engine.begin() as conn:
        conn.execute(text("DROP TABLE survey_response CASCADE"))
    problem = server_integrity_check(server_demo)
    assert problem != "ok" and "survey_response" in problem


def test_an_interrupted_forget_is_finished_by_the_next_opener_unless_one_is_running(server_demo):
    """A forget on the server that was interrupted after its transaction (a laptop crashed before the
    VACUUM) is finished by the next organiser who opens the event — but not while another organiser's
    forget or merge is running: that one finishes its own, and the opener is not shown an error."""
    from dialogue_app.services.privacy import suppression

    with server_demo.session() as s:
        suppression.mark_pending(s, current_event(s).id)
    other = storage.open_event(server_demo.location)
    try:
        with alone(other):
            assert privacy.finish_pending(server_demo) is None
    finally:
        other.close()
    assert privacy.finish_pending(server_demo) is not None
    with server_demo.read_session() as s:
        assert not suppression.is_pending(s)
        assert privacy.privacy_log(s)[0].action == "server_erasure"


def test_a_login_that_may_not_vacuum_still_forgets_and_the_log_says_what_was_left(server_demo):
    """A privacy officer's login does not own the event's tables, so PostgreSQL lets it delete rows
    but not VACUUM them: the forget still completes, and the privacy log names the tables left to
    autovacuum instead of claiming they were vacuumed."""
    m = add_marked_person(server_demo)
    schema = server_demo.address.schema
    login = f"officer_{schema}"
    with server_demo.engine.begin() as conn:
        conn.execute(text(f'CREATE ROLE "{login}" LOGIN'))
        conn.execute(text(f'GRANT USAGE ON SCHEMA "{schema}", dialogue_server TO "{login}"'))
        conn.execute(text(f'GRANT ALL ON ALL TABLES IN SCHEMA "{schema}" TO "{login}"'))
        conn.execute(text(f'GRANT SELECT ON ALL TABLES IN SCHEMA dialogue_server TO "{login}"'))
    url = server_demo.address.url.replace("postgresql://postgres@", f"postgresql://{login}@")
    assert url != server_demo.address.url
    officer = storage.open_event(url, event=server_demo.address.event)
    try:
        privacy.forget(officer, m.id)
        with officer.read_session() as s:
            newest = privacy.privacy_log(s)[0]
        assert newest.action == "server_erasure" and "person" in newest.detail
        assert newest.detail.startswith(f"{len(Base.metadata.sorted_tables)}/{len(Base.metadata.sorted_tables)}: ")
        assert traces(officer, m.identifiers) == []
    finally:
        officer.close()
        with server_demo.engine.begin() as conn:
            conn.execute(text(f'DROP OWNED BY "{login}"'))
            conn.execute(text(f'DROP ROLE "{login}"'))


def test_a_package_merge_into_a_server_event_waits_for_a_forget(demo_path, tmp_path, request):
    """Merging a table package into a server event while another organiser forgets someone there is
    refused at once (the merge could bring the person back into rows the forget already passed);
    once the forget is done, the merge goes through."""
    from dialogue_app.services.offline.merge import merge_packages
    from dialogue_app.services.offline.package import make_package

    with storage.open_event_file(demo_path) as organiser_file:
        make_package(organiser_file, [1], tmp_path / "t1.dialogue")
    target = copy_to_backend("postgresql", demo_path, request)
    other = storage.open_event(target.location)
    try:
        with alone(other), pytest.raises(EventFileInUse):
            merge_packages(target, [tmp_path / "t1.dialogue"])
        report = merge_packages(target, [tmp_path / "t1.dialogue"])
        assert report.written
    finally:
        other.close()
        target.close()
