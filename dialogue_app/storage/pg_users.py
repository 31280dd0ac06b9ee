"""People who log in to a shared server: adding, removing and listing them, and which of the four
roles (:mod:`dialogue_app.storage.pg_roles`) the connected user has.

A password never travels in clear and never appears in a command line: it is hashed on this
computer with SCRAM-SHA-256 (libpq's ``PQencryptPasswordConn``) and only the hash is sent.
Managing logins needs an administrator's connection (a superuser or a role with CREATEROLE).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from dialogue_app.errors import EventFileError, NotFound, UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.storage.address import ServerAddress, check_event_name, schema_for
from dialogue_app.storage.pg_roles import CONTROL, GROUPS, roles_exist
from dialogue_app.storage.pg_server import _require_control, _server_failure, make_server_engine

#: A login name: lower-case letters, digits, '_', '.', '-' (no quoting surprises in other tools).
_LOGIN = re.compile(r"^[a-z_][a-z0-9_.-]{0,62}$")


@dataclass(frozen=True)
class ServerUser:
    """A login of the server with its Day of Dialogue roles."""

    name: str
    roles: tuple[str, ...]  # role keys: organiser, door, facilitator, privacy
    can_login: bool
    facilitates: tuple[str, ...] = ()  # "event: CODE" for facilitators


@dataclass(frozen=True)
class ConnectedRoles:
    """Who the connection is and which role keys they hold (all four for a superuser)."""

    user: str
    roles: frozenset[str]


def check_login(name: str) -> str:
    """``name`` as a login, or a clear error saying what a login name may hold."""
    if not _LOGIN.match(name) or name.startswith(("pg_", "dialogue_")):
        raise UserInputError(
            _("“{name}” cannot be a login name: use lower-case letters, digits, “_”, “.” and “-”, starting "
              "with a letter, and not starting with “pg_” or “dialogue_”.").format(name=name)
        )
    return name


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _roles_ready(conn: Connection, url: str) -> None:
    _require_control(conn, url)
    if not roles_exist(conn):
        raise EventFileError(_("The server has no Day of Dialogue roles yet: run dialogue-app server init URL first."))


def _facilitator_person(conn: Connection, url: str, event: str, code: str) -> uuid.UUID:
    name = check_event_name(event)
    if not conn.execute(text(f"SELECT 1 FROM {CONTROL}.event_registry WHERE name = :n"), {"n": name}).first():
        raise NotFound(_("The server {server} has no event called “{name}”.").format(
            server=ServerAddress(url, name).host_label, name=name))
    from dialogue_app.codes import normalise_code

    row = conn.execute(text(f"SELECT id FROM {_q(schema_for(name))}.person WHERE code = :c"),
                       {"c": normalise_code(code)}).first()
    if row is None:
        raise NotFound(_("No person has the code “{code}”.").format(code=code.strip()))
    return uuid.UUID(str(row[0]))


def add_user(url: str, name: str, role: str, password: str, *, event: str | None = None,
             person_code: str | None = None) -> None:
    """Create a LOGIN role with ``password`` (sent SCRAM-hashed) in the group of ``role``; a
    facilitator is tied to the person with ``person_code`` in ``event`` (their tables)."""
    check_login(name)
    if role not in GROUPS:  # the command line offers the four only
        raise ValueError(f"unknown role {role!r}")
    if role == "facilitator" and not (event and person_code):
        raise UserInputError(_("A facilitator needs --event NAME and --person CODE: the person whose tables they run."))
    if not password:
        raise UserInputError(_("The password is empty: nothing was changed."))
    engine = make_server_engine(url)
    try:
        with engine.begin() as conn:
            _roles_ready(conn, url)
            if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first():
                raise UserInputError(_("The server already has a login called “{name}”.").format(name=name))
            pgconn = conn.connection.driver_connection.pgconn  # type: ignore[union-attr]
            hashed = pgconn.encrypt_password(password.encode(), name.encode(), b"scram-sha-256").decode()
            # the hash holds ':' and '%': composed by the driver, never parsed by SQLAlchemy
            from psycopg import sql

            cur = conn.connection.cursor()
            try:
                cur.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(  # type: ignore[arg-type]
                    sql.Identifier(name), sql.Literal(hashed)))
            finally:
                cur.close()
            conn.execute(text(f"GRANT {GROUPS[role]} TO {_q(name)}"))
            if role == "facilitator":
                assert event is not None and person_code is not None
                person = _facilitator_person(conn, url, event, person_code)
                conn.execute(text(f"INSERT INTO {CONTROL}.facilitator_person (login, event, person_id) "
                                  "VALUES (:l, :e, :p)"), {"l": name, "e": check_event_name(event), "p": person})
    except DBAPIError as exc:
        raise _server_failure(exc, url) from exc
    finally:
        engine.dispose()


def remove_user(url: str, name: str) -> None:
    """Remove a login that holds one of the four roles (anything it owned passes to the administrator)."""
    engine = make_server_engine(url)
    try:
        with engine.begin() as conn:
            _roles_ready(conn, url)
            if name not in {u.name for u in _users(conn)}:
                raise NotFound(_("The server has no Day of Dialogue login called “{name}”.").format(name=name))
            conn.execute(text(f"DELETE FROM {CONTROL}.facilitator_person WHERE login = :l"), {"l": name})
            conn.execute(text(f"REASSIGN OWNED BY {_q(name)} TO CURRENT_USER"))
            conn.execute(text(f"DROP OWNED BY {_q(name)}"))
            conn.execute(text(f"DROP ROLE {_q(name)}"))
    except DBAPIError as exc:
        raise _server_failure(exc, url) from exc
    finally:
        engine.dispose()


def _users(conn: Connection) -> list[ServerUser]:
    keys = {group: key for key, group in GROUPS.items()}
    rows = conn.execute(text(
        "SELECT r.rolname AS name, g.rolname AS grp, r.rolcanlogin AS login FROM pg_auth_members m "
        "JOIN pg_roles r ON r.oid = m.member JOIN pg_roles g ON g.oid = m.roleid "
        "WHERE g.rolname = ANY(:groups) ORDER BY r.rolname"
    ), {"groups": list(keys)}).all()
    links: dict[str, list[str]] = {}
    for link in conn.execute(text(f"SELECT login, event, person_id FROM {CONTROL}.facilitator_person "
                                  "ORDER BY login, event")):
        login, event = str(link.login), str(link.event)
        code = conn.execute(text(f"SELECT code FROM {_q(schema_for(event))}.person WHERE id = :p"),
                            {"p": link.person_id}).scalar()
        links.setdefault(login, []).append(f"{event}: {code or '?'}")
    users: dict[str, ServerUser] = {}
    for r in rows:
        old = users.get(r.name)
        roles = (*(old.roles if old else ()), keys[r.grp])
        users[r.name] = ServerUser(r.name, roles, bool(r.login), tuple(links.get(r.name, ())))
    return list(users.values())


def list_users(url: str) -> list[ServerUser]:
    """Every login holding one of the four roles, by name."""
    engine = make_server_engine(url)
    try:
        with engine.connect() as conn:
            _roles_ready(conn, url)
            return _users(conn)
    except DBAPIError as exc:
        raise _server_failure(exc, url) from exc
    finally:
        engine.dispose()


def connected_roles(conn: Connection) -> ConnectedRoles | None:
    """The connected user's role keys on a server (None on an event file). A server prepared before
    roles existed grants everything to everyone, so all four keys are returned there."""
    if conn.dialect.name != "postgresql":
        return None
    user = str(conn.execute(text("SELECT current_user")).scalar_one())
    if not roles_exist(conn):
        return ConnectedRoles(user, frozenset(GROUPS))
    checks = ", ".join(f"pg_has_role(current_user, '{group}', 'member')" for group in GROUPS.values())
    flags = conn.execute(text(f"SELECT {checks}")).one()
    return ConnectedRoles(user, frozenset(key for key, flag in zip(GROUPS, flags, strict=True) if flag))
