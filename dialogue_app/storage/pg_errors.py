"""PostgreSQL's errors in plain words, by SQLSTATE (never by message text, which the server translates)."""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy.exc import DBAPIError

from dialogue_app.errors import (
    ConflictError,
    DialogueError,
    EventFileError,
    EventFileReadOnly,
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


def translate_server_error(exc: DBAPIError, url: str) -> DialogueError:
    """A user-presentable error for what the server (or the network) refused."""
    state = sqlstate(exc) or ""
    server = _server(url)
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
    if state.startswith("28"):  # invalid authorisation: wrong user or password
        return ServerUnavailable(
            _("The server {server} did not accept your login: {detail}").format(server=server, detail=_first_line(exc))
        )
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
