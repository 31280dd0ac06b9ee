"""The four roles of a shared server, enforced by PostgreSQL: tests connect as the logins that
``server add-user`` creates.

The throw-away test cluster trusts local socket connections (``initdb -A trust``), so these tests
do not check passwords; they check what each role may read and change once connected.
"""

from __future__ import annotations

import itertools
import subprocess
import sys

import pytest
from sqlalchemy import select

from dialogue_app import storage
from dialogue_app.errors import NotAllowed
from dialogue_app.models import Consent, DialogueTable, Person, PersonValue
from dialogue_app.models.facilitation import Commitment
from dialogue_app.storage.address import ServerAddress, parse_server_url
from dialogue_app.storage.transfer import copy_event

_NAMES = itertools.count(1)


def as_user(url: str, user: str) -> str:
    """The test server's URL logged in as ``user`` (the fixture's URL is ``postgresql://postgres@/…``)."""
    return url.replace("://postgres@", f"://{user}@", 1)


@pytest.fixture
def demo_server(pg_url, server_address, demo_path) -> ServerAddress:
    """The 60-participant demo event, pushed onto the test server."""
    target = storage.create_event(str(server_address))
    with storage.open_event_file(demo_path, read_only=True) as source:
        copy_event(source, target)
    target.close()
    return server_address


@pytest.fixture
def login(pg_url):
    """``login(role, **kw)``: a new login with ``role`` (removed afterwards); returns its name."""
    from dialogue_app.storage import pg_users

    made: list[str] = []

    def make(role: str, **kw) -> str:
        name = f"{role}{next(_NAMES)}"
        pg_users.add_user(pg_url, name, role, "not-checked-here", **kw)
        made.append(name)
        return name

    yield make
    for name in made:
        pg_users.remove_user(pg_url, name)


def open_as(pg_url: str, user: str, where: ServerAddress) -> storage.EventStore:
    url = parse_server_url(as_user(pg_url, user))[0]
    return storage.open_event(str(ServerAddress(url, where.event)))


def test_door_cannot_read_background_or_consent(pg_url, demo_server, login):
    """A door volunteer's connection is refused background values, consent records and notes by the
    server itself, whatever the app would show."""
    door = login("door")
    store = open_as(pg_url, door, demo_server)
    try:
        for query in (select(PersonValue.category_id), select(Consent.purpose), select(Person.notes),
                      select(Person.phone)):
            with pytest.raises(NotAllowed), store.read_session() as s:
                s.execute(query).all()
        with store.read_session() as s:  # what the door needs is readable
            assert len(s.execute(select(Person.code, Person.first_name, Person.attendance)).all()) > 60
    finally:
        store.close()


def test_door_checks_someone_in_and_adds_a_walk_in(pg_url, demo_server, login):
    """At the door, checking in by code and adding a walk-in work with the door role alone."""
    from dialogue_app.services import seating

    with storage.open_event(str(demo_server)) as admin, admin.read_session() as s:
        code = s.scalars(select(Person.code).where(Person.attendance == "registered")).first()
    door = login("door")
    store = open_as(pg_url, door, demo_server)
    try:
        with store.session() as s:
            result = seating.check_in(s, code)
        with store.session() as s:
            walk_in = seating.add_walk_in(s, "Ayaan", "Walk-In")
        assert result.code == code
    finally:
        store.close()
    with storage.open_event(str(demo_server)) as admin, admin.read_session() as s:
        assert s.scalars(select(Person.attendance).where(Person.code == code)).one() == "present"
        assert s.scalars(select(Person.walk_in).where(Person.code == walk_in.code)).one() is True


def test_door_cannot_change_people(pg_url, demo_server, login):
    """A door volunteer cannot rename someone or delete a person: the server refuses."""
    door = login("door")
    store = open_as(pg_url, door, demo_server)
    try:
        with pytest.raises(NotAllowed), store.session() as s:
            p = s.scalars(select(Person).options(_public_person()).limit(1)).one()
            p.first_name = "Changed"
            s.flush()
    finally:
        store.close()


def _public_person():
    from sqlalchemy.orm import load_only

    return load_only(Person.id, Person.code, Person.first_name)


def test_facilitator_sees_only_their_tables_commitments(pg_url, demo_server, login):
    """A facilitator's connection lists the commitments of their own tables only (row-level security)."""
    with storage.open_event(str(demo_server)) as admin, admin.read_session() as s:
        counts = {}
        for table_id, host_code in s.execute(select(DialogueTable.id, Person.code)
                                             .join(Person, Person.id == DialogueTable.host_id)):
            counts[host_code] = (table_id, len(s.scalars(select(Commitment.id)
                                                         .where(Commitment.table_id == table_id)).all()))
        everything = len(s.scalars(select(Commitment.id)).all())
    code, (table_id, mine) = max(counts.items(), key=lambda kv: kv[1][1])
    assert 0 < mine < everything
    name = login("facilitator", event=demo_server.event, person_code=code)
    store = open_as(pg_url, name, demo_server)
    try:
        with store.read_session() as s:
            seen = s.execute(select(Commitment.table_id)).scalars().all()
    finally:
        store.close()
    assert len(seen) == mine and set(seen) == {table_id}


def test_facilitator_writes_notes_at_their_table_only(pg_url, demo_server, login):
    """A facilitator keeps notes for their own table's round; writing to another table's is refused."""
    from dialogue_app.services import facilitation

    with storage.open_event(str(demo_server)) as admin, admin.read_session() as s:
        hosted = s.execute(select(DialogueTable.id, Person.code).join(Person, Person.id == DialogueTable.host_id)
                           .order_by(DialogueTable.number)).all()
    (mine, code), (other, _code) = hosted[0], hosted[1]
    name = login("facilitator", event=demo_server.event, person_code=code)
    store = open_as(pg_url, name, demo_server)
    try:
        with store.session() as s:
            facilitation.save_notes(s, mine, 1, "Quiet start, good second round.")
        with store.read_session() as s:
            assert facilitation.load_session(s, mine, 1).notes == "Quiet start, good second round."
        with pytest.raises(NotAllowed), store.session() as s:
            facilitation.save_notes(s, other, 1, "not mine")
    finally:
        store.close()


def test_server_init_again_keeps_the_roles(pg_url, demo_server, login):
    """Running ``server init`` again (an upgrade) re-applies the grants: the door still checks in and
    still cannot read background values."""
    from dialogue_app.services.seating import door as door_service
    from dialogue_app.storage import pg_server

    pg_server.init_server(pg_url)
    pg_server.init_server(pg_url)
    store = open_as(pg_url, login("door"), demo_server)
    try:
        with store.read_session() as s:
            assert door_service.table_options(s).options  # seat suggestions without background values
        with pytest.raises(NotAllowed), store.read_session() as s:
            s.execute(select(PersonValue.category_id)).all()
    finally:
        store.close()


def test_privacy_officer_reads_consent(pg_url, demo_server, login):
    """The privacy officer may read consent records, which the door may not."""
    officer = login("privacy")
    store = open_as(pg_url, officer, demo_server)
    try:
        with store.read_session() as s:
            assert s.execute(select(Consent.purpose)).all()
    finally:
        store.close()


def test_a_new_event_gets_the_grants(pg_url, server_address, login):
    """An event created after ``server init`` is usable by a door login at once (its grants come with it)."""
    door = login("door")
    storage.create_event(str(server_address)).close()
    store = open_as(pg_url, door, server_address)
    try:
        with store.read_session() as s:
            assert s.execute(select(Person.code)).all() == []
    finally:
        store.close()


def test_connected_role(pg_url, demo_server, login):
    """The app learns the connected user's role: a door volunteer gets the Tables area (check-in) only."""
    from dialogue_app.services.server_role import current_role

    door = login("door")
    store = open_as(pg_url, door, demo_server)
    try:
        with store.read_session() as s:
            role = current_role(s)
    finally:
        store.close()
    assert role.user == door and role.roles == {"door"}
    assert role.door_only and role.areas == {"tables"} and not role.reads_background


def _cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dialogue_app", *args], input=stdin, capture_output=True,
                          text=True, timeout=120)


def test_add_list_and_remove_a_user_from_the_command_line(pg_url):
    """An administrator adds a door login (password from standard input), sees it listed, removes it."""
    name = f"cli{next(_NAMES)}"
    added = _cli("server", "add-user", pg_url, name, "--role", "door", "--password-stdin", stdin="s3cret\n")
    assert added.returncode == 0, added.stderr
    listed = _cli("server", "users", pg_url)
    assert f"{name}\tdoor" in listed.stdout
    again = _cli("server", "add-user", pg_url, name, "--role", "door", "--password-stdin", stdin="x\n")
    assert again.returncode != 0 and "Traceback" not in again.stderr and name in again.stderr
    removed = _cli("server", "remove-user", pg_url, name)
    assert removed.returncode == 0, removed.stderr
    assert name not in _cli("server", "users", pg_url).stdout


def test_the_password_reaches_the_server_hashed(pg_url):
    """The stored password is a SCRAM-SHA-256 verifier, never the password itself."""
    from sqlalchemy import text

    from dialogue_app.storage import pg_users
    from dialogue_app.storage.pg_server import make_server_engine

    name = f"hash{next(_NAMES)}"
    pg_users.add_user(pg_url, name, "organiser", "correct horse")
    engine = make_server_engine(pg_url)
    try:
        with engine.connect() as conn:
            stored = conn.execute(text("SELECT rolpassword FROM pg_authid WHERE rolname = :n"), {"n": name}).scalar()
    finally:
        engine.dispose()
        pg_users.remove_user(pg_url, name)
    assert stored.startswith("SCRAM-SHA-256$") and "correct horse" not in stored


@pytest.fixture
def scram_logins(pg_url):
    """The test cluster asking every login but the administrator for a SCRAM-SHA-256 password over its
    socket (``pg_hba.conf`` rewritten for this test, then put back)."""
    from pathlib import Path
    from urllib.parse import parse_qs, urlsplit

    from sqlalchemy import text

    from dialogue_app.storage.pg_server import make_server_engine

    host = parse_qs(urlsplit(pg_url).query).get("host", [""])[0]
    hba = Path(host) / "data" / "pg_hba.conf"
    if not host or not hba.is_file():
        pytest.skip("needs the throw-away test cluster (its pg_hba.conf)")
    before = hba.read_text()

    def reload() -> None:
        engine = make_server_engine(pg_url)
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT pg_reload_conf()"))
        finally:
            engine.dispose()

    hba.write_text("local all postgres trust\nlocal all all scram-sha-256\n")
    reload()
    yield
    hba.write_text(before)
    reload()


def test_a_login_needs_its_password(pg_url, demo_server, scram_logins, monkeypatch):
    """With the server asking for passwords, the password given to add-user lets the door volunteer in
    (through libpq's PGPASSWORD, never the address); a wrong one is refused."""
    import time

    from dialogue_app.errors import LoginRefused
    from dialogue_app.storage import pg_users

    name = f"pw{next(_NAMES)}"
    pg_users.add_user(pg_url, name, "door", "open sesame 7")
    try:
        time.sleep(0.2)  # the reload of pg_hba.conf is asynchronous
        monkeypatch.setenv("PGPASSWORD", "wrong")
        with pytest.raises(LoginRefused):  # told as a refused password (tests/test_server_login.py)
            open_as(pg_url, name, demo_server)
        monkeypatch.setenv("PGPASSWORD", "open sesame 7")
        store = open_as(pg_url, name, demo_server)
        try:
            with store.read_session() as s:
                assert s.execute(select(Person.code)).first() is not None
        finally:
            store.close()
    finally:
        monkeypatch.delenv("PGPASSWORD")
        pg_users.remove_user(pg_url, name)
