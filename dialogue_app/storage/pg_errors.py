"""PostgreSQL's errors in plain words, by SQLSTATE (never by message text, which the server translates).

One exception: a refused connection. libpq reports a failed login without a SQLSTATE (psycopg's
``sqlstate`` is None), so :func:`refused_login` reads libpq's and the server's English words for a
wrong user name or password and for a ``pg_hba.conf`` refusal; anything else (or the same in another
language) stays "cannot be reached", with the server's own words added.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sqlalchemy.exc import DBAPIError

from dialogue_app.errors import (
    ConflictError,
    DialogueError,
    EventFileError,
    EventFileReadOnly,
    LoginRefused,
    NotAllowed,
    ServerUnavailable,
    UserInputError,
)
from dialogue_app.i18n import gettext as _

#: SQLSTATEs a unit of work may simply be run again after (serialization failure, deadlock).
RETRYABLE = frozenset({"40001", "40P01"})


def sqlstate(exc: BaseException) -> str | None:
    """The SQLSTATE of a driver error wrapped by SQLAlchemy (or None)."""
    orig = getattr(exc, "orig", None)
    return getattr(orig, "sqlstate", None) or getattr(exc, "sqlstate", None)


def is_retryable(exc: BaseException) -> bool:
    """True when running the same unit of work again may succeed (a serialization failure, a deadlock)."""
    return sqlstate(exc) in RETRYABLE


def _server(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname or 'localhost'}{parts.path or ''}"


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    return (str(orig).strip().splitlines() or [""])[0]


#: libpq's and the server's words (English) for a refused user name or password; for this computer refused
_BAD_LOGIN = re.compile(r"password authentication failed|authentication failed for user|role \".*\" does not exist"
                        r"|no password supplied|password is required|SCRAM authentication", re.IGNORECASE)
_HOST_REFUSED = re.compile(r"pg_hba\.conf", re.IGNORECASE)


def refused_login(exc: BaseException) -> str | None:
    """"login" (user name or password refused), "host" (this computer refused by ``pg_hba.conf``) or
    None (not a refused login, as far as the words tell)."""
    state = sqlstate(exc) or ""
    words = str(getattr(exc, "orig", None) or exc)
    if _HOST_REFUSED.search(words):
        return "host"
    if state.startswith("28") or (not state and _BAD_LOGIN.search(words)):
        return "login"
    return None


def _login_error(kind: str, server: str, detail: str) -> LoginRefused:
    if kind == "host":
        return LoginRefused(_(
            "The server {server} does not allow connections from this computer (its pg_hba.conf). Ask "
            "your IT department to allow it. ({detail})").format(server=server, detail=detail))
    return LoginRefused(_(
        "The server {server} refused the user name or password. Check the password in your PostgreSQL "
        "password file (~/.pgpass), the PGPASSWORD variable or your service file (pg_service.conf). "
        "({detail})").format(server=server, detail=detail))


def translate_server_error(exc: DBAPIError, url: str, *, connecting: bool = False) -> DialogueError:
    """A user-presentable error for what the server (or the network) refused. ``connecting``: the
    error came while opening a connection to list, open or create events (nothing was being saved)."""
    state = sqlstate(exc) or ""
    server = _server(url)
    refused = refused_login(exc)
    if refused:
        return _login_error(refused, server, _first_line(exc))
    if state == "42501":  # insufficient_privilege: the server enforces roles, the app only explains
        return NotAllowed(
            _("The server refused this: your role on {server} does not allow it. Ask an organiser.").format(
                server=server
            )
        )
    if state in RETRYABLE:
        return ConflictError(_("Someone else changed the same data at the same moment. Try again."))
    if state == "22001":  # string_data_right_truncation: a write that bypassed the length check
        return UserInputError(
            _("A text is too long for the server ({detail}); nothing was saved.").format(detail=_first_line(exc))
        )
    if state in ("25006",):  # read_only_sql_transaction (a standby)
        return EventFileReadOnly(_("The server {server} is read-only just now: nothing was saved.").format(server=server))
    if connecting and (state.startswith("08") or not state):
        return ServerUnavailable(
            _("The server {server} cannot be reached: check its address and this computer's network "
              "connection. ({detail})").format(server=server, detail=_first_line(exc)))
    if state.startswith("08") or state.startswith("57") or not state:  # connection lost, shutdown, refused
        return ServerUnavailable(
            _("The server {server} cannot be reached; nothing was saved. ({detail})").format(
                server=server, detail=_first_line(exc)
            )
        )
    if state.startswith("53"):  # insufficient resources (disk full, too many connections)
        return EventFileError(
            _("The server {server} is out of resources ({detail}); nothing was saved.").format(
                server=server, detail=_first_line(exc)
            )
        )
    return EventFileError(
        _("The server {server} refused the change: {detail}").format(server=server, detail=_first_line(exc))
    )
